"""Install the views of sql/views/: one file per view, named after it, created in dependency order.

Each view also gets a table macro `<view>_as_of(as_of_day)`: the same query over the figures of the releases
published on or before that day, so any view can be seen as the warehouse stood then; `as_of('view', day)`
(sql/macros/as_of.sql) calls it by name. The macro is derived from the view's own text, never written twice:
references to other views become references to their as-of macros, down to `published_fact_as_of`, which
sql/macros/ defines by hand because it is where the date filter is applied.

A view whose opening comment has a line starting `-- Materialized` is created as a table instead, refreshed
whenever views are installed (inside the publish transaction, so readers see the old or the new table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from warehouse.settings import MACROS_SQL_DIR, VIEWS_SQL_DIR
from warehouse.sql_files import statement

AS_OF_SUFFIX = "_as_of"
AS_OF_PARAMETER = "as_of_day"
_CREATE_VIEW = re.compile(r"^create or replace view (\w+) as\s", re.IGNORECASE | re.MULTILINE)
_MATERIALIZED = re.compile(r"^--\s*Materialized\b", re.MULTILINE)


@dataclass(frozen=True)
class ViewDefinition:
    name: str
    path: Path
    query: str  # the select after `create or replace view <name> as`
    materialized: bool


def view_files() -> dict[str, Path]:
    return {path.stem: path for path in sorted(VIEWS_SQL_DIR.glob("*.sql"))}


def macro_files() -> dict[str, Path]:
    """Hand-written table macros: the generic `as_of` and the as-of roots the derived macros stand on."""
    return {path.stem: path for path in sorted(MACROS_SQL_DIR.glob("*.sql"))}


@cache
def _definition(path: Path) -> ViewDefinition:
    text = path.read_text(encoding="utf-8")
    found = _CREATE_VIEW.search(text)
    if not found or found.group(1) != path.stem:
        raise ValueError(f"{path}: must hold one `create or replace view {path.stem} as ...` statement")
    return ViewDefinition(
        name=path.stem,
        path=path,
        query=text[found.end() :].strip().rstrip(";").strip(),
        materialized=bool(_MATERIALIZED.search(text[: found.start()])),
    )


def definitions() -> dict[str, ViewDefinition]:
    return {name: _definition(path) for name, path in view_files().items()}


def description(path: Path) -> str:
    """A view's first comment line: what it is."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("--"):
            return line.removeprefix("--").strip()
    return ""


def _reads(text: str, candidates: list[str], itself: str) -> set[str]:
    return {other for other in candidates if other != itself and re.search(rf"\b{re.escape(other)}\b", text)}


def creation_order() -> list[str]:
    """Views sorted so that each comes after the views it reads."""
    views = definitions()
    reads = {name: _reads(view.query, list(views), name) for name, view in views.items()}  # comments may name others
    ordered: list[str] = []
    while len(ordered) < len(views):
        ready = sorted(n for n in views if n not in ordered and reads[n] <= set(ordered))
        if not ready:
            raise ValueError(f"views read each other in a cycle: {sorted(set(views) - set(ordered))}")
        ordered.extend(ready)
    return ordered


def as_of_query(definition: ViewDefinition, views: list[str]) -> str:
    """The view's query with every view it reads replaced by that view's as-of macro."""
    query = definition.query
    for other in sorted(_reads(query, views, definition.name), key=len, reverse=True):
        query = re.sub(rf"\b{re.escape(other)}\b", f"{other}{AS_OF_SUFFIX}({AS_OF_PARAMETER})", query)
    return query


def install_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every view (or materialized table) and its as-of macro; returns the names in creation order."""
    views = definitions()
    order = creation_order()
    hand_written = macro_files()
    for name in order:
        definition = views[name]
        existing = _existing_kind(con, name)
        if definition.materialized:
            if existing == "view":
                con.execute(f"drop view {name}")  # name checked by _CREATE_VIEW: a plain identifier
            con.execute(f"create or replace table {name} as {definition.query}")
        else:
            if existing == "table":
                con.execute(f"drop table {name}")
            con.execute(definition.path.read_text(encoding="utf-8"))
        # A table macro binds what it reads when it is created: each comes right after its view.
        if (own := hand_written.get(f"{name}{AS_OF_SUFFIX}")) is not None:
            con.execute(own.read_text(encoding="utf-8"))
        else:
            con.execute(
                f"create or replace macro {name}{AS_OF_SUFFIX}({AS_OF_PARAMETER}) as table "
                f"{as_of_query(definition, order)}"
            )
    for macro, path in hand_written.items():
        if not macro.endswith(AS_OF_SUFFIX) or macro.removesuffix(AS_OF_SUFFIX) not in views:
            con.execute(path.read_text(encoding="utf-8"))
    return order


def _existing_kind(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    row = con.execute(statement("publish/find_relation_kind"), {"name": name}).fetchone()
    return row[0] if row else None


ANALYTIC_PREFIX = "iip_"


def analytic_views() -> list[str]:
    """The views analysts query (iip_*); the others are building blocks."""
    return [name for name in creation_order() if name.startswith(ANALYTIC_PREFIX)]


def listing() -> str:
    """What `iip views` prints: each analytic view with its one-line description, then the as-of macro."""
    files = view_files()
    lines = [f"{name:28} {description(files[name])}" for name in sorted(analytic_views())]
    lines.append(f"{'as_of(view, day)':28} {description(macro_files()['as_of'])}")
    return "\n".join(lines) + "\n"


CHECK_PREFIX = "dq_"


def check_views() -> list[str]:
    """The views the data-quality suites read (dq_*): each one check family's input, row by row."""
    return [name for name in creation_order() if name.startswith(CHECK_PREFIX)]
