"""Quotes and reported speech: every construction the stage promises, on hand-written snippets
and on the body paragraphs of the two seed articles (taken by hand, as cleaning would)."""

from __future__ import annotations

import pytest
from _shared import read_quotes
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.model import Article, Entity, Quote
from rashomon.read.quotes import FRAMES, extract_quotes, find_quote_spans


def run(text: str, entities: list[Entity] | None = None) -> list[Quote]:
    return read_quotes(text, entities)  # every offset it reports indexes the text


def only(qs: list[Quote], needle: str) -> Quote:
    found = [q for q in qs if needle in q.text]
    assert len(found) == 1, [q.text for q in qs]
    return found[0]


# --------------------------------------------------------------------------------------------
# Quote marks


@pytest.mark.parametrize(
    "text",
    [
        'He said "we will win the vote" today.',
        "He said “we will win the vote” today.",
        "He said «we will win the vote» today.",
        "He said ″we will win the vote” today.",
        "He said ‘we will win the vote’ today.",
    ],
)
def test_quote_marks_of_every_kind_delimit_the_same_content(text: str) -> None:
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["we will win the vote"]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "It’s the candidates’ view that Clinton’s team won in ’08 and ‘90s."
    assert find_quote_spans(text) == []


def test_a_quote_left_open_continues_in_a_paragraph_that_opens_with_a_mark() -> None:
    text = '"First part of it.\n\n"Second part," she said.'
    a, b = find_quote_spans(text)
    assert not a.closed and b.closed
    assert a.chain == b.chain


def test_a_quote_left_open_without_continuation_ends_at_the_paragraph() -> None:
    text = 'He said "this never closes\n\nNext paragraph is prose.'
    (s,) = find_quote_spans(text)
    assert text[s.start : s.end] == "this never closes"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"“”‘’«»″'")), max_size=80))
def test_quote_scanner_is_total_on_unbalanced_marks(text: str) -> None:
    spans = find_quote_spans(text)
    for s in spans:
        assert 0 <= s.mark_start < s.start < s.end <= s.mark_end <= len(text)
    assert [s.start for s in spans] == sorted(s.start for s in spans)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ['"', "“", "”", "‘", "’", "«", "»", "″", "he said", "Rutte", ",", ".", "\n", "that"]
        ),
        max_size=25,
    )
)
def test_stage_never_crashes_on_random_marks_and_cues(parts: list[str]) -> None:
    text = " ".join(parts)
    for q in run(text):
        assert 0 <= q.start < q.end <= len(text)


# --------------------------------------------------------------------------------------------
# Direct quotes

LEAD = "NATO Secretary General Mark Rutte met the president on Monday.\n\n"


def test_direct_quote_with_the_cue_after_resolves_a_surname_to_the_full_name() -> None:
    q = only(run(LEAD + '"We have not discussed that at all today," Rutte said.'), "discussed")
    assert (q.kind, q.text, q.speaker, q.speaker_text, q.cue) == (
        "direct",
        "We have not discussed that at all today",
        "Mark Rutte",
        "Rutte",
        "said",
    )


def test_direct_quote_with_the_cue_before_and_a_colon() -> None:
    q = only(run(LEAD + 'Rutte said: "The coalition is ready."'), "coalition")
    assert (q.kind, q.speaker) == ("direct", "Mark Rutte")


def test_quote_split_around_its_cue_gives_both_halves_to_the_speaker() -> None:
    qs = run(LEAD + '"We discussed the guarantees," Rutte said, "and we will work on them."')
    a, b = only(qs, "guarantees"), only(qs, "work on them")
    assert a.speaker == b.speaker == "Mark Rutte"
    assert a.kind == b.kind == "direct"
    assert a.cue_start == b.cue_start


def test_multi_sentence_quote_is_one_quote() -> None:
    q = only(
        run(LEAD + '"That will be part of the talks. We will try. Of course," Rutte added.'),
        "talks",
    )
    assert q.text == "That will be part of the talks. We will try. Of course"
    assert (q.speaker, q.cue) == ("Mark Rutte", "added")


def test_pronoun_speaker_resolves_to_the_last_person() -> None:
    q = only(run(LEAD + '"We are not there yet," he added.'), "there yet")
    assert (q.speaker, q.speaker_text) == ("Mark Rutte", "he")


def test_quote_continued_in_the_next_paragraph_keeps_its_speaker() -> None:
    text = LEAD + (
        '"The first paragraph of the statement goes here," Rutte said. "And it runs on.\n\n'
        '"The second paragraph continues it without any cue."'
    )
    q = only(run(text), "second paragraph")
    assert (q.kind, q.speaker) == ("direct", "Mark Rutte")


def test_quote_paragraph_without_cue_after_an_attributed_one_has_the_same_speaker() -> None:
    text = LEAD + '"We talked for hours," Rutte said.\n\n"Nobody left the room before midnight."'
    q = only(run(text), "midnight")
    assert (q.kind, q.speaker) == ("direct", "Mark Rutte")


def test_scare_quotes_without_a_cue_are_not_quotes() -> None:
    assert run('The so-called "coalition of the willing" met in Paris on Monday.') == []


def test_fragment_quoted_inside_reported_speech_is_reported_speech() -> None:
    text = "Emmanuel Macron said the countries back a system of “reassurance” guarantees."
    (q,) = run(text)
    assert q.kind == "reported"
    assert q.text == "the countries back a system of “reassurance” guarantees"


# --------------------------------------------------------------------------------------------
# Reported speech


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            "Joe Biden said that the economy is growing again.",
            "the economy is growing again",
            "Joe Biden",
            "said",
        ),
        (
            "Joe Biden said the economy is growing again.",
            "the economy is growing again",
            "Joe Biden",
            "said",
        ),
        (
            "Matthew Whitaker told Fox News the troops would stay in Europe.",
            "the troops would stay in Europe",
            "Matthew Whitaker",
            "told",
        ),
        (
            "Emmanuel Macron has said 26 countries back the guarantees.",
            "26 countries back the guarantees",
            "Emmanuel Macron",
            "has said",
        ),
        (
            "Angela Merkel warned that the deal could collapse.",
            "the deal could collapse",
            "Angela Merkel",
            "warned",
        ),
        (
            "Matthew Whitaker declined to say whether the United States would send troops.",
            "whether the United States would send troops",
            "Matthew Whitaker",
            "declined to say",
        ),
        (
            "The deal is dead after the vote, Joe Biden said.",
            "The deal is dead after the vote",
            "Joe Biden",
            "said",
        ),
        (
            "Joe Biden said in a statement that the talks would resume in June.",
            "the talks would resume in June",
            "Joe Biden",
            "said",
        ),
        ("The Kremlin said the talks had failed.", "the talks had failed", "Kremlin", "said"),
        (
            "Moscow insists that any Western troop presence would mark an escalation.",
            "any Western troop presence would mark an escalation",
            "Moscow",
            "insists",
        ),
    ],
)
def test_reported_speech_constructions(text: str, content: str, speaker: str, cue: str) -> None:
    (q,) = run(text)
    assert (q.kind, q.text, q.speaker, q.cue) == ("reported", content, speaker, cue)


def test_according_to_attributes_the_clause_to_its_object() -> None:
    (q,) = run("According to Russian officials, the talks will resume next week.")
    assert q.kind == "reported"
    assert q.text == "the talks will resume next week"
    assert q.speaker_text == "Russian officials"
    assert q.cue == "According to"


def test_a_passive_report_is_an_attribution_without_a_source() -> None:
    (q,) = run("It was reported that the talks had failed.")
    assert (q.kind, q.text, q.cue, q.speaker, q.speaker_text) == (
        "reported",
        "the talks had failed",
        "was reported",
        None,
        None,
    )


def test_a_noun_phrase_speaker_maps_to_an_organisation_named_before() -> None:
    text = (
        "The Russian Foreign Ministry issued a note on Friday.\n\n"
        "The ministry said that the proposal was unacceptable."
    )
    q = only(run(text), "unacceptable")
    assert q.speaker_text == "The ministry"
    assert q.speaker == "The Russian Foreign Ministry" or q.speaker == "Russian Foreign Ministry"


def test_speakers_use_the_entities_stage_when_it_ran() -> None:
    text = "The NATO chief said that the alliance would not send troops."
    chief = text.index("NATO chief")
    ents = [
        Entity(
            text="NATO chief",
            label="PERSON",
            start=chief,
            end=chief + len("NATO chief"),
            canonical="Mark Rutte",
            entity_id="person:mark-rutte",
        )
    ]
    (q,) = run(text, ents)
    assert (q.speaker, q.speaker_id) == ("Mark Rutte", "person:mark-rutte")


def test_extract_quotes_is_usable_without_the_stage_context() -> None:
    from rashomon.read.nlp import load_nlp

    text = "Joe Biden said the economy is growing."
    article = Article(id="x", source="-", text=text)
    (q,) = extract_quotes(article, load_nlp()(text))
    assert q.speaker == "Joe Biden"


def test_stage_is_registered_after_parse() -> None:
    from rashomon.registry import _STAGES

    assert _STAGES["quotes"].requires == ("parse",)


# --------------------------------------------------------------------------------------------
# The seeds (body paragraphs taken by hand)

SEED_002 = (
    "The possibility of sending U.S. or European troops to Ukraine was not discussed during "
    "President Volodymyr Zelensky's Aug. 18 meeting in Washington with U.S. President Donald "
    "Trump and European leaders, NATO Secretary General Mark Rutte told Fox News.\n\n"
    '"We have not discussed that at all today," Rutte said when asked whether foreign troops '
    'could be deployed. "That will be part of the discussions, which will now start. We will try '
    'to bring them to the next stage of understanding over the coming days and weeks, of course."'
    "\n\n"
    "Zelensky arrived in Washington on Aug. 18 with a delegation of European leaders after "
    "Trump's Aug. 15 summit with Russian President Vladimir Putin in Alaska.\n\n"
    '"We discussed the security guarantees, and we will work on those over the coming days and '
    'then have another meeting virtually with this group of leaders and the president (Trump)," '
    "Rutte added.\n\n"
    "French President Emmanuel Macron, who joined Zelensky and Trump in Washington, said after "
    "the meeting that security guarantees would not include NATO membership but instead rely on "
    'a strong Ukrainian army backed by commitments from the "coalition of the willing."'
)

SEED_000 = (
    "US Ambassador to NATO Matthew Whitaker has said that European countries should be ready to "
    "send personnel to Ukraine as part of the long-term security guarantees being drawn up for "
    "Kiev.\n\n"
    "\"I think there is a necessity to have European troops there, as you know, whether they're "
    "peacekeepers, whether they're trainers, whatever, whatever role,\" Whitaker told Fox Business "
    "on Monday.\n\n"
    "His remarks build on earlier comments from US President Donald Trump. On September 2, "
    "Whitaker also declined to say whether the United States might consider turning to private "
    "military contractors instead.\n\n"
    "While Washington has sought to limit its direct footprint, European governments have been "
    "debating what their contribution should look like. French President Emmanuel Macron has "
    "said 26 countries back a system of post-war “reassurance” guarantees that could eventually "
    "include troops on Ukrainian soil.\n\n"
    "Moscow insists that any Western troop presence on Ukrainian soil would mark a dangerous "
    "escalation."
)


def test_seed_002_rutte_quotes() -> None:
    qs = run(SEED_002)
    first = only(qs, "We have not discussed that at all today")
    assert (first.kind, first.speaker, first.cue) == ("direct", "Mark Rutte", "said")
    second = only(qs, "That will be part of the discussions")
    assert second.speaker == "Mark Rutte"
    added = only(qs, "We discussed the security guarantees")
    assert (added.kind, added.speaker, added.cue) == ("direct", "Mark Rutte", "added")
    told = only(qs, "The possibility of sending")
    assert (told.kind, told.speaker, told.cue) == ("reported", "Mark Rutte", "told")
    macron = only(qs, "security guarantees would not include NATO membership")
    assert (macron.kind, macron.speaker) == ("reported", "Emmanuel Macron")


def test_seed_000_whitaker_and_macron() -> None:
    qs = run(SEED_000)
    told = only(qs, "I think there is a necessity")
    assert (told.kind, told.speaker, told.cue) == ("direct", "Matthew Whitaker", "told")
    declined = only(qs, "private military contractors")
    assert (declined.kind, declined.speaker) == ("reported", "Matthew Whitaker")
    assert declined.cue == "declined to say"
    macron = only(qs, "26 countries back")
    assert (macron.kind, macron.speaker, macron.cue) == ("reported", "Emmanuel Macron", "has said")
    moscow = only(qs, "dangerous escalation")
    assert (moscow.kind, moscow.speaker) == ("reported", "Moscow")
    has_said = only(qs, "European countries should be ready")
    assert (has_said.kind, has_said.speaker) == ("reported", "Matthew Whitaker")


# --------------------------------------------------------------------------------------------
# Attributions without a speech verb and a clause (PolNeAR annotates them all)


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        # A belief or finding with its clause.
        (
            "Most economists believe the recovery will stall next year.",
            "the recovery will stall next year",
            "Most economists",
            "believe",
        ),
        # A stance adjective with a clause or a preposition.
        (
            "Angela Merkel is confident that the coalition will hold.",
            "the coalition will hold",
            "Angela Merkel",
            "confident",
        ),
        (
            "The senator is critical of the new tariffs.",
            "the new tariffs",
            "senator",
            "critical of",
        ),
        # A verb's object.
        (
            "Angela Merkel criticised the new tariffs.",
            "the new tariffs",
            "Angela Merkel",
            "criticised",
        ),
        # A document is no speaker (the quote keeps the phrase, "A new poll", as its source's
        # text); its author is, when the phrase names one.
        (
            "A new poll shows Trump leading by five points.",
            "Trump leading by five points",
            None,
            "shows",
        ),
        (
            "A Quinnipiac poll shows Trump leading by five points.",
            "Trump leading by five points",
            "Quinnipiac",
            "shows",
        ),
        # A naming: the object and its complement.
        (
            "Boris Johnson called the plan a disaster.",
            "the plan a disaster",
            "Boris Johnson",
            "called",
        ),
        (
            "Sanders described the deal as a betrayal of workers.",
            "the deal as a betrayal of workers",
            "Sanders",
            "described",
        ),
        # An infinitive, with the object it applies to.
        (
            "The prime minister vowed to fight the ruling.",
            "to fight the ruling",
            "prime minister",
            "vowed",
        ),
        (
            "Emmanuel Macron urged the European Union to act quickly.",
            "the European Union to act quickly",
            "Emmanuel Macron",
            "urged",
        ),
        # A preposition's object; the cue phrase runs to the preposition.
        (
            "Bernie Sanders called for a ban on fracking.",
            "a ban on fracking",
            "Bernie Sanders",
            "called for",
        ),
        (
            "Ted Cruz accused Marco Rubio of lying about immigration.",
            "Marco Rubio of lying about immigration",
            "Ted Cruz",
            "accused",
        ),
        # A noun with its possessor as the source.
        (
            "Donald Trump's claim that the vote was rigged drew criticism.",
            "the vote was rigged",
            "Donald Trump",
            "claim",
        ),
        # "said so", "said yes".
        ("About half of the voters said so.", "so", "voters", "said"),
    ],
)
def test_attributions_beyond_speech(
    text: str, content: str, speaker: str | None, cue: str
) -> None:
    (q,) = run(text)
    assert (q.kind, q.text, q.speaker, q.cue) == ("reported", content, speaker, cue)


def test_a_possessive_pronoun_source_resolves_to_the_person_before() -> None:
    q = only(
        run("Donald Trump spoke in Ohio. His claim that the election was rigged drew fire."),
        "rigged",
    )
    assert (q.speaker_text, q.speaker) == ("His", "Donald Trump")


@pytest.mark.parametrize(
    ("text", "pieces", "cue"),
    [
        (
            "Barack Obama is expected to endorse Hillary Clinton.",
            ["Barack Obama", "to endorse Hillary Clinton"],
            "is expected",
        ),
        ("Hillary Clinton was asked about her emails.", ["her emails"], "was asked about"),
    ],
)
def test_passives_attribute_without_a_source(text: str, pieces: list[str], cue: str) -> None:
    qs = run(text)
    assert [q.text for q in qs] == pieces
    assert {(q.speaker, q.cue) for q in qs} == {(None, cue)}


def test_a_passive_with_an_agent_has_the_agent_as_source() -> None:
    (q,) = run("The bill was criticised by the unions.")
    assert (q.text, q.speaker_text) == ("The bill", "the unions")


@pytest.mark.parametrize(
    "text",
    [
        "The bill was criticised.",  # a passive without an agent: a fact about the bill
        "The plan to build a wall was shelved.",  # whose plan, the text does not say
        "Voters who support the measure were interviewed.",  # inside a relative clause
        "If you support the measure, call your senator.",  # generic "you"
        "They are finding themselves more and more isolated.",  # no clause: no finding
        "When pressed, Hillary Clinton said nothing.",  # nothing said, nothing asked
        "Donald Trump won Virginia, adding to his lead.",  # the writer's clause
        "Update: The meeting has been moved to Friday.",  # a label, not a source
    ],
)
def test_constructions_that_are_not_attributions(text: str) -> None:
    assert run(text) == []


def test_an_attribution_inside_reported_content_is_not_a_second_quote() -> None:
    (q,) = run("Joe Biden said Donald Trump criticised the plan.")
    assert (q.text, q.speaker) == ("Donald Trump criticised the plan", "Joe Biden")


def test_frames_can_be_limited_to_speech() -> None:
    from rashomon.read.nlp import load_nlp

    text = "Bernie Sanders called for a ban on fracking. Joe Biden said the talks failed."
    article = Article(id="x", source="-", text=text)
    doc = load_nlp()(text)
    assert [q.cue for q in extract_quotes(article, doc)] == ["called for", "said"]
    assert [q.cue for q in extract_quotes(article, doc, frames=())] == ["said"]
    assert set(FRAMES) >= {"object", "noun", "passive"}


def test_a_parenthetical_cue_gives_both_sides_of_the_clause() -> None:
    qs = run("This campaign, he says, is different.")
    assert [q.text for q in qs] == ["This campaign", "is different"]
    assert len({q.cue_start for q in qs}) == 1


def test_a_stranded_speaker_before_the_cue_is_the_subject() -> None:
    text = (
        "In a statement to the Observer, her senior policy adviser, Jake Sullivan, said the "
        "party was united."
    )
    q = only(run(text), "party was united")
    assert q.speaker == "Jake Sullivan"


def test_a_subject_inside_the_quote_marks_is_not_the_speaker() -> None:
    (q,) = run("“The fact is that the plan failed,” Mike Huckabee said on Monday.")
    assert (q.kind, q.speaker) == ("direct", "Mike Huckabee")


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "12:15 p.m.\n\nPresident Barack Obama says the economy is growing.",
            "the economy is growing",
            "Barack Obama",
        ),
        (
            "WASHINGTON (AP) — Donald Trump said on Monday that he would win.",
            "he would win",
            "Donald Trump",
        ),
        (
            "WASHINGTON (AP) — The talks have collapsed, according to two officials.",
            "The talks have collapsed",
            "two officials",
        ),
    ],
)
def test_timestamps_and_datelines_are_neither_speaker_nor_content(
    text: str, content: str, speaker: str
) -> None:
    (q,) = run(text)
    assert (q.text, q.speaker) == (content, speaker)


def test_according_to_in_mid_sentence_gives_the_clause_around_it() -> None:
    qs = run("The talks, according to two officials, have collapsed.")
    assert [q.text for q in qs] == ["The talks", "have collapsed"]
    assert {q.speaker_text for q in qs} == {"two officials"}


# --------------------------------------------------------------------------------------------
# Direct quotes without a speech verb next to them


def test_a_clause_ending_in_a_colon_leads_into_the_quote_in_the_next_paragraph() -> None:
    text = (
        "George Wallace spoke in Montgomery in 1963. In the speech, he declared:\n\n"
        "“Segregation now, segregation tomorrow, segregation forever.”"
    )
    q = only(run(text), "Segregation now")
    assert (q.kind, q.cue, q.speaker) == ("direct", "declared", "George Wallace")


def test_a_statement_announced_with_a_colon_is_attributed() -> None:
    text = (
        "When Wallace died, President Bill Clinton released the following statement:\n\n"
        "“Hillary and I offer our condolences to his family.”"
    )
    q = only(run(text), "condolences")
    assert (q.kind, q.cue, q.speaker) == ("direct", "released", "Bill Clinton")


def test_a_verb_right_before_the_marks_introduces_the_quote() -> None:
    (q,) = run("Protesters interrupted the speech, shouting “you lost the vote.”")
    assert (q.kind, q.cue, q.speaker) == ("direct", "shouting", "Protesters")


def test_quoted_titles_are_not_quotes() -> None:
    qs = run("Rutte told “Face the Nation” that the talks would go on.")
    assert [(q.kind, q.text) for q in qs] == [("reported", "the talks would go on")]


def test_a_headline_label_naming_a_source_attributes_the_line() -> None:
    (q,) = run("Poll: Trump leads Clinton by five points in Ohio")
    assert (q.text, q.speaker_text, q.cue) == (
        "Trump leads Clinton by five points in Ohio",
        "Poll",
        ":",
    )


def test_reading_one_document_after_another_keeps_their_sentences_apart() -> None:
    from rashomon.read.nlp import load_nlp

    nlp = load_nlp()
    a_text = "Joe Biden said the talks failed. Nothing else happened."
    b_text = "Weather was fine. Then Angela Merkel said that the deal was dead."
    a, b = Article(id="a", source="-", text=a_text), Article(id="b", source="-", text=b_text)
    da, db = nlp(a_text), nlp(b_text)
    first = [q.text for q in extract_quotes(a, da)]
    assert [q.text for q in extract_quotes(b, db)] == ["the deal was dead"]
    assert [q.text for q in extract_quotes(a, da)] == first == ["the talks failed"]


# --------------------------------------------------------------------------------------------
# What an attribution reports (Quote.mode)


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Joe Biden said the talks had failed.", "speech"),
        ("Joe Biden told reporters that the talks had failed.", "speech"),
        ("The talks failed, according to the White House.", "speech"),
        ("Joe Biden vowed to fight the plan.", "speech"),
        ("Joe Biden called the plan a disaster.", "speech"),
        ("Joe Biden believes the talks failed.", "belief"),
        ("Joe Biden is confident that the talks will resume.", "belief"),
        ("Joe Biden expects the talks to resume.", "belief"),
        ("Joe Biden criticised the plan.", "other"),
        ("Joe Biden endorsed Hillary Clinton for president.", "other"),
        ("The survey found that most voters distrust Congress.", "other"),
    ],
)
def test_each_attribution_says_whether_it_reports_speech_belief_or_other(
    text: str, mode: str
) -> None:
    (q,) = run(text)
    assert (q.kind, q.mode) == ("reported", mode)


def test_a_direct_quote_is_speech_whatever_its_cue() -> None:
    (q,) = run("Joe Biden criticised the plan: “It will not work.”")
    assert (q.kind, q.mode, q.text) == ("direct", "speech", "It will not work.")


def test_a_noun_attribution_is_speech_only_for_a_speech_act() -> None:
    claim = only(run("His claim that the vote was rigged spread fast."), "rigged")
    fear = only(run("Her fear that the vote was rigged spread fast."), "rigged")
    assert (claim.mode, fear.mode) == ("speech", "belief")


# --------------------------------------------------------------------------------------------
# Rule families added on PolNeAR train (2026-12): sentences written for these tests


def test_a_preposition_cue_whose_object_is_a_clause_gives_that_clause() -> None:
    (q,) = run("The governor called for lawmakers to pass the bill.")
    assert (q.text, q.cue, q.speaker_text) == (
        "lawmakers to pass the bill",
        "called for",
        "The governor",
    )


def test_a_relative_pronoun_naming_gives_the_pronoun_and_the_name() -> None:
    qs = run("He backed a bill to curb the accreditors, which he called “a cartel for schools.”")
    assert [q.text for q in qs if q.cue == "called"] == ["which", "a cartel for schools"]


def test_a_quoted_name_folded_into_the_object_is_still_a_naming() -> None:
    (q,) = run("Senator Ann Reyes called his executive orders “a crucial step forward.”")
    assert q.text.startswith("his executive orders") and q.text.endswith("a crucial step forward")
    assert (q.cue, q.speaker, q.mode) == ("called", "Ann Reyes", "speech")


def test_a_naming_of_an_object_clause_gives_the_clause_and_the_name() -> None:
    (q,) = run("Ms. Boxer called what she witnessed ''terrible.''")
    assert (q.text, q.cue) == ("what she witnessed ''terrible", "called")


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        ("Asked about the tax plan, the senator laughed.", "the tax plan", "Asked about", None),
        ("Asked whether he would run again, Mr. Smith smiled.", "whether he would run again", "Asked", None),
        ("When asked by Ingraham about immigration, Cruz changed the subject.", "immigration", "asked by Ingraham about", "Ingraham"),
    ],
)  # fmt: skip
def test_a_question_put_to_someone_is_attributed_to_the_asker(
    text: str, content: str, cue: str, speaker: str | None
) -> None:
    (q,) = run(text)
    assert (q.text, q.cue, q.speaker_text, q.mode) == (content, cue, speaker, "speech")


def test_a_speaker_after_an_inverted_cue_is_the_speaker_whatever_the_parse() -> None:
    (q,) = run("“We will win this state,” said Maria Lopez, a campaign aide who joined in March.")
    assert (q.kind, q.speaker, q.text) == ("direct", "Maria Lopez", "We will win this state")


def test_a_quote_followed_by_its_speaker_and_cue_is_attributed_past_a_later_clause() -> None:
    text = "“The deal is dead,” spokesman Jeff Martin said in a statement issued on Monday."
    (q,) = run(text)
    assert (q.kind, q.speaker, q.cue) == ("direct", "Jeff Martin", "said")


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("The mayor surprised the council by saying the budget was balanced.", "The mayor", "the budget was balanced"),
        ("Older voters were more likely to say the economy was improving.", "Older voters", "the economy was improving"),
    ],
)  # fmt: skip
def test_a_cue_under_a_preposition_or_an_adjective_takes_the_clause_subject(
    text: str, speaker: str, content: str
) -> None:
    (q,) = run(text)
    assert (q.speaker_text, q.text) == (speaker, content)


def test_a_participle_after_a_preposition_makes_its_own_attribution() -> None:
    (q,) = run("After announcing his support for the bill, Senator Tom Reed left the chamber.")
    assert (q.text, q.cue, q.speaker) == ("his support for the bill", "announcing", "Tom Reed")


def test_an_as_clause_attributes_the_clause_it_modifies() -> None:
    (q,) = run("As the newspaper reported on Sunday, the mayor will resign next month.")
    assert (q.text, q.cue, q.speaker_text) == (
        "the mayor will resign next month",
        "reported",
        "the newspaper",
    )


def test_a_second_cue_coordinated_into_the_content_ends_it_and_keeps_the_speaker() -> None:
    qs = run("Mayor Ann Reyes said that taxes would fall and noted that spending would rise.")
    assert [(q.text, q.cue, q.speaker) for q in qs] == [
        ("taxes would fall", "said", "Ann Reyes"),
        ("spending would rise", "noted", "Ann Reyes"),
    ]


def test_a_cue_inside_a_subordinate_clause_reports_no_further_than_that_clause() -> None:
    (q,) = run(
        "While Ramos said that journalists cannot take sides, he appeared uneasy at the dinner."
    )
    assert q.text == "journalists cannot take sides"


def test_a_quoted_name_inside_the_cue_phrase_is_not_a_quote() -> None:
    text = "The plan would cost $1 trillion a year, according to the “Medicare for all” document."
    (q,) = run(text)
    assert (q.kind, q.text, q.cue) == (
        "reported",
        "The plan would cost $1 trillion a year",
        "according to",
    )


def test_set_phrases_with_a_speech_verb_report_no_one() -> None:
    assert run("That said, the plan is sound.") == []
    assert run("Needless to say, the plan is sound.") == []


def test_a_hope_is_a_belief_with_its_infinitive() -> None:
    (q,) = run("Senator Maria Lopez hopes to win Ohio in November.")
    assert (q.text, q.cue, q.mode) == ("to win Ohio in November", "hopes", "belief")


def test_appearances_are_found_only_on_request() -> None:
    from rashomon.read.nlp import load_nlp

    text = "The closures appear to have helped the remaining casinos."
    article = Article(id="x", source="-", text=text)
    doc = load_nlp()(text)
    assert extract_quotes(article, doc) == []
    qs = extract_quotes(article, doc, frames=FRAMES)
    assert [(q.text, q.speaker, q.mode) for q in qs] == [
        ("The closures", None, "belief"),
        ("to have helped the remaining casinos", None, "belief"),
    ]
