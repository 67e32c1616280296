"""Namespaces used across the stages, in one place."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from .uris import ontology_namespace

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "schema": SCHEMA, "org": ORG, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS, "dcat": DCAT,
    "void": VOID, "nif": NIF, "itsrdf": ITSRDF, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "wd": WD,
}


def bkg(base: str) -> Namespace:
    """Our ontology's namespace under the configured base."""
    return Namespace(ontology_namespace(base))


def prefixes(base: str) -> dict[str, str]:
    """Prefix table for serialisations and queries (``bkg`` included)."""
    table = {name: str(ns) for name, ns in PREFIXES.items()}
    table["bkg"] = str(bkg(base))
    return table


def expand(curie: str, base: str) -> str:
    """``"bkg:Briefing"`` -> full IRI; unknown prefixes are refused."""
    prefix, sep, local = curie.partition(":")
    table = prefixes(base)
    if not sep or prefix not in table:
        raise ValueError(f"{curie!r} does not use a known prefix ({', '.join(sorted(table))})")
    return table[prefix] + local
