"""The monthly flow end to end: real Prefect runs, real DuckDB files, real Great Expectations validations."""

from pathlib import Path

import duckdb
import pytest

from flows.monthly_ingest import CriticalCheckFailed, monthly_ingest
from warehouse.report import EXIT_CRITICAL_CHECK_FAILED, EXIT_INPUT_REJECTED

pytestmark = pytest.mark.flow

TWO_MONTHS_2024 = "period_type = 'ytd' and period = '2024-02' and base = 'same_period_prev_year'"


def counts(database: Path) -> tuple[int, ...]:
    with duckdb.connect(str(database), read_only=True) as con:
        return tuple(
            con.execute(f"select count(*) from {table}").fetchone()[0] for table in ("release", "fact", "quarantine")
        )


def test_seed_figures_land_with_the_right_keys(sample_db: duckdb.DuckDBPyConnection) -> None:
    headline = sample_db.execute(f"select change_pct from iip_headline where {TWO_MONTHS_2024}").fetchone()
    assert headline == (5.7,)
    contributions = sample_db.execute(f"""
        select contribution_b, contribution_c, contribution_d, contribution_e, contributions_sum, residual_pp
        from iip_section_contributions where {TWO_MONTHS_2024}""").fetchone()
    assert contributions == (-0.6, 5.2, 1.1, 0.04, 5.74, 0.04)
    november = sample_db.execute("""
        select base, period_type, index_value, round(change_pct, 1) from iip_headline
        where period = '2021-11' order by period_type, base""").fetchall()
    # the workbook's indices, agreeing with the seed articles' 5,5 / 5,6 / 3,6
    assert november == [
        ("prev_month", "month", 105.46, 5.5),
        ("same_period_prev_year", "month", 105.6, 5.6),
        ("same_period_prev_year", "ytd", 103.63, 3.6),
    ]


def test_every_figure_keeps_its_provenance(sample_db: duckdb.DuckDBPyConnection) -> None:
    row = sample_db.execute("""
        select r.source_file, r.source_document, r.sha256, f.source_location, r.state
        from fact f join release r using (release_id)
        where f.measure = 'contribution_pp' and f.subject_code = 'E'""").fetchone()
    assert row[0] == "press-release-figures.csv" and row[1] == "gso-2024-02-industrial-production"
    assert len(row[2]) == 64 and row[3] == "line 54" and row[4] == "published"


def test_february_workbook_restates_january_as_a_later_vintage(sample_db: duckdb.DuckDBPyConnection) -> None:
    vintages = sample_db.execute("""
        select r.published_on::varchar, f.value, f.status from fact f join release r using (release_id)
        where f.period = '2024-01' and f.period_type = 'month' and f.base = 'same_period_prev_year'
          and f.subject_code = 'TOTAL' and f.measure = 'index'
        order by r.published_on""").fetchall()
    assert vintages == [("2024-01-29", 118.3, "estimate"), ("2024-02-29", 118.0, "preliminary")]
    latest = sample_db.execute("""select index_value from iip_headline
        where period_type = 'month' and period = '2024-01' and base = 'same_period_prev_year'""").fetchone()
    assert latest == (118.0,)


def test_running_twice_adds_no_row(prefect_harness: None, tmp_path: Path) -> None:
    database = tmp_path / "iip.duckdb"
    first = monthly_ingest(warehouse=str(database))
    after_first = counts(database)
    second = monthly_ingest(warehouse=str(database))
    assert counts(database) == after_first
    assert (first.releases_loaded, second.releases_loaded, second.releases_already_loaded) == (8, 0, 8)
    assert second.exit_code == 0 and second.report_path and second.report_path.exists()


def test_an_altered_contribution_fails_additivity_naming_the_period(
    prefect_harness: None, sample_copy: Path, tmp_path: Path
) -> None:
    database = tmp_path / "iip.duckdb"
    monthly_ingest(warehouse=str(database))  # the validated state readers see
    figures = sample_copy / "press-release-figures.csv"
    altered = figures.read_text(encoding="utf-8").replace(
        ",C,contribution_pp,same_period_prev_year,5.2,", ",C,contribution_pp,same_period_prev_year,6.2,"
    )
    assert altered != figures.read_text(encoding="utf-8")
    figures.write_text(altered, encoding="utf-8")

    with pytest.raises(CriticalCheckFailed) as failure:
        monthly_ingest(source=str(sample_copy), warehouse=str(database))
    summary = failure.value.summary
    assert summary.exit_code == EXIT_CRITICAL_CHECK_FAILED
    (reason,) = summary.failed_releases.values()
    assert "additivity" in reason and "ytd 2024-02 same_period_prev_year" in reason and "residual_pp=1.04" in reason

    with duckdb.connect(str(database), read_only=True) as con:
        # the views keep the last validated state; the failed release is kept, marked, out of view
        shown = con.execute(f"select contribution_c from iip_section_contributions where {TWO_MONTHS_2024}")
        assert shown.fetchone() == (5.2,)
        states = con.execute("""select source_document, state, state_reason from release
            where source_file = 'press-release-figures.csv' and state = 'failed'""").fetchall()
        assert [(doc, state) for doc, state, _ in states] == [("gso-2024-02-industrial-production", "failed")]
        assert "ytd 2024-02" in states[0][2]
    report = summary.report_path.read_text(encoding="utf-8")
    assert "additivity" in report and "**FAIL**" in report and "line 54" in report


def test_a_malformed_file_is_reported_and_nothing_else_is_lost(
    prefect_harness: None, sample_copy: Path, tmp_path: Path
) -> None:
    clean = monthly_ingest(warehouse=str(tmp_path / "clean.duckdb"))
    (sample_copy / "2024-03-29-So-lieu-03.2024.xlsx").write_bytes(b"PK\x03\x04 truncated in transit")
    database = tmp_path / "iip.duckdb"

    summary = monthly_ingest(source=str(sample_copy), warehouse=str(database))

    assert summary.exit_code == EXIT_INPUT_REJECTED
    (rejected,) = summary.rejected_files
    assert rejected.name == "2024-03-29-So-lieu-03.2024.xlsx"
    assert "not a readable Excel workbook" in rejected.status
    assert (summary.releases_loaded, summary.facts_loaded) == (clean.releases_loaded, clean.facts_loaded)
    with duckdb.connect(str(database), read_only=True) as con:
        kept = con.execute("select source_file, location, reason from quarantine").fetchall()
        assert [(f, loc) for f, loc, _ in kept] == [("2024-03-29-So-lieu-03.2024.xlsx", "")]
        raw_copies = sorted(p.suffix for p in (database.parent / "raw").iterdir())
        assert raw_copies.count(".xlsx") == 4  # the rejected file's bytes are kept too
