"""`iip backfill`: a folder loaded oldest first through the monthly flow, a per-file table, resumable; and a
warehouse built before the older classifications existed upgrades in place and keeps its data."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from warehouse.backfill import per_file_rows, per_file_table
from warehouse.schema import migrate, schema_files

MONTH = [["Tháng 7 năm", "2012 so với", "tháng 6", "năm 2012"]]


@pytest.mark.flow
def test_backfill_lists_every_file_in_publication_order_and_resumes(
    make_workbook, tmp_path: Path, prefect_harness: None
) -> None:
    from flows.monthly_ingest import monthly_ingest

    folder = tmp_path / "nso"
    folder.mkdir()
    old = make_workbook(
        "2011-06-29-Bieu-062011.xls.xlsx",
        headers=[["Tháng 6 năm", "2011 so với", "tháng 5", "năm 2011"]],
        rows=[["TOÀN NGÀNH CÔNG NGHIỆP", 104.63], ["Công nghiệp khai thác mỏ", 98.66], ["Sản xuất bia", 110.2]],
        sheet="02GTCN",
    )
    new = make_workbook(
        "2012-07-30-Bieu-7.2012.xlsx",
        headers=MONTH,
        rows=[["TOÀN QUỐC", 103.18], ["Khai khoáng", 95.68], ["Sản xuất bia", 0], ["Dệt may", 101.0]],
        sheet="02IIP",
    )
    for path in (new, old):
        shutil.move(path, folder / path.name)
    (folder / "2011-01-28-Bieu-012011.xlsx").write_bytes(b"not a workbook")
    database = tmp_path / "iip.duckdb"

    first = monthly_ingest(source=str(folder), warehouse=str(database))
    assert per_file_rows(first) == [
        ("2011-01-28-Bieu-012011.xlsx", "-", 0, 0, first.files[0].status.replace(f"{first.files[0].name}: ", "")),
        ("2011-06-29-Bieu-062011.xls.xlsx", "02GTCN=IIP", 3, 0, "loaded"),
        ("2012-07-30-Bieu-7.2012.xlsx", "02IIP=IIP", 2, 2, "loaded"),
    ]
    assert "not a readable Excel workbook" in first.files[0].status
    table = per_file_table(first).splitlines()
    assert table[0].split() == ["file", "sheets", "recognised", "facts", "loaded", "facts", "quarantined", "status"]
    assert table[-1].split()[:6] == ["3", "files", "2", "sheets", "5", "2"]

    again = monthly_ingest(source=str(folder), warehouse=str(database))
    assert [status for *_, status in per_file_rows(again)][1:] == ["already loaded", "already loaded"]
    assert again.facts_loaded == 0
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select count(*) from fact").fetchone() == (5,)
        codes = con.execute("select list(subject_code order by subject_code) from fact").fetchone()
        assert codes == (["B", "TOTAL", "VSIC1993:1553", "VSIC1993:C", "VSIC1993:TOTAL"],)


def test_a_warehouse_of_the_first_schema_upgrades_and_keeps_its_facts(tmp_path: Path) -> None:
    """Migrations 016-023 recreate the industry and fact tables (DuckDB cannot widen a CHECK in place); facts stay."""
    first_schema = [p for p in schema_files() if p.name < "014"]
    with duckdb.connect(str(tmp_path / "iip.duckdb")) as con:
        for path in first_schema:  # what the first release of the warehouse created
            sql = path.read_text(encoding="utf-8")
            con.execute(sql)
            con.execute(
                "insert into schema_migration (name, sha256) values (?, ?)",
                [path.name, hashlib.sha256(sql.encode()).hexdigest()],
            )
        con.execute("insert into industry values ('TOTAL', 'total', null, 'Toàn ngành công nghiệp', 'Whole industry')")
        con.execute("insert into industry_alias values ('toan nganh', 'Toàn ngành', 'TOTAL')")
        con.execute("""
            insert into release (publisher, published_on, reference_period, source_kind, source_file, sha256, status)
            values ('GSO', date '2021-11-29', '2021-11', 'workbook', 'a.xlsx', 'abc', 'estimate')
        """)
        con.execute("""
            insert into fact values (1, 'month', '2021-11', 'VN', 'industry', 'TOTAL', 'index', 'prev_month',
                                     105.46, null, 2, 'index (comparison period = 100)', 'estimate', '2.IIPthang!B10')
        """)

        applied = migrate(con)

        assert applied == [p.name for p in schema_files() if p.name >= "014"]
        assert con.execute("select value from fact").fetchall() == [(105.46,)]
        assert con.execute("select classification from industry where code = 'VSIC1993:1553'").fetchone() == (
            "VSIC1993",
        )
        assert con.execute(
            "select code from industry_alias where classification = 'VSIC2007' and alias = 'Sản xuất bia'"
        ).fetchone() == ("VSIC2007:1103",)
        assert migrate(con) == []


def test_backfill_publishes_one_publication_year_at_a_time_undated_files_last() -> None:
    from warehouse.backfill import yearly_batches

    files = [
        Path(n) for n in ("press-release-figures.csv", "2024-02-29-b.xlsx", "2021-11-29-a.xlsx", "2024-01-29-c.xlsx")
    ]
    assert [(year, [p.name for p in batch]) for year, batch in yearly_batches(files)] == [
        ("2021", ["2021-11-29-a.xlsx"]),
        ("2024", ["2024-01-29-c.xlsx", "2024-02-29-b.xlsx"]),
        ("undated", ["press-release-figures.csv"]),
    ]


@pytest.mark.flow
def test_a_killed_backfill_resumes_with_the_first_unfinished_year(
    tmp_path: Path, kill_with_its_children: Callable[[subprocess.Popen], None]
) -> None:
    import os
    import sys
    import time

    from warehouse.settings import SAMPLE_DIR

    project = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}

    def backfill(database: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "warehouse.cli", "--warehouse", str(database), "backfill", str(SAMPLE_DIR)],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group, killed whole below
        )

    whole = tmp_path / "whole" / "iip.duckdb"
    assert backfill(whole).wait(timeout=600) == 0

    database = tmp_path / "interrupted" / "iip.duckdb"
    victim = backfill(database)
    deadline = time.monotonic() + 300
    while not database.exists():  # the warehouse file appears when the first year is published
        assert time.monotonic() < deadline and victim.poll() is None, "the backfill never published a year"
        time.sleep(0.2)
    kill_with_its_children(victim)

    restarted = backfill(database)
    output = restarted.communicate(timeout=600)[0]
    assert restarted.returncode == 0, output
    first_line = next(line for line in output.splitlines() if line.startswith("2021-11-29"))
    assert first_line.endswith("already loaded")  # the finished year is not loaded again
    with duckdb.connect(str(whole), read_only=True) as a, duckdb.connect(str(database), read_only=True) as b:
        query = "select r.sha256, f.* exclude (release_id) from fact f join release r using (release_id) order by all"
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
