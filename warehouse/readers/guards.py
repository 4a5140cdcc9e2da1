"""Checks a release file passes before any parser sees it: size, real format, no zip bomb, no future date.

Workbooks arrive from outside (an inbox, a web address). A parser is the wrong place to discover that a
"workbook" is 2 GB, a zip that inflates a thousandfold, or a text file renamed .xlsx: each is refused
here with a reason that names the file.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

from warehouse.facts import SourceRejected

MAX_FILE_BYTES = 100 * 1024 * 1024  # the office's monthly workbooks are under 5 MB
MAX_INFLATED_BYTES = 300 * 1024 * 1024  # an .xlsx is a zip: what it would inflate to in memory
MAX_COMPRESSION_RATIO = 200  # real spreadsheets compress ~5-20x; bombs compress thousands of times
MAX_ZIP_MEMBERS = 10_000
MAX_SHEET_CELLS = 5_000_000  # a monthly table has a few hundred cells

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (BIFF inside an OLE2 container)
_ZIP_MAGIC = b"PK\x03\x04"


def check_release_file(path: Path, today: date) -> None:
    """Raise SourceRejected if the file must not reach a parser."""
    size = path.stat().st_size
    if size == 0:
        raise SourceRejected(f"{path.name}: empty file")
    if size > MAX_FILE_BYTES:
        raise SourceRejected(f"{path.name}: {size} bytes, larger than any release ({MAX_FILE_BYTES} allowed)")
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    if suffix == ".xlsx":
        if not head.startswith(_ZIP_MAGIC):
            raise SourceRejected(f"{path.name}: not a readable Excel workbook (an .xlsx is a zip archive; this is not)")
        _check_zip(path)
    elif suffix == ".xls" and not head.startswith(_OLE_MAGIC) and not head.startswith(_ZIP_MAGIC):
        raise SourceRejected(f"{path.name}: not a readable Excel workbook (no Excel 97-2003 signature)")


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceRejected(f"{path.name}: not a readable Excel workbook (damaged zip archive: {exc})") from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise SourceRejected(f"{path.name}: {len(members)} parts inside, not a workbook")
    inflated = sum(m.file_size for m in members)
    if inflated > MAX_INFLATED_BYTES:
        raise SourceRejected(f"{path.name}: would inflate to {inflated} bytes (zip bomb?), refused unread")
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise SourceRejected(
                f"{path.name}: part {member.filename!r} inflates {member.file_size // max(member.compress_size, 1)}x "
                f"(zip bomb?), refused unread"
            )


def check_publication_date(name: str, published_on: date, today: date) -> None:
    if published_on > today:
        raise SourceRejected(f"{name}: published on {published_on}, which is in the future (today is {today})")
