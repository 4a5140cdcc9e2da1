"""The monthly ingestion: discover release files -> read -> load -> validate -> publish views -> report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from warehouse.db import connect
from warehouse.ingest import Discovery, FileReading, discover_release_files, load_readings, read_file
from warehouse.load import LoadOutcome
from warehouse.publish import publish, unvalidated_releases
from warehouse.report import EXIT_CRITICAL_CHECK_FAILED, RunSummary, summarize, write_report
from warehouse.schema import migrate
from warehouse.settings import SAMPLE_DIR, WarehousePaths, warehouse_paths
from warehouse.sql_files import statement
from warehouse.validate import Verdict, validate_new_releases


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


@task(cache_policy=NO_CACHE)
def discover(source: Path) -> Discovery:
    return discover_release_files(source)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def read(path: Path) -> FileReading:
    return read_file(path)


@task(cache_policy=NO_CACHE)
def load(paths: WarehousePaths, readings: list[FileReading]) -> list[LoadOutcome]:
    with connect(paths.database) as con:
        return load_readings(con, paths, readings)


@task(cache_policy=NO_CACHE)
def validate(paths: WarehousePaths) -> Verdict:
    with connect(paths.database) as con:
        return validate_new_releases(con, unvalidated_releases(con))


@task(cache_policy=NO_CACHE)
def publish_views(paths: WarehousePaths, verdict: Verdict, run_id: str) -> None:
    with connect(paths.database) as con:
        publish(con, verdict, run_id)


@task(cache_policy=NO_CACHE)
def report(
    paths: WarehousePaths,
    run_id: str,
    source: Path,
    discovery: Discovery,
    readings: list[FileReading],
    loads: list[LoadOutcome],
    verdict: Verdict,
) -> RunSummary:
    with connect(paths.database) as con:
        summary = summarize(run_id, paths.database, str(source), readings, discovery.ignored, loads, verdict, con)
        summary.report_path = write_report(con, summary, paths.reports_dir, [r.sha256 for r in readings])
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


@flow(name="monthly_ingest")
def monthly_ingest(source: str | None = None, warehouse: str | None = None) -> RunSummary:
    """Ingest every release file under `source` (default: the embedded sample) into the warehouse."""
    source_path = Path(source).expanduser().resolve() if source else SAMPLE_DIR
    paths = warehouse_paths(warehouse)
    run_id = f"{datetime.now():%Y%m%dT%H%M%S}-{(flow_run.get_id() or 'local')[:8]}"

    prepare(paths, run_id, source_path)
    discovery = discover(source_path)
    readings = [read(path) for path in discovery.release_files]
    loads = load(paths, readings)
    verdict = validate(paths)
    publish_views(paths, verdict, run_id)
    summary = report(paths, run_id, source_path, discovery, readings, loads, verdict)
    if summary.exit_code == EXIT_CRITICAL_CHECK_FAILED:
        raise CriticalCheckFailed(summary)
    return summary
