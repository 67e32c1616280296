"""Hostile requests to the pages, dumps, catalog and entity documents: path traversal,
header injection through ?lang= / ?format=, script in echoed parameters, methods that
are not served, odd Accept headers, a Host header that tries to steer redirects.
Each gets a clean 4xx (never a 5xx, never a file from outside the build), and the
server keeps answering."""
from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest

from tests.web.pages_support import BASE, PERSON, close_app, make_app

PERSON_DOC = f"/doc/{PERSON}"
SECRET_MARKERS = ("root:x:0:0", "root:*:0:0", "[boot loader]", "PRIVATE KEY")


@pytest.fixture(scope="module")
def app(seed_build, tmp_path_factory):
    app = make_app(seed_build, tmp=tmp_path_factory.mktemp("pages-hostile"))
    yield app
    close_app(app)


@pytest.fixture
def client(app):
    return app.test_client()


def still_answering(client) -> None:
    response = client.get(PERSON_DOC, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert client.get("/", headers={"Accept": "text/html"}).status_code == 200


def assert_clean_4xx(response, *, allowed=(400, 404, 405, 406)) -> None:
    assert response.status_code in allowed, (response.status_code, response.get_data(as_text=True)[:300])
    body = response.get_data(as_text=True)
    for marker in SECRET_MARKERS:
        assert marker not in body
    assert "Traceback" not in body


# --- path traversal -------------------------------------------------------------------------

TRAVERSAL_DUMPS = [
    "/dumps/../build.json",
    "/dumps/..%2fbuild.json",
    "/dumps/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/dumps/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/dumps/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/dumps//etc/passwd",
    "/dumps/%2fetc%2fpasswd",
    "/dumps/....//....//etc/passwd",
    "/dumps/..\\..\\etc\\passwd",
    "/dumps/..%5c..%5cetc%5cpasswd",
    "/dumps/build.json%00.ttl",
    "/dumps/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/dumps/file:///etc/passwd",
    "/dumps/.",
    "/dumps/..",
    "/dumps/~root",
    "/dumps/%ff%fe",
]


@pytest.mark.parametrize("path", TRAVERSAL_DUMPS)
def test_no_path_leaves_the_build_through_dumps(client, path):
    assert_clean_4xx(client.get(path))
    still_answering(client)


TRAVERSAL_ENTITIES = [
    "/doc/../../etc/passwd",
    "/doc/%2e%2e/%2e%2e/etc/passwd",
    "/doc/..%2f..%2f..%2fetc%2fpasswd",
    "/doc//etc/passwd",
    "/doc/%2fetc%2fpasswd",
    "/doc/person/..%2f..%2f..%2fetc%2fpasswd.ttl",
    "/doc/ontology/../../../etc/passwd",
    "/doc/person/x%00.ttl",
    "/doc/person/%ff%fe",
    "/doc/file:%2f%2f%2fetc%2fpasswd",
    "/id/..%2f..%2fetc%2fpasswd",
    "/id/%2e%2e/%2e%2e/etc/passwd",
    "/id//etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSAL_ENTITIES)
def test_no_entity_path_reaches_outside_the_dataset(client, path):
    for accept in ("text/html", "text/turtle"):
        response = client.get(path, headers={"Accept": accept})
        assert_clean_4xx(response)
        assert "Location" not in response.headers
    still_answering(client)


# --- header injection and script in echoed parameters -------------------------------------------

INJECTIONS = [
    "ru%0d%0aSet-Cookie:%20pwned=1",
    "ru%0aX-Injected:%201",
    "ru%0d%0a%0d%0a<script>alert(1)</script>",
    "%E5%98%8A%E5%98%8DSet-Cookie:%20pwned=1",  # U+560A U+560D: folded to CR LF by some servers
    "<script>alert(1)</script>",
    "\"><svg onload=alert(1)>",
    "x" * 5000,
]


@pytest.mark.parametrize("path", [f"/id/{PERSON}", PERSON_DOC, "/", "/dumps/", "/catalog", "/.well-known/void",
                                  "/ontology", "/doc/ontology"])
@pytest.mark.parametrize("param", ["lang", "format"])
@pytest.mark.parametrize("value", INJECTIONS)
def test_header_injection_and_script_through_parameters(client, path, param, value):
    response = client.get(f"{path}?{param}={value}", headers={"Accept": "text/html"})
    assert_clean_4xx(response, allowed=(400,))
    for name, header_value in response.headers.items():
        assert name.lower() not in ("set-cookie", "x-injected")
        assert "\r" not in header_value and "\n" not in header_value
        assert "pwned" not in header_value
    body = response.get_data(as_text=True)
    assert "<script>alert" not in body
    assert "<svg onload" not in body


@pytest.mark.parametrize("path", [
    "/doc/person/<script>alert(1)</script>",
    "/doc/person/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/dumps/<script>alert(1)</script>",
    "/id/person/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
])
def test_script_in_the_path_is_never_echoed_raw(client, path):
    for accept in ("text/html", "application/json", "text/plain", "text/turtle"):
        response = client.get(path, headers={"Accept": accept})
        assert_clean_4xx(response)
        body = response.get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body


def test_other_parameters_are_escaped_in_the_language_links(client):
    response = client.get('/?q=<script>alert(1)</script>&x="><b>', headers={"Accept": "text/html"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<script>alert" not in body and '"><b>' not in body


# --- methods ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "POST"])
@pytest.mark.parametrize("path", ["/", f"/id/{PERSON}", PERSON_DOC, f"{PERSON_DOC}.ttl", "/dumps/",
                                  "/dumps/build.json", "/catalog", "/.well-known/void", "/ontology",
                                  "/doc/ontology"])
def test_methods_that_change_things_are_405(client, method, path):
    response = client.open(path, method=method, data=b"<a> <b> <c> .", headers={"Content-Type": "text/turtle"})
    assert_clean_4xx(response, allowed=(405,))
    assert "GET" in response.headers["Allow"]
    still_answering(client)


# --- odd Accept and Accept-Language headers -----------------------------------------------------------

ODD_ACCEPT = [
    "", ",,,", ";q=1", "*/*;q=abc", "text/html;q=2", "text/*", "application/*", "*", "*/html",
    "text/turtle;level=1;q=0.5, text/html;q=0.4", "текст/html", "text/html;q=0.5;q=0.9",
    "application/json;q=-1, text/turtle;q=NaN", "a/b, " * 2000, "image/png",
    "application/sparql-results+json", "application/trig",
]


@pytest.mark.parametrize("path", [PERSON_DOC, "/doc/person/nobody", "/", "/dumps/", "/catalog",
                                  "/.well-known/void", "/doc/ontology", "/dumps/build.json"])
@pytest.mark.parametrize("accept", ODD_ACCEPT)
def test_odd_accept_headers_get_an_answer_not_an_error(client, path, accept):
    response = client.get(path, headers={"Accept": accept, "Accept-Language": accept})
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code == 406:
        assert "text/turtle" in response.get_data(as_text=True) or "text/html" in response.get_data(as_text=True)


def test_the_app_keeps_answering_after_all_that(client):
    still_answering(client)


# --- a Host header that tries to steer links ------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"Host": "evil.example"},
    {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", "X-Forwarded-Prefix": "/evil"},
    {"Forwarded": "for=1.2.3.4;host=evil.example;proto=https"},
    {"X-Original-URL": "/evil", "X-Rewrite-URL": "/evil"},
])
@pytest.mark.parametrize("path", [f"/id/{PERSON}", PERSON_DOC, "/ontology", "/catalog", "/dumps",
                                  "//sparql", "/static//site.css", "//id//" + PERSON])
def test_no_header_steers_redirects_or_links(client, headers, path):
    response = client.get(path, headers={"Accept": "text/turtle", **headers})
    assert response.status_code < 500
    for name in ("Location", "Link", "Content-Location"):
        if name in response.headers:
            assert "evil" not in response.headers[name]
            for url in [part.split(">")[0].lstrip(" <") for part in response.headers[name].split(",")]:
                assert url.startswith(BASE), (name, url)


# --- the same against a real server: what a WSGI server decodes is what matters ----------------------

def _raw(base: str, request_line: str, headers: str = "") -> tuple[int, bytes]:
    host, port = urlsplit(base).hostname, urlsplit(base).port
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(f"{request_line} HTTP/1.1\r\nHost: {host}:{port}\r\n{headers}Connection: close\r\n\r\n".encode("latin-1"))
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.fixture(scope="module")
def live_base(tmp_path_factory):
    from tests.live.server import serving_the_shipped_data as running_server

    with running_server(tmp_path_factory.mktemp("pages-hostile-live")) as base:
        yield base


@pytest.mark.live
@pytest.mark.parametrize("target", [
    "/dumps/../build.json", "/dumps/..%2f..%2f..%2fetc%2fpasswd", "/dumps/%2e%2e/%2e%2e/etc/passwd",
    "/dumps//etc/passwd", "/doc/../../../../etc/passwd", "/doc/..%2f..%2f..%2fetc%2fpasswd",
    "/../../../../etc/passwd", "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/id/person/x%0d%0aSet-Cookie:%20pwned=1", f"/id/{PERSON}?lang=ru%0d%0aSet-Cookie:%20pwned=1",
])
def test_a_real_server_refuses_traversal_and_injection(live_base, target):
    status, data = _raw(live_base, f"GET {target}")
    assert 400 <= status < 500, data[:300]
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"pwned" not in head
    for marker in SECRET_MARKERS:
        assert marker.encode() not in body
    ok, _ = _raw(live_base, f"GET /doc/{PERSON}", "Accept: text/turtle\r\n")
    assert ok == 200


@pytest.mark.live
def test_a_real_server_takes_its_redirects_from_the_base(live_base):
    status, data = _raw(live_base, f"GET /id/{PERSON}", "X-Forwarded-Host: evil.example\r\n")
    assert status == 303
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    location = next(line.split(":", 1)[1].strip() for line in head.split("\r\n") if line.lower().startswith("location:"))
    assert location == f"{live_base}doc/{PERSON}"
