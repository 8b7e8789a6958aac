"""Claims: clauses, sources, actors, negation, numbers and dates, on the seeds and on our own."""

from __future__ import annotations

import pytest
from _shared import seed_text

from rashomon.model import Article, Claim, Entity, Quote
from rashomon.read.claims import extract_claims, find_numbers
from rashomon.registry import Context, run


def claims_of(nlp, text: str, **kw) -> list[Claim]:
    article = Article(id="a", source="a", text=text, **kw)
    return extract_claims(article, nlp(text))


def claim_with(claims: list[Claim], words: str) -> Claim:
    hits = [c for c in claims if words in c.text]
    assert hits, f"no claim holds {words!r}: {[c.text for c in claims]}"
    return hits[0]


@pytest.fixture(scope="module")
def seed_claims(nlp):
    """Both seeds through the claims stage alone (no entities or quotes stage)."""
    arts = [
        Article(id="000", source="000", text=seed_text("000")),
        Article(id="002", source="002", text=seed_text("002"), outlet="The Kyiv Independent"),
    ]
    run(arts, ["parse", "claims"], Context())
    return {a.id: a for a in arts}


def test_seed000_macron_reported_claim_has_number_and_speaker(seed_claims):
    c = claim_with(seed_claims["000"].claims, "26 countries back")
    assert not c.text.startswith("French President")  # the claim is what he said
    assert c.source == "Emmanuel Macron"
    assert [(n.value, n.unit, n.approx) for n in c.numbers] == [(26, "countries", "exact")]
    assert c.predicate == "back"


def test_seed002_coalition_claim_is_the_outlets_with_more_than_30(seed_claims):
    c = claim_with(seed_claims["002"].claims, "The coalition includes more than 30 countries")
    assert c.source == "The Kyiv Independent"
    assert [(n.value, n.unit, n.approx) for n in c.numbers] == [(30, "countries", "more_than")]
    assert c.predicate == "include"
    assert not c.negated


def test_seed002_not_discussed_is_negated_and_attributed_to_rutte(seed_claims):
    c = claim_with(seed_claims["002"].claims, "was not discussed")
    assert c.negated
    assert c.source == "Mark Rutte"
    assert c.date == "2025-08-18"  # the "Aug. 18 meeting" inside the claim
    assert "told Fox News" not in c.text


def test_seed002_avoided_and_seed000_declined_are_negated(seed_claims):
    assert claim_with(seed_claims["002"].claims, "Trump avoided giving").negated
    assert claim_with(seed_claims["000"].claims, "declined to say").negated


def test_seed000_embedded_speech_and_dates(seed_claims):
    arts = seed_claims["000"]
    air = next(c for c in arts.claims if c.text.startswith("Washington could provide"))
    assert air.source == "Donald Trump"
    assert air.date == "2025-08-19"
    assert claim_with(arts.claims, "EU has already trained").numbers[0].approx == "at_least"
    tens = claim_with(arts.claims, "EU has already trained").numbers[0]
    assert (tens.value, tens.unit) == (10000, "soldiers")


def test_seed_headings_captions_and_teasers_give_no_claims(seed_claims):
    texts = [c.text for a in seed_claims.values() for c in a.claims]
    assert not any(t.startswith("European security guarantees") for t in texts)
    assert not any("speaks during" in t for t in texts)
    assert not any(t.startswith("Read more") for t in texts)


def test_claim_ids_offsets_and_outlet_default(seed_claims):
    art = seed_claims["000"]
    assert [c.id for c in art.claims] == [f"000:c{i}" for i in range(1, len(art.claims) + 1)]
    for c in art.claims:
        assert art.text[c.start : c.end] == c.text
    assert claim_with(art.claims, "Russia has condemned").source == "the outlet"


# --------------------------------------------------------------------------------------------
# Sentences of our own


def test_coordinated_clauses_with_own_subjects_split(nlp):
    text = "Poland sent tanks to the front, and Germany delivered air defence systems to the south."
    claims = claims_of(nlp, text)
    assert [c.predicate for c in claims] == ["send", "deliver"]
    assert claims[0].text == "Poland sent tanks to the front"
    assert claims[1].text == "Germany delivered air defence systems to the south"
    assert claims[1].actor == "Germany"


def test_shared_subject_coordination_stays_one_claim(nlp):
    claims = claims_of(nlp, "The army shelled the town and destroyed two bridges.")
    assert len(claims) == 1
    assert claims[0].numbers[0].value == 2 and claims[0].numbers[0].unit == "bridges"


def test_while_contrast_splits(nlp):
    claims = claims_of(
        nlp, "France sent ground troops to the border, while Italy offered naval support."
    )
    assert len(claims) == 2
    assert claims[1].text.startswith("Italy offered")


def test_reported_speech_gives_content_with_speaker(nlp):
    claims = claims_of(
        nlp, "Prime Minister Keir Starmer said that Britain would send 500 engineers to Kyiv."
    )
    assert len(claims) == 1
    c = claims[0]
    assert c.text == "Britain would send 500 engineers to Kyiv"
    assert c.source == "Keir Starmer"
    assert c.actor == "Britain"
    assert (c.numbers[0].value, c.numbers[0].unit) == (500, "engineers")


def test_pronoun_actor_resolves_to_previous_sentence_subject(nlp):
    claims = claims_of(
        nlp, "Angela Merkel visited Paris on Tuesday. She met the French president there."
    )
    assert claims[1].actor == "Angela Merkel"


def test_questions_and_verbless_lines_are_not_claims(nlp):
    text = "Will the talks succeed?\nMore on this story\nThe talks failed."
    assert [c.text for c in claims_of(nlp, text)] == ["The talks failed."[:-1]]


def test_never_and_no_negate(nlp):
    assert claims_of(nlp, "The president never signed the decree.")[0].negated
    assert claims_of(nlp, "No agreement was reached in the capital.")[0].negated
    assert not claims_of(nlp, "An agreement was reached in the capital.")[0].negated


def test_claim_inside_a_quote_takes_the_quote_speaker(nlp):
    text = '"We will never give up our land," Zelensky said.'
    start = text.index("We")
    end = text.index(',"')
    quote = Quote(
        text=text[start:end], kind="direct", start=start, end=end, speaker="Volodymyr Zelensky"
    )
    claims = claims_of(nlp, text, quotes=[quote])
    c = claim_with(claims, "We will never give up")
    assert c.source == "Volodymyr Zelensky"
    assert c.quote_index == 0
    assert c.actor == "Volodymyr Zelensky"  # "we" in a quote stands for the speaker
    assert c.negated


def test_entity_actor_is_used_for_metonymy(nlp):
    text = "Washington could provide air support to the mission."
    ent = Entity(
        text="Washington", label="GPE", start=0, end=10, canonical="Washington, D.C.",
        actor="United States",
    )  # fmt: skip
    claims = claims_of(nlp, text, entities=[ent])
    assert claims[0].actor == "United States"


def test_date_of_claim_comes_from_the_sentence(nlp):
    from rashomon.read.dates import extract_dates

    text = "The mayor said on Monday that the bridge would reopen."
    article = Article(id="d", source="d", text=text, published="2025-09-04")
    doc = nlp(text)
    extract_dates(article, doc)
    c = extract_claims(article, doc)[0]
    assert c.text == "the bridge would reopen"
    assert c.date == "2025-09-01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inflation reached 8.5 percent in the spring.", [(8.5, "percent", "exact")]),
        ("The fund holds $1.5 billion in reserves.", [(1.5e9, "USD", "exact")]),
        ("The EU pledged €50 billion for reconstruction.", [(5e10, "EUR", "exact")]),
        ("Nearly 200 people were evacuated.", [(200, "people", "about")]),
        ("At least 12 civilians were killed.", [(12, "civilians", "at_least")]),
        ("Fewer than 40 planes took part.", [(40, "planes", "less_than")]),
        ("Hundreds of protesters gathered.", [(100, "protesters", "at_least")]),
        ("Up to 5,000 troops could be sent.", [(5000, "troops", "at_most")]),
        ("Three ministers resigned.", [(3, "ministers", "exact")]),
        ("One of them resigned in 2024.", []),
    ],
)
def test_numbers_carry_unit_and_approximation(nlp, text, expected):
    doc = nlp(text)
    got = [(n.value, n.unit, n.approx) for n in find_numbers(doc, 0, len(text))]
    assert got == expected


def test_claims_stage_reads_dates_itself_when_dates_stage_is_off(nlp):
    art = Article(id="x", source="x", text="Kyiv said on Aug. 18, 2025 that 3 drones fell.")
    run([art], ["parse", "claims"], Context())
    assert art.dates == []  # not stored: the dates stage did not run
    assert art.claims[0].date == "2025-08-18"
    assert art.claims[0].numbers[0].unit == "drones"


def test_commands_and_bare_speech_tags_are_not_claims(nlp):
    text = (
        "See photos from the debate below. Senator Jeff Sessions said as he launched the "
        "process. The senate passed the bill."
    )
    assert [c.text for c in claims_of(nlp, text)] == ["The senate passed the bill"]


def test_question_ending_in_a_closing_quote_is_not_a_claim(nlp):
    assert claims_of(nlp, "He asked: “Why did the talks fail?”") == []


def test_dummy_it_has_no_actor_and_contractions_have_a_predicate(nlp):
    text = "NATO met in Brussels. It’s hard to know what the allies will decide."
    claims = claims_of(nlp, text)
    dummy = claim_with(claims, "hard to know")
    assert dummy.actor is None
    assert dummy.predicate == "be"


def test_words_and_ids_are_not_read_as_scaled_numbers(nlp):
    text = 'Those two billionaires backed the plan, <tweet id="760428498989289472"> said.'
    got = [(n.value, n.unit) for n in find_numbers(nlp(text), 0, len(text))]
    assert got == [(2, "billionaires")]
