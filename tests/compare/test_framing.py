"""Naming, voices, last word, loaded wording and omitted actors."""

from __future__ import annotations

from rashomon.compare import framing as fr
from rashomon.compare import omissions
from rashomon.model import Quote, Story

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
    assert rutte["speaker"] == "Mark Rutte" and rutte["quotes"] == 3 and rutte["direct"] == 3
    assert rutte["role"] == "NATO Secretary General"
    assert abs(rutte["share"] + macron["share"] - 1.0) < 1e-3
    assert rutte["words"] == sum(len(q.text.split()) for q in ki_article().quotes[:3])


def test_last_word_goes_to_the_last_quote() -> None:
    rt_voices = {v["speaker"]: v["last_word"] for v in fr.voices(rt_article())}
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


def test_loaded_wording_finds_the_writers_evaluative_words() -> None:
    found = {(w["text"], w["category"]) for w in fr.loaded_wording(rt_article())}
    assert ("condemned", "negative") in found
    assert not any(t == "United" for t, _ in found)  # a name, not wording
    for w in fr.loaded_wording(rt_article()):
        assert rt_article().text[w["start"] : w["end"]] == w["text"]


def test_loaded_wording_skips_direct_quotes() -> None:
    ki = ki_article()
    inside = [(q.start, q.end) for q in ki.quotes if q.kind == "direct"]
    for w in fr.loaded_wording(ki):
        assert not any(s <= w["start"] < e for s, e in inside)


def test_omissions_list_actors_the_other_article_includes() -> None:
    arts = seed_pair()
    story = Story(id="s", title="t", articles=["rt", "ki"])
    out = omissions(story, arts)
    assert out["rt"][0]["actor"] == "Mark Rutte" and out["rt"][0]["quoted_by"] == ["ki"]
    ki_missing = {m["actor"] for m in out["ki"]}
    assert {"Matthew Whitaker", "Russia"} <= ki_missing
    assert "Donald Trump" not in ki_missing  # both mention him
