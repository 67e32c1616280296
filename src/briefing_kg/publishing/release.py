"""Stage 7, publishing: write a build and make it the current one in a single rename.

Layout, for ``out_dir = dist``::

    dist -> dist.builds/<build-id>      a symbolic link, relative
    dist.builds/<build-id>/             one folder per build, never written after it is complete
    dist.builds/.lock                   held while a publish runs

How a publish goes, and why a failed one cannot hurt the last good build:

1. Under an exclusive lock on ``dist.builds/.lock`` (two builds never
   interleave), leftovers of a killed publish (``.tmp-*`` folders, ``.dist.link-*``
   links) are removed: with the lock held, nobody else can be using them.
2. Every file is written into a new folder ``dist.builds/.tmp-XXXX`` (same
   file system as the builds), each one fsynced, then the folder itself.
3. That folder is renamed to ``dist.builds/<build-id>``. The build id is the
   SHA-256 of the canonical N-Quads (the content hash of the data), so the
   same data rebuilt lands on the same name; an existing folder is never
   written to (an identical one is reused, a differing one gets a suffix).
4. A new symlink ``.dist.link-XXXX`` -> ``dist.builds/<build-id>`` is created
   beside ``dist`` and renamed over ``dist`` (``rename(2)`` replaces it
   atomically), then the parent folder is fsynced. That rename is the one
   moment the current build changes: a reader that opens ``dist/...`` sees
   the old build or the new one, never a mixture or a half-written file.
5. Builds other than the new one and the one it replaced are removed.

Any failure before step 4 (an exception, a full disk, Ctrl-C) removes the
temporary folder and leaves ``dist`` and the build it points to exactly as
they were; a kill leaves only a ``.tmp-*`` folder, removed by the next publish.
A ``dist`` that is still a plain folder from an older layout is moved into
``dist.builds/`` once (it holds a ``build.json``); an empty one is replaced;
anything else is refused rather than deleted.
"""
from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, RDF

from .. import __version__
from ..config import Config
from ..sources import Release
from ..uris import graph_uri
from . import dumps
from .catalog import CATALOG_FILES, VOID_FILE, catalog_prefixes, build_catalog, date_range, release_date
from .dumps import DUMPS, FileInfo, PublishError, Snapshot, take_snapshot
from .void import Stats, build_void, compute_stats

Progress = Callable[[str], None]
"""Called with one line of text per step (``"writing briefing-kg.ttl"``); the CLI shows it on a terminal only."""

BUILD_FILE = "build.json"
KEEP_BUILDS = 2  # the current build and the one it replaced (a reader may still be on it)


@dataclass(frozen=True)
class BuildInfo:
    """What ``build.json`` says: the build's id, its content hash and its files."""

    build_id: str
    data_sha256: str
    files: tuple[FileInfo, ...]
    stats: Stats


def _quiet(_message: str) -> None:
    pass


def _ontology_iri(dataset: Dataset, base: str) -> str | None:
    """The ``owl:Ontology`` of the ontology graph, if the dataset has one (what the data conforms to)."""
    graph = dataset.graph(URIRef(graph_uri(base, "ontology")))
    found = sorted(str(s) for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
    return found[0] if found else None


def _build_json(info_files: Sequence[FileInfo], stats: Stats, releases: Sequence[Release], config: Config,
                build_id: str, data_sha256: str) -> dict:
    issued, modified = date_range(releases)
    base = config.base_uri
    return {
        "build_id": build_id,
        "data_sha256": data_sha256,
        "generator": f"briefing-kg {__version__}",
        "base_uri": base,
        "issued": issued.isoformat() if issued else None,
        "modified": modified.isoformat() if modified else None,
        "releases": [
            {
                "id": r.id,
                "graph": graph_uri(base, f"release/{r.id}"),
                "publisher": r.publisher.id,
                "date": d.isoformat() if (d := release_date(r)) else None,
                "url": r.url,
                "languages": list(r.languages),
            }
            for r in sorted(releases, key=lambda r: r.id)
        ],
        "graphs": [{"iri": g.iri, "triples": g.triples, "entities": g.entities} for g in stats.graphs],
        "counts": stats.as_json(),
        "files": [f.as_json() for f in sorted(info_files, key=lambda f: f.name)],
    }


def write_build(dataset: Dataset, releases: Sequence[Release], config: Config, folder: Path, *,
                progress: Progress | None = None) -> BuildInfo:
    """Write every file of a build into ``folder`` (which must exist and be empty).

    The bytes depend on the dataset, the releases and the configuration only:
    no clock, no path, no random name.
    """
    say = progress or _quiet
    folder = Path(folder)
    base = config.base_uri
    say("reading and sorting the graph")
    snapshot: Snapshot = take_snapshot(dataset)
    say(f"{snapshot.quad_count:,} statements in {len(snapshot.graphs)} graphs")
    prefixes = dumps.dump_prefixes(base)
    written: list[FileInfo] = []
    dump_names: list[str] = []
    for spec in DUMPS:
        say(f"writing {spec.name}")
        info = dumps.write_dump(spec, snapshot, folder, prefixes)
        say(f"compressing {spec.name}")
        packed = dumps.write_gzip(folder / spec.name, info.media_type)
        written += [info, packed]
        dump_names += [info.name, packed.name]
    written.append(dumps.write_context(folder, prefixes))
    data_sha256 = next(f.sha256 for f in written if f.name == DUMPS[0].name)  # the sorted N-Quads
    build_id = data_sha256[:16]

    say("counting (VoID)")
    stats = compute_stats(snapshot, base)
    described = catalog_prefixes(base)
    void_graph = build_void(config, releases, stats, sorted(dump_names))
    written.append(dumps.write_text(folder / VOID_FILE, [dumps.graph_turtle(void_graph, described)],
                                    "text/turtle"))

    say("describing (DCAT)")
    catalog = build_catalog(config, releases, written, build_id=build_id, ontology=_ontology_iri(dataset, base))
    ttl_name, jsonld_name = CATALOG_FILES
    catalog_files = [
        dumps.write_text(folder / ttl_name, [dumps.graph_turtle(catalog, described)], "text/turtle"),
        dumps.write_text(folder / jsonld_name, [dumps.graph_jsonld(catalog, described)], "application/ld+json"),
    ]
    every = [*written, *catalog_files]
    dumps.write_text(folder / BUILD_FILE,
                     [dumps.json_text(_build_json(every, stats, releases, config, build_id, data_sha256))],
                     "application/json")
    _fsync_dir(folder)
    return BuildInfo(build_id=build_id, data_sha256=data_sha256, files=tuple(every), stats=stats)


# ---------------------------------------------------------------- the swap


def builds_dir_for(out_dir: Path) -> Path:
    """Where the builds behind ``out_dir`` live: ``<out_dir>.builds`` beside it."""
    return out_dir.with_name(out_dir.name + ".builds")


def current_build(out_dir: Path) -> Path | None:
    """The build folder ``out_dir`` points to now, or ``None`` when there is no build."""
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.is_symlink():
        target = out_dir.resolve()
        return target if target.is_dir() else None
    return out_dir if (out_dir / BUILD_FILE).is_file() else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _Lock:
    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> "_Lock":
        self.handle = open(self.path, "a")
        fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
        self.handle.close()


def _remove_leftovers(builds: Path, out_dir: Path) -> None:
    for stale in builds.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in out_dir.parent.glob(f".{out_dir.name}.link-*"):
        if stale.is_symlink():
            stale.unlink()


def _same_build(a: Path, b: Path) -> bool:
    try:
        return (a / BUILD_FILE).read_bytes() == (b / BUILD_FILE).read_bytes()
    except OSError:
        return False


def _install(staging: Path, builds: Path, build_id: str) -> tuple[Path, bool]:
    """Rename the finished staging folder to its final name; never touch an existing build.

    Returns the build folder and whether it is new (``False``: an identical build was there already).
    """
    suffix = dumps.sha256_file(staging / BUILD_FILE)[:8]
    for name in (build_id, f"{build_id}-{suffix}"):
        target = builds / name
        if target.exists():
            if _same_build(staging, target):
                shutil.rmtree(staging)
                return target, False
            continue
        os.rename(staging, target)
        _fsync_dir(builds)
        return target, True
    raise PublishError(f"{builds}: builds {build_id} and {build_id}-{suffix} both exist and differ from this one")


def _check_replaceable(out_dir: Path) -> None:
    """Refuse, before any work, to replace a folder that is not one of our builds."""
    if out_dir.exists() and not out_dir.is_dir():
        raise PublishError(f"{out_dir} exists and is not a folder")
    if out_dir.is_dir() and not out_dir.is_symlink() and any(out_dir.iterdir()) \
            and not (out_dir / BUILD_FILE).is_file():
        raise PublishError(f"{out_dir} exists and is not a briefing-kg build; not replacing it "
                           "(move it away or choose another --out)")


def _adopt_plain_folder(out_dir: Path, builds: Path) -> Path | None:
    """``out_dir`` is a real folder (older layout, or made by hand): make room for the link, losing nothing.

    Returns where the old build went (``None`` for an empty folder, which is just removed).
    """
    if not any(out_dir.iterdir()):
        out_dir.rmdir()
        return None
    _check_replaceable(out_dir)
    try:
        old_id = json.loads((out_dir / BUILD_FILE).read_text(encoding="utf-8"))["build_id"]
    except (OSError, ValueError, KeyError, TypeError):
        old_id = "previous"
    target = builds / f"{old_id}-adopted"
    n = 1
    while target.exists():
        n += 1
        target = builds / f"{old_id}-adopted-{n}"
    os.rename(out_dir, target)
    return target


def _point(out_dir: Path, target: Path) -> None:
    """Make ``out_dir`` a symlink to ``target`` in one rename."""
    parent = out_dir.parent
    link = parent / f".{out_dir.name}.link-{secrets.token_hex(6)}"
    os.symlink(os.path.relpath(target, parent), link)
    try:
        os.replace(link, out_dir)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    _fsync_dir(parent)


def _prune(builds: Path, keep: set[Path | None]) -> None:
    kept = {p.resolve() for p in keep if p is not None}
    candidates = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
                        key=lambda p: p.name)
    for folder in candidates:
        if folder.resolve() not in kept:
            shutil.rmtree(folder, ignore_errors=True)


def publish(dataset: Dataset, releases: list[Release], config: Config, *, out_dir: Path | None = None,
            progress: Progress | None = None) -> Path:
    """Write a build of ``dataset`` and make it the current build at ``out_dir`` in one rename.

    Call it only with a dataset that passed validation. ``out_dir`` defaults to
    ``config.out_dir``; it becomes (or stays) a symbolic link to
    ``<out_dir>.builds/<build-id>/``. Returns ``out_dir``; ``current_build(out_dir)``
    gives the folder it points to. Raises ``PublishError`` (and lets I/O
    errors through) with the previous build untouched.
    """
    say = progress or _quiet
    out_dir = Path(os.path.abspath(out_dir if out_dir is not None else config.out_dir))
    _check_replaceable(out_dir)
    builds = builds_dir_for(out_dir)
    builds.mkdir(parents=True, exist_ok=True)
    with _Lock(builds / ".lock"):
        _remove_leftovers(builds, out_dir)
        _check_replaceable(out_dir)
        previous = current_build(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=builds))
        target: Path | None = None
        fresh = False
        adopted: Path | None = None
        was_empty_folder = out_dir.is_dir() and not out_dir.is_symlink() and not any(out_dir.iterdir())
        try:
            os.chmod(staging, 0o755)  # mkdtemp's 0700 would hide the build from a server running as another user
            info = write_build(dataset, releases, config, staging, progress=say)
            say(f"publishing build {info.build_id}")
            target, fresh = _install(staging, builds, info.build_id)
            if out_dir.is_dir() and not out_dir.is_symlink():
                adopted = previous = _adopt_plain_folder(out_dir, builds)
            _point(out_dir, target)
        except BaseException:
            # Undo whatever happened before the one rename that counts; the old build was never written to.
            shutil.rmtree(staging, ignore_errors=True)
            if adopted is not None and not os.path.lexists(out_dir):
                os.rename(adopted, out_dir)
            elif was_empty_folder and not os.path.lexists(out_dir):
                out_dir.mkdir()
            if fresh and target is not None and current_build(out_dir) != target.resolve():
                shutil.rmtree(target, ignore_errors=True)
            raise
        _prune(builds, {target, previous})
    say(f"published {out_dir} -> {target.name}")
    return out_dir
