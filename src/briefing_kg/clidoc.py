"""Write ``docs/cli.md`` from the click commands and the settings table.

``python -m briefing_kg.clidoc > docs/cli.md``; ``tests/docs`` fails when the file is stale.
"""
from __future__ import annotations

import inspect

import click

from .cli import cli
from .config import SETTINGS


def _command_doc(name: str, command: click.Command, parent: click.Context) -> list[str]:
    ctx = click.Context(command, info_name=name, parent=parent)
    usage = " ".join(command.collect_usage_pieces(ctx))
    lines = [f"## `briefing-kg {name}`", "", "```", f"briefing-kg {name} {usage}".rstrip(), "```", ""]
    if command.help:
        lines += [inspect.cleandoc(click.unstyle(command.help)), ""]
    rows = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None or not record[1]:
            continue
        meaning = record[1].replace("|", "\\|")
        rows.append(f"| `{record[0]}` | {meaning} |")
    if rows:
        lines += ["| option | meaning |", "|---|---|", *rows, ""]
    return lines


def cli_reference() -> str:
    # The group's own context settings (``-h``), as a real invocation has them: click caches a
    # command's help option, so a context built without them would depend on what ran first.
    settings = {**cli.context_settings, "terminal_width": 80, "max_content_width": 80}
    root = click.Context(cli, info_name="briefing-kg", **settings)
    lines = ["# Command-line reference", "",
             "Generated from the commands themselves (`python -m briefing_kg.clidoc > docs/cli.md`);",
             "a test fails when this file is stale.", "", "```", cli.get_help(root), "```", ""]
    for name in sorted(cli.commands):
        lines += _command_doc(name, cli.commands[name], root)
    lines += ["## Settings", "",
              "Every setting has a default, can be set with the environment variable",
              "`BRIEFING_KG_<NAME>` (upper case), and is overridden by the matching command-line option.", "",
              "| setting | default | meaning |", "|---|---|---|"]
    for name, default, help_text in SETTINGS:
        lines.append(f"| `{name}` | `{default}` | {help_text} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(cli_reference(), end="")
