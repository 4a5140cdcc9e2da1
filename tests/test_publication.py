"""Publication is one atomic step: readers are never locked out, and a killed run leaves nothing half-done."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from warehouse.settings import SAMPLE_DIR
from warehouse.staging import publish_staged, staging_path, start_staging

PROJECT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.flow


def _snapshot(database: Path) -> list[tuple]:
    if not database.exists():
        return []
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("""
            select r.sha256, r.source_document, r.state, f.period_type, f.period, f.subject_code, f.measure,
                   f.base, f.value
            from fact f join release r using (release_id) order by all""").fetchall()


def _run(source: Path, database: Path, prefect_home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "warehouse.cli", "--warehouse", str(database), "run", "--source", str(source)],
        cwd=PROJECT,
        env={**os.environ, "PREFECT_HOME": str(prefect_home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, for kill_with_its_children
    )


def test_a_staged_copy_replaces_the_warehouse_in_one_rename(tmp_path: Path) -> None:
    database = tmp_path / "iip.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create table t as select 1 as x")
    staged = start_staging(database)
    with duckdb.connect(str(staged)) as con:
        con.execute("insert into t values (2)")
    with duckdb.connect(str(database), read_only=True) as reader:  # open before the swap
        publish_staged(database)
        assert reader.execute("select count(*) from t").fetchone() == (1,)  # still the state it opened
    with duckdb.connect(str(database), read_only=True) as reader:
        assert reader.execute("select count(*) from t").fetchone() == (2,)
    assert not staging_path(database).exists()


def test_readers_held_open_in_other_processes_never_stop_a_run(tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    releases.mkdir()
    shutil.copy(SAMPLE_DIR / "2021-11-29-So-lieu-11.2021.xlsx", releases)
    database = tmp_path / "iip.duckdb"
    assert _run(releases, database, tmp_path / "prefect").wait(timeout=300) == 0
    before = _snapshot(database)

    reader_code = (
        "import duckdb, sys, time\n"
        f"con = duckdb.connect({str(database)!r}, read_only=True)\n"
        "first = con.execute('select count(*) from fact').fetchone()[0]\n"
        "print('open', flush=True)\n"
        "sys.stdin.readline()\n"
        "print(first, con.execute('select count(*) from fact').fetchone()[0], flush=True)\n"
    )
    readers = [
        subprocess.Popen([sys.executable, "-c", reader_code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for reader in readers:
        assert reader.stdout.readline().strip() == "open"

    for path in SAMPLE_DIR.iterdir():
        shutil.copy(path, releases)
    run = _run(releases, database, tmp_path / "prefect")
    output = run.communicate(timeout=300)[0].decode()
    assert run.returncode == 0, output

    for reader in readers:
        first, again = reader.communicate("\n", timeout=60)[0].split()
        assert first == again == str(len(before))  # each reader saw one whole state, never half a release
    after = _snapshot(database)
    assert len(after) > len(before) and set(before) <= set(after)


def test_a_run_killed_at_random_points_leaves_the_warehouse_before_or_after(
    tmp_path: Path, kill_with_its_children: Callable[[subprocess.Popen], None]
) -> None:
    releases = tmp_path / "releases"
    shutil.copytree(SAMPLE_DIR, releases)
    home = tmp_path / "prefect"
    reference = tmp_path / "reference" / "iip.duckdb"
    started = time.monotonic()
    assert _run(releases, reference, home).wait(timeout=300) == 0
    whole_run = time.monotonic() - started
    after = _snapshot(reference)

    database = tmp_path / "victim" / "iip.duckdb"
    rng = random.Random(20261123)
    outcomes = []
    for _ in range(4):
        before = _snapshot(database)
        victim = _run(releases, database, home)
        time.sleep(rng.uniform(0.5, whole_run))
        kill_with_its_children(victim)
        state = _snapshot(database)
        assert state in (before, after), "a killed run left a half-published warehouse"
        outcomes.append("after" if state == after and before != after else "before")
    assert _run(releases, database, home).wait(timeout=300) == 0  # the next run completes the work
    assert _snapshot(database) == after
