"""One cell of a table, read the same way by every table reader: a figure, a mark that there is no figure, or a
quarantined cell with its reason. Nothing is dropped silently."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from warehouse.headers import ColumnMeaning
from warehouse.readers import read_release_file
from warehouse.readers.workbook import INDEX_UNIT, SIGN_RULES, CellColumn, Subject, read_cells
from warehouse.table_kinds import TABLE_KINDS

MONTH = ColumnMeaning("month", "2021-11", "prev_month", None)


def read_one_cell(cell: object, measure: str) -> tuple[list[dict], list[dict]]:
    figures: list[dict] = []
    rejections: list[dict] = []
    column = CellColumn(1, MONTH, measure, INDEX_UNIT)
    read_cells(
        "IIP", 9, ["Khai khoáng", cell], "Khai khoáng", Subject("VN", "industry", "B"), [column], figures, rejections
    )
    return figures, rejections


@pytest.mark.parametrize(
    ("cell", "measure", "expected"),
    [
        (105.46, "index", 105.46),  # a number stored as a number
        ("101,5", "index", 101.5),  # a number typed as text with a decimal comma
        ("", "index", None),  # an empty cell
        (None, "index", None),  # a cell a grid left out
        ("-", "index", None),  # the office's mark for "no figure" (the only one the real workbooks use)
        ("–", "index", None),  # the same dash, typed as an en dash
        ("..", "labour_index", None),
        ("…", "consumption_index", None),
        ("x", "index", None),  # withheld
        ("n/a", "index", "not a number"),
        ("None", "product_output", "not a number"),  # a word, not an empty cell: it could mean nothing was made
        ("#DIV/0!", "index", "not a number"),  # a formula that failed (warehouse/readers/error_cells.py)
        (True, "index", "not a number"),  # a TRUE cell is not the number 1
        (0, "index", "an index must be positive"),  # 2015-07: 0 for manufacturing, a placeholder
        (-2.5, "labour_index", "an index must be positive"),
        (0.0, "inventory_index", "an index must be positive"),
        (0, "product_output", 0.0),  # no sugar is refined between campaigns
        (0, "product_index", 0.0),  # ... so against last year's month its index is 0 (refined sugar, 2019-08)
        (-1, "product_output", "output cannot be negative"),
        (-1, "product_index", "an index cannot be negative"),
    ],
)
def test_a_cell_is_a_figure_a_no_figure_mark_or_quarantined(cell: object, measure: str, expected: object) -> None:
    figures, rejections = read_one_cell(cell, measure)
    if isinstance(expected, float):
        assert [f["value"] for f in figures] == [expected] and rejections == []
        assert figures[0]["source_location"] == "IIP!B10"
    elif expected is None:
        assert figures == [] and rejections == []
    else:
        assert figures == []
        assert rejections == [
            {"location": "IIP!B10", "raw_label": "Khai khoáng", "raw_value": str(cell), "reason": expected}
        ]


def test_every_measure_a_table_holds_has_a_sign_rule() -> None:
    measures = set().union(*(kind.measures for kind in TABLE_KINDS.values()))
    assert measures <= SIGN_RULES.keys()


def products_workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "9.SPCNthang"
    sheet["A1"] = "9. Một số sản phẩm chủ yếu của ngành công nghiệp"
    header = [None, "Đơn vị tính", "Ước tính tháng 11 năm 2021", "Tháng 11 năm 2021 so với cùng kỳ năm trước (%)"]
    for r, values in enumerate([header, [], *rows], start=3):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    book.save(path)
    return path


HEADERS = {  # two columns of each kind of table, in the office's words
    "iip_by_industry": [["Tháng 11 năm 2021", "so với tháng trước"], ["11 tháng năm 2021", "so với cùng kỳ"]],
    "labour_by_industry": [
        ["Thời điểm 1/11/2021", "so với cùng thời điểm", "tháng trước"],
        ["Thời điểm 1/11/2021", "so với cùng thời điểm", "năm 2020"],
    ],
}
TITLES = {
    "iip_by_industry": "2. Chỉ số sản xuất công nghiệp phân theo ngành công nghiệp",
    "labour_by_industry": "12. Chỉ số sử dụng lao động của doanh nghiệp công nghiệp",
}


@pytest.mark.parametrize(
    ("table", "word_cell"),
    [("iip_by_industry", "2.IIPthang!C9"), ("labour_by_industry", "2.IIPthang!C10"), ("products", "9.SPCNthang!D7")],
)
def test_every_table_reader_skips_a_dash_and_quarantines_a_word(
    table: str, word_cell: str, make_workbook, tmp_path: Path
) -> None:
    name = "2021-11-29-So-lieu-11.2021.xlsx"
    if table == "products":
        rows = [
            ["Than đá (than sạch)", "Nghìn tấn", 4000.0, 105.0],
            ["Dầu mỏ thô khai thác", "Nghìn tấn", 900.0, "–"],
            ["Bia các loại", "Triệu lít", 400.0, "None"],
        ]
        path = products_workbook(tmp_path / name, rows)
    else:
        rows = [
            ["Toàn ngành công nghiệp", 105.0, 104.0],
            ["Khai khoáng", 95.0, "–"],
            ["Chế biến, chế tạo", 110.0, "None"],
        ]
        path = make_workbook(name, headers=HEADERS[table], rows=rows, title=TITLES[table])
    (release,) = read_release_file(path)
    assert list(release.sheets.values()) == [table]
    assert release.facts.height == 4  # the first row's two figures, then one on each other row
    assert release.rejections.select("location", "reason", "raw_value").rows() == [(word_cell, "not a number", "None")]
