"""Claim-by-claim alignment across the articles of a story, and what only one article covers.

Candidate pairs come from sentence embeddings (each claim's best match in every other article);
the relation of a pair comes from what the two statements say: a different number for the same
quantity, a negation on one side only, a different date, the same actor given a different stance,
or the same content put in a different mouth. What is left is ``same`` (close paraphrase) or
``related``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from .. import embed as embedding
from ..lexicon import SAYING_VERBS
from ..model import Alignment, Article, Claim
from ..read.numbers import unit_key
from .claims import claim_actor, claims_of, stance_of

SAME = 0.80  # cosine above which two statements are the same statement (MiniLM paraphrase range)
RELATED = 0.55  # cosine above which they are about the same thing
WEAK = 0.35
NEGATION = 0.72  # a negation on one side contradicts only a close paraphrase of the other
# Speech verbs: the actor reports, so the stance words in the claim belong to someone else.
SPEECH = SAYING_VERBS  # lowest cosine considered when the pair shares a quantity's unit or an actor


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


def _source(article: Article, claim: Claim) -> str:
    """Who asserts the claim; the outlet's own voice is one value whatever the outlet is called."""
    if claim.source is None or claim.source in (article.outlet, article.id):
        return "(the outlet)"
    return claim.source


def relate(t: ClaimTable, i: int, j: int, sim: float) -> tuple[str, str | None]:
    """The relation between claims ``i`` and ``j`` of the table and, for differences, why."""
    a, b = t.claims[i], t.claims[j]
    if a.negated != b.negated and sim >= NEGATION:
        neg, pos = (a, b) if a.negated else (b, a)
        return "contradicts", f"negation: '{_short(neg.text)}' vs '{_short(pos.text)}'"
    units_a = {k: n for n in a.numbers if (k := unit_key(n.unit))}
    units_b = {k: n for n in b.numbers if (k := unit_key(n.unit))}
    for unit in sorted(units_a.keys() & units_b.keys()):
        na, nb = units_a[unit], units_b[unit]
        if na.value != nb.value or na.approx != nb.approx:
            return "differs", f"number: '{na.text}' vs '{nb.text}'"
    if a.date and b.date and a.date != b.date and sim >= RELATED:
        return "differs", f"date: {a.date} vs {b.date}"
    actor = t.actors[i]
    speech = (a.predicate or "").lower() in SPEECH or (b.predicate or "").lower() in SPEECH
    if actor and actor == t.actors[j] and not speech and sim >= WEAK:
        sa, sb = stance_of(a.text, a.predicate).stance, stance_of(b.text, b.predicate).stance
        if sa != sb and "says" not in (sa, sb):
            return "differs", f"characterisation: {actor} {sa} vs {sb}"
    src_a = _source(t.articles[t.owner[i]], a)
    src_b = _source(t.articles[t.owner[j]], b)
    if src_a != src_b and sim >= 0.7:
        return "differs", f"attribution: {src_a} vs {src_b}"
    return ("same" if sim >= SAME else "related"), None


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _shares_anchor(t: ClaimTable, i: int, j: int) -> bool:
    ua = {unit_key(n.unit) for n in t.claims[i].numbers if n.unit}
    ub = {unit_key(n.unit) for n in t.claims[j].numbers if n.unit}
    return bool(ua & ub) or (t.actors[i] is not None and t.actors[i] == t.actors[j])


def align(t: ClaimTable) -> list[Alignment]:
    """Alignments between claims of different articles, strongest first.

    For every ordered pair of articles, each claim is paired with its best match in the other
    article when the cosine passes ``RELATED`` (or ``WEAK`` with a shared unit or actor); pairs
    found from both sides are kept once.
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
    out = []
    for (i, j), sim in found.items():
        rel, detail = relate(t, i, j, sim)
        out.append(
            Alignment(
                claims=[t.claims[i].id, t.claims[j].id],
                relation=rel,  # type: ignore[arg-type]
                score=round(sim, 4),
                detail=detail,
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
