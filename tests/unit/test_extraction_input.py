"""Broken, empty or one-language input: a clear ExtractionError / SourceError (exit 2), never a crash."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing_kg.cli import cli
from briefing_kg.errors import InputError, SourceError
from briefing_kg.extraction import ExtractionError, extract

KK = "Брифинг өтті\n\nАғымдағы жылдың 18 қарашасында Серік Ақылбай брифинг өткізді."
DATA = Path(__file__).resolve().parents[2] / "data"
RU = "Брифинг состоялся\n\n18 ноября т.г. Серик Акылбай провёл брифинг."


@pytest.mark.parametrize("kk, ru, message", [
    (None, None, "no text"),
    ("", None, "kk text is empty"),
    (None, "  \n\n ", "ru text is empty"),
    ("Ð¡ÐµÑ€Ð¸Ðº ÐÐºÑ‹Ð»Ð±Ð°Ð¹ Ð±Ñ€Ð¸Ñ„Ð¸Ð½Ð³", None, "UTF-8 read as Latin-1"),
    (None, "Брифинг \ufffd\ufffd состоялся", "replacement characters"),
    ("Only English words here.", None, "no Cyrillic"),
    (None, b"\xd0\x91\xd1\x80".decode("utf-8").encode(), "not a string"),
])
def test_unusable_input_is_refused_with_a_clear_message(kk, ru, message):
    with pytest.raises(ExtractionError) as info:
        extract(kk, ru)
    assert message in str(info.value)
    assert isinstance(info.value, InputError) and info.value.exit_code == 2


def test_a_publication_date_that_is_not_a_date_is_refused():
    with pytest.raises(ExtractionError, match="must be a date"):
        extract(None, RU, published="2022-11-18")


def test_one_language_gives_a_one_language_extraction():
    x = extract(None, RU, published=dt.date(2022, 11, 20))
    data = x.to_json()
    assert data["languages"] == ["ru"]
    person = data["persons"][0]
    assert (person["given_ru"], person["family_ru"], person["given_kk"]) == ("Серик", "Акылбай", None)
    assert person["mentions"] == {"kk": [], "ru": ["Серик Акылбай"]}
    assert data["alignment"] == []


def test_a_swapped_version_is_flagged():
    x = extract(RU.replace("\n\n", "\n\n" + "Русский текст без казахских букв. " * 10), KK)
    assert any("kk text has no Kazakh letters" in w for w in x.warnings)
    assert any("ru text has many Kazakh letters" in w for w in x.warnings)


def test_text_without_any_entity_gives_empty_lists():
    data = extract(None, "Погода\n\nСегодня было тепло и солнечно.").to_json()
    for key in ("persons", "organizations", "regions", "events", "quantities"):
        assert data[key] == []


# ------------------------------------------------------------------ the command


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_cli_extract_prints_json_with_kazakh_letters_unescaped(tmp_path):
    kk = write(tmp_path, "kk.txt", KK.encode())
    ru = write(tmp_path, "ru.txt", RU.encode())
    result = CliRunner().invoke(cli, ["--data-dir", str(DATA), "extract", "--kk", str(kk), "--ru", str(ru),
                                      "--published", "2022-11-20", "--graph", str(tmp_path / "none"),
                                      "--format", "json"])
    # a --graph that is no build folder is refused plainly
    assert result.exit_code == 2, result.output
    assert "no published graph" in result.output
    result = CliRunner().invoke(cli, ["--data-dir", str(DATA), "--base-uri", "http://example.org/",
                                      "extract", "--kk", str(kk), "--ru", str(ru), "--published", "2022-11-20"])
    assert result.exit_code == 0, result.output
    assert "Ақылбай" in result.output            # ensure_ascii=False
    data = json.loads(result.output)
    assert data["date_published"] == "2022-11-20"
    assert [e["date"] for e in data["events"]] == ["2022-11-18"]
    person = data["persons"][0]
    assert (person["given_kk"], person["family_kk"], person["given_ru"], person["family_ru"]) == \
        ("Серік", "Ақылбай", "Серик", "Акылбай")


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\xff\xfe\x00\x00broken", "not UTF-8"),
    ("Брифинг".encode("cp1251"), "not UTF-8"),
])
def test_cli_extract_refuses_unreadable_files(tmp_path, content, message):
    bad = write(tmp_path, "ru.txt", content)
    result = CliRunner().invoke(cli, ["extract", "--ru", str(bad)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_extract_without_any_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["extract"])
    assert result.exit_code == 2
    assert "--kk FILE, --ru FILE, or both" in result.output


def test_read_errors_are_source_errors(tmp_path):
    from briefing_kg.sources import read_text_file

    with pytest.raises(SourceError):
        read_text_file(write(tmp_path, "x.txt", b"\xff\xfe"))
