"""Shared fixtures: real DuckDB files in temporary folders, one Prefect test harness per session."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from warehouse.settings import SAMPLE_DIR, quiet_third_parties

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
NSO_DIR = SHARED_DIR / "nso"


@pytest.fixture(scope="session")
def nso_dir() -> Path:
    """The real workbooks in ../shared/nso; tests that need them skip cleanly without them."""
    if not NSO_DIR.is_dir():
        pytest.skip("../shared/nso is not here: the real workbooks are not part of the repository")
    return NSO_DIR


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for the whole session: its first start costs ~15 s."""
    quiet_third_parties()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def kill_with_its_children() -> Callable[[subprocess.Popen], None]:
    """SIGKILL a process started in a session of its own, and every process it started. Killed alone, an `iip
    run` orphans its temporary Prefect server, which stays up, and busy, long after the test."""

    def kill(process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    return kill


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the embedded sample releases, for tests that alter or add files."""
    target = tmp_path / "releases"
    shutil.copytree(SAMPLE_DIR, target)
    return target


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Path:
    """A warehouse built from the embedded sample by one real run of the monthly flow."""
    from flows.monthly_ingest import monthly_ingest

    database = tmp_path_factory.mktemp("sample-warehouse") / "iip.duckdb"
    summary = monthly_ingest(warehouse=str(database))
    assert summary.exit_code == 0, summary
    return database


@pytest.fixture
def sample_db(sample_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        yield con


@pytest.fixture
def make_workbook(tmp_path: Path):
    """Write a small workbook in the office's layout: a title, header rows per column, one row per industry."""
    from openpyxl import Workbook

    def build(
        name: str,
        headers: list[list[str | int]],
        rows: list[list[object]],
        sheet: str = "2.IIPthang",
        merged: list[str] = (),  # type: ignore[assignment]
        title: str = "2. Chỉ số sản xuất công nghiệp phân theo ngành công nghiệp",
    ) -> Path:
        book = Workbook()
        ws = book.active
        ws.title = sheet
        ws.cell(1, 1, title)
        ws.cell(3, 1 + len(headers), "Đơn vị tính: %")
        for column, parts in enumerate(headers, start=2):
            for offset, part in enumerate(parts):
                if part != "":
                    ws.cell(4 + offset, column, part)
        first = 4 + max(len(h) for h in headers) + 1
        for index, row in enumerate(rows):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(first + index, column, value)
        for cells in merged:
            ws.merge_cells(cells)
        path = tmp_path / name
        book.save(path)
        return path

    return build
