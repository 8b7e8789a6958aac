"""One row per fact: clustering judged claim pairs into facts, and omissions from the facts."""

from __future__ import annotations

from rashomon.compare import analyze_story
from rashomon.compare.facts import build_facts, covered, source_of
from rashomon.model import Alignment, Article, Claim, Entity, Quote

from .seed_articles import seed_pair


def _art(aid: str, n: int, outlet: str | None = None) -> Article:
    text = " ".join(f"Sentence {k} of {aid}." for k in range(n))
    claims, pos = [], 0
    for k in range(n):
        s = f"Sentence {k} of {aid}."
        claims.append(Claim(id=f"{aid}:c{k}", text=s, start=pos, end=pos + len(s),
                            source=outlet or aid))  # fmt: skip
        pos += len(s) + 1
    return Article(id=aid, source=aid, text=text, outlet=outlet or aid, claims=claims)


def _facts(arts: list[Article], als: list[Alignment]):
    return build_facts(arts, [(a.id, c) for a in arts for c in a.claims], als)


def _by_claim(facts):
    return {v.claim: f for f in facts for v in f.versions.values() if v is not None}


def test_a_related_link_does_not_make_a_fact_shared_nor_hide_an_omission() -> None:
    a, b = _art("a", 2), _art("b", 2)
    facts = _facts([a, b], [Alignment(["a:c0", "b:c0"], "related", 0.7)])
    assert len(facts) == 4 and all(len(f.reported_by) == 1 for f in facts)
    f = _by_claim(facts)["a:c0"]
    assert f.relation is None and f.related == ["b:c0"]
    assert covered(facts) == set()  # so a:c0 stays "only in a"


def test_same_and_differing_versions_join_one_fact_with_one_version_per_article() -> None:
    a, b, c = _art("a", 2), _art("b", 2), _art("c", 1)
    als = [
        Alignment(["a:c0", "b:c0"], "same", 0.9),
        Alignment(["b:c0", "c:c0"], "differs", 0.6, "number: 26 vs 30"),
        # a second claim of b that also matches a:c0: b already has a version, it repeats it
        Alignment(["a:c0", "b:c1"], "same", 0.85),
    ]
    facts = _facts([a, b, c], als)
    f = facts[0]
    assert f.id == "f1" and f.relation == "differs" and f.detail == "number: 26 vs 30"
    assert f.confidence == 0.6 and set(f.reported_by) == {"a", "b", "c"}
    assert [v.claim for v in f.versions.values()] == ["a:c0", "b:c0", "c:c0"]
    assert f.versions["b"].also == ["b:c1"]
    assert {tuple(al.claims) for al in f.links} == {tuple(al.claims) for al in als}
    assert covered(facts) == {"a:c0", "b:c0", "b:c1", "c:c0"}
    assert "b:c1" not in _by_claim(facts)  # not a fact of its own, not an omission
    assert len(facts) == 2  # and a:c1 alone


def test_chains_never_give_an_article_two_versions() -> None:
    a, b = _art("a", 2), _art("b", 1)
    facts = _facts([a, b], [Alignment(["a:c0", "b:c0"], "same", 0.9),
                            Alignment(["b:c0", "a:c1"], "differs", 0.7, "x")])  # fmt: skip
    for f in facts:
        assert sum(v is not None for v in f.versions.values()) <= 2
    assert _by_claim(facts)["a:c0"].versions["b"].claim == "b:c0"
    assert _by_claim(facts)["a:c0"].versions["a"].also == ["a:c1"]


def test_facts_are_ordered_differences_strongest_first_then_all_some_one() -> None:
    a, b, c = _art("a", 4), _art("b", 4), _art("c", 4)
    als = [
        Alignment(["a:c3", "b:c3"], "same", 0.95),  # some (2 of 3)
        Alignment(["a:c2", "b:c2"], "same", 0.9),
        Alignment(["b:c2", "c:c2"], "same", 0.9),  # all three
        Alignment(["a:c1", "c:c1"], "differs", 0.55, "weak"),
        Alignment(["a:c0", "b:c0"], "contradicts", 0.8, "strong"),
    ]
    facts = _facts([a, b, c], als)
    assert [f.detail for f in facts[:2]] == ["strong", "weak"]
    assert facts[2].versions["a"].claim == "a:c2" and len(facts[2].reported_by) == 3
    assert facts[3].versions["a"].claim == "a:c3" and len(facts[3].reported_by) == 2
    assert all(len(f.reported_by) == 1 for f in facts[4:])
    assert [f.id for f in facts] == [f"f{k}" for k in range(1, len(facts) + 1)]


def test_version_says_who_the_article_credits() -> None:
    a = _art("a", 1, outlet="Wire")
    assert source_of(a, a.claims[0]) == (None, None)  # the outlet in its own voice
    a.claims[0].source = "Mark Rutte"
    a.entities = [Entity("Rutte", "PERSON", 0, 5, "Mark Rutte", entity_id="person:mark-rutte")]
    assert source_of(a, a.claims[0]) == ("Mark Rutte", "person:mark-rutte")
    a.quotes = [Quote("x", "direct", 0, 1, speaker="Mark Rutte", speaker_id="q:rutte")]
    a.claims[0].quote_index = 0
    assert source_of(a, a.claims[0]) == ("Mark Rutte", "q:rutte")  # the quote's resolved speaker


def test_compare_fills_facts_and_derives_only_in_from_them() -> None:
    arts = seed_pair()
    story = analyze_story(arts)
    assert story.facts
    seen: list[str] = []
    for f in story.facts:
        assert set(f.versions) == {a.id for a in arts}
        for v in f.versions.values():
            if v is not None:
                seen += [v.claim, *v.also]
    claims = [c.id for a in arts for c in a.claims]
    assert sorted(seen) == sorted(claims)  # every claim in exactly one fact
    single = {v.claim for f in story.facts if len(f.reported_by) == 1
              for v in f.versions.values() if v is not None}  # fmt: skip
    assert {c for ids in story.only_in.values() for c in ids} == single
