"""The SPARQL 1.1 Protocol over the Flask test client: operations, datasets,
updates, methods, CORS, service description."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest
import rdflib

from tests.web.sparql_support import BASE, PERSONS, RELEASES, make_app

COUNT_PERSONS = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://schema.org/Person> }"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("sparql-protocol"))
    yield app
    app.extensions["briefing_kg"].store.close()


@pytest.fixture
def client(app):
    return app.test_client()


def number(response) -> int:
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json(force=True)
    return int(data["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_direct_give_the_same_answer(client):
    by_get = client.get("/sparql", query_string={"query": COUNT_PERSONS})
    by_form = client.post("/sparql", data={"query": COUNT_PERSONS})
    by_body = client.post("/sparql", data=COUNT_PERSONS.encode(), content_type="application/sparql-query")
    assert number(by_get) == number(by_form) == number(by_body) == PERSONS
    assert by_get.content_type == "application/sparql-results+json; charset=utf-8"


def test_trailing_slash_is_the_same_endpoint(client):
    assert number(client.get("/sparql/", query_string={"query": COUNT_PERSONS})) == PERSONS


def test_default_graph_is_the_union_of_the_release_graphs(client):
    query = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a <https://schema.org/Event> }"
    assert number(client.get("/sparql", query_string={"query": query})) == len(RELEASES)


def test_default_graph_uri_narrows_the_default_graph_to_one_release(client):
    graph = f"{BASE}graph/release/{RELEASES[0]}"
    response = client.get("/sparql", query_string={"query": COUNT_PERSONS, "default-graph-uri": graph})
    assert number(response) == PERSONS // len(RELEASES)


def test_two_default_graph_uris_are_merged(client):
    graphs = [f"{BASE}graph/release/{r}" for r in RELEASES[:2]]
    qs = "query=" + quote(COUNT_PERSONS) + "".join("&default-graph-uri=" + quote(g, safe="") for g in graphs)
    assert number(client.get("/sparql?" + qs)) == 2 * PERSONS // len(RELEASES)


def test_named_graph_uri_limits_graph_patterns_and_empties_the_default_graph(client):
    graph = f"{BASE}graph/release/{RELEASES[1]}"
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert number(client.get("/sparql", query_string={"query": query, "named-graph-uri": graph})) == 1
    # only named graphs given: the default graph is empty (SPARQL 1.1 Query, 13.2)
    assert number(client.get("/sparql", query_string={"query": COUNT_PERSONS, "named-graph-uri": graph})) == 0


def test_dataset_in_the_protocol_overrides_from_in_the_query(client):
    graph = f"{BASE}graph/release/{RELEASES[0]}"
    query = f"SELECT (COUNT(DISTINCT ?p) AS ?n) FROM <{BASE}graph/reference> WHERE {{ ?p a <https://schema.org/Person> }}"
    assert number(client.get("/sparql", query_string={"query": query})) == 0
    assert number(client.get("/sparql", query_string={"query": query, "default-graph-uri": graph})) == 4


def test_a_graph_the_store_does_not_hold_reads_as_empty(client):
    response = client.get("/sparql", query_string={"query": COUNT_PERSONS,
                                                   "default-graph-uri": "http://example.org/not-here"})
    assert number(response) == 0
    ask = client.get("/sparql", query_string={"query": "ASK {}", "default-graph-uri": "http://example.org/x"})
    assert ask.get_json(force=True)["boolean"] is True


def test_dataset_parameter_that_is_not_an_iri_is_a_400(client):
    response = client.get("/sparql", query_string={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert "default-graph-uri" in response.get_data(as_text=True)


def test_more_than_one_query_is_a_400(client):
    response = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20*%20%7B%7D")
    assert response.status_code == 400
    assert "exactly one 'query'" in response.get_data(as_text=True)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json"])
def test_post_with_another_media_type_is_a_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", data=b"query=ASK%20%7B%7D", headers=headers)
    assert response.status_code == 415
    assert "application/sparql-query" in response.get_data(as_text=True)


def test_post_in_utf16_is_a_415(client):
    response = client.post("/sparql", data="ASK {}".encode("utf-16"),
                           content_type="application/sparql-query; charset=UTF-16")
    assert response.status_code == 415
    assert "UTF-8" in response.get_data(as_text=True)


def test_post_without_a_query_is_a_400(client):
    response = client.post("/sparql", data={"nothing": "here"})
    assert response.status_code == 400
    assert "no query" in response.get_data(as_text=True)


@pytest.mark.parametrize("request_kwargs", [
    {"method": "POST", "data": {"update": "CLEAR ALL"}},
    {"method": "POST", "data": b"DROP ALL", "content_type": "application/sparql-update"},
    {"method": "GET", "query_string": {"update": "CLEAR ALL"}},
    {"method": "GET", "query_string": {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
    {"method": "POST", "data": b"PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
     "content_type": "application/sparql-query"},
])
def test_updates_are_refused_and_change_nothing(client, request_kwargs):
    before = number(client.get("/sparql", query_string={"query": COUNT_PERSONS}))
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.get_data(as_text=True)
    assert number(client.get("/sparql", query_string={"query": COUNT_PERSONS})) == before == PERSONS


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(client, method):
    response = client.open("/sparql", method=method, query_string={"query": "ASK {}"})
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "POST", "OPTIONS"}


def test_cors_on_answers_and_preflight(client):
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-SPARQL-Truncated" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options("/sparql", headers={"Origin": "https://example.org",
                                                   "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_cors_can_be_switched_off(tmp_path):
    app = make_app(tmp_path, cors=False)
    try:
        response = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
        assert "Access-Control-Allow-Origin" not in response.headers
    finally:
        app.extensions["briefing_kg"].store.close()


SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.mark.parametrize("accept,rdflib_format", [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
    ("application/n-triples", "nt"), ("*/*", "turtle"), (None, "turtle"),
])
def test_service_description_when_rdf_is_asked(client, accept, rdflib_format):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", headers=headers)
    assert response.status_code == 200
    g = rdflib.Graph().parse(data=response.get_data(), format=rdflib_format)
    service = rdflib.URIRef(f"{BASE}sparql")
    assert (service, rdflib.RDF.type, SD.Service) in g
    assert (service, SD.endpoint, service) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in g
    names = {str(o) for o in g.objects(None, SD.name)}
    assert {f"{BASE}graph/release/{r}" for r in RELEASES} <= names
    assert f"{BASE}graph/catalog" in names


def test_service_description_uses_the_configured_base_not_the_host_header(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle", "Host": "evil.example"})
    text = response.get_data(as_text=True)
    assert f"<{BASE}sparql>" in text
    assert "evil.example" not in text


def test_browser_gets_the_query_page_with_examples(client):
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.content_type.startswith("text/html")
    html = response.get_data(as_text=True)
    assert '<textarea id="sparql-query"' in html
    assert "static/sparql/query.js" in html
    from briefing_kg.resources import query_files

    files = query_files()
    assert html.count('class="example"') == len(files)


def test_query_page_works_with_no_example_queries(client, monkeypatch):
    import briefing_kg.web.sparql as sparql

    monkeypatch.setattr(sparql, "query_files", lambda: [])
    response = client.get("/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "No example queries are installed." in response.get_data(as_text=True)


def test_query_page_loads_no_external_assets(client):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True),
                         "html.parser")
    assets = [t.get("src") for t in page.find_all("script")] + \
             [t.get("href") for t in page.find_all("link", rel="stylesheet")]
    assert assets and all(a.startswith("/static/") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200


def test_query_page_shows_results_as_a_table_linking_entity_pages(client):
    from bs4 import BeautifulSoup

    query = ("SELECT ?p ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name "
             "FILTER(lang(?name) = 'kk') } ORDER BY ?p")
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    table = page.find("table", class_="results")
    assert [th.get_text() for th in table.find_all("th")] == ["?p", "?name"]
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == PERSONS
    first = rows[0].find_all("td")
    assert first[0].find("a")["href"] == "/doc/person/person-1-0"
    assert first[1].get_text().startswith("Адам 1-0")


def test_query_page_shows_the_parser_message_for_a_bad_query(client):
    response = client.get("/sparql", query_string={"query": "SELECT * {", "format": "html"})
    assert response.status_code == 400
    assert "error at 1:" in response.get_data(as_text=True)
    assert 'id="sparql-query"' in response.get_data(as_text=True)


def test_landing_page_style_link_runs_in_a_browser(client):
    response = client.get("/sparql?query=ASK%20%7B%7D", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "<code>true</code>" in response.get_data(as_text=True)
    plain = client.get("/sparql?query=ASK%20%7B%7D", headers={"Accept": "*/*"})
    assert json.loads(plain.get_data()) == {"head": {}, "boolean": True}
