"""The `iip` command as users type it: real processes against a real warehouse file."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.query import csv_cell
from warehouse.views import analytic_views

TWO_MONTHS_2024 = (
    "select change_pct from iip_headline "
    "where period_type = 'ytd' and period = '2024-02' and base = 'same_period_prev_year'"
)


def iip(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_iip_sql_answers_the_two_month_2024_headline(sample_warehouse: Path) -> None:
    result = iip("--warehouse", str(sample_warehouse), "sql", TWO_MONTHS_2024, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["change_pct", "5.7"]


def test_iip_sql_reads_the_warehouse_named_by_the_environment(sample_warehouse: Path) -> None:
    result = iip("sql", TWO_MONTHS_2024, "--format", "json", env={"IIP_WAREHOUSE": str(sample_warehouse)})
    assert result.returncode == 0, result.stderr
    assert '"change_pct": 5.7' in result.stdout


@pytest.mark.parametrize(
    "statement",
    [
        "delete from fact",
        "create table mine as select 1",
        "update release set state = 'failed'",
        "copy fact to '/tmp/iip-leak.csv'",
        "select * from read_csv('/etc/passwd')",
    ],
)
def test_iip_sql_cannot_write_the_warehouse_or_touch_other_files(sample_warehouse: Path, statement: str) -> None:
    result = iip("--warehouse", str(sample_warehouse), "sql", statement)
    assert result.returncode == 1
    assert result.stderr.startswith("iip sql: ")
    assert not Path("/tmp/iip-leak.csv").exists()


def test_iip_sql_does_not_load_the_orchestrator_or_the_validator(sample_warehouse: Path) -> None:
    probe = (
        "import sys; from warehouse.cli import main; "
        f"main(['--warehouse', {str(sample_warehouse)!r}, 'sql', 'select 1']); "
        "print(sorted(m for m in ('prefect', 'great_expectations') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"


@pytest.mark.flow
def test_iip_run_over_a_folder_with_no_release_files_does_not_load_the_validator(
    prefect_harness: None, tmp_path: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    empty = tmp_path / "inbox"
    empty.mkdir()
    probe = (
        "import sys; from warehouse.cli import main; "
        f"code = main(['--warehouse', {str(tmp_path / 'iip.duckdb')!r}, 'run', '--source', {str(empty)!r}]); "
        "print(code, sorted(m for m in ('great_expectations',) if m in sys.modules))"
    )
    served = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=served, check=True)
    assert result.stdout.splitlines()[-1] == "0 []"


def test_iip_sql_without_a_warehouse_says_how_to_make_one(tmp_path: Path) -> None:
    result = iip("--warehouse", str(tmp_path / "none.duckdb"), "sql", "select 1")
    assert result.returncode == 1 and "run `iip run` first" in result.stderr


def test_iip_run_dry_run_lists_the_sample_releases(tmp_path: Path) -> None:
    result = iip("--warehouse", str(tmp_path / "iip.duckdb"), "run", "--dry-run")
    assert result.returncode == 0
    assert result.stdout.count("would read") == 4
    assert not (tmp_path / "iip.duckdb").exists()


@pytest.mark.flow
def test_iip_run_builds_the_warehouse_and_prints_the_summary(tmp_path: Path) -> None:
    database = tmp_path / "iip.duckdb"
    result = iip("--warehouse", str(database), "run", env={"PREFECT_HOME": str(tmp_path / "prefect")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": ok" in result.stdout
    assert "releases   8 loaded" in result.stdout
    assert f"database   {database}" in result.stdout
    assert (database.parent / "reports" / "latest.md").exists()


def test_iip_views_lists_the_analytic_views_with_their_descriptions() -> None:
    result = iip("views")
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == [*sorted(analytic_views()), "as_of(view,"]
    assert all(len(line.split(maxsplit=1)) == 2 for line in result.stdout.splitlines())  # each has a description


@pytest.mark.parametrize(
    "statement",
    [
        "insert into release (publisher) values ('me')",
        "attach '/tmp/iip-leak.duckdb' as leak",
        "load httpfs",
        "install httpfs",
        "set enable_external_access = true",
        "export database '/tmp/iip-leak'",
        "select * from read_text('/etc/hostname')",
        "select * from glob('/etc/*')",
    ],
)
def test_iip_sql_cannot_attach_load_or_switch_the_sandbox_off(sample_warehouse: Path, statement: str) -> None:
    result = iip("--warehouse", str(sample_warehouse), "sql", statement)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("iip sql: ")
    assert not Path("/tmp/iip-leak.duckdb").exists() and not Path("/tmp/iip-leak").exists()


def test_iip_sql_reads_the_query_from_a_file_and_answers_as_of_a_day(sample_warehouse: Path, tmp_path: Path) -> None:
    query = tmp_path / "january.sql"
    query.write_text(
        "-- January 2024 against January 2023, as the warehouse stood after the January workbook\n"
        "select index_value from as_of('iip_headline', date '2024-02-01')\n"
        "where period_type = 'month' and period = '2024-01' and base = 'same_period_prev_year';\n",
        encoding="utf-8",
    )
    result = iip("--warehouse", str(sample_warehouse), "sql", "--file", str(query), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["index_value", "118.3"]


def test_iip_sql_opens_a_prompt_when_given_no_query(sample_warehouse: Path) -> None:
    session = (
        "select change_pct from iip_headline\n"
        "where period_type = 'ytd' and period = '2024-02' and base = 'same_period_prev_year';\n"
        ".format csv\n"
        "select residual_pp from iip_section_contributions;\n"
        "delete from fact;\n"
        "select 'still here' as answer;\n"
        ".quit\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "warehouse.cli", "--warehouse", str(sample_warehouse), "sql"],
        input=session,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "│        5.7 │" in result.stdout  # the first answer as a table
    assert "residual_pp\n0.04\n" in result.stdout  # then CSV
    assert "read-only" in result.stderr and "answer\nstill here\n" in result.stdout  # an error does not end it
    assert result.returncode == 1  # but it is reported


def test_iip_sql_writes_parquet_to_a_file(sample_warehouse: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "out" / "jan_feb.parquet"
    result = iip(
        "--warehouse", str(sample_warehouse), "sql", "from iip_jan_feb", "--format", "parquet", "--output", str(target)
    )
    assert result.returncode == 0, result.stderr
    table = pq.read_table(target)
    assert table.num_rows == 14 and "residual_pp" in table.column_names
    assert iip("--warehouse", str(sample_warehouse), "sql", "select 1", "--format", "parquet").returncode == 2


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_iip_export_round_trips_a_view(sample_warehouse: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"contributions.{fmt}"
    args = ["export", "iip_section_contributions", "--format", fmt, "--output", str(target)]
    result = iip("--warehouse", str(sample_warehouse), *args)
    assert result.returncode == 0, result.stderr
    columns = "period, headline_change_pct, contributions_sum, residual_pp"
    with duckdb.connect() as con:
        exported = con.sql(f"select {columns} from '{target}'").fetchall()
    with duckdb.connect(str(sample_warehouse), read_only=True) as warehouse:
        assert exported == warehouse.sql(f"select {columns} from iip_section_contributions").fetchall()
    assert exported == [("2024-02", 5.7, 5.74, 0.04)]


def test_iip_export_refuses_an_unknown_view(sample_warehouse: Path, tmp_path: Path) -> None:
    result = iip("--warehouse", str(sample_warehouse), "export", "fact; drop table fact", "--output", str(tmp_path))
    assert result.returncode == 2 and "iip views" in result.stderr


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Quảng Ninh", "Quảng Ninh"),
        (-1.6, -1.6),  # a number is a number, not a formula
        ([6, 7], "[6, 7]"),
        (None, ""),
    ],
)
def test_csv_cells_a_spreadsheet_would_execute_are_escaped(cell, written) -> None:
    assert csv_cell(cell) == written


def test_iip_chart_draws_png_and_offline_html(sample_warehouse: Path, tmp_path: Path) -> None:
    result = iip("--warehouse", str(sample_warehouse), "chart", "--output-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for stem in ("headline-contributions", "province-ranking"):
        png = (tmp_path / f"{stem}.png").read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 20_000  # a drawn chart, not an empty canvas
        html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
        assert "vega" in html and "cdn.jsdelivr" not in html  # the engine is in the page: it opens offline
    assert "Thừa Thiên Huế" in (tmp_path / "province-ranking.html").read_text(encoding="utf-8")


def test_iip_report_prints_the_latest_report_and_locates_its_files(sample_warehouse: Path) -> None:
    printed = iip("--warehouse", str(sample_warehouse), "report")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("# Data-quality report, run ")
    assert "## Summary" in printed.stdout and "## Critical failures" in printed.stdout

    located = iip("--warehouse", str(sample_warehouse), "report", "--path")
    markdown, html = (Path(line) for line in located.stdout.splitlines())
    assert markdown.suffix == ".md" and html.suffix == ".html" and markdown.exists() and html.exists()
    assert markdown.stem in printed.stdout.splitlines()[0]


def test_iip_report_names_an_unknown_run(sample_warehouse: Path) -> None:
    result = iip("--warehouse", str(sample_warehouse), "report", "19990101T000000-nope")
    assert result.returncode == 1 and "no run '19990101T000000-nope'" in result.stderr


def test_iip_report_does_not_load_the_orchestrator_or_the_validator(sample_warehouse: Path) -> None:
    probe = (
        "import sys; from warehouse.cli import main; "
        f"main(['--warehouse', {str(sample_warehouse)!r}, 'report', '--path']); "
        "print(sorted(m for m in ('prefect', 'great_expectations') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"


def iip_into_a_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    """`iip ARGS | true`: the reading end of stdout is closed before iip writes its first byte."""
    reading_end, writing_end = os.pipe()
    os.close(reading_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "warehouse.cli", *args],
            stdout=writing_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        os.close(writing_end)


@pytest.mark.parametrize(
    "command",
    [
        ["views"],
        ["schedule"],
        ["run", "--dry-run"],
        ["sql", "select 1"],
        ["explain", "month", "2024-01", "TOTAL"],
        ["report"],
        ["report", "--path"],
    ],
    ids=" ".join,
)
def test_a_printing_command_stops_quietly_when_its_reader_is_gone(sample_warehouse: Path, command: list[str]) -> None:
    result = iip_into_a_closed_pipe("--warehouse", str(sample_warehouse), *command)
    assert result.stderr == ""  # no BrokenPipeError traceback, no "Exception ignored" at exit
    assert result.returncode == 141  # as a shell reports `yes | head`: 128 + SIGPIPE


def test_iip_sql_piped_into_head_prints_the_first_line_and_no_traceback(sample_warehouse: Path) -> None:
    many_rows = "select * from range(200000)"  # ~1.3 MB of CSV: far more than a pipe holds
    iip_process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "warehouse.cli",
            "--warehouse",
            str(sample_warehouse),
            "sql",
            many_rows,
            "--format",
            "csv",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert iip_process.stdout is not None and iip_process.stderr is not None
    head = subprocess.run(["head", "-1"], stdin=iip_process.stdout, capture_output=True, text=True, check=True)
    iip_process.stdout.close()  # only head reads it now: when head exits, the pipe is closed
    errors = iip_process.stderr.read().decode()
    assert iip_process.wait(timeout=600) == 141
    assert head.stdout == "range\n"
    assert errors == ""
