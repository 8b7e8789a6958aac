"""The normalised story view: tolerant of absent articles and empty fields, consistent ordering."""

from __future__ import annotations

from datetime import date

from rashomon.model import Alignment, Article, Position, Story, TimelineEntry, Voice
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


def test_voices_by_share_role_for_unknown_affiliation_last_word_from_quotes(seed_articles):
    a = seed_articles[0]
    story = Story(id="s", title="t", articles=[a.id],
                  voices={a.id: [Voice("Y", words=10, share=0.25, role="envoy"),
                                 Voice("X", words=30, share=0.75, affiliation="NATO", role="chief")]})  # fmt: skip
    v = _view.build(seed_articles, story)
    assert [(x.speaker, x.share, x.affiliation) for x in v.voices[0]] == [
        ("X", 0.75, "NATO"), ("Y", 0.25, "envoy")]  # fmt: skip
    assert v.last_word == ["Russia"]  # none has the last word: the speaker of the last quote


def test_timeline_sorted_by_day_with_unreadable_dates_last():
    story = Story(id="s", title="t", articles=["a"], timeline=[
        TimelineEntry("sometime", "unreadable"), TimelineEntry("2025-09", "month", articles=["a"]),
        TimelineEntry("2023", "year"), TimelineEntry("2025-08-18T10:00", "time"),
        TimelineEntry("2025-02-30", "no such day"),
    ])  # fmt: skip
    v = _view.build([], story)
    assert [t.text for t in v.timeline][:3] == ["year", "time", "month"]
    assert {t.text for t in v.timeline[3:]} == {"unreadable", "no such day"}
    assert v.timeline[2].columns == [0] and v.timeline[0].columns == []


def test_parse_day_reads_every_granularity_and_refuses_nonsense():
    assert _view.parse_day("2025-08-18") == date(2025, 8, 18)
    assert _view.parse_day("2025-08") == date(2025, 8, 1)
    assert _view.parse_day("2025") == date(2025, 1, 1)
    assert _view.parse_day("2025-02-30") is None
    assert _view.parse_day("Monday") is None
    assert _view.parse_day(None) is None


def test_absent_articles_and_empty_story_fields_are_tolerated(seed_articles):
    a = seed_articles[0]
    story = Story(id="s", title=" ", articles=["gone", a.id],
                  alignments=[Alignment(["gone:c1", "nowhere"], "same", 0.9)],
                  only_in={"gone": ["gone:c1"]}, naming={"X": {"gone": ""}},
                  voices={"gone": [Voice("(unattributed)")]},
                  positions={"A": {a.id: [Position("", "", [a.claims[0].id], 0, 1)]}})  # fmt: skip
    v = _view.build(seed_articles, story)
    assert v.title == "Untitled story"
    assert v.columns[0].article is None and v.columns[0].label == "gone"
    assert v.alignments[0].claims[0].column == 0 and v.alignments[0].claims[1].column is None
    assert v.naming == [("X", [None, None], False)]
    assert v.voices == [[_view.VoiceRow("(unattributed)", None, 0, 0, 0.0, False)], []]
    cell = v.positions[0][1][1][0]  # the stance and text fall back to "says" and the claim's text
    assert (cell.stance, cell.text) == ("says", a.claims[0].text)
    assert v.timeline == [] and v.facts == []


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
