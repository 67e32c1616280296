"""The row cap says when it cut (header and SPARQL JSON), never a silent 200;
answers are cached per build."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from briefing_kg.store import EmbeddedStore, current_build, open_store
from briefing_kg.config import Config
from tests.web.sparql_support import PERSONS, make_app, write_build

PERSONS_Q = "SELECT ?p WHERE { ?p a <https://schema.org/Person> } ORDER BY ?p"
CAP = 5


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("sparql-trunc"), max_rows=CAP)
    yield app
    app.extensions["briefing_kg"].store.close()


@pytest.fixture
def client(app):
    return app.test_client()


def test_cut_json_says_truncated_in_body_and_header(client):
    r = client.get("/sparql", query_string={"query": PERSONS_Q})
    assert r.status_code == 200
    assert r.headers["X-SPARQL-Truncated"] == "true"
    data = json.loads(r.get_data())
    assert data["truncated"] is True
    assert len(data["results"]["bindings"]) == CAP


def test_result_exactly_at_the_cap_is_not_truncated(client):
    r = client.get("/sparql", query_string={"query": PERSONS_Q + f" LIMIT {CAP}"})
    assert "X-SPARQL-Truncated" not in r.headers
    data = json.loads(r.get_data())
    assert "truncated" not in data and len(data["results"]["bindings"]) == CAP


@pytest.mark.parametrize("fmt,count", [
    ("xml", lambda b: len(ET.fromstring(b).findall(".//{http://www.w3.org/2005/sparql-results#}result"))),
    ("csv", lambda b: len(list(csv.reader(io.StringIO(b.decode())))) - 1),
    ("tsv", lambda b: len(b.decode().rstrip("\n").split("\n")) - 1),
])
def test_other_formats_carry_the_header(client, fmt, count):
    r = client.get("/sparql", query_string={"query": PERSONS_Q, "format": fmt})
    assert r.headers["X-SPARQL-Truncated"] == "true"
    assert count(r.get_data()) == CAP


def test_construct_is_capped_too(client):
    import rdflib

    r = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?p a <https://schema.org/Person> }"},
                   headers={"Accept": "application/n-triples"})
    assert r.headers["X-SPARQL-Truncated"] == "true"
    assert len(rdflib.Graph().parse(data=r.get_data(), format="nt")) == CAP


def test_query_page_says_the_table_is_incomplete(client):
    r = client.get("/sparql", query_string={"query": PERSONS_Q}, headers={"Accept": "text/html"})
    assert r.headers["X-SPARQL-Truncated"] == "true"
    assert f"cut at {CAP} rows" in r.get_data(as_text=True)


class CountingStore(EmbeddedStore):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.executed = 0

    def execute(self, *args, **kwargs):
        self.executed += 1
        return super().execute(*args, **kwargs)


def counting_app(tmp_path, *, cache: bool):
    from briefing_kg.web import create_app

    build = write_build(tmp_path / "dist")
    config = Config(out_dir=build, store_dir=tmp_path / "store", cache=cache)
    open_store(config).close()  # loads the build
    loaded = current_build(config.store_dir)
    store = CountingStore(loaded.directory, build_id=loaded.build_id, base_uri=loaded.base_uri)
    return create_app(config, store=store), store


@pytest.mark.parametrize("cache,expected", [(True, 1), (False, 3)])
def test_answers_are_cached_per_build_when_enabled(tmp_path, cache, expected):
    app, store = counting_app(tmp_path, cache=cache)
    try:
        client = app.test_client()
        bodies = {client.get("/sparql", query_string={"query": PERSONS_Q}).get_data() for _ in range(3)}
        assert len(bodies) == 1
        assert store.executed == expected
        # another format is another answer
        client.get("/sparql", query_string={"query": PERSONS_Q, "format": "csv"})
        assert store.executed == expected + 1
        # a new build id misses every old entry
        store.build_id = "another-build"
        client.get("/sparql", query_string={"query": PERSONS_Q})
        assert store.executed == expected + 2
    finally:
        store.close()


def test_no_cap_returns_every_row(tmp_path):
    app = make_app(tmp_path, max_rows=1000)
    try:
        data = json.loads(app.test_client().get("/sparql", query_string={"query": PERSONS_Q}).get_data())
        assert len(data["results"]["bindings"]) == PERSONS and "truncated" not in data
    finally:
        app.extensions["briefing_kg"].store.close()


def test_cut_json_still_parses_in_strict_clients(client):
    import pyoxigraph as ox
    import rdflib.query

    body = client.get("/sparql", query_string={"query": PERSONS_Q}).get_data()
    assert len(list(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))) == CAP
    assert len(rdflib.query.Result.parse(io.BytesIO(body), format="json")) == CAP
