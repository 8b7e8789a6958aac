"""Claim alignment across articles and what only one article covers."""

from __future__ import annotations

from rashomon.compare.align import ClaimTable, align, only_in
from rashomon.model import Article, Claim

from .seed_articles import seed_pair


def _alignments() -> dict[tuple[str, str], tuple[str, str | None]]:
    out = align(ClaimTable.of(seed_pair()))
    return {tuple(a.claims): (a.relation, a.detail) for a in out}  # type: ignore[misc]


def test_different_numbers_for_the_same_quantity_differ() -> None:
    rel, detail = _alignments()[("rt:c5", "ki:c5")]
    assert rel == "differs"
    assert detail == "number: '26 countries' vs 'more than 30 countries'"


def test_same_actor_given_different_stances_differs_in_characterisation() -> None:
    rel, detail = _alignments()[("rt:c2", "ki:c6")]
    assert (rel, detail) == ("differs", "characterisation: Donald Trump offers vs declines")


def test_alignments_only_pair_claims_of_different_articles() -> None:
    for a, b in _alignments():
        assert a.split(":")[0] != b.split(":")[0]


def _one_claim(aid: str, text: str, **kw: object) -> Article:
    return Article(
        id=aid, source=aid, text=text, outlet=aid.upper(),
        claims=[Claim(id=f"{aid}:c1", text=text, start=0, end=len(text), **kw)],  # type: ignore[arg-type]
    )  # fmt: skip


def test_negation_of_a_paraphrase_contradicts() -> None:
    a = _one_claim(
        "a", "Foreign troop deployment to Ukraine was discussed at the Washington talks."
    )
    b = _one_claim(
        "b",
        "Foreign troop deployment to Ukraine was not discussed at the Washington talks.",
        negated=True,
    )
    (al,) = align(ClaimTable.of([a, b]))
    assert al.relation == "contradicts" and al.detail.startswith("negation:")


def test_same_statement_from_different_sources_differs_in_attribution() -> None:
    text = "European countries should be ready to send personnel to Ukraine."
    a = _one_claim("a", text, source="Matthew Whitaker")
    b = _one_claim("b", text, source="Mark Rutte")
    (al,) = align(ClaimTable.of([a, b]))
    assert (al.relation, al.detail) == ("differs", "attribution: Matthew Whitaker vs Mark Rutte")


def test_close_paraphrase_from_the_outlets_own_voice_is_the_same() -> None:
    a = _one_claim(
        "a", "France and the UK have pledged to contribute troops to an international force."
    )
    b = _one_claim("b", "France and the U.K. have pledged troops for an international force.")
    (al,) = align(ClaimTable.of([a, b]))
    assert al.relation == "same" and al.score >= 0.8


def test_different_dates_for_the_same_statement_differ() -> None:
    text = "Zelensky arrived in Washington with a delegation of European leaders."
    a = _one_claim("a", text, date="2025-08-18")
    b = _one_claim("b", text, date="2025-08-17")
    (al,) = align(ClaimTable.of([a, b]))
    assert (al.relation, al.detail) == ("differs", "date: 2025-08-18 vs 2025-08-17")


def test_only_in_lists_uncovered_claims_most_central_first() -> None:
    table = ClaimTable.of(seed_pair())
    alignments = align(table)
    out = only_in(table, alignments)
    aligned = {c for a in alignments for c in a.claims}
    assert "rt:c7" in out["rt"] and "ki:c3" in out["ki"]  # Russia's objection; France/UK pledges
    assert not aligned & set(out["rt"] + out["ki"])
    assert out["rt"][0] == "rt:c7"


def test_coverage_by_a_wire_copy_does_not_count() -> None:
    text = "France and the U.K. have already pledged to contribute troops to a potential force."
    a, b = _one_claim("a", text), _one_claim("b", text)
    table = ClaimTable.of([a, b])
    out = only_in(table, align(table), {frozenset(("a", "b"))})
    assert out == {"a": ["a:c1"], "b": ["b:c1"]}
