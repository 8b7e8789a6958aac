"""Numbers, negation, stance cues and fallback claims."""

from __future__ import annotations

from rashomon.compare.claims import claims_of, negated, numbers_in, stance_of
from rashomon.model import Article

from .seed_articles import rt_article


def test_numbers_keep_value_unit_and_hedge() -> None:
    (n,) = numbers_in("The coalition includes more than 30 countries, among them Canada.")
    assert (n.text, n.value, n.unit, n.approx) == (
        "more than 30 countries",
        30.0,
        "countries",
        "more_than",
    )


def test_years_are_not_quantities_but_counted_years_are() -> None:
    nums = numbers_in("endorsed in July 2023, most lasting ten years or more")
    assert [(n.value, n.unit) for n in nums] == [(10.0, "years")]


def test_separators_scales_and_percent() -> None:
    nums = numbers_in("Obama sent 30,000 more troops and $5 billion, 40% of the total")
    assert [(n.value, n.unit) for n in nums] == [(30000.0, "troops"), (5e9, "USD"), (40.0, "percent")]


def test_negation_cue() -> None:
    assert negated("The possibility was not discussed during the meeting.")
    assert not negated("France and the U.K. have already pledged to contribute troops.")


def test_stance_from_the_earliest_cue_in_the_text() -> None:
    t = "Trump suggested Washington could provide air support but opposed American soldiers."
    assert stance_of(t).stance == "offers"
    st = stance_of("Trump avoided giving a clear answer when asked about U.S. troops.")
    assert st.stance == "declines" and (st.start, st.end) == (6, 35)


def test_stance_lexicon_covers_each_position() -> None:
    cases = {
        "France and the U.K. have already pledged to contribute troops.": "pledges",
        "Germany and Italy have signaled support for the framework.": "supports",
        "Russia has condemned the idea of European deployments.": "opposes",
        "European leaders have pressed for firm security guarantees.": "wants",
        "The coalition includes more than 30 countries.": "says",
    }
    assert {t: stance_of(t).stance for t in cases} == cases


def test_predicate_lemma_decides_before_the_text() -> None:
    assert stance_of("They will see what happens.", predicate="pledge").stance == "pledges"


def test_fallback_claims_are_sentences_with_the_outlet_as_source() -> None:
    rt = rt_article(with_claims=False)
    claims = claims_of(rt)
    assert claims[0].id == "rt:s0" and claims[0].source == "RT"
    assert claims[0].actor == "Matthew Whitaker"  # a named person before countries
    by_text = {c.text[:20]: c for c in claims}
    macron = by_text["French President Emm"]
    assert [n.text for n in macron.numbers] == ["26 countries"]
    assert all(rt.text[c.start : c.end] == c.text for c in claims)


def test_fallback_claims_resolve_metonyms_to_their_actor() -> None:
    a = rt_article(with_claims=False)
    moscow = next(c for c in claims_of(a) if c.text.startswith("Moscow insists"))
    assert moscow.actor == "Russia"


def test_unannotated_article_still_gets_claims() -> None:
    a = Article(
        id="x", source="x", text="Russia has condemned the idea. Moscow insists it is wrong."
    )
    assert [c.text for c in claims_of(a)] == [
        "Russia has condemned the idea.",
        "Moscow insists it is wrong.",
    ]
