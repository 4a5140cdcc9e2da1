"""Broken and hostile input is refused with a clear reason, never a crash, and nothing else is lost."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warehouse.facts import SourceRejected
from warehouse.ingest import read_file, read_files
from warehouse.readers import read_release_file
from warehouse.readers.guards import MAX_INFLATED_BYTES
from warehouse.settings import SAMPLE_DIR

NOVEMBER = SAMPLE_DIR / "2021-11-29-So-lieu-11.2021.xlsx"
TODAY = date(2026, 11, 23)


def _zip_bomb(path: Path) -> None:
    """A few hundred kilobytes that claim to inflate past the limit: a classic decompression bomb."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        chunk = b"\0" * (16 * 1024 * 1024)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(MAX_INFLATED_BYTES // len(chunk) + 2):
                member.write(chunk)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("2024-03-29-empty.xlsx", b"", "empty file"),
        ("2024-03-29-text.xlsx", "Chỉ số sản xuất công nghiệp\n".encode(), "an .xlsx is a zip archive; this is not"),
        ("2024-03-29-truncated.xlsx", NOVEMBER.read_bytes()[:3000], "damaged zip archive"),
        ("2024-03-29-html.xls", b"<html><body>Bi\xe1\xbb\x83u</body></html>", "no Excel 97-2003 signature"),
        ("2024-03-29-ole-stub.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "not a readable Excel"),
        ("2099-01-29-So-lieu-01.2099.xlsx", NOVEMBER.read_bytes(), "in the future"),
        ("So-lieu-undated.xlsx", NOVEMBER.read_bytes(), "no publication date in the file name"),
    ],
)
def test_a_broken_or_impossible_file_is_refused_naming_it(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceRejected) as refusal:
        read_release_file(path, today=TODAY)
    assert str(refusal.value).startswith(f"{name}: ") and reason in str(refusal.value)


def test_a_zip_bomb_posing_as_a_workbook_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "2024-03-29-So-lieu-03.2024.xlsx"
    _zip_bomb(path)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(SourceRejected, match=r"zip bomb\?\), refused unread"):
        read_release_file(path, today=TODAY)


def test_a_figures_file_dated_in_the_future_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        "publisher,published_on,document,period_type,period,geo,industry,measure,base,value\n"
        "GSO,2031-01-05,d,year,2030,VN,TOTAL,change_pct,prev_year,7.1\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceRejected, match=r"figures\.csv \(d\): published on 2031-01-05, which is in the future"):
        read_release_file(path, today=TODAY)


HUGE_SHEET_REJECTION = (
    "2021-11-29-huge.xlsx: not read: the reader's process died (a parser crash, or more than 3 GB of memory)"
)


def _workbook_with_a_whole_grid_sheet(make_workbook) -> Path:
    from openpyxl import load_workbook

    path = make_workbook(
        "2021-11-29-huge.xlsx",
        headers=[["Tháng 11 năm 2021", "so với tháng trước"]],
        rows=[["Toàn ngành công nghiệp", 105.46], ["Khai khoáng", 108.02], ["Dệt", 103.81]],
    )
    book = load_workbook(path)
    huge = book.create_sheet("Data dump")
    huge.cell(1, 1, "x")
    huge.cell(1_048_576, 16_384, "the last cell Excel allows")  # a used range of 17 billion cells
    book.save(path)
    return path


def test_a_sheet_spanning_the_whole_grid_is_refused_without_stopping_the_run(make_workbook) -> None:
    path = _workbook_with_a_whole_grid_sheet(make_workbook)
    # read in this process, the parser would abort it: each file is read in a worker process instead
    reading = read_file(path)
    assert reading.rejected_because == HUGE_SHEET_REJECTION
    assert read_file(NOVEMBER).releases[0].facts.height == 148  # and the next file reads as usual


def test_a_file_that_kills_its_reader_among_files_read_in_parallel_costs_only_itself(make_workbook) -> None:
    path = _workbook_with_a_whole_grid_sheet(make_workbook)
    readings = read_files([NOVEMBER, path, NOVEMBER, NOVEMBER, path, NOVEMBER])
    rejected = [r.rejected_because for r in readings]
    assert rejected == [None, HUGE_SHEET_REJECTION, None, None, HUGE_SHEET_REJECTION, None]
    assert [sum(x.facts.height for x in r.releases) for r in readings] == [148, 0, 148, 148, 0, 148]


@pytest.mark.parametrize(
    "name", ["2024-01-01-..%2F..%2Fetc%2Fpasswd.xlsx", "2024-01-01-a\nb.xlsx", "2024-01-01-" + "x" * 200 + ".csv"]
)
def test_odd_file_names_are_only_names(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 not really")
    reading = read_file(path)
    assert reading.rejected_because and reading.rejected_because.startswith(name)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written anywhere else


# Fuzzing: random bytes, and the sample workbook with bytes flipped, under every release suffix.
# A reader may return figures or refuse the file; any other exception is a bug.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=4096), suffix=st.sampled_from([".xlsx", ".xls", ".csv"]))
def test_random_bytes_are_refused_cleanly(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"2024-03-29-fuzz{suffix}"
    path.write_bytes(content)
    try:
        read_release_file(path, today=TODAY)
    except SourceRejected as refusal:
        assert str(refusal).startswith(path.name)


SAMPLE_BYTES = NOVEMBER.read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, len(SAMPLE_BYTES) - 1), st.integers(1, 255)), min_size=1, max_size=8))
def test_a_mutated_real_workbook_is_read_or_refused_cleanly(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    mutated = bytearray(SAMPLE_BYTES)
    for offset, mask in flips:
        mutated[offset] ^= mask
    path = tmp_path / NOVEMBER.name
    path.write_bytes(bytes(mutated))
    try:
        releases = read_release_file(path, today=TODAY)
    except SourceRejected as refusal:
        assert str(refusal).startswith(path.name)
    else:
        assert all(r.facts["value"].is_finite().all() for r in releases)


def test_a_mutated_figures_file_is_read_or_refused_cleanly(tmp_path: Path) -> None:
    text = (SAMPLE_DIR / "press-release-figures.csv").read_text(encoding="utf-8")
    for cut in range(0, len(text), max(1, len(text) // 40)):
        path = tmp_path / "figures.csv"
        path.write_bytes(io.BytesIO(text[:cut].encode() + b'\xff\xfe,,"\n' + text[cut:].encode()).getvalue())
        try:
            read_release_file(path, today=TODAY)
        except SourceRejected as refusal:
            assert str(refusal).startswith("figures.csv")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("2021-12-01-article-en.txt", "Industrial output rose 5.5% in November 2021 from the previous month.\n"),
        ("2021-12-01-article-fr.txt", "La production industrielle a augmenté de 5,5% en novembre 2021.\n"),
    ],
)
def test_a_text_in_another_language_is_refused_not_loaded_empty(tmp_path: Path, name: str, text: str) -> None:
    from warehouse.readers import TextOptions

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceRejected, match=rf"^{name.replace('.', '[.]')}: no industrial production figure found"):
        read_release_file(path, TextOptions(date(2021, 12, 1), None), today=TODAY)


def test_error_values_are_quarantined_with_their_cell_not_read_as_blank(make_workbook) -> None:
    path = make_workbook(
        "2021-11-29-errors.xlsx",
        headers=[["Tháng 11 năm 2021", "so với tháng trước"], ["11 tháng năm 2021", "so với cùng kỳ"]],
        rows=[
            ["Toàn ngành công nghiệp", 105.46, 103.63],
            ["Khai khoáng", "#DIV/0!", 93.99],
            ["Dệt", 103.81, "#N/A"],
            ["Sản xuất kim loại", 104.52, 123.44],
        ],
    )
    (release,) = read_release_file(path, today=TODAY)
    rejected = {(r["location"], r["raw_value"], r["reason"]) for r in release.rejections.iter_rows(named=True)}
    assert rejected == {("2.IIPthang!B8", "#DIV/0!", "not a number"), ("2.IIPthang!C9", "#N/A", "not a number")}
    assert release.facts.height == 6
