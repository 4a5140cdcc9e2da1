"""The words the text extractor knows, read from warehouse/reference/: subjects, cues, and how to match them.

Two foldings of a text, both keeping every character's offset: `lowered` (case only) for cue words, where
tones tell words apart ("giảm" falls, "giám đốc" is a director), and `toneless` for names, which releases
spell with old and new tone placement ("Thanh Hoá" / "Thanh Hóa").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from warehouse.reference import read_reference

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_KEPT = {"%", "/", "(", ")"}


def _fold_char(ch: str, toneless: bool) -> str:
    if not (ch.isalnum() or ch in _KEPT):
        return " "
    lower = ch.lower()
    if len(lower) != 1:
        return ch
    if toneless and not lower.isascii():
        stripped = "".join(c for c in unicodedata.normalize("NFD", lower) if c not in _TONE_MARKS)
        lower = unicodedata.normalize("NFC", stripped)
        if len(lower) != 1:
            return ch
    return lower


def fold(text: str, toneless: bool = False) -> str:
    """Same length as `text`: lower case, punctuation as spaces, tone marks dropped when `toneless`."""
    return "".join(_fold_char(ch, toneless) for ch in text)


def phrase_pattern(phrase: str, toneless: bool = False) -> re.Pattern[str]:
    """A phrase as a pattern over folded text: whole words, any run of spaces or punctuation between them."""
    words = fold(unicodedata.normalize("NFC", phrase), toneless).split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


@dataclass(frozen=True)
class Subject:
    phrase: str
    industry: str | None  # None for a province
    geo: str | None  # the province's name for a province, "VN" for the whole country, else None
    anchor: str | None  # iip | consumption | inventory | product: the phrase names the statistic itself
    product: str | None = None  # a product's code (products.csv); `industry` is then the product's division


@dataclass(frozen=True)
class Cue:
    cue: str
    role: str
    value: str


@cache
def subjects() -> tuple[tuple[re.Pattern[str], Subject], ...]:
    """Industry phrases, index names and provinces, longest first so the most specific phrase wins."""
    found: dict[str, Subject] = {}
    for row in read_reference("industries"):
        if len(row["name_vi"].split()) < 2:  # "Dệt" alone is also "dệt may", the garment trade
            continue
        found.setdefault(row["name_vi"], Subject(row["name_vi"], row["code"], None, None))
    for row in read_reference("industry_aliases"):
        # Short aliases ("Chung", "Tổng số", "Dệt") are table labels, too common in prose to name an industry.
        if len(row["alias"].split()) >= 3 and not row["alias"].isascii():
            found.setdefault(row["alias"], Subject(row["alias"], row["code"], None, None))
    for row in read_reference("text_subjects"):
        # a row with no industry names a place: the whole country ("cả nước")
        industry, geo = (row["industry"], None) if row["industry"] else (None, "VN")
        found[row["phrase"]] = Subject(row["phrase"], industry, geo, row["anchor"] or None)
    for name, row in _product_names():
        found.setdefault(name, Subject(name, row["industry"], None, "product", row["code"]))
    for row in read_reference("geography"):
        if row["level"] == "province":
            found.setdefault(row["name_vi"], Subject(row["name_vi"], None, row["name_vi"], None))
    for row in read_reference("geography_aliases"):
        found.setdefault(row["alias"], Subject(row["alias"], None, row["name_vi"], None))
    ordered = sorted(found.values(), key=lambda s: -len(s.phrase))
    return tuple((phrase_pattern(s.phrase, toneless=True), s) for s in ordered)


def _product_names() -> list[tuple[str, dict[str, str]]]:
    """Each product's Vietnamese names: "Than đá (than sạch)" is both "Than đá" and "than sạch"."""
    products = {r["code"]: r for r in read_reference("products")}
    names: list[tuple[str, dict[str, str]]] = []
    for row in products.values():
        bare = re.sub(r"\s*\([^)]*\)", "", row["name_vi"]).strip()
        names += [(bare, row), *((inner, row) for inner in re.findall(r"\(([^)]*)\)", row["name_vi"]))]
    for row in read_reference("product_aliases"):
        if not row["note"].startswith("English"):  # the English edition's names are not prose in Vietnamese
            names.append((row["alias"], products[row["code"]]))
    return names


@dataclass(frozen=True)
class QuantityUnits:
    scales: dict[str, float]  # "triệu" -> 1e6
    units: dict[str, str]  # the written unit -> the unit it is ("chiếc" -> "cái")

    def parse(self, written: str) -> tuple[float, str] | None:
        """'Nghìn tấn' -> (1000, 'tấn'); None when the words are not a scale and a unit."""
        words = fold(unicodedata.normalize("NFC", written)).split()
        factor = 1.0
        if len(words) == 2 and words[0] in self.scales:
            factor, words = self.scales[words[0]], words[1:]
        if len(words) == 1 and words[0] in self.units:
            return factor, self.units[words[0]]
        return None


@cache
def quantity_units() -> QuantityUnits:
    rows = read_reference("text_cues")
    return QuantityUnits(
        scales={fold(r["cue"]): float(r["value"]) for r in rows if r["role"] == "scale"},
        units={fold(r["cue"]): r["value"] for r in rows if r["role"] == "quantity"},
    )


@cache
def cues() -> tuple[tuple[re.Pattern[str], Cue], ...]:
    """Cue words by role (verb, qualifier, base, status, forward, unit, topic, publisher), longest first."""
    rows = sorted(read_reference("text_cues"), key=lambda r: -len(r["cue"]))
    return tuple((phrase_pattern(r["cue"]), Cue(r["cue"], r["role"], r["value"])) for r in rows)
