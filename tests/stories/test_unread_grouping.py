"""An article the English models could not read still joins its story by what does not
depend on its language: its date and the names it shares with the others."""

from __future__ import annotations

from _languages import ENGLISH, FRENCH, GERMAN, PUBLISHED, RUSSIAN, UNRELATED

from rashomon.model import Article
from rashomon.registry import Context, run
from rashomon.stories import group


def _read(items: list[tuple[str, str, str]]) -> list[Article]:
    arts = [Article(id=i, source=f"{i}.txt", raw_text=t, published=p) for i, t, p in items]
    run(arts, ["clean", "parse", "entities", "quotes", "dates", "claims"], Context())
    return arts


def test_german_and_french_versions_join_the_english_story_not_another() -> None:
    arts = _read(
        [
            ("en", ENGLISH, PUBLISHED),
            ("de", GERMAN, PUBLISHED),
            ("fr", FRENCH, PUBLISHED),
            ("fire", UNRELATED, "2024-05-26"),
            ("ru", RUSSIAN, PUBLISHED),
        ]
    )
    assert [a.unread != [] for a in arts] == [False, True, True, False, True]
    stories = {frozenset(s.articles) for s in group(arts)}
    assert frozenset({"en", "de", "fr"}) in stories
    assert frozenset({"fire"}) in stories
    # Russian shares the day and two transliterated names, but its lead is unreadable to the
    # English sentence model: too little to join, and it joins nothing else either.
    assert frozenset({"ru"}) in stories


def test_unread_articles_keep_only_names_that_match() -> None:
    from rashomon.stories.features import features, link_unread

    arts = _read([("en", ENGLISH, PUBLISHED), ("de", GERMAN, PUBLISHED)])
    fs = [features(a) for a in arts]
    assert "bürgermeisterin" in fs[1].entities or "hafenarbeiter" in fs[1].entities
    link_unread(fs)
    en_keys = set(fs[0].entities)
    assert fs[1].entities and set(fs[1].entities) <= en_keys
