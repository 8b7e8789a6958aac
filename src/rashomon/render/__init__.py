"""The outputs: JSON (with its published schema), a terminal summary, Markdown and an HTML report.

All four draw from the same normalised view of a story (``_view``), so they show the same facts.
"""

from __future__ import annotations

from . import html, json, markdown, schema, terminal
from .html import render_html, render_story_fragment
from .json import dumps, to_document
from .markdown import render_markdown
from .schema import schema as json_schema
from .terminal import render_terminal

__all__ = [
    "dumps",
    "html",
    "json",
    "json_schema",
    "markdown",
    "render_html",
    "render_markdown",
    "render_story_fragment",
    "render_terminal",
    "schema",
    "terminal",
    "to_document",
]
