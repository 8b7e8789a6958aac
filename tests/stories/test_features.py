"""Per-article features for grouping, with fallbacks for unannotated articles."""

from __future__ import annotations

from datetime import date

from compare.seed_articles import ki_article, rt_article

from rashomon.model import Article
from rashomon.stories import features as feat


def test_main_date_prefers_the_quoted_lead_date_over_background_dates() -> None:
    assert feat.main_date(rt_article()) == (date(2025, 9, 8), "mentions")


def test_main_date_prefers_the_most_mentioned_day() -> None:
    assert feat.main_date(ki_article())[0] == date(2025, 8, 18)


def test_main_date_falls_back_to_publication() -> None:
    a = Article(id="x", source="x", text="No dates here at all.", published="2025-08-19T10:00:00")
    assert feat.main_date(a) == (date(2025, 8, 19), "published")


def test_fallback_sentences_do_not_cut_after_abbreviations() -> None:
    a = Article(id="x", source="x", text=ki_article().text)
    texts = [a.text[s:e] for s, e in feat.sentences(a)]
    assert any(t.startswith("Zelensky arrived in Washington on Aug. 18 with") for t in texts)
    assert not any(t.endswith("Aug.") for t in texts)


def test_entity_keys_use_canonical_ids_so_kiev_and_kyiv_count_as_one() -> None:
    keys = feat.entity_keys(rt_article())
    assert keys["gpe:kyiv"] == 2


def test_entity_keys_fall_back_to_capitalised_names_on_raw_text() -> None:
    a = Article(
        id="x", source="x", text="The Mark Rutte interview. Rutte spoke to Fox News on Aug. 18."
    )
    keys = feat.entity_keys(a)
    assert keys["rutte"] == 2 and {"mark", "fox", "news"} <= set(keys)
    assert "the" not in keys and "aug" not in keys
