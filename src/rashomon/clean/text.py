"""Separating an article body from page chrome in plain text (raw scrapes, pasted pages).

How it works, and why it is hand-written: the readability-style libraries (trafilatura, jusText,
readability) need the DOM; a raw scrape has lost it, leaving only lines. So each line is labelled
by the rules in :mod:`rashomon.clean.rules` (prose, heading, UI chrome, caption, teaser, byline,
bio, date, boilerplate), and the body is the densest run of prose: the maximum-sum segment of a
per-line score (prose lines score their word count, chrome and headings cost a little, captions
and teasers are neutral because they sit inside bodies). This is the idea behind boilerpipe's
and jusText's block scoring, applied to lines. Lines before the body (the header) give the title,
standfirst, byline and date; lines after it (the tail) give the byline block, author bio and
teasers of other stories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Removed
from . import rules

_MAX_WRAP = 100  # a text whose lines are all this short may be hard-wrapped
_TEASER_LINE_WORDS = 40  # the most a line under a closing teaser headline may hold


@dataclass(slots=True)
class Unit:
    """A line (or a hard-wrapped paragraph) of the input, with its offsets in the raw text."""

    start: int
    end: int
    text: str
    kind: str = ""  # what the rules say the line is
    reason: str | None = None  # why it is removed; None: kept in the body


@dataclass
class CleanedText:
    """What the text cleaner found: the body and the metadata the page carries."""

    text: str
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    outlet: str | None = None
    published: str | None = None  # the date text as written; parsed by the caller
    units: list[Unit] = field(default_factory=list)


def split_units(raw: str) -> list[Unit]:
    """Non-empty lines with offsets; hard-wrapped paragraphs are joined into one unit."""
    lines: list[Unit] = []
    pos = 0
    for line in raw.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            lines.append(Unit(pos + lead, pos + lead + len(stripped), stripped))
        else:
            lines.append(Unit(pos, pos, ""))  # blank marker
        pos += len(line) + 1
    wrapped = bool(lines) and max(len(u.text) for u in lines) <= _MAX_WRAP
    units: list[Unit] = []
    block: list[Unit] = []

    def flush() -> None:
        if not block:
            return
        # A line is continued by the next when the text is narrow, the line runs near the wrap
        # width and it breaks mid-sentence (no sentence end, or the next line goes on in lower case).
        cur = block[0]
        for nxt in block[1:]:
            mid_sentence = not rules.has_sentence_end(cur.text) or nxt.text[:1].islower()
            if wrapped and len(_last_line(raw, cur)) >= 50 and mid_sentence:
                cur = Unit(cur.start, nxt.end, f"{cur.text} {nxt.text}")
            else:
                units.append(cur)
                cur = nxt
        units.append(cur)
        block.clear()

    for u in lines:
        if u.text:
            block.append(u)
        else:
            flush()
    flush()
    return units


def _last_line(raw: str, u: Unit) -> str:
    """The last physical line of a (possibly joined) unit, to measure it against the wrap width."""
    return raw[u.start : u.end].rsplit("\n", 1)[-1]


def _classify(u: Unit) -> str:
    s = u.text
    n = rules.words(s)
    if rules.SEPARATOR_RE.match(s):
        return "separator"
    if rules.READ_TIME_RE.match(s):
        return "chrome"
    bare = s.strip("[](){}<>|•· ")
    if rules.BOUNDARY_RE.match(bare) or (n <= 25 and rules.COMMENT_COUNT_RE.match(bare)):
        return "boundary"
    if n <= 15 and rules.COMMENT_AUTHOR_RE.match(s):
        return "comment"
    if n <= 12 and rules.SHARE_RE.search(s):
        return "chrome"
    if n <= 30 and rules.TAGS_RE.match(s):
        return "chrome"
    if n <= 10 and rules.RELATIVE_TIME_RE.match(s):
        return "chrome"
    if rules.is_chrome_word(s):
        return "chrome"
    if rules.is_furniture(s):
        return "furniture"
    if n <= 12 and rules.is_date_line(s):
        return "date"
    if rules.TEASER_PREFIX_RE.match(s):
        return "teaser"
    if rules.COPYRIGHT_RE.match(s) and n <= 25:
        return "boilerplate"
    if rules.BOILERPLATE_RE.search(s) and n <= 60:
        return "boilerplate"
    if rules.is_caption(s) and not rules.DATELINE_RE.match(s):
        return "caption"
    if n <= 14 and (
        rules.BYLINE_RE.match(s)
        or rules.CREDIT_FOOTER_RE.match(s)
        or rules.INNER_BYLINE_RE.search(s)
    ):
        return "byline"
    if n <= 25 and rules.CREDIT_FOOTER_RE.match(s):
        return "byline"
    if n <= 8 and rules.ROLE_LINE_RE.match(s):
        return "role"
    if rules.BIO_RE.match(s) and not rules.DATELINE_RE.match(s):
        return "bio"
    if rules.LIST_ITEM_RE.match(s) and n >= 3:
        return "list"
    if rules.is_prose(s):
        return "prose"
    if rules.is_name_line(s):
        return "name"
    return "heading"


# Scores for the densest-segment search: prose pulls the body in, page furniture pushes it out.
_COST = {
    "separator": 0.0,
    "caption": 0.0,
    "teaser": 0.0,
    "furniture": 0.0,  # "Story continues below advertisement": it sits inside the body
    "chrome": -3.0,
    "date": -3.0,
    "byline": -3.0,
    "role": -4.0,
    "name": -4.0,
    "heading": -4.0,
    "list": 2.0,
    "bio": -15.0,
    "boilerplate": -15.0,
    "boundary": -40.0,
    "comment": -10.0,  # "Comments", "Related stories": the body does not run past these
}
_IMAGE_CHROME = re.compile(r"^(article image|image|photo|video|avatar|thumbnail)$", re.I)


# What separates a header block (title, standfirst) from the body on news pages.
_HEADER_MARKS = frozenset({"separator", "caption", "date", "byline", "chrome"})


def _score(u: Unit) -> float:
    if u.kind == "prose":
        return float(min(rules.words(u.text), 80))
    return _COST.get(u.kind, -4.0)


def _best_segment(units: list[Unit]) -> tuple[int, int] | None:
    """Kadane's maximum-sum run over the unit scores; None when nothing scores above zero."""
    best, best_span = 0.0, None
    cur, cur_start = 0.0, 0
    for i, u in enumerate(units):
        s = _score(u)
        if cur <= 0:
            cur, cur_start = s, i
        else:
            cur += s
        if cur > best:
            best, best_span = cur, (cur_start, i)
    return best_span


def clean_text(raw: str) -> CleanedText:
    """Split a raw scrape into the body (paragraphs joined by a blank line) and what was removed."""
    units = split_units(raw)
    for u in units:
        u.kind = _classify(u)
    # No prose at all: an empty body after the last line, so every line is judged as header.
    a, b = _best_segment(units) or (len(units), len(units) - 1)
    out = CleanedText(text="", units=units)

    # Header: the title is the last headline-like line before the body; lines of five words or
    # more first, since the short ones near the body are bylines ("Jane Doe in Kyiv") or labels.
    for min_words in (5, 3):
        cands = [
            i
            for i in range(a)
            if units[i].kind in ("heading", "name")
            and rules.is_headline_like(units[i].text)
            and rules.words(units[i].text) >= min_words
        ]
        if cands:
            out.title = units[cands[-1]].text
            break
    title_norm = rules.norm(out.title) if out.title else None

    # Standfirst: one or two prose lines opening the segment, cut off from the body by a
    # separator, caption, date or byline (the layout of a page's header block).
    if out.title is not None:
        j = a
        while (
            j <= b and j - a < 2 and units[j].kind == "prose" and rules.words(units[j].text) <= 80
        ):
            j += 1
        k, marked = j, False
        while k <= b and (
            units[k].kind in _HEADER_MARKS
            or units[k].kind == "name"
            or (units[k].kind == "heading" and rules.words(units[k].text) <= 6)
        ):
            marked = marked or units[k].kind in _HEADER_MARKS
            k += 1
        if a < j < k <= b and marked and not rules.DATELINE_RE.match(units[a].text):
            for i in range(a, j):
                units[i].reason = "standfirst"
            out.subtitle = " ".join(units[i].text for i in range(a, j))
            for i in range(j, k):  # the header block between standfirst and body
                if units[i].kind in ("name", "heading"):
                    units[i].reason = "byline" if _near_byline(units, i) else "chrome"

    # Teaser block closing the segment: a headline of another story and up to two lines
    # (often its quote), followed by image chrome or a teaser marker, or opening with a quote.
    for h in range(max(a + 1, b - 2), b + 1):
        u = units[h]
        if u.kind != "heading" or not rules.is_headline_like(u.text) or u.reason:
            continue
        after = units[h + 1 : b + 1]
        nxt = units[b + 1] if b + 1 < len(units) else None
        quoted = bool(after) and bool(rules.QUOTE_START_RE.match(after[0].text))
        marker = nxt is not None and (
            bool(_IMAGE_CHROME.match(nxt.text))
            or rules.TEASER_PREFIX_RE.match(nxt.text) is not None
            or rules.norm(nxt.text) in ("read more", "more", "related")
        )
        # A teaser's standfirst or pull quote is a sentence or two: a question line that ends
        # the body must not take a long paragraph of it along.
        short = all(rules.words(x.text) <= _TEASER_LINE_WORDS for x in after)
        if len(after) <= 2 and after and short and (quoted or marker):
            for x in units[h : b + 1]:
                x.reason = "teaser"
            break

    removed_kinds = {
        "separator": "separator",
        "chrome": "chrome",
        "furniture": "chrome",
        "caption": "caption",
        "teaser": "teaser",
        "byline": "byline",
        "role": "byline",
        "bio": "author-bio",
        "boilerplate": "boilerplate",
        "date": "date",
        "boundary": "chrome",
        "comment": "boilerplate",
    }
    for i, u in enumerate(units):
        if u.reason:
            continue
        if title_norm and rules.norm(u.text) == title_norm:
            u.reason = "title"
        elif a <= i <= b:
            # A "X is a reporter at Y" sentence between body paragraphs is news about a
            # journalist, not the author's bio (bios follow the body).
            u.reason = None if u.kind == "bio" else removed_kinds.get(u.kind)
        elif u.kind in removed_kinds:
            u.reason = removed_kinds[u.kind]
        elif u.kind == "name" or (u.kind == "heading" and rules.is_name_line(_strip_place(u.text))):
            u.reason = "byline" if _near_byline(units, i) else "chrome"
        elif u.kind == "heading" and rules.words(u.text) >= 4 and i > b:
            u.reason = "teaser"  # headlines after the body link to other stories
        elif u.kind == "prose":
            u.reason = "boilerplate"
        else:
            u.reason = "chrome"
    _metadata(units, out)
    body = [u for u in units if u.reason is None]
    out.text = "\n\n".join(u.text for u in body)
    out.removed = [
        Removed(text=u.text, reason=u.reason or "", start=u.start, end=u.end)
        for u in units
        if u.reason
    ]
    return out


def outlet_in(lines: list[str]) -> str | None:
    """The outlet a page names itself by in lines taken out of its body: an author bio
    ("... a reporter at The Outlet"), a copyright line. The first one that names it wins."""
    for line in lines:
        u = Unit(0, 0, line.strip())
        kind = _classify(u)
        if kind == "bio":
            name = rules.bio_outlet(u.text)
        elif kind == "boilerplate":
            name = rules.copyright_outlet(u.text)
        else:
            continue
        if name:
            return name
    return None


def _strip_place(line: str) -> str:
    """A byline without its place: "Jane Doe in Kyiv" -> "Jane Doe"."""
    return re.sub(r"\s+in\s+[A-ZÀ-ÖØ-Þ][\w .'-]*$", "", line)


def _near_byline(units: list[Unit], i: int) -> bool:
    """A name line belongs to the byline block when a role, bio, byline or avatar is beside it."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(units):
            v = units[j]
            if v.kind in ("role", "bio", "byline", "date") or rules.norm(v.text) == "avatar":
                return True
    return False


def _metadata(units: list[Unit], out: CleanedText) -> None:
    """Byline, self-named outlet and explicit date from the removed header and tail lines."""
    for u in units:
        if u.reason is None:
            continue
        s = u.text
        if out.byline is None and u.kind == "byline" and rules.BYLINE_RE.match(s):
            name = re.sub(r"^\S+(\s+by)?\s+", "", s, count=1)
            m = rules.BYLINE_DATE_RE.search(name)
            if m and rules.is_date_line(m.group("date")):
                if out.published is None:
                    out.published = rules.date_part(m.group("date"))
                name = name[: m.start()]
            out.byline = name.strip(" ,|·-–—")
        elif out.byline is None and u.kind in ("name", "heading") and u.reason == "byline":
            out.byline = _strip_place(s)
        elif u.kind == "bio":
            m = rules.BIO_RE.match(s)
            if out.byline is None and m:
                out.byline = m.group("name")
            if out.outlet is None:
                out.outlet = rules.bio_outlet(s)
        elif u.kind == "boilerplate" and out.outlet is None:
            out.outlet = rules.copyright_outlet(s)
        if u.kind == "date" and out.published is None:
            out.published = rules.date_part(s)
