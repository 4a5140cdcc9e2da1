"""Read the main industrial products table ("Một số sản phẩm chủ yếu của ngành công nghiệp"): a product, its
unit ('"' repeats the unit above), then columns of output levels ("Thực hiện tháng 8", "Cộng dồn 9 tháng",
"Ước tính quý III") and of indices against a period ("So với cùng kỳ năm trước (%)"). Shape: table kind
'products' in warehouse/table_kinds.py.

Products resolve through warehouse/reference/products.csv and product_aliases.csv, units through units.csv;
a unit the product is not published in is quarantined, as is an unknown product.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from warehouse.headers import ColumnMeaning, HeaderNotUnderstood, parse_column_header, parse_level_header
from warehouse.names import match_key, nfc
from warehouse.readers.workbook import (
    INDEX_UNIT,
    CellColumn,
    Subject,
    _header_text,
    _is_header_text,
    _number,
    _rejection,
    read_cells,
    reject_unread_columns,
    row_figures,
)
from warehouse.reference import product_code, product_units, unit_name

_TITLE = (match_key("sản phẩm chủ yếu"), "key industrial products")
_UNIT_HEADER = (match_key("Đơn vị"), match_key("Đơn vị tính"), "unit")
# "Trong đó: Bia hơi" (of which), "Chia ra: Thép tròn 8mm trở xuống" (broken down into), "Bia các loại - Trong đó"
_PART_WORDS = re.compile(r"^(?:trong đó|chia ra)\s*:?\s*|\s*-\s*(?:trong đó|chia ra)\s*$", re.IGNORECASE)
_DITTO = {'"', "“", "”", "''", "〃"}


def is_products_title(title: str) -> bool:
    key = match_key(title)
    return any(word in key for word in _TITLE)


def read_products_sheet(
    sheet_name: str,
    grid: list[list[Any]],
    published_on: date,
    figures: list[dict[str, Any]],
    rejections: list[dict[str, Any]],
) -> int:
    first_data = next(
        (
            index
            for index, row in enumerate(grid)
            if index > 0 and len(row) > 2 and _text(row[0]) and any(_number(c) is not None for c in row[1:])
        ),
        None,
    )
    if first_data is None:
        return 0
    unit_column = _unit_column(grid, range(1, first_data))
    _spread_comparison_headers(grid, range(1, first_data), unit_column + 1)
    columns = _read_columns(grid, range(1, first_data), published_on, unit_column + 1)
    unread = {column: (None, problem) for column, (meaning, _, problem) in columns.items() if meaning is None}
    reject_unread_columns(sheet_name, grid, unread, first_data, rejections)
    found, unit_above = 0, ""
    for row_index in range(first_data, len(grid)):
        row = grid[row_index]
        # Sub-items may stand one column to the right ("Trong đó:" | "Bia hơi", December 2012)
        label = " ".join(t for c in row[:unit_column] if (t := _text(c)))
        printed_unit = _text(row[unit_column]) if len(row) > unit_column else ""
        if printed_unit in _DITTO:
            printed_unit = unit_above
        elif printed_unit:
            unit_above = printed_unit
        if not any(_number(c) is not None for c in row[unit_column + 1 :]):
            continue
        found += _read_row(sheet_name, row_index, row, label, printed_unit, columns, figures, rejections)
    return found


def _text(cell: Any) -> str:
    return nfc(str(cell)) if cell is not None else ""


def _unit_column(grid: list[list[Any]], header_rows: range) -> int:
    """The column headed 'Đơn vị tính' / 'Unit' (B, or C in December 2012)."""
    for r in header_rows:
        for column, cell in enumerate(grid[r][:4]):
            if isinstance(cell, str) and match_key(cell) in _UNIT_HEADER:
                return column
    return 1


def _spread_comparison_headers(grid: list[list[Any]], header_rows: range, first_column: int) -> None:
    """'So với cùng kỳ năm trước (%)' written once over the index columns (not merged): give it to the empty
    cells to its right, up to the next text."""
    for r in header_rows:
        row, carried = grid[r], None
        for column in range(first_column, len(row)):
            cell = row[column]
            if isinstance(cell, str) and cell.strip():
                key = match_key(cell)
                carried = cell if key.startswith(("so vơi", "compare")) else None
            elif carried is not None and cell in ("", None):
                row[column] = carried


def _read_columns(
    grid: list[list[Any]], header_rows: range, published_on: date, first_column: int
) -> dict[int, tuple[ColumnMeaning | None, str, str]]:
    """column -> (meaning, measure, problem): a level (product_output) or an index against a period."""
    width = max((len(grid[r]) for r in header_rows), default=0)
    columns: dict[int, tuple[ColumnMeaning | None, str, str]] = {}
    for column in range(first_column, width):
        parts = [
            text
            for r in header_rows
            if column < len(grid[r])
            and str(grid[r][column]).strip()
            and _is_header_text(text := _header_text(grid[r][column]))
        ]
        header = " ".join(parts)
        if not header:
            columns[column] = (None, "", "figures in a column with no header")
            continue
        try:
            meaning = parse_column_header(header, published_on)
            measure = "product_index"
        except HeaderNotUnderstood:
            try:
                meaning, measure = parse_level_header(header, published_on), "product_output"
            except HeaderNotUnderstood as exc:
                columns[column] = (None, "", str(exc))
                continue
        if meaning.end_month > f"{published_on:%Y-%m}":
            columns[column] = (None, measure, f"header {header!r} names a period after the publication date")
        else:
            columns[column] = (meaning, measure, "")
    return columns


def _read_row(
    sheet_name: str,
    row_index: int,
    row: list[Any],
    label: str,
    printed_unit: str,
    columns: dict[int, tuple[ColumnMeaning | None, str, str]],
    figures: list[dict[str, Any]],
    rejections: list[dict[str, Any]],
) -> int:
    readable = [(c, meaning, measure) for c, (meaning, measure, _) in columns.items() if meaning is not None]
    values = row_figures(row, [c for c, _, _ in readable])
    code = product_code(_PART_WORDS.sub("", label)) if label else None
    if code is None:
        reason = "unknown product name" if label else "figures with no product name"
        rejections.append(_rejection(sheet_name, f"A{row_index + 1}", label, reason, values))
        return 0
    unit = unit_name(printed_unit) if printed_unit else None
    if unit is None or unit not in product_units(code):
        rejections.append(
            _rejection(
                sheet_name,
                f"B{row_index + 1}",
                label,
                f"unit {printed_unit!r} is not a unit {code} is published in ({', '.join(product_units(code))})",
                values,
            )
        )
        return 0
    cells = [
        CellColumn(c, meaning, measure, unit if measure == "product_output" else INDEX_UNIT)
        for c, meaning, measure in readable
    ]
    return read_cells(sheet_name, row_index, row, label, Subject("VN", "product", code), cells, figures, rejections)
