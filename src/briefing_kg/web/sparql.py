"""The SPARQL 1.1 Protocol endpoint at ``/sparql``, read-only.

- Queries by GET, by POST form and by POST ``application/sparql-query``;
  ``default-graph-uri`` / ``named-graph-uri``; updates are refused (403) and
  change nothing (the store is opened read-only anyway).
- Results negotiated from the one format table (``formats.py``): ``Accept``
  with q-values, or ``?format=``; 406 when nothing fits.
- A guard reads every query before evaluation and refuses with a 400 that
  says why: SERVICE in any spelling (pyoxigraph would call out, SILENT or
  not), nesting deeper than ``max_nesting``, more than ``max_triple_patterns``,
  longer than ``max_query_length``. Bodies over ``max_body_bytes`` get 413.
- Time limit and row cap from the configuration; a cut answer says so
  (``X-SPARQL-Truncated: true``, ``"truncated": true`` in SPARQL JSON).
- Answers are cached per build (a build is immutable).
- ``GET /sparql`` without a query: the service description when RDF is asked
  for, the query page in a browser.
"""
from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Hashable
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from .. import formats, uris
from ..config import Config
from ..resources import query_files
from ..store import GRAPH, Dataset, QueryResult, Store
from . import site
from .errors import (BadRequest, MethodNotAllowed, NotAcceptable, PayloadTooLarge, QueryRefused,
                     UnsupportedMediaType, UpdateRefused)
from .replay import REPLAYABLE

blueprint = Blueprint("sparql", __name__)

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted (the data changes only by a new build)"


# --------------------------------------------------------------------------- the guard

_TOKEN = re.compile(r"""
   (?P<ws>\s+)
  |(?P<comment>\#[^\n\r]*)
  |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  |(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  |(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  |(?P<bnode>_:[\w.\-]*)
  |(?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w:%\-]|\\[_~.\-!$&'()*+,;=/?\#@%]|\.(?=[\w:%\-\\]))*)
  |(?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  |(?P<word>[A-Za-z_][A-Za-z0-9_]*)
  |(?P<punct>\^\^|&&|\|\||!=|<=|>=|<<|>>|[{}()\[\].,;*/|^!=<>+\-])
  |(?P<other>.)
""", re.X | re.S)

_TERM_KINDS = frozenset(("iri", "string", "var", "bnode", "pname", "number"))
_TERM_WORDS = frozenset(("A", "TRUE", "FALSE"))
_OPEN = {"{": "}", "(": ")", "[": "]", "<<": ">>"}
_CLOSE = frozenset(_OPEN.values())
_UNARY = frozenset(("!", "-", "+", "^"))
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Limits:
    max_query_length: int
    max_nesting: int
    max_triple_patterns: int

    @classmethod
    def of(cls, config: Config) -> "Limits":
        return cls(config.max_query_length, config.max_nesting, config.max_triple_patterns)


@dataclass(frozen=True)
class QueryShape:
    """What the guard learnt about a query without evaluating it."""

    form: str
    """SELECT, ASK, CONSTRUCT or DESCRIBE (the first form keyword; the parser has the last word)."""
    depth: int
    patterns: int


def _unescape(text: str) -> str:
    def sub(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _UNICODE_ESCAPE.sub(sub, text)


def _scan(text: str, limits: Limits) -> QueryShape:
    form = ""
    depth = max_depth = 0
    unary_run = 0
    terms = 0
    stack: list[str] = []
    values_depth: int | None = None  # inside a VALUES block: data, not patterns
    expect_values_block = False
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        value = m.group()
        if kind == "word":
            upper = value.upper()
            if upper == "SERVICE":
                raise QueryRefused(
                    "SERVICE (federated query) is not allowed: this endpoint never sends requests to "
                    "other servers on a client's behalf; query the other endpoint yourself")
            if not form:
                if upper in UPDATE_FORMS:
                    raise UpdateRefused(READ_ONLY)
                if upper in QUERY_FORMS:
                    form = upper
            if upper == "VALUES":
                expect_values_block = True
            if upper in _TERM_WORDS and values_depth is None:
                terms += 1
            unary_run = 0
            continue
        if kind == "punct":
            if value in _OPEN:
                stack.append(_OPEN[value])
                depth = len(stack)
                if value == "{" and expect_values_block and values_depth is None:
                    values_depth = depth
                    expect_values_block = False
                if depth + unary_run > max_depth:
                    max_depth = depth + unary_run
            elif value in _CLOSE:
                if values_depth is not None and len(stack) == values_depth and value == "}":
                    values_depth = None
                if stack:
                    stack.pop()
                depth = len(stack)
            if value in _UNARY:
                unary_run += 1
                if depth + unary_run > max_depth:
                    max_depth = depth + unary_run
            else:
                unary_run = 0
            if max_depth > limits.max_nesting:
                raise QueryRefused(
                    f"the query nests groups, parentheses, brackets or operators deeper than "
                    f"{limits.max_nesting} levels; flatten it")
            continue
        unary_run = 0
        if kind in _TERM_KINDS and values_depth is None:
            terms += 1
    patterns = -(-terms // 3)
    if patterns > limits.max_triple_patterns:
        raise QueryRefused(
            f"the query has about {patterns} triple patterns (RDF terms / 3, paths included); "
            f"at most {limits.max_triple_patterns} are evaluated here: split it")
    return QueryShape(form, max_depth, patterns)


def inspect_query(text: str, limits: Limits) -> QueryShape:
    """Read a query before evaluation: its form, or a refusal that says why.

    SPARQL lets ``\\u`` escapes stand for any character of the query text; the
    text is read both as written and with escapes decoded, and refused if
    either reading holds SERVICE or an update.

    >>> inspect_query("PREFIX s: <https://schema.org/> SELECT * { ?x a s:Person }", Limits(1000, 10, 10)).form
    'SELECT'
    >>> inspect_query("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", Limits(1000, 10, 10))
    Traceback (most recent call last):
    ...
    briefing_kg.web.errors.QueryRefused: SERVICE (federated query) is not allowed: ...
    """
    if len(text) > limits.max_query_length:
        raise QueryRefused(
            f"the query is {len(text)} characters long; at most {limits.max_query_length} are accepted")
    shape = _scan(text, limits)
    if "\\u" in text or "\\U" in text:
        _scan(_unescape(text), limits)
    return shape


# --------------------------------------------------------------------------- the answer cache


class AnswerCache:
    """Answers kept per build, least recently used out first, bounded in bytes.

    The build id is part of every key, so answers of an older build are never
    served for a newer one.
    """

    def __init__(self, max_bytes: int = 64 << 20):
        self.max_bytes = max_bytes
        self._data: OrderedDict[Hashable, QueryResult] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> QueryResult | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: Hashable, value: QueryResult) -> None:
        size = len(value.body)
        if size > self.max_bytes // 8:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._data[key] = value
            self._bytes += size
            while self._bytes > self.max_bytes and self._data:
                _, dropped = self._data.popitem(last=False)
                self._bytes -= len(dropped.body)


def _cache() -> AnswerCache:
    from flask import current_app

    ext = current_app.extensions
    cache = ext.get("briefing_kg.sparql_cache")
    if cache is None:
        cache = ext["briefing_kg.sparql_cache"] = AnswerCache()
    return cache


# --------------------------------------------------------------------------- the protocol


@dataclass(frozen=True)
class Operation:
    query: str | None
    dataset: Dataset
    format_param: str | None


def _single(values: list[str], name: str) -> str | None:
    if not values:
        return None
    if len(values) > 1:
        raise BadRequest(f"give exactly one '{name}' parameter, not {len(values)}")
    return values[0]


def _graphs(values: list[str], name: str) -> tuple[str, ...] | None:
    if not values:
        return None
    out = []
    for value in values:
        value = value.strip()
        try:
            ox.NamedNode(value)
        except ValueError:
            raise BadRequest(f"'{name}' must be an absolute IRI; got {value[:200]!r}") from None
        out.append(value)
    return tuple(out)


def _media_type_and_charset(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the {what} is not valid UTF-8 (byte {error.start}); send UTF-8") from None


def _read_body() -> bytes:
    limit = site().config.max_body_bytes
    too_large = PayloadTooLarge(f"the request body is larger than {limit} bytes")
    if request.content_length is None:
        # A chunked body has no length to check up front; werkzeug would cut it
        # at the limit without a word, so read one byte past it ourselves.
        data = request.environ["wsgi.input"].read(limit + 1)
        if len(data) > limit:
            raise too_large
        return data
    try:
        return request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise too_large from None


def _form_fields(body: bytes) -> dict[str, list[str]]:
    text = _decode(body, "form body")
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise BadRequest("a form field is not valid UTF-8 once percent-decoded; send UTF-8") from None


def _url_fields() -> dict[str, list[str]]:
    raw = request.query_string
    if not raw:
        return {}
    try:
        return parse_qs(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise BadRequest("a URL parameter is not valid UTF-8 once percent-decoded; send UTF-8") from None


def read_operation() -> Operation:
    """The query and dataset of this request, per the SPARQL 1.1 Protocol (section 2.1)."""
    url = _url_fields()
    fields: dict[str, list[str]] = {k: list(v) for k, v in url.items()}
    if request.method == "POST":
        config = site().config
        if request.content_length is not None and request.content_length > config.max_body_bytes:
            raise PayloadTooLarge(f"the request body is larger than {config.max_body_bytes} bytes")
        media_type, charset = _media_type_and_charset(request.headers.get("Content-Type"))
        if charset not in (None, "utf-8", "utf8"):
            raise UnsupportedMediaType(f"charset {charset} is not accepted; send the body in UTF-8")
        if media_type == "application/x-www-form-urlencoded":
            for key, values in _form_fields(_read_body()).items():
                fields.setdefault(key, []).extend(values)
        elif media_type == "application/sparql-query":
            if "query" in url:
                raise BadRequest("a query sent as application/sparql-query must not also be in the URL")
            fields["query"] = [_decode(_read_body(), "query")]
        elif media_type == "application/sparql-update":
            raise UpdateRefused(READ_ONLY)
        else:
            shown = media_type or "none"
            raise UnsupportedMediaType(
                f"Content-Type {shown[:100]} is not a SPARQL query; POST application/sparql-query "
                "or application/x-www-form-urlencoded (query=...)")
    if "update" in fields:
        raise UpdateRefused(READ_ONLY)
    query = _single(fields.get("query", []), "query")
    dataset = Dataset(_graphs(fields.get("default-graph-uri", []), "default-graph-uri"),
                      _graphs(fields.get("named-graph-uri", []), "named-graph-uri"))
    # SPARQLWrapper and some browsers' forms send format more than once; equal values are one.
    format_values = list(dict.fromkeys(v.strip() for v in fields.get("format", []) if v.strip()))
    format_param = _single(format_values, "format") if len(format_values) <= 1 else _same_format(format_values)
    return Operation(query, dataset, format_param)


def _same_format(values: list[str]) -> str:
    """Several format values are fine when they name one format (``csv`` and ``text/csv``)."""
    named = {_first_named(v, formats.FORMATS) for v in values}
    if len(named) == 1 and None not in named:
        return next(iter(named)).name
    # "json" is one name for two formats (SPARQL JSON, JSON-LD); the answer's kind decides.
    if named <= {formats.SPARQL_JSON, formats.JSON_LD}:
        return "json"
    raise BadRequest(f"the format parameters disagree: {', '.join(v[:40] for v in values)}")


def _first_named(value: str, among) -> formats.Format | None:
    """A format value may list several names or media types, comma-separated (SPARQLWrapper does)."""
    for piece in value.split(","):
        f = formats.from_name(piece, among)
        if f is not None:
            return f
    return None


def _offered(form: str) -> tuple[formats.Format, ...]:
    if form in ("CONSTRUCT", "DESCRIBE"):
        return formats.GRAPH_RESULT_FORMATS
    if form == "ASK":
        return formats.BOOLEAN_FORMATS
    return formats.SOLUTION_FORMATS


def choose_format(form: str, format_param: str | None, accept: str | None) -> formats.Format:
    """The answer's format: ``?format=`` if given, else the ``Accept`` header; HTML for browsers."""
    offered = _offered(form) + (formats.HTML,)
    what = {"CONSTRUCT": "a graph", "DESCRIBE": "a graph", "ASK": "a boolean"}.get(form, "solutions")
    if format_param is not None:
        chosen = _first_named(format_param, offered)
        if chosen is None:
            names = ", ".join(f.name for f in offered)
            raise NotAcceptable(what, list(offered),
                                message=f"format={format_param[:50]!r} cannot carry {what}; use one of: {names}")
        return chosen
    chosen = formats.negotiate(accept, offered)
    if chosen is None:
        raise NotAcceptable(what, list(offered))
    return chosen


def run(store: Store, config: Config, query: str, dataset: Dataset, fmt: formats.Format) -> QueryResult:
    """Guarded, cached evaluation of one client query."""
    if dataset.given:
        dataset = dataset.restricted_to(store.graphs())
    key = (store.build_id, query, dataset, fmt.name, config.max_rows)
    cache = _cache() if config.cache else None
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            return hit
    result = store.execute(query, fmt, dataset=dataset, max_rows=config.max_rows,
                           timeout=config.query_timeout)
    if cache is not None:
        cache.put(key, result)
    return result


def _answer(result: QueryResult) -> Response:
    response = Response(result.body, content_type=result.format.content_type)
    if result.truncated:
        response.headers["X-SPARQL-Truncated"] = "true"
    response.headers["Vary"] = "Accept"
    response.headers[REPLAYABLE] = "1"
    return response


@blueprint.route("/sparql", methods=["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"],
                 provide_automatic_options=False)
@blueprint.route("/sparql/", methods=["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"],
                 provide_automatic_options=False)
def endpoint() -> Response:
    if request.method == "OPTIONS":
        return _preflight()
    if request.method not in ("GET", "POST"):
        raise MethodNotAllowed(
            f"{request.method} is not a SPARQL 1.1 Protocol query operation; use GET or POST "
            "(this endpoint is read-only)", ["GET", "POST", "OPTIONS"])
    s = site()
    config = s.config
    op = read_operation()
    if op.query is None:
        if request.method == "POST":
            raise BadRequest("no query: POST a 'query' form field or an application/sparql-query body")
        return _describe_service(s.store, config, op.format_param)
    shape = inspect_query(op.query, Limits.of(config))
    fmt = choose_format(shape.form, op.format_param, request.headers.get("Accept"))
    if fmt is formats.HTML:
        return _query_page(op.query, op.dataset, shape)
    return _answer(run(s.store, config, op.query, op.dataset, fmt))


def _preflight() -> Response:
    response = Response(status=204)
    response.headers["Allow"] = "GET, POST, OPTIONS"
    if site().config.cors:
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


# --------------------------------------------------------------------------- service description


def service_description(store: Store, config: Config) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint, as triples (no blank nodes)."""
    base = config.base_uri
    service = ox.NamedNode(f"{base}sparql")
    dataset = ox.NamedNode(f"{base}sparql#dataset")
    default = ox.NamedNode(f"{base}sparql#default-graph")

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    t = ox.Triple
    out = [
        t(service, n(RDF_TYPE), n(SD + "Service")),
        t(service, n(SD + "endpoint"), service),
        t(service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
        t(service, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
        t(service, n(RDFS + "label"), ox.Literal("briefing-kg SPARQL endpoint", language="en")),
        t(service, n(RDFS + "comment"), ox.Literal(
            f"Read-only SPARQL 1.1 Query endpoint. SERVICE is refused. Each query may run "
            f"{config.query_timeout:g} s and return {config.max_rows} rows; a cut result carries "
            "X-SPARQL-Truncated: true (and \"truncated\": true in SPARQL JSON). The default graph "
            "is the union of all named graphs.", language="en")),
        t(service, n(SD + "defaultDataset"), dataset),
        t(dataset, n(RDF_TYPE), n(SD + "Dataset")),
        t(dataset, n(SD + "defaultGraph"), default),
        t(default, n(RDF_TYPE), n(SD + "Graph")),
        t(dataset, n(DCTERMS + "identifier"), ox.Literal(store.build_id)),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML", "TriG"):
        out.append(t(service, n(SD + "resultFormat"), n(FORMATS_NS + name)))
    for i, graph in enumerate(sorted(store.graphs())):
        node = ox.NamedNode(f"{base}sparql#named-graph-{i + 1}")
        out += [
            t(dataset, n(SD + "namedGraph"), node),
            t(node, n(RDF_TYPE), n(SD + "NamedGraph")),
            t(node, n(SD + "name"), ox.NamedNode(graph)),
        ]
    return out


def _describe_service(store: Store, config: Config, format_param: str | None) -> Response:
    offered = (formats.HTML,) + formats.GRAPH_RESULT_FORMATS
    if format_param is not None:
        fmt = formats.from_name(format_param, offered)
        if fmt is None:
            raise NotAcceptable("the service description", list(offered))
    else:
        fmt = formats.negotiate(request.headers.get("Accept"), offered)
        if fmt is None:
            raise NotAcceptable("the service description", list(offered))
        if fmt is formats.HTML and not _prefers_html(request.headers.get("Accept")):
            fmt = formats.TURTLE
    if fmt is formats.HTML:
        return _query_page(None, Dataset(), None)
    key = ("service-description", store.build_id, fmt.name)
    cache = _cache()
    hit = cache.get(key)
    if hit is None:
        body = ox.serialize(service_description(store, config), format=fmt.oxigraph,
                            prefixes={"sd": SD, "rdfs": RDFS, "dcterms": DCTERMS}
                            if fmt in (formats.TURTLE, formats.TRIG) else None)
        hit = QueryResult(GRAPH, fmt, body)
        cache.put(key, hit)
    response = _answer(hit)
    return response


def _prefers_html(accept: str | None) -> bool:
    """A browser names text/html; a client sending only */* (curl, harvesters) gets RDF."""
    if not accept:
        return False
    ranges = formats.parse_accept(accept)
    return any(r.type == "text" and r.subtype == "html" and r.q > 0 for r in ranges)


# --------------------------------------------------------------------------- the query page

_PAGE_TEXT = {
    "title": {"kk": "SPARQL сұрауы", "ru": "SPARQL-запрос", "en": "SPARQL query"},
    "lead": {"kk": "Графқа SPARQL 1.1 сұрауын жазыңыз. Ctrl+Enter — орындау.",
             "ru": "Напишите запрос SPARQL 1.1 к графу. Ctrl+Enter — выполнить.",
             "en": "Write a SPARQL 1.1 query against the graph. Ctrl+Enter runs it."},
    "run": {"kk": "Орындау", "ru": "Выполнить", "en": "Run"},
    "format": {"kk": "Нәтиже пішімі", "ru": "Формат результата", "en": "Result format"},
    "table": {"kk": "кесте (осы бетте)", "ru": "таблица (на этой странице)", "en": "table (on this page)"},
    "examples": {"kk": "Мысалдар: құзырет сұрақтары", "ru": "Примеры: вопросы компетентности",
                 "en": "Examples: the competency questions"},
    "no_examples": {"kk": "Мысал сұраулар жоқ.", "ru": "Примеров запросов нет.", "en": "No example queries are installed."},
    "results": {"kk": "Нәтижелер", "ru": "Результаты", "en": "Results"},
    "rows": {"kk": "жол", "ru": "строк", "en": "rows"},
    "truncated": {"kk": "Нәтиже {n} жолмен шектелді: толығы қайтарылмады.",
                  "ru": "Результат обрезан до {n} строк: показан не полностью.",
                  "en": "The result was cut at {n} rows: it is not complete."},
    "error": {"kk": "Қате", "ru": "Ошибка", "en": "Error"},
    "endpoint": {"kk": "Нүкте", "ru": "Точка доступа", "en": "Endpoint"},
    "answer": {"kk": "Жауап", "ru": "Ответ", "en": "Answer"},
    "limits": {"kk": "Шектеулер: {t} с, {r} жол; SERVICE және өзгертулер қабылданбайды.",
               "ru": "Ограничения: {t} с, {r} строк; SERVICE и изменения не принимаются.",
               "en": "Limits: {t} s, {r} rows; SERVICE and updates are refused."},
}


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    query: str


def examples(base_uri: str) -> list[Example]:
    """The competency-question queries, rebased to this server's base URI."""
    out = []
    try:
        files = query_files()
    except FileNotFoundError:
        return out
    for path in files:
        try:
            text = uris.rebase(path.read_text(encoding="utf-8"), base_uri)
        except (OSError, UnicodeDecodeError):
            continue
        title = path.stem
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("#"):
                title = stripped.lstrip("#").strip() or title
                break
            if stripped:
                break
        out.append(Example(path.stem, title, text))
    return out


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    kind: str = "literal"
    note: str = ""


def _cell(term: Any, base: str, root: str) -> Cell:
    if term is None:
        return Cell("")
    if isinstance(term, ox.NamedNode):
        doc = uris.document_url(base, term.value)
        if doc is not None:
            return Cell(term.value, root + doc[len(base):], "uri")
        scheme = urlsplit(term.value).scheme.lower()
        return Cell(term.value, term.value if scheme in ("http", "https") else None, "uri")
    if isinstance(term, ox.Literal):
        note = ""
        if term.language:
            note = "@" + term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            note = "^^" + _compact(term.datatype.value)
        return Cell(term.value, None, "literal", note)
    if isinstance(term, ox.BlankNode):
        return Cell("_:" + term.value, None, "bnode")
    return Cell(str(term), None, "triple")


def _compact(iri: str) -> str:
    for prefix, ns in (("xsd", "http://www.w3.org/2001/XMLSchema#"),
                       ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _page_lang() -> str:
    try:
        from .labels import choose_language

        return choose_language()
    except Exception:  # the query page must render even when ?lang= is wrong
        return "en"


def _query_page(query: str | None, dataset: Dataset, shape: QueryShape | None) -> Response:
    s = site()
    config = s.config
    base = config.base_uri
    root = urlsplit(base).path or "/"
    lang = _page_lang()
    text = {k: v.get(lang, v["en"]) for k, v in _PAGE_TEXT.items()}
    context: dict[str, Any] = {
        "t": text, "query": query, "examples": examples(base), "lang": lang,
        "formats": [formats.SPARQL_JSON, formats.SPARQL_XML, formats.CSV, formats.TSV,
                    formats.TURTLE, formats.JSON_LD, formats.N_TRIPLES, formats.RDF_XML, formats.TRIG],
        "endpoint": f"{base}sparql",
        "limits": text["limits"].format(t=f"{config.query_timeout:g}", r=config.max_rows),
        "columns": None, "rows": None, "boolean": None, "truncated": False, "error": None,
    }
    status = 200
    if query is not None and shape is not None:
        from .errors import status_of

        try:
            if shape.form in ("CONSTRUCT", "DESCRIBE"):
                result = run(s.store, config, query, dataset, formats.N_TRIPLES)
                triples = list(ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES))
                context["columns"] = ["subject", "predicate", "object"]
                context["rows"] = [[_cell(q.subject, base, root), _cell(q.predicate, base, root),
                                    _cell(q.object, base, root)] for q in triples]
            else:
                result = run(s.store, config, query, dataset, formats.SPARQL_JSON)
                data = json.loads(result.body)
                if "boolean" in data:
                    context["boolean"] = bool(data["boolean"])
                else:
                    parsed = ox.parse_query_results(result.body, format=ox.QueryResultsFormat.JSON)
                    names = [v.value for v in parsed.variables]
                    context["columns"] = names
                    context["rows"] = [[_cell(sol[i], base, root) for i in range(len(names))]
                                       for sol in parsed]
            context["truncated"] = result.truncated
        except Exception as error:  # shown on the page, with the status it deserves
            status = status_of(error)
            if status >= 500 and status not in (503, 504):
                raise
            context["error"] = str(error)
    body = render_template("sparql/query.html", **context)
    response = Response(body, status=status, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept, Accept-Language"
    if context["truncated"]:
        response.headers["X-SPARQL-Truncated"] = "true"
    return response
