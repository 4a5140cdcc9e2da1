"""Read a narrative release (.txt, .html): the figures its text states, as facts with their sentence's span.

The publication date is the file's own (HTML metadata, a dateline) when it states one, else the one given
by the caller (`iip ingest-text --published-on`); a file with neither is rejected, because periods such as
"tháng 11" are placed relative to it. Figures the extractor found and set aside (a threshold "tăng trên
10%", a period after the publication, a figure stated twice with two values) become rejection rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from warehouse.facts import FACT_SCHEMA, REJECTION_SCHEMA, ParsedRelease, SourceRejected, publisher_on
from warehouse.readers.figures_csv import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from warehouse.reference import geo_code, read_reference
from warehouse.text.document import Document, read_document
from warehouse.text.extract import Extraction, TextFigure, extract_figures

TEXT_SUFFIXES = {".txt", ".html", ".htm"}
# Set-aside numbers that are not worth a quarantine row: percentages of other statistics in the same article.
_QUIET_REASONS = ("not an industrial production figure",)


@dataclass(frozen=True)
class TextOptions:
    """What the command line may say about text files that the files do not say themselves."""

    published_on: date | None = None
    publisher: str | None = None


@dataclass
class TextReading:
    document: Document
    extraction: Extraction
    published_on: date
    publisher: str


def read_text_file(path: Path, options: TextOptions | None = None) -> TextReading:
    options = options or TextOptions()
    document = read_document(path)
    published_on = document.published_on or options.published_on
    if published_on is None:
        raise SourceRejected(
            f"{path.name}: no publication date in the file (metadata or dateline); give one with --published-on"
        )
    extraction = extract_figures(document, published_on)
    publisher = options.publisher or extraction.publisher or publisher_on(published_on)
    return TextReading(document, extraction, published_on, publisher)


def read_text_release(path: Path, options: TextOptions | None = None) -> ParsedRelease:
    reading = read_text_file(path, options)
    facts, rejections = _facts(reading)
    forward = facts["status"].is_in(["target", "forecast"]).fill_null(False)
    reported = facts.filter(~forward)
    monthly = reported.filter(pl.col("period_type").is_in(["month", "ytd"]))["period"]
    reference = str(monthly.max()) if monthly.len() else str(reported["period"].str.slice(0, 4).max() or "")
    return ParsedRelease(
        source_kind="text",
        publisher=reading.publisher,
        published_on=reading.published_on,
        reference_period=reference or reading.published_on.isoformat()[:7],
        status="estimate" if "estimate" in facts["status"].to_list() else "official",
        facts=facts,
        rejections=rejections,
        source_document=path.stem,
        notes=[f"{len(reading.extraction.figures)} figures from {len(reading.document.sentences)} sentences"],
    )


def _facts(reading: TextReading) -> tuple[pl.DataFrame, pl.DataFrame]:
    units = {r["measure"]: r["unit"] for r in read_reference("measures")}
    facts, rejections = [], []
    for figure in reading.extraction.figures:
        geo = geo_code(figure.geo, min(figure.period_end, reading.published_on))
        if geo is None:
            rejections.append(_rejection(figure.source_location, figure.quote, f"{figure.geo} is not a province then"))
            continue
        facts.append(
            {
                "period_type": figure.period_type,
                "period": figure.period,
                "geo_code": geo,
                "subject_kind": "product" if figure.product else "industry",
                "subject_code": figure.product or figure.industry,
                "measure": figure.measure,
                "base": figure.base,
                "value": figure.value,
                "value_high": figure.value_high,
                "decimals": figure.decimals,
                "unit": figure.unit or units[figure.measure],
                "status": figure.status,
                "source_location": figure.source_location,
            }
        )
    for location, quote, reason in reading.extraction.skipped:
        if not reason.startswith(_QUIET_REASONS):
            rejections.append(_rejection(location, quote, reason))
    return pl.DataFrame(facts, schema=FACT_SCHEMA), pl.DataFrame(rejections, schema=REJECTION_SCHEMA)


def _rejection(location: str, quote: str, reason: str) -> dict[str, str | None]:
    return {"location": location, "raw_label": quote, "raw_value": None, "reason": reason}


def figures_csv_rows(path: Path, reading: TextReading) -> list[dict[str, str]]:
    """The figures as rows of the project's figures file (the interchange format), quote and span kept."""
    rows = []
    for figure in reading.extraction.figures:
        rows.append(
            {
                "publisher": reading.publisher,
                "published_on": reading.published_on.isoformat(),
                "document": path.stem,
                "period_type": figure.period_type,
                "period": figure.period,
                "geo": figure.geo,
                "industry": figure.industry,
                "measure": figure.measure,
                "base": figure.base,
                "value": _written(figure.value, figure.decimals),
                "value_high": "" if figure.value_high is None else _written(figure.value_high, figure.decimals),
                "status": figure.status or "",
                "quote": figure.quote,
                "note": f"{path.name} {figure.source_location}",
                "product": figure.product or "",
            }
        )
    return rows


def write_figures_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=[*REQUIRED_COLUMNS[:3], *REQUIRED_COLUMNS[3:], *OPTIONAL_COLUMNS], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _written(value: float, decimals: int) -> str:
    """The value with the precision it was published with: 3,0% stays "3.0"."""
    return f"{value:.{decimals}f}"


__all__ = ["TEXT_SUFFIXES", "TextFigure", "TextOptions", "figures_csv_rows", "read_text_release", "write_figures_csv"]
