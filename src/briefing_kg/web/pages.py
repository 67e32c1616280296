"""The landing page, and what every page template gets: the page language, the
path of the configured base, and the links of the language switch.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from . import describe as D
from . import labels as L
from . import site
from .errors import BadRequest

blueprint = Blueprint("pages", __name__)


def _root() -> str:
    return urlsplit(site().config.base_uri).path or "/"


@blueprint.app_context_processor
def page_context() -> dict:
    """``lang``, ``root``, ``lang_links``, ``ui`` and ``language_names`` for every template.

    A view that chose the language itself passes ``lang`` explicitly, which wins.
    This never raises: an error page for a bad ``?lang=`` still renders (in English).
    """
    try:
        lang = L.choose_language()
    except L.BadLanguage:
        lang = L.DEFAULT_LANGUAGE
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    here = _root() + request.path.lstrip("/")
    links = [(code, here + "?" + urlencode([*args, ("lang", code)])) for code in L.LANGUAGES]
    return {
        "lang": lang,
        "root": _root(),
        "lang_links": links,
        "ui": L.ui,
        "language_names": L.LANGUAGE_NAMES,
    }


@dataclass
class ClassCount:
    ref: object   # entities.Ref
    count: int
    query_href: str


@dataclass
class Example:
    title: str
    query: str
    href: str


# (kk, ru, en) titles and the query; they only use terms of docs/model.md.
_EXAMPLES: list[tuple[tuple[str, str, str], str]] = [
    (("Тұлғалар және олардың қазақша, орысша есімдері", "Люди и их имена на казахском и русском",
      "People with their Kazakh and Russian names"),
     """PREFIX schema: <https://schema.org/>
SELECT ?person ?kk ?ru WHERE {
  ?person a schema:Person ;
          schema:name ?kk, ?ru .
  FILTER(lang(?kk) = "kk" && lang(?ru) = "ru")
}
ORDER BY ?kk"""),
    (("Оқиғалар, күндері және ұйымдастырушылары", "События, их даты и организаторы",
      "Events with their dates and organizers"),
     """PREFIX schema: <https://schema.org/>
SELECT ?event ?name ?date ?organizer WHERE {
  ?event a schema:Event ;
         schema:name ?name .
  FILTER(lang(?name) = "ru")
  OPTIONAL { ?event schema:startDate ?date }
  OPTIONAL { ?event schema:organizer ?organizer }
}
ORDER BY ?date"""),
    (("Ұйым басшылары", "Руководители организаций", "Heads of organizations"),
     """PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?person ?name ?organization ?orgName WHERE {
  ?person org:headOf ?organization ;
          schema:name ?name .
  ?organization schema:name ?orgName .
  FILTER(lang(?name) = "kk" && lang(?orgName) = "kk")
}"""),
    (("Дерегі бар сөйлемдер: кім туралы қай сөйлемде айтылған", "Факты и предложения, которые их утверждают",
      "Facts and the sentences that state them"),
     """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity ?label ?sentence WHERE {
  ?entity prov:wasDerivedFrom ?passage ;
          rdfs:label ?label .
  ?passage nif:anchorOf ?sentence .
  FILTER(lang(?label) = "ru")
}
LIMIT 50"""),
    (("Облыстар мен қалалар: ISO 3166-2 коды және Wikidata", "Области и города: код ISO 3166-2 и Wikidata",
      "Regions and cities: ISO 3166-2 code and Wikidata"),
     """PREFIX schema: <https://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?region ?code ?name ?wikidata WHERE {
  ?region a schema:AdministrativeArea ;
          schema:identifier ?code ;
          schema:name ?name .
  FILTER(lang(?name) = "en")
  OPTIONAL { ?region owl:sameAs ?wikidata }
}
ORDER BY ?code"""),
]


MAIN_CLASSES = [L.SCHEMA + c for c in (
    "Person", "Organization", "Event", "AdministrativeArea", "Place", "QuantitativeValue", "Claim",
    "Audience", "NewsArticle")] + [L.SKOS + "Concept"]
"""The classes of the public contract, shown first as cards; every class is in the table below."""


def sparql_href(query: str) -> str:
    return f"{_root()}sparql?" + urlencode({"query": query})


def class_counts() -> list[tuple[str, int]]:
    """(class IRI, number of distinct instances), largest first; once per build."""
    def make() -> list[tuple[str, int]]:
        # The data's own graphs only: the ontology's classes and the catalog's
        # distributions are in the union default graph too, but they are not entities.
        base = site().config.base_uri
        rows = D.select(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } "
            f'FILTER(STRSTARTS(STR(?g), "{base}graph/release/") || ?g = <{base}graph/reference>) }} '
            "GROUP BY ?class")
        out = []
        for row in rows:
            c, n = row.get("class"), row.get("n")
            if isinstance(c, ox.NamedNode) and isinstance(n, ox.Literal):
                out.append((c.value, int(n.value)))
        out.sort(key=lambda pair: (-pair[1], pair[0]))
        return out

    return D.cached(("class-counts",), make)


def build_info() -> dict:
    """``build.json`` of the served build, or ``{}`` when there is none or it does not parse."""
    path = Path(site().build_dir) / "build.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@blueprint.route("/", methods=["GET", "HEAD"], merge_slashes=False)
def home() -> Response:
    try:
        lang = L.choose_language()
    except L.BadLanguage as error:
        raise BadRequest(str(error)) from None
    if request.args.get("format", "html") != "html":
        raise BadRequest("the landing page is HTML only (format=html); the data is at /dumps/ and /sparql")
    def make() -> str:
        from .entities import Labeller

        lab = Labeller(lang, {})
        counts = []
        for iri, n in class_counts():
            query = f"SELECT ?s WHERE {{ ?s a <{iri}> }} LIMIT 100" if D._IRI_OK.fullmatch(iri) else ""
            counts.append(ClassCount(lab.ref(iri), n, sparql_href(query) if query else ""))
        main = sorted((c for c in counts if c.ref.iri in MAIN_CLASSES), key=lambda c: MAIN_CLASSES.index(c.ref.iri))
        examples = [Example(titles[L.LANGUAGES.index(lang)], q, sparql_href(q)) for titles, q in _EXAMPLES]
        info = build_info()
        counts_info = info.get("counts") if isinstance(info.get("counts"), dict) else {}
        return render_template(
            "pages/home.html", lang=lang, counts=counts, main_counts=main, examples=examples,
            build_id=str(info.get("build_id", "")) or None,
            releases=len(info.get("releases") or []) if isinstance(info.get("releases"), list) else None,
            triples=counts_info.get("triples"),
            base=site().config.base_uri,
        )

    # The language links echo the query string, so it is part of the key.
    html = D.cached(("home", lang, request.query_string), make)
    response = Response(html, content_type="text/html; charset=utf-8")
    if "lang" not in request.args:
        response.headers["Vary"] = "Accept-Language"
    response.add_etag()
    return response.make_conditional(request)
