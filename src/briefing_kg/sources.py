"""Stage 1: source releases, kept verbatim, segmented once.

A release folder ``data/sources/<release-id>/`` holds one text file per
language version (``kk.txt``, ``ru.txt``, byte-for-byte as published) and
``release.yaml``: the metadata and the sentence table. Sentences are cut once,
when the release is created, and their ids and code-point offsets are stored,
so facts that cite ``kk-s05`` stay valid whatever segmenter a later version
ships.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import SourceError

LANGUAGES = ("kk", "ru")
RELEASE_ID = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")


@dataclass(frozen=True)
class Sentence:
    id: str          # "kk-s01"
    lang: str
    start: int       # code points into the version's own text
    end: int
    text: str


@dataclass(frozen=True)
class Version:
    lang: str
    text: str
    sentences: tuple[Sentence, ...]
    title: str | None = None
    translation_of: str | None = None   # the language this version translates, if known

    def sentence(self, sentence_id: str) -> Sentence:
        for s in self.sentences:
            if s.id == sentence_id:
                return s
        raise KeyError(sentence_id)


@dataclass(frozen=True)
class Publisher:
    id: str                       # organization slug in the graph
    name: dict[str, str]          # lang -> name
    url: str | None = None


@dataclass(frozen=True)
class Release:
    id: str
    publisher: Publisher
    date_published: dt.date | None
    event_date: dt.date | None
    url: str | None
    versions: dict[str, Version]
    title: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    path: Path | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if lang in self.versions)

    def sentence(self, sentence_id: str) -> Sentence:
        lang = sentence_id.split("-", 1)[0]
        if lang not in self.versions:
            raise KeyError(sentence_id)
        return self.versions[lang].sentence(sentence_id)


def segment(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in code points: paragraphs first, then razdel inside each."""
    from razdel import sentenize

    spans: list[tuple[int, int]] = []
    position = 0
    for part in _PARAGRAPH_BREAK.split(text) + [None]:
        if part is None:
            break
        start = text.index(part, position) if part else position
        for s in sentenize(part):
            if s.text.strip():
                spans.append((start + s.start, start + s.stop))
        position = start + len(part)
    return spans


def make_version(lang: str, text: str, *, has_title: bool, translation_of: str | None = None) -> Version:
    if lang not in LANGUAGES:
        raise SourceError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    if not text.strip():
        raise SourceError(f"the {lang} text is empty")
    sentences = tuple(
        Sentence(id=f"{lang}-s{n:02d}", lang=lang, start=a, end=b, text=text[a:b])
        for n, (a, b) in enumerate(segment(text), start=1)
    )
    title = None
    if has_title:
        first_line = text.split("\n", 1)[0].strip()
        title = first_line or None
    return Version(lang=lang, text=text, sentences=sentences, title=title, translation_of=translation_of)


def read_text_file(path: Path) -> str:
    """A release text: UTF-8 (a BOM is dropped), LF line ends; anything else is refused clearly."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=path) from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", path=path, line=line) from exc
    text = text.replace("\r\n", "\n")
    if "\x00" in text:
        raise SourceError("contains NUL characters: not a text file", path=path)
    if not text.strip():
        raise SourceError("the file is empty", path=path)
    return text


# ---------------------------------------------------------------- on disk


def _version_to_yaml(v: Version) -> dict:
    return {
        "file": f"{v.lang}.txt",
        "title": v.title,
        "translation_of": v.translation_of,
        "sentences": [{"id": s.id, "start": s.start, "end": s.end} for s in v.sentences],
    }


def release_metadata(release: Release) -> dict:
    return {
        "id": release.id,
        "publisher": {"id": release.publisher.id, "name": dict(release.publisher.name), "url": release.publisher.url},
        "date_published": release.date_published.isoformat() if release.date_published else None,
        "event_date": release.event_date.isoformat() if release.event_date else None,
        "url": release.url,
        "title": dict(release.title),
        "note": release.note,
        "versions": {lang: _version_to_yaml(release.versions[lang]) for lang in release.languages},
    }


def write_release(release: Release, sources_dir: Path) -> Path:
    """Write ``sources_dir/<id>/`` whole or not at all (a temporary folder, then one rename)."""
    if not RELEASE_ID.match(release.id):
        raise SourceError(f"release id {release.id!r} must look like 2022-11-18-some-words")
    sources_dir = Path(sources_dir)
    sources_dir.mkdir(parents=True, exist_ok=True)
    target = sources_dir / release.id
    if target.exists():
        raise SourceError(f"release {release.id} exists already", path=target)
    staging = Path(tempfile.mkdtemp(prefix=f".{release.id}.", dir=sources_dir))
    try:
        for lang in release.languages:
            (staging / f"{lang}.txt").write_bytes(release.versions[lang].text.encode("utf-8"))
        (staging / "release.yaml").write_text(
            yaml.safe_dump(release_metadata(release), allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8",
        )
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _date(value, path: Path, key: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise SourceError(f"{value!r} is not a date (YYYY-MM-DD)", path=path, key=key) from exc


def read_release(folder: Path) -> Release:
    folder = Path(folder)
    meta_path = folder / "release.yaml"
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=meta_path) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path=meta_path,
                          line=mark.line + 1 if mark else None) from exc
    if not isinstance(meta, dict) or "id" not in meta or "versions" not in meta:
        raise SourceError("release.yaml needs at least 'id' and 'versions'", path=meta_path)
    if meta["id"] != folder.name:
        raise SourceError(f"id {meta['id']!r} differs from the folder name {folder.name!r}", path=meta_path, key="id")
    versions: dict[str, Version] = {}
    for lang, v in (meta.get("versions") or {}).items():
        text = read_text_file(folder / v.get("file", f"{lang}.txt"))
        sentences = []
        for row in v.get("sentences") or []:
            start, end = int(row["start"]), int(row["end"])
            if not (0 <= start < end <= len(text)):
                raise SourceError(f"sentence {row['id']} offsets {start}..{end} fall outside the {lang} text "
                                  f"({len(text)} code points)", path=meta_path, key=row["id"])
            sentences.append(Sentence(id=row["id"], lang=lang, start=start, end=end, text=text[start:end]))
        versions[lang] = Version(lang=lang, text=text, sentences=tuple(sentences), title=v.get("title"),
                                 translation_of=v.get("translation_of"))
    pub = meta.get("publisher") or {}
    return Release(
        id=meta["id"],
        publisher=Publisher(id=pub.get("id", "publisher"), name=dict(pub.get("name") or {}), url=pub.get("url")),
        date_published=_date(meta.get("date_published"), meta_path, "date_published"),
        event_date=_date(meta.get("event_date"), meta_path, "event_date"),
        url=meta.get("url"),
        versions=versions,
        title=dict(meta.get("title") or {}),
        note=meta.get("note"),
        path=folder,
    )


def read_releases(sources_dir: Path) -> list[Release]:
    sources_dir = Path(sources_dir)
    if not sources_dir.is_dir():
        raise SourceError("no sources folder", path=sources_dir)
    return [read_release(p) for p in sorted(sources_dir.iterdir()) if p.is_dir() and not p.name.startswith(".")]


def split_bilingual(text: str, *, kk_ends_with: str, ru_starts_with: str) -> tuple[str, str]:
    """Cut a file that holds the kk version, a blank line, then the ru version.

    The blank line belongs to neither version.
    """
    kk_end = text.find(kk_ends_with)
    ru_start = text.find(ru_starts_with)
    if kk_end < 0 or ru_start < 0:
        raise SourceError("the markers that separate the kk and ru versions were not found")
    kk_end += len(kk_ends_with)
    if text[kk_end:ru_start].strip():
        raise SourceError("text between the kk and ru versions belongs to neither")
    return text[:kk_end], text[ru_start:].rstrip("\n")
