"""Word-shingle precision, recall and F1 of an extracted body against a reference body.

This reproduces the metric of the article-extraction-benchmark (scrapinghub, ``evaluate.py``) so
rashomon's figures are comparable with the published ones: ``\\w+`` tokens, 4-word shingles counted
as a multiset, tp/fp/fn normalised per document so long pages do not weigh more, precision and
recall averaged over the documents where they are defined, and F1 the harmonic mean of the two
averages (not the average of per-document F1s).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)

TpFpFn = tuple[float, float, float]


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of n-word shingles; a text shorter than n words is one shorter shingle."""
    tokens = tokenize(text)
    out: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        sh = tuple(tokens[i : i + n])
        if sh:
            out[sh] += 1
    return out


def shingle_matching(true: str | None, pred: str | None, n: int = 4) -> TpFpFn:
    """Per-document tp/fp/fn over shingles, normalised to sum to 1 (as the benchmark does)."""
    t, p = shingles(true, n), shingles(pred, n)
    tp = fp = fn = 0.0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    if s > 0:
        return tp / s, fp / s, fn / s
    return tp, fp, fn


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def scores(tp_fp_fns: Iterable[TpFpFn]) -> dict[str, float]:
    """Precision and recall averaged per document, F1 of those averages."""
    rows = list(tp_fp_fns)
    precs = [_precision(*r) for r in rows if r[0] + r[1] > 0]
    recs = [_recall(*r) for r in rows if r[0] + r[2] > 0]
    precision = statistics.mean(precs) if precs else 0.0
    recall = statistics.mean(recs) if recs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def evaluate(truth: Mapping[str, str | None], pred: Mapping[str, str | None]) -> dict[str, float]:
    """Scores of ``pred`` against ``truth`` (both id -> body text), plus exact-token accuracy."""
    if truth.keys() != pred.keys():
        raise ValueError("prediction keys do not match ground truth")
    rows = [shingle_matching(truth[k], pred[k]) for k in truth]
    out = scores(rows)
    out["accuracy"] = statistics.mean(float(tokenize(truth[k]) == tokenize(pred[k])) for k in truth)
    return out
