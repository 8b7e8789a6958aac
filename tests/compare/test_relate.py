"""The relation judge: the rules read with the model's scores given (so each rule is checked on
its own), and ``relate_statements`` with the packaged model."""

from __future__ import annotations

import pytest

from rashomon.compare import relate_statements
from rashomon.compare.relate import Relation, Statement, judge
from rashomon.compare.relation_model import Scores


def _scores(**kw: float) -> Scores:
    base = dict(entail=0.05, entail_back=0.05, neutral=0.8, contradict=0.1, paraphrase=0.2,
                similarity=0.5)  # fmt: skip
    return Scores(**{**base, **kw})


def _of(text: str, **kw: object) -> Statement:
    s = Statement.of_text(text)
    return Statement(**{**{f: getattr(s, f) for f in s.__slots__}, **kw})  # type: ignore[arg-type]


FIRED = _of("President Trump fired Michael Flynn in February.", actor="Donald Trump")
STEPPED = _of("Michael Flynn stepped down in February.", actor="Michael Flynn")


def test_a_contradiction_the_model_reads_both_ways_contradicts() -> None:
    s = _scores(contradict=0.97, entail=0.01, entail_back=0.02, neutral=0.01, paraphrase=0.2,
                similarity=0.7)  # fmt: skip
    r = judge(FIRED, STEPPED, s)
    assert r.relation == "contradicts" and r.detail.startswith("the model reads a contradiction")


def test_a_contradiction_read_one_way_only_is_related() -> None:
    # One direction contradiction, the other neutral: the averaged neutral gives it away.
    s = _scores(contradict=0.95, entail=0.02, entail_back=0.02, neutral=0.45, similarity=0.7)
    assert judge(FIRED, STEPPED, s).relation == "related"


def test_the_model_alone_never_contradicts_a_negation_or_a_paraphrase() -> None:
    # On the dev sets the model's contradiction is mostly a negation cue; news paraphrases with
    # "not"/"no" read as contradictions (MSRP val), so those go to the negation rule.
    neg = _of("Michael Flynn did not resign as adviser in February.")
    s = _scores(contradict=0.99, entail=0.0, entail_back=0.0, neutral=0.0, similarity=0.7)
    r = judge(neg, STEPPED, s)
    assert r.relation == "related" and "one side negates something" in r.detail
    para = _scores(contradict=0.99, entail=0.0, entail_back=0.0, neutral=0.0, paraphrase=0.98,
                   similarity=0.75)  # fmt: skip
    assert judge(FIRED, STEPPED, para).relation == "related"


def test_a_stance_difference_of_one_actor_needs_the_models_support() -> None:
    a = _of("Trump opposed sending troops to Ukraine.", actor="Donald Trump", predicate="oppose")
    b = _of("Trump backed sending troops to Ukraine.", actor="Donald Trump", predicate="back")
    support = _scores(contradict=0.7, entail=0.1, entail_back=0.1, neutral=0.2, similarity=0.7)
    r = judge(a, b, support)
    assert (r.relation, r.detail.split(";")[0]) == (
        "differs", "characterisation: Donald Trump opposes vs supports")  # fmt: skip
    r = judge(a, b, _scores(similarity=0.7))
    assert r.relation == "related" and "the model reads no conflict" in r.detail


def test_a_stance_difference_of_two_actors_is_no_characterisation() -> None:
    a = _of("Trump opposed sending troops.", actor="Donald Trump", predicate="oppose")
    b = _of("Macron backed sending troops.", actor="Emmanuel Macron", predicate="back")
    support = _scores(contradict=0.7, entail=0.1, entail_back=0.1, neutral=0.2, similarity=0.7)
    assert judge(a, b, support).relation == "related"


def test_entailment_both_ways_is_the_same_and_one_way_is_related() -> None:
    a, b = _of("Flynn pleaded guilty on Friday."), _of("On Friday Flynn pleaded guilty.")
    assert judge(a, b, _scores(entail=0.9, entail_back=0.85, similarity=0.85)).relation == "same"
    assert judge(a, b, _scores(entail=0.9, entail_back=0.3, similarity=0.75)).relation == "related"


def test_a_low_similarity_is_unrelated() -> None:
    r = judge(FIRED, _of("The Nets beat the Knicks."), _scores(similarity=0.03))
    assert r.relation == "unrelated"


def test_numbers_of_different_actors_do_not_differ() -> None:
    # The claims know whose officers: the text alone does not say.
    a = _of("Officers seized 40 pounds of marijuana.", actor="Nebraska")
    b = _of("Officers seized 60 pounds of marijuana.", actor="Oklahoma")
    r = judge(a, b, _scores(similarity=0.8))
    assert r.relation != "differs" and "are of Nebraska and Oklahoma" in r.detail


def test_every_verdict_names_the_models_reading() -> None:
    r = judge(FIRED, STEPPED, _scores())
    assert "model: similarity 0.50" in r.detail


@pytest.fixture(scope="module")
def related() -> list[Relation]:
    return relate_statements([
        ("Foreign troop deployment to Ukraine was discussed at the Washington talks.",
         "Foreign troop deployment to Ukraine was not discussed at the Washington talks."),
        ("23 states allow medical marijuana.", "Four states allow recreational marijuana."),
    ])  # fmt: skip


def test_relate_statements_answers_each_pair_in_order(related: list[Relation]) -> None:
    assert [r.relation for r in related][0] == "contradicts"
    assert related[1].relation != "differs"
    for r in related:
        assert 0.0 <= r.similarity <= 1.0 and r.detail
        assert set(r.to_dict()) == {"relation", "similarity", "detail"}


def test_relate_statements_of_nothing_is_nothing() -> None:
    assert relate_statements([]) == []
