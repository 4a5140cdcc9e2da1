"""The whole of ../shared/nso backfilled once per session (skipped when absent): every workbook with an index
loads completely, era by era, and what stays in quarantine is a defect of the source, named."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.backfill import per_file_rows, per_file_table
from warehouse.report import RunSummary

pytestmark = [pytest.mark.slow, pytest.mark.flow]

GROSS_OUTPUT_ONLY = [
    "2011-01-28-Bieu-012011.xls",
    "2011-02-28-Bieu-022011.xls",
    "2011-03-29-Bieu-032011.xls",
    "2011-04-29-Bieusolieu_4.2011.xls",
    "2011-05-30-Bieusolieu5.2011.xls",
]


@pytest.fixture(scope="session")
def nso_backfill(nso_dir: Path, prefect_harness: None, tmp_path_factory: pytest.TempPathFactory):
    from flows.monthly_ingest import monthly_ingest

    database = tmp_path_factory.mktemp("nso-backfill") / "iip.duckdb"
    summary = monthly_ingest(source=str(nso_dir), warehouse=str(database))
    with duckdb.connect(str(database), read_only=True) as con:
        yield summary, con


def test_every_workbook_with_an_index_loads_and_the_rest_say_why(nso_backfill: tuple[RunSummary, object]) -> None:
    summary, _ = nso_backfill
    rows = per_file_rows(summary)
    assert len(rows) == 154
    assert [name for name, *_ in rows] == sorted(name for name, *_ in rows)  # publication order
    rejected = [(name, status) for name, _, _, _, status in rows if status.startswith("rejected")]
    assert [name for name, _ in rejected] == GROSS_OUTPUT_ONLY
    # they hold gross output at 1994 prices and products, but no index: said so, kept in quarantine
    assert all("no IIP-by-industry table" in s and "Giá trị sản xuất công nghiệp" in s for _, s in rejected)
    assert sum(status == "loaded" for *_, status in rows) == 149
    assert summary.facts_loaded == 20828
    assert "154 files" in per_file_table(summary).splitlines()[-1]


def test_only_defects_of_the_source_stay_in_quarantine(
    nso_backfill: tuple[RunSummary, duckdb.DuckDBPyConnection],
) -> None:
    _, con = nso_backfill
    quarantined = con.execute("""
        select source_file, location, raw_label, raw_value, reason from quarantine
        where location <> '' order by source_file
    """).fetchall()
    assert quarantined == [
        ("2011-07-29-Bieu-7.2011.xls", "02IIP!C20", "Sản xuất đường", "0.0", "an index must be positive"),
        (
            "2015-07-29-Bieu-7-2015.xlsx",
            "IIP!C14",
            "Công nghiệp chế biến, chế tạo",
            "0.0",
            "an index must be positive",
        ),
        ("2019-05-27-02-Bieu-5.2019.xlsx", "7.IIPthang!A48", "", "E=148.0", "figures with no industry name"),
    ]


@pytest.mark.parametrize(
    ("first", "last", "classification", "releases", "facts"),
    [
        ("2011-06-01", "2012-06-30", "VSIC1993", 13, 1557),
        ("2012-07-01", "2013-02-28", "VSIC2007", 8, 1275),  # with VSIC 2018's sections B-E and TOTAL
        ("2013-03-01", "2017-12-31", "VSIC2018", 58, 6449),
        ("2018-01-01", "2018-07-31", "VSIC2018", 7, 780),
        ("2018-08-01", "2023-12-31", "VSIC2018", 63, 10767),
    ],
)
def test_coverage_by_era(
    nso_backfill: tuple[RunSummary, duckdb.DuckDBPyConnection],
    first: str,
    last: str,
    classification: str,
    releases: int,
    facts: int,
) -> None:
    _, con = nso_backfill
    found = con.execute(
        """
        select count(distinct f.release_id), count(*), list(distinct i.classification order by i.classification)
        from fact f join release r using (release_id) join industry i on i.code = f.subject_code
        where r.published_on between ?::date and ?::date
        """,
        [first, last],
    ).fetchone()
    assert found is not None
    assert found[:2] == (releases, facts)
    assert classification in found[2] and set(found[2]) <= {classification, "VSIC2018"}


@pytest.mark.parametrize(
    ("source_file", "code", "period_type", "period", "base", "value", "cell"),
    [
        ("2011-06-29-Bieu-062011.xls", "VSIC1993:TOTAL", "month", "2011-06", "prev_month", 104.63, "02GTCN!B9"),
        ("2011-06-29-Bieu-062011.xls", "VSIC1993:E", "ytd", "2011-06", "same_period_prev_year", 110.29, "02GTCN!D47"),
        ("2012-07-30-Bieu-7.2012.xls", "VSIC2007:2930", "ytd", "2012-07", "same_period_prev_year", 154.15, "02IIP!D63"),
        ("2013-03-29-Bieu-3-2013-1.xls", "D", "month", "2013-03", "prev_month", 123.43, "02IIP!B33"),
        ("2013-03-29-Bieu-3-2013-1.xls", "35", "month", "2013-03", "prev_month", 123.43, "02IIP!B34"),
        ("2017-05-29-Bieu-5.2017-1.xlsx", "TOTAL", "ytd", "2017-05", "same_period_prev_year", 105.7, "IIP!H9"),
        ("2020-09-29-03-Bieu-9.2020-EN.xlsx", "06", "month", "2020-09", "prev_month", 95.68, "7!C12"),
        (
            "2023-12-29-02.Bieu-T12.2023.xlsx",
            "TOTAL",
            "quarter",
            "2023-Q4",
            "same_period_prev_year",
            104.97,
            "11.IIPquy!E8",
        ),
        ("2023-12-29-02.Bieu-T12.2023.xlsx", "TOTAL", "year", "2023", "prev_year", 101.46, "10.IIPthang!E9"),
    ],
)
def test_figures_of_every_era_with_their_cell(
    nso_backfill: tuple[RunSummary, duckdb.DuckDBPyConnection],
    source_file: str,
    code: str,
    period_type: str,
    period: str,
    base: str,
    value: float,
    cell: str,
) -> None:
    _, con = nso_backfill
    found = con.execute(
        """
        select round(f.value, 2), f.source_location from fact f join release r using (release_id)
        where r.source_file = ? and f.subject_code = ? and f.period_type = ? and f.period = ? and f.base = ?
        """,
        [source_file, code, period_type, period, base],
    ).fetchall()
    assert found == [(value, cell)]
