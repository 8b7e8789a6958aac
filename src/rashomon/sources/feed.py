"""RSS and Atom feeds (feedparser): one article per entry.

An entry's ``content:encoded``/``content`` (or, failing that, its ``summary``) becomes the
article's HTML. The outlet is the entry's own before the feed's: its ``<source>`` element (what
aggregators and multi-outlet wires carry), an author or publisher the outlet table knows as an
outlet, then what cleaning finds (the page's site name, the text naming itself, the link's
domain when it is not the feed's own site); the feed's title only when nothing else names one
(``meta["feed_title"]``, used by the clean stage). An entry that carries only a link is fetched
through the URL reader with the same options when ``ReadOptions.fetch_feed_links`` is set, and the
fetched page becomes the article (with the entry's metadata filling what the page lacks).
"""

from __future__ import annotations

import calendar
import re
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
    if "html" in ctype and _BLOCK.search(value):
        return value, None
    if "html" in ctype:  # prose with at most inline markup: its text, not a page to extract
        value = _inline_text(value)
    return None, normalise_newlines(value)


#: A block element: without one, an "HTML" description is prose (many feeds send the summary as
#: plain sentences), which page extraction finds no body in ("no article body found").
_BLOCK = re.compile(
    r"<(?:p|div|br|li|ul|ol|h[1-6]|article|section|blockquote|table|tr|pre|figure)\b", re.I
)


def _inline_text(value: str) -> str:
    import lxml.html

    try:
        return lxml.html.fragment_fromstring(value, create_parent="div").text_content()
    except (lxml.etree.ParserError, ValueError):
        return value


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


def entry_key(entry: Any) -> str | None:
    """What identifies an entry across polls of its feed: its id (guid), else its link, else
    its title and date (a watch skips the entries whose key it has seen)."""
    for k in ("id", "link"):
        v = (entry.get(k) or "").strip()
        if v:
            return v
    title = (entry.get("title") or "").strip()
    when = entry.get("published") or entry.get("updated") or ""
    return f"{title}|{when}" if title else None


def _entry_outlet(entry: Any) -> str | None:
    """The outlet an entry names itself: its <source> (RSS) or source title (Atom), or an
    author or publisher that the outlet table knows as an outlet (never a person's name)."""
    from ..outlets import shipped_table

    src = entry.get("source") or {}
    name = (src.get("title") or "").strip() if isinstance(src, dict) else ""
    if name:
        return name
    for key in ("publisher", "author"):
        known = shipped_table().named((entry.get(key) or "").strip())
        if known is not None:
            return known.name
    return None


def _fill(art: Article, entry: Any, feed: dict[str, str | None]) -> None:
    """Entry metadata onto an article, never overwriting what the article already has."""
    art.title = art.title or (entry.get("title") or "").strip() or None
    art.url = art.url or entry.get("link") or None
    art.published = art.published or _published(entry)
    if not art.outlet and (own := _entry_outlet(entry)):
        art.outlet, art.outlet_source = own, "record"
    author = (entry.get("author") or "").strip() or None
    if author and author != art.outlet:
        art.byline = art.byline or author
    if feed.get("title"):
        art.meta.setdefault("feed_title", feed["title"])
    if feed.get("host"):
        art.meta.setdefault("feed_host", feed["host"])
    if key := entry_key(entry):
        art.meta.setdefault("entry_key", key)
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
    from ..outlets import host_of

    head = parsed.get("feed") or {}
    feed = {
        "title": (head.get("title") or "").strip() or None,
        "host": host_of(head.get("link")) or host_of(inp.url) or host_of(inp.source),
    }
    decoded = Decoded("", parsed.get("encoding") or "utf-8")
    skip = inp.opts.skip_entries
    for n, entry in enumerate(entries, 1):
        where = f"{inp.source}#entry={n}"
        if skip and entry_key(entry) in skip:
            continue
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
                yield from _fetch_entry(inp, entry, n, link, feed)
            continue
        body = (html if html is not None else text) or ""
        art = new_article(inp, body.encode("utf-8"), "feed", decoded, ("entry", n))
        art.url = None
        if html is not None:
            art.html = html
        else:
            art.raw_text = body
        _fill(art, entry, feed)
        yield inp.item(art)


def _fetch_entry(
    inp: Input, entry: Any, n: int, link: str, feed: dict[str, str | None]
) -> Iterator[Item]:
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
            _fill(art, entry, feed)
            item.source = where
        yield item
