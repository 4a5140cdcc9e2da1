"""Read the IIP-by-industry tables of the statistics office's monthly workbooks (.xls and .xlsx).

A table is found by what it holds, not where: a block of rows whose label names an industry and whose
cells hold numbers, under header rows that state each column's comparison in words. Sheet names, column
order and the number of header rows all drift between releases; none of them is relied on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from python_calamine import CalamineWorkbook

from warehouse.facts import (
    FACT_KEY,
    FACT_SCHEMA,
    REJECTION_SCHEMA,
    ParsedRelease,
    SourceRejected,
    published_decimals,
    publisher_on,
)
from warehouse.headers import ColumnMeaning, HeaderNotUnderstood, parse_column_header
from warehouse.names import match_key, nfc
from warehouse.readers.error_cells import error_cells, put_errors_back
from warehouse.readers.guards import MAX_SHEET_CELLS
from warehouse.reference import industry_code, is_industry_name, repeated_industry_code, table_classification

INDEX_UNIT = "index (comparison period = 100)"
_TITLE_KEYS = (
    match_key("Chỉ số sản xuất công nghiệp"),
    "index of industrial production",
    "industrial production index",
)
_INDUSTRY_KEY = match_key("công nghiệp")
_UNIT_CELL = re.compile(r"^(?:đơn vị tính|đvt|unit)?\s*:?\s*%$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass
class _Column:
    meaning: ColumnMeaning | None
    header: str
    problem: str | None


def read_workbook(path: Path, published_on: date) -> ParsedRelease:
    """Every IIP-by-industry figure of one workbook, as one release published on `published_on`, with the
    figures of the other index tables it holds (warehouse/readers/indicator_tables.py)."""
    # indicator_tables builds on this module's helpers, so it is imported here, not at the top.
    from warehouse.readers.indicator_tables import indicator_kind, read_indicator_sheet
    from warehouse.readers.products_table import is_products_title, read_products_sheet

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types, and zip/OLE errors, for a broken file
        raise SourceRejected(f"{path.name}: not a readable Excel workbook ({type(exc).__name__}: {exc})") from exc

    figures: list[dict[str, Any]] = []
    rejections: list[dict[str, Any]] = []
    notes: list[str] = []
    sheets: dict[str, str] = {}
    titles: list[str] = []
    errors = error_cells(path)
    for sheet_name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(sheet_name)
            if sheet.total_height * sheet.total_width > MAX_SHEET_CELLS:
                rejections.append(
                    _rejection(
                        sheet_name,
                        "",
                        None,
                        f"sheet of {sheet.total_height} rows x "
                        f"{sheet.total_width} columns is too large to be a release table; not read",
                    )
                )
                continue
            grid = sheet.to_python(skip_empty_area=False)
            put_errors_back(grid, errors.get(sheet_name, {}))
            merged = list(sheet.merged_cell_ranges or [])
        except Exception as exc:
            rejections.append(_rejection(sheet_name, "", None, f"sheet cannot be read: {exc}"))
            continue
        if _INDUSTRY_KEY in match_key(title := _sheet_title(grid)) or "industr" in title.casefold():
            titles.append(f"{sheet_name}: {title}")
        top = " ".join(nfc(str(c)) for row in grid[:4] for c in row if isinstance(c, str))
        if is_products_title(top):
            found = read_products_sheet(sheet_name, grid, published_on, figures, rejections)
            notes.append(f"{sheet_name}: {found} products figures" if found else f"{sheet_name}: no products table")
            if found:
                sheets[sheet_name] = "products"
            continue
        kind = indicator_kind(top)
        if kind is not None:
            _expand_merged_cells(grid, merged)
            found = read_indicator_sheet(kind, sheet_name, grid, published_on, figures, rejections)
            notes.append(
                f"{sheet_name}: {found} {kind.name} figures" if found else f"{sheet_name}: no {kind.name} table"
            )
            if found:
                sheets[sheet_name] = kind.name
            continue
        if not _looks_industrial(sheet_name, grid):
            continue
        _expand_merged_cells(grid, merged)
        found = _read_industry_sheet(sheet_name, grid, published_on, figures, rejections)
        notes.append(f"{sheet_name}: {found} figures" if found else f"{sheet_name}: no industry table recognised")
        if found:
            sheets[sheet_name] = "iip_by_industry"

    if not figures:
        seen = "; ".join(notes) if notes else "no IIP sheet; industrial sheets: " + ("; ".join(titles) or "none")
        raise SourceRejected(f"{path.name}: no IIP-by-industry table recognised ({seen})")

    reference_month = max(f["end_month"] for f in figures)
    for figure in figures:
        figure["status"] = figure["status"] or ("estimate" if figure["end_month"] == reference_month else "preliminary")
    # Excel stores 105.60 as 105.6: a column's precision as published is that of its most precise figure.
    frame = pl.DataFrame(figures).with_columns(
        pl.col("decimals").max().over(pl.col("source_location").str.replace(r"\d+$", ""))
    )
    facts, duplicates = _without_duplicates(frame.drop("end_month").select(FACT_SCHEMA.names()))
    return ParsedRelease(
        source_kind="workbook",
        publisher=publisher_on(published_on),
        published_on=published_on,
        reference_period=reference_month,
        status="estimate",
        facts=facts.cast(dict(FACT_SCHEMA)),
        rejections=pl.DataFrame(rejections + duplicates, schema=REJECTION_SCHEMA),
        notes=notes,
        sheets=sheets,
    )


def _sheet_title(grid: list[list[Any]]) -> str:
    """The first text of a sheet, for messages: '2. Giá trị sản xuất công nghiệp theo giá so sánh 1994'."""
    return next((nfc(c) for row in grid[:4] for c in row if isinstance(c, str) and c.strip()), "(empty)")[:90]


def _looks_industrial(sheet_name: str, grid: list[list[Any]]) -> bool:
    if "iip" in sheet_name.casefold():
        return True
    top = " ".join(match_key(str(cell)) for row in grid[:4] for cell in row if isinstance(cell, str))
    return any(key in top for key in _TITLE_KEYS)


def _expand_merged_cells(grid: list[list[Any]], merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """A merged header cell holds its text in the top-left cell only; give it to every cell it covers."""
    for (top, left), (bottom, right) in merged:
        if top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        for row in range(top, min(bottom, len(grid) - 1) + 1):
            for column in range(left, min(right, len(grid[row]) - 1) + 1):
                if grid[row][column] in ("", None):
                    grid[row][column] = value


@dataclass
class _Table:
    """What rows of one table share: the classification its names are in, the codes printed so far."""

    classification: str
    last_code: str | None = None
    seen: set[str] | None = None

    def resolve(self, label: str) -> str | None:
        code = industry_code(label, self.classification) if label else None
        if code is not None and code in (self.seen or set()):
            # Only a name the reference expects to repeat is read as its child; any other repeat stays a
            # duplicate, for _without_duplicates to keep or reject.
            repeated = repeated_industry_code(label, self.classification)
            if repeated and self.last_code == code:
                code = repeated
        if code is not None:
            self.seen = (self.seen or set()) | {code}
            self.last_code = code
        return code


def _read_industry_sheet(
    sheet_name: str,
    grid: list[list[Any]],
    published_on: date,
    figures: list[dict[str, Any]],
    rejections: list[dict[str, Any]],
) -> int:
    label_column = _label_column(grid)
    if label_column is None:
        return 0
    labels = [nfc(str(row[label_column])) for row in grid if label_column < len(row) and str(row[label_column]).strip()]
    classification = table_classification(labels)
    found = 0
    header_start = _title_row(grid) + 1
    columns: dict[int, _Column] | None = None
    table = _Table(classification)
    label_lines: list[str] = []  # labels without figures: maybe the first lines of a name split over rows
    for row_index, row in enumerate(grid):
        if row_index < header_start:
            continue
        label = nfc(str(row[label_column])) if label_column < len(row) else ""
        cells = {c: row[c] for c in range(label_column + 1, len(row))}
        numbers = {c: number for c, value in cells.items() if (number := _number(value)) is not None}
        if not numbers or (columns is None and _is_year_row(label, numbers)):
            header_like = [v for v in cells.values() if isinstance(v, str) and not is_no_figure(v)]
            if columns is not None and header_like:
                # A second table starts below the first, or the same table goes on after a page break that
                # repeats its title and header (2012-07 to 2013-01): either way, read the header again.
                columns, header_start = None, row_index
            label_lines = [*label_lines[-2:], label] if label else []
            continue
        label = _whole_label(label_lines, label, _lines_after(grid, row_index, label_column), classification)
        label_lines = []
        if columns is None:
            columns = _read_columns(grid, sheet_name, range(header_start, row_index), label_column, published_on)
            reject_unread_columns(
                sheet_name,
                grid,
                {i: (c.header, c.problem) for i, c in columns.items() if c.meaning is None},
                row_index,
                rejections,
            )
        found += _read_row(sheet_name, row_index, row, label, label_column, columns, table, figures, rejections)
    return found


def _lines_after(grid: list[list[Any]], row_index: int, label_column: int) -> list[str]:
    """The figure-less lower-case label lines right below a row: the end of its name (2012-07 prints
    'Sản xuất mô tơ, ..., thiết bị phân phối và' with the figures, then 'đỉều khiển điện' below)."""
    lines: list[str] = []
    for row in grid[row_index + 1 : row_index + 3]:
        label = nfc(str(row[label_column])) if label_column < len(row) else ""
        if not label or not label[0].islower() or any(_number(c) is not None for c in row[label_column + 1 :]):
            break
        lines.append(label)
    return lines


def _whole_label(lines_before: list[str], label: str, lines_after: list[str], classification: str) -> str:
    """'rơm, rạ và vật liệu tết bện' completed by the one or two figure-less rows above it (or, in 2012-07,
    below it), when that names an industry and the line alone does not."""
    if industry_code(label, classification):
        return label
    for taken in range(1, len(lines_before) + 1):
        joined = " ".join([*lines_before[-taken:], label])
        if industry_code(joined, classification):
            return joined
    for taken in range(1, len(lines_after) + 1):
        joined = " ".join([label, *lines_after[:taken]])
        if industry_code(joined, classification):
            return joined
    return label


def _label_column(grid: list[list[Any]]) -> int | None:
    """The column that names the industries: where most known industry names stand."""
    hits = Counter(
        column
        for row in grid
        for column, cell in enumerate(row[:4])
        if isinstance(cell, str) and cell.strip() and is_industry_name(cell)
    )
    if not hits or hits.most_common(1)[0][1] < 3:
        return None
    return hits.most_common(1)[0][0]


def _title_row(grid: list[list[Any]]) -> int:
    for index, row in enumerate(grid[:6]):
        if any(isinstance(c, str) and any(k in match_key(c) for k in _TITLE_KEYS) for c in row):
            return index
    return -1


def _read_columns(
    grid: list[list[Any]], sheet_name: str, header_rows: range, label_column: int, published_on: date
) -> dict[int, _Column]:
    width = max((len(grid[r]) for r in header_rows), default=0)
    columns: dict[int, _Column] = {}
    for column in range(label_column + 1, width):
        parts = [
            _header_text(grid[r][column])
            for r in header_rows
            if column < len(grid[r]) and str(grid[r][column]).strip() and _is_header_text(_header_text(grid[r][column]))
        ]
        header = " ".join(parts)
        meaning, problem = None, None
        if not header:
            problem = "figures in a column with no header"
        else:
            try:
                meaning = parse_column_header(header, published_on)
            except HeaderNotUnderstood as exc:
                problem = str(exc)
        if meaning and meaning.end_month > f"{published_on:%Y-%m}":
            meaning, problem = None, f"header {header!r} names a period after the publication date {published_on}"
        columns[column] = _Column(meaning, header, problem)
    return columns


def _is_header_text(text: str) -> bool:
    return not _UNIT_CELL.match(nfc(text).casefold()) and not any(title in match_key(text) for title in _TITLE_KEYS)


def _header_text(cell: Any) -> str:
    """Header cells are text, but a year may be stored as the number 2015.0."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return nfc(str(cell))


def _is_year_row(label: str, numbers: dict[int, float]) -> bool:
    """A header row whose only numbers are years: '2015' under 'Cả năm'."""
    return not label and all(n.is_integer() and 1990 <= n <= 2100 for n in numbers.values())


def reject_unread_columns(
    sheet_name: str,
    grid: list[list[Any]],
    unread: dict[int, tuple[str | None, str | None]],
    first_data_row: int,
    rejections: list[dict[str, Any]],
) -> None:
    """The figures under each column whose header could not be read, kept as one rejection per column.

    `unread` maps a column's index to (the label to record, why its header was not understood).
    """
    for index, (label, problem) in unread.items():
        values = [row[index] for row in grid[first_data_row:] if index < len(row) and _number(row[index]) is not None]
        if values:
            rejections.append(
                _rejection(
                    sheet_name,
                    f"{_column_letter(index)}{first_data_row + 1}",
                    label,
                    f"column not understood, {len(values)} figures not loaded: {problem}",
                    raw_value=", ".join(str(v) for v in values[:60]),
                )
            )


def _read_row(
    sheet_name: str,
    row_index: int,
    row: list[Any],
    label: str,
    label_column: int,
    columns: dict[int, _Column],
    table: _Table,
    figures: list[dict[str, Any]],
    rejections: list[dict[str, Any]],
) -> int:
    code = table.resolve(label)
    cells = [CellColumn(c, col.meaning, "index", INDEX_UNIT) for c, col in columns.items() if col.meaning is not None]
    if code is None:
        reason = "unknown industry name" if label else "figures with no industry name"
        rejections.append(
            _rejection(
                sheet_name,
                f"{_column_letter(label_column)}{row_index + 1}",
                label,
                reason,
                row_figures(row, [c.index for c in cells]),
            )
        )
        return 0
    return read_cells(sheet_name, row_index, row, label, Subject("VN", "industry", code), cells, figures, rejections)


# One cell of a table, read the same way by every table reader (this one, indicator_tables, products_table).

# What a table prints where it has no figure: nothing, dashes, dots, "x" (withheld). Any other cell that is not
# a number is quarantined by read_cells, never dropped.
NO_FIGURE = frozenset({"", "-", "--", "..", "...", "…", "x", "–", "—", "*"})


def is_no_figure(cell: Any) -> bool:
    """A cell that states there is no figure (an empty cell, a dash): nothing to read, nothing to quarantine."""
    return cell is None or str(cell).strip() in NO_FIGURE


@dataclass(frozen=True)
class SignRule:
    """The numbers a measure's cells may hold; any other number is quarantined with `reason`."""

    zero_allowed: bool
    reason: str

    def allows(self, number: float) -> bool:
        return number > 0 or (number == 0 and self.zero_allowed)


# An industry's, a province's or a workforce's index is never 0: a 0 there is a placeholder, not a figure.
_POSITIVE_INDEX = SignRule(zero_allowed=False, reason="an index must be positive")
SIGN_RULES = {
    "index": _POSITIVE_INDEX,
    "labour_index": _POSITIVE_INDEX,
    "consumption_index": _POSITIVE_INDEX,
    "inventory_index": _POSITIVE_INDEX,
    # A product can stop: no sugar is refined between campaigns, so its output, and its index, is 0.
    "product_output": SignRule(zero_allowed=True, reason="output cannot be negative"),
    "product_index": SignRule(zero_allowed=True, reason="an index cannot be negative"),
}


@dataclass(frozen=True)
class CellColumn:
    """A column whose header was understood: what each of its cells states."""

    index: int
    meaning: ColumnMeaning
    measure: str
    unit: str


@dataclass(frozen=True)
class Subject:
    """What a row's figures are about: fact.geo_code, fact.subject_kind, fact.subject_code."""

    geo_code: str
    kind: str
    code: str


def read_cells(
    sheet_name: str,
    row_index: int,
    row: list[Any],
    label: str,
    subject: Subject,
    columns: list[CellColumn],
    figures: list[dict[str, Any]],
    rejections: list[dict[str, Any]],
) -> int:
    """Append the figure of each cell of a row whose subject is known, and return how many were read.

    The one per-cell rule of every table reader: a number its measure allows (SIGN_RULES) is a figure, a
    no-figure marker is skipped, and anything else is quarantined with its cell and reason, never dropped.
    """
    found = 0
    for column in columns:
        if column.index >= len(row):
            continue
        cell = row[column.index]
        address = f"{_column_letter(column.index)}{row_index + 1}"
        number = _number(cell)
        if number is None:
            if not is_no_figure(cell):
                rejections.append(_rejection(sheet_name, address, label, "not a number", str(cell)))
            continue
        rule = SIGN_RULES[column.measure]
        if not rule.allows(number):
            rejections.append(_rejection(sheet_name, address, label, rule.reason, str(cell)))
            continue
        meaning = column.meaning
        figures.append(
            {
                "period_type": meaning.period_type,
                "period": meaning.period,
                "geo_code": subject.geo_code,
                "subject_kind": subject.kind,
                "subject_code": subject.code,
                "measure": column.measure,
                "base": meaning.base,
                "value": number,
                "value_high": None,
                "decimals": min(published_decimals(number), 6),
                "unit": column.unit,
                "status": meaning.status,
                "source_location": f"{sheet_name}!{address}",
                "end_month": meaning.end_month,
            }
        )
        found += 1
    return found


def row_figures(row: list[Any], columns: Iterable[int]) -> str:
    """The numbers a row holds in these columns, as 'B12=105.3, C12=98.7': what its rejection keeps."""
    return ", ".join(f"{_column_letter(c)}={row[c]}" for c in columns if c < len(row) and _number(row[c]) is not None)


def _number(cell: Any) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell)
    if isinstance(cell, str) and _NUMBER.match(text := cell.strip()):
        return float(text.replace(",", "."))
    return None


def _without_duplicates(facts: pl.DataFrame) -> tuple[pl.DataFrame, list[dict[str, Any]]]:
    """A figure stated twice is kept once: a monthly and a quarterly sheet, or the national row of a table by
    province restating the national table to fewer decimals (101.0 for 101.02) - then the more precise one is
    kept. A restatement that disagrees beyond its precision is rejected."""
    first = facts.unique(subset=FACT_KEY, keep="first", maintain_order=True)
    if first.height == facts.height:
        return facts, []
    kept = {tuple(r[k] for k in FACT_KEY): r for r in first.iter_rows(named=True)}
    rejected = []
    for row in facts.iter_rows(named=True):
        key = tuple(row[k] for k in FACT_KEY)
        original = kept[key]
        if original["source_location"] == row["source_location"] or original["value"] == row["value"]:
            continue
        coarser = min(published_decimals(row["value"]), published_decimals(original["value"]))
        if abs(original["value"] - row["value"]) <= 0.5 * 10**-coarser + 1e-9:
            if published_decimals(row["value"]) > published_decimals(original["value"]):
                kept[key] = row
            continue
        sheet, _, cell = row["source_location"].partition("!")
        rejected.append(
            _rejection(
                sheet,
                cell,
                row["subject_code"],
                f"states {row['period']} {row['base']} again as {row['value']}, "
                f"but {original['source_location']} says {original['value']}",
                str(row["value"]),
            )
        )
    return pl.DataFrame(list(kept.values()), schema=facts.schema), rejected


def _rejection(sheet: str, cell: str, label: str | None, reason: str, raw_value: str | None = None) -> dict[str, Any]:
    return {
        "location": f"{sheet}!{cell}" if cell else sheet,
        "raw_label": label,
        "raw_value": raw_value,
        "reason": reason,
    }


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
