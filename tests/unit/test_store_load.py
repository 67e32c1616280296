"""Loading a build: the native fast path and the generic path give the same store."""
from __future__ import annotations

import json
import shutil

import pyoxigraph as ox

from briefing_kg.store import _published_together, load_build

BASE = "http://localhost:8080/"


def quads(folder) -> set:
    store = ox.Store.read_only(str(folder))
    try:
        return set(store)
    finally:
        del store


def test_fast_and_generic_loads_agree(seed_build, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(seed_build.resolve(), build)
    assert _published_together(build, (build / "briefing-kg.trig", build / "briefing-kg.nt"))
    fast = load_build(build, tmp_path / "fast", BASE)

    # A build.json that no longer vouches for the N-Triples file forces the generic path.
    meta = json.loads((build / "build.json").read_text("utf-8"))
    for entry in meta["files"]:
        if entry["name"] == "briefing-kg.nt":
            entry["sha256"] = "0" * 64
    (build / "build.json").write_text(json.dumps(meta), "utf-8")
    assert not _published_together(build, (build / "briefing-kg.trig", build / "briefing-kg.nt"))
    generic = load_build(build, tmp_path / "generic", BASE)

    fast_quads, generic_quads = quads(fast.directory), quads(generic.directory)
    assert fast_quads == generic_quads
    default = {(q.subject, q.predicate, q.object) for q in fast_quads if q.graph_name == ox.DefaultGraph()}
    named = {(q.subject, q.predicate, q.object) for q in fast_quads if q.graph_name != ox.DefaultGraph()}
    assert default == named, "the default graph is the union of the named graphs"
