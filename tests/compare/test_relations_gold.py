"""The hand-labelled claim-relation gold (benchmarks/data/relations_gold.tsv) stays well formed:
a malformed row would silently change the issue-16 figures computed from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from _shared import load_benchmark


def _bench():
    return load_benchmark("relations_gold")


def test_gold_rows_parse_with_allowed_labels_and_unique_ids() -> None:
    b = _bench()
    rows = b.load_gold()
    assert len(rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["gold_relation"] for r in rows} == set(b.RELATIONS)
    for r in rows:
        assert r["tool_relation"] in b.TOOL_RELATIONS
        assert r["outlet_a"] and r["outlet_b"]


def test_gold_covers_every_relation_in_each_split() -> None:
    b = _bench()
    rows = b.load_gold()
    for split in b.SPLITS:
        part = [r for r in rows if r["split"] == split]
        assert part, split
        assert {r["gold_relation"] for r in part} == set(b.RELATIONS), split


def test_gold_split_follows_the_triple_hash_and_triples_are_enough() -> None:
    b = _bench()
    rows = b.load_gold()
    for r in rows:
        assert r["split"] == b.split_of(r["triple"]), r["id"]
    basil = {r["triple"] for r in rows if r["triple"] != b.SEED_TRIPLE}
    assert len(basil) >= 20
    assert b.SEED_TRIPLE in {r["triple"] for r in rows}
    # No triple straddles the split, and the tune part is the smaller one (about 40/60).
    by_triple = {}
    for r in rows:
        by_triple.setdefault(r["triple"], set()).add(r["split"])
    assert all(len(s) == 1 for s in by_triple.values())
    tune = sum(r["split"] == "tune" for r in rows)
    assert 0.2 < tune / len(rows) < 0.5


def test_gold_header_states_the_procedure() -> None:
    b = _bench()
    head = [ln for ln in b.GOLD.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    text = " ".join(head).lower()
    for must in ("labelled by one annotator", "untouched", "tune", "differs", "contradicts"):
        assert must in text, must


def test_malformed_gold_is_a_one_line_error_naming_file_and_line(tmp_path: Path) -> None:
    b = _bench()
    good = b.GOLD.read_text(encoding="utf-8").splitlines()
    first = next(i for i, ln in enumerate(good) if ln and not ln.startswith("#"))
    header, row = good[first].split("\t"), good[first + 1].split("\t")
    bad = dict(zip(header, row, strict=True))
    bad["gold_relation"] = "agrees"
    path = tmp_path / "g.tsv"
    path.write_text("\n".join([good[first], "\t".join(bad[c] for c in header)]) + "\n")
    with pytest.raises(b.GoldError, match=r"g\.tsv: line 2: gold_relation 'agrees'"):
        b.load_gold(path)
    bad["gold_relation"] = "same"
    bad["split"] = "untouched" if b.split_of(bad["triple"]) == "tune" else "tune"
    path.write_text("\n".join([good[first], "\t".join(bad[c] for c in header)]) + "\n")
    with pytest.raises(b.GoldError, match="belongs to"):
        b.load_gold(path)


def test_scores_count_real_differences_predicted_as_either_difference() -> None:
    b = _bench()
    gold = ["differs", "contradicts", "same", "related"]
    pred = ["contradicts", "related", "same", "differs"]
    m = b.prf(gold, pred)
    assert m["real differences"]["r"] == 0.5
    assert m["differs"]["p"] == 0.0 and m["same"]["p"] == 1.0
    assert m["contradicts"]["r"] == 0.0


def test_in_story_relation_matches_claims_by_text_and_counts_missing(tmp_path: Path) -> None:
    import json

    b = _bench()
    cache = {
        "t1": {
            "claims": {
                "x:c1": {"article": "x", "text": "Flynn  lied."},
                "y:c4": {"article": "y", "text": "Flynn lied."},
                "y:c5": {"article": "y", "text": "He was fired."},
            },
            "alignments": [{"claims": ["y:c4", "x:c1"], "relation": "same"}],
        }
    }
    path = tmp_path / "cache.json"
    path.write_text(json.dumps(cache))
    row = {"triple": "t1", "article_a": "x", "article_b": "y", "text_a": "Flynn lied."}
    rows = [
        {**row, "text_b": "Flynn lied."},  # aligned, whitespace differs
        {**row, "text_b": "He was fired."},  # both found, not aligned
        {**row, "text_b": "He stepped down."},  # no such claim now
    ]
    assert b.story_relations(rows, path) == (["same", "unrelated", "unrelated"], 1)
    with pytest.raises(b.GoldError, match="no triple t2"):
        b.story_relations([{**rows[0], "triple": "t2"}], path)
