"""The other index tables of the workbooks, each rebuilt in a small workbook: labour by industry and by province,
manufacturing consumption and inventory, and IIP by province (none of the real workbooks holds one yet)."""

from datetime import date

import polars as pl
import pytest

from warehouse.headers import HeaderNotUnderstood, parse_point_header
from warehouse.readers import read_release_file
from warehouse.table_kinds import TABLE_KINDS, conformity_problems

LABOUR_HEADERS = [
    ["Chỉ số sử dụng", "lao động thời điểm", "1/12/2014 so với", "cùng thời điểm", "tháng trước"],
    ["Chỉ số sử dụng", "lao động thời điểm", "1/12/2014 so với", "cùng thời điểm", "năm 2013"],
]


def figures(release) -> dict[tuple, float]:
    return {
        (r["geo_code"], r["subject_code"], r["measure"], r["period_type"], r["period"], r["base"]): r["value"]
        for r in release.facts.iter_rows(named=True)
    }


def kinds_conform(release) -> None:
    for sheet, kind in release.sheets.items():
        facts = release.facts.filter(pl.col("source_location").str.starts_with(f"{sheet}!"))
        assert conformity_problems(TABLE_KINDS[kind], facts) == []


def test_labour_by_industry_is_a_point_in_time_index(make_workbook) -> None:
    path = make_workbook(
        "2014-12-29-Tong-hop-bieu-2.xlsx",
        headers=LABOUR_HEADERS,
        rows=[
            ["Toàn ngành công nghiệp", 101.08, 105.80],
            ["Khai khoáng", 100.29, 95.55],
            ["Xử lý ô nhiễm và hoạt động quản lý chất thải", 100.0, 100.0],
        ],
        sheet="LAO DONG",
        title="15. Chỉ số sử dụng lao động của doanh nghiệp công nghiệp",
    )
    (release,) = read_release_file(path)
    assert release.sheets == {"LAO DONG": "labour_by_industry"}
    kinds_conform(release)
    assert figures(release) == {
        ("VN", "TOTAL", "labour_index", "day", "2014-12-01", "prev_month"): 101.08,
        ("VN", "TOTAL", "labour_index", "day", "2014-12-01", "same_period_prev_year"): 105.80,
        ("VN", "B", "labour_index", "day", "2014-12-01", "prev_month"): 100.29,
        ("VN", "B", "labour_index", "day", "2014-12-01", "same_period_prev_year"): 95.55,
        ("VN", "39", "labour_index", "day", "2014-12-01", "prev_month"): 100.0,
        ("VN", "39", "labour_index", "day", "2014-12-01", "same_period_prev_year"): 100.0,
    }


def test_labour_by_province_resolves_provinces_valid_on_the_day_and_quarantines_the_rest(make_workbook) -> None:
    path = make_workbook(
        "2019-08-29-Bieu.xlsx",
        headers=[
            ["Chỉ số sử dụng lao động", " thời điểm 1/8/2019 so với", "cùng thời điểm tháng trước"],
            ["Chỉ số sử dụng lao động", " thời điểm 1/8/2019 so với", "cùng thời điểm năm trước"],
        ],
        rows=[
            ["CẢ NƯỚC ", 101.65, 101.49],
            ["Hà Nội", 100.72, 98.08],
            ["Ha Noi", 100.72, 98.08],  # the English edition's spelling: the same province, a duplicate row
            ["TP.HCM", 101.0, 99.0],
            ["Vĩnh Phúc", 100.89, 101.96],
            ["Đồng bằng sông Hồng", 100.5, 99.0],
        ],
        sheet="6. LĐCN_DP",
        title="5. Chỉ số sử dụng lao động của doanh nghiệp công nghiệp phân theo địa phương",
    )
    (release,) = read_release_file(path)
    assert release.sheets == {"6. LĐCN_DP": "labour_by_province"}
    kinds_conform(release)
    month = {k[0]: v for k, v in figures(release).items() if k[5] == "prev_month"}
    assert month == {"VN": 101.65, "P63-01": 100.72, "P63-79": 101.0, "P63-26": 100.89}
    (region,) = release.rejections.to_dicts()
    assert region["location"] == "6. LĐCN_DP!A13" and region["reason"] == "unknown province name"


def test_the_national_row_restating_the_national_table_to_fewer_decimals_is_kept_once(make_workbook) -> None:
    from openpyxl import load_workbook

    path = make_workbook(
        "2020-02-29-Bieu.xlsx",
        headers=[["Chỉ số sử dụng lao động thời điểm", "1/2/2020 so với cùng thời điểm", "tháng trước"]],
        rows=[["Toàn ngành công nghiệp", 101.02], ["Khai khoáng", 100.3], ["Dệt", 99.5]],
        sheet="LAO DONG",
        title="Chỉ số sử dụng lao động của doanh nghiệp công nghiệp",
    )
    book = load_workbook(path)
    provinces = book.create_sheet("5. LĐCN_DP")
    provinces["A1"] = "Chỉ số sử dụng lao động của doanh nghiệp công nghiệp phân theo địa phương"
    provinces["B3"] = "Chỉ số sử dụng lao động thời điểm 1/2/2020 so với cùng thời điểm tháng trước"
    for row, (name, value) in enumerate([("CẢ NƯỚC", 101.0), ("Hà Nội", 100.5), ("Bắc Ninh", 99.0)], start=5):
        provinces.cell(row, 1, name)
        provinces.cell(row, 2, value)
    book.save(path)
    (release,) = read_release_file(path)
    assert release.rejections.is_empty()
    national = release.facts.filter((pl.col("geo_code") == "VN") & (pl.col("subject_code") == "TOTAL"))
    assert national.select("value", "source_location").rows() == [(101.02, "LAO DONG!B8")]


def test_consumption_per_period_and_inventory_at_a_day_under_group_headers(make_workbook) -> None:
    # 2018-09: "Chỉ số tiêu thụ" over B:D and "Chỉ số tồn kho" over F:G, an empty spacer column E
    headers = [
        ["Chỉ số tiêu thụ", " Tháng 9", "năm 2018", "so với", "tháng", "trước"],
        ["", " Tháng 9", "năm 2018", "so với", " cùng kỳ", "năm trước"],
        ["", "9 tháng", "năm 2018", "so với", " cùng kỳ", "năm trước"],
        ["", "", "", "", "", ""],
        ["Chỉ số tồn kho", "Thời điểm", "30/9/2018", "so với cùng", " thời điểm", "tháng trước"],
        ["", "Thời điểm", "30/9/2018", "so với cùng", " thời điểm", "năm trước"],
    ]
    path = make_workbook(
        "2018-09-28-Bieu.xlsx",
        headers=headers,
        rows=[
            ["Toàn ngành chế biến, chế tạo", 101.1, 109.3, 112.22, None, 106.33, 113.8],
            ["Sản xuất chế biến thực phẩm", 102.4, 111.17, 108.11, None, 105.42, 104.97],
            ["Dệt", 101.29, 105.51, 109.95, None, 101.9, 112.77],
        ],
        sheet="11.CS TT TK",
        title="11. Chỉ số tiêu thụ và tồn kho ngành công nghiệp chế biến, chế tạo",
    )
    (release,) = read_release_file(path)
    assert release.rejections.is_empty()
    kinds_conform(release)
    manufacturing = {k[2:]: v for k, v in figures(release).items() if k[1] == "C"}
    assert manufacturing == {
        ("consumption_index", "month", "2018-09", "prev_month"): 101.1,
        ("consumption_index", "month", "2018-09", "same_period_prev_year"): 109.3,
        ("consumption_index", "ytd", "2018-09", "same_period_prev_year"): 112.22,
        ("inventory_index", "day", "2018-09-30", "prev_month"): 106.33,
        ("inventory_index", "day", "2018-09-30", "same_period_prev_year"): 113.8,
    }


def test_iip_by_province_when_a_workbook_holds_one(make_workbook) -> None:
    path = make_workbook(
        "2024-03-29-Bieu.xlsx",
        headers=[["Tháng 3 năm 2024", "so với", "cùng kỳ năm trước"], ["Quý I năm 2024", "so với", "cùng kỳ"]],
        rows=[["Hà Nội", 107.1, 106.0], ["Bắc Ninh", 112.0, 110.5], ["Quảng Ninh", 98.0, 99.1], ["Miền Bắc", 1, 2]],
        sheet="IIP_DP",
        title="Chỉ số sản xuất công nghiệp phân theo địa phương",
    )
    (release,) = read_release_file(path)
    assert release.sheets == {"IIP_DP": "iip_by_province"}
    kinds_conform(release)
    assert figures(release)[("P63-27", "TOTAL", "index", "quarter", "2024-Q1", "same_period_prev_year")] == 110.5
    assert len(release.facts) == 6 and release.rejections["reason"].to_list() == ["unknown province name"]


@pytest.mark.parametrize(
    ("header", "published_on", "expected"),
    [
        ("thời điểm 1/12/2014 so với cùng thời điểm tháng trước", date(2014, 12, 29), ("2014-12-01", "prev_month")),
        (
            "tồn kho thời điểm 01/01/2014 so với cùng thời điểm năm 2013",
            date(2014, 1, 29),
            ("2014-01-01", "same_period_prev_year"),
        ),
        # a day Excel stored as a date read month-first (2013-07): 7 January means 1 July
        ("tồn kho 2013-01-07 so với tháng trước", date(2013, 7, 29), ("2013-07-01", "prev_month")),
        ("tồn kho 41281 so với tháng trước", date(2013, 7, 29), ("2013-07-01", "prev_month")),  # as a serial
        ("tồn kho 2013-01-07 so cùng kỳ năm 2012", date(2013, 7, 29), ("2013-07-01", "same_period_prev_year")),
        (
            "thời điểm 1/5/2021o với cùng thời điểm năm trước",
            date(2021, 5, 29),
            ("2021-05-01", "same_period_prev_year"),
        ),
        ("LEI as of Sept. 1,2020 versus same period last month", date(2020, 9, 29), ("2020-09-01", "prev_month")),
        (
            "Ước tính thời điểm 31/12/2023 so với cùng thời điểm năm trước",
            date(2023, 12, 29),
            ("2023-12-31", "same_period_prev_year"),
        ),
    ],
)
def test_point_in_time_headers(header: str, published_on: date, expected: tuple[str, str]) -> None:
    meaning = parse_point_header(header, published_on)
    assert (meaning.period_type, meaning.period, meaning.base) == ("day", *expected)


def test_a_day_far_from_the_publication_is_reported_not_corrected() -> None:
    # the English edition of September 2020 says 2019
    with pytest.raises(HeaderNotUnderstood, match="2019-09-01, not a day near the publication date 2020-09-29"):
        parse_point_header("LEI as of Sept. 1,2019 versus same period last year", date(2020, 9, 29))
