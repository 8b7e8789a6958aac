"""Quote marks: which marks open and close, and the paired quote spans of a text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


OPENERS = "“„«‹"  # always open
CLOSERS = "”»›"  # always close (a ” at a word start may open: see below)
AMBIGUOUS = '"″〃＂'  # toggle: open when closed, close when open
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
ALL_MARKS = OPENERS + CLOSERS + AMBIGUOUS + SINGLE_OPEN + SINGLE_CLOSE + "'"
_PARA = re.compile(r"[^\n]+")
WORD_RE = re.compile(r"\w+")


@dataclass(slots=True)
class QuoteSpan:
    """One stretch of text between quote marks, inside one paragraph."""

    start: int  # content start (after the opening mark and spaces)
    end: int  # content end (before the closing mark)
    mark_start: int  # offset of the opening mark
    mark_end: int  # offset after the closing mark (or the paragraph end when left open)
    closed: bool  # False when the paragraph ended before a closing mark
    paragraph: int
    chain: int  # quotes continued over paragraphs share a chain number


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All top-level quoted stretches of ``text``; total on any input (unbalanced marks included).

    Hand-written state machine: a regex cannot pair marks that double as apostrophes or toggle
    (``"``), nor carry a quote left open over a paragraph break.
    """
    # Two apostrophes (or backticks) are one double mark in some archives (''like this''): scan a
    # copy where the pair reads as '"' and a space, so offsets stay those of ``text``.
    original = text
    text = text.replace("''", '" ').replace("``", '" ')
    spans: list[QuoteSpan] = []
    chain = -1
    prev_open = False
    for p_index, m in enumerate(_PARA.finditer(text)):
        p_start, p_end = m.start(), m.end()
        i = p_start
        opened_at: int | None = None
        single = False
        first_mark = True
        while i < p_end:
            ch = text[i]
            if opened_at is None:
                opens = ch in OPENERS or ch in AMBIGUOUS
                if ch == "”" and _at_word_start(text, i, p_start) and _followed_by_word(text, i):
                    opens = True  # some sites use ” for both marks
                is_single = (ch in SINGLE_OPEN or ch == "'") and _followed_by_letter(text, i)
                if is_single and _at_word_start(text, i, p_start) and not text[i + 1].isdigit():
                    opens, single = True, True
                elif opens:
                    single = False
                if opens:
                    opened_at = i
                    leading = text[p_start:i].strip() == ""
                    if not (prev_open and leading and first_mark):
                        chain += 1
                    first_mark = False
            else:
                closes = False
                if single and (ch in OPENERS or ch in AMBIGUOUS):
                    # A double mark inside a 'single quote': the single mark was an apostrophe.
                    opened_at, single = None, False
                    continue  # look at this mark again, now as an opener
                if single:
                    closes = (ch in SINGLE_CLOSE or ch == "'") and not _followed_by_letter(text, i)
                    closes = closes and i > opened_at + 1 and not text[i - 1].isspace()
                else:
                    closes = ch in CLOSERS or ch in AMBIGUOUS
                    if ch == "“" and not text[i - 1].isspace():
                        closes = True  # a typo'd closer
                if closes:
                    width = 2 if original[i : i + 2] in ("''", "``") else 1
                    _add_span(spans, text, opened_at, i, i + width, True, p_index, chain)
                    opened_at = None
            i += 1
        prev_open = False
        if opened_at is not None:
            if single:
                # An unclosed single mark is far likelier an apostrophe ('90s) than a quote.
                pass
            else:
                _add_span(spans, text, opened_at, p_end, p_end, False, p_index, chain)
                prev_open = True
    return spans


def _at_word_start(text: str, i: int, floor: int) -> bool:
    return i == floor or text[i - 1].isspace() or text[i - 1] in "([{—–-/:;,"


def _followed_by_word(text: str, i: int) -> bool:
    return i + 1 < len(text) and not text[i + 1].isspace()


def _followed_by_letter(text: str, i: int) -> bool:
    return i + 1 < len(text) and text[i + 1].isalnum()


def _add_span(
    spans: list[QuoteSpan],
    text: str,
    mark_start: int,
    close_at: int,
    mark_end: int,
    closed: bool,
    paragraph: int,
    chain: int,
) -> None:
    start, end = mark_start + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if end > start and WORD_RE.search(text, start, end):
        spans.append(QuoteSpan(start, end, mark_start, mark_end, closed, paragraph, chain))
