"""Who said it: a quote's speaker is a person, an organisation, a government or a group; a common
noun, a document, a dateline and the outlet's own name are no speaker unless the text credits
them, and a continued quote or a pronoun follows the last speaker only when the text allows.
Each case runs the entities stage, as the pipeline does, and both the rules alone and the
default attribution tagger on top of them."""

from __future__ import annotations

import json

import jsonschema
import pytest

from rashomon.model import Article, Quote
from rashomon.read.quotes.actors import REASONS, dateline_spans, outlet_names
from rashomon.registry import Context, run
from rashomon.render.schema import schema as document_schema

PATHS = ["rules", "crf"]


def read(text: str, model: str = "rules", outlet: str | None = None) -> list[Quote]:
    article = Article(id="t", source="-", text=text, outlet=outlet)
    run([article], ["parse", "entities", "quotes"], Context(options={"quotes_model": model}))
    return article.quotes


def quote_of(qs: list[Quote], needle: str) -> Quote:
    found = [q for q in qs if needle in q.text]
    assert found, [q.text for q in qs]
    return found[0]


# --------------------------------------------------------------------------------------------
# Common nouns and documents


@pytest.mark.parametrize("model", PATHS)
@pytest.mark.parametrize(
    "text",
    [
        "The facts suggested that the plan had failed badly.",
        "A segment of society has demanded that the president resign.",
    ],
)
def test_a_common_noun_that_names_no_one_is_never_a_speaker(text: str, model: str) -> None:
    q = quote_of(read(text, model), "the")
    assert q.speaker is None
    assert q.speaker_reason == "not_actor"


@pytest.mark.parametrize("model", PATHS)
def test_the_antecedent_of_who_must_be_an_actor(model: str) -> None:
    text = (
        "Before the statement, the report led to a flurry of reactions by senior members of "
        "Congress who said that the allegations could be grounds for impeachment."
    )
    q = quote_of(read(text, model), "allegations")
    assert q.speaker != "flurry"


@pytest.mark.parametrize("model", PATHS)
def test_a_document_without_an_author_is_no_speaker_but_keeps_its_phrase(model: str) -> None:
    q = quote_of(
        read("The report said that the economy grew by two percent last year.", model), "economy"
    )
    assert q.speaker is None
    assert q.speaker_reason == "document"
    assert q.speaker_text == "The report"  # what the text names as its source stays visible


@pytest.mark.parametrize("model", PATHS)
def test_a_document_speaks_for_the_author_the_phrase_names(model: str) -> None:
    q = quote_of(
        read("BuzzFeed's report said that Trump directed Cohen to lie to Congress.", model), "Cohen"
    )
    assert q.speaker == "BuzzFeed"


@pytest.mark.parametrize("model", PATHS)
def test_a_role_noun_is_a_speaker_with_whom_it_serves(model: str) -> None:
    q = quote_of(
        read("A spokesman for the Clinton campaign said that the email was fake.", model), "fake"
    )
    assert q.speaker == "spokesman for the Clinton campaign"
    assert q.speaker_reason is None


def test_a_title_noun_is_the_person_the_article_gave_that_title() -> None:
    text = "President Obama met the press on Friday. Later the president said that the talks had failed."
    assert quote_of(read(text), "talks").speaker == "Obama"


def test_a_number_of_people_is_the_group_after_of() -> None:
    q = quote_of(read("Two of the aides said that the meeting went badly."), "meeting")
    assert q.speaker == "aides"


# --------------------------------------------------------------------------------------------
# Datelines and the outlet's own name


def test_dateline_spans_are_found_at_paragraph_starts_only() -> None:
    text = "WASHINGTON — AARP said so.\n\nAMHERST, N.H. — Perry spoke.\n\nHe said — twice — no."
    assert [text[a:b] for a, b in dateline_spans(text)] == ["WASHINGTON", "AMHERST, N.H."]
    assert dateline_spans("Kyiv (Reuters) - Talks resumed.") == [(0, 14)]


@pytest.mark.parametrize("model", PATHS)
def test_a_pronoun_never_refers_to_the_dateline(model: str) -> None:
    text = "WASHINGTON — The plan was unveiled on Monday.\n\n“It is a good plan,” it said."
    q = quote_of(read(text, model), "good plan")
    assert q.speaker is None
    assert q.speaker_reason == "pronoun"


def test_the_outlet_is_not_the_speaker_of_words_said_to_it() -> None:
    text = "The company told Fox News on Monday that it would appeal the ruling. It said the judge had erred."
    q = quote_of(read(text, outlet="Fox News"), "judge")
    assert q.speaker == "company"
    assert q.speaker != "Fox News"


def test_the_outlet_is_the_speaker_when_the_text_credits_it() -> None:
    q = quote_of(
        read("Fox News has learned that the senator will resign on Friday.", outlet="Fox News"),
        "senator",
    )
    assert q.speaker == "Fox News"


def test_outlet_names_come_from_the_outlet_table() -> None:
    names = outlet_names("nyt")
    assert {"the new york times", "new york times", "nyt"} <= names
    assert outlet_names(None) == frozenset()


# --------------------------------------------------------------------------------------------
# Pronouns and continued quotes


@pytest.mark.parametrize("model", PATHS)
def test_he_follows_the_last_speaker_not_a_name_inside_his_words(model: str) -> None:
    text = (
        "President Trump on Saturday said he appreciated Robert Mueller releasing a statement "
        "about a report claiming Trump directed Michael Cohen to lie.\n\n"
        "“It was a total phony story,” he told reporters."
    )
    assert quote_of(read(text, model), "phony").speaker == "Trump"


@pytest.mark.parametrize("model", PATHS)
def test_she_agrees_in_gender_with_the_person_it_resolves_to(model: str) -> None:
    text = (
        "Senator Mary Jones said the bill was dead. Her colleague John Smith met the governor "
        "on Tuesday. “It is over,” she said."
    )
    assert quote_of(read(text, model), "It is over").speaker == "Mary Jones"


def test_a_continued_quote_after_another_person_takes_the_stage_has_no_speaker() -> None:
    text = "“We will win this race,” Smith said. Jones, his rival, laughed at the idea. “That is a fantasy.”"
    q = quote_of(read(text), "fantasy")
    assert q.speaker is None
    assert q.speaker_reason == "continuation"


def test_a_continued_quote_with_no_one_between_keeps_the_speaker() -> None:
    text = "“We will win this race,” Tom Smith said on Monday. “Nobody can stop us now.”"
    assert quote_of(read(text), "Nobody").speaker == "Tom Smith"


# --------------------------------------------------------------------------------------------
# The reason in the document model


def test_a_quote_without_a_speaker_says_why_and_round_trips_through_json() -> None:
    article = Article(
        id="t", source="-", text="The report said that the economy grew by two percent."
    )
    run([article], ["parse", "entities", "quotes"], Context(options={"quotes_model": "rules"}))
    q = quote_of(article.quotes, "economy")
    assert q.speaker_reason in REASONS
    again = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert again.quotes == article.quotes
    schema = document_schema()
    quote_schema = schema["$defs"]["quote"]
    jsonschema.validate(q.to_dict(), {**quote_schema, "$defs": schema["$defs"]})
    bad = {**q.to_dict(), "speaker_reason": "because"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, {**quote_schema, "$defs": schema["$defs"]})


def test_a_quote_with_a_speaker_has_no_reason() -> None:
    q = quote_of(read("Tom Smith said that the plan would work."), "plan")
    assert q.speaker == "Tom Smith"
    assert q.speaker_reason is None


# --------------------------------------------------------------------------------------------
# First person


def test_i_inside_a_direct_quote_is_the_quoted_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    from rashomon.read.quotes import MentionState, resolve_speaker

    text = "“I think that the plan will fail,” Tom Smith said."
    doc = nlp(text)
    state = MentionState(
        mentions=[], voices=[(0, text.index("”") + 1, "Tom Smith", None, "PERSON")]
    )
    i = next(t for t in doc if t.text == "I")
    assert resolve_speaker(i, state).canonical == "Tom Smith"
    # Outside every quote, a first person is the writer's: no speaker.
    outside = nlp("I think that the plan will fail.")
    sp = resolve_speaker(outside[0], MentionState(mentions=[]))
    assert sp.canonical is None and sp.reason == "pronoun"


def test_a_first_person_outside_quotes_is_the_writer_not_the_last_speaker() -> None:
    text = "I think that the plan will fail. “It is a good plan,” Tom Smith said. I believe that he is wrong."
    q = quote_of(read(text), "he is wrong")
    assert q.speaker is None and q.speaker_reason == "pronoun"
