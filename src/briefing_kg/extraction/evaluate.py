"""Scoring extraction: against a gold folder, and against a release's curated facts.

A gold folder (``tests/data/corpus/dev``) holds ``ID.kk.txt``, ``ID.ru.txt``
(either may be absent) and ``ID.gold.json``. Mentions are compared as
multisets per language: persons and organizations by their exact text,
regions by (ISO code, text), counts by (text, value, qualifier); event dates
as the set of dates per release. Precision, recall and F1 are micro-averaged
over the items. Linking accuracy needs entity resolution and a published
graph: every gold person and organization found by extraction must resolve to
a known entity when it occurs in the seed (``same_as_seed``), to a new one
otherwise, to one URI per gold key across items, and never to the URI of
another gold key (the d04 trap).

Against curated facts (the seed): the share of curated persons,
organizations, regions, dates and counts that extraction from the text alone
recovers with their kk and ru names.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import InputError
from .core import extract
from .model import LANGS, Extraction
from .text import fold_key

CATEGORIES = ("person", "organization", "region", "count", "event date")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class ItemResult:
    id: str
    scores: dict[str, Score]
    missed: dict[str, list[str]]
    extra: dict[str, list[str]]
    seconds: float
    extraction: Extraction


@dataclass
class Linking:
    correct: int = 0
    total: int = 0
    not_found: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class Evaluation:
    items: list[ItemResult]
    totals: dict[str, Score]
    linking: Linking | None
    linking_note: str | None = None


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _multiset_score(gold: list[tuple], pred: list[tuple]) -> tuple[Score, list[str], list[str]]:
    g, p = Counter(gold), Counter(pred)
    tp = sum((g & p).values())
    missed = sorted(_show(k) for k in (g - p).elements())
    extra = sorted(_show(k) for k in (p - g).elements())
    return Score(tp, sum(p.values()) - tp, sum(g.values()) - tp), missed, extra


def _show(key: tuple) -> str:
    return " ".join(str(k) for k in key)


def _mentions(entity: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for lang in LANGS:
        for m in (entity.get("mentions") or {}).get(lang) or []:
            out.append((lang, _norm(m)))
    return out


def score_item(gold: dict[str, Any], pred: dict[str, Any]) -> tuple[dict[str, Score], dict[str, list[str]], dict[str, list[str]]]:
    scores, missed, extra = {}, {}, {}

    def run(name: str, g: list[tuple], p: list[tuple]) -> None:
        scores[name], missed[name], extra[name] = _multiset_score(g, p)

    run("person", [m for e in gold.get("persons", []) for m in _mentions(e)],
        [m for e in pred.get("persons", []) for m in _mentions(e)])
    run("organization", [m for e in gold.get("organizations", []) for m in _mentions(e)],
        [m for e in pred.get("organizations", []) for m in _mentions(e)])
    run("region", [(e["iso_3166_2"],) + m for e in gold.get("regions", []) for m in _mentions(e)],
        [(e["iso_3166_2"],) + m for e in pred.get("regions", []) for m in _mentions(e)])
    run("count", [m + (e["value"], e["qualifier"]) for e in gold.get("quantities", []) for m in _mentions(e)],
        [m + (e["value"], e["qualifier"]) for e in pred.get("quantities", []) for m in _mentions(e)])
    gd = {e["date"] for e in gold.get("events", []) if e.get("date")}
    pd = {e["date"] for e in pred.get("events", []) if e.get("date")}
    scores["event date"] = Score(len(gd & pd), len(pd - gd), len(gd - pd))
    missed["event date"] = sorted(gd - pd)
    extra["event date"] = sorted(pd - gd)
    return scores, missed, extra


def read_gold_folder(folder: Path) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    """(id, gold, texts by language) for every ``*.gold.json`` of ``folder``, in name order."""
    from ..sources import read_text_file

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", path=folder)
    items = []
    for path in sorted(folder.glob("*.gold.json")):
        item_id = path.name.removesuffix(".gold.json")
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the gold file: {exc}", path=path) from exc
        texts = {}
        for lang in LANGS:
            text_path = folder / f"{item_id}.{lang}.txt"
            if text_path.exists():
                texts[lang] = read_text_file(text_path)
        if not texts:
            raise InputError("a gold file with no text beside it", path=path)
        items.append((item_id, gold, texts))
    if not items:
        raise InputError("no *.gold.json files", path=folder)
    return items


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


Resolver = Callable[[Extraction], Any]


def evaluate(folder: Path, *, resolver: Resolver | None = None, data_dir: str | None = None) -> Evaluation:
    """Extract every item of a gold folder and score it; ``resolver`` (if given) links to a graph."""
    items: list[ItemResult] = []
    totals = {c: Score() for c in CATEGORIES}
    for item_id, gold, texts in read_gold_folder(folder):
        started = time.perf_counter()
        extraction = extract(texts.get("kk"), texts.get("ru"), published=_date(gold.get("date_published")),
                             data_dir=data_dir)
        seconds = time.perf_counter() - started
        if resolver is not None:
            resolver(extraction)
        scores, missed, extra = score_item(gold, extraction.to_json())
        for c in CATEGORIES:
            totals[c].add(scores[c])
        items.append(ItemResult(item_id, scores, missed, extra, seconds, extraction))
    linking = _linking(items, read_gold_folder(folder)) if resolver is not None else None
    return Evaluation(items, totals, linking)


def _linking(items: list[ItemResult], golds) -> Linking:
    link = Linking()
    by_key_uris: dict[str, Counter] = {}
    decisions: list[tuple[str, str, str | None, bool | None, bool]] = []   # item, key, uri, new, same_as_seed
    gold_by_id = {item_id: gold for item_id, gold, _ in golds}
    for item in items:
        gold = gold_by_id[item.id]
        pred = item.extraction.to_json()
        for section in ("persons", "organizations"):
            for g in gold.get(section, []):
                mentions = set(_mentions(g))
                match = next((p for p in pred.get(section, []) if mentions & set(_mentions(p))), None)
                if match is None:
                    link.not_found += 1
                    continue
                uri, new = match.get("uri"), match.get("new")
                decisions.append((item.id, g["key"], uri, new, bool(g.get("same_as_seed"))))
                by_key_uris.setdefault(g["key"], Counter())[uri] += 1
    uri_owner: dict[str, set[str]] = {}
    for _, key, uri, _, _ in decisions:
        uri_owner.setdefault(uri, set()).add(key)
    for item_id, key, uri, new, seed in decisions:
        link.total += 1
        problems = []
        if seed and new is not False:
            problems.append("occurs in the seed but resolved as new")
        if not seed and new is not True:
            problems.append(f"not in the seed but linked to {uri}")
        if uri and by_key_uris[key].most_common(1)[0][0] != uri:
            problems.append(f"another URI than in the other items ({uri})")
        if uri and len(uri_owner.get(uri, ())) > 1:
            problems.append(f"shares {uri} with {', '.join(sorted(uri_owner[uri] - {key}))}")
        if problems:
            link.errors.append(f"{item_id} {key}: " + "; ".join(problems))
        else:
            link.correct += 1
    return link


# ------------------------------------------------------------------ curated facts (the seed)


@dataclass
class CuratedResult:
    release: str
    found: dict[str, tuple[int, int]]          # category -> (recovered, curated)
    missed: dict[str, list[str]]
    seconds: float

    @property
    def overall(self) -> float:
        got = sum(f for f, _ in self.found.values())
        total = sum(t for _, t in self.found.values())
        return got / total if total else 1.0


def evaluate_curated(data_dir: Path, release_id: str) -> CuratedResult:
    """Extraction from a release's text alone against its reviewed facts file."""
    import yaml

    from ..sources import read_release

    data_dir = Path(data_dir)
    release = read_release(data_dir / "sources" / release_id)
    facts_file = data_dir / "facts" / f"{release_id}.yaml"
    try:
        facts = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the curated facts: {exc}", path=facts_file) from exc
    texts = {lang: release.versions[lang].text for lang in release.languages}
    started = time.perf_counter()
    extraction = extract(texts.get("kk"), texts.get("ru"), published=release.date_published, data_dir=str(data_dir))
    seconds = time.perf_counter() - started
    pred = extraction.to_json()
    langs = [lang for lang in LANGS if lang in texts]
    found: dict[str, tuple[int, int]] = {}
    missed: dict[str, list[str]] = {}

    def tally(category: str, items: list[tuple[str, bool]]) -> None:
        found[category] = (sum(ok for _, ok in items), len(items))
        missed[category] = [name for name, ok in items if not ok]

    # persons: the curated given and family names in each language
    rows = []
    for p in facts.get("persons") or []:
        ok = any(all(fold_key(x.get(f"given_{lang}") or "") == fold_key((p.get("given_name") or {}).get(lang, "")) and
                     fold_key(x.get(f"family_{lang}") or "") == fold_key((p.get("family_name") or {}).get(lang, ""))
                     for lang in langs) for x in pred["persons"])
        rows.append((p["id"], ok))
    tally("persons", rows)
    # organizations: one extracted organization holds a curated mention in each language
    rows = []
    for o in facts.get("organizations") or []:
        curated = {lang: {_norm(m) for m in (o.get("mentions") or {}).get(lang) or []} for lang in langs}
        ok = any(all(curated[lang] & {_norm(m) for m in x["mentions"][lang]} for lang in langs if curated[lang])
                 and x.get("name_kk") and x.get("name_ru") for x in pred["organizations"])
        rows.append((o["id"], ok))
    tally("organizations", rows)
    # regions (and the country): the unit, mentioned in each language
    rows = []
    units = {x["iso_3166_2"]: x for x in pred["regions"] + pred.get("countries", [])}
    for r in facts.get("regions") or []:
        x = units.get(r["iso"])
        ok = x is not None and all(x["mentions"][lang] for lang in langs if (r.get("mentions") or {}).get(lang))
        rows.append((r["iso"], ok))
    tally("regions", rows)
    # dates: every date the curated events carry is an extracted event's date
    rows = []
    dates = {x["date"] for x in pred["events"] if x.get("date")}
    for e in facts.get("events") or []:
        if e.get("date"):
            rows.append((f"{e['id']} {e['date']}", str(e["date"]) in dates))
    tally("dates", rows)
    # counts: value and qualifier, with a mention in each language
    rows = []
    for q in facts.get("quantities") or []:
        ok = any(x["value"] == q["value"] and x["qualifier"] == q["qualifier"] and
                 all(x["mentions"][lang] for lang in langs) for x in pred["quantities"])
        rows.append((f"{q['id']} ({q['qualifier']} {q['value']})", ok))
    tally("counts", rows)
    return CuratedResult(release_id, found, missed, seconds)


def curated_releases(data_dir: Path) -> list[str]:
    """Releases with a reviewed facts file."""
    facts = Path(data_dir) / "facts"
    sources = Path(data_dir) / "sources"
    if not facts.is_dir():
        return []
    return sorted(p.name.removesuffix(".yaml") for p in facts.glob("*.yaml")
                  if not p.name.endswith(".draft.yaml") and (sources / p.name.removesuffix(".yaml")).is_dir())


# ------------------------------------------------------------------ the table


def format_evaluation(ev: Evaluation, *, details: bool = False) -> str:
    lines = [f"{'':14} {'precision':>9} {'recall':>7} {'F1':>6} {'gold':>5} {'found':>6}"]
    for c in CATEGORIES:
        s = ev.totals[c]
        lines.append(f"{c:14} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.tp + s.fn:5d} {s.tp + s.fp:6d}")
    if ev.linking is not None:
        l = ev.linking
        lines.append(f"{'linking':14} accuracy {l.accuracy:.3f} ({l.correct} of {l.total} gold persons and "
                     f"organizations found; {l.not_found} not extracted)")
    else:
        lines.append(f"{'linking':14} n/a ({ev.linking_note or 'entity resolution not available'})")
    times = [i.seconds for i in ev.items]
    lines.append(f"extraction time per release: mean {sum(times) / len(times) * 1000:.0f} ms, "
                 f"max {max(times) * 1000:.0f} ms (models loaded once)")
    if details:
        for item in ev.items:
            wrong = [(c, item.missed[c], item.extra[c]) for c in CATEGORIES if item.missed[c] or item.extra[c]]
            if not wrong:
                continue
            lines.append(f"-- {item.id}")
            for c, missed, extra in wrong:
                for m in missed:
                    lines.append(f"   {c}: missed {m}")
                for e in extra:
                    lines.append(f"   {c}: extra  {e}")
        if ev.linking is not None:
            for e in ev.linking.errors:
                lines.append(f"   linking: {e}")
    return "\n".join(lines)


def format_curated(result: CuratedResult) -> str:
    lines = [f"curated facts of {result.release}: extraction from the text alone "
             f"({result.seconds * 1000:.0f} ms)"]
    for c, (got, total) in result.found.items():
        share = got / total if total else 1.0
        lines.append(f"  {c:14} {got:3d} of {total:3d}  {share:6.1%}")
        for m in result.missed[c]:
            lines.append(f"  {'':14} missed: {m}")
    lines.append(f"  {'overall':14} {result.overall:6.1%}")
    return "\n".join(lines)
