"""Readings of one word as a given name, a family name or a patronymic, in either language.

Russian: pymorphy3 knows many given names and some surnames; for the Kazakh
names it does not know (``Аубакировой``, ``Сериком``, ``Акылбая``) suffix
rules of Russian name declension give every (nominative, gender, case)
reading, and a pair of words is read consistently (same gender and case:
``Индиру Аубакирову`` -> Индира Аубакирова, accusative, feminine).
Kazakh: names take case suffixes on the last word only (``Серік
Ақылбайдың``); the stem is kept when it is a known given name or has a
family-name ending.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from . import lexicons
from .text import fold_key, kk_stems

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
ALL = frozenset(CASES)

# family-name endings, strongest first (lower case, both alphabets)
FAMILY_STRONG = ("ова", "ева", "ёва", "ина", "ына", "ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ская", "цкая",
                 "ұлы", "улы", "қызы", "кызы", "енко", "ович", "евич")
FAMILY_MEDIUM = ("бай", "бек", "баев", "хан", "ук", "юк", "ич", "дзе", "швили", "ян")
PATRONYMIC = ("ович", "евич", "ьич", "овна", "евна", "ична", "инична")
KK_PATRONYMIC = ("ұлы", "улы", "қызы", "кызы")


@dataclass(frozen=True)
class Reading:
    role: str            # "given" | "family" | "patronymic"
    lemma: str           # the nominative, spelled as the text spells the word
    gender: str | None   # "m" | "f" | None (either)
    cases: frozenset[str]
    score: float         # how strongly the word is this kind of name
    rule: str
    suffix: str = ""     # Kazakh: the suffix stripped from the word


def _title(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def _as_written(lemma: str, word: str) -> str:
    """pymorphy writes ё (Пётр); a text that does not (Петру) gets its name without it."""
    return lemma if "ё" in word.lower() else lemma.replace("ё", "е").replace("Ё", "Е")


def given_gender(word: str) -> str | None:
    """"m", "f", "mf" for a known given name (any alphabet), else None."""
    key = fold_key(word)
    g = lexicons.given_names().get(key)
    if g:
        return g
    if "-" in word:                                    # Қасым-Жомарт
        parts = [lexicons.given_names().get(fold_key(p)) for p in word.split("-")]
        if all(parts):
            return parts[0]
    return None


def family_shape(word: str) -> float:
    low = word.lower()
    if len(low) < 4:
        return 0.0
    if low.endswith(FAMILY_STRONG):
        return 1.5
    if low.endswith(FAMILY_MEDIUM):
        return 0.7
    return 0.0


# ------------------------------------------------------------------ Russian

# (ending of the form, ending of the nominative, gender, cases) for given names
_RU_GIVEN_RULES = [
    ("ом", "", "m", {"ablt"}), ("ем", "й", "m", {"ablt"}), ("ем", "ь", "m", {"ablt"}),
    ("а", "", "m", {"gent", "accs"}), ("у", "", "m", {"datv"}), ("е", "", "m", {"loct"}),
    ("я", "й", "m", {"gent", "accs"}), ("ю", "й", "m", {"datv"}), ("е", "й", "m", {"loct"}),
    ("я", "ь", "m", {"gent", "accs"}), ("ю", "ь", "m", {"datv"}), ("е", "ь", "m", {"loct"}),
    ("ы", "а", "f", {"gent"}), ("и", "а", "f", {"gent"}), ("е", "а", "f", {"datv", "loct"}),
    ("у", "а", "f", {"accs"}), ("ой", "а", "f", {"ablt"}), ("ей", "а", "f", {"ablt"}),
    ("ии", "ия", "f", {"gent", "datv", "loct"}), ("ию", "ия", "f", {"accs"}), ("ией", "ия", "f", {"ablt"}),
    ("и", "я", "f", {"gent", "datv", "loct"}), ("ю", "я", "f", {"accs"}), ("ей", "я", "f", {"ablt"}),
]

# family names: (ending of the form, ending of the nominative, gender, cases, stem must end with)
_RU_FAMILY_RULES = [
    ("ым", "", "m", {"ablt"}, ("ов", "ев", "ёв", "ин", "ын")),
    ("а", "", "m", {"gent", "accs"}, ("ов", "ев", "ёв", "ин", "ын")),
    ("у", "", "m", {"datv"}, ("ов", "ев", "ёв", "ин", "ын")),
    ("е", "", "m", {"loct"}, ("ов", "ев", "ёв", "ин", "ын")),
    ("ой", "а", "f", {"gent", "datv", "ablt", "loct"}, ("ов", "ев", "ёв", "ин", "ын")),
    ("у", "а", "f", {"accs"}, ("ов", "ев", "ёв", "ин", "ын")),
    ("ого", "ий", "m", {"gent", "accs"}, ("ск", "цк")), ("ому", "ий", "m", {"datv"}, ("ск", "цк")),
    ("им", "ий", "m", {"ablt"}, ("ск", "цк")), ("ом", "ий", "m", {"loct"}, ("ск", "цк")),
    ("ой", "ая", "f", {"gent", "datv", "ablt", "loct"}, ("ск", "цк")), ("ую", "ая", "f", {"accs"}, ("ск", "цк")),
    # consonant-final names decline like nouns for men (Акылбай -> Акылбая, Шевчук -> Шевчука)
    ("я", "й", "m", {"gent", "accs"}, ("а", "е", "о", "у", "ы", "и", "ә", "ө", "ұ", "ү", "і")),
    ("ю", "й", "m", {"datv"}, ("а", "е", "о", "у", "ы", "и", "ә", "ө", "ұ", "ү", "і")),
    ("ем", "й", "m", {"ablt"}, ("а", "е", "о", "у", "ы", "и", "ә", "ө", "ұ", "ү", "і")),
    ("е", "й", "m", {"loct"}, ("а", "е", "о", "у", "ы", "и", "ә", "ө", "ұ", "ү", "і")),
    ("а", "", "m", {"gent", "accs"}, None), ("у", "", "m", {"datv"}, None),
    ("ом", "", "m", {"ablt"}, None), ("е", "", "m", {"loct"}, None),
]

_VOWELS = set("аеёиоуыэюяәөұүі")


@functools.lru_cache(maxsize=20_000)
def ru_given(word: str) -> tuple[Reading, ...]:
    out: list[Reading] = []
    low = word.lower()
    # the dictionary's own names
    if lexicons.ru_known(low):
        for p in lexicons.ru_parses(low):
            if "Name" in p.tag and p.tag.case:
                g = {"masc": "m", "femn": "f"}.get(str(p.tag.gender))
                # a name of the shipped lexicon outranks a rare homograph (Анне: Анна, not the name Анне)
                bonus = 0.1 if given_gender(p.normal_form) else 0.0
                out.append(Reading("given", _as_written(_title(p.normal_form), word), g,
                                   frozenset({str(p.tag.case)}), 2.0 + bonus, "ru-dict-name"))
    # the lexicon of Kazakh and Russian names, through the declension rules
    gender = given_gender(word)
    if gender:
        cases = {"nomn"}
        if gender in ("f", "mf") and low[-1:] not in ("а", "я"):
            cases = set(ALL)                     # Жанар, Айгүл: feminine, consonant-final, indeclinable
        out.append(Reading("given", _title(word), gender if gender != "mf" else None, frozenset(cases), 2.0, "lexicon"))
    for ending, nom_ending, g, cases in _RU_GIVEN_RULES:
        if not low.endswith(ending) or len(low) - len(ending) < 2:
            continue
        stem = word[: len(word) - len(ending)]
        last = stem[-1:].lower()
        if (nom_ending == "й" and last not in _VOWELS) or (nom_ending == "ь" and (last in _VOWELS or last in "йь")) \
                or (nom_ending == "" and (last in _VOWELS or last in "йь")):
            continue
        lemma = stem + nom_ending
        lg = given_gender(lemma)
        if lg and (lg == g or lg == "mf"):
            out.append(Reading("given", _title(lemma), g, frozenset(cases), 2.0, f"lexicon+declension(-{ending})"))
        elif not lg:
            # an unknown name: a weak reading, so that a strong family name can carry the pair
            if g == "m" and lemma[-1:].lower() in _VOWELS:
                continue
            out.append(Reading("given", _title(lemma), g, frozenset(cases), 0.3 if g == "m" else 0.1,
                               f"declension(-{ending})"))
    if not gender and not out:
        g = None if low[-1:] not in ("а", "я") else "f"
        out.append(Reading("given", _title(word), g, frozenset({"nomn"}) if g else ALL, 0.2, "unknown-nominative"))
    elif not gender:
        g = "f" if low[-1:] in ("а", "я") else "m"
        out.append(Reading("given", _title(word), g, frozenset({"nomn"}), 0.25 if g == "m" else 0.15, "unknown-nominative"))
    return tuple(_dedupe(out))


@functools.lru_cache(maxsize=20_000)
def ru_family(word: str) -> tuple[Reading, ...]:
    out: list[Reading] = []
    low = word.lower()
    if len(low) < 3:
        return ()
    shape = family_shape(word)
    # nominative readings
    if low.endswith(("ова", "ева", "ёва", "ина", "ына", "ская", "цкая")):
        out.append(Reading("family", _title(word), "f", frozenset({"nomn"}), 1.5, "family-ending"))
    elif low.endswith(("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")):
        out.append(Reading("family", _title(word), "m", frozenset({"nomn"}), 1.5, "family-ending"))
    elif low.endswith(("ұлы", "улы", "қызы", "кызы")) or low[-1:] in _VOWELS:
        g = "f" if low.endswith(("қызы", "кызы")) else ("m" if low.endswith(("ұлы", "улы")) else None)
        out.append(Reading("family", _title(word), g, ALL, 1.5 if g else 0.3, "indeclinable"))
    else:
        # consonant-final: a man's name in the nominative, or a woman's in any case
        out.append(Reading("family", _title(word), "m", frozenset({"nomn"}), max(shape, 0.4), "consonant-final"))
        out.append(Reading("family", _title(word), "f", ALL, max(shape, 0.4) - 0.2, "consonant-final-feminine"))
    for ending, nom_ending, g, cases, stem_end in _RU_FAMILY_RULES:
        if not low.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)]
        if len(stem) < 3:
            continue
        lemma = stem + nom_ending
        if stem_end is None:
            if lemma[-1:].lower() in _VOWELS or lemma.lower().endswith(("ов", "ев", "ин", "ын", "ск", "цк")):
                continue
            score = 0.7 if family_shape(lemma) else 0.35
        else:
            if not stem.lower().endswith(stem_end):
                continue
            score = 1.5 if nom_ending != "й" else 0.8
        out.append(Reading("family", _title(lemma), g, frozenset(cases), score, f"family-declension(-{ending})"))
    if lexicons.ru_known(low):
        for p in lexicons.ru_parses(low):
            if "Surn" in p.tag and p.tag.case and p.tag.number != "plur":
                g = {"masc": "m", "femn": "f"}.get(str(p.tag.gender))
                lemma = p.inflect({"nomn", p.tag.gender}) if p.tag.gender in ("masc", "femn") else None
                form = _as_written(_title(lemma.word) if lemma else _title(p.normal_form), word)
                out.append(Reading("family", form, g, frozenset({str(p.tag.case)}), 1.6, "ru-dict-surname"))
    return tuple(_dedupe(out))


@functools.lru_cache(maxsize=20_000)
def ru_patronymic(word: str) -> tuple[Reading, ...]:
    low = word.lower()
    out = []
    for nom in ("ович", "евич", "ьич"):
        for ending, cases in (("", {"nomn"}), ("а", {"gent", "accs"}), ("у", {"datv"}), ("ем", {"ablt"}), ("е", {"loct"})):
            if low.endswith(nom + ending):
                out.append(Reading("patronymic", _title(word[: len(word) - len(ending)] if ending else word), "m",
                                   frozenset(cases), 1.5, "patronymic"))
    for nom in ("овна", "евна", "ична", "инична"):
        stem = nom[:-1]
        for ending, cases in (("а", {"nomn"}), ("ы", {"gent"}), ("е", {"datv", "loct"}), ("у", {"accs"}), ("ой", {"ablt"})):
            if low.endswith(stem + ending):
                out.append(Reading("patronymic", _title(word[: len(word) - len(ending)] + "а"), "f",
                                   frozenset(cases), 1.5, "patronymic"))
    if low.endswith(KK_PATRONYMIC):
        g = "f" if low.endswith(("қызы", "кызы")) else "m"
        out.append(Reading("patronymic", _title(word), g, ALL, 1.0, "kk-patronymic"))
    return tuple(out)


def _dedupe(readings: list[Reading]) -> list[Reading]:
    best: dict[tuple, Reading] = {}
    for r in readings:
        key = (r.role, r.lemma, r.gender, r.cases)
        if key not in best or best[key].score < r.score:
            best[key] = r
    return list(best.values())


# ------------------------------------------------------------------ Kazakh


@functools.lru_cache(maxsize=20_000)
def kk_given(word: str, last: bool) -> tuple[Reading, ...]:
    out = []
    for stem, suffix in (kk_stems(word) if last else [(word, "")]):
        if suffix.startswith("-"):
            continue
        g = given_gender(stem)
        if g:
            out.append(Reading("given", stem, g if g != "mf" else None, ALL, 2.0 - 0.1 * bool(suffix), "lexicon", suffix))
    if not out:
        out.append(Reading("given", word, None, ALL, 0.2, "unknown"))
    return tuple(out)


@functools.lru_cache(maxsize=20_000)
def kk_family(word: str, last: bool) -> tuple[Reading, ...]:
    out = []
    for stem, suffix in (kk_stems(word) if last else [(word, "")]):
        if suffix.startswith("-") or len(stem) < 4:
            continue
        shape = family_shape(stem)
        if shape:
            low = stem.lower()
            g = "f" if low.endswith(("ова", "ева", "ёва", "ина", "ына", "ская", "қызы", "кызы")) else \
                ("m" if low.endswith(("ов", "ев", "ёв", "ин", "ын", "ский", "ұлы", "улы")) else None)
            out.append(Reading("family", stem, g, ALL, shape - 0.05 * bool(suffix), "family-ending", suffix))
    if not out:
        # a family name of no known shape: its case ending still comes off (Тайжанмен -> Тайжан)
        from .organizations import kk_strip_case

        out.append(Reading("family", kk_strip_case(word) if last else word, None, ALL, 0.2, "unknown",
                           word[len(kk_strip_case(word)):] if last else ""))
    return tuple(out)


def kk_patronymic(word: str) -> tuple[Reading, ...]:
    low = word.lower()
    if low.endswith(KK_PATRONYMIC) or low.endswith(PATRONYMIC):
        g = "f" if low.endswith(("қызы", "кызы", "овна", "евна", "ична")) else "m"
        return (Reading("patronymic", word, g, ALL, 1.2, "patronymic"),)
    return ()
