"""RSS and Atom feeds (feedparser): one article per entry.

An entry's ``content:encoded``/``content`` (or, failing that, its ``summary``) becomes the
article's HTML; the feed's title is the outlet. An entry that carries only a link is fetched
through the URL reader with the same options when ``ReadOptions.fetch_feed_links`` is set, and the
fetched page becomes the article (with the entry's metadata filling what the page lacks).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..errors import Code, RashomonError
from ..model import Article
from .base import Item
from .common import Input, new_article, parse_date
from .detect import Decoded, normalise_newlines


def _entry_body(entry: Any) -> tuple[str | None, str | None]:
    """(html, text) of an entry: the longest content block, else the summary."""
    blocks = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if blocks:
        best = max(blocks, key=lambda c: len(c.get("value") or ""))
        value, ctype = best.get("value"), (best.get("type") or "text/html")
    elif (entry.get("summary") or "").strip():
        detail = entry.get("summary_detail") or {}
        value, ctype = entry.get("summary"), detail.get("type") or "text/html"
    else:
        return None, None
    if "html" in ctype:
        return value, None
    return None, normalise_newlines(value)


def _published(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).isoformat()
            except (OverflowError, ValueError, OSError):
                continue
    for key in ("published", "updated", "created"):
        if entry.get(key) and (iso := parse_date(entry.get(key))):
            return iso
    return None


def _fill(art: Article, entry: Any, outlet: str | None) -> None:
    """Entry metadata onto an article, never overwriting what the article already has."""
    art.title = art.title or (entry.get("title") or "").strip() or None
    art.byline = art.byline or (entry.get("author") or "").strip() or None
    art.url = art.url or entry.get("link") or None
    art.published = art.published or _published(entry)
    if outlet and not art.outlet:
        art.outlet, art.outlet_source = outlet, "record"
    if entry.get("id"):
        art.meta.setdefault("entry_id", entry.get("id"))
    raw_pub = entry.get("published") or entry.get("updated")
    if raw_pub and not art.published:
        art.meta["published_raw"] = raw_pub


def read_feed(inp: Input) -> Iterator[Item]:
    """The entries of a feed, in document order."""
    import feedparser

    headers = {"content-type": inp.content_type} if inp.content_type else None
    parsed = feedparser.parse(inp.data, response_headers=headers, sanitize_html=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            yield inp.error(Code.MALFORMED, f"not a readable feed ({exc})")
        else:
            yield inp.error(Code.EMPTY, "the feed has no entries")
        return
    feed_title = ((parsed.get("feed") or {}).get("title") or "").strip() or None
    decoded = Decoded("", parsed.get("encoding") or "utf-8")
    for n, entry in enumerate(entries, 1):
        where = f"{inp.source}#entry={n}"
        html, text = _entry_body(entry)
        if html is None and text is None:
            link = entry.get("link")
            if not link:
                yield inp.error(Code.NOT_ARTICLE, "the entry has no content and no link", where)
            elif not inp.opts.fetch_feed_links:
                yield inp.error(
                    Code.NOT_ARTICLE, f"the entry has only a link ({link}); fetching is off", where
                )
            else:
                yield from _fetch_entry(inp, entry, n, link, feed_title)
            continue
        body = (html if html is not None else text) or ""
        art = new_article(inp, body.encode("utf-8"), "feed", decoded, ("entry", n))
        art.url = None
        if html is not None:
            art.html = html
        else:
            art.raw_text = body
        _fill(art, entry, feed_title)
        yield inp.item(art)


def _fetch_entry(inp: Input, entry: Any, n: int, link: str, outlet: str | None) -> Iterator[Item]:
    from .url import read_url

    where = f"{inp.source}#entry={n}"
    try:
        items = list(read_url(link, inp.opts, follow_feeds=False))
    except RashomonError as exc:
        exc.source = exc.source or link
        yield Item(source=where, error=exc)
        return
    for item in items:
        if item.article is not None:
            art = item.article
            art.meta["fetched_from"] = art.source
            art.source, art.locator, art.kind = where, f"entry {n}", "feed"
            _fill(art, entry, outlet)
            item.source = where
        yield item
