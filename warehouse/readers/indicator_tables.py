"""Read the other index tables of the monthly workbooks: labour (by industry, by province), manufacturing
consumption and inventory, and IIP by province. Each is a column of names and columns of indices whose
comparison is stated in their header, like the IIP-by-industry table; see warehouse/table_kinds.py for
the shape each lands in.

Which table a sheet holds is read from its title, never from its name; its rows resolve through the same
alias tables (industries, provinces valid on the publication day); anything else is quarantined.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from warehouse.headers import ColumnMeaning, HeaderNotUnderstood, parse_column_header, parse_point_header
from warehouse.names import match_key, nfc
from warehouse.readers.workbook import (
    INDEX_UNIT,
    CellColumn,
    Subject,
    _column_letter,
    _header_text,
    _is_header_text,
    _lines_after,
    _number,
    _rejection,
    _Table,
    _whole_label,
    read_cells,
    reject_unread_columns,
    row_figures,
)
from warehouse.reference import is_industry_name, province_code
from warehouse.table_kinds import TABLE_KINDS, TableKind

_LABOUR = (match_key("chỉ số sử dụng lao động"), "labour employed index", "lei of industrial")
_CONSUMPTION_INVENTORY = (match_key("tiêu thụ và tồn kho"), "consumption and inventory")
_IIP = (match_key("chỉ số sản xuất công nghiệp"), "index of industrial production")
_BY_PROVINCE = (match_key("địa phương"), match_key("tỉnh, thành phố"), "by province")
_MEASURE_WORDS = {
    "consumption_index": (match_key("tiêu thụ"), "consumption"),
    "inventory_index": (match_key("tồn kho"), "inventory"),
}
_POINT_WORDS = (match_key("thời điểm"), "as of")
# The measure's own name heads its columns ("Chỉ số tiêu thụ năm 2013 so với năm 2012"): not part of the period.
_MEASURE_NAMES = re.compile(r"chỉ số|tiêu thụ|tồn kho|consumption index|inventory index", re.IGNORECASE)


def indicator_kind(title: str) -> TableKind | None:
    """The kind of table a sheet title announces, or None for the IIP-by-industry table and anything else."""
    key = match_key(title)
    by_province = any(word in key for word in _BY_PROVINCE)
    if any(word in key for word in _LABOUR):
        return TABLE_KINDS["labour_by_province" if by_province else "labour_by_industry"]
    if any(word in key for word in _CONSUMPTION_INVENTORY):
        return TABLE_KINDS["consumption_inventory"]
    if by_province and any(word in key for word in _IIP):
        return TABLE_KINDS["iip_by_province"]
    return None


def read_indicator_sheet(
    kind: TableKind,
    sheet_name: str,
    grid: list[list[Any]],
    published_on: date,
    figures: list[dict[str, Any]],
    rejections: list[dict[str, Any]],
) -> int:
    """Append the sheet's figures (or its rejections) and return how many figures were read."""
    label_column = _label_column(kind, grid, published_on)
    if label_column is None:
        return 0
    first_data = next(
        (
            index
            for index, row in enumerate(grid)
            # the first labelled row with figures: header rows carry no label (a year there may be a number)
            if index > 0 and _label(row, label_column) and any(_number(c) is not None for c in row[label_column + 1 :])
        ),
        None,
    )
    if first_data is None:
        return 0
    columns = _read_columns(kind, grid, range(1, first_data), label_column, published_on)
    unread = {column: (None, problem) for column, (meaning, _, problem) in columns.items() if meaning is None}
    reject_unread_columns(sheet_name, grid, unread, first_data, rejections)
    table = _Table("VSIC2018")
    found = 0
    label_lines: list[str] = []
    for row_index in range(first_data, len(grid)):
        row = grid[row_index]
        label = _label(row, label_column)
        if not any(_number(c) is not None for c in row[label_column + 1 :]):
            label_lines = [*label_lines[-2:], label] if label else []
            continue
        if not kind.by_province:
            label = _whole_label(label_lines, label, _lines_after(grid, row_index, label_column), "VSIC2018")
        label_lines = []
        found += _read_row(
            kind, sheet_name, row_index, row, label, label_column, columns, table, published_on, figures, rejections
        )
    return found


def _label(row: list[Any], column: int) -> str:
    return nfc(str(row[column])) if column < len(row) and row[column] is not None else ""


def _resolves(kind: TableKind, label: str, published_on: date) -> bool:
    if not label:
        return False
    return province_code(label, published_on) is not None if kind.by_province else is_industry_name(label)


def _label_column(kind: TableKind, grid: list[list[Any]], published_on: date) -> int | None:
    hits: dict[int, int] = {}
    for row in grid:
        for column, cell in enumerate(row[:3]):
            if isinstance(cell, str) and _resolves(kind, nfc(cell), published_on):
                hits[column] = hits.get(column, 0) + 1
    if not hits or max(hits.values()) < 3:
        return None
    return max(hits, key=lambda c: hits[c])


def _read_columns(
    kind: TableKind, grid: list[list[Any]], header_rows: range, label_column: int, published_on: date
) -> dict[int, tuple[ColumnMeaning | None, str, str]]:
    """column -> (meaning, measure, problem). A measure word ('Chỉ số tiêu thụ') heads a group of columns to
    its right when the cell is not merged over them."""
    width = max((len(grid[r]) for r in header_rows), default=0)
    columns: dict[int, tuple[ColumnMeaning | None, str, str]] = {}
    group_measure = next(iter(sorted(kind.measures)))
    for column in range(label_column + 1, width):
        parts = [
            text
            for r in header_rows
            if column < len(grid[r])
            and str(grid[r][column]).strip()
            and _is_header_text(text := _header_text(grid[r][column]))
        ]
        header = " ".join(parts)
        key = match_key(header)
        for measure, words in _MEASURE_WORDS.items():
            if measure in kind.measures and any(word in key for word in words):
                group_measure = measure
        if not header:
            columns[column] = (None, group_measure, "figures in a column with no header")
            continue
        try:
            point = any(word in key for word in _POINT_WORDS) or group_measure in {"labour_index", "inventory_index"}
            period_text = _MEASURE_NAMES.sub(" ", header)
            meaning = (
                parse_point_header(period_text, published_on)
                if point
                else parse_column_header(period_text, published_on)
            )
            if meaning.period_type not in kind.period_types:
                raise HeaderNotUnderstood(f"a {meaning.period_type} column in a {kind.name} table: {header!r}")
            if meaning.end_month > f"{published_on:%Y-%m}":
                raise HeaderNotUnderstood(f"header {header!r} names a period after the publication date")
            columns[column] = (meaning, group_measure, "")
        except HeaderNotUnderstood as exc:
            columns[column] = (None, group_measure, str(exc))
    return columns


def _read_row(
    kind: TableKind,
    sheet_name: str,
    row_index: int,
    row: list[Any],
    label: str,
    label_column: int,
    columns: dict[int, tuple[ColumnMeaning | None, str, str]],
    table: _Table,
    published_on: date,
    figures: list[dict[str, Any]],
    rejections: list[dict[str, Any]],
) -> int:
    if kind.by_province:
        geo, code = province_code(label, published_on) if label else None, "TOTAL"
    else:
        geo, code = "VN", table.resolve(label)
    cells = [
        CellColumn(c, meaning, measure, INDEX_UNIT)
        for c, (meaning, measure, _) in columns.items()
        if meaning is not None
    ]
    if geo is None or code is None:
        what = "province" if kind.by_province else "industry"
        reason = f"unknown {what} name" if label else f"figures with no {what} name"
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
    subject = Subject(geo, kind.subject_kind, code)
    return read_cells(sheet_name, row_index, row, label, subject, cells, figures, rejections)
