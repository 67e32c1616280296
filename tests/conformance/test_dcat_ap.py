"""catalog.ttl conforms to DCAT-AP 3.0.1: the official SEMIC shapes, pySHACL, no inference.

The shapes are read from ``../shared/reference/dcat-ap-3`` beside the clone (as
CI has it) and never copied into the project. Three files count for
conformance: ``shacl/dcat-ap-SHACL.ttl``, ``html/shacl/shapes.ttl`` and
``html/shacl/range.ttl``; each is applied on its own, and a failure prints
pySHACL's report.

One repair, in memory only: ``dcat-ap-SHACL.ttl`` 3.0.1 lists two property
shapes of ``dcat:DataServiceShape`` under ``sh:property`` that it never defines
(SEMICeu/DCAT-AP issue #448, "Missing propertyShape"; Jena refuses the file,
pySHACL stops with "not a well-formed SHACL PropertyShape"). A shape with no
triples constrains nothing, so dropping those dangling references removes no
check; the test asserts that every dropped node really is empty.
"""
from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

from briefing_kg.publishing import publish
from publishing_sample import BASE, sample_config, sample_dataset, sample_releases

ROOT = Path(__file__).resolve().parents[2]
DCAT_AP = ROOT.parent / "shared" / "reference" / "dcat-ap-3" / "releases" / "3.0.1"
SHAPE_FILES = ("shacl/dcat-ap-SHACL.ttl", "html/shacl/shapes.ttl", "html/shacl/range.ttl")
SH = Namespace("http://www.w3.org/ns/shacl#")

pytestmark = pytest.mark.skipif(
    not DCAT_AP.is_dir(),
    reason=f"the official DCAT-AP 3.0.1 shapes are not at {DCAT_AP} (CI keeps ../shared beside the clone)",
)


def _shapes(name: str) -> Graph:
    graph = Graph().parse(DCAT_AP / name, format="turtle")
    for shape, ref in list(graph.subject_objects(SH.property)):
        if (ref, None, None) not in graph:
            assert isinstance(ref, URIRef), "only named, undefined property shapes are dropped"
            graph.remove((shape, SH.property, ref))
    return graph


@pytest.fixture(scope="module", params=SHAPE_FILES)
def shapes(request) -> tuple[str, Graph]:
    return request.param, _shapes(request.param)


def _validate(data: Graph, shapes: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                         allow_warnings=True)
    return conforms, text


@pytest.fixture(scope="module")
def sample_catalog(tmp_path_factory) -> Graph:
    out = publish(sample_dataset(), sample_releases(), sample_config(), out_dir=tmp_path_factory.mktemp("p") / "dist")
    return Graph().parse(out / "catalog.ttl", format="turtle")


def test_catalog_conforms(sample_catalog, shapes):
    name, graph = shapes
    conforms, report = _validate(sample_catalog, graph)
    assert conforms, f"catalog.ttl does not conform to DCAT-AP 3.0.1 {name}:\n{report}"


def test_catalog_jsonld_conforms_too(tmp_path, shapes):
    name, graph = shapes
    out = publish(sample_dataset(), sample_releases(), sample_config(), out_dir=tmp_path / "dist")
    conforms, report = _validate(Graph().parse(out / "catalog.jsonld", format="json-ld"), graph)
    assert conforms, f"catalog.jsonld does not conform to DCAT-AP 3.0.1 {name}:\n{report}"


def test_seed_catalog_conforms(tmp_path, shapes):
    """The catalog of the real seed build (skipped where the pipeline is absent)."""
    pipeline = pytest.importorskip("briefing_kg.pipeline")
    from briefing_kg.config import Config

    config = Config(data_dir=ROOT / "data")
    mapped = pipeline.map_data(config)
    out = publish(mapped.dataset, mapped.releases, config, out_dir=tmp_path / "dist")
    name, graph = shapes
    conforms, report = _validate(Graph().parse(out / "catalog.ttl", format="turtle"), graph)
    assert conforms, f"the seed's catalog.ttl does not conform to DCAT-AP 3.0.1 {name}:\n{report}"


def test_the_shapes_do_catch_a_broken_catalog(sample_catalog):
    """Control: with a title gone, a size that is text and a language left untyped, the shapes object."""
    broken = Graph()
    for triple in sample_catalog:
        broken.add(triple)
    dataset = URIRef(f"{BASE}id/dataset/briefing-kg")
    broken.remove((dataset, DCTERMS.title, None))
    dist = URIRef(f"{BASE}id/distribution/briefing-kg.ttl")
    broken.remove((dist, DCAT.byteSize, None))
    broken.add((dist, DCAT.byteSize, Literal("12 kB")))
    broken.remove((URIRef("http://publications.europa.eu/resource/authority/language/KAZ"), None, None))
    results = {name: _validate(broken, _shapes(name)) for name in SHAPE_FILES}
    assert not results["html/shacl/shapes.ttl"][0]
    assert "dct:title" in results["html/shacl/shapes.ttl"][1] or "terms/title" in results["html/shacl/shapes.ttl"][1]
    assert not results["shacl/dcat-ap-SHACL.ttl"][0]
    assert "byteSize" in results["shacl/dcat-ap-SHACL.ttl"][1]
    assert not results["html/shacl/range.ttl"][0]
    assert "LinguisticSystem" in results["html/shacl/range.ttl"][1]
