"""The one table of formats: RDF serialisations, SPARQL result formats and HTML.

Dumps, content negotiation on entity pages and the SPARQL endpoint all read
this table, so a media type can never mean one thing in one place and another
elsewhere (rdflib-endpoint's three dicts drifted: ``text/csv`` answered Turtle).

>>> from_extension("ttl").media_type
'text/turtle'
>>> negotiate("application/ld+json;q=0.5, text/turtle", RDF_FORMATS).name
'turtle'
>>> negotiate("text/csv", GRAPH_RESULT_FORMATS) is None
True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import pyoxigraph as ox

RDF = "rdf"
"""An RDF serialisation (graphs: CONSTRUCT, DESCRIBE, entity documents, dumps)."""
RESULTS = "results"
"""A SPARQL query results format (SELECT, ASK)."""
PAGE = "page"
"""A page for people."""


@dataclass(frozen=True)
class Format:
    """One format and every name it goes by.

    ``name`` is the short name a client may give as ``?format=``; ``aliases``
    are other short names and other media types that mean the same format.
    """

    name: str
    kind: str
    media_type: str
    extension: str
    label: str
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat | None = None
    rdflib: str | None = None
    aliases: tuple[str, ...] = ()
    text: bool = True
    datasets: bool = False
    """Whether it can carry named graphs (TriG, N-Quads)."""
    other_media_types: tuple[str, ...] = field(default=())

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value, with a charset for text formats."""
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.other_media_types)


TURTLE = Format("turtle", RDF, "text/turtle", "ttl", "Turtle", ox.RdfFormat.TURTLE, "turtle",
                aliases=("ttl", "n3"),
                # Turtle is N3 without its extensions, so an N3 client reads it (as Jena and Virtuoso answer).
                other_media_types=("application/x-turtle", "text/n3", "text/rdf+n3"))
JSON_LD = Format("jsonld", RDF, "application/ld+json", "jsonld", "JSON-LD", ox.RdfFormat.JSON_LD, "json-ld",
                 aliases=("json-ld",))
N_TRIPLES = Format("ntriples", RDF, "application/n-triples", "nt", "N-Triples", ox.RdfFormat.N_TRIPLES, "nt",
                   aliases=("nt", "n-triples"))
RDF_XML = Format("rdfxml", RDF, "application/rdf+xml", "rdf", "RDF/XML", ox.RdfFormat.RDF_XML, "xml",
                 aliases=("rdf", "xml", "rdf+xml", "rdf-xml", "owl"))
TRIG = Format("trig", RDF, "application/trig", "trig", "TriG", ox.RdfFormat.TRIG, "trig",
              datasets=True)
N_QUADS = Format("nquads", RDF, "application/n-quads", "nq", "N-Quads", ox.RdfFormat.N_QUADS, "nquads",
                 aliases=("nq", "n-quads"), datasets=True)

SPARQL_JSON = Format("json", RESULTS, "application/sparql-results+json", "srj", "SPARQL JSON",
                     ox.QueryResultsFormat.JSON, "json", aliases=("srj", "sparql-json"),
                     other_media_types=("application/json",))
SPARQL_XML = Format("xml", RESULTS, "application/sparql-results+xml", "srx", "SPARQL XML",
                    ox.QueryResultsFormat.XML, "xml", aliases=("srx", "sparql-xml"),
                    other_media_types=("application/xml",))
CSV = Format("csv", RESULTS, "text/csv", "csv", "CSV", ox.QueryResultsFormat.CSV, "csv")
TSV = Format("tsv", RESULTS, "text/tab-separated-values", "tsv", "TSV", ox.QueryResultsFormat.TSV, "tsv")

HTML = Format("html", PAGE, "text/html", "html", "HTML", aliases=("htm",),
              other_media_types=("application/xhtml+xml",))

FORMATS: tuple[Format, ...] = (
    TURTLE, JSON_LD, N_TRIPLES, RDF_XML, TRIG, N_QUADS,
    SPARQL_JSON, SPARQL_XML, CSV, TSV,
    HTML,
)

# Orders matter: with no Accept header (or */*), the first one wins.
RDF_FORMATS: tuple[Format, ...] = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML, TRIG, N_QUADS)
"""Every RDF serialisation, Turtle first."""
GRAPH_RESULT_FORMATS: tuple[Format, ...] = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML, TRIG)
"""What CONSTRUCT and DESCRIBE answer in."""
SOLUTION_FORMATS: tuple[Format, ...] = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
"""What SELECT answers in."""
BOOLEAN_FORMATS: tuple[Format, ...] = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
"""What ASK answers in (CSV/TSV carry the boolean as one line, as Oxigraph and Jena do)."""
DOCUMENT_FORMATS: tuple[Format, ...] = (HTML, TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
"""What an entity document (``/doc/...``) is offered in, HTML first for browsers."""

_BY_NAME: dict[str, Format] = {}
_BY_MEDIA_TYPE: dict[str, Format] = {}
_BY_EXTENSION: dict[str, Format] = {}
for _f in FORMATS:
    for _n in (_f.name, *_f.aliases):
        _BY_NAME.setdefault(_n, _f)
    for _m in _f.media_types:
        _BY_MEDIA_TYPE.setdefault(_m, _f)
    _BY_EXTENSION.setdefault(_f.extension, _f)
    for _a in _f.aliases:
        if _a.isalnum():
            _BY_EXTENSION.setdefault(_a, _f)
# Both RDF/XML and SPARQL XML go by "xml"; as a file extension it is RDF/XML.
_BY_EXTENSION["xml"] = RDF_XML
del _f, _n, _m, _a


def _bare(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def from_media_type(media_type: str, among: Sequence[Format] = FORMATS) -> Format | None:
    """The format with this media type (parameters ignored), among ``among``.

    >>> from_media_type("text/turtle; charset=utf-8").name
    'turtle'
    >>> from_media_type("application/json", SOLUTION_FORMATS).name
    'json'
    """
    bare = _bare(media_type)
    for f in among:
        if bare in f.media_types:
            return f
    return None


def from_extension(extension: str, among: Sequence[Format] = FORMATS) -> Format | None:
    """The format with this file extension (``"ttl"``, ``".jsonld"``, ``"nt.gz"`` -> N-Triples).

    >>> from_extension(".rdf").name
    'rdfxml'
    """
    ext = extension.lower().lstrip(".")
    if ext.endswith(".gz"):
        ext = ext[:-3]
    f = _BY_EXTENSION.get(ext)
    if f is not None and f in among:
        return f
    for f in among:
        if ext == f.extension or ext in f.aliases:
            return f
    return None


def from_name(name: str, among: Sequence[Format] = FORMATS) -> Format | None:
    """The format a ``?format=`` value names: a short name, an extension or a media type.

    ``json`` means SPARQL JSON among result formats and JSON-LD among RDF formats,
    ``xml`` SPARQL XML or RDF/XML, so the same browser link works for every query form.

    >>> from_name("json", GRAPH_RESULT_FORMATS).name
    'jsonld'
    >>> from_name("text/csv", SOLUTION_FORMATS).name
    'csv'
    """
    key = name.strip().lower()
    if not key:
        return None
    if "/" in key:
        return from_media_type(key, among)
    f = _BY_NAME.get(key)
    if f is not None and f in among:
        return f
    for f in among:
        if key == f.name or key in f.aliases or key == f.extension:
            return f
    if key == "json":
        return next((f for f in among if f is JSON_LD), None)
    return None


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...] = ()

    @property
    def specificity(self) -> int:
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 2 + len(self.params)

    def matches(self, media_type: str) -> bool:
        mtype, _, msub = media_type.partition("/")
        if self.type != "*" and self.type != mtype:
            return False
        return self.subtype == "*" or self.subtype == msub


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an ``Accept`` header; malformed entries are skipped, never fatal.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/*;q=0.3, text/html")]
    [('text', '*', 0.3), ('text', 'html', 1.0)]
    """
    ranges: list[MediaRange] = []
    if not header:
        return ranges
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        mt = pieces[0].lower()
        if mt == "*":  # some old clients send a bare "*"
            mt = "*/*"
        mtype, slash, msub = mt.partition("/")
        if not slash or not mtype or not msub or (mtype == "*" and msub != "*"):
            continue
        q = 1.0
        params: list[tuple[str, str]] = []
        for p in pieces[1:]:
            key, eq, value = p.partition("=")
            key = key.strip().lower()
            value = value.strip().strip('"')
            if not eq:
                continue
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0)
                break  # parameters after q are accept-extensions (RFC 9110 12.5.1)
            if key != "charset":  # charset never decides between our formats
                params.append((key, value))
        ranges.append(MediaRange(mtype, msub, q, tuple(params)))
    return ranges


def quality(ranges: Iterable[MediaRange], media_type: str) -> float:
    """The q-value the client gives ``media_type``: that of its most specific matching range."""
    best: MediaRange | None = None
    for r in ranges:
        if r.matches(media_type) and (best is None or r.specificity > best.specificity):
            best = r
    return 0.0 if best is None else best.q


def _match(ranges: Sequence[MediaRange], media_type: str) -> tuple[float, int]:
    """(q, specificity) of the most specific range matching ``media_type``; (0, -1) if none."""
    q, spec = 0.0, -1
    for r in ranges:
        if r.matches(media_type) and r.specificity > spec:
            q, spec = r.q, r.specificity
    return q, spec


def negotiate(accept: str | None, offered: Sequence[Format]) -> Format | None:
    """The offered format the client prefers; ``None`` when none is acceptable (406).

    No header, or an empty one, means anything is acceptable: the first offer wins.
    Between equal q-values the more specific range the client wrote wins, then
    the server's order (a browser's ``text/html, */*;q=0.8`` gets HTML; ``*/*``
    gets the first offer).

    >>> negotiate(None, SOLUTION_FORMATS).name
    'json'
    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", DOCUMENT_FORMATS).name
    'html'
    >>> negotiate("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.1", SOLUTION_FORMATS).name
    'xml'
    >>> negotiate("application/json", GRAPH_RESULT_FORMATS).name
    'jsonld'
    """
    if not offered:
        return None
    ranges = parse_accept(accept)
    if not ranges:
        # No header, or one we cannot read at all: better the default than a 406.
        return offered[0]
    best: tuple[float, int, int] | None = None
    chosen: Format | None = None
    for index, f in enumerate(offered):
        q, spec = _match(ranges, f.media_type)
        # Other names of the format count only where the client wrote them out:
        # "*/*;q=0.1" must not revive a format refused by name.
        for alias in f.other_media_types:
            aq, aspec = _match(ranges, alias)
            if aspec >= 2 and (aq, aspec) > (q, spec):
                q, spec = aq, aspec
        if q <= 0.0:
            continue
        key = (q, spec, -index)
        if best is None or key > best:
            best, chosen = key, f
    if chosen is None and any(r.matches("application/json") for r in ranges if r.q > 0):
        # application/json for a graph: JSON-LD is the JSON we have.
        chosen = next((f for f in offered if f is JSON_LD), None)
    return chosen
