"""The comparison entry points on the seed story."""

from __future__ import annotations

import json

import pytest

from rashomon.compare import analyze_story, compare, framing_report, relate_statements
from rashomon.compare.claims import claims_of
from rashomon.model import Article, Story

from .seed_articles import seed_pair


def test_analyze_story_fills_every_part_of_the_story() -> None:
    story = analyze_story(seed_pair())
    assert story.articles == ["rt", "ki"]
    assert len(story.events) == 2
    assert story.alignments and story.only_in["rt"] and story.only_in["ki"]
    assert story.naming == {"Kyiv": {"rt": "Kiev", "ki": "Kyiv"}}
    assert {v.speaker for v in story.voices["ki"]} == {"Mark Rutte", "Emmanuel Macron"}
    assert "Russia" in story.positions
    assert story.timeline and any(k.endswith(":total") for k in story.scores)


def test_story_round_trips_through_json() -> None:
    story = analyze_story(seed_pair())
    assert Story.from_dict(story.to_dict()) == story


def test_typed_voices_positions_and_timeline_keep_the_json_shape() -> None:
    """The shape these had as plain dicts (schema 1.2.0): a voice's role and affiliation only
    when known, every key of a position and of a timeline entry always."""
    d = json.loads(json.dumps(analyze_story(seed_pair()).to_dict()))
    base = ["speaker", "quotes", "words", "direct", "share", "last_word"]
    voices = [v for vs in d["voices"].values() for v in vs]
    assert voices and all([k for k in v if k not in ("role", "affiliation")] == base for v in voices)
    assert all(v[k] for v in voices for k in ("role", "affiliation") if k in v)
    assert any("role" in v for v in voices) and any("affiliation" not in v for v in voices)
    entries = [p for per in d["positions"].values() for ps in per.values() for p in ps]
    assert entries and all(
        list(p) == ["stance", "text", "claims", "start", "end", "date"] for p in entries
    )
    assert d["timeline"] and all(
        list(t) == ["date", "text", "actor", "articles", "evidence", "event"]
        and all(list(e) == ["article", "start", "end"] for e in t["evidence"])
        for t in d["timeline"]
    )


def test_comparison_degrades_on_unannotated_articles() -> None:
    raw = [
        Article(id=a.id, source=a.source, text=a.text, outlet=a.outlet, title=a.title)
        for a in seed_pair()
    ]
    story = analyze_story(raw)
    assert story.only_in["rt"][0].startswith("rt:s")
    assert story.naming == {} and story.voices == {"rt": [], "ki": []}
    assert story.alignments  # sentences stand in for claims


def _model_free(detail: str) -> str:
    return detail.split("; model:")[0]


def test_relate_statements_is_the_comparisons_judgment_of_its_claims() -> None:
    # Raw articles: their claims are sentences, so the comparison knows no more than the text.
    raw = [Article(id=a.id, source=a.source, text=a.text, outlet=a.outlet) for a in seed_pair()]
    story = analyze_story(raw)
    text = {c.id: c.text for a in raw for c in claims_of(a)}
    pairs = [(text[al.claims[0]], text[al.claims[1]]) for al in story.alignments]
    got = relate_statements(pairs)
    assert len(got) == len(story.alignments) > 0
    for al, r in zip(story.alignments, got, strict=True):
        assert (al.relation, _model_free(al.detail or "")) == (r.relation, _model_free(r.detail))
        assert al.score == pytest.approx(r.similarity, abs=0.02)


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
