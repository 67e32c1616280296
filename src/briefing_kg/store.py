"""The store the server reads: one interface, an embedded and a remote backend.

``Store`` is all the web layer sees. ``EmbeddedStore`` is pyoxigraph on disk
(one folder per build under ``config.store_dir``, opened read-only by each
server worker); ``RemoteStore`` is an external SPARQL 1.1 server reached with
SPARQLWrapper. Both answer the same queries with the same bytes-level
formats, so a page or the SPARQL endpoint cannot tell which one it has.

Why the embedded store runs client queries in a child process: pyoxigraph
has no timeout and no cancel, and it aborts the whole process on some
pathological queries. A per-worker child that can be killed turns both into
an answer (504, or 500 for a crash) while the worker keeps serving. Queries
the server itself writes (entity pages) are small and trusted, so they run in
process on a read-only handle (``select``/``ask``/``construct``).

The published dataset's default graph is the union of all its named graphs,
materialised at load time: querying through a union-default-graph view is up
to 1,600x slower on joins (``PERFORMANCE.md``).
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import select
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence
from xml.sax.saxutils import escape as xml_escape, quoteattr

import pyoxigraph as ox

from . import formats
from .config import Config
from .errors import StoreError
from .uris import graph_uri

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"

TRIG_FILE = "briefing-kg.trig"
UNION_FILE = "briefing-kg.nt"
CATALOG_FILES = ("catalog.ttl", "void.ttl")
BUILD_INFO = "build.json"
CURRENT = "current.json"

# Graph names that cannot exist in any store: an unknown graph in a dataset
# parameter is replaced by it, so it reads as the empty graph it is, and no
# store is ever asked to resolve (fetch) a name it does not hold.
EMPTY_GRAPH = "urn:briefing-kg:empty-graph"


# --------------------------------------------------------------------------- errors


class InvalidQuery(StoreError):
    """The query does not parse; the message is the parser's (400)."""


class QueryTimeout(StoreError):
    """The query ran past the time limit and was stopped (504)."""


class QueryAborted(StoreError):
    """The query engine died on this query (500: a query our guard should have refused)."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened (503)."""


class NoBuild(StoreError):
    """There is no published build where one is needed: run ``briefing-kg build`` (exit 2)."""

    exit_code = 2


# --------------------------------------------------------------------------- results


SELECT, ASK, GRAPH = "SELECT", "ASK", "GRAPH"
"""Result kinds: solutions, a boolean, triples (CONSTRUCT and DESCRIBE)."""


@dataclass(frozen=True)
class Dataset:
    """An RDF dataset given by the protocol (``default-graph-uri``, ``named-graph-uri``).

    ``None`` for a part means "as the query or the store says".
    """

    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None

    @property
    def given(self) -> bool:
        return self.default_graphs is not None or self.named_graphs is not None

    def protocol_parts(self) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
        """Default and named graphs as SPARQL 1.1 defines them when the protocol gives a dataset.

        A dataset given by the protocol replaces the query's (FROM / FROM NAMED):
        with only named graphs the default graph is empty, with only default
        graphs there are no named graphs (SPARQL 1.1 Query, 13.2).
        """
        if not self.given:
            return None, None
        return (self.default_graphs or (), self.named_graphs or ())

    def restricted_to(self, known: Iterable[str]) -> "Dataset":
        """The same dataset with graphs the store does not hold read as empty."""
        known = set(known)

        def fix(graphs: tuple[str, ...] | None) -> tuple[str, ...] | None:
            if graphs is None:
                return None
            return tuple(dict.fromkeys(g if g in known else EMPTY_GRAPH for g in graphs))

        return Dataset(fix(self.default_graphs), fix(self.named_graphs))


@dataclass(frozen=True)
class QueryResult:
    """A serialised answer: what kind, in which format, the bytes, and whether it was cut."""

    kind: str
    format: formats.Format
    body: bytes
    truncated: bool = False
    count: int | None = None
    """Rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in ``body``."""


def _term_json(term: Any) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        else:
            dt = term.datatype.value
            if dt != XSD_STRING:
                out["datatype"] = dt
        return out
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                             "predicate": _term_json(term.predicate),
                                             "object": _term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _term_xml(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(term.value)}</literal>"
        dt = term.datatype.value
        if dt != XSD_STRING:
            return f"<literal datatype={quoteattr(dt)}>{xml_escape(term.value)}</literal>"
        return f"<literal>{xml_escape(term.value)}</literal>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return ("<triple><subject>" + _term_xml(term.subject) + "</subject><predicate>"
                + _term_xml(term.predicate) + "</predicate><object>" + _term_xml(term.object)
                + "</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def _term_csv(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        value = term.value
    elif isinstance(term, ox.BlankNode):
        value = "_:" + term.value
    else:
        value = str(term)
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _xml_head(variables: Sequence[str]) -> str:
    return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
            + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>")


def write_solutions(variables: Sequence[str], rows: Iterable[Sequence[Any]], fmt: formats.Format,
                    *, max_rows: int | None = None) -> tuple[bytes, bool, int]:
    """Serialise SELECT solutions, cut after ``max_rows``; returns (body, truncated, rows written).

    pyoxigraph's own serialiser cannot stop early, and the cap must be exact
    and say so, hence these few lines per format.
    """
    truncated = False
    taken: list[Sequence[Any]] = []
    for row in rows:
        if max_rows is not None and len(taken) >= max_rows:
            truncated = True
            break
        taken.append(row)
    if fmt is formats.SPARQL_JSON:
        bindings = []
        for row in taken:
            b = {}
            for var, term in zip(variables, row):
                if term is not None:
                    b[var] = _term_json(term)
            bindings.append(b)
        # "truncated" goes before "results": streaming parsers (pyoxigraph's
        # among them) refuse keys after the bindings, and see the flag first.
        doc: dict[str, Any] = {"head": {"vars": list(variables)}}
        if truncated:
            doc["truncated"] = True
        doc["results"] = {"bindings": bindings}
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    elif fmt is formats.SPARQL_XML:
        parts = [_xml_head(variables), "<results>"]
        for row in taken:
            parts.append("<result>")
            for var, term in zip(variables, row):
                if term is not None:
                    parts.append(f"<binding name={quoteattr(var)}>{_term_xml(term)}</binding>")
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        body = "".join(parts).encode()
    elif fmt is formats.CSV:
        lines = [",".join(variables)]
        lines.extend(",".join(_term_csv(t) for t in row) for row in taken)
        body = ("\r\n".join(lines) + "\r\n").encode()
    elif fmt is formats.TSV:
        lines = ["\t".join("?" + v for v in variables)]
        lines.extend("\t".join("" if t is None else str(t) for t in row) for row in taken)
        body = ("\n".join(lines) + "\n").encode()
    else:
        raise ValueError(f"{fmt.label} is not a SPARQL results format")
    return body, truncated, len(taken)


def write_boolean(value: bool, fmt: formats.Format) -> bytes:
    text = "true" if value else "false"
    if fmt is formats.SPARQL_JSON:
        return b'{"head":{},"boolean":' + text.encode() + b"}"
    if fmt is formats.SPARQL_XML:
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{text}</boolean></sparql>\n").encode()
    if fmt in (formats.CSV, formats.TSV):
        return text.encode() + b"\n"
    raise ValueError(f"{fmt.label} is not a SPARQL results format")


def endpoint_iri(base_uri: str) -> str:
    """The SPARQL endpoint's address, also the base IRI of relative IRIs in queries
    (the protocol lets the service choose; "it MAY be the service endpoint")."""
    return f"{base_uri}sparql"


def common_prefixes(base_uri: str) -> dict[str, str]:
    """Prefixes that make Turtle and TriG answers readable."""
    return {
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "owl": "http://www.w3.org/2002/07/owl#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "schema": "https://schema.org/",
        "org": "http://www.w3.org/ns/org#",
        "prov": "http://www.w3.org/ns/prov#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "dcterms": "http://purl.org/dc/terms/",
        "dcat": "http://www.w3.org/ns/dcat#",
        "void": "http://rdfs.org/ns/void#",
        "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
        "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
        "bkg": f"{base_uri}ontology#",
    }


def write_graph(triples: Iterable[ox.Triple], fmt: formats.Format, *, max_rows: int | None = None,
                prefixes: dict[str, str] | None = None) -> tuple[bytes, bool, int]:
    """Serialise CONSTRUCT/DESCRIBE triples, cut after ``max_rows``."""
    if fmt.kind != formats.RDF or fmt.oxigraph is None:
        raise ValueError(f"{fmt.label} is not an RDF format")
    taken: list[ox.Triple] = []
    truncated = False
    for t in triples:
        if max_rows is not None and len(taken) >= max_rows:
            truncated = True
            break
        taken.append(t)
    use_prefixes = prefixes if fmt in (formats.TURTLE, formats.TRIG, formats.RDF_XML) else None
    body = ox.serialize(taken, format=fmt.oxigraph, prefixes=use_prefixes)
    return body, truncated, len(taken)


def serialize_result(result: Any, fmt: formats.Format, *, max_rows: int | None,
                     prefixes: dict[str, str] | None) -> QueryResult:
    """Turn a pyoxigraph query result into a :class:`QueryResult` in ``fmt``.

    When ``fmt`` does not fit the result's kind (a graph asked in CSV) the
    kind's default format is used; the web layer negotiates before asking, so
    this only happens when it could not know the kind.
    """
    if isinstance(result, ox.QueryBoolean):
        if fmt.kind != formats.RESULTS:
            fmt = formats.BOOLEAN_FORMATS[0]
        return QueryResult(ASK, fmt, write_boolean(bool(result), fmt))
    if isinstance(result, ox.QuerySolutions):
        if fmt.kind != formats.RESULTS:
            fmt = formats.SOLUTION_FORMATS[0]
        variables = [v.value for v in result.variables]
        rows = ([s[i] for i in range(len(variables))] for s in result)
        body, truncated, n = write_solutions(variables, rows, fmt, max_rows=max_rows)
        return QueryResult(SELECT, fmt, body, truncated, n)
    if fmt not in formats.GRAPH_RESULT_FORMATS and fmt not in formats.RDF_FORMATS:
        fmt = formats.GRAPH_RESULT_FORMATS[0]
    body, truncated, n = write_graph(result, fmt, max_rows=max_rows, prefixes=prefixes)
    return QueryResult(GRAPH, fmt, body, truncated, n)


def _named(graphs: Sequence[str] | None) -> list[ox.NamedNode] | None:
    return None if graphs is None else [ox.NamedNode(g) for g in graphs]


def evaluate(store: ox.Store, sparql: str, fmt: formats.Format, *, dataset: Dataset = Dataset(),
            max_rows: int | None = None, base_iri: str | None = None,
            prefixes: dict[str, str] | None = None) -> QueryResult:
    """Run one query on an open pyoxigraph store and serialise the answer."""
    default_graphs, named_graphs = dataset.protocol_parts()
    try:
        result = store.query(sparql, base_iri=base_iri, default_graph=_named(default_graphs),
                             named_graphs=_named(named_graphs))
        return serialize_result(result, fmt, max_rows=max_rows, prefixes=prefixes)
    except SyntaxError as error:
        raise InvalidQuery(str(error)) from None
    except ValueError as error:
        # pyoxigraph raises ValueError for IRIs and terms it refuses at evaluation
        raise InvalidQuery(str(error)) from None


# --------------------------------------------------------------------------- interface


class Store(ABC):
    """What the web layer may ask of a store.

    ``execute`` answers client queries (serialised, capped, time-limited);
    ``query`` (as pyoxigraph's ``Store.query``), ``select``, ``ask`` and
    ``construct`` answer the server's own queries with pyoxigraph terms,
    whichever backend is in use.
    """

    build_id: str
    base_uri: str

    @abstractmethod
    def execute(self, sparql: str, fmt: formats.Format, *, dataset: Dataset = Dataset(),
                max_rows: int | None = None, timeout: float | None = None) -> QueryResult:
        """Run a client's query and return its answer serialised in ``fmt``.

        :raises InvalidQuery: the query does not parse (message from the parser).
        :raises QueryTimeout: it ran past ``timeout`` seconds and was stopped.
        :raises StoreUnavailable: the store cannot be reached.
        """

    @abstractmethod
    def query(self, sparql: str) -> "ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]":
        """A trusted query of the server's own, answered as pyoxigraph answers it.

        SELECT gives an iterable of solutions with ``.variables`` (index a
        solution by name or position), ASK a boolean-like, CONSTRUCT and
        DESCRIBE a list of triples.

        :raises InvalidQuery: the query does not parse.
        """

    def select(self, sparql: str) -> list[dict[str, Any]]:
        """Rows of a SELECT query as ``{variable: pyoxigraph term}`` (unbound left out)."""

        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise InvalidQuery("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for i, name in enumerate(names):
                term = solution[i]
                if term is not None:
                    row[name] = term
            rows.append(row)
        return rows

    def ask(self, sparql: str) -> bool:
        """The answer of an ASK query."""
        result = self.query(sparql)
        if not isinstance(result, ox.QueryBoolean):
            raise InvalidQuery("ask() needs an ASK query")
        return bool(result)

    def construct(self, sparql: str) -> list[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query."""
        result = self.query(sparql)
        if not isinstance(result, list):
            raise InvalidQuery("construct() needs a CONSTRUCT or DESCRIBE query")
        return result

    @abstractmethod
    def graphs(self) -> frozenset[str]:
        """Names of the named graphs the store holds."""

    def close(self) -> None:
        """Release processes and handles; the store is unusable afterwards."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- child process


_FRAME = struct.Struct(">I")


def _send(stream: Any, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_FRAME.pack(len(data)) + data)
    stream.flush()


def _recv_blocking(stream: Any) -> Any:
    head = stream.read(_FRAME.size)
    if len(head) < _FRAME.size:
        return None
    (n,) = _FRAME.unpack(head)
    data = stream.read(n)
    if len(data) < n:
        return None
    return pickle.loads(data)


def _serve_queries(path: str, base_iri: str) -> None:
    """Child process main loop: answer framed requests on stdin until it closes."""
    # The parent owns Ctrl-C; a terminal interrupt must not kill the child mid-answer.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed by accident must not corrupt the frames
    try:
        store = ox.Store.read_only(path)
    except OSError as error:
        _send(stdout, ("err", "unavailable", f"cannot open the store: {error}"))
        return
    prefixes = common_prefixes(base_iri)
    query_base = endpoint_iri(base_iri)
    _send(stdout, ("ready",))
    while True:
        request = _recv_blocking(stdin)
        if request is None:
            return
        sparql, fmt_name, default_graphs, named_graphs, max_rows = request
        fmt = next(f for f in formats.FORMATS if f.name == fmt_name)
        try:
            r = evaluate(store, sparql, fmt, dataset=Dataset(default_graphs, named_graphs),
                         max_rows=max_rows, prefixes=prefixes, base_iri=query_base)
            _send(stdout, ("ok", r.kind, r.format.name, r.body, r.truncated, r.count))
        except InvalidQuery as error:
            _send(stdout, ("err", "invalid", str(error)))
        except OSError as error:
            _send(stdout, ("err", "unavailable", f"store read failed: {error}"))


class QueryRunner:
    """One child process that answers queries and can be killed when one runs too long.

    Not shared between processes: a forked worker starts its own child.
    """

    startup_timeout = 60.0

    def __init__(self, path: Path, base_iri: str):
        self.path = path
        self.base_iri = base_iri
        self._proc: subprocess.Popen | None = None
        self._owner = 0
        self._ready = False
        self._lock = threading.Lock()

    def _spawn(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "briefing_kg.store", "serve-queries", str(self.path), self.base_iri],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, close_fds=True,
        )
        self._owner = os.getpid()
        self._ready = False

    def start(self) -> None:
        """Start the child without waiting for it to be ready."""
        with self._lock:
            if self._proc is None or self._owner != os.getpid():
                self._spawn()

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        self._ready = False
        if proc is None or self._owner != os.getpid():
            return
        try:
            proc.kill()
        except ProcessLookupError:
            pass
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def _read(self, deadline: float | None) -> Any:
        """One framed message from the child, or raise ``TimeoutError`` / ``EOFError``."""
        assert self._proc is not None
        fd = self._proc.stdout.fileno()

        def read_exact(n: int) -> bytes:
            chunks, got = [], 0
            while got < n:
                if deadline is not None:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError
                    ready, _, _ = select.select([fd], [], [], remaining)
                    if not ready:
                        raise TimeoutError
                chunk = os.read(fd, min(n - got, 1 << 20))
                if not chunk:
                    raise EOFError
                chunks.append(chunk)
                got += len(chunk)
            return b"".join(chunks)

        (n,) = _FRAME.unpack(read_exact(_FRAME.size))
        return pickle.loads(read_exact(n))

    def _ensure(self) -> None:
        if self._proc is None or self._owner != os.getpid() or self._proc.poll() is not None:
            if self._owner == os.getpid():
                self._kill()
            self._spawn()
        if not self._ready:
            try:
                message = self._read(time.monotonic() + self.startup_timeout)
            except (TimeoutError, EOFError):
                self._kill()
                raise StoreUnavailable("the query process did not start") from None
            if message[0] != "ready":
                self._kill()
                raise StoreUnavailable(message[2] if len(message) > 2 else "the query process did not start")
            self._ready = True

    def run(self, sparql: str, fmt: formats.Format, dataset: Dataset, max_rows: int | None,
            timeout: float | None) -> QueryResult:
        with self._lock:
            self._ensure()
            assert self._proc is not None
            request = (sparql, fmt.name, dataset.default_graphs, dataset.named_graphs, max_rows)
            try:
                _send(self._proc.stdin, request)
            except (BrokenPipeError, OSError):
                self._kill()
                raise QueryAborted("the query process stopped unexpectedly; try again") from None
            deadline = None if timeout is None else time.monotonic() + timeout
            try:
                message = self._read(deadline)
            except TimeoutError:
                self._kill()
                self._spawn()  # the replacement opens the store while we answer
                raise QueryTimeout(
                    f"the query ran longer than the {timeout:g} s limit and was stopped; "
                    "narrow it (fewer patterns, a LIMIT, more specific terms)") from None
            except EOFError:
                self._kill()
                self._spawn()
                raise QueryAborted("the query engine stopped while evaluating this query; "
                                   "it is probably too complex") from None
        if message[0] == "ok":
            _, kind, fmt_name, body, truncated, count = message
            out_fmt = next(f for f in formats.FORMATS if f.name == fmt_name)
            return QueryResult(kind, out_fmt, body, truncated, count)
        _, err_kind, text = message
        if err_kind == "invalid":
            raise InvalidQuery(text)
        raise StoreUnavailable(text)

    def close(self) -> None:
        with self._lock:
            self._kill()


# --------------------------------------------------------------------------- embedded


@dataclass(frozen=True)
class LoadedBuild:
    """A build loaded into the embedded store (``store_dir/current.json``)."""

    build_id: str
    directory: Path
    base_uri: str
    source: str
    quads: int

    def to_json(self) -> str:
        return json.dumps({"build_id": self.build_id, "directory": self.directory.name,
                           "base_uri": self.base_uri, "source": self.source, "quads": self.quads},
                          indent=2) + "\n"


def build_id_of(build_dir: Path) -> str:
    """The id of a published build: ``build.json``'s id, else a hash of the files loaded."""
    info = build_dir / BUILD_INFO
    if info.is_file():
        try:
            data = json.loads(info.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        for key in ("build_id", "id"):
            value = data.get(key) if isinstance(data, dict) else None
            if isinstance(value, str) and value:
                return value
    digest = hashlib.sha256()
    for name in (TRIG_FILE, *CATALOG_FILES):
        path = build_dir / name
        if path.is_file():
            digest.update(name.encode() + b"\0")
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
    return digest.hexdigest()[:16]


def build_base_uri(build_dir: Path) -> str | None:
    """The base URI a build was minted with, when ``build.json`` says."""
    info = build_dir / BUILD_INFO
    try:
        data = json.loads(info.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("base_uri") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _safe_id(build_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in build_id)[:80] or "build"


def current_build(store_dir: Path) -> LoadedBuild | None:
    """The build the embedded store serves now, if any."""
    try:
        data = json.loads((store_dir / CURRENT).read_text(encoding="utf-8"))
        directory = store_dir / data["directory"]
        if not directory.is_dir():
            return None
        return LoadedBuild(data["build_id"], directory, data["base_uri"], data.get("source", ""),
                           int(data.get("quads", 0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _union_quads(paths: Iterable[tuple[Path, ox.RdfFormat, ox.NamedNode | None]]) -> Iterator[ox.Quad]:
    """Every quad of the files, and a copy of each in the default graph."""
    default = ox.DefaultGraph()
    for path, fmt, to_graph in paths:
        for q in ox.parse(path=str(path), format=fmt):
            if to_graph is not None:
                q = ox.Quad(q.subject, q.predicate, q.object, to_graph)
            yield q
            yield ox.Quad(q.subject, q.predicate, q.object, default)


def _published_together(build_dir: Path, paths: Sequence[Path]) -> bool:
    """Whether each file is exactly as ``build.json`` lists it (same SHA-256).

    Only then is the N-Triples dump known to be the union of the TriG's graphs.
    """
    try:
        listed = {f["name"]: f["sha256"] for f in json.loads((build_dir / "build.json").read_text("utf-8"))["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    for path in paths:
        if path.name not in listed or not path.is_file():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != listed[path.name]:
            return False
    return True


def load_build(build_dir: Path, store_dir: Path, base_uri: str, *, force: bool = False) -> LoadedBuild:
    """Load a published build into ``store_dir`` (a new folder), then make it current.

    Loads ``briefing-kg.trig`` (a named graph per release, reference, ontology)
    and ``catalog.ttl`` + ``void.ttl`` into ``{base}graph/catalog``, and copies
    every quad into the default graph, so the default graph is the union.
    Serving workers keep the previous folder open until they restart: it is
    kept, older ones are removed. Loading the same build id again does nothing.
    """
    build_dir = Path(build_dir)
    trig = build_dir / TRIG_FILE
    if not trig.is_file():
        raise NoBuild(f"{trig} is missing: there is no published build to load (run `briefing-kg build`)")
    build_id = build_id_of(build_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    # Several gunicorn workers may start at once on a store that needs loading:
    # one loads, the others wait and then find it current.
    with open(store_dir / ".load.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _load_locked(build_dir, trig, build_id, store_dir, base_uri, force)


def _load_locked(build_dir: Path, trig: Path, build_id: str, store_dir: Path, base_uri: str,
                 force: bool) -> LoadedBuild:
    current = current_build(store_dir)
    if (not force and current is not None and current.build_id == build_id
            and current.base_uri == base_uri):
        return current
    folder = store_dir / f"{_safe_id(build_id)}"
    tmp = store_dir / f".{folder.name}.loading-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    catalog = ox.NamedNode(graph_uri(base_uri, "catalog"))
    files: list[tuple[Path, ox.RdfFormat, ox.NamedNode | None]] = [(trig, ox.RdfFormat.TRIG, None)]
    files += [(build_dir / n, ox.RdfFormat.TURTLE, catalog) for n in CATALOG_FILES if (build_dir / n).is_file()]
    union = build_dir / UNION_FILE
    try:
        store = ox.Store(str(tmp))
        if _published_together(build_dir, (trig, union)):
            # The build's N-Triples dump is exactly the union of its named graphs: Oxigraph's
            # own loader reads it into the default graph without a round trip through Python.
            for path, fmt, to_graph in files:
                store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
            store.bulk_load(path=str(union), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
            for path, fmt, _ in files[1:]:
                store.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
        else:
            store.bulk_extend(_union_quads(files))
        store.flush()
        store.optimize()
        quads = len(store)
        del store
    except SyntaxError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError(f"the build in {build_dir} does not parse: {error}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if folder.exists():
        if current is not None and current.directory == folder:
            # Same id, new base URI or forced: never replace a folder workers read.
            folder = store_dir / f"{folder.name}-{int(time.time() * 1000)}"
        else:
            shutil.rmtree(folder)
    os.replace(tmp, folder)
    loaded = LoadedBuild(build_id, folder, base_uri, str(build_dir.resolve()), quads)
    pointer = store_dir / f".{CURRENT}.{os.getpid()}"
    pointer.write_text(loaded.to_json(), encoding="utf-8")
    os.replace(pointer, store_dir / CURRENT)
    keep = {folder.name} | ({current.directory.name} if current is not None else set())
    for child in store_dir.iterdir():
        if child.is_dir() and child.name not in keep and not child.name.startswith("."):
            shutil.rmtree(child, ignore_errors=True)
    return loaded


class RunnerPool:
    """Query processes for one server worker: one per request thread at most, started on demand.

    A slow query holds its own process only; the worker's other threads take
    another (or start one), so they are never queued behind it.
    """

    def __init__(self, path: Path, base_iri: str, size: int):
        self.path = path
        self.base_iri = base_iri
        self.size = max(1, size)
        self._idle: list[QueryRunner] = []
        self._all: list[QueryRunner] = []
        self._cond = threading.Condition()

    def start(self) -> None:
        with self._cond:
            if not self._all:
                runner = QueryRunner(self.path, self.base_iri)
                runner.start()
                self._all.append(runner)
                self._idle.append(runner)

    def run(self, sparql: str, fmt: formats.Format, dataset: Dataset, max_rows: int | None,
            timeout: float | None) -> QueryResult:
        with self._cond:
            while not self._idle and len(self._all) >= self.size:
                self._cond.wait()
            if self._idle:
                runner = self._idle.pop()
            else:
                runner = QueryRunner(self.path, self.base_iri)
                self._all.append(runner)
        try:
            return runner.run(sparql, fmt, dataset, max_rows, timeout)
        finally:
            with self._cond:
                self._idle.append(runner)
                self._cond.notify()

    def close(self) -> None:
        with self._cond:
            runners, self._all, self._idle = self._all, [], []
        for runner in runners:
            runner.close()


class EmbeddedStore(Store):
    """pyoxigraph on disk, read-only.

    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "dist").mkdir()
    >>> _ = (d / "dist" / "briefing-kg.trig").write_text(
    ...     '<http://x/g> { <http://x/a> <http://x/p> "1" . }', encoding="utf-8")
    >>> loaded = load_build(d / "dist", d / "store", "http://x/")
    >>> with EmbeddedStore(loaded.directory, build_id=loaded.build_id, base_uri="http://x/") as s:
    ...     [r["o"].value for r in s.select("SELECT ?o { ?s ?p ?o }")]  # the default graph is the union
    ['1']
    """

    def __init__(self, path: Path, *, build_id: str, base_uri: str, isolate_queries: bool = True,
                 query_processes: int = 1):
        self.path = Path(path)
        self.build_id = build_id
        self.base_uri = base_uri
        self.prefixes = common_prefixes(base_uri)
        try:
            self._store = ox.Store.read_only(str(self.path))
        except OSError as error:
            raise StoreUnavailable(f"cannot open the store in {self.path}: {error}") from None
        self._runner = RunnerPool(self.path, base_uri, query_processes) if isolate_queries else None
        if self._runner is not None:
            # Start the query process now, so the first client does not wait for it.
            self._runner.start()
        self._graphs: frozenset[str] | None = None

    @classmethod
    def open(cls, config: Config, **options: Any) -> "EmbeddedStore":
        """The current build of ``config.store_dir``."""
        loaded = current_build(config.store_dir)
        if loaded is None:
            raise StoreUnavailable(f"no build is loaded in {config.store_dir}; run `briefing-kg serve`, "
                                   "which builds and loads one")
        options.setdefault("query_processes", config.threads)
        return cls(loaded.directory, build_id=loaded.build_id, base_uri=loaded.base_uri, **options)

    def execute(self, sparql: str, fmt: formats.Format, *, dataset: Dataset = Dataset(),
                max_rows: int | None = None, timeout: float | None = None) -> QueryResult:
        if self._runner is None:
            return evaluate(self._store, sparql, fmt, dataset=dataset, max_rows=max_rows,
                            prefixes=self.prefixes, base_iri=endpoint_iri(self.base_uri))
        return self._runner.run(sparql, fmt, dataset, max_rows, timeout)

    def query(self, sparql: str) -> "ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]":
        try:
            result = self._store.query(sparql)
        except SyntaxError as error:
            raise InvalidQuery(str(error)) from None
        if isinstance(result, ox.QueryTriples):
            return list(result)
        return result

    def graphs(self) -> frozenset[str]:
        if self._graphs is None:
            self._graphs = frozenset(g.value for g in self._store.named_graphs()
                                     if isinstance(g, ox.NamedNode))
        return self._graphs

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()


# --------------------------------------------------------------------------- remote


class RemoteStore(Store):
    """An external SPARQL 1.1 server, read through its query endpoint with SPARQLWrapper.

    Answers are fetched in SPARQL JSON (SELECT, ASK) or N-Triples
    (CONSTRUCT, DESCRIBE), parsed with pyoxigraph and serialised by the same
    code as the embedded store's, so both stores give the same bytes.
    """

    def __init__(self, endpoint: str, *, build_id: str, base_uri: str, default_timeout: float = 30.0):
        from SPARQLWrapper import SPARQLWrapper  # noqa: F401 - fail early if missing

        self.endpoint = endpoint
        self.build_id = build_id
        self.base_uri = base_uri
        self.prefixes = common_prefixes(base_uri)
        self.default_timeout = default_timeout
        self._graphs: frozenset[str] | None = None

    @classmethod
    def open(cls, config: Config) -> "RemoteStore":
        assert config.store_url
        build_dir = config.out_dir
        build_id = build_id_of(build_dir) if (build_dir / TRIG_FILE).is_file() else "remote"
        return cls(config.store_url, build_id=f"remote-{build_id}", base_uri=config.base_uri,
                   default_timeout=config.query_timeout)

    def _fetch(self, sparql: str, accept: str, dataset: Dataset, timeout: float | None) -> bytes:
        from SPARQLWrapper import POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setOnlyConneg(True)
        client.setRequestMethod("postdirectly")
        client.setQuery(sparql)
        # SPARQLWrapper guesses the query form with a regex and may get it wrong;
        # the Accept header is ours to set.
        client.addCustomHttpHeader("Accept", accept)
        client.setTimeout(int(max(1, round(timeout if timeout is not None else self.default_timeout))))
        default_graphs, named_graphs = dataset.protocol_parts()
        for g in default_graphs or ():
            client.addDefaultGraph(g)
        for g in named_graphs or ():
            client.addNamedGraph(g)
        if dataset.given and not default_graphs:
            # Only named graphs given: the default graph must be empty, and an
            # empty parameter list would leave the server's default graph in place.
            client.addDefaultGraph(EMPTY_GRAPH)
        try:
            response = client.query().response
            return response.read()
        except QueryBadFormed as error:
            raise InvalidQuery(_remote_message(error)) from None
        except SPARQLWrapperException as error:
            raise StoreUnavailable(f"the SPARQL store answered with an error: {_remote_message(error)}") from None
        except TimeoutError:
            raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped") from None
            raise StoreUnavailable(f"the SPARQL store at {self.endpoint} cannot be reached") from None
        except OSError:
            raise StoreUnavailable(f"the SPARQL store at {self.endpoint} cannot be reached") from None

    def _result(self, sparql: str, dataset: Dataset, timeout: float | None) -> Any:
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        body = self._fetch(sparql, accept, dataset, timeout)
        # The reply's kind is known from its shape: results JSON starts with '{'.
        stripped = body.lstrip()
        if stripped.startswith(b"{"):
            try:
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            except SyntaxError as error:
                raise StoreUnavailable(f"the SPARQL store sent unreadable results: {error}") from None
        try:
            return [ox.Triple(q.subject, q.predicate, q.object)
                    for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError as error:
            raise StoreUnavailable(f"the SPARQL store sent unreadable triples: {error}") from None

    def execute(self, sparql: str, fmt: formats.Format, *, dataset: Dataset = Dataset(),
                max_rows: int | None = None, timeout: float | None = None) -> QueryResult:
        result = self._result(sparql, dataset, timeout)
        return serialize_result(result, fmt, max_rows=max_rows, prefixes=self.prefixes)

    def query(self, sparql: str) -> "ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]":
        return self._result(sparql, Dataset(), None)

    def graphs(self) -> frozenset[str]:
        if self._graphs is None:
            rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
            self._graphs = frozenset(r["g"].value for r in rows if isinstance(r.get("g"), ox.NamedNode))
        return self._graphs


def _remote_message(error: Exception) -> str:
    text = str(error)
    # SPARQLWrapper prefixes its own explanation; keep the server's words.
    marker = "Response:\n"
    if marker in text:
        text = text.split(marker, 1)[1]
    if text.startswith("b'") or text.startswith('b"'):
        try:
            text = eval_bytes_literal(text)
        except ValueError:
            pass
    return text.strip()[:2000]


def eval_bytes_literal(text: str) -> str:
    """Decode SPARQLWrapper's ``b'...'`` rendering of a response body, safely."""
    import ast

    value = ast.literal_eval(text.strip())
    if not isinstance(value, bytes):
        raise ValueError("not a bytes literal")
    return value.decode("utf-8", "replace")


# --------------------------------------------------------------------------- opening, publishing


def ensure_loaded(config: Config) -> LoadedBuild:
    """The embedded store's current build, (re)loaded from ``config.out_dir`` when that
    build's id or the base URI changed."""
    current = current_build(config.store_dir)
    if (config.out_dir / TRIG_FILE).is_file():
        wanted = build_id_of(config.out_dir)
        if current is None or current.build_id != wanted or current.base_uri != config.base_uri:
            return load_build(config.out_dir, config.store_dir, config.base_uri)
    if current is None:
        raise StoreUnavailable(f"no build in {config.out_dir} and none loaded in {config.store_dir}; "
                               "run `briefing-kg build` (or `briefing-kg serve`, which builds first)")
    return current


def open_store(config: Config, **options: Any) -> Store:
    """The store the configuration names: ``config.store_url``, else the embedded store
    (loading the build in ``config.out_dir`` first when it is not the one loaded)."""
    if config.store_url:
        return RemoteStore.open(config)
    ensure_loaded(config)
    return EmbeddedStore.open(config, **options)


def gsp_endpoint(query_url: str, explicit: str | None = None) -> str:
    """The Graph Store Protocol address of a server whose query endpoint is ``query_url``.

    Oxigraph serves queries at ``/query`` and graphs at ``/store``; Fuseki at
    ``/ds/query`` (or ``/ds/sparql``) and ``/ds/data``. Give ``explicit`` for
    anything else.
    """
    if explicit:
        return explicit
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")
    for tail in ("/query", "/sparql"):
        if path.endswith(tail):
            head = path[: -len(tail)]
            # Oxigraph: /query and /store at the root; Fuseki: /<dataset>/query and /<dataset>/data.
            replacement = head + ("/data" if head else "/store")
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, replacement, "", ""))
    raise StoreError(f"cannot tell the Graph Store Protocol address of {query_url}; give it with --gsp")


@dataclass
class PublishReport:
    build_id: str
    graphs: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    default_triples: int = 0


def _http(method: str, url: str, body: bytes | None = None, content_type: str | None = None,
          timeout: float = 600.0) -> int:
    request = urllib.request.Request(url, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        if method == "DELETE" and error.code == 404:
            return 404
        detail = error.read()[:500].decode("utf-8", "replace")
        raise StoreError(f"{method} {url} failed: {error.code} {error.reason}: {detail}") from None
    except (urllib.error.URLError, OSError) as error:
        raise StoreUnavailable(f"{method} {url} failed: {error}") from None


def publish(build_dir: Path, config: Config, *, gsp_url: str | None = None) -> PublishReport:
    """Load a published build into the external store through the Graph Store Protocol.

    Each named graph (one per source release, plus reference, ontology and the
    catalog) is replaced whole with PUT; graphs under ``{base}graph/`` that the
    build no longer has are deleted; the union of them all is PUT into the
    default graph, as the embedded store materialises it.
    """
    if not config.store_url:
        raise StoreError("publish needs the external store's query endpoint (--store URL)")
    build_dir = Path(build_dir)
    trig = build_dir / TRIG_FILE
    if not trig.is_file():
        raise NoBuild(f"{trig} is missing: there is no validated build to publish (run `briefing-kg build`)")
    endpoint = gsp_endpoint(config.store_url, gsp_url or config.store_update_url)
    catalog = graph_uri(config.base_uri, "catalog")
    graphs: dict[str, list[ox.Triple]] = {}
    for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        if name is None:
            continue
        graphs.setdefault(name, []).append(ox.Triple(q.subject, q.predicate, q.object))
    for n in CATALOG_FILES:
        path = build_dir / n
        if path.is_file():
            graphs.setdefault(catalog, []).extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    report = PublishReport(build_id_of(build_dir))
    nt = formats.N_TRIPLES
    for name in sorted(graphs):
        body = ox.serialize(graphs[name], format=ox.RdfFormat.N_TRIPLES)
        _http("PUT", f"{endpoint}?graph={urllib.parse.quote(name, safe='')}", body, nt.media_type)
        report.graphs.append(name)
    remote = RemoteStore(config.store_url, build_id=report.build_id, base_uri=config.base_uri)
    ours = graph_uri(config.base_uri, "")
    for name in sorted(remote.graphs()):
        if name.startswith(ours) and name not in graphs:
            _http("DELETE", f"{endpoint}?graph={urllib.parse.quote(name, safe='')}")
            report.removed.append(name)
    union = sorted({t for triples in graphs.values() for t in triples}, key=str)
    report.default_triples = len(union)
    _http("PUT", f"{endpoint}?default", ox.serialize(union, format=ox.RdfFormat.N_TRIPLES), nt.media_type)
    return report


def _main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "serve-queries":
        _serve_queries(argv[1], argv[2])
        return 0
    print("usage: python -m briefing_kg.store serve-queries STORE_PATH BASE_IRI", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
