"""Matching keys erase how a name was typed, and nothing that tells two names apart."""

import unicodedata

import pytest

from warehouse.names import match_key, nfc
from warehouse.reference import geo_code, industry_code, table_classification


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("Sản xuất hoá chất và sản phẩm hoá chất", "Sản xuất hóa chất và sản phẩm hóa chất"),  # old tone placement
        (
            "Sản xuất sản phẩm điện tử, máy vi tính\nvà sản phẩm quang học ",
            "sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học",
        ),
        (unicodedata.normalize("NFD", "Thừa Thiên Huế"), "Thừa Thiên Huế"),  # decomposed Unicode, as in seed 004
        ("Sản xuất giường, tủ, bàn ghế", "Sản xuất giường, tủ, bàn, ghế"),  # a comma that comes and goes
        ("Công nghiệp chế biến , chế tạo", "Công nghiệp chế biến, chế tạo"),  # a space before the comma
        ("TOÀN NGÀNH CÔNG NGHIỆP", "Toàn ngành công nghiệp"),  # capitals
        ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),  # dash spacing
    ],
)
def test_spellings_of_one_name_share_a_key(written: str, same_as: str) -> None:
    assert match_key(written) == match_key(same_as)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Khai thác quặng kim loại", "Khai thác than cứng và than non"),
        ("Sản xuất kim loại", "Sản xuất sản phẩm từ kim loại đúc sẵn"),
        ("Hà Nam", "Hà Nội"),
        ("Đắk Lắk", "Đắk Nông"),
    ],
)
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert match_key(one) != match_key(other)


def test_nfc_composes_and_folds_white_space() -> None:
    assert nfc(unicodedata.normalize("NFD", "ước  tính\n")) == "ước tính"


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Toàn ngành công nghiệp", "TOTAL"),
        ("TOÀN QUỐC", "TOTAL"),
        ("WHOLE INDUSTRY", "TOTAL"),
        ("Sản xuất và phân phối điện", "D"),  # the IIP table's short name for section D
        ("Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí", "D"),
        ("Sửa chữa, bảo dưỡng và lắp đặt máy móc, thiết bị", "33"),
        ("Manufacture of motor vehicles; trailers and semi-trailers", "29"),  # English edition, as printed
        ("Sản xuất sản phẩm điện tử, máy vi tưnh và sản phẩm quang học", "26"),  # a typo of 2013
    ],
)
def test_industry_names_resolve_to_vsic_codes(label: str, code: str) -> None:
    assert industry_code(label) == code


@pytest.mark.parametrize(
    "label",
    [
        "Sản xuất, phân phối điện, ga, nước",  # VSIC 1993's section: not VSIC 2018's D, so not guessed
        "Sản xuất bia",  # a four-digit group of the old tables
        "Ngành gì đó",
    ],
)
def test_unknown_or_older_classification_names_do_not_resolve(label: str) -> None:
    assert industry_code(label) is None


def test_a_province_name_means_the_province_valid_on_the_day() -> None:
    from datetime import date

    assert geo_code("Hà Nội", date(2025, 6, 30)) == "P63-01"
    assert geo_code("Hà Nội", date(2025, 7, 1)) == "P34-01"
    assert geo_code("Bình Dương", date(2021, 11, 30)) == "P63-74"
    assert geo_code("Bình Dương", date(2025, 8, 1)) is None  # merged into TP. Hồ Chí Minh on 2025-07-01
    assert geo_code("TP.HCM", date(2021, 11, 30)) == "P63-79"
    assert geo_code("Cả nước", date(2021, 11, 30)) == "VN"


@pytest.mark.parametrize(
    ("label", "classification", "code"),
    [
        # 2011-06 to 2012-06: VSIC 1993 sections and classes, kept apart from VSIC 2018 (industry then had no E 37-39)
        ("TOÀN NGÀNH CÔNG NGHIỆP", "VSIC1993", "VSIC1993:TOTAL"),
        ("Công nghiệp khai thác mỏ", "VSIC1993", "VSIC1993:C"),
        ("Sản xuất, phân phối điện, ga, nước", "VSIC1993", "VSIC1993:E"),
        ("Sản xuất bia", "VSIC1993", "VSIC1993:1553"),
        ("Sản xuất xe có động cơ", "VSIC1993", "VSIC1993:3410"),  # a class then, not VSIC 2018 division 29
        ("SX sơn, véc ni và các chất sơn quét tương tự; SX mực in và ma tít", "VSIC1993", "VSIC1993:2422"),
        # 2012-07 to 2013-02: VSIC 2007, whose sections (and one-class divisions) are VSIC 2018's
        ("TOÀN QUỐC", "VSIC2007", "TOTAL"),
        ("Sản xuất và phân phối điện, khí đốt", "VSIC2007", "D"),
        ("Sản xuất bia", "VSIC2007", "VSIC2007:1103"),
        ("Sản xuất xe có động cơ", "VSIC2007", "VSIC2007:2910"),
        ("Sản xuất thuốc, hoá dược và dược liệu", "VSIC2007", "21"),
        ("Sản xuất mô tô, máy phát, biến thế điện, thiết bị phân phối và đỉều khiển điện", "VSIC2007", None),
        ("Sản xuất mô tơ, máy phát, biến thế điện, thiết bị phân phối và đỉều khiển điện", "VSIC2007", "VSIC2007:2710"),
    ],
)
def test_older_classifications_resolve_in_their_own_codes(label: str, classification: str, code: str | None) -> None:
    assert industry_code(label, classification) == code


@pytest.mark.parametrize(
    ("labels", "classification"),
    [
        (["TOÀN NGÀNH CÔNG NGHIỆP", "Công nghiệp khai thác mỏ", "Sản xuất bia", "Sản xuất xe có động cơ"], "VSIC1993"),
        (["TOÀN QUỐC", "Khai khoáng", "Khai thác dầu thô", "Sản xuất bia", "Sản xuất xe có động cơ"], "VSIC2007"),
        (["Toàn ngành công nghiệp", "Khai khoáng", "Sản xuất xe có động cơ"], "VSIC2018"),  # a tie: the newest
        (["WHOLE INDUSTRY", "Mining and quarying", "Manufacturing"], "VSIC2018"),
    ],
)
def test_a_table_is_read_in_the_classification_that_knows_most_of_its_names(
    labels: list[str], classification: str
) -> None:
    assert table_classification(labels) == classification
