"""Cells holding an Excel error value (#N/A, #DIV/0!, #REF!...), which the spreadsheet parser reads as blank.

A figure the office's formula failed to compute must be reported, not mistaken for a cell left empty, so
for .xlsx files the reader looks the errors up in the sheet's XML and puts their text back into the grid,
where they are quarantined as "not a number" with their cell address. (.xls files keep their errors in
binary records the parser does not expose; there an error cell still reads as blank.)
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\st="e"[^>]*>(?:<f[^>]*?(?:/>|>.*?</f>))?<v>([^<]*)</v>', re.S
)


def error_cells(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet name -> {(row, column) from 0: the error text}, for an .xlsx; empty for anything else."""
    if path.suffix.lower() != ".xlsx":
        return {}
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in relations}
            for sheet in workbook.iter(f"{_MAIN}sheet"):
                part = _part(targets.get(sheet.get(_RELATIONSHIP)))
                xml = archive.read(part) if part else b""
                if b't="e"' in xml:
                    found[sheet.get("name", "")] = {
                        (int(row) - 1, _column_index(letters.decode())): value.decode("utf-8", "replace")
                        for letters, row, value in _ERROR_CELL.findall(xml)
                    }
    except Exception:  # a damaged archive (bad zip, zlib, XML, encryption): the parser decides the file's fate
        return {}
    return found


def put_errors_back(grid: list[list[object]], errors: dict[tuple[int, int], str]) -> None:
    for (row, column), text in errors.items():
        if row < len(grid) and column < len(grid[row]) and grid[row][column] in ("", None):
            grid[row][column] = text


def _part(target: str | None) -> str | None:
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
