"""What the pages and the API endpoints compute, kept apart from the routing in ``app.py``."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..errors import Code, RashomonError
from ..model import Article, Story
from ..sources.base import ReadOptions


def register_filters(env: Any) -> None:
    env.filters["pct"] = lambda x: f"{100 * float(x or 0):.0f}%"


def story_rows(r: Any, limit: int, offset: int) -> list[dict[str, Any]]:
    """Stories newest first, with their outlets, article count and strongest difference."""
    rows = []
    for s in r.store.list_stories(limit=limit, offset=offset):
        story = s if isinstance(s, Story) else r.store.get_story(s["id"])
        outlets = []
        for aid in story.articles:
            try:
                outlets.append(r.get(aid).outlet or "?")
            except RashomonError:
                outlets.append("?")
        diffs = [a for a in story.alignments if a.relation in ("contradicts", "differs")]
        diffs.sort(key=lambda a: (a.relation != "contradicts", -a.score))
        rows.append(
            {
                "id": story.id,
                "title": story.title,
                "articles": len(story.articles),
                "outlets": sorted(set(outlets)),
                "strongest_difference": (diffs[0].detail or diffs[0].relation) if diffs else None,
            }
        )
    return rows


def story_html(articles: list[Article], story: Story) -> Markup:
    """The story's body: the same content as the standalone HTML report."""
    from ..render.html import render_story_fragment

    return Markup(render_story_fragment(articles, story))  # noqa: S704 (escaped by the renderer)


def marked_text(a: Article) -> Markup:
    """The article's text with entities, quotes and dates marked; every piece escaped."""
    marks: list[tuple[int, int, str, str]] = []
    for q in a.quotes:
        marks.append((q.start, q.end, "quote", f"{q.kind} quote: {q.speaker or '?'} ({q.cue or ''})"))
    for e in a.entities:
        marks.append((e.start, e.end, "entity", f"{e.label}: {e.canonical}"))
    for d in a.dates:
        marks.append((d.start, d.end, "date", f"date: {d.value or '?'}"))
    # Non-overlapping, earliest first, longer first: nested marks are dropped rather than crossed.
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out: list[str] = []
    pos = 0
    for start, end, cls, title in marks:
        if start < pos or end > len(a.text) or start >= end:
            continue
        out.append(str(escape(a.text[pos:start])))
        out.append(
            f'<span class="mark {cls}" title="{escape(title)}">{escape(a.text[start:end])}</span>'
        )
        pos = end
    out.append(str(escape(a.text[pos:])))
    html = "".join(out).replace("\n\n", "</p><p>")
    return Markup(f"<p>{html}</p>")  # noqa: S704 (every piece above is escaped)


def entity_data(r: Any, name: str) -> dict[str, Any]:
    """An actor's mentions, quotes and claims across outlets, over time."""
    data = r.store.entity(name)
    if not data["mentions"] and not data["quotes"]:
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
