"""The only place URIs are minted: ``{base}id/{kind}/{slug}`` and their documents.

Slugs are ASCII, lower-case, deterministic. Ontology and shapes live under the
same base (``{base}ontology#``, ``{base}shapes#``) so one server dereferences
everything it publishes; the shipped files are written against
``DEFAULT_BASE_URI`` and rebased on load.
"""
from __future__ import annotations

import re
import unicodedata

from .config import DEFAULT_BASE_URI

KINDS = (
    "person", "organization", "event", "place", "region", "country", "quantity",
    "claim", "topic", "role", "membership", "audience", "release", "article", "passage",
    "mention", "agent", "activity", "reference",
    # the build's own description (publishing: DCAT catalog, dataset, distributions, SPARQL service)
    "catalog", "dataset", "distribution", "service",
)

# Cyrillic (Russian and Kazakh letters) to ASCII, for slugs only.
_TRANSLIT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def slugify(text: str) -> str:
    """``"Ақылбай Серік"`` -> ``"akylbay-serik"``."""
    out = []
    for ch in text.lower():
        if ch in _TRANSLIT:
            out.append(_TRANSLIT[ch])
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            out.append("".join(c for c in decomposed if c.isascii()))
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(out)).strip("-")
    return slug or "x"


def entity_uri(base: str, kind: str, slug: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown URI kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", slug):
        raise ValueError(f"slug {slug!r} is not lower-case ASCII letters, digits, '-' and '.'")
    return f"{base}id/{kind}/{slug}"


def ontology_namespace(base: str) -> str:
    return f"{base}ontology#"


def shapes_namespace(base: str) -> str:
    return f"{base}shapes#"


def graph_uri(base: str, name: str) -> str:
    """Named graphs: ``{base}graph/release/<id>``, ``{base}graph/ontology``, ``{base}graph/reference``."""
    return f"{base}graph/{name}"


def document_url(base: str, uri: str) -> str | None:
    """``{base}id/x/y`` -> ``{base}doc/x/y``; ``None`` for a URI not ours."""
    prefix = f"{base}id/"
    if uri.startswith(prefix):
        return f"{base}doc/{uri[len(prefix):]}"
    return None


def rebase(text: str, base: str) -> str:
    """Rewrite a shipped file written against the default base to ``base``."""
    if base == DEFAULT_BASE_URI:
        return text
    return text.replace(DEFAULT_BASE_URI, base)
