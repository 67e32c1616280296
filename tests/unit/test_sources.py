from __future__ import annotations

import datetime as dt

import pytest

from briefing_kg.errors import SourceError
from briefing_kg.sources import (Publisher, Release, make_version, read_release, read_text_file, segment,
                                 split_bilingual, write_release)
from tests.conftest import REPO, SEED_ID

SEED_FILE = REPO.parent / "shared" / "seed" / "briefing-2022-11-18.kk-ru.txt"


@pytest.fixture(scope="module")
def seed():
    return read_release(REPO / "data" / "sources" / SEED_ID)


def test_seed_versions_are_verbatim_with_their_no_break_spaces(seed):
    kk, ru = seed.versions["kk"].text, seed.versions["ru"].text
    assert kk.startswith("«Адал сайлау үшін» штаб мүшелерінің")
    assert kk.endswith("журналистердің сұрақтарына жауап берді.")
    assert ru.startswith("18 ноября т.г.") and ru.endswith("ответили на вопросы журналистов.")
    assert kk.count("\u00a0") + ru.count("\u00a0") == 5


@pytest.mark.skipif(not SEED_FILE.exists(), reason="the shared seed is not beside the clone")
def test_split_of_the_seed_file_gives_the_stored_versions(seed):
    kk, ru = split_bilingual(read_text_file(SEED_FILE), kk_ends_with="журналистердің сұрақтарына жауап берді.",
                             ru_starts_with="18 ноября т.г.")
    assert (kk, ru) == (seed.versions["kk"].text, seed.versions["ru"].text)
    whole = SEED_FILE.read_text(encoding="utf-8")
    assert whole == kk + "\n\n" + ru  # the blank line belongs to neither version


def test_sentence_offsets_are_code_points_into_their_own_version(seed):
    for version in seed.versions.values():
        for s in version.sentences:
            assert version.text[s.start:s.end] == s.text
            assert s.id.startswith(version.lang + "-s")
    assert [s.id for s in seed.versions["kk"].sentences][:2] == ["kk-s01", "kk-s02"]
    assert seed.sentence("kk-s01").text == seed.versions["kk"].title
    assert len(seed.versions["kk"].sentences) == 12 and len(seed.versions["ru"].sentences) == 11


def test_stored_offsets_win_over_the_segmenter(seed, tmp_path, monkeypatch):
    """A later segmenter must never orphan a cited sentence id."""
    import briefing_kg.sources as sources

    monkeypatch.setattr(sources, "segment", lambda text: [(0, len(text))])
    again = read_release(REPO / "data" / "sources" / SEED_ID)
    assert again.sentence("ru-s05") == seed.sentence("ru-s05")


def test_segment_splits_paragraphs_and_keeps_abbreviations_together():
    text = "Заголовок\n\n18 ноября т.г. в г.Алматы прошла встреча. Участники ответили на вопросы."
    spans = [text[a:b] for a, b in segment(text)]
    assert spans == ["Заголовок", "18 ноября т.г. в г.Алматы прошла встреча.", "Участники ответили на вопросы."]


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe\x00bad", "not UTF-8"),
    (b"   \n\n ", "the file is empty"),
    (b"", "the file is empty"),
    (b"text\x00more", "NUL"),
])
def test_bad_text_files_are_refused_clearly(tmp_path, content, message):
    path = tmp_path / "kk.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message) as error:
        read_text_file(path)
    assert str(path) in str(error.value)


def test_crlf_and_bom_are_normalised(tmp_path):
    path = tmp_path / "ru.txt"
    path.write_bytes("\ufeffЗаголовок\r\n\r\nТекст.".encode("utf-8"))
    assert read_text_file(path) == "Заголовок\n\nТекст."


def _release(text="Заголовок\n\nТекст релиза."):
    return Release(id="2023-01-02-test-release", publisher=Publisher(id="p", name={"ru": "П"}),
                   date_published=dt.date(2023, 1, 2), event_date=None, url=None,
                   versions={"ru": make_version("ru", text, has_title=True)})


def test_write_release_round_trips_and_refuses_to_overwrite(tmp_path):
    folder = write_release(_release(), tmp_path)
    again = read_release(folder)
    assert again.versions["ru"].text == "Заголовок\n\nТекст релиза."
    assert again.versions["ru"].title == "Заголовок"
    with pytest.raises(SourceError, match="exists already"):
        write_release(_release(), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2023-01-02-test-release"]


def test_a_failed_write_leaves_no_half_written_folder(tmp_path, monkeypatch):
    import briefing_kg.sources as sources

    def broken_dump(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(sources.yaml, "safe_dump", broken_dump)
    with pytest.raises(OSError):
        write_release(_release(), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_offsets_outside_the_text_are_reported(tmp_path):
    folder = write_release(_release(), tmp_path)
    meta = (folder / "release.yaml").read_text(encoding="utf-8")
    assert "end: 24" in meta
    meta = meta.replace("end: 24", "end: 999")
    (folder / "release.yaml").write_text(meta, encoding="utf-8")
    with pytest.raises(SourceError, match="fall outside the ru text"):
        read_release(folder)
