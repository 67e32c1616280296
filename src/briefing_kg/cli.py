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


@cli.command()
@click.option("--kk", "kk", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The Kazakh version: title on the first line, a blank line, then the paragraphs (UTF-8).")
@click.option("--ru", "ru", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The Russian version, laid out the same way. Give --kk, --ru or both.")
@click.option("--publisher", required=True,
              help="Who published it: an organization id of the graph (kazakhstan-union-of-lawyers) or its name.")
@click.option("--published", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Publication date, YYYY-MM-DD; resolves relative dates (\"18 ноября т.г.\").")
@click.option("--url", default=None, help="The release's original address, where known.")
@click.option("--id", "release_id", default=None,
              help="Release id (default: the publication date and the first words of the title).")
@click.option("--graph", "graph", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Build folder to resolve entities against (default: the last build and the data folder's facts).")
@click.pass_context
def ingest(ctx: click.Context, kk: Path | None, ru: Path | None, publisher: str, published, url: str | None,
           release_id: str | None, graph: Path | None) -> None:
    """Add a release: data/sources/<id>/ and a draft facts file data/facts/<id>.draft.yaml.

    Persons, organizations, regions, events and counts are extracted and each
    person, organization and event is resolved against the published graph
    (known: its URI and id; new: a new id), with the reasons in the draft.
    Both files are written whole or not at all; an unreadable, empty or
    mislabelled text is refused with exit 2 and nothing written.
    """
    from .extraction.ingest import ingest as run_ingest

    config = make_config(ctx)
    result = run_stage(run_ingest, config, kk=kk, ru=ru, publisher=publisher, published=published.date(),
                       url=url, release_id=release_id, graph=graph)
    counts = ", ".join(f"{n} {section}" for section, n in result.counts.items())
    click.echo(f"Ingested {result.release_id} ({'+'.join(result.languages)}): {result.source_dir}")
    click.echo(f"Draft facts: {result.draft} ({counts})")
    click.echo(f"Resolution: {result.known} known, {result.new} new, {result.ambiguous} ambiguous "
               "(reasons under `decision` in the draft)")
    for note in result.notes:
        click.echo(f"  note: {note}", err=True)
    click.echo("Review the draft, then publish it with `briefing-kg build --include-drafts` "
               "or, once reviewed, with `briefing-kg build`.")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; use 0.0.0.0 to listen on all interfaces.")
@click.option("--port", "-p", type=click.IntRange(1, 65535), default=8080, show_default=True,
              help="Port to listen on.")
@click.option("--base-uri", "serve_base_uri", default=None,
              help="Public base URI: mints the URIs of the build served (rebuilt when it differs) "
                   "and every link and redirect; the request's Host header is never used.")
@click.option("--store", "store_url", default=None, metavar="URL",
              help="Answer through an external SPARQL 1.1 server's query endpoint (loaded with "
                   "`briefing-kg publish --store URL`) instead of the embedded store.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="gunicorn worker processes (default 2, or BRIEFING_KG_WORKERS).")
@click.option("--access-log", is_flag=True, help="Log every request to stderr.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Answer one request in-process (e.g. /sparql?query=...), print the body and exit: "
                   "0 for a 200, 1 otherwise. No server is started.")
@click.option("--accept", default=None, help="Accept header for --get.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, serve_base_uri: str | None, store_url: str | None,
          workers: int | None, access_log: bool, get_path: str | None, accept: str | None) -> None:
    """Serve the latest valid build: SPARQL endpoint, entity pages, dumps, catalog.

    Builds first when there is no build (or it was minted under another base
    URI), loads it into the embedded store (again only when its build id
    changed), then serves it with gunicorn.
    """
    from .web import server

    config = make_config(ctx, base_uri=serve_base_uri, store_url=store_url, workers=workers)
    if get_path is not None:
        run_stage(server.prepare, config, progress=progress_printer())
        status, body, _type = run_stage(server.run_one_request, config, get_path, accept=accept)
        sys.stdout.buffer.write(body)
        if body and not body.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
        if status != 200:
            click.echo(f"{get_path}: HTTP {status}", err=True)
            ctx.exit(1)
        return
    run_stage(server.serve, config, host, port, config.workers, progress=progress_printer(),
              access_log=access_log)


@cli.command()
@click.option("--store", "store_url", required=True, metavar="URL",
              help="Query endpoint of the SPARQL 1.1 server (Oxigraph: http://host:7878/query; "
                   "Fuseki: http://host:3030/ds/query).")
@click.option("--gsp", "gsp_url", default=None, metavar="URL",
              help="Its Graph Store Protocol endpoint, when it cannot be told from --store "
                   "(Oxigraph: /store, Fuseki: /ds/data; derived from /query or /sparql).")
@click.pass_context
def publish(ctx: click.Context, store_url: str, gsp_url: str | None) -> None:
    """Load the latest validated build into an external SPARQL store (Graph Store Protocol).

    Each named graph (one per source release, reference, ontology, catalog) is
    replaced whole with PUT, graphs of releases no longer in the build are
    deleted, and the default graph becomes the union of them all.
    """
    from .store import publish as publish_build

    config = make_config(ctx, store_url=store_url)
    report = run_stage(publish_build, config.out_dir, config, gsp_url=gsp_url)
    click.echo(f"Published build {report.build_id} to {store_url}: {len(report.graphs)} named graphs, "
               f"{report.default_triples} triples in the default graph"
               + (f", {len(report.removed)} stale graphs removed" if report.removed else ""))


def _resolver(config: Config, graph: Path | None):
    """Entity resolution against ``graph`` (default: the last build), if the module and a build exist."""
    try:
        from .extraction import resolve as resolution
    except ImportError:
        return None, "entity resolution is not available"
    target = graph if graph is not None else Path(config.out_dir)
    if not Path(target).is_dir():
        return None, f"no published graph in {target}: run `briefing-kg build` or pass --graph"
    return (lambda extraction: resolution.resolve(extraction, Path(target), config=config)), None


@cli.command()
@click.option("--kk", "kk", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The Kazakh version: title on the first line, a blank line, then the paragraphs (UTF-8).")
@click.option("--ru", "ru", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The Russian version, laid out the same way. Give --kk, --ru or both.")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Publication date, YYYY-MM-DD; resolves relative dates (\"18 ноября т.г.\", \"биылғы\").")
@click.option("--graph", "graph", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Build folder to resolve persons and organizations against (default: the last build); "
                   "adds `uri` and `new` to each.")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="Output format: the structure of the gold files, with offsets, confidence and evidence.")
@click.pass_context
def extract(ctx: click.Context, kk: Path | None, ru: Path | None, published, graph: Path | None, fmt: str) -> None:
    """Print the persons, organizations, regions, events and counts a release states.

    Nothing is written. Each mention comes with its offsets and sentence id,
    each entity with a confidence and the rules that found it.
    """
    import json

    from .extraction import extract as run_extract
    from .extraction.errors import ExtractionError
    from .sources import read_text_file

    config = make_config(ctx)
    if kk is None and ru is None:
        raise CliError(ExtractionError("give the release's text: --kk FILE, --ru FILE, or both"))
    texts = {lang: run_stage(read_text_file, path) for lang, path in (("kk", kk), ("ru", ru)) if path is not None}
    extraction = run_stage(run_extract, texts.get("kk"), texts.get("ru"),
                           published=published.date() if published else None, data_dir=str(config.data_dir))
    resolver, why_not = _resolver(config, graph)
    if resolver is not None:
        run_stage(resolver, extraction)
    elif graph is not None:
        raise CliError(ExtractionError(why_not or "cannot resolve"))
    out = extraction.to_json()
    if why_not:
        out["warnings"].append(f"no uri/new: {why_not}")
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@cli.command()
@click.argument("gold_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--graph", "graph", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Build folder for the linking accuracy (default: the last build).")
@click.option("--curated/--no-curated", default=True, show_default=True,
              help="Also score extraction from each release of the data folder that has reviewed facts "
                   "(the seed) against those facts.")
@click.option("--details", is_flag=True, help="List every missed and extra mention.")
@click.pass_context
def evaluate(ctx: click.Context, gold_dir: Path, graph: Path | None, curated: bool, details: bool) -> None:
    """Score extraction on a gold folder: precision, recall, F1 per kind, and linking accuracy."""
    from .extraction import warm_up
    from .extraction.evaluate import (curated_releases, evaluate as run_evaluate, evaluate_curated,
                                      format_curated, format_evaluation)

    config = make_config(ctx)
    warm_up()
    resolver, why_not = _resolver(config, graph)
    if resolver is None and graph is not None:
        from .extraction.errors import ExtractionError

        raise CliError(ExtractionError(why_not or "cannot resolve"))
    result = run_stage(run_evaluate, gold_dir, resolver=resolver, data_dir=str(config.data_dir))
    result.linking_note = why_not
    click.echo(format_evaluation(result, details=details))
    if curated:
        for release_id in curated_releases(config.data_dir):
            click.echo("")
            click.echo(format_curated(run_stage(evaluate_curated, config.data_dir, release_id)))


def main() -> None:  # pragma: no cover - console entry
    cli(prog_name="briefing-kg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
