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
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from warehouse.facts import FACT_KEY, FACT_SCHEMA, REJECTION_SCHEMA, ParsedRelease, SourceRejected
from warehouse.reference import geo_code, read_reference

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
_PERIOD_FORMATS = {
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "ytd": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "year": re.compile(r"^(\d{4})$"),
}
_VALUE = re.compile(r"^-?\d+(?:\.(\d+))?$")
_FORWARD_LOOKING = {"target", "forecast"}
_ONE_DAY = timedelta(days=1)


def read_figures_csv(path: Path) -> list[ParsedRelease]:
    """One release per (publisher, publication date, document) of the file."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceRejected(f"{path.name}: not UTF-8 text (byte {exc.start}: {exc.reason})") from exc
    try:
        table = pl.read_csv(text.encode(), infer_schema=False, empty_string_is_null=False)
    except Exception as exc:
        raise SourceRejected(f"{path.name}: not a readable CSV ({exc})") from exc
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise SourceRejected(f"{path.name}: missing column(s) {', '.join(missing)}")
    table = table.with_columns(
        [pl.lit("").alias(c) for c in OPTIONAL_COLUMNS if c not in table.columns]
    ).with_row_index("line", offset=2)

    releases = []
    for (publisher, published_text, document), rows in table.group_by(
        ["publisher", "published_on", "document"], maintain_order=True
    ):
        published_on = _publication_date(path, str(published_text), rows["line"][0])
        releases.append(_release(path, str(publisher), published_on, str(document), rows))
    return releases


def _publication_date(path: Path, text: str, line: int) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise SourceRejected(f"{path.name}: line {line}: published_on {text!r} is not a date (YYYY-MM-DD)") from exc


def _release(path: Path, publisher: str, published_on: date, document: str, rows: pl.DataFrame) -> ParsedRelease:
    known = {
        "industry": {r["code"] for r in read_reference("industries")},
        "measure": {r["measure"]: r["unit"] for r in read_reference("measures")},
        "base": {r["base"] for r in read_reference("bases")},
        "product": {r["code"]: r for r in read_reference("products")},
    }
    figures: list[dict[str, Any]] = []
    rejections: list[dict[str, Any]] = []
    first_line: dict[tuple[Any, ...], tuple[int, str]] = {}  # a figure's natural key -> where it was first stated
    for row in rows.iter_rows(named=True):
        figure, problem = _figure(row, published_on, known)
        if not problem:
            key = tuple(figure[k] for k in FACT_KEY)
            if key in first_line:
                line, value = first_line[key]
                problem = f"states the figure of line {line} again (line {line} says {value}, this line {row['value']})"
            else:
                first_line[key] = (row["line"], row["value"])
        if problem:
            rejections.append(
                {
                    "location": f"line {row['line']}",
                    "raw_label": row["quote"] or None,
                    "raw_value": row["value"],
                    "reason": problem,
                }
            )
        else:
            figures.append(figure)
    facts = pl.DataFrame(figures, schema=FACT_SCHEMA)
    return ParsedRelease(
        source_kind="figures_csv",
        publisher=publisher,
        published_on=published_on,
        reference_period=_reference_period(facts),
        status="estimate" if "estimate" in facts["status"].to_list() else "official",
        facts=facts,
        rejections=pl.DataFrame(rejections, schema=REJECTION_SCHEMA),
        source_document=document,
    )


def _figure(row: dict[str, Any], published_on: date, known: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    period_type, period = row["period_type"], row["period"]
    pattern = _PERIOD_FORMATS.get(period_type)
    if pattern is None:
        return {}, f"period_type {period_type!r} is not one of {', '.join(_PERIOD_FORMATS)}"
    match = pattern.match(period)
    if not match:
        return {}, f"period {period!r} is not a {period_type} period"
    end = _period_end(period_type, match)
    status = row["status"] or None
    if status not in (None, "estimate", "preliminary", "official", "target", "forecast"):
        return {}, f"status {status!r} is not known"
    # A month's estimate is published before the month ends; a period whose last month has not begun is not.
    if end.replace(day=1) > published_on and status not in _FORWARD_LOOKING:
        return {}, f"period {period} lies after the publication date {published_on}"
    for column in ("industry", "base"):
        if row[column] not in known[column]:
            return {}, f"{column} {row[column]!r} is not known"
    if row["measure"] not in known["measure"]:
        return {}, f"measure {row['measure']!r} is not known"
    product = known["product"].get(row["product"]) if row["product"] else None
    if row["product"] and product is None:
        return {}, f"product {row['product']!r} is not known"
    if product is not None and product["industry"] != row["industry"]:
        return {}, f"product {row['product']!r} belongs to industry {product['industry']}, not {row['industry']!r}"
    geo = geo_code(row["geo"], min(end, published_on))
    if geo is None:
        return {}, f"geo {row['geo']!r} is not a province valid in {period}"
    value_match = _VALUE.match(row["value"].strip())
    if not value_match:
        return {}, f"value {row['value']!r} is not a number written with a decimal point"
    high = row["value_high"].strip()
    if high and not _VALUE.match(high):
        return {}, f"value_high {high!r} is not a number written with a decimal point"
    return {
        "period_type": period_type,
        "period": period,
        "geo_code": geo,
        "subject_kind": "product" if product else "industry",
        "subject_code": product["code"] if product else row["industry"],
        "measure": row["measure"],
        "base": row["base"],
        "value": float(row["value"]),
        "value_high": float(high) if high else None,
        "decimals": len(value_match.group(1) or ""),
        "unit": product["units"].split(";")[0]
        if product and row["measure"] == "product_output"
        else known["measure"][row["measure"]],
        "status": status,
        "source_location": f"line {row['line']}",
    }, None


def _period_end(period_type: str, match: re.Match[str]) -> date:
    year = int(match.group(1))
    if period_type == "year":
        return date(year, 12, 31)
    month = int(match.group(2)) * 3 if period_type == "quarter" else int(match.group(2))
    return date(year + month // 12, month % 12 + 1, 1) - _ONE_DAY


def _reference_period(facts: pl.DataFrame) -> str:
    """The latest month the document reports on (targets and forecasts aside), else its latest year."""
    reported = facts.filter(pl.col("status").is_in(list(_FORWARD_LOOKING)).fill_null(False).not_())
    monthly = reported.filter(pl.col("period_type").is_in(["month", "ytd"]))["period"]
    if monthly.len():
        return str(monthly.max())
    return str(reported["period"].str.slice(0, 4).max() or facts["period"].str.slice(0, 4).max() or "")
