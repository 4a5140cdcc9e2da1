"""Every figure traces back to its file and cell, every vintage of it; partial releases are marked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from warehouse.readers.workbook import _number
from warehouse.settings import SAMPLE_DIR

PROJECT = Path(__file__).resolve().parents[1]


def iip(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=PROJECT,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_iip_explain_lists_every_vintage_with_its_file_cell_and_raw_copy(sample_warehouse: Path) -> None:
    result = iip(
        "--warehouse",
        str(sample_warehouse),
        "explain",
        "month",
        "2024-01",
        "TOTAL",
        "--measure",
        "index",
        "--base",
        "same_period_prev_year",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # the January workbook's estimate, then the February workbook's revision: oldest first
    assert lines[0].startswith("index same_period_prev_year  2024-01-29  118.3 ") and "estimate" in lines[0]
    assert "2024-01-29-So-lieu-01.2024.xlsx 2. IIP!C7" in lines[1]
    assert lines[3].startswith("index same_period_prev_year  2024-02-29  118 ") and "preliminary" in lines[3]
    assert "2024-02-29-So-lieu-02.2024.xlsx 2.IIPthang!B10" in lines[4]
    raw = Path(lines[2].split("raw file ")[1].split("  sha256")[0])
    assert raw.read_bytes() == (SAMPLE_DIR / "2024-01-29-So-lieu-01.2024.xlsx").read_bytes()


def test_iip_explain_says_when_there_is_no_such_figure(sample_warehouse: Path) -> None:
    result = iip("--warehouse", str(sample_warehouse), "explain", "month", "1999-01", "TOTAL")
    assert result.returncode == 1 and "no figure month 1999-01 TOTAL" in result.stderr


@pytest.mark.flow
def test_iip_ingest_loads_ad_hoc_files_and_marks_a_partial_release(make_workbook, tmp_path: Path) -> None:
    odd = make_workbook(
        "2021-11-29-odd.xlsx",
        headers=[["Tháng 11 năm 2021", "so với tháng trước"]],
        rows=[
            ["Toàn ngành công nghiệp", 105.46],
            ["Khai khoáng", 108.02],
            ["Ngành chưa có tên", 101.0],
            ["Dệt", 103.81],
        ],
    )
    november = tmp_path / "2021-11-29-So-lieu-11.2021.xlsx"
    shutil.copy(SAMPLE_DIR / november.name, november)
    database = tmp_path / "iip.duckdb"
    result = iip(
        "--warehouse", str(database), "ingest", str(odd), str(november), env={"PREFECT_HOME": str(tmp_path / "prefect")}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "releases   2 loaded" in result.stdout and "1 rows quarantined" in result.stdout
    with duckdb.connect(str(database), read_only=True) as con:
        status = con.execute("select source_file, partial, quarantined_rows from release_status order by 1").fetchall()
    assert status == [("2021-11-29-So-lieu-11.2021.xlsx", False, 0), ("2021-11-29-odd.xlsx", True, 1)]


# The number parser: whatever a cell holds, it is a number exactly when it reads as one.
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_a_stored_number_is_itself(value: float) -> None:
    assert _number(value) == value


@given(st.integers(0, 10**6), st.integers(0, 10**4), st.sampled_from([".", ","]), st.sampled_from(["", "-", "+"]))
def test_a_number_written_as_text_reads_with_either_decimal_mark(
    units: int, fraction: int, mark: str, sign: str
) -> None:
    text = f"{sign}{units}{mark}{fraction:04d}"
    expected = float(f"{'-' if sign == '-' else ''}{units}.{fraction:04d}")
    assert _number(f"  {text} ") == expected


@given(st.text(alphabet=st.characters(blacklist_categories=["Nd"]), min_size=1, max_size=12))
def test_text_without_digits_is_never_a_number(text: str) -> None:
    assert _number(text) is None


@given(st.booleans())
def test_a_boolean_cell_is_not_a_figure(flag: bool) -> None:
    assert _number(flag) is None
