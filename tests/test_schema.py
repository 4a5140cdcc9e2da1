"""The schema: applied once, safe to re-run, with the reference vocabulary and the natural key enforced."""

import duckdb
import pytest

from warehouse.schema import migrate


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "iip.duckdb")) as connection:
        yield connection


def test_migrate_applies_every_file_once_and_is_safe_to_rerun(con) -> None:
    first = migrate(con)
    assert first[0] == "001_create_schema_migration.sql" and len(first) >= 10
    assert migrate(con) == []
    assert con.execute("select count(*) from schema_migration").fetchone() == (len(first),)


def test_reference_tables_hold_vsic_sections_divisions_and_both_province_maps(con) -> None:
    migrate(con)
    levels = dict(
        con.execute("select level, count(*) from industry where classification = 'VSIC2018' group by level").fetchall()
    )
    assert levels == {"total": 1, "section": 4, "division": 34}
    # The tables of 2011-06 to 2013-02 print older classifications; their industries keep codes of their own.
    older = con.execute("""
        select classification, level, count(*) from industry
        where classification <> 'VSIC2018' group by all order by all
    """).fetchall()
    assert older == [
        ("VSIC1993", "class", 36),
        ("VSIC1993", "division", 1),
        ("VSIC1993", "section", 3),
        ("VSIC1993", "total", 1),
        ("VSIC2007", "class", 42),
    ]
    orphans = con.execute("""
        select list(child.code) from industry child left join industry parent on parent.code = child.parent_code
        where child.parent_code is not null and parent.code is null
    """).fetchone()
    assert orphans == ([],) or orphans == (None,)
    provinces = con.execute("""
        select count(*) filter (where valid_to = date '2025-06-30'),
               count(*) filter (where valid_from = date '2025-07-01')
        from geography where level = 'province'
    """).fetchone()
    assert provinces == (63, 34)
    # every pre-merger province has a successor among the 34
    orphans = con.execute("""
        select count(*) from geography old
        left join geography new on new.geo_code = old.successor_geo_code and new.valid_from = date '2025-07-01'
        where old.valid_to = date '2025-06-30' and new.geo_code is null
    """).fetchone()
    assert orphans == (0,)
    merged_into_hcmc = con.execute(
        "select list(name_vi order by name_vi) from geography where successor_geo_code = 'P34-79'"
    ).fetchone()
    assert merged_into_hcmc == (["Bà Rịa - Vũng Tàu", "Bình Dương", "TP. Hồ Chí Minh"],)
    assert {m for (m,) in con.execute("select measure from measure").fetchall()} >= {
        "index",
        "change_pct",
        "contribution_pp",
        "provinces_up_count",
        "provinces_down_count",
        "consumption_index",
        "inventory_ratio_pct",
        "product_output",
    }
    assert {b for (b,) in con.execute("select base from comparison_base").fetchall()} >= {
        "prev_month",
        "same_period_prev_year",
        "prev_year",
        "none",
    }


def test_the_fact_natural_key_is_enforced(con) -> None:
    migrate(con)
    insert = """insert into fact values (1, 'ytd', '2024-02', 'VN', 'industry', 'TOTAL', 'change_pct',
                'same_period_prev_year', ?, null, 1, '%', 'estimate', 'line 2')"""
    con.execute(insert, [5.7])
    with pytest.raises(duckdb.ConstraintException):
        con.execute(insert, [5.8])


def test_a_release_is_recorded_once_per_file_and_document(con) -> None:
    migrate(con)
    insert = """insert into release (publisher, published_on, reference_period, source_kind, source_file,
                sha256, status) values ('GSO', date '2024-02-29', '2024-02', 'workbook', 'a.xlsx', 'abc', 'estimate')"""
    con.execute(insert)
    with pytest.raises(duckdb.ConstraintException):
        con.execute(insert)
