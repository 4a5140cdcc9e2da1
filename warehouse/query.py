"""Answer SQL against the warehouse and write the answers out: the engine of `iip sql` and `iip export`.

Imported by the command line on every query, so it imports only the standard library and DuckDB at module level;
pyarrow is imported for Parquet alone. It never imports the orchestrator or the validation library.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

import duckdb

FORMATS = ("table", "csv", "json", "parquet")
# A cell a spreadsheet would run as a formula when it opens the CSV (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: text that a spreadsheet would execute is quoted with a leading apostrophe.

    Only text is escaped: -1.6 stays a number, while the text "-1+1" or "=HYPERLINK(...)" does not run.
    """
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])


def write_json(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    out.write(json.dumps(records, ensure_ascii=False, default=str, indent=1) + "\n")


def write_parquet(relation: duckdb.DuckDBPyRelation, path: Path) -> None:
    """Written by pyarrow in this process: the read-only connection itself may not touch files."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(relation.to_arrow_table(), path)


def emit(relation: duckdb.DuckDBPyRelation, fmt: str, output: Path | None, out: TextIO) -> None:
    """Write a query's answer in one of FORMATS, to `output` when given, else to `out`."""
    if fmt == "parquet":
        if output is None:
            raise ValueError("Parquet is binary: name the file with --output PATH")
        write_parquet(relation, output)
        return
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8", newline="") as handle:
            emit(relation, fmt, None, handle)
        return
    if fmt == "table":
        if out is sys.stdout:
            out.flush()
            relation.show(max_rows=10_000, max_width=10_000)  # DuckDB's own boxes, through Python's stdout
        else:
            out.write(str(relation))
        return
    columns = relation.columns
    rows = relation.fetchall()
    if fmt == "csv":
        write_csv(columns, rows, out)
    elif fmt == "json":
        write_json(columns, rows, out)
    else:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")


def answer(con: duckdb.DuckDBPyConnection, query: str, fmt: str, output: Path | None, out: TextIO) -> None:
    """Run a query (the last statement's result is the answer) and write it."""
    relation = con.sql(query)
    if relation is not None:
        emit(relation, fmt, output, out)


PROMPT, CONTINUATION = "iip> ", "...> "
HELP = (
    "End a statement with ';'. Commands: .views (what to query), .format table|csv|json, .quit\n"
    "Any view as the warehouse stood on a day: from as_of('iip_headline', date '2024-02-01');\n"
)


def repl(con: duckdb.DuckDBPyConnection, fmt: str, lines: TextIO, out: TextIO, err: TextIO, interactive: bool) -> int:
    """A prompt: statements end with ';'. Returns 1 when any statement failed, else 0."""
    if fmt == "parquet":
        raise ValueError("the prompt writes tables, CSV or JSON; use --output with a query for Parquet")
    if interactive:
        import readline  # noqa: F401  (line editing and history for input())

        out.write(HELP)
    failed = False
    buffer: list[str] = []
    while True:
        if interactive:
            try:
                line = input(CONTINUATION if buffer else PROMPT) + "\n"
            except EOFError:
                out.write("\n")
                break
        else:
            line = lines.readline()
        if not line:
            break
        stripped = line.strip()
        if not buffer and stripped.startswith("."):
            command, _, argument = stripped.partition(" ")
            if command in (".quit", ".exit"):
                break
            if command == ".views":
                from warehouse.views import listing

                out.write(listing())
            elif command == ".format" and argument.strip() in ("table", "csv", "json"):
                fmt = argument.strip()
            else:
                out.write(HELP)
            continue
        buffer.append(line)
        if not stripped.endswith(";"):
            continue
        statement, buffer = "".join(buffer), []
        try:
            answer(con, statement, fmt, None, out)
        except duckdb.Error as exc:
            err.write(f"iip sql: {exc}\n")
            failed = True
        out.flush()
    if "".join(buffer).strip():
        try:
            answer(con, "".join(buffer), fmt, None, out)
        except duckdb.Error as exc:
            err.write(f"iip sql: {exc}\n")
            failed = True
    return 1 if failed else 0
