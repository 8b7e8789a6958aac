"""The HTML path: trafilatura for the body and the page's metadata, and the page's plain text.

The page is parsed once; the metadata, the page text and every trafilatura pass read that tree.

The body is trafilatura's ``favor_precision`` output, because news pages carry more furniture
than body misses. Passes run only when the one before may have under-delivered, as trafilatura's
own cascade does (each one is about as dear as ``trafilatura.extract`` itself):

1. precision, ``fast`` (its main extractor alone, no readability/jusText comparison);
2. when that is under a third of the page's visible text, the default mode could find three
   times as much, which is when precision mode has dropped real body (paragraphs in unusual
   containers): a default ``fast`` pass, and the longer result when it is over three times
   the first;
3. when the first pass found next to nothing (under a tenth of the page), both modes with
   trafilatura's external comparison, which exists to rescue such failures.

On the article-extraction benchmark this finds more than running both full modes on every page,
at a third of the cost (see benchmarks/results/extraction.md). Dates come only from the page's
markup and metadata (``extensive_search`` off), never from body text: the dates stage infers
those.

A page that renders its article by script often keeps the article for readers without scripts
in ``<noscript>``. trafilatura strips ``<noscript>``; when what it holds is longer than the body
found without it, the body is extracted again with the ``<noscript>`` elements unwrapped.
"""

from __future__ import annotations

import functools
import re
from copy import copy
from dataclasses import dataclass, field
from typing import Any

import lxml.etree

from ..model import Removed
from . import rules

# Elements a browser renders on a line of their own; their text is separated by newlines.
_BLOCK = frozenset(
    """address article aside blockquote body br dd details dialog div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table
    tbody td tfoot th thead tr ul option select button label legend caption noscript""".split()
)
# Not shown as text. ``noscript`` is shown: it is what a reader without scripts sees, and some
# pages keep the whole article there.
_INVISIBLE = frozenset(("script", "style", "template", "head", "svg", "iframe", "object"))
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
_DEFAULT_RATIO = 1 / 3  # pass 2: the default mode's result replaces one under a third of it
_NEAR_NOTHING = 1 / 10  # pass 3: a first result under this share of the page text
_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}


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
    language: str | None = None  # as the page declares it (``<html lang>``)


def parse(markup: str) -> Any:
    """The page's tree as trafilatura parses it, or None when there is no HTML document.

    trafilatura refuses a fragment of a single block ("<p>...</p>", a feed entry's one-paragraph
    body) as not quite HTML, and such an entry was refused as having no body; a fragment is
    parsed as the body of a document instead."""
    from trafilatura.utils import load_html

    try:
        tree = load_html(markup)
        if tree is None and "<html" not in markup[:2048].lower():
            tree = load_html(f"<html><body>{markup}</body></html>")
        return tree
    except (lxml.etree.ParserError, ValueError, TypeError):
        return None


def page_text(markup: str) -> str:
    """The page's visible text, each block element on its own line (what a reader sees)."""
    tree = parse(markup)
    return tree_text(tree) if tree is not None else ""


def tree_text(root: Any) -> str:
    """:func:`page_text` of a parsed page; the tree is only read."""
    body = root.find("body")
    node = body if body is not None else root
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _INVISIBLE:
            if el.tail:
                parts.append(el.tail)
            return
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
    # Most lines are empty (two block boundaries in a row): skip them before the substitution.
    lines = (_SPACES.sub(" ", ln).strip() for ln in "".join(parts).split("\n") if ln.strip())
    return "\n".join(ln for ln in lines if ln)


def _pass(tree: Any, url: str | None, precision: bool, fast: bool) -> str:
    import trafilatura

    doc = trafilatura.bare_extraction(
        tree,  # trafilatura copies a tree it is given before cleaning it
        url=url,
        fast=fast,
        favor_precision=precision,
        include_comments=False,
    )
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def cascade(tree: Any, url: str | None, page_chars: int) -> tuple[str, int]:
    """The body text (trafilatura's lines) and how many passes it took (module docstring)."""
    text = _pass(tree, url, precision=True, fast=True)
    if len(text) >= _DEFAULT_RATIO * page_chars:
        return text, 1
    if len(text) < _NEAR_NOTHING * page_chars:
        text = _pass(tree, url, precision=True, fast=False)
        other = _pass(tree, url, precision=False, fast=False)
        passes = 3
    else:
        other = _pass(tree, url, precision=False, fast=True)
        passes = 2
    return (other if len(text) < _DEFAULT_RATIO * len(other) else text), passes


def _noscript_chars(tree: Any) -> int:
    body = tree.find("body")
    if body is None:
        return 0
    return sum(len((el.text_content() or "").strip()) for el in body.iter("noscript"))


def _unwrapped_noscript(tree: Any) -> Any:
    out = copy(tree)
    for el in list(out.iter("noscript")):
        el.drop_tag()
    return out


def extract_body(tree: Any, url: str | None, page_chars: int) -> str:
    """The body text of a parsed page, as trafilatura's lines (see the module docstring)."""
    text, _ = cascade(tree, url, page_chars)
    hidden = _noscript_chars(tree)
    if hidden > len(text):
        alt, _ = cascade(_unwrapped_noscript(tree), url, page_chars)
        if len(alt) > len(text):
            text = alt
    return text


def metadata(tree: Any, url: str | None) -> Any:
    """trafilatura's metadata of the page: title, description, author, site name, date.

    This is trafilatura's ``extract_metadata`` step for step, without the categories, tags and
    licence it also looks for: rashomon uses none of them and they were 40% of its cost
    (2.3 of 5.5 ms a page on the extraction benchmark). A test holds the two equal on the
    fields used.
    """
    from htmldate import find_date
    from trafilatura import metadata as tm

    doc = tm.examine_meta(tree)
    if doc.author and " " not in doc.author:
        doc.author = None
    try:
        doc = tm.extract_meta_json(tree, doc)
    except Exception:  # noqa: BLE001 - trafilatura guards its JSON-LD reader the same way
        pass
    doc.title = doc.title or tm.extract_title(tree)
    doc.author = doc.author or _author(tree)
    doc.url = doc.url or tm.extract_url(tree, url)
    doc.date = find_date(tree, url=doc.url, **_DATE_PARAMS)
    doc.sitename = doc.sitename or tm.extract_sitename(tree)
    if doc.sitename:
        doc.sitename = doc.sitename.lstrip("@")
        if doc.sitename and "." not in doc.sitename and not doc.sitename[0].isupper():
            doc.sitename = doc.sitename.title()
    elif doc.url and (m := tm.META_URL.match(doc.url)):
        doc.sitename = m[1]
    doc.clean_and_trim()
    return doc


_RE_TEST = re.compile(r"re:test\((@[\w-]+), ('[^']*')\)")
_EXSLT_RE = "http://exslt.org/regular-expressions"


@functools.cache
def _author_xpaths() -> tuple[list[Any], list[Any]]:
    """trafilatura's author XPaths (the ones it looks with, the ones it prunes first) with each
    ``re:test(@a, 'p')`` guarded by ``@a``: lxml calls into Python for every re:test, on every
    element, and most elements have no such attribute. The guard changes no answer, because a
    missing attribute tests the empty string and none of the patterns matches it (checked here;
    an expression whose pattern would is kept as it is)."""
    from lxml.etree import XPath
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    def guarded(x: Any) -> Any:
        if any(re.search(m.group(2)[1:-1], "") for m in _RE_TEST.finditer(x.path)):
            return x
        return XPath(_RE_TEST.sub(r"(\1 and re:test(\1, \2))", x.path), namespaces={"re": _EXSLT_RE})

    return [guarded(x) for x in AUTHOR_XPATHS], [guarded(x) for x in AUTHOR_DISCARD_XPATHS]


def _author(tree: Any) -> str | None:
    """trafilatura's ``extract_author`` step for step, with :func:`_author_xpaths` (it was 7-8 ms
    of a page that names no author in its metadata; the guard saves about a sixth)."""
    from copy import deepcopy

    from trafilatura import metadata as tm

    find, discard = _author_xpaths()
    author = tm.extract_metainfo(tm.prune_unwanted_nodes(deepcopy(tree), discard), find,
                                 len_limit=120)  # fmt: skip
    return tm.normalize_authors(None, author) if author else author


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
        elif (
            rules.is_chrome_word(s)
            or rules.is_furniture(s)
            or rules.READ_TIME_RE.match(s)
            or rules.SEPARATOR_RE.match(s)
        ):
            removed.append(Removed(text=s, reason="chrome"))
        else:
            kept.append(s)
    return kept, removed


def extract_html(markup: str, url: str | None = None) -> ExtractedHtml:
    """Body, metadata and removed blocks of an HTML page."""
    tree = parse(markup)
    if tree is None:
        return ExtractedHtml(text="", page_text="")
    doc = metadata(tree, url)
    page = tree_text(tree)
    out = ExtractedHtml(text="", page_text=page)
    out.title = _clean(doc.title)
    out.subtitle = _clean(doc.description)
    out.byline = _clean(doc.author)
    out.sitename = _clean(doc.sitename)
    out.published = _clean(doc.date)
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    out.language = _clean(lang)
    body = extract_body(tree, url or doc.url, len(page))
    kept, removed = filter_body_lines(body.split("\n"), out.title)
    out.text = "\n\n".join(kept)
    out.removed = removed
    out.removed.extend(
        _removed_blocks(page, out.text, out.title, {rules.norm(r.text) for r in removed})
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
        or rules.is_furniture(line)
        or rules.SEPARATOR_RE.match(line)
        or (rules.words(line) <= 3 and not rules.has_sentence_end(line))
    ):
        return "chrome"
    return "boilerplate"
