"""Stage 2: kk/ru text -> persons, organizations, regions, events and counts, for review.

``extract(kk, ru, *, published=None) -> Extraction`` reads a release's two
versions (either may be ``None``), and ``Extraction.to_json()`` gives the
result in the structure of the gold files of ``tests/data/corpus/dev``
(``persons``, ``organizations``, ``regions``, ``events``, ``quantities``,
each with ``mentions`` per language as exact substrings in text order), plus
per entity ``spans`` (offsets and sentence ids), ``confidence`` and
``evidence``. ``resolve`` (entity resolution against the published graph)
adds ``uri`` and ``new``; ``evaluate`` scores a gold folder.

Everything is rule-based over shipped dictionaries (``lexicons/``), razdel,
pymorphy3 and natasha's Russian NER; nothing is downloaded.
"""
from __future__ import annotations

from .core import extract
from .errors import ExtractionError
from .model import (DateMention, Event, Extraction, Organization, Person, Quantity, RegionMention, Resolution,
                    SentencePair, Span)
from .persons import warm_up

__all__ = ["extract", "warm_up", "ExtractionError", "Extraction", "Person", "Organization", "RegionMention",
           "Event", "Quantity", "DateMention", "Span", "SentencePair", "Resolution"]
