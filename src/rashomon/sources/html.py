"""HTML pages, kept whole for the ``clean`` stage.

The page is decoded (BOM, declared charset, UTF-8, repair, guess) and stored in ``Article.html``
untouched: scripts and ``on*`` attributes included, since they are data here and are escaped
wherever they are shown. The only check is that the page has some visible text at all; lxml is
lenient with unclosed tags and garbage, so a malformed page is still read.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from ..errors import Code
from .base import Item
from .common import Input, new_article
from .detect import decode

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
# Not text a reader sees. ``noscript`` is: it is what a reader without scripts gets, and pages
# that render their article by script often keep the whole article there.
_INVISIBLE = ("script", "style", "template", "head")


_SAFE_DEPTH = 200  # text above this depth is kept by libxml2's tree builder (~255 levels)


class _Seen(Exception):
    """Raised by :class:`_FirstText` at the first visible text; ``depth``: how deep it lies."""

    def __init__(self, depth: int) -> None:
        self.depth = depth


class _FirstText:
    """lxml parser target that stops at the first text outside the invisible elements: whether
    a page has text is known long before its end, and building the whole tree (then dropping
    its scripts) cost as much as a second parse of the page (the clean stage parses it too)."""

    def __init__(self) -> None:
        self.depth = 0
        self.hidden = 0  # depth inside an invisible element

    def start(self, tag: str, attrib: object) -> None:
        self.depth += 1
        if self.hidden or tag in _INVISIBLE:
            self.hidden += 1

    def end(self, tag: str) -> None:
        self.depth -= 1
        if self.hidden:
            self.hidden -= 1

    def data(self, text: str) -> None:
        if not self.hidden and not text.isspace():
            raise _Seen(self.depth)

    def close(self) -> bool:
        return False  # the document ended with no visible text


def has_text(markup: str, deep: bool = False) -> bool:
    """Whether a reader would see any text at all (scripts, styles and the head aside).
    ``deep``: parse past libxml2's depth limit (about 255 levels), where text is dropped."""
    # lxml refuses a str that still carries an XML encoding declaration (XHTML pages do).
    markup = _XML_DECL.sub("", markup, count=1)
    parser = lxml.etree.HTMLParser(target=_FirstText(), huge_tree=deep)
    try:
        return bool(lxml.etree.fromstring(markup, parser))
    except _Seen as seen:
        # The event parser has no depth limit; the tree the clean stage builds has. Text that
        # deep is rare: the tree's own answer settles it.
        return deep or seen.depth <= _SAFE_DEPTH or _tree_has_text(markup)
    except (lxml.etree.Error, ValueError):  # nothing lxml can read as a document
        return False


def _tree_has_text(markup: str) -> bool:
    """:func:`has_text` on the tree libxml2 builds, with its depth limit."""
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return False
    for el in list(root.iter(*_INVISIBLE)):
        if el.getparent() is not None:
            el.drop_tree()
    return bool((root.text_content() or "").strip())


def read_html(inp: Input) -> Item:
    """One article whose ``html`` is the decoded page."""
    decoded = decode(inp.data, inp.source, inp.content_type)
    markup = decoded.text
    if not markup.strip():
        return inp.error(Code.EMPTY, "only whitespace, no text")
    if not has_text(markup):
        if has_text(markup, deep=True):  # the text is there, below the depth the reader goes
            return inp.error(
                Code.MALFORMED,
                "the HTML is nested too deeply to read (its text lies more than 255 elements "
                "deep)",
            )
        return inp.error(Code.NOT_ARTICLE, "an HTML page with no visible text")
    art = new_article(inp, inp.data, inp.via or "html", decoded)
    art.html = markup
    return inp.item(art)
