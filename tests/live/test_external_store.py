"""External-store mode against a real Oxigraph server started here: ``briefing-kg
publish --store URL`` loads the build through the Graph Store Protocol, ``briefing-kg
serve --store URL`` answers through the server's query endpoint, and the answers
are the same as the embedded store's."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
import rdflib

from tests.live.server import command, free_port, running_server
from tests.web.sparql_support import PERSONS, RELEASES, write_build

pytestmark = pytest.mark.live

SCHEMA = "https://schema.org/"


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(work: Path):
    """A real ``oxigraph serve`` on 127.0.0.1 with its own data folder; yields its base URL."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph)")
    port = free_port()
    log = open(work / "oxigraph.log", "wb")
    proc = subprocess.Popen([binary, "serve", "--location", str(work / "data"), "--bind", f"127.0.0.1:{port}",
                             "--timeout-s", "5"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((work / "oxigraph.log").read_text(errors="replace"))
                time.sleep(0.2)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def oxi_select(oxigraph: str, query: str) -> list[dict]:
    request = urllib.request.Request(oxigraph + "query?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request) as r:
        return json.loads(r.read())["results"]["bindings"]


def publish(work: Path, base: str, store_url: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_KG_")}
    return subprocess.run([*command(), "--base-uri", base, "publish", "--store", store_url],
                          cwd=work, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def servers(tmp_path_factory, oxigraph):
    """(embedded server URL, external-store server URL), both for the same build and base."""
    base = f"http://127.0.0.1:{free_port()}/"
    embedded_dir = tmp_path_factory.mktemp("embedded")
    remote_dir = tmp_path_factory.mktemp("remote")
    write_build(embedded_dir / "dist", base=base)
    write_build(remote_dir / "dist", base=base)
    done = publish(remote_dir, base, oxigraph + "query")
    assert done.returncode == 0, done.stderr
    assert f"{len(RELEASES) + 3} named graphs" in done.stdout  # releases, reference, ontology, catalog
    env = {"BRIEFING_KG_MAX_ROWS": "5", "BRIEFING_KG_QUERY_TIMEOUT": "2"}
    with running_server(embedded_dir, base_uri=base, env=env) as embedded, \
            running_server(remote_dir, base_uri=base, env=env, args=("--store", oxigraph + "query")) as remote:
        yield embedded, remote


def fetch(url: str, path: str, accept: str | None = None, data: bytes | None = None,
          content_type: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url + path.lstrip("/"), data=data)
    if accept:
        request.add_header("Accept", accept)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def q(query: str, **params) -> str:
    return "sparql?" + urllib.parse.urlencode({"query": query, **params})


def test_publish_loaded_named_graphs_and_the_union_as_default_graph(servers, oxigraph):
    graphs = {b["g"]["value"] for b in oxi_select(oxigraph, "SELECT DISTINCT ?g { GRAPH ?g { } }")}
    releases = sorted(g.split("/graph/release/")[1] for g in graphs if "/graph/release/" in g)
    assert releases == sorted(RELEASES)
    assert any(g.endswith("/graph/reference") for g in graphs)
    assert any(g.endswith("/graph/catalog") for g in graphs)
    default = oxi_select(oxigraph, f"SELECT (COUNT(DISTINCT ?p) AS ?n) {{ ?p a <{SCHEMA}Person> }}")
    assert int(default[0]["n"]["value"]) == PERSONS


SAME_ANSWERS = [
    (f"SELECT ?p ?n WHERE {{ ?p a <{SCHEMA}Person> ; <{SCHEMA}name> ?n }} ORDER BY ?p ?n", "application/sparql-results+json"),
    (f"SELECT ?p ?n WHERE {{ ?p a <{SCHEMA}Person> ; <{SCHEMA}name> ?n }} ORDER BY ?p ?n", "text/csv"),
    (f"SELECT ?e ?d WHERE {{ ?e <{SCHEMA}startDate> ?d }} ORDER BY ?d", "application/sparql-results+xml"),
    ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "text/tab-separated-values"),
    (f"ASK {{ ?p a <{SCHEMA}Person> }}", "application/sparql-results+json"),
    ("ASK { <http://example.org/none> ?p ?o }", "application/sparql-results+xml"),
]


@pytest.mark.parametrize("query,accept", SAME_ANSWERS)
def test_same_answers_as_the_embedded_store(servers, query, accept):
    embedded, remote = servers
    a = fetch(embedded, q(query), accept)
    b = fetch(remote, q(query), accept)
    assert a[0] == b[0] == 200
    assert a[1]["content-type"] == b[1]["content-type"]
    assert a[2] == b[2]
    assert a[1].get("x-sparql-truncated") == b[1].get("x-sparql-truncated")


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                        ("application/rdf+xml", "xml")])
def test_same_graphs_as_the_embedded_store(servers, accept, fmt):
    embedded, remote = servers
    # under the row cap (5), so both answers are complete
    query = f"CONSTRUCT {{ ?e <{SCHEMA}startDate> ?d }} WHERE {{ ?e a <{SCHEMA}Event> ; <{SCHEMA}startDate> ?d }}"
    graphs = []
    for url in servers:
        status, headers, body = fetch(url, q(query), accept)
        assert status == 200 and headers["content-type"].startswith(accept)
        graphs.append(rdflib.Graph().parse(data=body, format=fmt))
    assert len(graphs[0]) == len(RELEASES)
    assert set(graphs[0]) == set(graphs[1])


def test_dataset_parameters_through_the_external_store(servers):
    embedded, _remote = servers
    base = json.loads(fetch(embedded, q(f"SELECT ?p {{ ?p a <{SCHEMA}Person> }} LIMIT 1"))[2])
    person = base["results"]["bindings"][0]["p"]["value"]
    root = person.split("id/person/")[0]
    params = {"default-graph-uri": f"{root}graph/release/{RELEASES[0]}"}
    query = f"SELECT (COUNT(DISTINCT ?p) AS ?n) {{ ?p a <{SCHEMA}Person> }}"
    answers = [fetch(url, q(query, **params))[2] for url in servers]
    assert answers[0] == answers[1]
    assert json.loads(answers[0])["results"]["bindings"][0]["n"]["value"] == str(PERSONS // len(RELEASES))
    named = {"named-graph-uri": f"{root}graph/release/{RELEASES[1]}"}
    query = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    answers = [fetch(url, q(query, **named))[2] for url in servers]
    assert answers[0] == answers[1]
    assert json.loads(answers[0])["results"]["bindings"][0]["n"]["value"] == "0"


def test_truncation_is_the_same(servers):
    query = f"SELECT ?p WHERE {{ ?p a <{SCHEMA}Person> }} ORDER BY ?p"
    answers = [fetch(url, q(query)) for url in servers]
    for status, headers, body in answers:
        assert status == 200 and headers["x-sparql-truncated"] == "true"
        assert json.loads(body)["truncated"] is True
    assert answers[0][2] == answers[1][2]


@pytest.mark.parametrize("query,status", [
    ("SELECT * WHERE { ?s ?p }", 400),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 400),
    ("DELETE WHERE { ?s ?p ?o }", 403),
])
def test_errors_are_the_same(servers, query, status):
    answers = [fetch(url, q(query)) for url in servers]
    assert [a[0] for a in answers] == [status, status]
    if status == 400 and "SERVICE" not in query:
        assert all(b"error at 1:" in a[2] or b"Parser error" in a[2] or b"expected" in a[2] for a in answers)


def test_time_limit_in_external_mode(servers):
    _embedded, remote = servers
    started = time.monotonic()
    status, _h, body = fetch(remote, q("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"))
    assert status == 504, body
    assert time.monotonic() - started < 10
    assert fetch(remote, q("ASK {}"))[0] == 200


def test_entity_documents_are_the_same(servers):
    embedded, remote = servers
    listing = json.loads(fetch(embedded, q(f"SELECT ?p {{ ?p a <{SCHEMA}Person> }} ORDER BY ?p LIMIT 1"))[2])
    person = listing["results"]["bindings"][0]["p"]["value"]
    path = "doc/" + person.split("/id/", 1)[1]
    answers = [fetch(url, path, "text/turtle") for url in servers]
    if answers[0][0] == 404 and answers[1][0] == 404:
        pytest.skip("entity pages are not registered in this checkout")
    assert answers[0][0] == answers[1][0] == 200
    graphs = [set(rdflib.Graph().parse(data=a[2], format="turtle")) for a in answers]
    assert graphs[0] == graphs[1] and graphs[0]


def test_republish_replaces_graphs_whole_and_drops_stale_ones(tmp_path):
    with oxigraph_server(tmp_path) as oxigraph:
        check_republish(tmp_path, oxigraph)


def check_republish(tmp_path: Path, oxigraph: str) -> None:
    base = f"http://127.0.0.1:{free_port()}/"
    dist = write_build(tmp_path / "dist", base=base, build_id="two-releases")
    trig = (dist / "briefing-kg.trig").read_text(encoding="utf-8")
    dropped = f"<{base}graph/release/{RELEASES[-1]}> {{"
    start = trig.index(dropped)
    (dist / "briefing-kg.trig").write_text(trig[:start] + trig[trig.index("}\n", start) + 2:], encoding="utf-8")
    for _ in range(2):  # publishing twice leaves the same state
        done = publish(tmp_path, base, oxigraph + "query")
        assert done.returncode == 0, done.stderr
    graphs = {b["g"]["value"] for b in oxi_select(oxigraph, "SELECT DISTINCT ?g { GRAPH ?g { } }")}
    assert f"{base}graph/release/{RELEASES[-1]}" not in graphs
    assert f"{base}graph/release/{RELEASES[0]}" in graphs
    count = oxi_select(oxigraph, f"SELECT (COUNT(DISTINCT ?p) AS ?n) {{ ?p a <{SCHEMA}Person> . FILTER(STRSTARTS(STR(?p), '{base}')) }}")
    assert int(count[0]["n"]["value"]) == PERSONS - PERSONS // len(RELEASES)
