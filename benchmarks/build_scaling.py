#!/usr/bin/env python
"""How the build grows with the number of source releases: time and peak memory per stage.

Run on purpose, never by the tests (issue 3, item 10)::

    python benchmarks/build_scaling.py                          # sizes 1,100,1000, all stages
    python benchmarks/build_scaling.py --sizes 1,50,100 --stages map,validate,publish
    python benchmarks/build_scaling.py --budget-minutes 10 --json var/build_scaling.json

Sizes count source releases. Size 1 is the shipped ``data/`` (the seed, the
baseline of every ratio); size N is the seed plus N-1 synthetic releases made
from the seed's facts (see ``make_synthetic_facts``): the same verbatim texts
under a new release id (so every offset stays valid), every entity id suffixed
``-s00042`` and every person, organization and event name given the same
suffix in kk and ru (names are labels; ``mentions`` stay exact words of the
text). Some releases reuse the seed's own people and headquarters, with
Zipf-like popularity (rank k is reused with probability ``share / k``); a
reused entity keeps the seed's names byte for byte, as a real re-mention would,
because two different kk names on one node are (rightly) a SHACL violation.
The publisher and its office are the same in every release.

Stages, each timed on its own:

``map``              read sources and facts and map them: ``pipeline.map_data(config)``
``validate``         the SHACL gate as shipped: ``validation.validate(dataset, config, source_map=...)``
``publish``          ``publishing.publish(dataset, releases, config, out_dir=...)`` into a temporary folder
``build``            the whole of ``pipeline.build_release(config)``, in a process of its own
``validate-cached``  prototype: the same ``validate`` call, with each SPARQL constraint's text
                     parsed once per run instead of once per focus node
``validate-inplace`` prototype: ``validate-cached``, and pySHACL told to work on the union graph
                     that ``validate`` builds anyway (``inplace=True``) instead of cloning it
``validate-split``   prototype: each release graph validated on its own (with the reference and
                     ontology graphs as context), the reference and ontology once, and the union
                     only for the nodes that more than one graph describes; parse cache on too

Every size (and every prototype) runs in a fresh ``python`` process, so the
peak resident set (``ru_maxrss`` of that child) is the peak of that size alone.
A stage whose predicted time exceeds ``--budget-minutes`` is not run: the
script measures it at the ``--fallback-sizes`` below instead and extrapolates
(a power law fitted on them), and the table says so.

Also printed: which shapes dominate validation of the seed (one shapes file at
a time, with the number of SPARQL-constraint evaluations each causes), and an
equivalence check that the prototypes report exactly what ``validate`` reports
on deliberately broken graphs, a cross-release name conflict included.

The machine is shared and noisy: read the figures as ratios.
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED_DATA = ROOT / "data"
SEED_RELEASE = "2022-11-18-adal-sailau-briefing"

PIPELINE_STAGES = ("map", "validate", "publish")
PROTOTYPE_STAGES = ("validate-cached", "validate-inplace", "validate-split")
ALL_STAGES = PIPELINE_STAGES + ("build",) + PROTOTYPE_STAGES
DEFAULT_STAGES = PIPELINE_STAGES + ("validate-inplace", "validate-split")
VALIDATE_STAGES = ("validate",) + PROTOTYPE_STAGES


# --------------------------------------------------------------------------- synthetic data

# Sections whose entries become new entities in each synthetic release (ids suffixed).
RENAMED_SECTIONS = ("organizations", "persons", "places", "events", "quantities", "claims", "topics", "audiences")
# Sections whose names (and alternate names) get the release's number, in every language.
NAMED_SECTIONS = ("organizations", "persons", "events")
# Keys holding labels that are renamed with the entity (persons also rename their family name).
NAME_KEYS = {"organizations": ("name",), "persons": ("name", "family_name"), "events": ("name",)}
# The seed's entities a synthetic release may reuse, most popular first (rank 1 is reused most).
REUSABLE = (
    ("persons", "akylbay-serik"),
    ("organizations", "adal-sailau-headquarters"),
    ("persons", "abdrasulov-ermek"),
    ("persons", "aubakirova-indira"),
    ("persons", "akzhanov-abdikarym"),
    ("persons", "berkamalov-serik"),
)
# A unit is reused exactly when the organization it belongs to is.
REUSED_WITH = {("organizations", "adal-sailau-headquarters-regional-representatives"):
               ("organizations", "adal-sailau-headquarters")}


def _section_of_kind() -> dict[str, str]:
    from briefing_kg.facts import KIND_TO_SECTION
    return dict(KIND_TO_SECTION)


def synthetic_release_id(number: int) -> str:
    return f"2022-11-18-synthetic-{number:05d}-briefing"


def reused_entities(number: int, share: float, publisher: str, publisher_site: str | None) -> set[tuple[str, str]]:
    """Which seed entities release ``number`` mentions again, instead of new ones (deterministic)."""
    rng = random.Random(f"briefing-kg-synthetic-{number}")
    reused = {("organizations", publisher)}
    if publisher_site:
        reused.add(("places", publisher_site))
    for rank, key in enumerate(REUSABLE, start=1):
        if rng.random() < share / rank:
            reused.add(key)
    for key, owner in REUSED_WITH.items():
        if owner in reused:
            reused.add(key)
    return reused


def reuse_counts(count: int, share: float) -> dict[str, int]:
    """How many of synthetic releases 1..count reuse each seed entity."""
    seed_facts = yaml.safe_load((SEED_DATA / "facts" / f"{SEED_RELEASE}.yaml").read_text(encoding="utf-8"))
    publisher = yaml.safe_load((SEED_DATA / "sources" / SEED_RELEASE / "release.yaml").read_text(
        encoding="utf-8"))["publisher"]["id"]
    site = next((p["id"] for p in seed_facts.get("places") or [] if p.get("site_of") == publisher), None)
    counts: dict[str, int] = {}
    for number in range(1, count + 1):
        for _, ident in reused_entities(number, share, publisher, site):
            counts[ident] = counts.get(ident, 0) + 1
    return counts


def make_synthetic_facts(seed: dict[str, Any], number: int, reused: set[tuple[str, str]]) -> dict[str, Any]:
    """The seed's facts as release ``number`` would state them about other people and events."""
    suffix = f"-s{number:05d}"
    tag = f" {number}"
    doc = copy.deepcopy(seed)
    doc["release"] = synthetic_release_id(number)
    rename: dict[tuple[str, str], str] = {}
    for section in RENAMED_SECTIONS:
        for entry in doc.get(section) or []:
            key = (section, entry["id"])
            rename[key] = entry["id"] if key in reused else entry["id"] + suffix

    def new(section: str, ident: str) -> str:
        return rename.get((section, ident), ident)

    kind_to_section = _section_of_kind()

    def new_typed(reference: str) -> str:
        kind, _, ident = reference.partition(":")
        section = kind_to_section.get(kind)
        if section in (None, "regions"):
            return reference
        return f"{kind}:{new(section, ident)}"

    from briefing_kg.facts import FIXED_REFERENCES, TYPED_REFERENCES

    for section in RENAMED_SECTIONS:
        for entry in doc.get(section) or []:
            original = entry["id"]
            entry["id"] = new(section, original)
            if section in NAMED_SECTIONS and (section, original) not in reused:
                for key in NAME_KEYS[section]:
                    if key in entry:
                        entry[key] = {lang: text + tag for lang, text in entry[key].items()}
                for alternate in entry.get("alternate_names") or []:
                    for lang in list(alternate):
                        alternate[lang] = alternate[lang] + tag
    for (section, key), target in FIXED_REFERENCES.items():
        for entry in doc.get(section) or []:
            if key in entry:
                value = entry[key]
                entry[key] = new(target, value) if isinstance(value, str) else [new(target, v) for v in value]
    for section, key in TYPED_REFERENCES:
        for entry in doc.get(section) or []:
            if key in entry:
                value = entry[key]
                entry[key] = new_typed(value) if isinstance(value, str) else [new_typed(v) for v in value]
    return doc


@dataclass
class Pool:
    """Every synthetic release written once; a size is a data folder of links into it."""

    root: Path
    seed_facts: dict[str, Any]
    seed_release: dict[str, Any]
    share: float
    made: int = 0

    @classmethod
    def create(cls, root: Path, share: float) -> "Pool":
        (root / "sources").mkdir(parents=True, exist_ok=True)
        (root / "facts").mkdir(parents=True, exist_ok=True)
        seed_facts = yaml.safe_load((SEED_DATA / "facts" / f"{SEED_RELEASE}.yaml").read_text(encoding="utf-8"))
        seed_release = yaml.safe_load((SEED_DATA / "sources" / SEED_RELEASE / "release.yaml").read_text(encoding="utf-8"))
        return cls(root=root, seed_facts=seed_facts, seed_release=seed_release, share=share)

    def ensure(self, count: int) -> None:
        """Synthetic releases 1..count exist."""
        publisher = self.seed_release["publisher"]["id"]
        site = next((p["id"] for p in self.seed_facts.get("places") or [] if p.get("site_of") == publisher), None)
        for number in range(self.made + 1, count + 1):
            release_id = synthetic_release_id(number)
            folder = self.root / "sources" / release_id
            folder.mkdir()
            for text in sorted((SEED_DATA / "sources" / SEED_RELEASE).glob("*.txt")):
                shutil.copyfile(text, folder / text.name)
            meta = copy.deepcopy(self.seed_release)
            meta["id"] = release_id
            (folder / "release.yaml").write_text(
                yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
            reused = reused_entities(number, self.share, publisher, site)
            facts = make_synthetic_facts(self.seed_facts, number, reused)
            (self.root / "facts" / f"{release_id}.yaml").write_text(
                yaml.safe_dump(facts, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
        self.made = max(self.made, count)

    def data_dir(self, size: int) -> Path:
        """A data folder with the seed and synthetic releases 1..size-1 (symbolic links, no copies)."""
        self.ensure(size - 1)
        data = self.root / f"data-{size}"
        if data.exists():
            return data
        (data / "sources").mkdir(parents=True)
        (data / "facts").mkdir()
        (data / "reference").symlink_to(SEED_DATA / "reference")
        (data / "sources" / SEED_RELEASE).symlink_to(SEED_DATA / "sources" / SEED_RELEASE)
        (data / "facts" / f"{SEED_RELEASE}.yaml").symlink_to(SEED_DATA / "facts" / f"{SEED_RELEASE}.yaml")
        for number in range(1, size):
            release_id = synthetic_release_id(number)
            (data / "sources" / release_id).symlink_to(self.root / "sources" / release_id)
            (data / "facts" / f"{release_id}.yaml").symlink_to(self.root / "facts" / f"{release_id}.yaml")
        return data


# --------------------------------------------------------------------------- validation prototypes


def sparql_parse_cache():
    """The shipped parse-once cache (``briefing_kg.validation``); the prototypes nest it where
    they validate by other routes. Nesting is harmless: the outer patch already parsed."""
    from briefing_kg.validation import _each_sparql_text_parsed_once

    return _each_sparql_text_parsed_once()


@contextlib.contextmanager
def count_sparql_evaluations() -> Iterator[dict[str, int]]:
    """How many times each SPARQL text is evaluated (one per focus node of a SPARQL constraint)."""
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    counts: dict[str, int] = {}

    def query(self, strOrQuery, *args, **kwargs):  # noqa: N803
        key = strOrQuery if isinstance(strOrQuery, str) else "(prepared)"
        counts[key] = counts.get(key, 0) + 1
        return original(self, strOrQuery, *args, **kwargs)

    processor.SPARQLProcessor.query = query
    try:
        yield counts
    finally:
        processor.SPARQLProcessor.query = original


def validate_cached(dataset, config, source_map):
    from briefing_kg.validation import validate

    with sparql_parse_cache():
        return validate(dataset, config, source_map=source_map)


def validate_inplace(dataset, config, source_map):
    """``validate`` as shipped, with the parse cache and without pySHACL's copy of the data graph.

    With ``advanced=True`` pySHACL clones the data graph unless ``inplace``; the
    union graph is already a private copy, so the clone only costs memory.
    """
    from pyshacl import validate as shacl_validate

    from briefing_kg.validation import ValidationReport, ValidationResult, _results, load_shapes, union_graph
    from briefing_kg.vocab import prefixes

    data = union_graph(dataset)
    with sparql_parse_cache():
        conforms, report_graph, _ = shacl_validate(
            data, shacl_graph=load_shapes(config), inference="none", advanced=True, allow_warnings=True,
            abort_on_first=False, inplace=True)
    results = sorted(_results(report_graph, data, source_map, prefixes(config.base_uri)),
                     key=ValidationResult.sort_key)
    violations = [r for r in results if r.severity == "Violation"]
    return ValidationReport(conforms=not violations, results=results if not conforms else [], graph=report_graph)


def validate_split(dataset, config, source_map):
    """Each release graph on its own, the reference and ontology once, the union only where graphs overlap.

    Every shape here is local: it reads a focus node's own statements, the
    types of its values (with the ontology's subclass axioms) and, for
    passages and mentions, their document and sentence in the same release.
    So a release graph is validated with just those types beside it, and only
    results about its own subjects are kept. A node that several graphs
    describe (the publisher, a person two releases name) is decided once, on
    all its statements from every graph: two different kk names from two
    releases are caught there. (pySHACL's ``focus_nodes`` option would be the
    obvious tool, but it also filters the literal value nodes of nested shapes
    such as ``sh:qualifiedValueShape``, and then reports every name as missing.)
    """
    from pyshacl import validate as shacl_validate
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, RDFS

    from briefing_kg.mapping import ONTOLOGY_GRAPH, REFERENCE_GRAPH
    from briefing_kg.uris import graph_uri
    from briefing_kg.validation import ValidationReport, ValidationResult, _results, load_shapes
    from briefing_kg.vocab import prefixes

    shapes = load_shapes(config)
    base = config.base_uri
    context_ids = {URIRef(graph_uri(base, REFERENCE_GRAPH)), URIRef(graph_uri(base, ONTOLOGY_GRAPH))}
    context = Graph()
    release_graphs = []
    for graph in dataset.graphs():
        if not len(graph):
            continue
        if graph.identifier in context_ids:
            for triple in graph:
                context.add(triple)
        else:
            release_graphs.append(graph)
    axioms = list(context.triples((None, RDFS.subClassOf, None)))
    # One pass over each graph's own triples. (In rdflib's Memory store a pattern such as
    # (None, rdf:type, None) on one graph of a Dataset walks that predicate's index over
    # every graph and filters: asked per release graph, that alone is quadratic.)
    types: dict = {}
    subjects_of: list[set] = []
    described_in: dict = {}
    for graph in [context, *release_graphs]:
        subjects = set()
        for s, p, o in graph:
            if isinstance(s, URIRef):
                subjects.add(s)
            if p == RDF.type:
                types.setdefault(s, set()).add(o)
        subjects_of.append(subjects)
        for subject in subjects:
            described_in[subject] = described_in.get(subject, 0) + 1
    shared = {s for s, n in described_in.items() if n > 1}
    table = prefixes(base)
    results: list[ValidationResult] = []

    def with_value_types(data: Graph, triples) -> Graph:
        for triple in triples:
            data.add(triple)
        for triple in axioms:
            data.add(triple)
        described = set(data.subjects())
        for value in set(data.objects()):
            if isinstance(value, URIRef) and value not in described:
                for cls in types.get(value, ()):
                    data.add((value, RDF.type, cls))
        return data

    def run(data: Graph, keep: set) -> None:
        if not keep:
            return
        ok, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                       allow_warnings=True, abort_on_first=False, inplace=True)
        if not ok:
            results.extend(r for r in _results(report, data, source_map, table) if URIRef(r.focus) in keep)

    with sparql_parse_cache():
        run(copy_graph(context), subjects_of[0] - shared)
        for graph, subjects in zip(release_graphs, subjects_of[1:]):
            run(with_value_types(Graph(), graph), subjects - shared)
        if shared:
            statements = (t for g in [context, *release_graphs] for t in g if t[0] in shared)
            run(with_value_types(Graph(), statements), shared)
    unique = {(r.focus, r.path, r.message, r.value): r for r in results}
    ordered = sorted(unique.values(), key=ValidationResult.sort_key)
    violations = [r for r in ordered if r.severity == "Violation"]
    return ValidationReport(conforms=not violations, results=ordered if violations else [])


def copy_graph(graph):
    from rdflib import Graph

    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def _validator(stage: str) -> Callable:
    if stage == "validate":
        from briefing_kg.validation import validate
        return lambda dataset, config, source_map: validate(dataset, config, source_map=source_map)
    return {"validate-cached": validate_cached, "validate-inplace": validate_inplace,
            "validate-split": validate_split}[stage]


# --------------------------------------------------------------------------- child processes


def peak_rss_mb() -> float:
    """Peak resident set of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User plus system CPU time of this process: steadier than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def current_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child_main(data_dir: Path, stages: list[str], out_path: Path) -> None:
    """Run ``stages`` on ``data_dir`` in this fresh process; write what was measured after each."""
    import briefing_kg.mapping  # noqa: F401  (imports are not part of any stage)
    import briefing_kg.pipeline as pipeline
    import briefing_kg.publishing as publishing
    import briefing_kg.validation  # noqa: F401
    import pyshacl  # noqa: F401
    from briefing_kg.config import Config

    config = Config(data_dir=data_dir)
    record: dict[str, Any] = {"imports_rss_mb": peak_rss_mb(), "stages": {}}
    scratch = Path(tempfile.mkdtemp(prefix="build-scaling-out-"))

    def save() -> None:
        tmp = out_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, out_path)

    mapped = None
    try:
        for stage in stages:
            record["running"] = stage
            save()
            started = time.perf_counter()
            cpu_started = cpu_seconds()
            info: dict[str, Any] = {}
            if stage == "map":
                mapped = pipeline.map_data(config)
                info["quads"] = sum(len(g) for g in mapped.dataset.graphs())
                info["releases"] = len(mapped.releases)
            elif stage in VALIDATE_STAGES:
                report = _validator(stage)(mapped.dataset, config, mapped.source_map)
                info["conforms"] = report.conforms
                info["results"] = len(report.results)
            elif stage == "publish":
                target = publishing.publish(mapped.dataset, mapped.releases, config, out_dir=scratch / "dist")
                info["bytes"] = sum(p.stat().st_size for p in Path(os.path.realpath(target)).iterdir() if p.is_file())
            elif stage == "build":
                pipeline.build_release(config, out_dir=scratch / "dist")
            else:
                raise SystemExit(f"unknown stage {stage!r}")
            info["seconds"] = time.perf_counter() - started
            info["cpu_seconds"] = cpu_seconds() - cpu_started
            info["peak_rss_mb"] = peak_rss_mb()
            info["rss_mb"] = current_rss_mb()
            record["stages"][stage] = info
        record.pop("running", None)
        save()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run_child(data_dir: Path, stages: list[str], timeout: float, workdir: Path) -> dict[str, Any]:
    """One fresh interpreter for one size; on timeout, the stages finished so far and the one that ran."""
    out = Path(tempfile.mkstemp(prefix="child-", suffix=".json", dir=workdir)[1])
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--data", str(data_dir),
               "--stages", ",".join(stages), "--child-out", str(out)]
    try:
        proc = subprocess.run(command, timeout=timeout, capture_output=True, text=True)
        failed = proc.returncode != 0
        error = proc.stderr.strip().splitlines()[-1:] if failed else []
    except subprocess.TimeoutExpired:
        failed, error = True, ["timed out"]
    record = json.loads(out.read_text(encoding="utf-8")) if out.stat().st_size else {"stages": {}}
    out.unlink(missing_ok=True)
    if failed:
        record["failed"] = {"stage": record.get("running"), "error": " ".join(error)}
    return record


# --------------------------------------------------------------------------- fitting


def power_fit(points: list[tuple[int, float]]) -> tuple[float, float] | None:
    """Least squares of log t = log a + b log n; (a, b) or None with fewer than two sizes."""
    points = [(n, t) for n, t in points if n > 0 and t > 0]
    if len({n for n, _ in points}) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return math.exp(my - b * mx), b


def linear_fit(points: list[tuple[int, float]]) -> tuple[float, float] | None:
    """Least squares of m = a + b n."""
    if len({n for n, _ in points}) < 2:
        return None
    xs = [n for n, _ in points]
    ys = [m for _, m in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return my - b * mx, b


def predict_seconds(measured: dict[int, float], size: int) -> float | None:
    """Conservative guess of a stage's time at ``size`` from smaller sizes: never below linear growth."""
    smaller = sorted((n, t) for n, t in measured.items() if n < size)
    if not smaller:
        return None
    n1, t1 = smaller[-1]
    exponent = 1.0
    if len(smaller) >= 2:
        n0, t0 = smaller[-2]
        if t0 > 0 and t1 > 0 and n1 > n0:
            exponent = max(1.0, math.log(t1 / t0) / math.log(n1 / n0))
    return t1 * (size / n1) ** exponent


# --------------------------------------------------------------------------- the run


@dataclass
class Cell:
    seconds: float | None = None
    cpu_seconds: float | None = None
    peak_rss_mb: float | None = None
    extrapolated: str | None = None       # how, when not measured
    note: str | None = None


@dataclass
class Results:
    quads: dict[int, int] = field(default_factory=dict)
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)   # (stage, size)
    conforms: dict[tuple[str, int], bool] = field(default_factory=dict)
    publish_bytes: dict[int, int] = field(default_factory=dict)
    imports_rss_mb: float | None = None

    def seconds(self, stage: str) -> dict[int, float]:
        return {n: c.seconds for (s, n), c in self.cells.items()
                if s == stage and c.seconds is not None and c.extrapolated is None}


def groups_for(stages: list[str]) -> list[list[str]]:
    """Which stages share a process: each prototype alone (after map), the pipeline's in order, build alone.

    The prototypes go first: they are quick, and a run cut short still shows the fix.
    """
    groups = []
    for prototype in PROTOTYPE_STAGES:
        if prototype in stages:
            groups.append(["map", prototype])
    pipeline = [s for s in PIPELINE_STAGES if s in stages]
    if pipeline:
        groups.append(["map", *[s for s in pipeline if s != "map"]])
    if "build" in stages:
        groups.append(["build"])
    return groups


def measure(args, pool: Pool, results: Results, log: Callable[[str], None],
            checkpoint: Callable[[], None] = lambda: None) -> None:
    budget = args.budget_minutes * 60
    requested = sorted(set(args.sizes))
    fallback = sorted(set(args.fallback_sizes))
    for group in groups_for(args.stages):
        owner = group[-1]          # the stage this process exists for
        queue = list(requested)
        done: set[int] = set()
        over_budget: list[int] = []
        while queue:
            size = queue.pop(0)
            if size in done:
                continue
            done.add(size)
            planned = []
            for stage in group:
                guess = predict_seconds(results.seconds(stage), size)
                if stage == "map" and stage != owner:
                    planned.append(stage)      # mapping is the prerequisite; its cost is known from the pipeline
                elif guess is not None and guess > budget:
                    log(f"  {stage} at {size} releases: predicted {guess / 60:.0f} min > budget, extrapolating")
                    results.cells[(stage, size)] = Cell(note=f"predicted {guess / 60:.0f} min")
                    over_budget.append(size)
                    if stage == owner or stage == "validate":
                        extra = [n for n in fallback if n < size and n not in done and n not in queue]
                        queue = sorted(queue + extra)
                else:
                    planned.append(stage)
            if planned == ["map"] and owner != "map":
                continue
            if not planned:
                continue
            guess_total = sum(predict_seconds(results.seconds(s), size) or 300 for s in planned)
            timeout = max(600.0, 3 * guess_total, budget * 1.5)
            data = pool.data_dir(size)
            log(f"{'+'.join(planned)} at {size} releases ...")
            record = run_child(data, planned, timeout, pool.root)
            if results.imports_rss_mb is None:
                results.imports_rss_mb = record.get("imports_rss_mb")
            for stage, info in record.get("stages", {}).items():
                if stage == "map":
                    results.quads[size] = info["quads"]
                    if owner in PROTOTYPE_STAGES and ("map", size) in results.cells:
                        continue
                if stage == "publish":
                    results.publish_bytes[size] = info.get("bytes", 0)
                if "conforms" in info:
                    results.conforms[(stage, size)] = info["conforms"]
                results.cells[(stage, size)] = Cell(seconds=info["seconds"], cpu_seconds=info.get("cpu_seconds"),
                                                    peak_rss_mb=info["peak_rss_mb"])
                log(f"  {stage}: {info['seconds']:.1f} s (CPU {info.get('cpu_seconds', 0):.1f} s), "
                    f"peak {info['peak_rss_mb']:.0f} MB"
                    + (f", conforms={info['conforms']}" if "conforms" in info else ""))
            checkpoint()
            failed = record.get("failed")
            if failed:
                stage = failed.get("stage") or owner
                log(f"  {stage} at {size} releases failed: {failed.get('error')}")
                results.cells[(stage, size)] = Cell(note=f"failed: {failed.get('error')}"[:80])
                over_budget.append(size)
                extra = [n for n in fallback if n < size and n not in done and n not in queue]
                queue = sorted(queue + extra)
                # the stages after the one that failed are measured again without it
                rest = [s for s in group if s != stage and (s, size) not in results.cells]
                if rest and rest != ["map"]:
                    record = run_child(data, ["map", *[s for s in rest if s != "map"]], timeout, pool.root)
                    for s, info in record.get("stages", {}).items():
                        if s != "map" or ("map", size) not in results.cells:
                            results.cells[(s, size)] = Cell(seconds=info["seconds"], cpu_seconds=info.get("cpu_seconds"),
                                                            peak_rss_mb=info["peak_rss_mb"])
    for (stage, size), cell in sorted(results.cells.items()):
        if cell.seconds is None and cell.note:
            extrapolate(results, stage, size)


def extrapolate(results: Results, stage: str, size: int) -> None:
    """Fill a stage that was not measured at ``size`` from the sizes that were.

    CPU time where measured (other jobs on the machine stretch wall time, not
    CPU time). Over the largest three sizes a power law t ~ n^b is fitted; when
    b is within 10 % of 1 the growth is linear and a line a + b·n (fixed cost
    plus a cost per release) extrapolates better than a power law, which folds
    the fixed cost into its exponent.
    """
    cell = results.cells[(stage, size)]
    measured = sorted((n, c.cpu_seconds if c.cpu_seconds is not None else c.seconds)
                      for (s, n), c in results.cells.items()
                      if s == stage and c.seconds is not None and c.extrapolated is None)
    if not measured:
        return
    basis = "CPU time" if all(c.cpu_seconds is not None for (s, _), c in results.cells.items()
                              if s == stage and c.seconds is not None and c.extrapolated is None) else "wall time"
    usable = ([(n, t) for n, t in measured if n >= 25] or measured)[-3:]
    names = ", ".join(str(n) for n, _ in usable)
    fit = power_fit(usable)
    if fit is None:
        n1, t1 = measured[-1]
        cell.seconds = t1 * size / n1
        cell.extrapolated = f"proportional to {n1} ({basis})"
    elif abs(fit[1] - 1) <= 0.1:
        a, b = linear_fit(usable)
        cell.seconds = a + b * size
        cell.extrapolated = (f"linear (t ~ n^{fit[1]:.2f}): {a:,.0f} s + {b:,.2f} s per release, "
                             f"fitted on {names} ({basis})")
    else:
        a, b = fit
        cell.seconds = a * size ** b
        cell.extrapolated = f"t ~ n^{b:.2f} fitted on {names} ({basis})"
    memory = sorted((n, c.peak_rss_mb) for (s, n), c in results.cells.items()
                    if s == stage and c.peak_rss_mb is not None and c.extrapolated is None)
    line = linear_fit(memory[-3:])
    if line is not None:
        cell.peak_rss_mb = line[0] + line[1] * size
    if size not in results.quads and len(results.quads) >= 2:
        q = linear_fit(sorted(results.quads.items()))
        if q is not None:
            results.quads[size] = int(q[0] + q[1] * size)


def results_from_json(path: Path) -> tuple[argparse.Namespace, Results, dict | None]:
    """A saved run, its extrapolations made again (so a better fit needs no new measurement)."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    results = Results()
    results.quads = {int(n): q for n, q in saved["quads"].items()}
    results.publish_bytes = {int(n): b for n, b in saved["publish_bytes"].items()}
    results.imports_rss_mb = saved.get("imports_rss_mb")
    for row in saved["cells"]:
        cell = Cell(**{k: row.get(k) for k in ("seconds", "cpu_seconds", "peak_rss_mb", "extrapolated", "note")})
        if cell.extrapolated:
            cell.seconds = cell.peak_rss_mb = cell.extrapolated = None
        results.cells[(row["stage"], row["releases"])] = cell
    for row in saved["conforms"]:
        results.conforms[(row["stage"], row["releases"])] = row["conforms"]
    measured_quads = {n for (s, n), c in results.cells.items() if s == "map" and c.seconds is not None}
    results.quads = {n: q for n, q in results.quads.items() if n in measured_quads}
    for (stage, size), cell in sorted(results.cells.items()):
        if cell.seconds is None and cell.note:
            extrapolate(results, stage, size)
    args = argparse.Namespace(sizes=saved["sizes"], stages=saved["stages"], share=saved["share"])
    return args, results, saved.get("profile")


# --------------------------------------------------------------------------- shapes profile and equivalence


def child_profile(out_path: Path) -> None:
    """Per-shapes-file timing on the seed, and the prototypes' reports against the shipped validate."""
    from pyshacl import validate as shacl_validate
    from rdflib import Graph

    from briefing_kg.config import Config
    from briefing_kg.pipeline import map_data
    from briefing_kg.resources import shapes_files
    from briefing_kg.uris import rebase
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    from briefing_kg.validation import load_shapes, union_graph, validate

    config = Config(data_dir=SEED_DATA)
    mapped = map_data(config)
    data = union_graph(mapped.dataset)
    files = shapes_files()
    prefix_file = next(p for p in files if p.name == "prefixes.ttl")
    rows = []
    for path in files:
        if path == prefix_file:
            continue
        shapes = Graph()
        for part in (prefix_file, path):
            shapes.parse(data=rebase(part.read_text(encoding="utf-8"), config.base_uri), format="turtle",
                         publicID=part.as_uri())

        def run() -> float:
            started = time.perf_counter()
            shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
            return time.perf_counter() - started

        with count_sparql_evaluations() as counts:
            seconds = run()
        with sparql_parse_cache():
            cached = run()
        rows.append({"file": path.name, "seconds": seconds, "cached_seconds": cached,
                     "sparql_evaluations": sum(counts.values()), "sparql_constraints": len(counts)})
    node_shapes = []
    everything = load_shapes(config)
    for shape in sorted(s for s in everything.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)):
        with count_sparql_evaluations() as counts:
            started = time.perf_counter()
            shacl_validate(data, shacl_graph=everything, inference="none", advanced=True, allow_warnings=True,
                           use_shapes=[str(shape)])
            seconds = time.perf_counter() - started
        node_shapes.append({"shape": str(shape).rsplit("#", 1)[-1], "seconds": seconds,
                            "sparql_evaluations": sum(counts.values())})
    started = time.perf_counter()
    validate(mapped.dataset, config, source_map=mapped.source_map)
    whole = time.perf_counter() - started
    equivalence = check_equivalence(config)
    out_path.write_text(json.dumps({"files": rows, "node_shapes": node_shapes, "whole_seconds": whole, "equivalence": equivalence}),
                        encoding="utf-8")


def check_equivalence(config) -> list[dict[str, Any]]:
    """Break graphs on purpose; the prototypes must report exactly what the shipped validate reports."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from briefing_kg.config import Config
    from briefing_kg.pipeline import map_data
    from briefing_kg.uris import entity_uri, graph_uri
    from briefing_kg.validation import validate
    from briefing_kg.vocab import NIF, SCHEMA

    base = config.base_uri
    cases: list[tuple[str, Any]] = []

    def seed_case(name: str, mutate: Callable) -> None:
        mapped = map_data(config)
        graph = mapped.dataset.graph(URIRef(graph_uri(base, f"release/{SEED_RELEASE}")))
        mutate(graph)
        cases.append((name, mapped))

    person = URIRef(entity_uri(base, "person", "akylbay-serik"))
    passage = URIRef(entity_uri(base, "passage", f"{SEED_RELEASE}-kk-s03"))
    event = URIRef(entity_uri(base, "event", SEED_RELEASE))

    def shift_offset(g):
        end = g.value(passage, NIF.endIndex)
        g.remove((passage, NIF.endIndex, None))
        g.add((passage, NIF.endIndex, Literal(int(end) + 1, datatype=XSD.nonNegativeInteger)))

    def drop_kk_name(g):
        for name in list(g.objects(person, SCHEMA.name)):
            if getattr(name, "language", None) == "kk":
                g.remove((person, SCHEMA.name, name))

    def bad_date(g):
        g.remove((event, SCHEMA.startDate, None))
        g.add((event, SCHEMA.startDate, Literal("18 November")))

    seed_case("passage offsets off by one", shift_offset)
    seed_case("person without a kk name", drop_kk_name)
    seed_case("event date that is not a date", bad_date)

    # Two releases that each describe the seed's Akylbay, one of them with another kk name:
    # only the union shows the conflict.
    with tempfile.TemporaryDirectory(prefix="build-scaling-eq-") as tmp:
        pool = Pool.create(Path(tmp), share=1.0)
        pool.ensure(2)
        mapped = map_data(Config(data_dir=pool.data_dir(3)))
        other = mapped.dataset.graph(URIRef(graph_uri(base, f"release/{synthetic_release_id(2)}")))
        for name in list(other.objects(person, SCHEMA.name)):
            if name.language == "kk":
                other.remove((person, SCHEMA.name, name))
                other.add((person, SCHEMA.name, Literal(str(name) + " (басқа)", lang="kk")))
        cases.append(("two releases, two kk names for one person", mapped))
        out = []
        for name, mapped in cases:
            found = {}
            for stage in VALIDATE_STAGES:
                started = time.perf_counter()
                report = _validator(stage)(mapped.dataset, config, mapped.source_map)
                found[stage] = (report.conforms, sorted((r.focus, r.path, r.message) for r in report.results),
                                time.perf_counter() - started)
            reference = found["validate"]
            out.append({
                "case": name,
                "violations": len(reference[1]),
                "conforms": reference[0],
                "same": {stage: found[stage][:2] == reference[:2] for stage in PROTOTYPE_STAGES},
                "seconds": {stage: found[stage][2] for stage in VALIDATE_STAGES},
            })
    return out


# --------------------------------------------------------------------------- printing


def fmt_seconds(cell: Cell | None) -> str:
    if cell is None or cell.seconds is None:
        return "—" if cell is None or cell.note is None else "n/a"
    mark = "~" if cell.extrapolated else ""
    return f"{mark}{cell.seconds:,.1f}"


def fmt_mb(value: float | None, extrapolated: bool = False) -> str:
    if value is None:
        return "—"
    return f"{'~' if extrapolated else ''}{value:,.0f}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |"
    rule = "|" + "|".join("-" * (w + 1) + ":" if i else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    body = ["| " + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) + " |"
            for r in rows]
    return "\n".join([line, rule, *body])


def report(args, results: Results, profile: dict | None) -> str:
    out: list[str] = []
    sizes = sorted({n for (_, n) in results.cells} | set(args.sizes))
    pipeline = [s for s in PIPELINE_STAGES if s in args.stages]
    out.append(f"# Build scaling: {', '.join(str(n) for n in sizes)} releases "
               f"(seed = size 1; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    out.append("")
    out.append("Synthetic release: the seed's texts under a new id, entities renamed; "
               f"seed entities reused with probability {args.share}/rank; the publisher in every release.")
    largest = max((n for (_, n), c in results.cells.items() if c.seconds is not None), default=1)
    if largest > 1:
        counts = reuse_counts(largest - 1, args.share)
        reuse = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(f"Releases reusing each seed entity (of {largest - 1} synthetic): {reuse}.")
    out.append("")

    if pipeline:
        headers = ["releases", "quads", *[f"{s} s" for s in pipeline], "total s", "CPU s", "peak RSS MB",
                   "× time", "× RSS", "per release ms", "per release MB"]
        rows = []
        base_total = base_rss = None
        for size in sizes:
            cells = [results.cells.get((s, size)) for s in pipeline]
            if all(c is None for c in cells):
                continue
            known = [c for c in cells if c is not None and c.seconds is not None]
            total = sum(c.seconds for c in known) if len(known) == len(pipeline) else None
            extrapolated = any(c.extrapolated for c in known)
            rss = max((c.peak_rss_mb for c in known if c.peak_rss_mb is not None), default=None)
            cpu = (sum(c.cpu_seconds for c in known) if total is not None and not extrapolated
                   and all(c.cpu_seconds is not None for c in known) else None)
            if size == 1:
                base_total, base_rss = total, rss
            ratio_t = f"{total / base_total:,.0f}×" if total and base_total and size != 1 else ("1×" if size == 1 else "—")
            ratio_m = f"{rss / base_rss:,.1f}×" if rss and base_rss and size != 1 else ("1×" if size == 1 else "—")
            per_t = (f"{(total - base_total) / (size - 1) * 1000:,.0f}"
                     if total is not None and base_total is not None and size > 1 else "—")
            per_m = (f"{(rss - base_rss) / (size - 1):,.2f}"
                     if rss is not None and base_rss is not None and size > 1 else "—")
            mark = "~" if extrapolated else ""
            rows.append([str(size), f"{results.quads.get(size, 0):,}",
                         *[fmt_seconds(c) for c in cells],
                         f"{mark}{total:,.1f}" if total is not None else "—",
                         f"{cpu:,.1f}" if cpu is not None else "—",
                         fmt_mb(rss, extrapolated), mark + ratio_t if total else ratio_t,
                         mark + ratio_m if rss else ratio_m,
                         f"{mark}{per_t}" if per_t != "—" else per_t,
                         f"{mark}{per_m}" if per_m != "—" else per_m])
        out.append("## The build, stage by stage (one process per size; peak RSS = the child's ru_maxrss)")
        out.append("")
        out.append(table(headers, rows))
        out.append("")
        out.append("× = ratio to the seed; per release = (size − seed) / (releases − 1); ~ = extrapolated.")
        if results.imports_rss_mb:
            out.append(f"A child holds {results.imports_rss_mb:,.0f} MB after its imports, before any stage.")
        for size in sizes:
            for stage in pipeline:
                cell = results.cells.get((stage, size))
                if cell and cell.extrapolated:
                    out.append(f"- {stage} at {size}: not run ({cell.note}); extrapolated, {cell.extrapolated}.")
                elif cell and cell.note and cell.seconds is None:
                    out.append(f"- {stage} at {size}: {cell.note}.")
        if results.publish_bytes:
            out.append("Published files (all formats, gzip included): " + ", ".join(
                f"{n} releases {b / 1e6:,.1f} MB" for n, b in sorted(results.publish_bytes.items())) + ".")
        out.append("")

    if "build" in args.stages:
        rows = []
        for size in sizes:
            cell = results.cells.get(("build", size))
            if cell is not None:
                rows.append([str(size), fmt_seconds(cell),
                             f"{cell.cpu_seconds:,.1f}" if cell.cpu_seconds is not None else "—",
                             fmt_mb(cell.peak_rss_mb, bool(cell.extrapolated))])
        out.append("## pipeline.build_release(config), end to end, in a process of its own")
        out.append("")
        out.append(table(["releases", "seconds", "CPU s", "peak RSS MB"], rows))
        out.append("")

    validators = [s for s in VALIDATE_STAGES if s in args.stages]
    if validators:
        out.append("## Validation: as shipped and the prototypes (seconds; peak RSS MB of a map+validate child)")
        out.append("")
        headers = ["releases"]
        for s in validators:
            headers += [f"{s} s", "CPU s", "MB"]
        headers += ["speed-up"] if len(validators) > 1 else []
        rows = []
        for size in sizes:
            cells = [results.cells.get((s, size)) for s in validators]
            if all(c is None for c in cells):
                continue
            row = [str(size)]
            for c in cells:
                row += [fmt_seconds(c), f"{c.cpu_seconds:,.1f}" if c and c.cpu_seconds is not None else "—",
                        fmt_mb(c.peak_rss_mb if c else None, bool(c and c.extrapolated))]
            if len(validators) > 1:
                base = cells[0].seconds if cells[0] else None
                best = min((c.seconds for c in cells[1:] if c and c.seconds), default=None)
                row.append(f"{base / best:,.0f}×" if base and best else "—")
            rows.append(row)
        out.append(table(headers, rows))
        out.append("")
        out.append("(The pipeline's validate MB is the map+validate+publish child's peak, taken after validate.)")
        out.append("")
        out.append("### Growth of validation")
        out.append("(marginal cost in CPU time where measured, which the other work on a shared machine disturbs less)")
        for stage in validators:
            points = sorted(results.seconds(stage).items())
            cpu = sorted((n, c.cpu_seconds) for (s, n), c in results.cells.items()
                         if s == stage and c.cpu_seconds is not None and c.extrapolated is None)
            if len(cpu) == len(points):
                points = cpu
            if len(points) < 2:
                continue
            marginal = []
            for (n0, t0), (n1, t1) in zip(points, points[1:]):
                marginal.append((n0, n1, (t1 - t0) / (n1 - n0)))
            large = [(n, t) for n, t in points if n >= 50]
            fit = power_fit(large) if len(large) >= 2 else None
            text = "; ".join(f"{n0}→{n1}: {m * 1000:,.0f} ms per added release" for n0, n1, m in marginal)
            verdict = ""
            if len(marginal) >= 2:
                first, last = marginal[0][2], marginal[-1][2]
                if first > 0:
                    growth = last / first
                    kind = "super-linear" if growth > 1.25 else ("sub-linear" if growth < 0.8 else "linear")
                    verdict = f" → {kind} (last marginal cost / first = {growth:.2f})"
            exponent = f"; t ∝ n^{fit[1]:.2f} over {', '.join(str(n) for n, _ in large)}" if fit else ""
            out.append(f"- {stage}: {text}{exponent}{verdict}")
        out.append("")

    if profile:
        out.append("## Which shapes dominate (the seed, one shapes file at a time with prefixes.ttl)")
        out.append("")
        rows = []
        total = sum(r["seconds"] for r in profile["files"])
        for r in sorted(profile["files"], key=lambda r: -r["seconds"]):
            rows.append([r["file"], f"{r['seconds']:.2f}", f"{r['seconds'] / total * 100:.0f}%",
                         str(r["sparql_constraints"]), str(r["sparql_evaluations"]), f"{r['cached_seconds']:.2f}"])
        out.append(table(["shapes file", "seconds", "share", "SPARQL constraints", "SPARQL evaluations",
                          "with parse cache s"], rows))
        out.append("")
        out.append(f"All shapes together (validate as shipped): {profile['whole_seconds']:.2f} s.")
        out.append("")
        out.append("By node shape (pySHACL use_shapes; a shape's property shapes included):")
        out.append("")
        rows = [[r["shape"], f"{r['seconds']:.2f}", str(r["sparql_evaluations"])]
                for r in sorted(profile.get("node_shapes", []), key=lambda r: -r["seconds"])]
        out.append(table(["node shape", "seconds", "SPARQL evaluations"], rows))
        out.append("")
        out.append("Equivalence on deliberately broken graphs (same conforms and same (focus, path, message) set):")
        for case in profile["equivalence"]:
            same = ", ".join(f"{s} {'same' if ok else 'DIFFERENT'}" for s, ok in case["same"].items())
            times = ", ".join(f"{s} {t:.1f} s" for s, t in case["seconds"].items())
            out.append(f"- {case['case']}: {case['violations']} violation(s); {same} ({times})")
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- main


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(x) for x in text.split(",") if x.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive numbers of releases, e.g. 1,100,1000")
    return sizes


def parse_stages(text: str) -> list[str]:
    stages = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in stages if s not in ALL_STAGES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown stage(s) {', '.join(unknown)}; choose from {', '.join(ALL_STAGES)}")
    if any(s in ("validate", "publish") for s in stages) and "map" not in stages:
        stages.insert(0, "map")
    return stages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=[1, 100, 1000],
                        help="numbers of releases to measure (default 1,100,1000; 1 = the seed)")
    parser.add_argument("--stages", type=parse_stages, default=list(DEFAULT_STAGES),
                        help=f"comma-separated, from {', '.join(ALL_STAGES)} (default {','.join(DEFAULT_STAGES)})")
    parser.add_argument("--budget-minutes", type=float, default=25.0,
                        help="a stage predicted to take longer is extrapolated from --fallback-sizes (default 25)")
    parser.add_argument("--fallback-sizes", type=parse_sizes, default=[100, 200, 400],
                        help="sizes measured instead of one over budget (default 100,200,400)")
    parser.add_argument("--share", type=float, default=0.5,
                        help="probability that a release reuses the most popular seed entity (rank k: share/k)")
    parser.add_argument("--no-profile", action="store_true", help="skip the per-shape profile of the seed")
    parser.add_argument("--workdir", type=Path, help="where synthetic data goes (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic data")
    parser.add_argument("--json", type=Path, help="also write the measurements as JSON here")
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help="print the report of a run saved with --json again (extrapolations redone), measure nothing")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-profile", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        child_main(args.data, args.stages, args.child_out)
        return 0
    if args.child_profile:
        child_profile(args.child_out)
        return 0

    if args.from_json:
        saved_args, results, profile = results_from_json(args.from_json)
        print(report(saved_args, results, profile))
        return 0

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    root = args.workdir or Path(tempfile.mkdtemp(prefix="build-scaling-"))
    root.mkdir(parents=True, exist_ok=True)
    pool = Pool.create(Path(tempfile.mkdtemp(prefix="pool-", dir=root)), share=args.share)
    results = Results()
    profile = None
    try:
        if not args.no_profile:
            log("profiling shapes on the seed ...")
            out = Path(tempfile.mkstemp(prefix="profile-", suffix=".json", dir=root)[1])
            subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child-profile",
                            "--child-out", str(out)], check=True)
            profile = json.loads(out.read_text(encoding="utf-8"))
            out.unlink()

        def save(final: bool = False) -> str:
            text = report(args, results, profile)
            if args.json:
                args.json.parent.mkdir(parents=True, exist_ok=True)
                args.json.write_text(json.dumps({
                    "complete": final, "sizes": args.sizes, "stages": args.stages, "share": args.share,
                    "quads": results.quads,
                    "cells": [{"stage": s, "releases": n, **asdict(c)} for (s, n), c in sorted(results.cells.items())],
                    "conforms": [{"stage": s, "releases": n, "conforms": v}
                                 for (s, n), v in sorted(results.conforms.items())],
                    "publish_bytes": results.publish_bytes, "imports_rss_mb": results.imports_rss_mb,
                    "profile": profile, "report": text,
                }, indent=1, ensure_ascii=False), encoding="utf-8")
            return text

        measure(args, pool, results, log, checkpoint=save)
        print(save(final=True))
    finally:
        if args.keep:
            log(f"synthetic data kept in {pool.root}")
        else:
            shutil.rmtree(pool.root, ignore_errors=True)
            if args.workdir is None:
                shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
