"""SPARQLWrapper, a real client, against the real server: ``briefing-kg serve`` in a
fresh folder (it builds the shipped data first), gunicorn with two workers."""
from __future__ import annotations

import csv
import io
import threading
import time
import urllib.error
import urllib.request

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, N3, POST, TSV, TURTLE, XML, JSONLD, RDFXML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.live.server import copy_data, running_server

pytestmark = pytest.mark.live

SCHEMA = "https://schema.org/"
PERSONS = f"PREFIX schema: <{SCHEMA}> SELECT ?p ?kk ?ru WHERE {{ ?p a schema:Person ; schema:name ?kk , ?ru " \
          "FILTER(lang(?kk) = 'kk' && lang(?ru) = 'ru') } ORDER BY ?p"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("live-sparql")
    copy_data(work)
    with running_server(work, args=("--workers", "2", "--access-log"),
                        env={"BRIEFING_KG_QUERY_TIMEOUT": "2", "BRIEFING_KG_MAX_ROWS": "50"}) as base:
        yield base


def client(server: str, query: str, fmt=None, method=None) -> SPARQLWrapper:
    c = SPARQLWrapper(server + "sparql")
    c.setQuery(query)
    if fmt is not None:
        c.setReturnFormat(fmt)
    if method is not None:
        c.setMethod(method)
    return c


def test_serve_built_the_data_first_and_minted_uris_under_its_base(server):
    data = client(server, PERSONS, JSON).queryAndConvert()
    people = [b["p"]["value"] for b in data["results"]["bindings"]]
    assert people and all(p.startswith(server + "id/person/") for p in people)
    names = {(b["kk"]["value"], b["ru"]["value"]) for b in data["results"]["bindings"]}
    assert ("Серік Ақылбай", "Серік Ақылбай") in names


@pytest.mark.parametrize("method", ["GET", POST])
def test_select_json(server, method):
    data = client(server, PERSONS, JSON, method).queryAndConvert()
    assert data["head"]["vars"] == ["p", "kk", "ru"]
    assert len(data["results"]["bindings"]) >= 3


def test_select_xml(server):
    doc = client(server, PERSONS, XML).queryAndConvert()
    results = doc.getElementsByTagName("result")
    json_rows = client(server, PERSONS, JSON).queryAndConvert()["results"]["bindings"]
    assert len(results) == len(json_rows)


def test_select_csv_and_tsv(server):
    rows = list(csv.reader(io.StringIO(client(server, PERSONS, CSV).queryAndConvert().decode())))
    assert rows[0] == ["p", "kk", "ru"]
    tsv = client(server, PERSONS, TSV).queryAndConvert().decode().rstrip("\n").split("\n")
    assert tsv[0] == "?p\t?kk\t?ru"
    assert len(rows) == len(tsv)


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(server, fmt):
    yes = client(server, f"ASK {{ ?p a <{SCHEMA}Person> }}", fmt).queryAndConvert()
    no = client(server, "ASK { <http://example.org/nothing> ?p ?o }", fmt).queryAndConvert()
    if fmt == XML:
        yes = yes.getElementsByTagName("boolean")[0].firstChild.data == "true"
        no = no.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        yes, no = yes["boolean"], no["boolean"]
    assert yes is True and no is False


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD, RDFXML, N3])
def test_construct_in_rdf_formats(server, fmt):
    query = f"CONSTRUCT {{ ?p <{SCHEMA}name> ?n }} WHERE {{ ?p a <{SCHEMA}Person> ; <{SCHEMA}name> ?n }}"
    g = client(server, query, fmt).queryAndConvert()
    if not isinstance(g, rdflib.Graph):
        g = rdflib.Graph().parse(data=g, format="turtle")
    assert len(g) >= 6
    assert all(str(p) == f"{SCHEMA}name" for p in g.predicates())


def test_describe(server):
    g = client(server, f"DESCRIBE <{server}id/person/akylbay-serik>", TURTLE).queryAndConvert()
    if not isinstance(g, rdflib.Graph):
        g = rdflib.Graph().parse(data=g, format="turtle")
    names = {str(o) for o in g.objects(rdflib.URIRef(f"{server}id/person/akylbay-serik"),
                                       rdflib.URIRef(f"{SCHEMA}name"))}
    assert "Серік Ақылбай" in names


def test_malformed_query_is_query_bad_formed_with_the_parser_message(server):
    with pytest.raises(QueryBadFormed) as info:
        client(server, "SELECT * WHERE { ?s ?p }", JSON).queryAndConvert()
    assert "error at 1:" in str(info.value)


def test_service_is_refused(server):
    with pytest.raises(QueryBadFormed) as info:
        client(server, "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
               JSON).queryAndConvert()
    assert "SERVICE" in str(info.value)


def test_update_is_refused_and_changes_nothing(server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = client(server, count, JSON).queryAndConvert()["results"]["bindings"][0]["n"]["value"]
    update = client(server, "DELETE WHERE { ?s ?p ?o }")
    update.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as info:
        update.query()
    assert info.value.code == 403
    after = client(server, count, JSON).queryAndConvert()["results"]["bindings"][0]["n"]["value"]
    assert before == after != "0"


def test_row_cap_is_explicit(server):
    c = client(server, "SELECT * WHERE { ?s ?p ?o }", JSON)
    result = c.query()
    assert result.info()["x-sparql-truncated"] == "true"
    data = result.convert()
    assert data["truncated"] is True and len(data["results"]["bindings"]) == 50


def test_time_limit_while_other_requests_are_served(server):
    outcome = {}

    def slow():
        started = time.monotonic()
        try:
            client(server, SLOW, JSON).queryAndConvert()
            outcome["status"] = 200
        except urllib.error.HTTPError as error:
            outcome["status"] = error.code
            outcome["body"] = error.read().decode()
        except Exception as error:  # SPARQLWrapper wraps some statuses
            outcome["status"] = getattr(error, "code", None) or str(error)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    quick_started = time.monotonic()
    answers, timings = [], []
    for _ in range(3):
        t = time.monotonic()
        answers.append(client(server, "ASK { ?s ?p ?o }", JSON).queryAndConvert()["boolean"])
        timings.append(round(time.monotonic() - t, 3))
    quick_seconds = time.monotonic() - quick_started
    thread.join(timeout=30)
    assert answers == [True, True, True]
    assert quick_seconds < 1.5, f"quick queries waited for the slow one: {timings}"
    assert outcome["status"] in (504, "504") or "504" in str(outcome["status"]), outcome
    assert outcome["seconds"] < 8
    # the worker that ran it answers again
    for _ in range(4):
        assert client(server, "ASK { ?s ?p ?o }", JSON).queryAndConvert()["boolean"] is True


def test_entity_uris_link_from_the_query_page(server):
    request = urllib.request.Request(server + "sparql?query=" + urllib.request.quote(PERSONS),
                                     headers={"Accept": "text/html"})
    with urllib.request.urlopen(request) as r:
        html = r.read().decode()
    assert 'href="/doc/person/akylbay-serik"' in html
