"""Regions and cities of Kazakhstan, from the 20-unit gazetteer, in every case and in lists.

The span is the name word(s) with their own inflection and without the word
for "region" or "city": ``Ақтөбе облысында`` -> ``Ақтөбе``, ``Актюбинской
области`` -> ``Актюбинской``, ``Астанада``, ``г.Алматы`` -> ``Алматы``. A name
that needs context (``Абай`` is also the poet; ``Алматы`` is a city and the
name of a region) takes it from the word for "region" after it, or after the
list it stands in (``Абай, Ақтөбе ... облыстарының``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..reference import Region, read_regions
from . import lexicons
from .text import Doc, Token, fold_key, is_capitalized, kk_stems

_RU_ADJ_ENDINGS = ("ая", "ой", "ую", "ий", "ого", "ому", "им", "ом", "ое", "ие", "их", "ими", "ые", "ых", "ыми", "ый")
_LIST_JOINERS = {",", "және", "мен", "и", "а также", "также", "пен", "бен", "—", "-"}


@dataclass(frozen=True)
class RegionHit:
    iso: str
    start: int
    end: int
    text: str
    rule: str
    confidence: float
    first_token: int      # token indices (inclusive) in the Doc
    last_token: int
    generic: str | None   # "region" | "city" | None: the word for it after the name (own or the list's)

    @property
    def is_country(self) -> bool:
        return self.iso == "KZ"


@dataclass
class _Form:
    iso: str
    words: tuple[str, ...]   # fold_key of each word; the last may be inflected
    lang: str
    kind: str                # "name" | "adj" | "city" | "abbr" | "noun_ctx" | "country"
    ambiguous: bool = False
    hyphen: tuple[bool, ...] = ()   # which words are written with a hyphen


def _form(iso: str, words: list[str], lang: str, kind: str, ambiguous: bool = False) -> _Form:
    return _Form(iso, tuple(fold_key(w) for w in words), lang, kind, ambiguous, tuple("-" in w for w in words))


@functools.cache
def gazetteer(data_dir: str | None = None) -> tuple[Region, ...]:
    """The gazetteer shipped in ``data/reference``; the package's own copy when run elsewhere."""
    candidates = []
    if data_dir:
        candidates.append(Path(data_dir))
    candidates.append(Path("data"))
    here = Path(__file__).resolve()
    candidates.extend(parent / "data" for parent in here.parents[:4])
    for folder in candidates:
        if (folder / "reference" / "kz-regions.csv").is_file():
            return tuple(read_regions(folder))
    from ..errors import InputError

    raise InputError("the regions gazetteer data/reference/kz-regions.csv was not found")


def _ru_stem(name_ru: str) -> str | None:
    first = name_ru.split()[0]
    for ending in ("ская", "цкая"):
        if first.endswith(ending):
            return first[: -2]
    return None


def _ru_city_forms(name: str) -> list[str]:
    """Russian case forms of a city name (the last part of a hyphenated one declines)."""
    head, sep, last = name.rpartition("-")
    prefix = head + sep
    low = last.lower()
    if low.endswith("а"):
        stem = last[:-1]
        soft = stem[-1:].lower() in "гкхжшчщ"
        forms = [last, stem + ("и" if soft else "ы"), stem + "е", stem + "у", stem + "ой"]
    elif low.endswith("ай") or low.endswith("ей"):
        stem = last[:-1]
        forms = [last, stem + "я", stem + "ю", stem + "ем", stem + "е"]
    elif low[-1:] in "аеёиоуыэюяі" or low.endswith("ау"):
        forms = [last]                      # Алматы, Актобе, Атырау: indeclinable
    else:
        forms = [last, last + "а", last + "у", last + "ом", last + "е"]
    return [prefix + f for f in forms]


@functools.cache
def _forms(data_dir: str | None = None) -> dict[str, list[_Form]]:
    extra = lexicons.regions_extra()
    needs_context = {fold_key(n) for n in extra.get("needs_context", [])}
    forms: dict[str, list[_Form]] = {"kk": [], "ru": []}
    for region in gazetteer(data_dir):
        if region.kind == "country":
            continue
        more = (extra.get("extra") or {}).get(region.iso, {}) or {}
        name_kk = region.name.get("kk", "")
        short_kk = name_kk.removesuffix(" облысы")
        kk_names = [short_kk] + list(more.get("kk_names", []))
        centre_kk = region.center.get("kk")
        if centre_kk and fold_key(centre_kk) == fold_key(short_kk):
            kk_names.append(centre_kk)
        for n in dict.fromkeys(kk_names):
            forms["kk"].append(_form(region.iso, n.split(), "kk", "name", fold_key(n) in needs_context))
        for abbr in more.get("kk_abbr", []):
            forms["kk"].append(_form(region.iso, [abbr], "kk", "abbr"))
        # Russian: the adjective of a region, the names of a city
        name_ru = region.name.get("ru", "")
        stems = [s for s in [_ru_stem(name_ru)] if s] + list(more.get("ru_adj", []))
        for stem in dict.fromkeys(stems):
            for ending in _RU_ADJ_ENDINGS:
                forms["ru"].append(_form(region.iso, [stem + ending], "ru", "adj"))
        cities = list(more.get("ru_cities", []))
        if region.kind == "city":
            cities.insert(0, name_ru)
        centre_ru = region.center.get("ru")
        if centre_kk and centre_ru and fold_key(centre_kk) == fold_key(short_kk):
            cities.append(centre_ru)
        for city in dict.fromkeys(cities):
            for f in _ru_city_forms(city):
                forms["ru"].append(_form(region.iso, f.split(), "ru", "city"))
        for noun in more.get("ru_names", []):
            for f in _ru_city_forms(noun):
                forms["ru"].append(_form(region.iso, f.split(), "ru", "name"))
        for noun in more.get("ru_nouns", []):
            forms["ru"].append(_form(region.iso, [noun], "ru", "noun_ctx", True))
        for abbr in more.get("ru_abbr", []):
            forms["ru"].append(_form(region.iso, [abbr], "ru", "abbr"))
    return forms


@functools.cache
def _index(lang: str, data_dir: str | None = None) -> dict[str, list[_Form]]:
    """first word's fold_key -> forms starting with it (kk: the first word is uninflected unless alone)."""
    index: dict[str, list[_Form]] = {}
    for form in _forms(data_dir)[lang]:
        index.setdefault(form.words[0], []).append(form)
    return index


def _generic_of(token: Token | None, lang: str) -> str | None:
    if token is None:
        return None
    word = token.text.lower().strip(".")
    if lang == "kk":
        for stem, _ in kk_stems(word):
            if stem in ("облыс", "облыстық"):
                return "region"
            if stem in ("қала", "қалалық"):
                return "city"
            if stem in ("аудан", "аудандық"):
                return "district"
        return None
    lemmas = lexicons.ru_lemmas(word)
    if word in ("обл",) or lemmas & {"область", "областной"}:
        return "region"
    if word in ("г", "гг") or lemmas & {"город", "городской"}:
        return "city"
    if lemmas & {"район", "районный"}:
        return "district"
    return None


def _match_at(doc: Doc, i: int, lang: str, data_dir: str | None) -> tuple[_Form, int] | None:
    """The longest gazetteer form starting at token i: (form, index of its last token)."""
    tokens = doc.tokens
    token = tokens[i]
    if not (is_capitalized(token.text) or token.text.isupper()):
        return None
    best: tuple[_Form, int] | None = None
    first_keys = {fold_key(token.text)}
    if lang == "kk":
        first_keys |= {fold_key(stem) for stem, _ in kk_stems(token.text)}
    for key in first_keys:
        for form in _index(lang, data_dir).get(key, []):
            n = len(form.words)
            if i + n > len(tokens) or tokens[i + n - 1].sentence != token.sentence:
                continue
            ok = True
            for k in range(n):
                t = tokens[i + k]
                want = form.words[k]
                if ("-" in t.text) != form.hyphen[k]:
                    ok = False              # Нур-Султан the city, Нурсултан the given name
                elif k < n - 1:
                    ok = fold_key(t.text) == want
                elif lang == "kk" and form.kind == "name":
                    ok = any(fold_key(stem) == want for stem, _ in kk_stems(t.text))
                else:
                    ok = fold_key(t.text) == want
                if not ok:
                    break
            if ok and form.kind == "abbr" and tokens[i].text != tokens[i].text.upper():
                ok = False
            if ok and (best is None or n > len(best[0].words)):
                best = (form, i + n - 1)
    return best


def _list_generic(doc: Doc, last: int, lang: str, data_dir: str | None, depth: int = 0) -> str | None:
    """The word for "region"/"city" after a name, or after the list of names it stands in."""
    tokens = doc.tokens
    j = last + 1
    if j >= len(tokens) or tokens[j].sentence != tokens[last].sentence:
        return None
    own = _generic_of(tokens[j], lang)
    if own:
        return own
    if depth > 25:
        return None
    # a list: ", Ақтөбе", "және Ұлытау", "и Северо-Казахстанской"
    if tokens[j].text.lower() in _LIST_JOINERS:
        k = j + 1
        if k < len(tokens) and tokens[k].text.lower() in ("және", "и", "мен"):
            k += 1
        if k < len(tokens) and tokens[k].sentence == tokens[last].sentence:
            hit = _match_at(doc, k, lang, data_dir)
            if hit:
                return _list_generic(doc, hit[1], lang, data_dir, depth + 1)
    return None


def _country_at(doc: Doc, i: int, lang: str) -> int | None:
    """Index of the last token of a mention of Kazakhstan starting at token i."""
    token = doc.tokens[i]
    text = token.text
    if text in ("ҚР", "РК"):
        return i
    if lang == "kk":
        if any(fold_key(stem) == "казакстан" for stem, _ in kk_stems(text)) and is_capitalized(text):
            return i
        return None
    if is_capitalized(text) and fold_key(text) in ("казахстан", "казахстана", "казахстану", "казахстаном", "казахстане"):
        return i
    return None


def find_regions(doc: Doc, *, data_dir: str | None = None) -> list[RegionHit]:
    """Every mention of a gazetteer unit (and of the country, iso ``KZ``) in ``doc``."""
    lang = doc.lang
    hits: list[RegionHit] = []
    tokens = doc.tokens
    extra = lexicons.regions_extra()
    city_or_region = {fold_key(k): v for k, v in (extra.get("city_or_region") or {}).items()}
    i = 0
    while i < len(tokens):
        match = _match_at(doc, i, lang, data_dir)
        if match:
            form, last = match
            generic = _list_generic(doc, last, lang, data_dir)
            prev = tokens[i - 1] if i > 0 and tokens[i - 1].sentence == tokens[i].sentence else None
            prev_generic = _generic_of(prev, lang)
            if prev is not None and prev.text == "." and i > 1:
                prev_generic = prev_generic or _generic_of(tokens[i - 2], lang)
            iso = form.iso
            keep = True
            rule = f"{lang}-{form.kind}"
            confidence = 0.95
            if generic == "district" or prev_generic == "district":
                keep = False            # a district of that name, not the region
            if form.ambiguous:
                keep = keep and (generic == "region" or prev_generic == "region")
                rule += "+context"
            first_key = fold_key(tokens[i].text) if len(form.words) == 1 else None
            key = form.words[0] if len(form.words) == 1 else None
            choice = None
            for name_key, options in city_or_region.items():
                if key == name_key or (lang == "kk" and any(fold_key(s) == name_key for s, _ in kk_stems(tokens[i].text))):
                    choice = options
            if form.kind == "adj" and lang == "ru" and key and fold_key("Алматинск") in key:
                choice = {"city": "KZ-75", "region": "KZ-19"}
                if generic is None and prev_generic is None:
                    # "Алматинская" (the область is feminine) leans to the region, other genders to the city
                    generic = "region" if tokens[i].text.lower().endswith(("ая", "ой", "ую")) else "city"
            if choice:
                own = _generic_of(tokens[last + 1], lang) if last + 1 < len(tokens) else None
                if prev_generic == "city":
                    iso = choice["city"]
                elif lang == "ru" and form.kind == "city":
                    # Russian names the region by its adjective (Алматинская); the bare noun is the city
                    iso = choice["region"] if own == "region" else choice["city"]
                else:
                    iso = choice["region"] if (generic == "region" or prev_generic == "region") else choice["city"]
                rule += "+city-or-region"
            if generic:
                rule += f"+{generic}"
            if keep:
                start, end = tokens[i].start, tokens[last].end
                hits.append(RegionHit(iso, start, end, doc.text[start:end], rule, confidence, i, last,
                                      generic or prev_generic))
                i = last + 1
                continue
        last = _country_at(doc, i, lang)
        if last is not None:
            start, end = tokens[i].start, tokens[last].end
            hits.append(RegionHit("KZ", start, end, doc.text[start:end], f"{lang}-country", 0.9, i, last, None))
            i = last + 1
            continue
        i += 1
    return hits


def region_names(iso: str, data_dir: str | None = None) -> dict[str, str]:
    for region in gazetteer(data_dir):
        if region.iso == iso:
            return {k: v for k, v in region.name.items() if k in ("kk", "ru", "en")}
    return {}
