"""The domain vocabulary kept as data in warehouse/reference/: industries, provinces, measures, bases, aliases.

Readers resolve names through these tables without a database; `schema.migrate` loads the same tables into
DuckDB. Fixing a name is a one-line change to a CSV.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from warehouse.names import match_key
from warehouse.settings import REFERENCE_DIR


@cache
def read_reference(name: str) -> tuple[dict[str, str], ...]:
    with (REFERENCE_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


# The classifications industry tables are printed in, newest first: a table is read in the one whose names it
# uses. VSIC 1993 (until June 2012) bounds industry differently (no waste management), so its sections and
# classes keep codes of their own; VSIC 2007 (July 2012 to February 2013) has the sections of VSIC 2018.
CLASSIFICATIONS = ("VSIC2018", "VSIC2007", "VSIC1993")


@cache
def industry_aliases(classification: str = "VSIC2018") -> dict[str, tuple[str, str]]:
    """Match key -> (alias as written, industry code) in one classification. Names are aliases of themselves."""
    industries = [r for r in read_reference("industries") if r["classification"] == classification]
    aliases = {match_key(r["name_vi"]): (r["name_vi"], r["code"]) for r in industries}
    aliases |= {match_key(r["name_en"]): (r["name_en"], r["code"]) for r in industries}
    aliases |= {
        match_key(r["alias"]): (r["alias"], r["code"])
        for r in read_reference("industry_aliases")
        if r["classification"] == classification
    }
    return aliases


def industry_code(label: str, classification: str = "VSIC2018") -> str | None:
    """The code a printed industry name stands for in a classification, or None when the name is unknown."""
    found = industry_aliases(classification).get(match_key(label))
    return found[1] if found else None


def is_industry_name(label: str) -> bool:
    """Whether the label names an industry in any classification: finds the column that names industries."""
    return any(industry_code(label, classification) for classification in CLASSIFICATIONS)


def table_classification(labels: list[str]) -> str:
    """The classification a table is printed in: the one that knows most of its labels (the newest on a tie)."""
    known = {c: sum(1 for label in labels if industry_code(label, c)) for c in CLASSIFICATIONS}
    return max(CLASSIFICATIONS, key=lambda c: (known[c], -CLASSIFICATIONS.index(c)))


@cache
def _repeated_codes() -> dict[tuple[str, str], str]:
    return {
        (r["classification"], match_key(r["alias"])): r["when_repeated"]
        for r in read_reference("industry_aliases")
        if r["when_repeated"]
    }


def repeated_industry_code(label: str, classification: str) -> str | None:
    """What a name stands for when a table prints it a second time: 'Sản xuất và phân phối điện' is section D,
    and printed again right below it (2013), its one division 35. None when a repeat is not expected."""
    return _repeated_codes().get((classification, match_key(label)))


@cache
def product_aliases() -> dict[str, str]:
    """Match key -> product code: the product's own names (both languages) and its aliases."""
    products = read_reference("products")
    aliases = {match_key(r["name_vi"]): r["code"] for r in products}
    aliases |= {match_key(r["name_en"]): r["code"] for r in products}
    aliases |= {match_key(r["alias"]): r["code"] for r in read_reference("product_aliases")}
    return aliases


def product_code(label: str) -> str | None:
    """The code of a main industrial product as a table prints its name, or None when unknown."""
    return product_aliases().get(match_key(label))


@cache
def product_units(code: str) -> tuple[str, ...]:
    """The units a product is published in (a few changed unit over the years: 'Tấn' for 'Nghìn tấn')."""
    return next(tuple(r["units"].split(";")) for r in read_reference("products") if r["code"] == code)


def unit_name(printed: str) -> str | None:
    """The unit a printed unit stands for ('1000 tấn', "'000 tons" -> 'Nghìn tấn'), or None when unknown."""
    return {match_key(r["alias"]): r["unit"] for r in read_reference("units")}.get(match_key(printed))


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
    level: str
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
        Geography(r["geo_code"], r["level"], r["name_vi"], day(r["valid_from"]), day(r["valid_to"]))
        for r in read_reference("geography")
    )


def province_code(name: str, on: date) -> str | None:
    """Like geo_code, and also for names printed without any diacritics (the English edition's 'Ha Noi',
    'Whole country'), when exactly one province valid on that day reads the same."""
    if found := geo_code(name, on):
        return found
    plain = _ascii_key(name)
    if plain in {"whole country", "viet nam", "vietnam", "ca nuoc"}:
        return "VN"
    matches = {
        g.geo_code for g in geographies() if g.level == "province" and g.valid_on(on) and _ascii_key(g.name_vi) == plain
    }
    return matches.pop() if len(matches) == 1 else None


def _ascii_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", match_key(name).replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def geo_code(name: str, on: date) -> str | None:
    """The country ('VN', 'Cả nước') or the province a name stands for on a given day; None when unknown."""
    key = match_key(name)
    if key in {"vn", "ca nươc", "viêt nam", "toan quôc"}:
        return "VN"
    names = {province for (alias_key, province) in geography_aliases() if alias_key == key}
    matches = [g.geo_code for g in geographies() if g.name_vi in names and g.valid_on(on)]
    return matches[0] if len(matches) == 1 else None
