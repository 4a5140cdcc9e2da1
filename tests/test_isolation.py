"""The reader processes: a run killed outright leaves none of them behind."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def _alive(pid: str) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


def test_reader_processes_leave_when_their_run_is_killed_outright() -> None:
    run = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from warehouse.isolation import start_workers; start_workers('warehouse.readers'); "
            "import time; time.sleep(120)",
        ],
        cwd=PROJECT,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[str] = []
        while time.monotonic() < deadline and not workers:
            time.sleep(0.5)
            workers = subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True).stdout.split()
        assert workers, "the run started no reader process"
    finally:
        run.kill()  # SIGKILL: no shutdown, no atexit
        run.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.5)
    assert [pid for pid in workers if _alive(pid)] == []
