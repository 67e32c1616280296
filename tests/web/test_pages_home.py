"""The landing page: what the dataset is (kk/ru/en), counts of entities by class,
example queries that run, links to the SPARQL endpoint, dumps, catalog and VoID."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.pages_support import BASE, close_app, make_app, soup, store_count


@pytest.fixture(scope="module")
def client(seed_build, tmp_path_factory):
    app = make_app(seed_build, tmp=tmp_path_factory.mktemp("home"))
    yield app.test_client()
    close_app(app)


def home(client, query="", **headers):
    response = client.get("/" + query, headers={"Accept": "text/html", **headers})
    assert response.status_code == 200
    return soup(response)


@pytest.mark.parametrize("lang, title", [
    ("kk", "Брифингтер білім графы"), ("ru", "Граф знаний брифингов"), ("en", "Briefing knowledge graph"),
])
def test_says_what_the_dataset_is_in_each_language(client, lang, title):
    doc = home(client, f"?lang={lang}")
    assert doc.find("h1").get_text(strip=True) == title
    assert doc.find("html")["lang"] == lang
    assert len(doc.select_one("p.lead").get_text(strip=True)) > 60


def test_counts_by_class_are_those_of_the_store(client, seed_build):
    # every graph of the dump but the ontology: releases and reference data
    expected = {row["c"]: int(row["n"]) for row in store_count(seed_build, f"""
        SELECT ?c (COUNT(DISTINCT ?s) AS ?n)
        WHERE {{ GRAPH ?g {{ ?s a ?c }} FILTER(?g != <{BASE}graph/ontology>) }} GROUP BY ?c""")}
    doc = home(client, "?lang=en")
    shown = {}
    for tr in doc.select("table.class-counts tbody tr"):
        iri = tr.a["title"]
        shown[iri] = int(tr.select_one("td.num").get_text(strip=True))
    assert shown == expected
    cards = {card.select_one("a[title]")["title"]: int(card.select_one(".count").get_text(strip=True))
             for card in doc.select(".main-counts .card")}
    assert cards["https://schema.org/Person"] == expected["https://schema.org/Person"] == 5
    assert cards["https://schema.org/Organization"] == expected["https://schema.org/Organization"]


def test_example_queries_link_to_the_query_page_and_answer_on_the_data(client, seed_build):
    doc = home(client)
    examples = doc.select("section.example")
    assert len(examples) >= 3
    for section in examples:
        href = section.select_one("p a")["href"]
        parts = urlsplit(href)
        assert parts.path == "/sparql"
        [query] = parse_qs(parts.query)["query"]
        assert query == section.find("code").get_text()
        assert store_count(seed_build, query), f"example answers nothing: {query}"


def test_links_to_dumps_catalog_void_and_ontology_work(client):
    doc = home(client)
    hrefs = {a["href"] for a in doc.select(".cards a")}
    for wanted in ("/dumps/", "/catalog?format=html", "/.well-known/void?format=html", "/doc/ontology", "/sparql"):
        assert wanted in hrefs
        if wanted != "/sparql":
            assert client.get(wanted, headers={"Accept": "text/html"}).status_code == 200


def test_navigation_and_language_switch_on_every_page(client):
    for path in ("/", "/dumps/", "/catalog?format=html", "/doc/ontology"):
        doc = soup(client.get(path, headers={"Accept": "text/html"}))
        nav = {a.get_text(strip=True) for a in doc.select("nav.site-nav a")}
        assert nav == {"Home", "SPARQL", "Dumps", "Catalog", "Ontology"}
        assert {a.get_text(strip=True) for a in doc.select("nav.lang-switch a")} == {"kk", "ru", "en"}


def test_pages_use_only_local_assets(client):
    for path in ("/", "/doc/person/akylbay-serik", "/dumps/"):
        doc = soup(client.get(path, headers={"Accept": "text/html"}))
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src")):
            for el in doc.find_all(tag):
                if el.get(attr) and el.get("rel") != ["alternate"]:
                    assert el[attr].startswith(("/", "data:")) and not el[attr].startswith("//"), \
                        f"{path}: external asset {el[attr]}"
    css = client.get("/static/site.css")
    assert css.status_code == 200 and "@import" not in css.get_data(as_text=True)


def test_home_etag(client):
    first = client.get("/?lang=ru")
    assert client.get("/?lang=ru", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
