"""Write the sample workbooks shipped in warehouse/sample/, in the statistics office's own layout.

Run `python scripts/build_sample.py` after changing a figure here; the workbooks are committed.
November 2021 carries the figures the office published on 2021-11-29 (typed in by hand). January and
February 2024 carry every figure the seed articles state for those months; their other cells are
illustrative, and each workbook's "Ghi chu" sheet says which cell is which.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "warehouse" / "sample"
TITLE = "2. Chỉ số sản xuất công nghiệp phân theo ngành công nghiệp"
TOP_LEVEL = {"TOTAL", "B", "C", "D", "E"}  # printed flush left; divisions are indented under them

ROW_NAMES = {
    "TOTAL": "Toàn ngành công nghiệp",
    "B": "Khai khoáng",
    "05": "Khai thác than cứng và than non",
    "06": "Khai thác dầu thô và khí đốt tự nhiên",
    "07": "Khai thác quặng kim loại",
    "08": "Khai khoáng khác",
    "09": "Hoạt động dịch vụ hỗ trợ khai thác mỏ và quặng",
    "C": "Công nghiệp chế biến, chế tạo",
    "10": "Sản xuất, chế biến thực phẩm",
    "11": "Sản xuất đồ uống",
    "12": "Sản xuất sản phẩm thuốc lá",
    "13": "Dệt",
    "14": "Sản xuất trang phục",
    "15": "Sản xuất da và các sản phẩm có liên quan",
    "16": "Chế biến gỗ và sản xuất sản phẩm từ gỗ, tre, nứa\n(trừ giường, tủ, bàn, ghế); sản xuất sản phẩm từ rơm, rạ\nvà vật liệu tết bện",  # noqa: E501
    "17": "Sản xuất giấy và sản phẩm từ giấy",
    "18": "In, sao chép bản ghi các loại",
    "19": "Sản xuất than cốc, sản phẩm dầu mỏ tinh chế",
    "20": "Sản xuất hoá chất và sản phẩm hoá chất",
    "21": "Sản xuất thuốc, hoá dược và dược liệu",
    "22": "Sản xuất sản phẩm từ cao su và plastic",
    "23": "Sản xuất sản phẩm từ khoáng phi kim loại khác",
    "24": "Sản xuất kim loại",
    "25": "Sản xuất sản phẩm từ kim loại đúc sẵn\n(trừ máy móc, thiết bị)",
    "26": "Sản xuất sản phẩm điện tử, máy vi tính\nvà sản phẩm quang học",
    "27": "Sản xuất thiết bị điện",
    "28": "Sản xuất máy móc, thiết bị chưa được phân vào đâu",
    "29": "Sản xuất xe có động cơ",
    "30": "Sản xuất phương tiện vận tải khác",
    "31": "Sản xuất giường, tủ, bàn, ghế",
    "32": "Công nghiệp chế biến, chế tạo khác",
    "33": "Sửa chữa, bảo dưỡng và lắp đặt máy móc và thiết bị",
    "D": "Sản xuất và phân phối điện",
    "E": "Cung cấp nước; hoạt động quản lý\nvà xử lý rác thải, nước thải ",
    "36": "Khai thác, xử lý và cung cấp nước",
    "37": "Thoát nước và xử lý nước thải",
    "38": "Hoạt động thu gom, xử lý và tiêu huỷ rác thải;\ntái chế phế liệu",
}

# November 2021, as published by the GSO on 2021-11-29: October against the same month of 2020 (revised),
# November against October, November against November 2020, eleven months against the same period.
NOVEMBER_2021 = {
    "TOTAL": (98.22, 105.46, 105.6, 103.63),
    "B": (91.81, 108.02, 102.2, 93.99),
    "05": (117.8, 110.22, 127.42, 106.88),
    "06": (80.09, 107.82, 91.95, 87.06),
    "07": (82.86, 97.36, 85.01, 97.33),
    "08": (95.85, 107.68, 100.34, 98.76),
    "09": (144.59, 103.65, 143.07, 120.65),
    "C": (99.22, 105.92, 106.42, 104.78),
    "10": (101.01, 108.05, 110.66, 101.69),
    "11": (91.33, 112.76, 99.63, 96.07),
    "12": (113.34, 99.76, 114.27, 99.91),
    "13": (108.19, 103.81, 111.18, 108.25),
    "14": (111.6, 103.17, 113.46, 106.3),
    "15": (98.57, 112.43, 107.28, 104.42),
    "16": (113.59, 110.65, 98.36, 103.52),
    "17": (102.67, 100.94, 100.31, 102.71),
    "18": (97.59, 105.56, 101.12, 98.35),
    "19": (89.98, 129.74, 110.36, 108.97),
    "20": (98.14, 105.05, 102.65, 99.21),
    "21": (96.03, 103.69, 94.55, 81.83),
    "22": (95.78, 116.63, 114.35, 99.57),
    "23": (99.4, 107.65, 105.59, 101.65),
    "24": (107.81, 104.52, 110.07, 123.44),
    "25": (103.8, 105.84, 106.89, 104.18),
    "26": (98.52, 100.76, 108.45, 106.24),
    "27": (87.55, 106.66, 91.57, 97.6),
    "28": (89.41, 118.43, 106.41, 102.83),
    "29": (89.12, 107.31, 89.63, 110.69),
    "30": (91.89, 112.08, 98.56, 96.93),
    "31": (85.65, 112.14, 93.48, 101.31),
    "32": (103.33, 105.07, 120.14, 91.5),
    "33": (92.97, 98.17, 74.39, 89.64),
    "D": (95.19, 100.29, 102.21, 103.77),
    "E": (99.51, 102.28, 101.21, 102.99),
    "36": (102.0, 102.29, 103.15, 102.98),
    "37": (98.34, 110.28, 101.2, 95.64),
    "38": (96.53, 100.91, 98.69, 104.35),
}

# January 2024 against December 2023, and against January 2023. Published in the seed articles:
# TOTAL 118.3 and C 119.3 against January 2023. Every other cell is illustrative.
JANUARY_2024 = {
    "TOTAL": (98.4, 118.3),
    "B": (95.1, 100.4),
    "05": (92.3, 106.1),
    "06": (97.8, 95.7),
    "C": (98.7, 119.3),
    "10": (101.2, 112.8),
    "24": (97.4, 128.5),
    "26": (96.9, 122.1),
    "29": (99.5, 104.3),
    "D": (96.8, 129.3),
    "E": (99.0, 107.0),
    "36": (99.3, 108.2),
    "38": (98.7, 105.6),
}
JANUARY_2024_PUBLISHED = {("TOTAL", 1), ("C", 1)}

# February 2024: January against January 2023 (revised), February against January, February against
# February 2023, two months against the same period. Published in the seed articles: TOTAL 82.0 against
# January; two months TOTAL 105.7, B 96.5, C 105.9, D 112.2, E 102.5. Every other cell is illustrative.
FEBRUARY_2024 = {
    "TOTAL": (118.0, 82.0, 93.2, 105.7),
    "B": (100.1, 88.4, 93.1, 96.5),
    "05": (105.8, 86.1, 90.3, 98.6),
    "06": (95.6, 90.2, 95.4, 95.5),
    "C": (119.0, 81.1, 94.4, 105.9),
    "10": (112.5, 84.6, 98.2, 105.4),
    "24": (128.1, 80.2, 96.3, 111.2),
    "26": (121.8, 79.6, 92.1, 104.8),
    "29": (104.0, 76.9, 84.7, 93.6),
    "D": (128.9, 83.0, 98.5, 112.2),
    "E": (106.8, 95.2, 99.1, 102.5),
    "36": (108.0, 94.8, 99.6, 103.3),
    "38": (105.4, 95.9, 98.4, 101.6),
}
FEBRUARY_2024_PUBLISHED = {("TOTAL", 1), ("TOTAL", 3), ("B", 3), ("C", 3), ("D", 3), ("E", 3)}

HEADERS = {
    "2021-11": [
        ("Tháng 10", "năm 2021", "so với", "cùng kỳ", "năm trước"),
        ("Tháng 11", "năm 2021", "so với", "tháng", "trước"),
        ("Tháng 11", "năm 2021", "so với", "cùng kỳ", "năm trước"),
        ("11 tháng", "năm 2021", "so với", "cùng kỳ", "năm trước"),
    ],
    "2024-01": [
        ("Tháng 01 năm 2024", "so với tháng trước"),
        ("Tháng 01 năm 2024", "so với cùng kỳ năm trước"),
    ],
    "2024-02": [
        ("Tháng 01", "năm 2024", "so với", "cùng kỳ", "năm trước"),
        ("Tháng 02", "năm 2024", "so với", "tháng", "trước"),
        ("Tháng 02", "năm 2024", "so với", "cùng kỳ", "năm trước"),
        ("2 tháng", "năm 2024", "so với", "cùng kỳ", "năm trước"),
    ],
}


def write_industry_sheet(
    sheet: Worksheet, headers: Sequence[Sequence[str]], rows: Sequence[tuple[str, bool, Sequence[float]]]
) -> int:
    """The office's IIP-by-industry table on `sheet`: a title, the unit, header rows stating each column's
    comparison in words, then one row per industry (label, whether it is the total or a section, figures).
    Returns the 1-based row of the first industry. bench/generate.py writes its history through this too."""
    sheet.cell(1, 1, TITLE).font = Font(bold=True)
    sheet.cell(3, 1 + len(headers), "%")
    for column, parts in enumerate(headers, start=2):
        for offset, part in enumerate(parts):
            cell = sheet.cell(4 + offset, column, part)
            cell.alignment = Alignment(horizontal="center")
    first_row = 4 + max(len(h) for h in headers) + 1
    for index, (name, top_level, values) in enumerate(rows):
        label = sheet.cell(first_row + index, 1, name)
        label.alignment = Alignment(wrap_text=True, indent=0 if top_level else 1)
        for column, value in enumerate(values, start=2):
            sheet.cell(first_row + index, column, value).number_format = "0.00"
    sheet.column_dimensions["A"].width = 52
    return first_row


def write_workbook(
    path: Path, sheet_name: str, period: str, rows: dict[str, tuple[float, ...]], published: set[tuple[str, int]] | None
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    first_row = write_industry_sheet(
        sheet,
        HEADERS[period],
        [(ROW_NAMES[code], code in TOP_LEVEL, values) for code, values in rows.items()],
    )

    notes = book.create_sheet("Ghi chu")
    notes.append(["iip-warehouse sample workbook, in the layout of the statistics office's monthly workbook."])
    if published is None:
        notes.append(["Every figure is as the GSO published it on 2021-11-29 (typed in by hand)."])
    else:
        notes.append(["Cells listed below as published carry figures stated in the seed articles;"])
        notes.append(["every other figure is ILLUSTRATIVE: plausible, not a published figure."])
        notes.append(["cell", "industry", "kind"])
        for index, (code, values) in enumerate(rows.items()):
            for column in range(len(values)):
                address = f"{chr(66 + column)}{first_row + index}"
                kind = "published" if (code, column) in published else "illustrative"
                notes.append([address, code, kind])
    book.save(path)


def main() -> None:
    SAMPLE_DIR.mkdir(parents=True, exist_ok=True)
    write_workbook(SAMPLE_DIR / "2021-11-29-So-lieu-11.2021.xlsx", "2.IIPthang", "2021-11", NOVEMBER_2021, None)
    write_workbook(
        SAMPLE_DIR / "2024-01-29-So-lieu-01.2024.xlsx", "2. IIP", "2024-01", JANUARY_2024, JANUARY_2024_PUBLISHED
    )
    write_workbook(
        SAMPLE_DIR / "2024-02-29-So-lieu-02.2024.xlsx", "2.IIPthang", "2024-02", FEBRUARY_2024, FEBRUARY_2024_PUBLISHED
    )


if __name__ == "__main__":
    main()
