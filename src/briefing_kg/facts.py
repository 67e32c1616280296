"""Stage 3: facts — the reviewed (or draft) record of what a release states.

One YAML file per release, ``data/facts/<release-id>.yaml`` (format:
``docs/facts-format.md``). People review it and automatic extraction writes
drafts of it, so it is plain, diff-friendly YAML, and every error names the
file, line and key. ``load_facts`` checks the structure and every reference
(sentence ids against the release, ids between sections) before mapping sees it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from .errors import FactsError
from .sources import LANGUAGES, Release

LABEL_LANGS = ("kk", "ru", "en", "kk-Latn")
QUALIFIERS = ("exactly", "approximately", "more_than", "at_least")
STATUSES = ("reviewed", "draft")
RELATIONS = ("head", "member")


class _LineDict(dict):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings remember the line they start on."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    mapping = _LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise FactsError(f"key {key!r} appears twice", line=key_node.start_mark.line + 1, key=str(key))
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text until _check_entry parses them, so "2022-11-31" is reported with its line
# instead of failing inside the YAML parser.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# ------------------------------------------------------------------ the model

# section -> (entity kind in URIs, allowed keys beyond the common ones, required keys)
SECTIONS: dict[str, tuple[str, set[str], set[str]]] = {
    "organizations": ("organization", {"unit_of", "parent"}, {"name"}),
    "persons": ("person", {"given_name", "family_name"}, {"name"}),
    "roles": ("membership", {"person", "relation", "organization", "post", "title"}, {"person", "relation", "organization", "post"}),
    "places": ("place", {"site_of", "contained_in"}, {"name"}),
    "regions": ("region", {"iso"}, {"iso"}),
    "events": ("event", {"date", "date_mentions", "location", "about", "performers", "organizer", "participants",
                         "super_event", "audience", "audience_incomplete", "purposes", "venue_kind", "formats",
                         "explained"}, {"name"}),
    "quantities": ("quantity", {"value", "qualifier", "count_of", "counted_for", "attributed_to", "unit"},
                   {"value", "qualifier", "count_of"}),
    "claims": ("claim", {"text", "about", "attributed_to", "stated_at", "addressed_to"}, {"text"}),
    "topics": ("topic", {"broader"}, {"name"}),
    "audiences": ("audience", set(), {"name"}),
}
COMMON_KEYS = {"id", "types", "name", "alternate_names", "description", "mentions", "evidence", "confidence",
               "decision", "status"}
# fields that refer to an id of a fixed section
FIXED_REFERENCES = {
    ("organizations", "unit_of"): "organizations", ("organizations", "parent"): "organizations",
    ("roles", "person"): "persons", ("roles", "organization"): "organizations",
    ("places", "site_of"): "organizations",
    ("events", "super_event"): "events", ("events", "audience"): "audiences", ("events", "purposes"): "claims",
    ("events", "venue_kind"): "topics", ("events", "formats"): "topics", ("events", "explained"): "topics",
    ("quantities", "count_of"): "topics", ("topics", "broader"): "topics",
    ("claims", "stated_at"): "events", ("claims", "addressed_to"): "audiences",
}
# fields that take "kind:id" references to any section (or to the reference gazetteer)
TYPED_REFERENCES = {
    ("events", "location"), ("events", "about"), ("events", "performers"), ("events", "organizer"),
    ("events", "participants"), ("quantities", "counted_for"), ("quantities", "attributed_to"),
    ("claims", "about"), ("claims", "attributed_to"), ("places", "contained_in"),
}
KIND_TO_SECTION = {kind: section for section, (kind, _, _) in SECTIONS.items()}
KIND_TO_SECTION["country"] = "regions"


@dataclass(frozen=True)
class Fact:
    """One entry of a section, with where it came from."""

    section: str
    id: str
    data: dict[str, Any]
    path: Path
    line: int

    @property
    def kind(self) -> str:
        return SECTIONS[self.section][0]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def labels(self, key: str = "name") -> dict[str, str]:
        return dict(self.data.get(key) or {})

    def alternate_names(self) -> list[tuple[str, str]]:
        out = []
        for item in self.data.get("alternate_names") or []:
            for lang, text in item.items():
                out.append((lang, text))
        return out

    def evidence(self) -> list[str]:
        return list(self.data.get("evidence") or [])

    def mentions(self) -> dict[str, list[str]]:
        return {lang: list(v) for lang, v in (self.data.get("mentions") or {}).items()}

    def references(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)


@dataclass(frozen=True)
class Facts:
    release_id: str
    status: str                       # reviewed | draft
    path: Path
    facts: tuple[Fact, ...]
    reviewed_by: str | None = None
    generated_by: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> list[Fact]:
        return [f for f in self.facts if f.section == name]

    def find(self, section: str, fact_id: str) -> Fact | None:
        for f in self.facts:
            if f.section == section and f.id == fact_id:
                return f
        return None

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)


# ------------------------------------------------------------------ loading

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ISO = re.compile(r"^KZ(-[0-9]{2})?$")


def fact_id(section: str, data: dict) -> str | None:
    """The id of an entry; roles and regions derive theirs."""
    if section == "roles":
        return f"{data.get('person')}.{data.get('organization')}.{data.get('post')}"
    if section == "regions":
        return data.get("iso")
    return data.get("id")


def load_facts(path: Path, release: Release | None = None) -> Facts:
    """Read and check one facts file; ``release`` enables the sentence-id checks."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FactsError(f"cannot read: {exc.strerror}", path=path) from exc
    except UnicodeDecodeError as exc:
        raise FactsError("not UTF-8", path=path) from exc
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except FactsError as exc:
        raise FactsError(exc.message, path=path, line=exc.line, key=exc.key) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FactsError(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", path=path,
                         line=mark.line + 1 if mark else None) from exc
    if not isinstance(doc, dict):
        raise FactsError("a facts file is a mapping with 'release' and sections", path=path, line=1)
    release_id = doc.get("release")
    if not release_id:
        raise FactsError("'release' is missing", path=path, line=1, key="release")
    if release is not None and release_id != release.id:
        raise FactsError(f"names release {release_id!r}, expected {release.id!r}", path=path, line=1, key="release")
    status = doc.get("status", "reviewed")
    if status not in STATUSES:
        raise FactsError(f"status {status!r} is not one of {', '.join(STATUSES)}", path=path, line=1, key="status")
    known_top = {"release", "status", "reviewed_by", "generated_by", "extraction"} | set(SECTIONS)
    for key in doc:
        if key not in known_top:
            raise FactsError(f"unknown section {key!r}; expected one of {', '.join(sorted(known_top))}",
                             path=path, line=getattr(doc, "line", 1), key=str(key))

    facts: list[Fact] = []
    seen: dict[tuple[str, str], int] = {}
    for section, (kind, allowed, required) in SECTIONS.items():
        entries = doc.get(section) or []
        if not isinstance(entries, list):
            raise FactsError(f"section {section!r} must be a list", path=path, line=getattr(doc, "line", 1), key=section)
        for entry in entries:
            line = getattr(entry, "line", 0)
            if not isinstance(entry, dict):
                raise FactsError(f"an entry of {section!r} must be a mapping", path=path, line=line, key=section)
            for key in entry:
                if key not in allowed and key not in COMMON_KEYS:
                    raise FactsError(f"unknown key {key!r} in {section}", path=path, line=line, key=str(key))
            for key in required:
                if entry.get(key) in (None, "", [], {}):
                    raise FactsError(f"{section} entry needs {key!r}", path=path, line=line, key=key)
            fid = fact_id(section, entry)
            if section not in ("roles", "regions"):
                if not isinstance(fid, str) or not _ID.match(fid):
                    raise FactsError(f"id {fid!r} must be lower-case ASCII letters, digits and '-'",
                                     path=path, line=line, key="id")
            if section == "regions" and not _ISO.match(str(fid)):
                raise FactsError(f"{fid!r} is not an ISO 3166-2:KZ code such as KZ-62", path=path, line=line, key="iso")
            if (section, fid) in seen:
                raise FactsError(f"{section} id {fid!r} is used twice (first on line {seen[(section, fid)]})",
                                 path=path, line=line, key="id")
            seen[(section, fid)] = line
            _check_entry(section, entry, path, line, release)
            facts.append(Fact(section=section, id=str(fid), data=dict(entry), path=path, line=line))

    result = Facts(release_id=release_id, status=status, path=path, facts=tuple(facts),
                   reviewed_by=doc.get("reviewed_by"), generated_by=doc.get("generated_by"),
                   extra={k: doc[k] for k in ("extraction",) if k in doc})
    _check_references(result)
    return result


def _check_labels(value: Any, path: Path, line: int, key: str) -> None:
    if not isinstance(value, dict):
        raise FactsError(f"{key!r} must map languages ({', '.join(LABEL_LANGS)}) to text", path=path, line=line, key=key)
    for lang, text in value.items():
        if lang not in LABEL_LANGS:
            raise FactsError(f"language {lang!r} is not one of {', '.join(LABEL_LANGS)}", path=path, line=line, key=key)
        if not isinstance(text, str) or not text.strip():
            raise FactsError(f"the {lang} text of {key!r} is empty", path=path, line=line, key=key)


def _check_entry(section: str, entry: dict, path: Path, line: int, release: Release | None) -> None:
    for key in ("name", "title", "text", "given_name", "family_name", "description"):
        if key in entry:
            _check_labels(entry[key], path, line, key)
    for item in entry.get("alternate_names") or []:
        _check_labels(item, path, getattr(item, "line", line), "alternate_names")
    mentions = entry.get("mentions") or {}
    if not isinstance(mentions, dict):
        raise FactsError("'mentions' must map kk/ru to lists of exact words", path=path, line=line, key="mentions")
    for lang, items in mentions.items():
        if lang not in LANGUAGES or not isinstance(items, list) or not all(isinstance(m, str) and m for m in items):
            raise FactsError(f"mentions of {lang!r} must be a list of exact text", path=path, line=line, key="mentions")
    evidence = entry.get("evidence")
    if not isinstance(evidence, list) or not evidence:
        raise FactsError("'evidence' must list at least one sentence id (kk-s01, ru-s03...)", path=path, line=line,
                         key="evidence")
    if release is not None:
        for sid in evidence:
            try:
                release.sentence(str(sid))
            except KeyError:
                raise FactsError(f"sentence {sid!r} does not exist in release {release.id}", path=path, line=line,
                                 key="evidence") from None
        for lang in mentions:
            if not any(str(s).startswith(f"{lang}-") for s in evidence):
                raise FactsError(f"{lang} mentions but no {lang} sentence in 'evidence'", path=path, line=line,
                                 key="mentions")
    if "date" in entry:
        value = entry["date"]
        if not isinstance(value, dt.date):
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                raise FactsError(f"date {value!r} is not a date (YYYY-MM-DD)", path=path, line=line, key="date") from None
    if section == "quantities":
        if entry.get("qualifier") not in QUALIFIERS:
            raise FactsError(f"qualifier {entry.get('qualifier')!r} is not one of {', '.join(QUALIFIERS)}",
                             path=path, line=line, key="qualifier")
        if not isinstance(entry.get("value"), (int, float)) or isinstance(entry.get("value"), bool):
            raise FactsError(f"value {entry.get('value')!r} is not a number", path=path, line=line, key="value")
    if section == "roles" and entry.get("relation") not in RELATIONS:
        raise FactsError(f"relation {entry.get('relation')!r} is not one of {', '.join(RELATIONS)}",
                         path=path, line=line, key="relation")
    if "confidence" in entry:
        c = entry["confidence"]
        if not isinstance(c, (int, float)) or not 0 <= c <= 1:
            raise FactsError(f"confidence {c!r} must be a number from 0 to 1", path=path, line=line, key="confidence")


def parse_reference(ref: str) -> tuple[str, str]:
    """``"person:akylbay-serik"`` -> ("person", "akylbay-serik")."""
    kind, sep, ident = str(ref).partition(":")
    if not sep or kind not in KIND_TO_SECTION:
        raise ValueError(f"{ref!r} is not a reference such as person:some-id, region:KZ-62 or country:KZ")
    return kind, ident


def _check_references(facts: Facts) -> None:
    ids = {(f.section, f.id) for f in facts}
    for f in facts:
        for (section, key), target in FIXED_REFERENCES.items():
            if f.section != section:
                continue
            for ref in f.references(key):
                if (target, ref) not in ids:
                    raise FactsError(f"{key} {ref!r} is not an id in {target}", path=f.path, line=f.line, key=key)
        for section, key in TYPED_REFERENCES:
            if f.section != section:
                continue
            for ref in f.references(key):
                try:
                    kind, ident = parse_reference(ref)
                except ValueError as exc:
                    raise FactsError(str(exc), path=f.path, line=f.line, key=key) from None
                if kind in ("region", "country"):
                    if not _ISO.match(ident):
                        raise FactsError(f"{ref!r}: not an ISO 3166-2:KZ code", path=f.path, line=f.line, key=key)
                    continue  # regions come from the reference gazetteer
                if (KIND_TO_SECTION[kind], ident) not in ids:
                    raise FactsError(f"{key} {ref!r} names no {kind} in this file", path=f.path, line=f.line, key=key)


def facts_path(data_dir: Path, release_id: str) -> Path:
    return Path(data_dir) / "facts" / f"{release_id}.yaml"


def draft_path(data_dir: Path, release_id: str) -> Path:
    return Path(data_dir) / "facts" / f"{release_id}.draft.yaml"
