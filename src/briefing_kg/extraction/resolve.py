"""Entity resolution: which known entity of the last build does an extracted person or organization name?

``resolve(extraction, graph)`` takes what extraction found (the structure of
the gold files: ``persons`` with given/family names and mentions per
language, ``organizations`` with ``name_kk``/``name_ru`` and mentions,
``events`` with ``type`` and ``date``) and a published graph (a build folder,
an rdflib graph or dataset, or a pyoxigraph store). For each person,
organization and event it decides: a known entity (``uri`` of it,
``new: false``) or a new one (``uri`` that ingest will mint, ``new: true``).

Every decision carries its reasons, so a reviewer can accept or reject it:
which spelling matched which name of the known entity, under which
normalisation, with which score, and which near misses were refused and why.

Names are compared on a *skeleton*: lower case, Kazakh and Russian letters
folded (ә→а, қ→к, ғ→г, ң→н, ө→о, ұ/ү→у, і→и, һ→х, ё→е, ы→и), Cyrillic and
Latin brought to one ASCII spelling (``Серік Ақылбай``, ``Серик Акылбай`` and
``Serık Aqylbai`` share one), quotes and legal forms (РОО, РҚБ, ТОО...) set
aside. Inflected mentions (``Серика Акылбая``, ``Ақылбайдың``) match through
a closed list of Russian and Kazakh endings; initials (``С. Акылбай``) match a
given name's first letter. A person is linked only when both the given name
and the family name agree: a shared given name or surname alone is a refused
candidate, written down as such.

Some aliases no text reveals: they come from the curated alias table
(``data/reference/aliases.csv``), one cited source per row. A row says either
that a spelling names an entity (``same``) or that it names *another* entity
and must never be linked to this one (``different``).
"""
from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ..config import Config
from ..errors import InputError
from ..reference import read_table
from ..uris import entity_uri, slugify

ALIASES_FILE = "aliases.csv"
_ALIAS_COLUMNS = ("entity", "lang", "alias", "relation", "source", "note")
ALIAS_RELATIONS = ("same", "different")

PERSON_THRESHOLD = 0.8
ORGANIZATION_THRESHOLD = 0.75
AMBIGUITY_MARGIN = 0.05

_SCHEMA = "https://schema.org/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_ORG_UNIT_OF = "http://www.w3.org/ns/org#unitOf"
_ENTITY_URI = re.compile(r"^(?P<base>.+/)id/(?P<kind>person|organization|event)/(?P<slug>[a-z0-9][a-z0-9.-]*)$")
_PASSAGE_URI = re.compile(r"/id/passage/(?P<release>.+)-(?:kk|ru)-s[0-9]+$")


# ----------------------------------------------------------------- normalisation

# Kazakh letters to their nearest Russian letter: the folding a reader does when one
# text writes «Серік Ақылбай» and another «Серик Акылбай».
_KK_FOLD = str.maketrans({"ә": "а", "қ": "к", "ғ": "г", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "і": "и",
                          "һ": "х", "ё": "е"})

# Cyrillic and Latin (incl. the 2021 Kazakh Latin alphabet) to one ASCII skeleton.
_SKELETON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "",
    "э": "e", "ю": "iu", "я": "ia",
    "ä": "a", "ö": "o", "ü": "u", "ū": "u", "ı": "i", "ğ": "g", "ş": "sh", "ñ": "n", "ç": "ch",
    "q": "k", "y": "i", "w": "v", "x": "ks", "c": "ts",
}


def fold(text: str) -> str:
    """Lower case with Kazakh letters folded to Russian ones: ``Ақылбай`` -> ``акылбай``."""
    return unicodedata.normalize("NFC", text).lower().translate(_KK_FOLD)


@functools.lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """One ASCII spelling for Cyrillic and Latin forms of a word: ``Ақылбай``, ``Акылбай``, ``Aqylbai`` -> ``akilbai``."""
    out = []
    for ch in fold(token):
        if ch in _SKELETON:
            out.append(_SKELETON[ch])
        elif ch.isascii():
            if ch.isalnum():
                out.append(ch)
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            out.append("".join(c for c in decomposed if c.isascii() and c.isalnum()))
    word = "".join(out)
    word = word.replace("kh", "h").replace("zh", "j")
    if word.startswith("ie"):          # Yermek / Ермек
        word = word[1:]
    return re.sub(r"(.)\1+", r"\1", word)  # Kassym / Касым


def _endings(stems: Iterable[str]) -> frozenset[str]:
    return frozenset(skeleton(e) for e in stems)


# Russian case endings of nouns, names and adjectives (adjectives derived with -ск- too:
# «Казахстанский союз» ~ «Союз Казахстана»).
_RU_NOUN = ["", "а", "я", "у", "ю", "ы", "и", "е", "ой", "ей", "ом", "ем", "ём", "ою", "ею", "ам", "ям", "ами",
            "ями", "ах", "ях", "ь"]
_RU_ADJ = ["ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ую", "юю", "ым",
           "им", "ых", "их", "ыми", "ими"]
_RU_ORG_ONLY = ["ов", "ев", "ей"] + ["ск" + e for e in _RU_ADJ] + ["ов" + e for e in ("", "ск")]
# Kazakh: plural, possessive, case, and their combinations (Ақылбайдың, штабының, одағының, филиалын).
_KK_CASE = ["", "ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге", "қа", "ке", "на", "не", "а", "е", "ны", "ні",
            "ды", "ді", "ты", "ті", "н", "да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан",
            "нен", "мен", "бен", "пен", "менен", "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі"]
_KK_POSS = ["", "ы", "і", "сы", "сі"]
_KK_PLURAL = ["", "лар", "лер", "дар", "дер", "тар", "тер"]
_KK = [p + s + c for p in _KK_PLURAL for s in _KK_POSS for c in _KK_CASE]

PERSON_ENDINGS = _endings(_RU_NOUN + _RU_ADJ + _KK)
ORG_ENDINGS = _endings(_RU_NOUN + _RU_ADJ + _RU_ORG_ONLY + _KK)
# A Kazakh ending written after a hyphen: «РҚБ-ның», «University-де».
_HYPHEN_SUFFIX = re.compile(r"(?<=\w)-([^\W\d_]{1,7})(?=\W|$)")
_KK_HYPHEN_ENDINGS = frozenset(fold(e) for e in _KK if e)

_OPEN_QUOTES = "«“„‹"
_CLOSE_QUOTES = "»”‟›"
_STRAIGHT_QUOTES = "\"'"
_SPLIT = re.compile(r"[\s\u00a0\-‐‑‒–—―/,;:()\[\]!?]+")


@dataclass(frozen=True)
class Token:
    text: str       # as written, without punctuation
    key: str        # skeleton
    upper: bool     # written in capitals (an abbreviation)
    initial: bool   # «С.»: one letter, abbreviated


def tokens(text: str) -> list[Token]:
    return list(_tokens(text))


@functools.lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[Token, ...]:
    """Words of a name with their skeletons; quotes and punctuation are dropped."""
    text = _HYPHEN_SUFFIX.sub(lambda m: " " if fold(m.group(1)) in _KK_HYPHEN_ENDINGS else m.group(0), text)
    out = []
    for raw in _SPLIT.split(text):
        initial = bool(re.fullmatch(r"[^\W\d_]\.", raw))
        word = raw.strip(".«»“”„‹›\"'`")
        word = "".join(ch for ch in word if ch.isalnum())
        if not word:
            continue
        key = skeleton(word)
        if not key:
            continue
        out.append(Token(text=word, key=key, upper=len(word) > 1 and word.isupper(),
                         initial=initial or (len(word) == 1 and word.isupper())))
    return tuple(out)


@functools.lru_cache(maxsize=262144)
def token_match(a: str, b: str, endings: frozenset[str], *, inflected: bool = True) -> tuple[float, str]:
    """How well two skeleton words agree: (score, how). 0 when they do not."""
    if a == b:
        return 1.0, "same word"
    if inflected:
        common = 0
        for x, y in zip(a, b):
            if x != y:
                break
            common += 1
        for k in range(common, max(3, common - 3) - 1, -1):
            if a[k:] in endings and b[k:] in endings and k >= 3:
                return 0.9, "same word, inflected"
    if min(len(a), len(b)) >= 6 and abs(len(a) - len(b)) <= 2 and a[0] == b[0]:
        matcher = difflib.SequenceMatcher(None, a, b)
        ratio = matcher.ratio() if matcher.real_quick_ratio() >= 0.86 and matcher.quick_ratio() >= 0.86 else 0.0
        if ratio >= 0.86:
            return 0.8, f"close spelling ({ratio:.2f})"
    return 0.0, ""


def _gender_variant(a: str, b: str) -> bool:
    """Абдрасулов / Абдрасулова: the male and female forms of one surname are two people's names."""
    short, long_ = sorted((a, b), key=len)
    return long_ == short + "a" and short.endswith(("ov", "ev", "in", "iv"))


_FEMININE_RU_ENDINGS = ("a", "oi", "u", "oiu")      # -ова, -овой, -ову, -овою (and Kazakh -оваға, -ованың)
_MASCULINE_ONLY_RU = ("im", "e", "a", "u", "")      # -ов, -ова, -ову, -овым, -ове


def _wrong_gender_inflection(mention: str, known: str) -> bool:
    """«Аубакиров» is no case of «Аубакирова», nor «Абдрасуловой» of «Абдрасулов»."""
    if known.endswith(("ova", "eva", "ina")):
        stem = known[:-1]
        if mention.startswith(stem):
            rest = mention[len(stem):]
            return not (rest.startswith("a") or rest in _FEMININE_RU_ENDINGS)
    elif known.endswith(("ov", "ev", "in")) and mention.startswith(known):
        return mention[len(known):] in ("oi", "oiu")
    return False


# ----------------------------------------------------------------- organization names

# Legal forms, as written in capitals, set aside before names are compared.
_LEGAL_ABBREVIATIONS = frozenset(skeleton(a) for a in (
    "РОО", "ОО", "ОФ", "ТОО", "АО", "РГП", "ПХВ", "РГКП", "ГУ", "КГУ", "НАО", "НУО", "ЧУ", "ОЮЛ", "РОЮЛ", "АНО",
    "ПК", "РҚБ", "ҚБ", "ЖШС", "АҚ", "ШЖҚ", "РМК", "РМҚК", "КМҚК", "ММ", "КЕАҚ", "ҚҚ", "ЗТБ", "LLP", "JSC", "NJSC",
))
# Spelled-out legal forms: sequences of word stems.
_LEGAL_PHRASES = tuple(tuple(skeleton(w) for w in phrase.split()) for phrase in (
    "республиканск общественн объединени", "общественн объединени", "общественн фонд",
    "республикалик когамдик бирлест", "когамдик бирлест", "когамдик кор",
    "товариществ с ограниченн ответственност", "жауапкершилиги шектеули сериктест",
))
# Words that make a name a unit of another body (a branch, a regional office).
_UNIT_STEMS = tuple(skeleton(w) for w in (
    "филиал", "отделени", "представительств", "окилдиг", "болимш", "департамент", "факультет", "кафедр",
    "област", "облистик", "облис", "городск", "калалик", "районн", "аудандик", "региональн", "онирлик",
))
_COUNTRY = "<kz>"
_COUNTRY_STEMS = ("kazakstan", "kazahstan", "kazakhstan")
_COUNTRY_ABBREVIATIONS = frozenset({"rk", "kr", "kz"})
_REPUBLIC_STEMS = ("respublik",)


@dataclass(frozen=True)
class OrgName:
    """An organization's name taken apart: the proper name (core) and the words around it (frame)."""

    text: str
    lang: str | None
    core: tuple[str, ...]
    frame: tuple[str, ...]
    legal: tuple[str, ...]
    quoted: bool
    words: tuple[tuple[str, str], ...] = ()   # skeleton -> the word as written, for explanations

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(w for w in self.frame + self.core if w.startswith(_UNIT_STEMS))

    def written(self, key: str) -> str:
        return dict(self.words).get(key, key)


def _quoted_parts(text: str) -> tuple[str, str, bool]:
    """(inside the outermost quotes, outside them, whether there were quotes)."""
    inside, outside = [], []
    depth, straight = 0, False
    for ch in text:
        if ch in _OPEN_QUOTES:
            depth += 1
            (inside if depth > 1 else outside).append(" ")
            continue
        if ch in _CLOSE_QUOTES and depth:
            depth -= 1
            (inside if depth else outside).append(" ")
            continue
        if ch in _STRAIGHT_QUOTES and not depth:
            straight = not straight
            outside.append(" ")
            continue
        (inside if depth or straight else outside).append(ch)
    core = "".join(inside)
    return core, "".join(outside), bool(core.strip())


def _strip_legal(words: list[Token]) -> tuple[list[Token], list[str]]:
    keys = [w.key for w in words]
    drop = [False] * len(words)
    legal: list[str] = []
    for i in range(len(words)):
        for phrase in _LEGAL_PHRASES:
            if i + len(phrase) <= len(keys) and all(keys[i + j].startswith(p) for j, p in enumerate(phrase)):
                for j in range(len(phrase)):
                    drop[i + j] = True
                legal.append(" ".join(w.text for w in words[i:i + len(phrase)]))
        if words[i].upper and words[i].key in _LEGAL_ABBREVIATIONS:
            drop[i] = True
            legal.append(words[i].text)
        # «РГП на ПХВ»: the preposition belongs to the legal form
        if words[i].key == "na" and 0 < i < len(words) - 1 and words[i - 1].upper and words[i + 1].upper:
            drop[i] = True
    return [w for w, d in zip(words, drop) if not d], legal


def _countries(words: list[Token]) -> list[str]:
    out: list[str] = []
    for i, w in enumerate(words):
        if w.key.startswith(_COUNTRY_STEMS) or (w.upper and w.key in _COUNTRY_ABBREVIATIONS):
            out.append(_COUNTRY)
        elif w.key.startswith(_REPUBLIC_STEMS) and any(
                x.key.startswith(_COUNTRY_STEMS) for x in words[max(0, i - 1):i + 2] if x is not w):
            continue   # «Республики Казахстан», «Қазақстан Республикасының»: the country alone
        else:
            out.append(w.key)
    return out


@functools.lru_cache(maxsize=65536)
def org_name(text: str, lang: str | None = None) -> OrgName:
    core_text, frame_text, quoted = _quoted_parts(text)
    if not quoted:
        core_text, frame_text = text, ""
    core, legal_core = _strip_legal(tokens(core_text))
    frame, legal_frame = _strip_legal(tokens(frame_text))
    return OrgName(text=text, lang=lang, core=tuple(_countries(core)), frame=tuple(_countries(frame)),
                   legal=tuple(legal_core + legal_frame), quoted=quoted,
                   words=tuple((w.key, w.text) for w in core + frame))


def _bag_match(a: tuple[str, ...], b: tuple[str, ...], endings: frozenset[str]) -> tuple[float, list[str], list[str]]:
    """Greedy one-to-one matching of two bags of words: (mean score, unmatched of a, unmatched of b)."""
    left = list(b)
    scores, missing = [], []
    for word in a:
        best, best_i = 0.0, -1
        for i, other in enumerate(left):
            score, _ = token_match(word, other, endings)
            if score > best:
                best, best_i = score, i
        if best_i < 0:
            missing.append(word)
        else:
            scores.append(best)
            left.pop(best_i)
    mean = sum(scores) / len(scores) if scores else 0.0
    return mean, missing, left


# ----------------------------------------------------------------- the alias table


@dataclass(frozen=True)
class Alias:
    entity: str        # "organization:adal-sailau-headquarters"
    lang: str
    text: str
    relation: str      # same | different
    source: str
    note: str
    line: int

    @property
    def kind(self) -> str:
        return self.entity.split(":", 1)[0]

    @property
    def slug(self) -> str:
        return self.entity.split(":", 1)[1]

    def cite(self) -> str:
        return f"alias table line {self.line} ({self.source})"


@dataclass(frozen=True)
class AliasTable:
    rows: tuple[Alias, ...] = ()
    path: Path | None = None

    def for_entity(self, kind: str, slug: str) -> list[Alias]:
        return [a for a in self.rows if a.kind == kind and a.slug == slug]


def load_aliases(path: Path) -> AliasTable:
    """Read ``aliases.csv``; every row needs a known relation and a cited source."""
    path = Path(path)
    rows = read_table(path, tuple(_ALIAS_COLUMNS))
    out = []
    for number, row in enumerate(rows, start=2):
        entity = (row["entity"] or "").strip()
        if not re.fullmatch(r"(person|organization):[a-z0-9][a-z0-9-]*", entity):
            raise InputError(f"entity {entity!r} must be person:<id> or organization:<id>", path=path, line=number,
                             key="entity")
        if row["relation"] not in ALIAS_RELATIONS:
            raise InputError(f"relation {row['relation']!r} is not one of {', '.join(ALIAS_RELATIONS)}", path=path,
                             line=number, key="relation")
        if not (row["source"] or "").strip():
            raise InputError("every alias needs a cited source", path=path, line=number, key="source")
        if not (row["alias"] or "").strip():
            raise InputError("the alias is empty", path=path, line=number, key="alias")
        out.append(Alias(entity=entity, lang=(row["lang"] or "").strip(), text=row["alias"].strip(),
                         relation=row["relation"], source=row["source"].strip(), note=(row["note"] or "").strip(),
                         line=number))
    return AliasTable(rows=tuple(out), path=path)


def default_aliases(config: Config | None = None) -> AliasTable:
    path = Path((config or Config()).data_dir) / "reference" / ALIASES_FILE
    return load_aliases(path) if path.exists() else AliasTable()


# ----------------------------------------------------------------- the known graph


@dataclass
class KnownEntity:
    uri: str
    kind: str                      # person | organization | event
    slug: str
    names: dict[str, str] = field(default_factory=dict)             # lang -> schema:name
    alternate_names: list[tuple[str, str]] = field(default_factory=list)
    given_names: dict[str, str] = field(default_factory=dict)
    family_names: dict[str, str] = field(default_factory=dict)
    types: set[str] = field(default_factory=set)                    # local names: Election, Briefing...
    start_date: str | None = None
    url: str | None = None
    parents: set[str] = field(default_factory=set)     # org:unitOf / schema:parentOrganization
    releases: set[str] = field(default_factory=set)
    reviewed_in: set[str] = field(default_factory=set)   # the releases whose reviewed facts state it
    draft: bool = False            # known from draft (unreviewed) facts only

    def label(self) -> str:
        return self.names.get("kk") or self.names.get("ru") or next(iter(self.names.values()), self.slug)

    def where(self) -> str:
        state = "unreviewed draft" if self.draft else "reviewed"
        releases = sorted(self.reviewed_in) + sorted(self.releases - self.reviewed_in)
        listed = ", ".join(releases[:3]) + (f" and {len(releases) - 3} more" if len(releases) > 3 else "")
        return f"{self.kind}/{self.slug} ({state}; from {listed or 'the graph'})"

    def all_names(self) -> list[tuple[str, str]]:
        seen, out = set(), []
        for lang, text in [*sorted(self.names.items()), *self.alternate_names]:
            if (lang, text) not in seen:
                seen.add((lang, text))
                out.append((lang, text))
        return out


@dataclass
class KnownGraph:
    """The persons, organizations and events of a published graph, indexed for resolution."""

    base: str | None
    entities: dict[str, KnownEntity]

    def of_kind(self, kind: str) -> list[KnownEntity]:
        return [e for e in self.entities.values() if e.kind == kind]

    def by_slug(self, kind: str, slug: str) -> KnownEntity | None:
        for e in self.entities.values():
            if e.kind == kind and e.slug == slug:
                return e
        return None

    def uris(self) -> set[str]:
        return set(self.entities)

    def near(self, kind: str, keys: Iterable[str]) -> list[KnownEntity]:
        """Known entities of ``kind`` with a name word that starts like one of ``keys`` (skeletons):
        the only ones worth scoring, so resolution stays fast as the graph grows."""
        blocks = self._blocks.get(kind)
        if blocks is None:
            blocks = {}
            for e in self.of_kind(kind):
                for _, text in [*e.all_names(), *e.given_names.items(), *e.family_names.items()]:
                    for t in tokens(text):
                        blocks.setdefault(t.key[:2], set()).add(e.uri)
            self._blocks[kind] = blocks
        uris: set[str] = set()
        for key in keys:
            uris |= blocks.get(key[:2], set())
        return [self.entities[u] for u in sorted(uris)]

    _blocks: dict[str, dict[str, set[str]]] = field(default_factory=dict, repr=False)


# (subject, predicate, object value, language, object is an IRI)
Row = tuple[str, str, str, str | None, bool]


def _rows_from_rdflib(graph) -> Iterator[Row]:
    from rdflib import Literal, URIRef

    triples = graph.quads((None, None, None, None)) if hasattr(graph, "quads") else graph.triples((None, None, None))
    for item in triples:
        s, p, o = item[0], item[1], item[2]
        if not isinstance(s, URIRef):
            continue
        if isinstance(o, Literal):
            yield str(s), str(p), str(o), o.language, False
        elif isinstance(o, URIRef):
            yield str(s), str(p), str(o), None, True


def _rows_from_oxigraph(items) -> Iterator[Row]:
    import pyoxigraph as ox

    for q in items:
        s, p, o = q.subject, q.predicate, q.object
        if not isinstance(s, ox.NamedNode):
            continue
        if isinstance(o, ox.Literal):
            yield s.value, p.value, o.value, o.language, False
        elif isinstance(o, ox.NamedNode):
            yield s.value, p.value, o.value, None, True


_BUILD_FILES = (("briefing-kg.nq", "N_QUADS"), ("briefing-kg.nt", "N_TRIPLES"), ("briefing-kg.trig", "TRIG"),
                ("briefing-kg.ttl", "TURTLE"), ("briefing-kg.nq.gz", "N_QUADS"), ("briefing-kg.nt.gz", "N_TRIPLES"))


def _rows_from_build(folder: Path) -> Iterator[Row]:
    import gzip

    import pyoxigraph as ox

    for name, fmt in _BUILD_FILES:
        path = folder / name
        if path.is_file():
            data = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
            try:
                yield from _rows_from_oxigraph(ox.parse(data, getattr(ox.RdfFormat, fmt)))
            except SyntaxError as exc:
                raise InputError(f"the build's graph does not parse: {exc}", path=path) from exc
            return
    raise InputError("no graph dump found (briefing-kg.nq, .nt or .trig): is this a build folder?", path=folder)


def _rows(graph: Any) -> Iterator[Row]:
    if graph is None:
        return iter(())
    if isinstance(graph, (list, tuple)):
        return (row for g in graph for row in _rows(g))
    if isinstance(graph, (str, Path)):
        folder = Path(graph)
        if not folder.is_dir():
            raise InputError("no such build folder", path=folder)
        return _rows_from_build(folder)
    if hasattr(graph, "quads_for_pattern"):            # a pyoxigraph Store
        return _rows_from_oxigraph(graph.quads_for_pattern(None, None, None, None))
    return _rows_from_rdflib(graph)


def known_graph(graph: Any) -> KnownGraph:
    """Index a graph (build folder, rdflib graph or dataset, pyoxigraph store, a list of those, or an index)."""
    if isinstance(graph, KnownGraph):
        return graph
    entities: dict[str, KnownEntity] = {}
    release_status: dict[str, bool] = {}       # release id -> reviewed
    base = None
    rows = list(_rows(graph))
    for s, p, o, lang, is_iri in rows:
        if p.endswith("#reviewStatus") and "/id/release/" in s:
            release_status[s.rsplit("/", 1)[1]] = release_status.get(s.rsplit("/", 1)[1], False) or \
                not o.endswith("#Draft")
        if p == _RDF_TYPE and o in (_SCHEMA + "Person", _SCHEMA + "Organization", _SCHEMA + "Event"):
            m = _ENTITY_URI.match(s)
            if not m:
                continue
            base = base or m.group("base")
            if s not in entities:
                entities[s] = KnownEntity(uri=s, kind=m.group("kind"), slug=m.group("slug"))
    for s, p, o, lang, is_iri in rows:
        entity = entities.get(s)
        if entity is None:
            continue
        if is_iri:
            if p == _RDF_TYPE:
                entity.types.add(re.split(r"[#/]", o)[-1])
            elif p == _PROV_DERIVED:
                m = _PASSAGE_URI.search(o)
                if m:
                    entity.releases.add(m.group("release"))
            elif p == _SCHEMA + "url":
                entity.url = entity.url or o
            elif p in (_ORG_UNIT_OF, _SCHEMA + "parentOrganization"):
                entity.parents.add(o)
            continue
        if p == _SCHEMA + "name" and lang:
            # a graph that breaks the one-name-per-language rule still resolves: keep the first, the rest as variants
            if lang in entity.names and entity.names[lang] != o:
                entity.alternate_names.append((lang, o))
            else:
                entity.names[lang] = o
        elif p == _SCHEMA + "alternateName" and lang:
            entity.alternate_names.append((lang, o))
        elif p == _SCHEMA + "givenName" and lang:
            entity.given_names.setdefault(lang, o)
        elif p == _SCHEMA + "familyName" and lang:
            entity.family_names.setdefault(lang, o)
        elif p == _SCHEMA + "startDate":
            entity.start_date = o[:10]
    for entity in entities.values():
        entity.alternate_names = sorted(set(entity.alternate_names))
        # known from drafts only when every release that states it is a draft
        entity.reviewed_in = {r for r in entity.releases if release_status.get(r, True)}
        entity.draft = bool(entity.releases) and not entity.reviewed_in
    return KnownGraph(base=base, entities=dict(sorted(entities.items())))


# ----------------------------------------------------------------- decisions


@dataclass
class Candidate:
    uri: str
    score: float
    reasons: list[str] = field(default_factory=list)
    refused: str | None = None


@dataclass
class Decision:
    """Why an extracted entity is a known one (``new`` false) or a new one."""

    kind: str
    key: str | None
    uri: str
    new: bool
    outcome: str                   # known | new | ambiguous
    score: float
    reasons: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    known: KnownEntity | None = None

    @property
    def slug(self) -> str:
        return self.uri.rsplit("/", 1)[1]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"outcome": self.outcome, "score": round(self.score, 2)}
        if self.known is not None:
            out["matched"] = self.known.where()
        out["evidence"] = list(self.reasons)
        if self.refused:
            out["refused"] = list(self.refused)
        return out


@dataclass
class Resolution:
    """The extraction with ``uri``, ``new`` and ``decision`` on each person, organization and event."""

    data: dict[str, Any]
    decisions: list[Decision]
    base: str
    graph: KnownGraph

    def to_json(self) -> dict[str, Any]:
        return self.data

    def decision(self, kind: str, key: str) -> Decision:
        for d in self.decisions:
            if d.kind == kind and d.key == key:
                return d
        raise KeyError(f"{kind}:{key}")

    def of_kind(self, kind: str) -> list[Decision]:
        return [d for d in self.decisions if d.kind == kind]


def _extraction_json(extraction: Any) -> dict[str, Any]:
    if hasattr(extraction, "to_json"):
        extraction = extraction.to_json()
    if not isinstance(extraction, Mapping):
        raise TypeError("resolve() takes an Extraction or its JSON (a mapping with persons, organizations...)")
    import copy

    return copy.deepcopy(dict(extraction))


def _mentions(entry: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = []
    for lang, items in sorted((entry.get("mentions") or {}).items()):
        for m in items or []:
            text = m.get("text") if isinstance(m, Mapping) else m
            if text:
                out.append((lang, str(text)))
    return out


# -- persons

@dataclass(frozen=True)
class _PersonForm:
    text: str
    lang: str
    given: Token | None
    family: Token | None
    nominative: bool        # from the extractor's normalised names, not a raw mention
    ordered: bool           # the order of given and family is known


def _person_forms(entry: Mapping[str, Any]) -> list[_PersonForm]:
    forms = []
    for lang in ("kk", "ru"):
        given, family = entry.get(f"given_{lang}"), entry.get(f"family_{lang}")
        g, f = tokens(given or ""), tokens(family or "")
        if g and f:
            # a double given name (Қасым-Жомарт) is one name: join its parts
            gt = Token(text=" ".join(t.text for t in g), key="".join(t.key for t in g), upper=False,
                       initial=len(g) == 1 and g[0].initial)
            ft = Token(text=" ".join(t.text for t in f), key="".join(t.key for t in f), upper=False, initial=False)
            forms.append(_PersonForm(f"{given} {family}", lang, gt, ft, nominative=True, ordered=True))
    for lang, text in _mentions(entry):
        words = [t for t in tokens(text) if not _patronymic(t)]
        if len(words) == 2:
            a, b = words
            forms.append(_PersonForm(text, lang, a, b, nominative=False, ordered=False))
        elif len(words) == 3 and not any(w.initial for w in words[1:]):
            # Қасым-Жомарт Тоқаев: a hyphenated given name splits into two words
            joined = Token(text=f"{words[0].text} {words[1].text}", key=words[0].key + words[1].key, upper=False,
                           initial=False)
            forms.append(_PersonForm(text, lang, joined, words[2], nominative=False, ordered=True))
            joined = Token(text=f"{words[1].text} {words[2].text}", key=words[1].key + words[2].key, upper=False,
                           initial=False)
            forms.append(_PersonForm(text, lang, joined, words[0], nominative=False, ordered=True))
    return forms


def _patronymic(t: Token) -> bool:
    return t.key.endswith(("ovich", "evich", "ovna", "evna", "kizi")) and len(t.key) > 6


def _name_score(word: Token, known: dict[str, str], *, nominative: bool, allow_initial: bool) -> tuple[float, str, str]:
    best = (0.0, "", "")
    for text in sorted(set(known.values())):
        key = skeleton(text.replace(" ", ""))
        if word.initial:
            if allow_initial and key and word.key[:1] == key[:1]:
                cand = (0.7, f"initial «{word.text}.» of «{text}»", text)
                best = max(best, cand, key=lambda c: c[0])
            continue
        if (nominative and _gender_variant(word.key, key)) or _wrong_gender_inflection(word.key, key):
            continue
        score, how = token_match(word.key, key, PERSON_ENDINGS, inflected=True)
        if nominative and how == "same word, inflected":
            score = 0.8 if not _gender_variant(word.key, key) else 0.0
        if score > best[0]:
            best = (score, f"«{word.text}» ~ «{text}» ({how}, after letter folding)", text)
    return best


def _score_person(form: _PersonForm, known: KnownEntity) -> tuple[float, str, str | None]:
    """(score, reason, near-miss note) of one spelling against one known person."""
    orders = [(form.given, form.family)] if form.ordered else [(form.given, form.family), (form.family, form.given)]
    best: tuple[float, str] = (0.0, "")
    near = None
    for given, family in orders:
        if given is None or family is None or family.initial:
            continue
        gs, gwhy, _ = _name_score(given, known.given_names, nominative=form.nominative, allow_initial=True)
        fs, fwhy, _ = _name_score(family, known.family_names, nominative=form.nominative, allow_initial=False)
        if gs and fs:
            score = (gs + fs) / 2
            order = "" if form.ordered else (" (family name first)" if (given, family) != orders[0] else "")
            reason = (f"{form.lang} {'name' if form.nominative else 'mention'} «{form.text}»{order}: "
                      f"given {gwhy}; family {fwhy}; score {score:.2f}")
            if score > best[0]:
                best = (score, reason)
        elif gs and not fs and not given.initial:
            near = near or (f"shares only the given name ({gwhy}); family «{family.text}» differs from "
                            f"«{' / '.join(sorted(set(known.family_names.values())))}»: not merged")
        elif fs and not gs:
            near = near or (f"shares only the family name ({fwhy}); given «{given.text}» differs from "
                            f"«{' / '.join(sorted(set(known.given_names.values())))}»: not merged")
    return best[0], best[1], near


# -- organizations

def _org_forms(entry: Mapping[str, Any]) -> list[OrgName]:
    forms = []
    for lang in ("kk", "ru", "en"):
        name = entry.get(f"name_{lang}")
        if name:
            forms.append(org_name(str(name), lang))
    for lang, text in _mentions(entry):
        forms.append(org_name(text, lang))
    return [f for f in forms if f.core or f.frame]


def _score_org_form(cand: OrgName, known: OrgName, entity_frame: tuple[str, ...]) -> tuple[float, str]:
    """How well an extracted spelling names the same organization as one known name."""
    if not cand.core or not known.core:
        return 0.0, ""
    cand_core = list(cand.core)
    if not cand.quoted and known.quoted and entity_frame:
        # an unquoted spelling carries its head noun inside: «штаб За честные выборы»
        cand_core = [w for w in cand_core if not any(token_match(w, f, ORG_ENDINGS)[0] for f in entity_frame)]
    mean, missing, extra = _bag_match(tuple(cand_core), known.core, ORG_ENDINGS)
    if missing:
        return 0.0, ""
    score = 0.95 * mean
    note = "the same proper name"
    extra_real = [w for w in extra if w != _COUNTRY]
    if extra_real:
        return 0.0, ""
    if extra:
        score = 0.8 * mean
        note = "the same proper name without the country (a short name)"
    # the words around the proper name: the same kind of body, not a branch of it
    for unit in cand.units:
        if not any(token_match(unit, u, ORG_ENDINGS)[0] for u in known.units):
            return 0.0, f"«{cand.text}» names a unit («{cand.written(unit)}») that «{known.text}» is not"
    for unit in known.units:
        if not any(token_match(unit, u, ORG_ENDINGS)[0] for u in cand.units):
            return 0.0, ""
    extra_frame = [w for w in cand.frame if w != _COUNTRY and not any(
        token_match(w, f, ORG_ENDINGS)[0] for f in entity_frame)]
    if extra_frame:
        score -= 0.05 * min(3, len(extra_frame))
        note += f", {len(extra_frame)} more word(s) around it"
    if cand.text.strip() == known.text.strip():
        score, note = 1.0, "the same name"
    return score, note


# ----------------------------------------------------------------- new URIs


_SURNAME_ENDINGS = ("ov", "ev", "ova", "eva", "in", "ina", "uli", "kizi", "bai", "baev", "baeva", "skii", "skaia")


def split_name(words: list[str]) -> tuple[str, str] | None:
    """(given, family) of a two-word name with no other clue: the word with a surname's ending is the family name
    (Ақылбай, Абдрасулов, Бажайұлы); with none or both, the usual order, given name first."""
    if len(words) != 2:
        return None
    a, b = words
    a_family = skeleton(a).endswith(_SURNAME_ENDINGS)
    b_family = skeleton(b).endswith(_SURNAME_ENDINGS)
    return (b, a) if a_family and not b_family else (a, b)


def person_slug(entry: Mapping[str, Any]) -> str:
    for lang in ("kk", "ru"):
        given, family = entry.get(f"given_{lang}"), entry.get(f"family_{lang}")
        if family or given:
            return slugify(" ".join(x for x in (family, given) if x))
    for _, text in _mentions(entry):
        split = split_name([t.text for t in tokens(text)])
        if split and not any(t.initial for t in tokens(text)):
            return slugify(f"{split[1]} {split[0]}")
    mentions = _mentions(entry)
    return slugify(mentions[0][1]) if mentions else "person"


def org_display_core(text: str) -> str:
    """The proper name without quotes and legal forms, for slugs: «Юристы – за справедливые выборы» РҚБ -> Юристы за справедливые выборы."""
    kept, _ = _strip_legal(tokens(text.replace("«", " ").replace("»", " ")))
    return " ".join(w.text for w in kept)


def organization_slug(entry: Mapping[str, Any]) -> str:
    """The extractor's lexicon id when it knows the body (a curated, stable id: ``central-election-commission``),
    else the proper name without quotes and legal form, Kazakh first."""
    lexicon = entry.get("lexicon_id")
    if isinstance(lexicon, str) and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", lexicon):
        return lexicon
    for key in ("name_kk", "name_ru", "name_en"):
        if entry.get(key):
            return slugify(" ".join(org_display_core(str(entry[key])).split()[:8]))
    mentions = _mentions(entry)
    return slugify(" ".join(org_display_core(mentions[0][1]).split()[:8])) if mentions else "organization"


_EVENT_TYPE_CLASSES = {"briefing": "Briefing", "election": "Election", "meeting": "OutreachMeeting"}


def event_slug(entry: Mapping[str, Any], release_id: str | None = None) -> str:
    kind = entry.get("subtype") if entry.get("type") == "other" and entry.get("subtype") else entry.get("type")
    kind = slugify(str(kind or "event"))
    if entry.get("type") == "election" and entry.get("date"):
        return f"{entry['date']}-{kind}"
    return f"{release_id}-{kind}" if release_id else (f"{entry['date']}-{kind}" if entry.get("date") else kind)


def _unique(slug: str, taken: set[str]) -> str:
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"


# ----------------------------------------------------------------- resolve


def _decide(kind: str, key: str | None, candidates: list[Candidate], threshold: float, new_uri: str,
            refused: list[str], graph: KnownGraph) -> Decision:
    live = sorted((c for c in candidates if c.refused is None and c.score >= threshold), key=lambda c: -c.score)
    for c in candidates:
        if c.refused:
            refused.append(f"{graph.entities[c.uri].where()}: {c.refused}")
        elif 0 < c.score < threshold:
            refused.append(f"{graph.entities[c.uri].where()}: best score {c.score:.2f} is below {threshold}: "
                           + "; ".join(c.reasons[:1]))
    if not live:
        return Decision(kind, key, new_uri, True, "new", 1.0 - max((c.score for c in candidates), default=0.0),
                        [f"no known {kind} matches: a new URI is minted"], refused)
    top = live[0]
    rivals = [c for c in live[1:] if top.score - c.score < AMBIGUITY_MARGIN]
    if rivals:
        names = ", ".join(graph.entities[c.uri].where() for c in [top, *rivals])
        return Decision(kind, key, new_uri, True, "ambiguous", top.score,
                        [f"matches several known {kind}s equally well ({names}): not linked; a reviewer chooses",
                         *top.reasons], refused)
    return Decision(kind, key, top.uri, False, "known", top.score, top.reasons, refused, graph.entities[top.uri])


def _resolve_person(entry: Mapping[str, Any], graph: KnownGraph, new_uri: str) -> Decision:
    forms = _person_forms(entry)
    candidates, refused = [], []
    keys = {t.key for f in forms for t in (f.given, f.family) if t is not None}
    for known in graph.near("person", keys):
        if not known.given_names or not known.family_names:
            continue
        best, reasons, near = 0.0, [], None
        for form in forms:
            score, reason, miss = _score_person(form, known)
            if score:
                reasons.append(reason)
                best = max(best, score)
            near = near or miss
        if best:
            reasons.sort(key=lambda r: -float(r.rsplit("score ", 1)[1]))
            candidates.append(Candidate(known.uri, best, reasons))
        elif near:
            refused.append(f"{known.where()}: {near}")
    return _decide("person", entry.get("key"), candidates, PERSON_THRESHOLD, new_uri, refused, graph)


def _resolve_organization(entry: Mapping[str, Any], graph: KnownGraph, aliases: AliasTable,
                          new_uri: str) -> Decision:
    forms = _org_forms(entry)
    candidates, refused = [], []
    keys = {w for f in forms for w in f.core + f.frame}
    aliased = {a.slug for a in aliases.rows if a.kind == "organization"}
    near = graph.near("organization", keys) + [e for e in graph.of_kind("organization") if e.slug in aliased]
    for known in {e.uri: e for e in near}.values():
        rows = aliases.for_entity("organization", known.slug)
        names = [(org_name(text, lang), f"its {lang} {'name' if known.names.get(lang) == text else 'alternate name'}")
                 for lang, text in known.all_names()]
        names += [(org_name(a.text, a.lang), a.cite()) for a in rows if a.relation == "same"]
        entity_frame = tuple(w for n, _ in names for w in n.frame)
        blocked = None
        for form in forms:
            for a in rows:
                if a.relation != "different":
                    continue
                other = org_name(a.text, a.lang)
                mean, missing, extra = _bag_match(form.core, other.core, ORG_ENDINGS)
                if form.core and not missing and not [w for w in extra if w != _COUNTRY]:
                    blocked = (f"«{form.text}» is «{a.text}», which the {a.cite()} says is another entity"
                               + (f" ({a.note})" if a.note else ""))
        best, reasons, unit_note = 0.0, [], None
        for form in forms:
            for name, origin in names:
                score, note = _score_org_form(form, name, entity_frame)
                if score:
                    reasons.append((score, f"{form.lang or '?'} «{form.text}» ~ {origin} «{name.text}»: {note}; "
                                           f"score {score:.2f}"))
                    best = max(best, score)
                elif note:
                    unit_note = unit_note or note
        reasons.sort(key=lambda r: -r[0])
        if blocked:
            candidates.append(Candidate(known.uri, best, [r for _, r in reasons], refused=blocked))
        elif best:
            candidates.append(Candidate(known.uri, best, [r for _, r in reasons[:4]]))
        elif unit_note:
            refused.append(f"{known.where()}: {unit_note}: probably a unit of it, not the same body")
    return _decide("organization", entry.get("key"), candidates, ORGANIZATION_THRESHOLD, new_uri, refused, graph)


def _election_named(mention: str, known: KnownEntity) -> str | None:
    """The known election's name (or a variant) inside the mention: «кезектен тыс Президент сайлауы»."""
    words = [t.key for t in tokens(mention)]
    for lang, name in known.all_names():
        need = [t.key for t in tokens(name)]
        if len(need) < 2:
            continue
        left = list(words)
        for n in need:
            hit = next((w for w in left if token_match(n, w, ORG_ENDINGS)[0]), None)
            if hit is None:
                break
            left.remove(hit)
        else:
            return name
    return None


def _resolve_event(entry: Mapping[str, Any], graph: KnownGraph, new_uri: str, published: str | None) -> Decision:
    """Events by type and day: an election on a known day is the known election.

    An election the text gives no day for is the known election whose name it uses,
    if that election had not taken place when the release was published and the
    name fits no other known election.
    """
    cls = _EVENT_TYPE_CLASSES.get(str(entry.get("type")))
    date = entry.get("date")
    candidates = []
    refused: list[str] = []
    if cls and date:
        for known in graph.of_kind("event"):
            if cls in known.types and known.start_date == str(date):
                candidates.append(Candidate(known.uri, 0.95 if cls == "Election" else 0.8, [
                    f"a known {cls} on {date}: «{known.label()}»"]))
    elif cls == "Election":
        for known in graph.of_kind("event"):
            if "Election" not in known.types:
                continue
            named = next((n for _, m in _mentions(entry) if (n := _election_named(m, known))), None)
            if not named:
                continue
            if published and known.start_date and not (published <= known.start_date <= _plus_year(published)):
                refused.append(f"{known.where()}: named «{named}», but held on {known.start_date}, not in the "
                               f"year after publication ({published})")
                continue
            when = f"published {published}, before it" if published else "no publication date to check against"
            candidates.append(Candidate(known.uri, 0.85 if published else 0.8, [
                f"no day in the text; its name contains «{named}», the known election of "
                f"{known.start_date or 'unknown date'} ({when})"]))
    threshold = 0.9 if cls != "Election" else 0.8   # only elections link without more evidence
    return _decide("event", entry.get("key"), candidates, threshold, new_uri, refused, graph)


def _plus_year(day: str) -> str:
    return f"{int(day[:4]) + 1}{day[4:10]}"


def resolve(extraction: Any, graph: Any, *, config: Config | None = None, aliases: AliasTable | None = None,
            release_id: str | None = None, published: str | None = None) -> Resolution:
    """Link each person, organization and event of ``extraction`` to ``graph``.

    ``graph`` is a build folder (its N-Quads/N-Triples/TriG dump is read), an
    rdflib graph or dataset, a pyoxigraph store, a ``KnownGraph``, or ``None``
    (nothing is known: everything is new). ``aliases`` defaults to
    ``<data_dir>/reference/aliases.csv``. New URIs use the graph's base (or
    the configured one) and the slugs ingest mints: ``person/<family>-<given>``,
    ``organization/<proper name>``, ``event/<date>-election`` or
    ``event/<release>-<type>``.
    """
    config = config or Config()
    data = _extraction_json(extraction)
    index = known_graph(graph)
    aliases = aliases if aliases is not None else default_aliases(config)
    base = index.base or config.base_uri
    published = str(published or data.get("date_published") or "") or None
    taken = {(e.kind, e.slug) for e in index.entities.values()}
    decisions: list[Decision] = []

    def mint(kind: str, slug: str) -> str:
        slug = _unique(slug, {s for k, s in taken if k == kind})
        taken.add((kind, slug))
        return entity_uri(base, kind, slug)

    for entry in data.get("persons") or []:
        d = _resolve_person(entry, index, "")
        if d.new:
            d.uri = mint("person", person_slug(entry))
        decisions.append(d)
        entry.update(uri=d.uri, new=d.new, decision=d.to_json())
    orgs = list(data.get("organizations") or [])
    by_key: dict[Any, Decision] = {}
    # parents first: a branch is judged, and named, by the body it belongs to
    for entry in sorted(orgs, key=lambda e: bool(e.get("parent_key"))):
        d = _resolve_organization(entry, index, aliases, "")
        parent = by_key.get(entry.get("parent_key"))
        if parent is not None and not d.new and d.known.parents and parent.uri not in d.known.parents:
            d = Decision("organization", entry.get("key"), "", True, "new", d.score, [
                f"not {d.known.where()}: that is a unit of {', '.join(sorted(d.known.parents))}, this one of "
                f"{parent.uri}"], d.refused)
        if d.new:
            slug = organization_slug(entry)
            if parent is not None and not slug.startswith(parent.slug) and parent.slug not in slug:
                slug = f"{parent.slug}-{slug}"
            d.uri = mint("organization", slug)
        by_key[entry.get("key")] = d
    for entry in orgs:
        d = by_key[entry.get("key")]
        decisions.append(d)
        entry.update(uri=d.uri, new=d.new, decision=d.to_json())
    for entry in data.get("events") or []:
        d = _resolve_event(entry, index, "", published)
        if d.new:
            d.uri = mint("event", event_slug(entry, release_id))
        decisions.append(d)
        entry.update(uri=d.uri, new=d.new, decision=d.to_json())
    _fill_model(extraction, decisions)
    return Resolution(data=data, decisions=decisions, base=base, graph=index)


def _fill_model(extraction: Any, decisions: list[Decision]) -> None:
    """Given the extractor's own objects, set their ``resolution`` too, so its ``to_json`` carries uri and new."""
    try:
        from .model import Resolution as ModelResolution
    except ImportError:  # pragma: no cover - the extraction model ships with the package
        return
    for kind, attr in (("person", "persons"), ("organization", "organizations")):
        for item in getattr(extraction, attr, None) or []:
            if not hasattr(item, "resolution"):
                continue
            for d in decisions:
                if d.kind == kind and d.key == getattr(item, "key", None):
                    item.resolution = ModelResolution(uri=d.uri, new=d.new, detail=d.to_json())


__all__ = [
    "Alias", "AliasTable", "Decision", "KnownEntity", "KnownGraph", "Resolution", "fold", "known_graph",
    "load_aliases", "default_aliases", "org_name", "resolve", "skeleton", "tokens", "person_slug",
    "organization_slug", "event_slug",
]


# ----------------------------------------------------------------- linking accuracy against gold


@dataclass
class LinkingScore:
    """Linking accuracy on gold items: recurring entities linked to the right URI, new ones marked new."""

    known_right: int = 0
    known_total: int = 0
    new_right: int = 0
    new_total: int = 0
    unmatched: int = 0            # gold entities the extraction did not find (not counted above)
    errors: list[str] = field(default_factory=list)

    @property
    def right(self) -> int:
        return self.known_right + self.new_right

    @property
    def total(self) -> int:
        return self.known_total + self.new_total

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, other: "LinkingScore") -> "LinkingScore":
        return LinkingScore(self.known_right + other.known_right, self.known_total + other.known_total,
                            self.new_right + other.new_right, self.new_total + other.new_total,
                            self.unmatched + other.unmatched, self.errors + other.errors)


def _mention_keys(entry: Mapping[str, Any]) -> set[tuple[str, str]]:
    return {(lang, fold(text)) for lang, text in _mentions(entry)}


def score_linking(resolved: Mapping[str, Any], gold: Mapping[str, Any], graph: KnownGraph,
                  key_map: Mapping[str, str] | None = None) -> LinkingScore:
    """Score the ``uri``/``new`` of a resolved extraction against a gold file.

    Extracted entities are paired with gold ones by a shared mention. A gold
    entity with ``same_as_seed: true`` must resolve to the known entity whose
    id is its key (or ``key_map[key]``); when the graph has no such id, being
    linked to some known entity is all that can be checked. Any other gold
    entity must come out ``new``.
    """
    key_map = key_map or {}
    score = LinkingScore()
    for kind, section in (("person", "persons"), ("organization", "organizations")):
        extracted = list(resolved.get(section) or [])
        for entry in gold.get(section) or []:
            mentions = _mention_keys(entry)
            match = max(extracted, key=lambda e: len(mentions & _mention_keys(e)), default=None)
            if match is None or not mentions & _mention_keys(match):
                score.unmatched += 1
                continue
            label = f"{gold.get('id', '?')} {kind} {entry.get('key')}"
            if entry.get("same_as_seed"):
                score.known_total += 1
                slug = key_map.get(entry.get("key"), entry.get("key"))
                target = graph.by_slug(kind, slug)
                ok = match.get("new") is False and (target is None or match.get("uri") == target.uri)
                if ok:
                    score.known_right += 1
                else:
                    score.errors.append(f"{label}: expected {target.uri if target else 'a known entity'}, "
                                        f"got {match.get('uri')} (new={match.get('new')})")
            else:
                score.new_total += 1
                if match.get("new") is True:
                    score.new_right += 1
                else:
                    score.errors.append(f"{label}: expected new, got {match.get('uri')}")
    return score
