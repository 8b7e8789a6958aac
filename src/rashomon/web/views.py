"""What the pages and the API endpoints compute, kept apart from the routing in ``app.py``."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from ..errors import Code, RashomonError
from ..model import Article, Story
from ..sources.base import ReadOptions


def register_filters(env: Any) -> None:
    env.filters["pct"] = lambda x: f"{100 * float(x or 0):.0f}%"
    # One path segment: Jinja's own urlencode keeps "/", which would split "AC/DC" in two.
    env.filters["seg"] = lambda x: quote(str(x), safe="")


def story_rows(r: Any, limit: int, offset: int) -> list[dict[str, Any]]:
    """Stories newest first, with their outlets, article count, latest date and strongest
    difference: what a reader needs to pick one without opening it."""
    rows = []
    for s in r.store.list_stories(limit=limit, offset=offset):
        story = s if isinstance(s, Story) else r.store.get_story(s["id"])
        outlets = []
        dates = []
        for aid in story.articles:
            try:
                a = r.get(aid)
            except RashomonError:
                outlets.append("outlet unknown")
                continue
            outlets.append(a.outlet or "outlet unknown")
            if a.published:
                dates.append(a.published[:10])
        diffs = [a for a in story.alignments if a.relation in ("contradicts", "differs")]
        diffs.sort(key=lambda a: (a.relation != "contradicts", -a.score))
        strongest = None
        if diffs:
            strongest = {"relation": diffs[0].relation, "detail": diffs[0].detail or ""}
        rows.append(
            {
                "id": story.id,
                "title": story.title,
                "articles": len(story.articles),
                "outlets": sorted(set(outlets)),
                "latest": max(dates) if dates else None,
                "alignments": len(story.alignments),
                "differences": len(diffs),
                "strongest_difference": (diffs[0].detail or diffs[0].relation) if diffs else None,
                "strongest": strongest,
            }
        )
    return rows


def story_people(articles: list[Article]) -> list[dict[str, Any]]:
    """Who is in the story, article by article: mentions and quotes per canonical entity, so the
    story page can link each actor to its page (the shared report fragment has no such links)."""
    rows: dict[str, dict[str, Any]] = {}
    for i, a in enumerate(articles):
        for e in a.entities:
            if not e.canonical:
                continue
            row = rows.setdefault(
                e.canonical,
                {"name": e.canonical, "label": e.label, "mentions": [0] * len(articles),
                 "quotes": [0] * len(articles)},  # fmt: skip
            )
            row["mentions"][i] += 1
        for q in a.quotes:
            if not q.speaker:
                continue
            row = rows.setdefault(
                q.speaker,
                {"name": q.speaker, "label": "", "mentions": [0] * len(articles),
                 "quotes": [0] * len(articles)},  # fmt: skip
            )
            row["quotes"][i] += 1
    out = list(rows.values())
    for row in out:
        row["total_quotes"] = sum(row["quotes"])
        row["total_mentions"] = sum(row["mentions"])
    out.sort(key=lambda x: (-x["total_quotes"], -x["total_mentions"], x["name"]))
    return out


def story_html(articles: list[Article], story: Story) -> Markup:
    """The story's body: the same content as the standalone HTML report."""
    from ..render.html import render_story_fragment

    return Markup(render_story_fragment(articles, story))  # noqa: S704 (escaped by the renderer)


def marked_text(a: Article) -> Markup:
    """The article's text with quotes, entities and dates marked; every piece escaped.

    Marks nest (an entity inside a quote keeps its own mark); a mark that would cross another's
    boundary is dropped rather than producing broken HTML. Line breaks are kept as text and
    shown with ``white-space: pre-wrap``, so no mark is ever cut by a paragraph tag.
    """
    text = a.text
    n = len(text)
    marks: list[tuple[int, int, int, str, str]] = []  # start, end, priority, class, title
    for q in a.quotes:
        marks.append((q.start, q.end, 0, "quote", f"{q.kind} quote: {q.speaker or '?'} ({q.cue or ''})"))
    for e in a.entities:
        marks.append((e.start, e.end, 1, "entity", f"{e.label}: {e.canonical}"))
    for d in a.dates:
        marks.append((d.start, d.end, 2, "date", f"date: {d.value or '?'}"))
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0]), m[2]))
    out: list[str] = []
    stack: list[int] = []  # ends of the open marks, innermost last
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(str(escape(text[pos:end])))
            out.append("</span>")
            pos = end

    for start, end, _prio, cls, title in marks:
        if start < 0 or end > n or start >= end or start < pos:
            continue
        close_until(start)
        if stack and end > stack[-1]:
            continue  # would cross the enclosing mark
        out.append(str(escape(text[pos:start])))
        out.append(f'<span class="mark {cls}" title="{escape(title)}">')
        stack.append(end)
        pos = start
    close_until(n)
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))  # noqa: S704 (every piece above is escaped)


def entity_data(r: Any, name: str) -> dict[str, Any]:
    """An actor's mentions, quotes and claims across outlets, over time."""
    data = r.store.entity(name)
    outlets: dict[str, dict[str, int]] = {}
    for kind in ("quotes", "claims"):
        for row in data[kind]:
            counts = outlets.setdefault(row.get("outlet") or "?", {"quotes": 0, "claims": 0})
            counts[kind] += 1
    data["by_outlet"] = [{"outlet": k, **v} for k, v in sorted(outlets.items())]
    if not data["mentions"] and not data["quotes"] and not data["claims"]:
        raise RashomonError(Code.NOT_FOUND, f"no entity named {name!r} in the database")
    return data


def compare_ids(r: Any, ids: list[str]) -> Story:
    from ..compare import analyze_story

    articles = [r.get(i) for i in ids]
    articles = r.read(articles)
    story = analyze_story(articles)
    r.store.put_story(story)
    return story


def _after_ingest(r: Any, result: Any, analyze: bool) -> dict[str, Any]:
    out = result.to_dict()
    out["stories"] = []
    ids = [a.id for a in result.added] + [i for _, i in result.duplicates]
    if analyze and ids:
        _, stories, _ = r.analyze(ids)
        out["stories"] = [{"id": s.id, "title": s.title, "articles": s.articles} for s in stories]
    return out


def ingest_request(r: Any, req: Any, opts: ReadOptions) -> dict[str, Any]:
    import json

    meta = {"title": req.title, "outlet": req.outlet, "byline": req.byline, "published": req.published}
    if req.url:
        result = r.ingest([req.url], opts)
    elif req.html:
        result = r.ingest_bytes(req.html.encode("utf-8"), "article.html", opts, meta)
    elif req.text:
        record = {k: v for k, v in meta.items() if v}
        record["text"] = req.text
        result = r.ingest_bytes(json.dumps(record).encode("utf-8"), "article.json", opts)
    else:
        raise RashomonError(Code.USAGE, "give one of text, html or url")
    if result.errors and not result.added and not result.duplicates:
        raise result.errors[0]
    return _after_ingest(r, result, req.analyze)


def ingest_form(
    r: Any,
    text: str,
    url: str,
    title: str,
    outlet: str,
    uploads: list[tuple[str, bytes]],
    opts: ReadOptions,
) -> dict[str, Any]:
    from ..api import IngestResult

    total = IngestResult()
    meta = {"title": title.strip(), "outlet": outlet.strip()}
    parts: list[Any] = []
    if text.strip():
        parts.append(r.ingest_bytes(text.encode("utf-8"), "pasted.txt", opts, meta))
    if url.strip():
        parts.append(r.ingest([url.strip()], opts))
    for name, data in uploads:
        parts.append(r.ingest_bytes(data, name, opts))
    if not parts:
        raise RashomonError(Code.USAGE, "paste a text, give a URL or choose files")
    for p in parts:
        total.added += p.added
        total.duplicates += p.duplicates
        total.errors += p.errors
    out = _after_ingest(r, total, True)
    story = None
    multi = [s for s in out["stories"] if len(s["articles"]) > 1]
    if multi and not total.errors:
        story = multi[0]["id"]
    out["story"] = story
    return out
