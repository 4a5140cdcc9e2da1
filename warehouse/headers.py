"""Read what a column compares from its header text: which period, against which base.

The statistics office states the comparison of every column in words, split over three to five header
rows: "Tháng 11 / năm 2021 / so với / tháng / trước", "11 tháng năm 2021 so với cùng kỳ năm trước",
"Quý III năm 2022 so với cùng kỳ", "Năm 2023 so với năm 2022". Columns move between releases, so the meaning
is read from this text, never from a column's position. Text that does not say is reported, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from warehouse.names import match_key

ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ENGLISH_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}

# Patterns run on match keys: lower case, tone marks removed ("tháng" -> "thang", "với" -> "vơi").
# "Năm 2013 so năm 2012" (the products table of December 2013) drops the "với".
_SEPARATOR = re.compile(r"\bso vơi\b|\bso(?= năm (?:19|20)\d\d\b)|\bcompared? (?:to|with)\b|\bversus\b|\bover\b|\bvs\b")
# December quarterly sheets merge the base over all quarters: "So với cùng kỳ năm trước: Thực hiện quý I ...".
_BASE_FIRST = re.compile(
    r"^(?:the )?(?:cung ky(?: năm trươc)?|thang trươc|quy trươc|năm trươc|same period(?: last year)?)\b"
)
_YEAR = re.compile(r"\b(?:năm|year)?\s*((?:19|20)\d{2})\b")
_N_MONTHS = re.compile(r"\b(\d{1,2}) (?:thang|months?)\b")
_MONTH = re.compile(r"\bthang (\d{1,2})\b")
_ENGLISH_MONTH = re.compile(r"\b(" + "|".join(ENGLISH_MONTHS) + r")\b")
_QUARTER = re.compile(r"\b(?:quy|qui|quarter) (iv|iii|ii|i|[1-4])\b|\bq([1-4])\b|\b([1-4])(?:st|nd|rd|th|sd) quarter\b")
_YEAR_ONLY = re.compile(r"^(?:ca )?(?:năm|year) ((?:19|20)\d{2})$|^((?:19|20)\d{2})$")
_STATUS_WORDS = {
    "estimate": re.compile(r"\bươc tinh\b|\bươc\b|\bestimat"),
    "preliminary": re.compile(r"\bsơ bô\b|\bpreliminary\b"),
    "official": re.compile(r"\bchinh thưc\b|\bthưc hiên\b|\bofficial\b|\bperformance\b"),
}


@dataclass(frozen=True)
class ColumnMeaning:
    """What one column of an IIP table compares."""

    period_type: str  # month | quarter | ytd | year | day
    period: str  # YYYY-MM (month, ytd: its last month) | YYYY-Qn | YYYY | YYYY-MM-DD (a point in time)
    base: str  # prev_month | prev_quarter | same_period_prev_year | prev_year
    status: str | None  # stated in the header ("ước tính", "sơ bộ", "chính thức"), else None

    @property
    def end_month(self) -> str:
        """The last month the column covers, as YYYY-MM: orders columns and finds a release's period."""
        if self.period_type == "year":
            return f"{self.period}-12"
        if self.period_type == "day":
            return self.period[:7]
        if self.period_type == "quarter":
            year, quarter = self.period.split("-Q")
            return f"{year}-{int(quarter) * 3:02d}"
        return self.period


class HeaderNotUnderstood(ValueError):
    """The header does not say which period it covers or what it compares with."""


def parse_column_header(text: str, published_on: date | None = None) -> ColumnMeaning:
    """The period and base a column header states.

    A header that names no year ("Tháng 11 so với tháng trước") gets the latest such period not after
    `published_on`; without a publication date it is not understood.
    """
    key = match_key(text)
    parts = _SEPARATOR.split(key, maxsplit=1)
    if len(parts) != 2:
        raise HeaderNotUnderstood(f"no comparison ('so với ...') in header {text!r}")
    subject, against = parts[0].strip(), parts[1].strip()
    if not subject and (base_first := _BASE_FIRST.match(against)):
        subject, against = against[base_first.end() :].strip(), base_first.group(0)

    years = [int(y) for y in _YEAR.findall(subject)] or [int(y) for y in _YEAR.findall(key)]
    if years:
        year = years[0]
        period_type, period = _subject_period(subject, year, text)
    elif published_on is not None:
        year = published_on.year
        period_type, period = _subject_period(subject, year, text)
        if ColumnMeaning(period_type, period, "", None).end_month > f"{published_on:%Y-%m}":
            year -= 1
            period_type, period = _subject_period(subject, year, text)
    else:
        raise HeaderNotUnderstood(f"no year in header {text!r}")

    base = _base(against, period_type, period, year, text)
    status = next((name for name, pattern in _STATUS_WORDS.items() if pattern.search(key)), None)
    return ColumnMeaning(period_type, period, base, status)


def _subject_period(subject: str, year: int, text: str) -> tuple[str, str]:
    subject = re.sub(r"\b(?:năm )+(?=năm\b)", "", subject)  # "Năm / năm 2020": rows joined repeat the word
    if match := _N_MONTHS.search(subject):
        months = int(match.group(1))
        if not 1 <= months <= 12:
            raise HeaderNotUnderstood(f"{months} months is not a period of a year in header {text!r}")
        return "ytd", f"{year}-{months:02d}"
    if match := _QUARTER.search(subject):
        token = match.group(1) or match.group(2) or match.group(3)
        quarter = ROMAN_QUARTERS.get(token) or int(token)
        return "quarter", f"{year}-Q{quarter}"
    if match := _MONTH.search(subject):
        return "month", f"{year}-{_month_number(int(match.group(1)), text)}"
    if match := _ENGLISH_MONTH.search(subject):
        return "month", f"{year}-{ENGLISH_MONTHS[match.group(1)]:02d}"
    if _YEAR_ONLY.match(subject.replace("ca năm", "năm").strip()):
        return "year", str(year)
    raise HeaderNotUnderstood(f"no month, quarter, months-to-date or year in header {text!r}")


def _month_number(month: int, text: str) -> str:
    if not 1 <= month <= 12:
        raise HeaderNotUnderstood(f"month {month} does not exist, in header {text!r}")
    return f"{month:02d}"


def _base(against: str, period_type: str, period: str, year: int, text: str) -> str:
    if re.search(r"\bthang trươc\b|\bprevious month\b|\blast month\b", against):
        return "prev_month"
    if re.search(r"\bquy trươc\b|\bprevious quarter\b", against):
        return "prev_quarter"
    if re.search(r"\bcung ky\b|\bsame period\b|\bsame month\b|\bsame quarter\b", against):
        return "same_period_prev_year"
    if re.search(r"\bnăm trươc\b|\bprevious year\b|\blast year\b", against):
        return "prev_year" if period_type == "year" else "same_period_prev_year"

    # The comparison may name its period instead: "so với tháng 4 năm 2013", "so với năm 2012".
    compared_years = [int(y) for y in _YEAR.findall(against)]
    compared_month = _MONTH.search(against) or _ENGLISH_MONTH.search(against)
    if compared_month and period_type == "month":
        token = compared_month.group(1)
        month = int(token) if token.isdigit() else ENGLISH_MONTHS[token]
        compared_year = compared_years[0] if compared_years else year
        this_month = int(period[5:7])
        previous = (year, this_month - 1) if this_month > 1 else (year - 1, 12)
        if (compared_year, month) == previous:
            return "prev_month"
        if (compared_year, month) == (year - 1, this_month):
            return "same_period_prev_year"
    elif compared_years == [year - 1]:
        return "prev_year" if period_type == "year" else "same_period_prev_year"
    raise HeaderNotUnderstood(f"cannot tell what {text!r} is compared with")


# Point-in-time columns (labour at the 1st of the month, inventory at the month's end): "thời điểm 1/12/2014 so
# với cùng thời điểm tháng trước", "as of Sept. 1,2019 versus same period last year". Dates are read from the
# text before match keys erase the slashes.
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})(?!\d)")
# A day cell Excel stored as a date, read month-first: 2013-01-07 where the sheet means 1/7/2013.
_ISO_DAY = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
_POINT_BASE = re.compile(r"(?=\bcung thơi điêm\b|\bcung ky\b|\bsame period\b)")
_ENGLISH_DAY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(\d{1,2})\s*,\s*((?:19|20)\d{2})\b"
)
_EXCEL_SERIAL = re.compile(r"(?<![\d/])([34]\d{4})(?![\d/])")
_EXCEL_EPOCH = date(1899, 12, 30)
_POINT_WINDOW_DAYS = 75  # a point-in-time column states a day of the reference month or the one before


def parse_point_header(text: str, published_on: date) -> ColumnMeaning:
    """The day and base of a point-in-time column; the day must be near the publication date.

    Some workbooks type the day as a date that Excel stored as a serial number read month-first ('41281',
    2013-01-07, where the sheet means 1/7/2013): of the two readings only one that falls near the
    publication date is taken; a header whose date is far from it (the English edition of September 2020
    says 'as of Sept. 1, 2019') is reported, not corrected.
    """
    key = match_key(text)
    parts = _SEPARATOR.split(key, maxsplit=1)
    if len(parts) != 2:
        # "so cùng kỳ năm 2012" (2013), "1/5/2021o với cùng thời điểm" (2021-05): the base still says itself
        parts = _POINT_BASE.split(key, maxsplit=1)
    if len(parts) != 2:
        raise HeaderNotUnderstood(f"no comparison ('so với ...') in header {text!r}")
    candidates = _days_in(nfc_lower(text))
    near = [
        d
        for d in candidates
        if 0 <= (published_on - d).days <= _POINT_WINDOW_DAYS
        or (d.year, d.month) == (published_on.year, published_on.month)
    ]
    if not candidates:
        raise HeaderNotUnderstood(f"no day ('thời điểm 1/12/2014') in header {text!r}")
    if len(set(near)) != 1:
        raise HeaderNotUnderstood(
            f"header {text!r} names {', '.join(sorted({d.isoformat() for d in candidates}))}, "
            f"not a day near the publication date {published_on}"
        )
    day = near[0]
    base = _base(parts[1].strip(), "day", day.isoformat(), day.year, text)
    status = next((name for name, pattern in _STATUS_WORDS.items() if pattern.search(key)), None)
    return ColumnMeaning("day", day.isoformat(), base, status)


def nfc_lower(text: str) -> str:
    return " ".join(text.split()).casefold()


def _days_in(text: str) -> list[date]:
    days: list[date] = []
    for day, month, year in _DAY_MONTH_YEAR.findall(text):
        days += _valid_day(int(year), int(month), int(day))
    for month, day, year in _ENGLISH_DAY.findall(text):
        days += _valid_day(int(year), _ENGLISH_ABBREVIATIONS[month], int(day))
    for year, month, day in _ISO_DAY.findall(text):
        days += _valid_day(int(year), int(month), int(day)) + _valid_day(int(year), int(day), int(month))
    if not days:
        for serial in _EXCEL_SERIAL.findall(text):
            stored = date.fromordinal(_EXCEL_EPOCH.toordinal() + int(serial))
            days += [stored, *_valid_day(stored.year, stored.day, stored.month)]
    return days


def _valid_day(year: int, month: int, day: int) -> list[date]:
    try:
        return [date(year, month, day)]
    except ValueError:
        return []


_ENGLISH_ABBREVIATIONS = {name[:3]: number for name, number in ENGLISH_MONTHS.items()}


# Level columns state a period and no comparison: "Thực hiện tháng 8 năm 2018", "Cộng dồn 9 tháng năm 2018",
# "Ước tính quý III năm 2018", "Estimate September 2020", "Accrued 9 months 2020".
_LEVEL_WORDS = re.compile(r"\b(?:thưc hiên|ươc tinh|công dôn|chinh thưc|sơ bô|performance|estimate|accrued|of)\b")


def parse_level_header(text: str, published_on: date) -> ColumnMeaning:
    """The period of a column of levels (base 'none'); a header with a comparison is not a level."""
    key = match_key(text)
    if _SEPARATOR.search(key):
        raise HeaderNotUnderstood(f"header {text!r} states a comparison, not a level")
    subject = " ".join(_LEVEL_WORDS.sub(" ", key).split())
    status = next((name for name, pattern in _STATUS_WORDS.items() if pattern.search(key)), None)
    years = [int(y) for y in _YEAR.findall(subject)]
    year = years[0] if years else published_on.year
    period_type, period = _subject_period(subject, year, text)
    if not years and ColumnMeaning(period_type, period, "none", None).end_month > f"{published_on:%Y-%m}":
        period_type, period = _subject_period(subject, year - 1, text)
    return ColumnMeaning(period_type, period, "none", status)
