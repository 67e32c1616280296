"""Documentation that is checked: the CLI reference, the README's commands and tables."""
from __future__ import annotations

import re

from briefing_kg.cli import cli
from briefing_kg.clidoc import cli_reference
from briefing_kg.config import SETTINGS
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_cli_reference_is_up_to_date():
    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference(), \
        "docs/cli.md is stale: run `python -m briefing_kg.clidoc > docs/cli.md`"


def test_every_setting_has_help_text():
    assert all(help_text.strip() for _, _, help_text in SETTINGS)


def test_readme_lists_every_command():
    for name in cli.commands:
        assert f"`briefing-kg {name}" in README, f"README's command table misses {name}"


def test_readme_setup_is_what_ci_runs():
    """The two set-up commands of the README are the ones .ci/run executes."""
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    assert len(blocks) >= 2
    main_job, tests = blocks[0].strip(), blocks[1].strip()
    assert main_job == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/briefing-kg serve"
    assert tests == ".venv/bin/pip install '.[test]' && .venv/bin/pytest"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv .venv" in ci and ".venv/bin/pip install -q ." in ci
    assert ".venv/bin/pip install -q '.[test]'" in ci and ".venv/bin/pytest" in ci


def test_architecture_page_names_every_module():
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = REPO / "src" / "briefing_kg"
    for module in ("sources", "facts", "mapping", "validation", "store", "reference", "pipeline", "cli", "config", "uris"):
        assert f"{module}.py" in page, module
    for folder in ("extraction", "publishing", "web"):
        assert f"`{folder}/`" in page
        assert (package / folder).is_dir()
