"""The dumps: every format reads back as the dataset, JSON-LD carries its context inline, lines are sorted."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from briefing_kg.publishing import PublishError, write_build
from briefing_kg.publishing.dumps import nt_term
from publishing_sample import BASE, sample_config, sample_dataset, sample_quads, sample_releases


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    write_build(sample_dataset(), sample_releases(), sample_config(), folder)
    return folder


def _quads() -> set[tuple]:
    return set(sample_quads())


def _union() -> set[tuple]:
    return {(s, p, o) for s, p, o, _ in sample_quads()}


@pytest.mark.parametrize("name, fmt", [("briefing-kg.trig", "trig"), ("briefing-kg.nq", "nquads")])
def test_dataset_dumps_read_back_as_the_named_graphs(build, name, fmt):
    parsed = Dataset().parse(build / name, format=fmt)
    assert set(parsed.quads((None, None, None, None))) == _quads()


@pytest.mark.parametrize("name, fmt", [("briefing-kg.ttl", "turtle"), ("briefing-kg.nt", "nt"),
                                       ("briefing-kg.jsonld", "json-ld")])
def test_graph_dumps_read_back_as_the_union(build, name, fmt):
    assert set(Graph().parse(build / name, format=fmt)) == _union()


@pytest.mark.parametrize("name, fmt, count", [
    ("briefing-kg.trig", ox.RdfFormat.TRIG, "quads"), ("briefing-kg.nq", ox.RdfFormat.N_QUADS, "quads"),
    ("briefing-kg.ttl", ox.RdfFormat.TURTLE, "union"), ("briefing-kg.nt", ox.RdfFormat.N_TRIPLES, "union"),
    ("briefing-kg.jsonld", ox.RdfFormat.JSON_LD, "union"),
])
def test_dumps_parse_in_oxigraph_too(build, name, fmt, count):
    # A second, stricter parser: what the store loads must be exactly what we meant.
    parsed = list(ox.parse(path=str(build / name), format=fmt))
    assert len(parsed) == len(_quads() if count == "quads" else _union())


def test_special_characters_survive_every_format(build):
    comment = next(o for s, p, o in _union() if isinstance(o, Literal) and "bell" in o)
    for name, fmt in [("briefing-kg.ttl", "turtle"), ("briefing-kg.nt", "nt"), ("briefing-kg.jsonld", "json-ld")]:
        values = {o for o in Graph().parse(build / name, format=fmt).objects() if isinstance(o, Literal) and "bell" in o}
        assert values == {comment}, name


def test_line_formats_are_sorted_with_no_repeats(build):
    for name in ("briefing-kg.nq", "briefing-kg.nt"):
        lines = (build / name).read_text(encoding="utf-8").splitlines()
        assert lines == sorted(set(lines)), name
        assert all(line.endswith(" .") for line in lines)


def test_jsonld_carries_its_context_inline_and_nothing_remote(build, monkeypatch):
    document = json.loads((build / "briefing-kg.jsonld").read_text(encoding="utf-8"))
    context = document["@context"]
    assert isinstance(context, dict) and context, "the context is an object in the file, not a URL"
    assert context == json.loads((build / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context["schema"] == "https://schema.org/"
    assert context["person"] == f"{BASE}id/person/"

    def contexts(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    yield value
                yield from contexts(value)
        elif isinstance(node, list):
            for item in node:
                yield from contexts(item)

    found = list(contexts(document))
    assert found == [context], "exactly one @context, the inline one"
    assert "http" not in json.dumps([v for v in found if not isinstance(v, dict)])

    def no_network(*args, **kwargs):
        raise AssertionError(f"a JSON-LD reader tried to fetch {args[0]!r}")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    assert set(Graph().parse(build / "briefing-kg.jsonld", format="json-ld")) == _union()


def test_jsonld_is_compact(build):
    document = json.loads((build / "briefing-kg.jsonld").read_text(encoding="utf-8"))
    nodes = {n["@id"]: n for n in document["@graph"]}
    person = nodes["person:akylbay-serik"]
    assert person["@type"] == "schema:Person"
    assert {"@value": "Серік Ақылбай", "@language": "kk"} in person["schema:name"]
    assert list(nodes) == sorted(nodes, key=lambda i: nt_term(URIRef(_expand(i, document["@context"]))))


def _expand(curie: str, context: dict) -> str:
    prefix, _, local = curie.partition(":")
    return context[prefix] + local if prefix in context else curie


def test_turtle_declares_only_the_prefixes_it_uses_in_order(build):
    text = (build / "briefing-kg.ttl").read_text(encoding="utf-8")
    declared = [line.split()[1].rstrip(":") for line in text.splitlines() if line.startswith("@prefix")]
    assert declared == sorted(declared)
    body = text.split("\n\n", 1)[1]
    for prefix in declared:
        assert f"{prefix}:" in body, f"{prefix} declared but unused"
    assert "catalog:" not in declared, "the dumps use no catalog IRIs"
    assert "person:akylbay-serik a schema:Person ;" in text


def test_blank_node_is_refused_with_its_label(tmp_path):
    dataset = sample_dataset()
    dataset.graph(URIRef(f"{BASE}graph/release/2023-03-15-round-table")).add(
        (URIRef(f"{BASE}id/person/x"), URIRef("https://schema.org/address"), BNode("b0rken")))
    with pytest.raises(PublishError, match="blank node _:b0rken"):
        write_build(dataset, sample_releases(), sample_config(), tmp_path)
