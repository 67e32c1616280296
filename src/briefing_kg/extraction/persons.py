"""People: full names in either order, with initials, in any case; then one person per name.

Candidates are runs of capitalised words (and initials) that no organization,
region or quotation covers. Each run is cut into names by the best reading of
its words (``names``); Russian texts also get natasha's PER spans, which add
weight to a reading and bring in names the rules miss. A lone family name
(``Абдрасулова``, ``Беркамалов``) or initials (``С. Акылбай``) join the person
named in full elsewhere in the text.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from itertools import product

from . import lexicons, names
from .names import Reading
from .text import Doc, Token, fold_key, is_capitalized, kk_stems


@dataclass
class NameHit:
    start: int
    end: int
    text: str
    lang: str
    given: str | None
    family: str | None
    patronymic: str | None
    initials: str | None
    gender: str | None
    score: float
    kind: str                       # "full" | "initials" | "family" | "historical"
    evidence: list[str] = field(default_factory=list)
    family_options: tuple[str, ...] = ()   # for a lone word: every family name it may be


@dataclass
class PersonCluster:
    lang: str
    given: str | None
    family: str | None
    patronymic: str | None
    gender: str | None
    hits: list[NameHit] = field(default_factory=list)
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)

    @property
    def family_key(self) -> str:
        return fold_key(self.family or "")

    @property
    def given_key(self) -> str:
        return fold_key(self.given or "")


# ------------------------------------------------------------------ word classes

_KK_NOT_NAMES = {
    "президент", "парламент", "мәжіліс", "сенат", "үкімет", "конституция", "мемлекет", "республика", "елбасы",
    "штаб", "одақ", "жаңа", "әділетті", "әділ", "адал", "бұл", "осы", "оның", "олар", "сондай-ақ", "алайда",
    "атап", "айта", "қорытындылай", "өз", "сайлау", "брифинг", "кездесу", "жиын", "жиында", "қатысушылар",
    "заң", "облыс", "қала", "аудан", "университет", "министрлік", "комиссия", "прокуратура", "орталық",
    "ол", "бұл", "осы", "сол", "мен", "біз", "сіз", "олар", "оның", "оған", "онда", "ал", "бірақ", "және",
}
_RU_NOT_NAMES = {"президент", "парламент", "мажилис", "сенат", "правительство", "республика", "глава", "штаб",
                 "союз", "конституция", "государство", "новый", "справедливый"}


@functools.cache
def _months() -> frozenset[str]:
    w = lexicons.words()["months"]
    return frozenset(fold_key(m) for m in w["kk"] + w["ru"] + w["ru_genitive"])


def _is_title(word: str, lang: str) -> bool:
    titles = lexicons.titles(lang)
    low = word.lower()
    if low in titles:
        return True
    if lang == "kk":
        return any(stem in titles for stem, _ in kk_stems(low))
    return bool(lexicons.ru_lemmas(low) & titles)


def _common_word(word: str, lang: str) -> bool:
    """A word written with a capital that is not a name (sentence starts, institutions)."""
    low = word.lower()
    key = fold_key(word)
    if key in _months() or any(fold_key(s) in _months() for s, _ in kk_stems(low)):
        return True
    if lang == "kk":
        if low in _KK_NOT_NAMES or any(s in _KK_NOT_NAMES for s, _ in kk_stems(low)):
            return True
        return False
    if lexicons.ru_lemmas(low) & _RU_NOT_NAMES:
        return True
    if names.given_gender(word):
        return False
    if lexicons.ru_known(low):
        parses = lexicons.ru_parses(low)
        if not any(("Name" in p.tag or "Surn" in p.tag or "Patr" in p.tag) for p in parses):
            return True
    return False


@dataclass
class _Item:
    tokens: list[Token]
    kind: str           # "word" | "initial"
    text: str           # the word, or the letter(s) of the initial

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def _runs(doc: Doc, blocked: list[tuple[int, int]]) -> list[list[_Item]]:
    def is_blocked(t: Token) -> bool:
        return any(a <= t.start < b or a < t.end <= b for a, b in blocked)

    runs: list[list[_Item]] = []
    for sentence in doc.sentences:
        toks = sentence.tokens
        run: list[_Item] = []
        k = 0
        while k < len(toks):
            t = toks[k]
            text = t.text
            if is_blocked(t):
                if run:
                    runs.append(run)
                run = []
                k += 1
                continue
            # an initial: one capital letter and a dot ("С.", "Л.Н." comes as Л . Н .)
            if len(text) == 1 and text.isupper() and text.isalpha() and k + 1 < len(toks) and toks[k + 1].text == "." \
                    and k + 2 < len(toks) and (is_capitalized(toks[k + 2].text) or
                                               (len(toks[k + 2].text) == 1 and toks[k + 2].text.isupper())):
                run.append(_Item([t, toks[k + 1]], "initial", text))
                k += 2
                continue
            if is_capitalized(text) and all(ch.isalpha() or ch == "-" for ch in text) \
                    and any("\u0400" <= ch <= "\u04ff" for ch in text) \
                    and (not _is_title(text, doc.lang) or _title_as_given_name(toks, k)):
                run.append(_Item([t], "word", text))
                k += 1
                continue
            if run:
                runs.append(run)
            run = []
            k += 1
        if run:
            runs.append(run)
    return runs


def _title_as_given_name(toks: list[Token], k: int) -> bool:
    """A title that is also a given name (ғалым "scholar" / Ғалым) is the name when it is written with a
    capital inside a sentence, or before another capitalised word: ``төрағасы Ғалым Жолдыбай``."""
    word = toks[k].text
    if not names.given_gender(word):
        return False
    if k > 0:
        return True
    return k + 1 < len(toks) and is_capitalized(toks[k + 1].text)


# ------------------------------------------------------------------ reading a window


def _readings(item: _Item, lang: str, last: bool) -> dict[str, tuple[Reading, ...]]:
    w = item.text
    if lang == "ru":
        return {"given": names.ru_given(w), "family": names.ru_family(w), "patronymic": names.ru_patronymic(w)}
    return {"given": names.kk_given(w, last), "family": names.kk_family(w, last), "patronymic": names.kk_patronymic(w)}


def _agree(readings: list[Reading]) -> tuple[bool, frozenset[str]]:
    genders = {r.gender for r in readings if r.gender}
    if len(genders) > 1:
        return False, frozenset()
    cases = frozenset(names.ALL)
    for r in readings:
        cases &= r.cases
    return bool(cases), cases


_PATTERNS = {
    2: [("given", "family"), ("family", "given")],
    3: [("given", "patronymic", "family"), ("family", "given", "patronymic")],
}


def _read_window(items: list[_Item], lang: str, doc: Doc, vouched: bool = False) -> NameHit | None:
    n = len(items)
    if any(it.kind == "initial" for it in items):
        return _read_initials(items, lang, doc)
    best: tuple[float, tuple[Reading, ...], tuple[str, ...]] | None = None
    for pattern in _PATTERNS.get(n, []):
        options = []
        for k, (item, role) in enumerate(zip(items, pattern)):
            rs = _readings(item, lang, last=(k == n - 1))[role]
            if not rs:
                break
            options.append(rs)
        else:
            for combo in product(*options):
                if lang == "kk" and any(r.suffix for r in combo[:-1]):
                    continue
                # a capital at the start of a sentence is no evidence that an unknown word is a name,
                # unless the word beside it is plainly a family name (Ертарғын Жақсылықов сөйледі)
                strong_family = any(r.role == "family" and r.score >= 1.4 for r in combo)
                if any(r.score < 0.5 and it.tokens[0].index == doc.sentences[it.tokens[0].sentence].tokens[0].index
                       and not strong_family for r, it in zip(combo, items)):
                    continue
                ok, cases = _agree(list(combo))
                if not ok:
                    continue
                score = sum(r.score for r in combo)
                if strong_family:
                    score += 0.3     # two capitalised words, one with a family-name ending
                if "nomn" in cases:
                    score += 0.05
                if pattern[0] == "given":
                    score += 0.02
                if best is None or score > best[0]:
                    best = (score, combo, pattern)
    if best is None:
        return None
    score, combo, pattern = best
    by_role = {r.role: r for r in combo}
    # at least one word must really look like a name of its role
    if max(r.score for r in combo) < 1.4 and not vouched:
        return None
    start, end = items[0].start, items[-1].end
    g = next((r.gender for r in combo if r.gender), None)
    return NameHit(start, end, doc.text[start:end], lang, by_role["given"].lemma, by_role["family"].lemma,
                   by_role["patronymic"].lemma if "patronymic" in by_role else None, None, g, score, "full",
                   [f"{r.role}: {r.lemma} ({r.rule}{', suffix -' + r.suffix if r.suffix else ''})" for r in combo])


def _read_initials(items: list[_Item], lang: str, doc: Doc) -> NameHit | None:
    """``С. Акылбай``, ``Л.Н. Гумилёв``, ``Акылбай С.``."""
    words = [it for it in items if it.kind == "word"]
    inits = [it for it in items if it.kind == "initial"]
    if len(words) != 1 or not inits:
        return None
    if not (items[-1].kind == "word" or items[0].kind == "word"):
        return None
    word = words[0]
    last = items[-1] is word
    readings = names.ru_family(word.text) if lang == "ru" else names.kk_family(word.text, last)
    family = max(readings, key=lambda r: r.score, default=None)
    # two initials (А.Б. Сейтқали) say "a person" by themselves: a family name of no known shape will do
    several = len(inits) >= 2
    if family is None or family.score < (0.2 if several else 0.3):
        return None
    # one initial before a given name may be "Б. Ерлан" written loosely; two are a given name and a
    # patronymic, so the word is the family name even when it is also a given name (Жумагали)
    if names.given_gender(word.text) and family.score < 1.0 and not several:
        return None
    start, end = items[0].start, items[-1].end
    initials = ".".join(i.text for i in inits) + "."
    return NameHit(start, end, doc.text[start:end], lang, None, family.lemma, None, initials, family.gender,
                   1.0 + family.score + (0.8 if several else 0.0), "initials",
                   [f"initials {initials} + family name {family.lemma} ({family.rule})"])


def _segment_run(run: list[_Item], lang: str, doc: Doc, ner: list[tuple[int, int]]) -> list[NameHit]:
    """Best cut of a run into names (windows of 2-3 items), by dynamic programming."""
    n = len(run)
    best: list[tuple[float, list[NameHit]]] = [(0.0, [])] * (n + 1)
    for i in range(n - 1, -1, -1):
        cand = (best[i + 1][0], best[i + 1][1])
        for size in (2, 3, 4):
            if i + size > n:
                continue
            window = run[i:i + size]
            if size == 4 and sum(1 for it in window if it.kind == "initial") < 2:
                continue
            # natasha found exactly these words as a person: weak readings may stand
            vouched = any(a == window[0].start and b == window[-1].end for a, b in ner)
            hit = _read_window(window, lang, doc, vouched)
            if hit is None:
                continue
            bonus = _context_bonus(doc, window, lang, ner)
            hit.score += bonus
            if bonus:
                hit.evidence.append(f"context +{bonus:.1f}")
            if hit.score < 2.0:
                continue
            total = hit.score + best[i + size][0]
            if total > cand[0]:
                cand = (total, [hit] + best[i + size][1])
        best[i] = cand
    return best[0][1]


def _context_bonus(doc: Doc, window: list[_Item], lang: str, ner: list[tuple[int, int]]) -> float:
    bonus = 0.0
    start, end = window[0].start, window[-1].end
    if any(a == start and end == b for a, b in ner):
        bonus += 1.2
    elif any(a <= start and end <= b for a, b in ner) or any(start <= a and b <= end and b - a > 3 for a, b in ner):
        bonus += 1.0
    first = window[0].tokens[0]
    sentence = doc.sentences[first.sentence]
    prev = [t for t in sentence.tokens if t.end <= first.start]
    if prev:
        p = prev[-1].text
        if _is_title(p, lang) or p in (",", "—", "–") and len(prev) > 1 and _is_title(prev[-2].text, lang):
            bonus += 0.5
    elif any(_common_word(it.text, lang) for it in window[:1]):
        bonus -= 0.5
    if any(_common_word(it.text, lang) for it in window if it.kind == "word"):
        bonus -= 1.0
    return bonus


# ------------------------------------------------------------------ natasha (Russian)


@functools.cache
def _natasha():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    return Segmenter(), NewsNERTagger(emb)


def natasha_spans(text: str) -> list[tuple[str, int, int]]:
    """(type, start, stop) of natasha's NER spans over a Russian text."""
    from natasha import Doc as NDoc

    segmenter, tagger = _natasha()
    d = NDoc(text)
    d.segment(segmenter)
    d.tag_ner(tagger)
    return [(s.type, s.start, s.stop) for s in d.spans]


def warm_up() -> None:
    """Load the models (natasha, pymorphy3) once, before the first text."""
    _natasha()
    lexicons.morph()
    lexicons.given_names()


# ------------------------------------------------------------------ the recogniser


def find_persons(doc: Doc, blocked: list[tuple[int, int]]) -> list[PersonCluster]:
    lang = doc.lang
    ner = [(a, b) for t, a, b in natasha_spans(doc.text) if t == "PER"] if lang == "ru" else []
    runs = _runs(doc, blocked)
    full: list[NameHit] = []
    singles: list[_Item] = []
    for run in runs:
        hits = _segment_run(run, lang, doc, ner)
        covered = [(h.start, h.end) for h in hits]
        full.extend(hits)
        for it in run:
            if it.kind == "word" and not any(a <= it.start < b for a, b in covered):
                singles.append(it)
    clusters = _cluster(full, lang)
    _attach_singles(doc, clusters, singles, lang, ner)
    for c in clusters:
        c.hits.sort(key=lambda h: h.start)
        best = max(h.score for h in c.hits)
        c.confidence = round(min(0.99, 0.45 + 0.12 * best + 0.03 * (len(c.hits) - 1)), 3)
    return [c for c in clusters if c.hits]


def _cluster(hits: list[NameHit], lang: str) -> list[PersonCluster]:
    clusters: list[PersonCluster] = []
    # full names first, then initials join them
    for h in sorted(hits, key=lambda h: (h.kind != "full", h.start)):
        target = None
        for c in clusters:
            if fold_key(h.family or "") != c.family_key:
                continue
            if h.kind == "full" and fold_key(h.given or "") == c.given_key:
                target = c
                break
            if h.kind == "initials" and c.given and fold_key(c.given).startswith(fold_key(h.initials[0])):
                target = c
                break
        if target is None:
            target = PersonCluster(lang, h.given, h.family, h.patronymic, h.gender)
            if h.kind == "initials":
                target.evidence.append(f"known only by initials {h.initials}")
            clusters.append(target)
        target.hits.append(h)
        for e in h.evidence:
            if e not in target.evidence:
                target.evidence.append(e)
        if not target.patronymic and h.patronymic:
            target.patronymic = h.patronymic
        if not target.gender and h.gender:
            target.gender = h.gender
    return clusters


def _attach_singles(doc: Doc, clusters: list[PersonCluster], singles: list[_Item], lang: str,
                    ner: list[tuple[int, int]]) -> None:
    """A lone family name joins the one person of that family name (the nearest, if several)."""
    historical = lexicons.historical_persons()
    for it in singles:
        word = it.text
        if lang == "ru":
            options = {fold_key(r.lemma) for r in names.ru_family(word)} | {fold_key(word)}
        else:
            options = {fold_key(s) for s, suf in kk_stems(word) if not suf.startswith("-")}
        matches = [c for c in clusters if c.family and c.family_key in options]
        if matches:
            target = min(matches, key=lambda c: min(abs(h.start - it.start) for h in c.hits))
            hit = NameHit(it.start, it.end, doc.text[it.start:it.end], lang, None, target.family, None, None,
                          target.gender, 1.5, "family",
                          [f"family name alone, same as {target.given or ''} {target.family}".replace("  ", " ")])
            target.hits.append(hit)
            target.evidence.append(f"lone family name «{hit.text}» joined")
            continue
        key = fold_key(word)
        stems = {fold_key(s) for s, _ in kk_stems(word)} if lang == "kk" else {key}
        hist = next((historical[k] for k in stems if k in historical), None)
        if hist and not _common_word(word, lang) is True:
            kk_name, ru_name = hist
            name = kk_name if lang == "kk" else ru_name
            hit = NameHit(it.start, it.end, doc.text[it.start:it.end], lang, name, None, None, None, "m", 2.0,
                          "historical", [f"a person known by one name ({name})"])
            c = next((c for c in clusters if c.given_key == fold_key(name) and not c.family), None)
            if c is None:
                c = PersonCluster(lang, name, None, None, "m")
                clusters.append(c)
            c.hits.append(hit)
            c.evidence.append(f"historical person «{name}» (lexicon)")
            continue
        # a post or title right before a plain family name: "профессор Сарсембаев", "төрағасы Омаров"
        prev = [t for t in doc.sentences[it.tokens[0].sentence].tokens if t.end <= it.start]
        shaped = (names.ru_family(word) if lang == "ru" else names.kk_family(word, True))
        if lang == "ru" and prev:
            # the title's case tells "профессора Сарсембаева" (his) from "председатель Омарова" (she)
            title_cases = {str(p.tag.case) for p in lexicons.ru_parses(prev[-1].text.lower()) if p.tag.case}
            agreeing = [r for r in shaped if r.cases & title_cases]
            shaped = tuple(agreeing) or shaped
        best_family = max(shaped, key=lambda r: (r.score, r.gender == "m"), default=None)
        if prev and _is_title(prev[-1].text, lang) and best_family is not None and best_family.score >= 1.4 \
                and not names.given_gender(word):
            hit = NameHit(it.start, it.end, doc.text[it.start:it.end], lang, None, best_family.lemma, None, None,
                          best_family.gender, 1.8, "family",
                          [f"title «{prev[-1].text}» + family name {best_family.lemma} ({best_family.rule})"])
            c = next((c for c in clusters if c.family_key == fold_key(best_family.lemma)), None)
            if c is None:
                c = PersonCluster(lang, None, best_family.lemma, None, best_family.gender)
                clusters.append(c)
            c.hits.append(hit)
            c.evidence.append(f"known by the family name only, after «{prev[-1].text}»")
            continue
        # natasha is sure of a one-word person the rules cannot place: a family name alone
        if lang == "ru" and any(a <= it.start and it.end <= b for a, b in ner) and names.family_shape(word) >= 1.5:
            r = max(names.ru_family(word), key=lambda r: r.score)
            hit = NameHit(it.start, it.end, doc.text[it.start:it.end], lang, None, r.lemma, None, None, r.gender,
                          1.6, "family", [f"natasha PER, family name {r.lemma} ({r.rule})"])
            c = next((c for c in clusters if c.family_key == fold_key(r.lemma)), None)
            if c is None:
                c = PersonCluster(lang, None, r.lemma, None, r.gender)
                clusters.append(c)
            c.hits.append(hit)
