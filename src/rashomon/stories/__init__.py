"""Grouping articles into stories and events, with near-duplicate detection.

``group`` decides which articles tell one story (with the evidence per pair in ``Story.scores``),
``events`` splits a story into the events it covers, ``near_duplicates`` finds wire copies, and
``build`` groups and then compares each story (``rashomon.compare``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Article, Story
from .dedup import near_duplicates
from .group import events, group, score_pairs, story_id


def build(
    articles: Sequence[Article], threshold: float | None = None, identity: Any = None
) -> list[Story]:
    """Group ``articles`` into stories and fill each story's comparison. ``identity``: the
    corpus's alias table and corrections (``rashomon.identity.Identity``) for the linking."""
    from ..compare import compare

    stories = group(articles) if threshold is None else group(articles, threshold=threshold)
    by_id = {a.id: a for a in articles}
    aliases, fixes = (identity.aliases, identity.corrections) if identity else (None, None)
    return [compare(s, [by_id[i] for i in s.articles], aliases, fixes) for s in stories]


__all__ = ["build", "group", "events", "near_duplicates", "score_pairs", "story_id"]
