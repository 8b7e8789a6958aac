"""The normalised story view: tolerant of missing and partial fields, consistent ordering."""

from __future__ import annotations

from datetime import date

from rashomon.model import Alignment, Article, Story
from rashomon.render import _view


def test_columns_follow_story_order_and_label_by_outlet(seed_articles, seed_story):
    v = _view.build(seed_articles, seed_story)
    assert [c.label for c in v.columns] == ["RT", "The Kyiv Independent"]
    assert [c.article.id for c in v.columns] == seed_story.articles


def test_outlet_label_falls_back_to_file_name_then_id():
    assert _view.outlet_label(Article(id="x1", source="/data/in/story.txt#line 3")) == "story.txt"
    assert _view.outlet_label(Article(id="x1", source="-")) == "x1"


def test_same_outlet_twice_is_told_apart():
    arts = [Article(id="a", source="-", outlet="AP"), Article(id="b", source="-", outlet="AP")]
    v = _view.build(arts, Story(id="s", title="t", articles=["a", "b"]))
    assert [c.label for c in v.columns] == ["AP", "AP (2)"]


def test_differences_put_contradictions_first_then_score(seed_articles, seed_story):
    seed_story.alignments.append(Alignment(seed_story.alignments[3].claims, "contradicts", 0.1))
    v = _view.build(seed_articles, seed_story)
    assert [a.relation for a in v.differences] == ["contradicts", "differs", "differs"]
    assert v.differences[1].score == 0.71
    assert v.differences[1].claims[0].column == 0 and v.differences[1].claims[1].column == 1


def test_naming_rows_with_differing_forms_come_first(seed_articles, seed_story):
    v = _view.build(seed_articles, seed_story)
    assert v.naming[0][2] and not v.naming[-1][2]
    assert ("Kyiv", ["Kiev", "Kyiv"], True) in v.naming
    assert ("Mark Rutte", [None, "NATO Secretary General Mark Rutte"], False) in v.naming


def test_voices_sorted_by_share_and_last_word_found(seed_articles, seed_story):
    v = _view.build(seed_articles, seed_story)
    assert [x.speaker for x in v.voices[0]][0] == "Matthew Whitaker"
    assert v.last_word == ["Russia", "Emmanuel Macron"]


def test_missing_share_is_computed_from_words_and_last_word_from_quotes(seed_articles):
    a = seed_articles[0]
    story = Story(id="s", title="t", articles=[a.id],
                  voices={a.id: [{"speaker": "X", "words": 30}, {"speaker": "Y", "words": 10}]})  # fmt: skip
    v = _view.build(seed_articles, story)
    assert [(x.speaker, x.share) for x in v.voices[0]] == [("X", 0.75), ("Y", 0.25)]
    assert v.last_word == ["Russia"]  # the speaker of the article's last quote


def test_timeline_sorted_by_day_with_undated_last():
    story = Story(id="s", title="t", articles=[], timeline=[
        {"date": None, "text": "undated"}, {"date": "2025-09", "text": "month"},
        {"date": "2023", "text": "year"}, {"date": "2025-08-18T10:00", "text": "time"},
        {"text": "no date key"}, "not a dict",
    ])  # fmt: skip
    v = _view.build([], story)
    assert [t.text for t in v.timeline][:3] == ["year", "time", "month"]
    assert {t.text for t in v.timeline[3:]} == {"undated", "no date key"}


def test_parse_day_reads_every_granularity_and_refuses_nonsense():
    assert _view.parse_day("2025-08-18") == date(2025, 8, 18)
    assert _view.parse_day("2025-08") == date(2025, 8, 1)
    assert _view.parse_day("2025") == date(2025, 1, 1)
    assert _view.parse_day("2025-02-30") is None
    assert _view.parse_day("Monday") is None
    assert _view.parse_day(None) is None


def test_empty_and_malformed_story_fields_are_tolerated(seed_articles):
    story = Story(id="s", title="", articles=["gone", seed_articles[0].id],
                  alignments=[Alignment(["gone:c1", "nowhere"], "same", 0.9)],
                  only_in={"gone": ["gone:c1"]}, naming={"X": "not a dict"},  # type: ignore[dict-item]
                  voices={"gone": ["junk", {"share": "n/a"}]}, positions={"A": {"gone": [{}]}},
                  timeline=[])  # fmt: skip
    v = _view.build(seed_articles, story)
    assert v.title == "Untitled story"
    assert v.columns[0].article is None and v.columns[0].label == "gone"
    assert v.alignments[0].claims[0].column == 0 and v.alignments[0].claims[1].column is None
    assert v.voices[0][0].speaker == "unattributed" and v.voices[0][0].share is None
    assert v.positions[0][1][0][0].stance == "says"


def test_articles_in_no_story_get_their_own_section(seed_articles, seed_story):
    seed_story.articles = seed_story.articles[:1]
    views = _view.build_all(seed_articles, [seed_story])
    assert len(views) == 2 and not views[1].is_story
    assert [c.label for c in views[1].columns] == ["The Kyiv Independent"]
    assert _view.build_all([], []) == []


def test_an_outlet_keeps_its_colour_in_every_story_and_unknown_is_grey() -> None:
    from rashomon.model import Article, Story
    from rashomon.render import _view

    def arts(*outlets: str | None) -> list[Article]:
        return [Article(id=f"{i}" * 16, source=f"{i}.txt", text="x", outlet=o)
                for i, o in enumerate(outlets)]  # fmt: skip

    one = arts("RT", "The Kyiv Independent", None)
    two = arts("BBC News", "The Kyiv Independent", "rt")
    hues = []
    for a in (one, two):
        v = _view.build(a, Story(id="s", title="t", articles=[x.id for x in a]))
        hues.append({c.article.outlet: c.hue for c in v.columns if c.article is not None})
        assert len({c.hue for c in v.columns}) == len(v.columns)  # distinct inside a story
    assert hues[0]["RT"] == hues[1]["rt"] == _view.outlet_colour("RT")
    assert hues[0]["The Kyiv Independent"] == hues[1]["The Kyiv Independent"]
    assert hues[0][None] == _view.UNKNOWN_COLOUR
    assert _view.ARTICLE_COLOURS[_view.UNKNOWN_COLOUR] == "#444444"
