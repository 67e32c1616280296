"""The build of the shipped data: reproducible, on the contract, configurable base."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from briefing_kg.cli import cli
from tests.conftest import SEED_ID, copy_data


def digests(folder: Path) -> dict[str, str]:
    folder = folder.resolve()
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path):
    data = copy_data(tmp_path)
    runner = CliRunner()
    for out in ("first", "elsewhere/second"):
        result = runner.invoke(cli, ["--data-dir", str(data), "build", "--out", str(tmp_path / out)])
        assert result.exit_code == 0, result.output
    first, second = digests(tmp_path / "first"), digests(tmp_path / "elsewhere" / "second")
    assert first == second
    assert {"briefing-kg.ttl", "briefing-kg.jsonld", "briefing-kg.nt", "briefing-kg.trig", "catalog.ttl",
            "void.ttl", "context.jsonld", "briefing-kg.trig.gz"} <= set(first)


def test_the_base_uri_mints_every_uri(tmp_path):
    data = copy_data(tmp_path)
    base = "https://data.example.kz/briefings/"
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "--base-uri", base, "build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    nt = (tmp_path / "out" / "briefing-kg.nt").read_text(encoding="utf-8")
    assert "localhost:8080" not in nt
    assert f"<{base}id/person/akylbay-serik>" in nt
    assert f"<{base}id/region/kz-62>" in nt
    assert f"<{base}ontology#Briefing>" in nt


@pytest.fixture(scope="module")
def union(seed_store):
    return seed_store


def ask(store, query: str) -> bool:
    prefixes = """PREFIX schema: <https://schema.org/> PREFIX prov: <http://www.w3.org/ns/prov#>
                  PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>"""
    return bool(store.query(prefixes + query))


def select(store, query: str) -> list[tuple]:
    prefixes = """PREFIX schema: <https://schema.org/> PREFIX prov: <http://www.w3.org/ns/prov#>
                  PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX org: <http://www.w3.org/ns/org#>"""
    return [tuple(v.value if v is not None else None for v in row) for row in store.query(prefixes + query)]


def test_no_blank_nodes_anywhere(seed_build):
    store = ox.Store()
    store.load(path=str(seed_build / "briefing-kg.trig"), format=ox.RdfFormat.TRIG)
    assert not any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in store)


def test_only_the_https_schema_namespace(seed_build):
    assert "http://schema.org/" not in (seed_build / "briefing-kg.nt").read_text(encoding="utf-8")


def test_every_person_has_one_kk_and_one_ru_name_and_a_kk_latn_spelling(union):
    rows = select(union, """SELECT ?p (SUM(IF(lang(?n)="kk",1,0)) AS ?kk) (SUM(IF(lang(?n)="ru",1,0)) AS ?ru)
                            WHERE { ?p a schema:Person ; schema:name ?n } GROUP BY ?p""")
    assert len(rows) == 5
    assert all(kk == "1" and ru == "1" for _, kk, ru in rows)
    latn = select(union, """SELECT ?n WHERE { <http://localhost:8080/id/person/akylbay-serik> schema:alternateName ?n
                            FILTER (lang(?n) = "kk-latn") }""")
    assert ("Serık Aqylbai",) in latn


def test_all_twenty_units_and_the_country_cited_to_the_reference(union):
    rows = select(union, """SELECT ?id ?wd ?src WHERE { ?r a schema:AdministrativeArea ; schema:identifier ?id ;
                            prov:wasDerivedFrom ?src OPTIONAL { ?r owl:sameAs ?wd } }""")
    assert len(rows) == 21
    assert {src for _, _, src in rows} == {"http://localhost:8080/id/reference/kz-regions"}
    assert ("KZ-62", "http://www.wikidata.org/entity/Q111830286", "http://localhost:8080/id/reference/kz-regions") in rows


def test_every_fact_is_derived_from_passages_in_both_languages(union):
    rows = select(union, """
        SELECT ?x (GROUP_CONCAT(DISTINCT ?lang) AS ?langs) WHERE {
          { ?x a schema:Person } UNION { ?x a schema:Event } UNION { ?x a schema:Claim } UNION
          { ?x a schema:QuantitativeValue } UNION { ?x a org:Membership } UNION
          { ?x a schema:Organization FILTER NOT EXISTS { ?x a <http://www.w3.org/ns/org#OrganizationalUnit> } }
          UNION { ?x a <http://www.w3.org/ns/org#OrganizationalUnit> }
          ?x prov:wasDerivedFrom/<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext>/schema:inLanguage ?lang
        } GROUP BY ?x""")
    assert len(rows) > 30
    assert all(set(langs.split()) == {"kk", "ru"} for _, langs in rows), [r for r in rows if r[1] != "kk ru"]


def test_the_language_versions_are_translations_of_each_other(union):
    rows = select(union, """SELECT ?ru ?kk WHERE { ?ru schema:translationOfWork ?kk . ?kk schema:workTranslation ?ru }""")
    assert rows == [(f"http://localhost:8080/id/article/{SEED_ID}-ru", f"http://localhost:8080/id/article/{SEED_ID}-kk")]


def _add_release(data: Path, release_id: str, publisher_id: str, names: dict[str, str]) -> None:
    import datetime as dt

    from briefing_kg.sources import Publisher, Release, make_version, write_release

    text = "Заголовок релиза\n\nСегодня прошла встреча юристов с избирателями."
    write_release(Release(id=release_id, publisher=Publisher(id=publisher_id, name=names),
                          date_published=dt.date(2023, 2, 1), event_date=None, url="https://example.org/news/1",
                          versions={"ru": make_version("ru", text, has_title=True)}), data / "sources")


def test_releases_without_reviewed_facts_still_name_their_publisher_once(tmp_path):
    from briefing_kg.config import Config
    from briefing_kg.pipeline import build_release

    data = copy_data(tmp_path)
    # The same publisher as the seed, under other names in its metadata: the seed's facts win.
    _add_release(data, "2023-02-01-union-meeting", "kazakhstan-union-of-lawyers",
                 {"kk": "Заңгерлер одағы", "ru": "Союз юристов"})
    # A publisher no facts file describes: known from the release metadata alone.
    _add_release(data, "2023-02-02-other-meeting", "bar-association",
                 {"kk": "Адвокаттар алқасы", "ru": "Коллегия адвокатов"})
    out = build_release(Config(data_dir=data, out_dir=tmp_path / "dist"))
    store = ox.Store()
    store.load(path=str(out / "briefing-kg.trig"), format=ox.RdfFormat.TRIG)
    names = {(q.subject.value.rsplit("/", 1)[1], q.object.value) for q in store.quads_for_pattern(
        None, ox.NamedNode("https://schema.org/name"), None) if "/organization/" in q.subject.value
        and q.object.language == "kk"}
    assert ("bar-association", "Адвокаттар алқасы") in names
    assert [n for s, n in names if s == "kazakhstan-union-of-lawyers"] == [
        "«Қазақстан заңгерлер одағы» республикалық қоғамдық бірлестігі"]
