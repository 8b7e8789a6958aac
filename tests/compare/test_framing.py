"""Naming, voices, last word, loaded wording and omitted actors."""

from __future__ import annotations

from rashomon.compare import framing as fr
from rashomon.compare import omissions
from rashomon.model import Article, Quote, Story

from .seed_articles import ki_article, rt_article, seed_pair


def test_naming_reports_kiev_and_kyiv_only() -> None:
    assert fr.naming(seed_pair()) == {"Kyiv": {"rt": "Kiev", "ki": "Kyiv"}}


def test_naming_counts_give_each_form_its_count() -> None:
    assert fr.naming_counts(seed_pair())["Kyiv"] == {"rt": {"Kiev": 2}, "ki": {"Kyiv": 1}}


def test_abbreviations_and_surnames_are_not_naming_choices() -> None:
    assert fr.same_naming("U.S.", "United States")
    assert fr.same_naming("Trump", "Donald Trump")
    assert not fr.same_naming("Kiev", "Kyiv")


def test_voices_give_quotes_words_share_and_role() -> None:
    (rutte, macron) = fr.voices(ki_article())
    assert rutte.speaker == "Mark Rutte" and rutte.quotes == 3 and rutte.direct == 3
    assert rutte.role == "NATO Secretary General"
    assert abs(rutte.share + macron.share - 1.0) < 1e-3
    assert rutte.words == sum(len(q.text.split()) for q in ki_article().quotes[:3])


def test_last_word_goes_to_the_last_quote() -> None:
    rt_voices = {v.speaker: v.last_word for v in fr.voices(rt_article())}
    assert rt_voices == {"Matthew Whitaker": False, "Russia": True}
    assert fr.last_word(rt_article())["speaker"] == "Russia"


def test_no_quotes_no_voices() -> None:
    a = rt_article()
    a.quotes = []
    assert fr.voices(a) == [] and fr.last_word(a) is None


def test_voices_and_last_word_ignore_attributions_that_are_not_speech() -> None:
    a = rt_article()
    before = fr.voices(a)
    end = len(a.text)
    # A belief and a stance attributed after every quote: neither gives a voice nor the last word.
    a.quotes = [
        *a.quotes,
        Quote("the talks would fail", "reported", end - 2, end - 1, speaker="Volodymyr Zelensky",
              cue="believes", mode="belief"),
        Quote("the plan", "reported", end - 1, end, speaker="Donald Trump", cue="criticised",
              mode="other"),
    ]  # fmt: skip
    assert fr.voices(a) == before
    assert fr.last_word(a)["speaker"] == "Russia"
    a.quotes = [q for q in a.quotes if q.mode != "speech"]
    assert fr.voices(a) == [] and fr.last_word(a) is None


LOADED_TEXT = (
    "Critics slammed the so-called peace plan on Monday. \u201cThis is a bizarre idea,\u201d "
    "one senator said. The film by Fierce Films was praised by the blistering critic. "
    "He complained that the \u201cstunning\u201d result had been lashed out at."
)


def _loaded_article() -> Article:
    q0 = LOADED_TEXT.index("This is")
    q1 = LOADED_TEXT.index("idea,") + len("idea,")
    return Article(id="x", source="x", text=LOADED_TEXT,
                   quotes=[Quote("This is a bizarre idea,", "direct", q0, q1, speaker="senator")])  # fmt: skip


def test_loaded_wording_marks_the_writers_own_loaded_words_with_their_spans() -> None:
    a = _loaded_article()
    got = fr.loaded_wording(a)
    assert [(w.text, w.category) for w in got] == [
        ("slammed", "attack verb"),
        ("so-called", "doubt"),
        ("blistering", "hyperbole"),
        ("lashed out", "attack verb"),
    ]
    for w in got:
        assert a.text[w.start : w.end] == w.text


def test_loaded_wording_skips_quotes_names_and_scare_quotes() -> None:
    words = {w.text for w in fr.loaded_wording(_loaded_article())}
    assert "bizarre" not in words  # inside a direct quote: the senator's word
    assert "Fierce" not in words  # a name inside a sentence
    assert "stunning" not in words  # between quotation marks the quotes stage did not take
    ki = ki_article()
    inside = [(q.start, q.end) for q in ki.quotes if q.kind == "direct"]
    for w in fr.loaded_wording(ki):
        assert not any(s <= w.start < e for s, e in inside)


def test_loaded_lexicon_inflects_verbs_and_keeps_phrases() -> None:
    from rashomon.compare.wording import _forms

    assert _forms("slam+") == ["slam", "slams", "slammed", "slamming"]
    assert _forms("deride+") == ["deride", "derides", "derided", "deriding"]
    assert _forms("bash+") == ["bash", "bashes", "bashed", "bashing"]
    assert _forms("rail+_against")[2] == "railed against"


def test_omissions_list_actors_the_other_article_includes() -> None:
    arts = seed_pair()
    story = Story(id="s", title="t", articles=["rt", "ki"])
    out = omissions(story, arts)
    assert out["rt"][0]["actor"] == "Mark Rutte" and out["rt"][0]["quoted_by"] == ["ki"]
    ki_missing = {m["actor"] for m in out["ki"]}
    assert {"Matthew Whitaker", "Russia"} <= ki_missing
    assert "Donald Trump" not in ki_missing  # both mention him
