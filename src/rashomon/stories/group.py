"""Grouping articles into stories, and stories into events.

Two articles belong to one story when they share rare entities, were published close in time and
say similar things. Each pair gets four components, each in [0, 1]:

- ``entities``: IDF-weighted Jaccard of their canonical entity ids (a shared "Ukraine" in a corpus
  about Ukraine says little; a shared "Matthew Whitaker" says a lot),
- ``date``: 1 / (1 + days apart / 14), so a three-week-old follow-up still counts,
- ``lead``: cosine of the title+lead embeddings,
- ``claims``: mean best-match cosine between their claims (both directions),

and the total is their weighted mean (weights renormalised when a component is unknown, e.g. an
undated article). Articles are clustered by average-link agglomeration over ``1 - total`` and cut
at ``1 - threshold``; average link, unlike connected components, does not chain unrelated articles
through one broad one. Above ``dense_limit`` articles, only candidate pairs (the nearest neighbours
by lead embedding, and pairs sharing a rare entity) are scored and clustered by connected
components with a stricter cut, so the work grows with n·k rather than n².
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from .. import embed as embedding
from ..model import Article, Event, Story, content_id
from . import features as feat
from .dedup import near_duplicates

WEIGHTS = {"lead": 0.35, "claims": 0.25, "entities": 0.25, "date": 0.15}
THRESHOLD = 0.45
DATE_SCALE_DAYS = 14.0


@dataclass(slots=True)
class PairScore:
    a: str
    b: str
    lead: float
    claims: float
    entities: float
    date: float | None
    total: float

    def as_scores(self) -> dict[str, float]:
        key = f"{self.a}~{self.b}"
        out = {
            f"{key}:lead": round(self.lead, 4),
            f"{key}:claims": round(self.claims, 4),
            f"{key}:entities": round(self.entities, 4),
            f"{key}:total": round(self.total, 4),
        }
        if self.date is not None:
            out[f"{key}:date"] = round(self.date, 4)
        return out


def story_id(article_ids: Sequence[str]) -> str:
    """Stable story id: a hash of the sorted article ids (same articles, same id)."""
    return "s" + content_id("\n".join(sorted(article_ids)).encode())


def event_id(article_ids: Sequence[str]) -> str:
    return "e" + content_id("\n".join(sorted(article_ids)).encode())


def combine(lead: float, claims: float, entities: float, date: float | None) -> float:
    parts = {"lead": lead, "claims": claims, "entities": entities}
    if date is not None:
        parts["date"] = date
    wsum = sum(WEIGHTS[k] for k in parts)
    return sum(WEIGHTS[k] * v for k, v in parts.items()) / wsum


class _Matrices:
    """The corpus-level pieces every pair score reads from."""

    def __init__(self, fs: list[feat.Features]) -> None:
        self.fs = fs
        n = len(fs)
        self.lead = embedding.embed([f.lead or " " for f in fs])
        # Claim vectors cost most (a dozen sentences per article), and only pairs that pass the
        # cheap lead/entity/date test read them: embed them lazily, a batch at a time.
        self._claims: dict[int, np.ndarray] = {}
        # Entities: binary article x entity matrix and smoothed IDF weights.
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for i, f in enumerate(fs):
            for k in f.entities:
                cols.append(vocab.setdefault(k, len(vocab)))
                rows.append(i)
        self.ent = csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, max(len(vocab), 1))
        )
        df = np.asarray(self.ent.sum(axis=0)).ravel()
        self.idf = np.log1p(n / np.maximum(df, 1)).astype(np.float32)
        self.ent_mass = np.asarray(self.ent @ self.idf).ravel()
        self.days = [f.day.toordinal() if f.day else None for f in fs]

    def entity_overlap(
        self, rows: np.ndarray | None = None, cols: np.ndarray | None = None
    ) -> np.ndarray:
        """IDF-weighted Jaccard, dense for the given rows against the given columns (all by
        default): a component of the sparse path asks for its own block only, never m x n."""
        sub = self.ent if rows is None else self.ent[rows]
        other = self.ent if cols is None else self.ent[cols]
        inter = (sub.multiply(self.idf) @ other.T).toarray()
        mass_rows = self.ent_mass if rows is None else self.ent_mass[rows]
        mass_cols = self.ent_mass if cols is None else self.ent_mass[cols]
        union = mass_rows[:, None] + mass_cols[None, :] - inter
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(union > 0, inter / union, 0.0)
        return out

    def cheap_matrix(
        self, lead: np.ndarray, ent: np.ndarray, idx: np.ndarray | None = None
    ) -> np.ndarray:
        """``combine`` for every pair at once, with the lead cosine standing in for the claims."""
        picked = self.days if idx is None else [self.days[i] for i in idx.tolist()]
        days = np.array([np.nan if d is None else d for d in picked], dtype=np.float64)
        gap = np.abs(days[:, None] - days[None, :])
        dated = ~np.isnan(gap)
        prox = np.where(dated, 1.0 / (1.0 + np.nan_to_num(gap) / DATE_SCALE_DAYS), 0.0)
        w = WEIGHTS
        num = (w["lead"] + w["claims"]) * lead + w["entities"] * ent + w["date"] * prox
        den = w["lead"] + w["claims"] + w["entities"] + w["date"] * dated
        return num / den

    def date_prox(self, i: int, j: int) -> float | None:
        a, b = self.days[i], self.days[j]
        if a is None or b is None:
            return None
        return 1.0 / (1.0 + abs(a - b) / DATE_SCALE_DAYS)

    def prefetch(self, indices: Iterable[int]) -> None:
        """Embed the claims of these articles in one batch (length-sorted by the encoder)."""
        todo = [i for i in dict.fromkeys(indices) if i not in self._claims]
        if not todo:
            return
        texts = [t for i in todo for t in self.fs[i].claim_texts]
        vecs = embedding.embed(texts)
        at = 0
        for i in todo:
            k = len(self.fs[i].claim_texts)
            self._claims[i] = vecs[at : at + k]
            at += k

    def claim_vecs(self, i: int) -> np.ndarray:
        if i not in self._claims:
            self.prefetch([i])
        return self._claims[i]

    def claim_sim(self, i: int, j: int) -> float:
        a = self.claim_vecs(i)
        b = self.claim_vecs(j)
        if not len(a) or not len(b):
            return 0.0
        m = a @ b.T
        return float((m.max(axis=1).mean() + m.max(axis=0).mean()) / 2)

    def pair(self, i: int, j: int, lead: float, ent: float) -> PairScore:
        claims = self.claim_sim(i, j)
        d = self.date_prox(i, j)
        lead = max(0.0, lead)
        claims = max(0.0, claims)
        return PairScore(
            self.fs[i].article.id,
            self.fs[j].article.id,
            lead,
            claims,
            ent,
            d,
            combine(lead, claims, ent, d),
        )


def score_pairs(articles: Sequence[Article]) -> list[PairScore]:
    """Every pair's components and total (small sets: what ``group`` decides on, for evidence)."""
    fs = [feat.features(a) for a in articles]
    feat.link_unread(fs)
    mx = _Matrices(fs)
    lead = mx.lead @ mx.lead.T
    ent = mx.entity_overlap()
    return [
        mx.pair(i, j, float(lead[i, j]), float(ent[i, j]))
        for i in range(len(fs))
        for j in range(i + 1, len(fs))
    ]


def group(
    articles: Sequence[Article],
    threshold: float = THRESHOLD,
    dense_limit: int = 3000,
    neighbours: int = 30,
    with_events: bool = True,
) -> list[Story]:
    """Group articles into stories (largest first), each with its events and pair evidence."""
    arts = _unique(articles)
    if not arts:
        return []
    fs = [feat.features(a) for a in arts]
    feat.link_unread(fs)
    n = len(arts)
    mx = _Matrices(fs)
    pairs: dict[tuple[int, int], PairScore] = {}
    if n == 1:
        labels = np.array([1])
    elif n <= dense_limit:
        labels = _dense_labels(mx, np.arange(n), threshold, pairs)
    else:
        labels = _sparse_labels(mx, threshold, neighbours, pairs, dense_limit)
    members: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        members.setdefault(int(lab), []).append(i)
    dups = near_duplicates(arts) if n <= dense_limit else []
    stories = []
    for idx in members.values():
        stories.append(_story(mx, idx, pairs, dups, with_events))
    stories.sort(key=lambda s: (-len(s.articles), s.id))
    return stories


def _dense_labels(
    mx: _Matrices, idx: np.ndarray, threshold: float, pairs: dict[tuple[int, int], PairScore]
) -> np.ndarray:
    """Average-link clustering of the articles ``idx`` (labels local to ``idx``)."""
    m = len(idx)
    if m == 1:
        return np.array([1])
    lead = np.clip(mx.lead[idx] @ mx.lead[idx].T, 0.0, None)
    ent = mx.entity_overlap(idx, idx)
    cheap = mx.cheap_matrix(lead, ent, idx)
    dist = 1.0 - cheap
    # The claim-level comparison costs most; skip it where the cheap evidence (claims
    # approximated by the lead) already rules the pair out.
    ii, jj = np.nonzero(np.triu(cheap >= threshold - 0.15, 1))
    mx.prefetch(int(idx[x]) for x in np.concatenate([ii, jj]).tolist())
    for a, b in zip(ii.tolist(), jj.tolist(), strict=True):
        i, j = int(idx[a]), int(idx[b])
        p = pairs.get((i, j)) or mx.pair(i, j, float(lead[a, b]), float(ent[a, b]))
        pairs[(i, j)] = p
        dist[a, b] = dist[b, a] = 1.0 - p.total
    np.fill_diagonal(dist, 0.0)
    # A near-duplicate pair can score a hair over 1.0 (float rounding in the weighted mean of
    # cosines), and scipy's linkage refuses any negative distance.
    np.clip(dist, 0.0, None, out=dist)
    condensed = dist[np.triu_indices(m, 1)]
    z = linkage(condensed, method="average")
    return fcluster(z, t=1.0 - threshold, criterion="distance")


def _sparse_labels(
    mx: _Matrices,
    threshold: float,
    k: int,
    pairs: dict[tuple[int, int], PairScore],
    dense_limit: int,
) -> np.ndarray:
    """Corpus scale: components over scored nearest-neighbour pairs, each refined by average link.

    Only candidate pairs (the ``k`` nearest leads and the articles sharing rare entities) are
    scored, so no n x n matrix is built. Single-link components can chain unrelated stories, so
    every component small enough is re-clustered with the same average-link rule as the dense
    path: the two paths agree wherever the candidates hold the pairs that matter.
    """
    n = len(mx.fs)
    rows, cols = [], []
    block = 1024
    for start in range(0, n, block):
        idx = np.arange(start, min(n, start + block))
        sims = mx.lead[idx] @ mx.lead.T
        ent = mx.entity_overlap(idx)
        for r, i in enumerate(idx):
            cand = set(np.argpartition(-sims[r], min(k, n - 1))[: k + 1].tolist())
            cand |= set(np.nonzero(ent[r] >= 0.3)[0].tolist())
            for j in cand:
                if j <= i:
                    continue
                lead_ij = max(0.0, float(sims[r, j]))
                # The same cheap pre-test as the dense path: claims approximated by the lead.
                if combine(lead_ij, lead_ij, float(ent[r, j]), mx.date_prox(int(i), int(j))) < (
                    threshold - 0.15
                ):
                    continue
                p = mx.pair(int(i), int(j), float(sims[r, j]), float(ent[r, j]))
                if p.total >= threshold:
                    pairs[(int(i), int(j))] = p
                    rows.append(i)
                    cols.append(j)
    g = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, comp = connected_components(g, directed=False)
    labels = np.zeros(n, dtype=np.int64)
    members: dict[int, list[int]] = {}
    for k, c in enumerate(comp.tolist()):
        members.setdefault(c, []).append(k)
    nxt = 1
    for idx_list in members.values():
        idx = np.array(idx_list)
        if 2 < len(idx) <= dense_limit:
            local = _dense_labels(mx, idx, threshold, pairs)
        else:
            local = np.ones(len(idx), dtype=np.int64)
        for lab in np.unique(local):
            labels[idx[local == lab]] = nxt
            nxt += 1
    return labels


def _unique(articles: Sequence[Article]) -> list[Article]:
    seen: set[str] = set()
    out = []
    for a in articles:
        if a.id not in seen:
            seen.add(a.id)
            out.append(a)
    return out


def _story(
    mx: _Matrices,
    idx: list[int],
    pairs: dict[tuple[int, int], PairScore],
    dups: list[tuple[str, str, float]],
    with_events: bool,
) -> Story:
    arts = [mx.fs[i].article for i in idx]
    ids = [a.id for a in arts]
    scores: dict[str, float] = {}
    for a in range(len(idx)):
        for b in range(a + 1, len(idx)):
            i, j = sorted((idx[a], idx[b]))
            p = pairs.get((i, j))
            if p is not None:
                scores.update(p.as_scores())
    idset = set(ids)
    for x, y, jac in dups:
        if x in idset and y in idset:
            scores[f"{x}~{y}:near_duplicate"] = jac
    story = Story(
        id=story_id(ids), title=representative_title(mx, idx), articles=ids, scores=scores
    )
    if with_events:
        story.events = events(arts)
    return story


def representative_title(mx: _Matrices, idx: list[int]) -> str:
    """The headline closest to the centre of the story's leads (its medoid)."""
    titled = [i for i in idx if mx.fs[i].article.title]
    if not titled:
        first = mx.fs[idx[0]].article
        return (feat.lead(first, 1) or first.id)[:160]
    best = titled[embedding.medoid(mx.lead[titled])]
    return mx.fs[best].article.title or ""


# ---------------------------------------------------------------------------------------------
# Events inside a story

EVENT_DAYS = 2  # articles whose main events are at most this many days apart may share one


def events(articles: Sequence[Article]) -> list[Event]:
    """Sub-groups of a story's articles about the same event.

    Each article's event is its main date (see ``features.main_date``) and its main actors (the
    most quoted speakers). Two articles share an event when their dates are at most
    ``EVENT_DAYS`` apart and they share a main actor or their leads are close (cosine >= 0.6);
    an undated article shares an event only with a near-identical lead (cosine >= 0.75).
    Connected components of those links.
    """
    arts = list(articles)
    if not arts:
        return []
    days = [feat.main_date(a)[0] for a in arts]
    actors = [set(feat.main_actors(a)) for a in arts]
    leads = embedding.embed([feat.lead_text(a) for a in arts])  # the lead grouping embedded
    sims = leads @ leads.T
    n = len(arts)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(n):
        for j in range(i + 1, n):
            di, dj = days[i], days[j]
            if di is not None and dj is not None:
                close = abs((di - dj).days) <= EVENT_DAYS
                ok = close and (bool(actors[i] & actors[j]) or sims[i, j] >= 0.6)
            else:
                ok = sims[i, j] >= 0.75
            if ok:
                ri, rj = find(i), find(j)
                parent[ri] = rj
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in groups.values():
        ids = [arts[i].id for i in members]
        dated = Counter(d for i in members if (d := days[i]) is not None)
        day = dated.most_common(1)[0][0].isoformat() if dated else None
        titled = [i for i in members if arts[i].title]
        title = None
        if titled:
            title = arts[titled[embedding.medoid(leads[titled])]].title
        pair_sims = [float(sims[a, b]) for a in members for b in members if a < b]
        out.append(
            Event(
                id=event_id(ids),
                articles=ids,
                title=title,
                date=day,
                score=round(float(np.mean(pair_sims)), 4) if pair_sims else None,
            )
        )
    out.sort(key=lambda e: (e.date or "9999", e.id))
    return out


__all__ = ["group", "events", "score_pairs", "story_id", "PairScore", "combine", "THRESHOLD"]
