"""Counts of things, with their qualifier: ``порядка 60``, ``60-қа жуық``, ``более 80``,
``80-нен астам``, ``Около трёх тысяч``, ``примерно 3 тысячи``, ``69-ы``.

Not counts: dates and years, ages, durations, money, percentages, ordinals,
numbers inside names and quotations, and the word "one" (``один срок``,
``бір мандатты``), which counts nothing a reader would look up.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import lexicons
from .text import Doc, Token, kk_stems

_NUM = re.compile(r"^(?P<num>\d+(?:[.,]\d+)?)(?P<suffix>-[а-яәғқңөұүһіa-z]+)?$", re.IGNORECASE)


@dataclass
class QuantityHit:
    lang: str
    start: int
    end: int
    text: str
    value: int
    qualifier: str
    what: str | None
    what_lemma: str | None
    rule: str
    confidence: float


@functools.cache
def _qualifiers(lang: str) -> list[tuple[tuple[str, ...], str, str]]:
    """(words, qualifier, position) longest first; position "before" or "after" the number."""
    q = lexicons.words()["qualifiers"]
    rows = []
    if lang == "ru":
        for qual, words in q["ru_before"].items():
            rows += [(tuple(w.lower().split()), qual, "before") for w in words]
    else:
        for qual, words in q["kk_after"].items():
            rows += [(tuple(w.lower().split()), qual, "after") for w in words]
        for qual, words in q["kk_before"].items():
            rows += [(tuple(w.lower().split()), qual, "before") for w in words or []]
    rows.sort(key=lambda r: -len(r[0]))
    return rows


@functools.cache
def _homographs(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in (lexicons.words().get("numeral_homographs") or {}).get(lang, []) or [])


def _numeral_value(token: Token, lang: str) -> float | None:
    words = lexicons.words()["numerals"][lang]
    low = token.text.lower()
    if low in _homographs(lang):
        return None
    if lang == "ru":
        for lemma in lexicons.ru_lemmas(low):
            if lemma in words:
                return float(words[lemma])
        return None
    for stem, suffix in kk_stems(low):
        if stem in words and suffix in _KK_NUM_SUFFIXES:
            return float(words[stem])
    return None


# a word numeral may take a case ending (үшке, бестен) but not a possessive one (үшін is "for")
_KK_NUM_SUFFIXES = {"", "ға", "ге", "қа", "ке", "на", "не", "дан", "ден", "тан", "тен", "нан", "нен",
                    "да", "де", "та", "те"}


def _multiplier(token: Token, lang: str) -> float | None:
    mult = lexicons.words()["numerals"]["multipliers"][lang]
    low = token.text.lower().rstrip(".")
    if lang == "ru":
        for lemma in lexicons.ru_lemmas(low) | {low}:
            if lemma in mult:
                return float(mult[lemma])
        return None
    for stem, _ in kk_stems(low):
        if stem in mult:
            return float(mult[stem])
    return None


@functools.cache
def _not_counted(lang: str) -> frozenset[str]:
    return frozenset(lexicons.words()["not_counted"][lang])


# endings a count takes in Kazakh: case, possessive, collective (60-қа, 80-нен, 69-ы, 3-еуі)
_COUNT_SUFFIXES = {"ы", "і", "сы", "сі", "ға", "ге", "қа", "ке", "на", "не", "ның", "нің", "дың", "дің", "тың",
                   "тің", "нан", "нен", "дан", "ден", "тан", "тен", "да", "де", "та", "те", "нда", "нде", "мен",
                   "бен", "пен", "ын", "ін", "сын", "сін", "еу", "ау", "еуі", "ауы", "дай", "дей", "тай", "тей"}
_REFERENCE_NOUNS = {"kk": ("бап", "баб", "тармақ", "тармағ", "тарау", "нөмір"),
                    "ru": ("статья", "пункт", "часть", "глава", "номер", "подпункт")}


def _is_reference_noun(token: Token, lang: str) -> bool:
    low = token.text.lower()
    if lang == "ru":
        return bool(lexicons.ru_lemmas(low) & set(_REFERENCE_NOUNS["ru"]))
    return low.startswith(_REFERENCE_NOUNS["kk"])


def _is_not_counted(token: Token | None, lang: str) -> bool:
    if token is None:
        return False
    low = token.text.lower()
    if low in ("%", "₸", "$", "€"):
        return True
    stop = _not_counted(lang)
    if lang == "ru":
        return bool((lexicons.ru_lemmas(low) | {low}) & stop) or low.startswith(("лет", "летн"))
    return any(stem in stop for stem, _ in kk_stems(low)) or low.startswith(("жыл", "жас"))


def find_quantities(doc: Doc, exclude: list[tuple[int, int]]) -> list[QuantityHit]:
    """Every count in ``doc`` outside the ``exclude`` spans (dates, names, quotations)."""
    lang = doc.lang
    out: list[QuantityHit] = []
    tokens = doc.tokens
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if any(a <= t.start < b for a, b in exclude):
            i += 1
            continue
        m = _NUM.match(t.text)
        value: float | None = None
        first = last = i
        rule = "digits"
        if m:
            raw = m.group("num")
            if "," in raw or "." in raw:
                value = float(raw.replace(",", "."))
                rule = "decimal"
            else:
                value = float(raw)
                # "3 000": a group of three digits right after, one space apart
                while last + 1 < len(tokens) and re.fullmatch(r"\d{3}", tokens[last + 1].text) and \
                        tokens[last + 1].start == tokens[last].end + 1 and not m.group("suffix"):
                    value = value * 1000 + float(tokens[last + 1].text)
                    last += 1
        else:
            rule = "words"
            read = _words_below_thousand(tokens, i, lang)
            if read is not None:
                value, last = read
            elif _lone_thousand(tokens, i, lang):
                # "мың екі жүз", "тысячу человек", "более тысячи": the multiplier is the number
                value, rule = 1.0, "words-multiplier-alone"
                last = i - 1
        if value is None:
            i += 1
            continue
        # a multiplier: "трёх тысяч", "3 тысячи", "1,5 мың"; in words the rest may follow (две тысячи пятьсот)
        if last + 1 < len(tokens) and tokens[last + 1].sentence == t.sentence:
            mult = _multiplier(tokens[last + 1], lang)
            if mult:
                value *= mult
                last += 1
                rule += "+multiplier"
                rest = _words_below_thousand(tokens, last + 1, lang) if rule.startswith("words") else None
                if rest is not None and rest[0] < mult:
                    value += rest[0]
                    last = rest[1]
        if rule.startswith("decimal") and value != int(value):
            i = last + 1
            continue
        # what comes after decides whether this counts something
        nxt = tokens[last + 1] if last + 1 < len(tokens) and tokens[last + 1].sentence == t.sentence else None
        nxt2 = tokens[last + 2] if last + 2 < len(tokens) and tokens[last + 2].sentence == t.sentence else None
        prev = tokens[first - 1] if first > 0 and tokens[first - 1].sentence == t.sentence else None
        skip = False
        if rule.startswith("words") and value == 1 and not _qualifier_before(tokens, first, lang):
            skip = True                       # "один срок", "бір мандатты": not a count, "не менее одного" is
        if _is_not_counted(nxt, lang):
            skip = True
        if nxt is not None and nxt.text in ("%", ":") or (prev is not None and prev.text in ("№", "#")):
            skip = True
        if m and m.group("suffix") and m.group("suffix")[1:].lower() not in _COUNT_SUFFIXES:
            skip = True                       # ordinals (1-ші, 2-й, 3-го), "2-курс", "90-х"
        if value == 0:
            skip = True
        if prev is not None and (prev.text in ("№", "#") or _is_reference_noun(prev, lang)):
            skip = True                       # "статьи 28", "5-бабы", "пункт 3": a reference, not a count
        if m and 1900 <= value <= 2100 and (nxt is None or _is_not_counted(nxt, lang)):
            skip = True
        if skip:
            i = last + 1
            continue
        qualifier = "exactly"
        start_tok, end_tok = first, last
        for words, qual, position in _qualifiers(lang):
            n = len(words)
            if position == "before":
                a = first - n
                if a >= 0 and all(tokens[a + k].text.lower() == w for k, w in enumerate(words)) \
                        and tokens[a].sentence == t.sentence:
                    qualifier, start_tok = qual, a
                    break
            else:
                b = last + 1
                if b + n <= len(tokens) and all(tokens[b + k].text.lower() == w for k, w in enumerate(words)) \
                        and tokens[b].sentence == t.sentence:
                    if qual == "more_than" and not re.search(r"(нан|нен|дан|ден|тан|тен)$", tokens[last].text):
                        continue            # "аса" after a number means "over" only with an ablative
                    qualifier, end_tok = qual, b + n - 1
                    break
        what, lemma = _what(doc, end_tok + 1, lang)
        start, end = tokens[start_tok].start, tokens[end_tok].end
        conf = 0.9 if rule.startswith("digits") else 0.8
        if what is None:
            conf -= 0.15
        out.append(QuantityHit(lang, start, end, doc.text[start:end], int(value), qualifier, what, lemma,
                               rule, conf))
        i = last + 1
    return out


def _words_below_thousand(tokens: list[Token], k: int, lang: str) -> tuple[float, int] | None:
    """A number under a thousand in words at token k: (value, its last token). "двадцать пять",
    "жиырма бес"; Kazakh hundreds multiply: "екі жүз елу" = 2 × 100 + 50."""
    if k >= len(tokens):
        return None
    value = _numeral_value(tokens[k], lang)
    if value is None:
        return None
    last = k
    while last + 1 < len(tokens) and tokens[last + 1].sentence == tokens[k].sentence:
        nxt = _numeral_value(tokens[last + 1], lang)
        if nxt == 100 and lang == "kk" and value < 10:
            value *= 100
            last += 1
            continue
        if nxt is None or nxt >= value or nxt >= 1000 or value % 10 and nxt < 10:
            break
        value += nxt
        last += 1
    return value, last


def _lone_thousand(tokens: list[Token], i: int, lang: str) -> bool:
    """A multiplier with no number before it that means one thousand: Kazakh "мың" (not "мыңдаған",
    thousands), Russian "тысяча"/"тысячу", or "тысячи" after a qualifier ("более тысячи"); a bare
    "тысячи людей" is "thousands"."""
    low = tokens[i].text.lower()
    if lang == "kk":
        return any(stem == "мың" and suffix in _KK_NUM_SUFFIXES for stem, suffix in kk_stems(low))
    if low in ("тысяча", "тысячу"):
        return True
    return low in ("тысячи", "тысяч") and _qualifier_before(tokens, i, lang)


def _qualifier_before(tokens: list[Token], first: int, lang: str) -> bool:
    for words, _, position in _qualifiers(lang):
        a = first - len(words)
        if position == "before" and a >= 0 and tokens[a].sentence == tokens[first].sentence and \
                all(tokens[a + k].text.lower() == w for k, w in enumerate(words)):
            return True
    return False


def _what(doc: Doc, j: int, lang: str) -> tuple[str | None, str | None]:
    """The counted noun phrase after the number: up to three words, ending at the first noun."""
    tokens = doc.tokens
    if j >= len(tokens) or j < 1 or tokens[j].sentence != tokens[j - 1].sentence:
        return None, None
    words = []
    for k in range(j, min(j + 3, len(tokens))):
        t = tokens[k]
        if t.sentence != tokens[j].sentence or not t.text.replace("-", "").isalpha():
            break
        words.append(t)
        if lang == "ru":
            parses = lexicons.ru_parses(t.text.lower())
            if parses and parses[0].tag.POS == "NOUN":
                return doc.text[words[0].start:t.end], parses[0].normal_form
        else:
            if len(words) >= 2 or not t.text.endswith(("тық", "тік", "лық", "лік", "дық", "дік", "ғы", "гі")):
                stem = min((s for s, _ in kk_stems(t.text.lower()) if len(s) >= 3), key=len, default=t.text.lower())
                return doc.text[words[0].start:t.end], stem
    return None, None
