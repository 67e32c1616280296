"""VoID: the counts in void.ttl are the counts of the graph, computed here another way (SPARQL on the union)."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from briefing_kg.publishing import DUMPS, write_build
from publishing_sample import BASE, sample_config, sample_dataset, sample_quads, sample_releases

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET = URIRef(f"{BASE}id/dataset/briefing-kg")


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    write_build(sample_dataset(), sample_releases(), sample_config(), folder)
    return folder


@pytest.fixture(scope="module")
def void(build) -> Graph:
    return Graph().parse(build / "void.ttl", format="turtle")


@pytest.fixture(scope="module")
def union() -> Graph:
    graph = Graph()
    for s, p, o, _ in sample_quads():
        graph.add((s, p, o))
    return graph


def _int(void: Graph, subject: URIRef, predicate: URIRef) -> int:
    values = list(void.objects(subject, predicate))
    assert len(values) == 1, f"{predicate} of {subject}: {values}"
    assert values[0].datatype == XSD.integer
    return int(values[0])


def _one(union: Graph, query: str) -> int:
    return int(next(iter(union.query(query)))[0])


def test_dataset_counts(void, union):
    assert (DATASET, RDF.type, VOID.Dataset) in void
    assert _int(void, DATASET, VOID.triples) == len(union)
    assert _int(void, DATASET, VOID.distinctSubjects) == _one(union, "SELECT (COUNT(DISTINCT ?s) AS ?n) {?s ?p ?o}")
    assert _int(void, DATASET, VOID.distinctObjects) == _one(union, "SELECT (COUNT(DISTINCT ?o) AS ?n) {?s ?p ?o}")
    assert _int(void, DATASET, VOID.properties) == _one(union, "SELECT (COUNT(DISTINCT ?p) AS ?n) {?s ?p ?o}")
    assert _int(void, DATASET, VOID.classes) == _one(union, "SELECT (COUNT(DISTINCT ?c) AS ?n) {?s a ?c}")
    entities = _one(union, f'SELECT (COUNT(DISTINCT ?s) AS ?n) {{?s ?p ?o FILTER STRSTARTS(STR(?s), "{BASE}id/")}}')
    assert _int(void, DATASET, VOID.entities) == entities
    assert set(void.objects(DATASET, VOID.uriSpace)) == {Literal(f"{BASE}id/")}


def test_one_class_partition_per_class_with_its_instances(void, union):
    partitions = {void.value(part, VOID["class"]): _int(void, part, VOID.entities)
                  for part in void.objects(DATASET, VOID.classPartition)}
    expected = {row.c: int(row.n) for row in union.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) {?s a ?c} GROUP BY ?c")}
    assert partitions == expected
    assert partitions[URIRef("https://schema.org/Event")] == 2


def test_one_subset_per_named_graph_with_its_triples(void):
    graphs: dict[URIRef, int] = {}
    for s, p, o, g in set(sample_quads()):
        graphs[g] = graphs.get(g, 0) + 1
    subsets = {void.value(subset, SD.name): _int(void, subset, VOID.triples)
               for subset in void.objects(DATASET, VOID.subset)}
    assert subsets == graphs
    release_graph = URIRef(f"{BASE}graph/release/2023-03-15-round-table")
    subset = next(s for s in void.objects(DATASET, VOID.subset) if void.value(s, SD.name) == release_graph)
    assert void.value(subset, Namespace("http://www.w3.org/ns/prov#").wasDerivedFrom) == \
        URIRef(f"{BASE}id/release/2023-03-15-round-table")


def test_examples_endpoint_dumps_and_vocabularies(void, union, build):
    examples = set(void.objects(DATASET, VOID.exampleResource))
    assert URIRef(f"{BASE}id/person/akylbay-serik") in examples
    assert 1 <= len(examples) <= 5
    for example in examples:
        assert (example, RDF.type, None) in union, f"{example} is not a typed resource of the graph"
    assert set(void.objects(DATASET, VOID.sparqlEndpoint)) == {URIRef(f"{BASE}sparql")}
    dumps = {str(o).rsplit("/", 1)[1] for o in void.objects(DATASET, VOID.dataDump)}
    assert dumps == {d.name for d in DUMPS} | {d.name + ".gz" for d in DUMPS}
    assert all(str(o).startswith(f"{BASE}dumps/") for o in void.objects(DATASET, VOID.dataDump))
    assert all((build / name).is_file() for name in dumps)
    vocabularies = set(map(str, void.objects(DATASET, VOID.vocabulary)))
    assert {"https://schema.org/", "http://www.w3.org/ns/prov#", f"{BASE}ontology#"} <= vocabularies


def test_examples_are_chosen_the_same_way_every_time(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    a = write_build(sample_dataset(seed=1), sample_releases(), sample_config(), first)
    b = write_build(sample_dataset(seed=2), sample_releases(), sample_config(), second)
    assert a.stats.examples == b.stats.examples
    assert (first / "void.ttl").read_bytes() == (second / "void.ttl").read_bytes()
