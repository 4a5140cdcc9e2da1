"""The main industrial products table, rebuilt in small workbooks: levels in the product's unit and indices,
the ditto unit, sub-items, a comparison header written once over several columns, units that do not fit."""

import polars as pl
import pytest
from openpyxl import Workbook

from warehouse.readers import read_release_file
from warehouse.reference import product_code, unit_name
from warehouse.table_kinds import TABLE_KINDS, conformity_problems


def products_workbook(tmp_path, name: str, header_rows: list[list[object]], rows: list[list[object]]):
    book = Workbook()
    sheet = book.active
    sheet.title = "9.SPCNthang"
    sheet["A1"] = "9. Một số sản phẩm chủ yếu của ngành công nghiệp"
    for r, values in enumerate([*header_rows, [], *rows], start=3):
        for c, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    path = tmp_path / name
    book.save(path)
    return path


def test_levels_and_indices_of_each_product(tmp_path) -> None:
    path = products_workbook(
        tmp_path,
        "2018-09-28-03-Bieu-9.2018.xlsx",
        [
            [None, "Đơn vị", "Thực hiện", "Ước tính", "Cộng dồn", "So với cùng kỳ năm trước (%)", None],
            [None, "tính", "tháng 8", "tháng 9", "9 tháng", "Tháng 9", "9 tháng"],
            [None, None, "năm 2018", "năm 2018", "năm 2018", "năm 2018", "năm 2018"],
        ],
        [
            ["Than đá (than sạch)", "Nghìn tấn", 2848.88, 3067.39, 31029.59, 118.41, 110.12],
            ["Dầu mỏ thô khai thác", '"', 941, 910, 9042, 85.85, 88.34],
            ["Bia các loại", "Triệu lít", 400.0, 380.0, 3300.0, 101.0, 104.0],
            ["   Trong đó:", None, None, None, None, None, None],
            ["Bia hơi", '"', 40.0, 38.0, 330.0, 99.0, 102.0],
            ["Đường kính", "Nghìn tấn", 3.0, 0, 1000.0, 0, 95.0],  # no sugar refined in September: a real 0
        ],
    )
    (release,) = read_release_file(path)
    assert release.sheets == {"9.SPCNthang": "products"}
    assert release.rejections.is_empty(), release.rejections.to_dicts()
    assert conformity_problems(TABLE_KINDS["products"], release.facts) == []
    crude = {
        (r["measure"], r["period_type"], r["period"], r["base"]): (r["value"], r["unit"], r["status"])
        for r in release.facts.filter(pl.col("subject_code") == "crude_oil").iter_rows(named=True)
    }
    assert crude == {
        ("product_output", "month", "2018-08", "none"): (941.0, "Nghìn tấn", "official"),
        ("product_output", "month", "2018-09", "none"): (910.0, "Nghìn tấn", "estimate"),
        ("product_output", "ytd", "2018-09", "none"): (9042.0, "Nghìn tấn", "estimate"),
        ("product_index", "month", "2018-09", "same_period_prev_year"): (
            85.85,
            "index (comparison period = 100)",
            "estimate",
        ),
        ("product_index", "ytd", "2018-09", "same_period_prev_year"): (
            88.34,
            "index (comparison period = 100)",
            "estimate",
        ),
    }
    draught = release.facts.filter((pl.col("subject_code") == "draught_beer") & (pl.col("period") == "2018-09"))
    assert draught.height == 4
    assert set(release.facts["subject_code"]) == {"coal", "crude_oil", "beer", "draught_beer", "refined_sugar"}


def test_an_unknown_product_and_a_unit_that_does_not_fit_are_quarantined(tmp_path) -> None:
    path = products_workbook(
        tmp_path,
        "2012-07-30-Bieu-7.2012.xlsx",
        [
            [None, "Đơn vị", "Ước tính", "Tháng 7 năm"],
            [None, "tính", "tháng 7", "2012 so với"],
            [None, None, "năm 2012", "tháng 7 năm 2011"],
        ],
        [
            ["Bia các loại", "Triệu lít", 259.5, 104.75],
            ["Vải dệt từ sợi tổng hợp hoặc sợi nhân tạo", '"', 60.0, 114.4],  # '"' repeats litres
            ["Sản xuất trang phục (trừ quần áo da lông thú)", "Triệu đôi", 5.6, 116.8],
            ["Xi măng", "Triệu tấn", 5.0, 98.0],
        ],
    )
    (release,) = read_release_file(path)
    assert set(release.facts["subject_code"]) == {"beer", "cement"}
    assert [(r["location"], r["reason"][:40]) for r in release.rejections.to_dicts()] == [
        ("9.SPCNthang!B8", "unit 'Triệu lít' is not a unit synthetic"),
        ("9.SPCNthang!A9", "unknown product name"),
    ]


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("Than sạch", "coal"),
        ("Coal (pure)", "coal"),
        ("Phân U rê", "urea"),
        ("Phân Ure", "urea"),
        ("Ti vi các loại", "televisions"),
        ("Sữa tắm, sữa rửa mặt ", "shower_gel"),
        ("Giày, dép, ủng bằng da giả cho người lớn", "imitation_leather_footwear_adult"),
        ("Sản xuất trang phục (trừ quần áo da lông thú)", None),
    ],
)
def test_product_names_resolve_through_the_alias_table(printed: str, code: str | None) -> None:
    assert product_code(printed) == code


@pytest.mark.parametrize(
    ("printed", "unit"),
    [
        ("1000 tấn", "Nghìn tấn"),
        ("‘000 tons", "Nghìn tấn"),
        ("Tỷ Kwh", "Tỷ kWh"),
        ("MN pairs", "Triệu đôi"),
        ("lít", None),
    ],
)
def test_units_resolve_through_the_unit_table(printed: str, unit: str | None) -> None:
    assert unit_name(printed) == unit
