import pytest

from briefing_kg.config import Config
from briefing_kg.translit import kk_latin
from briefing_kg.reference import read_regions
from briefing_kg.uris import document_url, entity_uri, rebase, slugify
from tests.conftest import REPO


@pytest.mark.parametrize("text, slug", [
    ("Ақылбай Серік", "akylbay-serik"),
    ("Әубәкірова Индира", "aubakirova-indira"),
    ("«Қазақстан заңгерлер одағы» РҚБ", "kazakstan-zangerler-odagy-rkb"),
    ("Союз юристов Казахстана", "soyuz-yuristov-kazakhstana"),
    ("KZ-62", "kz-62"),
    ("!!!", "x"),
])
def test_slugs_are_readable_ascii(text, slug):
    assert slugify(text) == slug


def test_entity_uris_follow_the_scheme():
    assert entity_uri("http://example.org/kg/", "person", "akylbay-serik") == "http://example.org/kg/id/person/akylbay-serik"
    assert document_url("http://example.org/kg/", "http://example.org/kg/id/region/kz-62") == "http://example.org/kg/doc/region/kz-62"
    assert document_url("http://example.org/kg/", "https://schema.org/Person") is None
    with pytest.raises(ValueError, match="unknown URI kind"):
        entity_uri("http://x/", "people", "a")
    with pytest.raises(ValueError, match="lower-case ASCII"):
        entity_uri("http://x/", "person", "Ақылбай")


def test_base_uri_gets_a_trailing_slash_and_rebases_shipped_files():
    config = Config(base_uri="https://data.example.kz/briefings")
    assert config.base_uri == "https://data.example.kz/briefings/"
    assert rebase("<http://localhost:8080/ontology#Briefing>", config.base_uri) == \
        "<https://data.example.kz/briefings/ontology#Briefing>"


def test_environment_variables_configure_and_options_override():
    config = Config.from_env({"BRIEFING_KG_BASE_URI": "http://a.example/", "BRIEFING_KG_QUERY_TIMEOUT": "2.5",
                              "BRIEFING_KG_CORS": "false"}, max_rows=7)
    assert (config.base_uri, config.query_timeout, config.cors, config.max_rows) == ("http://a.example/", 2.5, False, 7)


def test_kk_latin_agrees_with_the_gazetteer():
    for region in read_regions(REPO / "data"):
        assert kk_latin(region.name["kk"]) == region.name["kk-Latn"], region.iso
    assert kk_latin("Серік Ақылбай") == "Serık Aqylbai"
