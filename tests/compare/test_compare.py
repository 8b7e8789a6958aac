"""The comparison entry points on the seed story."""

from __future__ import annotations

from rashomon.compare import analyze_story, compare, framing_report
from rashomon.model import Article, Story

from .seed_articles import seed_pair


def test_analyze_story_fills_every_part_of_the_story() -> None:
    story = analyze_story(seed_pair())
    assert story.articles == ["rt", "ki"]
    assert len(story.events) == 2
    assert story.alignments and story.only_in["rt"] and story.only_in["ki"]
    assert story.naming == {"Kyiv": {"rt": "Kiev", "ki": "Kyiv"}}
    assert {v["speaker"] for v in story.voices["ki"]} == {"Mark Rutte", "Emmanuel Macron"}
    assert "Russia" in story.positions
    assert story.timeline and any(k.endswith(":total") for k in story.scores)


def test_story_round_trips_through_json() -> None:
    story = analyze_story(seed_pair())
    assert Story.from_dict(story.to_dict()) == story


def test_comparison_degrades_on_unannotated_articles() -> None:
    raw = [
        Article(id=a.id, source=a.source, text=a.text, outlet=a.outlet, title=a.title)
        for a in seed_pair()
    ]
    story = analyze_story(raw)
    assert story.only_in["rt"][0].startswith("rt:s")
    assert story.naming == {} and story.voices == {"rt": [], "ki": []}
    numbers = [a for a in story.alignments if (a.detail or "").startswith("number:")]
    assert numbers and "26 countries" in numbers[0].detail


def test_compare_only_looks_at_the_storys_articles() -> None:
    rt, ki = seed_pair()
    story = compare(Story(id="s", title="t", articles=["rt"]), [rt, ki])
    assert story.alignments == [] and story.naming == {}
    assert set(story.voices) == {"rt"}


def test_a_story_of_one_article_has_no_alignments_and_no_omissions() -> None:
    # Omissions are relative to other coverage: one account alone omits nothing yet.
    (rt, _) = seed_pair()
    story = analyze_story([rt])
    assert story.alignments == [] and story.only_in == {}
    assert story.positions  # the rest of the comparison is still filled


def test_framing_reports_loaded_words_last_word_and_counts() -> None:
    arts = seed_pair()
    story = analyze_story(arts)
    out = framing_report(story, arts)
    assert out["rt"]["last_word"]["speaker"] == "Russia"
    assert out["rt"]["naming"] == {"Kyiv": {"Kiev": 2}}
    assert out["rt"]["loaded"] == [w.to_dict() for w in story.loaded["rt"]]
    assert set(story.loaded) == {"rt", "ki"}
