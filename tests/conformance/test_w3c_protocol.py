"""The W3C SPARQL 1.1 Protocol test suite against the running server.

Reads ``../shared/w3c/sparql11-protocol/manifest.ttl`` beside the clone (never
copied into the project). The server (``briefing-kg serve``, gunicorn) holds the
suite's data1-3 as named graphs under the names the tests use, so the dataset
tests are answered from the store and nothing is fetched. The 27 query and
bad-request tests must pass; the 7 update tests must be refused, as a read-only
endpoint does.
"""
from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import rdflib
from rdflib import Namespace
from rdflib.collection import Collection

from tests.live.server import free_port, running_server

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO.parent / "shared" / "w3c" / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
DATA_GRAPHS = {f"data{i}.nt": f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    expected_format: str | None
    expected_boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    label: str
    requests: list[Request] = field(default_factory=list)

    @property
    def is_update(self) -> bool:
        return self.name.startswith("update_")


def load_manifest() -> list[ProtocolTest]:
    g = rdflib.Graph().parse(SUITE / "manifest.ttl", format="turtle")
    manifest = next(g.subjects(rdflib.RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[1]
        test = ProtocolTest(name, str(g.value(entry, MF.name)))
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = {}
            header_list = g.value(req, HT.headers)
            if header_list is not None:
                for h in Collection(g, header_list):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body = None
            body_node = g.value(req, HT.body)
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding.lower())
            resp = g.value(req, HT.resp)
            statuses = {str(s).rsplit("#", 1)[1] for s in g.objects(resp, MF.expectedStatus)}
            fmt = g.value(resp, MF.expectedFormat)
            boolean = g.value(resp, MF.expectedBoolean)
            test.requests.append(Request(
                str(g.value(req, HT.methodName)), str(g.value(req, HT.absolutePath)), headers, body,
                statuses, None if fmt is None else str(fmt), None if boolean is None else boolean.toPython()))
        tests.append(test)
    return tests


def status_class(code: int) -> str:
    return f"StatusCode{code // 100}xx"


def check_format(expected: str, content_type: str, body: bytes, boolean: bool | None) -> str | None:
    """None when the body is what the test expects, else what is wrong."""
    media = content_type.split(";")[0].strip()
    if expected == "boolean":
        if media == "application/sparql-results+json":
            value = json.loads(body)["boolean"]
        elif media == "application/sparql-results+xml":
            value = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
        else:
            return f"boolean answered as {media}"
        if boolean is not None and value is not boolean:
            return f"expected {boolean}, got {value}"
        return None
    if expected == "tabular":
        if media == "application/sparql-results+json":
            return None if "vars" in json.loads(body)["head"] else "no head.vars"
        if media in ("application/sparql-results+xml", "text/csv", "text/tab-separated-values"):
            return None
        return f"solutions answered as {media}"
    if expected == "RDF":
        fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt",
               "application/ld+json": "json-ld"}.get(media)
        if fmt is None:
            return f"graph answered as {media}"
        rdflib.Graph().parse(data=body, format=fmt)
        return None
    return f"unknown expected format {expected}"


@pytest.fixture(scope="module")
def suite():
    if not (SUITE / "manifest.ttl").is_file():
        pytest.skip(f"the W3C protocol suite is not at {SUITE} (CI has ../shared beside the clone)")
    return load_manifest()


@pytest.fixture(scope="module")
def server(tmp_path_factory, suite):
    work = tmp_path_factory.mktemp("w3c-protocol")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    dist = work / "dist"
    dist.mkdir()
    trig = "".join(f"<{graph}> {{\n{(SUITE / name).read_text(encoding='utf-8')}}}\n"
                   for name, graph in DATA_GRAPHS.items())
    (dist / "briefing-kg.trig").write_text(trig, encoding="utf-8")
    (dist / "build.json").write_text(json.dumps({"build_id": "w3c-protocol", "base_uri": base}), encoding="utf-8")
    with running_server(work, port=port) as url:
        yield url


def send(server: str, request: Request) -> tuple[int, str, bytes]:
    parts = urlsplit(server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        headers = dict(request.headers)
        if request.body is not None:
            headers["Content-Length"] = str(len(request.body))
        connection.request(request.method, request.path, body=request.body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def test_manifest_has_the_34_tests(suite):
    assert len(suite) == 34
    assert sum(t.is_update for t in suite) == 7


def test_w3c_sparql11_protocol(suite, server):
    passed, refused, failures = [], [], []
    for test in suite:
        if test.is_update:
            first = test.requests[0]
            status, _type, body = send(server, first)
            if status == 403 and b"read-only" in body:
                refused.append(test.name)
            else:
                failures.append(f"{test.name}: update not refused ({status} {body[:200]!r})")
            continue
        problem = None
        for request in test.requests:
            status, content_type, body = send(server, request)
            if status_class(status) not in request.statuses:
                problem = f"status {status}, expected {sorted(request.statuses)}: {body[:200]!r}"
                break
            if request.expected_format and status < 300:
                problem = check_format(request.expected_format, content_type, body, request.expected_boolean)
                if problem:
                    break
        if problem:
            failures.append(f"{test.name}: {problem}")
        else:
            passed.append(test.name)
    print(f"\nW3C SPARQL 1.1 Protocol: {len(passed)}/27 query and bad-request tests passed, "
          f"{len(refused)}/7 update tests refused")
    assert not failures, "\n".join(failures)
    assert len(passed) == 27 and len(refused) == 7
