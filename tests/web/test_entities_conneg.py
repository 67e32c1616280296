"""Entity documents: 303 from /id to /doc, content negotiation (a table of cases),
extensions, ?format=, Vary, Link, ETag/304, and 404 in the negotiated format."""
from __future__ import annotations

import json

import pytest
import rdflib
from rdflib.compare import isomorphic

from tests.web.pages_support import BASE, PERSON, PERSON_KK, PERSON_RU, close_app, make_app, parse_rdf, soup

SCHEMA_NAME = "https://schema.org/name"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture(scope="module")
def app(seed_build, tmp_path_factory):
    app = make_app(seed_build, tmp=tmp_path_factory.mktemp("entities-conneg"))
    yield app
    close_app(app)


@pytest.fixture
def client(app):
    return app.test_client()


# --- 303 See Other ----------------------------------------------------------------------

@pytest.mark.parametrize("path, location", [
    (f"/id/{PERSON}", f"{BASE}doc/{PERSON}"),
    (f"/id/{PERSON}.ttl", f"{BASE}doc/{PERSON}.ttl"),
    (f"/id/{PERSON}.jsonld", f"{BASE}doc/{PERSON}.jsonld"),
    (f"/id/{PERSON}?lang=ru", f"{BASE}doc/{PERSON}?lang=ru"),
    (f"/id/{PERSON}?format=nt", f"{BASE}doc/{PERSON}?format=ntriples"),
    ("/id/region/kz-62", f"{BASE}doc/region/kz-62"),
    ("/ontology", f"{BASE}doc/ontology"),
    ("/ontology.ttl", f"{BASE}doc/ontology.ttl"),
    ("/ontology/0.1.0", f"{BASE}doc/ontology"),
    ("/shapes", f"{BASE}doc/shapes"),
])
def test_id_answers_303_to_its_document(client, path, location):
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    assert response.headers["Location"] == location


@pytest.mark.parametrize("headers", [
    {"Host": "evil.example"},
    {"Host": "evil.example:666", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"},
    {"Forwarded": "host=evil.example;proto=https"},
])
def test_303_location_comes_from_the_configured_base_not_the_host_header(seed_build, tmp_path, headers):
    app = make_app(seed_build, base_uri="https://kg.example.org/data/", tmp=tmp_path)
    try:
        response = app.test_client().get(f"/id/{PERSON}", headers=headers)
    finally:
        close_app(app)
    assert response.status_code == 303
    assert response.headers["Location"] == f"https://kg.example.org/data/doc/{PERSON}"


def test_following_the_303_gets_the_description(client):
    first = client.get(f"/id/{PERSON}", headers={"Accept": "text/turtle"})
    path = first.headers["Location"].removeprefix(BASE.rstrip("/"))
    second = client.get(path, headers={"Accept": "text/turtle"})
    assert second.status_code == 200
    g = parse_rdf(second, "turtle")
    assert (rdflib.URIRef(BASE + "id/" + PERSON), rdflib.URIRef(SCHEMA_NAME), rdflib.Literal(PERSON_KK, lang="kk")) in g


# --- negotiation --------------------------------------------------------------------------

CASES = [
    # (Accept, path suffix, expected media type, negotiated?)
    ("text/html", "", "text/html", True),
    (BROWSER, "", "text/html", True),
    (None, "", "text/html", True),
    ("text/turtle", "", "text/turtle", True),
    ("application/ld+json", "", "application/ld+json", True),
    ("application/n-triples", "", "application/n-triples", True),
    ("application/rdf+xml", "", "application/rdf+xml", True),
    ("application/json", "", "application/ld+json", True),
    ("application/rdf+xml;q=0.9, text/turtle", "", "text/turtle", True),
    ("text/turtle;q=0.2, application/ld+json;q=0.5, text/html;q=0.1", "", "application/ld+json", True),
    ("application/x-turtle", "", "text/turtle", True),
    ("text/html;q=0, application/xhtml+xml;q=0, */*", "", "text/turtle", True),
    # an extension wins over Accept
    ("text/html", ".ttl", "text/turtle", False),
    ("text/turtle", ".jsonld", "application/ld+json", False),
    ("text/turtle", ".nt", "application/n-triples", False),
    ("text/turtle", ".rdf", "application/rdf+xml", False),
    ("text/turtle", ".html", "text/html", False),
    # ?format= for browsers
    ("text/html", "?format=turtle", "text/turtle", False),
    ("text/html", "?format=jsonld", "application/ld+json", False),
    ("text/html", "?format=application/rdf%2Bxml", "application/rdf+xml", False),
]


@pytest.mark.parametrize("accept, suffix, media_type, negotiated", CASES)
def test_document_negotiation(client, accept, suffix, media_type, negotiated):
    headers = {"Accept": accept} if accept is not None else {}
    response = client.get(f"/doc/{PERSON}{suffix}", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type
    vary = response.headers.get("Vary", "")
    assert ("Accept" in [v.strip() for v in vary.split(",")]) == negotiated


@pytest.mark.parametrize("suffix, rdflib_format", [
    (".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt"), (".rdf", "xml"),
])
def test_every_rdf_format_carries_the_same_description(client, suffix, rdflib_format):
    reference = parse_rdf(client.get(f"/doc/{PERSON}.ttl"), "turtle")
    g = parse_rdf(client.get(f"/doc/{PERSON}{suffix}"), rdflib_format)
    assert isomorphic(g, reference)
    person = rdflib.URIRef(BASE + "id/" + PERSON)
    assert rdflib.Literal(PERSON_KK, lang="kk") in set(g.objects(person, rdflib.URIRef(SCHEMA_NAME)))
    assert rdflib.Literal(PERSON_RU, lang="ru") in set(g.objects(person, rdflib.URIRef(SCHEMA_NAME)))


def test_jsonld_has_its_context_inline(client):
    data = json.loads(client.get(f"/doc/{PERSON}.jsonld").get_data(as_text=True))
    assert isinstance(data["@context"], dict)
    assert data["@context"]["schema"] == "https://schema.org/"


def test_description_has_incoming_statements_linked_labels_and_source_passages(client):
    g = parse_rdf(client.get(f"/doc/{PERSON}.ttl"), "turtle")
    person = rdflib.URIRef(BASE + "id/" + PERSON)
    nif = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    # incoming: the memberships that name him
    assert any(True for _ in g.subjects(org.member, person))
    # labels of what he heads
    for unit in g.objects(person, org.headOf):
        assert {l.language for l in g.objects(unit, rdflib.RDFS.label)} >= {"kk", "ru"}
    # his source passages with their text, in both languages
    passages = set(g.objects(person, prov.wasDerivedFrom))
    texts = [str(t) for p in passages for t in g.objects(p, nif.anchorOf)]
    assert any(PERSON_KK in t and "төрағасы" in t for t in texts)
    assert any(PERSON_RU in t and "председатель" in t for t in texts)


def test_406_when_no_offered_format_is_acceptable(client):
    response = client.get(f"/doc/{PERSON}", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.get_data(as_text=True)


def test_unknown_format_parameter_is_a_400(client):
    response = client.get(f"/doc/{PERSON}?format=docx")
    assert response.status_code == 400
    assert "format" in response.get_data(as_text=True)


# --- headers: Link, ETag, 304 -----------------------------------------------------------------

def test_link_header_names_every_alternate_with_its_type(client):
    response = client.get(f"/doc/{PERSON}", headers={"Accept": "text/html"})
    link = response.headers["Link"]
    for ext, media_type in [("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                            ("nt", "application/n-triples"), ("rdf", "application/rdf+xml")]:
        assert f'<{BASE}doc/{PERSON}.{ext}>; rel="alternate"; type="{media_type}"' in link
    assert response.headers["Content-Location"] == f"{BASE}doc/{PERSON}.html"


def test_etag_and_304(client):
    first = client.get(f"/doc/{PERSON}.ttl")
    etag = first.headers["ETag"]
    again = client.get(f"/doc/{PERSON}.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    other = client.get(f"/doc/{PERSON}.nt")
    assert other.headers["ETag"] != etag
    stale = client.get(f"/doc/{PERSON}.ttl", headers={"If-None-Match": '"not-this-one"'})
    assert stale.status_code == 200 and stale.get_data() == first.get_data()


def test_head_gives_the_headers_without_a_body(client):
    response = client.head(f"/doc/{PERSON}", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    assert response.get_data() == b""


# --- 404 in the negotiated format ----------------------------------------------------------

@pytest.mark.parametrize("accept, suffix, media_type", [
    ("text/html", "", "text/html"),
    ("text/turtle", "", "text/turtle"),
    ("application/ld+json", "", "application/ld+json"),
    ("application/n-triples", "", "application/n-triples"),
    ("application/rdf+xml", "", "application/rdf+xml"),
    ("text/html", ".ttl", "text/turtle"),
    ("text/turtle", ".jsonld", "application/ld+json"),
])
def test_unknown_entity_is_404_in_the_negotiated_format(client, accept, suffix, media_type):
    response = client.get(f"/doc/person/nobody-at-all{suffix}", headers={"Accept": accept})
    assert response.status_code == 404
    assert response.mimetype == media_type
    if media_type == "text/html":
        assert "404" in soup(response).find("h1").get_text()
    else:
        parsing = {"text/turtle": "turtle", "application/ld+json": "json-ld",
                   "application/n-triples": "nt", "application/rdf+xml": "xml"}[media_type]
        assert len(parse_rdf(response, parsing)) == 0  # a well-formed, empty graph


def test_an_ontology_version_the_build_does_not_carry_is_404(client):
    assert client.get("/ontology/9.9.9", headers={"Accept": "text/turtle"}).status_code == 404


def test_unknown_kind_is_404_too(client):
    assert client.get("/doc/spaceship/enterprise", headers={"Accept": "text/turtle"}).status_code == 404
