"""Every result format, parsed back by an independent parser, and the
content-negotiation table (Accept with q-values, ?format=, 406)."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib

from tests.web.sparql_support import BASE, PERSONS, fixture_trig, make_app

SELECT = ("SELECT ?p ?name ?date WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name "
          "FILTER(lang(?name) = 'ru') OPTIONAL { ?p <https://schema.org/birthDate> ?date } } ORDER BY ?p")
CONSTRUCT = ("CONSTRUCT { ?p <https://schema.org/name> ?n } WHERE { ?p a <https://schema.org/Person> ; "
             "<https://schema.org/name> ?n }")
DESCRIBE = f"DESCRIBE <{BASE}id/region/kz-62>"
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("sparql-formats"))
    yield app
    app.extensions["briefing_kg"].store.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def reference():
    """The same data in a plain in-memory pyoxigraph store: the expected answers."""
    store = ox.Store()
    store.load(fixture_trig().encode(), format=ox.RdfFormat.TRIG)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def expected_rows(reference) -> list[tuple[str, str]]:
    return [(s["p"].value, s["name"].value) for s in reference.query(SELECT)]


def test_select_as_sparql_json(client, reference):
    r = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "application/sparql-results+json"})
    data = json.loads(r.get_data())
    assert data["head"]["vars"] == ["p", "name", "date"]
    rows = [(b["p"]["value"], b["name"]["value"]) for b in data["results"]["bindings"]]
    assert rows == expected_rows(reference)
    first = data["results"]["bindings"][0]
    assert first["p"]["type"] == "uri"
    assert first["name"] == {"type": "literal", "value": "Человек 1-0", "xml:lang": "ru"}
    assert "date" not in first  # unbound stays out
    assert "truncated" not in data


def test_select_as_sparql_xml(client, reference):
    r = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "application/sparql-results+xml"})
    assert r.content_type.startswith("application/sparql-results+xml")
    root = ET.fromstring(r.get_data())
    assert [v.get("name") for v in root.iter(f"{SRX}variable")] == ["p", "name", "date"]
    rows = []
    for result in root.iter(f"{SRX}result"):
        b = {x.get("name"): x[0] for x in result.findall(f"{SRX}binding")}
        rows.append((b["p"].text, b["name"].text))
        assert b["name"].get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert rows == expected_rows(reference)


def test_select_as_csv(client, reference):
    r = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/csv"})
    assert r.content_type == "text/csv; charset=utf-8"
    table = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert table[0] == ["p", "name", "date"]
    assert [(row[0], row[1]) for row in table[1:]] == expected_rows(reference)
    assert r.get_data().endswith(b"\r\n")


def test_select_as_tsv(client, reference):
    r = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/tab-separated-values"})
    lines = r.get_data(as_text=True).rstrip("\n").split("\n")
    assert lines[0].split("\t") == ["?p", "?name", "?date"]
    p, name, date = lines[1].split("\t")
    assert p == f"<{BASE}id/person/person-1-0>"
    assert name == '"Человек 1-0"@ru'
    assert date == ""
    assert len(lines) == 1 + PERSONS


def test_csv_quotes_commas_and_quotes(client):
    query = 'SELECT ?x WHERE { BIND("a, \\"b\\"" AS ?x) }'
    r = client.get("/sparql", query_string={"query": query, "format": "csv"})
    assert list(csv.reader(io.StringIO(r.get_data(as_text=True)))) == [["x"], ['a, "b"']]


def test_typed_literals_keep_their_datatype(client):
    query = "SELECT ?d WHERE { ?e a <https://schema.org/Event> ; <https://schema.org/startDate> ?d } ORDER BY ?d LIMIT 1"
    data = client.get("/sparql", query_string={"query": query}).get_json(force=True)
    assert data["results"]["bindings"][0]["d"] == {
        "type": "literal", "value": "2022-11-19", "datatype": "http://www.w3.org/2001/XMLSchema#date"}


@pytest.mark.parametrize("accept,check", [
    ("application/sparql-results+json", lambda b: json.loads(b) == {"head": {}, "boolean": True}),
    ("application/sparql-results+xml",
     lambda b: ET.fromstring(b).find(f"{SRX}boolean").text == "true"),
    ("text/csv", lambda b: b == b"true\n"),
    ("text/tab-separated-values", lambda b: b == b"true\n"),
])
def test_ask_in_every_results_format(client, accept, check):
    r = client.get("/sparql", query_string={"query": "ASK { ?s a <https://schema.org/Person> }"},
                   headers={"Accept": accept})
    assert r.status_code == 200
    assert r.content_type.split(";")[0] == accept
    assert check(r.get_data())


@pytest.mark.parametrize("accept,rdflib_format", [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"), ("application/trig", "trig"),
])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_graphs_in_every_rdf_format(client, reference, accept, rdflib_format, query):
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.content_type.split(";")[0] == accept
    if rdflib_format == "trig":
        got = rdflib.Dataset()
        got.parse(data=r.get_data(), format="trig")
        triples = {(str(s), str(p), str(o)) for s, p, o, _g in got.quads()}
    else:
        got = rdflib.Graph().parse(data=r.get_data(), format=rdflib_format)
        triples = {(str(s), str(p), str(o)) for s, p, o in got}
    expected = {(t.subject.value, t.predicate.value, t.object.value) for t in reference.query(query)}
    assert triples == expected and expected


# (Accept, query form, expected media type or None for 406)
CONNEG = [
    (None, "SELECT", "application/sparql-results+json"),
    ("*/*", "SELECT", "application/sparql-results+json"),
    ("application/json", "SELECT", "application/sparql-results+json"),
    ("application/xml", "SELECT", "application/sparql-results+xml"),
    ("text/csv;q=0.5, text/tab-separated-values", "SELECT", "text/tab-separated-values"),
    ("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.1", "SELECT",
     "application/sparql-results+xml"),
    ("text/*", "SELECT", "text/csv"),
    ("application/sparql-results+json;q=0, */*;q=0.1", "SELECT", "application/sparql-results+xml"),
    ("text/turtle", "SELECT", None),
    ("image/png", "ASK", None),
    ("text/turtle", "CONSTRUCT", "text/turtle"),
    ("*/*", "CONSTRUCT", "text/turtle"),
    (None, "DESCRIBE", "text/turtle"),
    ("application/json", "CONSTRUCT", "application/ld+json"),
    ("application/rdf+xml;q=1, text/turtle;q=0.8", "CONSTRUCT", "application/rdf+xml"),
    ("application/x-turtle", "CONSTRUCT", "text/turtle"),
    ("application/sparql-results+json", "CONSTRUCT", None),
    ("text/csv", "DESCRIBE", None),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "SELECT", "text/html"),
]
QUERIES = {"SELECT": "SELECT * { ?s ?p ?o } LIMIT 1", "ASK": "ASK {}",
           "CONSTRUCT": "CONSTRUCT WHERE { ?s a ?o } LIMIT 1", "DESCRIBE": f"DESCRIBE <{BASE}id/region/kz-62>"}


@pytest.mark.parametrize("accept,form,expected", CONNEG)
def test_content_negotiation_table(client, accept, form, expected):
    headers = {"Accept": accept} if accept is not None else {}
    r = client.get("/sparql", query_string={"query": QUERIES[form]}, headers=headers)
    if expected is None:
        assert r.status_code == 406
        assert "ask for one of" in r.get_data(as_text=True)
    else:
        assert r.status_code == 200, r.get_data(as_text=True)
        assert r.content_type.split(";")[0] == expected
        assert "Accept" in r.headers["Vary"]


@pytest.mark.parametrize("value,form,expected", [
    ("json", "SELECT", "application/sparql-results+json"),
    ("xml", "SELECT", "application/sparql-results+xml"),
    ("csv", "SELECT", "text/csv"),
    ("tsv", "ASK", "text/tab-separated-values"),
    ("text/csv", "SELECT", "text/csv"),
    ("json", "CONSTRUCT", "application/ld+json"),
    ("xml", "CONSTRUCT", "application/rdf+xml"),
    ("ttl", "CONSTRUCT", "text/turtle"),
    ("nt", "DESCRIBE", "application/n-triples"),
    ("trig", "CONSTRUCT", "application/trig"),
    ("turtle", "SELECT", None),
    ("csv", "CONSTRUCT", None),
    ("nonsense", "ASK", None),
])
def test_format_parameter_wins_over_accept(client, value, form, expected):
    r = client.get("/sparql", query_string={"query": QUERIES[form], "format": value},
                   headers={"Accept": "application/sparql-results+xml, text/turtle"})
    if expected is None:
        assert r.status_code == 406
    else:
        assert r.status_code == 200
        assert r.content_type.split(";")[0] == expected
