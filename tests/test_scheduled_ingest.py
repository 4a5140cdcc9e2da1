"""Unattended monthly ingestion: inbox, release address, schedule, notifications, one writer at a time."""

from __future__ import annotations

import http.server
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import duckdb
import pytest
import yaml

from bench.prefect_server import prefect_server as running_prefect_server
from warehouse.lock import WarehouseBusy, writer_lock
from warehouse.schedule import next_runs
from warehouse.settings import DEFAULT_SCHEDULE, DEFAULT_TIMEZONE, SAMPLE_DIR
from warehouse.sources import FetchFailed, Inbox, fetch_release

PROJECT = Path(__file__).resolve().parents[1]
T = TypeVar("T")
NOVEMBER = "2021-11-29-So-lieu-11.2021.xlsx"


# A release address on 127.0.0.1 that can be told to fail a number of times first.
@dataclass
class FakeReleaseSite:
    body: bytes = b""
    file_name: str = "So-lieu-11.2021.xlsx"
    failures_left: int = 0
    requests: int = 0
    posted: list[dict] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def release_site() -> Iterator[FakeReleaseSite]:
    site = FakeReleaseSite(body=(SAMPLE_DIR / NOVEMBER).read_bytes())

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests += 1
            if site.failures_left > 0:
                site.failures_left -= 1
                self.send_error(503, "publishing in progress")
                return
            self.send_response(200)
            self.send_header("Content-Disposition", f'attachment; filename="{site.file_name}"')
            self.send_header("Content-Length", str(len(site.body)))
            self.end_headers()
            self.wfile.write(site.body)

        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            site.posted.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


def test_an_inbox_file_is_archived_or_rejected_beside_its_reason(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "inbox").ensure()
    good, bad = inbox.root / NOVEMBER, inbox.root / "2024-03-29-broken.xlsx"
    shutil.copy(SAMPLE_DIR / NOVEMBER, good)
    bad.write_bytes(b"not a workbook")
    (inbox.root / "half.xlsx.partial").write_bytes(b"downloading")
    assert inbox.pending() == [good, bad]

    inbox.archive_file(good)
    rejected = inbox.reject_file(bad, "2024-03-29-broken.xlsx: not a readable Excel workbook")

    assert (inbox.archive / NOVEMBER).exists() and not good.exists()
    assert rejected == inbox.rejected / "2024-03-29-broken.xlsx"
    reason = (inbox.rejected / "2024-03-29-broken.xlsx.reason.txt").read_text(encoding="utf-8")
    assert reason == "2024-03-29-broken.xlsx: not a readable Excel workbook\n"


def test_a_fetched_release_lands_dated_in_the_inbox_once(release_site: FakeReleaseSite, tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "inbox")
    first = fetch_release(f"{release_site.url}/release", inbox, set(), timeout=5, today=date(2021, 11, 29))
    assert first.path == inbox.root / "2021-11-29-So-lieu-11.2021.xlsx"
    assert first.path.read_bytes() == release_site.body

    again = fetch_release(f"{release_site.url}/release", inbox, {first.sha256}, timeout=5, today=date(2021, 11, 30))
    assert again.already_had and again.path is None
    assert inbox.pending() == [first.path]


@pytest.mark.parametrize("hostile", ["../../etc/cron.d/x.xlsx", "..\\..\\boot.ini", ".hidden.xlsx"])
def test_a_fetched_file_name_cannot_leave_the_inbox(
    release_site: FakeReleaseSite, tmp_path: Path, hostile: str
) -> None:
    release_site.file_name = hostile
    outcome = fetch_release(release_site.url, Inbox(tmp_path / "inbox"), set(), timeout=5, today=date(2021, 11, 29))
    assert outcome.path is not None and outcome.path.parent == tmp_path / "inbox"
    assert not outcome.path.name.startswith(".")


def test_an_address_that_fails_says_so(release_site: FakeReleaseSite, tmp_path: Path) -> None:
    release_site.failures_left = 1
    with pytest.raises(FetchFailed, match="HTTP 503"):
        fetch_release(release_site.url, Inbox(tmp_path / "inbox"), set(), timeout=5, today=date(2021, 11, 29))


@pytest.mark.flow
def test_the_fetch_task_retries_a_server_that_fails_twice_then_ingests_once(
    prefect_harness: None, release_site: FakeReleaseSite, tmp_path: Path
) -> None:
    from prefect import flow

    from flows.monthly_ingest import fetch, monthly_ingest
    from warehouse.settings import warehouse_paths

    release_site.failures_left = 2
    release_site.file_name = NOVEMBER  # dated by the office: the name is kept
    paths = warehouse_paths(tmp_path / "iip.duckdb").ensure()
    inbox = Inbox(tmp_path / "inbox")
    monthly_ingest(inbox=str(inbox.root), warehouse=str(paths.database))  # an empty first run: the schema exists

    @flow
    def fetch_with_quick_retries() -> None:
        # the task's own retries and timeout; only the back-off is shortened for the test
        fetch.with_options(retry_delay_seconds=0.1, retry_jitter_factor=None)(release_site.url, paths, inbox)

    fetch_with_quick_retries()
    assert release_site.requests == 3
    summary = monthly_ingest(inbox=str(inbox.root), warehouse=str(paths.database))
    assert summary.releases_loaded == 1 and (inbox.archive / "2021-11-29-So-lieu-11.2021.xlsx").exists()

    fetch_with_quick_retries()  # the same bytes again: nothing new lands in the inbox
    assert inbox.pending() == []


@pytest.mark.flow
def test_a_partial_run_files_rejects_and_tells_the_webhook(
    prefect_harness: None, release_site: FakeReleaseSite, tmp_path: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    from flows.monthly_ingest import monthly_ingest

    inbox = Inbox(tmp_path / "inbox").ensure()
    shutil.copy(SAMPLE_DIR / NOVEMBER, inbox.root / NOVEMBER)
    (inbox.root / "2024-03-29-So-lieu-03.2024.xlsx").write_bytes(b"PK\x03\x04 cut off")
    (inbox.root / "notes.docx").write_bytes(b"minutes of a meeting")

    summary = monthly_ingest(
        inbox=str(inbox.root), warehouse=str(tmp_path / "iip.duckdb"), webhook_url=f"{release_site.url}/hook"
    )

    assert summary.outcome == "input rejected" and summary.releases_loaded == 1
    assert sorted(p.name for p in inbox.archive.iterdir()) == [NOVEMBER]
    assert sorted(p.name for p in inbox.rejected.iterdir()) == [
        "2024-03-29-So-lieu-03.2024.xlsx",
        "2024-03-29-So-lieu-03.2024.xlsx.reason.txt",
        "notes.docx",
        "notes.docx.reason.txt",
    ]
    reason = (inbox.rejected / "2024-03-29-So-lieu-03.2024.xlsx.reason.txt").read_text(encoding="utf-8")
    assert "not a readable Excel workbook" in reason
    assert inbox.pending() == []
    (message,) = release_site.posted
    assert message["outcome"] == "input rejected" and "2024-03-29-So-lieu-03.2024.xlsx" in message["text"]
    # Prefect 3.8.8's Artifact.get sends a body its own server refuses (offset: null): ask the API directly
    (artifact,) = _api(
        f"{PREFECT_API_URL.value()}/artifacts/filter",
        {"artifacts": {"key": {"any_": ["iip-run-summary"]}}, "sort": "CREATED_DESC", "limit": 1, "offset": 0},
    )
    assert summary.run_id in artifact["description"] and "input rejected" in artifact["data"]


@pytest.mark.flow
def test_a_clean_run_sends_no_message(prefect_harness: None, release_site: FakeReleaseSite, tmp_path: Path) -> None:
    from flows.monthly_ingest import monthly_ingest

    summary = monthly_ingest(warehouse=str(tmp_path / "iip.duckdb"), webhook_url=f"{release_site.url}/hook")
    assert summary.exit_code == 0 and release_site.posted == []


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    lock = tmp_path / "iip.duckdb.lock"
    with (
        writer_lock(lock),
        pytest.raises(WarehouseBusy, match=r"iip\.duckdb\.lock"),
        writer_lock(lock, wait_seconds=0.3, poll_seconds=0.05),
    ):
        pass  # the second writer never gets here
    with writer_lock(lock, wait_seconds=0.3):
        pass  # free again once the first writer is done


def test_the_schedule_runs_at_nine_in_hanoi_on_the_sixth() -> None:
    after = datetime(2026, 11, 23, tzinfo=ZoneInfo("UTC"))
    runs = next_runs(DEFAULT_SCHEDULE, DEFAULT_TIMEZONE, 3, after=after)
    assert [f"{r:%Y-%m-%d %H:%M %z}" for r in runs] == [
        "2026-12-06 09:00 +0700",
        "2027-01-06 09:00 +0700",
        "2027-02-06 09:00 +0700",
    ]


def test_prefect_yaml_describes_the_served_deployment() -> None:
    config = yaml.safe_load((PROJECT / "prefect.yaml").read_text(encoding="utf-8"))
    (deployment,) = config["deployments"]
    assert deployment["name"] == "monthly"
    assert deployment["entrypoint"] == "flows/monthly_ingest.py:monthly_ingest"
    assert deployment["schedules"] == [{"cron": DEFAULT_SCHEDULE, "timezone": DEFAULT_TIMEZONE}]
    assert deployment["concurrency_limit"] == 1


# --- whole processes: a real Prefect server, `iip serve`, concurrent and killed runs -----------------------------


def _api(url: str, body: dict | None = None, attempts: int = 5) -> dict | list:
    """One call of the Prefect API. A 503 is retried as Prefect's own client retries it: the server answers
    so while its SQLite database is locked (by its scheduler creating a new deployment's runs, say)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"},
        method="POST" if body is not None else "GET",
    )
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            if exc.code != 503 or attempt == attempts:
                raise
            time.sleep(float(exc.headers.get("Retry-After") or 2))
    raise AssertionError("unreachable")


def _wait_for(condition: Callable[[], T | None], seconds: float, what: str) -> T:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    with running_prefect_server(tmp_path / "prefect-home", tmp_path / "server.log") as env:
        yield env


@pytest.mark.flow
def test_iip_serve_registers_the_schedule_and_a_triggered_run_ingests_the_inbox(
    prefect_server: dict[str, str], tmp_path: Path
) -> None:
    api = prefect_server["PREFECT_API_URL"]
    inbox = Inbox(tmp_path / "inbox").ensure()
    shutil.copy(SAMPLE_DIR / NOVEMBER, inbox.root / NOVEMBER)
    database = tmp_path / "iip.duckdb"
    serve_log = (tmp_path / "serve.log").open("w")
    served = subprocess.Popen(
        [sys.executable, "-m", "warehouse.cli", "--warehouse", str(database), "serve", "--inbox", str(inbox.root)],
        cwd=PROJECT,
        env=prefect_server,
        stdout=serve_log,
        stderr=subprocess.STDOUT,
    )
    try:

        def deployment() -> dict | None:
            found = _api(f"{api}/deployments/filter", {"deployments": {"name": {"any_": ["monthly"]}}})
            return found[0] if found else None

        registered = _wait_for(deployment, 120, "the monthly deployment")
        (schedule,) = registered["schedules"]
        assert schedule["schedule"]["cron"] == DEFAULT_SCHEDULE
        assert schedule["schedule"]["timezone"] == DEFAULT_TIMEZONE
        assert schedule["active"] is True

        run = _api(f"{api}/deployments/{registered['id']}/create_flow_run", {})

        def finished() -> dict | None:
            state = _api(f"{api}/flow_runs/{run['id']}")["state"]
            return state if state["type"] in {"COMPLETED", "FAILED", "CRASHED"} else None

        state = _wait_for(finished, 180, "the triggered run")
        assert state["type"] == "COMPLETED", (tmp_path / "serve.log").read_text()
    finally:
        served.send_signal(signal.SIGINT)
        try:
            served.wait(timeout=30)
        except subprocess.TimeoutExpired:
            served.kill()
        serve_log.close()
    assert inbox.pending() == [] and (inbox.archive / NOVEMBER).exists()
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select count(*), min(state) from release").fetchone() == (1, "published")


def _iip_run(source: Path, database: Path, home: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PREFECT_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "warehouse.cli", "--warehouse", str(database), "run", "--source", str(source)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, for kill_with_its_children
    )


def _contents(database: Path) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("""
            select r.sha256, r.source_document, r.state, f.period_type, f.period, f.subject_code, f.measure,
                   f.base, f.value
            from fact f join release r using (release_id) order by all""").fetchall()


@pytest.mark.flow
def test_two_runs_at_once_queue_instead_of_interleaving(tmp_path: Path) -> None:
    database = tmp_path / "iip.duckdb"
    runs = [_iip_run(SAMPLE_DIR, database, tmp_path / f"prefect-{i}") for i in range(2)]
    outputs = [run.communicate(timeout=300)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    loaded = sorted(int(o.split("releases   ")[1].split()[0]) for o in outputs)
    assert loaded == [0, 8]  # one run loaded everything, the other waited and found it there
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select count(*) from release").fetchone() == (8,)


@pytest.mark.slow
@pytest.mark.flow
def test_an_ingest_killed_halfway_and_restarted_ends_like_an_uninterrupted_one(
    nso_dir: Path, tmp_path: Path, kill_with_its_children: Callable[[subprocess.Popen], None]
) -> None:
    releases = tmp_path / "nso-2023"
    releases.mkdir()
    for path in sorted(nso_dir.glob("2023-*.xls*")):
        shutil.copy(path, releases / path.name)
    uninterrupted = tmp_path / "uninterrupted" / "iip.duckdb"
    assert _iip_run(releases, uninterrupted, tmp_path / "prefect-a").wait(timeout=600) == 0

    interrupted = tmp_path / "interrupted" / "iip.duckdb"
    victim = _iip_run(releases, interrupted, tmp_path / "prefect-b")
    raw = interrupted.parent / "raw"
    _wait_for(lambda: raw.is_dir() and len(list(raw.iterdir())) >= 12, 300, "the load to start")
    time.sleep(random.uniform(0, 1.5))  # somewhere among the per-release transactions
    kill_with_its_children(victim)
    assert _iip_run(releases, interrupted, tmp_path / "prefect-b").wait(timeout=600) == 0

    assert _contents(interrupted) == _contents(uninterrupted)
