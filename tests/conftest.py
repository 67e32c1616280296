"""Shared fixtures: a copy of the shipped data, a build of it made once per run."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing_kg.config import Config

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_ID = "2022-11-18-adal-sailau-briefing"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The external suites (W3C, DCAT-AP) beside the clone; tests that need them skip without."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not beside the clone (the W3C and DCAT-AP suites live there)")
    return SHARED


def copy_data(target: Path) -> Path:
    data = target / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("*.draft.yaml"))
    return data


@pytest.fixture
def data_config(tmp_path: Path) -> Config:
    """A Config over a private copy of data/, building into tmp_path/dist."""
    return Config(data_dir=copy_data(tmp_path), out_dir=tmp_path / "dist", store_dir=tmp_path / "store")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The shipped data built once for the whole run."""
    from briefing_kg.pipeline import build_release

    root = tmp_path_factory.mktemp("seed-build")
    config = Config(data_dir=copy_data(root), out_dir=root / "dist", store_dir=root / "store")
    return build_release(config)


@pytest.fixture(scope="session")
def seed_store(seed_build: Path):
    """The seed build in an in-memory pyoxigraph store, default graph = union of named graphs."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(seed_build / "briefing-kg.trig"), format=ox.RdfFormat.TRIG)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store
