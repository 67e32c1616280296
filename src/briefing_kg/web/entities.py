"""Entity pages (Linked Data): ``/id/...`` answers 303 See Other to ``/doc/...``
(the httpRange-14 pattern); ``/doc/...`` is the description in HTML, Turtle,
JSON-LD, N-Triples or RDF/XML, chosen by extension, ``?format=`` or ``Accept``.

The ontology (``{base}ontology``, terms ``{base}ontology#X``) and the shapes
(``{base}shapes``) dereference the same way: ``/ontology`` -> 303 ->
``/doc/ontology``, with an HTML documentation page generated from the
ontology graph in the store.

Every ``Location`` and ``Link`` is built from the configured base URI, never
from the request's ``Host`` header. Paths are matched against a strict pattern
before anything else, so ``..``, encoded or not, never reaches the store.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from markupsafe import Markup

from .. import formats, uris
from ..resources import shapes_files
from . import describe as D
from . import labels as L
from . import site
from .errors import BadRequest, NotAcceptable

blueprint = Blueprint("entities", __name__)

# kind/slug[/more]: ASCII letters, digits, '.', '-', '_' and '~'; every segment
# starts with a letter or digit, so "." and ".." can never be a segment.
_SAFE_PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}(?:/[A-Za-z0-9][A-Za-z0-9._~-]{0,199}){0,7}")
_SPECIAL = ("ontology", "shapes")
DOCUMENT_EXTENSIONS = {f.extension: f for f in formats.DOCUMENT_FORMATS}
RDF_DOCUMENT_FORMATS = tuple(f for f in formats.DOCUMENT_FORMATS if f is not formats.HTML)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_LONG_TEXT = 280

# Properties shown first, in this order; the rest follow by label.
_ORDER = [
    L.SCHEMA + p for p in (
        "givenName", "familyName", "alternateName", "identifier", "startDate", "endDate", "location",
        "organizer", "performer", "audience", "about", "superEvent", "subEvent", "memberOf", "member",
        "value", "minValue", "maxValue", "inLanguage", "publisher", "isPartOf", "hasPart",
    )
] + [L.ORG + "headOf", L.ORG + "unitOf", L.ORG + "hasUnit", L.OWL + "sameAs", L.SCHEMA + "containedInPlace"]
_NAME_PREDICATES = (L.SCHEMA + "name", L.RDFS + "label", L.SKOS + "prefLabel", L.DCTERMS + "title")
_LABEL_PREDICATES = (L.RDFS + "label", L.SKOS + "prefLabel")


# --- requests -------------------------------------------------------------------------

def _config():
    return site().config


def _root() -> str:
    """The path of the configured base (``/`` or ``/kg/``): links on pages start with it."""
    return urlsplit(_config().base_uri).path or "/"


def _split_path(path: str) -> tuple[str, formats.Format | None]:
    """``person/x.ttl`` -> (``person/x``, Turtle). The path must already be safe."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext in DOCUMENT_EXTENSIONS:
        return stem, DOCUMENT_EXTENSIONS[ext]
    return path, None


def _checked(path: str) -> str | None:
    return path if _SAFE_PATH.fullmatch(path) else None


def _format_param() -> formats.Format | None:
    value = request.args.get("format")
    if value is None:
        return None
    fmt = formats.from_name(value, formats.DOCUMENT_FORMATS) if len(value) < 64 else None
    if fmt is None:
        names = ", ".join(f.name for f in formats.DOCUMENT_FORMATS)
        raise BadRequest(f"format must be one of: {names}")
    return fmt


def _language() -> str:
    try:
        return L.choose_language()
    except L.BadLanguage as error:
        raise BadRequest(str(error)) from None


def _safe_query_string(lang_given: bool, lang: str, fmt: formats.Format | None) -> str:
    """The parameters a redirect carries on: only ones we have checked, re-encoded."""
    params = []
    if lang_given:
        params.append(("lang", lang))
    if fmt is not None and request.args.get("format") is not None:
        params.append(("format", fmt.name))
    return ("?" + urlencode(params)) if params else ""


def _choose_format(ext_format: formats.Format | None, offered=formats.DOCUMENT_FORMATS) -> tuple[formats.Format, bool]:
    """(format, negotiated): extension first, then ``?format=``, then ``Accept``."""
    if ext_format is not None:
        _format_param()  # still refuse a malformed one
        return ext_format, False
    named = _format_param()
    if named is not None:
        return named, False
    chosen = formats.negotiate(request.headers.get("Accept"), offered)
    if chosen is None:
        raise NotAcceptable("this document", list(offered))
    return chosen, True


# --- /id -> /doc ---------------------------------------------------------------------

@blueprint.route("/id/<path:path>", methods=["GET", "HEAD"], merge_slashes=False)
def identifier(path: str) -> Response:
    """303 See Other from the thing to the document about it."""
    safe = _checked(path)
    lang = _language()
    fmt = _format_param()
    if safe is None:
        return _not_found_response(_config().base_uri + "id/" + "unknown", None)
    location = f"{_config().base_uri}doc/{safe}" + _safe_query_string("lang" in request.args, lang, fmt)
    return _see_other(location)


@blueprint.route("/<any(ontology, shapes):name>", methods=["GET", "HEAD"], merge_slashes=False)
def vocabulary(name: str) -> Response:
    lang = _language()
    fmt = _format_param()
    location = f"{_config().base_uri}doc/{name}" + _safe_query_string("lang" in request.args, lang, fmt)
    return _see_other(location)


@blueprint.route("/<any(ontology, shapes):name>.<any(ttl, jsonld, nt, rdf, html):ext>", methods=["GET", "HEAD"], merge_slashes=False)
def vocabulary_ext(name: str, ext: str) -> Response:
    lang = _language()
    location = f"{_config().base_uri}doc/{name}.{ext}" + _safe_query_string("lang" in request.args, lang, None)
    return _see_other(location)


@blueprint.route("/ontology/<version>", methods=["GET", "HEAD"], merge_slashes=False)
def ontology_version(version: str) -> Response:
    """The ontology's ``owl:versionIRI`` (``{base}ontology/0.1.0``) names the version this
    build carries: 303 to its document. Other versions are not served here: 404."""
    lang = _language()
    fmt = _format_param()
    base = _config().base_uri
    version_iri = f"{base}ontology/{version}"
    known = bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", version)) and site().store.ask(
        f"ASK {{ GRAPH {D.iri_ref(uris.graph_uri(base, 'ontology'))} "
        f"{{ ?o <{L.OWL}versionIRI> {D.iri_ref(version_iri)} }} }}")
    if not known:
        return _not_found_response(version_iri if re.fullmatch(r"[A-Za-z0-9._-]{1,64}", version)
                                   else f"{base}ontology/unknown", fmt, lang)
    return _see_other(f"{base}doc/ontology" + _safe_query_string("lang" in request.args, lang, fmt))


def _see_other(location: str) -> Response:
    response = Response(status=303)
    response.headers["Location"] = location
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


# --- /doc ------------------------------------------------------------------------------

@blueprint.route("/doc/<path:path>", methods=["GET", "HEAD"], merge_slashes=False)
def document(path: str) -> Response:
    safe = _checked(path)
    stem, ext_format = _split_path(safe) if safe else (None, None)
    fmt, negotiated = _choose_format(ext_format)
    lang = _language()
    if stem is None:
        return _not_found_response(_config().base_uri + "id/unknown", fmt, lang)
    if stem in _SPECIAL:
        return _vocabulary_document(stem, fmt, negotiated, lang)
    iri = f"{_config().base_uri}id/{stem}"

    def make() -> tuple[bytes, int] | None:
        triples = D.describe(iri)
        if not D.exists(triples, iri):
            return None
        if fmt is formats.HTML:
            view = build_view(iri, triples, lang)
            html = render_template("entities/entity.html", view=view, lang=lang,
                                   alternates=_alternate_links(stem))
            return html.encode("utf-8"), 200
        return D.serialize(triples, fmt), 200

    key = ("doc", stem, fmt.name, *D.page_key(fmt, lang))
    made = D.cached(key, make)
    if made is None:
        return _not_found_response(iri, fmt, lang, negotiated=negotiated)
    body, status = made
    return _document_response(body, status, fmt, stem, negotiated)


def _document_response(body: bytes, status: int, fmt: formats.Format, stem: str, negotiated: bool) -> Response:
    base = _config().base_uri
    links = [f'<{base}id/{stem}>; rel="describes"'] if stem not in _SPECIAL else []
    links.append(f'<{base}doc/{stem}>; rel="canonical"')
    return D.negotiated_response(
        body, fmt, status=status, negotiated=negotiated, location=f"{base}doc/{stem}.{fmt.extension}",
        alternates=[(f"{base}doc/{stem}.{f.extension}", f.media_type)
                    for f in formats.DOCUMENT_FORMATS if f is not fmt],
        links=tuple(links))


def _alternate_links(stem: str) -> list[tuple[str, str, str]]:
    root = _root()
    return [(f.label, f.media_type, f"{root}doc/{stem}.{f.extension}") for f in RDF_DOCUMENT_FORMATS]


def _not_found_response(iri: str, fmt: formats.Format | None, lang: str | None = None, *,
                        negotiated: bool = True) -> Response:
    """404 in the format the client asked for: an empty graph with a comment for RDF,
    the error shape for JSON-LD, a page for browsers."""
    if fmt is None:
        fmt = formats.negotiate(request.headers.get("Accept"), formats.DOCUMENT_FORMATS) or formats.TURTLE
    message = f"no description of {iri} in this dataset"
    if fmt is formats.HTML:
        body = render_template("entities/not_found.html", iri=iri, lang=lang or L.DEFAULT_LANGUAGE)
    elif fmt is formats.JSON_LD:
        body = json.dumps({"@context": {}, "@graph": [], "ok": False, "status": 404,
                           "error": "Not Found", "message": message}, ensure_ascii=False)
    elif fmt is formats.RDF_XML:
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<!-- 404 Not Found: {message} -->\n'
                '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')
    else:
        body = f"# 404 Not Found: {message}\n"
    response = Response(body, status=404, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Cache-Control"] = "no-store"
    return response


# --- the view of an entity ----------------------------------------------------------------

@dataclass
class Ref:
    """A resource as a page shows it: a label in the page language and a safe link."""

    iri: str
    label: str
    label_lang: str | None
    href: str | None
    compact: str


@dataclass
class Value:
    ref: Ref | None = None
    text: str | None = None
    lang: str | None = None
    datatype: str | None = None
    long: bool = False


@dataclass
class Row:
    predicate: Ref
    values: list[Value]


@dataclass
class Segment:
    text: str
    mark: bool


@dataclass
class Quote:
    passage: Ref
    article: Ref | None
    lang: str
    segments: list[Segment]
    begin: int
    end: int


@dataclass
class EntityView:
    iri: str
    title: str
    title_lang: str | None
    names: list[tuple[str, str]]            # (lang, name)
    types: list[Ref]
    rows: list[Row]
    incoming: list[tuple[Ref, Ref]]         # (subject, predicate)
    incoming_capped: bool
    quotes: list[tuple[str, list[Quote]]]   # (language version, quotes)
    jsonld: Markup
    derived_from_passages: bool = False
    extra: dict = field(default_factory=dict)


class Labeller:
    """Labels for IRIs in one page language: the description's own labels first, then
    the ontology graph's, then the table of well-known terms, then a compact name."""

    def __init__(self, lang: str, local: dict[str, dict[str, str]]):
        self.lang = lang
        self.local = local
        self.ontology = D.ontology_labels()
        self.prefixes = D.prefixes()
        self.base = _config().base_uri
        self.root = _root()

    def _pick(self, by_lang: dict[str, str]) -> tuple[str, str | None] | None:
        if not by_lang:
            return None
        for code in (self.lang, *L.LANGUAGES):
            if code in by_lang:
                return by_lang[code], code
        key = sorted(by_lang)[0]
        return by_lang[key], key or None

    def label(self, iri: str) -> tuple[str, str | None]:
        for table in (self.local, self.ontology):
            found = self._pick(table.get(iri, {}))
            if found:
                return found
        known = L.term_label(iri, self.lang)
        if known:
            return known, self.lang
        if iri.startswith(self.base + "id/"):
            # Passages, mentions and articles carry no label: "passage/<release>-kk-s06"
            # reads better as its slug than as the whole IRI.
            return iri[len(self.base) + 3:].split("/", 1)[-1], None
        return L.compact(iri, self.prefixes), None

    def href(self, iri: str) -> str | None:
        return safe_href(iri, self.base, self.root)

    def ref(self, iri: str) -> Ref:
        text, lang = self.label(iri)
        return Ref(iri, text, lang, self.href(iri), L.compact(iri, self.prefixes))


def safe_href(iri: str, base: str, root: str) -> str | None:
    """Where a link to ``iri`` goes: our own documents by path; other http(s) IRIs as
    they are; nothing for any other scheme (``javascript:`` never becomes a link)."""
    if iri.startswith(base):
        rest = iri[len(base):]
        if rest.startswith("id/"):
            return f"{root}doc/{rest[3:]}"
        for special in _SPECIAL:
            if rest == special or rest.startswith(special + "#"):
                return f"{root}doc/{rest}"
        return f"{root}{rest}"
    if re.match(r"https?://[^\s\"<>]+$", iri):
        return iri
    return None


def _literal_value(lit: ox.Literal, lang_ui: str, prefixes: dict[str, str], predicate: str) -> Value:
    datatype = lit.datatype.value
    dt_label = None if datatype in (XSD_STRING, XSD_LANG_STRING) else L.compact(datatype, prefixes)
    long = len(lit.value) > _LONG_TEXT or predicate == L.SCHEMA + "text"
    return Value(text=lit.value, lang=lit.language, datatype=dt_label, long=long)


def _labels_in(triples, predicates=_LABEL_PREDICATES) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for t in triples:
        if t.predicate.value in predicates and isinstance(t.object, ox.Literal) and isinstance(t.subject, ox.NamedNode):
            table.setdefault(t.subject.value, {}).setdefault((t.object.language or "").lower(), t.object.value)
    return table


def build_view(iri: str, triples: list[ox.Triple], lang: str) -> EntityView:
    node = ox.NamedNode(iri)
    lab = Labeller(lang, _labels_in(triples))
    own = [t for t in triples if t.subject == node]
    by_pred: dict[str, list] = {}
    for t in own:
        by_pred.setdefault(t.predicate.value, []).append(t.object)

    # Names: schema:name where there is one, else the first labelling property.
    name_pred = next((p for p in _NAME_PREDICATES if p in by_pred), None)
    names: list[tuple[str, str]] = []
    if name_pred:
        lits = [o for o in by_pred[name_pred] if isinstance(o, ox.Literal)]
        order = {code: i for i, code in enumerate(L.LANGUAGES)}
        lits.sort(key=lambda o: (order.get((o.language or "").lower(), 9), o.language or "", o.value))
        names = [((o.language or "").lower(), o.value) for o in lits]
    title, title_lang = lab.label(iri) if iri not in lab.local else lab._pick(lab.local[iri]) or (iri, None)
    if name_pred and names:
        picked = lab._pick({code: text for code, text in reversed(names)})
        if picked:
            title, title_lang = picked

    types = [lab.ref(o.value) for o in by_pred.get(L.RDF + "type", []) if isinstance(o, ox.NamedNode)]
    types.sort(key=lambda r: (not r.iri.startswith(lab.base), r.label.lower()))

    # Passages quoted below are not repeated in the table.
    passages = {t.subject.value for t in triples
                if t.predicate.value == L.NIF + "anchorOf" and isinstance(t.subject, ox.NamedNode)
                and t.subject != node}
    hidden = {L.RDF + "type"}
    if name_pred:
        hidden.add(name_pred)
        if name_pred == L.SCHEMA + "name":
            hidden.add(L.RDFS + "label")
    rows: list[Row] = []
    for pred, objects in by_pred.items():
        if pred in hidden:
            continue
        values: list[Value] = []
        for o in objects:
            if isinstance(o, ox.NamedNode):
                if pred == L.PROV + "wasDerivedFrom" and o.value in passages:
                    continue
                values.append(Value(ref=lab.ref(o.value)))
            elif isinstance(o, ox.Literal):
                values.append(_literal_value(o, lang, lab.prefixes, pred))
            else:
                values.append(Value(text=f"_:{o.value}"))
        if not values:
            continue
        values.sort(key=lambda v: (v.ref.label.lower() if v.ref else "", v.lang or "", v.text or ""))
        rows.append(Row(lab.ref(pred), values))
    rank = {p: i for i, p in enumerate(_ORDER)}
    rows.sort(key=lambda r: (rank.get(r.predicate.iri, len(rank)), r.predicate.label.lower()))

    # Incoming statements, except mentions: those are the highlights below.
    incoming: list[tuple[Ref, Ref]] = []
    seen_subjects: set[str] = set()
    for t in triples:
        if (t.object == node and t.subject != node and isinstance(t.subject, ox.NamedNode)
                and t.predicate.value != L.ITSRDF + "taIdentRef"):
            incoming.append((lab.ref(t.subject.value), lab.ref(t.predicate.value)))
            seen_subjects.add(t.subject.value)
    incoming.sort(key=lambda pair: (pair[1].label.lower(), pair[0].label.lower()))

    quotes = _quotes(iri, triples, lab)
    return EntityView(
        iri=iri, title=title, title_lang=title_lang, names=names, types=types, rows=rows,
        incoming=incoming, incoming_capped=len(seen_subjects) >= D.INCOMING_CAP, quotes=quotes,
        jsonld=schema_jsonld(iri, own, lab),
        derived_from_passages=bool(passages & {o.value for o in by_pred.get(L.PROV + "wasDerivedFrom", [])}),
    )


def _int(term) -> int | None:
    if isinstance(term, ox.Literal):
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


def _quotes(iri: str, triples: list[ox.Triple], lab: Labeller) -> list[tuple[str, list[Quote]]]:
    """The source passages, each with the mentions of ``iri`` marked by their offsets
    (relative to the passage's nif:beginIndex; never by searching the text)."""
    node = ox.NamedNode(iri)
    props: dict[str, dict[str, list]] = {}
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            props.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)

    def one(subject: str, pred: str):
        values = props.get(subject, {}).get(pred) or []
        return values[0] if values else None

    derived = {o.value for o in props.get(iri, {}).get(L.PROV + "wasDerivedFrom", []) if isinstance(o, ox.NamedNode)}
    mentions = []
    for subject, p in props.items():
        if node in p.get(L.ITSRDF + "taIdentRef", []):
            b, e = _int(one(subject, L.NIF + "beginIndex")), _int(one(subject, L.NIF + "endIndex"))
            ctx = one(subject, L.NIF + "referenceContext")
            sent = one(subject, L.NIF + "sentence")
            if b is not None and e is not None and ctx is not None:
                mentions.append((b, e, ctx.value, sent.value if sent is not None else None))

    by_lang: dict[str, list[Quote]] = {}
    for passage in derived:
        text = one(passage, L.NIF + "anchorOf")
        pb, pe = _int(one(passage, L.NIF + "beginIndex")), _int(one(passage, L.NIF + "endIndex"))
        ctx = one(passage, L.NIF + "referenceContext")
        if not isinstance(text, ox.Literal) or pb is None or pe is None or ctx is None:
            continue
        article = ctx.value
        lang_term = one(article, L.SCHEMA + "inLanguage")
        version = (lang_term.value if isinstance(lang_term, ox.Literal) else "").lower() or "und"
        spans = []
        for b, e, mctx, sent in mentions:
            if mctx != article:
                continue
            if sent is not None and sent != passage:
                continue
            lb, le = b - pb, e - pb
            if 0 <= lb < le <= len(text.value):
                spans.append((lb, le))
        passage_ref = lab.ref(passage)
        sid = one(passage, D.sentence_id_property())
        if isinstance(sid, ox.Literal):
            passage_ref.label = sid.value
        by_lang.setdefault(version, []).append(Quote(
            passage=passage_ref, article=lab.ref(article), lang=version,
            segments=segments(text.value, spans), begin=pb, end=pe,
        ))
    order = {code: i for i, code in enumerate(L.LANGUAGES)}
    out = []
    for version in sorted(by_lang, key=lambda v: (order.get(v, 9), v)):
        out.append((version, sorted(by_lang[version], key=lambda q: (q.article.iri if q.article else "", q.begin))))
    return out


def segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """Cut ``text`` into plain and marked pieces; overlapping spans are merged.

    >>> [(s.text, s.mark) for s in segments("abcdef", [(1, 3), (2, 4)])]
    [('a', False), ('bcd', True), ('ef', False)]
    """
    merged: list[list[int]] = []
    for b, e in sorted(spans):
        if merged and b <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([b, e])
    out: list[Segment] = []
    pos = 0
    for b, e in merged:
        if b > pos:
            out.append(Segment(text[pos:b], False))
        out.append(Segment(text[b:e], True))
        pos = e
    if pos < len(text):
        out.append(Segment(text[pos:], False))
    return out


# schema.org JSON-LD for search engines ---------------------------------------------------

def script_json(document: object) -> Markup:
    """JSON for a ``<script>`` element: ``<``, ``>`` and ``&`` escaped as ``\\u003c`` etc.,
    so no label can close the element (``</script>``) or open a comment."""
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def schema_jsonld(iri: str, own: list[ox.Triple], lab: Labeller) -> Markup:
    doc: dict[str, object] = {"@context": "https://schema.org/", "@id": iri}
    doc_url = uris.document_url(lab.base, iri)
    if doc_url:
        doc["url"] = doc_url
    types, extra_types = [], []
    for t in own:
        if t.predicate.value == L.RDF + "type" and isinstance(t.object, ox.NamedNode):
            if t.object.value.startswith(L.SCHEMA):
                types.append(t.object.value[len(L.SCHEMA):])
            else:
                extra_types.append(t.object.value)
    if types:
        doc["@type"] = sorted(types)
    if extra_types:
        doc["additionalType"] = sorted(extra_types)
    props: dict[str, list] = {}
    for t in own:
        p = t.predicate.value
        if p.startswith(L.SCHEMA):
            key = p[len(L.SCHEMA):]
        elif p == L.OWL + "sameAs":
            key = "sameAs"
        else:
            continue
        o = t.object
        if isinstance(o, ox.NamedNode):
            value: object = {"@id": o.value}
            label, _ = lab.label(o.value)
            if label != L.compact(o.value, lab.prefixes):
                value["name"] = label
            if key == "sameAs":
                value = o.value
        elif isinstance(o, ox.Literal):
            if o.language:
                value = {"@value": o.value, "@language": o.language}
            elif o.datatype.value in (XSD_STRING,):
                value = o.value
            else:
                value = {"@value": o.value, "@type": o.datatype.value}
        else:
            continue
        props.setdefault(key, []).append(value)
    for key, values in props.items():
        values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        doc[key] = values[0] if len(values) == 1 else values
    return script_json(doc)


# --- ontology and shapes -------------------------------------------------------------------

def _vocabulary_document(stem: str, fmt: formats.Format, negotiated: bool, lang: str) -> Response:
    def make() -> tuple[bytes, int] | None:
        if stem == "ontology":
            triples = D.graph_triples(uris.graph_uri(_config().base_uri, "ontology"))
        else:
            triples = shapes_triples(_config().base_uri)
        if not triples:
            return None
        if fmt is formats.HTML:
            template = "entities/ontology.html" if stem == "ontology" else "entities/shapes.html"
            view = ontology_view(triples, lang) if stem == "ontology" else shapes_view(triples, lang)
            html = render_template(template, view=view, lang=lang, alternates=_alternate_links(stem))
            return html.encode("utf-8"), 200
        return D.serialize(triples, fmt), 200

    made = D.cached(("vocab", stem, fmt.name, *D.page_key(fmt, lang)), make)
    if made is None:
        return _not_found_response(f"{_config().base_uri}{stem}", fmt, lang)
    body, status = made
    return _document_response(body, status, fmt, stem, negotiated)


_SHAPES_CACHE: dict[tuple[str, tuple], list[ox.Triple]] = {}


def shapes_triples(base: str) -> list[ox.Triple]:
    """The shipped shapes, rebased to ``base``, as one sorted list of triples."""
    files = shapes_files()
    key = (base, tuple((str(p), p.stat().st_mtime_ns) for p in files))
    if key not in _SHAPES_CACHE:
        triples: set[ox.Triple] = set()
        for path in files:
            text = uris.rebase(Path(path).read_text(encoding="utf-8"), base)
            for quad in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=f"{base}shapes"):
                triples.add(ox.Triple(quad.subject, quad.predicate, quad.object))
        _SHAPES_CACHE.clear()
        _SHAPES_CACHE[key] = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return _SHAPES_CACHE[key]


@dataclass
class Term:
    ref: Ref
    anchor: str
    labels: list[tuple[str, str]]
    comments: list[tuple[str, str]]
    relations: list[Row]


@dataclass
class OntologyView:
    iri: str
    title: str
    description: str | None
    version: str | None
    version_iri: str | None
    licence: Ref | None
    classes: list[Term]
    properties: list[Term]
    individuals: list[Term]
    other: list[Row]


_CLASS_TYPES = {L.OWL + "Class", L.RDFS + "Class"}
_PROPERTY_TYPES = {L.OWL + "ObjectProperty", L.OWL + "DatatypeProperty", L.OWL + "AnnotationProperty",
                   L.RDF + "Property", L.OWL + "FunctionalProperty", L.OWL + "TransitiveProperty",
                   L.OWL + "SymmetricProperty", L.OWL + "InverseFunctionalProperty"}
_RELATIONS = [L.RDF + "type", L.RDFS + "subClassOf", L.RDFS + "subPropertyOf", L.OWL + "equivalentClass",
              L.OWL + "equivalentProperty", L.OWL + "inverseOf", L.RDFS + "domain", L.RDFS + "range",
              L.SKOS + "inScheme", L.RDFS + "seeAlso"]


def _by_lang(objects) -> list[tuple[str, str]]:
    order = {code: i for i, code in enumerate(L.LANGUAGES)}
    lits = [o for o in objects if isinstance(o, ox.Literal)]
    lits.sort(key=lambda o: (order.get((o.language or "").lower(), 9), o.language or "", o.value))
    return [((o.language or "").lower(), o.value) for o in lits]


def ontology_view(triples: list[ox.Triple], lang: str) -> OntologyView:
    ns = uris.ontology_namespace(_config().base_uri)
    lab = Labeller(lang, _labels_in(triples))
    props: dict[str, dict[str, list]] = {}
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            props.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    onto_iri = next((s for s, p in props.items()
                     if ox.NamedNode(L.OWL + "Ontology") in p.get(L.RDF + "type", [])), ns.rstrip("#"))
    onto = props.get(onto_iri, {})

    def pick(values) -> str | None:
        found = lab._pick({code: text for code, text in reversed(_by_lang(values))})
        return found[0] if found else None

    title = pick(onto.get(L.DCTERMS + "title", [])) or pick(onto.get(L.RDFS + "label", [])) or onto_iri
    description = pick(onto.get(L.DCTERMS + "description", [])) or pick(onto.get(L.RDFS + "comment", []))
    version = pick(onto.get(L.OWL + "versionInfo", []))
    viri = next((o.value for o in onto.get(L.OWL + "versionIRI", []) if isinstance(o, ox.NamedNode)), None)
    lic = next((lab.ref(o.value) for o in onto.get(L.DCTERMS + "license", []) if isinstance(o, ox.NamedNode)), None)

    classes, properties, individuals = [], [], []
    for subject, p in props.items():
        if not subject.startswith(ns):
            continue
        kinds = {o.value for o in p.get(L.RDF + "type", []) if isinstance(o, ox.NamedNode)}
        relations = []
        for rel in _RELATIONS:
            refs = [Value(ref=lab.ref(o.value)) for o in p.get(rel, []) if isinstance(o, ox.NamedNode)]
            if refs:
                relations.append(Row(lab.ref(rel), sorted(refs, key=lambda v: v.ref.compact)))
        term = Term(ref=lab.ref(subject), anchor=subject[len(ns):],
                    labels=_by_lang(p.get(L.RDFS + "label", [])),
                    comments=_by_lang(p.get(L.RDFS + "comment", [])), relations=relations)
        if kinds & _CLASS_TYPES:
            classes.append(term)
        elif kinds & _PROPERTY_TYPES:
            properties.append(term)
        else:
            individuals.append(term)
    for group in (classes, properties, individuals):
        group.sort(key=lambda t: t.anchor.lower())
    return OntologyView(iri=onto_iri, title=title, description=description, version=version,
                        version_iri=viri, licence=lic, classes=classes, properties=properties,
                        individuals=individuals, other=[])


@dataclass
class ShapeView:
    ref: Ref
    anchor: str
    targets: list[Ref]
    messages: list[str]
    properties: list[tuple[str, list[tuple[Ref, str]]]]   # (path, [(constraint, value)])


def shapes_view(triples: list[ox.Triple], lang: str) -> list[ShapeView]:
    lab = Labeller(lang, _labels_in(triples))
    props: dict[object, dict[str, list]] = {}
    for t in triples:
        props.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)
    SH = L.SH

    def show(term) -> str:
        if isinstance(term, ox.NamedNode):
            return L.compact(term.value, lab.prefixes)
        if isinstance(term, ox.Literal):
            return term.value
        items = _rdf_list(term, props)
        if items is not None:
            return "(" + " ".join(show(i) for i in items) + ")"
        # A blank node other than a list: a path expression or a nested shape.
        inner = props.get(term, {})
        parts = [f"{L.compact(p, lab.prefixes)} {show(v[0])}" for p, v in sorted(inner.items()) if v]
        return "[ " + " ; ".join(parts) + " ]"

    out: list[ShapeView] = []
    node_shape = ox.NamedNode(SH + "NodeShape")
    for subject, p in props.items():
        if not isinstance(subject, ox.NamedNode):
            continue
        if node_shape not in p.get(L.RDF + "type", []) and not any(k.startswith(SH + "target") for k in p):
            continue
        targets = [lab.ref(o.value) for k, vs in p.items() if k.startswith(SH + "target")
                   for o in vs if isinstance(o, ox.NamedNode)]
        messages = [text for _, text in _by_lang(p.get(SH + "message", []))]
        rows = []
        for prop in p.get(SH + "property", []):
            pp = props.get(prop, {})
            path = show(pp[SH + "path"][0]) if pp.get(SH + "path") else "?"
            constraints = [(lab.ref(k), show(v)) for k, vs in sorted(pp.items()) if k != SH + "path" for v in vs]
            rows.append((path, constraints))
        rows.sort(key=lambda r: r[0])
        anchor = subject.value.split("#", 1)[1] if "#" in subject.value else subject.value.rsplit("/", 1)[-1]
        out.append(ShapeView(lab.ref(subject.value), anchor, targets, messages, rows))
    out.sort(key=lambda s: s.anchor.lower())
    return out


def _rdf_list(node, props) -> list | None:
    items = []
    seen = set()
    while node != ox.NamedNode(L.RDF + "nil"):
        if node in seen:
            return None
        seen.add(node)
        p = props.get(node, {})
        first, rest = p.get(L.RDF + "first"), p.get(L.RDF + "rest")
        if not first or not rest:
            return None
        items.append(first[0])
        node = rest[0]
    return items
