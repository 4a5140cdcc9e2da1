"""The cross-source check: figures stated in prose agree with the tables, within the rounding of the prose."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.monthly_ingest import monthly_ingest

pytestmark = pytest.mark.flow


def test_the_sample_press_figures_agree_with_the_workbooks(sample_db: duckdb.DuckDBPyConnection) -> None:
    rows = sample_db.sql(
        "select prose_value, table_value, agrees from iip_text_vs_table "
        "where period_type = 'month' and period = '2021-11' and geo_code = 'VN' and subject_code = 'TOTAL' "
        "and base = 'prev_month'"
    ).fetchall()
    assert rows == [(5.5, 5.46, True)]  # "tăng 5,5%" is the workbook's 105,46 rounded to one decimal
    assert sample_db.sql("select count(*) from iip_text_vs_table where not agrees").fetchone() == (0,)


def test_a_misquoted_figure_is_listed_with_both_sources(
    prefect_harness: None, sample_copy: Path, tmp_path: Path
) -> None:
    (sample_copy / "bao-2021-12-02.txt").write_text(
        "11:04 | 02/12/2021\n\nChỉ số sản xuất công nghiệp tháng 11 ước tính tăng 5,4% so với tháng trước.\n",
        encoding="utf-8",
    )
    database = tmp_path / "iip.duckdb"
    summary = monthly_ingest(source=str(sample_copy), warehouse=str(database))
    assert summary.exit_code == 0  # a warning: the release is published, the disagreement is reported
    (check,) = [c for c in summary.checks if c.check == "prose_agrees_with_table"]
    assert not check.success
    (row,) = check.failing_rows
    assert (row["prose_value"], row["table_value"]) == (5.4, 5.46)
    assert row["prose_source"].startswith("bao-2021-12-02.txt") and "chars" in row["prose_source"]
    assert row["table_source"].startswith("2021-11-29-So-lieu-11.2021.xlsx")
    with duckdb.connect(str(database), read_only=True) as con:
        # the headline keeps the table's figure: prose yields to tables
        assert con.sql(
            "select change_pct from iip_headline where period_type = 'month' and period = '2021-11' "
            "and base = 'prev_month'"
        ).fetchone() == (5.46,)


@pytest.mark.slow
def test_the_seed_articles_agree_with_the_real_november_2021_workbook(
    prefect_harness: None, nso_dir: Path, tmp_path: Path
) -> None:
    workbook = nso_dir / "2021-11-29-02-So-lieu-11.2021.xlsx"
    seeds = [nso_dir.parent / "seeds" / name for name in ("000_f63654ea2cd526c5.txt", "001_0783ea9a31db24a3.txt")]
    if not workbook.is_file() or not all(p.is_file() for p in seeds):
        pytest.skip("../shared/nso and ../shared/seeds are not here")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in (workbook, *seeds):
        (inbox / path.name).symlink_to(path)
    database = tmp_path / "iip.duckdb"
    summary = monthly_ingest(source=str(inbox), warehouse=str(database), published_on="2021-12-01")
    assert summary.exit_code == 0, summary
    with duckdb.connect(str(database), read_only=True) as con:
        compared = con.sql("select count(*), count(*) filter (where not agrees) from iip_text_vs_table").fetchone()
    assert compared is not None and compared[0] >= 20  # sections and divisions, month and eleven months
    assert compared[1] == 0
