"""Labels for the pages: the interface languages, the words of the interface, and
kk/ru/en labels of the schema.org, ORG, PROV, SKOS, NIF, RDF(S)/OWL and Dublin
Core terms that docs/model.md uses.

Our own terms (``bkg:``) are not here: their labels come from the ontology graph
in the store, so the pages say what the published ontology says.
"""
from __future__ import annotations

import re
from typing import Mapping

from flask import request

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
"""Interface languages, in the order the switch shows them."""
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITSRDF = "http://www.w3.org/2005/11/its/rdf#"
SH = "http://www.w3.org/ns/shacl#"
SPDX = "http://spdx.org/rdf/terms#"
ADMS = "http://www.w3.org/ns/adms#"
VCARD = "http://www.w3.org/2006/vcard/ns#"

PREFIXES: dict[str, str] = {
    "schema": SCHEMA, "org": ORG, "prov": PROV, "skos": SKOS, "rdf": RDF, "rdfs": RDFS,
    "owl": OWL, "xsd": XSD, "dcterms": DCTERMS, "dcat": DCAT, "void": VOID, "foaf": FOAF,
    "nif": NIF, "itsrdf": ITSRDF, "sh": SH, "spdx": SPDX, "adms": ADMS, "vcard": VCARD,
}
"""Prefixes for serialisations and for compact names on pages (``bkg`` is added per base)."""

# (kk, ru, en) for each term.
_TERMS: dict[str, tuple[str, str, str]] = {
    RDF + "type": ("түрі", "тип", "type"),
    RDFS + "label": ("белгі", "метка", "label"),
    RDFS + "comment": ("түсініктеме", "комментарий", "comment"),
    RDFS + "seeAlso": ("сондай-ақ қараңыз", "см. также", "see also"),
    RDFS + "subClassOf": ("тектік класы", "подкласс класса", "subclass of"),
    RDFS + "subPropertyOf": ("тектік қасиеті", "подсвойство свойства", "subproperty of"),
    RDFS + "domain": ("анықталу облысы", "область определения", "domain"),
    RDFS + "range": ("мәндер ауқымы", "область значений", "range"),
    RDFS + "isDefinedBy": ("анықталған жері", "определено в", "defined by"),
    OWL + "sameAs": ("сол нысан", "то же, что", "same as"),
    OWL + "equivalentClass": ("балама класс", "эквивалентный класс", "equivalent class"),
    OWL + "equivalentProperty": ("балама қасиет", "эквивалентное свойство", "equivalent property"),
    OWL + "versionIRI": ("нұсқа IRI", "IRI версии", "version IRI"),
    OWL + "versionInfo": ("нұсқа", "версия", "version"),
    OWL + "Class": ("класс", "класс", "class"),
    OWL + "ObjectProperty": ("объектілік қасиет", "объектное свойство", "object property"),
    OWL + "DatatypeProperty": ("деректер қасиеті", "свойство данных", "datatype property"),
    OWL + "AnnotationProperty": ("аннотация қасиеті", "свойство аннотации", "annotation property"),
    OWL + "NamedIndividual": ("атаулы дара", "именованный индивид", "named individual"),
    OWL + "Ontology": ("онтология", "онтология", "ontology"),
    SCHEMA + "name": ("атауы", "название", "name"),
    SCHEMA + "alternateName": ("басқа атауы", "другое название", "alternate name"),
    SCHEMA + "givenName": ("есімі", "имя", "given name"),
    SCHEMA + "familyName": ("тегі", "фамилия", "family name"),
    SCHEMA + "memberOf": ("мүшесі", "член", "member of"),
    SCHEMA + "member": ("мүше", "участник", "member"),
    SCHEMA + "identifier": ("идентификатор", "идентификатор", "identifier"),
    SCHEMA + "containedInPlace": ("құрамында", "входит в", "contained in place"),
    SCHEMA + "containsPlace": ("құрамына кіреді", "включает", "contains place"),
    SCHEMA + "startDate": ("басталған күні", "дата начала", "start date"),
    SCHEMA + "endDate": ("аяқталған күні", "дата окончания", "end date"),
    SCHEMA + "location": ("өткен орны", "место проведения", "location"),
    SCHEMA + "organizer": ("ұйымдастырушы", "организатор", "organizer"),
    SCHEMA + "performer": ("сөз сөйлеуші", "выступающий", "performer"),
    SCHEMA + "audience": ("аудитория", "аудитория", "audience"),
    SCHEMA + "audienceType": ("аудитория түрі", "тип аудитории", "audience type"),
    SCHEMA + "about": ("тақырыбы", "о чём", "about"),
    SCHEMA + "subEvent": ("бөлігі", "часть события", "sub-event"),
    SCHEMA + "superEvent": ("жалпы оқиға", "общее событие", "super-event"),
    SCHEMA + "value": ("мәні", "значение", "value"),
    SCHEMA + "minValue": ("ең аз мәні", "минимальное значение", "minimum value"),
    SCHEMA + "maxValue": ("ең көп мәні", "максимальное значение", "maximum value"),
    SCHEMA + "text": ("мәтіні", "текст", "text"),
    SCHEMA + "inLanguage": ("тілі", "язык", "language"),
    SCHEMA + "translationOfWork": ("аудармасы", "перевод произведения", "translation of"),
    SCHEMA + "workTranslation": ("аудармасы бар", "перевод", "translated as"),
    SCHEMA + "isPartOf": ("құрамында", "часть", "part of"),
    SCHEMA + "hasPart": ("бөліктері", "состоит из", "has part"),
    SCHEMA + "publisher": ("жариялаушы", "издатель", "publisher"),
    SCHEMA + "url": ("мекенжайы", "адрес", "URL"),
    SCHEMA + "sameAs": ("сол нысан", "то же, что", "same as"),
    SCHEMA + "datePublished": ("жарияланған күні", "дата публикации", "date published"),
    SCHEMA + "headline": ("тақырыбы", "заголовок", "headline"),
    SCHEMA + "description": ("сипаттамасы", "описание", "description"),
    SCHEMA + "author": ("авторы", "автор", "author"),
    SCHEMA + "mentions": ("аталады", "упоминает", "mentions"),
    SCHEMA + "appearance": ("аталған жері", "упоминание", "appearance"),
    SCHEMA + "copyrightHolder": ("авторлық құқық иесі", "правообладатель", "copyright holder"),
    SCHEMA + "City": ("қала", "город", "city"),
    SCHEMA + "Dataset": ("деректер жиыны", "набор данных", "dataset"),
    SCHEMA + "Person": ("тұлға", "персона", "person"),
    SCHEMA + "Organization": ("ұйым", "организация", "organization"),
    SCHEMA + "Event": ("оқиға", "событие", "event"),
    SCHEMA + "AdministrativeArea": ("әкімшілік бірлік", "административная единица", "administrative area"),
    SCHEMA + "Country": ("ел", "страна", "country"),
    SCHEMA + "Place": ("орын", "место", "place"),
    SCHEMA + "QuantitativeValue": ("сандық мән", "количественное значение", "quantitative value"),
    SCHEMA + "Claim": ("мәлімдеме", "утверждение", "claim"),
    SCHEMA + "Legislation": ("заңнамалық акт", "законодательный акт", "legislation"),
    SCHEMA + "Audience": ("аудитория", "аудитория", "audience"),
    SCHEMA + "NewsArticle": ("жаңалық мақаласы", "новостная статья", "news article"),
    SCHEMA + "CreativeWork": ("шығарма", "произведение", "creative work"),
    ORG + "headOf": ("басшысы", "руководитель", "head of"),
    ORG + "memberOf": ("мүшесі", "член", "member of"),
    ORG + "unitOf": ("бөлімшесі", "подразделение", "unit of"),
    ORG + "hasUnit": ("бөлімшесі бар", "имеет подразделение", "has unit"),
    ORG + "member": ("мүше", "участник", "member"),
    ORG + "organization": ("ұйым", "организация", "organization"),
    ORG + "role": ("рөлі", "роль", "role"),
    ORG + "siteOf": ("кеңсесі", "помещение", "site of"),
    ORG + "hasSite": ("кеңсесі бар", "имеет помещение", "has site"),
    ORG + "Membership": ("мүшелік", "членство", "membership"),
    ORG + "Role": ("рөл", "роль", "role"),
    ORG + "OrganizationalUnit": ("ұйым бөлімшесі", "подразделение", "organizational unit"),
    ORG + "Site": ("кеңсе", "помещение", "site"),
    ORG + "Organization": ("ұйым", "организация", "organization"),
    PROV + "wasDerivedFrom": ("дереккөзі", "получено из", "derived from"),
    PROV + "wasAttributedTo": ("кімнің сөзі", "приписывается", "attributed to"),
    PROV + "wasGeneratedBy": ("жасаған әрекет", "создано действием", "generated by"),
    PROV + "wasAssociatedWith": ("қатысушы", "связано с", "associated with"),
    PROV + "Entity": ("дерек", "сущность PROV", "PROV entity"),
    PROV + "Activity": ("әрекет", "действие", "activity"),
    PROV + "Agent": ("агент", "агент", "agent"),
    SKOS + "prefLabel": ("негізгі белгі", "основная метка", "preferred label"),
    SKOS + "altLabel": ("басқа белгі", "другая метка", "alternative label"),
    SKOS + "Concept": ("ұғым", "понятие", "concept"),
    SKOS + "broader": ("кеңірек ұғым", "более широкое понятие", "broader"),
    SKOS + "narrower": ("тарлау ұғым", "более узкое понятие", "narrower"),
    SKOS + "notation": ("белгіленуі", "обозначение", "notation"),
    SKOS + "hasTopConcept": ("басты ұғымы", "верхнее понятие", "top concept"),
    SKOS + "ConceptScheme": ("ұғымдар жүйесі", "схема понятий", "concept scheme"),
    NIF + "isString": ("толық мәтін", "полный текст", "full text"),
    NIF + "String": ("мәтін", "строка", "string"),
    OWL + "FunctionalProperty": ("функционалдық қасиет", "функциональное свойство", "functional property"),
    "http://purl.org/vocab/vann/preferredNamespacePrefix": ("ұсынылған префикс", "предпочтительный префикс", "preferred namespace prefix"),
    "http://purl.org/vocab/vann/preferredNamespaceUri": ("ұсынылған аттар кеңістігі", "предпочтительное пространство имён", "preferred namespace URI"),
    SKOS + "inScheme": ("схемасы", "схема", "in scheme"),
    NIF + "anchorOf": ("мәтін үзіндісі", "фрагмент текста", "anchor text"),
    NIF + "beginIndex": ("басы", "начало", "begin index"),
    NIF + "endIndex": ("соңы", "конец", "end index"),
    NIF + "referenceContext": ("құжат", "документ", "reference context"),
    NIF + "sentence": ("сөйлем", "предложение", "sentence"),
    NIF + "Sentence": ("сөйлем", "предложение", "sentence"),
    NIF + "Phrase": ("аталым", "упоминание", "mention"),
    NIF + "Context": ("контекст", "контекст", "context"),
    ITSRDF + "taIdentRef": ("нысан", "сущность", "refers to"),
    DCTERMS + "title": ("атауы", "название", "title"),
    DCTERMS + "description": ("сипаттамасы", "описание", "description"),
    DCTERMS + "license": ("лицензия", "лицензия", "licence"),
    DCTERMS + "source": ("дереккөз", "источник", "source"),
    DCTERMS + "created": ("жасалған күні", "дата создания", "created"),
    DCTERMS + "modified": ("өзгертілген күні", "дата изменения", "modified"),
    DCTERMS + "issued": ("шыққан күні", "дата выпуска", "issued"),
    DCTERMS + "publisher": ("жариялаушы", "издатель", "publisher"),
    DCTERMS + "creator": ("авторы", "автор", "creator"),
    DCTERMS + "language": ("тілі", "язык", "language"),
    DCTERMS + "format": ("пішімі", "формат", "format"),
    DCTERMS + "rights": ("құқықтар", "права", "rights"),
    DCTERMS + "conformsTo": ("сәйкес стандарт", "соответствует", "conforms to"),
}

_UI: dict[str, tuple[str, str, str]] = {
    # entity pages
    "names": ("Атаулары", "Названия", "Names"),
    "properties": ("Қасиеттері", "Свойства", "Properties"),
    "incoming": ("Осы нысанға сілтейтіндер", "Ссылаются на эту сущность", "Referred to by"),
    "sources": ("Дереккөздер: хабардағы сөйлемдер", "Источники: предложения из сообщения", "Sources: sentences of the release"),
    "sources_none": ("Бұл нысан мәтіннен алынбаған.", "Эта сущность не извлечена из текста.", "This resource is not derived from a text passage."),
    "passage": ("сөйлем", "предложение", "sentence"),
    "in_article": ("мақалада", "в статье", "in"),
    "formats": ("Басқа пішімдер", "Другие форматы", "Other formats"),
    "types": ("Түрлері", "Типы", "Types"),
    "not_found": ("Табылмады", "Не найдено", "Not found"),
    "not_found_text": ("Бұл мекенжай бойынша сипаттама жоқ.", "По этому адресу нет описания.", "There is no description at this address."),
    "more": ("тағы", "ещё", "more"),
    "shown_first": ("алғашқылары көрсетілген", "показаны первые", "first ones shown"),
    "version_kk": ("Қазақша нұсқасы", "Казахская версия", "Kazakh version"),
    "version_ru": ("Орысша нұсқасы", "Русская версия", "Russian version"),
    "version_en": ("Ағылшынша нұсқасы", "Английская версия", "English version"),
    "version_other": ("Басқа нұсқа", "Другая версия", "Other version"),
    "uri": ("URI", "URI", "URI"),
    # ontology / shapes
    "ontology": ("Онтология", "Онтология", "Ontology"),
    "classes": ("Кластар", "Классы", "Classes"),
    "object_properties": ("Қасиеттер", "Свойства", "Properties"),
    "individuals": ("Даралар", "Индивиды", "Individuals"),
    "version": ("Нұсқа", "Версия", "Version"),
    "licence": ("Лицензия", "Лицензия", "Licence"),
    "label_in": ("Белгілері", "Метки", "Labels"),
    "shapes": ("SHACL пішіндері", "Формы SHACL", "SHACL shapes"),
    "target": ("Мақсаты", "Цель", "Target"),
    "path": ("Жол", "Путь", "Path"),
    "constraints": ("Шектеулер", "Ограничения", "Constraints"),
    "message": ("Хабарлама", "Сообщение", "Message"),
    # landing
    "dataset_title": (
        "Брифингтер білім графы",
        "Граф знаний брифингов",
        "Briefing knowledge graph",
    ),
    "dataset_lead": (
        "Қазақ және орыс тілдеріндегі баспасөз хабарламаларынан алынған тұлғалар, ұйымдар, оқиғалар, өңірлер мен сандар — әрқайсысы дереккөз сөйлеміне дейін сілтемесімен, байланысқан ашық деректер ретінде.",
        "Люди, организации, события, регионы и числа из пресс-релизов на казахском и русском языках — каждый факт со ссылкой на предложение источника, в виде связанных открытых данных.",
        "People, organizations, events, regions and counts from Kazakh and Russian press releases — every fact traced to the sentence that states it, published as linked open data.",
    ),
    "counts": ("Кластар бойынша нысандар саны", "Число сущностей по классам", "Entities by class"),
    "class": ("Класс", "Класс", "Class"),
    "all_classes": ("Барлық кластар", "Все классы", "All classes"),
    "count": ("Саны", "Количество", "Count"),
    "examples": ("Сұрау мысалдары", "Примеры запросов", "Example queries"),
    "run": ("Орындау", "Выполнить", "Run"),
    "access": ("Деректерге қол жеткізу", "Доступ к данным", "Get the data"),
    "sparql_endpoint": ("SPARQL нүктесі", "SPARQL-точка доступа", "SPARQL endpoint"),
    "dumps": ("Жүктеп алу файлдары", "Файлы для скачивания", "Downloads"),
    "catalog": ("DCAT каталогы", "Каталог DCAT", "DCAT catalog"),
    "void": ("VoID сипаттамасы", "Описание VoID", "VoID description"),
    "ontology_doc": ("Онтология құжаттамасы", "Документация онтологии", "Ontology documentation"),
    "shapes_doc": ("SHACL пішіндері", "Формы SHACL", "SHACL shapes"),
    "build": ("Жинақ", "Сборка", "Build"),
    "triples": ("Үштіктер", "Триплеты", "Triples"),
    "releases": ("Хабарламалар", "Релизы", "Releases"),
    # downloads / catalog
    "file": ("Файл", "Файл", "File"),
    "format": ("Пішімі", "Формат", "Format"),
    "size": ("Көлемі", "Размер", "Size"),
    "checksum": ("Бақылау сомасы (SHA-256)", "Контрольная сумма (SHA-256)", "Checksum (SHA-256)"),
    "no_build": ("Жинақ әлі жоқ.", "Сборки пока нет.", "There is no build yet."),
    "datasets": ("Деректер жиындары", "Наборы данных", "Datasets"),
    "distributions": ("Таратылымдар", "Дистрибутивы", "Distributions"),
    "description": ("Сипаттамасы", "Описание", "Description"),
    "as_rdf": ("RDF ретінде", "В виде RDF", "As RDF"),
}


def term_label(iri: str, lang: str) -> str | None:
    """The label of a well-known term in ``lang``, or ``None`` when the table lacks it."""
    entry = _TERMS.get(iri)
    if entry is None:
        return None
    return entry[LANGUAGES.index(lang)] if lang in LANGUAGES else entry[2]


def ui(key: str, lang: str) -> str:
    entry = _UI[key]
    return entry[LANGUAGES.index(lang)] if lang in LANGUAGES else entry[2]


def compact(iri: str, prefixes: Mapping[str, str]) -> str:
    """``https://schema.org/name`` -> ``schema:name`` (the IRI itself when no prefix fits)."""
    best = ""
    best_prefix = ""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, best_prefix = ns, prefix
    if best:
        local = iri[len(best):]
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", local or "_"):
            return f"{best_prefix}:{local}"
    return iri


class BadLanguage(ValueError):
    """A ``?lang=`` value that is none of the interface languages."""


def choose_language() -> str:
    """The page language: ``?lang=`` if given (it must be kk, ru or en), else the best
    match of ``Accept-Language`` (``kk-KZ`` counts as ``kk``), else English.

    :raises BadLanguage: ``?lang=`` names no interface language (the caller answers 400).
    """
    asked = request.args.get("lang")
    if asked is not None:
        value = asked.strip().lower()
        if value in LANGUAGES:
            return value
        raise BadLanguage("lang must be one of kk, ru, en")
    best = request.accept_languages.best_match(LANGUAGES, default=None)
    if best:
        return best
    # ``ru-RU`` and ``kk-KZ`` are matched by werkzeug's fallback already; a bare
    # primary tag with a region we do not know ends up here.
    for value, _q in request.accept_languages:
        primary = value.split("-", 1)[0].lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE
