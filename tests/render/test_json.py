"""The JSON document: the output contract's shape, UTF-8 as written, stable round trip."""

from __future__ import annotations

import json

from rashomon.model import SCHEMA_VERSION, Article, Story
from rashomon.render.json import dumps, to_document


def test_document_has_version_time_articles_and_stories(seed_articles, seed_story):
    doc = to_document(seed_articles, [seed_story])
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["generated"].endswith("+00:00")
    assert [a["id"] for a in doc["articles"]] == [a.id for a in seed_articles]
    assert doc["stories"][0]["id"] == seed_story.id


def test_document_leaves_out_raw_inputs(seed_articles, seed_story):
    doc = to_document(seed_articles, [seed_story])
    assert all("raw_text" not in a and "html" not in a for a in doc["articles"])
    assert all(a["text"] for a in doc["articles"])


def test_dumps_round_trips_through_the_model(seed_articles, seed_story):
    data = json.loads(dumps(seed_articles, [seed_story], generated="2025-09-09T00:00:00+00:00"))
    assert data["generated"] == "2025-09-09T00:00:00+00:00"
    back = Story.from_dict(data["stories"][0])
    assert back == seed_story
    art = Article.from_dict(data["articles"][1])
    assert art.entities == seed_articles[1].entities
    assert art.claims == seed_articles[1].claims


def test_dumps_keeps_non_ascii_text_readable(seed_articles, seed_story):
    out = dumps(seed_articles, [seed_story])
    assert "“reassurance”" in out
    assert "\\u201c" not in out


def test_empty_input_is_a_valid_empty_document():
    doc = to_document([], [])
    assert doc["articles"] == [] and doc["stories"] == []


def test_package_exposes_the_functions_the_cli_calls():
    from rashomon import render

    assert render.json.dumps is dumps
    assert callable(render.markdown.render_markdown)
    assert callable(render.html.render_html) and callable(render.html.render_story_fragment)
    assert callable(render.terminal.render_terminal)
    assert render.schema.schema()["$id"] == render.json_schema()["$id"]
