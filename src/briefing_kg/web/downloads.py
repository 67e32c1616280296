"""Data for portals: the build's files under ``/dumps/``, the DCAT catalog at
``/catalog`` and the VoID description at ``/.well-known/void``.

Files are served only by a name listed in the build's ``build.json`` (or
``build.json`` itself), looked up in that list, never joined from the request
path, so no path reaches outside the build folder. The build folder is
resolved once per request (``dist`` is a link that a new build swaps), so a
request reads one build only.

``/catalog`` and ``/.well-known/void`` answer RDF to anyone who does not ask
for HTML explicitly: a harvester's ``Accept: */*`` (or none) gets Turtle.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, send_file

from .. import formats
from . import describe as D
from . import labels as L
from . import site
from .errors import BadRequest, NotAcceptable

blueprint = Blueprint("downloads", __name__)

BUILD_FILE = "build.json"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
GZIP = "application/gzip"

# RDF first: with */* or no Accept, the first offer wins, and that must be RDF.
DESCRIPTION_FORMATS = (formats.TURTLE, formats.JSON_LD, formats.N_TRIPLES, formats.RDF_XML, formats.HTML)
_DESCRIPTION_EXTENSIONS = {f.extension: f for f in DESCRIPTION_FORMATS}


@dataclass(frozen=True)
class BuildFile:
    name: str
    bytes: int
    sha256: str | None
    media_type: str
    compress_format: str | None
    path: Path

    @property
    def content_type(self) -> str:
        """What the bytes are: a ``.gz`` is gzip (the checksum is of the compressed file)."""
        if self.compress_format or self.name.endswith(".gz"):
            return GZIP
        fmt = formats.from_media_type(self.media_type, formats.RDF_FORMATS)
        if fmt is not None:
            return fmt.content_type
        if self.media_type.startswith("text/") or self.media_type.endswith("json"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


@dataclass(frozen=True)
class Build:
    folder: Path
    info: dict
    files: dict[str, BuildFile]

    @property
    def build_id(self) -> str | None:
        value = self.info.get("build_id")
        return str(value) if value else None


def _guess_media_type(name: str) -> str:
    plain = name[:-3] if name.endswith(".gz") else name
    if plain.endswith(".json") and not plain.endswith(".jsonld"):
        return "application/json"
    fmt = formats.from_extension(plain.rsplit(".", 1)[-1]) if "." in plain else None
    return fmt.media_type if fmt is not None else "application/octet-stream"


def current_build() -> Build | None:
    """The served build: its resolved folder, ``build.json`` and the files it lists."""
    try:
        folder = Path(site().build_dir).resolve(strict=True)
        info = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict):
        return None
    files: dict[str, BuildFile] = {}
    listed = info.get("files") if isinstance(info.get("files"), list) else []
    for row in listed:
        if not isinstance(row, dict):
            continue
        name = row.get("name")
        if not isinstance(name, str) or not _NAME.fullmatch(name) or name in files:
            continue
        path = folder / name
        if not path.is_file() or path.resolve().parent != folder:
            continue
        size = path.stat().st_size
        sha = row.get("sha256") if isinstance(row.get("sha256"), str) and re.fullmatch(r"[0-9a-f]{64}", row["sha256"]) else None
        files[name] = BuildFile(name, size, sha, str(row.get("media_type") or _guess_media_type(name)),
                                row.get("compress_format") if isinstance(row.get("compress_format"), str) else None,
                                path)
    build_json = folder / BUILD_FILE
    # build.json cannot list its own checksum; it is small, so hash it (once per build).
    files.setdefault(BUILD_FILE, BuildFile(BUILD_FILE, build_json.stat().st_size, _sha256_of(build_json),
                                           "application/json", None, build_json))
    return Build(folder, info, dict(sorted(files.items())))


def _sha256_of(path: Path) -> str:
    stat = path.stat()
    return D.cached(("sha256", str(path), stat.st_mtime_ns, stat.st_size),
                    lambda: hashlib.sha256(path.read_bytes()).hexdigest())


def _root() -> str:
    return urlsplit(site().config.base_uri).path or "/"


def _language() -> str:
    try:
        return L.choose_language()
    except L.BadLanguage as error:
        raise BadRequest(str(error)) from None


def _no_build() -> Response:
    return Response("503 Service Unavailable: there is no published build yet; run `briefing-kg build`\n",
                    status=503, content_type="text/plain; charset=utf-8",
                    headers={"Retry-After": "60", "Cache-Control": "no-store"})


# --- /dumps/ --------------------------------------------------------------------------

@blueprint.route("/dumps", methods=["GET", "HEAD"], merge_slashes=False)
def dumps_redirect() -> Response:
    return Response(status=308, headers={"Location": site().config.base_uri + "dumps/"})


@blueprint.route("/dumps/", methods=["GET", "HEAD"], merge_slashes=False)
def dumps_index() -> Response:
    lang = _language()
    build = current_build()
    index_formats = (formats.HTML, _JSON_INDEX)
    chosen = _JSON_INDEX if request.args.get("format") == "json" else (
        formats.negotiate(request.headers.get("Accept"), index_formats))
    if request.args.get("format") not in (None, "json", "html"):
        raise BadRequest("format must be html or json")
    if request.args.get("format") == "html":
        chosen = formats.HTML
    if chosen is None:
        raise NotAcceptable("the list of files", list(index_formats))
    base = site().config.base_uri
    rows = [] if build is None else [
        {"name": f.name, "url": f"{base}dumps/{f.name}", "bytes": f.bytes, "sha256": f.sha256,
         "media_type": f.media_type, "content_type": f.content_type.split(";")[0],
         **({"compress_format": f.compress_format} if f.compress_format else {})}
        for f in build.files.values()
    ]
    if chosen is _JSON_INDEX:
        body = json.dumps({"build_id": build.build_id if build else None, "files": rows},
                          ensure_ascii=False, indent=1)
        response = Response(body, content_type="application/json; charset=utf-8")
    else:
        response = Response(render_template("downloads/index.html", lang=lang, files=rows,
                                            build_id=build.build_id if build else None),
                            content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept, Accept-Language"
    response.add_etag()
    return response.make_conditional(request)


_JSON_INDEX = formats.Format("json-index", formats.PAGE, "application/json", "json", "JSON")


@blueprint.route("/dumps/<path:name>", methods=["GET", "HEAD"], merge_slashes=False)
def dump_file(name: str) -> Response:
    build = current_build()
    if build is None:
        return _no_build()
    # Looked up by name in the build's own list: "../x", "%2e%2e/x", "/etc/passwd"
    # and any other path simply are not names in it.
    entry = build.files.get(name) if _NAME.fullmatch(name) else None
    if entry is None:
        return Response(f"404 Not Found: no file {name!r} in this build; the list is at {site().config.base_uri}dumps/\n"
                        if _NAME.fullmatch(name) else "404 Not Found: no such file in this build\n",
                        status=404, content_type="text/plain; charset=utf-8")
    response = send_file(entry.path, mimetype=entry.content_type.split(";")[0], conditional=True, etag=False,
                         download_name=entry.name, as_attachment=False, max_age=3600)
    response.headers["Content-Type"] = entry.content_type
    if entry.sha256:
        digest = base64.b64encode(bytes.fromhex(entry.sha256)).decode("ascii")
        response.set_etag(entry.sha256)
        response.headers["Digest"] = f"sha-256={digest}"
        response.headers["Repr-Digest"] = f"sha-256=:{digest}:"
        response = response.make_conditional(request)
    if entry.compress_format or entry.name.endswith(".gz"):
        # The file is a gzip download, not a compressed transfer of its content.
        response.headers.pop("Content-Encoding", None)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- /catalog and /.well-known/void ----------------------------------------------------

def _description_triples(build: Build, stem: str) -> list[ox.Triple] | None:
    """The triples of ``catalog.ttl`` or ``void.ttl`` of this build (parsed once per build)."""
    path = build.folder / f"{stem}.ttl"
    if not path.is_file():
        return None

    def make() -> list[ox.Triple]:
        quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=site().config.base_uri)
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    return D.cached(("description-file", str(path), path.stat().st_mtime_ns), make)


def _choose(ext: str | None) -> tuple[formats.Format, bool]:
    if ext is not None:
        fmt = _DESCRIPTION_EXTENSIONS.get(ext)
        if fmt is None:
            raise BadRequest("extension must be one of: " + ", ".join(sorted(_DESCRIPTION_EXTENSIONS)))
        return fmt, False
    value = request.args.get("format")
    if value is not None:
        fmt = formats.from_name(value, DESCRIPTION_FORMATS) if len(value) < 64 else None
        if fmt is None:
            raise BadRequest("format must be one of: " + ", ".join(f.name for f in DESCRIPTION_FORMATS))
        return fmt, False
    fmt = formats.negotiate(request.headers.get("Accept"), DESCRIPTION_FORMATS)
    if fmt is None:
        raise NotAcceptable("this description", list(DESCRIPTION_FORMATS))
    return fmt, True


def _description(stem: str, path: str, ext: str | None) -> Response:
    fmt, negotiated = _choose(ext)
    lang = _language()
    build = current_build()
    if build is None:
        return _no_build()
    triples = _description_triples(build, stem)
    if triples is None:
        return Response(f"404 Not Found: this build has no {stem} description\n", status=404,
                        content_type="text/plain; charset=utf-8")
    base = site().config.base_uri

    def make() -> bytes:
        if fmt is formats.HTML:
            view = catalog_view(triples, lang)
            body = render_template("downloads/description.html", lang=lang, view=view, kind=stem,
                                   alternates=[(f.label, f.media_type, f"{_root()}{path}.{f.extension}")
                                               for f in DESCRIPTION_FORMATS if f is not formats.HTML])
            return body.encode("utf-8")
        if fmt is formats.TURTLE:
            return (build.folder / f"{stem}.ttl").read_bytes()
        if fmt is formats.JSON_LD and (build.folder / f"{stem}.jsonld").is_file():
            return (build.folder / f"{stem}.jsonld").read_bytes()
        return D.serialize(triples, fmt, {**L.PREFIXES, **_file_prefixes(build.folder / f"{stem}.ttl")})

    # Keyed on the folder too: the files are the build's, and a new build is a new folder.
    data = D.cached(("description", str(build.folder), stem, fmt.name, *D.page_key(fmt, lang)), make)
    return D.negotiated_response(
        data, fmt, negotiated=negotiated, location=f"{base}{path}.{fmt.extension}",
        alternates=[(f"{base}{path}.{f.extension}", f.media_type) for f in DESCRIPTION_FORMATS if f is not fmt])


_PREFIX_LINE = re.compile(r"@prefix\s+([A-Za-z][\w-]*)?:\s*<([^>\s]+)>\s*\.", re.IGNORECASE)


def _file_prefixes(path: Path) -> dict[str, str]:
    """The prefixes a published Turtle file declares, reused for its other serialisations."""
    try:
        head = path.read_text(encoding="utf-8")[:20000]
    except OSError:
        return {}
    return {m.group(1): m.group(2) for m in _PREFIX_LINE.finditer(head) if m.group(1)}


@blueprint.route("/catalog", methods=["GET", "HEAD"], merge_slashes=False)
def catalog() -> Response:
    return _description("catalog", "catalog", None)


@blueprint.route("/catalog.<ext>", methods=["GET", "HEAD"], merge_slashes=False)
def catalog_ext(ext: str) -> Response:
    return _description("catalog", "catalog", ext)


@blueprint.route("/.well-known/void", methods=["GET", "HEAD"], merge_slashes=False)
def void() -> Response:
    return _description("void", ".well-known/void", None)


@blueprint.route("/.well-known/void.<ext>", methods=["GET", "HEAD"], merge_slashes=False)
def void_ext(ext: str) -> Response:
    return _description("void", ".well-known/void", ext)


# --- the HTML view of a catalog or VoID description -------------------------------------

@dataclass
class Node:
    ref: object                 # entities.Ref
    kinds: list[object]
    title: str | None
    description: str | None
    rows: list[object]          # entities.Row


_MAIN_TYPES = [L.DCAT + "Catalog", L.DCAT + "Dataset", L.VOID + "Dataset", L.DCAT + "DataService",
               L.DCAT + "Distribution", L.VOID + "DatasetDescription"]


def catalog_view(triples: list[ox.Triple], lang: str) -> list[Node]:
    """Every described node with a DCAT or VoID type, catalog first, in the page language."""
    from .entities import Labeller, Row, Value, _labels_in, _literal_value

    lab = Labeller(lang, _labels_in(triples, (L.DCTERMS + "title", L.RDFS + "label", L.FOAF + "name")))
    props: dict[object, dict[str, list]] = {}
    for t in triples:
        props.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)

    def pick(values) -> str | None:
        by = {}
        for o in values:
            if isinstance(o, ox.Literal):
                by.setdefault((o.language or "").lower(), o.value)
        found = lab._pick(by)
        return found[0] if found else None

    nodes: list[tuple[int, str, Node]] = []
    for subject, p in props.items():
        if not isinstance(subject, ox.NamedNode):
            continue
        kinds = [o.value for o in p.get(L.RDF + "type", []) if isinstance(o, ox.NamedNode)]
        ranks = [_MAIN_TYPES.index(k) for k in kinds if k in _MAIN_TYPES]
        if not ranks:
            continue
        rows = []
        for pred, objects in sorted(p.items()):
            if pred in (L.RDF + "type", L.DCTERMS + "title", L.DCTERMS + "description"):
                continue
            values = []
            for o in objects:
                if isinstance(o, ox.NamedNode):
                    values.append(Value(ref=lab.ref(o.value)))
                elif isinstance(o, ox.Literal):
                    if o.language and o.language.lower() not in (lang, "") and len(p[pred]) > 1:
                        continue  # one language on the page where the data has several
                    values.append(_literal_value(o, lang, lab.prefixes, pred))
                else:
                    inner = props.get(o, {})
                    text = "; ".join(f"{L.compact(k, lab.prefixes)} {v[0].value}" for k, v in sorted(inner.items()) if v)
                    values.append(Value(text=text or f"_:{o.value}"))
            if values:
                rows.append(Row(lab.ref(pred), values))
        node = Node(lab.ref(subject.value), [lab.ref(k) for k in kinds],
                    pick(p.get(L.DCTERMS + "title", [])) or pick(p.get(L.RDFS + "label", [])),
                    pick(p.get(L.DCTERMS + "description", [])), rows)
        nodes.append((min(ranks), subject.value, node))
    nodes.sort(key=lambda n: (n[0], n[1]))
    return [n for _, _, n in nodes]
