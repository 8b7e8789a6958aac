"""Quantities in text: value, unit and how exact they are ("more than 30 countries").

One parser for every caller: the claims stage reads numbers with the dependency parse
(``find_numbers``: a number word counts only as a quantity of something, the unit is the counted
noun), and the comparison reads sentences no stage has read with the same pattern and values
(``numbers_in``, without a parse). Hand-written: no installed library turns "more than 30
countries" into (30, more_than, countries).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..lexicon import CARDINALS, SCALES, VAGUE_MAGNITUDES
from ..model import Number

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_WORD_NUMBERS = {**CARDINALS, "a dozen": 12, "dozen": 12, "a hundred": 100, "a thousand": 1000}
# Vague magnitudes: their value is the lower bound ("tens of thousands" is at least 10,000).
_VAGUE = VAGUE_MAGNITUDES
_SCALE = SCALES
_APPROX = [
    ("more_than", r"more than|over|upwards of|in excess of|above|greater than"),
    ("less_than", r"less than|fewer than|under|below"),
    ("at_least", r"at least|no fewer than|no less than"),
    ("at_most", r"at most|up to|no more than|as many as"),
    ("about", r"about|around|roughly|approximately|nearly|almost|some|close to|an estimated"),
]
_CURRENCY_SIGNS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₴": "UAH",
    "₽": "RUB",
}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "hryvnia": "UAH", "hryvnias": "UAH", "ruble": "RUB", "rubles": "RUB",
    "rouble": "RUB", "roubles": "RUB", "yen": "JPY", "yuan": "CNY",
}  # fmt: skip

_APPROX_RE = "|".join(f"(?P<{name}>{pat})" for name, pat in _APPROX)
_WORDS_RE = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_VAGUE_RE = "|".join(sorted((re.escape(w) for w in _VAGUE), key=len, reverse=True))
NUMBER_RE = re.compile(
    rf"(?:\b(?:{_APPROX_RE})\s+)?"
    rf"(?:(?P<sign>US\$|[$€£¥₴₽])\s?)?"
    rf"(?:(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)|\b(?P<vague>{_VAGUE_RE})\b|"
    rf"\b(?P<word>{_WORDS_RE})\b)"
    rf"(?:\s?(?P<scale>(?:thousand|million|billion|trillion|bn|m)\b))?"
    rf"(?P<pct>\s?%|\s+percent\b|\s+per\s+cent\b)?",
    re.IGNORECASE,
)


def find_numbers(
    doc: Doc,
    start: int,
    end: int,
    skip: Sequence[tuple[int, int]] = (),
    text: str | None = None,
) -> list[Number]:
    """The quantities in ``doc.text[start:end]`` with value, unit and how exact they are.

    ``skip`` holds spans (dates) whose digits are not quantities. Pass ``text`` (the article's
    text) when calling often: spaCy rebuilds ``doc.text`` from the tokens on every access.
    """
    return _numbers(doc.text if text is None else text, start, end, skip, doc)


def numbers_in(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """``find_numbers`` without a parse, for text no stage has read: the same pattern, values
    and hedges; a number word counts only before the noun it counts, and the unit is the next
    word unless it is a function word."""
    return _numbers(text, start, len(text) if end is None else end, (), None)


def _numbers(
    text: str, start: int, end: int, skip: Sequence[tuple[int, int]], doc: Doc | None
) -> list[Number]:
    """The one number reader; ``doc`` (the parse) decides number words and units when given."""
    out: list[Number] = []
    for m in NUMBER_RE.finditer(text, start, end):
        a, b = m.span()
        core_a = m.start("digits") if m.group("digits") else (
            m.start("vague") if m.group("vague") else m.start("word")
        )  # fmt: skip
        if any(s <= core_a < e for s, e in skip):
            continue
        # The counted noun and where it ends: from the parse, else the next content word.
        counted = _unit_after(doc, text, b, end) if doc is not None else _word_after(text, b, end)
        approx = next((name for name, _ in _APPROX if m.group(name)), "exact")
        if m.group("digits"):
            value = float(m.group("digits").replace(",", ""))
            if _is_clock_or_label(text, m) and not (
                doc is None and _is_year(m.group("digits")) and counted and counted[0].endswith("s")
            ):
                continue  # a clock, an id, a year (without a parse, "1990 troops" is a count)
        elif m.group("vague"):
            value = float(_VAGUE[m.group("vague").lower()])
            approx = "at_least" if approx == "exact" else approx
        else:
            # A number word counts only as a quantity of something: "two officials", not
            # "one of them" or "the two met".
            if doc is not None:
                tok = _token_at(doc, m.start("word"))
                if tok is None or tok.dep_ not in ("nummod", "quantmod", "compound"):
                    continue
            elif counted is None:
                continue
            value = float(_WORD_NUMBERS[m.group("word").lower()])
        if m.group("scale"):
            value *= _SCALE[m.group("scale").lower()]
        unit: str | None = None
        if m.group("pct"):
            unit = "percent"
        elif m.group("sign"):
            unit = _CURRENCY_SIGNS[m.group("sign").upper() if m.group("sign") != "US$" else "US$"]
        elif counted:
            unit, b = counted  # the quantity's text runs to its counted noun
        if unit in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[unit]
        if value.is_integer():
            value = float(int(value))
        out.append(Number(text[a:b].strip(), value, unit, approx))  # type: ignore[arg-type]
    return out


def _is_clock_or_label(text: str, m: re.Match[str]) -> bool:
    """Clock times, scores, ids: '2:30', '5-4', 'No. 10', 'G7', a lone year."""
    a, b = m.start("digits"), m.end("digits")
    before, after = text[max(0, a - 1) : a], text[b : b + 1]
    if after in (":", "-", "/") or before in (":", "-", "/") or before.isalpha():
        return True
    digits = m.group("digits")
    if len(digits) > 9 and "," not in digits and "." not in digits:
        return True  # an id or a phone number, not a quantity
    return bool(re.fullmatch(r"(?:19|20)\d\d", digits)) and not m.group("sign")


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _unit_after(doc: Doc, text: str, b: int, end: int) -> tuple[str, int] | None:
    """The counted noun and where it ends: '26 countries', 'tens of thousands of Ukrainian
    soldiers'."""
    rest = text[b:end]
    b += len(rest) - len(rest.lstrip())
    tok = _token_at(doc, b) if b < end else None
    if tok is None:
        return None
    if tok.idx < b:  # the number ends inside a token ("30-year")
        return None
    steps = 0
    while tok is not None and steps < 5 and tok.idx < end:
        if (
            tok.pos_ in ("NOUN", "PROPN")
            and tok.dep_ != "compound"
            or tok.lower_ in _CURRENCY_WORDS
        ):
            return tok.lower_, tok.idx + len(tok.text)
        if tok.pos_ not in ("ADJ", "ADP", "DET", "NOUN", "PROPN", "ADV") or (
            tok.pos_ == "ADP" and tok.lower_ != "of"
        ):
            return None
        tok = tok.nbor() if tok.i + 1 < len(doc) else None
        steps += 1
    return None


# Words that follow a number without being what it counts ("30 of them", "5 to 10").
_UNIT_STOP = frozenset(
    "and or to of in on at for the a an by with from as is are was were has have had that which "
    "who per them us those these it its their his her you we they".split()
)
_NEXT_WORD = re.compile(r"\s+(?:(?:of|more|additional|other|new)\s+)?([A-Za-z][A-Za-z-]*)")


def _word_after(text: str, b: int, end: int) -> tuple[str, int] | None:
    """Without a parse, the counted noun is the next word, unless a function word or pronoun."""
    nxt = _NEXT_WORD.match(text, b, end)
    if nxt is None or nxt.group(1).lower() in _UNIT_STOP:
        return None
    return nxt.group(1).lower(), nxt.end()


def _is_year(digits: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", digits))


def unit_key(unit: str | None) -> str | None:
    """A unit as two accounts of one quantity share it: singular, lower case ("Countries" and
    "country" are one unit)."""
    if not unit:
        return None
    word = unit.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
