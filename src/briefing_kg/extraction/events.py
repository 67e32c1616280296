"""Events from their trigger words, with the date the text fixes for them.

A trigger is a head word of an event type (брифинг, круглый стол, встреча,
выборы, кездесу, сайлау, мәлімдеме...). Inside an organization's name or a
quotation a trigger is not an event (``«За честные выборы»``); ``сайлау``
used as a modifier (``сайлау заңнамасы``, electoral law) is not one either.
Dates in a trigger's sentence go to the nearest trigger, one date per trigger
(``выборы ... пройдут 19 марта ...: такое решение ... объявил 19 января``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from . import lexicons
from .text import Doc, Token, kk_stems

_KK_ELECTION_MODIFIES = ("заңнама", "заң", "процес", "кезең", "комиссия", "учаске", "науқан", "бюллетен", "жүйе",
                         "құқ", "бостанды", "нәтиже", "округ", "кампания", "қорытынды", "заңдылы", "алдындағы",
                         "тәртіб")
_KK_ELECTION_BEFORE = ("президент", "президенттік", "тыс", "парламенттік", "мәжіліс", "мәслихат", "депутаттар",
                       "бұрын", "жергілікті", "алдағы", "өткен")
_RU_ELECTION_FORMS = {"выборы", "выборов", "выборам", "выборами", "выборах"}
_VERBAL_STATEMENT = {"объявить", "заявить", "мәлімдеді"}
_TOOK_PLACE = {"kk": ("өтті", "өтеді", "өткізілді", "өткізіледі", "ұйымдастырылды", "басталды", "басталады"),
               "ru": ("прошел", "прошёл", "прошла", "прошло", "прошли", "состоял", "пройд", "состоит", "начал",
                      "открыл")}


@dataclass
class Trigger:
    lang: str
    start: int
    end: int
    text: str
    type: str
    subtype: str | None
    sentence: int
    verbal: bool = False
    date_index: int | None = None      # index into the document's dates: a date that fixes the day
    partial_index: int | None = None   # a year or month only ("в 2021 году"): tells events apart, dates none
    evidence: list[str] = field(default_factory=list)


@functools.cache
def _table() -> dict[str, list[tuple[tuple[str, ...], str, str | None]]]:
    """lang -> [(words, type, subtype)], longest first."""
    out: dict[str, list] = {"kk": [], "ru": []}
    for key, forms in lexicons.words()["events"].items():
        type_, _, subtype = key.partition("/")
        for lang in ("kk", "ru"):
            for phrase in forms.get(lang, []) or []:
                out[lang].append((tuple(phrase.lower().split()), type_, subtype or None))
    for lang in out:
        out[lang].sort(key=lambda r: -len(r[0]))
    return out


def _word_is(token: Token, word: str, lang: str, last: bool) -> bool:
    low = token.text.lower()
    if lang == "ru":
        return word in lexicons.ru_lemmas(low) or low == word
    if not last:
        return low == word
    return low == word or any(stem == word for stem, _ in kk_stems(low)) or \
        (len(word) >= 5 and low.startswith(word) and len(low) - len(word) <= 6)


def find_triggers(doc: Doc, blocked: list[tuple[int, int]]) -> list[Trigger]:
    lang = doc.lang
    tokens = doc.tokens
    out: list[Trigger] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if any(a <= t.start < b for a, b in blocked):
            i += 1
            continue
        hit = None
        for words, type_, subtype in _table()[lang]:
            n = len(words)
            if i + n > len(tokens) or tokens[i + n - 1].sentence != t.sentence:
                continue
            if all(_word_is(tokens[i + k], w, lang, k == n - 1) for k, w in enumerate(words)):
                hit = (n, type_, subtype, words)
                break
        if hit is None:
            i += 1
            continue
        n, type_, subtype, words = hit
        last = i + n - 1
        if type_ == "election" and not _election_ok(doc, i, lang):
            i += 1
            continue
        verbal = (lang == "ru" and bool(lexicons.ru_lemmas(tokens[i].text.lower()) & _VERBAL_STATEMENT)) or \
            tokens[i].text.lower() in _VERBAL_STATEMENT
        start, end = tokens[i].start, tokens[last].end
        if "-" in tokens[last].text:
            head, _, tail = tokens[last].text.partition("-")
            if len(tail) >= 4 and tail.islower():
                end = tokens[last].start + len(head)     # "сайлау-еліміздің": a missing space, not a suffix
        if subtype == "statement" and lang == "kk" and not verbal and last + 1 < len(tokens) \
                and tokens[last + 1].text.lower().startswith(("жаса", "жариял")):
            end = tokens[last + 1].end          # "мәлімдеме жасады": the statement with its verb
        start = _expand_left(doc, i, type_, lang)
        if type_ == "election":
            end = _expand_right(doc, last, lang)
        out.append(Trigger(lang, start, end, doc.text[start:end], type_, subtype, t.sentence, verbal,
                           evidence=[f"trigger «{' '.join(words)}» ({type_}{'/' + subtype if subtype else ''})"]))
        i = last + 1
    return out


def _election_ok(doc: Doc, i: int, lang: str) -> bool:
    tokens = doc.tokens
    low = tokens[i].text.lower()
    if lang == "ru":
        return low in _RU_ELECTION_FORMS
    if "сайлау" not in {s for s, _ in kk_stems(low)}:
        return False
    suffix = next(suf for s, suf in kk_stems(low) if s == "сайлау")
    nxt = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].sentence == tokens[i].sentence else None
    if not suffix:
        # bare "сайлау" is a modifier unless a word before makes it the event itself
        if nxt is not None and nxt.text.lower().startswith(_KK_ELECTION_MODIFIES):
            return False
        prev = tokens[i - 1].text.lower() if i > 0 and tokens[i - 1].sentence == tokens[i].sentence else ""
        if not prev.startswith(_KK_ELECTION_BEFORE) and nxt is not None and nxt.text.isalpha():
            return False
    return True


def _expand_left(doc: Doc, i: int, type_: str, lang: str) -> int:
    """Take in the words that say which event: внеочередные, кезектен тыс Президент."""
    tokens = doc.tokens
    start = tokens[i].start
    if type_ != "election":
        return start
    j = i - 1
    steps = 0
    while j >= 0 and tokens[j].sentence == tokens[i].sentence and steps < 3:
        low = tokens[j].text.lower()
        if lang == "ru":
            if any(p.tag.POS == "ADJF" for p in lexicons.ru_parses(low)) and low not in ("эти", "этих", "такие", "все"):
                start = tokens[j].start
            else:
                break
        else:
            if low in ("кезектен", "тыс", "президент", "президенттік", "мерзімінен", "бұрын", "парламенттік",
                       "мәжіліс", "жергілікті"):
                start = tokens[j].start
            else:
                break
        j -= 1
        steps += 1
    return start


def _expand_right(doc: Doc, last: int, lang: str) -> int:
    """``выборы Президента Республики Казахстан``, ``выборы депутатов Мажилиса Парламента и маслихатов``."""
    tokens = doc.tokens
    end = tokens[last].end
    if lang != "ru":
        return end
    k = last + 1
    steps = 0
    while k < len(tokens) and tokens[k].sentence == tokens[last].sentence and steps < 7:
        w = tokens[k].text
        low = w.lower()
        if low in ("в", "и") and k + 1 < len(tokens) and tokens[k + 1].text[:1].isalpha():
            k += 1
            steps += 1
            continue
        parses = lexicons.ru_parses(low)
        if w.isalpha() and parses and any(p.tag.POS == "NOUN" for p in parses) and \
                (any(p.tag.case in ("gent", "accs", "nomn") for p in parses)) and \
                (w[0].isupper() or low.startswith(("депутат", "маслихат", "президент", "парламент", "сенат", "мажилис"))):
            end = tokens[k].end
            k += 1
            steps += 1
            continue
        if w == "РК":
            end = tokens[k].end
            k += 1
            continue
        break
    return end


def assign_dates(triggers: list[Trigger], dates: list, doc: Doc) -> None:
    """Each day-precise date goes to the nearest trigger of its sentence; one date per trigger."""
    pairs = []
    for di, d in enumerate(dates):
        if d.day is None and d.relative is None:
            continue
        before = doc.text[max(0, d.start - 4):d.start].lower()
        after = doc.text[d.end:d.end + 4]
        if before.endswith(("от ", "от\u00a0")) or after.lstrip().startswith("№"):
            continue             # "закон от 5 ноября 2022 года", "2022 жылғы 5 қарашадағы № 12": an act's date
        sent = doc.sentence_of(d.start)
        for ti, t in enumerate(triggers):
            if doc.sentences[t.sentence].id != sent.id:
                continue
            gap = t.start - d.end if t.start >= d.end else d.start - t.end
            if t.subtype == "lawsuit" and any(o.subtype == "court_decision" and o.sentence == t.sentence
                                              for o in triggers):
                gap += len(doc.text)     # "по иску ... вынес решение": the day is the decision's
            pairs.append((max(gap, 0), di, ti))
    used_d: set[int] = set()
    used_t: set[int] = set()
    for gap, di, ti in sorted(pairs):
        if di in used_d or ti in used_t:
            continue
        triggers[ti].date_index = di
        used_d.add(di)
        used_t.add(ti)
    # a day in a sentence that only says "it took place" belongs to the event the title names
    for di, d in enumerate(dates):
        if di in used_d or (d.day is None and d.relative is None) or not triggers:
            continue
        sent = doc.sentence_of(d.start)
        if any(doc.sentences[t.sentence].id == sent.id for t in triggers):
            continue
        if not any(tok.text.lower().startswith(_TOOK_PLACE[doc.lang]) for tok in sent.tokens):
            continue
        title = [t for t in triggers if t.sentence == 0 and t.type != "election" and t.date_index is None]
        if title:
            title[0].date_index = di
            title[0].evidence.append(f"date «{d.text}» of a sentence that says the event took place")
            used_d.add(di)
    for t in triggers:
        if t.date_index is not None:
            continue
        near = [(abs(d.start - t.start), di) for di, d in enumerate(dates)
                if d.day is None and d.year and doc.sentence_of(d.start).id == doc.sentences[t.sentence].id]
        if near:
            t.partial_index = min(near)[1]
