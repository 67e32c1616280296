"""SHACL gates every build: broken facts or graphs fail with a message that names them, and
nothing is published."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from briefing_kg.cli import cli
from briefing_kg.errors import ValidationFailed
from briefing_kg.pipeline import build_release, map_data
from briefing_kg.validation import validate
from briefing_kg.vocab import NIF, SCHEMA
from tests.conftest import SEED_ID

BASE = "http://localhost:8080/"
RELEASE_GRAPH = URIRef(f"{BASE}graph/release/{SEED_ID}")


def facts_file(config) -> Path:
    return Path(config.data_dir) / "facts" / f"{SEED_ID}.yaml"


def edit_facts(config, old: str, new: str) -> int:
    """Change the facts file; returns the line the change is on."""
    path = facts_file(config)
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def tree_digest(root: Path) -> dict[str, str]:
    root = root.resolve()
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_shipped_data_conforms(data_config):
    _, report = __import__("briefing_kg.pipeline", fromlist=["validate_data"]).validate_data(data_config)
    assert report.conforms, report.text()


def test_person_without_kk_name_fails_with_its_label_and_facts_line(data_config):
    mapped = map_data(data_config)
    person = URIRef(f"{BASE}id/person/abdrasulov-ermek")
    mapped.dataset.graph(RELEASE_GRAPH).remove((person, SCHEMA.name, Literal("Абдрасулов Ермек", lang="kk")))
    report = validate(mapped.dataset, data_config, source_map=mapped.source_map)
    assert not report.conforms
    [result] = report.results
    assert result.focus == str(person)
    assert result.path == "schema:name"
    assert result.message == "a person needs exactly one schema:name in Kazakh (@kk)"
    assert "Абдрасулов Ермек" in result.label
    assert result.origin.path.name == f"{SEED_ID}.yaml"
    text = facts_file(data_config).read_text(encoding="utf-8").splitlines()
    assert text[result.origin.line - 1].strip() == "- id: abdrasulov-ermek"


def test_second_kk_name_also_fails(data_config):
    mapped = map_data(data_config)
    person = URIRef(f"{BASE}id/person/akylbay-serik")
    mapped.dataset.graph(RELEASE_GRAPH).add((person, SCHEMA.name, Literal("Ақылбай С.", lang="kk")))
    report = validate(mapped.dataset, data_config, source_map=mapped.source_map)
    assert [r.message for r in report.results] == ["a person needs exactly one schema:name in Kazakh (@kk)"]


def test_event_date_that_is_not_a_date_fails(data_config):
    mapped = map_data(data_config)
    event = URIRef(f"{BASE}id/event/2022-11-20-presidential-election")
    g = mapped.dataset.graph(RELEASE_GRAPH)
    g.remove((event, SCHEMA.startDate, None))
    g.add((event, SCHEMA.startDate, Literal("20 ноября 2022 года")))
    report = validate(mapped.dataset, data_config, source_map=mapped.source_map)
    [result] = report.results
    assert (result.focus, result.path, result.value) == (str(event), "schema:startDate", "20 ноября 2022 года")
    assert result.message == "schema:startDate must be one xsd:date"


def test_passage_whose_offsets_do_not_match_fails(data_config):
    mapped = map_data(data_config)
    passage = URIRef(f"{BASE}id/passage/{SEED_ID}-ru-s03")
    g = mapped.dataset.graph(RELEASE_GRAPH)
    g.remove((passage, NIF.beginIndex, None))
    g.add((passage, NIF.beginIndex, Literal(262, datatype=XSD.nonNegativeInteger)))
    report = validate(mapped.dataset, data_config, source_map=mapped.source_map)
    messages = {r.focus: r.message for r in report.results}
    assert messages[str(passage)] == "offsets 262..339 fall outside the document or do not hold the passage text"


def test_offsets_past_the_end_of_the_document_fail(data_config):
    mapped = map_data(data_config)
    passage = URIRef(f"{BASE}id/passage/{SEED_ID}-kk-s12")
    g = mapped.dataset.graph(RELEASE_GRAPH)
    g.remove((passage, NIF.endIndex, None))
    g.add((passage, NIF.endIndex, Literal(99999, datatype=XSD.nonNegativeInteger)))
    report = validate(mapped.dataset, data_config, source_map=mapped.source_map)
    assert any(r.focus == str(passage) and "fall outside the document" in r.message for r in report.results)


def test_count_with_wrong_value_property_fails(data_config):
    edit_facts(data_config, "    value: 80\n    qualifier: more_than", "    value: 80\n    qualifier: exactly")
    mapped = map_data(data_config)
    quantity = URIRef(f"{BASE}id/quantity/adal-sailau-information-events")
    g = mapped.dataset.graph(RELEASE_GRAPH)
    g.remove((quantity, SCHEMA.value, None))
    g.add((quantity, SCHEMA.minValue, Literal(80)))
    report = validate(mapped.dataset, data_config, source_map=mapped.source_map)
    assert any(r.focus == str(quantity) and "qualifier does not fit the value" in r.message for r in report.results)


def test_blank_nodes_are_refused(data_config):
    from rdflib import BNode
    from rdflib.namespace import RDF

    mapped = map_data(data_config)
    node = BNode()
    mapped.dataset.graph(RELEASE_GRAPH).add((node, RDF.type, SCHEMA.Thing))
    report = validate(mapped.dataset, data_config, source_map=mapped.source_map)
    assert any("blank nodes are not published" in r.message for r in report.results)


def test_http_schema_namespace_is_refused(data_config):
    mapped = map_data(data_config)
    person = URIRef(f"{BASE}id/person/akylbay-serik")
    mapped.dataset.graph(RELEASE_GRAPH).add((person, URIRef("http://schema.org/jobTitle"), Literal("x")))
    report = validate(mapped.dataset, data_config, source_map=mapped.source_map)
    assert any(r.focus == str(person) and "https://schema.org/ only" in r.message for r in report.results)


def test_failed_validation_publishes_nothing_and_keeps_the_last_build(data_config):
    first = build_release(data_config)
    before = tree_digest(first)
    # A person whose kk name is gone: the facts parse, the graph does not conform.
    edit_facts(data_config, "    name: {kk: Абдрасулов Ермек, ru: Абдрасулов Ермек}",
               "    name: {ru: Абдрасулов Ермек}")
    with pytest.raises(ValidationFailed) as failure:
        build_release(data_config)
    assert any(r.message.startswith("a person needs exactly one schema:name in Kazakh")
               for r in failure.value.report.results)
    assert tree_digest(data_config.out_dir) == before
    leftovers = [p.name for p in Path(data_config.out_dir).resolve().parent.iterdir() if p.name.startswith(".tmp")]
    assert leftovers == []


def test_validate_command_reports_the_facts_file_and_line(data_config):
    line = edit_facts(data_config, "    name: {kk: Серік Беркамалов, ru: Серик Беркамалов}",
                      "    name: {ru: Серик Беркамалов}")
    result = CliRunner().invoke(cli, ["--data-dir", str(data_config.data_dir), "validate"])
    assert result.exit_code == 1, result.output
    assert "a person needs exactly one schema:name in Kazakh (@kk)" in result.output
    entry_line = line - 1  # the entry starts on its "- id:" line, just above the name
    assert re.search(rf"{SEED_ID}\.yaml:{entry_line}\b", result.output), result.output
    assert "'Серик Беркамалов'@ru" in result.output


def test_build_command_exits_1_and_says_nothing_was_published(data_config, tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    ok = runner.invoke(cli, ["--data-dir", str(data_config.data_dir), "build", "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    before = tree_digest(out)
    edit_facts(data_config, "    date: 2022-11-20\n", "    date: 2022-11-31\n")
    bad = runner.invoke(cli, ["--data-dir", str(data_config.data_dir), "build", "--out", str(out)])
    assert bad.exit_code == 2, bad.output
    assert "date '2022-11-31' is not a date" in bad.output and f"{SEED_ID}.yaml:" in bad.output
    assert tree_digest(out) == before
    edit_facts(data_config, "    date: 2022-11-31\n", "    date: 2022-11-20\n")
    edit_facts(data_config, "    name: {kk: Серік Ақылбай, ru: Серік Ақылбай}", "    name: {ru: Серік Ақылбай}")
    bad = runner.invoke(cli, ["--data-dir", str(data_config.data_dir), "build", "--out", str(out)])
    assert bad.exit_code == 1, bad.output
    assert "a person needs exactly one schema:name in Kazakh (@kk)" in bad.output
    assert "Nothing was published; the previous build is unchanged." in bad.output
    assert tree_digest(out) == before


def test_dangling_reference_is_an_input_error_with_its_line(data_config):
    line = edit_facts(data_config, "    counted_for: organization:adal-sailau-headquarters\n    attributed_to: person:akylbay-serik\n    mentions: {kk: [60",
                      "    counted_for: person:nobody\n    attributed_to: person:akylbay-serik\n    mentions: {kk: [60")
    result = CliRunner().invoke(cli, ["--data-dir", str(data_config.data_dir), "validate"])
    assert result.exit_code == 2
    assert "counted_for 'person:nobody' names no person in this file" in result.output
    assert re.search(rf"{SEED_ID}\.yaml:{line - 4} \(counted_for\)", result.output), result.output


def test_a_data_folder_without_releases_is_refused(tmp_path):
    (tmp_path / "data" / "sources").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no source release to build from" in result.output
    assert not (tmp_path / "out").exists()
