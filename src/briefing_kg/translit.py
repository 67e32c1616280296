"""Kazakh Cyrillic to the Latin alphabet of 2021 (``kk-Latn`` labels).

The letters follow the alphabet presented by the government on 28 January
2021 (ә Ä, ө Ö, ү Ü, ұ Ū, ғ Ğ, ш Ş, қ Q, ң Ñ, і I-dotless, ы Y); the
gazetteer's ``name_kk_latn`` column uses the same table, and a test keeps the
two in agreement.
"""
from __future__ import annotations

_LOWER = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}


def kk_latin(text: str) -> str:
    """``"Серік Ақылбай"`` -> ``"Serık Aqylbai"``."""
    out = []
    for ch in text:
        low = ch.lower()
        if low in _LOWER:
            latin = _LOWER[low]
            if ch != low and latin:
                latin = "I" if low == "і" else latin[0].upper() + latin[1:]
            out.append(latin)
        else:
            out.append(ch)
    return "".join(out)


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)
