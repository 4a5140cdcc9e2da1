"""Figures from narrative text: one sentence (or two) per construct real releases use, and the seed articles."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from warehouse.text.document import parse_document, read_document, split_sentences
from warehouse.text.evaluate import evaluate
from warehouse.text.extract import extract_figures

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
NOV_2021 = date(2021, 12, 1)
MAR_2024 = date(2024, 3, 1)

Row = tuple[str, str, str, str, str, str, float, float | None, str | None]


def figures(text: str, published_on: date) -> list[Row]:
    """The figures as rows; a product's figure names its division and its code ("05:coal")."""
    extraction = extract_figures(parse_document(text), published_on)
    return [
        (
            f.period_type,
            f.period,
            f.geo,
            f.industry if f.product is None else f"{f.industry}:{f.product}",
            f.measure,
            f.base,
            f.value,
            f.value_high,
            f.status,
        )
        for f in extraction.figures
    ]


CASES = [
    pytest.param(
        "Chỉ số sản xuất công nghiệp (IIP) của cả nước trong tháng 11 ước tính tăng 5,5% so với tháng trước, "
        "tăng 5,6% so với cùng kỳ.",
        NOV_2021,
        [
            ("month", "2021-11", "VN", "TOTAL", "change_pct", "prev_month", 5.5, None, "estimate"),
            ("month", "2021-11", "VN", "TOTAL", "change_pct", "same_period_prev_year", 5.6, None, "estimate"),
        ],
        id="two bases in one sentence, month named without its year, estimate",
    ),
    pytest.param(
        unicodedata.normalize("NFD", "Chỉ số sản xuất công nghiệp tháng 11 ước tính tăng 5,5% so với tháng trước."),
        NOV_2021,
        [("month", "2021-11", "VN", "TOTAL", "change_pct", "prev_month", 5.5, None, "estimate")],
        id="decomposed Unicode: a base letter plus combining marks",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp tháng 11/2021 tăng 5.5% so với cùng kỳ năm trước, thu hút 57.163 lao động.",
        NOV_2021,
        [("month", "2021-11", "VN", "TOTAL", "change_pct", "same_period_prev_year", 5.5, None, None)],
        id="decimal point in a percentage, thousands dot in a count of workers",
    ),
    pytest.param(
        "Chỉ số sản xuất ngành khai khoáng tháng 2/2024 giảm 3,5% so với cùng kỳ năm trước.",
        MAR_2024,
        [("month", "2024-02", "VN", "B", "change_pct", "same_period_prev_year", -3.5, None, None)],
        id="giảm makes the change negative",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp tháng 11 của Quảng Ninh ước tăng 19,17%; Thanh Hóa tăng 15,1%; "
        "Thừa Thiên Huế tăng 9,12%.",
        NOV_2021,
        [
            ("month", "2021-11", "Quảng Ninh", "TOTAL", "change_pct", "unspecified", 19.17, None, "estimate"),
            ("month", "2021-11", "Thanh Hóa", "TOTAL", "change_pct", "unspecified", 15.1, None, "estimate"),
            ("month", "2021-11", "Thừa Thiên Huế", "TOTAL", "change_pct", "unspecified", 9.12, None, "estimate"),
        ],
        id="a list of provinces sharing the index, the estimate and the month; no base said",
    ),
    pytest.param(
        "Tính chung 11 tháng năm 2021, IIP ngành chế biến, chế tạo ước tính tăng 4,8% (cùng kỳ năm 2020 tăng 4,7%).",
        NOV_2021,
        [
            ("ytd", "2021-11", "VN", "C", "change_pct", "same_period_prev_year", 4.8, None, "estimate"),
            ("ytd", "2020-11", "VN", "C", "change_pct", "same_period_prev_year", 4.7, None, None),
        ],
        id="the same period of the year before in parentheses: another period, not an estimate",
    ),
    pytest.param(
        "Tính chung 2 tháng đầu năm 2024, IIP ước tính tăng 5,7% so với cùng kỳ năm trước; trong đó ngành khai "
        "khoáng giảm 3,5%, làm giảm 0,6 điểm phần trăm; ngành chế biến, chế tạo tăng 5,9%, đóng góp 5,2 điểm %.",
        MAR_2024,
        [
            ("ytd", "2024-02", "VN", "TOTAL", "change_pct", "same_period_prev_year", 5.7, None, "estimate"),
            ("ytd", "2024-02", "VN", "B", "change_pct", "same_period_prev_year", -3.5, None, "estimate"),
            ("ytd", "2024-02", "VN", "B", "contribution_pp", "same_period_prev_year", -0.6, None, "estimate"),
            ("ytd", "2024-02", "VN", "C", "change_pct", "same_period_prev_year", 5.9, None, "estimate"),
            ("ytd", "2024-02", "VN", "C", "contribution_pp", "same_period_prev_year", 5.2, None, "estimate"),
        ],
        id="contributions: 'làm giảm ... điểm phần trăm' is negative, 'điểm %' is percentage points",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp 2 tháng đầu năm 2024 so với cùng kỳ năm trước tăng ở 56 địa phương và giảm "
        "ở 7 địa phương trên cả nước.",
        MAR_2024,
        [
            ("ytd", "2024-02", "VN", "TOTAL", "provinces_up_count", "same_period_prev_year", 56.0, None, None),
            ("ytd", "2024-02", "VN", "TOTAL", "provinces_down_count", "same_period_prev_year", 7.0, None, None),
        ],
        id="counts of provinces rising and falling, the base stated before the verb",
    ),
    pytest.param(
        "IIP tháng 2/2024 so với cùng kỳ năm trước tăng ở 54/63 địa phương.",
        MAR_2024,
        [("month", "2024-02", "VN", "TOTAL", "provinces_up_count", "same_period_prev_year", 54.0, None, None)],
        id="a count written as a share of the 63 provinces",
    ),
    pytest.param(
        "Khả năng năm 2021 chỉ số phát triển sản xuất công nghiệp của cả nước chỉ tăng khoảng 4-5% thấp hơn so "
        "với mục tiêu kế hoạch (tăng 8-9%).",
        NOV_2021,
        [
            ("year", "2021", "VN", "TOTAL", "forecast_change_pct", "prev_year", 4.0, 5.0, "forecast"),
            ("year", "2021", "VN", "TOTAL", "target_change_pct", "prev_year", 8.0, 9.0, "target"),
        ],
        id="a forecast and a target range in one sentence, each after its own cue",
    ),
    pytest.param(
        "Ngành Công Thương phấn đấu bảo đảm chỉ tiêu tăng trưởng công nghiệp 7%- 8%.",
        MAR_2024,
        [("year", "2024", "VN", "TOTAL", "target_change_pct", "prev_year", 7.0, 8.0, "target")],
        id="a range written '7%- 8%' for a year the sentence does not name: the publication's",
    ),
    pytest.param(
        "IIP quý I/2024 ước tính tăng 6,18% so với cùng kỳ năm trước.",
        date(2024, 3, 29),
        [("quarter", "2024-Q1", "VN", "TOTAL", "change_pct", "same_period_prev_year", 6.18, None, "estimate")],
        id="a quarter written with a Roman numeral",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp¹ tháng 11 tăng 5,5%(1) so với tháng trước.",
        NOV_2021,
        [("month", "2021-11", "VN", "TOTAL", "change_pct", "prev_month", 5.5, None, None)],
        id="footnote markers glued to a word and to a figure",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp tháng 11 ước tính tăng\n5,5% so với tháng trước; ngành chế biến,\n"
        "chế tạo tăng 5,9%.",
        NOV_2021,
        [
            ("month", "2021-11", "VN", "TOTAL", "change_pct", "prev_month", 5.5, None, "estimate"),
            ("month", "2021-11", "VN", "C", "change_pct", "prev_month", 5.9, None, "estimate"),
        ],
        id="hard line breaks inside a phrase",
    ),
    pytest.param(
        "IIP tháng 2/2024 giảm 18% so với tháng trước\n2 tháng đầu năm 2024, IIP ước tính tăng 5,7%.",
        MAR_2024,
        [
            ("month", "2024-02", "VN", "TOTAL", "change_pct", "prev_month", -18.0, None, "estimate"),
            ("ytd", "2024-02", "VN", "TOTAL", "change_pct", "same_period_prev_year", 5.7, None, "estimate"),
        ],
        id="a title line with no full stop; the month shares the estimate of its two-month total",
    ),
    pytest.param(
        "Trong năm 2021, chỉ số sản xuất công nghiệp ngành chế biến chế tạo tăng 4,8% so với cùng kỳ năm 2020.",
        date(2022, 1, 6),
        [("year", "2021", "VN", "C", "change_pct", "prev_year", 4.8, None, None)],
        id="'so với cùng kỳ năm 2020' for a year is the previous year",
    ),
    pytest.param(
        "Chỉ số tiêu thụ toàn ngành công nghiệp chế biến, chế tạo tháng 12/2023 tăng 3,1% so với tháng trước. "
        "Tỷ lệ tồn kho bình quân năm 2023 là 87,5%.",
        date(2024, 1, 6),
        [
            ("month", "2023-12", "VN", "C", "consumption_change_pct", "prev_month", 3.1, None, None),
            ("year", "2023", "VN", "C", "inventory_ratio_pct", "none", 87.5, None, None),
        ],
        id="consumption and inventory: manufacturing's, a level has no base",
    ),
    pytest.param(
        "IIP tháng 1/2024 ước tăng 18,3% so với cùng kỳ. Chỉ số sản xuất công nghiệp tăng ở 60 địa phương.",
        MAR_2024,
        [
            ("month", "2024-01", "VN", "TOTAL", "change_pct", "same_period_prev_year", 18.3, None, "estimate"),
            ("month", "2024-01", "VN", "TOTAL", "provinces_up_count", "same_period_prev_year", 60.0, None, "estimate"),
        ],
        id="the next sentence keeps the month, the base and the estimate",
    ),
    pytest.param(
        "Trong đó, ngành khai khoáng giảm 3,5%, làm giảm 0,6 điểm phần trăm.\n\n"
        "Tính chung 2 tháng đầu năm 2024, IIP ước tính tăng 5,7% so với cùng kỳ năm trước.",
        MAR_2024,
        [
            ("ytd", "2024-02", "VN", "B", "change_pct", "same_period_prev_year", -3.5, None, "estimate"),
            ("ytd", "2024-02", "VN", "B", "contribution_pp", "same_period_prev_year", -0.6, None, "estimate"),
            ("ytd", "2024-02", "VN", "TOTAL", "change_pct", "same_period_prev_year", 5.7, None, "estimate"),
        ],
        id="a paragraph whose period and statistic are named only in the paragraph after it",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp tháng 12 tăng 2% so với tháng trước.",
        date(2022, 1, 5),
        [("month", "2021-12", "VN", "TOTAL", "change_pct", "prev_month", 2.0, None, None)],
        id="a month after the publication's month is last year's",
    ),
    pytest.param(
        "Sản xuất công nghiệp năm 2023 ước tăng 3,08%.",
        date(2023, 12, 29),
        [("year", "2023", "VN", "TOTAL", "change_pct", "prev_year", 3.08, None, "estimate")],
        id="a year's change with no base stated can only be against the previous year",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp tháng 11/2021 tăng 5,5% so với tháng 10/2021.",
        NOV_2021,
        [("month", "2021-11", "VN", "TOTAL", "change_pct", "prev_month", 5.5, None, None)],
        id="'so với tháng 10' for November is the previous month",
    ),
    pytest.param(
        "Tính chung 11 tháng năm 2021, IIP tăng 3,6% (cùng kỳ năm trước tăng 3,1%).",
        NOV_2021,
        [
            ("ytd", "2021-11", "VN", "TOTAL", "change_pct", "same_period_prev_year", 3.6, None, None),
            ("ytd", "2020-11", "VN", "TOTAL", "change_pct", "same_period_prev_year", 3.1, None, None),
        ],
        id="'(cùng kỳ năm trước tăng ...)' names the year before without its number",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp tháng 2/2024 so với cùng kỳ năm trước có 45/63 địa phương có chỉ số IIP tăng.",
        MAR_2024,
        [("month", "2024-02", "VN", "TOTAL", "provinces_up_count", "same_period_prev_year", 45.0, None, None)],
        id="a count whose verb follows it",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp năm 2023 ước tăng 3,08%, thấp hơn năm 2022 (tăng 7,1%).",
        date(2023, 12, 29),
        [
            ("year", "2023", "VN", "TOTAL", "change_pct", "prev_year", 3.08, None, "estimate"),
            ("year", "2022", "VN", "TOTAL", "change_pct", "prev_year", 7.1, None, None),
        ],
        id="an estimate does not carry over to the year before named later in the sentence",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp tháng 11 bằng 105,5% so với tháng trước.",
        NOV_2021,
        [("month", "2021-11", "VN", "TOTAL", "index", "prev_month", 105.5, None, None)],
        id="an index stated as a level against its base",
    ),
    pytest.param(
        "Tháng Mười năm 2024, chỉ số sản xuất toàn ngành công nghiệp (IIP) ước tính tăng 3,4% so với tháng trước.",
        date(2024, 11, 6),
        [("month", "2024-10", "VN", "TOTAL", "change_pct", "prev_month", 3.4, None, "estimate")],
        id="a month written as a word, as the statistics office does",
    ),
    pytest.param(
        "Theo Cục Thống kê tỉnh Bắc Ninh, IIP tháng 9/2024 ước tăng 3,2% so với tháng trước.\n\n"
        "Tính chung 9 tháng năm 2024, IIP của tỉnh tăng 4,5% so với cùng kỳ năm trước.",
        date(2024, 10, 6),
        [
            ("month", "2024-09", "Bắc Ninh", "TOTAL", "change_pct", "prev_month", 3.2, None, "estimate"),
            ("ytd", "2024-09", "Bắc Ninh", "TOTAL", "change_pct", "same_period_prev_year", 4.5, None, None),
        ],
        id="a provincial report: 'của tỉnh' refers back to the province named before",
    ),
    pytest.param(
        "Chỉ số sản xuất ngành chế biến, chế tạo tháng 9 của tỉnh Bắc Ninh tăng 5,1% so với tháng trước.",
        date(2024, 10, 6),
        [("month", "2024-09", "Bắc Ninh", "C", "change_pct", "prev_month", 5.1, None, None)],
        id="a province qualifying the industry named before it",
    ),
    pytest.param(
        "Chỉ số IIP 10 tháng năm 2024 tăng cao do ngành sản xuất và phân phối điện tăng cao như: Phú Thọ tăng "
        "32,9%; Bắc Giang tăng 28,6%; cả nước tăng 8,3%.",
        date(2024, 11, 6),
        [
            ("ytd", "2024-10", "Phú Thọ", "TOTAL", "change_pct", "same_period_prev_year", 32.9, None, None),
            ("ytd", "2024-10", "Bắc Giang", "TOTAL", "change_pct", "same_period_prev_year", 28.6, None, None),
            ("ytd", "2024-10", "VN", "TOTAL", "change_pct", "same_period_prev_year", 8.3, None, None),
        ],
        id="provinces listed after the industry that explains them: each province's whole industry",
    ),
    pytest.param(
        "IIP tháng 11 năm nay tăng 5% so cùng kỳ, thấp hơn 3,5 điểm phần trăm so với tháng trước.",
        date(2024, 12, 3),
        [("month", "2024-11", "VN", "TOTAL", "change_pct", "same_period_prev_year", 5.0, None, None)],
        id="'năm nay', 'so cùng kỳ' without 'với', and points that compare two rates rather than contribute",
    ),
    # Products of warehouse/reference/products.csv as subjects: output in the product's unit, and its change.
    pytest.param(
        "Tháng 11, sản lượng than sạch ước đạt 3,9 triệu tấn, tăng 5,2% so với cùng kỳ.",
        NOV_2021,
        [
            ("month", "2021-11", "VN", "05:coal", "product_output", "none", 3900.0, None, "estimate"),
            ("month", "2021-11", "VN", "05:coal", "change_pct", "same_period_prev_year", 5.2, None, "estimate"),
        ],
        id="a product's output in millions of tonnes is thousands of tonnes in the product's unit, then its change",
    ),
    pytest.param(
        "Tính chung 11 tháng năm 2021, sản xuất ô tô tăng 12%.",
        NOV_2021,
        [("ytd", "2021-11", "VN", "29:cars", "change_pct", "same_period_prev_year", 12.0, None, None)],
        id="'sản xuất ô tô' names the product, not the motor-vehicle industry",
    ),
    pytest.param(
        "IIP tháng 11 ước tăng 5,5% so với tháng trước; trong đó sản xuất ô tô tăng 12%. Ngành chế biến, chế tạo "
        "tăng 6%.",
        NOV_2021,
        [
            ("month", "2021-11", "VN", "TOTAL", "change_pct", "prev_month", 5.5, None, "estimate"),
            ("month", "2021-11", "VN", "29:cars", "change_pct", "prev_month", 12.0, None, "estimate"),
            ("month", "2021-11", "VN", "C", "change_pct", "prev_month", 6.0, None, "estimate"),
        ],
        id="a product in a list shares its head's base and estimate; the next sentence is about the index again",
    ),
    pytest.param(
        "Sản lượng xi măng tháng 11 đạt 9.500 nghìn tấn; sản lượng khai thác than tăng 4%.",
        NOV_2021,
        [("month", "2021-11", "VN", "23:cement", "product_output", "none", 9.5, None, None)],
        id="thousands of tonnes of cement are millions in its unit; output of an industry is not its index",
    ),
    pytest.param(
        "Kim ngạch xuất khẩu ô tô tháng 11 tăng 12%; sản lượng thép 500 nghìn tấn.",
        NOV_2021,
        [],
        id="exports of a product are trade, and tonnes of what the vocabulary does not name are nothing",
    ),
    # Lists of subjects sharing one verb: one figure per subject.
    pytest.param(
        "Tháng 11, IIP ngành sản xuất trang phục và ngành sản xuất da cùng tăng 5% so với cùng kỳ.",
        NOV_2021,
        [
            ("month", "2021-11", "VN", "14", "change_pct", "same_period_prev_year", 5.0, None, None),
            ("month", "2021-11", "VN", "15", "change_pct", "same_period_prev_year", 5.0, None, None),
        ],
        id="two industries joined by 'và' share one figure: each gets it",
    ),
    pytest.param(
        "Chỉ số sản xuất 11 tháng năm 2021 của một số ngành: sản xuất kim loại, sản xuất xe có động cơ tăng lần "
        "lượt 23,4% và 10,7%; sản xuất thuốc giảm 3%.",
        NOV_2021,
        [
            ("ytd", "2021-11", "VN", "24", "change_pct", "same_period_prev_year", 23.4, None, None),
            ("ytd", "2021-11", "VN", "29", "change_pct", "same_period_prev_year", 10.7, None, None),
            ("ytd", "2021-11", "VN", "21", "change_pct", "same_period_prev_year", -3.0, None, None),
        ],
        id="'lần lượt' gives the n-th figure to the n-th subject; the next item has its own verb",
    ),
    pytest.param(
        "IIP ngành chế biến, chế tạo tháng 11 của Bắc Ninh và Bắc Giang cùng tăng 7%.",
        NOV_2021,
        [
            ("month", "2021-11", "Bắc Ninh", "C", "change_pct", "unspecified", 7.0, None, None),
            ("month", "2021-11", "Bắc Giang", "C", "change_pct", "unspecified", 7.0, None, None),
        ],
        id="a list of provinces qualifying one industry: the industry in each province",
    ),
    pytest.param(
        "Sản lượng ô tô và xe máy tháng 11 lần lượt đạt 50 nghìn chiếc và 300 nghìn chiếc.",
        NOV_2021,
        [
            ("month", "2021-11", "VN", "29:cars", "product_output", "none", 50.0, None, None),
            ("month", "2021-11", "VN", "30:motorcycles", "product_output", "none", 300.0, None, None),
        ],
        id="'lần lượt' before the verb, over a list of products",
    ),
    pytest.param(
        "Tháng 11, IIP ngành sản xuất kim loại tăng 8%, sản xuất xe có động cơ và sản xuất thuốc lần lượt tăng 5%.",
        NOV_2021,
        [("month", "2021-11", "VN", "24", "change_pct", "unspecified", 8.0, None, None)],
        id="'lần lượt' with fewer figures than subjects is not read at all rather than paired wrongly",
    ),
    # A provincial article that names its province only in its headline.
    pytest.param(
        "Bắc Ninh: sản xuất công nghiệp phục hồi mạnh\n"
        "Chỉ số sản xuất công nghiệp tháng 11 ước tăng 6,2% so với tháng trước.",
        NOV_2021,
        [("month", "2021-11", "Bắc Ninh", "TOTAL", "change_pct", "prev_month", 6.2, None, "estimate")],
        id="the headline's one province is the index's place when the text names no other place",
    ),
    pytest.param(
        "Bắc Ninh: sản xuất công nghiệp phục hồi mạnh\n"
        "Chỉ số sản xuất công nghiệp tháng 11 ước tăng 6,2% so với tháng trước. Cả nước tăng 5,5% so với cùng kỳ.",
        NOV_2021,
        [
            ("month", "2021-11", "VN", "TOTAL", "change_pct", "prev_month", 6.2, None, "estimate"),
            ("month", "2021-11", "VN", "TOTAL", "change_pct", "same_period_prev_year", 5.5, None, "estimate"),
        ],
        id="not when the text also reports the whole country: the headline's province is then not the index's",
    ),
    pytest.param(
        "Bắc Ninh đón làn sóng đầu tư mới\nTheo Tổng cục Thống kê, IIP tháng 11 tăng 5,5% so với tháng trước.",
        NOV_2021,
        [("month", "2021-11", "VN", "TOTAL", "change_pct", "prev_month", 5.5, None, None)],
        id="not when the national statistics office is quoted",
    ),
    pytest.param(
        "Bắc Ninh: sản xuất công nghiệp phục hồi mạnh\nIIP tháng 11 tăng 6,2%; Bắc Giang tăng 7,1%.",
        NOV_2021,
        [
            ("month", "2021-11", "VN", "TOTAL", "change_pct", "unspecified", 6.2, None, None),
            ("month", "2021-11", "Bắc Giang", "TOTAL", "change_pct", "unspecified", 7.1, None, None),
        ],
        id="not when the text names another province",
    ),
    # The same words about other statistics: none of these is an IIP figure.
    pytest.param(
        "Chỉ số sản xuất công nghiệp tăng 5%; tỷ lệ thất nghiệp giảm 0,2 điểm phần trăm so với cùng kỳ năm 2023.",
        MAR_2024,
        [],
        id="percentage points of unemployment are not a contribution to the IIP (and no period is named)",
    ),
    pytest.param(
        "Giá trị tăng thêm ngành công nghiệp quý III/2024 tăng 6,98% so với cùng kỳ năm trước.",
        date(2024, 10, 6),
        [],
        id="value added of industry is national accounts, not the IIP",
    ),
    pytest.param(
        "GDP quý I/2024 tăng 5,66%, trong đó khu vực công nghiệp và xây dựng tăng 6,28%; ngành chế biến, chế tạo "
        "tăng 6,98%.",
        date(2024, 4, 6),
        [],
        id="GDP and its sectors, even the manufacturing sector, are not the IIP",
    ),
    pytest.param(
        "Chỉ số PMI ngành sản xuất tháng 2/2024 đạt 50,4 điểm, tăng 0,1% so với tháng trước.",
        MAR_2024,
        [],
        id="the purchasing managers' index is not the IIP",
    ),
    pytest.param(
        "Số lao động đang làm việc trong các doanh nghiệp công nghiệp tháng 11 tăng 0,5% so với tháng trước.",
        NOV_2021,
        [],
        id="employment in industrial enterprises is not the IIP",
    ),
    pytest.param(
        "Tỉnh đã công nhận phương án sản xuất cho 78/186 doanh nghiệp trong khu công nghiệp (chiếm 41,9%).",
        NOV_2021,
        [],
        id="counts and shares of enterprises are not the IIP",
    ),
    pytest.param(
        "Chỉ số sản xuất 11 tháng năm 2021 của một số ngành ước tăng trên 10% so với cùng kỳ năm trước.",
        NOV_2021,
        [],
        id="'tăng trên 10%' is a threshold, not a figure",
    ),
    pytest.param(
        "Hoạt động sản xuất công nghiệp phục hồi tăng từ hơn 5% đến gần 20% trong tháng 11/2021.",
        NOV_2021,
        [],
        id="a vague span is not a figure",
    ),
    pytest.param(
        "Chỉ số sản xuất công nghiệp tháng 12/2021 tăng 5% so với tháng trước.",
        date(2021, 11, 20),
        [],
        id="a month after the publication is never a reported figure",
    ),
]


@pytest.mark.parametrize(("text", "published_on", "expected"), CASES)
def test_a_sentence_gives_exactly_its_figures(text: str, published_on: date, expected: list[Row]) -> None:
    assert sorted(figures(text, published_on), key=repr) == sorted(expected, key=repr)


def test_a_figure_points_at_its_sentence_and_keeps_its_precision() -> None:
    text = "Bài viết mở đầu.\n\nIIP tháng 2/2024 ước tính tăng 3,0% so với cùng kỳ. Câu sau."
    document = parse_document(text)
    (figure,) = extract_figures(document, MAR_2024).figures
    assert figure.source_location == f"chars {text.index('IIP')}-{text.index(' Câu')}"
    assert document.text[figure.start : figure.end].startswith("IIP tháng 2/2024")
    assert (figure.value, figure.decimals) == (3.0, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2021-12 (TBTCO) - Sau gần 2 tháng", date(2021, 12, 1)),
        ("Thứ sáu 29/03/2024 08:21 24h qua\n\nTiêu đề\n\n11:04 | 28/10/2021\n\nBài", date(2021, 10, 28)),
        ("Thứ bảy, 2/3/2024, 08:00 (GMT+7)\n\nBài", date(2024, 3, 2)),
        ("Không có ngày.", None),
    ],
    ids=["an ISO month in the header", "the dateline, not the site's banner", "a weekday dateline", "no date at all"],
)
def test_the_publication_date_the_text_states(text: str, expected: date | None) -> None:
    assert parse_document(text).published_on == expected


def test_html_gives_its_paragraphs_and_its_metadata_date(tmp_path: Path) -> None:
    page = tmp_path / "bai-viet.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2024-03-02T08:00:00+07:00">'
        "<title>IIP tăng 99%</title><script>var x = 'tăng 5%';</script></head><body>"
        "<p>Tính chung 2 tháng đầu năm 2024, IIP ước tính tăng 5,7% so với cùng kỳ năm trước.</p>"
        "<p>Ngành chế biến, chế tạo tăng 5,9%, đóng góp 5,2 điểm phần trăm.</p></body></html>",
        encoding="utf-8",
    )
    document = read_document(page)
    assert document.published_on == date(2024, 3, 2)
    rows = {(f.industry, f.measure, f.value) for f in extract_figures(document).figures}
    assert rows == {("TOTAL", "change_pct", 5.7), ("C", "change_pct", 5.9), ("C", "contribution_pp", 5.2)}


def test_sentences_do_not_end_at_abbreviations_or_decimal_points() -> None:
    text = "Tại TP. Hồ Chí Minh, IIP tăng 5.5% so với tháng trước. Hà Nội tăng 6%... đã góp phần."
    assert [s.text for s in split_sentences(text)] == [
        "Tại TP. Hồ Chí Minh, IIP tăng 5.5% so với tháng trước.",
        "Hà Nội tăng 6%... đã góp phần.",
    ]


def test_the_seed_articles_against_the_answer_key() -> None:
    """Every figure of ../shared/gold found, and no figure the key does not hold (seed 002 has none)."""
    seeds, gold = SHARED_DIR / "seeds", SHARED_DIR / "gold" / "seed_facts.csv"
    if not seeds.is_dir() or not gold.is_file():
        pytest.skip("../shared/seeds and ../shared/gold are not here")
    evaluation = evaluate(seeds, gold)
    assert evaluation.missed == []
    assert evaluation.spurious == []
    assert evaluation.by_document["002_5289e326210ef9ce.txt"].false_positive == 0
    assert evaluation.total.f1 >= 0.95
