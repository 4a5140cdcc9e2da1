"""Create and upgrade the warehouse schema, and load the reference tables (industries, provinces, ...).

Schema files in sql/schema/ are applied once each, in name order, and recorded in schema_migration;
reference tables are data, reloaded from warehouse/reference/*.csv when their rows differ from those last loaded.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import polars as pl

from warehouse.reference import CLASSIFICATIONS, geography_aliases, industry_aliases, read_reference
from warehouse.settings import SCHEMA_SQL_DIR
from warehouse.sql_files import statement


def schema_files() -> list[Path]:
    return sorted(SCHEMA_SQL_DIR.glob("*.sql"))


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the schema files not yet applied; reload the reference tables. Returns the files applied."""
    applied_now: list[str] = []
    con.execute("begin transaction")
    try:
        bootstrap, *others = schema_files()
        con.execute(bootstrap.read_text(encoding="utf-8"))  # idempotent: the ledger must exist to be read
        applied = _applied(con)
        for path in [bootstrap, *others]:
            if path.name in applied:
                continue
            sql = path.read_text(encoding="utf-8")
            digest = hashlib.sha256(sql.encode()).hexdigest()
            con.execute(sql)
            con.execute("insert or replace into schema_migration (name, sha256) values (?, ?)", [path.name, digest])
            applied_now.append(path.name)
        load_reference_tables(con, whole=bool(applied_now))  # a migration may have recreated one
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return applied_now


def _applied(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {name for (name,) in con.execute("select name from schema_migration").fetchall()}


def reference_rows() -> dict[str, tuple[list[str], list[list[object]]]]:
    """Each dimension and alias table's columns and rows, from the reference CSVs."""
    return {
        "industry": (
            ["code", "level", "parent_code", "name_vi", "name_en", "classification"],
            [
                [r["code"], r["level"], r["parent"] or None, r["name_vi"], r["name_en"], r["classification"]]
                for r in read_reference("industries")
            ],
        ),
        "industry_alias": (
            ["classification", "alias_key", "alias", "code"],
            [
                [classification, key, alias, code]
                for classification in CLASSIFICATIONS
                for key, (alias, code) in industry_aliases(classification).items()
            ],
        ),
        "geography": (
            ["geo_code", "level", "gso_code", "name_vi", "valid_from", "valid_to", "successor_geo_code"],
            [
                [
                    r["geo_code"],
                    r["level"],
                    r["gso_code"] or None,
                    r["name_vi"],
                    r["valid_from"] or None,
                    r["valid_to"] or None,
                    r["successor_geo_code"] or None,
                ]
                for r in read_reference("geography")
            ],
        ),
        "geography_alias": (
            ["alias_key", "alias", "name_vi"],
            [[key, alias, name] for (key, name), alias in geography_aliases().items()],
        ),
        "measure": (
            ["measure", "unit", "description"],
            [[r["measure"], r["unit"], r["description"]] for r in read_reference("measures")],
        ),
        "comparison_base": (
            ["base", "description"],
            [[r["base"], r["description"]] for r in read_reference("bases")],
        ),
        "lunar_new_year": (
            ["year", "tet_on"],
            [[int(r["year"]), r["tet_on"]] for r in read_reference("lunar_new_year")],
        ),
        "measure_ratio": (
            ["share_measure", "part_measure", "whole_measure", "description"],
            [
                [r["share_measure"], r["part_measure"], r["whole_measure"], r["description"]]
                for r in read_reference("measure_ratios")
            ],
        ),
    }


def load_reference_tables(con: duckdb.DuckDBPyConnection, *, whole: bool = False) -> None:
    """Replace the dimension and alias tables whose rows differ from what was last loaded (all when `whole`)."""
    loaded = {
        name: digest
        for kind, name, digest in con.execute(statement("publish/find_installed_definitions")).fetchall()
        if kind == "reference"
    }
    for table, (columns, rows) in reference_rows().items():
        digest = hashlib.sha256(json.dumps([columns, rows], ensure_ascii=False, default=str).encode()).hexdigest()
        if not whole and loaded.get(table) == digest:
            continue
        _replace(con, table, columns, rows)
        con.execute(
            statement("publish/record_installed_definition"), {"kind": "reference", "name": table, "sha256": digest}
        )


def _replace(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[list[object]]) -> None:
    # Table and column names come from this module's own literals, never from input. The rows go in as text
    # in one insert (DuckDB casts them to the columns' types): row-by-row inserts cost half a second a run.
    text = [[None if value is None else str(value) for value in row] for row in rows]
    con.register("reference_rows", pl.DataFrame(text, schema=dict.fromkeys(columns, pl.String), orient="row"))
    try:
        con.execute(f"delete from {table}")
        con.execute(f"insert into {table} ({', '.join(columns)}) select {', '.join(columns)} from reference_rows")
    finally:
        con.unregister("reference_rows")
