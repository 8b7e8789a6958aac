"""Claim-by-claim alignment across the articles of a story, and what only one article covers.

Candidate pairs come from sentence embeddings (each claim's best match in every other article);
only they reach the claim-relation cross-encoder, whose reading the precise rules of
:mod:`compare.relate` judge (a number counted twice, one event dated twice, a negation of the
same statement, one statement in two people's mouths, ...). A pair the model reads as about
different things is dropped; what is not a confirmed difference is ``same`` or ``related``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from .. import embed as embedding
from ..model import Alignment, Article, Claim
from ..read.numbers import unit_key
from .claims import claim_actor, claims_of
from .relate import Relation, Statement, _looks_like_a_name, judge_all

# Bi-encoder cosines that pre-select the candidate pairs the relation model reads.
RELATED = 0.55  # cosine above which they are about the same thing
WEAK = 0.35  # lowest cosine considered when the pair shares a quantity's unit or an actor


@dataclass(slots=True)
class ClaimTable:
    """Every claim of a story with its article, vector and resolved actor."""

    articles: dict[str, Article]
    claims: list[Claim]
    owner: list[str]
    actors: list[str | None]
    vecs: np.ndarray

    @classmethod
    def of(cls, articles: Sequence[Article]) -> ClaimTable:
        claims, owner, actors = [], [], []
        for a in articles:
            for c in claims_of(a):
                claims.append(c)
                owner.append(a.id)
                actors.append(claim_actor(a, c))
        vecs = embedding.embed([c.text for c in claims]) if claims else np.zeros((0, embedding.DIM))
        return cls({a.id: a for a in articles}, claims, owner, actors, vecs)

    def rows(self, article_id: str) -> list[int]:
        return [i for i, o in enumerate(self.owner) if o == article_id]


def _source(article: Article, claim: Claim) -> str | None:
    """Who asserts the claim; None for the outlet's own voice, whatever the outlet is called."""
    if claim.source is None or claim.source in (article.outlet, article.id, "the outlet"):
        return None
    return claim.source


def _is_person(article: Article, claim: Claim, source: str) -> bool:
    """Whether the claim's source is a person: a PERSON the article names (or the speaker of the
    quote the claim is in); without entities, a name-like source. A common noun ("officials",
    "the lawsuit") or a place speaking ("Nebraska") is not a person."""
    if claim.quote_index is not None and 0 <= claim.quote_index < len(article.quotes):
        q = article.quotes[claim.quote_index]
        if q.speaker == source and q.speaker_id:
            return q.speaker_id.startswith("person:")
    if not article.entities:
        return _looks_like_a_name(source)
    return any(
        e.label == "PERSON" and source in (e.canonical, e.actor, e.text) for e in article.entities
    )


def statement(t: ClaimTable, i: int) -> Statement:
    """Claim ``i`` of the table as the relation rules read it."""
    c = t.claims[i]
    article = t.articles[t.owner[i]]
    source = _source(article, c)
    return Statement(
        text=c.text,
        negated=c.negated,
        numbers=tuple(c.numbers),
        actor=t.actors[i],
        predicate=c.predicate,
        date=c.date,
        source=source,
        source_is_person=source is not None and _is_person(article, c, source),
    )


def relate_pairs(t: ClaimTable, pairs: Sequence[tuple[int, int]]) -> list[Relation]:
    """The relation of each (i, j) pair of claims of the table: the model reads them in one
    batch and the rules of :mod:`compare.relate` judge them (the code ``relate_statements``
    runs)."""
    cosines = [float(t.vecs[i] @ t.vecs[j]) for i, j in pairs]
    return judge_all([(statement(t, i), statement(t, j)) for i, j in pairs], cosines)


def _shares_anchor(t: ClaimTable, i: int, j: int) -> bool:
    ua = {unit_key(n.unit) for n in t.claims[i].numbers if n.unit}
    ub = {unit_key(n.unit) for n in t.claims[j].numbers if n.unit}
    return bool(ua & ub) or (t.actors[i] is not None and t.actors[i] == t.actors[j])


def align(t: ClaimTable) -> list[Alignment]:
    """Alignments between claims of different articles, strongest first.

    For every ordered pair of articles, each claim is paired with its best match in the other
    article when the cosine passes ``RELATED`` (or ``WEAK`` with a shared unit or actor); pairs
    found from both sides are kept once. ``score`` is the relation model's similarity.
    """
    ids = list(dict.fromkeys(t.owner))
    rows = {a: t.rows(a) for a in ids}
    found: dict[tuple[int, int], float] = {}
    for x in ids:
        for y in ids:
            if x == y or not rows[x] or not rows[y]:
                continue
            s = t.vecs[rows[x]] @ t.vecs[rows[y]].T
            for r, i in enumerate(rows[x]):
                c = int(np.argmax(s[r]))
                j, sim = rows[y][c], float(s[r, c])
                if sim >= RELATED or (sim >= WEAK and _shares_anchor(t, i, j)):
                    key = (min(i, j), max(i, j))
                    found[key] = sim
    # A quantity both sides give (same unit) is worth comparing even when it is not the best
    # match: "26 countries back ..." vs "The coalition includes more than 30 countries".
    units = [{unit_key(n.unit) for n in c.numbers if n.unit} for c in t.claims]
    if len(t.claims):
        sims = t.vecs @ t.vecs.T
        for i in range(len(t.claims)):
            if not units[i]:
                continue
            for j in range(i + 1, len(t.claims)):
                if t.owner[i] != t.owner[j] and units[i] & units[j] and sims[i, j] >= WEAK:
                    found.setdefault((i, j), float(sims[i, j]))
    # Only these candidates reach the cross-encoder (it costs a transformer pass each way).
    keys = list(found)
    out = []
    for (i, j), rel in zip(keys, relate_pairs(t, keys), strict=True):
        if rel.relation == "unrelated":
            continue
        out.append(
            Alignment(
                claims=[t.claims[i].id, t.claims[j].id],
                relation=rel.relation,
                score=rel.similarity,
                detail=rel.detail,
            )
        )
    out.sort(key=lambda al: (-al.score, al.claims))
    return out


def only_in(
    t: ClaimTable,
    alignments: Sequence[Alignment],
    duplicates: Collection[frozenset[str]] = (),
) -> dict[str, list[str]]:
    """Article id -> ids of its claims no other article covers, most central first.

    Coverage by a near-duplicate (a wire copy) does not count: the copy is the same account.
    Centrality = 0.7 x cosine to the article's centroid (its claims and title) + 0.3 x the
    salience of the claim's actor in the article (its share of the article's entity mentions).
    """
    owner_of = {c.id: o for c, o in zip(t.claims, t.owner, strict=True)}
    covered: set[str] = set()
    for al in alignments:
        a, b = al.claims[0], al.claims[1]
        if frozenset((owner_of[a], owner_of[b])) in duplicates:
            continue
        covered.update((a, b))
    return uncovered(t, covered)


def uncovered(t: ClaimTable, covered: Collection[str]) -> dict[str, list[str]]:
    """Article id -> ids of its claims not in ``covered``, most central first (see ``only_in``)."""
    out: dict[str, list[str]] = {}
    for aid in dict.fromkeys(t.owner):
        rows = t.rows(aid)
        article = t.articles[aid]
        if not rows:
            out[aid] = []
            continue
        vecs = t.vecs[rows]
        centre = vecs.mean(axis=0)
        if article.title:
            centre = centre + embedding.embed([article.title])[0]
        centre = centre / (np.linalg.norm(centre) or 1.0)
        mentions = Counter((e.actor or e.canonical) for e in article.entities)
        top = max(mentions.values()) if mentions else 1
        ranked = []
        for r, i in enumerate(rows):
            c = t.claims[i]
            if c.id in covered:
                continue
            actor = t.actors[i]
            sal = mentions.get(actor, 0) / top if actor else 0.0
            ranked.append((0.7 * float(vecs[r] @ centre) + 0.3 * sal, c.id))
        ranked.sort(key=lambda x: (-x[0], x[1]))
        out[aid] = [cid for _, cid in ranked]
    return out
