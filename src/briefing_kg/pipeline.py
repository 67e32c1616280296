"""The build, stage by stage: sources -> facts -> mapping -> validation -> publishing.

The CLI, the server (which builds when there is no build yet) and the tests
all call these functions.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .config import Config
from .errors import FactsError, SourceError, ValidationFailed
from .facts import Facts, draft_path, facts_path, load_facts
from .mapping import MappedDataset, map_dataset
from .reference import REGIONS_FILE, read_regions
from .sources import read_releases

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def load_all_facts(config: Config, releases) -> dict[str, Facts]:
    """Reviewed facts per release; drafts stand in only where asked for and no reviewed file exists."""
    out: dict[str, Facts] = {}
    known = {r.id for r in releases}
    facts_dir = Path(config.data_dir) / "facts"
    for path in sorted(facts_dir.glob("*.yaml")) if facts_dir.is_dir() else []:
        release_id = path.name.removesuffix(".draft.yaml").removesuffix(".yaml")
        if release_id not in known:
            raise FactsError(f"no source release {release_id!r} in {Path(config.data_dir) / 'sources'}", path=path)
    for release in releases:
        reviewed = facts_path(config.data_dir, release.id)
        draft = draft_path(config.data_dir, release.id)
        if reviewed.exists():
            out[release.id] = load_facts(reviewed, release)
        elif config.include_drafts and draft.exists():
            out[release.id] = load_facts(draft, release)
    return out


def map_data(config: Config, progress: Progress = _quiet) -> MappedDataset:
    """Read the data folder and map it: the RDF dataset and where each node came from."""
    progress("reading sources")
    releases = read_releases(Path(config.data_dir) / "sources")
    if not releases:
        raise SourceError("no source release to build from", path=Path(config.data_dir) / "sources")
    progress("reading facts")
    facts = load_all_facts(config, releases)
    regions = read_regions(config.data_dir)
    progress("mapping to RDF")
    return map_dataset(releases, facts, regions, config,
                       reference_path=Path(config.data_dir) / "reference" / REGIONS_FILE)


@dataclass(frozen=True)
class BuildResult:
    path: Path
    mapped: MappedDataset


def validate_data(config: Config, progress: Progress = _quiet):
    """Map and validate; returns (mapped, report) without publishing anything."""
    from .validation import validate

    mapped = map_data(config, progress)
    progress("validating with SHACL")
    report = validate(mapped.dataset, config, source_map=mapped.source_map)
    return mapped, report


def build_release(config: Config, *, out_dir: Path | None = None, progress: Progress = _quiet) -> Path:
    """Build, validate and publish into ``out_dir`` (default ``config.out_dir``).

    Nothing is published unless the whole graph conforms; the previous build
    stays as it was on any failure.
    """
    from .publishing import publish

    mapped, report = validate_data(config, progress)
    if not report.conforms:
        raise ValidationFailed(report)
    progress("publishing")
    return publish(mapped.dataset, mapped.releases, config, out_dir=out_dir, progress=progress)
