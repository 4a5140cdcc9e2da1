"""The data-quality checks: each passes on the sample and fails on a copy altered in exactly the way it guards
against, naming the period, the figure and the cell. Real flow runs, real DuckDB files, real GX validations."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from flows.monthly_ingest import CriticalCheckFailed, monthly_ingest
from warehouse.reference import Geography, geographies
from warehouse.report import EXIT_CRITICAL_CHECK_FAILED, EXIT_OK, RunSummary
from warehouse.validate import CheckOutcome, Verdict, describe_row, validate_new_releases
from warehouse.views import check_views

pytestmark = pytest.mark.flow

FIGURES = "press-release-figures.csv"
NOV_2021 = "2021-11-29-So-lieu-11.2021.xlsx"
FEB_2024 = "2024-02-29-So-lieu-02.2024.xlsx"

# Views the sample has no input for: one release never states both an index and its change, and no two
# releases of one day state the same figure. Their passing cases are built in the table below.
NO_SAMPLE_ROWS = {"dq_index_change", "dq_duplicate_keys"}


def run(releases: Path, database: Path) -> RunSummary:
    try:
        return monthly_ingest(source=str(releases), warehouse=str(database))
    except CriticalCheckFailed as failure:
        return failure.summary


def outcome(summary: RunSummary, check: str) -> CheckOutcome:
    (found,) = [c for c in summary.checks if c.check == check]
    return found


def set_cell(file: str, location: str, value: float | None) -> Callable[[Path], None]:
    def alter(releases: Path) -> None:
        book = load_workbook(releases / file)
        sheet, cell = location.split("!")
        assert book[sheet][cell].value is not None, f"{file} {location} holds no figure to alter"
        book[sheet][cell] = value
        book.save(releases / file)

    return alter


def replace_line(old: str, new: str) -> Callable[[Path], None]:
    def alter(releases: Path) -> None:
        text = (releases / FIGURES).read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        (releases / FIGURES).write_text(text.replace(old, new), encoding="utf-8")

    return alter


def add_line(line: str) -> Callable[[Path], None]:
    def alter(releases: Path) -> None:
        with (releases / FIGURES).open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    return alter


GSO_FEB_2024 = "GSO,2024-03-01,gso-2024-02-industrial-production"
TWO_MONTHS_INDEX = GSO_FEB_2024 + ',ytd,2024-02,VN,TOTAL,index,same_period_prev_year,{},,estimate,"IIP {}",test'
SAME_DAY_CHANGE = (
    "GSO,2024-03-01,gso-2024-02-briefing,ytd,2024-02,VN,TOTAL,change_pct,same_period_prev_year,{},,estimate,q,"
)


@dataclass(frozen=True)
class Case:
    """One alteration of the sample, the check that must catch it, and what its failing row must name."""

    check: str
    severity: str
    alter: Callable[[Path], None]
    names: tuple[str, ...]  # in the failing row's description: period, base, subject
    cell: str  # in the failing row's source: the file and cell (or line) the figure came from


CASES = {
    "a headline above all its sections": Case(
        "aggregate_within_components",
        "critical",
        set_cell(NOV_2021, "2.IIPthang!C10", 109.0),
        ("month 2021-11 prev_month TOTAL",),
        f"{NOV_2021} 2.IIPthang!C10",
    ),
    "an index that disagrees with its change in one release": Case(
        "index_equals_100_plus_change",
        "critical",
        add_line(TWO_MONTHS_INDEX.format("106.7", "106,7")),
        ("ytd 2024-02 same_period_prev_year", "TOTAL"),
        "line 76",
    ),
    "more provinces than exist": Case(
        "provinces_add_up",
        "critical",
        replace_line(
            "2024-02,VN,TOTAL,provinces_down_count,same_period_prev_year,7,",
            "2024-02,VN,TOTAL,provinces_down_count,same_period_prev_year,9,",
        ),
        ("ytd 2024-02 same_period_prev_year TOTAL", "provinces_valid=63"),
        "provinces_down_count: press-release-figures.csv gso-2024-02-industrial-production line 58",
    ),
    "provinces left unaccounted for": Case(
        "provinces_all_accounted",
        "warning",
        replace_line(
            "2024-02,VN,TOTAL,provinces_down_count,same_period_prev_year,7,",
            "2024-02,VN,TOTAL,provinces_down_count,same_period_prev_year,5,",
        ),
        ("ytd 2024-02 same_period_prev_year TOTAL", "provinces_counted=61"),
        "provinces_down_count: press-release-figures.csv gso-2024-02-industrial-production line 58",
    ),
    "a column without its headline": Case(
        "headline_stated",
        "critical",
        set_cell(FEB_2024, "2.IIPthang!E10", None),
        ("ytd 2024-02 same_period_prev_year",),
        f"{FEB_2024} 2.IIPthang!E",
    ),
    "a column without a section": Case(
        "sections_stated",
        "warning",
        set_cell(FEB_2024, "2.IIPthang!C14", None),
        ("month 2024-02 prev_month", "sections_missing=['C']"),
        f"{FEB_2024} 2.IIPthang!C",
    ),
    "two values of one figure on one day": Case(
        "one_value_per_figure_and_day",
        "critical",
        add_line(SAME_DAY_CHANGE.format("5.9")),
        ("ytd 2024-02 same_period_prev_year", "TOTAL", "change_pct"),
        "gso-2024-02-briefing line 76",
    ),
    "an index level no industry reaches": Case(
        "index_positive_and_bounded",
        "critical",
        set_cell(NOV_2021, "2.IIPthang!D18", 2000.0),
        ("month 2021-11 same_period_prev_year", "10"),
        f"{NOV_2021} 2.IIPthang!D18",
    ),
    "a change beyond 50%": Case(
        "change_within_50_pct",
        "warning",
        set_cell(NOV_2021, "2.IIPthang!D18", 160.66),
        ("month 2021-11 same_period_prev_year", "10"),
        f"{NOV_2021} 2.IIPthang!D18",
    ),
    "a share that is not part over whole": Case(
        "share_equals_part_over_whole",
        "critical",
        replace_line(
            "enterprises_three_on_site_share_pct,none,41.9,", "enterprises_three_on_site_share_pct,none,49.1,"
        ),
        ("month 2021-10 none", "P63-82", "computed_share_pct=41.9"),
        "moit-2021-10-tien-giang-three-on-site line 75",
    ),
    "a large revision": Case(
        "headline_and_section_revision_small",
        "warning",
        set_cell(FEB_2024, "2.IIPthang!B10", 110.0),
        ("month 2024-01 same_period_prev_year", "TOTAL", "first_value=118.3", "latest_value=110.0"),
        f"first: 2024-01-29-So-lieu-01.2024.xlsx 2. IIP!C7; latest: {FEB_2024} 2.IIPthang!B10",
    ),
    "a press release that matches no workbook": Case(
        "press_release_matches_workbook",
        "warning",
        replace_line(
            "2021-11,VN,TOTAL,change_pct,prev_month,5.5,,estimate,",
            "2021-11,VN,TOTAL,change_pct,prev_month,6.5,,estimate,",
        ),
        ("month 2021-11 prev_month", "TOTAL", "press_change_pct=6.5", "workbook_index=105.46"),
        f"moit-2021-11-industrial-production line 8; workbook: {NOV_2021} 2.IIPthang!C10",
    ),
    "a year-to-date index outside its months": Case(
        "ytd_within_months",
        "warning",
        set_cell(FEB_2024, "2.IIPthang!E15", 120.0),
        ("ytd 2024-02 same_period_prev_year 10",),
        f"ytd: {FEB_2024} 2.IIPthang!E15",
    ),
}


def test_every_check_passes_on_the_sample(sample_warehouse: Path) -> None:
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        results = con.execute("select suite, check_name, success from check_result").fetchall()
        assert results and all(success for _, _, success in results), [r for r in results if not r[2]]
        for view in check_views():
            rows = con.execute(f"select count(*) from {view}").fetchone()[0]
            assert rows > 0 or view in NO_SAMPLE_ROWS, f"{view} checks nothing on the sample"
    checked = {check for _, check, _ in results}
    assert {case.check for case in CASES.values()} <= checked


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_check_fails_on_the_alteration_it_guards_against(sample_copy: Path, tmp_path: Path, case: Case) -> None:
    case.alter(sample_copy)
    summary = run(sample_copy, tmp_path / "iip.duckdb")

    failed = outcome(summary, case.check)
    assert (failed.severity, failed.success) == (case.severity, False)
    described = [(describe_row(row), str(row["source"])) for row in failed.failing_rows]
    assert any(all(n in text for n in case.names) and case.cell in source for text, source in described), described
    if case.severity == "warning":
        assert summary.exit_code == EXIT_OK and not summary.failed_releases  # warnings never block
    else:
        assert summary.exit_code == EXIT_CRITICAL_CHECK_FAILED and summary.failed_releases
    report = summary.report_path.read_text(encoding="utf-8")
    assert case.check in report and case.cell.split("; ")[-1] in report


@pytest.mark.parametrize(
    ("alter", "check"),
    [
        (add_line(TWO_MONTHS_INDEX.format("105.7", "105,7")), "index_equals_100_plus_change"),
        (add_line(SAME_DAY_CHANGE.format("5.7")), "one_value_per_figure_and_day"),
    ],
    ids=["an index that agrees with its change", "the same value twice on one day"],
)
def test_checks_without_sample_input_pass_on_agreeing_figures(
    sample_copy: Path, tmp_path: Path, alter: Callable[[Path], None], check: str
) -> None:
    alter(sample_copy)
    summary = run(sample_copy, tmp_path / "iip.duckdb")
    assert summary.exit_code == EXIT_OK
    assert outcome(summary, check).success
    with duckdb.connect(str(tmp_path / "iip.duckdb"), read_only=True) as con:
        view = "dq_index_change" if check.startswith("index") else "dq_duplicate_keys"
        assert con.execute(f"select count(*) from {view}").fetchone() == (1,)


def latest_report_artifact() -> str:
    """The run's report as the Prefect UI shows it (Artifact.get sends nulls the 3.8.8 server refuses)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, TaskRunFilter
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        (artifact,) = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["data-quality-report"])),
            flow_run_filter=FlowRunFilter(),
            task_run_filter=TaskRunFilter(),
            sort=ArtifactSort.CREATED_DESC,
            limit=1,
            offset=0,
        )
    return str(artifact.data)


def test_a_critical_bound_failure_holds_the_release_back_and_the_views_keep_the_validated_state(
    sample_copy: Path, tmp_path: Path
) -> None:
    database = tmp_path / "iip.duckdb"
    monthly_ingest(warehouse=str(database))  # the validated state readers see
    set_cell(NOV_2021, "2.IIPthang!C10", 109.0)(sample_copy)

    with pytest.raises(CriticalCheckFailed) as failure:
        monthly_ingest(source=str(sample_copy), warehouse=str(database))
    summary = failure.value.summary
    ((reason_release, reason),) = summary.failed_releases.items()
    assert "aggregate_within_components" in reason and "month 2021-11 prev_month TOTAL" in reason

    with duckdb.connect(str(database), read_only=True) as con:
        shown = con.execute(
            "select index_value from iip_headline where period = '2021-11' and base = 'prev_month'"
        ).fetchone()
        assert shown == (105.46,)
        failed = con.execute("select source_file, state from release where state = 'failed'").fetchall()
        assert failed == [(NOV_2021, "failed")]
        stored = con.execute(
            """select failing_count, failing_rows->>'$[0].source' from check_result
            where check_name = 'aggregate_within_components' and not success"""
        ).fetchone()
        assert stored[0] == 1 and "2.IIPthang!C10" in stored[1]
        # outcomes are data: which check failed, on which release, for which figure, from which cell
        failure = con.execute(
            """select check_name, severity, period, base, subject, source_file, source from check_failure
            where run_id = ?""",
            [summary.run_id],
        ).fetchall()
        assert failure == [
            ("aggregate_within_components", "critical", "2021-11", "prev_month", "TOTAL", NOV_2021, stored[1])
        ]

    # an analyst asks, through `iip sql`, which checks failed for the November 2021 release, and by how much
    asked = subprocess.run(
        [
            sys.executable,
            "-m",
            "warehouse.cli",
            "--warehouse",
            str(database),
            "sql",
            "--format",
            "csv",
            f"""select c.check_name, c.severity, c.observed_value->>'$.unexpected_count' as unexpected
         from check_result as c join release as r on list_contains(c.release_ids, r.release_id)
         where r.source_file = '{NOV_2021}' and not c.success order by c.check_name""",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    assert asked.stdout.splitlines() == ["check_name,severity,unexpected", "aggregate_within_components,critical,1"]

    assert summary.run_id in latest_report_artifact() and "2.IIPthang!C10" in latest_report_artifact()
    html = summary.report_path.with_suffix(".html").read_text(encoding="utf-8")
    assert html.index("Summary") < html.index("Critical failures") < html.index("Warnings")
    assert "2.IIPthang!C10" in html and "<script" not in html and "http" not in html
    assert html.count("<svg") == 3 and "<polyline" in html  # the headline over time, drawn inline
    # the sections' contributions stacked under the headline, and the grid of check outcomes per release
    assert '<svg class="chart contributions"' in html and html.count('<rect class="contribution"') >= 4
    assert '<circle class="headline"' in html and '<svg class="chart outcomes"' in html
    # GX's Data Docs beside the report: the pass that found the failure, and the pass without the held release
    assert 'href="data-docs/index.html"' in html
    docs = summary.report_path.parent / "data-docs"
    pages = sorted((docs / "validations" / "dq_aggregation_bounds").rglob("*.html"))
    assert (docs / "index.html").exists() and [p.parts[-3] for p in pages] == [
        f"{summary.run_id} pass 1",
        f"{summary.run_id} pass 2",
    ]
    failed_mark = "fa-times text-danger"  # the red cross GX draws beside a failed expectation
    assert failed_mark in pages[0].read_text(encoding="utf-8")
    assert failed_mark not in pages[1].read_text(encoding="utf-8")
    failed_cells = re.findall(r'<rect class="fail critical"[^>]*><title>([^<]*)</title>', html)
    assert failed_cells == [f"aggregate_within_components fails on release {reason_release} (2021-11, {NOV_2021})"]


def test_a_figure_for_a_period_after_its_publication_is_caught_past_the_readers(
    sample_warehouse: Path, tmp_path: Path
) -> None:
    """The readers already quarantine such columns; the check guards the warehouse itself (any loader, any bug)."""
    database = tmp_path / "iip.duckdb"
    shutil.copy(sample_warehouse, database)
    with duckdb.connect(str(database)) as con:
        (release_id,) = con.execute("select release_id from release where source_file = ?", [FEB_2024]).fetchone()
        con.execute(
            """update fact set period = '2024-04' where release_id = ? and period_type = 'month'
            and period = '2024-02' and base = 'prev_month'""",
            [release_id],
        )
        con.execute("update release set state = 'loaded' where release_id = ?", [release_id])
        verdict = validate_new_releases(con, [release_id])

    assert list(verdict.failed) == [release_id] and verdict.publishable == []
    failed = [o for o in verdict.outcomes if o.check == "period_not_after_publication"]
    assert [(o.severity, o.success) for o in failed] == [("critical", False)]
    rows = {describe_row(r).split(" (")[0]: r["source"] for r in failed[0].failing_rows}
    assert rows["month 2024-04 prev_month TOTAL index"] == f"{FEB_2024} 2.IIPthang!C10"


@pytest.mark.slow
def test_the_whole_real_history_passes_every_critical_check_and_lists_its_anomalies(
    nso_dir: Path, prefect_harness: None, tmp_path: Path
) -> None:
    """A check that fails on correct official data is wrong: 2011-2023 publishes whole, anomalies are warnings."""
    summary = run(nso_dir, tmp_path / "iip.duckdb")

    assert not summary.failed_releases
    assert [c.check for c in summary.checks if c.severity == "critical" and not c.success] == []
    # every workbook 2011-01..2023-12 loads (the first five for their products only: no index table yet)
    assert summary.published_releases == summary.releases_loaded == 154
    warned = {c.check: c.failing_rows for c in summary.checks if not c.success}
    # June 2018: mining's month-on-month index (95.52) lies below all four divisions the table lists; the
    # fifth (09) is missing, so the bound is listed as a warning with the three cells, not blocking
    bound = [r for r in warned["aggregate_within_stated_components"] if describe_row(r).startswith("month 2018-06")]
    assert bound and "2018-06-29-03-Bieu-6.2018-1.xlsx IIP!C10" in bound[0]["source"]
    # July 2015 printed a placeholder 0 for manufacturing month-on-month: the reader set it aside, listed here
    missing = [r for r in warned["sections_stated"] if describe_row(r).startswith("month 2015-07 prev_month")]
    assert missing and missing[0]["sections_missing"] == ["C"]


def validate_altered_copy(
    sample_warehouse: Path, tmp_path: Path, release: tuple[str, str], statement: str
) -> tuple[int, Verdict]:
    """Alter one release (file, document) in a copy of the sample warehouse, past the readers; validate it anew."""
    database = tmp_path / "iip.duckdb"
    shutil.copy(sample_warehouse, database)
    with duckdb.connect(str(database)) as con:
        (release_id,) = con.execute(
            "select release_id from release where source_file = ? and source_document = ?", list(release)
        ).fetchone()
        con.execute(statement, {"release_id": release_id})
        con.execute("update release set state = 'loaded' where release_id = ?", [release_id])
        return release_id, validate_new_releases(con, [release_id])


def test_a_province_that_did_not_exist_at_the_period_is_caught(sample_warehouse: Path, tmp_path: Path) -> None:
    # Quảng Ninh's November 2021 figure re-coded to the post-merger province that replaced it in 2025
    release_id, verdict = validate_altered_copy(
        sample_warehouse,
        tmp_path,
        (FIGURES, "moit-2021-11-industrial-production"),
        """update fact set geo_code = g.successor_geo_code from geography as g
        where fact.release_id = $release_id and g.geo_code = fact.geo_code and g.name_vi = 'Quảng Ninh'""",
    )
    assert list(verdict.failed) == [release_id]
    (failed,) = [o for o in verdict.outcomes if o.check == "provinces_valid_at_period"]
    assert (failed.severity, failed.success) == ("critical", False)
    (row,) = failed.failing_rows
    assert describe_row(row).startswith("month 2021-11 unspecified TOTAL change_pct")
    assert row["provinces_not_valid"] == ["P34-22"]
    assert "moit-2021-11-industrial-production line 2" in row["source"]


def test_a_workbook_province_table_missing_a_province_is_caught(sample_warehouse: Path, tmp_path: Path) -> None:
    # a province table of November 2021 in the workbook, with one of the 63 provinces left out
    release_id, verdict = validate_altered_copy(
        sample_warehouse,
        tmp_path,
        (NOV_2021, ""),
        """insert into fact select $release_id, 'month', '2021-11', geo_code, 'industry', 'TOTAL', 'index',
            'same_period_prev_year', 105.0, null, 1, 'index', 'estimate', 'IIP tinh!C' || (row_number() over () + 5)
        from geography where level = 'province' and valid_to = date '2025-06-30' and name_vi <> 'Hà Giang'""",
    )
    assert list(verdict.failed) == [release_id]
    (failed,) = [o for o in verdict.outcomes if o.check == "province_table_complete"]
    assert (failed.severity, failed.success) == ("critical", False)
    (row,) = failed.failing_rows
    assert (row["provinces_stated"], row["provinces_valid"], row["provinces_missing_count"]) == (62, 63, 1)
    assert (row["completeness_rule"], row["provinces_missing"], row["provinces_missing_names"]) == (
        "workbook",
        ["P63-02"],
        ["Hà Giang"],
    )
    assert f"{NOV_2021} IIP tinh!C6" in row["source"]


def press_release_of_provinces(folder: Path, period: str, names: list[str]) -> Path:
    """A press release's figures file stating each named province's index for one month, a line per province."""
    year, month = (int(part) for part in period.split("-"))
    head = f"NSO,{date(year + month // 12, month % 12 + 1, 6)},nso-{period}-provinces,month,{period}"
    lines = [
        f"{head},{name},TOTAL,index,same_period_prev_year,{105 + i / 10:.1f},,estimate," for i, name in enumerate(names)
    ]
    folder.mkdir()
    header = (
        "publisher,published_on,document,period_type,period,geo,industry,measure,base,value,value_high,status,quote"
    )
    (folder / "provinces.csv").write_text("\n".join([header, *lines, ""]), encoding="utf-8")
    return folder


def provinces_of(period: str) -> list[Geography]:
    """The provinces valid in a month, in code order (the merger fell on a month's first day)."""
    return [g for g in geographies() if g.level == "province" and g.valid_on(date.fromisoformat(f"{period}-01"))]


@dataclass(frozen=True)
class ProvinceTable:
    """A press release's province table for one month, and what the completeness check must say of it."""

    period: str
    stated: Callable[[list[Geography]], list[Geography]]  # which of the provinces valid in the month it states
    rule: str | None  # the completeness rule it is held to: 'nearly_all', or none for a selection
    missing: tuple[str, ...] = ()  # code and name of each province the failing row lists as missing


def all_but(*names: str) -> Callable[[list[Geography]], list[Geography]]:
    return lambda valid: [g for g in valid if g.name_vi not in names]


PROVINCE_TABLES = {
    "all 63 provinces": ProvinceTable("2024-01", all_but(), "nearly_all"),
    "all 63 but Hà Giang: a line lost in transcription": ProvinceTable(
        "2024-01", all_but("Hà Giang"), "nearly_all", ("P63-02 Hà Giang",)
    ),
    "all 34 provinces after the 2025 merger": ProvinceTable("2025-08", all_but(), "nearly_all"),
    "all 34 but Huế": ProvinceTable("2025-08", all_but("Huế"), "nearly_all", ("P34-46 Huế",)),
    "five provinces a press release names": ProvinceTable("2024-01", lambda valid: valid[:5], None),
    "five of the 34": ProvinceTable("2025-08", lambda valid: valid[-5:], None),
    "51 of 63, four fifths: a whole table with its first twelve lines lost": ProvinceTable(
        "2024-01",
        lambda valid: valid[12:],
        "nearly_all",
        (
            *("P63-01 Hà Nội", "P63-02 Hà Giang", "P63-04 Cao Bằng", "P63-06 Bắc Kạn", "P63-08 Tuyên Quang"),
            *("P63-10 Lào Cai", "P63-11 Điện Biên", "P63-12 Lai Châu", "P63-14 Sơn La", "P63-15 Yên Bái"),
            *("P63-17 Hòa Bình", "P63-19 Thái Nguyên"),
        ),
    ),
    "50 of 63: a selection, however long": ProvinceTable("2024-01", lambda valid: valid[13:], None),
    "28 of 34: a whole table lacking six": ProvinceTable(
        "2025-08",
        lambda valid: valid[6:],
        "nearly_all",
        (
            "P34-01 Hà Nội",
            "P34-04 Cao Bằng",
            "P34-08 Tuyên Quang",
            "P34-11 Điện Biên",
            "P34-12 Lai Châu",
            "P34-14 Sơn La",
        ),
    ),
    "27 of 34: a selection": ProvinceTable("2025-08", lambda valid: valid[7:], None),
}


@pytest.mark.parametrize("table", PROVINCE_TABLES.values(), ids=PROVINCE_TABLES.keys())
def test_a_press_release_listing_nearly_every_province_is_held_to_list_them_all(
    tmp_path: Path, prefect_harness: None, table: ProvinceTable
) -> None:
    names = [g.name_vi for g in table.stated(provinces_of(table.period))]
    summary = run(press_release_of_provinces(tmp_path / "releases", table.period, names), tmp_path / "iip.duckdb")

    # a gap is a warning: the release and every figure it states are published all the same
    assert summary.exit_code == EXIT_OK and summary.published_releases == 1
    with duckdb.connect(str(tmp_path / "iip.duckdb"), read_only=True) as con:
        assert con.execute("select completeness_rule from dq_province_tables").fetchall() == [(table.rule,)]
    listed = outcome(summary, "province_list_complete")
    assert (listed.severity, listed.success) == ("warning", not table.missing)
    if table.missing:
        (row,) = listed.failing_rows
        assert describe_row(row).startswith(f"month {table.period} same_period_prev_year TOTAL index")
        named = zip(row["provinces_missing"], row["provinces_missing_names"], strict=True)
        assert [f"{code} {name}" for code, name in named] == list(table.missing)
        assert row["provinces_missing_count"] == len(table.missing)
        assert f"nso-{table.period}-provinces line 2" in row["source"]


# A script that measures the page as Chromium laid it out, appended to a copy of the report (the report itself
# has no script): the size of each chart and mark, and of the table cells that name the failing cell.
LAYOUT_PROBE = """<script>
const box = (e) => { const r = e.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
const measured = {
  charts: [...document.querySelectorAll("svg.chart")].map((s) => [s.getAttribute("class"), ...box(s),
    s.querySelectorAll("rect, circle, polyline").length]),
  failCells: [...document.querySelectorAll("svg.outcomes rect.fail")].map((r) => [r.textContent, ...box(r)]),
  failingRows: [...document.querySelectorAll("td")].filter((td) => td.textContent.includes("2.IIPthang!C10"))
    .map((td) => [td.closest("table").previousElementSibling.previousElementSibling.textContent, ...box(td)]),
};
const out = document.createElement("pre");
out.id = "measured";
out.textContent = JSON.stringify(measured);
document.body.append(out);
</script>"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    return found


def test_the_html_report_renders_its_failing_rows_and_charts_in_headless_chromium(
    sample_copy: Path, tmp_path: Path
) -> None:
    browser = chromium()
    set_cell(NOV_2021, "2.IIPthang!C10", 109.0)(sample_copy)
    summary = run(sample_copy, tmp_path / "iip.duckdb")
    assert summary.exit_code == EXIT_CRITICAL_CHECK_FAILED
    page = tmp_path / "probed.html"
    html = summary.report_path.with_suffix(".html").read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", LAYOUT_PROBE + "</body>"), encoding="utf-8")

    dumped = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    (probe,) = re.findall(r'<pre id="measured">(.*?)</pre>', dumped, flags=re.S)
    measured = json.loads(unescape(probe))

    charts = {kind: (width, height, marks) for kind, width, height, marks in measured["charts"]}
    assert set(charts) == {"chart", "chart contributions", "chart outcomes"}
    assert all(width > 300 and height > 100 and marks > 0 for width, height, marks in charts.values()), charts
    ((title, width, height),) = measured["failCells"]
    assert "aggregate_within_components fails on release" in title and NOV_2021 in title
    assert width > 0 and height > 0
    sections = {section for section, width, height in measured["failingRows"] if width > 0 and height > 0}
    assert any("aggregate_within_components (critical" in s for s in sections), measured["failingRows"]


def test_a_run_checks_the_rows_of_its_new_releases_and_iip_validate_the_whole_warehouse(
    sample_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fault in a published release that a new release leaves untouched is not the new release's to answer
    for (and a monthly run need not check sixteen years again); `iip validate` still finds it."""
    from warehouse.cli import main

    database = tmp_path / "iip.duckdb"
    shutil.copy(sample_warehouse, database)
    with duckdb.connect(str(database)) as con:
        # November 2021's headline, already published, altered past the readers to 200: above all its sections
        con.execute(
            """update fact set value = 200 where subject_code = 'TOTAL' and period = '2021-11' and measure = 'index'
            and base = 'prev_month' and release_id in (select release_id from release where source_file = ?)""",
            [NOV_2021],
        )
        (february,) = con.execute("select release_id from release where source_file = ?", [FEB_2024]).fetchone()
        con.execute("update release set state = 'loaded' where release_id = ?", [february])
        verdict = validate_new_releases(con, [february])

    assert verdict.publishable == [february] and not verdict.failed
    bounds = [o for o in verdict.outcomes if o.check == "aggregate_within_components"]
    assert [(o.success, o.failing_rows) for o in bounds] == [(True, [])]

    assert main(["--warehouse", str(database), "validate"]) == 1
    printed = capsys.readouterr().out
    assert "critical  dq_aggregation_bounds.aggregate_within_components: 1 rows fail" in printed
    assert "first: month 2021-11 prev_month TOTAL" in printed
