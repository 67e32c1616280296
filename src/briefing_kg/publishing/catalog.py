"""DCAT description of a build (``catalog.ttl``, ``catalog.jsonld``), conforming to DCAT-AP 3.0.1.

One ``dcat:Catalog`` lists one ``dcat:Dataset`` (the graph) and one
``dcat:DataService`` (the SPARQL endpoint). The dataset has one
``dcat:Distribution`` per published file that a harvester may want (every
dump, its gzip variant, ``context.jsonld`` and ``void.ttl``) with its IANA media
type, EU file type, byte size, SPDX SHA-256 checksum and licence. The catalog
files themselves and ``build.json`` are not distributions: a file cannot carry
its own checksum.

Checked by ``tests/conformance/test_dcat_ap.py`` against the official DCAT-AP
3.0.1 shapes with no inference, so every code-list IRI used here is typed in
the catalog with the class the range shapes expect (a language is a
``dct:LinguisticSystem``, a file type a ``dct:MediaTypeOrExtent``, the licence
a ``dct:LicenseDocument``...), and given its ``skos:inScheme`` and label as the
EU code-list shapes ask.

Every IRI we mint is under ``{base}`` (``{base}id/catalog/briefing-kg``,
``{base}id/dataset/briefing-kg``, ``{base}id/distribution/<file>``,
``{base}id/service/sparql``); nodes that only make sense inside one of them
(checksums, the contact point, rights statements) are fragments of it.
No blank nodes, and no clock: every date comes from the releases.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from ..config import Config
from ..sources import Publisher, Release
from ..uris import entity_uri, graph_uri
from .dumps import CONTEXT_FILE, DUMPS, DumpSpec, FileInfo, dump_prefixes

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; rdflib's closed DCAT namespace predates it

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
LICENCE_TYPE_ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
ORIGINATOR = URIRef("http://registry.it.csiro.au/def/isotc211/CI_RoleCode/originator")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
VOID_SPEC = URIRef("https://www.w3.org/TR/void/")
JSONLD_SPEC = URIRef("https://www.w3.org/TR/json-ld11/")

VOID_FILE = "void.ttl"
CATALOG_FILES = ("catalog.ttl", "catalog.jsonld")
LANGS = ("kk", "ru", "en")

# ---------------------------------------------------------------- texts (kk, ru, en)

CATALOG_TITLE = {
    "kk": "briefing-kg: баспасөз брифингтерінің білім графы",
    "ru": "briefing-kg: граф знаний пресс-брифингов",
    "en": "briefing-kg: knowledge graph of press briefings",
}
CATALOG_DESCRIPTION = {
    "kk": "briefing-kg байланысты деректер жарияланымының каталогы: екі тілді (қазақ және орыс) баспасөз "
          "релиздерінен құрылған білім графы, оның жүктеп алуға болатын дамптары және SPARQL нүктесі.",
    "ru": "Каталог публикации связанных данных briefing-kg: граф знаний, построенный по двуязычным "
          "(казахский и русский) пресс-релизам, его выгрузки для скачивания и SPARQL-точка доступа.",
    "en": "Catalogue of the briefing-kg linked-data publication: the knowledge graph built from bilingual "
          "(Kazakh and Russian) press releases, its downloadable dumps and its SPARQL endpoint.",
}
DATASET_TITLE = {
    "kk": "Баспасөз брифингтерінің білім графы (қазақ және орыс тілдерінде)",
    "ru": "Граф знаний пресс-брифингов (на казахском и русском языках)",
    "en": "Knowledge graph of press briefings (Kazakh and Russian)",
}
_DATASET_DESCRIPTION = {
    "kk": "Екі тілді баспасөз релиздерінде айтылған тұлғалар, ұйымдар, лауазымдар, оқиғалар, өңірлер, сандық "
          "деректер мен мәлімдемелер тексерілген RDF графы түрінде. Әр дерек өзі баяндалған қазақ және орыс "
          "нұсқаларындағы сөйлемдерге сілтейді. Бастапқы релиздер саны: {count}. Релиздерді жариялаушы: {publishers}.",
    "ru": "Лица, организации, должности, события, регионы, количественные данные и утверждения из двуязычных "
          "пресс-релизов в виде проверенного RDF-графа. Каждый факт ссылается на предложения казахской и русской "
          "версий, в которых он изложен. Исходных релизов: {count}. Издатель релизов: {publishers}.",
    "en": "Persons, organizations, roles, events, regions, counts and claims stated in bilingual press releases, "
          "as a validated RDF graph. Every fact cites the sentences that state it in the Kazakh and the Russian "
          "version. Source releases: {count}. Publisher of the releases: {publishers}.",
}
KEYWORDS = {
    "kk": ("баспасөз релиздері", "брифингтер", "білім графы", "байланысты деректер", "Қазақстан"),
    "ru": ("пресс-релизы", "брифинги", "граф знаний", "связанные данные", "Казахстан"),
    "en": ("press releases", "briefings", "knowledge graph", "linked data", "Kazakhstan"),
}
SERVICE_TITLE = {
    "kk": "Брифингтер білім графының SPARQL нүктесі",
    "ru": "SPARQL-точка доступа графа знаний брифингов",
    "en": "SPARQL endpoint of the briefing knowledge graph",
}
SERVICE_DESCRIPTION = {
    "kk": "Графтың ағымдағы нұсқасына SPARQL 1.1 хаттамасы бойынша қол жеткізу нүктесі; тек оқу үшін.",
    "ru": "Точка доступа по протоколу SPARQL 1.1 к текущей версии графа; только чтение.",
    "en": "SPARQL 1.1 Protocol endpoint over the current version of the graph; read-only.",
}
_PROVENANCE = {
    "kk": "briefing-kg бағдарламасы қазақ және орыс тілдерінде сөзбе-сөз сақталған баспасөз релиздерінен "
          "({count}) құрастырған; әр дерек өзі баяндалған сөйлемдерге сілтейді. Өңірлер Қазақстанның "
          "әкімшілік-аумақтық бірліктерінің анықтамалығынан алынған.",
    "ru": "Построен программой briefing-kg по пресс-релизам ({count}), хранящимся дословно на казахском и "
          "русском языках; каждый факт ссылается на предложения, в которых он изложен. Регионы взяты из "
          "справочника административно-территориальных единиц Казахстана.",
    "en": "Built by briefing-kg from press releases ({count}) kept verbatim in Kazakh and Russian; every fact "
          "cites the sentences that state it. Regions come from the reference table of the administrative "
          "units of Kazakhstan.",
}
_RIGHTS = {
    "kk": "Граф CC BY 4.0 лицензиясы бойынша таратылады ({licence}). Онда келтірілген баспасөз релиздерінің "
          "мәтіндері (мақала мәтіндері және деректердің дереккөзі ретінде сілтенген үзінділер) олардың "
          "жариялаушыларына тиесілі және авторлығы көрсетіліп келтіріледі: {sources}.",
    "ru": "Граф распространяется по лицензии CC BY 4.0 ({licence}). Цитируемые в нём тексты пресс-релизов "
          "(тексты статей и фрагменты, на которые ссылаются факты как на источник) принадлежат их издателям "
          "и приводятся с указанием авторства: {sources}.",
    "en": "The graph is licensed under CC BY 4.0 ({licence}). The texts of the press releases quoted in it "
          "(the article texts and the passages that facts cite as their source) are the work of their "
          "publishers and are quoted with attribution: {sources}.",
}
_ADDRESS_UNKNOWN = {
    "kk": "бастапқы мекенжайы белгісіз, {site} сайтында жарияланған",
    "ru": "исходный адрес неизвестен, опубликовано на сайте {site}",
    "en": "original address not known, published on {site}",
}
_DUMP_DESCRIPTION = {
    "graphs": {
        "kk": "Барлық атаулы графтар (әр бастапқы релизге бір граф, анықтамалық деректер, онтология) {fmt} форматында.",
        "ru": "Все именованные графы (по одному на каждый исходный релиз, справочные данные, онтология) в формате {fmt}.",
        "en": "Every named graph (one per source release, the reference data, the ontology) in {fmt}.",
    },
    "union": {
        "kk": "Бүкіл граф (атаулы графтардың бірігуі) {fmt} форматында.",
        "ru": "Весь граф (объединение именованных графов) в формате {fmt}.",
        "en": "The whole graph (the union of the named graphs) in {fmt}.",
    },
}
_JSONLD_NOTE = {
    "kk": " Ықшам түрде, контекст файлдың ішінде.",
    "ru": " Компактная форма, контекст встроен в файл.",
    "en": " Compact, with its context inline.",
}
_GZIP_NOTE = {"kk": " gzip-пен сығылған.", "ru": " Сжато gzip.", "en": " Compressed with gzip."}
_CONTEXT_DESCRIPTION = {
    "kk": "briefing-kg.jsonld файлының JSON-LD контексті (дәл осы контекст файлдың өзінде де бар).",
    "ru": "JSON-LD-контекст файла briefing-kg.jsonld (тот же контекст встроен в сам файл).",
    "en": "The JSON-LD context of briefing-kg.jsonld (the same context is inline in that file).",
}
_VOID_DESCRIPTION = {
    "kk": "Графтың VoID сипаттамасы: тұжырымдар, нысандар мен кластар саны, сөздіктер, ресурс мысалдары, "
          "дамптар және SPARQL нүктесі.",
    "ru": "Описание графа в VoID: число утверждений, сущностей и классов, словари, примеры ресурсов, выгрузки "
          "и SPARQL-точка доступа.",
    "en": "VoID description of the graph: counts of statements, entities and classes, vocabularies, example "
          "resources, dumps and SPARQL endpoint.",
}

# Code-list concepts used, with the labels the catalog gives them.
_LANGUAGE = {
    "KAZ": {"kk": "қазақ тілі", "ru": "казахский язык", "en": "Kazakh"},
    "RUS": {"kk": "орыс тілі", "ru": "русский язык", "en": "Russian"},
    "ENG": {"kk": "ағылшын тілі", "ru": "английский язык", "en": "English"},
}
_COUNTRY_KAZ = {"kk": "Қазақстан", "ru": "Казахстан", "en": "Kazakhstan"}
_FILE_TYPE_LABEL = {"RDF_N_QUADS": "N-Quads", "RDF_TRIG": "TriG", "RDF_N_TRIPLES": "N-Triples",
                    "RDF_TURTLE": "Turtle", "JSON_LD": "JSON-LD"}


# ---------------------------------------------------------------- facts the description is made of


def release_date(release: Release) -> dt.date | None:
    """The date a release stands for: its publication date, else the date of the event it reports."""
    return release.date_published or release.event_date


def date_range(releases: Sequence[Release]) -> tuple[dt.date | None, dt.date | None]:
    """(earliest, latest) release date: the catalog's issued and modified dates."""
    dates = sorted(d for d in map(release_date, releases) if d is not None)
    return (dates[0], dates[-1]) if dates else (None, None)


def main_publisher(releases: Sequence[Release]) -> Publisher | None:
    """The publisher of most releases (ties: the smallest id): the dataset's one ``dct:publisher``."""
    counts = Counter(r.publisher.id for r in releases)
    if not counts:
        return None
    best = min(counts, key=lambda pid: (-counts[pid], pid))
    return next(r.publisher for r in sorted(releases, key=lambda r: r.id) if r.publisher.id == best)


def publishers(releases: Sequence[Release]) -> list[Publisher]:
    """Every publisher of a release, once, by id."""
    seen: dict[str, Publisher] = {}
    for r in sorted(releases, key=lambda r: r.id):
        seen.setdefault(r.publisher.id, r.publisher)
    return [seen[k] for k in sorted(seen)]


def publisher_name(publisher: Publisher, lang: str) -> str:
    """The publisher's name in ``lang``, else in ru, kk, en, else its id."""
    for candidate in (lang, "ru", "kk", "en"):
        if publisher.name.get(candidate):
            return publisher.name[candidate]
    return publisher.id


@dataclass(frozen=True)
class CatalogIRIs:
    """The IRIs of the build's description, all under ``{base}``."""

    base: str

    @property
    def catalog(self) -> URIRef:
        return URIRef(entity_uri(self.base, "catalog", "briefing-kg"))

    @property
    def dataset(self) -> URIRef:
        return URIRef(entity_uri(self.base, "dataset", "briefing-kg"))

    @property
    def service(self) -> URIRef:
        return URIRef(entity_uri(self.base, "service", "sparql"))

    @property
    def endpoint(self) -> URIRef:
        return URIRef(f"{self.base}sparql")

    @property
    def homepage(self) -> URIRef:
        return URIRef(self.base)

    def distribution(self, file_name: str) -> URIRef:
        return URIRef(entity_uri(self.base, "distribution", file_name.lower()))

    def download(self, file_name: str) -> URIRef:
        return URIRef(f"{self.base}dumps/{file_name}")

    def publisher(self, publisher: Publisher) -> URIRef:
        return URIRef(entity_uri(self.base, "organization", publisher.id))

    def release(self, release_id: str) -> URIRef:
        return URIRef(entity_uri(self.base, "release", release_id))

    def release_graph(self, release_id: str) -> URIRef:
        return URIRef(graph_uri(self.base, f"release/{release_id}"))

    def part(self, of: URIRef, fragment: str) -> URIRef:
        return URIRef(f"{of}#{fragment}")


def catalog_prefixes(base: str) -> dict[str, str]:
    """Prefixes of catalog.ttl/.jsonld and void.ttl: the dumps' table plus DCAT-AP's neighbours."""
    table = dump_prefixes(base)
    table.update({"foaf": str(FOAF), "vcard": str(VCARD), "spdx": str(SPDX), "dcatap": str(DCATAP),
                  "adms": str(ADMS), "sd": str(SD)})
    return dict(sorted(table.items()))


# ---------------------------------------------------------------- the graph


class _Builder:
    def __init__(self, base: str):
        self.graph = Graph(bind_namespaces="none")
        self.iris = CatalogIRIs(base)

    def add(self, s: URIRef, p: URIRef, o) -> None:
        self.graph.add((s, p, o))

    def texts(self, s: URIRef, p: URIRef, texts: dict[str, str]) -> None:
        for lang in LANGS:
            if texts.get(lang):
                self.add(s, p, Literal(texts[lang], lang=lang))

    def date(self, s: URIRef, p: URIRef, day: dt.date | None) -> None:
        if day is not None:
            self.add(s, p, Literal(day.isoformat(), datatype=XSD.date))

    def concept(self, iri: URIRef, scheme: str, labels: dict[str, str], *classes: URIRef) -> URIRef:
        """A code-list concept, typed as the range shapes expect and labelled as the category shape asks."""
        for cls in (SKOS.Concept, *classes):
            self.add(iri, RDF.type, cls)
        self.add(iri, SKOS.inScheme, URIRef(scheme))
        self.texts(iri, SKOS.prefLabel, labels)
        return iri

    def language(self, code: str) -> URIRef:
        return self.concept(URIRef(f"{EU}language/{code}"), f"{EU}language", _LANGUAGE[code],
                            DCTERMS.LinguisticSystem)

    def file_type(self, code: str) -> URIRef:
        return self.concept(URIRef(f"{EU}file-type/{code}"), f"{EU}file-type", {"en": _FILE_TYPE_LABEL[code]},
                            DCTERMS.MediaTypeOrExtent)

    def media_type(self, media_type: str) -> URIRef:
        iri = URIRef(IANA + media_type)
        self.add(iri, RDF.type, DCTERMS.MediaType)
        self.add(iri, RDFS.label, Literal(media_type))
        return iri

    def standard(self, iri: URIRef, title: str) -> URIRef:
        self.add(iri, RDF.type, DCTERMS.Standard)
        self.add(iri, DCTERMS.title, Literal(title, lang="en"))
        return iri


def _sources_text(releases: Sequence[Release], lang: str) -> str:
    parts = []
    for r in sorted(releases, key=lambda r: r.id):
        where = r.url or _ADDRESS_UNKNOWN[lang].format(site=r.publisher.url or "—")
        parts.append(f"{r.id}: {publisher_name(r.publisher, lang)}, {where}")
    return "; ".join(parts) if parts else "—"


def _file_description(name: str) -> dict[str, str]:
    plain = name[:-3] if name.endswith(".gz") else name
    texts: dict[str, str]
    spec = next((d for d in DUMPS if d.name == plain), None)
    if spec is not None:
        texts = {lang: _DUMP_DESCRIPTION[spec.holds][lang].format(fmt=spec.format.label) for lang in LANGS}
        if spec.name.endswith(".jsonld"):
            texts = {lang: texts[lang] + _JSONLD_NOTE[lang] for lang in LANGS}
    elif plain == CONTEXT_FILE:
        texts = dict(_CONTEXT_DESCRIPTION)
    elif plain == VOID_FILE:
        texts = dict(_VOID_DESCRIPTION)
    else:
        raise ValueError(f"no description for the file {name!r}")
    if name.endswith(".gz"):
        texts = {lang: texts[lang] + _GZIP_NOTE[lang] for lang in LANGS}
    return texts


def _file_spec(name: str) -> tuple[DumpSpec | None, str]:
    """(the dump it is, if any; its EU file-type code)."""
    plain = name[:-3] if name.endswith(".gz") else name
    spec = next((d for d in DUMPS if d.name == plain), None)
    if spec is not None:
        return spec, spec.eu_file_type
    if plain == CONTEXT_FILE:
        return None, "JSON_LD"
    if plain == VOID_FILE:
        return None, "RDF_TURTLE"
    raise ValueError(f"{name!r} is not a file the catalog describes")


def build_catalog(config: Config, releases: Sequence[Release], files: Sequence[FileInfo], *,
                  build_id: str, ontology: str | None = None) -> Graph:
    """The DCAT-AP 3.0.1 description of a build.

    ``files`` are the distributions (their sizes and checksums as written);
    ``build_id`` becomes the dataset's ``dcat:version``; ``ontology``, the IRI
    of the ``owl:Ontology`` in the graph, if any, what the dataset conforms to.
    """
    b = _Builder(config.base_uri)
    iris = b.iris
    catalog, dataset, service = iris.catalog, iris.dataset, iris.service
    issued, modified = date_range(releases)
    langs_data = [b.language("KAZ"), b.language("RUS")]
    langs_meta = [*langs_data, b.language("ENG")]

    # Licence, rights, code lists
    b.add(CC_BY_4, RDF.type, DCTERMS.LicenseDocument)
    b.add(CC_BY_4, RDFS.label, Literal("Creative Commons Attribution 4.0 International (CC BY 4.0)", lang="en"))
    b.add(CC_BY_4, DCTERMS.type, b.concept(LICENCE_TYPE_ATTRIBUTION, "http://purl.org/adms/licencetype/1.0",
                                           {"en": "Attribution"}))
    public = b.concept(URIRef(f"{EU}access-right/PUBLIC"), f"{EU}access-right", {"en": "public"},
                       DCTERMS.RightsStatement)
    available = b.concept(URIRef(f"{EU}planned-availability/AVAILABLE"), f"{EU}planned-availability",
                          {"en": "available"})
    theme = b.concept(URIRef(f"{EU}data-theme/GOVE"), f"{EU}data-theme", {"en": "Government and public sector"})
    themes = URIRef(f"{EU}data-theme")
    b.add(themes, RDF.type, SKOS.ConceptScheme)
    b.add(themes, DCTERMS.title, Literal("Data theme", lang="en"))
    kazakhstan = b.concept(URIRef(f"{EU}country/KAZ"), f"{EU}country", _COUNTRY_KAZ, DCTERMS.Location)
    b.add(iris.homepage, RDF.type, FOAF.Document)

    # Publishers and the contact point
    main = main_publisher(releases)
    for publisher in publishers(releases):
        agent = iris.publisher(publisher)
        b.add(agent, RDF.type, FOAF.Agent)
        b.add(agent, RDF.type, FOAF.Organization)
        b.texts(agent, FOAF.name, {lang: publisher.name[lang] for lang in LANGS if publisher.name.get(lang)})
        if not any(publisher.name.get(lang) for lang in LANGS):
            b.add(agent, FOAF.name, Literal(publisher_name(publisher, "en")))
        if publisher.url:
            b.add(agent, FOAF.homepage, URIRef(publisher.url))
    contact = iris.part(dataset, "contact")
    b.add(contact, RDF.type, VCARD.Kind)
    b.add(contact, RDF.type, VCARD.Organization)
    if main is not None:
        b.texts(contact, VCARD.fn, {lang: publisher_name(main, lang) for lang in LANGS})
    else:
        b.texts(contact, VCARD.fn, CATALOG_TITLE)
    b.add(contact, VCARD.hasURL, URIRef(main.url) if main is not None and main.url else iris.homepage)

    def common(resource: URIRef) -> None:
        if main is not None:
            b.add(resource, DCTERMS.publisher, iris.publisher(main))
        b.add(resource, DCAT.contactPoint, contact)
        b.add(resource, DCAT.theme, theme)
        for lang in LANGS:
            for word in KEYWORDS[lang]:
                b.add(resource, DCAT.keyword, Literal(word, lang=lang))

    # Catalog
    b.add(catalog, RDF.type, DCAT.Catalog)
    b.texts(catalog, DCTERMS.title, CATALOG_TITLE)
    b.texts(catalog, DCTERMS.description, CATALOG_DESCRIPTION)
    if main is not None:
        b.add(catalog, DCTERMS.publisher, iris.publisher(main))
    b.add(catalog, FOAF.homepage, iris.homepage)
    for lang in langs_meta:
        b.add(catalog, DCTERMS.language, lang)
    b.add(catalog, DCTERMS.license, CC_BY_4)
    b.date(catalog, DCTERMS.issued, issued)
    b.date(catalog, DCTERMS.modified, modified)
    b.add(catalog, DCTERMS.spatial, kazakhstan)
    b.add(catalog, DCAT.themeTaxonomy, themes)
    b.add(catalog, DCAT.dataset, dataset)
    b.add(catalog, DCAT.service, service)

    # Dataset
    count = len(releases)
    names = {lang: ", ".join(publisher_name(p, lang) for p in publishers(releases)) or "—" for lang in LANGS}
    b.add(dataset, RDF.type, DCAT.Dataset)
    b.texts(dataset, DCTERMS.title, DATASET_TITLE)
    b.texts(dataset, DCTERMS.description,
            {lang: _DATASET_DESCRIPTION[lang].format(count=count, publishers=names[lang]) for lang in LANGS})
    common(dataset)
    b.add(dataset, DCAT_VERSION, Literal(build_id))
    for lang in langs_data:
        b.add(dataset, DCTERMS.language, lang)
    b.add(dataset, DCTERMS.spatial, kazakhstan)
    b.date(dataset, DCTERMS.issued, issued)
    b.date(dataset, DCTERMS.modified, modified)
    b.add(dataset, DCAT.landingPage, iris.homepage)
    b.add(dataset, DCTERMS.accessRights, public)
    b.add(dataset, RDFS.seeAlso, URIRef(f"{config.base_uri}.well-known/void"))
    if ontology:
        b.add(dataset, DCTERMS.conformsTo, b.standard(URIRef(ontology), "briefing-kg ontology"))
    event_dates = sorted(r.event_date for r in releases if r.event_date is not None)
    if event_dates:
        period = iris.part(dataset, "period")
        b.add(period, RDF.type, DCTERMS.PeriodOfTime)
        b.date(period, DCAT.startDate, event_dates[0])
        b.date(period, DCAT.endDate, event_dates[-1])
        b.add(dataset, DCTERMS.temporal, period)
    provenance = iris.part(dataset, "provenance")
    b.add(provenance, RDF.type, DCTERMS.ProvenanceStatement)
    b.texts(provenance, RDFS.label, {lang: _PROVENANCE[lang].format(count=count) for lang in LANGS})
    b.add(dataset, DCTERMS.provenance, provenance)

    # The source texts: who published them, where; the graph's licence and the quotes' attribution.
    b.add(ORIGINATOR, RDF.type, DCAT.Role)
    for publisher in publishers(releases):
        attribution = iris.part(dataset, f"attribution-{publisher.id}")
        b.add(attribution, RDF.type, PROV.Attribution)
        b.add(attribution, PROV.agent, iris.publisher(publisher))
        b.add(attribution, DCAT.hadRole, ORIGINATOR)
        b.add(dataset, PROV.qualifiedAttribution, attribution)
    for r in sorted(releases, key=lambda r: r.id):
        release = iris.release(r.id)
        b.add(dataset, PROV.wasDerivedFrom, release)
        b.texts(release, DCTERMS.title, r.title)
        b.add(release, DCTERMS.publisher, iris.publisher(r.publisher))
        b.date(release, DCTERMS.issued, r.date_published)
        if r.url:
            b.add(release, FOAF.page, URIRef(r.url))
        for lang in r.languages:
            b.add(release, DCTERMS.language, URIRef(f"{EU}language/{'KAZ' if lang == 'kk' else 'RUS'}"))
    rights = iris.part(dataset, "rights")
    b.add(rights, RDF.type, DCTERMS.RightsStatement)
    b.texts(rights, RDFS.label, {lang: _RIGHTS[lang].format(licence=str(CC_BY_4),
                                                              sources=_sources_text(releases, lang))
                                 for lang in LANGS})

    # Distributions
    for info in sorted(files, key=lambda f: f.name):
        spec, file_type = _file_spec(info.name)
        dist = iris.distribution(info.name)
        b.add(dataset, DCAT.distribution, dist)
        b.add(dist, RDF.type, DCAT.Distribution)
        b.add(dist, DCTERMS.title, Literal(info.name))
        b.texts(dist, DCTERMS.description, _file_description(info.name))
        b.add(dist, DCAT.accessURL, iris.download(info.name))
        b.add(dist, DCAT.downloadURL, iris.download(info.name))
        b.add(dist, DCAT.mediaType, b.media_type(info.media_type))
        if info.compress_format:
            b.add(dist, DCAT.compressFormat, b.media_type(info.compress_format))
        b.add(dist, DCTERMS.format, b.file_type(file_type))
        b.add(dist, DCAT.byteSize, Literal(str(info.bytes), datatype=XSD.nonNegativeInteger))
        checksum = iris.part(dist, "checksum")
        b.add(dist, SPDX.checksum, checksum)
        b.add(checksum, RDF.type, SPDX.Checksum)
        b.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        b.add(checksum, SPDX.checksumValue, Literal(info.sha256, datatype=XSD.hexBinary))
        b.add(dist, DCTERMS.license, CC_BY_4)
        b.add(dist, DCTERMS.rights, rights)
        b.add(dist, DCATAP.availability, available)
        b.date(dist, DCTERMS.issued, issued)
        b.date(dist, DCTERMS.modified, modified)
        if spec is not None:
            for lang in langs_data:
                b.add(dist, DCTERMS.language, lang)
        elif info.name.startswith(VOID_FILE):
            b.add(dist, DCTERMS.conformsTo, b.standard(VOID_SPEC, "Describing Linked Datasets with the VoID Vocabulary"))
        else:
            b.add(dist, DCTERMS.conformsTo, b.standard(JSONLD_SPEC, "JSON-LD 1.1"))
    b.add(SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm)

    # The SPARQL endpoint
    b.add(service, RDF.type, DCAT.DataService)
    b.texts(service, DCTERMS.title, SERVICE_TITLE)
    b.texts(service, DCTERMS.description, SERVICE_DESCRIPTION)
    common(service)
    b.add(service, DCAT.endpointURL, iris.endpoint)
    b.add(service, DCAT.endpointDescription, iris.endpoint)
    b.add(service, DCTERMS.conformsTo, b.standard(SPARQL_PROTOCOL, "SPARQL 1.1 Protocol"))
    b.add(service, DCAT.servesDataset, dataset)
    b.add(service, DCTERMS.license, CC_BY_4)
    b.add(service, DCTERMS.accessRights, public)
    return b.graph
