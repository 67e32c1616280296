"""The shipped dictionaries (``extraction/lexicons/``) and the Russian morphology, loaded once."""
from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

from .text import fold_key


def _read(name: str) -> str:
    return resources.files("briefing_kg.extraction").joinpath("lexicons").joinpath(name).read_text(encoding="utf-8")


@functools.cache
def given_names() -> dict[str, str]:
    """fold_key(name) -> gender ("m", "f", "mf")."""
    out: dict[str, str] = {}
    for line in _read("given_names.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, gender = line.split("\t")[:2]
        out[fold_key(name)] = gender.strip()
    return out


@functools.cache
def words() -> dict[str, Any]:
    return yaml.safe_load(_read("words.yaml"))


@functools.cache
def organizations() -> dict[str, Any]:
    return yaml.safe_load(_read("organizations.yaml"))


@functools.cache
def regions_extra() -> dict[str, Any]:
    return yaml.safe_load(_read("regions.yaml"))


@functools.cache
def historical_persons() -> dict[str, tuple[str, str]]:
    """fold_key(single name) -> (kk name, ru name): people a text may name by one word (Абай)."""
    out: dict[str, tuple[str, str]] = {}
    for line in _read("historical_persons.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kk, ru = line.split("\t")[:2]
        out[fold_key(kk)] = (kk, ru)
        out[fold_key(ru)] = (kk, ru)
    return out


@functools.cache
def morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=50_000)
def ru_parses(word: str) -> tuple:
    return tuple(morph().parse(word))


@functools.lru_cache(maxsize=50_000)
def ru_lemmas(word: str) -> frozenset[str]:
    """Every normal form pymorphy3 offers for ``word`` (lower case)."""
    return frozenset(p.normal_form.replace("ё", "е") for p in ru_parses(word.lower()))


@functools.lru_cache(maxsize=50_000)
def ru_known(word: str) -> bool:
    """In the dictionary (not a guess from the word's ending)."""
    return morph().word_is_known(word.lower())


def ru_lemma(word: str) -> str:
    parses = ru_parses(word.lower())
    return parses[0].normal_form.replace("ё", "е") if parses else word.lower()


def titles(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in words()["titles"][lang])
