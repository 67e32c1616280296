"""The guard refuses, before evaluation and with a reason, what would bring the
engine down or call out: SERVICE in any spelling, deep nesting, too many
patterns; and lets ordinary queries that merely mention such words through."""
from __future__ import annotations

import json

import pytest

from briefing_kg.web.sparql import Limits, inspect_query
from briefing_kg.web.errors import QueryRefused, UpdateRefused
from tests.web.sparql_support import make_app

LIMITS = Limits(max_query_length=100_000, max_nesting=100, max_triple_patterns=300)
TARGET = "http://127.0.0.1:9/sparql"

SERVICE_SPELLINGS = [
    f"SELECT * WHERE {{ SERVICE <{TARGET}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ service <{TARGET}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SeRvIcE SILENT <{TARGET}> {{ ?s ?p ?o }} }}",
    f"PREFIX t: <http://127.0.0.1:9/> SELECT * WHERE {{ SERVICE t:sparql {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICE#comment\n<{TARGET}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ OPTIONAL {{ {{ SELECT * {{ SERVICE ?endpoint {{ ?s ?p ?o }} }} }} }} VALUES ?endpoint {{ <{TARGET}> }} }}",
    f"SELECT * WHERE {{ SERVI\\u0043E <{TARGET}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ \\u0053\\u0045\\u0052\\u0056\\u0049\\u0043\\u0045 <{TARGET}> {{ ?s ?p ?o }} }}",
    f"ASK {{ SERVICE <{TARGET}> {{ }} }}",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE\t<{TARGET}>{{?s ?p ?o}} }}",
    f"DESCRIBE ?s WHERE {{ SERVICE <{TARGET}> {{ ?s ?p ?o }} }}",
    f'SELECT * WHERE {{ ?s ?p "x" . SERVICE <{TARGET}> {{ ?s ?p ?o }} }}',
]

HARMLESS = [
    'SELECT ?service WHERE { ?service ?p "SERVICE <http://127.0.0.1:9/>" }',
    "PREFIX SERVICE: <http://example.org/> SELECT * WHERE { ?s SERVICE:x ?o }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> in a comment",
    'SELECT * WHERE { ?s ?p """a\nSERVICE <http://127.0.0.1:9/> { }""" }',
    'SELECT * WHERE { ?s ?p "x"@service }',
]


@pytest.mark.parametrize("query", SERVICE_SPELLINGS)
def test_service_is_refused_in_every_spelling(query):
    with pytest.raises(QueryRefused, match="SERVICE"):
        inspect_query(query, LIMITS)


@pytest.mark.parametrize("query", HARMLESS)
def test_the_word_service_elsewhere_is_fine(query):
    assert inspect_query(query, LIMITS).form == "SELECT"


@pytest.mark.parametrize("query", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX x: <http://x/> delete where { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD <file:///etc/passwd> INTO GRAPH <http://x/>",
    "CLEAR ALL", "DROP SILENT GRAPH <http://x/>", "WITH <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused_before_evaluation(query):
    with pytest.raises(UpdateRefused):
        inspect_query(query, LIMITS)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 101 + "?s ?p ?o" + "}" * 101,
    "SELECT * WHERE { FILTER(" + "(" * 120 + "true" + ")" * 120 + ") }",
    "SELECT * WHERE { FILTER(" + "!" * 200 + "true) }",
    "SELECT * WHERE { ?s " + "(" * 150 + "<p>" + ")" * 150 + " ?o }",
    "SELECT * WHERE { ?s <p> " + "[ <p> " * 150 + "?o" + " ]" * 150 + " }",
    "SELECT * WHERE { ?s <p> " + "(" * 150 + "?o" + ")" * 150 + " }",
    "SELECT * WHERE { FILTER(" + "str(" * 150 + "?x" + ")" * 150 + ") }",
])
def test_deep_nesting_is_refused(query):
    with pytest.raises(QueryRefused, match="deeper than 100"):
        inspect_query(query, LIMITS)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { " + " ".join(f"?s{i} <http://p> ?o{i} ." for i in range(301)) + " }",
    "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 400) + " }",
    "SELECT * WHERE { ?s " + "/".join(["<http://p>"] * 1000) + " ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "||".join(["true"] * 1000) + ") }",
    "SELECT * WHERE { ?s ?p ?o " + " ".join(["OPTIONAL { ?s ?p ?o }"] * 400) + " }",
])
def test_too_many_patterns_are_refused(query):
    with pytest.raises(QueryRefused, match="triple patterns"):
        inspect_query(query, LIMITS)


def test_values_data_does_not_count_as_patterns():
    values = " ".join(f"<http://example.org/{i}>" for i in range(3000))
    query = f"SELECT * WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?o }}"
    assert inspect_query(query, LIMITS).patterns <= 2


def test_ordinary_queries_pass():
    from briefing_kg.resources import query_files

    for path in query_files():
        shape = inspect_query(path.read_text(encoding="utf-8"), LIMITS)
        assert shape.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), path


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("sparql-guard"))
    yield app.test_client()
    app.extensions["briefing_kg"].store.close()


@pytest.mark.parametrize("query", [
    # each of these aborts the whole pyoxigraph 0.5.13 process if evaluated
    "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000,
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }",
    "SELECT * WHERE { " + " UNION ".join(["{?s ?p ?o}"] * 10000) + " }",
])
def test_engine_killers_get_a_400_and_the_endpoint_keeps_answering(client, query):
    r = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    assert r.status_code == 400
    text = r.get_data(as_text=True)
    assert "deeper than 100" in text or "at most 100000 are accepted" in text, text
    ok = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert json.loads(ok.get_data())["boolean"] is True


@pytest.mark.parametrize("query", SERVICE_SPELLINGS[:4])
def test_service_refusal_over_http(client, query):
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 400
    assert "SERVICE (federated query) is not allowed" in r.get_data(as_text=True)
