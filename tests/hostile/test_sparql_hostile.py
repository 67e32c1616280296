"""Hostile requests to the SPARQL endpoint of the running server (gunicorn, real
query processes). A listener on 127.0.0.1 is the target of everything that could
make the server fetch something: SERVICE in many spellings, FROM / FROM NAMED,
dataset parameters, LOAD, a remote JSON-LD @context, an XML external entity,
``file:`` IRIs. No connection may reach it, no answer may be a 5xx, nothing from
the file system may leak, and the server keeps answering."""
from __future__ import annotations

import http.client
import socket
import threading
import time
from urllib.parse import quote, urlencode, urlsplit

import pytest

from tests.live.server import free_port, running_server
from tests.web.sparql_support import write_build

pytestmark = pytest.mark.live

SECRET_MARKERS = ("root:x:0:0", "root:*:0:0", "daemon:", "PRIVATE KEY")


class Listener:
    """Accepts and records every TCP connection made to it."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.connections: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            conn.settimeout(0.5)
            try:
                first = conn.recv(200).decode("latin-1", "replace")
            except OSError:
                first = ""
            self.connections.append(f"{addr}: {first[:80]!r}")
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    lst = Listener()
    # control: the listener does see a connection, so "no connection" below means something
    socket.create_connection(("127.0.0.1", lst.port), timeout=2).close()
    deadline = time.monotonic() + 3
    while not lst.connections and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(lst.connections) == 1
    lst.connections.clear()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, listener):
    work = tmp_path_factory.mktemp("sparql-hostile")
    port = free_port()
    write_build(work / "dist", base=f"http://127.0.0.1:{port}/")
    with running_server(work, port=port, env={"BRIEFING_KG_MAX_BODY_BYTES": "200000",
                                              "BRIEFING_KG_QUERY_TIMEOUT": "3"}) as url:
        yield url
    assert listener.connections == [], f"the server connected to the listener: {listener.connections}"


def send(server, method, path, *, body=None, headers=None) -> tuple[int, dict, bytes]:
    parts = urlsplit(server)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        hdrs = dict(headers or {})
        if body is not None and "Content-Length" not in hdrs and "Transfer-Encoding" not in hdrs:
            hdrs["Content-Length"] = str(len(body))
        conn.putrequest(method, path, skip_accept_encoding=True, skip_host="Host" in hdrs)
        for k, v in hdrs.items():
            conn.putheader(k, v)
        conn.endheaders()
        if body is not None:
            conn.send(body)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def get(server, params, headers=None):
    return send(server, "GET", "/sparql?" + urlencode(params, quote_via=quote), headers=headers)


def clean(status, body, allowed):
    assert status in allowed, (status, body[:300])
    text = body.decode("utf-8", "replace")
    for marker in SECRET_MARKERS:
        assert marker not in text


def service_spellings(url: str) -> list[str]:
    host = url.rstrip("/")
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX l: <{host}/> SELECT * WHERE {{ SERVICE l:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE#x\n<{url}> {{ }} }}",
        f"SELECT * WHERE {{ SERVI\\u0043E <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"ASK {{ OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ SERVICE <{host.replace('127.0.0.1', 'localhost')}/> {{ ?s ?p ?o }} }}",
    ]


def test_service_is_refused_and_never_called(server, listener):
    for query in service_spellings(listener.url):
        status, _h, body = get(server, {"query": query})
        clean(status, body, (400,))
        assert b"SERVICE" in body
        status, _h, body = send(server, "POST", "/sparql", body=query.encode(),
                                headers={"Content-Type": "application/sparql-query"})
        clean(status, body, (400,))
    time.sleep(0.5)
    assert listener.connections == []


def test_from_and_dataset_parameters_never_fetch(server, listener):
    url = listener.url
    cases = [
        {"query": f"SELECT * FROM <{url}graph> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{url}graph> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": url + "data.ttl"},
        {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": url + "data.ttl"},
        {"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"},
        {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd"},
        {"query": "SELECT * WHERE { GRAPH <file:///etc/passwd> { ?s ?p ?o } }"},
    ]
    for params in cases:
        status, _h, body = get(server, params)
        clean(status, body, (200,))
        assert b'"bindings":[]' in body, body[:300]
    time.sleep(0.5)
    assert listener.connections == []


@pytest.mark.parametrize("params", [
    {"update": "LOAD <{url}data.ttl>"},
    {"query": "LOAD <{url}data.ttl>"},
    {"query": "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://x/>"},
    {"update": "LOAD <file:///etc/passwd>"},
])
def test_load_is_refused(server, listener, params):
    params = {k: v.format(url=listener.url) for k, v in params.items()}
    status, _h, body = send(server, "POST", "/sparql", body=urlencode(params).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    clean(status, body, (403,))
    assert b"read-only" in body


@pytest.mark.parametrize("content_type,body", [
    ("application/ld+json", '{{"@context": "{url}context.jsonld", "@id": "http://x/a"}}'),
    ("application/rdf+xml", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">'
                            '<!ENTITY f SYSTEM "{url}dtd">]><r>&e;&f;</r>'),
    ("application/sparql-results+xml", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{url}x">]><r>&e;</r>'),
    ("text/turtle", "@prefix x: <{url}> . x:a x:b x:c ."),
])
def test_rdf_bodies_are_not_parsed(server, listener, content_type, body):
    status, _h, answer = send(server, "POST", "/sparql", body=body.format(url=listener.url).encode(),
                              headers={"Content-Type": content_type})
    clean(status, answer, (415,))


def test_invalid_utf8_is_400(server):
    status, _h, body = send(server, "POST", "/sparql", body=b"SELECT * WHERE { ?s ?p \xc3\x28 }",
                            headers={"Content-Type": "application/sparql-query"})
    clean(status, body, (400,))
    status, _h, body = send(server, "POST", "/sparql", body=b"query=ASK%20%7B%7D%FF%FE",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    clean(status, body, (400,))
    status, _h, body = send(server, "GET", "/sparql?query=ASK%20%7B%7D%C0%AF")
    clean(status, body, (400,))


def test_huge_bodies_are_413(server):
    big = b"ASK {} #" + b"x" * 3_000_000
    status, _h, body = send(server, "POST", "/sparql", body=big,
                            headers={"Content-Type": "application/sparql-query"})
    clean(status, body, (413,))
    form = b"query=" + b"A" * 3_000_000
    status, _h, body = send(server, "POST", "/sparql", body=form,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    clean(status, body, (413,))


def test_chunked_body_over_the_cap_is_413(server):
    chunk = b"x" * 100_000
    payload = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(5)) + b"0\r\n\r\n"
    status, _h, body = send(server, "POST", "/sparql", body=payload,
                            headers={"Content-Type": "application/sparql-query", "Transfer-Encoding": "chunked"})
    clean(status, body, (413,))


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_write_methods_are_405(server, method):
    status, headers, body = send(server, method, "/sparql?query=ASK%20%7B%7D", body=b"CLEAR ALL",
                                 headers={"Content-Type": "application/sparql-update"})
    clean(status, body, (405,))
    assert "POST" in headers["allow"]


def test_script_in_echoed_parameters_is_escaped(server):
    script = "<script>alert(1)</script>"
    cases = [
        ({"query": f"SELECT * WHERE {{ ?s ?p '{script}' }}"}, 200),
        ({"query": f"SELECT * WHERE {{ {script} }}"}, 400),
        ({"query": "ASK {}", "format": script}, 406),
        ({"query": "ASK {}", "lang": script}, None),
        ({"query": "ASK {}", "default-graph-uri": script}, 400),
    ]
    for params, expected in cases:
        status, headers, body = get(server, params, headers={"Accept": "text/html"})
        assert status < 500 and (expected is None or status == expected), (params, status, body[:200])
        assert script.encode() not in body
        if expected == 200:
            assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown, as text


@pytest.mark.parametrize("param", ["format", "lang"])
def test_header_injection_through_parameters(server, param):
    status, headers, body = send(server, "GET", f"/sparql?query=ASK%20%7B%7D&{param}=json%0d%0aX-Injected:%201")
    assert status < 500
    assert "x-injected" not in headers


def test_host_header_does_not_steer_links(server):
    status, _h, body = send(server, "GET", "/sparql", headers={"Host": "evil.example", "Accept": "text/turtle"})
    assert status == 200
    assert b"evil.example" not in body and f"<{server}sparql>".encode() in body
    status, _h, body = send(server, "GET", "/sparql", headers={"Host": "evil.example", "Accept": "text/html"})
    assert status == 200 and b"evil.example" not in body


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000,
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }",
    "SELECT * WHERE { FILTER(" + "!" * 20000 + "true) }",
])
def test_engine_killers_are_refused(server, query):
    status, _h, body = send(server, "POST", "/sparql", body=query.encode(),
                            headers={"Content-Type": "application/sparql-query"})
    clean(status, body, (400,))


def test_server_keeps_answering(server, listener):
    for _ in range(4):
        status, _h, body = get(server, {"query": "ASK { ?s ?p ?o }"})
        assert status == 200 and b"true" in body
    time.sleep(0.5)
    assert listener.connections == []
