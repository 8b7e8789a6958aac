"""Gate on the stored stories' grouping of FNC-1 bodies (benchmarks/fnc_grouping.py): headline
groups filed one ``analyze``-sized call at a time must come together by claim without
over-merging claims. Counting stories cannot tell (184 -> 44 on the web benchmark was recall
rising); B-cubed precision can."""

from __future__ import annotations

import pytest
from _shared import DATASETS, load_benchmark

pytestmark = pytest.mark.skipif(
    not (DATASETS / "fnc-1").is_dir(), reason="FNC-1 dataset not available"
)


def _bench():
    return load_benchmark("fnc_grouping")


def test_claims_are_the_components_of_the_related_graph() -> None:
    b = _bench()
    pairs = [("h1", 0), ("h1", 1), ("h2", 1), ("h2", 2), ("h3", 3)]
    claim = b.claims(pairs)
    assert claim[0] == claim[1] == claim[2] != claim[3]


def test_one_headline_group_of_twelve_claims_is_filed_by_claim(tmp_path) -> None:
    b = _bench()
    items, groups, gold = b.load()
    part = b.slice_groups(groups, gold, claims_n=12, per_claim=1)
    ids = {i for g in part for i in g}
    arts = b.read_articles([it for it in items if it[0].id in ids], ["parse", "entities"], None)
    res = b.score(b.stored_stories(arts, part, tmp_path / "fnc.db"), {i: gold[i] for i in ids})
    # Measured B3 P 0.917 / R 0.660 on this part (60 articles; the three ISIS claims are one
    # story); floors a little under that.
    assert res["bcubed_p"] >= 0.88
    assert res["bcubed_r"] >= 0.6


@pytest.mark.slow
def test_all_302_articles() -> None:
    import tempfile
    from pathlib import Path

    from rashomon.api import READ_STAGES

    b = _bench()
    items, groups, gold = b.load()
    arts = b.read_articles(items, list(READ_STAGES), None)
    with tempfile.TemporaryDirectory() as tmp:
        res = b.score(b.stored_stories(arts, groups, Path(tmp) / "fnc.db"), gold)
    # Measured B3 P 0.906 / R 0.740 / F1 0.815 (44 stories).
    assert res["bcubed_p"] >= 0.88 and res["bcubed_f1"] >= 0.78
