"""Readers: turn one release file into the figures it states (warehouse.facts), whatever its format."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from warehouse.facts import ParsedRelease, SourceRejected
from warehouse.readers.figures_csv import read_figures_csv
from warehouse.readers.guards import check_publication_date, check_release_file
from warehouse.readers.text import TEXT_SUFFIXES, TextOptions, read_text_release
from warehouse.readers.workbook import read_workbook

WORKBOOK_SUFFIXES = {".xls", ".xlsx"}
FIGURES_SUFFIXES = {".csv"}
SUPPORTED_SUFFIXES = WORKBOOK_SUFFIXES | FIGURES_SUFFIXES | TEXT_SUFFIXES
_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[-_. ]")


def publication_date_from_name(path: Path) -> date:
    """Release files are named after their publication day: '2021-11-29-02-So-lieu-11.2021.xlsx'."""
    match = _DATED_NAME.match(path.name)
    if not match:
        raise SourceRejected(f"{path.name}: no publication date in the file name (expected 'YYYY-MM-DD-...')")
    try:
        return date(*map(int, match.groups()))
    except ValueError as exc:
        raise SourceRejected(f"{path.name}: {match.group(0)[:10]} is not a date") from exc


def read_release_file(
    path: Path, text_options: TextOptions | None = None, today: date | None = None
) -> list[ParsedRelease]:
    """The releases one file holds: a workbook is one release, a figures file one per document, a text one.

    `text_options` supply what a text file may not say itself (its publication date, its publisher).
    """
    today = today or date.today()
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        check_release_file(path, today)
    if suffix in WORKBOOK_SUFFIXES:
        published_on = publication_date_from_name(path)
        check_publication_date(path.name, published_on, today)
        return [read_workbook(path, published_on)]
    if suffix in FIGURES_SUFFIXES:
        releases = read_figures_csv(path)
    elif suffix in TEXT_SUFFIXES:
        releases = [read_text_release(path, text_options)]
        if releases[0].facts.is_empty() and releases[0].rejections.is_empty():
            # an article on another subject, or in another language: nothing to load, and it should be seen
            raise SourceRejected(
                f"{path.name}: no industrial production figure found in the text "
                f"({'; '.join(releases[0].notes) or 'nothing extracted'})"
            )
    else:
        raise SourceRejected(
            f"{path.name}: unsupported file type {suffix or '(none)'}; expected one of "
            f"{', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    for release in releases:
        where = f"{path.name} ({release.source_document})" if release.source_document else path.name
        check_publication_date(where, release.published_on, today)
    return releases
