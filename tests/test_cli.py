"""The `iip` command as users type it: real processes against a real warehouse file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert names == ["iip_headline", "iip_section_contributions"]


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
