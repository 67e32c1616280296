"""VoID description of a build (``void.ttl``) and the counts it reports.

The VoID dataset is the DCAT dataset (one IRI, ``{base}id/dataset/briefing-kg``),
so a client can move between the two descriptions. What the counts mean:

- ``void:triples``: distinct triples of the union of the named graphs;
- ``void:entities``: distinct subjects whose IRI is in ``void:uriSpace``
  (``{base}id/``), i.e. the things the graph mints and describes;
- ``void:classes`` / ``void:properties``: distinct ``rdf:type`` objects / predicates;
- ``void:distinctSubjects`` / ``void:distinctObjects``: over the union;
- one ``void:classPartition`` per class (``void:entities`` = its instances),
  one ``void:propertyPartition`` per predicate (``void:triples``), and one
  ``void:subset`` per named graph (per source release, the reference data,
  the ontology) with its own ``void:triples`` and ``void:entities``.

Example resources are chosen by a fixed rule (the first instance in IRI order
of a person, an organization, an event, a region, a claim, then of the most
populous other classes), so the same graph always names the same examples.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, VOID, XSD

from ..config import Config
from ..sources import Release
from ..uris import graph_uri
from .catalog import CC_BY_4, DATASET_TITLE, SD, CatalogIRIs, LANGS, date_range, main_publisher
from .dumps import DUMPS, Prefixer, Snapshot, dump_prefixes, iri_of, nt_iri

EXAMPLE_CLASSES = (
    "https://schema.org/Person",
    "https://schema.org/Organization",
    "https://schema.org/Event",
    "https://schema.org/AdministrativeArea",
    "https://schema.org/Claim",
)
MAX_EXAMPLES = 5


@dataclass(frozen=True)
class GraphStats:
    iri: str | None       # None: the default graph
    triples: int
    entities: int


@dataclass(frozen=True)
class Stats:
    """What a build holds, counted from its snapshot."""

    uri_space: str
    quads: int
    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: dict[str, int]       # class IRI -> instances, sorted by IRI
    properties: dict[str, int]    # predicate IRI -> triples, sorted by IRI
    graphs: list[GraphStats]      # in graph IRI order
    examples: list[str]
    vocabularies: list[str]

    def as_json(self) -> dict:
        return {
            "quads": self.quads,
            "triples": self.triples,
            "entities": self.entities,
            "distinct_subjects": self.distinct_subjects,
            "distinct_objects": self.distinct_objects,
            "classes": len(self.classes),
            "properties": len(self.properties),
            "instances_by_class": dict(self.classes),
        }


def _namespace(iri: str, known: Sequence[str]) -> str:
    for ns in known:
        if iri.startswith(ns):
            return ns
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    return iri[:cut] if cut else iri


def compute_stats(snapshot: Snapshot, base: str) -> Stats:
    """Count the snapshot (on the N-Triples strings of its rows: cheap to hash and compare)."""
    uri_space = f"{base}id/"
    in_space = nt_iri(uri_space)[:-1]  # "<{base}id/" : an IRI in the URI space starts so
    type_nt = nt_iri(RDF.type)
    subjects: set[str] = set()
    objects: set[str] = set()
    instances: dict[str, set[str]] = defaultdict(set)
    properties: Counter[str] = Counter()
    for s, p, o, *_ in snapshot.rows:
        subjects.add(s)
        objects.add(o)
        properties[p] += 1
        if p == type_nt and o[0] == "<":
            instances[o].add(s)
    entities = sum(1 for s in subjects if s.startswith(in_space))

    graphs = []
    for name, rows in snapshot.graphs.items():
        graph_entities = len({r[0] for r in rows if r[0].startswith(in_space)})
        graphs.append(GraphStats(None if name is None else str(name), len(rows), graph_entities))

    classes = {iri_of(c): members for c, members in instances.items()}
    examples: list[str] = []
    others = sorted((c for c in classes if c not in EXAMPLE_CLASSES), key=lambda c: (-len(classes[c]), c))
    for cls in (*EXAMPLE_CLASSES, *others):
        members = sorted(iri_of(s) for s in classes.get(cls, ()) if s.startswith(in_space))
        fresh = [m for m in members if m not in examples]
        if fresh:
            examples.append(fresh[0])
        if len(examples) == MAX_EXAMPLES:
            break

    property_counts = {iri_of(p): n for p, n in properties.items()}
    known = sorted(dump_prefixes(base).values(), key=len, reverse=True)
    vocabularies = sorted({_namespace(iri, known) for iri in (*property_counts, *classes)})
    return Stats(
        uri_space=uri_space,
        quads=snapshot.quad_count,
        triples=len(snapshot.rows),
        entities=entities,
        distinct_subjects=len(subjects),
        distinct_objects=len(objects),
        classes={c: len(classes[c]) for c in sorted(classes)},
        properties=dict(sorted(property_counts.items())),
        graphs=graphs,
        examples=examples,
        vocabularies=vocabularies,
    )


def _fragments(iris: Sequence[str], base: str, kind: str) -> dict[str, str]:
    """Readable, unique fragment names (``class-schema-Person``) for partition IRIs."""
    prefixer = Prefixer(dump_prefixes(base))
    names = {}
    for iri in iris:
        short = prefixer.shorten(iri) or iri
        names[iri] = f"{kind}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", short).strip("-")
    clashes = Counter(names.values())
    for iri, name in names.items():
        if clashes[name] > 1:
            names[iri] = f"{name}-{hashlib.sha1(iri.encode()).hexdigest()[:8]}"
    return names


def _count(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def build_void(config: Config, releases: Sequence[Release], stats: Stats, dump_files: Sequence[str]) -> Graph:
    """The VoID description: counts, partitions, subsets, dumps, SPARQL endpoint."""
    base = config.base_uri
    iris = CatalogIRIs(base)
    ds = iris.dataset
    g = Graph(bind_namespaces="none")
    add = g.add

    add((ds, RDF.type, VOID.Dataset))
    for lang in LANGS:
        add((ds, DCTERMS.title, Literal(DATASET_TITLE[lang], lang=lang)))
    add((ds, DCTERMS.license, CC_BY_4))
    main = main_publisher(releases)
    if main is not None:
        add((ds, DCTERMS.publisher, iris.publisher(main)))
    _, modified = date_range(releases)
    if modified is not None:
        add((ds, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date)))
    add((ds, VOID.triples, _count(stats.triples)))
    add((ds, VOID.entities, _count(stats.entities)))
    add((ds, VOID.classes, _count(len(stats.classes))))
    add((ds, VOID.properties, _count(len(stats.properties))))
    add((ds, VOID.distinctSubjects, _count(stats.distinct_subjects)))
    add((ds, VOID.distinctObjects, _count(stats.distinct_objects)))
    add((ds, VOID.uriSpace, Literal(stats.uri_space)))
    for example in stats.examples:
        add((ds, VOID.exampleResource, URIRef(example)))
    add((ds, VOID.sparqlEndpoint, iris.endpoint))
    for name in dump_files:
        add((ds, VOID.dataDump, iris.download(name)))
    for spec in DUMPS:
        add((ds, VOID.feature, URIRef(spec.w3c_format)))
    for vocabulary in stats.vocabularies:
        add((ds, VOID.vocabulary, URIRef(vocabulary)))

    for cls, fragment in _fragments(list(stats.classes), base, "class").items():
        part = iris.part(ds, fragment)
        add((ds, VOID.classPartition, part))
        add((part, RDF.type, VOID.Dataset))
        add((part, VOID["class"], URIRef(cls)))
        add((part, VOID.entities, _count(stats.classes[cls])))
    for prop, fragment in _fragments(list(stats.properties), base, "property").items():
        part = iris.part(ds, fragment)
        add((ds, VOID.propertyPartition, part))
        add((part, RDF.type, VOID.Dataset))
        add((part, VOID.property, URIRef(prop)))
        add((part, VOID.triples, _count(stats.properties[prop])))

    by_graph = {gs.iri: gs for gs in stats.graphs}
    release_graphs = {graph_uri(base, f"release/{r.id}"): r for r in releases}
    graph_iris = sorted({*(i for i in by_graph if i is not None), *release_graphs})
    graph_prefix = graph_uri(base, "")
    for graph in graph_iris:
        if graph.startswith(graph_prefix) and re.fullmatch(r"[a-z0-9/-]+", graph[len(graph_prefix):]):
            fragment = "graph-" + graph[len(graph_prefix):].replace("/", "-")
        else:
            fragment = "graph-" + hashlib.sha1(graph.encode()).hexdigest()[:12]
        subset = iris.part(ds, fragment)
        counts = by_graph.get(graph, GraphStats(graph, 0, 0))
        add((ds, VOID.subset, subset))
        add((subset, RDF.type, VOID.Dataset))
        add((subset, SD.name, URIRef(graph)))
        add((subset, VOID.triples, _count(counts.triples)))
        add((subset, VOID.entities, _count(counts.entities)))
        add((subset, VOID.uriSpace, Literal(stats.uri_space)))
        release = release_graphs.get(graph)
        if release is not None:
            add((subset, PROV.wasDerivedFrom, iris.release(release.id)))
            add((subset, DCTERMS.publisher, iris.publisher(release.publisher)))
            if release.url:
                add((subset, DCTERMS.source, URIRef(release.url)))
    return g
