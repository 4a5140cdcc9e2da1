"""The reader processes: a run leaves none of them behind, whether it ends, or is killed outright."""

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


# What Prefect's runner does with each scheduled flow run: run it in a process that multiprocessing starts.
RUNNER_LIKE = """
import multiprocessing, sys, time
from warehouse.isolation import map_isolated, start_workers

def run_reading_two_files() -> None:
    start_workers("json")
    assert map_isolated(int, [("7",), ("8",)]) == [7, 8]
    time.sleep(2)  # every reader process has started and waits for work

if __name__ == "__main__":
    run = multiprocessing.get_context("spawn").Process(target=run_reading_two_files)
    run.start()
    run.join(30)
    if run.is_alive():
        run.kill()
        sys.exit("the run's process did not exit within 30 s of its work")
    sys.exit(run.exitcode)
"""


def test_a_run_in_a_process_started_by_multiprocessing_exits_when_done(tmp_path: Path) -> None:
    # Such a process waits for its children before the interpreter would stop the idle readers.
    script = tmp_path / "runner_like.py"
    script.write_text(RUNNER_LIKE, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=PROJECT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
