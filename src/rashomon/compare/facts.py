"""One row per fact: the claims of a story's articles clustered into facts.

A fact holds at most one version per article (the claim that reports it there); versions are
joined only by a judgment that two claims report the same fact (``same``, ``differs``,
``contradicts``, whatever judged them: ``compare.align`` today, a trained relation model when it
lands). A ``related`` link (same topic, no shared fact) never joins: it is kept beside the fact, so
a claim that one outlet alone reports stays "only in" that outlet.

Clustering is greedy single-link over the judged pairs, strongest first, under the one-version-
per-article constraint (union-find; no library offers the constraint, and a story has at most a
few hundred claims). A claim refused only because its article already has a version in that fact
(the article says it twice) is kept with that version (``FactVersion.also``), not left alone as an
omission.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..model import Alignment, Article, Claim, Fact, FactVersion

#: Relations that say two claims report one fact, and their order of strength.
JOINS = ("contradicts", "differs", "same")
DIFFERENCES = frozenset({"contradicts", "differs"})
_RANK = {"contradicts": 0, "differs": 1, "same": 2, "related": 3}


def source_of(article: Article, claim: Claim) -> tuple[str | None, str | None]:
    """Who the article attributes the claim to, and that speaker's entity id: (None, None) when
    the outlet states it in its own voice."""
    src = claim.source
    if src is None or src in (article.outlet, article.id, "the outlet"):
        return None, None
    if claim.quote_index is not None and 0 <= claim.quote_index < len(article.quotes):
        q = article.quotes[claim.quote_index]
        if q.speaker == src and q.speaker_id:
            return src, q.speaker_id
    for e in article.entities:
        if e.entity_id and src in (e.canonical, e.actor):
            return src, e.entity_id
    return src, None


class _Clusters:
    """Union-find over claim indices that keeps, per cluster, the articles it holds."""

    def __init__(self, owners: list[str]) -> None:
        self.parent = list(range(len(owners)))
        self.arts: list[set[str]] = [{o} for o in owners]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        if self.arts[ri] & self.arts[rj]:
            return False  # one article would get two versions of the fact
        self.parent[rj] = ri
        self.arts[ri] |= self.arts[rj]
        return True


def build_facts(
    articles: Sequence[Article],
    claims: Sequence[tuple[str, Claim]],
    alignments: Sequence[Alignment],
) -> list[Fact]:
    """The story's facts, differences first (strongest first), then the facts every article
    reports, then those only some report; ``claims`` are (article id, claim) in reading order."""
    by_id = {a.id: a for a in articles}
    order = [a.id for a in articles]
    index = {c.id: k for k, (_, c) in enumerate(claims)}
    owners = [aid for aid, _ in claims]
    uf = _Clusters(owners)
    joining = sorted(
        (al for al in alignments if al.relation in JOINS and all(c in index for c in al.claims)),
        key=lambda al: (-al.score, _RANK[al.relation], al.claims),
    )
    refused: list[tuple[int, int]] = []
    for al in joining:
        i, j = index[al.claims[0]], index[al.claims[1]]
        if owners[i] != owners[j] and not uf.join(i, j):
            refused.append((i, j))
    # A claim left alone only because its article already has a version: the article repeats it.
    also: dict[int, int] = {}  # claim index -> the version (claim index) it repeats
    for i, j in refused:
        for x, y in ((i, j), (j, i)):
            rx, ry = uf.find(x), uf.find(y)
            if len(uf.arts[rx]) == 1 and x not in also and owners[x] in uf.arts[ry]:
                also[x] = next(k for k in range(len(claims))
                               if uf.find(k) == ry and owners[k] == owners[x] and k not in also)  # fmt: skip
    groups: dict[int, list[int]] = {}
    for k in range(len(claims)):
        if k not in also:
            groups.setdefault(uf.find(k), []).append(k)
    fact_of: dict[int, int] = {}
    facts: list[Fact] = []
    place: list[tuple[int, int]] = []  # where each fact's first version is: reading order
    for members in groups.values():
        versions: dict[str, FactVersion | None] = dict.fromkeys(order)
        for k in members:
            aid, c = claims[k]
            src, sid = source_of(by_id[aid], c)
            versions[aid] = FactVersion(aid, c.id, c.text, c.start, c.end, src, sid)
        first = min(members, key=lambda k: (order.index(owners[k]), claims[k][1].start))
        facts.append(Fact(id="", text=claims[first][1].text, versions=versions))
        place.append((order.index(owners[first]), claims[first][1].start))
        for k in members:
            fact_of[k] = len(facts) - 1
    for x, k in also.items():
        fv = facts[fact_of[k]].versions[owners[x]]
        assert fv is not None
        fv.also.append(claims[x][1].id)
        fact_of[x] = fact_of[k]
    for al in alignments:
        if not all(c in index for c in al.claims):
            continue
        fi, fj = fact_of[index[al.claims[0]]], fact_of[index[al.claims[1]]]
        if fi == fj:
            facts[fi].links.append(al)
        elif al.relation == "related":
            facts[fi].related.append(al.claims[1])
            facts[fj].related.append(al.claims[0])
    for f in facts:
        f.links.sort(key=lambda al: (_RANK[al.relation], -al.score, al.claims))
        if f.links:
            top = f.links[0]
            f.relation = top.relation  # type: ignore[assignment]
            f.confidence = round(top.score, 4)
            f.detail = top.detail if top.relation in DIFFERENCES else None
        f.related = list(dict.fromkeys(f.related))
    n = len(order)

    def key(k: int) -> tuple[int, float, tuple[int, int]]:
        f = facts[k]
        reporters = len(f.reported_by)
        group = 0 if f.relation in DIFFERENCES else 1 if reporters == n else 2 if reporters > 1 else 3
        return (group, -f.confidence if group == 0 else -reporters, place[k])

    facts = [facts[k] for k in sorted(range(len(facts)), key=key)]
    for k, f in enumerate(facts, 1):
        f.id = f"f{k}"
    return facts


def covered(facts: Sequence[Fact], duplicates: Collection[frozenset[str]] = ()) -> set[str]:
    """Claim ids another article also reports (a near-duplicate, a wire copy, does not count: it
    is the same account)."""
    out: set[str] = set()
    for f in facts:
        reporters = f.reported_by
        for aid in reporters:
            if any(o != aid and frozenset((aid, o)) not in duplicates for o in reporters):
                v = f.versions[aid]
                assert v is not None
                out.add(v.claim)
                out.update(v.also)
    return out
