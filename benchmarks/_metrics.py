"""Clustering scores shared by the grouping benchmarks (pairwise and B-cubed), in O(n)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """Precision/recall/F1 over same-cluster pairs, from the contingency table (no pair loop)."""
    items = [k for k in gold if k in pred]
    joint = Counter((pred[k], gold[k]) for k in items)
    tp = sum(_pairs(c) for c in joint.values())
    pp = sum(_pairs(c) for c in Counter(pred[k] for k in items).values())
    gp = sum(_pairs(c) for c in Counter(gold[k] for k in items).values())
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    items = [k for k in gold if k in pred]
    joint = Counter((pred[k], gold[k]) for k in items)
    psize = Counter(pred[k] for k in items)
    gsize = Counter(gold[k] for k in items)
    p = sum(joint[(pred[k], gold[k])] / psize[pred[k]] for k in items) / max(1, len(items))
    r = sum(joint[(pred[k], gold[k])] / gsize[gold[k]] for k in items) / max(1, len(items))
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def fmt(scores: Mapping[str, float]) -> str:
    return " | ".join(f"{scores[k]:.3f}" for k in ("precision", "recall", "f1"))
