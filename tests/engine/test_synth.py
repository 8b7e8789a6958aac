"""The synthetic firehose: deterministic, labelled, and hard in the ways its docstring promises."""

from __future__ import annotations

from collections import defaultdict
from itertools import islice

import pytest
from _shared import SHARED

from rashomon.engine.synth import _PROPER, _basil, _ecb, _proper_nouns, generate

pytestmark = pytest.mark.skipif(not (SHARED / "datasets").is_dir(), reason="needs ../shared")


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return list(generate(1500, SHARED, seed=3))


def test_the_same_seed_gives_the_same_corpus(corpus: list[dict]) -> None:
    again = list(islice(generate(1500, SHARED, seed=3), 50))
    assert [r["id"] for r in again] == [r["id"] for r in corpus[:50]]
    assert [r["text"] for r in again] == [r["text"] for r in corpus[:50]]


def test_every_record_is_labelled_with_its_story_and_source_document(corpus: list[dict]) -> None:
    assert len(corpus) == 1500 and len({r["id"] for r in corpus}) == 1500
    for r in corpus:
        assert r["text"].strip() and r["title"] and r["published"][:4].isdigit()
        assert r["gold"]["story"] and r["gold"]["doc"]


def test_records_come_in_publication_order_at_the_asked_rate() -> None:
    recs = list(generate(3000, SHARED, seed=4, per_day=500))
    dates = [r["published"] for r in recs]
    assert dates == sorted(dates)
    days = sorted(set(dates))
    assert 6 <= len(days) <= 9  # 3,000 at 500 a day: six days, plus a story's two-day tail


def test_re_posts_point_at_an_earlier_record_of_the_same_story(corpus: list[dict]) -> None:
    by_id = {r["id"]: r for r in corpus}
    reposts = [r for r in corpus if r["gold"]["dup_of"]]
    assert reposts
    for r in reposts:
        src = by_id[r["gold"]["dup_of"]]
        assert src["id"] < r["id"] and src["gold"]["story"] == r["gold"]["story"]
        assert r["published"] >= src["published"]


def test_later_instances_of_a_template_get_other_names(corpus: list[dict]) -> None:
    # Two stories made from the same real document must not share its names wholesale:
    # otherwise they would be one story under another label.
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in corpus:
        if not r["gold"]["dup_of"] and not r["gold"]["doc"].startswith("fnc:"):
            by_doc[r["gold"]["doc"]].append(r)
    root = SHARED / "datasets"
    pool = set(_proper_nouns(_basil(root) + _ecb(root)))
    pairs = 0
    for recs in by_doc.values():
        stories = {r["gold"]["story"]: r for r in recs}
        if len(stories) < 2:
            continue
        a, b = list(stories.values())[:2]
        na = set(_PROPER.findall(a["text"])) & pool
        nb = set(_PROPER.findall(b["text"])) & pool
        if len(na) >= 10:
            pairs += 1
            assert len(na & nb) / len(na | nb) < 0.6
    assert pairs >= 5
