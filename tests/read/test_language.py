"""Articles in a language the English models cannot read: detected, stored, marked, their
English-only stages skipped with one warning line each, read again once their language is
English (a correction)."""

from __future__ import annotations

import json
import logging

import pytest
from _languages import ENGLISH, FRENCH, GERMAN, PUBLISHED, RUSSIAN

from rashomon.model import Article
from rashomon.read.language import language_name, readable, unread_reason
from rashomon.registry import Context, run

STAGES = ["clean", "parse", "entities", "quotes", "dates", "claims"]
ENGLISH_ONLY = ["entities", "quotes", "claims"]


def read(text: str, name: str = "a.txt") -> Article:
    article = Article(id=name, source=name, raw_text=text, published=PUBLISHED)
    run([article], STAGES, Context())
    return article


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [(GERMAN, "de", "German"), (RUSSIAN, "ru", "Russian"), (FRENCH, "fr", "French")],
)
def test_an_article_in_another_language_is_marked_and_not_read_as_english(
    text: str, code: str, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="rashomon"):
        article = read(text, f"strike-{code}.txt")
    assert article.language == code
    assert article.unread == ENGLISH_ONLY
    # No junk from the English models: no entities ("Teil"), no quotes, no claims.
    assert article.entities == [] and article.quotes == [] and article.claims == []
    assert article.text and article.sentences  # still stored, cleaned and split
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(lines) == 1, lines  # one line for the article, not one per stage
    assert f"strike-{code}.txt" in lines[0] and name in lines[0] and "entities, quotes, claims" in lines[0]
    assert unread_reason(article) is not None and name in unread_reason(article)


def test_an_english_article_is_read_in_full_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="rashomon"):
        article = read(ENGLISH)
    assert article.language == "en" and article.unread == []
    assert article.entities and article.quotes
    assert unread_reason(article) is None
    assert not [r for r in caplog.records if "not English" in r.getMessage()]


def test_the_mark_round_trips_through_json_and_a_corrected_language_is_read() -> None:
    article = read(GERMAN)
    again = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert again.unread == ENGLISH_ONLY and again.language == "de"
    # A user who says the article is English after all gets it read by the same stages.
    again.language = "en"
    run([again], ["parse", "entities", "quotes", "claims"], Context())
    assert again.unread == []
    assert again.entities


def test_an_unknown_language_is_read_as_english() -> None:
    assert readable(Article(id="x", source="-", text="Short."))
    assert readable(Article(id="x", source="-", text="…", language="en-GB"))
    assert not readable(Article(id="x", source="-", text="…", language="uk"))


def test_language_names_come_from_iso_639() -> None:
    assert language_name("de") == "German"
    assert language_name("uk") == "Ukrainian"
    assert language_name("xx") == "xx"
    assert language_name(None) == "an unknown language"
