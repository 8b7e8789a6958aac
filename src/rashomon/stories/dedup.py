"""Near-duplicates (wire copies, syndicated re-posts) with MinHash over word shingles.

A wire story re-posted by ten outlets is one account, not ten: grouping links the copies and the
comparison does not count them as independent confirmation.
"""

from __future__ import annotations

from collections.abc import Sequence

from datasketch import MinHash

from ..model import Article
from . import signals
from .signals import new_lsh, shingles


def minhash(text: str, num_perm: int = 128) -> MinHash:
    """The MinHash of the text's 5-word shingles."""
    return signals.minhash(shingles(text), num_perm)


def near_duplicates(
    articles: Sequence[Article], threshold: float = 0.6, num_perm: int = 128
) -> list[tuple[str, str, float]]:
    """Pairs of article ids whose texts share >= ``threshold`` of their 5-word shingles.

    LSH finds candidates without comparing every pair; the Jaccard similarity reported is the
    exact one over shingle sets, so the figure is not a MinHash estimate.
    """
    lsh = new_lsh(threshold, num_perm)
    sets: dict[str, set[str]] = {}
    hashes: dict[str, MinHash] = {}
    for a in articles:
        if a.id in sets or not a.text.strip():
            continue
        sets[a.id] = shingles(a.text)
        hashes[a.id] = minhash(a.text, num_perm)
        lsh.insert(a.id, hashes[a.id])
    out: list[tuple[str, str, float]] = []
    for aid, m in hashes.items():
        for other in lsh.query(m):
            if other <= aid:
                continue
            sa, sb = sets[aid], sets[other]
            j = len(sa & sb) / len(sa | sb) if sa | sb else 0.0
            if j >= threshold:
                out.append((aid, other, round(j, 4)))
    return sorted(out)
