"""The ``briefing-kg`` command. Each command parses its options and calls one stage.

Exit codes: 0 done; 1 the data does not conform (nothing published);
2 bad usage or unreadable input (file and line named); 3 internal error.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

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


def progress_printer() -> "Callable[[str], None]":
    """Progress lines on a terminal (stderr), silence in a pipe."""
    if not sys.stderr.isatty():
        return lambda _message: None
    return lambda message: click.echo(f"… {message}", err=True)


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Build folder to publish into (default: ./dist). Replaced only after validation passed.")
@click.option("--include-drafts", is_flag=True, default=None,
              help="Publish draft (unreviewed) facts too, marked as unreviewed in the graph.")
@click.pass_context
def build(ctx: click.Context, out_dir: Path | None, include_drafts: bool | None) -> None:
    """Map the data folder to RDF, validate it with SHACL and publish the dumps.

    Nothing is published when the graph does not conform (exit 1): the
    previous build stays byte-for-byte as it was.
    """
    from .errors import ValidationFailed
    from .pipeline import build_release

    config = make_config(ctx, out_dir=out_dir, include_drafts=include_drafts or None)
    try:
        path = run_stage(build_release, config, progress=progress_printer())
    except CliError as error:
        cause = error.__cause__
        if isinstance(cause, ValidationFailed):
            click.echo(cause.report.text(), err=True)
            click.echo("Nothing was published; the previous build is unchanged.", err=True)
        raise
    click.echo(f"Published the build to {path}")


@cli.command()
@click.option("--include-drafts", is_flag=True, default=None, help="Validate draft facts too.")
@click.pass_context
def validate(ctx: click.Context, include_drafts: bool | None) -> None:
    """Map the shipped data/ and validate it with SHACL; print a readable report.

    Exit 0 when the graph conforms, 1 on a violation (each with the focus
    node's label, the path, the message, and the facts file and line).
    """
    from .pipeline import validate_data

    config = make_config(ctx, include_drafts=include_drafts or None)
    _, report = run_stage(validate_data, config, progress=progress_printer())
    click.echo(report.text())
    if not report.conforms:
        ctx.exit(1)


def main() -> None:  # pragma: no cover - console entry
    cli(prog_name="briefing-kg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
