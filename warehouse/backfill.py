"""The per-file table of a backfill: what each workbook of a folder gave, in publication order.

Sheets are listed as name=kind: IIP (by industry), IIP-prov, SP (main products), LD (labour by industry),
LD-prov, CS-TK (manufacturing consumption and inventory).

`iip backfill DIR` runs the monthly ingestion flow over a folder one publication year at a time, oldest
first: each year is published whole before the next begins, so an interrupted backfill keeps the years it
finished, and running it again resumes with the first unfinished one (loading is idempotent by sha256:
files already in the warehouse show as such).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from pathlib import Path

from warehouse.report import FileLine, RunSummary

HEADINGS = ("file", "sheets recognised", "facts loaded", "facts quarantined", "status")
# Short names of the table kinds (warehouse/table_kinds.py), to keep one file on one line.
SHORT_KIND = {
    "iip_by_industry": "IIP",
    "iip_by_province": "IIP-prov",
    "products": "SP",
    "labour_by_industry": "LD",
    "labour_by_province": "LD-prov",
    "consumption_inventory": "CS-TK",
}
SHEETS_WIDTH = 72


def yearly_batches(release_files: list[Path]) -> list[tuple[str, list[Path]]]:
    """Release files grouped by the year their name dates them ('2014-03-29-...'), oldest first; files whose
    name carries no date (a figures file) come last, in one batch."""

    def year(path: Path) -> str:
        prefix = path.name[:4]
        return prefix if prefix.isdigit() and path.name[4:5] == "-" else "undated"

    ordered = sorted(release_files, key=lambda p: (year(p) == "undated", p.name))
    return [(key, list(files)) for key, files in groupby(ordered, key=year)]


def combined(summaries: list[RunSummary]) -> RunSummary:
    """One summary for a backfill made of several runs: files and counts added up, checks of the last run."""
    last = summaries[-1]
    return replace(
        last,
        source=", ".join(dict.fromkeys(s.source for s in summaries)),
        files=[line for s in summaries for line in s.files],
        ignored_files=[name for s in summaries for name in s.ignored_files],
        releases_loaded=sum(s.releases_loaded for s in summaries),
        releases_already_loaded=sum(s.releases_already_loaded for s in summaries),
        facts_loaded=sum(s.facts_loaded for s in summaries),
        rows_quarantined=sum(s.rows_quarantined for s in summaries),
        failed_releases={k: v for s in summaries for k, v in s.failed_releases.items()},
    )


def per_file_rows(summary: RunSummary) -> list[tuple[str, str, int, int, str]]:
    """One row per file read, in the order the run loaded them (publication order)."""
    return [
        (line.name, _sheets(line), line.facts_loaded, line.rows_quarantined, _status(line)) for line in summary.files
    ]


def per_file_table(summary: RunSummary) -> str:
    """The rows as a fixed-width text table, with a total line."""
    rows = [tuple(str(v) for v in row) for row in per_file_rows(summary)]
    total = (
        f"{len(rows)} files",
        f"{sum(len(line.sheets) for line in summary.files)} sheets",
        str(sum(line.facts_loaded for line in summary.files)),
        str(sum(line.rows_quarantined for line in summary.files)),
        f"{len(summary.rejected_files)} rejected",
    )
    widths = [max(len(row[i]) for row in [HEADINGS, *rows, total]) for i in range(len(HEADINGS) - 1)]
    numeric = {2, 3}

    def line(cells: tuple[str, ...]) -> str:
        padded = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(cells[:-1])]
        return "  ".join([*padded, cells[-1]]).rstrip()

    rule = "  ".join("-" * w for w in widths) + "  ------"
    return "\n".join([line(HEADINGS), rule, *(line(r) for r in rows), rule, line(total)])


def _sheets(line: FileLine) -> str:
    text = ", ".join(f"{sheet}={SHORT_KIND.get(kind, kind)}" for sheet, kind in line.sheets.items()) or "-"
    return text if len(text) <= SHEETS_WIDTH else text[: SHEETS_WIDTH - 1] + "…"


def _status(line: FileLine) -> str:
    # A rejection's reason starts with the file's name, already in the first column.
    return line.status.replace(f"{line.name}: ", "", 1)
