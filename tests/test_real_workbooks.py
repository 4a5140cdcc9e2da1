"""The real workbooks of ../shared/nso (skipped when absent): the reader and the flow on what users live with."""

import csv
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.monthly_ingest import monthly_ingest
from warehouse.readers import read_release_file

pytestmark = pytest.mark.slow

NOVEMBER_2021 = "2021-11-29-02-So-lieu-11.2021.xlsx"


def test_november_2021_workbook_agrees_with_the_seed_articles(nso_dir: Path) -> None:
    (release,) = read_release_file(nso_dir / NOVEMBER_2021)
    total = release.facts.filter((pl.col("subject_code") == "TOTAL") & (pl.col("period") == "2021-11"))
    indices = {(r["period_type"], r["base"]): r["value"] for r in total.iter_rows(named=True)}
    assert indices == {
        ("month", "prev_month"): 105.46,
        ("month", "same_period_prev_year"): 105.6,
        ("ytd", "same_period_prev_year"): 103.63,
    }

    with (nso_dir.parent / "gold" / "seed_facts.csv").open(encoding="utf-8") as handle:
        gold = {
            (r["period_type"], r["base"]): float(r["value"])
            for r in csv.DictReader(handle)
            if r["doc"].startswith("000_")
            and r["geo"] == "VN"
            and r["industry"] == "TOTAL"
            and r["period"] == "2021-11"
            and r["measure"] == "iip_change_pct"
        }
    assert gold == {key: round(value - 100, 1) for key, value in indices.items()}  # 5,5 / 5,6 / 3,6


@pytest.mark.flow
def test_the_2021_to_2023_workbooks_load_completely_with_vintages(
    nso_dir: Path, prefect_harness: None, tmp_path: Path
) -> None:
    releases = tmp_path / "nso-2021-2023"
    releases.mkdir()
    for path in sorted(nso_dir.glob("202[123]-*.xls*")):
        shutil.copy(path, releases / path.name)
    database = tmp_path / "iip.duckdb"

    summary = monthly_ingest(source=str(releases), warehouse=str(database))

    assert summary.exit_code == 0, summary
    assert summary.releases_loaded == 36 and summary.rows_quarantined == 0
    with duckdb.connect(str(database), read_only=True) as con:
        # January 2022 against January 2021: estimated in January's workbook, revised in February's
        vintages = con.execute("""
            select r.published_on::varchar, f.status from fact f join release r using (release_id)
            where f.subject_code = 'TOTAL' and f.period_type = 'month' and f.period = '2022-01'
              and f.base = 'same_period_prev_year' order by r.published_on""").fetchall()
        assert vintages == [("2022-01-29", "estimate"), ("2022-02-28", "preliminary")]
        months = con.execute("""select count(distinct period) from iip_headline
            where period_type = 'month' and base = 'prev_month'""").fetchone()
        assert months == (36,)
