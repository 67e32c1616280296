"""How should the server talk to its store? pyoxigraph directly, or rdflib over a store.

Run on purpose (not in the tests)::

    python benchmarks/store_integration.py                 # 1,000 synthetic releases
    python benchmarks/store_integration.py --releases 10000 --skip-rdflib-memory

The same synthetic graph (one named graph per release, about 100 quads each,
persons and organisations shared across releases with Zipf-like popularity,
the union of the named graphs materialised in the default graph, as the
embedded store holds it) is loaded into:

- ``pyoxigraph``: ``pyoxigraph.Store`` in memory, queried directly (what
  ``store.py`` does), the baseline of the ratios;
- ``pyoxigraph-disk``: the same on disk, reopened read-only, as the server holds it;
- ``rdflib+oxigraph``: an rdflib ``Dataset`` over oxrdflib's Oxigraph store in
  memory (rdflib's API, pyoxigraph's engine, answers converted to rdflib terms);
- ``rdflib``: an rdflib ``Dataset`` in memory with rdflib's own SPARQL engine.

Each query runs until its time budget is spent (at least once, at most
``--repeat`` times); the table prints median milliseconds and the ratio to
pyoxigraph. Every integration must give the same number of rows, or the run
stops: a fast wrong answer is not a result.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

BASE = "http://localhost:8080/"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
REGIONS = [f"kz-{c}" for c in ("10", "11", "15", "19", "23", "27", "31", "33", "35", "39", "43", "47",
                                "55", "59", "61", "62", "63", "71", "75", "79")]


def iri(x: str) -> str:
    return f"<{x}>"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def synthetic_nquads(releases: int, seed: int = 20221118) -> tuple[str, int]:
    """N-Quads of the synthetic dataset (named graphs plus their union in the default graph)."""
    rnd = random.Random(seed)
    persons = max(10, releases // 2)
    orgs = max(5, releases // 20)
    weights = [1 / (i + 1) for i in range(persons)]
    org_weights = [1 / (i + 1) for i in range(orgs)]
    seen: set[int] = set()
    lines: list[str] = []
    union: set[tuple[str, str, str]] = set()

    def add(s: str, p: str, o: str, g: str) -> None:
        lines.append(f"{s} {p} {o} {g} .")
        union.add((s, p, o))

    for r in range(releases):
        g = iri(f"{BASE}graph/release/r{r:05d}")
        release = iri(f"{BASE}id/release/r{r:05d}")
        add(release, iri(RDF_TYPE), iri(f"{SCHEMA}CreativeWork"), g)
        passages = []
        for lang in ("kk", "ru"):
            article = iri(f"{BASE}id/article/r{r:05d}-{lang}")
            add(article, iri(RDF_TYPE), iri(f"{SCHEMA}NewsArticle"), g)
            add(article, iri(f"{SCHEMA}inLanguage"), lit(lang), g)
            add(article, iri(f"{SCHEMA}isPartOf"), release, g)
            for s in range(1, 4):
                passage = iri(f"{BASE}id/passage/r{r:05d}-{lang}-s{s:02d}")
                passages.append(passage)
                add(passage, iri(RDF_TYPE), iri(f"{NIF}Sentence"), g)
                add(passage, iri(f"{NIF}anchorOf"), lit(f"Сөйлем {s} брифинг {r}", lang), g)
                add(passage, iri(f"{NIF}beginIndex"), lit(str(s * 100), datatype=XSD + "nonNegativeInteger"), g)
                add(passage, iri(f"{NIF}endIndex"), lit(str(s * 100 + 80), datatype=XSD + "nonNegativeInteger"), g)
                add(passage, iri(f"{NIF}referenceContext"), article, g)
        org = rnd.choices(range(orgs), org_weights)[0]
        org_iri = iri(f"{BASE}id/organization/org-{org}")
        add(org_iri, iri(RDF_TYPE), iri(f"{SCHEMA}Organization"), g)
        add(org_iri, iri(f"{SCHEMA}name"), lit(f"Ұйым {org}", "kk"), g)
        add(org_iri, iri(f"{SCHEMA}name"), lit(f"Организация {org}", "ru"), g)
        for e in range(2):
            event = iri(f"{BASE}id/event/r{r:05d}-e{e}")
            region = iri(f"{BASE}id/region/{rnd.choice(REGIONS)}")
            add(event, iri(RDF_TYPE), iri(f"{SCHEMA}Event"), g)
            add(event, iri(f"{SCHEMA}name"), lit(f"Іс-шара {r}-{e}", "kk"), g)
            add(event, iri(f"{SCHEMA}name"), lit(f"Мероприятие {r}-{e}", "ru"), g)
            add(event, iri(f"{SCHEMA}startDate"), lit(f"2022-{1 + r % 12:02d}-{1 + r % 28:02d}", datatype=XSD + "date"), g)
            add(event, iri(f"{SCHEMA}location"), region, g)
            add(event, iri(f"{SCHEMA}organizer"), org_iri, g)
            add(event, iri(f"{PROV}wasDerivedFrom"), passages[e], g)
            for p in set(rnd.choices(range(persons), weights, k=3)):
                person = iri(f"{BASE}id/person/person-{p}")
                add(event, iri(f"{SCHEMA}performer"), person, g)
                add(person, iri(f"{PROV}wasDerivedFrom"), passages[e], g)
                if p not in seen:
                    seen.add(p)
                    add(person, iri(RDF_TYPE), iri(f"{SCHEMA}Person"), g)
                    add(person, iri(f"{SCHEMA}name"), lit(f"Адам {p}", "kk"), g)
                    add(person, iri(f"{SCHEMA}name"), lit(f"Человек {p}", "ru"), g)
                    add(person, iri(RDFS_LABEL), lit(f"Адам {p}", "kk"), g)
                    add(person, iri(f"{SCHEMA}memberOf"), org_iri, g)
    named = len(lines)
    lines.extend(f"{s} {p} {o} ." for s, p, o in sorted(union))
    return "\n".join(lines) + "\n", named


PERSON = f"{BASE}id/person/person-3"
QUERIES: dict[str, str] = {
    "entity lookup": f"SELECT ?p ?o WHERE {{ <{PERSON}> ?p ?o }}",
    "label search (kk, CONTAINS)": f"""SELECT ?s ?n WHERE {{ ?s <{SCHEMA}name> ?n
        FILTER(lang(?n) = "kk" && CONTAINS(?n, "Адам 1")) }}""",
    "events in a region": f"""SELECT ?e ?n WHERE {{ ?e a <{SCHEMA}Event> ; <{SCHEMA}location> <{BASE}id/region/kz-62> ;
        <{SCHEMA}name> ?n FILTER(lang(?n) = "ru") }}""",
    "count events per region": f"""SELECT ?r (COUNT(?e) AS ?c) WHERE {{ ?e a <{SCHEMA}Event> ;
        <{SCHEMA}location> ?r }} GROUP BY ?r""",
    "two-hop path": f"""SELECT DISTINCT ?other WHERE {{ ?e <{SCHEMA}performer> <{PERSON}> .
        ?e <{SCHEMA}performer> ?other . FILTER(?other != <{PERSON}>) }}""",
    "entity card (OPTIONALs)": f"""SELECT ?kk ?ru ?org ?event ?passage WHERE {{
        <{PERSON}> <{SCHEMA}name> ?kk FILTER(lang(?kk) = "kk")
        OPTIONAL {{ <{PERSON}> <{SCHEMA}name> ?ru FILTER(lang(?ru) = "ru") }}
        OPTIONAL {{ <{PERSON}> <{SCHEMA}memberOf> ?org }}
        OPTIONAL {{ ?event <{SCHEMA}performer> <{PERSON}> }}
        OPTIONAL {{ <{PERSON}> <{PROV}wasDerivedFrom> ?passage }} }}""",
}


@dataclass
class Integration:
    name: str
    load: Callable[[Path], object]
    run: Callable[[object, str], int]


def load_pyoxigraph(path: Path):
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def load_pyoxigraph_disk(path: Path):
    """As the server holds it: on disk, reopened read-only."""
    import pyoxigraph as ox

    location = str(path.parent / "pyoxigraph-store")
    store = ox.Store(location)
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    del store
    return ox.Store.read_only(location)


def run_pyoxigraph(store, query: str) -> int:
    return sum(1 for _ in store.query(query))


def load_rdflib_oxigraph(path: Path):
    import rdflib

    ds = rdflib.Dataset(store="Oxigraph")
    ds.parse(str(path), format="nquads")
    return ds


def load_rdflib_memory(path: Path):
    import rdflib

    ds = rdflib.Dataset()
    ds.parse(str(path), format="nquads")
    return ds


def run_rdflib(ds, query: str) -> int:
    return sum(1 for _ in ds.query(query))


INTEGRATIONS = [
    Integration("pyoxigraph", load_pyoxigraph, run_pyoxigraph),
    Integration("pyoxigraph-disk", load_pyoxigraph_disk, run_pyoxigraph),
    Integration("rdflib+oxigraph", load_rdflib_oxigraph, run_rdflib),
    Integration("rdflib", load_rdflib_memory, run_rdflib),
]


def measure(fn: Callable[[], int], budget: float, repeat: int) -> tuple[float, int]:
    times, rows = [], -1
    deadline = time.perf_counter() + budget
    for i in range(repeat):
        started = time.perf_counter()
        rows = fn()
        times.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > deadline:
            break
    return statistics.median(times), rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15, help="most runs per query (median taken)")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds per query and integration")
    parser.add_argument("--skip-rdflib-memory", action="store_true",
                        help="leave out rdflib's own engine (minutes per query at 10,000 releases)")
    args = parser.parse_args(argv)
    integrations = [i for i in INTEGRATIONS if not (args.skip_rdflib_memory and i.name == "rdflib")]

    with tempfile.TemporaryDirectory(prefix="bkg-bench-") as tmp:
        path = Path(tmp) / "synthetic.nq"
        text, named = synthetic_nquads(args.releases)
        path.write_text(text, encoding="utf-8")
        total = text.count("\n")
        print(f"synthetic graph: {args.releases} releases, {named:,} quads in named graphs, "
              f"{total:,} quads with the union in the default graph\n")
        loaded, load_seconds = {}, {}
        for integ in integrations:
            started = time.perf_counter()
            loaded[integ.name] = integ.load(path)
            load_seconds[integ.name] = time.perf_counter() - started
        results: dict[str, dict[str, float]] = {q: {} for q in QUERIES}
        for qname, query in QUERIES.items():
            counts = {}
            for integ in integrations:
                ms, rows = measure(lambda: integ.run(loaded[integ.name], query), args.budget, args.repeat)
                results[qname][integ.name] = ms
                counts[integ.name] = rows
            if len(set(counts.values())) != 1:
                print(f"different answers for {qname!r}: {counts}", file=sys.stderr)
                return 1

    names = [i.name for i in integrations]
    width = max(len(q) for q in QUERIES) + 2
    header = f"{'query (median ms)':<{width}}" + "".join(f"{n:>18}" for n in names) + \
        "".join(f"{n + ' / pyox':>24}" for n in names[1:])
    print(header)
    print("-" * len(header))
    print(f"{'load (s)':<{width}}" + "".join(f"{load_seconds[n]:>18.2f}" for n in names) +
          "".join(f"{load_seconds[n] / load_seconds['pyoxigraph']:>23.1f}x" for n in names[1:]))
    for qname in QUERIES:
        row = results[qname]
        print(f"{qname:<{width}}" + "".join(f"{row[n]:>18.2f}" for n in names) +
              "".join(f"{row[n] / row['pyoxigraph']:>23.1f}x" for n in names[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
