"""The benchmark's synthetic history is a real workload: it loads whole through the flow, its identities hold,
and the faults it injects are where its list says they are."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[1]


def generate(out: Path, *options: str) -> dict:
    subprocess.run(
        [sys.executable, "-m", "bench.generate", str(out), *options], cwd=ROOT, check=True, capture_output=True
    )
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def across_the_merger(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> tuple[dict, Path]:
    """May to July 2025: the July release revises May and June, when the 63 provinces still existed."""
    from flows.monthly_ingest import monthly_ingest

    out = tmp_path_factory.mktemp("history")
    manifest = generate(out, "--start", "2025-05", "--end", "2025-07")
    summary = monthly_ingest(source=str(out / "releases"), warehouse=str(out / "iip.duckdb"))
    assert summary.exit_code == 0, summary
    return manifest, out / "iip.duckdb"


@pytest.mark.flow
def test_every_generated_figure_loads_and_is_published(across_the_merger: tuple[dict, Path]) -> None:
    manifest, database = across_the_merger
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.sql("select count(*) from quarantine").fetchone() == (0,)
        assert con.sql("select count(*), count(*) filter (where state = 'published') from release").fetchone() == (
            manifest["releases"],
            manifest["releases"],
        )
        assert con.sql("select count(*) from fact").fetchone() == (manifest["figures"],)


@pytest.mark.flow
def test_sections_add_up_to_the_headline_within_published_rounding(across_the_merger: tuple[dict, Path]) -> None:
    _, database = across_the_merger
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.sql("""
            select period_type, period, base, residual_pp, tolerance_pp from iip_section_contributions
            order by all""").fetchall()
    # each release states months t-2..t against the previous month and the same month a year before, and the
    # year to date: March 2025 to July 2025 monthly, May to July year to date
    assert len(rows) == 5 * 2 + 3
    assert all(residual is not None and abs(residual) <= tolerance for *_, residual, tolerance in rows), rows
    assert all(tolerance == 0.025 for *_, tolerance in rows)  # four contributions and the headline, 2 decimals


@pytest.mark.flow
def test_provinces_are_those_valid_at_each_month(across_the_merger: tuple[dict, Path]) -> None:
    _, database = across_the_merger
    with duckdb.connect(str(database), read_only=True) as con:
        provinces = con.sql("""
            select period, count(distinct geo_code) from latest_fact
            where geo_code <> 'VN' and measure = 'index' group by period order by period""").fetchall()
    assert provinces == [("2025-03", 63), ("2025-04", 63), ("2025-05", 63), ("2025-06", 63), ("2025-07", 34)]


def test_faults_are_listed_where_they_were_injected(tmp_path: Path) -> None:
    manifest = generate(tmp_path, "--start", "2024-01", "--end", "2024-04", "--faults", "1")
    faults = json.loads((tmp_path / "faults.json").read_text(encoding="utf-8"))
    assert manifest["faults"] == len(faults) == 4
    assert sorted(f["kind"] for f in faults) == [
        "decimal_slip",
        "duplicated_row",
        "missing_province",
        "wrong_contribution",
    ]
    for fault in faults:
        path = tmp_path / "releases" / fault["file"]
        assert fault["injected"] != fault["published"]
        if path.suffix == ".xlsx":  # the workbook's cell holds the slipped figure
            sheet, cell = fault["location"].split("!")
            grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
            assert grid[int(cell[1:]) - 1][ord(cell[0]) - 65] == float(fault["injected"])
            continue
        lines = list(csv.DictReader(path.open(encoding="utf-8")))
        line = int(fault["location"].removeprefix("line "))
        at = lines[line - 2] if line - 2 < len(lines) else None
        if fault["kind"] == "missing_province":  # no line of that month states the province any more
            assert not any(r["geo"] == fault["geo"] and r["period"] == fault["period"] for r in lines)
        else:
            assert at is not None and at["value"] == fault["injected"] and at["geo"] == fault["geo"]
