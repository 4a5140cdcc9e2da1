"""Whole-process steps the benchmark times that `iip` has no command for yet, and the floors' own programs.

    python -m bench.tasks views WAREHOUSE          # compute every view whole, as a client reading it would
    python -m bench.tasks find-sheets DIR OUT.json # which sheets of each workbook the reader finds industrial
    python -m bench.tasks read-sheets LIST.json    # the floor: open each workbook, read those sheets, no more

Each opens the warehouse read-only and imports only what its step needs, so a timing is that step's cost.
When `iip` grows a command for a step, bench/run.py's scenario table calls it instead (as it calls `iip validate`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def views(database: Path) -> int:
    import duckdb

    from warehouse.views import creation_order

    with duckdb.connect(str(database), read_only=True) as con:
        for name in creation_order():
            rows = con.table(name).to_arrow_table().num_rows
            print(f"{name}: {rows} rows")
    return 0


def find_sheets(folder: Path, out: Path) -> int:
    """The reader's own test of a sheet (its name, its title), so the floor reads exactly the same sheets."""
    from python_calamine import CalamineWorkbook

    from warehouse.readers.workbook import _looks_industrial

    found: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in {".xls", ".xlsx"}):
        book = CalamineWorkbook.from_path(str(path))
        found[str(path)] = [
            name
            for name in book.sheet_names
            if _looks_industrial(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)[:6])
        ]
    out.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(found)} workbooks, {sum(map(len, found.values()))} industrial sheets")
    return 0


def read_sheets(listing: Path) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for path, sheets in json.loads(listing.read_text(encoding="utf-8")).items():
        book = CalamineWorkbook.from_path(path)
        for name in sheets:
            cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False))
    print(f"{cells} cells")
    return 0


def main(argv: list[str]) -> int:
    commands = {"views": views, "find-sheets": find_sheets, "read-sheets": read_sheets}
    if not argv or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    return commands[argv[0]](*map(Path, argv[1:]))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
