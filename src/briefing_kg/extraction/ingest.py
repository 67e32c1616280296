"""``briefing-kg ingest``: a new release becomes a source folder and a draft facts file.

The steps, each of which can refuse the release before anything is written:

1. read the kk and/or ru text (UTF-8, not empty: a clear ``SourceError`` otherwise)
   and segment it once, as ``sources.make_version`` does for every release;
2. extract persons, organizations, regions, events and counts
   (``briefing_kg.extraction.extract``);
3. resolve persons, organizations and events against the last build and the
   data folder's current facts (``resolve``), with the curated alias table;
4. write the draft in the facts format (``docs/facts-format.md``): ``status:
   draft``, the software and version that made it, and per entry its
   mentions, the sentences that state it (from the mentions' offsets), a
   confidence and the resolution ``decision``; known entities keep their ids
   and names, and gain the new spellings as ``alternate_names``;
5. check the draft as the build will (``facts.load_facts`` against the new
   release, then ``mapping.map_release``);
6. only then write ``data/sources/<id>/`` (one rename: ``sources.write_release``)
   and ``data/facts/<id>.draft.yaml`` (one rename). A failure after the source
   folder is in place removes it again, so no half-ingested release remains.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import __version__
from ..config import Config
from ..errors import BriefingError, FactsError, InputError, SourceError
from ..facts import draft_path, facts_path, load_facts
from ..sources import (LANGUAGES, RELEASE_ID, Publisher, Release, Version, make_version, read_release,
                       read_text_file, write_release)
from ..uris import slugify
from .resolve import (AliasTable, Decision, KnownEntity, KnownGraph, Resolution, default_aliases, fold,
                      known_graph, resolve)

Extractor = Callable[..., Any]

# Event names for new events, by type (kk, ru, en); a reviewer replaces them with the text's own words.
EVENT_NAMES: dict[str, tuple[str, str, str]] = {
    "briefing": ("брифинг", "брифинг", "briefing"),
    "round_table": ("дөңгелек үстел", "круглый стол", "round table"),
    "meeting": ("кездесу", "встреча", "meeting"),
    "election": ("сайлау", "выборы", "election"),
    "press_conference": ("баспасөз мәслихаты", "пресс-конференция", "press conference"),
    "congress": ("съезд", "съезд", "congress"),
    "visit": ("сапар", "визит", "visit"),
    "conference": ("конференция", "конференция", "conference"),
    "statement": ("мәлімдеме", "заявление", "statement"),
    "referendum": ("референдум", "референдум", "referendum"),
    "court_decision": ("сот шешімі", "решение суда", "court decision"),
    "lawsuit": ("сот талабы", "иск", "lawsuit"),
    "other": ("іс-шара", "мероприятие", "event"),
}
EVENT_TYPES = {"briefing": "bkg:Briefing", "election": "bkg:Election"}


@dataclass(frozen=True)
class IngestResult:
    release_id: str
    source_dir: Path
    draft: Path
    languages: tuple[str, ...]
    resolution: Resolution
    counts: dict[str, int]
    known: int
    new: int
    ambiguous: int
    notes: tuple[str, ...] = ()


@dataclass
class _Located:
    lang: str
    text: str
    start: int
    end: int
    sentence: str


@dataclass
class _Entry:
    """One facts entry being assembled (several extracted entities can resolve to one)."""

    section: str
    id: str
    data: dict[str, Any]
    spans: list[_Located] = field(default_factory=list)          # its mentions
    cited: list[_Located] = field(default_factory=list)          # more words it rests on (a date, a number)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    confidence: float = 1.0


# ----------------------------------------------------------------- the known graph


def _build_has_graph(folder: Path) -> bool:
    return any((folder / name).is_file() for name in ("briefing-kg.nq", "briefing-kg.nt", "briefing-kg.trig"))


def _data_graph(config: Config, notes: list[str]):
    """The data folder's releases with their facts (reviewed, else draft), mapped; broken ones are skipped."""
    from rdflib import Graph

    from ..mapping import SourceMap, map_release

    graph = Graph()
    sources = Path(config.data_dir) / "sources"
    if not sources.is_dir():
        return graph
    for folder in sorted(p for p in sources.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            release = read_release(folder)
            facts = None
            for path in (facts_path(config.data_dir, release.id), draft_path(config.data_dir, release.id)):
                if path.exists():
                    facts = load_facts(path, release)
                    break
            if facts is None:
                continue
            map_release(release, facts, config, graph, SourceMap())
        except BriefingError as exc:
            notes.append(f"not resolved against release {folder.name}: {exc}")
    return graph


def known_for_ingest(config: Config, graph: Path | None = None) -> tuple[KnownGraph, str, list[str]]:
    """What ingest resolves against: ``graph`` (a build folder) if given; otherwise the last build
    (``config.out_dir``) together with the data folder's current facts, drafts included, so that
    releases ingested one after another before a build see each other."""
    notes: list[str] = []
    if graph is not None:
        return known_graph(Path(graph)), f"the build in {graph}", notes
    sources: list[Any] = []
    described = []
    out = Path(config.out_dir)
    if out.is_dir() and _build_has_graph(out):
        sources.append(out)
        described.append(f"the last build ({out})")
    sources.append(_data_graph(config, notes))
    described.append(f"the facts in {Path(config.data_dir) / 'facts'}")
    return known_graph(sources), " and ".join(described), notes


# ----------------------------------------------------------------- reading the release


def _read(path: Path | None, lang: str) -> str | None:
    if path is None:
        return None
    return read_text_file(Path(path))


def _language_check(text: str, lang: str, path: Path) -> None:
    """A Kazakh file given as --ru (or the reverse) is a likely mistake: say so instead of extracting nonsense."""
    letters = [c for c in text.lower() if c.isalpha()]
    if not letters:
        raise SourceError("the file has no letters", path=path)
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if cyrillic / len(letters) < 0.5:
        raise SourceError(f"the {lang} text is not in Cyrillic script", path=path)
    kazakh = sum(1 for c in letters if c in "әғқңөұүһі")
    if lang == "ru" and kazakh / len(letters) > 0.02:
        raise SourceError("this looks like Kazakh text (ә, ғ, қ, ң, ө, ұ, ү, і), given as --ru", path=path)
    if lang == "kk" and kazakh == 0 and len(letters) > 200:
        raise SourceError("this looks like Russian text (no Kazakh letters at all), given as --kk", path=path)


def has_title(text: str) -> bool:
    """The layout says: the title, a blank line, the paragraphs. A first line that ends a sentence
    and runs long is a paragraph (the seed's ru version starts straight with «18 ноября т.г. ...»)."""
    lines = text.split("\n")
    first = lines[0].strip()
    if not first or len(lines) < 2 or lines[1].strip():
        return False
    return not (first.endswith((".", "!", "?", "…")) and len(first) > 120)


def release_slug(title: str, words: int = 6) -> str:
    return slugify(" ".join(title.split()[:words]))


def _publisher(arg: str, index: KnownGraph, aliases: AliasTable, config: Config) -> tuple[Publisher, str]:
    """``--publisher``: an organization id of the graph, or a name resolved like any organization."""
    arg = arg.strip()
    if not arg:
        raise InputError("--publisher is empty")
    known = index.by_slug("organization", arg)
    why = f"organization id {arg!r} of the graph"
    if known is None:
        lang = _lang_of(arg)
        probe = resolve({"organizations": [{"key": "publisher", f"name_{lang}": arg, "mentions": {lang: [arg]}}]},
                        index, config=config, aliases=aliases)
        decision = probe.decisions[0]
        if decision.new:
            if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", arg):
                raise InputError(f"--publisher {arg!r} is no organization id of the graph; give its id or its name")
            names = {"kk": arg, "ru": arg}
            if lang == "en":
                names["en"] = arg
            return (Publisher(id=decision.slug, name=names, url=None),
                    f"new organization {decision.slug} (the name «{arg}» labels it in kk and ru until reviewed)")
        known = decision.known
        why = f"«{arg}» resolved to {known.where()}: " + "; ".join(decision.reasons[:1])
    names = {lang: known.names[lang] for lang in ("kk", "ru", "en") if lang in known.names}
    return Publisher(id=known.slug, name=names, url=known.url), why


def _lang_of(text: str) -> str:
    if any(c in "әғқңөұүһіӘҒҚҢӨҰҮҺІ" for c in text):
        return "kk"
    if any("\u0400" <= c <= "\u04ff" for c in text):
        return "ru"
    return "en"


# ----------------------------------------------------------------- spans and evidence


def _sentence_of(version: Version, start: int, end: int) -> str | None:
    for s in version.sentences:
        if s.start <= start and end <= s.end:
            return s.id
    return None


def _pattern(words: str) -> re.Pattern[str]:
    return re.compile(r"[ \u00a0]+".join(re.escape(part) for part in words.split()))


def _locate(entry: dict[str, Any], versions: dict[str, Version], *, key: str = "mentions",
            spans_key: str = "spans") -> tuple[list[_Located], list[str]]:
    """Where each mention is: the extractor's offsets when they hold, else a search in text order."""
    found: list[_Located] = []
    lost: list[str] = []
    for lang in LANGUAGES:
        version = versions.get(lang)
        mentions = list((entry.get(key) or {}).get(lang) or [])
        if not mentions:
            continue
        if version is None:
            lost.extend(f"{lang} «{m}» (no {lang} text)" for m in mentions)
            continue
        text = version.text
        spans = list((entry.get(spans_key) or {}).get(lang) or []) if spans_key else []
        cursor = 0
        for i, mention in enumerate(mentions):
            start = end = None
            if i < len(spans) and isinstance(spans[i], dict):
                s, e = spans[i].get("start"), spans[i].get("end")
                if isinstance(s, int) and isinstance(e, int) and _pattern(mention).fullmatch(text, s, e):
                    start, end = s, e
            if start is None:
                match = _pattern(mention).search(text, cursor) or _pattern(mention).search(text)
                if match:
                    start, end = match.start(), match.end()
            if start is None:
                lost.append(f"{lang} «{mention}» (not in the text)")
                continue
            sentence = _sentence_of(version, start, end)
            if sentence is None:
                lost.append(f"{lang} «{mention}» (crosses a sentence boundary)")
                continue
            found.append(_Located(lang, text[start:end], start, end, sentence))
            cursor = end
    found.sort(key=lambda x: (LANGUAGES.index(x.lang), x.start))
    unique: list[_Located] = []
    for f in found:
        if not any(u.lang == f.lang and u.start < f.end and f.start < u.end for u in unique):
            unique.append(f)
    return unique, lost


def _mentions_of(spans: list[_Located]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in sorted(spans, key=lambda x: (LANGUAGES.index(x.lang), x.start)):
        out.setdefault(s.lang, []).append(s.text)
    return out


def _evidence_of(spans: list[_Located]) -> list[str]:
    return sorted({s.sentence for s in spans}, key=lambda sid: (LANGUAGES.index(sid[:2]), sid))


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"[\s\u00a0]+", " ", str(text)).strip()
    return text or None


def _complete(known: dict[str, str], extracted: dict[str, Any]) -> dict[str, str]:
    """A known entity's names as the graph has them (one per language: the contract); a language
    the graph lacks is filled from this release's spelling."""
    out = dict(known)
    for lang in LANGUAGES:
        if lang not in out and _clean(extracted.get(lang)):
            out[lang] = _clean(extracted[lang])
    return dict(sorted(out.items()))


def _ru_spelling(kk: str) -> str:
    """The Russian spelling of a Kazakh name by letter folding (Алмағамбетов -> Алмагамбетов), case kept."""
    return "".join(fold(c).upper() if c.isupper() else fold(c) for c in kk)


# ----------------------------------------------------------------- the draft


class _Draft:
    def __init__(self, release: Release, resolution: Resolution, extraction: dict[str, Any], described: str,
                 notes: list[str]):
        self.release = release
        self.resolution = resolution
        self.x = extraction
        self.described = described
        self.notes = notes
        self.entries: dict[tuple[str, str], _Entry] = {}
        self.refs: dict[tuple[str, str], str] = {}       # (kind, extraction key) -> "person:<id>"
        self.skipped: list[str] = []

    # -- helpers
    def _decision(self, kind: str, key: str | None) -> Decision:
        for d in self.resolution.decisions:
            if d.kind == kind and d.key == key:
                return d
        raise KeyError(key)

    def _entry(self, section: str, ident: str, fresh: Callable[[], dict[str, Any]]) -> _Entry:
        if (section, ident) not in self.entries:
            self.entries[(section, ident)] = _Entry(section, ident, fresh())
        return self.entries[(section, ident)]

    def _spans(self, item: dict[str, Any], what: str) -> list[_Located] | None:
        spans, lost = _locate(item, self.release.versions)
        for m in lost:
            self.notes.append(f"{what}: mention {m} left out")
        if not spans:
            self.skipped.append(f"{what}: no mention found in the text, so no evidence")
            return None
        return spans

    @staticmethod
    def _add_alternates(data: dict[str, Any], known_names: set[tuple[str, str]], names: list[tuple[str, str]]) -> None:
        alts = data.setdefault("alternate_names", [])
        have = set(known_names) | {(lang, text) for a in alts for lang, text in a.items()}
        for lang, text in names:
            text = _clean(text)
            if text and (lang, text) not in have:
                alts.append({lang: text})
                have.add((lang, text))
        if not alts:
            data.pop("alternate_names")

    # -- persons
    def persons(self) -> None:
        for item in self.x.get("persons") or []:
            d = self._decision("person", item.get("key"))
            label = _clean(" ".join(x for x in (item.get("given_kk") or item.get("given_ru"),
                                                 item.get("family_kk") or item.get("family_ru")) if x))
            what = f"person «{label or item.get('key')}»"
            spans = self._spans(item, what)
            if spans is None:
                continue
            if d.new and not ((item.get("given_kk") or item.get("given_ru"))
                              and (item.get("family_kk") or item.get("family_ru"))):
                self.skipped.append(f"{what}: a given and a family name are both needed (the graph's contract); "
                                    f"mentions {_mentions_of(spans)}")
                continue
            entry = self._entry("persons", d.slug, lambda: self._person_data(item, d, spans))
            self._merge(entry, item, d, spans)
            if not d.new:
                self._add_alternates(entry.data, set(d.known.all_names()), self._person_spellings(item, spans))
            self.refs[("person", item.get("key"))] = f"person:{d.slug}"

    def _person_spellings(self, item: dict[str, Any], spans: list[_Located]) -> list[tuple[str, str]]:
        out = []
        for lang in LANGUAGES:
            given, family = _clean(item.get(f"given_{lang}")), _clean(item.get(f"family_{lang}"))
            if given and family and lang in self.release.versions:
                out.append((lang, self._ordered(lang, given, family, spans)))
        return out

    @staticmethod
    def _ordered(lang: str, given: str, family: str, spans: list[_Located]) -> str:
        """«Given Family» or «Family Given», as the text's first full mention in that language has it."""
        for s in spans:
            words = s.text.split()
            if s.lang == lang and len(words) >= 2:
                first = fold(words[0])
                if first.startswith(fold(family)[:max(3, len(family) - 2)]):
                    return f"{family} {given}"
                break
        return f"{given} {family}"

    def _person_data(self, item: dict[str, Any], d: Decision, spans: list[_Located]) -> dict[str, Any]:
        if not d.new:
            k = d.known
            spelled = dict(self._person_spellings(item, spans))
            data: dict[str, Any] = {"id": d.slug, "name": _complete(k.names, spelled)}
            data["given_name"] = _complete(k.given_names, {l: item.get(f"given_{l}") for l in LANGUAGES})
            data["family_name"] = _complete(k.family_names, {l: item.get(f"family_{l}") for l in LANGUAGES})
            return data
        given = {lang: _clean(item.get(f"given_{lang}")) for lang in LANGUAGES}
        family = {lang: _clean(item.get(f"family_{lang}")) for lang in LANGUAGES}
        copied = []
        if not given["ru"] and given["kk"]:
            given["ru"], family["ru"] = _ru_spelling(given["kk"]), _ru_spelling(family["kk"] or "") or None
            copied.append("the ru name is the kk one with Kazakh letters folded (no ru spelling in the text)")
        if not given["kk"] and given["ru"]:
            given["kk"], family["kk"] = given["ru"], family["ru"]
            copied.append("the kk name copies the ru spelling (no kk spelling in the text)")
        for lang in LANGUAGES:
            family[lang] = family[lang] or family["kk"] or family["ru"]
        name = {lang: self._ordered(lang, given[lang], family[lang], spans) for lang in LANGUAGES}
        data = {"id": d.slug, "name": name, "given_name": given, "family_name": family}
        alts = [{lang: f"{given[lang]} {family[lang]}" if name[lang].startswith(family[lang] + " ")
                 else f"{family[lang]} {given[lang]}"} for lang in LANGUAGES]
        data["alternate_names"] = [a for i, a in enumerate(alts) if a not in alts[:i]]
        if copied:
            data["_notes"] = copied
        return data

    # -- organizations
    def organizations(self) -> None:
        for item in self.x.get("organizations") or []:
            d = self._decision("organization", item.get("key"))
            label = _clean(item.get("name_kk") or item.get("name_ru"))
            what = f"organization «{label or item.get('key')}»"
            spans = self._spans(item, what)
            if spans is None:
                continue
            entry = self._entry("organizations", d.slug, lambda: self._org_data(item, d, spans))
            self._merge(entry, item, d, spans)
            if not d.new:
                names = [(lang, item.get(f"name_{lang}")) for lang in LANGUAGES
                         if item.get(f"name_{lang}") and lang in self.release.versions]
                self._add_alternates(entry.data, set(d.known.all_names()), names)
            self.refs[("organization", item.get("key"))] = f"organization:{d.slug}"
        # a branch names its parent: org:unitOf when both are in this draft
        for item in self.x.get("organizations") or []:
            parent = self.refs.get(("organization", item.get("parent_key")))
            own = self.refs.get(("organization", item.get("key")))
            if parent and own and parent != own:
                entry = self.entries[("organizations", own.split(":", 1)[1])]
                if entry.data.get("_new"):
                    entry.data["unit_of"] = parent.split(":", 1)[1]

    def _org_data(self, item: dict[str, Any], d: Decision, spans: list[_Located]) -> dict[str, Any]:
        if not d.new:
            return {"id": d.slug, "name": _complete(d.known.names, {l: item.get(f"name_{l}") for l in LANGUAGES})}
        name = {lang: _clean(item.get(f"name_{lang}")) for lang in LANGUAGES}
        first = {lang: next((s.text for s in spans if s.lang == lang), None) for lang in LANGUAGES}
        notes = []
        for lang in LANGUAGES:
            if not name[lang] and first[lang]:
                name[lang] = _clean(first[lang])
                notes.append(f"the {lang} name is the first mention as written (the extractor gave no nominative)")
        for lang, other in (("kk", "ru"), ("ru", "kk")):
            if not name[lang]:
                name[lang] = name[other]
                notes.append(f"the {lang} name copies the {other} one (no {lang} spelling in the text)")
        data: dict[str, Any] = {"id": d.slug, "name": name, "_new": True}
        if notes:
            data["_notes"] = notes
        return data

    # -- regions
    def regions(self) -> None:
        for item in list(self.x.get("regions") or []) + list(self.x.get("countries") or []):
            iso = str(item.get("iso_3166_2") or "")
            if not re.fullmatch(r"KZ(-[0-9]{2})?", iso):
                self.notes.append(f"region {iso!r} left out: not an ISO 3166-2:KZ code")
                continue
            spans = self._spans(item, f"region {iso}")
            if spans is None:
                continue
            entry = self._entry("regions", iso, lambda: {"iso": iso})
            entry.spans.extend(spans)
            entry.confidence = min(entry.confidence, float(item.get("confidence", 1.0) or 0.0))

    # -- events
    def events(self) -> None:
        for item in self.x.get("events") or []:
            d = self._decision("event", item.get("key"))
            what = f"event {item.get('type')} «{item.get('key')}»"
            spans = self._spans(item, what)
            if spans is None:
                continue
            entry = self._entry("events", d.slug, lambda: self._event_data(item, d))
            self._merge(entry, item, d, spans)
            date = item.get("date")
            known_date = d.known.start_date if d.known else None
            if date and not entry.data.get("date") and (known_date in (None, str(date))):
                entry.data["date"] = str(date)
                dates, _ = _locate(item, self.release.versions, key="date_mentions", spans_key="")
                if dates:
                    entry.data["date_mentions"] = _mentions_of(dates)
                    entry.cited.extend(dates)
            elif date and known_date and known_date != str(date):
                self.notes.append(f"{what}: the text's date {date} differs from the known event's {known_date}; "
                                  f"the date is left out")
            for field_name, keys in (("organizer", "organizer_keys"), ("participants", "participant_keys")):
                for key in item.get(keys) or []:
                    ref = self.refs.get(("person", key)) or self.refs.get(("organization", key))
                    if ref and ref not in entry.data.setdefault(field_name, []):
                        entry.data[field_name].append(ref)
                if not entry.data.get(field_name):
                    entry.data.pop(field_name, None)
            for iso in item.get("region_iso") or []:
                if re.fullmatch(r"KZ-[0-9]{2}", str(iso)):
                    ref = f"region:{iso}"
                    if ref not in entry.data.setdefault("location", []):
                        entry.data["location"].append(ref)
            if not entry.data.get("location"):
                entry.data.pop("location", None)

    def _event_data(self, item: dict[str, Any], d: Decision) -> dict[str, Any]:
        if not d.new:
            return {"id": d.slug, "name": dict(sorted(d.known.names.items()))}
        kind = item.get("subtype") if item.get("type") == "other" and item.get("subtype") else item.get("type")
        kk, ru, en = EVENT_NAMES.get(str(kind), EVENT_NAMES["other"])
        when = f" ({item['date']})" if item.get("date") else ""
        data: dict[str, Any] = {"id": d.slug, "name": {"kk": kk + when, "ru": ru + when, "en": en + when},
                                "_notes": ["the name is the event type's generic label: replace it with the "
                                           "text's own words"]}
        if item.get("type") in EVENT_TYPES:
            data["types"] = [EVENT_TYPES[item["type"]]]
        return data

    # -- quantities
    def quantities(self) -> None:
        for n, item in enumerate(self.x.get("quantities") or [], start=1):
            value, qualifier = item.get("value"), item.get("qualifier")
            what = f"count {item.get('mentions')}"
            if not isinstance(value, (int, float)) or isinstance(value, bool) or qualifier not in (
                    "exactly", "approximately", "more_than", "at_least"):
                self.skipped.append(f"{what}: value {value!r} / qualifier {qualifier!r} unusable")
                continue
            spans = self._spans(item, what)
            if spans is None:
                continue
            qid = f"{self.release.id}-count-{n}"
            topic = f"{qid}-what"
            words = {lang: _clean(w) for lang, w in (item.get("what_by_lang") or {}).items() if _clean(w)}
            if not words and _clean(item.get("what")):
                words = {spans[0].lang: _clean(item.get("what"))}
            if not words:
                words = {s.lang: self._after(s) for s in spans[:1]}
            topic_entry = self._entry("topics", topic, lambda: {"id": topic, "name": {
                lang: w for lang, w in sorted(words.items()) if lang in ("kk", "ru", "en")}})
            topic_entry.cited.extend(spans)
            topic_entry.decisions.append({"outcome": "new", "evidence": [
                "what is counted, as the text words it next to the number: a reviewer names it"]})
            entry = self._entry("quantities", qid, lambda: {"id": qid, "value": value, "qualifier": qualifier,
                                                           "count_of": topic})
            entry.spans.extend(spans)
            entry.confidence = min(entry.confidence, float(item.get("confidence", 1.0) or 0.0))

    def _after(self, span: _Located) -> str:
        """The words after a number in its sentence: the reviewer's starting point for what is counted."""
        text = self.release.versions[span.lang].text
        sentence = self.release.sentence(span.sentence)
        rest = re.findall(r"[^\W\d_][\w-]*", text[span.end:sentence.end])
        return " ".join(rest[:3]) or span.text

    # -- shared
    def _merge(self, entry: _Entry, item: dict[str, Any], d: Decision, spans: list[_Located]) -> None:
        entry.spans.extend(spans)
        decision = d.to_json()
        if item.get("evidence"):
            decision["extraction"] = list(item["evidence"])[:8]
        entry.decisions.append(decision)
        if item.get("confidence") is not None:
            entry.confidence = min(entry.confidence, float(item["confidence"]))

    def document(self, extractor_version: str) -> dict[str, Any]:
        self.persons()
        self.organizations()
        self.regions()
        self.events()
        self.quantities()
        doc: dict[str, Any] = {"release": self.release.id, "status": "draft",
                               "generated_by": {"software": "briefing-kg", "version": __version__}}
        decisions = [d for d in self.resolution.decisions]
        doc["extraction"] = {
            "extractor": f"briefing-kg {extractor_version or __version__}",
            "resolved_against": self.described,
            "languages": list(self.release.languages),
            "linking": {"known": sum(1 for d in decisions if d.outcome == "known"),
                        "new": sum(1 for d in decisions if d.outcome == "new"),
                        "ambiguous": sum(1 for d in decisions if d.outcome == "ambiguous")},
        }
        if self.skipped:
            doc["extraction"]["skipped"] = list(self.skipped)
        if self.notes:
            doc["extraction"]["notes"] = list(dict.fromkeys(self.notes))
        for section in ("organizations", "persons", "regions", "events", "quantities", "topics"):
            items = [e for e in self.entries.values() if e.section == section]
            if items:
                doc[section] = [self._render(e) for e in items]
        return doc

    @staticmethod
    def _render(entry: _Entry) -> dict[str, Any]:
        data = dict(entry.data)
        data.pop("_new", None)
        notes = data.pop("_notes", [])
        spans: list[_Located] = []
        for s in sorted(entry.spans, key=lambda x: (LANGUAGES.index(x.lang), x.start)):
            if not any(o.lang == s.lang and o.start < s.end and s.start < o.end for o in spans):
                spans.append(s)
        data["mentions"] = _mentions_of(spans)
        data["evidence"] = _evidence_of(spans + entry.cited)
        data["confidence"] = round(max(0.0, min(1.0, entry.confidence)), 2)
        if entry.decisions or notes:
            decision = dict(entry.decisions[0]) if len(entry.decisions) == 1 else {
                "outcome": entry.decisions[0].get("outcome"), "merged": entry.decisions}
            if notes:
                decision["notes"] = notes
            data["decision"] = decision
        order = ["id", "iso", "types", "name", "given_name", "family_name", "alternate_names", "unit_of", "value",
                 "qualifier", "count_of", "date", "date_mentions", "location", "organizer", "participants",
                 "mentions", "evidence", "confidence", "decision"]
        return {k: data[k] for k in order if k in data and data[k] not in (None, [], {})}


def _yaml(doc: dict[str, Any], release: Release) -> str:
    header = (f"# Draft facts of release {release.id}, written by `briefing-kg ingest` ({__version__}).\n"
              "# Nothing here is reviewed. Each entry has the extractor's confidence and, for persons,\n"
              "# organizations and events, the resolution `decision` (which known entity, on which\n"
              "# evidence, with which score, and the candidates refused). To accept it: correct what is\n"
              "# wrong, drop `confidence` and `decision`, set `status: reviewed` and rename the file to\n"
              f"# {release.id}.yaml. Format: docs/facts-format.md.\n")

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, value: str):
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    return header + yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)


# ----------------------------------------------------------------- the stage


def _default_extractor() -> Extractor:
    try:
        from . import extract
    except ImportError as exc:
        raise BriefingError(f"the extractor is not available: {exc}") from exc
    return extract


def ingest(config: Config, *, kk: Path | None = None, ru: Path | None = None, publisher: str,
           published: dt.date, url: str | None = None, release_id: str | None = None,
           graph: Path | None = None, extractor: Extractor | None = None,
           aliases: AliasTable | None = None) -> IngestResult:
    """Ingest one release into ``config.data_dir``: ``sources/<id>/`` and ``facts/<id>.draft.yaml``."""
    if kk is None and ru is None:
        raise InputError("give the release's text: --kk FILE, --ru FILE, or both")
    texts: dict[str, str] = {}
    for lang, path in (("kk", kk), ("ru", ru)):
        text = _read(path, lang)
        if text is not None:
            _language_check(text, lang, Path(path))
            texts[lang] = text
    data_dir = Path(config.data_dir)
    sources_dir = data_dir / "sources"
    facts_dir = data_dir / "facts"
    if release_id is not None and not RELEASE_ID.match(release_id):
        raise InputError(f"release id {release_id!r} must look like 2022-11-18-some-words")
    titles = {lang: t.split("\n", 1)[0].strip() for lang, t in texts.items() if has_title(t)}
    if release_id is None:
        title = titles.get("kk") or titles.get("ru") or next(iter(texts.values())).split("\n", 1)[0]
        stem = f"{published.isoformat()}-{release_slug(title)}"
        release_id, n = stem, 2
        while (sources_dir / release_id).exists() or draft_path(data_dir, release_id).exists():
            release_id, n = f"{stem}-{n}", n + 1
    if (sources_dir / release_id).exists():
        raise SourceError(f"release {release_id} exists already", path=sources_dir / release_id)
    for path in (draft_path(data_dir, release_id), facts_path(data_dir, release_id)):
        if path.exists():
            raise FactsError(f"a facts file for {release_id} exists already, with no source folder", path=path)

    index, described, notes = known_for_ingest(config, graph)
    aliases = aliases if aliases is not None else default_aliases(config)
    pub, pub_why = _publisher(publisher, index, aliases, config)

    versions = {lang: make_version(lang, text, has_title=lang in titles) for lang, text in texts.items()}
    release = Release(id=release_id, publisher=pub, date_published=published, event_date=None, url=url,
                      versions=versions, title={lang: t for lang, t in titles.items() if t},
                      note=f"Ingested by briefing-kg {__version__}; publisher: {pub_why}.")

    extract = extractor or _default_extractor()
    extraction = extract(texts.get("kk"), texts.get("ru"), published=published)
    extracted = extraction.to_json() if hasattr(extraction, "to_json") else dict(extraction)
    extractor_version = str((extracted.get("extractor") or {}).get("version") or "")
    resolution = resolve(extraction, index, config=config, aliases=aliases, release_id=release_id,
                         published=published.isoformat())
    notes = notes + [str(w) for w in extracted.get("warnings") or []]
    draft = _Draft(release, resolution, resolution.to_json(), described, notes)
    doc = draft.document(extractor_version)
    text = _yaml(doc, release)

    facts_dir.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{release_id}.", suffix=".draft.yaml", dir=facts_dir)
    tmp = Path(tmp_name)
    target = draft_path(data_dir, release_id)
    written: Path | None = None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        _check_draft(tmp, release, config)
        written = write_release(release, sources_dir)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        if written is not None and not target.exists():
            shutil.rmtree(written, ignore_errors=True)
        raise
    counts = {s: len(doc.get(s) or []) for s in ("persons", "organizations", "regions", "events", "quantities")}
    decisions = resolution.decisions
    return IngestResult(
        release_id=release_id, source_dir=written, draft=target, languages=release.languages,
        resolution=resolution, counts=counts,
        known=sum(1 for d in decisions if d.outcome == "known"),
        new=sum(1 for d in decisions if d.outcome == "new"),
        ambiguous=sum(1 for d in decisions if d.outcome == "ambiguous"),
        notes=tuple(draft.skipped + draft.notes),
    )


def _check_draft(path: Path, release: Release, config: Config) -> None:
    """The draft must load and map as the build will load and map it; otherwise nothing is written."""
    from rdflib import Graph

    from ..mapping import SourceMap, map_release

    try:
        facts = load_facts(path, release)
        map_release(release, facts, config, Graph(), SourceMap())
    except FactsError as exc:
        raise BriefingError(f"the draft for {release.id} does not check ({exc.message}, line {exc.line}); "
                            f"nothing was written: this is a bug of briefing-kg ingest") from exc


__all__ = ["IngestResult", "ingest", "known_for_ingest", "release_slug"]
