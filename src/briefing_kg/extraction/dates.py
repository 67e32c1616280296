"""Dates: absolute (``19.03.2023``, ``20 ноября 2022 года``, ``2023 жылғы 19 наурызға``) and
relative to the publication date (``18 ноября т.г.``, ``ағымдағы жылдың 18 қарашасында``,
``биылғы 20 қарашаға``, ``9 июня``, ``сегодня``).

A date without a year takes the year the text speaks of: the publication
date's, or, when the publication date is unknown, the year the text itself
gives most often in full dates (then the date is marked as resolved through
the text, and a lower confidence says so). A month or a year alone is kept
as a partial date: it fixes no day, so it never becomes an event's date.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass

from . import lexicons
from .text import Doc

_KK_LETTERS = "а-яәғқңөұүһіё"


@dataclass
class RawDate:
    lang: str
    start: int
    end: int
    text: str
    day: int | None
    month: int | None
    year: int | None
    relative: str | None        # "current" | "previous" | "next" | "day:<offset>" | "nearest" (day and month only)
    rule: str


@functools.cache
def _months() -> dict[str, list[str]]:
    return lexicons.words()["months"]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    rel = lexicons.words()["relative_year"]
    cur, prev, nxt = rel["current"][lang], rel["previous"][lang], rel["next"][lang]
    rel_alt = _alt(cur + prev + nxt)
    dotted = re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?![\d.]\d)"
                        r"(?:\s?(?:г\.|года|году|ж\.|жылы|жылғы))?")
    if lang == "ru":
        months = _alt(_months()["ru_genitive"])
        months_loc = "январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре"
        day_month = re.compile(
            rf"(?<!\d)(?P<day>[0-3]?\d)(?:-?го)?\s+(?P<month>{months})(?![а-я])"
            rf"(?:\s+(?P<year>(?:19|20)\d\d)(?:\s?(?:года|году|г\.|г\b))?)?"
            rf"(?:\s*(?P<rel>{rel_alt}))?", re.IGNORECASE)
        month_only = re.compile(rf"\b(?:в|во)\s+(?P<month>{months_loc})(?:\s+(?P<year>(?:19|20)\d\d)\s?(?:года|году|г\.)?)?"
                                rf"(?:\s*(?P<rel>{rel_alt}))?", re.IGNORECASE)
        year_only = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)\s?(?:года|году|год|г\.)(?![а-я])", re.IGNORECASE)
        return [("dotted", dotted), ("day-month", day_month), ("month", month_only), ("year", year_only)]
    months = _alt(_months()["kk"])
    day_month = re.compile(
        rf"(?:(?P<year>(?:19|20)\d\d)\s?(?:жылғы|жылдың|жылы|ж\.)\s+|(?P<rel>{rel_alt})\s+)?"
        rf"(?<!\d)(?P<day>[0-3]?\d)(?:-?(?:інші|ыншы|ші|шы))?\s+(?P<month>{months})[{_KK_LETTERS}]*"
        rf"(?:\s+(?P<year2>(?:19|20)\d\d)\s?(?:жылы|жылғы|ж\.))?", re.IGNORECASE)
    month_only = re.compile(
        rf"(?:(?P<year>(?:19|20)\d\d)\s?(?:жылғы|жылдың|жылы|ж\.)\s+|(?P<rel>{rel_alt})\s+)?"
        rf"(?P<month>{months})\s+ай[{_KK_LETTERS}]*", re.IGNORECASE)
    year_only = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)\s?(?:жылғы|жылдың|жылы|жыл|ж\.)(?![" + _KK_LETTERS + "])",
                           re.IGNORECASE)
    return [("dotted", dotted), ("day-month", day_month), ("month", month_only), ("year", year_only)]


def _relative_kind(phrase: str | None, lang: str) -> str | None:
    if not phrase:
        return None
    rel = lexicons.words()["relative_year"]
    low = phrase.lower()
    for kind in ("current", "previous", "next"):
        if any(low == w.lower() for w in rel[kind][lang]):
            return kind
    return None


def _month_number(word: str, lang: str) -> int | None:
    low = word.lower()
    if lang == "ru":
        for i, m in enumerate(_months()["ru_genitive"], start=1):
            if low == m:
                return i
        for i, m in enumerate(_months()["ru"], start=1):
            if low.startswith(m[:3]):
                return i
        return None
    for i, m in enumerate(_months()["kk"], start=1):
        if low.startswith(m):
            return i
    return None


def find_dates(doc: Doc) -> list[RawDate]:
    lang = doc.lang
    text = doc.text
    found: list[RawDate] = []
    taken: list[tuple[int, int]] = []
    for rule, pattern in _patterns(lang):
        for m in pattern.finditer(text):
            a, b = m.start(), m.end()
            if any(a < y and x < b for x, y in taken):
                continue
            groups = m.groupdict()
            day = int(groups["day"]) if groups.get("day") else None
            month = None
            if groups.get("month"):
                month = int(groups["month"]) if groups["month"].isdigit() else _month_number(groups["month"], lang)
            year = groups.get("year") or groups.get("year2")
            year = int(year) if year else None
            relative = _relative_kind(groups.get("rel"), lang)
            if day is not None and month is not None and year is None and relative is None:
                relative = "nearest"
            if day is not None and not (1 <= day <= 31):
                continue
            if month is not None and not (1 <= month <= 12):
                continue
            # the span ends at the last word of the expression (no trailing space)
            span_text = text[a:b].rstrip()
            b = a + len(span_text)
            found.append(RawDate(lang, a, b, span_text, day, month, year, relative, f"{lang}-{rule}"))
            taken.append((a, b))
    rel_day = lexicons.words()["relative_day"][lang]
    for word, offset in rel_day.items():
        for m in re.finditer(rf"(?<![{_KK_LETTERS}]){re.escape(word)}(?![{_KK_LETTERS}])", text, re.IGNORECASE):
            if any(m.start() < y and x < m.end() for x, y in taken):
                continue
            found.append(RawDate(lang, m.start(), m.end(), m.group(0), None, None, None, f"day:{offset}",
                                 f"{lang}-relative-day"))
    return sorted(found, key=lambda d: d.start)


def reference_year(raws: list[RawDate]) -> int | None:
    """The year a text speaks of when it has no publication date: its most frequent year in full dates."""
    years = Counter(r.year for r in raws if r.year and r.month)
    if not years:
        years = Counter(r.year for r in raws if r.year)
    if not years:
        return None
    top = years.most_common()
    best = max(c for _, c in top)
    return max(y for y, c in top if c == best)


def resolve(raw: RawDate, published: dt.date | None, ref_year: int | None) -> tuple[dt.date | None, int | None, bool, float]:
    """(date or None, year, resolved-relatively, confidence)."""
    anchor_year = published.year if published else ref_year
    conf_rel = 0.95 if published else 0.75
    if raw.relative and raw.relative.startswith("day:"):
        if published is None:
            return None, None, True, 0.3
        return published + dt.timedelta(days=int(raw.relative[4:])), published.year, True, 0.9
    year = raw.year
    relative = False
    confidence = 0.97
    if year is None and raw.relative in ("current", "previous", "next"):
        if anchor_year is None:
            return None, None, True, 0.3
        year = anchor_year + {"current": 0, "previous": -1, "next": 1}[raw.relative]
        relative, confidence = True, conf_rel
    elif year is None and raw.relative == "nearest":
        if published is not None and raw.day and raw.month:
            best = None
            for y in (published.year - 1, published.year, published.year + 1):
                try:
                    d = dt.date(y, raw.month, raw.day)
                except ValueError:
                    continue
                if best is None or abs((d - published).days) < abs((best - published).days):
                    best = d
            if best is None:
                return None, None, True, 0.3
            return best, best.year, True, 0.85
        if ref_year is None:
            return None, None, True, 0.3
        year, relative, confidence = ref_year, True, 0.65
    if raw.day is None or raw.month is None or year is None:
        return None, year, relative, confidence
    try:
        return dt.date(year, raw.month, raw.day), year, relative, confidence
    except ValueError:
        return None, year, relative, 0.2
