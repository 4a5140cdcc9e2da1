"""The workbook reader finds the IIP table by what it holds and keeps everything it cannot read."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from warehouse.facts import FACT_SCHEMA, SourceRejected
from warehouse.readers import publication_date_from_name, read_release_file
from warehouse.readers.workbook import read_workbook
from warehouse.settings import SAMPLE_DIR

TWO_COLUMNS = [["Tháng 11", "năm 2021", "so với", "tháng trước"], ["11 tháng", "năm 2021", "so với", "cùng kỳ"]]


def figure(facts: pl.DataFrame, code: str, period_type: str, base: str) -> float:
    row = facts.filter(
        (pl.col("subject_code") == code) & (pl.col("period_type") == period_type) & (pl.col("base") == base)
    )
    assert row.height == 1, row
    return row["value"][0]


def test_sample_november_2021_workbook_reads_every_row_and_column() -> None:
    (release,) = read_release_file(SAMPLE_DIR / "2021-11-29-So-lieu-11.2021.xlsx")
    assert release.published_on == date(2021, 11, 29)
    assert release.reference_period == "2021-11"
    assert release.facts.schema == FACT_SCHEMA
    assert release.facts.height == 37 * 4
    assert release.rejections.is_empty()
    assert figure(release.facts, "TOTAL", "month", "prev_month") == 105.46
    assert figure(release.facts, "TOTAL", "ytd", "same_period_prev_year") == 103.63
    assert figure(release.facts, "16", "month", "prev_month") == 110.65  # a name broken over three lines


def test_each_figure_knows_its_cell_precision_and_vintage_status() -> None:
    (release,) = read_release_file(SAMPLE_DIR / "2021-11-29-So-lieu-11.2021.xlsx")
    total = release.facts.filter(pl.col("subject_code") == "TOTAL").sort("source_location")
    assert total["source_location"].to_list() == [
        "2.IIPthang!B10",
        "2.IIPthang!C10",
        "2.IIPthang!D10",
        "2.IIPthang!E10",
    ]
    # 105.6 is stored without its trailing zero; its column is published to two decimals
    assert total["decimals"].to_list() == [2, 2, 2, 2]
    # October's column restates an earlier month: a preliminary figure, November's are estimates
    assert total["status"].to_list() == ["preliminary", "estimate", "estimate", "estimate"]


def test_a_merged_header_gives_its_text_to_every_column_under_it(make_workbook) -> None:
    path = make_workbook(
        "2022-12-29-quarters.xlsx",
        headers=[["So với cùng kỳ năm trước", "Quý III năm 2022"], ["", "Quý IV năm 2022"]],
        rows=[
            ["Toàn ngành công nghiệp", 104.1, 102.9],
            ["Khai khoáng", 99.0, 98.5],
            ["Dệt", 101.0, 97.0],
            ["Sản xuất kim loại", 110.0, 108.0],
        ],
        merged=["B4:C4"],
    )
    release = read_workbook(path, date(2022, 12, 29))
    assert release.rejections.is_empty()
    total = release.facts.filter(pl.col("subject_code") == "TOTAL")
    assert dict(zip(total["period"], total["value"], strict=True)) == {"2022-Q3": 104.1, "2022-Q4": 102.9}
    assert set(total["base"]) == {"same_period_prev_year"}


def test_a_year_stored_as_a_number_in_the_header_is_header_text(make_workbook) -> None:
    path = make_workbook(
        "2015-12-29-year.xlsx",
        headers=[["Cả năm", 2015, "so với", "năm 2014"]],
        rows=[["Toàn ngành công nghiệp", 109.8], ["Khai khoáng", 106.5], ["Dệt", 101.0], ["Sản xuất kim loại", 110.0]],
    )
    release = read_workbook(path, date(2015, 12, 29))
    assert figure(release.facts, "TOTAL", "year", "prev_year") == 109.8


def test_unknown_industry_and_unreadable_cells_are_kept_with_reasons(make_workbook) -> None:
    path = make_workbook(
        "2021-11-29-odd.xlsx",
        headers=TWO_COLUMNS,
        rows=[
            ["Toàn ngành công nghiệp", 105.46, 103.63],
            ["Khai khoáng", "n/a", 93.99],
            ["Ngành chưa có tên", 101.0, 102.0],
            ["Dệt", 103.81, 108.25],
            ["Sản xuất kim loại", 0, 123.44],
        ],
    )
    release = read_workbook(path, date(2021, 11, 29))
    rejected = {(r["location"], r["reason"]) for r in release.rejections.iter_rows(named=True)}
    assert ("2.IIPthang!B10", "not a number") in rejected
    assert ("2.IIPthang!A11", "unknown industry name") in rejected
    assert ("2.IIPthang!B13", "an index must be positive") in rejected
    assert release.facts.height == 2 + 1 + 2 + 1  # everything else is loaded


def test_a_column_whose_header_cannot_be_read_is_rejected_whole_not_guessed(make_workbook) -> None:
    path = make_workbook(
        "2021-11-29-mystery.xlsx",
        headers=[*TWO_COLUMNS, ["Chỉ số", "kỳ gốc"]],
        rows=[
            ["Toàn ngành công nghiệp", 105.46, 103.63, 140.2],
            ["Khai khoáng", 108.02, 93.99, 120.1],
            ["Dệt", 103.81, 108.25, 150.3],
            ["Sản xuất kim loại", 104.52, 123.44, 170.0],
        ],
    )
    release = read_workbook(path, date(2021, 11, 29))
    (rejection,) = release.rejections.iter_rows(named=True)
    assert rejection["location"] == "2.IIPthang!D9"
    assert "column not understood, 4 figures not loaded" in rejection["reason"]
    assert rejection["raw_value"] == "140.2, 120.1, 150.3, 170.0"
    assert release.facts.height == 8


def test_a_column_for_a_period_after_publication_is_refused(make_workbook) -> None:
    path = make_workbook(
        "2021-11-29-future.xlsx",
        headers=[["Tháng 12 năm 2021", "so với tháng trước"], TWO_COLUMNS[1]],
        rows=[["Toàn ngành công nghiệp", 101.0, 103.63], ["Khai khoáng", 99.0, 93.99], ["Dệt", 100.0, 108.25]],
    )
    release = read_workbook(path, date(2021, 11, 29))
    assert "after the publication date" in release.rejections["reason"][0]
    assert set(release.facts["period"]) == {"2021-11"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"PK\x03\x04 this is not a zip archive", "not a readable Excel workbook"),
        (b"\xd0\xcf\x11\xe0 truncated OLE container", "not a readable Excel workbook"),
    ],
)
def test_a_broken_file_is_rejected_naming_the_file_and_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "2024-03-29-So-lieu-03.2024.xlsx"
    path.write_bytes(content)
    with pytest.raises(SourceRejected, match=rf"^2024-03-29-So-lieu-03\.2024\.xlsx: {reason}"):
        read_release_file(path)


def test_a_workbook_without_an_iip_table_is_rejected(make_workbook) -> None:
    path = make_workbook(
        "2021-11-29-cpi.xlsx",
        headers=TWO_COLUMNS,
        rows=[["Lương thực", 101.0, 102.0]],
        sheet="CPI",
        title="Chỉ số giá tiêu dùng",
    )
    with pytest.raises(SourceRejected, match="no IIP-by-industry table recognised"):
        read_release_file(path)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("2021-11-29-02-So-lieu-11.2021.xlsx", date(2021, 11, 29)), ("2024-02-29_iip.xlsx", date(2024, 2, 29))],
)
def test_publication_date_comes_from_the_file_name(name: str, expected: date) -> None:
    assert publication_date_from_name(Path(name)) == expected


@pytest.mark.parametrize("name", ["So-lieu-11.2021.xlsx", "2021-13-40-So-lieu.xlsx"])
def test_a_file_name_without_a_valid_date_is_rejected(name: str) -> None:
    with pytest.raises(SourceRejected, match=name.replace(".", r"\.")):
        publication_date_from_name(Path(name))


MONTH_AND_YTD = [["Tháng 11 năm 2021", "so với tháng trước"], ["11 tháng năm 2021", "so với cùng kỳ năm trước"]]
ROWS = [["Toàn ngành công nghiệp", 105.46, 103.63], ["Khai khoáng", 108.02, 93.99], ["Dệt", 103.81, 108.25]]


def _nfd(value: object) -> object:
    import unicodedata

    return unicodedata.normalize("NFD", value) if isinstance(value, str) else value


@pytest.mark.parametrize(
    ("case", "build"),
    [
        # labels and headers typed as a base letter plus combining marks (seed 004 is like this)
        (
            "decomposed Unicode",
            {"headers": [[_nfd(p) for p in h] for h in MONTH_AND_YTD], "rows": [[_nfd(c) for c in r] for r in ROWS]},
        ),
        # a sheet renamed out of every pattern: found by its title and its rows
        ("renamed sheet", {"headers": MONTH_AND_YTD, "rows": ROWS, "sheet": "Bang 2"}),
        # the same two columns in the other order: meaning follows the header text, not the position
        ("reordered columns", {"headers": MONTH_AND_YTD[::-1], "rows": [[r[0], r[2], r[1]] for r in ROWS]}),
        # a footnote and a source line under the table are neither figures nor rejections
        (
            "footnotes",
            {
                "headers": MONTH_AND_YTD,
                "rows": [
                    *ROWS,
                    [None, None, None],
                    ["Ghi chú: (*) Số liệu sơ bộ", None, None],
                    ["Nguồn: Cục Thống kê", None, None],
                ],
            },
        ),
    ],
)
def test_layout_variations_give_the_same_figures(make_workbook, case: str, build: dict) -> None:
    path = make_workbook("2021-11-29-variant.xlsx", **build)
    release = read_workbook(path, date(2021, 11, 29))
    assert release.rejections.is_empty(), case
    figures = {(r["subject_code"], r["period_type"]): r["value"] for r in release.facts.iter_rows(named=True)}
    assert figures == {
        ("TOTAL", "month"): 105.46,
        ("TOTAL", "ytd"): 103.63,
        ("B", "month"): 108.02,
        ("B", "ytd"): 93.99,
        ("13", "month"): 103.81,
        ("13", "ytd"): 108.25,
    }, case
