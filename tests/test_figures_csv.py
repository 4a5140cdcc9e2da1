"""The figures file: press-release figures with their published precision; bad rows kept with reasons."""

import unicodedata
from pathlib import Path

import polars as pl
import pytest

from warehouse.facts import SourceRejected
from warehouse.readers.figures_csv import read_figures_csv
from warehouse.settings import SAMPLE_DIR

HEADER = "publisher,published_on,document,period_type,period,geo,industry,measure,base,value,value_high,status,quote\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "figures.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_sample_figures_file_holds_one_release_per_document() -> None:
    releases = read_figures_csv(SAMPLE_DIR / "press-release-figures.csv")
    assert [r.source_document for r in releases] == [
        "moit-2021-11-industrial-production",
        "moit-2021-11-industrial-production-brief",
        "gso-2024-02-industrial-production",
        "moit-2023-manufacturing-consumption-inventory",
        "moit-2021-10-tien-giang-three-on-site",
    ]
    assert all(r.rejections.is_empty() for r in releases)
    # every figure of the gold file, and seed 002's 78 of 186 firms = 41,9% (the gold file leaves it out)
    assert sum(r.facts.height for r in releases) == 71 + 3


def test_contributions_keep_their_published_precision() -> None:
    february = read_figures_csv(SAMPLE_DIR / "press-release-figures.csv")[2]
    contributions = february.facts.filter(pl.col("measure") == "contribution_pp").sort("subject_code")
    assert contributions["subject_code"].to_list() == ["B", "C", "D", "E"]
    assert contributions["value"].to_list() == [-0.6, 5.2, 1.1, 0.04]
    assert contributions["decimals"].to_list() == [1, 1, 1, 2]
    assert february.reference_period == "2024-02"


def test_provinces_resolve_to_the_version_valid_in_the_period() -> None:
    november = read_figures_csv(SAMPLE_DIR / "press-release-figures.csv")[0]
    provinces = november.facts.filter(pl.col("geo_code") != "VN")
    assert sorted(provinces["geo_code"]) == ["P63-22", "P63-38", "P63-46", "P63-51", "P63-75", "P63-92"]


def test_a_range_keeps_both_ends() -> None:
    november = read_figures_csv(SAMPLE_DIR / "press-release-figures.csv")[0]
    target = november.facts.filter(pl.col("measure") == "target_change_pct")
    assert (target["value"][0], target["value_high"][0], target["status"][0]) == (8.0, 9.0, "target")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ('GSO,2024-03-01,d,ytd,2024-02,VN,TOTAL,change_pct,same_period_prev_year,"5,7",,estimate,q', "decimal point"),
        ("GSO,2024-03-01,d,ytd,2024-13,VN,TOTAL,change_pct,same_period_prev_year,5.7,,estimate,q", "not a ytd period"),
        ("GSO,2024-03-01,d,month,2024-04,VN,TOTAL,change_pct,prev_month,1.0,,estimate,q", "after the publication"),
        ("GSO,2024-03-01,d,ytd,2024-02,VN,Z,change_pct,same_period_prev_year,5.7,,,q", "industry 'Z' is not known"),
        ("GSO,2024-03-01,d,ytd,2024-02,Atlantis,TOTAL,change_pct,same_period_prev_year,5.7,,,q", "Atlantis"),
        ("GSO,2024-03-01,d,ytd,2024-02,VN,TOTAL,growth,same_period_prev_year,5.7,,,q", "measure 'growth'"),
    ],
)
def test_a_bad_row_is_quarantined_with_its_line_and_reason(tmp_path: Path, row: str, reason: str) -> None:
    good = "GSO,2024-03-01,d,ytd,2024-02,VN,TOTAL,change_pct,same_period_prev_year,5.7,,estimate,q\n"
    (release,) = read_figures_csv(write(tmp_path, good + row + "\n"))
    assert release.facts.height == 1
    (rejection,) = release.rejections.iter_rows(named=True)
    assert rejection["location"] == "line 3"
    assert reason in rejection["reason"]


def test_a_file_missing_columns_is_rejected_whole(tmp_path: Path) -> None:
    with pytest.raises(SourceRejected, match=r"figures\.csv: missing column"):
        read_figures_csv(write(tmp_path, "x\n", header="publisher,value\n"))


def test_a_file_in_another_encoding_is_rejected_whole(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_bytes((HEADER + "GSO,2024-03-01,Bộ,ytd,2024-02,VN,TOTAL,change_pct,none,5.7,,,q\n").encode("utf-16"))
    with pytest.raises(SourceRejected, match=r"figures\.csv: not UTF-8"):
        read_figures_csv(path)


PRODUCT_HEADER = HEADER.rstrip("\n") + ",product\n"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # a main product's output, in the product's own unit
        (
            "GSO,2024-03-29,g,month,2024-02,VN,24,product_output,same_period_prev_year,1834.2,,estimate,,crude_steel",
            ("product", "crude_steel", "Nghìn tấn"),
        ),
        # the product column left empty: the figure is about the industry, as in a file without the column
        (
            "GSO,2024-03-29,g,month,2024-02,VN,24,change_pct,same_period_prev_year,3.1,,estimate,,",
            ("industry", "24", "%"),
        ),
    ],
)
def test_product_column_names_the_subject(tmp_path: Path, row: str, expected: tuple[str, str, str]) -> None:
    (release,) = read_figures_csv(write(tmp_path, row + "\n", header=PRODUCT_HEADER))
    assert release.rejections.is_empty()
    assert release.facts.select("subject_kind", "subject_code", "unit").row(0) == expected


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            "GSO,2024-03-29,g,month,2024-02,VN,24,product_output,prev_month,1.0,,estimate,,unobtainium",
            "product 'unobtainium' is not known",
        ),
        (
            "GSO,2024-03-29,g,month,2024-02,VN,10,product_output,prev_month,1.0,,estimate,,crude_steel",
            "product 'crude_steel' belongs to industry 24, not '10'",
        ),
    ],
)
def test_unknown_or_misfiled_product_is_quarantined_with_its_line(tmp_path: Path, row: str, reason: str) -> None:
    (release,) = read_figures_csv(write(tmp_path, row + "\n", header=PRODUCT_HEADER))
    assert release.facts.is_empty()
    assert release.rejections.select("location", "reason").row(0) == ("line 2", reason)


def test_a_figure_stated_twice_keeps_the_first_line_and_quarantines_the_second(tmp_path: Path) -> None:
    """A transcription that typed a province's line twice must not abort the load on the fact's primary key."""
    line = "GSO,2024-03-29,g,month,2024-02,Cần Thơ,TOTAL,index,same_period_prev_year,{},,estimate,\n"
    (release,) = read_figures_csv(write(tmp_path, line.format("106.10") + line.format("107.90")))
    assert release.facts["value"].to_list() == [106.1]
    assert release.rejections.select("location", "reason").row(0) == (
        "line 3",
        "states the figure of line 2 again (line 2 says 106.10, this line 107.90)",
    )


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        # a period type the format does not have
        (
            "NSO,2025-09-30,d,week,2025-08,VN,TOTAL,index,prev_month,101.2,,estimate,q",
            "period_type 'week' is not one of month, ytd, quarter, year",
        ),
        # a quarter written as a month
        (
            "NSO,2025-09-30,d,quarter,2025-08,VN,TOTAL,index,prev_quarter,101.2,,estimate,q",
            "period '2025-08' is not a quarter period",
        ),
        # a status the warehouse does not know
        (
            "NSO,2025-09-30,d,month,2025-08,VN,TOTAL,index,prev_month,101.2,,rumour,q",
            "status 'rumour' is not known",
        ),
        # a comparison base the warehouse does not know
        (
            "NSO,2025-09-30,d,month,2025-08,VN,TOTAL,index,prev_week,101.2,,estimate,q",
            "base 'prev_week' is not known",
        ),
        # Hà Giang was merged away on 2025-07-01: it is no province in August 2025
        (
            "NSO,2025-09-30,d,month,2025-08,Hà Giang,TOTAL,index,same_period_prev_year,101.2,,estimate,q",
            "geo 'Hà Giang' is not a province valid in 2025-08",
        ),
        # the upper end of a range with a decimal comma, named as stripped
        (
            'NSO,2025-09-30,d,year,2026,VN,TOTAL,target_change_pct,prev_year,8.0," 9,5 ",target,q',
            "value_high '9,5' is not a number written with a decimal point",
        ),
        # a year 0000 is no year (the row-by-row reader stopped on it: Python's dates begin in year 1)
        (
            "NSO,2025-09-30,d,year,0000,VN,TOTAL,index,prev_year,101.2,,estimate,q",
            "period '0000' is not a year period",
        ),
        # several problems: the first the checks come to is the reason
        (
            'NSO,2025-09-30,d,month,2025-08,Atlantis,Z,growth,prev_week,"5,7",x,rumour,q',
            "status 'rumour' is not known",
        ),
        # a quoted line break after a month: once matched as a month by Python's $, so the province comes next
        (
            'NSO,2025-09-30,d,month,"2025-08\n",Atlantis,TOTAL,index,prev_month,101.2,,estimate,q',
            "geo 'Atlantis' is not a province valid in 2025-08\n",
        ),
    ],
)
def test_a_row_is_rejected_for_the_first_problem_found(tmp_path: Path, row: str, reason: str) -> None:
    (release,) = read_figures_csv(write(tmp_path, row + "\n"))
    assert release.facts.is_empty()
    assert release.rejections.select("location", "raw_label", "reason").row(0) == ("line 2", "q", reason)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # a province name in decomposed Unicode, as some word processors save it
        (
            "NSO,2025-06-30,d,month,2025-05,"
            + unicodedata.normalize("NFD", "Thừa Thiên Huế")
            + ",TOTAL,index,same_period_prev_year,101.2,,estimate,q",
            ("P63-46", 101.2, None, 1, "estimate"),
        ),
        # Hà Giang is still itself for a month before the merger, even in a release published after it
        (
            "NSO,2025-07-06,d,month,2025-05,Hà Giang,TOTAL,index,same_period_prev_year,99.80,,,q",
            ("P63-02", 99.8, None, 2, None),
        ),
        # a target may lie after the publication date, and be a range
        (
            "NSO,2025-09-30,d,year,2026,VN,TOTAL,target_change_pct,prev_year,8.0,9.0,target,q",
            ("VN", 8.0, 9.0, 1, "target"),
        ),
        # white space around a number, as a spreadsheet leaves it
        (
            'NSO,2025-09-30,d,month,2025-08,VN,TOTAL,index,prev_month," 105.460 ", 106 ,estimate,q',
            ("VN", 105.46, 106.0, 3, "estimate"),
        ),
        # digits of another script, which Python reads as digits
        (
            "NSO,2025-09-30,d,month,2025-08,VN,TOTAL,index,prev_month,١٠٥.٤,,estimate,q",
            ("VN", 105.4, None, 1, "estimate"),
        ),
    ],
)
def test_a_figure_is_read_as_published(tmp_path: Path, row: str, expected: tuple) -> None:
    (release,) = read_figures_csv(write(tmp_path, row + "\n"))
    assert release.rejections.is_empty()
    assert release.facts.select("geo_code", "value", "value_high", "decimals", "status").row(0) == expected


def test_a_document_of_targets_alone_reports_on_their_year(tmp_path: Path) -> None:
    rows = (
        "NSO,2025-09-30,d,year,2026,VN,TOTAL,target_change_pct,prev_year,8.0,9.0,target,q\n"
        "NSO,2025-09-30,d,year,2027,VN,TOTAL,forecast_change_pct,prev_year,8.5,,forecast,q\n"
    )
    (release,) = read_figures_csv(write(tmp_path, rows, header=HEADER.replace(",quote\n", ",quote,note\n")))
    assert (release.reference_period, release.status) == ("2027", "official")


def test_columns_beyond_the_format_are_not_read_even_one_named_line(tmp_path: Path) -> None:
    """The reader numbers rows in a column of its own; a file's own `line` or `remarks` column is not the format's."""
    row = "NSO,2024-03-01,d,month,2024-02,VN,TOTAL,index,same_period_prev_year,105.7,,,q,7,checked\n"
    (release,) = read_figures_csv(write(tmp_path, row, header=HEADER.replace(",quote\n", ",quote,line,remarks\n")))
    assert release.rejections.is_empty()
    assert release.facts.select("value", "source_location").row(0) == (105.7, "line 2")
