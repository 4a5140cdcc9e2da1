"""SQL statements kept as files under sql/, read by name: `statement("load/insert_release")`."""

from __future__ import annotations

from functools import cache

from warehouse.settings import SQL_DIR


@cache
def statement(name: str) -> str:
    """The text of sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
