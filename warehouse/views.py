"""Install the views of sql/views/: one file per view, named after it, created in dependency order."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from warehouse.settings import VIEWS_SQL_DIR


def view_files() -> dict[str, Path]:
    return {path.stem: path for path in sorted(VIEWS_SQL_DIR.glob("*.sql"))}


def description(path: Path) -> str:
    """A view's first comment line: what it is."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("--"):
            return line.removeprefix("--").strip()
    return ""


def creation_order() -> list[str]:
    """Views sorted so that each comes after the views it reads."""
    files = view_files()
    reads = {
        name: {
            other
            for other in files
            if other != name and re.search(rf"\b{re.escape(other)}\b", path.read_text(encoding="utf-8"))
        }
        for name, path in files.items()
    }
    ordered: list[str] = []
    while len(ordered) < len(files):
        ready = sorted(n for n in files if n not in ordered and reads[n] <= set(ordered))
        if not ready:
            raise ValueError(f"views read each other in a cycle: {sorted(set(files) - set(ordered))}")
        ordered.extend(ready)
    return ordered


def install_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every view from its file; returns the view names in creation order."""
    files = view_files()
    order = creation_order()
    for name in order:
        con.execute(files[name].read_text(encoding="utf-8"))
    return order


ANALYTIC_PREFIX = "iip_"


def analytic_views() -> list[str]:
    """The views analysts query (iip_*); the others are building blocks."""
    return [name for name in creation_order() if name.startswith(ANALYTIC_PREFIX)]


CHECK_PREFIX = "dq_"


def check_views() -> list[str]:
    """The views the data-quality suites read (dq_*): each one check family's input, row by row."""
    return [name for name in creation_order() if name.startswith(CHECK_PREFIX)]
