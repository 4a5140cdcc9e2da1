"""The `iip` command: run the monthly ingestion, query the warehouse, list its views.

Only `iip run` imports the orchestrator and the validator; `iip sql` starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from warehouse.settings import WAREHOUSE_ENV, default_warehouse_path, quiet_third_parties, warehouse_paths


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    return int(args.handler(args) or 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iip", description="Vietnam's Index of Industrial Production warehouse.")
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help=f"the DuckDB file (default: ${WAREHOUSE_ENV}, else {default_warehouse_path()})",
    )
    commands = parser.add_subparsers(title="commands")

    run = commands.add_parser("run", help="ingest release files, check them, publish the views, write a report")
    run.add_argument(
        "--source",
        type=Path,
        default=None,
        help="a release file or a folder of them (default: the embedded sample releases)",
    )
    run.add_argument("--dry-run", action="store_true", help="list the files that would be read, and stop")
    run.set_defaults(handler=_run)

    sql = commands.add_parser("sql", help="answer a query against the warehouse, read-only")
    sql.add_argument("query", nargs="?", help="the SQL query (default: read it from --file)")
    sql.add_argument("--file", type=Path, help="read the query from this file")
    sql.add_argument("--format", choices=["table", "csv", "json"], default="table")
    sql.set_defaults(handler=_sql)

    backfill = commands.add_parser(
        "backfill", help="load every release file of a folder, oldest first, and print what each file gave"
    )
    backfill.add_argument("source", type=Path, help="a folder of release files (e.g. ../shared/nso)")
    backfill.set_defaults(handler=_backfill)

    views = commands.add_parser("views", help="list the analytic views with what each holds")
    views.set_defaults(handler=_views)
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.dry_run:
        from warehouse.ingest import discover_release_files
        from warehouse.settings import SAMPLE_DIR

        discovery = discover_release_files(args.source or SAMPLE_DIR)
        for path in discovery.release_files:
            print(f"would read  {path}")
        for path in discovery.ignored:
            print(f"would skip  {path} (not a release file)")
        print(f"warehouse   {warehouse_paths(args.warehouse).database}")
        return 0

    quiet_third_parties()
    from flows.monthly_ingest import CriticalCheckFailed, monthly_ingest
    from warehouse.report import console_summary

    state = monthly_ingest(
        source=str(args.source) if args.source else None,
        warehouse=str(args.warehouse) if args.warehouse else None,
        return_state=True,
    )
    outcome = state.result(raise_on_failure=False)
    if isinstance(outcome, CriticalCheckFailed):
        outcome = outcome.summary
    elif isinstance(outcome, BaseException):
        print(f"iip run failed: {type(outcome).__name__}: {outcome}", file=sys.stderr)
        return 2
    print(console_summary(outcome))
    return outcome.exit_code


def _backfill(args: argparse.Namespace) -> int:
    """The monthly flow over a whole folder; files already loaded (same sha256) are skipped, so it resumes."""
    if not args.source.is_dir():
        print(f"iip backfill: {args.source} is not a folder", file=sys.stderr)
        return 2
    quiet_third_parties()
    from flows.monthly_ingest import CriticalCheckFailed, monthly_ingest
    from warehouse.backfill import per_file_table
    from warehouse.report import console_summary

    state = monthly_ingest(
        source=str(args.source), warehouse=str(args.warehouse) if args.warehouse else None, return_state=True
    )
    outcome = state.result(raise_on_failure=False)
    if isinstance(outcome, CriticalCheckFailed):
        outcome = outcome.summary
    elif isinstance(outcome, BaseException):
        print(f"iip backfill failed: {type(outcome).__name__}: {outcome}", file=sys.stderr)
        return 2
    print(per_file_table(outcome))
    print()
    print(console_summary(outcome))
    return outcome.exit_code


def _sql(args: argparse.Namespace) -> int:
    from warehouse.db import connect_read_only

    query = args.query or (args.file.read_text(encoding="utf-8") if args.file else None)
    if not query:
        print("iip sql: give a query, or --file FILE", file=sys.stderr)
        return 2
    import duckdb

    database = warehouse_paths(args.warehouse).database
    try:
        with connect_read_only(database) as con:
            relation = con.sql(query)
            if relation is None:
                return 0
            if args.format == "table":
                relation.show(max_rows=10_000, max_width=10_000)
            elif args.format == "csv":
                relation.pl().write_csv(sys.stdout)
            else:
                rows = [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
                print(json.dumps(rows, ensure_ascii=False, default=str, indent=1))
    except (duckdb.Error, FileNotFoundError) as exc:
        print(f"iip sql: {exc}", file=sys.stderr)
        return 1
    return 0


def _views(args: argparse.Namespace) -> int:
    from warehouse.views import analytic_views, description, view_files

    files = view_files()
    for name in analytic_views():
        print(f"{name:32} {description(files[name])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
