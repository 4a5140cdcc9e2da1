"""The `iip` command: run the monthly ingestion, query the warehouse, list and export its views, draw charts.

Only `iip run` imports the orchestrator and the validator; `iip sql` starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from warehouse.cycle_collector import before_exit, import_in_bulk
from warehouse.settings import (
    RELEASE_URL_ENV,
    SAMPLE_DIR,
    SCHEDULE_ENV,
    WAREHOUSE_ENV,
    WEBHOOK_ENV,
    default_warehouse_path,
    quiet_third_parties,
    schedule_settings,
    warehouse_paths,
)

if TYPE_CHECKING:
    from warehouse.report import RunSummary

DEPLOYMENT_NAME = "monthly"
# What a shell reports for a command whose reader went away (`yes | head`): 128 + SIGPIPE.
CLOSED_PIPE_EXIT = 141


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            return _dispatch(argv)
        finally:
            before_exit()
            sys.stdout.flush()  # so that a reader gone early shows here, not as an error at interpreter exit
    except BrokenPipeError:
        # `iip sql ... | head`: the reader has what it wanted. Stop quietly, like any Unix tool; stdout goes
        # to devnull because Python flushes it once more at exit and would complain again.
        # (https://docs.python.org/3/library/signal.html#note-on-sigpipe)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return CLOSED_PIPE_EXIT


def _dispatch(argv: list[str] | None) -> int:
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

    sql = commands.add_parser(
        "sql", help="answer a query against the warehouse, read-only (a prompt when given no query)"
    )
    sql.add_argument("query", nargs="?", help="the SQL query (default: --file, else an interactive prompt)")
    sql.add_argument("--file", type=Path, help="read the query from this file")
    sql.add_argument("--format", choices=["table", "csv", "json", "parquet"], default="table")
    sql.add_argument("--output", type=Path, help="write the answer to this file (required for parquet)")
    sql.set_defaults(handler=_sql)

    report = commands.add_parser("report", help="print the data-quality report of the latest run, or of RUN_ID")
    report.add_argument("run_id", nargs="?", help="the run (default: the latest); `iip sql` lists them: ingest_run")
    report.add_argument(
        "--path", action="store_true", help="print where the report files are (Markdown, HTML) instead of the report"
    )
    report.set_defaults(handler=_report)

    backfill = commands.add_parser(
        "backfill", help="load every release file of a folder, oldest first, and print what each file gave"
    )
    backfill.add_argument("source", type=Path, help="a folder of release files (e.g. ../shared/nso)")
    backfill.set_defaults(handler=_backfill)

    validate = commands.add_parser(
        "validate",
        help="run every expectation suite over the whole published warehouse (a run checks only its new releases)",
    )
    validate.set_defaults(handler=_validate)

    explain = commands.add_parser(
        "explain", help="where a figure came from: every vintage, with its file, sha256 and cell or line"
    )
    explain.add_argument("period_type", choices=["month", "quarter", "ytd", "year", "day"])
    explain.add_argument("period", help="2024-01 (month, ytd), 2022-Q3, 2023, 2019-08-01 (day)")
    explain.add_argument("subject", help="TOTAL, a section (B-E), a division (05-39), a product code")
    explain.add_argument("--base", help="prev_month, same_period_prev_year, prev_year, ... (default: all)")
    explain.add_argument("--measure", help="index, change_pct, contribution_pp, ... (default: all)")
    explain.add_argument("--geo", default="VN", help="VN or a geography code such as P63-22 (default VN)")
    explain.set_defaults(handler=_explain)

    ingest = commands.add_parser("ingest", help="load these release files (workbooks, figures files, texts) now")
    ingest.add_argument("files", type=Path, nargs="+", metavar="PATH")
    ingest.set_defaults(handler=_ingest)

    views = commands.add_parser("views", help="list the analytic views with what each holds")
    views.set_defaults(handler=_views)

    backup = commands.add_parser("backup", help="write the whole warehouse (tables, raw files, reports) to one archive")
    backup.add_argument("archive", type=Path, help="the .tar.gz to write")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser("restore", help="rebuild a warehouse from a backup archive (into a new location)")
    restore.add_argument("archive", type=Path)
    restore.set_defaults(handler=_restore)

    cron, timezone = schedule_settings()
    serve = commands.add_parser("serve", help="serve the scheduled monthly_ingest deployment (and manual runs)")
    serve.add_argument("--cron", default=cron, help=f"when to run (default: ${SCHEDULE_ENV}, else {cron!r})")
    serve.add_argument("--timezone", default=timezone, help=f"the schedule's time zone (default {timezone})")
    serve.add_argument(
        "--inbox", type=Path, default=None, help="folder to ingest (default: inbox/ beside the warehouse)"
    )
    serve.add_argument(
        "--release-url", default=None, help=f"fetch the release from here first (default: ${RELEASE_URL_ENV})"
    )
    serve.add_argument(
        "--webhook-url", default=None, help=f"post failed or partial runs here (default: ${WEBHOOK_ENV})"
    )
    serve.set_defaults(handler=_serve)

    schedule = commands.add_parser("schedule", help="show when the monthly deployment runs next")
    schedule.add_argument("--cron", default=cron)
    schedule.add_argument("--timezone", default=timezone)
    schedule.add_argument("--count", type=int, default=5)
    schedule.set_defaults(handler=_schedule)
    export = commands.add_parser("export", help="write a view to a Parquet or CSV file for other tools")
    export.add_argument("view", help="the view to write (see `iip views`)")
    export.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    export.add_argument("--output", type=Path, help="the file to write (default: ./VIEW.FORMAT)")
    export.set_defaults(handler=_export)

    chart = commands.add_parser(
        "chart", help="draw the headline with its sections' contributions, and the provinces ranked (PNG and HTML)"
    )
    chart.add_argument("--output-dir", type=Path, default=Path("charts"), help="where to write (default: ./charts)")
    chart.add_argument("--period", help="the period of the province ranking, e.g. 2021-11 (default: the latest)")
    chart.add_argument("--periods", type=int, default=24, help="how many latest periods the headline chart shows")
    chart.set_defaults(handler=_chart)
    text = commands.add_parser(
        "ingest-text",
        help="extract the figures of press releases and articles (.txt, .html) and load them like `iip run`",
    )
    text.add_argument("files", type=Path, nargs="+", metavar="FILE")
    text.add_argument(
        "--published-on",
        type=_iso_date,
        default=None,
        help="publication date (YYYY-MM-DD) for files that do not state their own",
    )
    text.add_argument("--publisher", default=None, help="who published the files (default: as the text names it)")
    text.add_argument(
        "--csv",
        type=Path,
        default=None,
        help="also write the figures as a figures file (the interchange CSV); '-' for standard output",
    )
    text.add_argument("--no-load", action="store_true", help="extract (and write --csv) without loading")
    text.set_defaults(handler=_ingest_text)
    return parser


def _run_monthly_ingest(command: str, **parameters: object) -> RunSummary | None:
    """One run of the flow: its summary (a held-back release included), or None once the failure is printed."""
    quiet_third_parties()
    from warehouse.ingest import get_ready_to_read_and_validate, holds_release_files

    source = parameters.get("source")
    if holds_release_files(Path(str(source)).expanduser() if source else SAMPLE_DIR):
        get_ready_to_read_and_validate()  # the readers boot while the validator and the orchestrator are imported
    import_in_bulk("flows.monthly_ingest", "prefect.flow_engine", "prefect.task_engine")  # what a flow run imports
    from flows.monthly_ingest import CriticalCheckFailed, monthly_ingest

    state = monthly_ingest(**parameters, return_state=True)
    outcome = state.result(raise_on_failure=False)
    if isinstance(outcome, CriticalCheckFailed):
        return outcome.summary
    if isinstance(outcome, BaseException):
        print(f"iip {command} failed: {type(outcome).__name__}: {outcome}", file=sys.stderr)
        return None
    return outcome


def _run(args: argparse.Namespace) -> int:
    if args.dry_run:
        from warehouse.ingest import discover_release_files

        discovery = discover_release_files(args.source or SAMPLE_DIR)
        for path in discovery.release_files:
            print(f"would read  {path}")
        for path in discovery.ignored:
            print(f"would skip  {path} (not a release file)")
        print(f"warehouse   {warehouse_paths(args.warehouse).database}")
        return 0

    from warehouse.report import console_summary

    summary = _run_monthly_ingest(
        "run",
        source=str(args.source) if args.source else None,
        warehouse=str(args.warehouse) if args.warehouse else None,
    )
    if summary is None:
        return 2
    print(console_summary(summary))
    return summary.exit_code


def _backfill(args: argparse.Namespace) -> int:
    """The monthly flow over a folder, one publication year per run; a restart resumes at the first unfinished year."""
    if not args.source.is_dir():
        print(f"iip backfill: {args.source} is not a folder", file=sys.stderr)
        return 2
    import tempfile

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from warehouse.backfill import combined, per_file_table, yearly_batches
    from warehouse.ingest import discover_release_files
    from warehouse.report import console_summary

    discovery = discover_release_files(args.source)
    batches = yearly_batches(discovery.release_files)
    summaries: list[RunSummary] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=False) as progress:
        files = progress.add_task("backfill", total=len(discovery.release_files))
        for year, batch in batches:
            progress.update(files, description=f"backfill {year} ({len(batch)} files)")
            with tempfile.TemporaryDirectory(prefix=f"iip-backfill-{year}-") as folder:
                for path in batch:  # the batch as a folder of links: the flow reads a folder
                    (Path(folder) / path.name).symlink_to(path.resolve())
                outcome = _run_monthly_ingest(
                    f"backfill ({year})", source=folder, warehouse=str(args.warehouse) if args.warehouse else None
                )
            if outcome is None:
                return 2
            summaries.append(outcome)
            progress.advance(files, len(batch))
    if not summaries:
        print(f"iip backfill: no release files in {args.source}", file=sys.stderr)
        return 2
    summary = combined(summaries)
    print(per_file_table(summary))
    print()
    print(console_summary(summary))
    return summary.exit_code


def _sql(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.db import connect_read_only
    from warehouse.query import answer, repl

    if args.format == "parquet" and args.output is None:
        print("iip sql: Parquet is binary: name the file with --output PATH", file=sys.stderr)
        return 2
    query = args.query or (args.file.read_text(encoding="utf-8") if args.file else None)
    database = warehouse_paths(args.warehouse).database
    try:
        with connect_read_only(database) as con:
            if query is None:
                return repl(con, args.format, sys.stdin, sys.stdout, sys.stderr, interactive=sys.stdin.isatty())
            answer(con, query, args.format, args.output, sys.stdout)
    except (duckdb.Error, FileNotFoundError, ValueError) as exc:
        print(f"iip sql: {exc}", file=sys.stderr)
        return 1
    return 0


def _report(args: argparse.Namespace) -> int:
    # Imported here, like `iip sql`: no orchestrator or validator on this path.
    import duckdb

    from warehouse.db import connect_read_only
    from warehouse.report import stored_report

    paths = warehouse_paths(args.warehouse)
    try:
        with connect_read_only(paths.database) as con:
            found = stored_report(con, paths.reports_dir, args.run_id)
    except (duckdb.Error, FileNotFoundError, LookupError) as exc:
        print(f"iip report: {exc}", file=sys.stderr)
        return 1
    if args.path:
        for path in (found.markdown, found.html):
            print(path if path.exists() else f"{path} (missing)")
    else:
        print(found.text, end="")
    return 0


def _validate(args: argparse.Namespace) -> int:
    """Every check over every row of the published state; exit 1 when a critical check fails."""
    import duckdb

    from warehouse.db import connect_read_only
    from warehouse.report import checks_passed
    from warehouse.validate import describe_row, run_suites

    try:
        with connect_read_only(warehouse_paths(args.warehouse).database) as con:
            outcomes = run_suites(con)
    except (duckdb.Error, FileNotFoundError) as exc:
        print(f"iip validate: {exc}", file=sys.stderr)
        return 1
    for outcome in sorted(outcomes, key=lambda o: (o.severity != "critical", o.suite, o.check)):
        if not outcome.success:
            first = describe_row(outcome.failing_rows[0]) if outcome.failing_rows else f"observed {outcome.observed}"
            print(f"{outcome.severity:8}  {outcome.suite}.{outcome.check}: {len(outcome.failing_rows)} rows fail")
            print(f"          first: {first}")
    print(f"{len(outcomes)} checks over the whole warehouse: {checks_passed(outcomes)}")
    return 0 if all(o.success for o in outcomes if o.severity == "critical") else 1


def _serve(args: argparse.Namespace) -> int:
    quiet_third_parties()
    import_in_bulk("flows.monthly_ingest", "prefect.schedules")

    from prefect.schedules import Cron

    from flows.monthly_ingest import monthly_ingest

    paths = warehouse_paths(args.warehouse).ensure()
    parameters = {
        "warehouse": str(paths.database),
        "inbox": str(args.inbox.expanduser().resolve() if args.inbox else paths.inbox_dir),
        "release_url": args.release_url or os.environ.get(RELEASE_URL_ENV) or None,
        "webhook_url": args.webhook_url or os.environ.get(WEBHOOK_ENV) or None,
    }
    print(f"serving monthly_ingest/{DEPLOYMENT_NAME}: {args.cron} ({args.timezone}); inbox {parameters['inbox']}")
    monthly_ingest.serve(
        name=DEPLOYMENT_NAME,
        schedules=[Cron(args.cron, timezone=args.timezone)],
        parameters=parameters,
        global_limit=1,  # two runs never write at once; the writer lock guards runs started elsewhere
        description="Ingest the month's releases from the inbox (and the release address), check, publish.",
        pause_on_shutdown=False,
    )
    return 0


def _iso_date(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def _ingest_text(args: argparse.Namespace) -> int:
    from datetime import date

    from warehouse.facts import SourceRejected
    from warehouse.readers.text import TextOptions, figures_csv_rows, read_text_file, write_figures_csv

    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        print(f"iip ingest-text: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    options = TextOptions(date.fromisoformat(args.published_on) if args.published_on else None, args.publisher)
    rows, failed = [], 0
    for path in args.files:
        try:
            reading = read_text_file(path, options)
        except SourceRejected as exc:
            print(f"iip ingest-text: {exc}", file=sys.stderr)
            failed += 1
            continue
        rows.extend(figures_csv_rows(path, reading))
        found = len(reading.extraction.figures)
        print(f"{path.name}: {found} figures, published {reading.published_on}", file=sys.stderr)
    if args.csv is not None:
        written = write_figures_csv(rows)
        if str(args.csv) == "-":
            sys.stdout.write(written)
        else:
            args.csv.write_text(written, encoding="utf-8")
    if args.no_load:
        return 1 if failed else 0
    return _load_text_files(args)


def _load_text_files(args: argparse.Namespace) -> int:
    """The same flow as `iip run`, over just these files: one run, one report."""
    import tempfile

    from warehouse.report import console_summary

    with tempfile.TemporaryDirectory(prefix="iip-text-") as staging:
        if len(args.files) == 1:
            source = args.files[0].resolve()
        else:
            source = Path(staging)
            for index, path in enumerate(args.files):  # one folder each: the file keeps its own name
                (source / f"{index:03d}").mkdir()
                (source / f"{index:03d}" / path.name).symlink_to(path.resolve())
        summary = _run_monthly_ingest(
            "ingest-text",
            source=str(source),
            warehouse=str(args.warehouse) if args.warehouse else None,
            published_on=args.published_on,
            publisher=args.publisher,
        )
    if summary is None:
        return 2
    print(console_summary(summary))
    return summary.exit_code


def _schedule(args: argparse.Namespace) -> int:
    from warehouse.schedule import next_runs

    print(f"monthly_ingest/{DEPLOYMENT_NAME}: {args.cron} ({args.timezone})")
    for moment in next_runs(args.cron, args.timezone, args.count):
        print(f"  {moment:%Y-%m-%d %H:%M %Z} ({moment:%a})")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from warehouse.backup import backup

    summary = backup(warehouse_paths(args.warehouse), args.archive)
    print(
        f"backed up {sum(summary.tables.values())} rows in {len(summary.tables)} tables and "
        f"{summary.files} files to {summary.archive}"
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    from warehouse.backup import RestoreRefused, restore

    paths = warehouse_paths(args.warehouse)
    try:
        summary = restore(args.archive, paths)
    except RestoreRefused as exc:
        print(f"iip restore: {exc}", file=sys.stderr)
        return 1
    print(f"restored {sum(summary.tables.values())} rows in {len(summary.tables)} tables to {paths.database}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.db import connect_read_only
    from warehouse.sql_files import statement

    paths = warehouse_paths(args.warehouse)
    parameters = {
        "period_type": args.period_type,
        "period": args.period,
        "subject": args.subject,
        "geo": args.geo,
        "measure": args.measure,
        "base": args.base,
    }
    try:
        with connect_read_only(paths.database) as con:
            rows = con.execute(statement("report/explain_figure"), parameters).fetchall()
    except (duckdb.Error, FileNotFoundError) as exc:
        print(f"iip explain: {exc}", file=sys.stderr)
        return 1
    if not rows:
        print(
            f"iip explain: no figure {args.period_type} {args.period} {args.subject} ({args.geo}) in the warehouse",
            file=sys.stderr,
        )
        return 1
    for (
        measure,
        base,
        published_on,
        publisher,
        kind,
        source,
        location,
        value,
        high,
        _,
        unit,
        status,
        state,
        sha,
    ) in rows:
        shown = f"{value:g}" + (f" to {high:g}" if high is not None else "")
        raw = next(paths.raw_dir.glob(f"{sha}.*"), None) if paths.raw_dir.is_dir() else None
        print(f"{measure} {base}  {published_on}  {shown} {unit}  {status or '-'}  [{state}]")
        print(f"    {publisher} {kind}: {source} {location}")
        print(f"    raw file {raw or '(not kept here)'}  sha256 {sha}")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    """Ad-hoc files through the same flow as `iip run`: one run, one report."""
    import tempfile

    from warehouse.report import console_summary

    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        print(f"iip ingest: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="iip-ingest-") as folder:
        for index, path in enumerate(args.files):  # one folder each: every file keeps its own name
            (Path(folder) / f"{index:03d}").mkdir()
            (Path(folder) / f"{index:03d}" / path.name).symlink_to(path.resolve())
        summary = _run_monthly_ingest(
            "ingest", source=folder, warehouse=str(args.warehouse) if args.warehouse else None
        )
    if summary is None:
        return 2
    print(console_summary(summary))
    return summary.exit_code


def _views(args: argparse.Namespace) -> int:
    from warehouse.views import listing

    print(listing(), end="")
    return 0


def _export(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.db import connect_read_only
    from warehouse.query import emit
    from warehouse.views import view_files

    if args.view not in view_files():
        print(f"iip export: no view {args.view!r}; `iip views` lists them", file=sys.stderr)
        return 2
    output = args.output or Path(f"{args.view}.{args.format}")
    try:
        with connect_read_only(warehouse_paths(args.warehouse).database) as con:
            emit(con.table(args.view), args.format, output, sys.stdout)
    except (duckdb.Error, FileNotFoundError) as exc:
        print(f"iip export: {exc}", file=sys.stderr)
        return 1
    print(output)
    return 0


def _chart(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.charts import draw_charts
    from warehouse.db import connect_read_only

    try:
        with connect_read_only(warehouse_paths(args.warehouse).database) as con:
            written, skipped = draw_charts(con, args.output_dir, province_period=args.period, periods=args.periods)
    except (duckdb.Error, FileNotFoundError, LookupError) as exc:
        print(f"iip chart: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    for reason in skipped:
        print(f"iip chart: skipped {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
