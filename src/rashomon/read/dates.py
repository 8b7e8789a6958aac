"""Date and time expressions, normalised to calendar values against the publication date.

News text says "on Monday", "Aug. 18" and "last week" and leaves the year and the week to the
reader, who knows when the article came out. This stage does the same: it finds the expressions
(spaCy's DATE/TIME entities plus regular expressions for what the small model misses), resolves
them against ``article.published`` (or, when that is missing, against a publication date inferred
from the latest explicit date the article reports, marked ``published_inferred``) and writes
:class:`~rashomon.model.DateMention` values:

* ``"2025-08-18"`` (day), ``"2025-08"`` (month), ``"2025"`` (year), ``"2025-08-18T14:00"`` (time);
* ``"2025-08-15/2025-08-18"`` (range: "Aug. 15-18", and weeks: "last week" is its Monday/Sunday);
* ``None`` when there is nothing to anchor the expression to (a weekday in an undated article).

Durations ("ten years", "the coming days and weeks") are not dates and are skipped.

dateparser turns the absolute forms into dates; our own code does what dateparser gets wrong for
news (each place says why): a missing year, weekday names, weeks and "earlier this month".
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..lexicon import (
    CAPTION_AGENCIES,
    CARDINALS,
    MONTH_NUMBERS,
    MONTH_RE,
    REPORTING_VERBS,
    WEEKDAY_NUMBERS,
    WEEKDAY_RE,
)
from ..model import Article, DateMention
from ..registry import Context, stage
from .nlp import doc_for

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# --------------------------------------------------------------------------------------------
# Vocabulary

_MONTHS = MONTH_NUMBERS
_WEEKDAYS = WEEKDAY_NUMBERS
_NUMBER_WORDS: dict[str, int | None] = {
    "a": 1, "an": 1, **{w: n for w, n in CARDINALS.items() if n <= 12},
    "several": None, "few": None, "a few": None,
}  # fmt: skip

MONTH = MONTH_RE
WEEKDAY = WEEKDAY_RE
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_RANGE_SEP = r"\s*(?:-|–|—|to|through|and)\s*"
_TIME = r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\bnoon\b|\bmidnight\b)"
_PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"

# Order matters: the longest, most specific forms first; a later pattern never takes text an
# earlier one matched.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b{_YEAR}-[01]\d-[0-3]\d(?:[T ]\d\d:\d\d)?\b")),
    (
        "mdy",  # Friday, May 23, 2025 / Aug. 15-18, 2025 / Sept. 2 / Aug. 18 at 2 p.m.
        re.compile(
            rf"(?:\b{WEEKDAY},?\s+)?\b{MONTH}\s+{_DAY}\b(?:{_RANGE_SEP}{_DAY}\b)?"
            rf"(?:,?\s+{_YEAR}\b)?(?:,?\s+at\s+{_TIME})?"
        ),
    ),
    (
        "dmy",  # 18 August / Monday 18 August 2025 / the 4th of July
        re.compile(
            rf"(?:\b{WEEKDAY},?\s+)?\b(?:the\s+)?{_DAY}(?:{_RANGE_SEP}{_DAY})?\s+(?:of\s+)?"
            rf"{MONTH}(?:,?\s+{_YEAR}\b)?"
        ),
    ),
    ("my", re.compile(rf"\b(?:(?:early|mid|late)[- ])?{MONTH},?\s+{_YEAR}\b")),
    # A span of years: "2009-2010", "1957-58", "the 2016-17 season". The end must follow the
    # start; an ISO day ("2017-03-15") was taken by the first pattern.
    ("years", re.compile(rf"\b{_YEAR}\s*[-–/]\s*(?:{_YEAR}|\d\d)\b(?![-–/]\d)")),
    (
        "fiscal",  # fiscal year 2016 / fiscal 2016 / FY2016 / this fiscal year / last fiscal year
        re.compile(
            rf"\b(?:(?:fiscal(?:\s+year)?|FY)\s*(?:{_YEAR}|'\d\d)|"
            r"(?:this|last|next|the\s+current|the\s+previous|the\s+next)\s+fiscal\s+year)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "edge",  # by the end of the year / end of year / the start of next month / end of 2018
        re.compile(
            r"\b(?:the\s+)?(?:end|start|beginning)\s+of\s+(?:the\s+|this\s+|next\s+|last\s+)?"
            rf"(?:year|month|{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "month",  # in July / mid-September / last March: a bare month needs a cue ("May" is a verb)
        re.compile(
            rf"(?:(?<=\bin )|(?<=\bsince )|(?<=\buntil )|(?<=\bby )|(?<=\bfrom )|(?<=\bof )|"
            rf"(?<=\bthrough )|(?<=\bduring )|\b(?:early|mid|late|last|this|next)[- ]){MONTH}"
            rf"(?!\s+\d)"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?:last|next|this|early|late)\s+)?{WEEKDAY}(?:\s+{_PART_OF_DAY})?"
            rf"(?:,?\s+at\s+{_TIME}|\s+{_TIME})?(?!,?\s+{MONTH})(?!,?\s+{_DAY}\s)",
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?:today|yesterday|tomorrow|tonight|last\s+night|the\s+day\s+before\s+yesterday|"
            rf"this\s+{_PART_OF_DAY}|"
            r"(?:(?:earlier|later)\s+)?(?:this|last|next|this\s+past)\s+"
            r"(?:week|month|year)(?!s)|(?:US\s+|U\.S\.\s+)?election\s+day|"
            r"(?:the\s+)?(?:previous|following)\s+(?:day|week|month|year)|"
            rf"{_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago|"
            r"(?:earlier|later)\s+this\s+(?:week|month|year))\b",
            re.IGNORECASE,
        ),
    ),
    # A clock time alone ("2:25 p.m." opening a live-blog entry, "around 8:30 p.m."): news
    # convention puts it on the publication day unless a day is named next to it.
    ("clock", re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.)|\b\d{1,2}:\d\d\s*(?:am|pm)\b")),
    ("year", re.compile(rf"(?:(?<=\bin )|(?<=\bsince )|(?<=\bby )|(?<=\bof )|(?<=\buntil )|"
                        rf"(?<=\bduring )|(?<=\bbefore )|(?<=\bafter )|(?<=\bfrom )){_YEAR}\b"
                        rf"(?![-–]\d)")),
]  # fmt: skip

_RELATIVE_FORM = next(p for k, p in _PATTERNS if k == "relative")

# A duration is an amount of time, not a point in it ("ten years", "the coming days and weeks").
_DURATION = re.compile(
    rf"^(?:the\s+)?(?:(?:past|last|next|coming|previous|first|final|following)\s+)?"
    rf"(?:{_NUM}|\d+|many|more than \w+|about \w+|nearly \w+|almost \w+|at least \w+)?\s*"
    r"(?:full\s+)?(?:days?|weeks?|months?|years?|decades?|centuries|century|hours?|minutes?)"
    r"(?:\s+(?:and|or)\s+(?:days?|weeks?|months?|years?|more|longer))?(?:\s+(?:long|old))?$",
    re.IGNORECASE,
)
_SINGULAR_POINT = re.compile(r"^(?:last|this|next)\s+(?:week|month|year)$", re.IGNORECASE)

# Caption sentences: a photo credit, or "<person> speaks during ..." with a full date.
_CAPTION_CREDIT = re.compile(
    r"\((?:AP|AFP|Reuters|EPA|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)\s*(?:Photo)?\s*/[^)]*\)"
    r"|/\s*(?:" + "|".join(CAPTION_AGENCIES) + r")\)"
    r"|\bPhoto(?:graph)?\s*(?:by|:)",
)
_CAPTION_ACTION = re.compile(
    r"\b(?:speaks|speak|gestures|looks on|listens|arrives|attends|walks|poses|waves)\b"
)
_FULL_DATE = re.compile(rf"\b{MONTH}\s+{_DAY},?\s+{_YEAR}\b|\b{_DAY}\s+{MONTH}\s+{_YEAR}\b")

_SPEECH_LEMMAS = REPORTING_VERBS
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|is\s+to|are\s+to|scheduled|set\s+to|plans?\s+to|expected\s+to|"
    r"due\s+to|next|upcoming)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------------
# Candidates


@dataclass(slots=True)
class Candidate:
    """A date expression found in the text, before normalisation."""

    start: int
    end: int
    kind: str  # the pattern that found it, or "ent" for a spaCy entity no pattern covered
    text: str


def find_candidates(text: str, doc: Doc | None = None) -> list[Candidate]:
    """Date expressions in ``text``: our patterns first, then spaCy DATE/TIME entities they miss."""
    taken: list[tuple[int, int]] = []
    out: list[Candidate] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            a, b = m.span()
            if free(a, b):
                taken.append((a, b))
                out.append(Candidate(a, b, kind, m.group(0)))
    if doc is not None:
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            a, b = _trim_ent(ent)
            if a >= b or not free(a, b):
                continue
            taken.append((a, b))
            out.append(Candidate(a, b, "ent", text[a:b]))
    out.sort(key=lambda c: c.start)
    # A clock time next to a day ("2 p.m. Tuesday", "Aug. 18, at 9 a.m.") belongs to that day,
    # which carries the date; alone it would be put on the publication day.
    keep = []
    for i, c in enumerate(out):
        if c.kind == "clock":
            near = [o for o in out[max(0, i - 1) : i + 2] if o is not c]
            if any(abs(o.start - c.end) <= 5 or abs(c.start - o.end) <= 5 for o in near):
                continue
        if doc is not None and c.kind in ("relative", "ent") and _figurative(doc, c):
            continue
        keep.append(c)
    return keep


def _figurative(doc: Doc, c: Candidate) -> bool:
    """'a brighter tomorrow', 'the today show': a day word used as a noun with a modifier."""
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].lower_ not in ("today", "tomorrow", "yesterday"):
        return False
    i = span[0].i
    dets = ("a", "an", "the", "our", "their", "your", "his", "her", "its", "my")
    if any(ch.dep_ in ("det", "amod", "poss") for ch in span[0].children):
        return True
    if i > 0 and doc[i - 1].lower_ in dets:
        return True
    return i > 1 and doc[i - 2].lower_ in dets and doc[i - 1].pos_ in ("ADJ", "NOUN")


def _trim_ent(ent: Span) -> tuple[int, int]:
    """Drop the leading words that spaCy sometimes folds into a DATE ("on", "as of")."""
    toks = list(ent)
    while toks and toks[0].lower_ in ("on", "as", "of", "at", "by", "in", "since"):
        toks = toks[1:]
    if not toks:
        return (0, 0)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


# --------------------------------------------------------------------------------------------
# Normalisation


@dataclass(slots=True)
class Anchor:
    """What a relative expression is resolved against."""

    published: dt.date | None  # the publication (or inferred) date
    year: int | None  # the year a month-day without one belongs to, before tense correction


def _month_of(token: str) -> int | None:
    return _MONTHS.get(token.lower()[:3]) if token else None


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _week(d: dt.date) -> str:
    monday = d - dt.timedelta(days=d.weekday())
    return f"{_iso(monday)}/{_iso(monday + dt.timedelta(days=6))}"


def _shift_months(d: dt.date, n: int) -> tuple[int, int]:
    k = d.year * 12 + (d.month - 1) + n
    return k // 12, k % 12 + 1


def _time_suffix(expr: str) -> str | None:
    m = re.search(_TIME, expr)
    if not m:
        return None
    t = m.group(0).lower().replace(" ", "")
    if t == "noon":
        return "12:00"
    if t == "midnight":
        return "00:00"
    mm = re.match(r"(\d{1,2})(?::(\d\d))?(a\.m\.|p\.m\.|am|pm)", t)
    if not mm:
        return None
    h, minute = int(mm.group(1)) % 12, int(mm.group(2) or 0)
    if mm.group(3).startswith("p"):
        h += 12
    return f"{h:02d}:{minute:02d}"


def _with_time(day: str, expr: str) -> tuple[str, str]:
    t = _time_suffix(expr)
    return (f"{day}T{t}", "time") if t else (day, "day")


@lru_cache(maxsize=1)
def _dateparser():  # noqa: ANN202 - dateparser is imported lazily: it is slow to import
    from dateparser.date import DateDataParser

    # PREFER_DAY_OF_MONTH "first" keeps "July 2023" from taking today's day of the month.
    return DateDataParser(
        languages=["en"],
        settings={"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"},
    )


@lru_cache(maxsize=4096)  # the same few forms recur; dateparser takes ~1 ms a call
def _parse_absolute(expr: str) -> tuple[dt.date, bool, str] | None:
    """(date, whether the year was written, period) for an absolute form, via dateparser."""
    data = _dateparser().get_date_data(expr)
    if data.date_obj is None:
        return None
    parts = data.parts or ()
    if "month" not in parts and "year" not in parts:
        return None  # a weekday or a bare number: not an absolute date
    return data.date_obj.date(), "year" in parts, data.period or "day"


def _year_for(month: int, day: int, anchor: Anchor, past: bool, future: bool) -> int | None:
    """The year of a month-day written without one.

    dateparser resolves a missing year against today's clock (or RELATIVE_BASE with
    PREFER_DATES_FROM), which is wrong for archives and for dates after the publication month in
    a past-tense sentence; news convention is: the year in context (the publication year, or the
    year of a full date just before), except that a past-tense sentence cannot report a date
    after publication (that date is last year's) and a future one cannot report one long before.
    """
    year = anchor.year
    if year is None:
        return None
    pub = anchor.published
    if pub is None:
        return year
    try:
        cand = dt.date(year, month, day)
    except ValueError:
        return year
    if year == pub.year:
        if past and not future and cand > pub + dt.timedelta(days=1):
            return year - 1
        if future and not past and cand < pub - dt.timedelta(days=60):
            return year + 1
    return year


def _weekday(expr: str, anchor: Anchor, future: bool) -> tuple[str | None, str]:
    """Resolve a weekday name.

    dateparser's PREFER_DATES_FROM="past" resolves "Monday" strictly before its base and reads
    "this Monday" forward; news convention is the most recent such day on or before publication
    ("on Monday" in a Thursday article is three days earlier), "next Monday" forward, and a
    weekday in a future-tense sentence ("will meet on Friday") the next one on or after.
    """
    low = expr.lower()
    wd = next(v for k, v in _WEEKDAYS.items() if k in low)
    pub = anchor.published
    if pub is None:
        return None, "day"
    back = (pub.weekday() - wd) % 7
    if low.startswith("next"):
        d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)
    elif low.startswith("last"):
        d = pub - dt.timedelta(days=back or 7)
    elif future:
        d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
    else:
        d = pub - dt.timedelta(days=back)
    return _with_time(_iso(d), expr)


def _relative(expr: str, anchor: Anchor) -> tuple[str | None, str] | None:
    """today/yesterday/last week/two weeks ago/earlier this month, against publication.

    Hand-written because dateparser has no notion of a week or a month as a span ("last week" is
    a day seven days back to it) and does not read "earlier this month" at all.
    """
    low = re.sub(r"\s+", " ", expr.lower())
    if not _RELATIVE_FORM.fullmatch(low):
        return None
    pub = anchor.published
    if pub is None:
        return None, "unknown"
    one = dt.timedelta(days=1)
    if low in ("today", "tonight") or low.startswith("this ") and low.split()[1] in (
        "morning", "afternoon", "evening", "night",
    ):  # fmt: skip
        return _iso(pub), "day"
    if low in ("yesterday", "last night"):
        return _iso(pub - one), "day"
    if low == "the day before yesterday":
        return _iso(pub - 2 * one), "day"
    if low == "tomorrow":
        return _iso(pub + one), "day"
    if "election day" in low:
        return _iso(_us_election_day(pub.year)), "day"
    m = re.fullmatch(r"(?:(?:earlier|later) )?(this|last|next|this past) (week|month|year)", low)
    if m:
        step = {"this": 0, "last": -1, "next": 1, "this past": -1}[m.group(1)]
        unit = m.group(2)
        if unit == "week":
            return _week(pub + dt.timedelta(weeks=step)), "range"
        if unit == "month":
            y, mo = _shift_months(pub, step)
            return f"{y:04d}-{mo:02d}", "month"
        return f"{pub.year + step:04d}", "year"
    m = re.fullmatch(rf"({_NUM}) (day|week|month|year)s? ago", low)
    if m:
        n = _NUMBER_WORDS.get(m.group(1), None) if not m.group(1).isdigit() else int(m.group(1))
        if n is None:
            return None  # "several weeks ago" names no calendar value: skip it
        unit = m.group(2)
        if unit == "day":
            return _iso(pub - n * one), "day"
        if unit == "week":
            return _week(pub - dt.timedelta(weeks=n)), "range"
        if unit == "month":
            y, mo = _shift_months(pub, -n)
            return f"{y:04d}-{mo:02d}", "month"
        return f"{pub.year - n:04d}", "year"
    return None


def _year_span(text: str) -> tuple[str | None, str] | None:
    """'2009-2010' / '1957-58' -> '2009/2010', '1957/1958'; anything else is not a span of years.

    A two-digit end takes the start's century ("1999-00" is 1999/2000). A span must run forward
    and stay short (a score "2010-2009" or a count range "1990-2400" is not one).
    """
    m = re.fullmatch(r"(\d{4})\s*[-–/]\s*(\d{4}|\d\d)", text)
    if not m:
        return None
    a = int(m.group(1))
    end = m.group(2)
    if len(end) == 2:
        b = a - a % 100 + int(end)
        if b <= a:
            b += 100
    else:
        b = int(end)
    if not 0 < b - a <= 10:
        return None
    return f"{a:04d}/{b:04d}", "range"


def _fiscal(low: str, anchor: Anchor) -> tuple[str | None, str] | None:
    """A fiscal year by the year that names it ("fiscal 2016", "FY'17"), or against publication.

    Fiscal years start in different months by country and company, so the value is the year the
    fiscal year is named by, never a span of months; "this fiscal year" is taken to be the one
    named by the publication's calendar year (the US federal and most company conventions name a
    fiscal year by the year it ends in, so this is off by one only between its start and 31
    December).
    """
    m = re.search(r"(\d{4})|'(\d\d)", low)
    if m:
        if m.group(1):
            return m.group(1), "year"
        pub = anchor.published
        century = (pub.year // 100 * 100) if pub is not None else 2000
        return f"{century + int(m.group(2)):04d}", "year"
    if anchor.published is None:
        return None, "unknown"
    step = -1 if re.search(r"\b(?:last|previous)\b", low) else 1 if "next" in low else 0
    return f"{anchor.published.year + step:04d}", "year"


def _edge(low: str, anchor: Anchor) -> tuple[str | None, str] | None:
    """'the end of the year' -> its December, 'the start of next month' -> that month.

    The edge of a year or month is read as its first or last month (or the month itself), the
    granularity a reader can check; "the end of the week" and the like are left out on purpose.
    """
    m = re.search(r"(end|start|beginning) of (?:(the|this|next|last) )?(year|month|\d{4})$", low)
    if not m:
        return None
    edge, which, unit = m.groups()
    pub = anchor.published
    if unit.isdigit():
        return f"{unit}-{12 if edge == 'end' else 1:02d}", "month"
    if pub is None:
        return None, "unknown"
    step = {"next": 1, "last": -1}.get(which or "", 0)
    if unit == "year":
        return f"{pub.year + step:04d}-{12 if edge == 'end' else 1:02d}", "month"
    y, mo = _shift_months(pub, step)
    return f"{y:04d}-{mo:02d}", "month"


def _us_election_day(year: int) -> dt.date:
    """US federal Election Day: the Tuesday after the first Monday of November (a fixed rule)."""
    first = dt.date(year, 11, 1)
    monday = first + dt.timedelta(days=(0 - first.weekday()) % 7)
    return monday + dt.timedelta(days=1)


def _split_range(expr: str) -> tuple[str, int | None]:
    """'Aug. 15-18, 2025' -> ('Aug. 15, 2025', 18); other forms pass through."""
    m = re.search(rf"({_DAY}){_RANGE_SEP}({_DAY})", expr)
    if not m:
        return expr, None
    end_day = int(re.match(r"\d+", m.group(2)).group(0))  # type: ignore[union-attr]
    return expr[: m.start()] + m.group(1) + expr[m.end() :], end_day


def normalise(
    expr: str, kind: str, anchor: Anchor, *, past: bool = True, future: bool = False
) -> tuple[str | None, str] | None:
    """(value, granularity) of one expression, or None when it is not a calendar date."""
    text = re.sub(r"\s+", " ", expr.strip())
    low = text.lower()
    if _DURATION.match(text) and not _SINGULAR_POINT.match(text):
        return None
    if kind == "weekday" or (
        kind == "ent"
        and re.fullmatch(rf"(?:(?:last|next|this) )?{WEEKDAY}.*", text, re.I)
        and not re.search(MONTH + r"\s+\d", text)
    ):
        return _weekday(text, anchor, future)
    rel = _relative(text, anchor)
    if rel is not None or kind == "relative":
        return rel
    if kind == "ent" and not re.search(rf"{MONTH}|\b{_YEAR}\b", text):
        return None  # "the weekend", "the coming days", "Christmas": no calendar value we trust
    if kind == "years":
        return _year_span(text)
    if kind == "fiscal":
        return _fiscal(low, anchor)
    if kind == "edge":
        return _edge(low, anchor)
    if kind == "clock":
        if anchor.published is None:
            return None, "time"
        return _with_time(_iso(anchor.published), text)
    if kind == "iso":
        day = text[:10]
        return (f"{day}T{text[11:16]}", "time") if len(text) > 10 else (day, "day")
    if kind == "year" or re.fullmatch(rf"(?:the )?(?:year )?{_YEAR}", low):
        return re.search(_YEAR, text).group(0), "year"  # type: ignore[union-attr]
    # Drop the weekday and the time before dateparser sees them (it reads "Friday, May 23" as
    # the Friday nearest today), and remember a day range.
    core = re.sub(rf"^{WEEKDAY},?\s+", "", text)
    core = re.sub(rf",?\s+at\s+{_TIME}$", "", core)
    core = re.sub(r"^(?:the )", "", core)
    core, end_day = _split_range(core)
    prefix = re.match(r"(early|mid|late|last|this|next)[- ]", core, re.I)
    if prefix:
        core = core[prefix.end() :]
    parsed = _parse_absolute(core)
    if parsed is None:
        return None
    d, has_year, period = parsed
    if period == "year":
        return f"{d.year:04d}", "year"
    if period == "month":
        if has_year:
            return f"{d.year:04d}-{d.month:02d}", "month"
        year = _year_for_month(d.month, anchor, prefix.group(1).lower() if prefix else None,
                               past, future)  # fmt: skip
        return (f"{year:04d}-{d.month:02d}" if year else None), "month"
    year = d.year if has_year else _year_for(d.month, d.day, anchor, past, future)
    if year is None:
        return None, "day"
    try:
        d = d.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return None, "day"
    if end_day is not None and end_day > d.day:
        try:
            return f"{_iso(d)}/{_iso(d.replace(day=end_day))}", "range"
        except ValueError:
            return _iso(d), "day"
    return _with_time(_iso(d), text)


def _year_for_month(
    month: int, anchor: Anchor, cue: str | None, past: bool, future: bool
) -> int | None:
    """Year of a bare month ("in July", "last March"), by the same convention as a month-day."""
    pub = anchor.published
    if cue in ("last", "next") and pub is not None:
        if cue == "last":
            return pub.year if month < pub.month else pub.year - 1
        return pub.year if month > pub.month else pub.year + 1
    if anchor.year is None:
        return None
    if pub is not None and anchor.year == pub.year:
        if past and not future and month > pub.month:
            return pub.year - 1
        if future and not past and month < pub.month - 2:
            return pub.year + 1
    return anchor.year


# --------------------------------------------------------------------------------------------
# The stage


def _published_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        m = re.match(r"(\d{4})-(\d\d)-(\d\d)", value)
        return dt.date(*map(int, m.groups())) if m else None


def is_caption(sentence: str) -> bool:
    """A photo caption left in the body: a photo credit, or '<who> speaks during …' + full date."""
    if _CAPTION_CREDIT.search(sentence):
        return True
    return bool(_CAPTION_ACTION.search(sentence) and _FULL_DATE.search(sentence))


def _tense(doc: Doc | None, start: int, end: int, text: str) -> tuple[bool, bool]:
    """(past, future) of the clause a date sits in.

    The verb that governs the date decides, not the whole sentence: in "He said on Monday that
    talks would resume next Tuesday" Monday is past and Tuesday future. Without a parse, the 80
    characters before the date stand in for the clause.
    """
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    if span is None or len(span) == 0:
        window = text[max(0, start - 80) : end]
        return True, bool(_FUTURE.search(window))
    tok = span.root
    hops = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head is not tok and hops < 6:
        tok, hops = tok.head, hops + 1
    if tok.pos_ not in ("VERB", "AUX"):
        sent = span.sent
        return bool({t.tag_ for t in sent} & {"VBD", "VBN"}), bool(_FUTURE.search(sent.text))
    kids = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    future = bool(kids & {"will", "'ll", "shall", "wo"}) or tok.lower_ in ("will", "'ll")
    # "is set to meet", "plans to", "is expected to", "scheduled": the governing verb is an xcomp
    head = tok.head if tok.dep_ in ("xcomp", "ccomp") else tok
    if head.lemma_ in ("plan", "expect", "set", "schedule", "due", "intend", "aim", "hope"):
        future = True
    if re.search(r"\bnext\b|\bupcoming\b", span.text, re.I):
        future = True
    aux_tags = {c.tag_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    past = tok.tag_ in ("VBD", "VBN") or "VBD" in aux_tags
    # "agreed to sell the unit in October": the bare infinitive takes its tense from the verb it
    # complements (a planning verb above already made it future).
    if not past and tok.tag_ == "VB" and tok.dep_ == "xcomp" and not future:
        head_aux = {c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass")}
        past = head.tag_ in ("VBD", "VBN") or "VBD" in head_aux
    # News present tense with a day is a schedule ("Trump and Clinton meet Monday"); speech
    # verbs are the exception ("Rutte says Monday ..." reports what was said).
    if (
        tok.tag_ in ("VBZ", "VBP")
        and not aux_tags
        and tok.lemma_ not in _SPEECH_LEMMAS
        and tok.lemma_ != "be"
    ):
        future = True
    return past and not future, future


def _full_dates(text: str) -> list[tuple[int, int]]:
    """(offset, year) of every date written with day, month and year."""
    out = []
    for m in _FULL_DATE.finditer(text):
        out.append((m.start(), int(re.search(_YEAR, m.group(0)).group(0))))  # type: ignore[union-attr]
    for m in re.finditer(rf"\b({_YEAR})-[01]\d-[0-3]\d\b", text):
        out.append((m.start(), int(m.group(1))))
    return sorted(out)


def _paragraph_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _context_year(
    text: str, at: int, full: list[tuple[int, int]], pub: dt.date | None, fallback: int | None
) -> int | None:
    """The year a yearless date at ``at`` belongs to.

    With a publication date: its year, unless a full date earlier in the same paragraph gives
    another (an article recounting 2022 says "On March 3, 2022, … On March 5, …"). Without one:
    the nearest full date before it anywhere, else the first after, else ``fallback``.
    """
    before = [y for off, y in full if off < at]
    if pub is not None:
        para = _paragraph_start(text, at)
        near = [y for off, y in full if para <= off < at]
        return near[-1] if near else pub.year
    if before:
        return before[-1]
    if full:
        return full[0][1]
    return fallback


def read_dates(
    article: Article, doc: Doc | None, fallback_year: int | None = None
) -> tuple[list[DateMention], str | None, bool]:
    """The article's date mentions and its publication date (given or inferred), without writing.

    Returns ``(mentions, published, inferred)``; :func:`extract_dates` stores them. The claims
    stage calls this when the dates stage did not run.
    """
    text = article.text
    cands = find_candidates(text, doc)
    sents = list(doc.sents) if doc is not None else []
    starts = [s.start_char for s in sents]
    full = _full_dates(text)
    if not full and fallback_year is None:
        # A caption or byline cleaning took out still says which year the story is in.
        removed = [y for r in article.removed for _, y in _full_dates(r.text)]
        fallback_year = max(removed) if removed else None

    def sentence_at(i: int) -> Span | None:
        k = bisect.bisect_right(starts, i) - 1
        return sents[k] if k >= 0 and i < sents[k].end_char else None

    pub = _published_date(article.published)
    published, inferred = article.published, article.published_inferred
    if pub is None:
        pub = _infer_published(text, cands, full, sentence_at, fallback_year)
        if pub is not None:
            published, inferred = pub.isoformat(), True

    mentions: list[DateMention] = []
    for c in cands:
        sent = sentence_at(c.start)
        past, future = _tense(doc, c.start, c.end, text)
        anchor = Anchor(pub, _context_year(text, c.start, full, pub, fallback_year))
        try:
            res = normalise(c.text, c.kind, anchor, past=past, future=future)
        except (OverflowError, ValueError):  # a bogus publication date near year 1 or 9999
            res = None
        if res is None:
            continue
        value, gran = res
        line = _line(text, c.start)
        caption = (sent is not None and is_caption(sent.text)) or (
            len(line) < 400 and is_caption(line)
        )
        mentions.append(DateMention(c.text, c.start, c.end, value, gran, caption))  # type: ignore[arg-type]
    return mentions, published, inferred


def extract_dates(article: Article, doc: Doc | None, fallback_year: int | None = None) -> None:
    """Find and normalise the article's dates; infer ``published`` when it is missing."""
    mentions, published, inferred = read_dates(article, doc, fallback_year)
    article.dates = mentions
    if article.published is None and published is not None:
        article.published, article.published_inferred = published, inferred


def _line(text: str, i: int) -> str:
    end = text.find("\n", i)
    return text[_paragraph_start(text, i) : end if end >= 0 else len(text)]


def _infer_published(text, cands, full, sentence_at, fallback_year):  # noqa: ANN001,ANN202
    """The latest explicit date the article reports (full, or month-day with a year in context).

    Dates in future-tense sentences ("will meet on Sept. 15") are left out: they lie after
    publication by definition.
    """
    best: dt.date | None = None
    for c in cands:
        if c.kind not in ("mdy", "dmy", "iso"):
            continue
        sent = sentence_at(c.start)
        context = sent.text if sent is not None else text[max(0, c.start - 80) : c.end]
        if _FUTURE.search(context):
            continue
        anchor = Anchor(None, _context_year(text, c.start, full, None, fallback_year))
        res = normalise(c.text, c.kind, anchor)
        if res is None or res[0] is None:
            continue
        d = _published_date(res[0].split("/")[-1])
        if d is not None and (best is None or d > best):
            best = d
    return best


@stage("dates", requires=("parse",))
def dates(article: Article, ctx: Context) -> None:
    """Date and time expressions normalised against the (possibly inferred) publication date."""
    fallback = ctx.options.get("reference_year")
    extract_dates(article, doc_for(article, ctx), int(fallback) if fallback else None)


__all__ = [
    "dates",
    "extract_dates",
    "read_dates",
    "find_candidates",
    "normalise",
    "is_caption",
    "Anchor",
]
