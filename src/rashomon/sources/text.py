"""Plain text: raw scrapes and pasted articles, read as they are.

Only the newlines are normalised (``\\r\\n`` and ``\\r`` become ``\\n``); separating the body from
page chrome is the ``clean`` stage's job, and it needs the text exactly as scraped to do it.
"""

from __future__ import annotations

from ..errors import Code
from .base import Item
from .common import Input, new_article
from .detect import decode, normalise_newlines


def read_text(inp: Input) -> Item:
    """One article whose ``raw_text`` is the decoded input."""
    decoded = decode(inp.data, inp.source, inp.content_type, in_document=False)
    text = normalise_newlines(decoded.text)
    if not text.strip():
        return inp.error(Code.EMPTY, "only whitespace, no text")
    art = new_article(inp, inp.data, inp.via or "text", decoded)
    art.raw_text = text
    return inp.item(art)
