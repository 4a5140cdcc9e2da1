"""Matching keys erase how a name was typed, and nothing that tells two names apart."""

import unicodedata

import pytest

from warehouse.names import match_key, nfc
from warehouse.reference import geo_code, industry_code


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
