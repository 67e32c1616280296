"""Where the shipped ontology, shapes and queries are found.

An installed wheel carries them in ``briefing_kg/resources/`` (see setup.py);
a source checkout (editable install, tests) reads the top-level folders.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def resource_dir(name: str) -> Path:
    """The folder ``ontology``, ``shapes`` or ``queries``."""
    packaged = Path(str(resources.files("briefing_kg"))) / "resources" / name
    if packaged.is_dir():
        return packaged
    checkout = _CHECKOUT / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"briefing-kg resource folder {name!r} is missing from this installation")


def ontology_file() -> Path:
    return resource_dir("ontology") / "briefing.ttl"


def shapes_files() -> list[Path]:
    return sorted(resource_dir("shapes").glob("*.ttl"))


def query_files() -> list[Path]:
    return sorted(resource_dir("queries").glob("*.rq"))
