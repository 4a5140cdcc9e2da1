"""Each analytic view's answer on the sample warehouse (built by a real flow run) against the seed figures.

The figures come from the seed articles (../shared/gold/seed_facts.csv) and the sample workbooks: the two-month
2024 contributions (003_*.txt) sum to 5.74 against a headline of 5.7; the February 2024 workbook revises January.
"""

from pathlib import Path

import duckdb
import pytest

from warehouse.views import AS_OF_SUFFIX, analytic_views


def rows(con: duckdb.DuckDBPyConnection, query: str, **params: object) -> list[dict]:
    relation = con.execute(query, params)
    columns = [d[0] for d in relation.description]
    return [dict(zip(columns, row, strict=True)) for row in relation.fetchall()]


def one(con: duckdb.DuckDBPyConnection, query: str, **params: object) -> dict:
    found = rows(con, query, **params)
    assert len(found) == 1, found
    return found[0]


def test_the_two_month_2024_contributions_and_their_residual(sample_db) -> None:
    row = one(sample_db, "from iip_jan_feb where year = 2024 and industry_code = 'TOTAL'")
    assert row["change_two_months_pct"] == 5.7
    assert row["contributions_sum"] == 5.74 and row["residual_pp"] == 0.04
    assert (row["tet_on"].isoformat(), row["tet_month"]) == ("2024-02-10", 2)
    sections = dict(
        sample_db.execute(
            "select industry_code, contribution_pp from iip_jan_feb where year = 2024 and industry_level = 'section'"
        ).fetchall()
    )
    assert sections == {"B": -0.6, "C": 5.2, "D": 1.1, "E": 0.04}


@pytest.mark.parametrize(
    ("year", "industry", "column", "expected", "why"),
    [
        (2024, "C", "change_two_months_pct", 5.9, "seed 003: manufacturing +5.9% over the two months"),
        (2024, "B", "change_two_months_pct", -3.5, "seed 003: mining -3.5%"),
        (2024, "D", "change_two_months_pct", 12.2, "seed 003: electricity +12.2%"),
        (
            2024,
            "TOTAL",
            "change_january_pct",
            18.0,
            "January against January 2023, as revised by the February workbook",
        ),
        (2023, "TOTAL", "change_two_months_pct", -2.9, "seed 003: the same period of 2023 fell 2.9%"),
        (2023, "TOTAL", "tet_month", 1, "the Lunar New Year of 2023 fell on 22 January"),
    ],
)
def test_january_and_february_combined(
    sample_db, year: int, industry: str, column: str, expected: float, why: str
) -> None:
    row = one(
        sample_db, "from iip_jan_feb where year = $year and industry_code = $industry", year=year, industry=industry
    )
    assert row[column] == expected, why


@pytest.mark.parametrize(
    ("period", "industry", "column", "expected", "why"),
    [
        ("2021-11", "TOTAL", "change_prev_month_pct", 5.46, "workbook: 105.46 against October"),
        ("2021-11", "TOTAL", "change_prev_year_pct", 5.6, "workbook 105.6; seed 000: +5.6% against November 2020"),
        ("2021-11", "TOTAL", "change_ytd_pct", 3.63, "workbook: eleven months 103.63"),
        ("2021-11", "B", "change_prev_month_pct", 8.02, "workbook 108.02; the article rounds it to 8%"),
        ("2024-02", "TOTAL", "change_prev_month_pct", -18.0, "seed 003: February fell 18% against January"),
        ("2024-02", "C", "change_ytd_pct", 5.9, "seed 003: manufacturing +5.9% over two months"),
        ("2024-01", "TOTAL", "index_prev_year", 118.0, "the February workbook revised January's 118.3"),
    ],
)
def test_the_headline_and_sections_month_by_month(sample_db, period, industry, column, expected, why) -> None:
    row = one(
        sample_db,
        "from iip_monthly where period = $period and industry_code = $industry",
        period=period,
        industry=industry,
    )
    assert row[column] == expected, why


def test_industries_ranked_with_leaders_and_laggards(sample_db) -> None:
    ranked = rows(
        sample_db,
        "select industry_code, change_pct, rank_from_top, standing from iip_industry_ranking "
        "where period_type = 'ytd' and period = '2021-11' and base = 'same_period_prev_year' order by rank_from_top",
    )
    assert len(ranked) == 32  # every division the November 2021 workbook lists (37 rows less total and sections)
    assert [r["rank_from_top"] for r in ranked] == sorted(r["rank_from_top"] for r in ranked)
    assert [r["standing"] for r in ranked].count("leader") == 5 and [r["standing"] for r in ranked].count(
        "laggard"
    ) == 5
    by_code = {r["industry_code"]: r for r in ranked}
    assert by_code["24"]["standing"] == "leader"  # seed 000: basic metals +23.4% over eleven months
    assert by_code["06"]["standing"] == "laggard"  # seed 000: crude oil and gas -12.9%
    assert by_code["06"]["change_pct"] == -12.94


def test_provinces_ranked_and_listed_under_their_2025_province(sample_db) -> None:
    ranked = rows(
        sample_db,
        "select name_vi, change_pct, rank_from_top, direction, current_name_vi from iip_province_ranking "
        "where period = '2021-11' order by rank_from_top",
    )
    assert [(r["name_vi"], r["change_pct"]) for r in ranked] == [
        ("Quảng Ninh", 19.17),
        ("Quảng Ngãi", 16.11),
        ("Thanh Hóa", 15.1),
        ("Thừa Thiên Huế", 9.12),
        ("Đồng Nai", 6.9),
        ("Cần Thơ", 6.77),
    ]  # seed 000, ranked
    assert {r["direction"] for r in ranked} == {"up"}
    assert next(r for r in ranked if r["name_vi"] == "Thừa Thiên Huế")["current_name_vi"] == "Huế"


@pytest.mark.parametrize(
    ("period_type", "period", "up", "down"),
    [("month", "2024-01", 60, 3), ("ytd", "2024-02", 56, 7)],  # seed 003: "tăng ở 56 địa phương", "giảm ở 7"
)
def test_provinces_rising_and_falling(sample_db, period_type: str, period: str, up: int, down: int) -> None:
    row = one(sample_db, "from iip_province_counts where period_type = $t and period = $p", t=period_type, p=period)
    assert (row["provinces_up_stated"], row["provinces_down_stated"], row["provinces_stated"]) == (up, down, 63)


def test_the_merger_lists_old_provinces_under_their_new_one_without_aggregates(sample_db) -> None:
    absorbed = sample_db.execute(
        "select list(predecessor_name_vi order by predecessor_name_vi) from iip_province_merger "
        "where name_vi = 'TP. Hồ Chí Minh'"
    ).fetchone()[0]
    assert absorbed == ["Bà Rịa - Vũng Tàu", "Bình Dương", "TP. Hồ Chí Minh"]
    assert sample_db.execute("select count(*), count(distinct geo_code) from iip_province_merger").fetchone() == (
        63,
        34,
    )
    # no index is made up for a merged province: the ranking only holds figures a release stated
    assert sample_db.execute("select count(*) from iip_province_ranking where geo_code like 'P34-%'").fetchone() == (0,)


def test_consumption_and_inventory_of_manufacturing(sample_db) -> None:
    by_period = {
        (r["period_type"], r["period"]): r
        for r in rows(sample_db, "from iip_consumption_inventory where industry_code = 'C'")
    }
    assert by_period[("month", "2023-12")]["consumption_change_prev_month_pct"] == 3.1  # seed 004
    assert by_period[("month", "2023-12")]["consumption_change_prev_year_pct"] == 5.1
    assert by_period[("year", "2023")]["consumption_change_prev_year_pct"] == 1.8
    assert by_period[("year", "2023")]["inventory_ratio_pct"] == 87.5
    assert by_period[("year", "2022")]["inventory_ratio_pct"] == 78.1


def test_the_revision_triangle_shows_the_first_estimate_and_the_revision(sample_db) -> None:
    vintages = rows(
        sample_db,
        "select vintage, vintages, value, first_value, latest_value, revision, is_first, is_latest, release_id "
        "from iip_revisions where period_type = 'month' and period = '2024-01' and geo_code = 'VN' "
        "and subject_code = 'TOTAL' and measure = 'index' and base = 'same_period_prev_year' order by vintage",
    )
    assert [(v["vintage"], v["value"], v["is_first"], v["is_latest"]) for v in vintages] == [
        (1, 118.3, True, False),
        (2, 118.0, False, True),
    ]
    assert (
        vintages[1]["revision"] == -0.3 and vintages[1]["first_value"] == 118.3 and vintages[0]["latest_value"] == 118.0
    )


@pytest.mark.parametrize(
    ("as_of_day", "expected", "why"),
    [
        ("2024-01-28", None, "the day before the January workbook: no estimate yet"),
        ("2024-02-01", 118.3, "the January workbook's estimate"),
        ("2024-03-01", 118.0, "revised by the February workbook"),
    ],
)
def test_the_as_of_macro_returns_the_warehouse_as_it_stood(sample_db, as_of_day: str, expected, why: str) -> None:
    found = sample_db.execute(
        "select index_value from as_of('iip_headline', $day) "
        "where period_type = 'month' and period = '2024-01' and base = 'same_period_prev_year'",
        {"day": as_of_day},
    ).fetchall()
    assert (found[0][0] if found else None) == expected, why


def test_every_analytic_view_has_an_as_of_macro_that_today_matches_the_view(sample_db) -> None:
    for view in analytic_views():
        now = sample_db.sql(f"from {view} order by all").fetchall()
        as_of_today = sample_db.sql(f"from {view}{AS_OF_SUFFIX}(current_date) order by all").fetchall()
        assert now == as_of_today, view


def test_materialized_views_are_tables_refreshed_by_the_flow(sample_db) -> None:
    tables = {name for (name,) in sample_db.execute("select table_name from duckdb_tables()").fetchall()}
    assert {"latest_fact", "latest_change", "iip_revisions", "iip_industry_ranking", "iip_monthly"} <= tables
    published = sample_db.execute("select count(*) from published_fact").fetchone()
    assert sample_db.execute("select count(*) from iip_revisions").fetchone() == published


def test_products_light_up_when_product_figures_arrive(sample_warehouse: Path, tmp_path: Path) -> None:
    """No sample release carries products yet: a product release, validated and published, reaches iip_products."""
    import shutil
    from datetime import date

    import polars as pl

    from warehouse.facts import FACT_SCHEMA, ParsedRelease, empty_rejections
    from warehouse.load import ReleaseToLoad, load_releases
    from warehouse.publish import unvalidated_releases, validate_and_publish

    copy = tmp_path / "iip.duckdb"
    shutil.copy(sample_warehouse, copy)
    figures = pl.DataFrame(
        [
            ("month", "2024-02", "VN", "product", "cement", "product_output", "none", 8123.4, None, 1,
             "thousand tonnes", "estimate", "SPCN!C12"),
            ("month", "2024-02", "VN", "product", "cement", "index", "same_period_prev_year", 91.2, None, 1,
             "index (comparison period = 100)", "estimate", "SPCN!E12"),
        ],
        schema=FACT_SCHEMA,
        orient="row",
    )  # fmt: skip
    release = ParsedRelease("workbook", "GSO", date(2024, 2, 29), "2024-02", "estimate", figures, empty_rejections())
    with duckdb.connect(str(copy)) as con:
        load_releases(con, [ReleaseToLoad(tmp_path / "2024-02-29-products.xlsx", "0" * 64, release)])
        verdict = validate_and_publish(con, unvalidated_releases(con), "products-test")
        assert verdict.failed == {}
        row = one(con, "from iip_products where product_code = 'cement'")
    assert (row["output"], row["unit"], row["change_prev_year_pct"]) == (8123.4, "thousand tonnes", -8.8)
