"""Bilingual releases: kk and ru sentences aligned, one entity per real-world entity with a label in each
language, and JSON in the gold files' structure with offsets that cite the release's sentence ids."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefing_kg.extraction import extract
from briefing_kg.sources import make_version

DEV = Path(__file__).resolve().parents[1] / "data" / "corpus" / "dev"


@pytest.fixture(scope="module")
def d02():
    kk = (DEV / "d02-kyzylorda-branch-meeting-2023.kk.txt").read_text(encoding="utf-8")
    ru = (DEV / "d02-kyzylorda-branch-meeting-2023.ru.txt").read_text(encoding="utf-8")
    return kk, ru, extract(kk, ru, published=dt.date(2023, 2, 15))


def test_sentences_are_paired_in_order(d02):
    _, _, x = d02
    pairs = [(p.kk, p.ru) for p in x.alignment]
    assert pairs == [([f"kk-s{n:02d}"], [f"ru-s{n:02d}"]) for n in range(1, 9)]


def test_alignment_joins_a_split_sentence():
    kk = ("Тақырып\n\nБірінші сөйлем 2022 жылы. Екінші сөйлем Серік Ақылбай туралы.\n\n"
          "Үшінші абзац 15 адам туралы.")
    ru = ("Заголовок\n\nПервое предложение 2022 года, второе о Серике Акылбае.\n\n"
          "Третий абзац о 15 людях.")
    x = extract(kk, ru)
    assert [(p.kk, p.ru) for p in x.alignment] == [(["kk-s01"], ["ru-s01"]), (["kk-s02", "kk-s03"], ["ru-s02"]),
                                                  (["kk-s04"], ["ru-s03"])]


def test_one_entity_per_real_world_entity_with_both_labels(d02):
    _, _, x = d02
    union = next(o for o in x.organizations if o.alias_id == "kazakhstan-union-of-lawyers")
    assert [s.text for s in union.spans["kk"]] == ["«Қазақстан заңгерлер одағы» РҚБ-ның"]
    assert [s.text for s in union.spans["ru"]] == ["РОО «Союз юристов Казахстана»"]
    # merged through legal form and transliteration, with the reasons
    water = next(o for o in x.organizations if o.legal_form.get("ru") == "РГП на ПХВ")
    assert water.name == {"kk": "«Нұра топтық су құбыры» ШЖҚ РМК", "ru": "РГП на ПХВ «Нуринский групповой водопровод»"}
    assert any("same legal form" in e for e in water.evidence)
    directorate = next(o for o in x.organizations if o.kind == "directorate")
    assert directorate.parent_key == water.key
    assert len(x.organizations) == 5
    tokayev = x.persons[0]
    assert (tokayev.name("kk"), tokayev.name("ru")) == ("Қасым-Жомарт Тоқаев", "Касым-Жомарт Токаев")


def test_json_has_the_gold_files_keys_and_exact_mentions(d02):
    kk, ru, x = d02
    data = json.loads(json.dumps(x.to_json(), ensure_ascii=False))
    gold = json.loads((DEV / "d02-kyzylorda-branch-meeting-2023.gold.json").read_text(encoding="utf-8"))
    for section in ("persons", "organizations", "regions", "events", "quantities"):
        gold_keys = {k for e in gold[section] for k in e} - {"same_as_seed", "note", "parent_key", "what",
                                                               "subtype", "alt_family_kk", "patronymic_ru"}
        for entity in data[section]:
            assert gold_keys <= set(entity), (section, gold_keys - set(entity))
            assert 0 < entity["confidence"] <= 1 and entity["evidence"]
    texts = {"kk": kk, "ru": ru}
    versions = {lang: make_version(lang, t, has_title=True) for lang, t in texts.items()}
    for section in ("persons", "organizations", "regions", "events", "quantities"):
        for entity in data[section]:
            for lang in ("kk", "ru"):
                starts = [s["start"] for s in entity["spans"][lang]]
                assert starts == sorted(starts)                       # text order
                for mention, span in zip(entity["mentions"][lang], entity["spans"][lang]):
                    assert texts[lang][span["start"]:span["end"]] == mention == span["text"]
                    sentence = versions[lang].sentence(span["sentence"])   # the id ingest will store
                    assert sentence.start <= span["start"] and span["end"] <= sentence.end
    assert [q["qualifier"] for q in data["quantities"]] == ["exactly", "exactly"]
    assert data["sentences"]["kk"] == [{"id": s.id, "start": s.start, "end": s.end} for s in versions["kk"].sentences]
