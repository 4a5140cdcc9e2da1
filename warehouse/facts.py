"""The shape every reader hands to the loader: one declared schema for figures, one for rejections.

A reader returns a `ParsedRelease` per publication it found in a file, or raises `SourceRejected`
for a file it cannot read at all. Nothing a reader cannot understand is dropped: it becomes a rejection
row naming the file, the place in it and the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import polars as pl

FACT_SCHEMA = pl.Schema(
    {
        "period_type": pl.String,
        "period": pl.String,
        "geo_code": pl.String,
        "subject_kind": pl.String,
        "subject_code": pl.String,
        "measure": pl.String,
        "base": pl.String,
        "value": pl.Float64,
        "value_high": pl.Float64,
        "decimals": pl.Int8,
        "unit": pl.String,
        "status": pl.String,
        "source_location": pl.String,
    }
)
FACT_KEY = ["period_type", "period", "geo_code", "subject_kind", "subject_code", "measure", "base"]

REJECTION_SCHEMA = pl.Schema(
    {
        "location": pl.String,
        "raw_label": pl.String,
        "raw_value": pl.String,
        "reason": pl.String,
    }
)


class SourceRejected(ValueError):
    """A whole file that cannot be read; the message names the file and the reason."""


@dataclass
class ParsedRelease:
    """The figures of one publication, as read from one file (or one document inside it)."""

    source_kind: str  # workbook | figures_csv | text
    publisher: str
    published_on: date
    reference_period: str
    status: str  # estimate | preliminary | official
    facts: pl.DataFrame
    rejections: pl.DataFrame
    source_document: str = ""
    notes: list[str] = field(default_factory=list)  # what the reader recognised or skipped, for the run log
    sheets: dict[str, str] = field(default_factory=dict)  # sheet name -> the table kind recognised in it


def empty_facts() -> pl.DataFrame:
    return pl.DataFrame(schema=FACT_SCHEMA)


def empty_rejections() -> pl.DataFrame:
    return pl.DataFrame(schema=REJECTION_SCHEMA)


def published_decimals(value: float, limit: int = 6) -> int:
    """Decimal places a stored number carries: 105.6 -> 1, 105.46 -> 2 (105.59999999 -> 1)."""
    for places in range(limit + 1):
        if math.isclose(value, round(value, places), rel_tol=0, abs_tol=1e-9):
            return places
    return limit


def publisher_on(published_on: date) -> str:
    """The statistics office was the GSO until it became the NSO in March 2025."""
    return "GSO" if published_on < date(2025, 3, 1) else "NSO"
