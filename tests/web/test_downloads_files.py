"""Data for portals: /dumps/ serves the build's files with their media types, sizes and
checksums; /catalog and /.well-known/void answer RDF to harvesters, HTML to browsers."""
from __future__ import annotations

import base64
import gzip
import hashlib
import json

import pytest
import rdflib
from rdflib.compare import isomorphic

from tests.web.pages_support import BASE, close_app, make_app, parse_rdf, soup

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def client(seed_build, tmp_path_factory):
    app = make_app(seed_build, tmp=tmp_path_factory.mktemp("downloads"))
    yield app.test_client()
    close_app(app)


@pytest.fixture(scope="module")
def build_json(seed_build):
    return json.loads((seed_build / "build.json").read_text(encoding="utf-8"))


def test_index_lists_every_file_of_the_build_with_size_and_checksum(client, build_json):
    data = client.get("/dumps/", headers={"Accept": "application/json"}).get_json()
    assert data["build_id"] == build_json["build_id"]
    listed = {row["name"]: row for row in data["files"]}
    for f in build_json["files"]:
        row = listed[f["name"]]
        assert row["bytes"] == f["bytes"]
        assert row["sha256"] == f["sha256"]
        assert row["url"] == f"{BASE}dumps/{f['name']}"
    assert "build.json" in listed


def test_index_page_for_people(client, build_json):
    response = client.get("/dumps/?lang=ru", headers={"Accept": BROWSER})
    assert response.mimetype == "text/html"
    doc = soup(response)
    rows = {tr.a.get_text(strip=True): tr for tr in doc.select("table.files tbody tr")}
    for f in build_json["files"]:
        tr = rows[f["name"]]
        assert tr.a["href"] == f"/dumps/{f['name']}"
        assert f["sha256"] in tr.get_text()
        assert tr.select_one("[data-bytes]")["data-bytes"] == str(f["bytes"])


def test_build_json_itself_is_served_with_a_checksum(client, seed_build):
    response = client.get("/dumps/build.json")
    body = response.get_data()
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert body == (seed_build / "build.json").read_bytes()
    assert response.headers["ETag"] == f'"{hashlib.sha256(body).hexdigest()}"'
    assert client.get("/dumps/build.json", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def _expected_type(f: dict) -> str:
    return "application/gzip" if f.get("compress_format") else f["media_type"]


def test_every_file_is_served_with_its_media_type_size_and_checksum(client, build_json, seed_build):
    for f in build_json["files"]:
        response = client.get(f"/dumps/{f['name']}")
        assert response.status_code == 200, f["name"]
        body = response.get_data()
        assert body == (seed_build / f["name"]).read_bytes()
        assert int(response.headers["Content-Length"]) == f["bytes"] == len(body)
        assert response.mimetype == _expected_type(f), f["name"]
        assert hashlib.sha256(body).hexdigest() == f["sha256"]
        digest = base64.b64encode(bytes.fromhex(f["sha256"])).decode()
        assert response.headers["Digest"] == f"sha-256={digest}"
        assert response.headers["ETag"] == f'"{f["sha256"]}"'
        assert "Content-Encoding" not in response.headers


def test_gzip_files_are_downloads_of_the_compressed_bytes(client, build_json, seed_build):
    gz = [f for f in build_json["files"] if f["name"].endswith(".ttl.gz")]
    assert gz
    body = client.get(f"/dumps/{gz[0]['name']}").get_data()
    assert gzip.decompress(body) == (seed_build / gz[0]["name"][:-3]).read_bytes()


def test_text_dumps_say_their_charset(client):
    response = client.get("/dumps/briefing-kg.ttl")
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"


def test_dump_etag_304_and_range(client, build_json):
    name = build_json["files"][0]["name"]
    etag = client.get(f"/dumps/{name}").headers["ETag"]
    assert client.get(f"/dumps/{name}", headers={"If-None-Match": etag}).status_code == 304
    part = client.get(f"/dumps/{name}", headers={"Range": "bytes=0-9"})
    assert part.status_code == 206 and len(part.get_data()) == 10


def test_a_file_not_in_the_build_is_404(client):
    assert client.get("/dumps/nothing-here.ttl").status_code == 404
    assert client.get("/dumps/briefing-kg.exe").status_code == 404


def test_no_build_yet_is_503_not_a_crash(seed_build, tmp_path):
    app = make_app(seed_build, tmp=tmp_path)
    from briefing_kg.web import site

    with app.app_context():  # the build folder disappears under a running server
        site().config = site().config.replace(out_dir=tmp_path / "no-build-here")
    try:
        response = app.test_client().get("/dumps/briefing-kg.ttl")
    finally:
        close_app(app)
    assert response.status_code == 503
    assert "build" in response.get_data(as_text=True)


# --- /catalog and /.well-known/void --------------------------------------------------------

DESCRIPTION_CASES = [
    # (Accept, ?format / extension, media type)
    ("*/*", "", "text/turtle"),
    (None, "", "text/turtle"),
    ("application/rdf+xml, */*;q=0.1", "", "application/rdf+xml"),
    ("text/turtle", "", "text/turtle"),
    ("application/ld+json", "", "application/ld+json"),
    ("application/json", "", "application/ld+json"),
    ("application/n-triples", "", "application/n-triples"),
    ("application/rdf+xml", "", "application/rdf+xml"),
    (BROWSER, "", "text/html"),
    ("text/html", "", "text/html"),
    ("*/*", "?format=html", "text/html"),
    ("text/html", "?format=jsonld", "application/ld+json"),
    ("text/html", ".ttl", "text/turtle"),
    ("text/html", ".jsonld", "application/ld+json"),
    ("text/html", ".nt", "application/n-triples"),
    ("text/html", ".rdf", "application/rdf+xml"),
]
RDFLIB = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
          "application/rdf+xml": "xml"}


@pytest.mark.parametrize("path", ["/catalog", "/.well-known/void"])
@pytest.mark.parametrize("accept, suffix, media_type", DESCRIPTION_CASES)
def test_catalog_and_void_negotiation(client, path, accept, suffix, media_type):
    headers = {"Accept": accept} if accept is not None else {}
    response = client.get(path + suffix, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type
    if media_type in RDFLIB:
        assert len(parse_rdf(response, RDFLIB[media_type])) > 0
    if not suffix:
        assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("path, stem", [("/catalog", "catalog"), ("/.well-known/void", "void")])
def test_descriptions_are_the_build_files_in_every_format(client, seed_build, path, stem):
    expected = rdflib.Graph().parse(seed_build / f"{stem}.ttl", format="turtle")
    assert client.get(path).get_data() == (seed_build / f"{stem}.ttl").read_bytes()
    for media_type, fmt in RDFLIB.items():
        g = parse_rdf(client.get(path, headers={"Accept": media_type}), fmt)
        assert isomorphic(g, expected), media_type


@pytest.mark.parametrize("path", ["/catalog", "/.well-known/void"])
def test_jsonld_has_its_context_inline(client, path):
    data = json.loads(client.get(path, headers={"Accept": "application/ld+json"}).get_data(as_text=True))
    contexts = data["@context"] if isinstance(data["@context"], list) else [data["@context"]]
    assert all(isinstance(c, dict) for c in contexts), "a remote @context would make harvesters fetch it"


def test_catalog_describes_the_dataset_in_three_languages_and_every_download(client, build_json):
    g = parse_rdf(client.get("/catalog"), "turtle")
    [dataset] = list(g.subjects(rdflib.RDF.type, DCAT.Dataset))
    assert {t.language for t in g.objects(dataset, DCT.title)} >= {"kk", "ru", "en"}
    urls = {str(u) for u in g.objects(None, DCAT.downloadURL)}
    for f in build_json["files"]:
        if f["name"] != "build.json" and not f["name"].startswith(("catalog.", "void.")):
            assert f"{BASE}dumps/{f['name']}" in urls


def test_void_names_the_sparql_endpoint(client):
    g = parse_rdf(client.get("/.well-known/void"), "turtle")
    assert rdflib.URIRef(f"{BASE}sparql") in set(g.objects(None, VOID.sparqlEndpoint))


def test_every_download_url_in_the_catalog_is_served(client):
    g = parse_rdf(client.get("/catalog"), "turtle")
    for url in g.objects(None, DCAT.downloadURL):
        path = str(url).removeprefix(BASE.rstrip("/"))
        assert client.get(path).status_code == 200, url


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_catalog_page_shows_the_dataset_title_in_the_page_language(client, lang):
    g = parse_rdf(client.get("/catalog"), "turtle")
    [dataset] = list(g.subjects(rdflib.RDF.type, DCAT.Dataset))
    title = next(str(t) for t in g.objects(dataset, DCT.title) if t.language == lang)
    doc = soup(client.get(f"/catalog?lang={lang}", headers={"Accept": "text/html"}))
    assert title in [h.get_text(strip=True) for h in doc.find_all("h2")]
    assert doc.find("html")["lang"] == lang


def test_description_etag_and_304(client):
    first = client.get("/catalog")
    assert client.get("/catalog", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
