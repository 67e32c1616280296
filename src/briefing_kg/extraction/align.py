"""Alignment of a bilingual release: kk and ru paragraphs, then sentences inside them.

A translation keeps the order of paragraphs and mostly of sentences; it may
join two sentences or split one. Dynamic programming over the moves 1-1,
1-2, 2-1, 1-0 and 0-1 picks the pairing that best agrees on length (the
ratio of the two texts' lengths), on numbers, and on names (capitalised
words compared after folding Kazakh letters to Russian ones).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .model import SentencePair
from .text import Doc, fold_key

_NUMBER = re.compile(r"\d+")
_CAPWORD = re.compile(r"\b[А-ЯЁӘҒҚҢӨҰҮҺІA-Z][\wӘәҒғҚқҢңӨөҰұҮүҺһІі-]{2,}")


@dataclass
class _Unit:
    text: str
    ids: list[str]


def _anchors(text: str) -> tuple[set[str], set[str]]:
    numbers = set(_NUMBER.findall(text))
    names = {fold_key(w)[:4] for w in _CAPWORD.findall(text)}
    return numbers, names


def _similarity(a: str, b: str, ratio: float) -> float:
    la, lb = max(len(a), 1), max(len(b), 1)
    length = -abs(math.log((la / lb) / ratio)) * 1.5
    na, ca = _anchors(a)
    nb, cb = _anchors(b)
    score = length
    if na or nb:
        score += 2.0 * len(na & nb) / max(len(na | nb), 1) - (0.5 if na ^ nb else 0.0)
    if ca or cb:
        score += 1.0 * len(ca & cb) / max(len(ca | cb), 1)
    return score


def _dp(left: list[_Unit], right: list[_Unit], ratio: float) -> list[tuple[list[int], list[int], float]]:
    n, m = len(left), len(right)
    skip = -2.5
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int, float]] = {}
    best[0][0] = 0.0
    moves = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == -math.inf:
                continue
            for di, dj in moves:
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                if di and dj:
                    ltext = " ".join(u.text for u in left[i:a])
                    rtext = " ".join(u.text for u in right[j:b])
                    s = _similarity(ltext, rtext, ratio) - (0.6 if di + dj > 2 else 0.0)
                else:
                    s = skip
                if best[i][j] + s > best[a][b]:
                    best[a][b] = best[i][j] + s
                    back[(a, b)] = (i, j, s)
    out = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, s = back[(i, j)]
        out.append((list(range(pi, i)), list(range(pj, j)), s))
        i, j = pi, pj
    return list(reversed(out))


def align(kk: Doc, ru: Doc) -> list[SentencePair]:
    ratio = max(len(kk.text), 1) / max(len(ru.text), 1)

    def paragraph_units(doc: Doc) -> list[_Unit]:
        units = []
        for p, (a, b) in enumerate(doc.paragraphs):
            ids = [s.id for s in doc.sentences if s.paragraph == p]
            units.append(_Unit(doc.text[a:b], ids))
        return units

    kp, rp = paragraph_units(kk), paragraph_units(ru)
    pairs: list[SentencePair] = []
    for li, ri, _ in _dp(kp, rp, ratio):
        ks = [s for s in kk.sentences if s.paragraph in li]
        rs = [s for s in ru.sentences if s.paragraph in ri]
        if not ks or not rs:
            pairs.append(SentencePair([s.id for s in ks], [s.id for s in rs], 0.0))
            continue
        ku = [_Unit(s.text, [s.id]) for s in ks]
        ru_ = [_Unit(s.text, [s.id]) for s in rs]
        for a, b, score in _dp(ku, ru_, ratio):
            pairs.append(SentencePair([ks[k].id for k in a], [rs[k].id for k in b],
                                      1.0 / (1.0 + math.exp(-score))))
    return pairs


def group_of(pairs: list[SentencePair]) -> dict[str, int]:
    """sentence id -> index of its aligned group."""
    out: dict[str, int] = {}
    for g, p in enumerate(pairs):
        for sid in p.kk + p.ru:
            out[sid] = g
    return out

