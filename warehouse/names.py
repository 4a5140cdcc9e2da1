"""Matching keys for Vietnamese names as releases print them.

Releases write the same name in many ways: decomposed Unicode (a base letter plus combining marks), the
old and new tone placement ("hoá" / "hóa", "thuỷ" / "thủy"), line breaks and double spaces inside a cell,
trailing spaces and stray punctuation. A matching key erases exactly those differences and nothing else.
"""

from __future__ import annotations

import re
import unicodedata

# The five tone marks. Vowel-quality marks (circumflex, breve, horn) and đ are kept: they tell names apart.
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def nfc(text: str) -> str:
    """Unicode NFC with runs of white space (line breaks included) folded to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def match_key(name: str) -> str:
    """The key under which two spellings of one name meet: 'Sản xuất hoá chất\\n ' == 'sản xuất hóa chất'.

    Punctuation counts as a space: releases write "bàn ghế" and "bàn, ghế", "chế biến , chế tạo".
    """
    decomposed = unicodedata.normalize("NFD", nfc(name))
    toneless = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    key = _PUNCTUATION.sub(" ", unicodedata.normalize("NFC", toneless).casefold())
    return _SPACES.sub(" ", key).strip()
