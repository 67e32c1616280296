"""Every competency question of the seed is answered by the build, with kk and ru labels and
the sentences that state it in each language."""
from __future__ import annotations

import pytest

from briefing_kg.config import Config
from briefing_kg.resources import query_files
from briefing_kg.sources import read_release
from briefing_kg.uris import rebase
from tests.conftest import REPO, SEED_ID


def run(store, name: str) -> list[dict[str, str]]:
    [path] = [p for p in query_files() if p.name.startswith(name)]
    solutions = store.query(rebase(path.read_text(encoding="utf-8"), Config().base_uri))
    names = [v.value for v in solutions.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in solutions]


def sentences(row) -> set[str]:
    return set(row["sentences"].split())


def test_there_is_one_query_per_competency_question():
    assert [p.name[:4] for p in query_files()] == [f"cq{n:02d}" for n in range(1, 15)]


def test_cq01_briefing_on_18_november_in_the_union_office(seed_store):
    [row] = run(seed_store, "cq01")
    assert row["event"].endswith("/id/event/2022-11-18-adal-sailau-briefing")
    assert row["date"] == "2022-11-18"
    assert "брифинг" in row["event_kk"] and "брифинг" in row["event_ru"]
    assert row["about_kk"] == "«Адал сайлау үшін» штабы" and row["about_ru"] == "штаб «За честные выборы»"
    assert row["place_ru"] == "офис РОО «Казахстанский союз юристов»"
    assert row["host_kk"] == "«Қазақстан заңгерлер одағы» республикалық қоғамдық бірлестігі"
    assert row["host_ru"] == "Республиканское общественное объединение «Казахстанский союз юристов»"
    assert {"kk-s02", "ru-s01"} <= sentences(row)


def test_cq01_the_office_has_no_city(seed_store):
    """The text does not say where the office is: the graph must not either."""
    ask = seed_store.query("""
        PREFIX schema: <https://schema.org/>
        ASK { <http://localhost:8080/id/place/kazakhstan-union-of-lawyers-office>
              (schema:containedInPlace|schema:address|schema:location|schema:geo) ?where }""")
    assert not bool(ask)


def test_cq02_akylbay_heads_the_headquarters_and_chairs_the_union(seed_store):
    [row] = run(seed_store, "cq02")
    assert row["person"].endswith("/id/person/akylbay-serik")
    assert row["name_kk"] == row["name_ru"] == "Серік Ақылбай"
    assert (row["post_kk"], row["post_ru"]) == ("штаб басшысы", "руководитель штаба")
    assert (row["other_post_kk"], row["other_post_ru"]) == ("төраға", "председатель")
    assert row["other_ru"] == "Республиканское общественное объединение «Казахстанский союз юристов»"
    assert sentences(row) == {"kk-s06", "ru-s05"}


def test_cq03_four_named_members_and_the_regional_representatives(seed_store):
    rows = run(seed_store, "cq03")
    people = {(r["name_kk"], r["name_ru"]) for r in rows if r["kind"] == "person"}
    assert people == {
        ("Абдрасулов Ермек", "Абдрасулов Ермек"),
        ("Әубәкірова Индира", "Аубакирова Индира"),
        ("Ақжанов Әбдіқарым", "Акжанов Абдыкарым"),
        ("Серік Беркамалов", "Серик Беркамалов"),
    }
    units = [r for r in rows if r["kind"] == "unit"]
    assert [(u["name_kk"], u["name_ru"]) for u in units] == [("өңірлердегі штаб өкілдері", "представители штаба в регионах")]
    for r in rows:
        assert {"kk-s07", "ru-s06"} <= sentences(r)


def test_cq04_extraordinary_presidential_election_on_20_november_2022(seed_store):
    [row] = run(seed_store, "cq04")
    assert row["date"] == "2022-11-20"
    assert row["name_kk"] == "кезектен тыс президенттік сайлау"
    assert row["name_ru"] == "внеочередные президентские выборы"
    assert row["where_iso"] == "KZ"
    assert {"kk-s03", "ru-s02"} <= sentences(row)


def test_cq05_one_seven_year_term_is_a_claim_of_the_publisher(seed_store):
    [row] = run(seed_store, "cq05")
    assert "бір жеті жылдық мерзімге" in row["text_kk"]
    assert "один семилетний срок" in row["text_ru"]
    assert row["source_ru"] == "Республиканское общественное объединение «Казахстанский союз юристов»"
    assert sentences(row) == {"kk-s04", "ru-s03"}


def test_cq06_about_60_public_and_more_than_80_information_events(seed_store):
    rows = {r["qualifier"]: r for r in run(seed_store, "cq06")}
    assert set(rows) == {"approximately", "more_than"}
    assert rows["approximately"]["value"] == "60" and rows["approximately"]["min_value"] is None
    assert rows["approximately"]["what_ru"] == "общественные мероприятия"
    assert rows["more_than"]["min_value"] == "80" and rows["more_than"]["value"] is None
    assert rows["more_than"]["what_kk"] == "ақпараттық іс-шаралар"
    assert "60-қа жуық" in rows["approximately"]["stated_kk"] and "порядка 60" in rows["approximately"]["stated_ru"]
    for r in rows.values():
        assert sentences(r) == {"kk-s06", "ru-s05"}


def test_cq07_three_purposes_of_the_explanatory_work(seed_store):
    rows = run(seed_store, "cq07")
    assert {r["text_ru"] for r in rows} == {
        "правового сопровождения положений конституционной реформы",
        "разъяснения основных положений выборного законодательства",
        "оказания правовой помощи участникам выборного процесса",
    }
    assert all(r["text_kk"] for r in rows)
    assert all(sentences(r) == {"kk-s07", "ru-s06"} for r in rows)


def test_cq08_four_regions_visited_and_the_audiences_met(seed_store):
    rows = run(seed_store, "cq08")
    assert {r["region_iso"] for r in rows} == {"KZ-75", "KZ-15", "KZ-27", "KZ-62"}
    assert {r["audience_ru"] for r in rows} == {
        "трудовые коллективы предприятий, организаций", "представители НПО",
        "представители профсоюзов", "представители волонтерских движений"}
    assert {r["list_incomplete"] for r in rows} == {"true"}, "'и др.' must be kept: the list is not complete"
    assert all(sentences(r) == {"kk-s08", "ru-s07"} for r in rows)


def test_cq09_university_meetings_with_students_to_raise_turnout(seed_store):
    rows = run(seed_store, "cq09")
    assert {r["region_iso"] for r in rows} == {"KZ-71", "KZ-75", "KZ-10", "KZ-15", "KZ-63", "KZ-27", "KZ-59"}
    assert {r["audience_ru"] for r in rows} == {"учащаяся молодежь-студенты"}
    assert {r["purpose_ru"] for r in rows} == {"повышения электоральной активности учащейся молодежи-студентов"}
    assert all(sentences(r) == {"kk-s09", "ru-s08"} for r in rows)


def test_cq10_what_the_regional_representatives_explained(seed_store):
    rows = run(seed_store, "cq10")
    assert {r["topic_ru"] for r in rows} == {
        "изменения в выборное законодательство",
        "законы, принятые в реализацию конституционной реформы и продвижению укрепления системы защиты прав человека",
        "конституционный закон о Конституционном суде",
        "конституционный закон об Уполномоченном по правам человека",
        "конституционный закон о прокуратуре",
    }
    assert {frozenset(r["formats"].split(", ")) for r in rows} == {frozenset({"offline", "online"})}
    assert all(sentences(r) == {"kk-s10", "ru-s09"} for r in rows)


def test_cq11_the_heads_closing_words_are_attributed_to_him(seed_store):
    rows = run(seed_store, "cq11")
    assert len(rows) == 2
    texts = " ".join(r["text_ru"] for r in rows)
    assert "демократизации общества" in texts and "призвал общественность" in texts
    assert all(r["speaker_ru"] == "Серік Ақылбай" for r in rows)
    assert all(sentences(r) == {"kk-s11", "ru-s10"} for r in rows)


def test_cq12_the_briefing_ended_with_questions_from_journalists(seed_store):
    [row] = run(seed_store, "cq12")
    assert (row["audience_kk"], row["audience_ru"]) == ("журналистер", "журналисты")
    assert sentences(row) == {"kk-s12", "ru-s11"}


def test_cq13_eight_regions_each_once_in_both_languages(seed_store):
    rows = run(seed_store, "cq13")
    assert [r["iso"] for r in rows] == ["KZ-10", "KZ-15", "KZ-27", "KZ-59", "KZ-62", "KZ-63", "KZ-71", "KZ-75"]
    assert all(set(r["languages"].split()) == {"kk", "ru"} for r in rows)
    assert all(r["wikidata"].startswith("http://www.wikidata.org/entity/Q") for r in rows)


def test_cq14_a_fact_links_to_its_sentence_in_each_language_with_exact_offsets(seed_store):
    rows = run(seed_store, "cq14")
    assert {r["language"] for r in rows} == {"kk", "ru"}
    release = read_release(REPO / "data" / "sources" / SEED_ID)
    for r in rows:
        text = release.versions[r["language"]].text
        assert text[int(r["begin"]):int(r["end"])] == r["sentence"]
        assert text[int(r["mention_begin"]):int(r["mention_end"])] == r["mention"]
    assert {r["mention"] for r in rows} == {"60-қа жуық", "порядка 60"}


@pytest.mark.parametrize("query", [p.name for p in query_files()])
def test_every_query_answers_with_kk_and_ru_labels(seed_store, query):
    rows = run(seed_store, query[:4])
    assert rows, f"{query} returned nothing"
    label_columns = [c for c in rows[0] if c.endswith("_kk") or c.endswith("_ru")]
    if query.startswith("cq14"):
        assert {r["language"] for r in rows} == {"kk", "ru"}
    else:
        assert any(c.endswith("_kk") for c in label_columns) and any(c.endswith("_ru") for c in label_columns)
