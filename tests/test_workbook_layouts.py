"""Layouts of 2011 to 2023 as the office printed them, each rebuilt in a small workbook: older classifications,
page-break repeats of the header, names split over rows, spacer columns, the English edition, quarterly sheets.
"""

from pathlib import Path

import polars as pl
import pytest

from warehouse.readers import read_release_file

MONTH_AND_YTD = [
    ["Tháng 7 năm", "2012 so với", "tháng 6", "năm 2012"],
    ["7 tháng", "năm 2012 so", "với cùng kỳ", "năm 2011"],
]


def codes(path: Path) -> dict[str, float]:
    """subject code -> the month-on-month figure of each row read."""
    (release,) = read_release_file(path)
    assert release.rejections.is_empty(), release.rejections.to_dicts()
    month = release.facts.filter((pl.col("period_type") == "month") & (pl.col("base") == "prev_month"))
    return dict(zip(month["subject_code"], month["value"], strict=True))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [
                ["TOÀN NGÀNH CÔNG NGHIỆP", 104.63, 109.7],
                ["Công nghiệp khai thác mỏ ", 98.66, 102.8],
                ["Khai thác và thu gom than cứng", 100.57, 106.8],
                ["Công nghiệp chế biến ", 107.7, 112.7],
                ["Sản xuất bia", 110.2, 115.7],
                ["Sản xuất xe có động cơ", 150.3, 95.5],
                ["Sản xuất, phân phối điện, ga, nước ", 101.4, 110.3],
            ],
            {
                "VSIC1993:TOTAL": 104.63,
                "VSIC1993:C": 98.66,
                "VSIC1993:1010": 100.57,
                "VSIC1993:D": 107.7,
                "VSIC1993:1553": 110.2,
                "VSIC1993:3410": 150.3,  # a VSIC 1993 class, not VSIC 2018 division 29
                "VSIC1993:E": 101.4,
            },
            id="2011-06..2012-06: VSIC 1993 sections and classes",
        ),
        pytest.param(
            [
                ["TOÀN QUỐC", 103.18, 104.7],
                ["Khai khoáng", 95.68, 103.2],
                ["Khai thác dầu thô", 97.52, 111.9],
                ["Sản xuất bia", 104.0, 109.7],
                ["Sản xuất mô tơ, máy phát, biến thế điện, thiết bị phân phối và", 110.3, 90.3],
                [" đỉều khiển điện", None, None],  # the end of the name, below its figures
                ["Sản xuất phụ tùng và bộ phận phụ trợ cho xe có", None, None],
                ["động cơ và động cơ xe", 108.9, 154.2],  # and a name whose figures are on its last line
                ["Sản xuất và phân phối điện, khí đốt", 102.19, 113.7],
                ["Sản xuất, truyền tải và phân phối điện", 102.18, 112.6],
            ],
            {
                "TOTAL": 103.18,
                "B": 95.68,
                "VSIC2007:0610": 97.52,
                "VSIC2007:1103": 104.0,
                "VSIC2007:2710": 110.3,
                "VSIC2007:2930": 108.9,
                "D": 102.19,
                "VSIC2007:3510": 102.18,
            },
            id="2012-07..2013-02: VSIC 2007 classes under VSIC 2018 sections",
        ),
        pytest.param(
            [
                ["Toàn ngành công nghiệp", 123.1, 108.0],
                ["Sản xuất và phân phối điện", 123.43, 108.52],
                ["Sản xuất và phân phối điện", 123.43, 108.52],  # the section, then its one division
                ["Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải", 104.38, 109.5],
            ],
            {"TOTAL": 123.1, "D": 123.43, "35": 123.43, "E": 104.38},
            id="2013: section D printed again as division 35",
        ),
    ],
)
def test_each_era_reads_in_its_own_classification(make_workbook, rows: list[list[object]], expected: dict) -> None:
    assert codes(make_workbook("2012-07-30-Bieu-7.2012.xlsx", headers=MONTH_AND_YTD, rows=rows)) == expected


def test_a_name_repeated_without_being_expected_to_is_not_read_as_another_industry(make_workbook) -> None:
    path = make_workbook(
        "2014-03-29-Bieu.xlsx",
        headers=[["Tháng 3 năm 2014", "so với", "tháng trước"]],
        rows=[["Toàn ngành công nghiệp", 101.0], ["Khai khoáng", 99.0], ["Dệt", 104.0], ["Khai khoáng", 98.0]],
    )
    (release,) = read_release_file(path)
    assert release.facts["subject_code"].to_list() == ["TOTAL", "B", "13"]
    (rejected,) = release.rejections.to_dicts()
    assert rejected["location"] == "2.IIPthang!B11" and "2.IIPthang!B9 says 99.0" in rejected["reason"]


def test_the_header_repeated_after_a_page_break_is_read_again_not_taken_for_figures(make_workbook) -> None:
    path = make_workbook(
        "2012-08-29-Solieu-thang8.2012.xlsx",
        headers=[["Tháng 8 năm", "2012 so với", "tháng 7", "năm 2012"]],
        rows=[
            ["TOÀN QUỐC", 103.0],
            ["Khai khoáng", 95.0],
            ["2. (tiếp theo) Chỉ số sản xuất công nghiệp", None],
            [None, None],
            [None, "Đơn vị tính: %"],
            [None, "Tháng 8 năm"],
            [None, "2012 so với"],
            [None, "tháng 7"],
            [None, "năm 2012"],
            [None, None],
            ["Sản xuất bia", 104.0],
            ["Sản xuất, truyền tải và phân phối điện", 102.0],
        ],
        sheet="02IIP",
    )
    assert codes(path) == {"TOTAL": 103.0, "B": 95.0, "VSIC2007:1103": 104.0, "VSIC2007:3510": 102.0}


def test_spacer_columns_between_merged_headers_carry_no_figures(make_workbook) -> None:
    # 2017-05: figures in B, D, F; headers merged over B:C, D:E, F:G; C, E, G empty
    headers = [
        ["4 tháng năm", "2017 so với", "cùng kỳ", "năm 2016"],
        ["", "", "", ""],
        ["Tháng 5 năm", "2017 so với", "tháng 4", "năm 2017"],
        ["", "", "", ""],
        ["5 tháng năm", "2017 so với", "cùng kỳ", "năm 2016"],
        ["", "", "", ""],
    ]
    merged = [f"{a}{r}:{b}{r}" for a, b in (("B", "C"), ("D", "E"), ("F", "G")) for r in range(4, 8)]
    path = make_workbook(
        "2017-05-29-Bieu-5.2017-1.xlsx",
        headers=headers,
        rows=[
            ["Toàn ngành công nghiệp", 105.2, None, 101.69, None, 105.7],
            ["Khai khoáng", 95.0, None, 98.0, None, 96.0],
            ["Dệt", 110.0, None, 99.0, None, 109.0],
        ],
        merged=merged,
        sheet="IIP",
    )
    (release,) = read_release_file(path)
    assert release.rejections.is_empty()
    assert sorted(release.facts["source_location"].to_list()) == sorted(
        f"IIP!{c}{r}" for c in "BDF" for r in (9, 10, 11)
    )


@pytest.mark.parametrize(
    ("name", "sheet", "title", "headers", "rows", "expected"),
    [
        pytest.param(
            "2020-09-29-03-Bieu-9.2020-EN.xlsx",
            "7",
            "7. Index of industrial production by industrial activity",
            [["September 2020", "versus", "previous month"], ["9 months 2020", "versus", "same period last year"]],
            [["WHOLE INDUSTRY", 102.27, 102.37], ["Mining and quarying", 98.0, 93.0], ["Manufacturing", 103.0, 104.0]],
            {
                ("TOTAL", "month", "2020-09", "prev_month"): 102.27,
                ("TOTAL", "ytd", "2020-09", "same_period_prev_year"): 102.37,
                ("B", "month", "2020-09", "prev_month"): 98.0,
                ("B", "ytd", "2020-09", "same_period_prev_year"): 93.0,
                ("C", "month", "2020-09", "prev_month"): 103.0,
                ("C", "ytd", "2020-09", "same_period_prev_year"): 104.0,
            },
            id="the English edition of September 2020",
        ),
        pytest.param(
            "2023-09-29-02-Bieu-so-lieu-9-thang-2023-2.xlsx",
            "8.IIPquy",
            "8. Chỉ số sản xuất công nghiệp các quý năm 2023",
            [
                ["Quý I năm 2023", "so với", "cùng kỳ năm trước"],
                ["Quý II năm 2023", "so với", "cùng kỳ năm trước"],
                ["Ước tính quý III", "năm 2023 so với", "cùng kỳ năm trước"],
            ],
            [["Toàn ngành công nghiệp", 97.43, 99.79, 102.84], ["Khai khoáng", 96.95, 98.95, 95.03], ["Dệt", 1, 2, 3]],
            {
                ("TOTAL", "quarter", "2023-Q1", "same_period_prev_year"): 97.43,
                ("TOTAL", "quarter", "2023-Q2", "same_period_prev_year"): 99.79,
                ("TOTAL", "quarter", "2023-Q3", "same_period_prev_year"): 102.84,
                ("B", "quarter", "2023-Q1", "same_period_prev_year"): 96.95,
                ("B", "quarter", "2023-Q2", "same_period_prev_year"): 98.95,
                ("B", "quarter", "2023-Q3", "same_period_prev_year"): 95.03,
                ("13", "quarter", "2023-Q1", "same_period_prev_year"): 1,
                ("13", "quarter", "2023-Q2", "same_period_prev_year"): 2,
                ("13", "quarter", "2023-Q3", "same_period_prev_year"): 3,
            },
            id="a quarterly sheet",
        ),
    ],
)
def test_english_and_quarterly_sheets(
    make_workbook, name: str, sheet: str, title: str, headers: list, rows: list, expected: dict
) -> None:
    (release,) = read_release_file(make_workbook(name, headers=headers, rows=rows, sheet=sheet, title=title))
    assert release.rejections.is_empty()
    assert release.sheets == {sheet: "iip_by_industry"}
    read = {
        (r["subject_code"], r["period_type"], r["period"], r["base"]): r["value"]
        for r in release.facts.iter_rows(named=True)
    }
    assert read == expected
