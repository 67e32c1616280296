"""Errors: one shape in three renderings, the status that names whose fault it is,
the time limit, and the body and length caps."""
from __future__ import annotations

import json
import time

import pytest

from briefing_kg import formats
from briefing_kg.config import Config
from briefing_kg.store import EmbeddedStore, current_build
from tests.web.sparql_support import make_app

SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?q ?r ?t }")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("sparql-errors"), query_timeout=1.0, max_body_bytes=20_000,
                   max_query_length=5_000)
    yield app
    app.extensions["briefing_kg"].store.close()


@pytest.fixture
def client(app):
    return app.test_client()


def test_malformed_query_is_400_with_the_parsers_message(client):
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    text = r.get_data(as_text=True)
    assert text.startswith("400 Bad Request: error at 1:")
    assert r.content_type == "text/plain; charset=utf-8"


def test_error_as_json_when_asked(client):
    r = client.get("/sparql", query_string={"query": "ASK {"}, headers={"Accept": "application/json"})
    assert r.status_code == 400
    body = json.loads(r.get_data())
    assert body["ok"] is False and body["status"] == 400 and body["error"] == "Bad Request"
    assert body["message"].startswith("error at 1:")


def test_error_as_html_for_browsers_is_escaped(client):
    r = client.get("/nowhere/<script>alert(1)</script>", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert r.content_type.startswith("text/html")
    assert "<script>alert(1)</script>" not in r.get_data(as_text=True)


def test_unknown_path_is_404_in_the_same_shape(client):
    r = client.get("/no/such/thing", headers={"Accept": "application/json"})
    assert r.status_code == 404
    assert json.loads(r.get_data())["status"] == 404


def test_time_limit_answers_504_and_the_next_query_is_served(client):
    started = time.monotonic()
    r = client.get("/sparql", query_string={"query": SLOW})
    elapsed = time.monotonic() - started
    assert r.status_code == 504
    assert "1 s limit" in r.get_data(as_text=True)
    assert elapsed < 5
    after = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert after.status_code == 200
    assert json.loads(after.get_data())["boolean"] is True


def test_body_over_the_cap_is_413(client):
    query = "ASK {} #" + "x" * 30_000
    r = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    assert r.status_code == 413
    form = client.post("/sparql", data={"query": query})
    assert form.status_code == 413


def test_query_over_the_length_cap_is_400_that_says_so(client):
    r = client.post("/sparql", data=("ASK {} #" + "x" * 6_000).encode(), content_type="application/sparql-query")
    assert r.status_code == 400
    assert "at most 5000" in r.get_data(as_text=True)


def test_invalid_utf8_body_is_400(client):
    r = client.post("/sparql", data=b"ASK { ?s ?p \xff\xfe }", content_type="application/sparql-query")
    assert r.status_code == 400
    assert "UTF-8" in r.get_data(as_text=True)


def test_invalid_utf8_in_the_url_is_400(client):
    r = client.get("/sparql?query=ASK%20%7B%7D%FF")
    assert r.status_code == 400
    assert "UTF-8" in r.get_data(as_text=True)


class BrokenStore(EmbeddedStore):
    def execute(self, *args, **kwargs):
        raise RuntimeError("secret internal detail /etc/passwd")


def test_our_bug_is_a_500_that_leaks_nothing(tmp_path):
    good = make_app(tmp_path)
    good.extensions["briefing_kg"].store.close()
    loaded = current_build(tmp_path / "store")
    broken = BrokenStore(loaded.directory, build_id=loaded.build_id, base_uri=loaded.base_uri,
                         isolate_queries=False)
    from briefing_kg.web import create_app

    app = create_app(Config(out_dir=tmp_path / "dist", store_dir=tmp_path / "store"), store=broken)
    r = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert r.status_code == 500
    text = r.get_data(as_text=True)
    assert "secret" not in text and "passwd" not in text and "Traceback" not in text
    assert "internal error" in text


def test_store_down_is_503(tmp_path):
    from briefing_kg.store import RemoteStore
    from briefing_kg.web import create_app

    store = RemoteStore("http://127.0.0.1:9/query", build_id="x", base_uri="http://localhost:8080/",
                        default_timeout=2)
    app = create_app(Config(out_dir=tmp_path, store_dir=tmp_path / "s", store_url="http://127.0.0.1:9/query"),
                     store=store)
    r = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert r.status_code == 503
    assert "cannot be reached" in r.get_data(as_text=True)


def test_not_acceptable_names_the_formats_to_ask_for(client):
    r = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    text = r.get_data(as_text=True)
    for f in formats.BOOLEAN_FORMATS:
        assert f.media_type in text


def test_a_query_process_that_dies_mid_query_is_a_500_and_is_replaced(tmp_path):
    import os
    import signal
    import threading

    app = make_app(tmp_path, query_timeout=30.0)
    store = app.extensions["briefing_kg"].store
    try:
        client = app.test_client()
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
        (runner,) = store._runner._all  # the one query process of this (single-threaded) app
        pid = runner._proc.pid
        outcome = {}
        thread = threading.Thread(target=lambda: outcome.setdefault(
            "response", client.get("/sparql", query_string={"query": SLOW})))
        thread.start()
        time.sleep(0.5)
        os.kill(pid, signal.SIGKILL)  # as an engine abort would end it
        thread.join(timeout=10)
        response = outcome["response"]
        assert response.status_code == 500
        assert "query engine stopped" in response.get_data(as_text=True)
        after = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
        assert after.status_code == 200 and runner._proc.pid != pid
    finally:
        store.close()
