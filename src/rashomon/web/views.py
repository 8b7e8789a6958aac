"""What the pages and the API endpoints compute, kept apart from the routing in ``app.py``."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from ..errors import Code, RashomonError
from ..model import Article, Story
from ..render._view import outlet_colour
from ..sources.base import ReadOptions

#: What to do, said for the web: the default fixes of errors.FIXES name command-line flags.
API_FIXES = {
    Code.USAGE: "see the API description at /api/v1/openapi.json",
    Code.TOO_LARGE: "send less at once: split the input into smaller files",
    Code.FORBIDDEN_ADDRESS: "the server fetches private or local addresses only when started "
    "with 'rashomon serve --allow-private'",
}
PAGE_FIXES = {
    **API_FIXES,
    Code.USAGE: "check the fields of the form and try again",
    Code.AUTH: "paste the write token that 'rashomon serve' printed (a new one: 'rashomon token "
    "--rotate')",
}


def error_dict(err: RashomonError, api: bool) -> dict[str, str | None]:
    """The error shape, with a fix meant for the web: an error that kept its command-line fix
    (errors.FIXES) gets the API's or the pages' instead."""
    from ..errors import FIXES

    out = err.to_dict()
    if err.fix == FIXES.get(err.code):
        out["fix"] = (API_FIXES if api else PAGE_FIXES).get(err.code, err.fix)
    return out


def register_filters(env: Any) -> None:
    env.filters["pct"] = lambda x: f"{100 * float(x or 0):.0f}%"
    # One path segment: Jinja's own urlencode keeps "/", which would split "AC/DC" in two.
    env.filters["seg"] = lambda x: quote(str(x), safe="")
    # The outlet's colour class (cN): the same palette index the reports give it.
    env.filters["outlet_colour"] = outlet_colour


def outlets_css() -> str:
    """The palette as classes ``cN`` (sets ``--c``), shared with the reports' stylesheet, and how
    the app draws an outlet's name in its colour."""
    from ..render._view import ARTICLE_COLOURS

    rules = [f".c{i}{{--c:{c}}}" for i, c in enumerate(ARTICLE_COLOURS)]
    rules.append(
        ".outlet{display:inline-block;border-left:.35em solid var(--c,#444);padding:0 .35em;"
        "background:#f1f3f5;border-radius:2px;color:var(--ink,#1d232b);font-size:.88em}"
    )
    return "\n".join(rules) + "\n"


def story_rows(r: Any, limit: int, offset: int, **filters: str | None) -> list[dict[str, Any]]:
    """One page of :func:`story_listing` (the rows alone)."""
    return story_listing(r, limit, offset, **filters)[0]


def story_listing(
    r: Any,
    limit: int,
    offset: int,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Stories by latest activity, newest first, and how many match (see
    :meth:`rashomon.api.Rashomon.stories`)."""
    rows, total = r.stories(limit, offset, outlet=outlet, since=since, until=until)
    return list(rows), int(total)


#: Where each search match starts and ends in a snippet from the store: private-use characters,
#: which news text does not use, so a "«" or "»" in an article is never taken for a mark.
MATCH_OPEN, MATCH_CLOSE = "\ue000", "\ue001"


def split_snippet(snippet: str) -> tuple[str, list[list[int]]]:
    """A marked snippet as plain text and the ``[start, end)`` spans of its matches.

    The markers are removed from the text. Unbalanced markers (an article that itself holds one)
    never give a broken span: a second opening inside a match, or a closing outside one, is
    dropped, and a match still open at the end closes there.
    """
    plain: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    start: int | None = None
    for ch in snippet:
        if ch == MATCH_OPEN:
            if start is None:
                start = pos
        elif ch == MATCH_CLOSE:
            if start is not None:
                if pos > start:
                    spans.append([start, pos])
                start = None
        else:
            plain.append(ch)
            pos += 1
    if start is not None and pos > start:
        spans.append([start, pos])
    return "".join(plain), spans


def snippet_html(text: str, spans: list[list[int]]) -> Markup:
    """The snippet escaped, each match in a ``<mark>``: the text is escaped piece by piece and
    only the app writes tags, so hostile text stays text."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(str(escape(text[pos:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))  # noqa: S704 (every piece above is escaped)


def search_hits(
    r: Any,
    query: str,
    limit: int,
    html: bool = False,
    offset: int = 0,
    sort: str = "relevance",
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    """A page of search hits (``Rashomon.search``) with each ``snippet`` as plain text and
    ``highlights``, the ``[start, end)`` character spans of the matches in it (what the HTTP API
    returns); with ``html``, also ``snippet_html``, the snippet escaped with each match in a
    ``<mark>`` (the search page)."""
    found = r.search(
        query, limit=limit, offset=offset, sort=sort, since=since or None, until=until or None,
        marks=(MATCH_OPEN, MATCH_CLOSE),
    )
    for h in found.hits:
        h["snippet"], h["highlights"] = split_snippet(h["snippet"] or "")
        if html:
            h["snippet_html"] = snippet_html(h["snippet"], h["highlights"])
    out = found.to_dict()
    out["offset"], out["limit"] = offset, limit
    return out


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
    data = r.entity(name)
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
    """Compare stored articles as one story (an unknown id is a 404, not a missing file)."""
    _, story, _ = r.compare([r.get(i).id for i in ids])
    assert story is not None  # stored articles are always read
    return story


def _after_ingest(
    r: Any, result: Any, analyze: bool, api: bool = True, progress: Any = None
) -> dict[str, Any]:
    out = result.to_dict()
    out["errors"] = [error_dict(e, api) for e in result.errors]
    out["stories"] = []
    ids = [a.id for a in result.added] + [i for _, i in result.duplicates]
    if analyze and ids:
        r.analyze(ids, progress=progress)
        # The stored stories the articles are now in (stable ids from the corpus index): a story
        # page to open, which may hold articles ingested in earlier sessions too.
        for s in r.grouped_stories(ids):
            out["stories"].append({"id": s.id, "title": s.title, "articles": s.articles})
    return out


def _outlet_is_a_guess(a: Article) -> bool:
    """True when the article names no outlet, or only one read off its web address: the clean
    stage's own guess from the domain (``outlet_source`` "url"), or the HTML extractor's
    fallback to the page's host name (which the clean stage files under "html")."""
    if not a.outlet or a.outlet_source == "url":
        return True
    if a.outlet_source != "html":
        return False
    name = a.outlet.strip().lower()
    for address in (a.url, a.source):
        host = urlsplit(address or "").netloc.lower()
        if host:
            host = re.sub(r"^(?:www|w\d+)\.", "", host.rsplit("@", 1)[-1])
            if name in (host, host.split(":", 1)[0]):
                return True
    return False


def fill_outlet(r: Any, result: Any, outlet: str | None) -> None:
    """Give ``outlet`` to the new articles of ``result`` whose input names no outlet of its own.

    For uploaded files and URLs the form's (or the request's) outlet is a fallback: what the
    input names wins (a JSON record's ``outlet``, a feed's title, a page's site name, an author
    bio or a copyright line); a name only read off the web address does not, and is replaced
    (see :func:`_outlet_is_a_guess`). Articles already stored (duplicates) are left as stored.
    Pasted text is not handled here: the form's outlet is its outlet, given to ``ingest_bytes``.
    """
    outlet = (outlet or "").strip()
    if not outlet:
        return
    changed = []
    for a in result.added:
        if _outlet_is_a_guess(a):
            a.outlet, a.outlet_source = outlet, "record"
            changed.append(a)
    if changed:
        r.save(changed)


def web_url(url: str) -> str:
    """``url`` if it is an http(s) address, else a refusal: the web app and the API never take a
    path (a server file, a folder, ``-`` for the server's standard input) for a URL."""
    from ..sources.url import is_url

    url = url.strip()
    if not is_url(url):
        raise RashomonError(
            Code.USAGE,
            f"the url field takes an http:// or https:// address, not {url[:200]!r}",
            fix="give the web address of an article or a feed; to add a file, upload it",
        )
    return url


def ingest_request(r: Any, req: Any, opts: ReadOptions) -> dict[str, Any]:
    import json

    meta = {"title": req.title, "outlet": req.outlet, "byline": req.byline, "published": req.published}
    if req.url:
        result = r.ingest([web_url(req.url)], opts)
        fill_outlet(r, result, req.outlet)
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
    progress: Any = None,
) -> dict[str, Any]:
    """The form's inputs stored, read, grouped and compared; ``progress(stage, done, total)``
    hears each step (the background job's page shows it)."""
    from ..api import IngestResult

    if not (text.strip() or url.strip() or uploads):
        raise RashomonError(Code.USAGE, "paste a text, give a URL or choose files")
    step = progress or (lambda *_a: None)
    inputs = int(bool(text.strip())) + int(bool(url.strip())) + len(uploads)
    total = IngestResult()
    meta = {"title": title.strip(), "outlet": outlet.strip()}
    address = web_url(url) if url.strip() else None  # refused before anything is stored
    parts: list[Any] = []
    step("ingest", 0, inputs)
    if text.strip():
        parts.append(r.ingest_bytes(text.encode("utf-8"), "pasted.txt", opts, meta))
        step("ingest", len(parts), inputs)
    if address:
        parts.append(r.ingest([address], opts))
        fill_outlet(r, parts[-1], meta["outlet"])
        step("ingest", len(parts), inputs)
    for name, data in uploads:
        parts.append(r.ingest_bytes(data, name, opts))
        fill_outlet(r, parts[-1], meta["outlet"])
        step("ingest", len(parts), inputs)
    for p in parts:
        total.added += p.added
        total.duplicates += p.duplicates
        total.errors += p.errors
    out = _after_ingest(r, total, True, api=False, progress=progress)
    story = None
    multi = [s for s in out["stories"] if len(s["articles"]) > 1]
    if multi and not total.errors:
        story = multi[0]["id"]
    out["story"] = story
    return out


def epoch_iso(t: float | None) -> str:
    """Epoch seconds as a UTC minute ("2026-03-14 08:00"), "-" for none (the watch's times)."""
    if not t:
        return "-"
    from datetime import UTC, datetime

    return datetime.fromtimestamp(float(t), UTC).strftime("%Y-%m-%d %H:%M")
