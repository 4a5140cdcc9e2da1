"""A narrative release as text: read a .txt or .html file, normalise it, cut it into paragraphs and sentences.

Offsets matter: every figure points back at "chars a-b" of the document's text, so normalising must not
move characters. Unicode is put in NFC first (a decomposed "ước" is two or three code points), and that
NFC text is the text offsets refer to; footnote markers are then blanked in place, never removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from warehouse.facts import SourceRejected

# Footnote markers glued to words: superscript digits, "[1]", "(*)", "(1)" right after a "%" or a letter.
_FOOTNOTES = re.compile(r"[¹²³⁰⁴⁵⁶⁷⁸⁹]+|\[\d{1,2}\]|\(\*+\)|(?<=[%\w])\(\d\)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = ("TP.", "Tp.", "tp.", "TS.", "ThS.", "PGS.", "GS.", "Q.", "P.")
_SENTENCE_END = re.compile(r"(?:\./\.|[.!?…]+)(?=[\"”’)]*(?:\s|$))")
# A word that cannot end a line of a hard-wrapped phrase's first half: the figure follows on the next line.
_CONTINUES = re.compile(r"(?:tăng|giảm|khoảng|đạt|là|ước|tính|với|và|của|trong|ở|,)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class Document:
    """A release's text in NFC, its sentences with offsets, and the date and publisher it says it has."""

    name: str
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    published_on: date | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def read_document(path: Path) -> Document:
    """A .txt or .html file as a Document; the file's own publication date when it states one."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceRejected(f"{path.name}: not UTF-8 text (byte {exc.start}: {exc.reason})") from exc
    metadata: dict[str, str] = {}
    if path.suffix.lower() in {".html", ".htm"}:
        raw, metadata = html_text(raw)
    return parse_document(raw, name=path.name, metadata=metadata)


def parse_document(raw: str, name: str = "", metadata: dict[str, str] | None = None) -> Document:
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _FOOTNOTES.sub(lambda m: " " * len(m.group(0)), text)
    metadata = metadata or {}
    document = Document(name=name, text=text, metadata=metadata)
    document.sentences = split_sentences(text)
    document.published_on = publication_date(text, metadata)
    return document


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets, numbered by paragraph. A list joined by ';' stays one sentence: its
    items share the verb, the estimate and the base stated once at its head."""
    sentences: list[Sentence] = []
    paragraph_start = 0
    for number, paragraph_end in enumerate([*(m.start() for m in _BLANK_LINE.finditer(text)), len(text)]):
        for start, end in _lines(text, paragraph_start, paragraph_end):
            sentences.extend(_sentences(text, start, end, number))
        following = _BLANK_LINE.match(text, paragraph_end)
        paragraph_start = following.end() if following else paragraph_end
    return [s for s in sentences if s.text.strip()]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph's lines, re-joined where a hard line break falls inside a phrase."""
    pieces: list[tuple[int, int]] = []
    position = start
    for match in re.finditer(r"\n", text[start:end]):
        cut = start + match.start()
        line, following = text[position:cut], text[cut + 1 : end].lstrip()
        # A title line ("IIP tháng 2/2024 giảm 18% so với tháng trước") runs into the next sentence without
        # a full stop; a wrapped phrase ("tăng\n5,5%") does not start its next line with a capital.
        if following[:1].isupper() or (following[:1].isdigit() and not _CONTINUES.search(line)):
            pieces.append((position, cut))
            position = cut + 1
    pieces.append((position, end))
    return pieces


def _sentences(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    found: list[Sentence] = []
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        before = text[max(start, match.start() - 4) : match.end()]
        if match.group(0) == "." and before.endswith(_ABBREVIATIONS):
            continue
        following = text[match.end() : end].lstrip(' \t"”’)')
        if following[:1].islower():  # "6,9%... đã góp phần": an ellipsis inside the sentence
            continue
        found.append(_sentence(text, position, match.end(), paragraph))
        position = match.end()
    found.append(_sentence(text, position, end, paragraph))
    return found


def _sentence(text: str, start: int, end: int, paragraph: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end], paragraph)


# --- publication date ------------------------------------------------------------------------------------

_META_DATE_KEYS = ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
# Where articles print their own date, most specific first. A site banner ("Thứ sáu 29/03/2024 08:21") is the
# day the page was saved, so a dateline ("11:04 | 28/10/2021") wins over it.
_TEXT_DATES = (
    re.compile(r"^\s*(?:date|published|ngày đăng)\s*:?\s*(\d{4})-(\d{2})(?:-(\d{2}))?", re.IGNORECASE | re.MULTILINE),
    re.compile(r"\b\d{1,2}:\d{2}\s*\|\s*(\d{1,2})/(\d{1,2})/(\d{4})\b"),
    re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})[\s,|-]*\d{1,2}:\d{2}\b"),
    re.compile(r"(?:Thứ\s+\w+|Chủ\s+nhật),?\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})\b", re.IGNORECASE),
)


def publication_date(text: str, metadata: dict[str, str]) -> date | None:
    """The date the file states for itself: HTML metadata, else a dateline near the top of the text.

    A date given to the month only ("date 2021-12") is read as the first of that month: the earliest day it
    can be, so no figure is ever dated after it.
    """
    for key in _META_DATE_KEYS:
        if key in metadata and (match := _ISO_DATE.search(metadata[key])):
            return _day(match.group(1), match.group(2), match.group(3))
    head = text[:600]
    iso, dateline, stamped, weekday = _TEXT_DATES
    if match := iso.search(head):
        return _day(match.group(1), match.group(2), match.group(3))
    for pattern in (dateline, stamped, weekday):
        if match := pattern.search(head):
            return _day(match.group(3), match.group(2), match.group(1))
    return None


def _day(year: str, month: str, day: str | None) -> date | None:
    try:
        return date(int(year), int(month), int(day or 1))
    except ValueError:
        return None


# --- HTML ------------------------------------------------------------------------------------------------

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table", "td"}
_SKIPPED = {"script", "style", "noscript", "template", "head", "nav", "footer"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.metadata: dict[str, str] = {}
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
            if key and "content" in attributes:
                self.metadata[key] = attributes["content"]
        elif tag == "time" and "datetime" in attributes:
            self.metadata.setdefault("date", attributes["datetime"])
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_text(markup: str) -> tuple[str, dict[str, str]]:
    """The readable text of a page, one paragraph per block element, and its <meta> values."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = re.sub(r"[ \t]*\n\s*\n\s*", "\n\n", "".join(collector.parts)).strip()
    return text, collector.metadata
