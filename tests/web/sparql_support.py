"""A small build that follows docs/model.md, written by the tests themselves, and an
app over it on the real embedded store (pyoxigraph on disk, query child process).

The SPARQL tests do not depend on the lead's data: every expected answer below
follows from the graph written here.
"""
from __future__ import annotations

import json
from pathlib import Path

from briefing_kg.config import Config

BASE = "http://localhost:8080/"
SCHEMA = "https://schema.org/"
RELEASES = ("2022-11-18-r1", "2022-11-25-r2", "2022-12-02-r3")
PERSONS_PER_RELEASE = 4


def release_graph(base: str, release: str, index: int) -> str:
    lines = []
    for p in range(PERSONS_PER_RELEASE):
        person = f"<{base}id/person/person-{index}-{p}>"
        lines.append(
            f'{person} a schema:Person ; schema:name "Адам {index}-{p}"@kk , "Человек {index}-{p}"@ru ; '
            f'rdfs:label "Адам {index}-{p}"@kk , "Человек {index}-{p}"@ru ; '
            f'schema:memberOf <{base}id/organization/union> ; '
            f'prov:wasDerivedFrom <{base}id/passage/{release}-kk-s01> .')
    lines.append(
        f'<{base}id/event/briefing-{index}> a schema:Event , bkg:Briefing ; '
        f'schema:name "Брифинг {index}"@kk , "Брифинг {index}"@ru ; '
        f'schema:startDate "2022-11-{18 + index:02d}"^^xsd:date ; '
        f'schema:location <{base}id/region/kz-62> ; schema:organizer <{base}id/organization/union> ; '
        f'prov:wasDerivedFrom <{base}id/passage/{release}-kk-s01> .')
    lines.append(
        f'<{base}id/passage/{release}-kk-s01> a nif:Sentence ; nif:anchorOf "Брифинг өтті." ; '
        f'nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "13"^^xsd:nonNegativeInteger ; '
        f'nif:referenceContext <{base}id/article/{release}-kk> .')
    body = "\n  ".join(lines)
    return f"<{base}graph/release/{release}> {{\n  {body}\n}}\n"


def fixture_trig(base: str = BASE, extra: str = "") -> str:
    prefixes = (
        f"@prefix schema: <{SCHEMA}> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .\n"
        f"@prefix bkg: <{base}ontology#> .\n\n"
    )
    graphs = [release_graph(base, r, i + 1) for i, r in enumerate(RELEASES)]
    graphs.append(
        f"<{base}graph/reference> {{\n"
        f'  <{base}id/region/kz-62> a schema:AdministrativeArea ; schema:name "Ақтөбе облысы"@kk , '
        f'"Актюбинская область"@ru , "Aktobe Region"@en ; schema:identifier "KZ-62" ; '
        f"owl:sameAs <http://www.wikidata.org/entity/Q170346> .\n"
        f'  <{base}id/organization/union> a schema:Organization ; schema:name "Қазақстан заңгерлер одағы"@kk , '
        f'"Союз юристов Казахстана"@ru .\n}}\n')
    graphs.append(
        f"<{base}graph/ontology> {{\n"
        f'  bkg:Briefing a owl:Class ; rdfs:subClassOf schema:Event ; rdfs:label "брифинг"@kk , "брифинг"@ru , "briefing"@en .\n}}\n')
    return prefixes + "".join(graphs) + extra


PERSONS = len(RELEASES) * PERSONS_PER_RELEASE


def write_build(target: Path, *, base: str = BASE, extra_trig: str = "", build_id: str = "fixture-1") -> Path:
    """A build folder as the pipeline publishes it (only the files the store reads)."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "briefing-kg.trig").write_text(fixture_trig(base, extra_trig), encoding="utf-8")
    (target / "catalog.ttl").write_text(
        f"<{base}catalog> a <http://www.w3.org/ns/dcat#Catalog> ; "
        f'<http://purl.org/dc/terms/title> "briefing-kg"@en .\n', encoding="utf-8")
    (target / "void.ttl").write_text(
        f"<{base}void> a <http://rdfs.org/ns/void#Dataset> ; "
        f"<http://rdfs.org/ns/void#sparqlEndpoint> <{base}sparql> .\n", encoding="utf-8")
    (target / "build.json").write_text(json.dumps({"build_id": build_id, "base_uri": base}), encoding="utf-8")
    return target


def make_app(tmp: Path, *, store=None, **settings):
    """``create_app`` over the fixture build on the real embedded store."""
    from briefing_kg.store import open_store
    from briefing_kg.web import create_app

    build = write_build(tmp / "dist", base=settings.get("base_uri", BASE),
                        extra_trig=settings.pop("extra_trig", ""))
    config = Config(out_dir=build, store_dir=tmp / "store", **settings)
    app = create_app(config, store=store if store is not None else open_store(config))
    app.config["TESTING"] = True
    return app
