"""Install the views of sql/views/: one file per view, named after it, created in dependency order.

Each view also gets a table macro `<view>_as_of(as_of_day)`: the same query over the figures of the releases
published on or before that day, so any view can be seen as the warehouse stood then; `as_of('view', day)`
(sql/macros/as_of.sql) calls it by name. The macro is derived from the view's own text, never written twice:
references to other views become references to their as-of macros, down to `published_fact_as_of`, which
sql/macros/ defines by hand because it is where the date filter is applied.

A view whose opening comment has a line starting `-- Materialized` is created as a table instead, refreshed
when views are installed (inside the publish transaction, so readers see the old or the new table).

A line starting `-- By period` promises that the view's rows of a period are computed from the rows of that
period alone of what it reads. A run then looks only at the periods its new releases state: a materialized view
recomputes those periods, and the checks of a view read those periods only, so the cost of publishing a month
does not grow with the history. (tests/test_refresh.py holds each promise to a full computation.)

Installing leaves alone what has not changed: `installed_definition` keeps the digest each view was installed
from (its text, its macro's, and the digests of every view and reference table it reads), so a view is created
again only when one of them changed, and then whole.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
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
_BY_PERIOD = re.compile(r"^--\s*By period\b", re.MULTILINE)


@dataclass(frozen=True)
class ViewDefinition:
    name: str
    path: Path
    query: str  # the select after `create or replace view <name> as`
    materialized: bool
    by_period: bool  # its rows of a period come from rows of that period alone of what it reads


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
    opening_comment = text[: found.start()]
    return ViewDefinition(
        name=path.stem,
        path=path,
        query=text[found.end() :].strip().rstrip(";").strip(),
        materialized=bool(_MATERIALIZED.search(opening_comment)),
        by_period=bool(_BY_PERIOD.search(opening_comment)),
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


def install_views(con: duckdb.DuckDBPyConnection, changed_periods: Collection[str] | None = None) -> list[str]:
    """Bring every view (or materialized table) and its as-of macro up to date; returns the names in creation order.

    changed_periods: the periods whose figures changed since the views were last installed (a run's releases);
    a table computed by period recomputes those, any other materialized table is recomputed whole if there
    are any. None: every materialized table is recomputed whole.
    """
    views = definitions()
    order = creation_order()
    hand_written = macro_files()
    installed = {
        (kind, name): digest
        for kind, name, digest in con.execute(statement("publish/find_installed_definitions")).fetchall()
    }
    present = dict(con.execute(statement("publish/find_relation_kinds")).fetchall())
    digests = {name: digest for (kind, name), digest in installed.items() if kind == "reference"}
    for name in order:
        definition = views[name]
        # A table macro binds what it reads when it is created: each comes right after its view.
        own_macro = hand_written.get(f"{name}{AS_OF_SUFFIX}")
        macro = (
            own_macro.read_text(encoding="utf-8")
            if own_macro is not None
            else f"create or replace macro {name}{AS_OF_SUFFIX}({AS_OF_PARAMETER}) as table "
            f"{as_of_query(definition, order)}"
        )
        reads = _reads(definition.query, list(digests), name)  # every view before it in order, and reference tables
        digests[name] = _digest(
            definition.path.read_text(encoding="utf-8"), macro, *(f"{r} {digests[r]}" for r in sorted(reads))
        )
        kind = "table" if definition.materialized else "view"
        macro_present = present.get(f"{name}{AS_OF_SUFFIX}") == "table macro"
        if installed.get(("view", name)) == digests[name] and present.get(name) == kind and macro_present:
            if definition.materialized:
                _refresh(con, definition, changed_periods)
            continue
        if present.get(name) not in (None, kind):
            con.execute(f"drop {present[name]} {name}")  # name checked by _CREATE_VIEW: a plain identifier
        if definition.materialized:
            con.execute(f"create or replace table {name} as {definition.query}")
        else:
            con.execute(definition.path.read_text(encoding="utf-8"))
        con.execute(macro)
        con.execute(
            statement("publish/record_installed_definition"), {"kind": "view", "name": name, "sha256": digests[name]}
        )
    for macro_name, path in hand_written.items():
        if not macro_name.endswith(AS_OF_SUFFIX) or macro_name.removesuffix(AS_OF_SUFFIX) not in views:
            con.execute(path.read_text(encoding="utf-8"))
    return order


def _refresh(
    con: duckdb.DuckDBPyConnection, definition: ViewDefinition, changed_periods: Collection[str] | None
) -> None:
    """Recompute a materialized table: the changed periods of one computed by period, else the whole of it."""
    name, query = definition.name, definition.query  # name checked by _CREATE_VIEW: a plain identifier
    if changed_periods is not None and not changed_periods:
        return
    if changed_periods is None or not definition.by_period:
        con.execute(f"create or replace table {name} as {query}")
        return
    # A constant filter on a partitioning column reaches into windows and groups: only these periods are read.
    periods = {"periods": sorted(changed_periods)}
    con.execute(f"delete from {name} where list_contains($periods, period)", periods)
    con.execute(f"insert into {name} by name select * from ({query}) where list_contains($periods, period)", periods)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n\0".join(parts).encode("utf-8")).hexdigest()


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
