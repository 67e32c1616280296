"""Text preparation shared by every recogniser: sentences, tokens, letter folding.

Sentences come from ``sources.segment`` (the same cut ``ingest`` stores), so a
mention's sentence id here is the id the release will carry. Tokens come from
razdel inside each sentence, with their code-point offsets.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from ..sources import segment
from .errors import ExtractionError

KK_ONLY_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_FOLD = str.maketrans({"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "і": "и",
                       "һ": "х", "ё": "е"})
# a stronger folding for comparing names across spellings: і/ы, й/и, э/е, soft and hard signs
_FOLD_KEY = str.maketrans({"ы": "и", "й": "и", "э": "е", "ь": None, "ъ": None, "-": None, "’": None, "'": None})
QUOTE_OPEN = "«“„"
QUOTE_CLOSE = "»”“"
DASHES = "-–—"


@functools.lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Kazakh letters to their nearest Russian ones, lower case: ``Ақтөбе`` -> ``актобе``."""
    return text.lower().translate(_FOLD)


@functools.lru_cache(maxsize=100_000)
def fold_key(text: str) -> str:
    """A comparison key for names written in either alphabet: ``Әбдіқарым`` == ``Абдыкарым``."""
    return fold(text).translate(_FOLD_KEY).replace("\u00a0", " ")


def is_cyrillic_word(text: str) -> bool:
    return bool(text) and all(ch.isalpha() or ch in "-" for ch in text) and any("\u0400" <= ch <= "\u04ff" for ch in text)


def is_capitalized(text: str) -> bool:
    """``Серік``, ``Қасым-Жомарт``; not ``РҚБ`` (all capitals) nor ``штаб``."""
    if len(text) < 2 or not text[0].isupper() or not text[0].isalpha():
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return any(ch.islower() for ch in letters)


def is_all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    index: int          # position in the document's token list
    sentence: int       # index into Doc.sentences

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class Sentence:
    id: str
    start: int
    end: int
    text: str
    paragraph: int
    tokens: list[Token] = field(default_factory=list)


@dataclass
class Doc:
    lang: str
    text: str
    sentences: list[Sentence]
    tokens: list[Token]
    paragraphs: list[tuple[int, int]]      # (start, end) of each paragraph

    def sentence_of(self, offset: int) -> Sentence:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        # an offset in the space between sentences belongs to the one before it
        before = [s for s in self.sentences if s.start <= offset]
        return before[-1] if before else self.sentences[0]

    def token_at(self, offset: int) -> Token | None:
        for t in self.tokens:
            if t.start <= offset < t.end:
                return t
        return None

    def tokens_between(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.start >= start and t.end <= end]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
_MOJIBAKE = re.compile(r"(?:Ð[\x80-\xbfА-я]|Ñ[\x80-\x8f]|Ó[\x90-\x9f]|Ò[\x90-\xbf]){3,}")


def check_text(lang: str, text: object) -> str:
    """Refuse what is not a usable text, with a message a person can act on."""
    if not isinstance(text, str):
        raise ExtractionError(f"the {lang} text is not a string but {type(text).__name__}")
    if "\ufffd" in text:
        raise ExtractionError(f"the {lang} text contains U+FFFD replacement characters: it was decoded "
                              "with the wrong encoding (save it as UTF-8)")
    if _MOJIBAKE.search(text):
        raise ExtractionError(f"the {lang} text looks like UTF-8 read as Latin-1 (\"Ð...\" sequences): "
                              "re-read it as UTF-8")
    if "\x00" in text:
        raise ExtractionError(f"the {lang} text contains NUL characters: not a text")
    if not text.strip():
        raise ExtractionError(f"the {lang} text is empty")
    letters = [ch for ch in text if ch.isalpha()]
    if not any("\u0400" <= ch <= "\u04ff" for ch in letters):
        raise ExtractionError(f"the {lang} text has no Cyrillic letters: not a Kazakh or Russian text")
    return unicodedata.normalize("NFC", text) if not unicodedata.is_normalized("NFC", text) else text


def prepare(lang: str, text: str) -> Doc:
    from razdel import tokenize

    text = check_text(lang, text)
    paragraphs: list[tuple[int, int]] = []
    position = 0
    for part in _PARAGRAPH_BREAK.split(text):
        start = text.index(part, position) if part else position
        if part.strip():
            paragraphs.append((start, start + len(part)))
        position = start + len(part)
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for number, (a, b) in enumerate(segment(text), start=1):
        para = next((i for i, (pa, pb) in enumerate(paragraphs) if pa <= a < pb), len(paragraphs) - 1)
        sentence = Sentence(id=f"{lang}-s{number:02d}", start=a, end=b, text=text[a:b], paragraph=para)
        for t in tokenize(sentence.text):
            token = Token(text=t.text, start=a + t.start, end=a + t.stop, index=len(tokens),
                          sentence=len(sentences))
            tokens.append(token)
            sentence.tokens.append(token)
        sentences.append(sentence)
    return Doc(lang=lang, text=text, sentences=sentences, tokens=tokens, paragraphs=paragraphs)


# ------------------------------------------------------------- Kazakh suffixes

_KK_CASE = [
    "менен", "бенен", "пенен",
    "ндағы", "ндегі", "дағы", "дегі", "тағы", "тегі",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "нан", "нен", "дан", "ден", "тан", "тен",
    "нда", "нде", "мен", "бен", "пен",
    "ға", "ге", "қа", "ке", "на", "не",
    "ды", "ді", "ты", "ті", "ны", "ні",
    "да", "де", "та", "те",
    "ша", "ше",
    "н",
]
_KK_POSSESSIVE = ["сы", "сі", "ы", "і"]
_KK_PLURAL = ["лар", "лер", "дар", "дер", "тар", "тер"]
_VOICED = {"г": "к", "ғ": "қ", "б": "п"}


@functools.lru_cache(maxsize=100_000)
def kk_stems(word: str) -> tuple[tuple[str, str], ...]:
    """Candidate (stem, suffix) readings of a Kazakh word, the whole word first.

    ``Ақылбайдың`` -> ``[("Ақылбайдың", ""), ("Ақылбай", "дың"), ...]``;
    ``облыстарының`` -> ``..., ("облыс", "тарының")``. A hyphen before the
    suffix (``РҚБ-ның``, ``60-қа``) is part of the suffix. The caller keeps the
    reading whose stem it knows (a lexicon, a surname ending).
    """
    out: list[tuple[str, str]] = [(word, "")]
    seen = {word}

    def add(stem: str, suffix: str) -> None:
        if len(stem) >= 2 and stem not in seen:
            seen.add(stem)
            out.append((stem, suffix))

    if "-" in word:
        head, _, tail = word.rpartition("-")
        if head and tail and tail.islower():
            add(head, "-" + tail)
    lower = word.lower()
    # case after possessive after plural, each optional: strip from the right
    for case in [""] + _KK_CASE:
        if case and not lower.endswith(case):
            continue
        rest = word[: len(word) - len(case)] if case else word
        rest_lower = rest.lower()
        if case:
            add(rest, case)
        for poss in [""] + _KK_POSSESSIVE:
            if poss and not rest_lower.endswith(poss):
                continue
            rest2 = rest[: len(rest) - len(poss)] if poss else rest
            if poss:
                add(rest2, word[len(rest2):])
            for plural in _KK_PLURAL:
                if rest2.lower().endswith(plural):
                    add(rest2[: len(rest2) - len(plural)], word[len(rest2) - len(plural):])
    # a final voiced consonant before a vowel suffix was voiceless in the base (Ермегі <- Ермек)
    extra = []
    for stem, suffix in out[1:]:
        last = stem[-1:]
        if last.lower() in _VOICED:
            repl = _VOICED[last.lower()]
            extra.append((stem[:-1] + (repl.upper() if last.isupper() else repl), suffix))
    for stem, suffix in extra:
        add(stem, suffix)
    return tuple(out)
