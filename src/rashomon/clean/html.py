"""The HTML path: trafilatura for the body and the page's metadata, and the page's plain text.

trafilatura is run with ``favor_precision`` because news pages carry more furniture than body
misses; when that mode returns less than a third of what the default mode finds it has dropped
real body (it happens on pages whose paragraphs sit in unusual containers), so the default
result is used instead. On the article-extraction benchmark this pair beats either setting
alone (see benchmarks/results/extraction.md). Dates come only from the page's markup and
metadata (``extensive_search`` off), never from body text: the dates stage infers those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from ..model import Removed
from . import rules

# Elements a browser renders on a line of their own; their text is separated by newlines.
_BLOCK = frozenset(
    """address article aside blockquote body br dd details dialog div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table
    tbody td tfoot th thead tr ul option select button label legend caption""".split()
)
_INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
_FALLBACK_RATIO = 1 / 3


@dataclass
class ExtractedHtml:
    text: str  # body paragraphs joined by a blank line
    page_text: str  # the whole page as plain text, one block per line
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    sitename: str | None = None
    published: str | None = None
    language: str | None = None


def page_text(markup: str) -> str:
    """The page's visible text, each block element on its own line (what a reader sees)."""
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for el in list(root.iter(*_INVISIBLE)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter(lxml.etree.Comment):
        el.text = ""
    body = root.find("body")
    node = body if body is not None else root
    parts: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag in _BLOCK
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(node)
    text = "".join(parts)
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def _trafilatura(markup: str, url: str | None, precision: bool) -> object | None:
    import trafilatura

    return trafilatura.bare_extraction(
        markup,
        url=url,
        favor_precision=precision,
        include_comments=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def extract_body(markup: str, url: str | None = None) -> tuple[str, object | None]:
    """The body text (trafilatura's lines) and trafilatura's document with the metadata."""
    doc = _trafilatura(markup, url, precision=True)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    fallback = _trafilatura(markup, url, precision=False)
    fb_text = (getattr(fallback, "text", None) or "") if fallback is not None else ""
    if len(text) < _FALLBACK_RATIO * len(fb_text):
        return fb_text, fallback
    return text, doc if doc is not None else fallback


def filter_body_lines(
    lines: list[str], title: str | None = None
) -> tuple[list[str], list[Removed]]:
    """Drop the page furniture trafilatura sometimes keeps: the title, teaser links, UI labels."""
    kept: list[str] = []
    removed: list[Removed] = []
    title_norm = rules.norm(title) if title else None
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if title_norm and rules.norm(s) == title_norm:
            removed.append(Removed(text=s, reason="title"))
        elif rules.TEASER_PREFIX_RE.match(s) and rules.words(s) <= 30:
            removed.append(Removed(text=s, reason="teaser"))
        elif rules.words(s) <= 40 and rules.is_caption(s):
            removed.append(Removed(text=s, reason="caption"))
        elif rules.is_chrome_word(s) or rules.READ_TIME_RE.match(s) or rules.SEPARATOR_RE.match(s):
            removed.append(Removed(text=s, reason="chrome"))
        else:
            kept.append(s)
    return kept, removed


def extract_html(markup: str, url: str | None = None) -> ExtractedHtml:
    """Body, metadata and removed blocks of an HTML page."""
    body, doc = extract_body(markup, url)
    title = _clean(getattr(doc, "title", None)) if doc is not None else None
    kept, removed = filter_body_lines(body.split("\n"), title)
    text = "\n\n".join(kept)
    page = page_text(markup)
    out = ExtractedHtml(text=text, page_text=page, removed=removed)
    if doc is not None:
        out.title = _clean(getattr(doc, "title", None))
        out.subtitle = _clean(getattr(doc, "description", None))
        out.byline = _clean(getattr(doc, "author", None))
        out.sitename = _clean(getattr(doc, "sitename", None))
        out.published = _clean(getattr(doc, "date", None))
        out.language = _clean(getattr(doc, "language", None))
    out.removed.extend(
        _removed_blocks(page, text, out.title, {rules.norm(r.text) for r in removed})
    )
    return out


def _clean(value: object) -> str | None:
    if value is None:
        return None
    s = re.sub(r"\s+", " ", str(value)).strip()
    return s or None


def _removed_blocks(page: str, body: str, title: str | None, seen: set[str]) -> list[Removed]:
    """The page's text blocks that are not in the body, each with the reason the rules give."""
    body_norm = f" {rules.norm(body)} "
    title_norm = rules.norm(title) if title else None
    out: list[Removed] = []
    for line in page.split("\n"):
        n = rules.norm(line)
        if not n or n in seen or f" {n} " in body_norm:
            continue
        seen.add(n)
        out.append(Removed(text=line, reason="title" if n == title_norm else _reason(line)))
    return out


def _reason(line: str) -> str:
    if rules.is_caption(line):
        return "caption"
    if rules.TEASER_PREFIX_RE.match(line):
        return "teaser"
    if rules.BYLINE_RE.match(line) and rules.words(line) <= 14:
        return "byline"
    if rules.BIO_RE.match(line):
        return "author-bio"
    if rules.is_date_line(line) and rules.words(line) <= 12:
        return "date"
    if (
        rules.is_chrome_word(line)
        or rules.SEPARATOR_RE.match(line)
        or (rules.words(line) <= 3 and not rules.has_sentence_end(line))
    ):
        return "chrome"
    return "boilerplate"
