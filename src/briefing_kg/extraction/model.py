"""The result of extraction: plain dataclasses, and their JSON in the gold files' structure.

``Extraction.to_json()`` keeps the key names of the development corpus's gold
files (``tests/data/corpus/dev/*.gold.json``) so any gold folder can score it,
and adds, per entity, what a reviewer and ``ingest`` need:

* ``spans``: one record per mention, parallel to ``mentions`` (same order):
  the exact text, its code-point offsets into that language's text and the id
  of the sentence that holds it (``kk-s03``; the ids ``sources.make_version``
  gives the same text);
* ``confidence`` (0..1) and ``evidence`` (the rules and words that fired);
* ``uri`` / ``new`` on persons and organizations once ``resolve`` filled them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

LANGS = ("kk", "ru")
QUALIFIERS = ("exactly", "approximately", "more_than", "at_least")
EVENT_TYPES = ("briefing", "round_table", "meeting", "election", "press_conference", "congress", "visit", "other")


@dataclass(frozen=True)
class Span:
    """One mention: the exact words, where they are, which sentence holds them."""

    lang: str
    text: str
    start: int        # code points into the language's text
    end: int
    sentence: str     # "kk-s03"

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "sentence": self.sentence}


def _by_lang(spans: dict[str, list[Span]]) -> dict[str, list[Span]]:
    return {lang: sorted(spans.get(lang, []), key=lambda s: (s.start, s.end)) for lang in LANGS}


@dataclass
class Entity:
    """What every extracted entity has: its mentions per language, a score and the reasons."""

    spans: dict[str, list[Span]] = field(default_factory=lambda: {lang: [] for lang in LANGS})
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)

    def add(self, span: Span) -> None:
        bucket = self.spans.setdefault(span.lang, [])
        if all((s.start, s.end) != (span.start, span.end) for s in bucket):
            bucket.append(span)

    def sorted_spans(self) -> dict[str, list[Span]]:
        return _by_lang(self.spans)

    def first_start(self) -> tuple[int, int]:
        """Order of first appearance: kk first, then ru (for stable output)."""
        for rank, lang in enumerate(LANGS):
            if self.spans.get(lang):
                return (rank, min(s.start for s in self.spans[lang]))
        return (9, 0)

    def note(self, reason: str) -> None:
        if reason not in self.evidence:
            self.evidence.append(reason)

    def _mentions_json(self) -> dict[str, Any]:
        spans = self.sorted_spans()
        return {
            "mentions": {lang: [s.text for s in spans[lang]] for lang in LANGS},
            "spans": {lang: [s.to_json() for s in spans[lang]] for lang in LANGS},
            "sentences": sorted({s.sentence for lang in LANGS for s in spans[lang]},
                                key=lambda sid: (sid[:2] != "kk", sid)),
            "confidence": round(self.confidence, 3),
            "evidence": list(self.evidence),
        }


@dataclass
class Resolution:
    """Filled by ``extraction.resolve`` (another module): the URI in the published graph."""

    uri: str | None = None
    new: bool | None = None
    detail: dict[str, Any] | None = None   # which evidence, which score: for the reviewer


@dataclass
class Person(Entity):
    key: str = ""
    given: dict[str, str | None] = field(default_factory=dict)        # lang -> nominative given name
    family: dict[str, str | None] = field(default_factory=dict)       # lang -> nominative family name
    patronymic: dict[str, str | None] = field(default_factory=dict)
    gender: str | None = None                                          # "m" | "f" | None
    resolution: Resolution | None = None

    def name(self, lang: str) -> str | None:
        """The nominative "Given Family" in ``lang``'s spelling, or ``None``."""
        parts = [self.given.get(lang), self.patronymic.get(lang), self.family.get(lang)]
        parts = [p for p in parts if p]
        return " ".join(parts) if parts else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key}
        for lang in LANGS:
            out[f"given_{lang}"] = self.given.get(lang)
            out[f"family_{lang}"] = self.family.get(lang)
        for lang in LANGS:
            if self.patronymic.get(lang):
                out[f"patronymic_{lang}"] = self.patronymic[lang]
        out["gender"] = self.gender
        out.update(self._mentions_json())
        _resolution_json(out, self.resolution)
        return out


@dataclass
class Organization(Entity):
    key: str = ""
    name: dict[str, str | None] = field(default_factory=dict)         # lang -> nominative name
    kind: str | None = None            # "union", "headquarters", "branch", "university", ... (the head noun's class)
    legal_form: dict[str, str | None] = field(default_factory=dict)   # lang -> "РОО", "РҚБ", ...
    alias_id: str | None = None        # id of the lexicon entry it matched, if any
    parent_key: str | None = None
    resolution: Resolution | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key}
        for lang in LANGS:
            out[f"name_{lang}"] = self.name.get(lang)
        out["kind"] = self.kind
        out["legal_form"] = {lang: self.legal_form.get(lang) for lang in LANGS}
        if self.alias_id:
            out["lexicon_id"] = self.alias_id
        if self.parent_key:
            out["parent_key"] = self.parent_key
        out.update(self._mentions_json())
        _resolution_json(out, self.resolution)
        return out


@dataclass
class RegionMention(Entity):
    iso: str = ""                      # "KZ-15"; "KZ" for the country (listed under ``countries``)
    name: dict[str, str] = field(default_factory=dict)   # the gazetteer's names (kk, ru, en)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"iso_3166_2": self.iso, "name": dict(self.name)}
        out.update(self._mentions_json())
        return out


@dataclass
class DateMention:
    """A date the text gives: the words, what they resolve to, and how sure that is."""

    span: Span
    date: dt.date | None          # None when the day is not fixed (a month, a year)
    year: int | None
    month: int | None
    day: int | None
    relative: bool                 # resolved through the publication date or the text's year
    rule: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.span.text, "lang": self.span.lang, "start": self.span.start, "end": self.span.end,
                "sentence": self.span.sentence, "date": self.date.isoformat() if self.date else None,
                "year": self.year, "month": self.month, "day": self.day, "relative": self.relative,
                "rule": self.rule}


@dataclass
class Event(Entity):
    key: str = ""
    type: str = "other"
    subtype: str | None = None
    date: dt.date | None = None
    year: int | None = None            # the year the text gives when it gives no day
    date_spans: dict[str, list[Span]] = field(default_factory=lambda: {lang: [] for lang in LANGS})
    region_iso: list[str] = field(default_factory=list)
    organizer_keys: list[str] = field(default_factory=list)
    participant_keys: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "type": self.type}
        if self.subtype:
            out["subtype"] = self.subtype
        out["date"] = self.date.isoformat() if self.date else None
        out["year"] = self.date.year if self.date else self.year
        dates = _by_lang(self.date_spans)
        out["date_mentions"] = {lang: [s.text for s in dates[lang]] for lang in LANGS}
        out["region_iso"] = list(self.region_iso)
        out["organizer_keys"] = list(self.organizer_keys)
        out["participant_keys"] = list(self.participant_keys)
        out.update(self._mentions_json())
        return out


@dataclass
class Quantity(Entity):
    value: int = 0
    qualifier: str = "exactly"
    what: str | None = None            # the counted noun, as the text has it (a reviewer's hint)
    what_lemma: dict[str, str | None] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"what": self.what, "value": self.value, "qualifier": self.qualifier,
                               "what_by_lang": {lang: self.what_lemma.get(lang) for lang in LANGS}}
        out.update(self._mentions_json())
        return out


@dataclass
class SentencePair:
    """Aligned kk and ru sentences (ids), with the score of the pairing."""

    kk: list[str]
    ru: list[str]
    score: float

    def to_json(self) -> dict[str, Any]:
        return {"kk": list(self.kk), "ru": list(self.ru), "score": round(self.score, 3)}


@dataclass
class Extraction:
    languages: list[str]
    date_published: dt.date | None
    persons: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)
    countries: list[RegionMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    sentences: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)   # lang -> (id, start, end)
    alignment: list[SentencePair] = field(default_factory=list)
    reference_year: int | None = None       # the year relative dates were resolved against
    warnings: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    version: str = ""

    def person(self, key: str) -> Person | None:
        return next((p for p in self.persons if p.key == key), None)

    def organization(self, key: str) -> Organization | None:
        return next((o for o in self.organizations if o.key == key), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "languages": list(self.languages),
            "date_published": self.date_published.isoformat() if self.date_published else None,
            "persons": [p.to_json() for p in self.persons],
            "organizations": [o.to_json() for o in self.organizations],
            "regions": [r.to_json() for r in self.regions],
            "countries": [c.to_json() for c in self.countries],
            "events": [e.to_json() for e in self.events],
            "quantities": [q.to_json() for q in self.quantities],
            "dates": [d.to_json() for d in self.dates],
            "reference_year": self.reference_year,
            "sentences": {lang: [{"id": i, "start": a, "end": b} for i, a, b in rows]
                          for lang, rows in self.sentences.items()},
            "alignment": [p.to_json() for p in self.alignment],
            "warnings": list(self.warnings),
            "extractor": {"software": "briefing-kg", "version": self.version},
        }


def _resolution_json(out: dict[str, Any], resolution: Resolution | None) -> None:
    if resolution is None:
        return
    out["uri"] = resolution.uri
    out["new"] = resolution.new
    if resolution.detail is not None:
        out["resolution"] = resolution.detail
