"""A run installs only what changed: materialized views recompute the periods of its releases, views and reference
tables whose definitions did not change are left alone, and the result is always what a full recompute gives."""

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse import views
from warehouse.schema import migrate
from warehouse.settings import VIEWS_SQL_DIR
from warehouse.validate import periods_of, rows_about, suite_files
from warehouse.views import definitions, install_views

ROOT = Path(__file__).resolve().parents[1]
MATERIALIZED = sorted(name for name, view in definitions().items() if view.materialized)


def as_a_full_recompute_gives(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple]:
    """The rows of a materialized table that its query, computed afresh, does not give, and the reverse."""
    query = definitions()[name].query
    return con.sql(f"""
        (select 'stale' as which, * from (from {name} except all from ({query})))
        union all
        (select 'missing', * from (from ({query}) except all from {name}))""").fetchall()


def installed_at(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    return dict(con.sql("select kind || ' ' || name, installed_at from installed_definition").fetchall())


@pytest.fixture(scope="module")
def january_to_june(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> tuple[Path, Path]:
    """January to July 2025, generated; a warehouse holding January to June, and July's files. Each release
    revises the two months before it; July is the first month of the 34 provinces."""
    from flows.monthly_ingest import monthly_ingest

    out = tmp_path_factory.mktemp("history")
    subprocess.run(
        [sys.executable, "-m", "bench.generate", str(out), "--start", "2025-01", "--end", "2025-07"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    releases = out / "releases"
    july = out / "july"
    july.mkdir()
    for path in releases.glob("2025-07-*"):
        path.rename(july / path.name)
    summary = monthly_ingest(source=str(releases), warehouse=str(out / "iip.duckdb"))
    assert summary.exit_code == 0, summary
    return out / "iip.duckdb", july


@pytest.fixture
def before_july(january_to_june: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    database, july = january_to_june
    shutil.copyfile(database, tmp_path / "iip.duckdb")
    return tmp_path / "iip.duckdb", july


@pytest.mark.flow
def test_a_monthly_run_recomputes_only_its_periods_and_ends_as_a_full_recompute_would(
    before_july: tuple[Path, Path],
) -> None:
    from flows.monthly_ingest import monthly_ingest

    database, july = before_july
    with duckdb.connect(str(database), read_only=True) as con:
        installed_before = installed_at(con)
        unrevised = con.sql("select * from iip_monthly where period < '2025-05' order by all").fetchall()

    summary = monthly_ingest(source=str(july), warehouse=str(database))

    assert summary.exit_code == 0, summary
    with duckdb.connect(str(database), read_only=True) as con:
        assert installed_at(con) == installed_before  # nothing created again, no reference table reloaded
        for name in MATERIALIZED:
            assert as_a_full_recompute_gives(con, name) == [], name
        # July states May to July: April's rows, and those before, are the ones computed before
        assert con.sql("select * from iip_monthly where period < '2025-05' order by all").fetchall() == unrevised
        assert con.sql("select max(period) from iip_monthly").fetchone() == ("2025-07",)


@pytest.mark.flow
def test_a_release_held_back_leaves_its_periods_as_published_before(before_july: tuple[Path, Path]) -> None:
    from flows.monthly_ingest import CriticalCheckFailed, monthly_ingest

    database, july = before_july
    figures = next(july.glob("*.csv"))
    rows = list(csv.DictReader(figures.open(encoding="utf-8")))
    for row in rows:  # manufacturing's contribution to May's change off by 3 pp: the sections no longer add up
        if (row["period"], row["industry"], row["measure"], row["base"]) == (
            "2025-05",
            "C",
            "contribution_pp",
            "prev_month",
        ):
            row["value"] = str(round(float(row["value"]) + 3, 2))
    with figures.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with duckdb.connect(str(database), read_only=True) as con:
        contributions_before = con.sql(
            "from iip_section_contributions where period = '2025-05' order by all"
        ).fetchall()

    with pytest.raises(CriticalCheckFailed):
        monthly_ingest(source=str(july), warehouse=str(database))

    with duckdb.connect(str(database), read_only=True) as con:
        failed = con.sql("select source_file from release where state = 'failed'").fetchall()
        assert (figures.name,) in failed
        for name in MATERIALIZED:
            assert as_a_full_recompute_gives(con, name) == [], name
        assert con.sql("from iip_section_contributions where period = '2025-05' order by all").fetchall() == (
            contributions_before
        )


def test_a_view_whose_definition_changed_is_installed_again_with_the_views_that_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with duckdb.connect(str(tmp_path / "iip.duckdb")) as con:
        migrate(con)
        install_views(con)
        before = installed_at(con)
        edited = tmp_path / "views"
        shutil.copytree(VIEWS_SQL_DIR, edited)
        with (edited / "latest_change.sql").open("a", encoding="utf-8") as view:
            view.write("\n-- as a later version of the warehouse would define it\n")
        monkeypatch.setattr(views, "VIEWS_SQL_DIR", edited)

        install_views(con, changed_periods=[])

        after = installed_at(con)
        assert con.sql("select count(*) from iip_monthly_as_of(current_date)").fetchone() == (0,)
    again = {name.removeprefix("view ") for name in after if after[name] != before[name]}
    assert {"latest_change", "iip_monthly", "iip_industry_ranking", "iip_headline"} <= again
    assert not again & {"latest_fact", "iip_revisions", "published_fact", "dq_revisions"}


def test_a_view_missing_its_as_of_macro_is_installed_again(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "iip.duckdb")) as con:
        migrate(con)
        install_views(con)
        con.execute("drop macro table iip_headline_as_of")

        install_views(con, changed_periods=[])

        assert con.sql("select count(*) from iip_headline_as_of(current_date)").fetchone() is not None


def test_reference_tables_are_reloaded_only_when_their_rows_change(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "iip.duckdb")) as con:
        migrate(con)
        before = installed_at(con)
        con.execute("delete from industry where level = 'division'")  # as an older reference would have left it
        con.execute("update installed_definition set sha256 = 'older rows' where name = 'industry'")

        migrate(con)

        after = installed_at(con)
        assert {name for name in after if after[name] != before[name]} == {"reference industry"}
        assert con.sql("select count(*) from industry where level = 'division'").fetchone()[0] > 0


def test_a_view_computed_by_period_has_a_period_and_reads_only_views_computed_by_period(tmp_path: Path) -> None:
    views = definitions()
    with duckdb.connect(str(tmp_path / "iip.duckdb")) as con:
        migrate(con)
        install_views(con)
        for name, view in views.items():
            if not view.by_period:
                continue
            reads = {other for other in views if other != name and re.search(rf"\b{other}\b", view.query)}
            assert all(views[other].by_period for other in reads), (name, reads)
            assert "period" in con.table(name).columns, name


@pytest.mark.flow
def test_the_checks_of_a_view_computed_by_period_see_the_same_rows_in_its_releases_periods(
    january_to_june: tuple[Path, Path],
) -> None:
    """What a run checks: the rows about each release, read in the release's periods only or in the whole view."""
    database, _ = january_to_june
    with duckdb.connect(str(database), read_only=True) as con:
        releases = [release_id for (release_id,) in con.sql("select release_id from release").fetchall()]
        checked = [path.stem for path in suite_files() if definitions()[path.stem].by_period]
        assert len(checked) > 15
        for name in checked:
            for release_id in releases:
                whole = rows_about(con.table(name), [release_id])
                in_periods = rows_about(con.table(name), [release_id], periods_of(con, [release_id]))
                assert sorted(map(repr, in_periods.fetchall())) == sorted(map(repr, whole.fetchall())), name
