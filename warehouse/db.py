"""Connections to the warehouse file: one writer at a time, any number of read-only readers."""

from __future__ import annotations

from pathlib import Path

import duckdb


def connect(database: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection. DuckDB allows one writing process per file."""
    database.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(database))


def connect_read_only(database: Path) -> duckdb.DuckDBPyConnection:
    """A connection that cannot write the warehouse, nor read or write files outside it."""
    if not database.exists():
        raise FileNotFoundError(f"no warehouse at {database}: run `iip run` first, or pass --warehouse")
    return duckdb.connect(
        str(database),
        read_only=True,
        config={
            "enable_external_access": False,  # no other file: no read_csv, copy, attach, export, install, load
            "autoload_known_extensions": False,
            "autoinstall_known_extensions": False,
            "allow_community_extensions": False,
            "lock_configuration": True,  # a query cannot switch any of this back on
        },
    )
