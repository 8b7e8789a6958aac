"""Near-duplicates (wire copies, syndicated re-posts) with MinHash over word shingles.

A wire story re-posted by ten outlets is one account, not ten: grouping links the copies and the
comparison does not count them as independent confirmation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from datasketch import MinHash, MinHashLSH

from ..model import Article

_WORD = re.compile(r"\w+")
_SCHEME = MinHash(num_perm=1).scheme  # this datasketch's default hashing scheme


def shingles(text: str, k: int = 5) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


@cache
def _perms(num_perm: int) -> Any:
    """The permutations for ``num_perm`` (seed 1), made once: datasketch draws them anew for
    every MinHash, which cost more than hashing an article's shingles."""
    return MinHash(num_perm=num_perm, seed=1, scheme=_SCHEME).permutations


@cache
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's (bands, rows) for this threshold, worked out once: ``MinHashLSH`` integrates
    its false positive and negative rates numerically on every construction (~27 ms, most of
    building a small story's index)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def new_lsh(threshold: float, num_perm: int) -> MinHashLSH:
    """An empty ``MinHashLSH``, the same as ``MinHashLSH(threshold, num_perm)``, made cheaply."""
    return MinHashLSH(threshold=threshold, num_perm=num_perm, params=_bands(threshold, num_perm))


def minhash(text: str, num_perm: int = 128) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=1, scheme=_SCHEME, permutations=_perms(num_perm))
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    return m


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
            a, b = sets[aid], sets[other]
            j = len(a & b) / len(a | b) if a | b else 0.0
            if j >= threshold:
                out.append((aid, other, round(j, 4)))
    return sorted(out)
