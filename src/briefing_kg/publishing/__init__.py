"""Stage 7, publishing: the validated graph as files, described in DCAT and VoID, swapped in atomically.

``publish(dataset, releases, config)`` is the entry point the build calls
after validation passed; see ``release.py`` for how a build replaces the
previous one, ``dumps.py`` for the deterministic writers, ``catalog.py`` (DCAT-AP
3.0.1) and ``void.py`` (VoID) for the descriptions.
"""
from __future__ import annotations

from .dumps import DUMPS, FileInfo, PublishError
from .release import BUILD_FILE, BuildInfo, Progress, builds_dir_for, current_build, publish, write_build

__all__ = [
    "BUILD_FILE", "DUMPS", "BuildInfo", "FileInfo", "Progress", "PublishError",
    "builds_dir_for", "current_build", "publish", "write_build",
]
