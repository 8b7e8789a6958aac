"""Gate on story grouping quality: BASIL same-event triples (benchmarks/basil.py)."""

from __future__ import annotations

import pytest
from _shared import DATASETS, load_benchmark

DATA = DATASETS / "basil" / "articles"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="BASIL dataset not available")


def _bench():
    return load_benchmark("basil")


def test_scores_of_a_perfect_and_a_merged_clustering() -> None:
    b = _bench()
    gold = {"a1": "x", "a2": "x", "b1": "y", "b2": "y"}
    assert b.scores(gold, gold)["pairwise_f1"] == 1.0
    merged = b.scores({k: "one" for k in gold}, gold)
    assert merged["pairwise_p"] == pytest.approx(2 / 6) and merged["pairwise_r"] == 1.0
    assert merged["bcubed_p"] == pytest.approx(0.5)


def test_ten_basil_events_are_grouped_almost_perfectly() -> None:
    b = _bench()
    arts, gold = b.load(10)
    assert len(arts) == 30
    res = b.run(arts, gold, None, [])
    # Measured 1.000 / 1.000 on this slice (and 0.983 pairwise F1 on all 100 events).
    assert res["pairwise_f1"] >= 0.9
    assert res["bcubed_f1"] >= 0.93


@pytest.mark.slow
def test_all_basil_events() -> None:
    b = _bench()
    arts, gold = b.load(None)
    res = b.run(arts, gold, None, [])
    assert res["pairwise_f1"] >= 0.95 and res["bcubed_f1"] >= 0.97
