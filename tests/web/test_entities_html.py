"""Entity pages for people: kk and ru names, the language switch, the source sentences
with the mention highlighted by its offsets, embedded schema.org JSON-LD, escaping of
untrusted labels, and the ontology and shapes documentation pages."""
from __future__ import annotations

import re

import pytest

from tests.web.pages_support import (BASE, PERSON, PERSON_KK, PERSON_RU, UNION, jsonld_scripts, close_app, make_app,
                                     soup, store_count)

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ARTICLE_KK = f"{BASE}id/article/2022-11-18-adal-sailau-briefing-kk"

# Untrusted text, as a hostile or careless release could carry it.
HOSTILE = f"""
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix nif: <{NIF}> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{BASE}graph/release/test-hostile> {{
  <{BASE}id/person/xss> a schema:Person ;
    schema:name "<script>alert('kk')</script>"@kk, "</script><script>alert(1)</script>"@ru ;
    rdfs:label "<script>alert('kk')</script>"@kk, "</script><script>alert(1)</script>"@ru ;
    schema:alternateName "<img src=x onerror=alert(2)>"@ru, "<!-- a & b -->"@kk ;
    schema:sameAs <javascript:alert(3)> ;
    prov:wasDerivedFrom <{BASE}id/passage/test-twice-kk-s01> .
  <{BASE}id/person/twice> a schema:Person ;
    schema:name "Ақылбай"@kk, "Акылбай"@ru ;
    rdfs:label "Ақылбай"@kk, "Акылбай"@ru ;
    prov:wasDerivedFrom <{BASE}id/passage/test-twice-kk-s01> .
  <{BASE}id/passage/test-twice-kk-s01> a nif:Sentence ;
    nif:anchorOf "Ақылбай және <b>Ақылбай</b>" ;
    nif:beginIndex "1000"^^xsd:nonNegativeInteger ; nif:endIndex "1027"^^xsd:nonNegativeInteger ;
    nif:referenceContext <{ARTICLE_KK}> .
  <{BASE}id/mention/test-twice-kk-1016-1023> a nif:Phrase ;
    nif:anchorOf "Ақылбай" ;
    nif:beginIndex "1016"^^xsd:nonNegativeInteger ; nif:endIndex "1023"^^xsd:nonNegativeInteger ;
    nif:referenceContext <{ARTICLE_KK}> ;
    nif:sentence <{BASE}id/passage/test-twice-kk-s01> ;
    itsrdf:taIdentRef <{BASE}id/person/twice> .
}}
"""


@pytest.fixture(scope="module")
def client(seed_build, tmp_path_factory):
    app = make_app(seed_build, extra_trig=HOSTILE, tmp=tmp_path_factory.mktemp("entities-html"))
    yield app.test_client()
    close_app(app)


def page(client, path, **headers):
    response = client.get(path, headers={"Accept": "text/html", **headers})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return soup(response)


def test_person_page_shows_kk_and_ru_names(client):
    doc = page(client, f"/doc/{PERSON}")
    assert doc.find("dd", attrs={"lang": "kk"}).get_text(strip=True) == PERSON_KK
    assert doc.find("dd", attrs={"lang": "ru"}).get_text(strip=True) == PERSON_RU
    assert doc.find("h1").get_text(strip=True) == PERSON_KK


@pytest.mark.parametrize("query, headers, lang, names_heading", [
    ("?lang=kk", {}, "kk", "Атаулары"),
    ("?lang=ru", {}, "ru", "Названия"),
    ("?lang=en", {}, "en", "Names"),
    ("", {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}, "ru", "Названия"),
    ("", {"Accept-Language": "kk-KZ"}, "kk", "Атаулары"),
    ("", {"Accept-Language": "de-DE"}, "en", "Names"),
    ("?lang=kk", {"Accept-Language": "ru"}, "kk", "Атаулары"),  # the switch beats the browser
])
def test_page_language_from_the_switch_or_accept_language(client, query, headers, lang, names_heading):
    doc = page(client, f"/doc/{PERSON}{query}", **headers)
    assert doc.find("html")["lang"] == lang
    assert names_heading in [h.get_text(strip=True) for h in doc.find_all("h2")]
    current = doc.select_one("nav.lang-switch a[aria-current]")
    assert current.get_text(strip=True) == lang


def test_language_switch_links_lead_to_the_same_page_in_each_language(client):
    doc = page(client, f"/doc/{PERSON}?lang=en")
    links = {a.get_text(strip=True): a["href"] for a in doc.select("nav.lang-switch a")}
    assert set(links) == {"kk", "ru", "en"}
    for code, href in links.items():
        assert href.startswith(f"/doc/{PERSON}?")
        assert page(client, href).find("html")["lang"] == code


def test_vary_accept_language_only_when_the_language_was_negotiated(client):
    negotiated = client.get(f"/doc/{PERSON}", headers={"Accept": "text/html"})
    assert "Accept-Language" in negotiated.headers["Vary"]
    chosen = client.get(f"/doc/{PERSON}?lang=ru", headers={"Accept": "text/html"})
    assert "Accept-Language" not in chosen.headers.get("Vary", "")


def test_types_and_links_are_rendered_with_labels(client):
    doc = page(client, f"/doc/{PERSON}?lang=ru")
    assert "персона" in [b.get_text(strip=True) for b in doc.select(".types .badge")]
    # what he heads: linked to its page by path, labelled in Russian
    head_row = next(tr for tr in doc.select("table.props tr") if tr.th.get_text(strip=True) == "руководитель")
    links = {a.get_text(strip=True): a["href"] for a in head_row.td.find_all("a")}
    assert links and all(href.startswith("/doc/organization/") for href in links.values())
    assert any("юрист" in label for label in links)


def test_source_sentences_are_quoted_in_both_languages_with_the_mention_marked(client, seed_build):
    doc = page(client, f"/doc/{PERSON}")
    versions = {s["data-lang"]: s for s in doc.select("section.version")}
    assert set(versions) == {"kk", "ru"}
    expected = store_count(seed_build, f"""
        PREFIX nif: <{NIF}>
        SELECT ?text WHERE {{ ?m <http://www.w3.org/2005/11/its/rdf#taIdentRef> <{BASE}id/{PERSON}> ; nif:anchorOf ?text }}""")
    for lang, section in versions.items():
        quotes = section.select("blockquote")
        assert quotes
        for quote in quotes:
            assert quote["lang"] == lang
            marks = [m.get_text() for m in quote.find_all("mark")]
            assert marks, quote.get_text()
            assert set(marks) <= {row["text"] for row in expected}
    kk_text = " ".join(q.get_text() for q in versions["kk"].select("blockquote"))
    assert "төрағасы Серік Ақылбай" in kk_text
    ru_text = " ".join(q.get_text() for q in versions["ru"].select("blockquote"))
    assert "председатель РОО «Союз юристов Казахстана» Серік Ақылбай" in ru_text


def test_the_highlight_follows_the_offsets_not_a_text_search(client):
    doc = page(client, "/doc/person/twice")
    [quote] = doc.select("section.version blockquote")
    # The name occurs twice; the mention's offsets (1016-1023, passage from 1000) say the second.
    assert [m.get_text() for m in quote.find_all("mark")] == ["Ақылбай"]
    assert quote.contents[0] == "Ақылбай және <b>"  # escaped text, not markup
    assert quote.find("mark").next_sibling == "</b>"
    assert quote.find("b") is None


def test_schema_org_jsonld_is_embedded(client):
    doc = page(client, f"/doc/{PERSON}")
    [data] = jsonld_scripts(doc)
    assert data["@context"] == "https://schema.org/"
    assert data["@id"] == f"{BASE}id/{PERSON}"
    assert "Person" in data["@type"]
    names = data["name"] if isinstance(data["name"], list) else [data["name"]]
    assert {"@value": PERSON_KK, "@language": "kk"} in names
    assert {"@value": PERSON_RU, "@language": "ru"} in names


def test_labels_from_a_release_are_escaped_everywhere(client):
    response = client.get("/doc/person/xss?lang=ru", headers={"Accept": "text/html"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "</script><script>" not in html
    assert "<img src=x" not in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__repr__()
    doc = soup(response)
    # one script element only, the JSON-LD, and it still parses to the original text
    scripts = doc.find_all("script")
    assert len(scripts) == 1 and scripts[0]["type"] == "application/ld+json"
    [data] = jsonld_scripts(doc)
    names = {n["@value"] for n in data["name"]}
    assert names == {"<script>alert('kk')</script>", "</script><script>alert(1)</script>"}
    assert doc.find("h1").get_text() == "</script><script>alert(1)</script>"
    assert "<img src=x onerror=alert(2)>" in doc.get_text()


def test_organization_page_lists_who_points_at_it(client):
    doc = page(client, f"/doc/{UNION}?lang=en")
    incoming = doc.select("table.incoming tr")
    assert incoming
    hrefs = [a["href"] for tr in incoming for a in tr.find_all("a")]
    assert f"/doc/{PERSON}" in hrefs or any(h.startswith("/doc/membership/") for h in hrefs)


def test_passage_and_article_pages_exist(client):
    doc = page(client, "/doc/passage/2022-11-18-adal-sailau-briefing-kk-s06")
    assert PERSON_KK in doc.get_text()
    doc = page(client, "/doc/article/2022-11-18-adal-sailau-briefing-ru")
    assert "18 ноября т.г." in doc.get_text()


# --- ontology and shapes -----------------------------------------------------------------------

def test_ontology_page_is_generated_from_the_ontology_graph(client, seed_build):
    doc = page(client, "/doc/ontology?lang=en")
    rows = store_count(seed_build, f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?c ?l WHERE {{ GRAPH <{BASE}graph/ontology> {{ ?c a owl:Class ; rdfs:label ?l }} }}""")
    assert rows
    section = doc.select_one("section.classes")
    for row in rows:
        anchor = row["c"].split("#", 1)[1]
        term = section.find(id=anchor)
        assert term is not None, anchor
        assert row["l"] in term.get_text()
    briefing = section.find(id="Briefing")
    labels = {span["lang"]: span.get_text() for span in briefing.select("td span[lang]")}
    assert {"kk", "ru", "en"} <= set(labels)
    assert "https://schema.org/Event" in [a["href"] for a in briefing.find_all("a")]


def test_ontology_and_shapes_in_rdf(client):
    import rdflib

    g = rdflib.Graph().parse(data=client.get("/doc/ontology.ttl").get_data(), format="turtle")
    assert (rdflib.URIRef(f"{BASE}ontology"), rdflib.RDF.type, rdflib.OWL.Ontology) in g
    shapes = rdflib.Graph().parse(data=client.get("/doc/shapes.ttl").get_data(), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert any(True for _ in shapes.subjects(rdflib.RDF.type, sh.NodeShape))
    shapes_page = page(client, "/doc/shapes")
    assert shapes_page.select("section.onto-term")


def test_shapes_are_rebased_to_the_configured_base(seed_build, tmp_path):
    import rdflib

    app = make_app(seed_build, base_uri="https://kg.example.org/", tmp=tmp_path)
    try:
        text = app.test_client().get("/doc/shapes.ttl").get_data(as_text=True)
    finally:
        close_app(app)
    assert "http://localhost:8080/" not in text
    assert "https://kg.example.org/ontology#" in text
    rdflib.Graph().parse(data=text, format="turtle")
