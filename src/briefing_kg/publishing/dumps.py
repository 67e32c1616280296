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
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator
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


_UCHAR = re.compile(r"\\u([0-9A-F]{4})")
_RDF_TYPE_NT = nt_iri(RDF.type)


def iri_of(nt: str) -> str:
    """The IRI of an N-Triples IRI term (``<...>``), undoing ``nt_iri``'s escapes."""
    inner = nt[1:-1]
    return _UCHAR.sub(lambda m: chr(int(m.group(1), 16)), inner) if "\\" in inner else inner


# ---------------------------------------------------------------- snapshot

Row = tuple[str, str, str, Term, Term, Term]
"""One triple: the N-Triples strings of subject, predicate, object, then the terms themselves.

Every ordering and every comparison works on the strings (fast, and the
canonical order by definition); the terms are kept for what only they know
(a literal's unescaped text, its language and datatype, for JSON-LD).
"""


@dataclass(frozen=True)
class Snapshot:
    """The dataset in canonical order, taken once and shared by every writer.

    ``graphs`` maps each graph name (``None`` for the default graph) to its
    rows; ``rows`` is their union without repeats. Rows are sorted by the
    N-Triples strings of (subject, predicate, object); graphs by name.
    Two terms that are the same RDF term (``"x"`` and ``"x"^^xsd:string``) are one.
    """

    graphs: dict[URIRef | None, list[Row]]
    rows: list[Row]

    @property
    def quad_count(self) -> int:
        return sum(len(rows) for rows in self.graphs.values())


def _sorted_rows(triples: Iterable[Triple], enc: _Encoder) -> dict[tuple[str, str, str], Row]:
    rows: dict[tuple[str, str, str], Row] = {}
    for s, p, o in triples:
        key = (enc[s], enc[p], enc[o])
        if key not in rows:
            rows[key] = (*key, s, p, o)
    return rows


def rows_of(triples: Iterable[Triple]) -> list[Row]:
    """A small graph's triples as sorted rows (the catalog, the VoID description)."""
    return sorted(_sorted_rows(triples, _Encoder()).values())


def take_snapshot(dataset: Dataset) -> Snapshot:
    """Read every graph of ``dataset`` once and sort it; refuses blank nodes, naming them."""
    enc = _Encoder()
    per_graph: dict[URIRef | None, dict[tuple[str, str, str], Row]] = {}
    for graph in dataset.graphs():
        ident = graph.identifier
        name = None if ident == DATASET_DEFAULT_GRAPH_ID else ident
        if isinstance(name, BNode):
            raise PublishError(f"graph named by a blank node _:{name}: named graphs need IRIs")
        rows = _sorted_rows(graph, enc)
        if rows:
            per_graph.setdefault(name, {}).update(rows)
    order = sorted(per_graph, key=lambda g: "" if g is None else enc[g])
    union: dict[tuple[str, str, str], Row] = {}
    for rows in per_graph.values():
        union.update(rows)
    # Tuples of distinct strings: the sort never reaches the terms.
    return Snapshot(graphs={g: sorted(per_graph[g].values()) for g in order}, rows=sorted(union.values()))


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
        """``prefix:local`` for an IRI (a plain string), or ``None``."""
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        name = self._by_namespace.get(iri[:cut]) if cut else None
        return f"{name}:{iri[cut:]}" if name is not None and _LOCAL_NAME.match(iri[cut:]) else None

    def shorten_nt(self, nt: str) -> str | None:
        """The same for an N-Triples IRI (``<...>``), cached by that string."""
        try:
            return self._cache[nt]
        except KeyError:
            short = self._cache[nt] = None if "\\" in nt else self.shorten(nt[1:-1])
            return short

    def used(self, rows: Iterable[Row]) -> dict[str, str]:
        """The prefixes that Turtle of ``rows`` needs (``rdf:type`` as a predicate is ``a``), sorted by name."""
        iris: set[str] = set()
        for s, p, o, *_ in rows:
            iris.add(s)
            if p != _RDF_TYPE_NT:
                iris.add(p)
            if o[0] == "<":
                iris.add(o)
            elif o[-1] == ">":
                iris.add(o[o.rfind("^^<") + 2:])
        names = {short.split(":", 1)[0] for short in map(self.shorten_nt, iris) if short}
        return {n: self.prefixes[n] for n in sorted(names)}


# ---------------------------------------------------------------- line formats


def nquads(snapshot: Snapshot) -> Iterator[str]:
    """N-Quads, one statement per line, lines sorted (code-point order)."""
    lines = []
    for g, rows in snapshot.graphs.items():
        tail = " .\n" if g is None else f" {nt_iri(g)} .\n"
        lines.extend(f"{r[0]} {r[1]} {r[2]}{tail}" for r in rows)
    lines.sort()
    yield from lines


def ntriples(snapshot: Snapshot) -> Iterator[str]:
    """N-Triples of the union, one statement per line, lines sorted."""
    lines = [f"{r[0]} {r[1]} {r[2]} .\n" for r in snapshot.rows]
    lines.sort()
    yield from lines


# ---------------------------------------------------------------- Turtle, TriG


def _turtle_term(nt: str, prefixer: Prefixer) -> str:
    """A term in Turtle, from its N-Triples form: IRIs and datatypes shortened where a prefix fits."""
    if nt[0] == "<":
        return prefixer.shorten_nt(nt) or nt
    if nt[-1] == ">":  # a typed literal: "lexical"^^<datatype>
        cut = nt.rfind("^^<")
        datatype = nt[cut + 2:]
        return f"{nt[:cut]}^^{prefixer.shorten_nt(datatype) or datatype}"
    return nt


def _turtle_block(rows: list[Row], prefixer: Prefixer, indent: str) -> Iterator[str]:
    """Statements grouped by subject, ``a`` first, then predicates and objects in sorted order."""
    pad1, pad2 = indent + "    ", indent + "        "
    for subject, by_subject in groupby(rows, key=lambda r: r[0]):
        by_predicate = [(p, [r[2] for r in group]) for p, group in groupby(by_subject, key=lambda r: r[1])]
        by_predicate.sort(key=lambda item: item[0] != _RDF_TYPE_NT)  # stable: rdf:type first
        parts = []
        for p, objects in by_predicate:
            verb = "a" if p == _RDF_TYPE_NT else _turtle_term(p, prefixer)
            parts.append(f"{verb} " + f",\n{pad2}".join(_turtle_term(o, prefixer) for o in objects))
        yield f"{indent}{_turtle_term(subject, prefixer)} " + f" ;\n{pad1}".join(parts) + " .\n\n"


def _prefix_lines(used: dict[str, str]) -> Iterator[str]:
    for name, ns in used.items():
        yield f"@prefix {name}: {nt_iri(ns)} .\n"
    yield "\n"


def turtle(rows: list[Row], prefixes: dict[str, str]) -> Iterator[str]:
    """Turtle of ``rows`` (already in canonical order)."""
    prefixer = Prefixer(prefixes)
    yield from _prefix_lines(prefixer.used(rows))
    yield from _turtle_block(rows, prefixer, "")


def trig(snapshot: Snapshot, prefixes: dict[str, str]) -> Iterator[str]:
    """TriG: one block per named graph, graphs in IRI order (the default graph, if any, first)."""
    prefixer = Prefixer(prefixes)
    yield from _prefix_lines(prefixer.used(r for rows in snapshot.graphs.values() for r in rows))
    for name, rows in snapshot.graphs.items():
        yield "{\n" if name is None else f"{nt_iri(name)} {{\n"
        yield from _turtle_block(rows, prefixer, "    ")
        yield "}\n\n"


# ---------------------------------------------------------------- JSON-LD


def jsonld_context(prefixes: dict[str, str]) -> dict[str, str]:
    """The JSON-LD context: simple prefix definitions, sorted (every IRI ends in / or #, so each is a prefix)."""
    return dict(sorted(prefixes.items()))


def jsonld_nodes(rows: list[Row], context: dict[str, str]) -> Iterator[dict]:
    """The node objects of compact JSON-LD for ``rows``, one per subject, in subject order.

    Keys follow predicate IRI order (``@id``, ``@type`` first), values their
    N-Triples order; a single value is not wrapped in a list. Plain strings
    are JSON strings; tagged strings and typed values are value objects, so
    the lexical forms survive exactly. IRIs are shortened with the context's
    prefixes.
    """
    prefixer = Prefixer(context)

    def iri(nt: str, term: Term) -> str:
        return prefixer.shorten_nt(nt) or str(term)

    def value(nt: str, term: Term) -> object:
        if nt[0] == "<":
            return {"@id": iri(nt, term)}
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if nt[-1] != ">":
            return str(term)
        datatype = str(term.datatype)
        return {"@value": str(term), "@type": prefixer.shorten(datatype) or datatype}

    def single(values: list) -> object:
        return values[0] if len(values) == 1 else values

    for _, by_subject in groupby(rows, key=lambda r: r[0]):
        by_subject = list(by_subject)
        node: dict[str, object] = {"@id": iri(by_subject[0][0], by_subject[0][3])}
        properties: list[tuple[str, object]] = []
        for p, group in groupby(by_subject, key=lambda r: r[1]):
            group = list(group)
            if p == _RDF_TYPE_NT and all(r[2][0] == "<" for r in group):
                node["@type"] = single([iri(r[2], r[5]) for r in group])
            else:
                properties.append((iri(p, group[0][4]), single([value(r[2], r[5]) for r in group])))
        node.update(properties)
        yield node


def jsonld_document(rows: list[Row], context: dict[str, str]) -> dict:
    """Compact JSON-LD as one object: ``{"@context": {...inline...}, "@graph": [node, ...]}``."""
    return {"@context": context, "@graph": list(jsonld_nodes(rows, context))}


def jsonld_lines(rows: list[Row], context: dict[str, str]) -> Iterator[str]:
    """The same document as text, streamed: the context indented, then one node object per line.

    ``json.dumps`` with an indent runs in pure Python; one line per node keeps
    the C encoder (several times faster on a large graph) and still diffs well.
    """
    context_text = json.dumps(context, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    yield '{\n  "@context": ' + context_text + ',\n  "@graph": ['
    separator = "\n    "
    for node in jsonld_nodes(rows, context):
        yield separator + json.dumps(node, ensure_ascii=False)
        separator = ",\n    "
    yield "\n  ]\n}\n"


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
        chunks = turtle(snapshot.rows, prefixes)
    elif spec.format is formats.JSON_LD:
        chunks = jsonld_lines(snapshot.rows, jsonld_context(prefixes))
    else:  # pragma: no cover - DUMPS lists only the formats above
        raise PublishError(f"no writer for {spec.format.label}")
    return write_text(path, chunks, spec.format.media_type)


def write_context(folder: Path, prefixes: dict[str, str]) -> FileInfo:
    """``context.jsonld``: the context that ``briefing-kg.jsonld`` carries inline, as a file of its own."""
    return write_text(folder / CONTEXT_FILE, [json_text({"@context": jsonld_context(prefixes)})],
                      formats.JSON_LD.media_type)


def graph_turtle(triples: Iterable[Triple], prefixes: dict[str, str]) -> str:
    """A small graph (the catalog, the VoID description) as Turtle text, in canonical order."""
    return "".join(turtle(rows_of(triples), prefixes))


def graph_jsonld(triples: Iterable[Triple], prefixes: dict[str, str]) -> str:
    """A small graph as compact JSON-LD text with its context inline."""
    return json_text(jsonld_document(rows_of(triples), jsonld_context(prefixes)))
