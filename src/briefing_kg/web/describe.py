"""What the pages read from the store: entity descriptions, the ontology graph,
label tables, counts; and how a set of triples is written out.

Everything goes through :func:`select` and :func:`construct`, which use the
store's query interface only, so the pages work the same on the embedded store
and on a remote SPARQL server. Results are pyoxigraph terms.
"""
from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Hashable, Iterable, Sequence, TypeVar

import pyoxigraph as ox
import rdflib
from flask import Response, request

from .. import formats, uris
from .replay import REPLAYABLE
from . import labels as L

T = TypeVar("T")

# An IRI that can go between <> in a query. The web layer builds every IRI it
# queries from the configured base and a path that matched _SAFE_PATH, so this
# is a second fence, not the first.
_IRI_OK = re.compile(r"[^\s<>\"{}|\\^`\x00-\x20]+")

PASSAGE_CAP = 200
"""Source passages quoted at most per entity."""
INCOMING_CAP = 500
"""Incoming statements shown at most per entity (a hub such as the country has thousands)."""
MENTION_CAP = 1000


def _site():
    from . import site

    return site()


def iri_ref(iri: str) -> str:
    if not _IRI_OK.fullmatch(iri):
        raise ValueError(f"not a safe IRI: {iri!r}")
    return f"<{iri}>"


# --- the store, through its query interface only ---------------------------------

def select(query: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
    """Run a SELECT; each row maps variable name -> term (unbound variables absent)."""
    return _site().store.select(query)


def construct(query: str) -> list[ox.Triple]:
    """Run a CONSTRUCT; the triples in a stable order (sorted), without duplicates."""
    triples = set(_site().store.construct(query))
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


# --- a cache per build --------------------------------------------------------------

class BuildCache:
    """A small LRU of computed answers, keyed with the build id.

    A build is immutable, so an answer stays right until the next build; the
    build id in every key makes a new build miss every old entry.
    """

    def __init__(self, size: int = 2048):
        self._size = size
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], T], *, enabled: bool = True) -> T:
        if not enabled:
            return make()
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]  # type: ignore[return-value]
        value = make()
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)
        return value


def cache() -> BuildCache:
    from flask import current_app

    ext = current_app.extensions
    if "briefing_kg.pages_cache" not in ext:
        ext["briefing_kg.pages_cache"] = BuildCache()
    return ext["briefing_kg.pages_cache"]


def cached(key: tuple, make: Callable[[], T]) -> T:
    s = _site()
    return cache().get_or_make((s.build_id, *key), make, enabled=s.config.cache)


def page_key(fmt, lang: str) -> tuple:
    """The part of a cache key that a rendering depends on besides the resource: a page
    depends on its language and, through the language links, on the query string."""
    from flask import request

    from .. import formats as F

    return (lang, request.query_string) if fmt is F.HTML else ("", b"")


# --- descriptions --------------------------------------------------------------------

_PREFIX_LINES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in L.PREFIXES.items())


def description_query(iri: str) -> str:
    """One CONSTRUCT for the whole description of ``iri``: its statements, the labels
    of what they point at, the statements that point at it (capped), its source
    passages with their text and offsets, and its mentions."""
    e = iri_ref(iri)
    sid = iri_ref(sentence_id_property())
    return f"""{_PREFIX_LINES}
CONSTRUCT {{
  {e} ?p ?o .
  ?o ?olp ?ol .
  ?s ?ip {e} .
  ?s ?slp ?sl .
  ?s a ?st .
  ?pa a ?pat ; nif:anchorOf ?pt ; nif:beginIndex ?pb ; nif:endIndex ?pe ; nif:referenceContext ?art ;
      {sid} ?sid .
  ?art schema:inLanguage ?alang .
  ?m a nif:Phrase ; itsrdf:taIdentRef {e} ; nif:beginIndex ?mb ; nif:endIndex ?me ;
     nif:referenceContext ?mart ; nif:sentence ?ms ; nif:anchorOf ?mt .
}}
WHERE {{
  {{ {e} ?p ?o .
     OPTIONAL {{ ?o ?olp ?ol . FILTER(?olp IN (rdfs:label, skos:prefLabel)) }} }}
  UNION
  {{ {{ SELECT ?s ?ip WHERE {{ ?s ?ip {e} . FILTER(?ip != itsrdf:taIdentRef) }} LIMIT {INCOMING_CAP} }}
     OPTIONAL {{ ?s ?slp ?sl . FILTER(?slp IN (rdfs:label, skos:prefLabel)) }}
     OPTIONAL {{ ?s a ?st }} }}
  UNION
  {{ {{ SELECT ?pa WHERE {{ {e} prov:wasDerivedFrom ?pa . ?pa nif:anchorOf [] }} LIMIT {PASSAGE_CAP} }}
     ?pa nif:anchorOf ?pt ; nif:beginIndex ?pb ; nif:endIndex ?pe ; nif:referenceContext ?art .
     OPTIONAL {{ ?pa a ?pat }}
     OPTIONAL {{ ?pa {sid} ?sid }}
     OPTIONAL {{ ?art schema:inLanguage ?alang }} }}
  UNION
  {{ {{ SELECT ?m WHERE {{ ?m itsrdf:taIdentRef {e} }} LIMIT {MENTION_CAP} }}
     ?m nif:beginIndex ?mb ; nif:endIndex ?me ; nif:referenceContext ?mart .
     OPTIONAL {{ ?m nif:sentence ?ms }}
     OPTIONAL {{ ?m nif:anchorOf ?mt }} }}
}}"""


def sentence_id_property() -> str:
    """``bkg:sentenceId``: the id a passage got at ingest (``kk-s06``)."""
    return uris.ontology_namespace(_site().config.base_uri) + "sentenceId"


def describe(iri: str) -> list[ox.Triple]:
    """The description of ``iri``, its own statements first; empty when the store says
    nothing about it."""
    node = ox.NamedNode(iri)
    return sorted(construct(description_query(iri)), key=lambda t: t.subject != node)


def exists(triples: Sequence[ox.Triple], iri: str) -> bool:
    node = ox.NamedNode(iri)
    return any(t.subject == node for t in triples)


def graph_triples(graph_iri: str) -> list[ox.Triple]:
    """Every triple of one named graph (the ontology graph, the catalog graph)."""
    return construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri_ref(graph_iri)} {{ ?s ?p ?o }} }}")


def ontology_labels() -> dict[str, dict[str, str]]:
    """IRI -> {lang: label} for every term the ontology graph labels; once per build."""
    graph = uris.graph_uri(_site().config.base_uri, "ontology")

    def make() -> dict[str, dict[str, str]]:
        rows = select(
            f"PREFIX rdfs: <{L.RDFS}>\nSELECT ?t ?l WHERE {{ GRAPH {iri_ref(graph)} {{ ?t rdfs:label ?l }} }}"
        )
        table: dict[str, dict[str, str]] = {}
        for row in rows:
            t, l = row.get("t"), row.get("l")
            if isinstance(t, ox.NamedNode) and isinstance(l, ox.Literal):
                table.setdefault(t.value, {}).setdefault(_lang_of(l), l.value)
        return table

    return cached(("ontology-labels",), make)


def _lang_of(literal: ox.Literal) -> str:
    return (literal.language or "").lower()


def prefixes() -> dict[str, str]:
    base = _site().config.base_uri
    return {**L.PREFIXES, "bkg": uris.ontology_namespace(base)}


# --- writing triples out --------------------------------------------------------------

def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _used_prefixes(triples: Iterable[ox.Triple], table: dict[str, str]) -> dict[str, str]:
    """The prefixes of ``table`` that some IRI of ``triples`` starts with (each distinct IRI tested once)."""
    iris: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    used = {p: ns for p, ns in table.items() if any(iri.startswith(ns) for iri in iris)}
    return dict(sorted(used.items()))


def serialize(triples: Sequence[ox.Triple], fmt: formats.Format, table: dict[str, str] | None = None) -> bytes:
    """Write ``triples`` in ``fmt``. JSON-LD comes compacted with its context inline,
    so a client never has to fetch a context."""
    table = prefixes() if table is None else table
    used = _used_prefixes(triples, table)
    if fmt is formats.JSON_LD:
        g = rdflib.Graph()
        for t in triples:
            g.add((_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)))
        if not triples:
            return json.dumps({"@context": used, "@graph": []}, ensure_ascii=False).encode()
        return g.serialize(format="json-ld", context=used, auto_compact=True, ensure_ascii=False).encode("utf-8")
    if fmt.oxigraph is None or not isinstance(fmt.oxigraph, ox.RdfFormat):
        raise ValueError(f"{fmt.name} is not an RDF format")
    if fmt is formats.N_TRIPLES:
        return ox.serialize(triples, format=fmt.oxigraph) or b""
    return ox.serialize(triples, format=fmt.oxigraph, prefixes=used) or b""


def negotiated_response(body: bytes, fmt: formats.Format, *, location: str, alternates: list[tuple[str, str]],
                        negotiated: bool, status: int = 200, links: tuple[str, ...] = ()) -> Response:
    """A document answered in one of several formats: Vary, Content-Location, Link, ETag, 304.

    ``alternates`` are (url, media type) of the other formats; ``links`` more Link values.
    """
    response = Response(body, status=status, content_type=fmt.content_type)
    vary = ["Accept"] if negotiated else []
    if fmt is formats.HTML and "lang" not in request.args:
        vary.append("Accept-Language")
    if vary:
        response.headers["Vary"] = ", ".join(vary)
    response.headers["Content-Location"] = location
    response.headers["Link"] = ", ".join(
        [f'<{url}>; rel="alternate"; type="{media_type}"' for url, media_type in alternates] + list(links))
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers[REPLAYABLE] = "1"
    response.add_etag()
    return response.make_conditional(request)
