"""The ``briefing-kg`` command. Each command parses its options and calls one stage.

Exit codes: 0 done; 1 the data does not conform (nothing published);
2 bad usage or unreadable input (file and line named); 3 internal error.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .config import Config
from .errors import BriefingError


class CliError(click.ClickException):
    def __init__(self, error: BriefingError):
        super().__init__(str(error))
        self.exit_code = error.exit_code


def make_config(ctx: click.Context, **overrides) -> Config:
    base: Config = ctx.obj
    return base.replace(**overrides)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing-kg")
@click.option("--data-dir", type=click.Path(path_type=Path), default=None,
              help="Folder with sources/, facts/ and reference/ (default: ./data).")
@click.option("--base-uri", default=None, help="Base of every minted URI (default http://localhost:8080/).")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, base_uri: str | None) -> None:
    """Turn bilingual (kk/ru) press releases into a validated linked-data graph."""
    ctx.obj = Config.from_env(data_dir=data_dir, base_uri=base_uri)


def run_stage(fn, *args, **kwargs):
    """Call a stage; our own errors become a message and their exit code."""
    try:
        return fn(*args, **kwargs)
    except BriefingError as error:
        raise CliError(error) from error


def main() -> None:  # pragma: no cover - console entry
    cli(prog_name="briefing-kg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
