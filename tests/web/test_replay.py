"""Answers replayed at the WSGI boundary: same bytes and headers, no second evaluation,
never across negotiation, conditions, methods or builds."""
from __future__ import annotations

import pytest

from briefing_kg.web import site
from briefing_kg.web.replay import REPLAYABLE
from tests.web.pages_support import close_app, make_app

QUERY = "SELECT ?s WHERE { ?s a <https://schema.org/Person> } ORDER BY ?s"


@pytest.fixture
def app(seed_build):
    app = make_app(seed_build)
    yield app
    close_app(app)


@pytest.fixture
def evaluations(app, monkeypatch):
    with app.app_context():
        store = site().store
    calls = []
    original = store.execute

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(store, "execute", counting)
    return calls


def get(client, accept="application/sparql-results+json", query=QUERY, **headers):
    return client.get("/sparql", query_string={"query": query}, headers={"Accept": accept, **headers})


def test_a_repeated_query_is_answered_without_reaching_the_application(app, evaluations, monkeypatch):
    client = app.test_client()
    first = get(client)
    assert first.status_code == 200 and len(evaluations) == 1
    # From now on the Flask application must not run at all for this request.
    monkeypatch.setattr(app, "full_dispatch_request", lambda: (_ for _ in ()).throw(AssertionError("reached Flask")))
    second = get(client)
    assert second.status_code == 200
    assert second.get_data() == first.get_data()
    assert dict(second.headers) == dict(first.headers)
    assert REPLAYABLE not in first.headers and REPLAYABLE not in second.headers
    assert second.headers["Access-Control-Allow-Origin"] == "*"


def test_negotiation_is_part_of_the_key(app, evaluations):
    client = app.test_client()
    as_json = get(client)
    as_csv = get(client, accept="text/csv")
    assert as_json.content_type.startswith("application/sparql-results+json")
    assert as_csv.content_type.startswith("text/csv")
    assert as_json.get_data() != as_csv.get_data()
    assert len(evaluations) == 2
    assert get(client, accept="text/csv").get_data() == as_csv.get_data()
    assert get(client).get_data() == as_json.get_data()
    assert len(evaluations) == 2


def test_conditional_and_ranged_requests_go_to_the_application(app, evaluations, monkeypatch):
    client = app.test_client()
    get(client)
    reached = []
    original = app.full_dispatch_request
    monkeypatch.setattr(app, "full_dispatch_request", lambda: reached.append(1) or original())
    get(client, **{"If-None-Match": '"x"'})
    get(client, Range="bytes=0-10")
    assert len(reached) == 2


def test_errors_and_posts_are_not_replayed(app, monkeypatch):
    client = app.test_client()
    bad = get(client, query="SELECT WHERE {")
    assert bad.status_code == 400
    reached = []
    original = app.full_dispatch_request
    monkeypatch.setattr(app, "full_dispatch_request", lambda: reached.append(1) or original())
    assert get(client, query="SELECT WHERE {").status_code == 400
    client.post("/sparql", data={"query": QUERY}, headers={"Accept": "application/sparql-results+json"})
    client.post("/sparql", data={"query": QUERY}, headers={"Accept": "application/sparql-results+json"})
    assert len(reached) == 3


def test_a_new_build_is_never_answered_from_the_old_one(app, monkeypatch):
    client = app.test_client()
    get(client)
    with app.app_context():
        store = site().store
    reached = []
    original = app.full_dispatch_request
    monkeypatch.setattr(app, "full_dispatch_request", lambda: reached.append(1) or original())
    monkeypatch.setattr(type(store), "build_id", property(lambda self: "another-build"), raising=False)
    get(client)
    assert reached == [1]


def test_entity_documents_are_replayed_too(app, monkeypatch):
    client = app.test_client()
    first = client.get("/doc/person/akylbay-serik", headers={"Accept": "text/turtle"})
    assert first.status_code == 200
    monkeypatch.setattr(app, "full_dispatch_request", lambda: (_ for _ in ()).throw(AssertionError("reached Flask")))
    again = client.get("/doc/person/akylbay-serik", headers={"Accept": "text/turtle"})
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]


def test_without_the_cache_every_request_reaches_the_application(seed_build):
    app = make_app(seed_build, cache=False)
    try:
        reached = []
        original = app.full_dispatch_request
        app.full_dispatch_request = lambda: reached.append(1) or original()
        client = app.test_client()
        get(client)
        get(client)
        assert reached == [1, 1]
    finally:
        close_app(app)
