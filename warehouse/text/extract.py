"""Extract the industrial-production figures a narrative release states, each with the sentence it came from.

The text is read once into marks (subjects, cue words, periods, bases, numbers with their units), then the
sentences are walked in order, carrying what a reader carries: the period last named, the statistic being
talked about, the subject and base of the sentence before. A figure is emitted only when the statistic is
the industrial production index (or its consumption and inventory companions): "giá trị tăng thêm ...
tăng 6,98%" uses the same words but is value added, and must not come out as IIP.

Where the text does not say the base of a monthly change, the base is `unspecified`; a figure for a year
is against the previous year and the first N months against the same months of last year, because those
are the only comparisons such a figure can have.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise

from warehouse.reference import read_reference
from warehouse.text.document import Document, Sentence
from warehouse.text.vocabulary import Subject, cues, fold, quantity_units, subjects

IIP_FAMILY = {"change_pct", "contribution_pp", "provinces_up_count", "provinces_down_count"}
# "sản lượng than sạch": the statistic is a product's output, a figure only when a product is named
PRODUCT_TOPICS = {"product", "output"}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Periods, over the lower-cased text. "N tháng" is the first N months only with "đầu năm" or a year:
# "sau gần 2 tháng thực hiện" is a duration.
_YTD = re.compile(r"(?<!\w)(\d{1,2})\s+tháng\s+(?:đầu\s+năm(?:\s+(?:năm\s+)?(\d{4}|nay))?|năm\s+(\d{4}|nay))(?!\w)")
_MONTH = re.compile(r"(?<!\w)tháng\s+(\d{1,2})(?:\s*(?:/|-|năm)\s*(\d{4}|nay))?(?![\w/])")
_QUARTER = re.compile(r"(?<!\w)quý\s+(iv|i{1,3}|[1-4])(?:\s*(?:/|năm)\s*(\d{4}|nay))?(?!\w)")
# GSO writes months as words: "tháng Mười năm 2024", "tháng Mười Hai". Only a capitalised word is a month:
# "11 tháng năm 2021" is eleven months of the year.
_MONTH_WORDS = {
    "giêng": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "chạp": 12,
}
_MONTH_WORD = re.compile(
    r"(?<!\w)tháng\s+(mười\s+một|mười\s+hai|giêng|một|hai|ba|tư|năm|sáu|bảy|tám|chín|mười|chạp)"
    r"(?:\s*(?:/|năm)\s*(\d{4}|nay))?(?!\w)"
)
# "(cùng kỳ năm 2020 tăng 4,7%)": the period being discussed, in another year
_SAME_PERIOD_OF = re.compile(r"(?<!\w)cùng\s+kỳ\s+(?:năm\s+(\d{4})|(năm\s+trước|năm\s+ngoái))(?!\w)")
_YEAR = re.compile(r"(?<!\w)năm\s+(\d{4}|nay)(?!\w)")
_IN_BASE = re.compile(r"so\s+(?:với\s+)?(?:cùng\s+kỳ\s+)?$")
_BASE_YEAR = re.compile(r"(?<!\w)so\s+(?:với\s+)?(cùng\s+kỳ\s+)?năm\s+(\d{4})(?!\w)")
_BASE_MONTH = re.compile(r"(?<!\w)so\s+(?:với\s+)?tháng\s+(\d{1,2})(?:\s*(?:/|-|năm)\s*(\d{4}))?(?![\w/])")
_POSSESSIVE = re.compile(r"(?:của|tại|ở)\s+(?:tỉnh\s+|thành\s+phố\s+|tp\.?\s*)?$")
_TRAILING_PERIOD = re.compile(r"^\s*%?\s*(?:của|trong|vào)\s+$")

# Numbers over the original text: decimal comma or point, thousands dot.
_NUMBER = re.compile(r"(?<![\w.,/])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?!\w)")
_RANGE_TAIL = re.compile(r"\s*%?\s*[-–—]\s*(\d+(?:[.,]\d+)?)\s*%")
_PERCENT_TAIL = re.compile(r"\s*%")
_COUNT_OF = re.compile(r"/\d{2,3}")  # "54/63 địa phương"


@dataclass(frozen=True)
class Period:
    kind: str  # month | ytd | quarter | year
    year: int
    number: int = 0  # the month (month, ytd), the quarter, 0 for a year

    @property
    def text(self) -> str:
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    def start(self) -> date:
        if self.kind in {"year", "ytd"}:
            return date(self.year, 1, 1)
        month = self.number if self.kind == "month" else self.number * 3 - 2
        return date(self.year, month, 1)

    def end(self) -> date:
        last_month = {"year": 12, "quarter": self.number * 3}.get(self.kind, self.number)
        return date(self.year + last_month // 12, last_month % 12 + 1, 1) - timedelta(days=1)

    def end_month(self) -> tuple[int, int]:
        return self.end().year, self.end().month


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # subject | verb | qualifier | base | status | forward | unit | topic | period | publisher
    value: object


@dataclass(frozen=True)
class PeriodMention:
    kind: str
    number: int
    year: int | None  # None: named relative to the publication ("tháng 11")
    same_period_of: bool = False  # "cùng kỳ năm 2020": the period being discussed, in another year
    in_base: bool = False  # "so với năm 2022": the base of a comparison, not the figure's period


@dataclass(frozen=True)
class BaseMention:
    base: str | None  # a base code, or None when the base names a year or a month
    year: int | None = None
    same_period: bool = False
    month: int | None = None  # "so với tháng 10": the previous month when the figure is November's


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: float
    high: float | None
    decimals: int
    unit: str  # pct | pp | provinces | quantity
    quantity: tuple[float, str] | None = None  # "3,9 triệu tấn": (1e6, "tấn")


@dataclass(frozen=True)
class TextFigure:
    """One figure the text states, with the sentence it came from."""

    period_type: str
    period: str
    geo: str  # VN, or the province's name as the reference spells it
    industry: str
    measure: str
    base: str
    value: float
    value_high: float | None
    decimals: int
    status: str | None
    start: int  # the sentence's span in the document's (NFC) text
    end: int
    quote: str
    period_end: date = field(compare=False, default=date.min)
    product: str | None = None  # a product's code: the figure is about it, `industry` is its division
    unit: str | None = None  # a product's output: the product's unit (first of products.csv `units`)

    @property
    def source_location(self) -> str:
        return f"chars {self.start}-{self.end}"

    @property
    def key(self) -> tuple[str, ...]:
        return (self.period_type, self.period, self.geo, self.industry, self.product or "", self.measure, self.base)


@dataclass
class Extraction:
    figures: list[TextFigure]
    skipped: list[tuple[str, str, str]]  # (location, quote, reason): figures found and set aside
    reference_date: date
    publisher: str | None


@dataclass
class _Context:
    """What a reader carries from one sentence to the next."""

    period: Period | None = None
    topic: str | None = None
    subject: Subject | None = None
    base: str | None = None
    paragraph: int = -1


def extract_figures(document: Document, published_on: date | None = None) -> Extraction:
    """Every IIP figure the document states. Periods named without a year are placed relative to
    `published_on` (else the document's own date, else the latest month the text names with its year)."""
    extractor = _Extractor(document, published_on or document.published_on)
    return extractor.run()


class _Extractor:
    def __init__(self, document: Document, published_on: date | None) -> None:
        self.doc = document
        self.text = document.text
        self.lowered = fold(self.text)
        self.toneless = fold(self.text, toneless=True)
        self.lower_raw = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in self.text)
        self.parens = _paren_groups(self.text)
        self.marks = sorted(
            [*self._subject_marks(), *self._cue_marks(), *self._period_marks(), *self._base_year_marks()],
            key=lambda m: (m.start, -m.end),
        )
        self.numbers = list(self._numbers())
        self.published_on = published_on
        self.reference = published_on or self._latest_named_day()
        self.skipped: list[tuple[str, str, str]] = []
        self.title_province = self._title_province()

    # --- marks ---------------------------------------------------------------------------------------------

    def _subject_marks(self) -> Iterable[Mark]:
        taken = [False] * len(self.text)
        for pattern, subject in subjects():
            for match in pattern.finditer(self.toneless):
                if any(taken[match.start() : match.end()]):
                    continue
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                yield Mark(match.start(), match.end(), "subject", subject)

    def _cue_marks(self) -> Iterable[Mark]:
        taken: dict[str, list[bool]] = {}
        for pattern, cue in cues():
            role_taken = taken.setdefault(cue.role, [False] * len(self.text))
            for match in pattern.finditer(self.lowered):
                if any(role_taken[match.start() : match.end()]):
                    continue
                role_taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                yield Mark(match.start(), match.end(), cue.role, cue.value)

    def _base_year_marks(self) -> Iterable[Mark]:
        for match in _BASE_YEAR.finditer(self.lowered):
            mention = BaseMention(None, int(match.group(2)), same_period=bool(match.group(1)))
            yield Mark(match.start(), match.end(), "base", mention)
        for match in _BASE_MONTH.finditer(self.lower_raw):
            mention = BaseMention(None, _year(match.group(2)), month=int(match.group(1)))
            yield Mark(match.start(), match.end(), "base", mention)

    def _period_marks(self) -> Iterable[Mark]:
        low = self.lower_raw
        taken = [False] * len(low)
        found: list[Mark] = []

        def add(match: re.Match[str], mention: PeriodMention) -> None:
            if any(taken[match.start() : match.end()]):
                return
            taken[match.start() : match.end()] = [True] * (match.end() - match.start())
            in_base = bool(_IN_BASE.search(self.lowered[max(0, match.start() - 24) : match.start()]))
            found.append(Mark(match.start(), match.end(), "period", replace(mention, in_base=in_base)))

        for match in _YTD.finditer(low):
            year = match.group(2) or match.group(3)
            if 1 <= int(match.group(1)) <= 12:
                add(match, PeriodMention("ytd", int(match.group(1)), _year(year)))
        for match in _SAME_PERIOD_OF.finditer(low):
            # "(cùng kỳ năm trước tăng 4,7%)": year 0 stands for the year before the period being discussed
            year = int(match.group(1)) if match.group(1) else 0
            add(match, PeriodMention("same_period_of", 0, year, same_period_of=True))
        for match in _MONTH.finditer(low):
            if 1 <= int(match.group(1)) <= 12:
                add(match, PeriodMention("month", int(match.group(1)), _year(match.group(2))))
        for match in _MONTH_WORD.finditer(low):
            if self.text[match.start(1)].isupper():
                number = _MONTH_WORDS[" ".join(match.group(1).split())]
                add(match, PeriodMention("month", number, _year(match.group(2))))
        for match in _QUARTER.finditer(low):
            number = _ROMAN.get(match.group(1)) or int(match.group(1))
            add(match, PeriodMention("quarter", number, _year(match.group(2))))
        for match in _YEAR.finditer(low):
            year = None if match.group(1) == "nay" else int(match.group(1))
            add(match, PeriodMention("year", 0, year))
        return found

    def _numbers(self) -> Iterable[Number]:
        units = {m.start: m for m in self.marks if m.kind == "unit"}
        quantities = quantity_units()
        quantity = re.compile(
            r"\s*(?:("
            + "|".join(map(re.escape, quantities.scales))
            + r")\s+)?("
            + "|".join(map(re.escape, quantities.units))
            + r")(?!\w)"
        )
        consumed_until = -1
        for match in _NUMBER.finditer(self.text):
            if match.start() < consumed_until:
                continue
            written, end = match.group(1), match.end()
            if ranged := _RANGE_TAIL.match(self.text, end):
                low, high = _number(written, "pct"), _number(ranged.group(1), "pct")
                consumed_until = ranged.end()
                yield Number(match.start(), ranged.end(), low[0], high[0], max(low[1], high[1]), "pct")
                continue
            if percent := _PERCENT_TAIL.match(self.text, end):
                value, decimals = _number(written, "pct")
                yield Number(match.start(), percent.end(), value, None, decimals, "pct")
                continue
            if amount := quantity.match(self.lowered, end):
                value, decimals = _number(written, "quantity")
                scale = quantities.scales.get(amount.group(1) or "", 1.0)
                unit = quantities.units[amount.group(2)]
                yield Number(match.start(), amount.end(), value, None, decimals, "quantity", (scale, unit))
                continue
            after = end
            if of := _COUNT_OF.match(self.text, after):
                after = of.end()
            while after < len(self.text) and self.text[after].isspace():
                after += 1
            unit = units.get(after)
            if unit is not None:
                kind = "pp" if unit.value == "contribution_pp" else "provinces"
                value, decimals = _number(written, kind)
                if kind == "provinces" and decimals:
                    continue
                yield Number(match.start(), unit.end, value, None, decimals, kind)

    def _title_province(self) -> str | None:
        """The province a provincial article is about when only its headline names it ("Bắc Ninh: IIP 9 tháng
        tăng 4,5%"), so the index it reports is that province's.

        Only when nothing else could be meant: the headline (the first line that is not a dateline, at most
        30 words) names one province, the text names no other place (no other province, no "cả nước"), and no
        national body (the statistics office, the ministry) is quoted, since those report national figures.
        """
        offset = 0
        for line in self.text.split("\n"):
            start, offset = offset, offset + len(line) + 1
            if line.strip() and not _DATELINE.search(line):
                break
        else:
            return None
        if len(line.split()) > 30:
            return None
        places = {m.value.geo for m in self.marks if m.kind == "subject" and m.value.geo is not None}  # type: ignore[attr-defined]
        in_title = {
            m.value.geo  # type: ignore[attr-defined]
            for m in self.marks
            if m.kind == "subject" and m.value.geo not in (None, "VN") and start <= m.start < start + len(line)  # type: ignore[attr-defined]
        }
        national = any(m.kind == "publisher" and m.value in {"GSO", "MOIT"} for m in self.marks)
        if len(in_title) != 1 or places != in_title or national:
            return None
        return in_title.pop()

    def _latest_named_day(self) -> date:
        """With no publication date, the end of the latest month the text names with its year."""
        named = [m.value for m in self.marks if m.kind == "period" and m.value.year]  # type: ignore[attr-defined]
        months = [Period(p.kind, p.year, p.number).end() for p in named if p.kind in {"month", "ytd", "quarter"}]
        years = [date(p.year, 12, 31) for p in named if p.kind == "year"]
        return max(months or years or [date.today()])

    # --- the walk ----------------------------------------------------------------------------------------------

    def run(self) -> Extraction:
        figures: list[TextFigure] = []
        context = _Context()
        for index, sentence in enumerate(self.doc.sentences):
            if sentence.paragraph != context.paragraph:
                context.subject, context.base, context.paragraph = None, None, sentence.paragraph
            marks = [m for m in self.marks if sentence.start <= m.start < sentence.end]
            numbers = [n for n in self.numbers if sentence.start <= n.start < sentence.end]
            figures.extend(self._sentence_figures(index, sentence, marks, numbers, context))
            self._carry(sentence, marks, context)
        return Extraction(_settle(figures, self.skipped), self.skipped, self.reference, self._publisher())

    def _carry(self, sentence: Sentence, marks: list[Mark], context: _Context) -> None:
        own_periods = [m for m in marks if m.kind == "period" and self._top_level_period(m)]
        if own_periods:
            context.period = self._resolve(own_periods[-1].value, context.period)  # type: ignore[arg-type]
        # a product named in passing ("trong đó ô tô tăng 23,9%") does not change what the next sentence is about
        context.topic = self._topic_after([m for m in marks if self._topic_of(m) != "product"], context.topic)
        named = [m.value for m in marks if m.kind == "subject"]
        if named:
            context.subject = named[-1]  # type: ignore[assignment]
        bases = [m for m in marks if m.kind == "base" and self.parens[m.start] < 0]
        if bases:
            context.base = self._base_code(bases[-1].value, context.period, explicit=False)  # type: ignore[arg-type]
        elif own_periods:
            context.base = None

    def _sentence_figures(
        self, index: int, sentence: Sentence, marks: list[Mark], numbers: list[Number], context: _Context
    ) -> Iterable[TextFigure]:
        previous_end = sentence.start
        own_period = any(m.kind == "period" and self._top_level_period(m) for m in marks)
        own_base = any(m.kind == "base" for m in marks)
        named = [m for m in marks if m.kind == "subject" and not self._inside_base(m, marks)]
        respectively = self._respectively(sentence, named, numbers)
        for position, number in enumerate(numbers):
            following = numbers[position + 1].start if position + 1 < len(numbers) else sentence.end
            recent = [m for m in named if previous_end <= m.start and m.end <= number.start]
            chain = self._chain(recent)
            if number.start in respectively:
                members: list[Mark | None] = [respectively[number.start][1]]
                chain = respectively[number.start][0]
            elif _RESPECTIVELY.search(self.lower_raw, previous_end, number.start):
                # "lần lượt" over a list its figures do not match one to one: pairing them would be a guess
                location = f"chars {number.start}-{number.end}"
                reason = "'lần lượt' (respectively) with as many figures as subjects not found"
                self.skipped.append((location, self.text[number.start : number.end], reason))
                previous_end = number.end
                continue
            elif len(chain) > 1:
                members = list(chain)  # "ngành A và ngành B cùng tăng 5%": one figure each
            else:
                members = [None]
            for member in members:
                figure, reason = self._figure(
                    index, sentence, marks, number, previous_end, following, context, own_period, own_base,
                    chain if member is not None else [], member,
                )  # fmt: skip
                if figure is not None:
                    yield figure
                elif reason:
                    location = f"chars {number.start}-{number.end}"
                    self.skipped.append((location, self.text[number.start : number.end], reason))
            previous_end = number.end

    def _chain(self, named: list[Mark]) -> list[Mark]:
        """The subjects listed together just before a verb: "sản xuất kim loại, sản xuất xe có động cơ" (the
        last one named and those joined to it by a comma or "và"), all industries, all products or all places."""
        if not named or _subject_kind(named[-1].value) is None:  # type: ignore[arg-type]
            return named[-1:]
        chain = [named[-1]]
        for mark in reversed(named[:-1]):
            joined = _LIST_GAP.fullmatch(self.lower_raw[mark.end : chain[0].start])
            if not joined or _subject_kind(mark.value) != _subject_kind(chain[0].value):  # type: ignore[arg-type]
                break
            chain.insert(0, mark)
        return chain

    def _respectively(
        self, sentence: Sentence, named: list[Mark], numbers: list[Number]
    ) -> dict[int, tuple[list[Mark], Mark]]:
        """ "A, B tăng lần lượt 23,4% và 10,7%": the n-th figure after "lần lượt" is the n-th subject's."""
        found: dict[int, tuple[list[Mark], Mark]] = {}
        for match in _RESPECTIVELY.finditer(self.lower_raw, sentence.start, sentence.end):
            chain = self._chain([m for m in named if m.end <= match.start()])
            after = [n for n in numbers if n.start >= match.end()][: len(chain)]
            earlier = [n for n in numbers if n.end <= match.start()]
            if (
                len(chain) < 2
                or len(after) != len(chain)
                or (earlier and earlier[-1].end > chain[0].start)
                or len({n.unit for n in after}) != 1
                or not all(_LIST_GAP.fullmatch(self.lower_raw[a.end : b.start]) for a, b in pairwise(after))
            ):
                continue
            found |= {number.start: (chain, member) for number, member in zip(after, chain, strict=True)}
        return found

    def _figure(
        self,
        index: int,
        sentence: Sentence,
        marks: list[Mark],
        number: Number,
        previous_end: int,
        following: int,
        context: _Context,
        own_period: bool,
        own_base: bool,
        chain: list[Mark] | None = None,
        member: Mark | None = None,
    ) -> tuple[TextFigure | None, str]:
        """The figure `number` states; with `member`, the figure of that one subject of the list `chain`."""
        before = [m for m in marks if m.end <= number.start]
        if any(m.kind == "qualifier" and not self.text[m.end : number.start].strip() for m in before):
            return None, "a threshold or a vague span (trên, hơn, gần, từ...), not a figure"
        group = self.parens[number.start]
        visible = [m for m in before if self.parens[m.start] < 0 or self.parens[m.start] == group]

        topic = self._topic_at(visible, context, sentence)
        if number.unit == "quantity" and topic not in PRODUCT_TOPICS:
            return None, ""  # tonnes and litres of something the warehouse does not hold
        if topic not in {"iip", "consumption", "inventory", *PRODUCT_TOPICS}:
            return None, f"not an industrial production figure ({topic or 'no statistic named'})"

        forward = [m for m in before if m.kind == "forward" and m.start >= previous_end]
        verb = self._verb(before, number)
        if number.unit == "provinces" and not any(m.kind == "verb" and m.start >= previous_end for m in before):
            # "45/63 địa phương có chỉ số IIP tăng": the verb follows the count
            after = [m for m in marks if m.kind == "verb" and number.end <= m.start <= number.end + 40]
            verb = str(after[0].value) if after else None
        shifted = next(
            (
                m
                for m in visible
                if m.kind == "period"
                and m.value.same_period_of
                and group >= 0  # type: ignore[attr-defined]
                and self.parens[m.start] == group
                and not m.value.in_base
            ),  # type: ignore[attr-defined]
            None,
        )

        contributions = [m for m in before if m.kind == "contribution" and m.start >= previous_end]
        if number.unit == "pp" and contributions:
            verb = str(contributions[-1].value)
        measure, reason = self._measure(
            number,
            topic,
            verb,
            str(forward[-1].value) if forward else None,
            str(contributions[-1].value) if contributions else None,
        )
        if measure is None:
            return None, reason
        sign = -1.0 if verb == "down" and measure not in {"provinces_up_count", "provinces_down_count"} else 1.0
        value, high = sign * number.value, None if number.high is None else sign * number.high
        if high is not None and high < value:
            value, high = high, value

        # Period
        if shifted is not None:
            outer = self._period_before(sentence, marks, group, context, index)
            if outer is None:
                return None, "no period for the same period of a named year"
            year = shifted.value.year or outer.year - 1  # type: ignore[attr-defined]
            period: Period | None = Period(outer.kind, year, outer.number)
        elif forward:
            years = [m for m in visible if m.kind == "period" and self._top_level_period(m, group)]
            resolved = self._resolve(years[-1].value, context.period) if years else None  # type: ignore[arg-type]
            period = Period("year", resolved.year if resolved else self.reference.year)
        else:
            period = self._trailing_period(marks, number, context) or self._period_before(
                sentence, marks, number.start, context, index
            )
        if period is None:
            return None, "no period named for the figure"

        # Base
        if measure in {"inventory_ratio_pct", "product_output"}:
            base: str | None = "none"
        elif shifted is not None or forward:
            base = _DEFAULT_BASE[period.kind] if forward else _SAME_PERIOD.get(period.kind, "unspecified")
        else:
            base, reason = self._base(marks, visible, number, following, period, context, own_period, own_base)
            if base is None:
                return None, reason

        # Status
        if forward:
            status: str | None = str(forward[-1].value)
        elif shifted is not None:
            status = None
        else:
            status = "estimate" if any(self._estimates(m, number, visible) for m in visible) else None

        if member is not None and chain and member.value.geo is not None:  # type: ignore[attr-defined]
            # a list of places: what the first is said of ("ngành chế biến, chế tạo của A và B"), in each place
            alone = [m for m in visible if m not in chain[1:]]
            subject, _ = self._subject(alone, context, previous_end, sentence.start)
            geo = member.value.geo  # type: ignore[attr-defined]
        else:
            subject, geo = self._subject(visible, context, previous_end, sentence.start)
            if member is not None:
                subject = member.value  # type: ignore[assignment]
            if geo is None and subject is not None and subject.geo is None and subject.anchor in {"iip", "industry"}:
                geo = self.title_province  # the generic index of an article only about one province
        if subject is None or subject.industry is None:
            return None, "no subject named for the figure"
        if (subject.product is not None) != (topic in PRODUCT_TOPICS):
            about = f"product {subject.product}" if subject.product else f"industry {subject.industry}"
            return None, f"not an industrial production figure ({about} in a passage about {topic})"
        unit = None
        if measure == "product_output":
            converted = _in_product_unit(number, str(subject.product))
            if converted is None:
                return None, f"a quantity in a unit product {subject.product} is not published in"
            value, unit, number = converted[0], converted[1], replace(number, decimals=converted[2])
        industry = subject.industry or "TOTAL"
        if measure in {"consumption_change_pct", "inventory_ratio_pct"} and industry == "TOTAL":
            industry = "C"
        figure = TextFigure(
            period_type=period.kind,
            period=period.text,
            geo=geo or subject.geo or "VN",
            industry=industry,
            measure=measure,
            base=base,
            value=round(value, number.decimals),
            value_high=None if high is None else round(high, number.decimals),
            decimals=number.decimals,
            status=status,
            start=sentence.start,
            end=sentence.end,
            quote=self._quote(visible, number, marks, previous_end),
            period_end=period.end(),
            product=subject.product,
            unit=unit,
        )
        if status not in {"target", "forecast"} and period.start() > self.reference:
            return None, f"period {period.text} starts after the publication ({self.reference})"
        return figure, ""

    # --- pieces of a figure -----------------------------------------------------------------------------------

    def _estimates(self, mark: Mark, number: Number, visible: list[Mark]) -> bool:
        """An "ước" covers the figures after it in its sentence, unless a figure of another period came
        between: "năm 2023 ước tăng 3,08%, thấp hơn năm 2022 (tăng 7,1%)" estimates only 2023."""
        if mark.kind != "status":
            return False
        figures_between = any(mark.end <= n.start < number.start for n in self.numbers)
        periods_between = any(
            m.kind == "period" and mark.end <= m.start < number.start and self._top_level_period(m, -2) for m in visible
        )
        return not (figures_between and periods_between)

    def _topic_of(self, mark: Mark) -> str | None:
        if mark.kind == "topic":
            return str(mark.value)
        if mark.kind == "subject" and isinstance(mark.value, Subject) and mark.value.anchor:
            return mark.value.anchor
        return None

    def _topic_after(self, marks: list[Mark], topic: str | None) -> str | None:
        """The statistic being talked about after these marks of one sentence, starting from `topic`."""
        named_here = False
        for mark in marks:
            found = self._topic_of(mark)
            # A generic word for industry is the complement of what the sentence already named: "chỉ số tiêu thụ
            # toàn ngành công nghiệp" is consumption, "giá trị tăng thêm toàn ngành công nghiệp" is value added.
            if found == "industry" and named_here:
                continue
            # "xuất khẩu ô tô" is trade, "sản lượng ô tô" output: a product is the output of what is not named
            if found == "product" and named_here and topic not in {"iip", "industry", "output", "product"}:
                continue
            if found:
                topic, named_here = found, True
        return topic

    def _topic_at(self, visible: list[Mark], context: _Context, sentence: Sentence) -> str | None:
        topic = self._topic_after(visible, context.topic)
        if topic is None:  # a paragraph that opens mid-report: the statistic is named in the paragraph after it
            topic = self._ahead(sentence, lambda m: self._topic_of(m))
        return "iip" if topic == "industry" else topic

    def _ahead(self, sentence: Sentence, pick) -> object:  # type: ignore[no-untyped-def]
        for mark in self.marks:
            if mark.start < sentence.end:
                continue
            paragraph = self._paragraph_of(mark.start)
            if paragraph is None or paragraph > sentence.paragraph + 1:
                return None
            if (found := pick(mark)) is not None:
                return found
        return None

    def _paragraph_of(self, offset: int) -> int | None:
        for sentence in self.doc.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence.paragraph
        return None

    def _verb(self, before: list[Mark], number: Number) -> str | None:
        verbs = [m for m in before if m.kind == "verb"]
        if not verbs:
            return None
        last = verbs[-1]
        # "tăng trưởng đạt 5,5%": a level word right after a change word keeps the change
        if (
            last.value == "level"
            and len(verbs) > 1
            and verbs[-2].value in {"up", "down"}
            and not self.text[verbs[-2].end : last.start].strip(" ,")
        ):
            return str(verbs[-2].value)
        return str(last.value)

    def _measure(
        self, number: Number, topic: str, verb: str | None, forward: str | None, contribution: str | None
    ) -> tuple[str | None, str]:
        change = verb in {"up", "down"}
        if topic in PRODUCT_TOPICS:
            # "sản lượng than sạch ước đạt 3,9 triệu tấn, tăng 5,2% so với cùng kỳ"
            if number.unit == "quantity" and verb in {None, "level"} and not forward:
                return "product_output", ""
            if number.unit == "pct" and change and number.high is None and not forward:
                return "change_pct", ""
            return None, f"a {number.unit} figure ({verb or 'no verb'}) of a product's output"
        if number.unit == "pp":
            # "đóng góp 5,2 điểm phần trăm"; "thấp hơn 3,5 điểm phần trăm" compares two rates, contributes nothing
            if topic == "iip" and contribution:
                return "contribution_pp", ""
            return None, "percentage points with no contribution verb"
        if number.unit == "provinces":
            if topic == "iip" and change:
                return ("provinces_up_count" if verb == "up" else "provinces_down_count"), ""
            return None, "a count of provinces with no rise or fall"
        if forward:
            if topic == "iip" and (change or verb is None):
                return f"{forward}_change_pct", ""
            return None, "a target or forecast of something other than the IIP"
        if number.high is not None:
            return None, "a range that is neither a target nor a forecast"
        if topic == "iip" and change:
            return "change_pct", ""
        if topic == "consumption" and change:
            return "consumption_change_pct", ""
        if topic == "inventory" and verb in {None, "level"}:
            return "inventory_ratio_pct", ""
        if topic == "iip" and verb == "level" and self._base_follows(number):
            return "index", ""  # "IIP tháng 11 bằng 105,5% so với tháng trước"
        return None, f"a percentage ({verb or 'no verb'}) in a passage about {topic}"

    def _base_follows(self, number: Number) -> bool:
        return any(m.kind == "base" and number.end <= m.start <= number.end + 2 for m in self.marks)

    def _period_before(
        self, sentence: Sentence, marks: list[Mark], limit: int, context: _Context, index: int
    ) -> Period | None:
        group = self.parens[limit] if limit < len(self.parens) else -1
        named = [m for m in marks if m.kind == "period" and m.start < limit and self._top_level_period(m, group)]
        if named:
            return self._resolve(named[-1].value, context.period)  # type: ignore[arg-type]
        if context.period is not None:
            return context.period
        ahead = self._ahead(
            sentence,
            lambda m: m.value if m.kind == "period" and self._top_level_period(m) else None,
        )
        return self._resolve(ahead, None) if isinstance(ahead, PeriodMention) else None

    def _trailing_period(self, marks: list[Mark], number: Number, context: _Context) -> Period | None:
        for mark in marks:
            if mark.kind == "period" and mark.start >= number.end and self._top_level_period(mark, -2):
                if _TRAILING_PERIOD.match(self.lower_raw[number.end : mark.start]):
                    return self._resolve(mark.value, context.period)  # type: ignore[arg-type]
                return None
        return None

    def _top_level_period(self, mark: Mark, group: int = -1) -> bool:
        mention = mark.value
        assert isinstance(mention, PeriodMention)
        in_scope = group == -2 or self.parens[mark.start] < 0 or self.parens[mark.start] == group
        return in_scope and not mention.in_base and not mention.same_period_of

    def _resolve(self, mention: PeriodMention, current: Period | None) -> Period:
        reference = self.reference
        if mention.kind == "year":
            return Period("year", mention.year or reference.year)
        if mention.year is not None:
            return Period(mention.kind, mention.year, mention.number)
        last_month = mention.number * 3 - 2 if mention.kind == "quarter" else mention.number
        year = reference.year if last_month <= reference.month else reference.year - 1
        return Period(mention.kind, year, mention.number)

    def _base(
        self,
        marks: list[Mark],
        visible: list[Mark],
        number: Number,
        following: int,
        period: Period,
        context: _Context,
        own_period: bool,
        own_base: bool,
    ) -> tuple[str | None, str]:
        next_verb = min((m.start for m in marks if m.kind == "verb" and m.start >= number.end), default=following)
        limit = min(following, next_verb)
        after = [m for m in marks if m.kind == "base" and number.end <= m.start < limit]
        if after:
            code = self._base_code(after[0].value, period, explicit=True)  # type: ignore[arg-type]
            return (code, "") if code else (None, "compared with a base the warehouse does not hold")
        for mark in reversed([m for m in visible if m.kind == "base"]):
            if code := self._base_code(mark.value, period, explicit=False):  # type: ignore[arg-type]
                return code, ""
        if not own_base and not own_period and context.base and _fits(context.base, period):
            return context.base, ""
        return _DEFAULT_BASE[period.kind], ""

    def _base_code(self, mention: object, period: Period | None, explicit: bool) -> str | None:
        if isinstance(mention, str):
            code = mention
        elif isinstance(mention, BaseMention) and mention.month is not None:
            if period is None or period.kind != "month":
                return None
            before = (period.year, period.number - 1) if period.number > 1 else (period.year - 1, 12)
            named = (mention.year or before[0], mention.month)
            return "prev_month" if named == before else None
        elif isinstance(mention, BaseMention):
            if period is None or mention.year != period.year - 1:
                return None
            code = "same_period_prev_year" if mention.same_period else "prev_year"
        else:
            return None
        if period is None:
            return code
        if period.kind == "year" and code == "same_period_prev_year":
            code = "prev_year"  # a year's "cùng kỳ năm trước" is the previous year
        if period.kind == "ytd" and code == "prev_year":
            code = "same_period_prev_year"
        return code if _fits(code, period) else None

    def _subject(
        self, visible: list[Mark], context: _Context, previous_end: int, sentence_start: int
    ) -> tuple[Subject | None, str | None]:
        """The industry and the place a figure is about, as (subject, geo).

        The industry is the last one named since the previous figure; after a province alone ("Quảng Ninh ước
        tăng 19,17%; Thanh Hóa tăng 15,1%") it is the whole industry; else the last one named in the sentence.
        The place is the last province (or "cả nước") named before the figure in the sentence, else the
        province the article named last when the sentence refers back to it ("IIP của tỉnh").
        """
        named = [m for m in visible if m.kind == "subject" and not self._inside_base(m, visible)]
        industries = [m.value for m in named if m.value.industry]  # type: ignore[attr-defined]
        recent = [m.value for m in named if m.start >= previous_end and m.value.industry]  # type: ignore[attr-defined]
        places = [m.value.geo for m in named if m.value.geo]  # type: ignore[attr-defined]
        subject: Subject | None
        if named and named[-1].value.geo is not None:  # type: ignore[attr-defined]
            # a place last: its whole industry, unless it qualifies the industry just named ("ngành chế biến,
            # chế tạo của Bắc Ninh", "IIP của cả nước"), not in a list ("điện tăng cao như: Phú Thọ tăng 32,9%")
            industry_marks = [m for m in named if m.value.industry and m.start >= previous_end]  # type: ignore[attr-defined]
            gap = self.lower_raw[industry_marks[-1].end : named[-1].start] if industry_marks else ","
            possessive = not re.search(r"[,;:]", gap) and (not gap.strip() or _POSSESSIVE.search(gap))
            subject = industry_marks[-1].value if possessive else None  # type: ignore[assignment]
        elif recent:
            subject = recent[-1]  # type: ignore[assignment]
        elif industries:
            subject = industries[-1]  # type: ignore[assignment]
        else:
            # "IIP tăng 5,5%. Tính chung 11 tháng tăng 3,6%": the statistic named before is still the subject;
            # an industry or a province named before is not ("Ô tô tăng 23,9%" lists products).
            anchored = context.subject is not None and context.subject.anchor is not None
            subject = context.subject if anchored else None
        geo = places[-1] if places else None
        if geo is None and any(m.kind == "province_ref" for m in visible):
            geo = self._last_province(sentence_start)
        if subject is None and named and named[-1].value.geo is not None:  # type: ignore[attr-defined]
            subject = Subject(geo or "VN", "TOTAL", geo, None)
        return subject, geo

    def _last_province(self, before: int) -> str | None:
        provinces = [
            m.value.geo  # type: ignore[attr-defined]
            for m in self.marks
            if m.kind == "subject" and m.start < before and m.value.geo not in (None, "VN")  # type: ignore[attr-defined]
        ]
        return provinces[-1] if provinces else None

    def _inside_base(self, mark: Mark, visible: list[Mark]) -> bool:
        return any(b.kind == "base" and b.start <= mark.start < b.end for b in visible)

    def _quote(self, visible: list[Mark], number: Number, marks: list[Mark], previous_end: int) -> str:
        """The shortest phrase carrying the figure: from its subject (or the previous figure) to its base."""
        named = [m for m in visible if m.kind == "subject"]
        start = max(named[-1].start if named else previous_end, previous_end)
        end = number.end
        base = [m for m in marks if m.kind == "base" and number.end <= m.start <= number.end + 2]
        if base:
            end = base[0].end
        return " ".join(self.text[start:end].split())[:240]

    def _publisher(self) -> str | None:
        found = [m for m in self.marks if m.kind == "publisher"]
        return str(found[0].value) if found else None


_DEFAULT_BASE = {"year": "prev_year", "ytd": "same_period_prev_year", "month": "unspecified", "quarter": "unspecified"}
_SAME_PERIOD = {
    "month": "same_period_prev_year",
    "ytd": "same_period_prev_year",
    "quarter": "same_period_prev_year",
    "year": "prev_year",
}
_FITS = {
    "prev_month": {"month"},
    "prev_quarter": {"quarter"},
    "prev_year": {"year"},
    "same_period_prev_year": {"month", "ytd", "quarter"},
}


# A line that only dates the page: "11:04 | 28/10/2021", "Thứ sáu 29/03/2024 08:21", " date 2021-12".
_DATELINE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|^\s*date\s+\d{4}-\d{2}", re.IGNORECASE)
# What may stand between two subjects of one list, or between two figures given "lần lượt" (respectively).
_LIST_GAP = re.compile(r"\s*(?:[,;]\s*)?(?:và\s+|cùng\s+|với\s+)?(?:các\s+)?(?:ngành\s+)?(?:công\s+nghiệp\s+)?")
_RESPECTIVELY = re.compile(r"(?<!\w)lần\s+lượt(?:\s+là)?(?!\w)")


def _subject_kind(subject: Subject) -> str | None:
    """The kind of subject that may be listed with others: an industry, a product or a place (not an index)."""
    if subject.product:
        return "product"
    if subject.geo is not None and subject.industry is None:
        return "place"
    return "industry" if subject.industry and subject.anchor is None else None


def _fits(base: str, period: Period) -> bool:
    return period.kind in _FITS.get(base, {"month", "ytd", "quarter", "year"})


def _settle(figures: list[TextFigure], skipped: list[tuple[str, str, str]]) -> list[TextFigure]:
    """One figure per key, and the estimate of a period's headline extended to every IIP figure of it.

    A release marks its latest period as an estimate once, at the headline ("IIP tháng 11 ước tính tăng
    5,5%"); the sections, contributions and provincial counts of the same period are of the same round.
    Consumption and inventory come from another survey and keep only their own wording.
    """
    kept: dict[tuple[str, ...], TextFigure] = {}
    for figure in figures:
        earlier = kept.get(figure.key)
        if earlier is None:
            kept[figure.key] = figure
        elif (earlier.value, earlier.value_high) != (figure.value, figure.value_high):
            skipped.append((figure.source_location, figure.quote, f"stated again with another value ({earlier.value})"))
    estimated = {
        f.period_end.isoformat()[:7]
        for f in kept.values()
        if f.geo == "VN" and f.status == "estimate" and f.measure in IIP_FAMILY and f.product is None
    }
    return [
        replace(f, status="estimate")
        if f.status is None
        and f.measure in IIP_FAMILY
        and f.product is None  # a product's output is another survey's
        and f.period_end.isoformat()[:7] in estimated
        else f
        for f in kept.values()
    ]


def _in_product_unit(number: Number, product: str) -> tuple[float, str, int] | None:
    """A quantity in the product's unit (the first of products.csv `units`): "3,9 triệu tấn" of coal is 3900
    nghìn tấn. None when the text counts in a unit the product is not published in."""
    assert number.quantity is not None
    units = next(r["units"] for r in read_reference("products") if r["code"] == product).split(";")
    parsed = [quantity_units().parse(u) for u in units]
    scale, kind = number.quantity
    if parsed[0] is None or kind not in {p[1] for p in parsed if p}:
        return None
    ratio = scale / parsed[0][0]
    decimals = max(0, number.decimals - round(math.log10(ratio)))
    return round(number.value * ratio, decimals), units[0], decimals


def _paren_groups(text: str) -> list[int]:
    """For each offset, where the innermost open parenthesis around it starts (-1 outside any)."""
    groups, stack = [], []
    for offset, ch in enumerate(text):
        if ch == "(":
            stack.append(offset)
        groups.append(stack[-1] if stack else -1)
        if ch == ")" and stack:
            stack.pop()
        if ch == "\n" and text[offset - 1 : offset] == "\n":
            stack.clear()  # an unclosed parenthesis ends with its paragraph
    return groups


def _year(text: str | None) -> int | None:
    """A written year; None for none or "nay" (this year), placed by the publication date."""
    return int(text) if text and text.isdigit() else None


def _number(written: str, unit: str) -> tuple[float, int]:
    """'5,5' -> (5.5, 1); '57.163' -> (57163, 0); '5.5' in a percentage -> (5.5, 1): a decimal point."""
    if "," in written:
        whole, decimals = written.replace(".", "").split(",")
        return float(f"{whole}.{decimals}"), len(decimals)
    if "." in written and (unit in {"pct", "pp"} and re.fullmatch(r"\d+\.\d+", written)):
        return float(written), len(written.split(".")[1])
    return float(written.replace(".", "")), 0
