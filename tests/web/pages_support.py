"""Helpers for the tests of entity pages, downloads and the landing page:
an app over a real build in a real store, and small parsing helpers."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import rdflib
from bs4 import BeautifulSoup

from briefing_kg.config import Config

FIXTURE_TRIG = Path(__file__).resolve().parent / "pages_fixture" / "seed.trig"
BASE = Config().base_uri
PERSON = "person/akylbay-serik"
PERSON_KK = "Серік Ақылбай"
PERSON_RU = "Серік Ақылбай"
UNION = "organization/kazakhstan-union-of-lawyers"


def make_app(build_dir: Path, *, base_uri: str = BASE, extra_trig: str | None = None, cache: bool = True,
             tmp: Path | None = None):
    """The real application (``create_app``) over the real embedded store, loaded with the
    build in ``build_dir``; ``extra_trig`` adds quads (hostile labels and such) first."""
    from briefing_kg.store import open_store
    from briefing_kg.web import create_app

    trig = build_dir / "briefing-kg.trig"
    if extra_trig is not None:
        assert tmp is not None
        combined = tmp / "build"
        combined.mkdir(parents=True, exist_ok=True)
        for f in build_dir.iterdir():
            if f.is_file():
                (combined / f.name).write_bytes(f.read_bytes())
        (combined / "briefing-kg.trig").write_text(trig.read_text(encoding="utf-8") + "\n" + extra_trig,
                                                   encoding="utf-8")
        build_dir = combined
    store_dir = (tmp or build_dir.parent) / f"store-{abs(hash((str(build_dir), base_uri)))}"
    config = Config(base_uri=base_uri, out_dir=build_dir, store_dir=store_dir, cache=cache)
    store = open_store(config)
    app = create_app(config, store=store)
    app.config["TESTING"] = True
    return app


def close_app(app) -> None:
    """Stop the store's query process and release its handle."""
    from briefing_kg.web import site

    with app.app_context():
        site().store.close()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def parse_rdf(response, fmt: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=response.get_data(), format=fmt)
    return g


def jsonld_scripts(page: BeautifulSoup) -> list[object]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def literal_values(g: rdflib.Graph, subject: str, predicate: str) -> set[tuple[str, str | None]]:
    return {(str(o), (o.language or None) if isinstance(o, rdflib.Literal) else None)
            for o in g.objects(rdflib.URIRef(subject), rdflib.URIRef(predicate))}


def store_count(build_dir: Path, query: str) -> list[dict]:
    """Run ``query`` on a fresh pyoxigraph store of the build (union default graph):
    the expected answers come from the data, not from the page under test."""
    store = ox.Store()
    store.load(path=str(build_dir / "briefing-kg.trig"), format=ox.RdfFormat.TRIG)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    result = store.query(query)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]
