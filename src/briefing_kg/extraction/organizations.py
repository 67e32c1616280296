"""Organizations: quoted names with their legal form or head noun, known names, institutions.

The span follows the gold rules: the quotation marks and any attached legal
form, with its inflection (``«Қазақстан заңгерлер одағы» РҚБ-ның``, ``РОО
«Союз юристов Казахстана»``, ``штаба «За честные выборы»``); a head noun is
attached only when the quoted words have none of their own (``филиала
«Объединённая дирекция ...»`` keeps ``филиала`` out). A quoted text that is
neither attached to a legal form or head noun nor holds one (a slogan, a
topic, a law's title) is not an organization.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import lexicons
from .regions import RegionHit
from .text import Doc, fold_key, is_capitalized, kk_stems

_LATIN_WORD = re.compile(r"^[A-Z][A-Za-z&.'’]*(?:-[a-zа-яәғқңөұүһі]+)?$")


@dataclass
class OrgHit:
    start: int
    end: int
    text: str
    lang: str
    rule: str
    confidence: float
    kind: str | None = None
    legal_form: str | None = None          # as written: "РОО", "РҚБ-ның" -> "РҚБ"
    legal_class: str | None = None         # "republican-public-association"
    alias_id: str | None = None
    quote: str | None = None               # the outermost quoted words, marks excluded
    inner_quotes: list[str] = field(default_factory=list)
    words: frozenset[str] = frozenset()     # normalised content words, for matching short names
    region_iso: str | None = None           # a region named in the name (Кызылординский филиал)
    nominative: str | None = None
    evidence: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- lexicon views


@functools.cache
def _heads() -> dict[str, dict[str, str]]:
    """lang -> {stem or lemma: kind}."""
    out: dict[str, dict[str, str]] = {"kk": {}, "ru": {}, "en": {}}
    for kind, forms in lexicons.organizations()["heads"].items():
        for lang in ("kk", "ru", "en"):
            for word in forms.get(lang, []) or []:
                out[lang][word.lower()] = kind
    return out


@functools.cache
def _legal_abbrs(lang: str) -> list[tuple[tuple[str, ...], str, str]]:
    """(words, as written, class), longest first."""
    rows = []
    for entry in lexicons.organizations()["legal_forms"]:
        for form in entry.get(lang, []) or []:
            rows.append((tuple(form.split()), form, entry["class"]))
    rows.sort(key=lambda r: -len(r[0]))
    return rows


@functools.cache
def _legal_words(lang: str) -> list[tuple[tuple[str, ...], str]]:
    rows = []
    for entry in lexicons.organizations()["legal_forms"]:
        for phrase in entry.get(f"{lang}_words", []) or []:
            rows.append((tuple(phrase.split()), entry["class"]))
    rows.sort(key=lambda r: -len(r[0]))
    return rows


@functools.cache
def _generic() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicons.organizations()["generic"])


def _weak(kind: str | None) -> bool:
    return kind in set(lexicons.organizations()["weak_heads"])


def kk_head_kind(word: str) -> str | None:
    heads = _heads()["kk"]
    for stem, _ in kk_stems(word.lower()):
        if stem in heads:
            return heads[stem]
    return None


def ru_head_kind(word: str) -> str | None:
    heads = _heads()["ru"]
    for lemma in lexicons.ru_lemmas(word.lower()):
        if lemma in heads:
            return heads[lemma]
    return None


def head_kind(word: str, lang: str) -> str | None:
    if _LATIN_WORD.match(word):
        base = word.split("-")[0].lower()
        return _heads()["en"].get(base)
    return kk_head_kind(word) if lang == "kk" else ru_head_kind(word)


def _word_key(word: str, lang: str) -> str:
    """A normalised content word: the Russian lemma, the Kazakh stem."""
    w = word.lower().strip("«»“”\"")
    if not w:
        return ""
    if "-" in w and lang == "kk":
        head, _, tail = w.rpartition("-")
        if tail and all("\u0400" <= c <= "\u04ff" for c in tail) and not all("\u0400" <= c <= "\u04ff" for c in head):
            w = head
    if lang == "ru" and any("\u0400" <= c <= "\u04ff" for c in w):
        return fold_key(lexicons.ru_lemma(w))
    if lang == "kk":
        stems = kk_stems(w)
        # the shortest stem that is still a plausible word
        best = min((s for s, _ in stems if len(s) >= 3), key=len, default=w)
        return fold_key(best)
    return fold_key(w)


_STOP = {"и", "в", "на", "за", "по", "для", "с", "о", "об", "при", "және", "мен", "үшін", "бойынша", "жөніндегі", "of", "the"}


def content_words(text: str, lang: str) -> frozenset[str]:
    words = re.findall(r"[\w-]+", text)
    legal = {w.lower() for words_, _, _ in _legal_abbrs(lang) for w in words_}
    out = set()
    for w in words:
        if w.lower() in _STOP or w.lower() in legal:
            continue
        key = _word_key(w, lang)
        if key:
            out.add(key)
    return frozenset(out)


# ---------------------------------------------------------------- quotes


@dataclass
class _Quote:
    open: int     # char offset of «
    close: int    # char offset just after »
    depth: int
    children: list["_Quote"] = field(default_factory=list)


def find_quotes(text: str, start: int, end: int) -> list[_Quote]:
    """Quoted stretches between start and end, nested ones as children.

    Russian typography often closes ``«...«...»»`` with one ``»``
    (``«Объединённая дирекция строящихся предприятий «Арал» РГП ...``): when a
    nested quote closes and the next quote mark opens a new one, the outer
    quote closes at the same place.
    """
    stack: list[_Quote] = []
    top: list[_Quote] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in "«„":
            q = _Quote(open=i, close=-1, depth=len(stack))
            (stack[-1].children if stack else top).append(q)
            stack.append(q)
        elif ch in "»“”" and stack:
            q = stack.pop()
            q.close = i + 1
            if stack:
                nxt = next((j for j in range(i + 1, end) if text[j] in "«»„“”"), None)
                if nxt is None or text[nxt] in "«„":
                    while stack:
                        outer = stack.pop()
                        outer.close = i + 1
        elif ch == '"':
            # straight quotes: open when none is open at this level, else close
            if stack and text[stack[-1].open] == '"':
                q = stack.pop()
                q.close = i + 1
            else:
                q = _Quote(open=i, close=-1, depth=len(stack))
                (stack[-1].children if stack else top).append(q)
                stack.append(q)
        i += 1
    return [q for q in top if q.close > 0]


# ---------------------------------------------------------------- helpers over tokens


def _tok_index_at(doc: Doc, offset: int) -> int | None:
    for t in doc.tokens:
        if t.start <= offset < t.end:
            return t.index
    return None


def _match_legal_abbr_after(doc: Doc, i: int, lang: str) -> tuple[int, str, str] | None:
    """A legal-form abbreviation starting at token i: (last token index, form, class)."""
    tokens = doc.tokens
    for words, form, cls in _legal_abbrs(lang):
        n = len(words)
        if i + n > len(tokens):
            continue
        ok = True
        for k, w in enumerate(words):
            t = tokens[i + k].text
            if k == n - 1 and lang == "kk" and "-" in t:
                t = t.split("-")[0]
            if t != w:
                ok = False
                break
        if ok and all(tokens[i + k].sentence == tokens[i].sentence for k in range(n)):
            return i + n - 1, form, cls
    return None


def _match_legal_abbr_before(doc: Doc, j: int, lang: str) -> tuple[int, str, str] | None:
    """A legal-form abbreviation ending at token j: (first token index, form, class)."""
    tokens = doc.tokens
    for words, form, cls in _legal_abbrs(lang):
        n = len(words)
        i = j - n + 1
        if i < 0:
            continue
        if all(tokens[i + k].text == w for k, w in enumerate(words)) and tokens[i].sentence == tokens[j].sentence:
            return i, form, cls
    return None


def _word_matches(token_text: str, word: str, lang: str) -> bool:
    if lang == "ru":
        if fold_key(token_text) == fold_key(word):
            return True
        mine = {fold_key(l) for l in lexicons.ru_lemmas(token_text.lower())}
        theirs = {fold_key(l) for l in lexicons.ru_lemmas(word.lower())} | {fold_key(word)}
        return bool(mine & theirs)
    t = fold_key(token_text)
    w = fold_key(word)
    if t == w:
        return True
    stems = {fold_key(s) for s, _ in kk_stems(token_text.lower())}
    wstems = {fold_key(s) for s, _ in kk_stems(word.lower())}
    return bool(stems & wstems) and min(len(s) for s in stems & wstems) >= max(3, len(w) - 3)


def _match_legal_words(doc: Doc, i: int, lang: str, backwards: bool = False) -> tuple[int, int, str] | None:
    """A legal form in words (республикалық қоғамдық бірлестігінің) at token i (forwards) or ending there."""
    tokens = doc.tokens
    for words, cls in _legal_words(lang):
        n = len(words)
        a = i - n + 1 if backwards else i
        if a < 0 or a + n > len(tokens):
            continue
        if all(_word_matches(tokens[a + k].text, w, lang) for k, w in enumerate(words)) and \
                tokens[a].sentence == tokens[a + n - 1].sentence:
            return a, a + n - 1, cls
    return None


def _ru_case(word: str) -> set[str]:
    return {str(p.tag.case) for p in lexicons.ru_parses(word.lower()) if p.tag.case}


def _is_ru_adj(word: str) -> bool:
    return any(p.tag.POS in ("ADJF", "PRTF") for p in lexicons.ru_parses(word.lower()))


def _agreeing_adj(word: str, cases: set[str]) -> bool:
    """An adjective (not a participle: ``выдвинутой``) in one of the head noun's cases."""
    return any(p.tag.POS == "ADJF" and p.tag.case in cases for p in lexicons.ru_parses(word.lower()))


def _is_ru_gen_noun(word: str) -> bool:
    return any(p.tag.POS == "NOUN" and p.tag.case == "gent" for p in lexicons.ru_parses(word.lower()))


# ---------------------------------------------------------------- the recogniser


def find_organizations(doc: Doc, regions: list[RegionHit]) -> list[OrgHit]:
    lang = doc.lang
    hits: list[OrgHit] = []
    for sentence in doc.sentences:
        hits.extend(_quoted(doc, sentence.start, sentence.end, lang))
    hits.extend(_known(doc, lang))
    hits.extend(_region_branches(doc, regions, lang))
    hits.extend(_institutions(doc, lang))
    hits.extend(_latin(doc, lang))
    hits.extend(_regional_units(doc, lang))
    hits = [h for h in hits if not _is_topic_of_law(doc, h, lang)]
    hits = _resolve_overlaps(hits)
    if lang == "kk":
        for h in hits:
            first = _tok_index_at(doc, h.start)
            if h.rule != "quoted" and first and doc.tokens[first - 1].text == "ҚР" and \
                    doc.tokens[first - 1].sentence == doc.tokens[first].sentence:
                h.start = doc.tokens[first - 1].start
                h.text = doc.text[h.start:h.end]
    for h in hits:
        h.words = h.words or content_words(h.text, lang)
        h.nominative = nominative(h, lang)
        if h.region_iso is None:
            for r in regions:
                if h.start <= r.start and r.end <= h.end and not r.is_country:
                    h.region_iso = r.iso
    return sorted(hits, key=lambda h: h.start)


_LIST_GAP = re.compile(r"^\s*(?:,|и|а также|және|мен|,\s*және|,\s*и)\s*$")


def _quoted(doc: Doc, start: int, end: int, lang: str) -> list[OrgHit]:
    """Quoted names of the sentence; in a list (``партий «Amanat», «Байтак» и «Ауыл»``) the head
    noun or legal form of one names the others as organizations of the same kind."""
    text = doc.text
    quotes = find_quotes(text, start, end)
    found = [(_quoted_one(doc, q, lang) or [None])[0] for q in quotes]
    for _ in range(len(quotes)):
        changed = False
        for k, q in enumerate(quotes):
            if found[k] is not None:
                continue
            for n in (k - 1, k + 1):
                if not 0 <= n < len(quotes) or found[n] is None or found[n].kind is None:
                    continue
                a, b = (quotes[n], q) if n < k else (q, quotes[n])
                other = found[n]
                gap_start = a.close if n < k else q.close
                gap_end = q.open if n < k else other.start
                if not _LIST_GAP.match(text[gap_start:gap_end]):
                    continue
                inner = text[q.open + 1:q.close - 1].strip()
                if not inner or _law_title(inner, lang):
                    continue
                found[k] = OrgHit(q.open, q.close, text[q.open:q.close], lang, "quoted", 0.7, kind=other.kind,
                                  quote=inner, alias_id=(_alias_for(inner, lang) or {}).get("id"),
                                  evidence=[f"listed with {other.text} ({other.kind})"])
                changed = True
                break
        if not changed:
            break
    return [h for h in found if h is not None]


def _quoted_one(doc: Doc, q: _Quote, lang: str) -> list[OrgHit]:
    text = doc.text
    tokens = doc.tokens
    inner = text[q.open + 1: q.close - 1].strip()
    if not inner or len(inner) > 160:
        return []
    inner_tokens = doc.tokens_between(q.open + 1, q.close - 1)
    # the quote's own head noun: a name that says what it is («Қазақстан заңгерлер одағы»)
    own_kind = None
    for t in inner_tokens:
        k = head_kind(t.text, lang)
        if k and not _weak(k):
            own_kind = k
    first = _tok_index_at(doc, q.open)
    last = _tok_index_at(doc, q.close - 1)
    if first is None or last is None:
        return []
    span_start, span_end = q.open, q.close
    kind = own_kind
    legal = None
    legal_cls = None
    evidence: list[str] = []
    alias = _alias_for(inner, lang)
    if alias:
        evidence.append(f"known name «{inner}» ({alias['id']})")
        kind = kind or alias.get("kind")
    # a legal form before («РОО «...»») or after («...» РҚБ-ның)
    before = _match_legal_abbr_before(doc, first - 1, lang) if first > 0 else None
    if before and tokens[before[0]].sentence == tokens[first].sentence:
        span_start = tokens[before[0]].start
        legal, legal_cls = before[1], before[2]
        evidence.append(f"legal form {legal} before the quote")
    else:
        words = _match_legal_words(doc, first - 1, lang, backwards=True) if first > 0 else None
        if words:
            span_start = tokens[words[0]].start
            legal_cls = words[2]
            legal = doc.text[tokens[words[0]].start: tokens[words[1]].end]
            evidence.append(f"legal form in words before the quote: {legal}")
    if legal is None and last + 1 < len(tokens) and tokens[last + 1].sentence == tokens[last].sentence:
        after = _match_legal_abbr_after(doc, last + 1, lang)
        # a form followed by another quote belongs to that quote (РГП на ПХВ «Нуринский ...»)
        followed_by_quote = after is not None and after[0] + 1 < len(tokens) and tokens[after[0] + 1].text in "«„\""
        if after and not (lang == "ru" and followed_by_quote):
            span_end = tokens[after[0]].end
            legal, legal_cls = after[1], after[2]
            evidence.append(f"legal form {legal} after the quote")
        elif not after:
            words = _match_legal_words(doc, last + 1, lang)
            if words:
                span_end = tokens[words[1]].end
                legal_cls = words[2]
                legal = doc.text[tokens[words[0]].start: tokens[words[1]].end]
                evidence.append(f"legal form in words after the quote: {legal}")
    # a head noun outside the quote, only when the quoted words have none
    if own_kind is None and legal is None:
        if lang == "ru":
            head = _ru_head_before(doc, first)
            if head:
                a, hk = head
                span_start = tokens[a].start
                kind = hk
                evidence.append(f"head noun «{doc.text[tokens[a].start:tokens[first].start].strip()}» before the quote")
        else:
            head = _kk_head_after(doc, last)
            if head:
                b, hk = head
                span_end = tokens[b].end
                kind = hk
                evidence.append(f"head noun «{doc.text[tokens[last].end:tokens[b].end].strip()}» after the quote")
    elif own_kind is not None:
        evidence.append(f"the quoted name has its own head noun ({own_kind})")
    if kind is None and legal is None and alias is None:
        return []
    if _law_title(inner, lang):
        return []
    confidence = 0.6
    if legal:
        confidence = 0.95
    elif own_kind or alias:
        confidence = 0.9
    elif kind:
        confidence = 0.85
    hit = OrgHit(start=span_start, end=span_end, text=doc.text[span_start:span_end], lang=lang,
                 rule="quoted", confidence=confidence, kind=kind or _kind_of_legal(legal_cls),
                 legal_form=_abbr_only(legal), legal_class=legal_cls,
                 alias_id=alias["id"] if alias else None, quote=inner,
                 inner_quotes=[text[c.open + 1:c.close - 1] for c in q.children], evidence=evidence)
    return [hit]


def _abbr_only(legal: str | None) -> str | None:
    if not legal:
        return None
    return legal.split("-")[0] if legal.isupper() or "-" in legal else legal


def _kind_of_legal(cls: str | None) -> str | None:
    return {"republican-public-association": "association", "public-association": "association",
            "public-fund": "foundation", "rse-phv": "enterprise", "llp": "company", "jsc": "company",
            "ncjsc": "company", "institution": "institution", "association-legal-entities": "association",
            "state-institution": "institution", "communal-state-institution": "institution",
            "republican-state-institution": "institution", "international-public-association": "association",
            "republican-public-fund": "foundation", "autonomous-education": "university", "cooperative": "company",
            "closed-jsc": "company"}.get(cls or "")


def _law_title(inner: str, lang: str) -> bool:
    low = inner.lower()
    if lang == "ru" and re.match(r"^(о|об)\s", low):
        return True
    if lang == "kk" and re.search(r"\bтуралы\b", low) and ("заң" in low or low.endswith("туралы")):
        return True
    return False


def _ru_head_before(doc: Doc, first: int) -> tuple[int, str] | None:
    """(first token of the head phrase, kind) for ``Демократической партией «...»``, ``штаба юристов «...»``."""
    tokens = doc.tokens
    j = first - 1
    skipped = 0
    sent = tokens[first].sentence
    while j >= 0 and tokens[j].sentence == sent and skipped <= 2:
        word = tokens[j].text
        if not word.isalpha():
            return None
        kind = ru_head_kind(word)
        if kind:
            a = j
            case = _ru_case(tokens[j].text)
            while a - 1 >= 0 and tokens[a - 1].sentence == sent and tokens[a - 1].text.isalpha() \
                    and _agreeing_adj(tokens[a - 1].text, case) and not ru_head_kind(tokens[a - 1].text):
                a -= 1
            return a, kind
        if word.islower() and _is_ru_gen_noun(word):
            skipped += 1
            j -= 1
            continue
        return None
    return None


def _kk_head_after(doc: Doc, last: int) -> tuple[int, str] | None:
    """(last token of the head phrase, kind) for ``«...» штабының``, ``«...» заңгерлер штабының``."""
    tokens = doc.tokens
    j = last + 1
    sent = tokens[last].sentence
    skipped = 0
    while j < len(tokens) and tokens[j].sentence == sent and skipped <= 2:
        word = tokens[j].text
        if not word.replace("-", "").isalpha():
            return None
        kind = kk_head_kind(word)
        if kind:
            return j, kind
        if word.islower() and len(word) > 2:
            skipped += 1
            j += 1
            continue
        return None
    return None


# ---------------------------------------------------------------- known names


@functools.cache
def _known_entries() -> list[dict]:
    return list(lexicons.organizations()["known"])


def _alias_for(inner: str, lang: str) -> dict | None:
    """The known organization whose name the quoted words are (any inflection)."""
    words = content_words(inner, lang)
    if not words:
        return None
    for entry in _known_entries():
        for name in entry.get(lang, []) or []:
            if content_words(name, lang) == words:
                return entry
        for name in entry.get("kk" if lang == "ru" else "ru", []) or []:
            if fold_key(name) == fold_key(inner):
                return entry
    return None


def _known(doc: Doc, lang: str) -> list[OrgHit]:
    """Known names and abbreviations outside quotes: ``Союза юристов РК``, ``Заңгерлер одағының``, ``ЦИК``."""
    tokens = doc.tokens
    out: list[OrgHit] = []
    for entry in _known_entries():
        for abbr in entry.get(f"abbr_{lang}", []) or []:
            for t in tokens:
                base = t.text.split("-")[0] if lang == "kk" else t.text
                if base == abbr:
                    out.append(OrgHit(t.start, t.end, t.text, lang, "known-abbreviation", 0.9,
                                      kind=entry.get("kind"), alias_id=entry["id"],
                                      evidence=[f"known abbreviation {abbr} ({entry['id']})"]))
        names = sorted(entry.get(lang, []) or [], key=lambda n: -len(n.split()))
        for name in names:
            words = name.split()
            n = len(words)
            for i in range(len(tokens) - n + 1):
                if not is_capitalized(tokens[i].text) and not tokens[i].text.isupper():
                    continue
                if tokens[i + n - 1].sentence != tokens[i].sentence:
                    continue
                ok = True
                for k, w in enumerate(words):
                    t = tokens[i + k].text
                    if lang == "kk" and k < n - 1:
                        ok = fold_key(t) == fold_key(w) or (w.isupper() and t == w)
                    else:
                        ok = _word_matches(t, w, lang) if not w.isupper() else t.split("-")[0] == w
                    if not ok:
                        break
                if not ok:
                    continue
                start = tokens[i].start
                end = tokens[_country_tail(doc, i + n - 1) if lang == "ru" else i + n - 1].end
                out.append(OrgHit(start, end, doc.text[start:end], lang, "known-name", 0.85,
                                  kind=entry.get("kind"), alias_id=entry["id"],
                                  evidence=[f"known name «{name}» ({entry['id']})"]))
    return out


def _country_tail(doc: Doc, last: int) -> int:
    """The name goes on with the country in the genitive: ``Центральной избирательной комиссии Республики
    Казахстан``, ``... РК``; the index of its last token."""
    tokens = doc.tokens
    sent = tokens[last].sentence
    k = last + 1
    if k < len(tokens) and tokens[k].sentence == sent and tokens[k].text in ("РК", "ҚР"):
        return k
    if k + 1 < len(tokens) and tokens[k + 1].sentence == sent and tokens[k].text == "Республики" and \
            fold_key(tokens[k + 1].text) in ("казахстан", "казахстана"):
        return k + 1
    if k < len(tokens) and tokens[k].sentence == sent and fold_key(tokens[k].text) == "казахстана":
        return k
    return last


# ---------------------------------------------------------------- names built on a region


_LOCAL_BODIES = ("branch", "akimat", "court", "department", "prosecutor", "service", "centre", "council",
                 "committee", "commission", "university", "institute", "college", "school", "office", "bar",
                 "maslikhat", "chamber", "association")
_LEVELS = frozenset({"облыстық", "қалалық", "аудандық", "областной", "областного", "областному", "областным",
                     "областном", "городской", "городского", "городскому", "городским", "городском",
                     "областная", "областной", "областную", "городская", "городскую", "областное", "городское",
                     "районный", "районного", "районному", "районным", "районном", "районная", "районную"})


def _generic_of_level(word: str) -> str:
    low = word.lower()
    if low.startswith(("облыст", "област")):
        return "region"
    if low.startswith(("қала", "город")):
        return "city"
    return "district"


def _local_head(doc: Doc, j: int, lang: str, modifiers: int) -> tuple[int, str] | None:
    """(index, kind) of a local body's head noun at token j, or after up to ``modifiers`` words that say
    what kind of body it is: ``сайлау комиссиясы``, ``адвокаттар алқасы``, ``избирательной комиссии``."""
    tokens = doc.tokens
    sent = tokens[j].sentence if j < len(tokens) else -1
    for k in range(j, min(j + modifiers + 1, len(tokens))):
        t = tokens[k]
        if t.sentence != sent:
            return None
        kind = head_kind(t.text, lang)
        if kind in _LOCAL_BODIES:
            return k, kind
        if kind is not None or not t.text.replace("-", "").isalpha() or not t.text.islower():
            return None
        if lang == "ru" and not _is_ru_adj(t.text) and not _is_ru_gen_noun(t.text):
            return None
    return None


def _ru_genitive_tail(doc: Doc, k: int) -> int:
    """Last token of a lowercase genitive complement after a head noun: ``коллегия адвокатов``."""
    tokens = doc.tokens
    last = k
    for m in range(k + 1, min(k + 3, len(tokens))):
        w = tokens[m].text
        if tokens[m].sentence != tokens[k].sentence or len(w) < 3 or not w.isalpha() or not w.islower() \
                or ru_head_kind(w) \
                or not _is_ru_gen_noun(w) or _is_ru_adj(w):
            break
        last = m
    return last


def _elected_body(doc: Doc, first: int, head: int, lang: str) -> bool:
    """A maslikhat that is only what is being elected: ``мәслихатына сайлау``, ``выборы в ... маслихат``."""
    tokens = doc.tokens
    sent = tokens[head].sentence
    if lang == "kk":
        nxt = tokens[head + 1].text.lower() if head + 1 < len(tokens) and tokens[head + 1].sentence == sent else ""
        return nxt.startswith(("сайлау", "депутаттығ"))
    window = [tokens[m].text.lower() for m in range(max(0, first - 3), first) if tokens[m].sentence == sent]
    return any(w.startswith(("выбор", "кандидат", "баллотир")) for w in window)


def _region_branches(doc: Doc, regions: list[RegionHit], lang: str) -> list[OrgHit]:
    """``Кызылординский областной филиал``, ``Қызылорда облыстық филиалы``, ``Астана филиалын``;
    ``акимата Костанайской области``, ``Қостанай облысы әкімдігінің``."""
    tokens = doc.tokens
    out: list[OrgHit] = []
    for r in regions:
        if r.is_country:
            continue
        sent = tokens[r.first_token].sentence
        # Russian: a local body before the region's name and its word for "region"
        # Russian: a local body before "города"/"г." and a city's name: ``акимату города Атырау``
        if lang == "ru" and r.first_token >= 2:
            k = r.first_token - 1
            if k >= 1 and tokens[k].text == "." and tokens[k - 1].text.lower() in ("г", "гг"):
                k -= 1
            city_word = k >= 1 and tokens[k].sentence == sent and \
                (tokens[k].text.lower() in ("г", "гг") or "город" in lexicons.ru_lemmas(tokens[k].text.lower()))
            if city_word and tokens[k - 1].sentence == sent and tokens[k - 1].text.islower():
                kind = ru_head_kind(tokens[k - 1].text)
                if kind in _LOCAL_BODIES and kind != "maslikhat" or \
                        kind == "maslikhat" and not _elected_body(doc, k - 1, k - 1, lang):
                    start, end = tokens[k - 1].start, r.end
                    out.append(OrgHit(start, end, doc.text[start:end], lang, "region-named", 0.8, kind=kind,
                                      region_iso=r.iso, evidence=[f"{tokens[k - 1].text} of the city {r.text}"]))
                    continue
        if lang == "ru" and r.first_token > 0 and tokens[r.first_token - 1].sentence == sent and \
                r.last_token + 1 < len(tokens) and tokens[r.last_token + 1].sentence == sent:
            after = tokens[r.last_token + 1]
            # the head, then up to two genitive nouns that say which body: "Департамента юстиции ... области"
            h = r.first_token - 1
            while h > r.first_token - 3 and h > 0 and tokens[h - 1].sentence == sent and \
                    tokens[h].text.islower() and len(tokens[h].text) > 2 and not ru_head_kind(tokens[h].text) \
                    and _is_ru_gen_noun(tokens[h].text) and not _is_ru_adj(tokens[h].text):
                h -= 1
            before = tokens[h]
            kind = ru_head_kind(before.text)
            if kind in _LOCAL_BODIES and kind != "maslikhat" and (before.text.islower() or h < r.first_token - 1) \
                    and lexicons.ru_lemmas(after.text.lower()) & {"область", "город"}:
                start, end = before.start, after.end
                hit = OrgHit(start, end, doc.text[start:end], lang, "region-named", 0.8, kind=kind,
                             region_iso=r.iso, evidence=[f"{doc.text[before.start:r.start].strip()} + region {r.text}"])
                hit.words = frozenset({f"region:{r.iso}", f"kind:{kind}"}) | \
                    content_words(doc.text[before.end:r.start], lang)
                out.append(hit)
                continue
        j = r.last_token + 1
        if j >= len(tokens) or tokens[j].sentence != tokens[r.last_token].sentence:
            continue
        if lang == "kk" and j + 1 < len(tokens) and tokens[j + 1].sentence == sent and \
                tokens[j].text.lower().startswith(("облысы", "облысының", "қаласы", "қаласының")) and \
                kk_head_kind(tokens[j + 1].text) in ("akimat", "court", "department", "prosecutor", "council"):
            start, end = r.start, tokens[j + 1].end
            out.append(OrgHit(start, end, doc.text[start:end], lang, "region-named", 0.8,
                              kind=kk_head_kind(tokens[j + 1].text), region_iso=r.iso,
                              evidence=[f"region {r.text} + {tokens[j].text} {tokens[j + 1].text}"]))
            continue
        has_level = tokens[j].text.lower() in _LEVELS
        if has_level:
            j += 1
        if j >= len(tokens) or tokens[j].sentence != tokens[r.last_token].sentence:
            continue
        # after a level word ("облыстық", "областной") the words up to the head say what kind of body it is
        found = _local_head(doc, j, lang, 3 if has_level else 0)
        if found is None:
            continue
        k, kind = found
        if kind == "maslikhat" and (not has_level or _elected_body(doc, r.first_token, k, lang)):
            continue
        end_tok = _ru_genitive_tail(doc, k) if lang == "ru" else k
        start, end = r.start, tokens[end_tok].end
        hit = OrgHit(start, end, doc.text[start:end], lang, "region-named", 0.85, kind=kind,
                     region_iso=r.iso, evidence=[f"region name {r.text} + {doc.text[tokens[j].start:end]}"])
        # one body in every case: the region, its level, its kind and the words between, not the guessed
        # lemmas of the region's adjective (Мангистауском / Мангистауского)
        level = _generic_of_level(tokens[j - 1].text) if has_level else ""
        between = [tokens[m].text for m in range(j, end_tok + 1) if m != k]
        hit.words = frozenset({f"region:{r.iso}", f"level:{level}", f"kind:{kind}"}) | \
            content_words(" ".join(between), lang)
        out.append(hit)
    return out


# ---------------------------------------------------------------- institutions without quotes


def _institutions(doc: Doc, lang: str) -> list[OrgHit]:
    inst = set(lexicons.organizations()["institution_heads"])
    tokens = doc.tokens
    out: list[OrgHit] = []
    generic = _generic()
    for t in tokens:
        kind = head_kind(t.text, lang)
        if kind not in inst or t.text.lower() in generic or t.text.isupper() or \
                any(l in generic for l in lexicons.ru_lemmas(t.text.lower())):
            continue
        sent = t.sentence
        i = t.index
        if lang == "kk":
            # back to a capitalised word over lowercase modifiers: "Қазақстан инновациялық ... университетінің"
            a = i - 1
            steps = 0
            start_at = None
            while a >= 0 and tokens[a].sentence == sent and steps < 7:
                w = tokens[a].text
                if not w.replace("-", "").isalpha() or w.isupper():
                    break
                if is_capitalized(w):
                    start_at = a
                    # "Қ. Жұбанов атындағы ..." and initials
                    if a >= 2 and tokens[a - 1].text == "." and len(tokens[a - 2].text) == 1:
                        start_at = a - 2
                    prev = tokens[a - 1] if a > 0 and tokens[a - 1].sentence == sent else None
                    if prev is not None and is_capitalized(prev.text) and steps < 6 and \
                            tokens[a].index != doc.sentences[sent].tokens[0].index:
                        a -= 1
                        steps += 1
                        continue
                    break
                a -= 1
                steps += 1
            if start_at is None:
                continue
            named = None
            if start_at >= 1 and tokens[start_at - 1].text.lower() == "атындағы":
                named = named_after_start(doc, start_at - 1)
                if named is not None:
                    start_at = named
            first = tokens[start_at]
            # a capital at a sentence start proves nothing, unless the word is a family name right before
            # the head: "Бөкетов университетінде ..." (a university named after a person, short form)
            if named is None and first.index == doc.sentences[sent].tokens[0].index and \
                    not _proper_start(first.text, lang) and not (start_at == i - 1 and names_family_shape(first.text)):
                continue
            if kk_head_kind(first.text) and start_at == i:
                continue
            if named is None and _has_full_name(tokens[start_at:i]):
                continue        # "төрағасы Айнұр Бекқызы партия ...": a person, then what she speaks of
            start, end = first.start, t.end
            out.append(OrgHit(start, end, doc.text[start:end], lang, "institution", 0.75, kind=kind,
                              evidence=[f"capitalised name + head noun {t.text}"]))
        else:
            # Russian: [Capitalised adjectives] HEAD [genitive complement] or HEAD(capitalised) + complement
            a = i
            case = _ru_case(t.text)
            while a - 1 >= 0 and tokens[a - 1].sentence == sent and tokens[a - 1].text.replace("-", "").isalpha() \
                    and _agreeing_adj(tokens[a - 1].text, case):
                a -= 1
            # the phrase must start with a capital letter
            while a < i and not is_capitalized(tokens[a].text):
                a += 1
            if not is_capitalized(tokens[a].text):
                continue
            b = _ru_complement(doc, i)
            if a == i and b == i:
                continue          # a bare head noun ("Университет") is not a name
            if a == i and tokens[a].index == doc.sentences[sent].tokens[0].index and b == i:
                continue
            start, end = tokens[a].start, tokens[b].end
            out.append(OrgHit(start, end, doc.text[start:end], lang, "institution", 0.75, kind=kind,
                              evidence=[f"capitalised name with head noun {t.text}"]))
    return out


def _has_full_name(words: list) -> bool:
    """A known given name beside a word shaped like a family name or patronymic: a person's name."""
    from .names import family_shape, given_gender

    texts = [w.text for w in words]
    return any(given_gender(a) and family_shape(b) >= 0.7 or family_shape(a) >= 0.7 and given_gender(b)
               for a, b in zip(texts, texts[1:]))


def _proper_start(word: str, lang: str) -> bool:
    """A sentence-initial word that is a proper name, not an ordinary word written with a capital."""
    key = fold_key(word)
    if key.startswith("казакстан") or key.startswith("казахстан"):
        return True
    return False


def _ru_complement(doc: Doc, i: int) -> int:
    """Last token of a genitive complement after a head noun (``юристов РК``, ``имени Л.Н. Гумилёва``)."""
    tokens = doc.tokens
    sent = tokens[i].sentence
    j = i
    k = i + 1
    count = 0
    while k < len(tokens) and tokens[k].sentence == sent and count < 8:
        w = tokens[k].text
        if w in ("РК", "ҚР"):
            j = k
            break
        if w == "имени":
            end = named_after_end(doc, k)
            if end is not None:
                j = end
            break
        if w == "и" and k + 1 < len(tokens) and _is_ru_gen(tokens[k + 1].text):
            k += 1
            count += 1
            continue
        if len(w) > 1 and w.replace("-", "").isalpha() and _is_ru_gen(w) and not ru_head_kind(w) \
                and not is_capitalized(w) or (is_capitalized(w) and _is_ru_gen(w) and fold_key(w).startswith(("республик", "казахстан"))):
            j = k
            k += 1
            count += 1
            continue
        break
    return j


def named_after_end(doc: Doc, k: int) -> int | None:
    """Last token of the name after ``имени`` at token k: ``имени Л.Н. Гумилёва`` (initials and one word),
    ``имени Мухтара Ауэзова`` (a given name and a family name), ``имени Абая``."""
    tokens = doc.tokens
    sent = tokens[k].sentence
    m = k + 1
    initials = False
    while m + 1 < len(tokens) and tokens[m].sentence == sent and len(tokens[m].text) == 1 \
            and tokens[m].text.isupper() and tokens[m + 1].text == ".":
        initials = True
        m += 2
    if m >= len(tokens) or tokens[m].sentence != sent or not is_capitalized(tokens[m].text):
        return None
    if not initials and m + 1 < len(tokens) and tokens[m + 1].sentence == sent and \
            is_capitalized(tokens[m + 1].text) and names_family_shape(tokens[m + 1].text):
        return m + 1
    return m


def names_family_shape(word: str) -> bool:
    from .names import family_shape

    return family_shape(word) >= 1.5


def named_after_start(doc: Doc, k: int) -> int | None:
    """First token of the name before ``атындағы`` at token k: ``Е.А. Бөкетов атындағы``, ``Абай атындағы``."""
    tokens = doc.tokens
    sent = tokens[k].sentence
    m = k - 1
    if m < 0 or tokens[m].sentence != sent or not is_capitalized(tokens[m].text):
        return None
    start = m
    # initials before it (Е . А .), or one more capitalised word (a given name)
    while start - 2 >= 0 and tokens[start - 1].text == "." and len(tokens[start - 2].text) == 1 \
            and tokens[start - 2].text.isupper():
        start -= 2
    if start == m and m - 1 >= 0 and tokens[m - 1].sentence == sent and is_capitalized(tokens[m - 1].text) \
            and m - 1 != doc.sentences[sent].tokens[0].index:
        start = m - 1
    return start


def _is_ru_gen(word: str) -> bool:
    return "gent" in _ru_case(word)


# ---------------------------------------------------------------- units: representatives in the regions

_KK_REGIONS_LOC = ("өңірлердегі", "облыстардағы", "аймақтардағы", "өңірлік")
_RU_IN_REGIONS = ("регионах", "областях", "местах")


def _regional_units(doc: Doc, lang: str) -> list[OrgHit]:
    """An organization's representatives in the regions, acting as one body:
    ``өңірлердегі штаб өкілдері``, ``представителями штаба в регионах``."""
    tokens = doc.tokens
    out: list[OrgHit] = []
    for t in tokens:
        i = t.index
        if lang == "kk":
            if t.text.lower() not in _KK_REGIONS_LOC or i + 2 >= len(tokens):
                continue
            head, rep = tokens[i + 1], tokens[i + 2]
            if head.sentence != t.sentence or rep.sentence != t.sentence:
                continue
            kind = kk_head_kind(head.text)
            if kind is None or not rep.text.lower().startswith("өкілдер"):
                continue
            start, end = t.start, rep.end
            parent_kind = kind
        else:
            if "представитель" not in lexicons.ru_lemmas(t.text.lower()) or i + 3 >= len(tokens):
                continue
            head, prep, where = tokens[i + 1], tokens[i + 2], tokens[i + 3]
            if where.sentence != t.sentence or prep.text.lower() not in ("в", "на"):
                continue
            kind = ru_head_kind(head.text)
            if kind is None or where.text.lower() not in _RU_IN_REGIONS:
                continue
            start, end = t.start, where.end
            parent_kind = kind
        hit = OrgHit(start, end, doc.text[start:end], lang, "regional-unit", 0.6, kind="regional-unit",
                     evidence=[f"representatives of the {parent_kind} in the regions: {doc.text[start:end]}"])
        hit.words = frozenset({f"unit-of-{parent_kind}"})
        out.append(hit)
    return out


# ---------------------------------------------------------------- Latin names


def _latin(doc: Doc, lang: str) -> list[OrgHit]:
    """``Kozybayev University``, ``Kozybayev University-де``: Latin words with an English head noun."""
    tokens = doc.tokens
    out: list[OrgHit] = []
    i = 0
    while i < len(tokens):
        if not _LATIN_WORD.match(tokens[i].text):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].sentence == tokens[i].sentence and \
                (_LATIN_WORD.match(tokens[j + 1].text) or tokens[j + 1].text in ("of", "and", "&", "for")) \
                and "-" not in tokens[j].text:
            j += 1
        kinds = [head_kind(tokens[k].text, lang) for k in range(i, j + 1)]
        if any(kinds) and j > i:
            start, end = tokens[i].start, tokens[j].end
            out.append(OrgHit(start, end, doc.text[start:end], lang, "latin-name", 0.85,
                              kind=next(k for k in kinds if k),
                              evidence=["Latin-script name with an English head noun"]))
        i = j + 1
    return out


# ---------------------------------------------------------------- filters


def _is_topic_of_law(doc: Doc, hit: OrgHit, lang: str) -> bool:
    """``конституционных законов о Конституционном суде``, ``Конституциялық соты туралы``: a law's subject."""
    first = _tok_index_at(doc, hit.start)
    last = _tok_index_at(doc, hit.end - 1)
    if first is None or last is None:
        return False
    tokens = doc.tokens
    sent = tokens[first].sentence
    if lang == "kk":
        return last + 1 < len(tokens) and tokens[last + 1].text.lower() == "туралы"
    if first > 0 and tokens[first - 1].text.lower() in ("о", "об"):
        window = [tokens[k].text for k in range(max(0, first - 12), first) if tokens[k].sentence == sent]
        return any("закон" in lexicons.ru_lemma(w) or "кодекс" in lexicons.ru_lemma(w) for w in window)
    return False


_RULE_RANK = {"quoted": 4, "known-name": 3, "known-abbreviation": 3, "region-named": 2, "institution": 1, "latin-name": 2}


def _resolve_overlaps(hits: list[OrgHit]) -> list[OrgHit]:
    hits = sorted(hits, key=lambda h: (-(h.end - h.start), -_RULE_RANK.get(h.rule, 0), h.start))
    kept: list[OrgHit] = []
    for h in hits:
        clash = None
        for k in kept:
            if h.start < k.end and k.start < h.end:
                clash = k
                break
        if clash is None:
            kept.append(h)
            continue
        # a known name inside a quoted one tells which organization the quote is
        if clash.alias_id is None and h.alias_id and clash.start <= h.start and h.end <= clash.end:
            clash.alias_id = h.alias_id
            clash.evidence.append(f"contains the known name «{h.text}» ({h.alias_id})")
    return sorted(kept, key=lambda h: h.start)


# ---------------------------------------------------------------- nominative


def nominative(hit: OrgHit, lang: str) -> str:
    if hit.rule == "regional-unit":
        if lang == "kk":
            return " ".join(hit.text.split()[:-1] + ["өкілдері"])
        words = hit.text.split()
        return " ".join(["представители" if words[0][:1].islower() else "Представители"] + words[1:])
    return kk_nominative(hit.text) if lang == "kk" else ru_nominative(hit.text)


_KK_CASE_ENDINGS = sorted([
    "ның", "нің", "дың", "дің", "тың", "тің", "нан", "нен", "дан", "ден", "тан", "тен",
    "нда", "нде", "мен", "бен", "пен", "ға", "ге", "қа", "ке", "на", "не", "ны", "ні",
    "ды", "ді", "ты", "ті", "да", "де", "та", "те", "н",
], key=len, reverse=True)
_KK_VOWELS = set("аәеиоөуұүыіэюя")


def kk_strip_case(word: str) -> str:
    """``штабының`` -> ``штабы``, ``РҚБ-ның`` -> ``РҚБ``, ``филиалын`` -> ``филиалы``; possessives stay."""
    if "-" in word:
        head, _, tail = word.rpartition("-")
        if head and tail and tail.islower() and tail.replace("ы", "").replace("і", "") != "" and \
                (head.isupper() or head[-1:].isdigit() or re.match(r"[A-Za-z]", head[-1:])):
            return head
    low = word.lower()
    for ending in _KK_CASE_ENDINGS:
        if not low.endswith(ending) or len(low) - len(ending) < 3:
            continue
        rest = word[: len(word) - len(ending)]
        last = rest[-1:].lower()
        if ending == "н":
            if last in ("ы", "і"):
                return rest
            continue
        if ending[0] == "н" and ending not in ("ны", "ні"):
            if last in _KK_VOWELS:
                return rest
            continue
        if ending in ("ны", "ні", "на", "не"):
            if last in _KK_VOWELS:
                return rest
            continue
        if last not in _KK_VOWELS:
            return rest
    return word


_KK_PLURAL_POSSESSIVE = re.compile(r"^(?P<stem>.+?)(?:лар|лер|дар|дер|тар|тер)(?P<poss>ы|і)$")


def kk_singular(word: str) -> str:
    """``партиялары`` -> ``партиясы``: an organization is one, the plural is the list's."""
    m = _KK_PLURAL_POSSESSIVE.match(word)
    if not m or len(m.group("stem")) < 3 or not kk_head_kind(m.group("stem")):
        return word
    stem = m.group("stem")
    back = True
    for ch in reversed(stem.lower()):             # vowel harmony: the last vowel that has a side
        if ch in "аоұыяёу":
            break
        if ch in "әеіөүэ":
            back = False
            break
    if stem[-1].lower() in _KK_VOWELS:
        return stem + ("сы" if back else "сі")
    voiced = {"к": "г", "қ": "ғ", "п": "б"}.get(stem[-1])    # одақ -> одағы
    if voiced:
        stem = stem[:-1] + voiced
    return stem + ("ы" if back else "і")


def kk_nominative(text: str) -> str:
    """The name with the case suffix of its last word removed (a closing quote may follow it)."""
    m = re.search(r"([\w-]+)([»”\"]*)\s*$", text)
    if not m:
        return text
    word = m.group(1)
    return text[: m.start(1)] + kk_singular(kk_strip_case(word)) + m.group(2)


def ru_nominative(text: str) -> str:
    """Head noun and the adjectives before it to the nominative; quotes and complements untouched."""
    quote_at = min([text.find(c) for c in "«\"„" if c in text] or [len(text)])
    prefix, rest = text[:quote_at], text[quote_at:]
    words = list(re.finditer(r"[А-Яа-яЁёA-Za-zӘәҒғҚқҢңӨөҰұҮүҺһІі-]+", prefix))
    if not words:
        return text
    # the head: the organization's head noun, else the first noun that is not an abbreviation
    head_idx = None
    head_parse = None
    for k, m in enumerate(words):
        w = m.group(0)
        if not w.isupper() and ru_head_kind(w):
            head_idx = k
            break
    if head_idx is None:
        for k, m in enumerate(words):
            w = m.group(0)
            if not w.isupper() and any(p.tag.POS == "NOUN" and p.tag.case for p in lexicons.ru_parses(w.lower())):
                head_idx = k
                break
    if head_idx is not None:
        heads = _heads()["ru"]
        parses = [p for p in lexicons.ru_parses(words[head_idx].group(0).lower()) if p.tag.POS == "NOUN" and p.tag.case]
        head_parse = next((p for p in parses if p.normal_form in heads), parses[0] if parses else None)
        if head_parse is None:
            head_idx = None
    if head_idx is None:
        return text
    out = prefix
    replacements: list[tuple[int, int, str]] = []
    # an organization is one: "партий «Байтак», «Ауыл»" names each as a партия
    nom = head_parse.inflect({"nomn", "sing"}) or head_parse.inflect({"nomn"})
    if nom is not None:
        replacements.append((words[head_idx].start(), words[head_idx].end(), _same_case(words[head_idx].group(0), nom.word)))
    case = head_parse.tag.case
    for k in range(head_idx):
        w = words[k].group(0)
        for p in lexicons.ru_parses(w.lower()):
            if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == case:
                grams = {"nomn", "sing", head_parse.tag.gender or "masc"}
                f = p.inflect(grams)
                if f is not None:
                    replacements.append((words[k].start(), words[k].end(), _same_case(w, f.word)))
                break
    for a, b, new in sorted(replacements, reverse=True):
        out = out[:a] + new + out[b:]
    return out + rest


def _same_case(original: str, new: str) -> str:
    if original.isupper():
        return new.upper()
    parts_o = original.split("-")
    parts_n = new.split("-")
    if len(parts_o) == len(parts_n):
        return "-".join(n[:1].upper() + n[1:] if o[:1].isupper() else n for o, n in zip(parts_o, parts_n))
    return new[:1].upper() + new[1:] if original[:1].isupper() else new
