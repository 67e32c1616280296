"""The graph as files: sorted N-Quads and N-Triples, stable Turtle and TriG, compact JSON-LD.

Every writer here is deterministic: the same dataset gives the same bytes,
whatever order rdflib happens to hold its triples in. rdflib's own Turtle and
JSON-LD serialisers do not promise that (prefix bindings and subject order
follow the store), so these writers are our own and small:

- terms are encoded once in canonical N-Triples form (``nt_term``) and every
  ordering is the code-point order of those strings;
- N-Quads and N-Triples are those sorted lines (so their hash is a content hash);
- Turtle and TriG group the same order by subject, ``rdf:type`` first, and
  declare only the prefixes they use, sorted;
- JSON-LD is compact, with its context inline (no ``@context`` URL, so no
  client ever fetches anything), node objects sorted by ``@id``.

No blank nodes: the contract forbids them, and their labels would make two
builds of the same data differ; a dataset with one is refused.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD

from .. import formats
from ..errors import BriefingError
from ..uris import KINDS
from ..vocab import prefixes as model_prefixes

Term = URIRef | Literal
Triple = tuple[URIRef, URIRef, Term]

_RDF_TYPE = RDF.type
_XSD_STRING = XSD.string


class PublishError(BriefingError):
    """The dataset cannot be published as it is (a blank node, an unwritable folder...)."""


# ---------------------------------------------------------------- the files


@dataclass(frozen=True)
class DumpSpec:
    """One dump of the graph: its file name, format and what it holds."""

    name: str
    format: formats.Format
    holds: str            # "graphs": every named graph; "union": the union of them
    eu_file_type: str     # code in http://publications.europa.eu/resource/authority/file-type
    w3c_format: str       # http://www.w3.org/ns/formats/ IRI, for void:feature


DUMP_STEM = "briefing-kg"
DUMPS: tuple[DumpSpec, ...] = (
    DumpSpec(f"{DUMP_STEM}.nq", formats.N_QUADS, "graphs", "RDF_N_QUADS", "http://www.w3.org/ns/formats/N-Quads"),
    DumpSpec(f"{DUMP_STEM}.trig", formats.TRIG, "graphs", "RDF_TRIG", "http://www.w3.org/ns/formats/TriG"),
    DumpSpec(f"{DUMP_STEM}.nt", formats.N_TRIPLES, "union", "RDF_N_TRIPLES", "http://www.w3.org/ns/formats/N-Triples"),
    DumpSpec(f"{DUMP_STEM}.ttl", formats.TURTLE, "union", "RDF_TURTLE", "http://www.w3.org/ns/formats/Turtle"),
    DumpSpec(f"{DUMP_STEM}.jsonld", formats.JSON_LD, "union", "JSON_LD", "http://www.w3.org/ns/formats/JSON-LD"),
)
CONTEXT_FILE = "context.jsonld"
GZIP_MEDIA_TYPE = "application/gzip"


@dataclass(frozen=True)
class FileInfo:
    """A written file: what ``build.json`` and the DCAT distributions say about it."""

    name: str
    bytes: int
    sha256: str
    media_type: str                     # the format of the content
    compress_format: str | None = None  # "application/gzip" for the .gz files

    def as_json(self) -> dict:
        row = {"name": self.name, "bytes": self.bytes, "sha256": self.sha256, "media_type": self.media_type}
        if self.compress_format:
            row["compress_format"] = self.compress_format
        return row


# ---------------------------------------------------------------- terms

# Canonical N-Triples escapes (RDF 1.1/1.2): ECHAR for these, \uXXXX for other controls.
_STRING_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
for _c in [*range(0x00, 0x20), 0x7F]:
    _STRING_ESCAPES.setdefault(_c, f"\\u{_c:04X}")
# Characters an IRIREF may not hold literally.
_IRI_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x00, 0x21), *map(ord, '<>"{}|^`\\')]}
del _c


def escape_string(text: str) -> str:
    return text.translate(_STRING_ESCAPES)


def nt_iri(iri: str) -> str:
    return f"<{iri.translate(_IRI_ESCAPES)}>"


def nt_term(term: Term) -> str:
    """The canonical N-Triples form of an IRI or a literal (``xsd:string`` left implicit)."""
    if isinstance(term, URIRef):
        return nt_iri(term)
    if isinstance(term, Literal):
        body = f'"{escape_string(str(term))}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is None or term.datatype == _XSD_STRING:
            return body
        return f"{body}^^{nt_iri(term.datatype)}"
    if isinstance(term, BNode):
        raise PublishError(f"blank node _:{term} in the graph: the published graph has no blank nodes "
                           "(give the node an IRI in the mapping)")
    raise PublishError(f"cannot publish the term {term!r}")


class _Encoder(dict):
    """Term -> N-Triples string, computed once per term."""

    def __missing__(self, term: Term) -> str:
        value = self[term] = nt_term(term)
        return value


# ---------------------------------------------------------------- snapshot


@dataclass(frozen=True)
class Snapshot:
    """The dataset in canonical order, taken once and shared by every writer.

    ``graphs`` maps each graph name (``None`` for the default graph) to its
    triples; ``triples`` is their union without repeats. All lists are in the
    code-point order of the N-Triples encoding of (subject, predicate, object).
    """

    graphs: dict[URIRef | None, list[Triple]]
    triples: list[Triple]
    encode: Callable[[Term], str]

    @property
    def quad_count(self) -> int:
        return sum(len(t) for t in self.graphs.values())


def take_snapshot(dataset: Dataset) -> Snapshot:
    """Read every quad of ``dataset`` once and sort it; refuses blank nodes."""
    enc = _Encoder()
    per_graph: dict[URIRef | None, set[Triple]] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = None if g is None or g == DATASET_DEFAULT_GRAPH_ID else g
        if isinstance(name, BNode):
            raise PublishError(f"graph named by a blank node _:{name}: named graphs need IRIs")
        enc[s], enc[p], enc[o]  # refuses blank nodes early, with the node named
        per_graph.setdefault(name, set()).add((s, p, o))

    def key(t: Triple) -> tuple[str, str, str]:
        return enc[t[0]], enc[t[1]], enc[t[2]]

    graph_order = sorted(per_graph, key=lambda g: "" if g is None else enc[g])
    graphs = {g: sorted(per_graph[g], key=key) for g in graph_order}
    union: set[Triple] = set()
    for triples in graphs.values():
        union.update(triples)
    return Snapshot(graphs=graphs, triples=sorted(union, key=key), encode=enc.__getitem__)


# ---------------------------------------------------------------- prefixes


def dump_prefixes(base: str) -> dict[str, str]:
    """Prefixes of the dumps: the model's namespaces plus one per URI kind (``person:`` = ``{base}id/person/``)."""
    table = dict(model_prefixes(base))
    for kind in KINDS:
        table.setdefault(kind, f"{base}id/{kind}/")
    return dict(sorted(table.items()))


_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")


class Prefixer:
    """Shortens IRIs to ``prefix:local`` where the local part is plainly safe in Turtle and JSON-LD."""

    def __init__(self, prefixes: dict[str, str]):
        self._by_namespace = {ns: name for name, ns in prefixes.items()}
        self.prefixes = prefixes
        self._cache: dict[str, str | None] = {}

    def shorten(self, iri: str) -> str | None:
        try:
            return self._cache[iri]
        except KeyError:
            pass
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        name = self._by_namespace.get(iri[:cut]) if cut else None
        short = f"{name}:{iri[cut:]}" if name is not None and _LOCAL_NAME.match(iri[cut:]) else None
        self._cache[iri] = short
        return short

    def used(self, terms: Iterable[Term]) -> dict[str, str]:
        """The prefixes that ``terms`` (IRIs and literal datatypes) need, sorted by name."""
        names: set[str] = set()
        for term in terms:
            iri = term.datatype if isinstance(term, Literal) else term
            if iri is None or iri == _XSD_STRING:
                continue
            short = self.shorten(iri)
            if short:
                names.add(short.split(":", 1)[0])
        return {n: self.prefixes[n] for n in sorted(names)}


# ---------------------------------------------------------------- line formats


def nquads(snapshot: Snapshot) -> Iterator[str]:
    """N-Quads, one statement per line, lines sorted (code-point order)."""
    enc = snapshot.encode
    lines = []
    for g, triples in snapshot.graphs.items():
        tail = " ." if g is None else f" {enc(g)} ."
        lines.extend(f"{enc(s)} {enc(p)} {enc(o)}{tail}\n" for s, p, o in triples)
    lines.sort()
    yield from lines


def ntriples(snapshot: Snapshot) -> Iterator[str]:
    """N-Triples of the union, one statement per line, lines sorted."""
    enc = snapshot.encode
    lines = [f"{enc(s)} {enc(p)} {enc(o)} .\n" for s, p, o in snapshot.triples]
    lines.sort()
    yield from lines


# ---------------------------------------------------------------- Turtle, TriG


def _turtle_term(term: Term, prefixer: Prefixer, encode: Callable[[Term], str]) -> str:
    if isinstance(term, URIRef):
        return prefixer.shorten(term) or encode(term)
    if term.language or term.datatype is None or term.datatype == _XSD_STRING:
        return encode(term)
    lexical = f'"{escape_string(str(term))}"'
    return f"{lexical}^^{prefixer.shorten(term.datatype) or nt_iri(term.datatype)}"


def _turtle_block(triples: list[Triple], prefixer: Prefixer, encode, indent: str) -> Iterator[str]:
    """Statements grouped by subject, ``a`` first, then predicates and objects in sorted order."""
    pad1, pad2 = indent + "    ", indent + "        "
    for subject, rows in groupby(triples, key=lambda t: t[0]):
        by_predicate = [(p, [o for _, _, o in group]) for p, group in groupby(rows, key=lambda t: t[1])]
        by_predicate.sort(key=lambda item: item[0] != _RDF_TYPE)  # stable: rdf:type first
        parts = []
        for p, objects in by_predicate:
            verb = "a" if p == _RDF_TYPE else _turtle_term(p, prefixer, encode)
            rendered = [_turtle_term(o, prefixer, encode) for o in objects]
            parts.append(f"{verb} " + f",\n{pad2}".join(rendered))
        yield f"{indent}{_turtle_term(subject, prefixer, encode)} " + f" ;\n{pad1}".join(parts) + " .\n\n"


def _prefix_lines(used: dict[str, str]) -> Iterator[str]:
    for name, ns in used.items():
        yield f"@prefix {name}: {nt_iri(ns)} .\n"
    yield "\n"


def _terms(triples: Iterable[Triple]) -> Iterator[Term]:
    """The terms Turtle spells out (``rdf:type`` as a predicate is written ``a``)."""
    for s, p, o in triples:
        yield s
        if p != _RDF_TYPE:
            yield p
        yield o


def turtle(triples: list[Triple], prefixes: dict[str, str], encode: Callable[[Term], str] = nt_term) -> Iterator[str]:
    """Turtle of ``triples`` (already in canonical order)."""
    prefixer = Prefixer(prefixes)
    yield from _prefix_lines(prefixer.used(_terms(triples)))
    yield from _turtle_block(triples, prefixer, encode, "")


def trig(snapshot: Snapshot, prefixes: dict[str, str]) -> Iterator[str]:
    """TriG: one block per named graph, graphs in IRI order (the default graph, if any, first)."""
    prefixer = Prefixer(prefixes)
    used = prefixer.used(t for triples in snapshot.graphs.values() for t in _terms(triples))
    yield from _prefix_lines(used)
    for name, triples in snapshot.graphs.items():
        head = "{\n" if name is None else f"{snapshot.encode(name)} {{\n"
        yield head
        yield from _turtle_block(triples, prefixer, snapshot.encode, "    ")
        yield "}\n\n"


# ---------------------------------------------------------------- JSON-LD


def jsonld_context(prefixes: dict[str, str]) -> dict[str, str]:
    """The JSON-LD context: simple prefix definitions, sorted (every IRI ends in / or #, so each is a prefix)."""
    return dict(sorted(prefixes.items()))


def jsonld_document(triples: list[Triple], context: dict[str, str],
                    encode: Callable[[Term], str] = nt_term) -> dict:
    """Compact JSON-LD: ``{"@context": {...inline...}, "@graph": [node, ...]}``.

    Nodes are sorted by subject, keys by predicate IRI (``@id``, ``@type``
    first), values by their N-Triples form; a single value is not wrapped in
    a list. Plain strings are JSON strings; tagged strings and typed values
    are value objects, so the lexical forms survive exactly.
    """
    prefixer = Prefixer(context)

    def iri(value: str) -> str:
        return prefixer.shorten(value) or value

    def value(term: Term) -> object:
        if isinstance(term, URIRef):
            return {"@id": iri(term)}
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype is None or term.datatype == _XSD_STRING:
            return str(term)
        return {"@value": str(term), "@type": iri(term.datatype)}

    def single(values: list) -> object:
        return values[0] if len(values) == 1 else values

    nodes = []
    for subject, rows in groupby(triples, key=lambda t: t[0]):
        node: dict[str, object] = {"@id": iri(subject)}
        properties: list[tuple[str, list]] = []
        for p, group in groupby(rows, key=lambda t: t[1]):
            objects = [o for _, _, o in group]
            if p == _RDF_TYPE and all(isinstance(o, URIRef) for o in objects):
                node["@type"] = single([iri(o) for o in objects])
            else:
                properties.append((iri(p), [value(o) for o in objects]))
        for key, values in properties:
            node[key] = single(values)
        nodes.append(node)
    return {"@context": context, "@graph": nodes}


def json_text(document: object) -> str:
    """JSON as we write it everywhere: UTF-8 text, two-space indent, final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- writing files

_CHUNK = 1 << 16


def write_text(path: Path, chunks: Iterable[str], media_type: str) -> FileInfo:
    """Write ``chunks`` as UTF-8 to ``path``, hashing as it goes; fsync before returning."""
    digest = hashlib.sha256()
    size = 0
    buffer: list[str] = []
    buffered = 0
    with open(path, "wb") as handle:
        def flush() -> None:
            nonlocal size, buffered
            data = "".join(buffer).encode("utf-8")
            buffer.clear()
            buffered = 0
            digest.update(data)
            size += len(data)
            handle.write(data)

        for chunk in chunks:
            buffer.append(chunk)
            buffered += len(chunk)
            if buffered >= _CHUNK:
                flush()
        flush()
        handle.flush()
        os.fsync(handle.fileno())
    return FileInfo(path.name, size, digest.hexdigest(), media_type)


def write_gzip(source: Path, media_type: str) -> FileInfo:
    """``source`` + ``.gz``: no file name and a zero timestamp in the header, so equal input gives equal bytes."""
    target = source.with_name(source.name + ".gz")
    with open(source, "rb") as plain, open(target, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as packed:
            shutil.copyfileobj(plain, packed, _CHUNK)
        raw.flush()
        os.fsync(raw.fileno())
    return FileInfo(target.name, target.stat().st_size, sha256_file(target), media_type, GZIP_MEDIA_TYPE)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_dump(spec: DumpSpec, snapshot: Snapshot, folder: Path, prefixes: dict[str, str]) -> FileInfo:
    """Write one dump of the graph into ``folder``."""
    path = folder / spec.name
    if spec.format is formats.N_QUADS:
        chunks: Iterable[str] = nquads(snapshot)
    elif spec.format is formats.N_TRIPLES:
        chunks = ntriples(snapshot)
    elif spec.format is formats.TRIG:
        chunks = trig(snapshot, prefixes)
    elif spec.format is formats.TURTLE:
        chunks = turtle(snapshot.triples, prefixes, snapshot.encode)
    elif spec.format is formats.JSON_LD:
        chunks = [json_text(jsonld_document(snapshot.triples, jsonld_context(prefixes), snapshot.encode))]
    else:  # pragma: no cover - DUMPS lists only the formats above
        raise PublishError(f"no writer for {spec.format.label}")
    return write_text(path, chunks, spec.format.media_type)


def write_context(folder: Path, prefixes: dict[str, str]) -> FileInfo:
    """``context.jsonld``: the context that ``briefing-kg.jsonld`` carries inline, as a file of its own."""
    return write_text(folder / CONTEXT_FILE, [json_text({"@context": jsonld_context(prefixes)})],
                      formats.JSON_LD.media_type)


def graph_turtle(triples: Iterable[Triple], prefixes: dict[str, str]) -> str:
    """A small graph (the catalog, the VoID description) as Turtle text, in canonical order."""
    enc = _Encoder()
    ordered = sorted(triples, key=lambda t: (enc[t[0]], enc[t[1]], enc[t[2]]))
    out = io.StringIO()
    for chunk in turtle(ordered, prefixes, enc.__getitem__):
        out.write(chunk)
    return out.getvalue()


def graph_jsonld(triples: Iterable[Triple], prefixes: dict[str, str]) -> str:
    """A small graph as compact JSON-LD text with its context inline."""
    enc = _Encoder()
    ordered = sorted(triples, key=lambda t: (enc[t[0]], enc[t[1]], enc[t[2]]))
    return json_text(jsonld_document(ordered, jsonld_context(prefixes), enc.__getitem__))
