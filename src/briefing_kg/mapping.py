"""Stage 4: facts -> RDF. One named graph per source release, plus reference and ontology.

``map_dataset`` is the whole stage; ``map_release`` maps one release and its
facts. Every node gets a URI from ``uris`` (no blank nodes), every entity a
``prov:wasDerivedFrom`` to the passages that state it, and every mention a NIF
phrase with exact offsets, so a reader can go from any fact to the words that
state it in each language. ``SourceMap`` remembers which facts file and line
produced each node, so validation can point a person at the line to fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import __version__
from .config import Config
from .errors import FactsError
from .facts import Fact, Facts, parse_reference
from .reference import Region
from .resources import ontology_file
from .sources import Release, Sentence
from .translit import kk_latin
from .uris import entity_uri, graph_uri, rebase
from .vocab import ITSRDF, NIF, ORG, SCHEMA, WD, bkg, expand

ONTOLOGY_GRAPH = "ontology"
REFERENCE_GRAPH = "reference"


@dataclass(frozen=True)
class Origin:
    """Where a node came from: a facts file and line, or a source/reference file."""

    path: Path
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


@dataclass
class SourceMap:
    origins: dict[URIRef, Origin] = field(default_factory=dict)

    def note(self, node: URIRef, origin: Origin) -> None:
        self.origins.setdefault(node, origin)

    def get(self, node) -> Origin | None:
        return self.origins.get(node)


@dataclass
class MappedDataset:
    dataset: Dataset
    source_map: SourceMap
    releases: list[Release]


def _label_text(text: str) -> str:
    """Labels use plain spaces even where the verbatim text has no-break spaces."""
    return re.sub(r"[\u00a0\s]+", " ", text).strip()


class _ReleaseMapper:
    """Maps one release and its facts into one graph."""

    def __init__(self, release: Release, facts: Facts | None, config: Config, graph: Graph,
                 source_map: SourceMap, publisher_names: dict[str, str], publisher_described: bool):
        self.release = release
        self.facts = facts
        self.base = config.base_uri
        self.g = graph
        self.map = source_map
        self.bkg = bkg(self.base)
        self.publisher_names = publisher_names
        self.publisher_described = publisher_described
        self.passages: dict[str, URIRef] = {}

    # -- URIs
    def uri(self, kind: str, slug: str) -> URIRef:
        return URIRef(entity_uri(self.base, kind, slug))

    def ref(self, reference: str) -> URIRef:
        kind, ident = parse_reference(reference)
        if kind in ("region", "country"):
            return self.uri(kind, ident.lower())
        return self.uri(kind, ident)

    def article(self, lang: str) -> URIRef:
        return self.uri("article", f"{self.release.id}-{lang}")

    # -- the release and its language versions
    def map_sources(self) -> None:
        g, r = self.g, self.release
        release = self.uri("release", r.id)
        publisher = self.uri("organization", r.publisher.id)
        origin = Origin(r.path / "release.yaml" if r.path else Path(r.id))
        self.map.note(release, origin)
        g.add((release, RDF.type, SCHEMA.CreativeWork))
        g.add((release, RDF.type, PROV.Entity))
        g.add((release, RDF.type, self.bkg.SourceRelease))
        g.add((release, SCHEMA.identifier, Literal(r.id)))
        g.add((release, SCHEMA.publisher, publisher))
        g.add((release, SCHEMA.copyrightHolder, publisher))
        for lang, title in sorted(r.title.items()):
            g.add((release, SCHEMA.name, Literal(_label_text(title), lang=lang)))
            g.add((release, RDFS.label, Literal(_label_text(title), lang=lang)))
        if not r.title:
            g.add((release, RDFS.label, Literal(r.id)))
        if r.url:
            g.add((release, SCHEMA.url, URIRef(r.url)))
        if r.date_published:
            g.add((release, SCHEMA.datePublished, Literal(r.date_published.isoformat(), datatype=XSD.date)))
        if self.facts is not None:
            status = self.bkg.Reviewed if self.facts.status == "reviewed" else self.bkg.Draft
            g.add((release, self.bkg.reviewStatus, status))
        for lang in r.languages:
            version = r.versions[lang]
            article = self.article(lang)
            self.map.note(article, origin)
            g.add((release, SCHEMA.hasPart, article))
            g.add((article, SCHEMA.isPartOf, release))
            g.add((article, RDF.type, SCHEMA.NewsArticle))
            g.add((article, RDF.type, NIF.Context))
            g.add((article, RDF.type, PROV.Entity))
            g.add((article, SCHEMA.inLanguage, Literal(lang)))
            g.add((article, DCTERMS.language, Literal(lang)))
            g.add((article, SCHEMA.text, Literal(version.text)))
            g.add((article, NIF.isString, Literal(version.text)))
            g.add((article, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
            g.add((article, NIF.endIndex, Literal(len(version.text), datatype=XSD.nonNegativeInteger)))
            g.add((article, SCHEMA.publisher, publisher))
            if r.url:
                g.add((article, SCHEMA.url, URIRef(r.url)))
            if r.date_published:
                g.add((article, SCHEMA.datePublished, Literal(r.date_published.isoformat(), datatype=XSD.date)))
            if version.title:
                g.add((article, SCHEMA.headline, Literal(_label_text(version.title), lang=lang)))
            label = {"kk": "қазақша нұсқасы", "ru": "русская версия"}[lang]
            g.add((article, RDFS.label, Literal(f"{r.id} ({label})", lang=lang)))
            if version.translation_of and version.translation_of in r.versions:
                original = self.article(version.translation_of)
                g.add((article, SCHEMA.translationOfWork, original))
                g.add((original, SCHEMA.workTranslation, article))

    def passage(self, sentence: Sentence) -> URIRef:
        if sentence.id in self.passages:
            return self.passages[sentence.id]
        node = self.uri("passage", f"{self.release.id}-{sentence.id}")
        g = self.g
        g.add((node, RDF.type, NIF.Sentence))
        g.add((node, RDF.type, NIF.String))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, NIF.anchorOf, Literal(sentence.text)))
        g.add((node, NIF.beginIndex, Literal(sentence.start, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(sentence.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.referenceContext, self.article(sentence.lang)))
        g.add((node, SCHEMA.isPartOf, self.article(sentence.lang)))
        g.add((node, RDFS.label, Literal(f"{self.release.id} {sentence.id}")))
        g.add((node, self.bkg.sentenceId, Literal(sentence.id)))
        self.passages[sentence.id] = node
        if self.release.path:
            self.map.note(node, Origin(self.release.path / "release.yaml"))
        return node

    # -- facts
    def origin(self, fact: Fact) -> Origin:
        return Origin(fact.path, fact.line)

    def provenance(self, node: URIRef, fact: Fact) -> None:
        """wasDerivedFrom each cited passage; mentions as NIF phrases; draft marks."""
        self.map.note(node, self.origin(fact))
        for sid in fact.evidence():
            self.g.add((node, PROV.wasDerivedFrom, self.passage(self.release.sentence(sid))))
        self.mentions(node, fact, fact.mentions(), ITSRDF.taIdentRef)
        if self.facts is not None and (self.facts.status == "draft" or fact.get("status") == "draft"):
            self.g.add((node, self.bkg.reviewStatus, self.bkg.Draft))
            self.g.add((node, PROV.wasGeneratedBy, self.uri("activity", f"extraction-{self.release.id}")))
            if fact.get("confidence") is not None:
                self.g.add((node, self.bkg.confidence, Literal(float(fact.get("confidence")), datatype=XSD.decimal)))

    def mentions(self, node: URIRef, fact: Fact, mentions: dict[str, list[str]], link: URIRef) -> None:
        """Find each mention, in text order, in the cited sentences of its language."""
        for lang, words in sorted(mentions.items()):
            sentences = [self.release.sentence(s) for s in fact.evidence() if s.startswith(f"{lang}-")]
            sentences.sort(key=lambda s: s.start)
            cursor = sentences[0].start if sentences else 0
            for word in words:
                pattern = re.compile(r"[ \u00a0]+".join(re.escape(part) for part in word.split()))
                found = None
                for s in sentences:
                    if s.end <= cursor:
                        continue
                    text = self.release.versions[lang].text
                    match = pattern.search(text, max(cursor, s.start), s.end)
                    if match:
                        found = (s, match.start(), match.end())
                        break
                if found is None:
                    cited = ", ".join(s.id for s in sentences) or "none"
                    raise FactsError(f"mention {word!r} is not in the cited {lang} sentences ({cited}) "
                                     f"after the previous mention", path=fact.path, line=fact.line, key="mentions")
                sentence, begin, end = found
                cursor = end
                phrase = self.uri("mention", f"{self.release.id}-{lang}-{begin}-{end}")
                g = self.g
                g.add((phrase, RDF.type, NIF.Phrase))
                g.add((phrase, NIF.anchorOf, Literal(self.release.versions[lang].text[begin:end])))
                g.add((phrase, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
                g.add((phrase, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
                g.add((phrase, NIF.referenceContext, self.article(lang)))
                g.add((phrase, NIF.sentence, self.passage(sentence)))
                g.add((phrase, link, node))
                g.add((phrase, RDFS.label, Literal(_label_text(self.release.versions[lang].text[begin:end]), lang=lang)))
                self.map.note(phrase, self.origin(fact))
                if link == ITSRDF.taIdentRef:
                    g.add((self.article(lang), SCHEMA.mentions, node))

    def names(self, node: URIRef, fact: Fact, *, key: str = "name", predicate: URIRef = SCHEMA.name) -> None:
        for lang, text in sorted(fact.labels(key).items()):
            label = Literal(_label_text(text), lang=lang)
            self.g.add((node, predicate, label))
            self.g.add((node, RDFS.label, label))
        for lang, text in fact.alternate_names():
            self.g.add((node, SCHEMA.alternateName, Literal(_label_text(text), lang=lang)))

    def types(self, node: URIRef, fact: Fact, *always: URIRef) -> None:
        for t in always:
            self.g.add((node, RDF.type, t))
        for curie in fact.references("types"):
            try:
                self.g.add((node, RDF.type, URIRef(expand(curie, self.base))))
            except ValueError as exc:
                raise FactsError(str(exc), path=fact.path, line=fact.line, key="types") from None

    def link(self, node: URIRef, predicate: URIRef, targets: Iterable[URIRef], inverse: URIRef | None = None) -> None:
        for target in targets:
            self.g.add((node, predicate, target))
            if inverse is not None:
                self.g.add((target, inverse, node))

    def map_facts(self) -> None:
        if not self.publisher_described:
            self.map_publisher(self.uri("organization", self.release.publisher.id))
        if self.facts is None:
            return
        for fact in self.facts:
            getattr(self, f"map_{fact.section}")(fact)
        if self.facts.status == "draft" or any(f.get("status") == "draft" for f in self.facts):
            self.map_extraction_activity()

    def map_publisher(self, node: URIRef) -> None:
        """A publisher the facts do not describe is known from the release metadata alone."""
        g = self.g
        g.add((node, RDF.type, SCHEMA.Organization))
        g.add((node, RDF.type, ORG.Organization))
        for lang, name in sorted(self.publisher_names.items()):
            g.add((node, SCHEMA.name, Literal(name, lang=lang)))
            g.add((node, RDFS.label, Literal(name, lang=lang)))
        if self.release.publisher.url:
            g.add((node, SCHEMA.url, URIRef(self.release.publisher.url)))
        g.add((node, PROV.wasDerivedFrom, self.uri("release", self.release.id)))

    def map_extraction_activity(self) -> None:
        g = self.g
        activity = self.uri("activity", f"extraction-{self.release.id}")
        agent_info = self.facts.generated_by or {}
        version = str(agent_info.get("version", __version__))
        agent = self.uri("agent", f"briefing-kg-{version.replace('+', '-').lower()}")
        g.add((activity, RDF.type, PROV.Activity))
        g.add((activity, RDF.type, self.bkg.Extraction))
        g.add((activity, RDFS.label, Literal(f"automatic extraction of {self.release.id}", lang="en")))
        g.add((activity, PROV.used, self.uri("release", self.release.id)))
        g.add((activity, PROV.wasAssociatedWith, agent))
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, RDFS.label, Literal(f"{agent_info.get('software', 'briefing-kg')} {version}")))
        g.add((agent, SCHEMA.softwareVersion, Literal(version)))

    def map_organizations(self, fact: Fact) -> None:
        node = self.uri("organization", fact.id)
        self.types(node, fact, SCHEMA.Organization, ORG.Organization)
        self.names(node, fact)
        self.link(node, ORG.unitOf, [self.uri("organization", x) for x in fact.references("unit_of")], ORG.hasUnit)
        self.link(node, SCHEMA.parentOrganization, [self.uri("organization", x) for x in fact.references("parent")],
                  SCHEMA.subOrganization)
        if fact.id == self.release.publisher.id and self.release.publisher.url:
            self.g.add((node, SCHEMA.url, URIRef(self.release.publisher.url)))
        self.provenance(node, fact)

    def map_persons(self, fact: Fact) -> None:
        node = self.uri("person", fact.id)
        self.types(node, fact, SCHEMA.Person)
        self.names(node, fact)
        for key, predicate in (("given_name", SCHEMA.givenName), ("family_name", SCHEMA.familyName)):
            for lang, text in sorted(fact.labels(key).items()):
                self.g.add((node, predicate, Literal(_label_text(text), lang=lang)))
        spellings = [fact.labels().get("kk")] + [t for lang, t in fact.alternate_names() if lang == "kk"]
        for text in spellings:
            if text:
                self.g.add((node, SCHEMA.alternateName, Literal(kk_latin(_label_text(text)), lang="kk-Latn")))
        self.provenance(node, fact)

    def map_roles(self, fact: Fact) -> None:
        person = self.uri("person", fact.get("person"))
        organization = self.uri("organization", fact.get("organization"))
        membership = self.uri("membership", fact.id)
        role = self.uri("role", f"{fact.get('organization')}-{fact.get('post')}")
        g = self.g
        g.add((membership, RDF.type, ORG.Membership))
        g.add((membership, ORG.member, person))
        g.add((membership, ORG.organization, organization))
        g.add((membership, ORG.role, role))
        g.add((role, RDF.type, ORG.Role))
        g.add((role, RDF.type, SKOS.Concept))
        for lang, text in sorted(fact.labels("title").items()):
            g.add((role, SKOS.prefLabel, Literal(_label_text(text), lang=lang)))
            g.add((role, RDFS.label, Literal(_label_text(text), lang=lang)))
        self.map.note(role, self.origin(fact))
        person_fact = self.facts.find("persons", fact.get("person"))
        for lang, title in sorted(fact.labels("title").items()):
            who = (person_fact.labels().get(lang) if person_fact else None) or fact.get("person")
            g.add((membership, RDFS.label, Literal(f"{_label_text(who)} — {_label_text(title)}", lang=lang)))
        if fact.get("relation") == "head":
            g.add((person, ORG.headOf, organization))
        else:
            g.add((person, SCHEMA.memberOf, organization))
            g.add((organization, SCHEMA.member, person))
            g.add((person, ORG.memberOf, organization))
        self.provenance(membership, fact)

    def map_places(self, fact: Fact) -> None:
        node = self.uri("place", fact.id)
        self.types(node, fact, SCHEMA.Place)
        self.names(node, fact)
        self.link(node, ORG.siteOf, [self.uri("organization", x) for x in fact.references("site_of")], ORG.hasSite)
        self.link(node, SCHEMA.containedInPlace, [self.ref(x) for x in fact.references("contained_in")])
        self.provenance(node, fact)

    def map_regions(self, fact: Fact) -> None:
        """A release's mentions of a gazetteer region: NIF phrases and schema:mentions, nothing more."""
        iso = fact.id
        node = self.uri("country" if iso == "KZ" else "region", iso.lower())
        self.mentions(node, fact, fact.mentions(), ITSRDF.taIdentRef)

    def map_events(self, fact: Fact) -> None:
        node = self.uri("event", fact.id)
        b = self.bkg
        self.types(node, fact, SCHEMA.Event)
        self.names(node, fact)
        if fact.get("date") is not None:
            date = Literal(str(fact.get("date")), datatype=XSD.date)
            self.g.add((node, SCHEMA.startDate, date))
            self.mentions(node, fact, {k: list(v) for k, v in (fact.get("date_mentions") or {}).items()},
                          b.statesDateOf)
        self.link(node, SCHEMA.location, [self.ref(x) for x in fact.references("location")])
        self.link(node, SCHEMA.about, [self.ref(x) for x in fact.references("about")])
        self.link(node, SCHEMA.performer, [self.ref(x) for x in fact.references("performers")])
        self.link(node, SCHEMA.organizer, [self.ref(x) for x in fact.references("organizer")])
        self.link(node, SCHEMA.attendee, [self.ref(x) for x in fact.references("participants")])
        self.link(node, SCHEMA.superEvent, [self.uri("event", x) for x in fact.references("super_event")],
                  SCHEMA.subEvent)
        self.link(node, SCHEMA.audience, [self.uri("audience", x) for x in fact.references("audience")])
        self.link(node, b.purpose, [self.uri("claim", x) for x in fact.references("purposes")])
        self.link(node, b.venueKind, [self.uri("topic", x) for x in fact.references("venue_kind")])
        self.link(node, b["format"], [self.uri("topic", x) for x in fact.references("formats")])
        self.link(node, b.explained, [self.uri("topic", x) for x in fact.references("explained")])
        if fact.get("audience_incomplete"):
            self.g.add((node, b.audienceListIncomplete, Literal(True)))
        self.provenance(node, fact)

    def map_quantities(self, fact: Fact) -> None:
        node = self.uri("quantity", fact.id)
        b, g = self.bkg, self.g
        self.types(node, fact, SCHEMA.QuantitativeValue, b.Count)
        qualifier = fact.get("qualifier")
        value = fact.get("value")
        literal = Literal(value, datatype=XSD.integer if isinstance(value, int) else XSD.decimal)
        g.add((node, SCHEMA.minValue if qualifier in ("more_than", "at_least") else SCHEMA.value, literal))
        g.add((node, b.qualifier, b[qualifier]))
        topic = self.uri("topic", fact.get("count_of"))
        g.add((node, b.countOf, topic))
        self.link(node, b.countedFor, [self.ref(x) for x in fact.references("counted_for")])
        self.link(node, PROV.wasAttributedTo, [self.ref(x) for x in fact.references("attributed_to")])
        topic_fact = self.facts.find("topics", fact.get("count_of"))
        for lang, words in sorted(fact.mentions().items()):
            what = topic_fact.labels().get(lang) if topic_fact else None
            label = f"{what}: {words[0]}" if what else words[0]
            g.add((node, RDFS.label, Literal(_label_text(label), lang=lang)))
        self.provenance(node, fact)

    def map_claims(self, fact: Fact) -> None:
        node = self.uri("claim", fact.id)
        b, g = self.bkg, self.g
        self.types(node, fact, SCHEMA.Claim, b.Claim)
        for lang, text in sorted(fact.labels("text").items()):
            g.add((node, SCHEMA.text, Literal(_label_text(text), lang=lang)))
            g.add((node, RDFS.label, Literal(_label_text(text), lang=lang)))
        attributed = [self.ref(x) for x in fact.references("attributed_to")]
        if not attributed:
            # A claim the release makes in its own voice is its publisher's claim, not ours.
            attributed = [self.uri("organization", self.release.publisher.id)]
        self.link(node, PROV.wasAttributedTo, attributed)
        self.link(node, SCHEMA.author, attributed)
        self.link(node, SCHEMA.about, [self.ref(x) for x in fact.references("about")])
        self.link(node, b.statedAt, [self.uri("event", x) for x in fact.references("stated_at")])
        self.link(node, b.addressedTo, [self.uri("audience", x) for x in fact.references("addressed_to")])
        for lang in fact.labels("text"):
            g.add((node, SCHEMA.appearance, self.article(lang)))
        if not fact.mentions():
            # The claim's own words are its mention in each language.
            fact = Fact(fact.section, fact.id, {**fact.data, "mentions": {
                lang: [text] for lang, text in fact.labels("text").items() if lang in self.release.versions}},
                fact.path, fact.line)
        self.provenance(node, fact)

    def map_topics(self, fact: Fact) -> None:
        node = self.uri("topic", fact.id)
        self.types(node, fact, SKOS.Concept)
        self.names(node, fact, predicate=SKOS.prefLabel)
        for lang, text in sorted(fact.labels().items()):
            self.g.add((node, SCHEMA.name, Literal(_label_text(text), lang=lang)))
        self.link(node, SKOS.broader, [self.uri("topic", x) for x in fact.references("broader")], SKOS.narrower)
        self.provenance(node, fact)

    def map_audiences(self, fact: Fact) -> None:
        node = self.uri("audience", fact.id)
        self.types(node, fact, SCHEMA.Audience, self.bkg.Audience)
        self.names(node, fact)
        for lang, text in sorted(fact.labels().items()):
            self.g.add((node, SCHEMA.audienceType, Literal(_label_text(text), lang=lang)))
        self.provenance(node, fact)


def map_release(release: Release, facts: Facts | None, config: Config, graph: Graph,
                source_map: SourceMap, *, publisher_described: bool | None = None) -> None:
    """Map one release (its versions, passages) and its facts into ``graph``.

    A publisher that no facts file describes is known from the release metadata alone;
    ``publisher_described`` says whether some facts file (of any release) describes it,
    so its names never come from two places.
    """
    if publisher_described is None:
        publisher_described = facts is not None and facts.find("organizations", release.publisher.id) is not None
    mapper = _ReleaseMapper(release, facts, config, graph, source_map, dict(release.publisher.name),
                            publisher_described)
    mapper.map_sources()
    mapper.map_facts()


def map_reference(regions: list[Region], config: Config, graph: Graph, source_map: SourceMap,
                  reference_path: Path) -> None:
    """The gazetteer: every top-level unit and the country, cited to the reference table."""
    base = config.base_uri
    b = bkg(base)
    reference = URIRef(entity_uri(base, "reference", "kz-regions"))
    graph.add((reference, RDF.type, PROV.Entity))
    graph.add((reference, RDF.type, SCHEMA.Dataset))
    graph.add((reference, SCHEMA.name, Literal("Kazakhstan's top-level administrative units (ISO 3166-2:KZ)", lang="en")))
    graph.add((reference, SCHEMA.name, Literal("Қазақстанның әкімшілік-аумақтық бірліктері (ISO 3166-2:KZ)", lang="kk")))
    graph.add((reference, SCHEMA.name, Literal("Административно-территориальные единицы Казахстана (ISO 3166-2:KZ)", lang="ru")))
    graph.add((reference, RDFS.label, Literal("kz-regions reference table", lang="en")))
    graph.add((reference, DCTERMS.source, URIRef("https://www.iso.org/obp/ui/#iso:code:3166:KZ")))
    graph.add((reference, DCTERMS.source, URIRef("https://www.wikidata.org/")))
    graph.add((reference, SCHEMA.description, Literal(
        "ISO 3166-2 codes, Kazakh, Russian, English and Latin-script names, Wikidata items; compiled from the "
        "KATO classifier of 17.10.2022, ISO 3166-2:KZ and Wikidata (see data/reference/kz-regions.SOURCES.md).",
        lang="en")))
    source_map.note(reference, Origin(reference_path))
    country = None
    for region in regions:
        node = URIRef(entity_uri(base, region.uri_kind, region.slug))
        if region.kind == "country":
            country = node
    for number, region in enumerate(regions, start=2):
        node = URIRef(entity_uri(base, region.uri_kind, region.slug))
        source_map.note(node, Origin(reference_path, number))
        graph.add((node, RDF.type, SCHEMA.AdministrativeArea))
        graph.add((node, RDF.type, SCHEMA.Place))
        if region.kind == "country":
            graph.add((node, RDF.type, SCHEMA.Country))
        elif region.kind == "region":
            graph.add((node, RDF.type, b.Region))
        else:
            graph.add((node, RDF.type, b.CityOfRepublicanSignificance))
            graph.add((node, RDF.type, SCHEMA.City))
        for lang in ("kk", "ru", "en"):
            if lang in region.name:
                graph.add((node, SCHEMA.name, Literal(region.name[lang], lang=lang)))
                graph.add((node, RDFS.label, Literal(region.name[lang], lang=lang)))
        if "kk-Latn" in region.name:
            graph.add((node, SCHEMA.alternateName, Literal(region.name["kk-Latn"], lang="kk-Latn")))
        graph.add((node, SCHEMA.identifier, Literal(region.iso)))
        if region.wikidata:
            graph.add((node, OWL.sameAs, WD[region.wikidata]))
        if country is not None and node != country:
            graph.add((node, SCHEMA.containedInPlace, country))
            graph.add((country, SCHEMA.containsPlace, node))
        graph.add((node, PROV.wasDerivedFrom, reference))


def ontology_graph(config: Config, graph: Graph | None = None) -> Graph:
    """The shipped ontology, rebased onto the configured base."""
    graph = graph if graph is not None else Graph()
    graph.parse(data=rebase(ontology_file().read_text(encoding="utf-8"), config.base_uri), format="turtle")
    return graph


def map_dataset(releases: list[Release], facts: dict[str, Facts], regions: list[Region], config: Config,
                *, reference_path: Path) -> MappedDataset:
    """The whole stage: one named graph per release, the reference graph, the ontology graph."""
    dataset = Dataset()
    source_map = SourceMap()
    base = config.base_uri
    described = {f.id for record in facts.values() for f in record.section("organizations")}
    for release in releases:
        graph = dataset.graph(URIRef(graph_uri(base, f"release/{release.id}")))
        map_release(release, facts.get(release.id), config, graph, source_map,
                    publisher_described=release.publisher.id in described)
    map_reference(regions, config, dataset.graph(URIRef(graph_uri(base, REFERENCE_GRAPH))), source_map, reference_path)
    ontology_graph(config, dataset.graph(URIRef(graph_uri(base, ONTOLOGY_GRAPH))))
    return MappedDataset(dataset=dataset, source_map=source_map, releases=releases)
