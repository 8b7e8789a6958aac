"""Grouping articles into stories and events, with the evidence kept per pair."""

from __future__ import annotations

from compare.seed_articles import ki_article, rt_article, seed_pair

from rashomon.model import Article, DateMention
from rashomon.stories import build, events, group, story_id

# A real, unrelated story (BASIL's NYT article on Michael Steele, 2010) as the control.
STEELE = Article(
    id="nyt-steele",
    source="basil/2010",
    outlet="New York Times",
    title="Michael Steele Criticized for Afghanistan Comments",
    published="2010-07-02",
    text=(
        "WASHINGTON — Michael Steele, chairman of the Republican National Committee, drew fierce "
        "criticism and a call for his resignation on Friday after declaring at a party fund-raiser "
        "that the United States was on the wrong side of history with its conflict in Afghanistan, "
        "a military fight he called “a war of Obama’s choosing.”\n\n"
        "Mr. Steele’s comments prompted William Kristol, editor of the Weekly Standard and a "
        "leading voice of conservative support for the war in Afghanistan, to call for Mr. "
        "Steele’s resignation as party leader.\n\n"
        "A spokesman for the Democratic National Committee, Brad Woodhouse, said Mr. Steele was "
        "“betting against our troops and rooting for failure in Afghanistan.”"
    ),
)


def test_the_two_seed_articles_form_one_story_apart_from_an_unrelated_one() -> None:
    stories = group([*seed_pair(), STEELE])
    assert [sorted(s.articles) for s in stories] == [["ki", "rt"], ["nyt-steele"]]


def test_story_keeps_the_components_and_total_behind_the_decision() -> None:
    (story,) = group(seed_pair())
    keys = {k.split(":")[1] for k in story.scores}
    assert {"lead", "claims", "entities", "date", "total"} <= keys
    total = next(v for k, v in story.scores.items() if k.endswith(":total"))
    assert 0.45 <= total <= 1.0


def test_story_id_is_stable_under_article_order() -> None:
    a = group(seed_pair())[0]
    b = group(list(reversed(seed_pair())))[0]
    assert a.id == b.id == story_id(["rt", "ki"])


def test_title_is_one_of_the_articles_headlines() -> None:
    (story,) = group(seed_pair())
    assert story.title in {rt_article().title, ki_article().title}


def test_seed_story_splits_into_two_events_three_weeks_apart() -> None:
    (story,) = group(seed_pair())
    assert [(e.articles, e.date) for e in story.events] == [
        (["ki"], "2025-08-18"),
        (["rt"], "2025-09-08"),
    ]


def test_articles_on_the_same_day_with_the_same_speaker_share_an_event() -> None:
    ki = ki_article()
    wire = ki_article()
    wire.id = "ki-repost"
    wire.title = "NATO's Rutte: troop deployment to Ukraine was not discussed in Washington"
    evs = events([ki, wire, rt_article()])
    assert sorted(map(sorted, (e.articles for e in evs))) == [["ki", "ki-repost"], ["rt"]]


def test_grouping_works_on_raw_text_without_annotations() -> None:
    raw = [
        Article(id=a.id, source=a.source, text=a.text, title=a.title, published=a.published)
        for a in [*seed_pair(), STEELE]
    ]
    stories = group(raw)
    assert sorted(map(sorted, (s.articles for s in stories))) == [["ki", "rt"], ["nyt-steele"]]


def test_event_date_ignores_dates_in_photo_captions() -> None:
    rt = rt_article()
    rt.published = None
    for _ in range(3):  # "Dayton, Ohio, Friday, May 23, 2025. (AP Photo/Paul Vernon)"
        rt.dates.append(
            DateMention(text="May 23, 2025", start=0, end=12, value="2025-05-23", in_caption=True)
        )
    (ev,) = events([rt])
    assert ev.date == "2025-09-08"


def test_build_groups_and_compares_each_story() -> None:
    stories = build([*seed_pair(), STEELE])
    seed = next(s for s in stories if "rt" in s.articles)
    assert seed.alignments and seed.naming["Kyiv"] == {"rt": "Kiev", "ki": "Kyiv"}


def test_empty_input_gives_no_story() -> None:
    assert group([]) == []


def test_corpus_scale_path_gives_the_same_stories() -> None:
    # Above dense_limit only nearest-neighbour candidate pairs are scored (no n x n matrix).
    stories = group([*seed_pair(), STEELE], dense_limit=2, neighbours=1)
    assert sorted(map(sorted, (s.articles for s in stories))) == [["ki", "rt"], ["nyt-steele"]]


def test_a_pair_scored_a_hair_over_one_still_groups(monkeypatch) -> None:  # noqa: ANN001
    # Float rounding in the weighted mean of cosines can put a near-duplicate pair's total just
    # over 1.0; scipy's linkage refuses the negative distance that makes (a CI failure once).
    import sys

    grouping = sys.modules["rashomon.stories.group"]  # the module (the package exports the function)
    real = grouping.combine
    over = 1.0 + 1e-12
    monkeypatch.setattr(
        grouping, "combine", lambda *a: over if real(*a) >= grouping.THRESHOLD else real(*a)
    )
    stories = group([*seed_pair(), STEELE])  # three articles: scipy checks the linkage
    assert [sorted(s.articles) for s in stories] == [["ki", "rt"], ["nyt-steele"]]
