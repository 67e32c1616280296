"""Reference data: the gazetteer of Kazakhstan's top-level units (``data/reference/kz-regions.csv``).

Regions are facts of the reference, not of any briefing: they are cited to
the reference dataset, and releases only link their mentions to them.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

REGIONS_FILE = "kz-regions.csv"
_COLUMNS = ("iso_3166_2", "kind", "name_kk", "name_ru", "name_en", "name_kk_latn", "wikidata")


@dataclass(frozen=True)
class Region:
    iso: str                     # "KZ-62", or "KZ" for the country
    kind: str                    # country | region | city
    name: dict[str, str]         # kk, ru, en, kk-Latn
    wikidata: str | None
    center: dict[str, str]       # the administrative centre's name, where given

    @property
    def slug(self) -> str:
        return self.iso.lower()

    @property
    def uri_kind(self) -> str:
        return "country" if self.kind == "country" else "region"


def read_table(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV reference table that must have ``columns`` (row 1 is the header)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"missing columns {', '.join(missing)}", path=path, line=1)
            return list(reader)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8", path=path) from exc


def read_regions(data_dir: Path) -> list[Region]:
    path = Path(data_dir) / "reference" / REGIONS_FILE
    rows = read_table(path, _COLUMNS)
    regions = []
    for number, row in enumerate(rows, start=2):
        if row["kind"] not in ("country", "region", "city"):
            raise InputError(f"kind {row['kind']!r} is not country, region or city", path=path, line=number)
        name = {"kk": row["name_kk"], "ru": row["name_ru"], "en": row["name_en"], "kk-Latn": row["name_kk_latn"]}
        center = {lang: row.get(f"center_{lang}") or "" for lang in ("kk", "ru", "en")}
        regions.append(Region(iso=row["iso_3166_2"], kind=row["kind"], name={k: v for k, v in name.items() if v},
                              wikidata=row["wikidata"] or None, center={k: v for k, v in center.items() if v}))
    return regions
