"""Comparing coverage inside a story: aligned claims, omissions, naming, voices, positions, timeline.

``compare(story, articles)`` fills a grouped story; ``analyze_story(articles)`` treats the given
articles as one story (events included) and compares them. ``omissions`` and ``framing_report`` return
what the Story model has no field for yet (missing actors per article, loaded wording, last word).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Article, Story
from ..read.entities import Aliases, Corrections, link_entities
from .align import ClaimTable, align, only_in, uncovered
from .facts import build_facts, covered
from .framing import last_word, loaded_wording, naming, naming_counts, omissions, voices
from .positions import positions, timeline


def _duplicates(story: Story) -> set[frozenset[str]]:
    out = set()
    for key in story.scores:
        if key.endswith(":near_duplicate"):
            a, b = key.rsplit(":", 1)[0].split("~", 1)
            out.add(frozenset((a, b)))
    return out


def compare(
    story: Story,
    articles: Sequence[Article],
    aliases: Aliases | None = None,
    corrections: Corrections | None = None,
) -> Story:
    """Fill ``story``'s alignments, only_in, naming, voices, positions and timeline in place.

    First the story's articles are linked together (``link_entities``, in place): one person
    has one name and id in every account, so voices, positions and attributions count them
    once. ``aliases`` and ``corrections``: the corpus's alias table and the user's merges and
    splits (``rashomon.identity``), so the story agrees with the rest of the corpus."""
    ids = set(story.articles)
    arts = [a for a in articles if a.id in ids]
    link_entities(arts, aliases, corrections)
    if len(arts) > 1:
        table = ClaimTable.of(arts)
        story.alignments = align(table)
        claims = list(zip(table.owner, table.claims, strict=True))
        story.facts = build_facts(arts, claims, story.alignments)
        # Omissions derive from the facts: a claim another account reports as the same fact (or
        # a differing version of it) is covered; a merely related one is not.
        story.only_in = uncovered(table, covered(story.facts, _duplicates(story)))
    else:
        # One account has nothing to align with and omits nothing relative to others; skipping
        # the claim vectors is most of the cost of a firehose, where most stories start alone.
        story.alignments, story.only_in, story.facts = [], {}, []
    story.loaded = {a.id: loaded_wording(a) for a in arts}
    story.naming = naming(arts)
    story.voices = {a.id: voices(a) for a in arts}
    story.positions = positions(arts)
    story.timeline = timeline(arts, story.events)
    return story


def analyze_story(
    articles: Sequence[Article],
    aliases: Aliases | None = None,
    corrections: Corrections | None = None,
) -> Story:
    """The given articles as one story: events, pair evidence, then the comparison (see
    :func:`compare` for ``aliases`` and ``corrections``)."""
    from ..stories.dedup import near_duplicates
    from ..stories.group import events, score_pairs, story_id

    arts = list({a.id: a for a in articles}.values())
    ids = [a.id for a in arts]
    story = Story(id=story_id(ids), title=_title(arts), articles=ids)
    for p in score_pairs(arts) if len(arts) > 1 else []:
        story.scores.update(p.as_scores())
    for a, b, j in near_duplicates(arts):
        story.scores[f"{a}~{b}:near_duplicate"] = j
    story.events = events(arts)
    return compare(story, arts, aliases, corrections)


def _title(arts: Sequence[Article]) -> str:
    from .. import embed as embedding

    titled = [a for a in arts if a.title]
    if not titled:
        return arts[0].text[:160] if arts else ""
    vecs = embedding.embed([a.title or "" for a in titled])
    return titled[embedding.medoid(vecs)].title or ""


def framing_report(story: Story, articles: Sequence[Article]) -> dict[str, dict[str, Any]]:
    """Article id -> {loaded: [...], last_word: {...}, naming: {canonical: {form: n}}}."""
    ids = set(story.articles)
    counts = naming_counts([a for a in articles if a.id in ids])
    return {
        a.id: {
            "loaded": [w.to_dict() for w in loaded_wording(a)],
            "last_word": last_word(a),
            "naming": {c: per[a.id] for c, per in counts.items() if a.id in per},
        }
        for a in articles
        if a.id in ids
    }


__all__ = [
    "analyze_story",
    "compare",
    "omissions",
    "framing_report",
    "align",
    "only_in",
    "build_facts",
    "naming",
    "naming_counts",
    "voices",
    "positions",
    "timeline",
    "loaded_wording",
    "last_word",
    "ClaimTable",
]
