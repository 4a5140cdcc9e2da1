"""Read a figures file: the project's tidy CSV of figures transcribed from press releases and articles.

One row per figure, as the statistics office or the ministry stated it; `document` groups the rows of one
publication. It is also the interchange format for figures extracted from text. Columns:

    publisher, published_on, document, period_type, period, geo, industry, measure, base, value,
    value_high, status, quote, note, product

`value` keeps the precision as published ("0.04", "5.2"): rounding tolerances are derived from it.
`geo` is VN or a province as written; `industry` is TOTAL, a VSIC 2018 section letter or a division.
`product` (optional, may be absent or empty) names a main product of warehouse/reference/products.csv: the
figure is then about that product (its `industry` is the product's division), and a `product_output` is in
the product's own unit.

A row that fails a check is rejected with its line and the reason: the first check it fails, in the order of
`_PERIOD_REASONS` (its period type, period and status) then `_checks`. A row that states again the figure of an
earlier row of its document (the same `FACT_KEY`) is rejected too, naming that line, which is kept.

A backfill reads hundreds of these files, so a document's rows are checked a column at a time, in a few Polars
passes. What a period (with its type and status) or a place name stands for is worked out once per distinct text of
the document, in Python, and each row looks it up at its text's position among them.
"""

from __future__ import annotations

import bisect
import codecs
import operator
import re
from datetime import date, timedelta
from functools import cache, lru_cache, reduce
from pathlib import Path
from typing import Any, NamedTuple

import polars as pl

from warehouse.facts import FACT_KEY, FACT_SCHEMA, REJECTION_SCHEMA, ParsedRelease, SourceRejected
from warehouse.reference import geo_code, geographies, read_reference

REQUIRED_COLUMNS = [
    "publisher",
    "published_on",
    "document",
    "period_type",
    "period",
    "geo",
    "industry",
    "measure",
    "base",
    "value",
]
OPTIONAL_COLUMNS = ["value_high", "status", "quote", "note", "product"]
_DOCUMENT = ["publisher", "published_on", "document"]  # a release each
_PERIOD_FORMATS = {
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "ytd": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "year": re.compile(r"^(\d{4})$"),
}
_STATUSES = {"", "estimate", "preliminary", "official", "target", "forecast"}  # "": not stated
_FORWARD_LOOKING = {"target", "forecast"}
# A number written with a decimal point, between white space as Python's str.strip() sees it (Unicode's, and the
# ASCII separators \x1c-\x1f). Rust regular expressions: \d is any Unicode decimal digit, as in Python's.
_SPACE = r"[\s\x1C-\x1F]*"
_VALUE = rf"^{_SPACE}(?<number>-?\d+(?:\.(?<fraction>\d+))?){_SPACE}$"
_VALUE_OR_NOTHING = rf"^{_SPACE}(?<number>(?:-?\d+(?:\.\d+)?)?){_SPACE}$"
_ONE_DAY = timedelta(days=1)


def read_figures_csv(path: Path) -> list[ParsedRelease]:
    """One release per (publisher, publication date, document) of the file."""
    releases = []
    for rows in _documents(_read_table(path)):
        first = rows.row(0, named=True)
        published_on = _publication_date(path, first["published_on"], first["line"])
        releases.append(_release(first["publisher"], published_on, first["document"], rows))
    return releases


def _read_table(path: Path) -> pl.DataFrame:
    """Every cell as text, optional columns added empty, each row numbered with its line (the header is line 1)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceRejected(f"{path.name}: not UTF-8 text (byte {exc.start}: {exc.reason})") from exc
    try:
        table = pl.read_csv(data.removeprefix(codecs.BOM_UTF8), infer_schema=False, empty_string_is_null=False)
    except Exception as exc:
        raise SourceRejected(f"{path.name}: not a readable CSV ({exc})") from exc
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise SourceRejected(f"{path.name}: missing column(s) {', '.join(missing)}")
    if absent := [c for c in OPTIONAL_COLUMNS if c not in table.columns]:
        table = table.with_columns(pl.lit("").alias(c) for c in absent)
    # columns of the file's own beyond the format's are not read (one named "line" would clash with the numbering)
    return table.select(*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS).with_row_index("line", offset=2)


def _documents(table: pl.DataFrame) -> list[pl.DataFrame]:
    """The rows of each document, in order of first appearance. Most files hold one: that is quick to see."""
    if table.is_empty():
        return []
    if all(table[column].n_unique() == 1 for column in _DOCUMENT):
        return [table]
    return table.partition_by(_DOCUMENT, maintain_order=True)


def _publication_date(path: Path, text: str, line: int) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise SourceRejected(f"{path.name}: line {line}: published_on {text!r} is not a date (YYYY-MM-DD)") from exc


def _release(publisher: str, published_on: date, document: str, rows: pl.DataFrame) -> ParsedRelease:
    periods, places = _distinct_texts(rows)
    table = [_period_entry(*period, published_on) for period in periods]
    rows = (
        rows.with_columns(*_positions(), _position("geo", pl.Enum(places)).alias("place"))
        .with_columns(_looked_up(table, places))
        .with_columns(fails=_fails())
    )
    facts = rows.select(*_fact_columns(), "period_key", "value_text", "high_text", rejected=_rejected())
    rejections = pl.DataFrame(schema=REJECTION_SCHEMA)
    if facts["rejected"].any():
        rejections = _rejections(rows.filter(facts["rejected"]), rows, published_on)
        facts = facts.filter(pl.col("rejected").not_())
    if _unread(facts):
        facts = facts.with_columns(
            value=_python_floats(facts["value_text"]), value_high=_python_floats(facts["high_text"])
        )
    reference_period, estimate = _release_summary([table[key] for key in set(facts["period_key"].to_list())])
    return ParsedRelease(
        source_kind="figures_csv",
        publisher=publisher,
        published_on=published_on,
        reference_period=reference_period,
        status="estimate" if estimate else "official",
        facts=facts[FACT_SCHEMA.names()],
        rejections=rejections,
        source_document=document,
    )


# Columns of few distinct texts. A row's text is read as its position among the distinct texts: a cast to an enum of
# them, or for a row's period, type and status together, their dense rank less one (a position in their sorted list).
_PERIOD_COLUMNS = ["period_type", "period", "status"]


def _distinct_texts(rows: pl.DataFrame) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The document's distinct (period type, period, status), sorted as `period_key` ranks them, and place names."""
    periods, places = rows.select(
        pl.struct(_PERIOD_COLUMNS).unique().sort().implode(), pl.col("geo").unique().implode()
    ).row(0)
    return [tuple(period.values()) for period in periods], places


def _position(column: str, texts: pl.Enum) -> pl.Expr:
    """Where each row's text sits among the texts; null for a text that is none of them."""
    return pl.col(column).cast(texts, strict=False).to_physical().cast(pl.Int64)


def _at(values: list[Any] | pl.Series, position: pl.Expr, dtype: pl.DataType = pl.String) -> pl.Expr:
    """values[position] for each row; null where the position is null."""
    return pl.lit(values if isinstance(values, pl.Series) else pl.Series(values, dtype=dtype)).gather(position)


@cache
def _positions() -> list[pl.Expr]:
    """Where each row's period (with its type and status), product and measure are; its numbers, if they are."""
    known = _vocabulary()
    return [
        (pl.struct(_PERIOD_COLUMNS).rank("dense") - 1).alias("period_key"),
        _position("product", known["products"]).alias("product_slot"),  # 0: no product
        _position("measure", known["measures"]).alias("measure_slot"),
        pl.col("value").str.extract_groups(_VALUE).alias("value_parts"),  # null fields if it is not a number
        pl.col("value_high").str.extract_groups(_VALUE_OR_NOTHING).struct.field("number").alias("high_text"),
    ]


# A row's period type, period and status decide checks 0-3, the day its place is read on, and what it reports on.
class _PeriodEntry(NamedTuple):
    problem: int | None  # the first of checks 0-3 the row fails, an index of _PERIOD_REASONS
    era: int | None  # of the day its place is read on
    period_type: str
    period: str
    status: str


_PERIOD_REASONS = [
    "period_type {period_type!r} is not one of " + ", ".join(_PERIOD_FORMATS),
    "period {period!r} is not a {period_type} period",
    "status {status!r} is not known",
    "period {period} lies after the publication date {published_on}",
]


def _period_entry(period_type: str, period: str, status: str, published_on: date) -> _PeriodEntry:
    if period_type not in _PERIOD_FORMATS:
        return _PeriodEntry(0, None, period_type, period, status)
    end = _period_end(period_type, period)
    if end is None:
        return _PeriodEntry(1, None, period_type, period, status)
    if status not in _STATUSES:
        return _PeriodEntry(2, None, period_type, period, status)
    # A month's estimate is published before the month ends; a period whose last month has not begun is not.
    if end.replace(day=1) > published_on and status not in _FORWARD_LOOKING:
        return _PeriodEntry(3, None, period_type, period, status)
    # a place is read as it was on the period's last day, or on the publication date if that came first
    return _PeriodEntry(None, _era(min(end, published_on)), period_type, period, status)


@lru_cache(maxsize=4096)
def _period_end(period_type: str, period: str) -> date | None:
    """The last day of a period written as its type says, else None."""
    match = _PERIOD_FORMATS[period_type].match(period)
    if not match:
        return None
    year = int(match.group(1))
    if period_type == "year":
        return date(year, 12, 31) if year >= 1 else None  # a year 0000 is not written as a year
    month = int(match.group(2)) * 3 if period_type == "quarter" else int(match.group(2))
    try:
        return date(year + month // 12, month % 12 + 1, 1) - _ONE_DAY
    except (ValueError, OverflowError):  # 0000 or December 9999: neither is written as a period
        return None


def _release_summary(figures: list[_PeriodEntry]) -> tuple[str, bool]:
    """The latest month the document reports on (targets and forecasts aside), else its latest year; and whether a
    figure is an estimate. `figures`: the entries of the document's figures."""
    reported = [f for f in figures if f.status not in _FORWARD_LOOKING]
    months = [f.period for f in reported if f.period_type in ("month", "ytd")]
    years = [f.period[:4] for f in reported] or [f.period[:4] for f in figures]
    return max(months or years, default=""), any(f.status == "estimate" for f in figures)


# Places. geo_code(name, day) depends on the day only through which provinces exist on it, which changes on a few
# days (the 2025 merger). The days between two such changes are an era: a name is resolved once per era.
@cache
def _era_starts() -> tuple[date, ...]:
    starts = {g.valid_from for g in geographies() if g.valid_from}
    starts |= {g.valid_to + _ONE_DAY for g in geographies() if g.valid_to}
    return tuple(sorted(starts))


def _era(day: date) -> int:
    return bisect.bisect_right(_era_starts(), day)


@lru_cache(maxsize=4096)
def _codes_in_each_era(name: str) -> tuple[str | None, ...]:
    return tuple(geo_code(name, day) for day in (date.min, *_era_starts()))


def _looked_up(table: list[_PeriodEntry], places: list[str]) -> list[pl.Expr]:
    """Checks 0-3 of each row, the code of its place, what its product stands for, and its value's parts."""
    known = _vocabulary()
    key, product_slot = pl.col("period_key"), pl.col("product_slot")
    places_by_era = [code for name in places for code in _codes_in_each_era(name)]
    era = _at([entry.era for entry in table], key, pl.Int64)
    return [
        _at([entry.problem for entry in table], key, pl.Int64).alias("period_problem"),
        _at(places_by_era, pl.col("place") * (len(_era_starts()) + 1) + era).alias("geo_code"),
        _at(known["product_industry"], product_slot).alias("product_industry"),
        _at(known["subject_kind"], product_slot).alias("subject_kind"),
        pl.coalesce(_at(known["product"], product_slot), "industry").alias("subject_code"),
        pl.col("value_parts").struct.field("number").alias("value_text"),  # null if it is not a number
        pl.col("value_parts").struct.field("fraction").alias("value_fraction"),
    ]


@cache
def _checks() -> list[tuple[pl.Expr, str]]:
    """Checks 4 on, in the order they are reported: (the row fails it, the reason). A check is null only where an
    earlier one fails."""
    known = _vocabulary()
    return [
        (_position("industry", known["industries"]).is_null(), "industry {industry!r} is not known"),
        (_position("base", known["bases"]).is_null(), "base {base!r} is not known"),
        (pl.col("measure_slot").is_null(), "measure {measure!r} is not known"),
        (pl.col("product_slot").is_null(), "product {product!r} is not known"),
        (
            (pl.col("product_industry") != pl.col("industry")).fill_null(False),
            "product {product!r} belongs to industry {product_industry}, not {industry!r}",
        ),
        (pl.col("geo_code").is_null(), "geo {geo!r} is not a province valid in {period}"),
        (pl.col("value_text").is_null(), "value {value!r} is not a number written with a decimal point"),
        (
            pl.col("high_text").is_null(),
            "value_high {stripped_value_high!r} is not a number written with a decimal point",
        ),
    ]


@cache
def _fails() -> pl.Expr:
    """Whether a row fails a check."""
    return reduce(operator.or_, [pl.col("period_problem").is_not_null(), *[fails for fails, _ in _checks()]])


# The natural key of the figure a row states, null for a row that fails a check. What a key holds is checked to be a
# period or a code or name of the reference tables: none has a "|".
_STATED = pl.when(pl.col("fails").not_()).then(pl.concat_str(FACT_KEY, separator="|"))


def _rejected() -> pl.Expr:
    """The row fails a check, or states again the figure of an earlier row."""
    return pl.col("fails") | _STATED.is_first_distinct().not_()


# Polars reads numbers written with the digits 0-9; Python, and so the checks, any decimal digit ('٣.٢').
def _unread(facts: pl.DataFrame) -> bool:
    """Whether Polars left a figure's value, or its value_high where there is one, unread."""
    return facts["value"].has_nulls() or facts["value_high"].null_count() != (facts["high_text"] == "").sum()


def _python_floats(texts: pl.Series) -> pl.Series:
    return pl.Series([float(text) if text else None for text in texts], dtype=pl.Float64)


@cache
def _fact_columns() -> list[pl.Expr]:
    """The columns of FACT_SCHEMA, meaningful for the rows that pass."""
    known = _vocabulary()
    columns = {
        "value": pl.col("value_text").cast(pl.Float64, strict=False),
        "value_high": pl.col("high_text").cast(pl.Float64, strict=False),  # null where there is none
        # (a row rejected for another reason may have any number of decimals: no error for it)
        "decimals": pl.col("value_fraction").str.len_chars().fill_null(0).cast(pl.Int8, strict=False),
        "unit": _at(known["unit"], pl.col("product_slot") * len(known["measures"].categories) + pl.col("measure_slot")),
        "status": pl.when(pl.col("status") != "").then("status"),
        "source_location": pl.format("line {}", "line"),
    }
    return [columns.get(name, pl.col(name)).alias(name) for name in FACT_SCHEMA]


def _rejections(rejected: pl.DataFrame, rows: pl.DataFrame, published_on: date) -> pl.DataFrame:
    """The rejected rows, each with the reason. They are few: the reasons are written one by one."""
    checks = _checks()
    first_problem = pl.coalesce(
        "period_problem", *[pl.when(fails).then(i) for i, (fails, _) in enumerate(checks, len(_PERIOD_REASONS))]
    )
    rejected = rejected.with_columns(problem=first_problem)
    if rejected["problem"].has_nulls():  # a figure stated again: the line that first stated it, among those that pass
        first = rows.filter(pl.col("fails").not_()).unique(FACT_KEY, keep="first", maintain_order=True)
        rejected = rejected.join(
            first.select(*FACT_KEY, first_line="line", first_value="value"),
            on=FACT_KEY,
            how="left",
            maintain_order="left",
        )
    reasons = [*_PERIOD_REASONS, *[reason for _, reason in checks]]
    stated_again = (
        "states the figure of line {first_line} again (line {first_line} says {first_value}, this line {value})"
    )
    return pl.DataFrame(
        [
            {
                "location": f"line {row['line']}",
                "raw_label": row["quote"] or None,
                "raw_value": row["value"],
                "reason": (stated_again if row["problem"] is None else reasons[row["problem"]]).format_map(
                    row | {"published_on": published_on, "stripped_value_high": row["value_high"].strip()}
                ),
            }
            for row in rejected.iter_rows(named=True)
        ],
        schema=REJECTION_SCHEMA,
    )


@cache
def _vocabulary() -> dict[str, Any]:
    """What the reference tables know, as enums to find a text's position in and as lists indexed by it: what a
    product (none at position 0) or a measure brings along."""
    products, measures = read_reference("products"), read_reference("measures")
    return {
        "industries": pl.Enum(sorted({r["code"] for r in read_reference("industries")})),
        "bases": pl.Enum([r["base"] for r in read_reference("bases")]),
        "measures": pl.Enum([r["measure"] for r in measures]),
        "products": pl.Enum(["", *[r["code"] for r in products]]),
        "product": pl.Series([None, *[r["code"] for r in products]], dtype=pl.String),
        "product_industry": pl.Series([None, *[r["industry"] for r in products]], dtype=pl.String),
        "subject_kind": pl.Series(["industry", *["product" for _ in products]]),
        # by product and measure: a product's output is in the product's own unit
        "unit": pl.Series(
            [
                product["units"].split(";")[0]
                if product and measure["measure"] == "product_output"
                else measure["unit"]
                for product in [None, *products]
                for measure in measures
            ]
        ),
    }
