#!/usr/bin/env python
"""Requests per second over HTTP: ``briefing-kg serve`` against ``oxigraph serve-read-only``.

Run on purpose, never by the tests (issue 4, "Benchmark")::

    python benchmarks/http_throughput.py                       # seed + 10,000 releases, 12-14 min
    python benchmarks/http_throughput.py --releases 1000 --duration 3
    python benchmarks/http_throughput.py --datasets seed --duration 2 --json var/http.json

For each dataset (the seed build, and a synthetic build of ``--releases``
releases made from it) the same quads are served by

- ``oxigraph``: ``oxigraph serve-read-only`` on a store made by ``oxigraph load``
  from an N-Quads dump of briefing-kg's own loaded store (so both hold exactly
  the same quads, the union default graph included): the baseline;
- ``briefing-kg``: ``briefing-kg serve`` (gunicorn, embedded pyoxigraph store),
  twice: its answer cache off (``BRIEFING_KG_CACHE=false``) and on.

Every request of the mix is first sent once to both servers and the answers
compared (rows of a SELECT, the set of triples of a CONSTRUCT): a fast wrong
answer is not a result. Then ``wrk`` (``apt-get install wrk``; a Python
multi-process client when it is missing) drives each server on 127.0.0.1 with
1 and 4 keep-alive connections, cycling through the requests of the row (a
Lua script), after a warm-up. The three servers run side by side and each
row runs them back to back, ``--rounds`` times in alternating order; the
table shows each server's median round. A row lasts ``--duration`` seconds,
longer when its requests are slow (about ``--min-requests`` answers, at most
``--max-duration`` s). Rows: each
query kind alone, the whole mix, and briefing-kg's entity pages (Turtle and
HTML; oxigraph has no such pages, so no ratio). The ratio is briefing-kg's
requests/s over oxigraph's on the same row; targets: >= 0.8 without the
cache, >= 1.5 with it.

The synthetic build (``Synthesizer``): the seed's release graph replicated
``--releases`` times, thinned so that 10,000 releases make about 1.5 M quads
in the release graphs, 2.4 M in the store with the union default graph (the
seed's one release is 2,402 quads, half of them NIF phrase mentions; 10,000
whole copies would be 24 M quads, about 48 M with the union):

- the mention (``nif:Phrase``) layer is left out; each release keeps its
  release, its articles (with their full text; half the releases are in kk
  and ru, a quarter in each language alone), the title sentence pair and
  what it states (the briefing, the headquarters), and ``--units`` (default
  0.5: every other release) more of the seed's sentence pairs, drawn with a
  seeded generator, with everything those sentences state (events, claims, counts,
  memberships, persons, organizations...) and the descriptions of the
  persons, organizations and places they link to, as the build writes them
  into each release graph; links to what a release leaves out are dropped;
- release-local IRIs (release, articles, passages, events, claims, counts,
  memberships) are renamed per release; each person, organization and place
  of the seed is a slot with a pool of entities (rank 0 is the seed's own
  entity, under its own IRI and names; rank k gets ``<seed-slug>-<k>`` and
  generated kk/ru names) drawn with Zipf-like popularity (``1/(k+1)``), so
  hubs exist and joins are realistic; regions are drawn from the reference
  graph's 20 with a Zipf-like popularity; topics, audiences and roles are
  shared vocabulary; dates move with the release date (one release a day,
  the last one on the seed's date).

The route to the store: the generator writes a *build folder* (the files
``serve`` and the store loader read: ``briefing-kg.trig``, the seed's
``catalog.ttl`` and ``void.ttl``, and a ``build.json`` with a build id and the
base URI), then loads it with ``briefing_kg.store.load_build`` (timed; what
``serve`` would do at start), so ``serve`` finds it current and starts at
once. Mapping and validating 10,000 data folders would take far longer and
measure the build, not the server (``build_scaling.py`` does that).

Everything is deterministic for a given ``--seed``. The machine is shared and
noisy: read the figures as ratios, and compare rows of one run.
"""
from __future__ import annotations

import argparse
import bisect
import contextlib
import datetime as dt
import hashlib
import http.client
import itertools
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
OXIGRAPH = Path(sys.executable).parent / "oxigraph"

SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

LOCAL_KINDS = frozenset(("release", "article", "passage", "mention", "event", "claim", "quantity", "membership"))
"""Kinds of IRI that belong to one release and are renamed per release."""
POOL_KINDS = frozenset(("person", "organization", "place"))
"""Kinds shared across releases through a popularity-weighted pool per seed entity."""

JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


# =========================================================================== the seed


def nt(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
    """A term in N-Triples syntax (what ``str`` gives in pyoxigraph)."""
    return str(term)


def kind_of(iri: str, base: str) -> str | None:
    prefix = base + "id/"
    if not iri.startswith(prefix):
        return None
    return iri[len(prefix):].split("/", 1)[0]


@dataclass
class Seed:
    """The seed build read for replication."""

    build_dir: Path
    base: str
    release_slug: str
    release_date: dt.date
    other_graphs: dict[str, list[tuple[str, str, str]]]
    """Graphs other than the release (ontology, reference): copied once."""
    triples: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, object]]
    """The release graph without its mention layer."""
    subjects: set[str]
    units: list[tuple[frozenset[str], frozenset[str]]]
    """(passages, subjects they state): one per sentence pair, the title first."""
    regions: list[str]
    person_names: dict[str, list[tuple[str, str]]]
    """Seed person IRI -> its (given, family) spellings in Cyrillic (kk and ru may differ)."""


def read_seed(build_dir: Path) -> Seed:
    info = json.loads((build_dir / "build.json").read_text(encoding="utf-8"))
    base = info["base_uri"]
    releases = [r for r in info.get("releases", [])]
    if not releases:
        raise SystemExit(f"{build_dir}/build.json lists no release")
    release = releases[0]
    graph = release["graph"]
    quads = list(ox.parse(path=str(build_dir / "briefing-kg.nq"), format=ox.RdfFormat.N_QUADS))
    other: dict[str, list[tuple[str, str, str]]] = {}
    triples = []
    for q in quads:
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        if g == graph:
            if kind_of(getattr(q.subject, "value", ""), base) == "mention":
                continue
            triples.append((q.subject, q.predicate, q.object))
        else:
            other.setdefault(g, []).append((nt(q.subject), nt(q.predicate), nt(q.object)))
    subjects = {t[0].value for t in triples if isinstance(t[0], ox.NamedNode)}
    derived: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p.value == PROV + "wasDerivedFrom" and isinstance(o, ox.NamedNode) and kind_of(o.value, base) == "passage":
            derived.setdefault(o.value, set()).add(s.value)
    by_content: dict[frozenset[str], set[str]] = {}
    for passage, stated in derived.items():
        by_content.setdefault(frozenset(stated), set()).add(passage)
    units = sorted(((frozenset(ps), st) for st, ps in by_content.items()), key=lambda u: min(u[0]))
    # The title sentence (the first kk one) comes first: every release keeps it.
    first = min(derived)
    units.sort(key=lambda u: first not in u[0])
    regions = sorted({s[1:-1] for g in other.values() for s, _, _ in g
                      if s.startswith("<") and kind_of(s[1:-1], base) == "region"})
    names: dict[tuple[str, str], dict[str, str]] = {}
    for s, p, o in triples:
        if p.value in (SCHEMA + "givenName", SCHEMA + "familyName") and isinstance(o, ox.Literal) and o.language:
            names.setdefault((s.value, o.language), {})[p.value.rsplit("/", 1)[1]] = o.value
    person_names: dict[str, list[tuple[str, str]]] = {}
    for (s, _lang), n in sorted(names.items()):
        if "givenName" in n and "familyName" in n:
            spelling = (n["givenName"], n["familyName"])
            if spelling not in person_names.setdefault(s, []):
                person_names[s].append(spelling)
    return Seed(build_dir, base, release["id"], dt.date.fromisoformat(release["date"]), other, triples,
                subjects, units, regions, person_names)


# =========================================================================== synthesis


def _kk_latin(text: str) -> str:
    from briefing_kg.translit import kk_latin

    return kk_latin(text)


def _given_names() -> list[tuple[str, str]]:
    path = REPO / "src" / "briefing_kg" / "extraction" / "lexicons" / "given_names.tsv"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        name, gender = line.split("\t", 1)
        out.append((name.strip(), gender.strip()))
    return out


def _family_from(name: str, female: bool) -> str:
    """A patronymic-style family name from a given name (Нұрлан -> Нұрланов, Нұрланова)."""
    stem = name[:-1] if name[-1] in "айяеиіоуыұүәө" else name
    suffix = "ев" if name[-1] in "йжшщчц" or stem != name else "ов"
    return stem + suffix + ("а" if female else "")


def _like(lit: ox.Literal, value: str) -> ox.Literal:
    """A literal with ``lit``'s language or datatype and another value."""
    if lit.language:
        return ox.Literal(value, language=lit.language)
    return ox.Literal(value, datatype=lit.datatype)


class Pool:
    """Entities that fill one seed entity's place across releases, rank k with weight 1/(k+1)."""

    def __init__(self, size: int):
        self.size = max(1, size)
        total, self.cum = 0.0, []
        for k in range(self.size):
            total += 1.0 / (k + 1)
            self.cum.append(total)

    def draw(self, rnd: random.Random) -> int:
        return bisect.bisect_left(self.cum, rnd.random() * self.cum[-1])


@dataclass
class SynthStats:
    releases: int
    named_quads: int
    other_quads: int
    union_triples: int
    seconds: float
    build_id: str

    @property
    def total_quads(self) -> int:
        return self.named_quads + self.other_quads + self.union_triples


class Synthesizer:
    """Replicates the seed's release graph; see the module docstring for the rules."""

    def __init__(self, seed: Seed, releases: int, units: float, rng_seed: int):
        self.seed = seed
        self.releases = releases
        self.units = max(0.0, min(units, len(seed.units) - 1.0))
        self.rng_seed = rng_seed
        base = seed.base
        self.pool_slots = sorted(s for s in seed.subjects if kind_of(s, base) in POOL_KINDS)
        persons = [s for s in self.pool_slots if kind_of(s, base) == "person"]
        others = [s for s in self.pool_slots if kind_of(s, base) != "person"]
        # ~one person per 4 releases and one organization or place per 50, spread over the slots
        self.pools = {s: Pool(max(1, releases // 4 // max(1, len(persons)))) for s in persons}
        self.pools.update({s: Pool(max(1, releases // 50 // max(1, len(others)))) for s in others})
        self.region_pool = Pool(len(seed.regions))
        shuffled = list(seed.regions)
        random.Random(rng_seed).shuffle(shuffled)
        self.region_order = shuffled
        self.seed_regions = sorted({o.value for _, _, o in seed.triples
                                    if isinstance(o, ox.NamedNode) and kind_of(o.value, base) == "region"})
        self.given = _given_names()
        self._templates: dict[tuple[int, ...], list[tuple[str, str, str]]] = {}
        self._names: dict[tuple[str, int], tuple[str, str]] = {}
        self._literals: dict[str, ox.Literal] = {}
        for s, p, o in seed.triples:
            if isinstance(o, ox.Literal):
                self._literals[nt(o)] = o
        self._own_literals: dict[str, set[str]] = {}
        for s, p, o in seed.triples:
            if isinstance(o, ox.Literal) and s.value in self.pools:
                self._own_literals.setdefault(s.value, set()).add(nt(o))

    # --- which triples a release keeps ----------------------------------------------

    def template(self, chosen: tuple[int, ...], languages: tuple[str, ...]) -> list[tuple[str, str, str]]:
        """The seed's release triples kept when these sentence units and language versions
        are chosen (cached)."""
        key = (chosen, languages)
        if key in self._templates:
            return self._templates[key]
        seed, base = self.seed, self.seed.base
        passages: set[str] = set()
        stated: set[str] = set()
        for i in chosen:
            passages |= seed.units[i][0]
            stated |= seed.units[i][1]
        keep = {s for s in seed.subjects if kind_of(s, base) in ("release", "article")}
        keep |= passages | stated
        # a one-language release has no article or passages in the other language
        dropped = [lang for lang in ("kk", "ru") if lang not in languages]
        keep = {s for s in keep if not (kind_of(s, base) in ("article", "passage")
                                        and any(s.endswith(f"-{d}") or f"-{d}-s" in s for d in dropped))}
        # descriptions of the persons, organizations and places that the kept events, claims,
        # counts... link to (an article "mentions" everything, so its links do not count)
        linked = {o.value for s, _, o in seed.triples
                  if s.value in keep and kind_of(s.value, base) in LOCAL_KINDS - {"article"}
                  and isinstance(o, ox.NamedNode) and o.value in seed.subjects
                  and kind_of(o.value, base) in POOL_KINDS}
        keep |= linked

        # what the kept statements (articles aside) link to, regions included: what an article
        # of this release may still mention
        reached = keep | {o.value for s, _, o in seed.triples
                          if s.value in keep and kind_of(s.value, base) != "article"
                          and isinstance(o, ox.NamedNode) and o.value not in seed.subjects}
        mentions = SCHEMA + "mentions"

        def wanted(s: ox.NamedNode, p: ox.NamedNode, o: object) -> bool:
            if not isinstance(o, ox.NamedNode):
                return True
            if p.value == mentions:
                return o.value in reached
            if o.value in seed.subjects:
                return o.value in keep
            return True

        out = [(nt(s), nt(p), nt(o)) for s, p, o in seed.triples if s.value in keep and wanted(s, p, o)]
        self._templates[key] = out
        return out

    # --- names ------------------------------------------------------------------------

    def person_name(self, slot: str, k: int) -> tuple[str, str]:
        """(given, family) of rank k of a person slot; rank 0 is the seed person."""
        key = (slot, k)
        if key not in self._names:
            if k == 0:
                self._names[key] = self.seed.person_names[slot][0]
            else:
                rnd = random.Random(f"{self.rng_seed}:{slot}:{k}")
                given, gender = rnd.choice(self.given)
                female = gender == "f" or (gender == "mf" and rnd.random() < 0.5)
                father = rnd.choice([n for n, g in self.given if g in ("m", "mf")] or [given])
                self._names[key] = (given, _family_from(father, female))
        return self._names[key]

    # --- one release --------------------------------------------------------------------

    def release(self, r: int) -> tuple[str, list[str]]:
        """(graph IRI in N-Triples syntax, lines ``s p o .``) of synthetic release ``r``."""
        seed, base = self.seed, self.seed.base
        rnd = random.Random(self.rng_seed * 1_000_003 + r)
        others = list(range(1, len(seed.units)))
        extra = int(self.units) + (rnd.random() < self.units - int(self.units))
        chosen = (0, *sorted(rnd.sample(others, min(extra, len(others)))))
        # half the releases in both languages, a quarter in each one alone
        languages = rnd.choice((("kk", "ru"), ("kk", "ru"), ("kk",), ("ru",)))
        lines = self.template(chosen, languages)
        date = seed.release_date - dt.timedelta(days=self.releases - 1 - r)
        shift = date - seed.release_date
        slug = f"{date.isoformat()}-bench-{r:05d}"
        prefix = f"bench-{r:05d}-"
        mapping: dict[str, str] = {}
        ranks: dict[str, int] = {}
        for slot in self.pool_slots:
            ranks[slot] = self.pools[slot].draw(rnd)
        taken: set[str] = set()
        for region in self.seed_regions:
            for _ in range(20):
                pick = self.region_order[self.region_pool.draw(rnd)]
                if pick not in taken:
                    break
            taken.add(pick)
            mapping[f"<{region}>"] = f"<{pick}>"
        replacements: list[tuple[str, str]] = []  # full names, in every literal
        own: dict[str, list[tuple[str, str]]] = {}  # name parts, in the slot's own literals
        for slot, k in ranks.items():
            kind = kind_of(slot, base)
            if k:
                mapping[f"<{slot}>"] = f"<{slot}-{k:04d}>"
            if not k:
                continue
            if kind == "person" and slot in seed.person_names:
                g1, f1 = self.person_name(slot, k)
                own[slot] = []
                for g0, f0 in seed.person_names[slot]:
                    pairs = [(f"{f0} {g0}", f"{f1} {g1}"), (f"{g0} {f0}", f"{g1} {f1}")]
                    pairs += [(_kk_latin(a), _kk_latin(b)) for a, b in pairs]
                    replacements += pairs
                    own[slot] += [(f0, f1), (g0, g1), (_kk_latin(f0), _kk_latin(f1)), (_kk_latin(g0), _kk_latin(g1))]
            else:
                own[slot] = [("\0suffix", f" №{k}")]
        for s in seed.subjects:
            kind = kind_of(s, base)
            if kind in LOCAL_KINDS:
                tail = s[len(base) + 3 + len(kind) + 1:]
                new = tail.replace(seed.release_slug, slug) if seed.release_slug in tail else prefix + tail
                mapping[f"<{s}>"] = f"<{base}id/{kind}/{new}>"
        values: dict[str, str] = {}
        for text, lit in self._literals.items():
            value = lit.value
            changed = value
            if seed.release_slug in changed:
                changed = changed.replace(seed.release_slug, slug)
            for a, b in replacements:
                if a in changed:
                    changed = changed.replace(a, b)
            if lit.datatype.value == XSD_DATE and not lit.language:
                with contextlib.suppress(ValueError):
                    changed = (dt.date.fromisoformat(value) + shift).isoformat()
            if changed != value:
                mapping[text] = nt(_like(lit, changed))
                values[text] = changed
        # A slot's own names change per (subject, literal): two seed persons share "Серік".
        own_map: dict[tuple[str, str], str] = {}
        for slot, pairs in own.items():
            subject = f"<{slot}>"
            for text in self._own_literals.get(slot, ()):
                lit = self._literals[text]
                changed = values.get(text, lit.value)
                for a, b in pairs:
                    if a == "\0suffix":
                        changed = changed + b if lit.language else changed
                    elif a in changed:
                        changed = changed.replace(a, b)
                if changed != lit.value:
                    own_map[(subject, text)] = nt(_like(lit, changed))
        graph = f"<{base}graph/release/{slug}>"
        get = mapping.get
        out = []
        for s, p, o in lines:
            if own_map and (s, o) in own_map:
                out.append(f"{get(s, s)} {p} {own_map[(s, o)]} .\n")
            else:
                out.append(f"{get(s, s)} {p} {get(o, o)} .\n")
        return graph, out

    # --- the build folder ------------------------------------------------------------------

    def write_build(self, out: Path) -> SynthStats:
        """Write ``briefing-kg.trig``, ``catalog.ttl``, ``void.ttl`` and ``build.json`` into ``out``."""
        started = time.perf_counter()
        out.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        union: set[str] = set()
        named = other = 0
        tmp = out / ".briefing-kg.trig.tmp"
        with tmp.open("w", encoding="utf-8") as fh:
            def emit(text: str) -> None:
                fh.write(text)
                digest.update(text.encode("utf-8"))

            for g, triples in sorted(self.seed.other_graphs.items()):
                if not g:
                    continue
                body = [f"{s} {p} {o} .\n" for s, p, o in triples]
                other += len(body)
                union.update(body)
                emit(f"<{g}> {{\n" + "".join(body) + "}\n")
            for r in range(self.releases):
                graph, body = self.release(r)
                named += len(body)
                union.update(body)
                emit(f"{graph} {{\n" + "".join(body) + "}\n")
        os.replace(tmp, out / "briefing-kg.trig")
        for name in ("catalog.ttl", "void.ttl"):
            shutil.copyfile(self.seed.build_dir / name, out / name)
        build_id = f"bench-{self.releases}-{digest.hexdigest()[:12]}"
        (out / "build.json").write_text(json.dumps({
            "build_id": build_id, "base_uri": self.seed.base,
            "generator": "benchmarks/http_throughput.py",
            "releases": [], "synthetic_releases": self.releases,
            "note": "synthetic benchmark build; catalog.ttl and void.ttl are the seed's",
        }, indent=2) + "\n", encoding="utf-8")
        return SynthStats(self.releases, named, other, len(union), time.perf_counter() - started, build_id)


# =========================================================================== stores


@dataclass
class Prepared:
    name: str
    build_dir: Path
    store_dir: Path
    store_path: Path
    oxigraph_dir: Path
    quads: int
    timings: dict[str, float] = field(default_factory=dict)
    synth: SynthStats | None = None


def load_briefing(build_dir: Path, store_dir: Path, base: str) -> tuple[Path, int, float]:
    """Load a build as ``serve`` does (``store.load_build``); returns (folder, quads, seconds)."""
    from briefing_kg.store import load_build

    started = time.perf_counter()
    loaded = load_build(build_dir, store_dir, base)
    return loaded.directory, loaded.quads, time.perf_counter() - started


def load_oxigraph(store_path: Path, target: Path, work: Path) -> tuple[float, float]:
    """Dump briefing-kg's store to N-Quads and ``oxigraph load`` it; returns (dump s, load s)."""
    dump = work / "dump.nq"
    started = time.perf_counter()
    store = ox.Store.read_only(str(store_path))
    store.dump(output=str(dump), format=ox.RdfFormat.N_QUADS)
    del store
    dumped = time.perf_counter()
    if target.exists():
        shutil.rmtree(target)
    subprocess.run([str(OXIGRAPH), "load", "--location", str(target), "--file", str(dump)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    loaded = time.perf_counter()
    dump.unlink()
    return dumped - started, loaded - dumped


def prepare_dataset(name: str, build_dir: Path, work: Path, base: str, synth: SynthStats | None) -> Prepared:
    store_dir = work / name / "store"
    path, quads, t_load = load_briefing(build_dir, store_dir, base)
    t_dump, t_oxload = load_oxigraph(path, work / name / "oxigraph", work / name)
    p = Prepared(name, build_dir, store_dir, path, work / name / "oxigraph", quads,
                 {"briefing-kg load_build": t_load, "N-Quads dump": t_dump, "oxigraph load": t_oxload}, synth)
    if synth is not None:
        p.timings = {"generate build folder": synth.seconds, **p.timings}
    return p


# =========================================================================== servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process on 127.0.0.1 in its own process group, stopped with it."""

    def __init__(self, name: str, argv: list[str], port: int, ready_path: str, env: dict[str, str] | None = None,
                 cwd: Path | None = None, log: Path | None = None):
        self.name, self.argv, self.port, self.ready_path = name, argv, port, ready_path
        self.env, self.cwd, self.log = env, cwd, log
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 300.0) -> "Server":
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdout=out, stderr=out,
                                         start_new_session=True)
        finally:
            if self.log:
                out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=5) as r:
                    r.read()
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s")

    def pids(self) -> list[int]:
        """The server's processes (the group it leads)."""
        if self.proc is None:
            return []
        out = subprocess.run(["ps", "-o", "pid=", "-g", str(self.proc.pid)], capture_output=True, text=True)
        return [int(x) for x in out.stdout.split()]

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def oxigraph_server(p: Prepared, log: Path) -> Server:
    port = free_port()
    return Server("oxigraph", [str(OXIGRAPH), "serve-read-only", "--location", str(p.oxigraph_dir),
                               "--bind", f"127.0.0.1:{port}"], port,
                  "/query?query=" + urllib.parse.quote("ASK {}"), log=log)


def briefing_server(p: Prepared, base: str, cache: bool, workers: int, log: Path) -> Server:
    port = free_port()
    env = dict(os.environ)
    env.update({
        "BRIEFING_KG_OUT_DIR": str(p.build_dir), "BRIEFING_KG_STORE_DIR": str(p.store_dir),
        "BRIEFING_KG_DATA_DIR": str(REPO / "data"), "BRIEFING_KG_CACHE": "true" if cache else "false",
        "BRIEFING_KG_BASE_URI": base, "BRIEFING_KG_WORKERS": str(workers),
    })
    return Server(f"briefing-kg (cache {'on' if cache else 'off'})",
                  [sys.executable, "-m", "briefing_kg", "serve", "--host", "127.0.0.1", "--port", str(port)],
                  port, "/sparql?query=" + urllib.parse.quote("ASK {}"), env=env, cwd=p.store_dir.parent, log=log)


# =========================================================================== the request mix


@dataclass(frozen=True)
class Request:
    kind: str
    label: str
    path: str
    """For briefing-kg; ``/sparql`` becomes ``/query`` for oxigraph."""
    accept: str
    sparql: str | None = None

    def for_oxigraph(self) -> "Request":
        return Request(self.kind, self.label, self.path.replace("/sparql?", "/query?", 1), self.accept, self.sparql)


QUERY_KINDS = ("entity lookup", "label search (kk)", "events in a region", "two-hop", "entity description")
PAGE_KINDS = ("entity page, Turtle", "entity page, HTML")

PREFIXES = f"""PREFIX schema: <{SCHEMA}>
PREFIX rdfs: <{RDFS}>
PREFIX prov: <{PROV}>
PREFIX nif: <{NIF}>
"""


def sparql_request(kind: str, label: str, query: str, accept: str) -> Request:
    return Request(kind, label, "/sparql?" + urllib.parse.urlencode({"query": query}), accept, query)


def choose_requests(store_path: Path, base: str, per_kind: int) -> list[Request]:
    """The request mix for one dataset, its parameters read from the loaded store:
    persons and regions at several popularity ranks (not only the top hub)."""
    store = ox.Store.read_only(str(store_path))

    def rows(q: str) -> list[list]:
        return [[s[i] for i in range(len(s))] for s in store.query(PREFIXES + q)]

    persons = [r[0].value for r in rows(
        "SELECT ?p (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?p a schema:Person } } "
        "GROUP BY ?p ORDER BY DESC(?n) ?p")]
    orgs = [r[0].value for r in rows(
        "SELECT ?o (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?o a schema:Organization } } "
        "GROUP BY ?o ORDER BY DESC(?n) ?o")]
    regions = [r[0].value for r in rows(
        f"SELECT ?r (COUNT(?e) AS ?n) WHERE {{ ?e a schema:Event ; schema:location ?r . "
        f"FILTER(STRSTARTS(STR(?r), \"{base}id/region/\")) }} GROUP BY ?r ORDER BY DESC(?n) ?r")]

    def spread(items: list[str]) -> list[str]:
        """Ranks 1, 10% and 50% down the popularity list (rank 0 is the one hub of everything)."""
        if not items:
            return []
        n = len(items)
        picks = [items[min(i, n - 1)] for i in (1, n // 10, n // 2, n // 4)]
        return list(dict.fromkeys(picks))[:per_kind]

    chosen_persons = spread(persons)
    # two-hop needs persons who share an event with someone
    co_performers = [r[0].value for r in rows(
        "SELECT ?p (COUNT(DISTINCT ?o) AS ?n) WHERE { ?e schema:performer ?p , ?o . ?p a schema:Person "
        "FILTER(?o != ?p) } GROUP BY ?p ORDER BY DESC(?n) ?p")]
    two_hop_persons = spread(co_performers)
    chosen_orgs = spread(orgs)
    chosen_regions = spread(regions)
    given: list[str] = []
    for p in chosen_persons:
        for r in rows(f'SELECT ?g WHERE {{ <{p}> schema:givenName ?g FILTER(lang(?g) = "kk") }} LIMIT 1'):
            given.append(r[0].value)
    del store

    out: dict[str, list[Request]] = {k: [] for k in QUERY_KINDS + PAGE_KINDS}
    for p in chosen_persons:
        out["entity lookup"].append(sparql_request(
            "entity lookup", p, f"SELECT ?p ?o WHERE {{ <{p}> ?p ?o }}", JSON_RESULTS))
    for p in two_hop_persons:
        out["two-hop"].append(sparql_request("two-hop", p, PREFIXES + f"""SELECT DISTINCT ?other ?name WHERE {{
  ?e schema:performer <{p}> . ?e schema:performer ?other . ?other schema:name ?name .
  FILTER(?other != <{p}> && lang(?name) = "kk") }}""", JSON_RESULTS))
    for term in dict.fromkeys(given):
        out["label search (kk)"].append(sparql_request("label search (kk)", term, PREFIXES + f"""SELECT ?s ?label WHERE {{
  ?s rdfs:label ?label . FILTER(lang(?label) = "kk" && CONTAINS(?label, "{term}")) }} LIMIT 100""", JSON_RESULTS))
    for r in chosen_regions:
        out["events in a region"].append(sparql_request("events in a region", r, PREFIXES + f"""SELECT ?e ?name ?date WHERE {{
  ?e a schema:Event ; schema:location <{r}> ; schema:name ?name . FILTER(lang(?name) = "ru")
  OPTIONAL {{ ?e schema:startDate ?date }} }}""", JSON_RESULTS))
    for e in (chosen_persons[:2] + chosen_orgs[:2])[:per_kind]:
        out["entity description"].append(sparql_request("entity description", e, PREFIXES + f"""CONSTRUCT {{
  <{e}> ?p ?o . ?o rdfs:label ?ol . ?s ?ip <{e}> . ?s rdfs:label ?sl .
  ?pa nif:anchorOf ?text ; nif:referenceContext ?article .
}} WHERE {{
  {{ <{e}> ?p ?o OPTIONAL {{ ?o rdfs:label ?ol }} }}
  UNION {{ {{ SELECT ?s ?ip WHERE {{ ?s ?ip <{e}> }} LIMIT 500 }} OPTIONAL {{ ?s rdfs:label ?sl }} }}
  UNION {{ <{e}> prov:wasDerivedFrom ?pa . ?pa nif:anchorOf ?text ; nif:referenceContext ?article }}
}}""", N_TRIPLES))
    for e in (chosen_persons[:2] + chosen_orgs[:2])[:per_kind]:
        doc = "/doc/" + e[len(base) + 3:]
        out["entity page, Turtle"].append(Request("entity page, Turtle", e, doc, "text/turtle"))
        out["entity page, HTML"].append(Request("entity page, HTML", e, doc + "?lang=kk", BROWSER_ACCEPT))
    return [r for k in QUERY_KINDS + PAGE_KINDS for r in out[k]]


def interleave(requests: Sequence[Request], kinds: Sequence[str]) -> list[Request]:
    """The mix: one of each kind in turn, so every connection sees every kind."""
    by_kind = [[r for r in requests if r.kind == k] for k in kinds]
    out = []
    for group in itertools.zip_longest(*by_kind):
        out.extend(r for r in group if r is not None)
    return out


def fetch(url: str, accept: str, timeout: float = 120.0) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def answer_shape(body: bytes, accept: str) -> tuple[str, int, object]:
    """What must agree between the two servers: rows of a SELECT, triples of a CONSTRUCT."""
    if accept == JSON_RESULTS:
        data = json.loads(body)
        if data.get("truncated"):
            return "truncated", -1, None
        bindings = data["results"]["bindings"]
        canon = sorted(json.dumps(b, sort_keys=True) for b in bindings)
        return "rows", len(bindings), hashlib.sha256("\n".join(canon).encode()).hexdigest()
    triples = {str(q) for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    return "triples", len(triples), hashlib.sha256("\n".join(sorted(triples)).encode()).hexdigest()


@dataclass
class Check:
    kind: str
    label: str
    size: int
    briefing_ms: float
    oxigraph_ms: float


def check_answers(requests: Sequence[Request], briefing: str, oxigraph: str | None) -> list[Check]:
    """Each request once on both servers; the answers must be the same and not empty."""
    out = []
    for r in requests:
        t0 = time.perf_counter()
        status, body = fetch(briefing + r.path, r.accept)
        t_b = (time.perf_counter() - t0) * 1000
        if status != 200:
            raise SystemExit(f"briefing-kg answered {status} to {r.kind} ({r.label}): {body[:300]!r}")
        if r.sparql is None:
            out.append(Check(r.kind, r.label, len(body), t_b, float("nan")))
            continue
        mine = answer_shape(body, r.accept)
        t0 = time.perf_counter()
        status, body = fetch(oxigraph + r.for_oxigraph().path, r.accept)
        t_o = (time.perf_counter() - t0) * 1000
        if status != 200:
            raise SystemExit(f"oxigraph answered {status} to {r.kind} ({r.label}): {body[:300]!r}")
        theirs = answer_shape(body, r.accept)
        if mine != theirs:
            raise SystemExit(f"answers differ for {r.kind} ({r.label}): briefing-kg {mine[:2]}, oxigraph {theirs[:2]}")
        if mine[1] == 0:
            raise SystemExit(f"{r.kind} ({r.label}) has an empty answer: pick other parameters")
        out.append(Check(r.kind, r.label, mine[1], t_b, t_o))
    return out


# =========================================================================== load generation


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


WRK_SCRIPT = """
local reqs = {}
-- built in init: wrk sets the Host header only after the script's top level has run
init = function(args)
%s
end
local i = 0
request = function()
  i = i %% #reqs + 1
  return reqs[i]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK-RESULT %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def _lua_string(s: str) -> str:
    return '"' + "".join(c if c.isalnum() or c in "/?=&%._-+*,;:()[]{} " else f"\\{ord(c)}" for c in s) + '"'


def wrk_run(url: str, requests: Sequence[Request], connections: int, seconds: float, work: Path) -> Load:
    lines = [f'  reqs[{i + 1}] = wrk.format("GET", {_lua_string(r.path)}, {{["Accept"] = {_lua_string(r.accept)}}})'
             for i, r in enumerate(requests)]
    script = work / "mix.lua"
    script.write_text(WRK_SCRIPT % "\n".join(lines), encoding="utf-8")
    # one wrk thread: it keeps many connections busy and leaves the cores to the servers
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
                          "-s", str(script), url], capture_output=True, text=True, timeout=seconds + 120)
    for line in out.stdout.splitlines():
        if line.startswith("WRK-RESULT"):
            n, duration, p50, p99, errors = (int(x) for x in line.split()[1:])
            non2xx = 0
            for other in out.stdout.splitlines():
                if "Non-2xx or 3xx responses:" in other:
                    non2xx = int(other.rsplit(":", 1)[1])
            return Load(n, duration / 1e6, p50 / 1000, p99 / 1000, max(errors, non2xx))
    raise RuntimeError(f"wrk gave no result: {out.stdout}\n{out.stderr}")


def _client(url: str, requests: list[tuple[str, str]], seconds: float, start: float, queue) -> None:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    latencies, errors = [], 0
    while time.time() < start:
        time.sleep(0.001)
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        path, accept = requests[i % len(requests)]
        i += 1
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        latencies.append(time.perf_counter() - t0)
    conn.close()
    queue.put((latencies, errors))


def python_run(url: str, requests: Sequence[Request], connections: int, seconds: float, work: Path) -> Load:
    """The fallback when wrk is missing: one process per connection, keep-alive, same cycling."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    start = time.time() + 0.5
    reqs = [(r.path, r.accept) for r in requests]
    procs = []
    for c in range(connections):
        rotated = reqs[c % len(reqs):] + reqs[:c % len(reqs)]
        procs.append(ctx.Process(target=_client, args=(url, rotated, seconds, start, queue)))
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    if not latencies:
        return Load(0, seconds, float("nan"), float("nan"), errors)
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return Load(len(latencies), seconds, q[49] * 1000, q[98] * 1000, errors)


def drive(url: str, requests: Sequence[Request], connections: int, seconds: float, work: Path) -> Load:
    if shutil.which("wrk"):
        return wrk_run(url, requests, connections, seconds, work)
    return python_run(url, requests, connections, seconds, work)


# =========================================================================== the run


@dataclass
class Row:
    dataset: str
    workload: str
    connections: int
    samples: dict[str, list[Load]] = field(default_factory=dict)

    @property
    def results(self) -> dict[str, Load]:
        """Per server, the round with the median requests/s (latencies of that round)."""
        out = {}
        for name, loads in self.samples.items():
            ranked = sorted(loads, key=lambda x: x.rps)
            out[name] = ranked[(len(ranked) - 1) // 2]
        return out


SERVERS = ("oxigraph", "briefing-kg", "briefing-kg+cache")


def run_dataset(p: Prepared, base: str, args, work: Path, progress) -> tuple[list[Row], list[Check], list[Request]]:
    """All three servers up at once; each row runs them back to back, round after round,
    so a change in the machine's background load falls on all three alike."""
    requests = choose_requests(p.store_path, base, args.per_kind)
    queries = [r for r in requests if r.sparql is not None]
    pages = [r for r in requests if r.sparql is None]
    workloads: dict[str, list[Request]] = {"query mix": interleave(queries, QUERY_KINDS)}
    for k in QUERY_KINDS:
        workloads[k] = [r for r in queries if r.kind == k]
    for k in PAGE_KINDS:
        workloads[k] = [r for r in pages if r.kind == k]
    logs = work / p.name
    with contextlib.ExitStack() as stack:
        servers = {
            "oxigraph": stack.enter_context(oxigraph_server(p, logs / "oxigraph.log")),
            "briefing-kg": stack.enter_context(briefing_server(p, base, False, args.workers, logs / "briefing-kg.log")),
            "briefing-kg+cache": stack.enter_context(
                briefing_server(p, base, True, args.workers, logs / "briefing-kg-cache.log")),
        }
        checks = check_answers(requests, servers["briefing-kg"].url, servers["oxigraph"].url)
        if args.profile:
            profile(servers["briefing-kg"], queries, work, args, progress)

        def requests_for(name: str, reqs: list[Request]) -> list[Request] | None:
            if name != "oxigraph":
                return reqs
            if any(r.sparql is None for r in reqs):
                return None  # oxigraph has no entity pages
            return [r.for_oxigraph() for r in reqs]

        for name, server in servers.items():
            # query processes started in every worker, the cache filled
            everything = requests_for(name, queries if name == "oxigraph" else queries + pages)
            drive(server.url, everything, max(args.connections), args.warmup, work)
        # One check latency per request: a row lasts long enough for about --min-requests
        # answers from the slower server (slow rows at 10k answer a few per second).
        latency = {(c.kind, c.label): max(c.briefing_ms, 0 if c.oxigraph_ms != c.oxigraph_ms else c.oxigraph_ms)
                   for c in checks}
        cores = os.cpu_count() or 1

        def seconds_for(reqs: list[Request], connections: int) -> float:
            mean_s = sum(latency.get((r.kind, r.label), 0.0) for r in reqs) / len(reqs) / 1000
            needed = args.min_requests * mean_s / min(connections, cores)
            return min(max(args.duration, needed), max(args.duration, args.max_duration))

        rows: dict[tuple[str, int], Row] = {}
        for round_ in range(args.rounds):
            order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
            for workload, reqs in workloads.items():
                for c in args.connections:
                    row = rows.setdefault((workload, c), Row(p.name, workload, c))
                    seconds = seconds_for(reqs, c)
                    for name in order:
                        mine = requests_for(name, reqs)
                        if mine is None:
                            continue
                        load = drive(servers[name].url, mine, c, seconds, work)
                        row.samples.setdefault(name, []).append(load)
                        progress(f"{p.name:>6} round {round_ + 1} {name:<18} {workload:<20} c={c}: "
                                 f"{load.rps:8.1f} req/s  p50 {load.p50_ms:7.2f} ms  p99 {load.p99_ms:7.2f} ms  "
                                 f"errors {load.errors}")
    order_w = list(workloads)
    ordered = sorted(rows.values(), key=lambda r: (order_w.index(r.workload), r.connections))
    return ordered, checks, requests


def profile(server: Server, queries: Sequence[Request], work: Path, args, progress) -> None:
    """py-spy on one gunicorn worker and its query processes while the mix runs (4 connections)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        progress("py-spy is not installed (pip install py-spy): no profile")
        return
    pids = [pid for pid in server.pids() if pid != server.proc.pid]
    out = work / "profile"
    out.mkdir(exist_ok=True)
    spies = [subprocess.Popen([spy, "record", "-p", str(pid), "-d", str(int(args.duration) + 2), "-r", "200",
                               "-f", "raw", "-o", str(out / f"{pid}.txt"), "--nonblocking"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for pid in pids]
    time.sleep(1.0)
    drive(server.url, interleave(queries, QUERY_KINDS), 4, args.duration, work)
    for s in spies:
        s.wait()
    progress(f"py-spy profiles (collapsed stacks) in {out}")


# =========================================================================== the table


def fmt_rps(load: Load | None) -> str:
    return "—" if load is None else f"{load.rps:,.0f}" if load.rps >= 100 else f"{load.rps:,.1f}"


def fmt_ms(x: float) -> str:
    return "—" if x != x else f"{x:,.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def table(rows: Sequence[Row]) -> str:
    head = ("| dataset | workload | conns | oxigraph req/s | p50 / p99 ms | briefing-kg req/s | p50 / p99 ms "
            "| ratio | +cache req/s | p50 / p99 ms | ratio | errors o / b / c |")
    lines = [head, "|" + "---|" * 2 + "---:|" * 10]
    for row in rows:
        o, b, c = (row.results.get(s) for s in SERVERS)

        def lat(x: Load | None) -> str:
            return "—" if x is None else f"{fmt_ms(x.p50_ms)} / {fmt_ms(x.p99_ms)}"

        def ratio(x: Load | None) -> str:
            return "—" if x is None or o is None or not o.rps else f"{x.rps / o.rps:.2f}"

        errors = " / ".join("—" if x is None else str(x.errors) for x in (o, b, c))
        lines.append(f"| {row.dataset} | {row.workload} | {row.connections} | {fmt_rps(o)} | {lat(o)} "
                     f"| {fmt_rps(b)} | {lat(b)} | {ratio(b)} | {fmt_rps(c)} | {lat(c)} | {ratio(c)} | {errors} |")
    return "\n".join(lines)


def checks_table(dataset: str, checks: Sequence[Check]) -> str:
    lines = ["| dataset | request | parameter | answer size | briefing-kg ms | oxigraph ms |", "|---|---|---|---:|---:|---:|"]
    for c in checks:
        label = c.label.rsplit("/id/", 1)[-1]
        unit = "bytes" if c.oxigraph_ms != c.oxigraph_ms else ("triples" if "description" in c.kind else "rows")
        lines.append(f"| {dataset} | {c.kind} | {label} | {c.size:,} {unit} | {fmt_ms(c.briefing_ms)} "
                     f"| {fmt_ms(c.oxigraph_ms)} |")
    return "\n".join(lines)


# =========================================================================== main


def seed_build(args, work: Path) -> Path:
    """The seed build: ``--seed-build``, else ``dist/`` (built with ``briefing-kg build`` when missing).
    Copied, so a build running meanwhile cannot change it under the benchmark."""
    src = Path(args.seed_build) if args.seed_build else REPO / "dist"
    if not (src / "briefing-kg.nq").is_file():
        src = work / "seed-dist"
        subprocess.run([sys.executable, "-m", "briefing_kg", "build", "--out", str(src)], cwd=REPO, check=True)
    dst = work / "seed" / "build"
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for name in ("briefing-kg.nq", "briefing-kg.trig", "catalog.ttl", "void.ttl", "build.json"):
        shutil.copyfile(src / name, dst / name)
    return dst


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--releases", type=int, default=10_000, help="synthetic releases (default 10,000)")
    ap.add_argument("--units", type=float, default=0.5,
                    help="mean number of the seed's sentence pairs per synthetic release besides the title "
                         "(default 0.5: half the releases have one)")
    ap.add_argument("--datasets", default="seed,synthetic", help="seed, synthetic or both (default)")
    ap.add_argument("--duration", type=float, default=3.0, help="seconds per server, row and round (default 3)")
    ap.add_argument("--rounds", type=int, default=2,
                    help="rounds over all rows; the table shows each server's median round (default 2)")
    ap.add_argument("--min-requests", type=int, default=30,
                    help="a row lasts long enough for about this many answers, up to --max-duration (default 30)")
    ap.add_argument("--max-duration", type=float, default=12.0, help="longest row, seconds (default 12)")
    ap.add_argument("--warmup", type=float, default=5.0, help="seconds of warm-up per server (default 5)")
    ap.add_argument("--connections", default="1,4", help="connection counts (default 1,4)")
    ap.add_argument("--per-kind", type=int, default=3, help="parameter instances per request kind (default 3)")
    ap.add_argument("--workers", type=int, default=2, help="briefing-kg gunicorn workers (default 2, as shipped)")
    ap.add_argument("--seed", type=int, default=20221118, help="random seed of the synthetic data")
    ap.add_argument("--seed-build", default=None, help="the seed build folder (default: dist/)")
    ap.add_argument("--work", default=None, help="working folder, kept (default: a temporary one, removed)")
    ap.add_argument("--profile", action="store_true", help="py-spy the briefing-kg workers during one mix run")
    ap.add_argument("--json", default=None, help="also write the results as JSON here")
    args = ap.parse_args(argv)
    args.connections = [int(x) for x in args.connections.split(",")]
    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]

    started = time.perf_counter()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="briefing-kg-http-"))
    work.mkdir(parents=True, exist_ok=True)

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f}s] {message}", file=sys.stderr, flush=True)

    progress(f"load generator: {'wrk' if shutil.which('wrk') else 'python (wrk not found)'}; work folder {work}")
    try:
        seed_dir = seed_build(args, work)
        seed = read_seed(seed_dir)
        base = seed.base
        prepared: list[Prepared] = []
        if "seed" in datasets:
            prepared.append(prepare_dataset("seed", seed_dir, work, base, None))
            progress(f"seed: {prepared[-1].quads:,} quads loaded")
        if "synthetic" in datasets:
            synth = Synthesizer(seed, args.releases, args.units, args.seed)
            stats = synth.write_build(work / "synthetic" / "build")
            progress(f"synthetic: {stats.releases:,} releases, {stats.named_quads:,} quads in release graphs, "
                     f"{stats.union_triples:,} in the union default graph, {stats.seconds:.1f} s to write")
            prepared.append(prepare_dataset(f"{args.releases // 1000}k" if args.releases >= 1000 else str(args.releases),
                                            work / "synthetic" / "build", work, base, stats))
            progress(f"synthetic: {prepared[-1].quads:,} quads loaded ({prepared[-1].timings})")
        all_rows: list[Row] = []
        all_checks: list[tuple[str, list[Check]]] = []
        for p in prepared:
            rows, checks, _ = run_dataset(p, base, args, work, progress)
            all_rows += rows
            all_checks.append((p.name, checks))
        report(prepared, all_rows, all_checks, args, time.perf_counter() - started)
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps({
                "datasets": [{"name": p.name, "quads": p.quads, "timings": p.timings,
                              "synthetic": asdict(p.synth) if p.synth else None} for p in prepared],
                "rows": [{"dataset": r.dataset, "workload": r.workload, "connections": r.connections,
                          "results": {k: {**asdict(v), "rps": v.rps} for k, v in r.results.items()}}
                         for r in all_rows],
            }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def report(prepared: Sequence[Prepared], rows: Sequence[Row], checks, args, seconds: float) -> None:
    print()
    print("## Data")
    print()
    print("| dataset | quads in the store (union default graph included) | preparation (s) |")
    print("|---|---:|---|")
    for p in prepared:
        steps = ", ".join(f"{k} {v:.1f}" for k, v in p.timings.items())
        print(f"| {p.name} | {p.quads:,} | {steps} |")
    print()
    print("## Answers (each request once, both servers agree)")
    print()
    for name, c in checks:
        print(checks_table(name, c))
        print()
    gen = "wrk" if shutil.which("wrk") else "python client"
    print(f"## Throughput ({gen}; per row and server the median of {args.rounds} rounds of {args.duration:g} s "
          f"or more (about {args.min_requests} answers, at most {args.max_duration:g} s), after a "
          f"{args.warmup:g} s warm-up; briefing-kg: {args.workers} gunicorn workers; ratio = briefing-kg / oxigraph)")
    print()
    print(table(rows))
    print()
    for p in prepared:
        mix = [r for r in rows if r.dataset == p.name and r.workload == "query mix"]
        for r in mix:
            o, b, c = (r.results.get(s) for s in SERVERS)
            if o and b and c and o.rps:
                print(f"{p.name}, query mix, {r.connections} connection(s): without cache {b.rps / o.rps:.2f} "
                      f"(target 0.8), with cache {c.rps / o.rps:.2f} (target 1.5)")
    print(f"\ntotal run time {seconds / 60:.1f} min")


if __name__ == "__main__":
    sys.exit(main())
