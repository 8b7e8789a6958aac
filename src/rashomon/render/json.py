"""The JSON output: one document with the articles and stories, as the output contract says.

The document carries ``schema_version`` so a consumer can pick the matching schema
(``rashomon schema`` / :func:`rashomon.render.schema.schema`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ..model import SCHEMA_VERSION, Article, Story
from ..read.language import unread_reason


def to_document(
    articles: Sequence[Article], stories: Sequence[Story], generated: str | None = None
) -> dict[str, Any]:
    """The output-contract document; ``generated`` defaults to now (UTC, ISO 8601)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated": generated or datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": [a.public_dict() for a in articles],
        "stories": [s.to_dict() for s in stories],
        "unread": [
            {"article": a.id, "language": a.language, "stages": list(a.unread),
             "reason": unread_reason(a)}
            for a in articles
            if a.unread
        ],
    }  # fmt: skip


def dumps(
    articles: Sequence[Article],
    stories: Sequence[Story],
    indent: int | None = 2,
    generated: str | None = None,
) -> str:
    """The document as JSON text: UTF-8 kept as is (outlets write Kyiv, not \\u-escapes)."""
    return json.dumps(to_document(articles, stories, generated), ensure_ascii=False, indent=indent)
