"""The domain vocabulary kept as data in warehouse/reference/: industries, provinces, measures, bases, aliases.

Readers resolve names through these tables without a database; `schema.migrate` loads the same tables into
DuckDB. Fixing a name is a one-line change to a CSV.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache

from warehouse.names import match_key
from warehouse.settings import REFERENCE_DIR


@cache
def read_reference(name: str) -> tuple[dict[str, str], ...]:
    with (REFERENCE_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def industry_aliases() -> dict[str, tuple[str, str]]:
    """Match key -> (alias as written, industry code). Names in both languages are aliases of themselves."""
    industries = read_reference("industries")
    aliases = {match_key(r["name_vi"]): (r["name_vi"], r["code"]) for r in industries}
    aliases |= {match_key(r["name_en"]): (r["name_en"], r["code"]) for r in industries}
    aliases |= {match_key(r["alias"]): (r["alias"], r["code"]) for r in read_reference("industry_aliases")}
    return aliases


def industry_code(label: str) -> str | None:
    """The VSIC code a printed industry name stands for, or None when the name is unknown."""
    found = industry_aliases().get(match_key(label))
    return found[1] if found else None


@cache
def geography_aliases() -> dict[tuple[str, str], str]:
    """(match key, province name) -> alias as written. A name may stand for an old and a new province."""
    geography = read_reference("geography")
    aliases = {(match_key(r["name_vi"]), r["name_vi"]): r["name_vi"] for r in geography}
    aliases |= {(match_key(r["alias"]), r["name_vi"]): r["alias"] for r in read_reference("geography_aliases")}
    return aliases


@dataclass(frozen=True)
class Geography:
    geo_code: str
    name_vi: str
    valid_from: date | None
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@cache
def geographies() -> tuple[Geography, ...]:
    def day(text: str) -> date | None:
        return date.fromisoformat(text) if text else None

    return tuple(
        Geography(r["geo_code"], r["name_vi"], day(r["valid_from"]), day(r["valid_to"]))
        for r in read_reference("geography")
    )


def geo_code(name: str, on: date) -> str | None:
    """The country ('VN', 'Cả nước') or the province a name stands for on a given day; None when unknown."""
    key = match_key(name)
    if key in {"vn", "ca nươc", "viêt nam", "toan quôc"}:
        return "VN"
    names = {province for (alias_key, province) in geography_aliases() if alias_key == key}
    matches = [g.geo_code for g in geographies() if g.name_vi in names and g.valid_on(on)]
    return matches[0] if len(matches) == 1 else None
