"""Text files as releases: read through the same dispatch, loaded by the same flow, written as a figures file."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from warehouse.facts import FACT_SCHEMA, SourceRejected
from warehouse.readers import TextOptions, read_release_file
from warehouse.readers.figures_csv import read_figures_csv
from warehouse.readers.text import figures_csv_rows, read_text_file, write_figures_csv

ARTICLE = (
    "11:04 | 02/03/2024\n\n"
    "Cơ quan thống kê cho biết, tính chung 2 tháng đầu năm 2024, IIP ước tính tăng 5,7% so với cùng kỳ năm trước "
    "(cùng kỳ năm 2023 giảm 2,9%). Trong đó, ngành khai khoáng giảm 3,5%, làm giảm 0,6 điểm phần trăm; ngành "
    "chế biến, chế tạo tăng 5,9%, đóng góp 5,2 điểm phần trăm.\n\n"
    "Chỉ số sản xuất của một số ngành tăng trên 10%. Giá trị tăng thêm ngành công nghiệp quý IV/2023 tăng 7,4%.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "iip-2024-02.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_a_text_file_is_one_release_of_source_kind_text(article: Path) -> None:
    (release,) = read_release_file(article)
    assert (release.source_kind, release.published_on) == ("text", date(2024, 3, 2))
    assert release.reference_period == "2024-02"
    assert release.facts.schema == FACT_SCHEMA
    assert release.facts.height == 6
    assert release.facts["source_location"].str.starts_with("chars ").all()
    assert release.status == "estimate"
    # the threshold is kept as a rejection with its reason; value added is not IIP and not worth a row
    assert release.rejections["reason"].to_list() == [
        "a threshold or a vague span (trên, hơn, gần, từ...), not a figure"
    ]


def test_a_text_without_a_date_needs_one_from_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text(ARTICLE.split("\n\n", 1)[1], encoding="utf-8")
    with pytest.raises(SourceRejected, match=r"undated\.txt: no publication date .* --published-on"):
        read_release_file(path)
    (release,) = read_release_file(path, TextOptions(published_on=date(2024, 3, 1), publisher="GSO"))
    assert (release.published_on, release.publisher, release.facts.height) == (date(2024, 3, 1), "GSO", 6)


def test_the_date_in_the_file_wins_over_the_command_line(article: Path) -> None:
    reading = read_text_file(article, TextOptions(published_on=date(2030, 1, 1)))
    assert reading.published_on == date(2024, 3, 2)


def test_extracted_figures_read_back_as_the_same_facts_through_the_figures_file(article: Path, tmp_path: Path) -> None:
    reading = read_text_file(article)
    interchange = tmp_path / "figures.csv"
    interchange.write_text(write_figures_csv(figures_csv_rows(article, reading)), encoding="utf-8")
    (from_csv,) = read_figures_csv(interchange)
    (from_text,) = read_release_file(article)
    assert from_csv.rejections.is_empty()
    assert_same = from_csv.facts.drop("source_location").sort(pl.all())
    assert assert_same.equals(from_text.facts.drop("source_location").sort(pl.all()))
    assert ",-0.6,," in interchange.read_text()  # the sign and the published precision survive


def test_iip_ingest_text_writes_the_figures_file_without_loading(article: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "warehouse.cli", "--warehouse", str(tmp_path / "w.duckdb"), "ingest-text",
         str(article), "--csv", "-", "--no-load"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.startswith("publisher,published_on,document,period_type,period,geo,industry,measure,base,value")
    assert len(rows) == 6
    assert "6 figures, published 2024-03-02" in result.stderr
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.flow
def test_the_monthly_flow_loads_text_files_from_the_inbox(prefect_harness: None, article: Path, tmp_path: Path) -> None:
    from flows.monthly_ingest import monthly_ingest

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    article.rename(inbox / article.name)
    (inbox / "undated.txt").write_text(ARTICLE.split("\n\n", 1)[1], encoding="utf-8")
    database = tmp_path / "iip.duckdb"
    summary = monthly_ingest(source=str(inbox), warehouse=str(database), published_on="2024-03-01")
    assert summary.exit_code == 0, summary
    with duckdb.connect(str(database), read_only=True) as con:
        releases = con.sql("select source_kind, source_file, published_on from release order by source_file").fetchall()
        assert releases == [("text", "iip-2024-02.txt", date(2024, 3, 2)), ("text", "undated.txt", date(2024, 3, 1))]
        (contributions,) = con.sql(
            "select list(value order by subject_code) from published_fact where measure = 'contribution_pp' "
            "and source_file = 'iip-2024-02.txt'"
        ).fetchone() or (None,)
        assert contributions == [-0.6, 5.2]


def test_a_products_figures_are_facts_about_the_product_in_its_unit(tmp_path: Path) -> None:
    path = tmp_path / "san-luong.txt"
    path.write_text(
        "11:04 | 02/12/2021\n\nTháng 11, sản lượng than sạch ước đạt 3,9 triệu tấn, tăng 5,2% so với cùng kỳ.\n",
        encoding="utf-8",
    )
    (release,) = read_release_file(path)
    rows = release.facts.select("subject_kind", "subject_code", "measure", "value", "unit").sort("measure").rows()
    assert rows == [
        ("product", "coal", "change_pct", 5.2, "%"),
        ("product", "coal", "product_output", 3900.0, "Nghìn tấn"),
    ]
    reading = read_text_file(path)
    interchange = tmp_path / "figures.csv"
    interchange.write_text(write_figures_csv(figures_csv_rows(path, reading)), encoding="utf-8")
    (from_csv,) = read_figures_csv(interchange)
    assert (
        from_csv.facts.drop("source_location")
        .sort(pl.all())
        .equals(release.facts.drop("source_location").sort(pl.all()))
    )
