"""A small dataset for the publishing tests, shaped as docs/model.md says the mapping produces.

Two source releases (one named graph each), the reference graph (one region
and the country) and the ontology graph; no blank nodes. The base URI is not
the default one, so a hard-coded ``localhost`` anywhere in publishing shows up.
"""
from __future__ import annotations

import datetime as dt
import random

from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from briefing_kg.config import Config
from briefing_kg.sources import Publisher, Release, make_version

BASE = "https://kg.example.kz/"
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ORG = Namespace("http://www.w3.org/ns/org#")

PUBLISHER = Publisher(
    id="kazakhstan-union-of-lawyers",
    name={"kk": "«Қазақстан заңгерлер одағы» РҚБ", "ru": "РОО «Казахстанский союз юристов»",
          "en": "Kazakhstan Union of Lawyers"},
    url="https://jurist-kaz.kz/",
)

# Verbatim texts keep a no-break space, as the seed does.
TEXTS = {
    "2022-11-18-adal-sailau-briefing": {
        "kk": "Брифинг өтті\n\nШтаб басшысы Серік Ақылбай брифинг өткізді. Барлығы 60-қа\u00a0жуық іс-шара өтті.",
        "ru": "Состоялся брифинг\n\nРуководитель штаба Серік Ақылбай провёл брифинг. Проведено порядка 60\u00a0мероприятий.",
    },
    "2023-03-15-round-table": {
        "kk": "Дөңгелек үстел\n\nАлматыда дөңгелек үстел өтті.",
        "ru": "Круглый стол\n\nВ Алматы прошёл круглый стол.",
    },
}


def sample_releases() -> list[Release]:
    first, second = TEXTS
    return [
        Release(
            id=first, publisher=PUBLISHER, date_published=None, event_date=dt.date(2022, 11, 18), url=None,
            versions={"kk": make_version("kk", TEXTS[first]["kk"], has_title=True),
                      "ru": make_version("ru", TEXTS[first]["ru"], has_title=True, translation_of="kk")},
            title={"kk": "Брифинг өтті"},
        ),
        Release(
            id=second, publisher=PUBLISHER, date_published=dt.date(2023, 3, 16), event_date=dt.date(2023, 3, 15),
            url="https://jurist-kaz.kz/news/2023-03-15-round-table",
            versions={"kk": make_version("kk", TEXTS[second]["kk"], has_title=True),
                      "ru": make_version("ru", TEXTS[second]["ru"], has_title=True, translation_of="kk")},
            title={"kk": "Дөңгелек үстел", "ru": "Круглый стол"},
        ),
    ]


def sample_config(**changes) -> Config:
    return Config(base_uri=BASE).replace(**changes)


def _id(kind: str, slug: str, base: str) -> URIRef:
    return URIRef(f"{base}id/{kind}/{slug}")


def sample_quads(base: str = BASE, releases: list[Release] | None = None) -> list[tuple]:
    """Every quad of the sample dataset."""
    releases = releases or sample_releases()
    bkg = Namespace(f"{base}ontology#")
    quads: list[tuple] = []

    def add(graph: URIRef, s, p, o) -> None:
        quads.append((s, p, o, graph))

    publisher = _id("organization", PUBLISHER.id, base)
    person = _id("person", "akylbay-serik", base)
    almaty = _id("region", "kz-75", base)
    country = _id("country", "kz", base)
    for number, release in enumerate(releases):
        g = URIRef(f"{base}graph/release/{release.id}")
        node = _id("release", release.id, base)
        add(g, node, RDF.type, SCHEMA.CreativeWork)
        add(g, node, RDF.type, PROV.Entity)
        add(g, node, SCHEMA.publisher, publisher)
        add(g, publisher, RDF.type, SCHEMA.Organization)
        for lang, name in PUBLISHER.name.items():
            if lang in ("kk", "ru"):
                add(g, publisher, SCHEMA.name, Literal(name, lang=lang))
                add(g, publisher, RDFS.label, Literal(name, lang=lang))
        passages = []
        for lang, version in release.versions.items():
            article = _id("article", f"{release.id}-{lang}", base)
            add(g, node, SCHEMA.hasPart, article)
            add(g, article, RDF.type, SCHEMA.NewsArticle)
            add(g, article, SCHEMA.inLanguage, Literal(lang))
            add(g, article, SCHEMA.text, Literal(version.text, lang=lang))
            add(g, article, SCHEMA.isPartOf, node)
            if version.translation_of:
                other = _id("article", f"{release.id}-{version.translation_of}", base)
                add(g, article, SCHEMA.translationOfWork, other)
                add(g, other, SCHEMA.workTranslation, article)
            for sentence in version.sentences:
                passage = _id("passage", f"{release.id}-{sentence.id}", base)
                passages.append(passage)
                add(g, passage, RDF.type, NIF.Sentence)
                add(g, passage, NIF.anchorOf, Literal(sentence.text))
                add(g, passage, NIF.beginIndex, Literal(str(sentence.start), datatype=XSD.nonNegativeInteger))
                add(g, passage, NIF.endIndex, Literal(str(sentence.end), datatype=XSD.nonNegativeInteger))
                add(g, passage, NIF.referenceContext, article)
        event = _id("event", f"{release.id}-event", base)
        add(g, event, RDF.type, SCHEMA.Event)
        if number == 0:
            add(g, event, RDF.type, bkg.Briefing)
        add(g, event, SCHEMA.name, Literal(release.versions["kk"].title, lang="kk"))
        add(g, event, SCHEMA.name, Literal(release.versions["ru"].title, lang="ru"))
        add(g, event, SCHEMA.startDate, Literal(release.event_date.isoformat(), datatype=XSD.date))
        add(g, event, SCHEMA.organizer, publisher)
        for passage in passages[:2]:
            add(g, event, PROV.wasDerivedFrom, passage)
        if number == 0:
            add(g, person, RDF.type, SCHEMA.Person)
            add(g, person, SCHEMA.name, Literal("Серік Ақылбай", lang="kk"))
            add(g, person, SCHEMA.name, Literal("Серік Ақылбай", lang="ru"))
            add(g, person, SCHEMA.alternateName, Literal("Serik Aqylbai", lang="kk-Latn"))
            add(g, person, ORG.headOf, publisher)
            add(g, person, PROV.wasDerivedFrom, passages[1])
            count = _id("quantity", f"{release.id}-events", base)
            add(g, count, RDF.type, SCHEMA.QuantitativeValue)
            add(g, count, SCHEMA.value, Literal("60", datatype=XSD.integer))
            add(g, count, bkg.qualifier, bkg.approximately)
            add(g, count, PROV.wasDerivedFrom, passages[2])
        else:
            add(g, event, SCHEMA.location, almaty)

    ref = URIRef(f"{base}graph/reference")
    reference = _id("release", "kz-regions-reference", base)
    for node, names, code, wikidata in (
        (almaty, {"kk": "Алматы", "ru": "Алматы", "en": "Almaty"}, "KZ-75", "Q35493"),
        (country, {"kk": "Қазақстан", "ru": "Казахстан", "en": "Kazakhstan"}, "KZ", "Q232"),
    ):
        add(ref, node, RDF.type, SCHEMA.AdministrativeArea)
        add(ref, node, SCHEMA.identifier, Literal(code))
        add(ref, node, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{wikidata}"))
        add(ref, node, PROV.wasDerivedFrom, reference)
        for lang, name in names.items():
            add(ref, node, SCHEMA.name, Literal(name, lang=lang))
    add(ref, almaty, SCHEMA.containedInPlace, country)
    add(ref, country, RDF.type, SCHEMA.Country)

    onto = URIRef(f"{base}graph/ontology")
    ontology = URIRef(f"{base}ontology")
    add(onto, ontology, RDF.type, OWL.Ontology)
    add(onto, bkg.Briefing, RDF.type, OWL.Class)
    add(onto, bkg.Briefing, RDFS.subClassOf, SCHEMA.Event)
    for lang, label in {"kk": "брифинг", "ru": "брифинг", "en": "briefing"}.items():
        add(onto, bkg.Briefing, RDFS.label, Literal(label, lang=lang))
    # Every character the writers must escape, in one comment.
    add(onto, bkg.Briefing, RDFS.comment, Literal('Quotes " and \\ backslash,\ttab,\nnewline,\r\x07bell,\u00a0nbsp', lang="en"))
    return quads


def sample_dataset(base: str = BASE, *, seed: int | None = None) -> Dataset:
    """The sample as an rdflib Dataset; ``seed`` shuffles the order the quads are added in."""
    quads = sample_quads(base)
    if seed is not None:
        random.Random(seed).shuffle(quads)
    dataset = Dataset()
    for s, p, o, g in quads:
        dataset.graph(g).add((s, p, o))
    return dataset
