"""The DCAT catalog and build.json tell the truth about the files: sizes, checksums, media types, dates."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from briefing_kg.publishing import BUILD_FILE, DUMPS, write_build
from publishing_sample import BASE, sample_config, sample_dataset, sample_quads, sample_releases

SPDX = Namespace("http://spdx.org/rdf/terms#")
EU = "http://publications.europa.eu/resource/authority/"
DATASET = URIRef(f"{BASE}id/dataset/briefing-kg")
CATALOG = URIRef(f"{BASE}id/catalog/briefing-kg")
MEDIA_TYPES = {".nq": "application/n-quads", ".trig": "application/trig", ".nt": "application/n-triples",
               ".ttl": "text/turtle", ".jsonld": "application/ld+json"}


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    write_build(sample_dataset(), sample_releases(), sample_config(), folder)
    return folder


@pytest.fixture(scope="module")
def catalog(build) -> Graph:
    return Graph().parse(build / "catalog.ttl", format="turtle")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _distributions(catalog: Graph) -> dict[str, URIRef]:
    out = {}
    for dist in catalog.objects(DATASET, DCAT.distribution):
        url = str(catalog.value(dist, DCAT.downloadURL))
        assert url.startswith(f"{BASE}dumps/")
        assert catalog.value(dist, DCAT.accessURL) == URIRef(url)
        out[url.rsplit("/", 1)[1]] = dist
    return out


def test_one_distribution_per_published_file(catalog, build):
    expected = {d.name for d in DUMPS} | {d.name + ".gz" for d in DUMPS} | {"context.jsonld", "void.ttl"}
    assert set(_distributions(catalog)) == expected
    on_disk = {p.name for p in build.iterdir()}
    assert expected | {"catalog.ttl", "catalog.jsonld", BUILD_FILE} == on_disk


def test_byte_sizes_and_checksums_match_the_files(catalog, build):
    for name, dist in _distributions(catalog).items():
        size = catalog.value(dist, DCAT.byteSize)
        assert size.datatype == XSD.nonNegativeInteger
        assert int(size) == (build / name).stat().st_size, name
        checksum = catalog.value(dist, SPDX.checksum)
        assert (checksum, RDF.type, SPDX.Checksum) in catalog
        assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = catalog.value(checksum, SPDX.checksumValue)
        assert value.datatype == XSD.hexBinary
        assert str(value) == _sha256(build / name), name


def test_build_json_lists_every_other_file_with_size_and_hash(build):
    info = json.loads((build / BUILD_FILE).read_text(encoding="utf-8"))
    listed = {row["name"]: row for row in info["files"]}
    assert set(listed) == {p.name for p in build.iterdir()} - {BUILD_FILE}
    for name, row in listed.items():
        assert row["bytes"] == (build / name).stat().st_size, name
        assert row["sha256"] == _sha256(build / name), name
    assert info["build_id"] == info["data_sha256"][:16]
    assert info["data_sha256"] == _sha256(build / "briefing-kg.nq"), "the build id is the hash of the sorted N-Quads"
    assert [r["id"] for r in info["releases"]] == ["2022-11-18-adal-sailau-briefing", "2023-03-15-round-table"]
    assert info["counts"]["quads"] == len(set(sample_quads()))
    assert (info["issued"], info["modified"]) == ("2022-11-18", "2023-03-16")


def test_media_types_and_formats(catalog):
    for name, dist in _distributions(catalog).items():
        plain = name.removesuffix(".gz")
        media = str(catalog.value(dist, DCAT.mediaType))
        assert media == "https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[Path(plain).suffix], name
        assert (URIRef(media), RDF.type, DCTERMS.MediaType) in catalog
        compress = catalog.value(dist, DCAT.compressFormat)
        if name.endswith(".gz"):
            assert compress == URIRef("https://www.iana.org/assignments/media-types/application/gzip")
        else:
            assert compress is None
        file_type = catalog.value(dist, DCTERMS.format)
        assert str(file_type).startswith(f"{EU}file-type/")
        assert (file_type, RDF.type, DCTERMS.MediaTypeOrExtent) in catalog
        assert catalog.value(dist, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_titles_and_descriptions_in_three_languages(catalog):
    for node in (CATALOG, DATASET, URIRef(f"{BASE}id/service/sparql")):
        for predicate in (DCTERMS.title, DCTERMS.description):
            langs = sorted(o.language for o in catalog.objects(node, predicate))
            assert langs == ["en", "kk", "ru"], (node, predicate)


def test_languages_licence_publisher_and_dates_come_from_the_sources(catalog):
    assert set(catalog.objects(DATASET, DCTERMS.language)) == {URIRef(f"{EU}language/KAZ"), URIRef(f"{EU}language/RUS")}
    publisher = URIRef(f"{BASE}id/organization/kazakhstan-union-of-lawyers")
    assert catalog.value(DATASET, DCTERMS.publisher) == publisher
    assert catalog.value(DATASET, DCTERMS.issued) == Literal("2022-11-18", datatype=XSD.date)
    assert catalog.value(DATASET, DCTERMS.modified) == Literal("2023-03-16", datatype=XSD.date)
    service = URIRef(f"{BASE}id/service/sparql")
    assert catalog.value(service, DCAT.endpointURL) == URIRef(f"{BASE}sparql")
    assert catalog.value(CATALOG, DCAT.service) == service


def test_rights_attribute_the_quoted_texts_to_their_publisher_and_address(catalog):
    rights = {catalog.value(d, DCTERMS.rights) for d in _distributions(catalog).values()}
    assert len(rights) == 1
    text = str(next(o for o in catalog.objects(rights.pop()) if getattr(o, "language", None) == "en"))
    assert "CC BY 4.0" in text
    assert "Kazakhstan Union of Lawyers, https://jurist-kaz.kz/news/2023-03-15-round-table" in text
    assert "original address not known, published on https://jurist-kaz.kz/" in text


def test_no_blank_nodes_and_every_minted_iri_under_the_base(catalog):
    terms = {t for triple in catalog for t in triple}
    assert not any(isinstance(t, BNode) for t in terms)
    ours = {str(t) for t in terms if isinstance(t, URIRef) and "kg.example.kz" in str(t)}
    assert ours and all(iri.startswith(BASE) for iri in ours)
    assert not any("localhost" in str(t) for t in terms)


def test_catalog_jsonld_is_the_same_graph_with_its_context_inline(catalog, build):
    document = json.loads((build / "catalog.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)
    assert set(Graph().parse(build / "catalog.jsonld", format="json-ld")) == set(catalog)
