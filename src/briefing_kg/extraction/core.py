"""``extract``: one release (a kk text, a ru text, or both) to an ``Extraction``.

Each language is analysed on its own (regions, organizations, persons, dates,
counts, event triggers); then the two are aligned sentence by sentence and
the mentions of one entity in both languages are merged into one entity with
a label in each.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from .. import __version__
from . import lexicons
from .align import align, group_of
from .dates import RawDate, find_dates, reference_year, resolve as resolve_date
from .errors import ExtractionError
from .events import Trigger, assign_dates, find_triggers
from .model import (LANGS, DateMention, Event, Extraction, Organization, Person, Quantity, RegionMention, Span)
from .organizations import (OrgHit, content_words, find_organizations, find_quotes, named_after_end,
                            named_after_start)
from .persons import PersonCluster, find_persons
from .quantities import QuantityHit, find_quantities
from .regions import RegionHit, find_regions, region_names
from .text import KK_ONLY_LETTERS, Doc, Token, fold_key, kk_stems, prepare
from ..uris import slugify


@dataclass
class _Lang:
    doc: Doc
    regions: list[RegionHit]
    orgs: list[OrgHit]
    persons: list[PersonCluster]
    dates: list[RawDate]
    quantities: list[QuantityHit]
    triggers: list[Trigger]
    quotes: list[tuple[int, int]] = field(default_factory=list)


def extract(kk: str | None, ru: str | None, *, published: dt.date | None = None,
            data_dir: str | None = None) -> Extraction:
    """Extract persons, organizations, regions, events and counts from a release's texts.

    ``kk`` / ``ru``: the texts (title line, blank line, paragraphs), either may be ``None``.
    ``published``: the publication date, which resolves relative dates ("т.г.", "биылғы", "сегодня").
    Raises ``ExtractionError`` for a missing, empty, wrongly decoded or non-Cyrillic text.
    """
    if kk is None and ru is None:
        raise ExtractionError("no text to extract from: give the kk text, the ru text, or both")
    if published is not None and not isinstance(published, dt.date):
        raise ExtractionError(f"the publication date must be a date, not {published!r}")
    if isinstance(published, dt.datetime):
        published = published.date()
    texts = {lang: t for lang, t in (("kk", kk), ("ru", ru)) if t is not None}
    docs = {lang: prepare(lang, text) for lang, text in texts.items()}
    warnings = _language_warnings(docs)
    analysed = {lang: _analyse(doc, data_dir) for lang, doc in docs.items()}

    raws = [d for a in analysed.values() for d in a.dates]
    ref_year = published.year if published else reference_year(raws)
    if published is None and any(d.relative for d in raws):
        if ref_year is None:
            warnings.append("relative dates (т.г., биылғы, a day without a year) could not be resolved: "
                            "give the publication date (--published)")
        else:
            warnings.append(f"no publication date: relative dates resolved against {ref_year}, "
                            "the year the text gives most often")

    pairs = align(docs["kk"], docs["ru"]) if len(docs) == 2 else []
    groups = group_of(pairs)
    extraction = Extraction(languages=[lang for lang in LANGS if lang in docs], date_published=published,
                            reference_year=ref_year, warnings=warnings, texts=dict(texts), version=__version__,
                            alignment=pairs)
    extraction.sentences = {lang: [(s.id, s.start, s.end) for s in doc.sentences] for lang, doc in docs.items()}
    extraction.persons = _merge_persons(analysed)
    extraction.organizations = _merge_organizations(analysed, groups)
    extraction.regions, extraction.countries = _merge_regions(analysed, data_dir)
    extraction.dates, resolved = _dates(analysed, published, ref_year)
    extraction.quantities = _merge_quantities(analysed)
    extraction.events = _events(analysed, resolved, extraction, groups)
    return extraction


# ------------------------------------------------------------------ one language


def _analyse(doc: Doc, data_dir: str | None) -> _Lang:
    regions = find_regions(doc, data_dir=data_dir)
    orgs = find_organizations(doc, regions)
    quotes = [(q.open, q.close) for s in doc.sentences for q in find_quotes(doc.text, s.start, s.end)]
    org_spans = [(o.start, o.end) for o in orgs]
    named_after = _named_after(doc)
    blocked = org_spans + [(r.start, r.end) for r in regions] + quotes + named_after
    persons = find_persons(doc, blocked)
    orgs = sorted(orgs + _legislatures(doc, persons, org_spans), key=lambda o: o.start)
    org_spans = [(o.start, o.end) for o in orgs]
    regions = [r for r in regions
               if not (r.is_country and any(a <= r.start and r.end <= b for a, b in org_spans + quotes))]
    dates = find_dates(doc)
    person_spans = [(h.start, h.end) for c in persons for h in c.hits]
    exclude = [(d.start, d.end) for d in dates] + org_spans + quotes + person_spans
    quantities = find_quantities(doc, exclude)
    triggers = find_triggers(doc, org_spans + quotes)
    assign_dates(triggers, dates, doc)
    return _Lang(doc, regions, orgs, persons, dates, quantities, triggers, quotes)


def _named_after(doc: Doc) -> list[tuple[int, int]]:
    """"Қ. Жұбанов атындағы", "имени Л.Н. Гумилёва": a person's name inside an institution's name."""
    out = []
    tokens = doc.tokens
    for t in tokens:
        low = t.text.lower()
        if low == "атындағы":
            start = named_after_start(doc, t.index)
            if start is not None:
                out.append((tokens[start].start, t.end))
        elif low == "имени":
            end = named_after_end(doc, t.index)
            if end is not None:
                out.append((t.start, tokens[end].end))
    return out


def _legislatures(doc: Doc, persons: list[PersonCluster], taken: list[tuple[int, int]]) -> list[OrgHit]:
    """The Mazhilis, Senate, Parliament, maslikhat as a named person's affiliation (``депутат Мажилиса X``)."""
    conf = lexicons.organizations()
    deputy = conf["deputy_words"][doc.lang]
    lang = doc.lang
    tokens = doc.tokens
    person_starts = sorted(h.start for c in persons for h in c.hits)
    out: list[OrgHit] = []

    def stem_in(word: str, stems: list[str]) -> bool:
        low = word.lower()
        if lang == "ru":
            return bool(lexicons.ru_lemmas(low) & set(stems)) or any(low.startswith(s) for s in stems)
        return any(s == st or st.startswith(s) for st, _ in kk_stems(low) for s in stems)

    for leg in conf["legislatures"]:
        unnamed: list[Token] = []
        named = False
        for t in tokens:
            if any(a <= t.start < b for a, b in taken) or not stem_in(t.text, leg[lang]):
                continue
            window = [tokens[k] for k in range(max(0, t.index - 2), min(len(tokens), t.index + 3))
                      if tokens[k].sentence == t.sentence]
            if not any(stem_in(w.text, deputy) for w in window if w is not t):
                continue
            # the named deputy follows at once: "депутат Мажилиса (Парламента РК) X", "Мәжіліс депутаты X"
            after = [w for w in window if w.start > t.start and stem_in(w.text, deputy)]
            last_word = max([t.end] + [w.end for w in after])
            if not any(0 <= s - last_word <= 25 for s in person_starts):
                unnamed.append(t)
                continue
            named = True
            out.append(_legislature_hit(t, leg, lang))
        # once the text ties the body to a named deputy, "Сенат депутаты" in its title is the same affiliation
        if named:
            out.extend(_legislature_hit(t, leg, lang) for t in unnamed)
    return sorted(out, key=lambda h: h.start)


def _legislature_hit(t: Token, leg: dict, lang: str) -> OrgHit:
    from .organizations import kk_nominative, ru_nominative

    hit = OrgHit(t.start, t.end, t.text, lang, "legislature-affiliation", 0.8, kind="legislature",
                 alias_id=leg["id"], evidence=[f"{t.text}: a deputy's affiliation (a named deputy in the text)"])
    hit.nominative = kk_nominative(t.text) if lang == "kk" else ru_nominative(t.text)
    hit.words = content_words(t.text, lang)
    return hit


def _language_warnings(docs: dict[str, Doc]) -> list[str]:
    out = []
    for lang, doc in docs.items():
        letters = [ch for ch in doc.text if ch.isalpha()]
        kk_share = sum(ch in KK_ONLY_LETTERS for ch in letters) / max(len(letters), 1)
        if lang == "kk" and len(letters) > 200 and kk_share == 0:
            out.append("the kk text has no Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і): is it the Russian version?")
        if lang == "ru" and kk_share > 0.03:
            out.append(f"the ru text has many Kazakh letters ({kk_share:.0%}): is it the Kazakh version?")
    return out


def _span(doc: Doc, start: int, end: int) -> Span:
    return Span(doc.lang, doc.text[start:end], start, end, doc.sentence_of(start).id)


# ------------------------------------------------------------------ persons


def _name_similarity(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    x, y = fold_key(a), fold_key(b)
    if x == y:
        return 1.0
    ratio = difflib.SequenceMatcher(None, x, y).ratio()
    return ratio if ratio >= 0.8 else 0.0


def _merge_persons(analysed: dict[str, _Lang]) -> list[Person]:
    kk = analysed["kk"].persons if "kk" in analysed else []
    ru = analysed["ru"].persons if "ru" in analysed else []
    pairs = []
    for i, a in enumerate(kk):
        for j, b in enumerate(ru):
            fam = _name_similarity(a.family, b.family)
            if fam == 0:
                continue
            if a.given and b.given:
                giv = _name_similarity(a.given, b.given)
                if giv == 0:
                    continue
            else:
                initial_a = a.given or next((h.initials for h in a.hits if h.initials), None)
                initial_b = b.given or next((h.initials for h in b.hits if h.initials), None)
                giv = 0.5 if (initial_a and initial_b and fold_key(initial_a)[:1] == fold_key(initial_b)[:1]) else 0.3
            if a.gender and b.gender and a.gender != b.gender:
                continue
            pairs.append((fam + giv, i, j))
    used_k: set[int] = set()
    used_r: set[int] = set()
    merged: list[tuple[PersonCluster | None, PersonCluster | None, float]] = []
    for score, i, j in sorted(pairs, reverse=True):
        if i in used_k or j in used_r or score < 1.3:
            continue
        used_k.add(i)
        used_r.add(j)
        merged.append((kk[i], ru[j], score))
    merged += [(c, None, 0.0) for i, c in enumerate(kk) if i not in used_k]
    merged += [(None, c, 0.0) for j, c in enumerate(ru) if j not in used_r]
    persons: list[Person] = []
    for a, b, score in merged:
        p = Person()
        for lang, c in (("kk", a), ("ru", b)):
            if c is None:
                continue
            doc = analysed[lang].doc
            p.given[lang] = c.given
            p.family[lang] = c.family
            if c.patronymic:
                p.patronymic[lang] = c.patronymic
            p.gender = p.gender or c.gender
            for h in c.hits:
                p.add(_span(doc, h.start, h.end))
            for e in c.evidence:
                p.note(f"{lang}: {e}")
        conf = max(c.confidence for c in (a, b) if c is not None)
        if a is not None and b is not None:
            p.note(f"kk «{a.given} {a.family}» = ru «{b.given} {b.family}» (name match {score:.2f})")
            conf = min(0.99, conf + 0.05)
        p.confidence = conf
        persons.append(p)
    persons.sort(key=lambda p: p.first_start())
    _keys(persons, lambda p: f"{p.family.get('kk') or p.family.get('ru') or ''} "
                             f"{p.given.get('kk') or p.given.get('ru') or ''}")
    return persons


def _keys(items, name_of) -> None:
    taken: set[str] = set()
    for item in items:
        base = slugify(name_of(item))[:60].strip("-") or "x"
        key, n = base, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        taken.add(key)
        item.key = key


# ------------------------------------------------------------------ organizations


@dataclass
class _OrgCluster:
    lang: str
    hits: list[OrgHit]

    @property
    def alias(self) -> str | None:
        return next((h.alias_id for h in self.hits if h.alias_id), None)

    @property
    def kind(self) -> str | None:
        kinds = [h.kind for h in self.hits if h.kind]
        return max(set(kinds), key=kinds.count) if kinds else None

    @property
    def region(self) -> str | None:
        return next((h.region_iso for h in self.hits if h.region_iso), None)

    @property
    def legal_class(self) -> str | None:
        return next((h.legal_class for h in self.hits if h.legal_class), None)

    @property
    def words(self) -> frozenset[str]:
        out: set[str] = set()
        for h in self.hits:
            out |= h.words
        return frozenset(out)

    @property
    def quotes(self) -> list[str]:
        return [h.quote for h in self.hits if h.quote] + [q for h in self.hits for q in h.inner_quotes]


def _cluster_orgs(hits: list[OrgHit], lang: str) -> list[_OrgCluster]:
    clusters: list[_OrgCluster] = []
    for h in hits:
        target = None
        for c in clusters:
            if h.alias_id and c.alias == h.alias_id:
                target = c
                break
            if h.alias_id and c.alias and c.alias != h.alias_id:
                continue
            if h.region_iso and c.region and h.region_iso != c.region:
                continue
            if h.kind and c.kind and h.kind != c.kind and not (h.alias_id or c.alias):
                continue
            hq = content_words(h.quote, lang) if h.quote else frozenset()
            if hq and any(content_words(q, lang) == hq for q in c.quotes):
                target = c
                break
            words = h.words
            if words and any(x.words == words for x in c.hits):
                target = c
                break
            if len(words) >= 2 and any(len(x.words) >= 2 and (words <= x.words or x.words <= words) for x in c.hits):
                target = c
                break
        if target is None:
            clusters.append(_OrgCluster(lang, [h]))
        else:
            target.hits.append(h)
    return clusters


def _translit_overlap(a: list[str], b: list[str]) -> float:
    """How much of two quoted names agree once Kazakh letters are folded (prefixes of 4 letters)."""
    wa = [fold_key(w) for q in a for w in re.findall(r"[\w-]+", q) if len(w) >= 3]
    wb = [fold_key(w) for q in b for w in re.findall(r"[\w-]+", q) if len(w) >= 3]
    if not wa or not wb:
        return 0.0
    hits = sum(1 for x in wa if any(x == y or (len(x) >= 4 and len(y) >= 4 and x[:4] == y[:4]) for y in wb))
    return hits / max(len(wa), 1)


def _merge_organizations(analysed: dict[str, _Lang], groups: dict[str, int]) -> list[Organization]:
    clusters = {lang: _cluster_orgs(a.orgs, lang) for lang, a in analysed.items()}
    kk, ru = clusters.get("kk", []), clusters.get("ru", [])
    sentence_groups = {}
    for lang, cs in clusters.items():
        doc = analysed[lang].doc
        for c in cs:
            sentence_groups[id(c)] = {groups.get(doc.sentence_of(h.start).id) for h in c.hits} - {None}
    candidates = []
    for i, a in enumerate(kk):
        for j, b in enumerate(ru):
            score, why = 0.0, []
            if a.alias and b.alias:
                if a.alias == b.alias:
                    score += 5
                    why.append(f"same known organization ({a.alias})")
                else:
                    continue
            if a.region and b.region:
                if a.region != b.region:
                    continue
                score += 2
                why.append(f"same region in the name ({a.region})")
            if a.kind and b.kind:
                if a.kind == b.kind:
                    score += 1.5
                    why.append(f"same kind ({a.kind})")
                elif not (a.alias and a.alias == b.alias):
                    score -= 2
            if a.legal_class and b.legal_class:
                score += 1.5 if a.legal_class == b.legal_class else -1.5
                if a.legal_class == b.legal_class:
                    why.append(f"same legal form ({a.legal_class})")
            overlap = _translit_overlap(a.quotes or [h.text for h in a.hits], b.quotes or [h.text for h in b.hits])
            if overlap:
                score += 3 * overlap
                why.append(f"names agree after transliteration ({overlap:.0%})")
            latin_a = {h.text.split("-")[0] for h in a.hits if h.rule == "latin-name"}
            latin_b = {h.text for h in b.hits if h.rule == "latin-name"}
            if latin_a & latin_b:
                score += 4
                why.append("same Latin-script name")
            shared = sentence_groups[id(a)] & sentence_groups[id(b)]
            if shared:
                score += min(3.0, 1.5 * len(shared))
                why.append(f"in {len(shared)} aligned sentence pair(s)")
            candidates.append((score, i, j, why))
    # an unpaired kind on each side: the translation of each other
    used_k: set[int] = set()
    used_r: set[int] = set()
    links: list[tuple[int, int, float, list[str]]] = []
    for score, i, j, why in sorted(candidates, key=lambda c: -c[0]):
        if i in used_k or j in used_r or score < 3.0:
            continue
        used_k.add(i)
        used_r.add(j)
        links.append((i, j, score, why))
    merged: list[tuple[_OrgCluster | None, _OrgCluster | None, float, list[str]]] = \
        [(kk[i], ru[j], s, w) for i, j, s, w in links]
    merged += [(c, None, 0.0, []) for i, c in enumerate(kk) if i not in used_k]
    merged += [(None, c, 0.0, []) for j, c in enumerate(ru) if j not in used_r]
    known = {e["id"]: e for e in lexicons.organizations()["known"]}
    known.update({e["id"]: e for e in lexicons.organizations()["legislatures"]})
    orgs: list[Organization] = []
    for a, b, score, why in merged:
        o = Organization()
        confs = []
        for lang, c in (("kk", a), ("ru", b)):
            if c is None:
                continue
            doc = analysed[lang].doc
            for h in c.hits:
                o.add(_span(doc, h.start, h.end))
                for e in h.evidence:
                    o.note(f"{lang}: {e}")
                confs.append(h.confidence)
            longest = max(c.hits, key=lambda h: (len(h.words), len(h.text)))
            o.name[lang] = re.sub(r"[\s\u00a0]+", " ", longest.nominative or longest.text).strip()
            legal = next((h.legal_class for h in c.hits if h.legal_class), None)
            o.legal_form[lang] = _legal_abbr(legal, lang) if legal else None
            o.kind = o.kind or c.kind
            o.alias_id = o.alias_id or c.alias
        if a is not None and b is not None:
            o.note("kk = ru: " + "; ".join(why) + f" (score {score:.1f})")
        if o.alias_id and o.alias_id in known:
            entry = known[o.alias_id]
            for lang in LANGS:
                if not o.name.get(lang) and entry.get(f"name_{lang}"):
                    o.name[lang] = entry[f"name_{lang}"]
                    o.note(f"{lang} name from the lexicon entry {o.alias_id}")
        o.confidence = round(min(0.99, max(confs) + (0.05 if a is not None and b is not None else 0)), 3)
        orgs.append(o)
    orgs.sort(key=lambda o: o.first_start())
    _keys(orgs, lambda o: o.alias_id or _org_slug_name(o))
    _parents(orgs, analysed)
    return orgs


_KK_GENITIVE = re.compile(r"(ның|нің|дың|дің|тың|тің)[»”\"]?$")


# state bodies that belong to no organization named beside them
_NEVER_A_UNIT = frozenset({"akimat", "court", "maslikhat", "legislature", "prosecutor"})


def _parents(orgs: list[Organization], analysed: dict[str, _Lang]) -> None:
    """A name right after another in Russian (филиал РОО «...»), or right before it in the Kazakh
    genitive («...» РҚБ-ның ... филиалы), is the organization the first one belongs to. The
    representatives in the regions belong to the one organization of the kind they name."""
    for unit in orgs:
        if unit.kind != "regional-unit" or unit.parent_key:
            continue
        named = {e.rsplit(" in the regions", 1)[0].split("representatives of the ", 1)[-1]
                 for e in unit.evidence if "representatives of the" in e}
        owners = [o for o in orgs if o is not unit and o.kind in named]
        if len(owners) == 1:
            unit.parent_key = owners[0].key
            unit.note(f"unit of {owners[0].key} (the only {owners[0].kind} named)")
    for lang, a in analysed.items():
        text = a.doc.text
        spans = sorted(((s, o) for o in orgs for s in o.spans.get(lang, [])), key=lambda x: x[0].start)
        for (s1, o1), (s2, o2) in zip(spans, spans[1:]):
            if o1 is o2 or s1.sentence != s2.sentence or text[s1.end:s2.start].strip():
                continue
            if lang == "ru":
                child, parent = o1, o2
            elif _KK_GENITIVE.search(s1.text):
                child, parent = o2, o1
            else:
                continue
            if child.kind in _NEVER_A_UNIT:
                continue        # "«...» ЖШС-ның Атырау қаласының әкімдігіне": the company's claim against it
            if child.parent_key is None and parent.key != child.key:
                child.parent_key = parent.key
                child.note(f"{lang}: part of «{(s2 if lang == 'ru' else s1).text}» (the names stand together)")


def _org_slug_name(o: Organization) -> str:
    name = o.name.get("kk") or o.name.get("ru") or ""
    quoted = re.findall(r"«([^«»]+)", name)
    return " ".join((quoted[0] if quoted else name).split()[:6])


def _legal_abbr(cls: str, lang: str) -> str | None:
    for entry in lexicons.organizations()["legal_forms"]:
        if entry["class"] == cls and entry.get(lang):
            return entry[lang][0]
    return None


# ------------------------------------------------------------------ regions


def _merge_regions(analysed: dict[str, _Lang], data_dir: str | None) -> tuple[list[RegionMention], list[RegionMention]]:
    by_iso: dict[str, RegionMention] = {}
    for lang in LANGS:
        if lang not in analysed:
            continue
        doc = analysed[lang].doc
        for r in analysed[lang].regions:
            m = by_iso.get(r.iso)
            if m is None:
                m = RegionMention(iso=r.iso, name=region_names(r.iso, data_dir))
                by_iso[r.iso] = m
            m.add(_span(doc, r.start, r.end))
            m.note(f"{lang}: «{r.text}» ({r.rule})")
            m.confidence = max(m.confidence, r.confidence)
    items = sorted(by_iso.values(), key=lambda m: m.first_start())
    return [m for m in items if m.iso != "KZ"], [m for m in items if m.iso == "KZ"]


# ------------------------------------------------------------------ dates, counts


def _dates(analysed: dict[str, _Lang], published: dt.date | None, ref_year: int | None):
    out: list[DateMention] = []
    resolved: dict[tuple[str, int], tuple[dt.date | None, float]] = {}
    for lang in LANGS:
        if lang not in analysed:
            continue
        doc = analysed[lang].doc
        for i, raw in enumerate(analysed[lang].dates):
            date, year, relative, conf = resolve_date(raw, published, ref_year)
            out.append(DateMention(_span(doc, raw.start, raw.end), date, year, raw.month, raw.day, relative,
                                   raw.rule + (f"+{raw.relative}" if raw.relative else "")))
            resolved[(lang, i)] = (date, conf, year)
    return out, resolved


def _merge_quantities(analysed: dict[str, _Lang]) -> list[Quantity]:
    by_key: dict[tuple[int, str], Quantity] = {}
    for lang in LANGS:
        if lang not in analysed:
            continue
        doc = analysed[lang].doc
        for q in analysed[lang].quantities:
            key = (q.value, q.qualifier)
            item = by_key.get(key)
            if item is None:
                item = Quantity(value=q.value, qualifier=q.qualifier, what=q.what)
                by_key[key] = item
            item.add(_span(doc, q.start, q.end))
            item.note(f"{lang}: «{q.text}» ({q.rule}{', counts ' + q.what if q.what else ''})")
            if q.what_lemma and not item.what_lemma.get(lang):
                item.what_lemma[lang] = q.what_lemma
            if item.what is None:
                item.what = q.what
            item.confidence = max(item.confidence, q.confidence)
    items = sorted(by_key.values(), key=lambda q: q.first_start())
    for q in items:
        if q.spans.get("kk") and q.spans.get("ru"):
            q.confidence = min(0.99, q.confidence + 0.05)
    return items


# ------------------------------------------------------------------ events


@dataclass
class _EventCluster:
    lang: str
    type: str
    subtype: str | None
    date: dt.date | None
    triggers: list[Trigger]
    date_raws: list[int]
    year: int | None = None       # a year the text gives without the day

    @property
    def any_year(self) -> int | None:
        return self.date.year if self.date else self.year


def _events(analysed: dict[str, _Lang], resolved, extraction: Extraction, groups: dict[str, int]) -> list[Event]:
    per_lang: dict[str, list[_EventCluster]] = {}
    for lang, a in analysed.items():
        clusters: list[_EventCluster] = []
        dated = []
        undated = []
        for t in a.triggers:
            date = resolved.get((lang, t.date_index), (None, 0, None))[0] if t.date_index is not None else None
            if t.verbal and date is None:
                continue          # "заявил" without a date: a remark, not an event of its own
            (dated if date else undated).append((t, date))
        year_of = {id(t): resolved.get((lang, t.partial_index), (None, 0, None))[2]
                   for t in a.triggers if t.partial_index is not None}
        for t, date in dated:
            c = next((c for c in clusters if (c.type, c.subtype, c.date) == (t.type, t.subtype, date)), None)
            if c is None:
                c = _EventCluster(lang, t.type, t.subtype, date, [], [])
                clusters.append(c)
            c.triggers.append(t)
            c.date_raws.append(t.date_index)
        undated.sort(key=lambda x: (year_of.get(id(x[0])) is None, x[0].start))
        for t, _ in undated:
            year = year_of.get(id(t))
            same = [c for c in clusters if (c.type, c.subtype) == (t.type, t.subtype)]
            if year is not None:
                # "в 2021 году ... выборах": another event than one of another year
                same = [c for c in same if c.any_year == year]
                if not same:
                    clusters.append(_EventCluster(lang, t.type, t.subtype, None, [t], [], year))
                    continue
            else:
                same = [c for c in same if c.year is None]
            if len(same) == 1:
                same[0].triggers.append(t)
                continue
            if same:
                # several dated events of this type: the nearest one before this trigger
                before = [c for c in same if min(x.start for x in c.triggers) <= t.start]
                target = max(before or same, key=lambda c: max(x.start for x in c.triggers if x.start <= t.start)
                             if before else 0)
                target.triggers.append(t)
                continue
            c = _EventCluster(lang, t.type, t.subtype, None, [t], [])
            clusters.append(c)
        per_lang[lang] = clusters
    kk, ru = per_lang.get("kk", []), per_lang.get("ru", [])
    used_r: set[int] = set()
    pairs: list[tuple[_EventCluster | None, _EventCluster | None]] = []
    for a in kk:
        match = None
        for j, b in enumerate(ru):
            if j in used_r or (a.type, a.subtype) != (b.type, b.subtype):
                continue
            if a.date and b.date and a.date != b.date:
                continue
            if (a.date is None) != (b.date is None):
                others = [x for x in kk if (x.type, x.subtype) == (a.type, a.subtype)]
                if len(others) > 1:
                    continue
            match = j
            break
        if match is not None:
            used_r.add(match)
            pairs.append((a, ru[match]))
        else:
            pairs.append((a, None))
    pairs += [(None, b) for j, b in enumerate(ru) if j not in used_r]

    events: list[Event] = []
    for a, b in pairs:
        e = Event()
        base = a or b
        e.type, e.subtype = base.type, base.subtype
        e.date = (a.date if a and a.date else None) or (b.date if b and b.date else None)
        e.year = (a.year if a else None) or (b.year if b else None)
        regions: list[str] = []
        confs = []
        for c in (a, b):
            if c is None:
                continue
            an = analysed[c.lang]
            doc = an.doc
            for t in c.triggers:
                e.add(_span(doc, t.start, t.end))
                for ev in t.evidence:
                    e.note(f"{c.lang}: {ev}")
            for di in c.date_raws:
                raw = an.dates[di]
                span = _span(doc, raw.start, raw.end)
                if all((s.start, s.end) != (span.start, span.end) for s in e.date_spans[c.lang]):
                    e.date_spans[c.lang].append(span)
                    e.note(f"{c.lang}: date «{raw.text}» next to the trigger")
            confs.append(0.75 + (0.1 if c.date_raws else 0.0))
            if e.type != "election":
                sentences = _event_sentences(doc, c.triggers) | {doc.sentence_of(an.dates[di].start).id
                                                                 for di in c.date_raws}
                for r in an.regions:
                    if r.is_country:
                        continue
                    if doc.sentence_of(r.start).id in sentences and r.iso not in regions:
                        regions.append(r.iso)
        e.region_iso = regions
        e.confidence = round(min(0.99, max(confs) + (0.05 if a and b else 0.0)), 3)
        _roles(e, a, b, analysed, extraction)
        events.append(e)
    events.sort(key=lambda e: e.first_start())
    _keys(events, lambda e: f"{e.subtype or e.type} {e.date.isoformat() if e.date else (e.year or '')}")
    return events


_PRONOUN_STARTS = ("оған", "онда", "оның", "в ней", "в нем", "в нём", "на ней", "на нем", "на нём", "там", "его", "её")


def _event_sentences(doc: Doc, triggers: list[Trigger]) -> set[str]:
    """The trigger sentences, and a next one that goes on about the event with a pronoun (В ней, Оған)."""
    out = set()
    for t in triggers:
        s = doc.sentences[t.sentence]
        out.add(s.id)
        if t.sentence + 1 < len(doc.sentences):
            nxt = doc.sentences[t.sentence + 1]
            if nxt.text.lower().startswith(_PRONOUN_STARTS):
                out.add(nxt.id)
    return out


# the subject before these verbs holds the event: провёл встречу, объявил, вынес решение (a court)
_ORGANIZE_RU = {"провести", "организовать", "проводить", "устроить", "объявить", "заявить", "вынести"}
_ORGANIZE_KK = ("өткізді", "өткізген", "ұйымдастырды", "ұйымдастырған", "жасады", "мәлімдеді", "өткізеді",
                "шығарды", "шығарған")


def _roles(e: Event, a, b, analysed: dict[str, _Lang], extraction: Extraction) -> None:
    """Organizers: who holds or announces it (the subject before провёл/өткізді/объявил); participants: the others named."""
    if e.type == "election" or e.subtype == "referendum":
        return
    organizers: list[str] = []
    participants: list[str] = []
    for c in (a, b):
        if c is None:
            continue
        doc = analysed[c.lang].doc
        sentences = _event_sentences(doc, c.triggers)
        verb_at = None
        for t in doc.tokens:
            if e.subtype == "lawsuit":
                break           # the subject of "вынес решение" decides the lawsuit, it did not bring it
            if doc.sentences[t.sentence].id not in sentences:
                continue
            low = t.text.lower()
            if (c.lang == "ru" and lexicons.ru_lemmas(low) & _ORGANIZE_RU) or (c.lang == "kk" and low.startswith(_ORGANIZE_KK)):
                verb_at = (doc.sentences[t.sentence].id, t.start)
                break
        for p in extraction.persons:
            for s in p.spans.get(c.lang, []):
                if s.sentence in sentences:
                    role = organizers if verb_at and s.sentence == verb_at[0] and s.start < verb_at[1] \
                        and (e.subtype == "statement" or not organizers) else participants
                    if p.key not in role and p.key not in organizers:
                        role.append(p.key)
        first_org = True
        placed = sorted(((s, o) for o in extraction.organizations for s in o.spans.get(c.lang, [])
                         if s.sentence in sentences), key=lambda x: x[0].start)
        for s, o in placed:
            subject = verb_at and s.sentence == verb_at[0] and s.start < verb_at[1] and _nominative(s.text, c.lang)
            if subject and first_org and e.subtype != "statement":
                if o.key not in organizers:
                    organizers.append(o.key)
                first_org = False
            elif o.key not in organizers and o.key not in participants:
                participants.append(o.key)
    # an organization named only as the body another one belongs to is not a participant of its own
    parents = {o.parent_key for o in extraction.organizations if o.key in organizers + participants and o.parent_key}
    e.organizer_keys = organizers
    e.participant_keys = [k for k in participants if k not in organizers and k not in parents]


def _nominative(text: str, lang: str) -> bool:
    from .organizations import kk_nominative, ru_nominative

    return (kk_nominative(text) if lang == "kk" else ru_nominative(text)) == text
