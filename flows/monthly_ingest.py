"""The monthly ingestion: (fetch) -> discover release files -> read -> load -> validate -> publish -> report.

Run by hand (`iip run`), on a schedule (`iip serve`), or by a Prefect work pool (prefect.yaml).
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.tasks import exponential_backoff

from warehouse.db import connect
from warehouse.ingest import (
    Discovery,
    FileReading,
    discover_release_files,
    get_ready_to_read_and_validate,
    known_sha256s,
    load_readings,
    read_files,
)
from warehouse.load import LoadOutcome
from warehouse.lock import writer_lock
from warehouse.notify import needs_attention, post_webhook, run_message
from warehouse.publish import unvalidated_releases, validate_and_publish
from warehouse.readers import TextOptions
from warehouse.report import EXIT_CRITICAL_CHECK_FAILED, RunSummary, summarize, write_report
from warehouse.schema import migrate
from warehouse.settings import RELEASE_URL_ENV, SAMPLE_DIR, WEBHOOK_ENV, WarehousePaths, warehouse_paths
from warehouse.sources import FetchOutcome, Inbox, fetch_release
from warehouse.sql_files import statement
from warehouse.staging import discard_staged, publish_staged, start_staging
from warehouse.validate import Verdict, build_data_docs

FETCH_TIMEOUT_SECONDS = 120


class CriticalCheckFailed(RuntimeError):
    """The run loaded its input, but a release failed a critical check and was held back."""

    def __init__(self, summary: RunSummary) -> None:
        reasons = "; ".join(f"release {rid}: {why}" for rid, why in summary.failed_releases.items())
        super().__init__(reasons or "a critical check failed")
        self.summary = summary


@task(cache_policy=NO_CACHE)
def prepare(paths: WarehousePaths, run_id: str, source: Path) -> None:
    with connect(paths.ensure().database) as con:
        migrate(con)
        con.execute(statement("publish/start_ingest_run"), {"run_id": run_id, "source": str(source)})


@task(
    cache_policy=NO_CACHE,
    retries=4,
    retry_delay_seconds=exponential_backoff(backoff_factor=15),
    retry_jitter_factor=0.5,
    timeout_seconds=FETCH_TIMEOUT_SECONDS * 2,
)
def fetch(url: str, paths: WarehousePaths, inbox: Inbox) -> FetchOutcome:
    with connect(paths.database) as con:
        known = known_sha256s(con)
    return fetch_release(url, inbox, known, timeout=FETCH_TIMEOUT_SECONDS, today=date.today())


@task(cache_policy=NO_CACHE)
def discover(source: Path, recursive: bool) -> Discovery:
    return discover_release_files(source, recursive=recursive)


@task(cache_policy=NO_CACHE)
def read(release_files: list[Path], text_options: TextOptions | None = None) -> list[FileReading]:
    return read_files(release_files, text_options)


@task(cache_policy=NO_CACHE)
def load(paths: WarehousePaths, readings: list[FileReading]) -> list[LoadOutcome]:
    with connect(paths.database) as con:
        return load_readings(con, paths, readings)


@task(cache_policy=NO_CACHE)
def validate_and_publish_views(paths: WarehousePaths, run_id: str) -> Verdict:
    with connect(paths.database) as con:
        return validate_and_publish(con, unvalidated_releases(con), run_id)


@task(cache_policy=NO_CACHE)
def report(
    paths: WarehousePaths,
    run_id: str,
    source: Path,
    discovery: Discovery,
    readings: list[FileReading],
    loads: list[LoadOutcome],
    verdict: Verdict,
    published_as: Path,
) -> RunSummary:
    with connect(paths.database) as con:
        summary = summarize(run_id, published_as, str(source), readings, discovery.ignored, loads, verdict, con)
        data_docs = build_data_docs(verdict, run_id, paths.reports_dir / "data-docs") if verdict.gx_passes else None
        summary.report_path = write_report(
            con, summary, paths.reports_dir, [r.sha256 for r in readings], data_docs=data_docs
        )
        # the same report in the Prefect UI, beside the run it describes
        create_markdown_artifact(
            markdown=summary.report_path.read_text(encoding="utf-8"),
            key="data-quality-report",
            description=f"iip run {run_id}: {summary.outcome}",
        )
        con.execute(
            statement("publish/finish_ingest_run"),
            {
                "run_id": run_id,
                "files_seen": len(readings),
                "releases_loaded": summary.releases_loaded,
                "facts_loaded": summary.facts_loaded,
                "outcome": summary.outcome,
            },
        )
    return summary


@task(cache_policy=NO_CACHE)
def publish_state(paths: WarehousePaths) -> None:
    publish_staged(paths.database)


@task(cache_policy=NO_CACHE)
def file_away(inbox: Inbox, discovery: Discovery, readings: list[FileReading], summary: RunSummary) -> None:
    """Inbox files leave the inbox: to archive/ when used, to rejected/ with the reason when not."""
    held_back = {line.name: line.status for line in summary.files if line.status == "failed a critical check"}
    reasons = "; ".join(summary.failed_releases.values())
    for reading in readings:
        if reading.rejected_because:
            inbox.reject_file(reading.path, reading.rejected_because)
        elif reading.path.name in held_back:
            inbox.reject_file(
                reading.path, f"{reading.path.name}: loaded, but held back by a critical check: {reasons}"
            )
        else:
            inbox.archive_file(reading.path)
    for path in discovery.ignored:
        inbox.reject_file(path, f"{path.name}: not a release file (expected .xls, .xlsx or .csv)")


@task(cache_policy=NO_CACHE)
def tell(summary: RunSummary, webhook_url: str | None) -> None:
    """A run summary artifact in Prefect; and a webhook message when the run needs attention."""
    create_markdown_artifact(
        key="iip-run-summary",
        markdown=f"```\n{run_message(summary)}\n```",
        description=f"iip-warehouse run {summary.run_id}: {summary.outcome}",
    )
    if webhook_url and needs_attention(summary):
        post_webhook(webhook_url, summary)


@flow(name="monthly_ingest")
def monthly_ingest(
    source: str | None = None,
    warehouse: str | None = None,
    inbox: str | None = None,
    release_url: str | None = None,
    webhook_url: str | None = None,
    published_on: str | None = None,
    publisher: str | None = None,
) -> RunSummary:
    """Ingest release files into the warehouse, check them, publish them.

    source: a file or folder to read (default: the embedded sample). inbox: read the files dropped in this
    folder instead, then move them to archive/ or rejected/ ("" means the warehouse's own inbox).
    release_url: first fetch the release published at this address into the inbox.
    webhook_url: where to post a message when the run needs attention (default: $IIP_WEBHOOK_URL).
    published_on (YYYY-MM-DD) and publisher: for text files that do not state their own.
    """
    paths = warehouse_paths(warehouse)
    run_id = f"{datetime.now():%Y%m%dT%H%M%S}-{(flow_run.get_id() or 'local')[:8]}"
    release_url = release_url or os.environ.get(RELEASE_URL_ENV) or None
    inbox_folder = None
    if inbox is not None or release_url:
        inbox_folder = Inbox(Path(inbox).expanduser() if inbox else paths.inbox_dir).ensure()
    source_path = inbox_folder.root if inbox_folder else Path(source).expanduser().resolve() if source else SAMPLE_DIR

    with writer_lock(paths.ensure().lock_file):
        # All writing happens on a copy; readers keep the published file until the final rename.
        work = WarehousePaths(start_staging(paths.database))
        try:
            prepare(work, run_id, source_path)
            if release_url and inbox_folder:
                fetch(release_url, work, inbox_folder)
            discovery = discover(source_path, recursive=inbox_folder is None)
            if discovery.release_files:
                get_ready_to_read_and_validate()
            text_options = TextOptions(date.fromisoformat(published_on) if published_on else None, publisher)
            readings = read(discovery.release_files, text_options)
            loads = load(work, readings)
            verdict = validate_and_publish_views(work, run_id)
            summary = report(work, run_id, source_path, discovery, readings, loads, verdict, paths.database)
            publish_state(paths)
        except BaseException:
            discard_staged(paths.database)
            raise
        if inbox_folder:
            file_away(inbox_folder, discovery, readings, summary)
    tell(summary, webhook_url or os.environ.get(WEBHOOK_ENV))
    if summary.exit_code == EXIT_CRITICAL_CHECK_FAILED:
        raise CriticalCheckFailed(summary)
    return summary
