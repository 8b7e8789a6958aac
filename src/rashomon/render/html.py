"""The self-contained HTML report: one file, no network, articles side by side, claims linked.

Safety model: article text is untrusted. Everything reaches the page through Jinja2 with
autoescaping on; nothing derived from an article is ever marked safe. The only things written into
attributes that change behaviour (``id``, ``href``, ``class``) are built here from indices and from
closed vocabularies (relations, a sanitised stance word), never from article text. The page carries
a Content-Security-Policy that forbids scripts and every network fetch, so even a bug in escaping
could not run code or phone home. Charts are inline SVG drawn from numbers computed here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from ..model import SCHEMA_VERSION, Article, LoadedWord, Story
from . import _view
from ._view import ClaimRef, StoryView

TEMPLATES = Path(__file__).parent / "templates"
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)
_REL_RANK = {r: i for i, r in enumerate(_view.RELATIONS)}
#: The facts table's filter: every fact, or those of one relation ("related": with a related
#: claim elsewhere; "one": reported by one article only). Closed vocabulary: it names CSS classes.
FACT_FILTERS = ("all", "contradicts", "differs", "same", "related", "one")
M = TypeVar("M")
_LANG_RE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # a BCP 47 tag, nothing else


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the tests, not silently
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["share"] = _view.fmt_share
    env.filters["score"] = _view.fmt_score
    return env


def _css_word(s: str) -> str:
    """A value that is safe as a CSS class: lower-case letters, digits and dashes only."""
    return re.sub(r"[^a-z0-9-]+", "-", s.lower()).strip("-")[:32] or "other"


# --------------------------------------------------------------------------------------------
# Highlighting: the article text cut at claim offsets


@dataclass(slots=True)
class Mark:
    anchor: str
    relation: str  # contradicts | differs | related | same | only
    title: str
    links: list[tuple[str, str, int]] = field(default_factory=list)  # href, label, colour index


@dataclass(slots=True)
class Segment:
    text: str
    mark: Mark | None = None
    # The text cut again at loaded words: (piece, category or None); set by ``mark_loaded``.
    parts: list[tuple[str, str | None]] = field(default_factory=list)


def mark_loaded(segs: list[Segment], words: list[LoadedWord]) -> None:
    """Cut every segment at the loaded words inside it (a word across a segment edge is left
    unmarked); the pieces of a segment always join back to its text."""
    pos = 0
    spans = sorted((w.start, w.end, w.category) for w in words)
    for seg in segs:
        end = pos + len(seg.text)
        seg.parts = _cut(seg.text, [(s - pos, e - pos, c) for s, e, c in spans
                                    if pos <= s and e <= end])  # fmt: skip
        pos = end


def _cut(text: str, spans: list[tuple[int, int, M]]) -> list[tuple[str, M | None]]:
    """Cut ``text`` into plain and marked pieces; overlapping or out-of-range spans are dropped.

    Hand-written (no library does "split a string at non-overlapping offsets") and kept total:
    the pieces always join back to ``text`` exactly, whatever offsets the annotators produced.
    """
    out: list[tuple[str, M | None]] = []
    pos = 0
    n = len(text)
    for start, end, mark in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        start, end = max(start, 0), min(end, n)
        if start < pos or end <= start:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], mark))
        pos = end
    if pos < n:
        out.append((text[pos:], None))
    return out


def segments(text: str, spans: list[tuple[int, int, Mark]]) -> list[Segment]:
    """``text`` cut at the claim marks (see ``_cut``)."""
    return [Segment(t, m) for t, m in _cut(text, spans)]


# --------------------------------------------------------------------------------------------
# Inline SVG charts: geometry computed here, drawn by the template


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def voices_chart(v: StoryView, width: int = 640) -> dict[str, Any] | None:
    """Horizontal bars: share of quoted words per speaker, grouped by article."""
    if not any(v.voices):
        return None
    label_w, row_h, head_h, gap = 200, 22, 26, 10
    bar_max = width - label_w - 60
    rows: list[dict[str, Any]] = []
    y = 0
    for c, vs in zip(v.columns, v.voices, strict=True):
        if not vs:
            continue
        rows.append({"kind": "head", "y": y + 17, "text": c.label, "fill": c.colour})
        y += head_h
        for voice in vs[:12]:
            share = max(0.0, min(1.0, voice.share))
            rows.append({
                "kind": "bar", "y": y, "label": _clip(voice.speaker, 28), "full": voice.speaker,
                "w": round(share * bar_max, 1), "value": _view.fmt_share(voice.share),
                "fill": c.colour, "last": voice.last_word,
            })  # fmt: skip
            y += row_h
        y += gap
    return {"width": width, "height": y, "label_w": label_w, "row_h": row_h, "rows": rows}


_LABEL_ROWS = (-14, 24, -28, 38)  # label baselines relative to the lane's axis
_CHAR_W = 6.4  # mean advance of a 12px system sans-serif glyph, to size labels without a font


def _tick_text(d: date, value: str | None) -> str:
    """A tick as precise as the value it stands for: "Jul 2023" for a month, not "1 Jul 2023"."""
    v = (value or "").strip()
    if re.fullmatch(r"\d{4}", v):
        return str(d.year)
    if re.fullmatch(r"\d{4}-\d{1,2}", v):
        return d.strftime("%b %Y")
    return f"{d.day} {d.strftime('%b %Y')}"


def timeline_chart(v: StoryView, min_width: int = 900) -> dict[str, Any] | None:
    """Dated entries as dots on an axis, one lane per article, labelled, coloured by article.

    The axis is ordinal (distinct dates equally spaced, each labelled): a story's background
    (a 2023 summit) and its week of news (five days in 2025) would otherwise crush into one point.
    Labels alternate above and below their lane so neighbours do not overprint.
    """
    dated = [e for e in v.timeline if e.day is not None]
    if not dated:
        return None
    days: list[date] = sorted({e.day for e in dated if e.day is not None})
    tick_value: dict[date, str | None] = {}
    for e in dated:
        assert e.day is not None
        old = tick_value.get(e.day)
        if e.day not in tick_value or len(e.date or "") > len(old or ""):
            tick_value[e.day] = e.date  # the most precise value given for that day
    lanes = [c for c in v.columns if any(c.index in e.columns for e in dated)]
    lane_names = [(c.label, c.colour) for c in lanes]
    if any(not e.columns for e in dated):
        lane_names.append(("(unattributed)", "#888888"))
    lane_of = {c.index: i for i, c in enumerate(lanes)}
    left, right, top, lane_h, step = 180, 120, 40, 92, 130
    width = max(min_width, min(1600, left + right + step * (len(days) - 1)))
    plot_w = width - left - right
    x_of = {d: left + (plot_w / 2 if len(days) == 1 else plot_w * i / (len(days) - 1))
            for i, d in enumerate(days)}  # fmt: skip
    per_lane: dict[int, list[tuple[date, Any]]] = {}
    for e in dated:
        assert e.day is not None
        for lane in [lane_of[ci] for ci in e.columns if ci in lane_of] or [len(lanes)]:
            per_lane.setdefault(lane, []).append((e.day, e))
    dots: list[dict[str, Any]] = []
    for lane, entries in per_lane.items():
        entries.sort(key=lambda t: t[0])
        cy = top + lane * lane_h + lane_h / 2
        # Greedy label placement: each label takes the first row (above, below, further above,
        # further below) whose previous label ends left of it; rows hold extents in pixels.
        row_end = [float("-inf")] * len(_LABEL_ROWS)
        for day, e in entries:
            x = x_of[day]
            label = _clip(e.text, 30)
            half = len(label) * _CHAR_W / 2
            free = [i for i, end in enumerate(row_end) if end + 8 <= x - half]
            row = free[0] if free else min(range(len(row_end)), key=lambda i: row_end[i])
            row_end[row] = x + half
            dots.append({
                "x": round(x, 1), "y": round(cy, 1), "ly": round(cy + _LABEL_ROWS[row], 1),
                "label": label, "full": e.text, "date": e.date or "",
                "fill": lane_names[lane][1],
            })  # fmt: skip
    axis_y = top + len(lane_names) * lane_h
    ticks = [{"x": round(x_of[d], 1), "text": _tick_text(d, tick_value.get(d))} for d in days]
    return {
        "width": width, "height": axis_y + 80, "left": left, "right": width - right,
        "top": top, "lane_h": lane_h, "axis_y": axis_y, "ticks": ticks, "dots": dots,
        "lanes": [{"y": top + i * lane_h + lane_h / 2, "label": _clip(n, 20), "fill": col}
                  for i, (n, col) in enumerate(lane_names)],
    }  # fmt: skip


# --------------------------------------------------------------------------------------------
# The per-story context


def _story_context(v: StoryView, si: int) -> dict[str, Any]:
    prefix = f"s{si}"
    # Which claims get highlighted, with what relation and which counterparts.
    best: dict[str, str] = {}
    partners: dict[str, list[tuple[str, str]]] = {}  # claim id -> [(other claim id, relation)]
    if v.facts:
        # A claim is marked with its fact's relation and linked to the other versions of the
        # fact; a claim no other article reports is "only", whatever topic it shares.
        for f in v.facts:
            ids = [x.ref.id for x in f.versions if x is not None]
            if len(ids) < 2:
                # Still "only": a related claim elsewhere (same matter, not this fact) is linked
                # so the reader can compare, without hiding that one article alone reports it.
                for cid in ids:
                    partners[cid] = [(r.id, "related") for r in f.related]
                continue
            for cid in ids:
                best[cid] = f.relation
                partners[cid] = [(o, f.relation) for o in ids if o != cid]
    else:  # a story stored before facts existed: its alignments
        for al in v.alignments:
            ids = [r.id for r in al.claims]
            for cid in ids:
                if cid not in best or _REL_RANK[al.relation] < _REL_RANK[best[cid]]:
                    best[cid] = al.relation
                partners.setdefault(cid, []).extend((o, al.relation) for o in ids if o != cid)
    only = {r.id for refs in v.omissions for r in refs}
    anchors: dict[str, str] = {}
    for c in v.columns:
        if c.article is None:
            continue
        for k, cl in enumerate(c.article.claims):
            if cl.id in best or cl.id in only:
                anchors[cl.id] = f"{prefix}-a{c.index}-c{k}"
    label = {c.index: c.label for c in v.columns}
    hue = {c.index: c.hue for c in v.columns}

    # Pass 1: cut each text at its candidate claims; claims with offsets that are out of range or
    # overlap an earlier one are dropped by segments() and so get no anchor.
    columns = []
    marks: dict[str, tuple[str, Mark]] = {}  # claim id -> (its article's column label, mark)
    for c in v.columns:
        a = c.article
        spans: list[tuple[int, int, Mark]] = []
        claim_of: dict[str, str] = {}  # anchor -> claim id
        if a is not None:
            for cl in a.claims:
                if cl.id in anchors:
                    m = Mark(anchors[cl.id], best.get(cl.id, "only"), "")
                    spans.append((cl.start, cl.end, m))
                    claim_of[m.anchor] = cl.id
        segs = segments(a.text, spans) if a is not None else []
        mark_loaded(segs, v.loaded[c.index] if c.index < len(v.loaded) else [])
        for seg in segs:
            if seg.mark is not None:
                marks[claim_of[seg.mark.anchor]] = (c.label, seg.mark)
        columns.append({
            "index": c.index, "colour": c.hue, "label": c.label, "id": c.id,
            "anchor": f"{prefix}-a{c.index}", "article": a, "segments": segs,
            "lang": a.language if a is not None and _LANG_RE.fullmatch(a.language or "") else None,
        })  # fmt: skip
    anchors = {cid: m.anchor for cid, (_, m) in marks.items()}  # only what is on the page
    # Pass 2: link every mark to its counterparts that made it onto the page.
    for cid, (_, m) in marks.items():
        seen: set[str] = set()
        for other, _rel in partners.get(cid, []):
            col = v.claim_column.get(other)
            if other in anchors and other not in seen and col is not None:
                seen.add(other)
                m.links.append((f"#{anchors[other]}", label[col], hue[col]))
        shown = ", ".join(lb for _, lb, _ in m.links)
        m.title = ((f"only in this article; related: {shown}" if shown else "only in this article")
                   if m.relation == "only"
                   else f"{m.relation} — " + (shown or "no counterpart shown"))  # fmt: skip

    def claim_link(r: ClaimRef) -> dict[str, Any]:
        return {"text": r.text, "href": f"#{anchors[r.id]}" if r.id in anchors else None,
                "label": label.get(r.column, "?") if r.column is not None else "?",
                "colour": hue.get(r.column, _view.UNKNOWN_COLOUR) if r.column is not None else _view.UNKNOWN_COLOUR}  # fmt: skip

    alignments = [{"relation": al.relation, "score": al.score, "detail": al.detail,
                   "claims": [claim_link(r) for r in al.claims]} for al in v.alignments]  # fmt: skip
    omissions = [{"label": c.label, "colour": c.hue,
                  "claims": [claim_link(r) for r in refs]}
                 for c, refs in zip(v.columns, v.omissions, strict=True)]  # fmt: skip
    facts: list[dict[str, Any]] = [{
        "id": f.id, "relation": f.relation, "group": f.group, "confidence": f.confidence,
        "detail": f.detail, "text": f.text, "has_related": bool(f.related),
        "cells": [None if x is None else {**claim_link(x.ref), "source": x.source, "also": x.also}
                  for x in f.versions],
        "related": [claim_link(r) for r in f.related[:3]],
    } for f in v.facts]  # fmt: skip
    counts = {r: sum(f["relation"] == r for f in facts) for r in FACT_FILTERS[1:]}
    counts["related"] = sum(f["has_related"] for f in facts)
    counts["all"] = len(facts)
    loaded = [{"label": c.label, "colour": c.hue,
               "summary": _view.loaded_summary(words), "n": len(words)}
              for c, words in zip(v.columns, v.loaded, strict=False) if words]  # fmt: skip
    positions = [{"actor": actor, "cells": [[{
        "stance": p.stance, "stance_class": _css_word(p.stance), "text": p.text, "date": p.date,
        "evidence": [f"#{anchors[cid]}" for cid in p.claims if cid in anchors],
    } for p in entries] for entries in per]} for actor, per in v.positions]  # fmt: skip
    timeline = [{"date": e.date, "text": e.text, "event": e.event,
                 "by": [(label[i], hue[i]) for i in e.columns]} for e in v.timeline]  # fmt: skip
    return {
        "view": v, "prefix": prefix, "columns": columns, "alignments": alignments,
        "facts": facts, "fact_counts": counts, "filters": FACT_FILTERS, "loaded": loaded,
        "fact_summary": _view.fact_counts(v) if v.facts else "",
        "omissions": omissions, "positions": positions, "timeline": timeline,
        "voices": [{"label": c.label, "colour": c.hue, "voices": vs, "last": last}
                   for c, vs, last in zip(v.columns, v.voices, v.last_word, strict=True)],
        "voices_chart": voices_chart(v), "timeline_chart": timeline_chart(v),
        "has_removed": any(c.article is not None and c.article.removed for c in v.columns),
    }  # fmt: skip


@cache
def report_css() -> str:
    """The report's stylesheet (the web app can serve it as a file under its own CSP)."""
    base = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    colours = "\n".join(
        f".c{i}{{--c:{c}}} .fill-c{i}{{fill:{c}}}" for i, c in enumerate(_view.ARTICLE_COLOURS)
    )
    return f"{base}\n{colours}\n"


def render_story_fragment(articles: Sequence[Article], story: Story, index: int = 0) -> str:
    """One story's body as an HTML fragment (no <html>, no styles), for embedding in a page."""
    v = _view.build(list(articles), story)
    return _env().get_template("story.html.j2").render(s=_story_context(v, index))


def render_html(
    articles: Sequence[Article], stories: Sequence[Story], generated: str | None = None
) -> str:
    """The whole report as one self-contained HTML document (inline CSS and SVG, no scripts)."""
    views = _view.build_all(list(articles), list(stories))
    return _env().get_template("report.html.j2").render(
        stories=[_story_context(v, i) for i, v in enumerate(views)],
        unread=_view.unread_notes(articles),
        n_articles=len(articles), n_stories=len(stories), csp=CSP,
        css=Markup(report_css()),  # our own static stylesheet, no article text in it
        schema_version=SCHEMA_VERSION,
        generated=generated or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )  # fmt: skip
