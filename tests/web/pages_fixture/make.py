"""Write ``seed.trig``: a small graph that follows docs/model.md, for the web tests
of entity pages, downloads and the landing page while no real build exists.

It quotes the real seed texts, so passages and mentions have true code-point
offsets. Run it again after a change: ``python tests/web/pages_fixture/make.py``.
"""
from __future__ import annotations

import re
from pathlib import Path

from briefing_kg.config import DEFAULT_BASE_URI as B
from briefing_kg.sources import read_release

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
RID = "2022-11-18-adal-sailau-briefing"

release = read_release(ROOT / "data" / "sources" / RID)


def lit(text: str, lang: str | None = None, dtype: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{esc}"@{lang}'
    if dtype:
        return f'"{esc}"^^<{dtype}>'
    return f'"{esc}"'


XSD = "http://www.w3.org/2001/XMLSchema#"


def nni(n: int) -> str:
    return lit(str(n), dtype=XSD + "nonNegativeInteger")


lines: list[str] = []
out = lines.append

# sentence id -> (entity slug, surface form in that sentence)
MENTIONS = {
    "kk-s06": [("person/akylbay-serik", "Серік Ақылбай"), ("organization/kazakhstan-union-of-lawyers", "«Қазақстан заңгерлер одағы» РҚБ")],
    "ru-s05": [("person/akylbay-serik", "Серік Ақылбай"), ("organization/kazakhstan-union-of-lawyers", "РОО «Союз юристов Казахстана»")],
    "kk-s11": [("person/akylbay-serik", "Серік Ақылбай")],
    "ru-s10": [("person/akylbay-serik", "Серік Ақылбай")],
    "kk-s02": [("organization/kazakhstan-union-of-lawyers", "«Қазақстан заңгерлер одағы» Республикалық қоғамдық бірлестігінің"),
               ("organization/adal-sailau-headquarters", "«Адал сайлау үшін»")],
    "ru-s01": [("organization/kazakhstan-union-of-lawyers", "Республиканского общественного объединения «Казахстанский союз юристов»"),
               ("organization/adal-sailau-headquarters", "«За честные выборы»")],
    "kk-s08": [("region/kz-75", "Алматы қаласында")],
    "ru-s07": [("region/kz-75", "г.Алматы")],
}

out("@prefix schema: <https://schema.org/> .")
out("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .")
out("@prefix owl: <http://www.w3.org/2002/07/owl#> .")
out("@prefix org: <http://www.w3.org/ns/org#> .")
out("@prefix prov: <http://www.w3.org/ns/prov#> .")
out("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .")
out("@prefix dcterms: <http://purl.org/dc/terms/> .")
out("@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .")
out("@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .")
out("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .")
out(f"@prefix bkg: <{B}ontology#> .")
out("")

# --- the release graph -------------------------------------------------------
out(f"<{B}graph/release/{RID}> {{")
out(f"  <{B}id/release/{RID}> a schema:CreativeWork, prov:Entity ;")
out(f"    rdfs:label {lit('Брифинг «Адал сайлау үшін» штабы, 18.11.2022', 'kk')}, {lit('Брифинг штаба «За честные выборы», 18.11.2022', 'ru')} ;")
out(f"    schema:publisher <{B}id/organization/kazakhstan-union-of-lawyers> ;")
out(f"    schema:hasPart <{B}id/article/{RID}-kk>, <{B}id/article/{RID}-ru> .")
for lang, version in release.versions.items():
    other = "ru" if lang == "kk" else "kk"
    art = f"<{B}id/article/{RID}-{lang}>"
    out(f"  {art} a schema:NewsArticle ;")
    out(f"    rdfs:label {lit(('Брифинг туралы хабар (қазақша)' if lang == 'kk' else 'Сообщение о брифинге (на русском)'), lang)} ;")
    out(f"    schema:inLanguage {lit(lang)} ;")
    out(f"    schema:isPartOf <{B}id/release/{RID}> ;")
    rel = "schema:workTranslation" if lang == "kk" else "schema:translationOfWork"
    out(f"    {rel} <{B}id/article/{RID}-{other}> ;")
    out(f"    schema:text {lit(version.text)} .")
    for s in version.sentences:
        if s.id not in MENTIONS:
            continue
        p = f"<{B}id/passage/{RID}-{s.id}>"
        out(f"  {p} a nif:Sentence ;")
        out(f"    nif:anchorOf {lit(s.text)} ;")
        out(f"    nif:beginIndex {nni(s.start)} ; nif:endIndex {nni(s.end)} ;")
        out(f"    nif:referenceContext {art} .")
        for entity, surface in MENTIONS[s.id]:
            local = s.text.find(surface)
            assert local >= 0, (s.id, surface)
            begin, end = s.start + local, s.start + local + len(surface)
            assert version.text[begin:end] == surface
            m = f"<{B}id/mention/{RID}-{lang}-{begin}-{end}>"
            out(f"  {m} a nif:Phrase ;")
            out(f"    nif:anchorOf {lit(surface)} ;")
            out(f"    nif:beginIndex {nni(begin)} ; nif:endIndex {nni(end)} ;")
            out(f"    nif:referenceContext {art} ; nif:sentence {p} ;")
            out(f"    itsrdf:taIdentRef <{B}id/{entity}> .")


def derived(*sentence_ids: str) -> str:
    return ", ".join(f"<{B}id/passage/{RID}-{sid}>" for sid in sentence_ids)


out(f"""  id:person/akylbay-serik a schema:Person ;
    rdfs:label "Серік Ақылбай"@kk, "Серік Ақылбай"@ru ;
    schema:name "Серік Ақылбай"@kk, "Серік Ақылбай"@ru ;
    schema:givenName "Серік"@kk, "Серік"@ru ;
    schema:familyName "Ақылбай"@kk, "Ақылбай"@ru ;
    schema:alternateName "Серик Акылбай"@ru, "Ақылбай Серік"@kk, "Serik Akylbay"@kk-Latn ;
    org:headOf id:organization/adal-sailau-headquarters, id:organization/kazakhstan-union-of-lawyers ;
    schema:memberOf id:organization/adal-sailau-headquarters ;
    prov:wasDerivedFrom {derived('kk-s06', 'ru-s05', 'kk-s11', 'ru-s10')} .
  id:organization/kazakhstan-union-of-lawyers a schema:Organization, bkg:PublicAssociation ;
    rdfs:label "«Қазақстан заңгерлер одағы» РҚБ"@kk, "РОО «Казахстанский союз юристов»"@ru ;
    schema:name "«Қазақстан заңгерлер одағы» РҚБ"@kk, "РОО «Казахстанский союз юристов»"@ru ;
    schema:alternateName "РОО «Союз юристов Казахстана»"@ru, "Kazakhstan Union of Lawyers"@en ;
    schema:url "https://jurist-kaz.kz/" ;
    prov:wasDerivedFrom {derived('kk-s02', 'ru-s01', 'kk-s06', 'ru-s05')} .
  id:organization/adal-sailau-headquarters a schema:Organization, bkg:CampaignHeadquarters ;
    rdfs:label "«Адал сайлау үшін» штабы"@kk, "Штаб «За честные выборы»"@ru ;
    schema:name "«Адал сайлау үшін» штабы"@kk, "Штаб «За честные выборы»"@ru ;
    schema:member id:person/akylbay-serik ;
    prov:wasDerivedFrom {derived('kk-s02', 'ru-s01')} .
  id:event/{RID} a schema:Event, bkg:Briefing ;
    rdfs:label "«Адал сайлау үшін» штабының брифингі"@kk, "Брифинг штаба «За честные выборы»"@ru ;
    schema:name "«Адал сайлау үшін» штабының брифингі"@kk, "Брифинг штаба «За честные выборы»"@ru ;
    schema:startDate "2022-11-18"^^xsd:date ;
    schema:organizer id:organization/kazakhstan-union-of-lawyers ;
    schema:performer id:person/akylbay-serik ;
    schema:about id:organization/adal-sailau-headquarters ;
    prov:wasDerivedFrom {derived('kk-s02', 'ru-s01')} .
  id:quantity/{RID}-public-events a schema:QuantitativeValue, bkg:Count ;
    rdfs:label "60-қа жуық қоғамдық іс-шара"@kk, "порядка 60 общественных мероприятий"@ru ;
    schema:value 60 ;
    bkg:qualifier bkg:approximately ;
    bkg:countedFor id:organization/adal-sailau-headquarters ;
    prov:wasAttributedTo id:person/akylbay-serik ;
    prov:wasDerivedFrom {derived('kk-s06', 'ru-s05')} .
}}
""")

# --- the reference graph ----------------------------------------------------
out(f"""<{B}graph/reference> {{
  id:region/kz-75 a schema:AdministrativeArea, bkg:CityOfRepublicanSignificance ;
    rdfs:label "Алматы"@kk, "Алматы"@ru, "Almaty"@en ;
    schema:name "Алматы"@kk, "Алматы"@ru, "Almaty"@en ;
    schema:alternateName "Almaty"@kk-Latn ;
    schema:identifier "KZ-75" ;
    owl:sameAs <http://www.wikidata.org/entity/Q35493> ;
    schema:containedInPlace id:country/kz ;
    prov:wasDerivedFrom id:release/kz-regions-reference .
  id:country/kz a schema:Country ;
    rdfs:label "Қазақстан"@kk, "Казахстан"@ru, "Kazakhstan"@en ;
    schema:name "Қазақстан"@kk, "Казахстан"@ru, "Kazakhstan"@en ;
    schema:identifier "KZ" ;
    prov:wasDerivedFrom id:release/kz-regions-reference .
}}
""")

# --- the ontology graph (an excerpt in the shape of ontology/briefing.ttl) ----
out(f"""<{B}graph/ontology> {{
  <{B}ontology> a owl:Ontology ;
    dcterms:title "Брифинг онтологиясы"@kk, "Онтология брифингов"@ru, "Briefing ontology"@en ;
    dcterms:description "Брифингтерге арналған терминдер."@kk, "Термины для брифингов."@ru, "Terms for briefings."@en ;
    owl:versionIRI <{B}ontology/0.1.0> ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> .
  bkg:Briefing a owl:Class ;
    rdfs:label "Брифинг"@kk, "Брифинг"@ru, "Briefing"@en ;
    rdfs:comment "Баспасөзге арналған қысқа ақпараттық кездесу."@kk, "Короткая встреча с прессой."@ru, "A short meeting with the press."@en ;
    rdfs:subClassOf schema:Event ;
    rdfs:isDefinedBy <{B}ontology> .
  bkg:CampaignHeadquarters a owl:Class ;
    rdfs:label "Сайлау штабы"@kk, "Штаб"@ru, "Campaign headquarters"@en ;
    rdfs:comment "Сайлау науқанына арналған штаб."@kk, "Штаб избирательной кампании."@ru, "A headquarters for an election campaign."@en ;
    rdfs:subClassOf schema:Organization, org:OrganizationalUnit ;
    rdfs:isDefinedBy <{B}ontology> .
  bkg:PublicAssociation a owl:Class ;
    rdfs:label "Қоғамдық бірлестік"@kk, "Общественное объединение"@ru, "Public association"@en ;
    rdfs:subClassOf schema:Organization ;
    rdfs:isDefinedBy <{B}ontology> .
  bkg:CityOfRepublicanSignificance a owl:Class ;
    rdfs:label "Республикалық маңызы бар қала"@kk, "Город республиканского значения"@ru, "City of republican significance"@en ;
    rdfs:subClassOf schema:AdministrativeArea ;
    rdfs:isDefinedBy <{B}ontology> .
  bkg:Count a owl:Class ;
    rdfs:label "Сан"@kk, "Количество"@ru, "Count"@en ;
    rdfs:subClassOf schema:QuantitativeValue ;
    rdfs:isDefinedBy <{B}ontology> .
  bkg:qualifier a owl:ObjectProperty ;
    rdfs:label "сан сипаты"@kk, "характер числа"@ru, "qualifier"@en ;
    rdfs:comment "Санның дәл не шамамен екенін көрсетеді."@kk, "Точное число или приблизительное."@ru, "Whether the number is exact or approximate."@en ;
    rdfs:domain bkg:Count ;
    rdfs:isDefinedBy <{B}ontology> .
  bkg:countedFor a owl:ObjectProperty ;
    rdfs:label "кімнің есебі"@kk, "чей счёт"@ru, "counted for"@en ;
    rdfs:subPropertyOf prov:wasAttributedTo ;
    rdfs:isDefinedBy <{B}ontology> .
  bkg:approximately a owl:NamedIndividual ;
    rdfs:label "шамамен"@kk, "приблизительно"@ru, "approximately"@en .
}}
""")

# Prefixed names cannot hold "/", so "id:person/x" in the blocks above is shorthand.
text = re.sub(r"\bid:([a-z0-9][a-z0-9/._-]*[a-z0-9])", lambda m: f"<{B}id/{m.group(1)}>", "\n".join(lines) + "\n")
(HERE / "seed.trig").write_text(text, encoding="utf-8")
print(f"wrote {HERE / 'seed.trig'}")
