"""The figures reader checks whole columns at once, and says exactly what the row-by-row reader it replaced said.

The row-by-row reader is kept below as the oracle: same releases, same facts in the same order, the same
rejections with the same reasons, the same refusals, on the sample, on a generated history with faults, and on
random files built from the phenomena the reader has to tell apart.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from warehouse.facts import FACT_KEY, FACT_SCHEMA, REJECTION_SCHEMA, ParsedRelease, SourceRejected
from warehouse.readers.figures_csv import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, read_figures_csv
from warehouse.reference import geo_code, read_reference
from warehouse.settings import SAMPLE_DIR

ROOT = Path(__file__).resolve().parents[1]


# The oracle: the reader as it was before it was vectorised (commit 814a868), one row at a time.
_PERIOD_FORMATS = {
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "ytd": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "year": re.compile(r"^(\d{4})$"),
}
_VALUE = re.compile(r"^-?\d+(?:\.(\d+))?$")
_FORWARD_LOOKING = {"target", "forecast"}


def row_by_row(path: Path) -> list[ParsedRelease]:
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
        try:
            published_on = date.fromisoformat(str(published_text))
        except ValueError as exc:
            raise SourceRejected(
                f"{path.name}: line {rows['line'][0]}: published_on {published_text!r} is not a date (YYYY-MM-DD)"
            ) from exc
        releases.append(_release(str(publisher), published_on, str(document), rows))
    return releases


def _release(publisher: str, published_on: date, document: str, rows: pl.DataFrame) -> ParsedRelease:
    known = {
        "industry": {r["code"] for r in read_reference("industries")},
        "measure": {r["measure"]: r["unit"] for r in read_reference("measures")},
        "base": {r["base"] for r in read_reference("bases")},
        "product": {r["code"]: r for r in read_reference("products")},
    }
    figures: list[dict[str, Any]] = []
    rejections: list[dict[str, Any]] = []
    first_line: dict[tuple[Any, ...], tuple[int, str]] = {}
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
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _reference_period(facts: pl.DataFrame) -> str:
    reported = facts.filter(pl.col("status").is_in(list(_FORWARD_LOOKING)).fill_null(False).not_())
    monthly = reported.filter(pl.col("period_type").is_in(["month", "ytd"]))["period"]
    if monthly.len():
        return str(monthly.max())
    return str(reported["period"].str.slice(0, 4).max() or facts["period"].str.slice(0, 4).max() or "")


# Comparing the two readers.
def outcome(read: Callable[[Path], list[ParsedRelease]], path: Path) -> object:
    """Everything a reader says about a file, in a form that compares exactly (-0.0 is not 0.0)."""
    try:
        releases = read(path)
    except SourceRejected as refusal:
        return ("refused", str(refusal))
    return [
        (
            (r.source_kind, r.publisher, r.published_on, r.source_document, r.reference_period, r.status),
            (r.notes, r.sheets),
            (r.facts.schema, repr(r.facts.rows())),
            (r.rejections.schema, r.rejections.rows()),
        )
        for r in releases
    ]


def assert_same_reading(path: Path) -> None:
    assert outcome(read_figures_csv, path) == outcome(row_by_row, path)


def test_the_sample_reads_as_it_did() -> None:
    assert_same_reading(SAMPLE_DIR / "press-release-figures.csv")


@pytest.fixture(scope="module")
def generated_history(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Eleven months across the 2025 merger of provinces, with every kind of fault the benchmark injects."""
    out = tmp_path_factory.mktemp("history")
    subprocess.run(
        [sys.executable, "-m", "bench.generate", str(out), "--start", "2024-11", "--end", "2025-09", "--faults", "0.5"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return sorted((out / "releases").glob("*.csv"))


def test_a_generated_history_reads_as_it_did(generated_history: list[Path]) -> None:
    assert len(generated_history) == 11
    for path in generated_history:
        assert_same_reading(path)
    assert any(not r.rejections.is_empty() for path in generated_history for r in read_figures_csv(path))


# Random files: rows of what the columns usually hold, with a column or two replaced by what goes wrong in it.
DECOMPOSED = unicodedata.normalize("NFD", "Thừa Thiên Huế")
DIGITS = st.characters(categories=["Nd"])
# Hà Giang and Bà Rịa - Vũng Tàu were merged away on 2025-07-01; Huế is the city that followed Thừa Thiên Huế
PLACES = ["VN", "Cả nước", "Hà Nội", "TP.HCM", "Hồ Chí Minh", "Huế", "Thừa Thiên Huế", "Hà Giang", "Bà Rịa - Vũng Tàu"]
USUAL = {
    "publisher": st.sampled_from(["GSO", "NSO", "MOIT"]),
    "published_on": st.sampled_from(["2024-03-29", "2025-07-06", "2025-09-30", "20250930"]),
    "document": st.sampled_from(["a", "a", "b"]),
    "period": st.sampled_from(["2024-02", "2024-03", "2024-04", "2025-06", "2025-07", "2025-08", "2025-09"]),
    "geo": st.sampled_from(PLACES),
    "industry": st.sampled_from(["TOTAL", "B", "C", "24", "10"]),
    "measure": st.sampled_from(["index", "change_pct", "contribution_pp", "product_output"]),
    "base": st.sampled_from(["prev_month", "same_period_prev_year", "unspecified"]),
    "value": st.sampled_from(["5.7", "106.10", "-0.04", "-0", "0.04", "1834.2"]),
    "value_high": st.sampled_from(["", "", "", "9.0", "9.25"]),
    "status": st.sampled_from(["", "estimate", "preliminary", "official", "target", "forecast"]),
    "quote": st.sampled_from(["", "q", "Quảng Ninh ước tăng 19,17%"]),
    "note": st.sampled_from(["", "n"]),
    "product": st.sampled_from(["", "", "", "crude_steel", "coal"]),
}
UNUSUAL = {
    "published_on": st.sampled_from(["2025-9-30", "", "2025-02-30"]),
    "period_type": st.sampled_from(["Month", "week", "", "month ", "quarter", "year"]) | st.text(max_size=4),
    "period": st.sampled_from(["2024-13", "2024-Q5", "2024-Q1", "2024", "2024-2", "2024-02\n", "2024-02 ", "٢٠٢٤-٠٢"])
    | st.from_regex(r"\A\d{4}(-(\d\d|Q\d))?\n?\Z"),
    "geo": st.sampled_from([DECOMPOSED, " thừa thiên  huế", "Bà Rịa Vũng Tàu", "Atlantis", "Ha Noi", "", "hà nội"])
    | st.text(max_size=6),
    "industry": st.sampled_from(["Z", "", " C", "c", "A01"]),
    "measure": st.sampled_from(["growth", "", "Index"]),
    "base": st.sampled_from(["none", "bogus", ""]),
    "value": st.sampled_from(["5,7", " 5.7 ", "\t5.7\u3000", "1e3", "", ".5", "5.", "+1", "1_0", "٣.٢", "９"])
    | st.from_regex(r"\A\s?-?\d{1,20}(\.\d{1,20})?\s?\Z")
    | st.builds(lambda a, b: f"{a}.{b}", DIGITS, DIGITS)
    | st.text(max_size=6),
    "value_high": st.sampled_from(["9,0", " 8 ", "x", "\x1f", " ", "٣"]) | st.from_regex(r"\A-?\d{1,4}\.\d\Z"),
    "status": st.sampled_from(["Estimate", "rumour", " "]) | st.text(max_size=4),
    "quote": st.text(max_size=6),
    "product": st.sampled_from(["unobtainium", "Crude_steel", " coal", "crude_steel", "coal"]),  # or misfiled
}


@st.composite
def usual_row(draw: st.DrawFn) -> dict[str, str]:
    row = {column: draw(strategy) for column, strategy in USUAL.items()}
    row["period_type"] = draw(st.sampled_from(["month", "ytd"]))
    if row["product"]:  # a product's figure is filed under the product's division
        row["industry"] = {"crude_steel": "24", "coal": "05"}[row["product"]]
    return row


def write_figures_file(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row[c] for c in columns] for row in rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@st.composite
def figures_files(draw: st.DrawFn) -> tuple[list[str], list[dict[str, str]]]:
    optional = draw(st.lists(st.sampled_from(OPTIONAL_COLUMNS), unique=True))
    columns = draw(st.permutations(REQUIRED_COLUMNS + optional))
    rows: list[dict[str, str]] = []
    for _ in range(draw(st.integers(1, 12))):
        # a row of its own, or an earlier one again: a duplicate, or a near miss of one
        row = draw(usual_row()) if not rows or draw(st.booleans()) else dict(draw(st.sampled_from(rows)))
        for column in draw(st.lists(st.sampled_from(sorted(UNUSUAL)), max_size=2)):
            row[column] = draw(UNUSUAL[column])
        rows.append(row)
    return columns, rows


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(figures_files())
@example(
    (
        REQUIRED_COLUMNS,
        [
            dict.fromkeys(USUAL, "")
            | {"publisher": "GSO", "published_on": "2025-09-30", "document": "a", "period_type": "month"}
            | {"period": "2025-08", "geo": "Hà Giang", "industry": "TOTAL", "measure": "index", "base": "none"}
            | {"value": "101.2"}
        ],
    )
)
def test_random_files_read_as_they_did(tmp_path: Path, file: tuple[list[str], list[dict[str, str]]]) -> None:
    columns, rows = file
    path = tmp_path / "figures.csv"
    write_figures_file(path, columns, rows)
    try:
        expected = outcome(row_by_row, path)
    except (ValueError, OverflowError):
        # The row-by-row reader crashed on a year 0000 or 9999 (out of Python's dates: the reader now rejects the
        # row) and on a value ending in one of the separators \x1c-\x1f (str.strip() takes them off, float() did
        # not: the reader now reads the number). Nothing to compare with.
        assume(False)
    assert outcome(read_figures_csv, path) == expected
