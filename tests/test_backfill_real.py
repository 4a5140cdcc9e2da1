"""The whole of ../shared/nso backfilled once per session (skipped when absent): every workbook with an index
loads completely, era by era, and what stays in quarantine is a defect of the source, named."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.backfill import per_file_rows, per_file_table
from warehouse.report import RunSummary

pytestmark = [pytest.mark.slow, pytest.mark.flow]

PRODUCTS_ONLY = [  # no index yet: gross output at 1994 prices (not read) and the main products
    "2011-01-28-Bieu-012011.xls",
    "2011-02-28-Bieu-022011.xls",
    "2011-03-29-Bieu-032011.xls",
    "2011-04-29-Bieusolieu_4.2011.xls",
    "2011-05-30-Bieusolieu5.2011.xls",
]
TOTAL_FACTS = 69872


@pytest.fixture(scope="session")
def nso_backfill(nso_dir: Path, prefect_harness: None, tmp_path_factory: pytest.TempPathFactory):
    from flows.monthly_ingest import monthly_ingest

    database = tmp_path_factory.mktemp("nso-backfill") / "iip.duckdb"
    summary = monthly_ingest(source=str(nso_dir), warehouse=str(database))
    with duckdb.connect(str(database), read_only=True) as con:
        yield summary, con


def test_every_workbook_loads_in_publication_order(nso_backfill: tuple[RunSummary, object]) -> None:
    summary, _ = nso_backfill
    rows = per_file_rows(summary)
    assert len(rows) == 154
    assert [name for name, *_ in rows] == sorted(name for name, *_ in rows)  # publication order
    assert {status for *_, status in rows} == {"loaded"}
    assert [name for name, sheets, *_ in rows if "=IIP" not in sheets] == PRODUCTS_ONLY
    assert summary.facts_loaded == TOTAL_FACTS
    assert per_file_table(summary).splitlines()[-1].split()[:6] == [
        "154",
        "files",
        "567",
        "sheets",
        str(TOTAL_FACTS),
        "22",
    ]


def test_only_defects_of_the_source_stay_in_quarantine(
    nso_backfill: tuple[RunSummary, duckdb.DuckDBPyConnection],
) -> None:
    _, con = nso_backfill
    quarantined = con.execute("""
        select source_file[:7], location, regexp_replace(reason, '[,:(].*', '') from quarantine
        where location <> '' order by all
    """).fetchall()
    assert quarantined == [
        ("2011-07", "02IIP!C20", "an index must be positive"),  # 0 as a placeholder (sugar, month on month)
        ("2011-08", "03SPCN!B22", "unit 'Triệu lít' is not a unit synthetic_fabric is published in "),  # '"' below beer
        ("2012-07", "03SPCN!A26", "unknown product name"),  # an industry's name, in pairs, in the products table
        ("2012-08", "03SPCN!A26", "unknown product name"),
        ("2012-09", "6SPCN!A26", "unknown product name"),
        ("2012-10", "6SPCN!A26", "unknown product name"),
        ("2012-11", "3SPCN!A26", "unknown product name"),
        ("2012-12", "03SPCN!A26", "unknown product name"),
        ("2015-07", "IIP!C14", "an index must be positive"),  # 0 for manufacturing, month on month
        ("2017-03", "SP!H9", "column not understood"),  # working figures left beside the table, no header
        ("2017-03", "SP!I9", "column not understood"),
        ("2019-03", "9.LĐCN!A41", "unknown industry name"),  # one name on two rows, figures on both
        ("2019-03", "9.LĐCN!A42", "unknown industry name"),
        ("2019-05", "12.LĐCN!A49", "figures with no industry name"),  # stray cells below the tables
        ("2019-05", "7.IIPthang!A48", "figures with no industry name"),
        ("2019-05", "9.SPCNthang!A43", "figures with no product name"),
        ("2020-09", "11!F11", "column not understood"),  # the English edition dates these 2019
        ("2020-09", "11!G11", "column not understood"),
        ("2020-09", "12!B8", "column not understood"),
        ("2020-09", "12!C8", "column not understood"),
        ("2020-09", "13!B8", "column not understood"),
        ("2020-09", "13!C8", "column not understood"),
    ]


@pytest.mark.parametrize(
    ("first", "last", "files", "iip", "products", "labour", "labour_by_province", "consumption_inventory"),
    [
        ("2011-01-01", "2011-05-31", 5, 0, 836, 0, 0, 0),
        ("2011-06-01", "2012-06-30", 13, 1557, 2637, 0, 0, 0),  # IIP in VSIC 1993
        ("2012-07-01", "2013-02-28", 8, 1275, 1548, 0, 0, 0),  # IIP in VSIC 2007 classes
        ("2013-03-01", "2017-12-31", 58, 6449, 9079, 2078, 0, 5054),
        ("2018-01-01", "2018-07-31", 7, 780, 1088, 420, 0, 195),
        ("2018-08-01", "2023-12-31", 63, 10767, 12833, 4636, 6048, 2592),
    ],
)
def test_coverage_by_era(
    nso_backfill: tuple[RunSummary, duckdb.DuckDBPyConnection],
    first: str,
    last: str,
    files: int,
    iip: int,
    products: int,
    labour: int,
    labour_by_province: int,
    consumption_inventory: int,
) -> None:
    _, con = nso_backfill
    found = con.execute(
        """
        select count(distinct release_id),
               count(*) filter (where measure = 'index' and subject_kind = 'industry' and geo_code = 'VN'),
               count(*) filter (where subject_kind = 'product'),
               count(*) filter (where measure = 'labour_index' and geo_code = 'VN'),
               count(*) filter (where measure = 'labour_index' and geo_code <> 'VN'),
               count(*) filter (where measure in ('consumption_index', 'inventory_index'))
        from fact join release using (release_id) where published_on between ?::date and ?::date
        """,
        [first, last],
    ).fetchone()
    assert found == (files, iip, products, labour, labour_by_province, consumption_inventory)


@pytest.mark.parametrize(
    ("source_file", "code", "geo", "measure", "period_type", "period", "base", "value", "cell"),
    [
        (
            "2011-01-28-Bieu-012011.xls",
            "coal",
            "VN",
            "product_output",
            "month",
            "2011-01",
            "none",
            3894.01,
            "04SPCN!D11",
        ),
        (
            "2011-06-29-Bieu-062011.xls",
            "VSIC1993:TOTAL",
            "VN",
            "index",
            "month",
            "2011-06",
            "prev_month",
            104.63,
            "02GTCN!B9",
        ),
        (
            "2011-06-29-Bieu-062011.xls",
            "VSIC1993:E",
            "VN",
            "index",
            "ytd",
            "2011-06",
            "same_period_prev_year",
            110.29,
            "02GTCN!D47",
        ),
        (
            "2012-07-30-Bieu-7.2012.xls",
            "VSIC2007:2930",
            "VN",
            "index",
            "ytd",
            "2012-07",
            "same_period_prev_year",
            154.15,
            "02IIP!D63",
        ),
        (
            "2012-12-28-Bieu-2012-1.xls",
            "draught_beer",
            "VN",
            "product_output",
            "month",
            "2012-12",
            "none",
            24.83,
            "03SPCN!E19",
        ),
        ("2013-03-29-Bieu-3-2013-1.xls", "D", "VN", "index", "month", "2013-03", "prev_month", 123.43, "02IIP!B33"),
        ("2013-03-29-Bieu-3-2013-1.xls", "35", "VN", "index", "month", "2013-03", "prev_month", 123.43, "02IIP!B34"),
        (
            "2013-07-29-Bieu-7-2013-1.xls",
            "C",
            "VN",
            "inventory_index",
            "day",
            "2013-07-01",
            "prev_month",
            105.6,
            "CS TT TK!E10",
        ),
        (
            "2017-05-29-Bieu-5.2017-1.xlsx",
            "TOTAL",
            "VN",
            "index",
            "ytd",
            "2017-05",
            "same_period_prev_year",
            105.7,
            "IIP!H9",
        ),
        (
            "2019-08-29-03-Bieu-8.2019.xlsx",
            "TOTAL",
            "P63-01",
            "labour_index",
            "day",
            "2019-08-01",
            "prev_month",
            100.72,
            "6. LĐCN_DP!B11",
        ),
        ("2020-09-29-03-Bieu-9.2020-EN.xlsx", "06", "VN", "index", "month", "2020-09", "prev_month", 95.68, "7!C12"),
        (
            "2020-09-29-03-Bieu-9.2020-EN.xlsx",
            "cars",
            "VN",
            "product_index",
            "quarter",
            "2020-Q2",
            "same_period_prev_year",
            62.79,
            "10!G37",
        ),
        (
            "2023-12-29-02.Bieu-T12.2023.xlsx",
            "TOTAL",
            "VN",
            "index",
            "quarter",
            "2023-Q4",
            "same_period_prev_year",
            104.97,
            "11.IIPquy!E8",
        ),
        (
            "2023-12-29-02.Bieu-T12.2023.xlsx",
            "TOTAL",
            "VN",
            "index",
            "year",
            "2023",
            "prev_year",
            101.46,
            "10.IIPthang!E9",
        ),
        (
            "2023-12-29-02.Bieu-T12.2023.xlsx",
            "TOTAL",
            "VN",
            "labour_index",
            "day",
            "2023-12-01",
            "same_period_prev_year",
            97.84,
            "15.LĐCN!C10",
        ),
    ],
)
def test_figures_of_every_era_and_table_with_their_cell(
    nso_backfill: tuple[RunSummary, duckdb.DuckDBPyConnection],
    source_file: str,
    code: str,
    geo: str,
    measure: str,
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
        where r.source_file = ? and f.subject_code = ? and f.geo_code = ? and f.measure = ?
          and f.period_type = ? and f.period = ? and f.base = ?
        """,
        [source_file, code, geo, measure, period_type, period, base],
    ).fetchall()
    assert found == [(value, cell)]
