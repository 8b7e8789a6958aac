"""The document model round-trips through JSON without losing or changing anything."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from rashomon.model import (
    Alignment,
    Article,
    ArticleSpan,
    Claim,
    DateMention,
    Entity,
    Event,
    Number,
    Position,
    Quote,
    Removed,
    Sentence,
    Story,
    TimelineEntry,
    Voice,
    content_id,
)


def _article() -> Article:
    text = 'Kyiv said "no". Rutte added more.'
    return Article(
        id=content_id(text.encode()),
        source="a.txt",
        text=text,
        raw_text="News Feed\n" + text,
        title="T",
        published="2025-08-18",
        removed=[Removed("News Feed", "chrome", 0, 9)],
        sentences=[Sentence(0, 15), Sentence(16, len(text))],
        entities=[Entity("Kyiv", "GPE", 0, 4, "Kyiv", "gpe:kyiv", actor="Ukraine")],
        quotes=[Quote("no", "direct", 11, 13, speaker="Ukraine", cue="said", cue_start=5, cue_end=9)],
        dates=[DateMention("Aug. 18", 0, 0, "2025-08-18")],
        claims=[
            Claim(
                "x:c0",
                "Kyiv said no",
                0,
                15,
                actor="Ukraine",
                numbers=[Number("30 countries", 30.0, "countries", "more_than")],
            )
        ],
        meta={"k": [1, 2]},
    )


def test_article_round_trips_through_json_text() -> None:
    a = _article()
    again = Article.from_dict(json.loads(json.dumps(a.to_dict())))
    assert again == a
    assert isinstance(again.claims[0].numbers[0], Number)
    assert again.removed[0].reason == "chrome"


def test_a_quote_keeps_its_mode_and_an_older_document_without_one_reads_as_speech() -> None:
    a = _article()
    a.quotes.append(Quote("the plan", "reported", 16, 21, speaker="Mark Rutte", mode="other"))
    again = Article.from_dict(json.loads(json.dumps(a.to_dict())))
    assert again == a and [q.mode for q in again.quotes] == ["speech", "other"]
    old = a.to_dict()
    for q in old["quotes"]:
        del q["mode"]  # a schema 1.0 document
    assert [q.mode for q in Article.from_dict(old).quotes] == ["speech", "speech"]


def test_public_dict_drops_bulky_raw_inputs_only() -> None:
    d = _article().public_dict()
    assert "raw_text" not in d and "html" not in d
    for key in ("id", "source", "outlet", "title", "byline", "published", "published_inferred",
                "text", "removed", "entities", "quotes", "dates", "claims"):
        assert key in d


def test_story_round_trips_with_nested_alignments_and_events() -> None:
    s = Story(
        id="s1",
        title="t",
        articles=["a", "b"],
        events=[Event("e1", ["a"], date="2025-08-18")],
        alignments=[Alignment(["a:c0", "b:c1"], "differs", 0.8, "26 vs more than 30")],
        only_in={"a": ["a:c2"]},
        naming={"Kyiv": {"a": "Kiev", "b": "Kyiv"}},
        voices={"a": [Voice("Mark Rutte", 2, 31, 1, role="NATO chief", share=1.0, last_word=True)]},
        positions={"Russia": {"a": [Position("opposes", "no troops", ["a:c3"], 4, 13, "2025")]}},
        timeline=[TimelineEntry("2025-08-18", "They met.", "Trump", ["a", "b"],
                                [ArticleSpan("a", 0, 6), ArticleSpan("b", 9, 15)], "e1")],
    )
    again = Story.from_dict(json.loads(json.dumps(s.to_dict())))
    assert again == s
    assert isinstance(again.voices["a"][0], Voice)
    assert isinstance(again.positions["Russia"]["a"][0], Position)
    assert isinstance(again.timeline[0].evidence[1], ArticleSpan)


def test_models_use_slots_so_typos_fail_loudly() -> None:
    a = _article()
    try:
        a.titel = "x"  # type: ignore[attr-defined]
    except AttributeError:
        return
    raise AssertionError("Article accepted an unknown attribute")


@given(st.text(), st.text(), st.integers(0, 10_000), st.booleans())
def test_any_text_round_trips(text: str, title: str, n: int, inferred: bool) -> None:
    a = Article(id="x", source="s", text=text, title=title, published_inferred=inferred,
                sentences=[Sentence(0, n)])
    assert Article.from_dict(json.loads(json.dumps(a.to_dict()))) == a


def test_content_id_is_stable_and_content_keyed() -> None:
    assert content_id(b"abc") == content_id(b"abc")
    assert content_id(b"abc") != content_id(b"abd")
    assert len(content_id(b"")) == 16
