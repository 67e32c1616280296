"""`briefing-kg ingest` refuses bad releases clearly (exit 2) and writes nothing."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing_kg.cli import cli

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "sources" / "2022-11-18-adal-sailau-briefing"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("*.draft.yaml"))
    return data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(data_dir: Path, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), "ingest", "--publisher",
                                    "kazakhstan-union-of-lawyers", "--published", "2023-02-15", *args])


def test_broken_encoding_is_refused_with_the_file_and_byte(data_dir, tmp_path):
    before = snapshot(data_dir)
    bad = tmp_path / "ru.txt"
    bad.write_bytes("Юристы разъяснили\n\nВстреча прошла в Кызылорде.".encode("cp1251"))
    result = run(data_dir, "--kk", str(SEED / "kk.txt"), "--ru", str(bad))
    assert result.exit_code == 2, result.output
    assert str(bad) in result.output and "not UTF-8" in result.output and "byte 0x" in result.output
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("content", [b"", b"   \n\n \t\n"])
def test_an_empty_file_is_refused(data_dir, tmp_path, content):
    before = snapshot(data_dir)
    empty = tmp_path / "kk.txt"
    empty.write_bytes(content)
    result = run(data_dir, "--kk", str(empty))
    assert result.exit_code == 2
    assert "the file is empty" in result.output and str(empty) in result.output
    assert snapshot(data_dir) == before


def test_no_text_at_all_is_a_usage_error(data_dir):
    result = run(data_dir)
    assert result.exit_code == 2
    assert "--kk FILE, --ru FILE, or both" in result.output


def test_a_missing_file_is_refused(data_dir, tmp_path):
    result = run(data_dir, "--ru", str(tmp_path / "nowhere.txt"))
    assert result.exit_code == 2
    assert "nowhere.txt" in result.output


def test_texts_in_the_wrong_language_slot_are_refused(data_dir):
    before = snapshot(data_dir)
    swapped = run(data_dir, "--kk", str(SEED / "ru.txt"), "--ru", str(SEED / "kk.txt"))
    assert swapped.exit_code == 2
    assert "looks like" in swapped.output
    assert snapshot(data_dir) == before


def test_an_existing_release_is_not_overwritten(data_dir):
    before = snapshot(data_dir)
    result = run(data_dir, "--kk", str(SEED / "kk.txt"), "--id", "2022-11-18-adal-sailau-briefing")
    assert result.exit_code == 2
    assert "exists already" in result.output
    assert snapshot(data_dir) == before


def test_a_malformed_release_id_is_refused(data_dir):
    result = run(data_dir, "--kk", str(SEED / "kk.txt"), "--id", "Adal Sailau")
    assert result.exit_code == 2
    assert "must look like 2022-11-18-some-words" in result.output


def test_a_bad_date_is_a_usage_error(data_dir):
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "ingest", "--kk", str(SEED / "kk.txt"),
                                      "--publisher", "x", "--published", "18.11.2022"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output or "%Y-%m-%d" in result.output


def test_an_unknown_publisher_id_is_refused(data_dir):
    before = snapshot(data_dir)
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "ingest", "--kk", str(SEED / "kk.txt"),
                                      "--publisher", "no-such-union", "--published", "2022-11-18"])
    assert result.exit_code == 2
    assert "'no-such-union' is no organization id of the graph" in result.output
    assert snapshot(data_dir) == before
