from __future__ import annotations

from pathlib import Path

import pytest

from briefing_kg.errors import FactsError
from briefing_kg.facts import load_facts
from briefing_kg.sources import read_release
from tests.conftest import REPO, SEED_ID

FACTS = REPO / "data" / "facts" / f"{SEED_ID}.yaml"


@pytest.fixture(scope="module")
def release():
    return read_release(REPO / "data" / "sources" / SEED_ID)


def test_the_seed_facts_load_with_line_numbers(release):
    facts = load_facts(FACTS, release)
    assert facts.status == "reviewed"
    person = facts.find("persons", "akylbay-serik")
    lines = FACTS.read_text(encoding="utf-8").splitlines()
    assert lines[person.line - 1].strip() == "- id: akylbay-serik"
    assert {f.section for f in facts} >= {"persons", "organizations", "events", "quantities", "claims", "regions"}


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / f"{SEED_ID}.yaml"
    path.write_text(f"release: {SEED_ID}\nstatus: reviewed\n" + body, encoding="utf-8")
    return path


PERSON = """persons:
  - id: akylbay-serik
    name: {kk: Серік Ақылбай, ru: Серік Ақылбай}
    evidence: [kk-s06, ru-s05]
"""


@pytest.mark.parametrize("body, message, line, key", [
    (PERSON.replace("evidence: [kk-s06, ru-s05]", "evidence: [kk-s99]"), "sentence 'kk-s99' does not exist", 4, "evidence"),
    (PERSON.replace("    evidence", "    nickname: x\n    evidence"), "unknown key 'nickname'", 4, "nickname"),
    (PERSON.replace("evidence: [kk-s06, ru-s05]", "evidence: []"), "'evidence' must list", 4, "evidence"),
    (PERSON + PERSON.replace("persons:\n", ""), "persons id 'akylbay-serik' is used twice", 7, "id"),
    (PERSON.replace("id: akylbay-serik", "id: Akylbay Serik"), "must be lower-case ASCII", 4, "id"),
    (PERSON.replace("{kk: Серік Ақылбай, ru", "{kz: Серік Ақылбай, ru"), "language 'kz' is not one of", 4, "name"),
    ("events:\n  - id: e\n    name: {kk: a, ru: b}\n    date: 2022-02-30\n    evidence: [kk-s01]\n",
     "date '2022-02-30' is not a date", 4, "date"),
    ("quantities:\n  - id: q\n    value: 60\n    qualifier: roughly\n    count_of: t\n    evidence: [kk-s06]\n",
     "qualifier 'roughly' is not one of", 4, "qualifier"),
    ("events:\n  - id: e\n    name: {kk: a, ru: b}\n    location: [region:Almaty]\n    evidence: [kk-s01]\n",
     "not an ISO 3166-2:KZ code", 4, "location"),
    ("events:\n  - id: e\n    name: {kk: a, ru: b}\n    performers: [person:nobody]\n    evidence: [kk-s01]\n",
     "performers 'person:nobody' names no person", 4, "performers"),
    ("persons:\n  - id: x\n    name: {kk: a, ru: b}\n    mentions: {ru: [b]}\n    evidence: [kk-s01]\n",
     "ru mentions but no ru sentence", 4, "mentions"),
    ("colours: []\n", "unknown section 'colours'", 1, "colours"),
])
def test_mistakes_name_file_line_and_key(tmp_path, release, body, message, line, key):
    path = write(tmp_path, body)
    with pytest.raises(FactsError, match=message) as error:
        load_facts(path, release)
    assert error.value.path == path
    assert error.value.line == line
    assert error.value.key == key
    assert str(error.value).startswith(f"{path}:{line} ({key}): ")


def test_broken_yaml_names_its_line(tmp_path, release):
    path = write(tmp_path, "persons:\n  - id: x\n    name: {kk: a, ru: [unclosed\n")
    with pytest.raises(FactsError, match="not valid YAML") as error:
        load_facts(path, release)
    assert error.value.line is not None


def test_a_facts_file_for_another_release_is_refused(tmp_path, release):
    path = tmp_path / "x.yaml"
    path.write_text("release: 2020-01-01-other\n", encoding="utf-8")
    with pytest.raises(FactsError, match="expected '2022-11-18-adal-sailau-briefing'"):
        load_facts(path, release)


def test_a_mention_that_is_not_in_the_cited_sentences_fails_the_mapping(tmp_path):
    from tests.conftest import copy_data
    from briefing_kg.config import Config
    from briefing_kg.pipeline import map_data

    data = copy_data(tmp_path)
    facts = data / "facts" / f"{SEED_ID}.yaml"
    text = facts.read_text(encoding="utf-8").replace("ru: [Абдрасуловым Ермеком]", "ru: [Абдрасуловым Ермек]x")
    text = text.replace("ru: [Абдрасуловым Ермек]x", "ru: [Абдрасуловой Ермек]")
    facts.write_text(text, encoding="utf-8")
    with pytest.raises(FactsError, match="mention 'Абдрасуловой Ермек' is not in the cited ru sentences"):
        map_data(Config(data_dir=data))
