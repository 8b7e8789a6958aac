"""Every renderer says which articles could not be read, and why."""

from __future__ import annotations

import json

from _languages import ENGLISH, GERMAN, PUBLISHED
from rich.console import Console

from rashomon.model import Article
from rashomon.registry import Context, run
from rashomon.render.html import render_html
from rashomon.render.json import dumps
from rashomon.render.markdown import render_markdown
from rashomon.render.schema import validate
from rashomon.render.terminal import render_terminal


def _articles() -> list[Article]:
    arts = [
        Article(id="en", source="en.txt", raw_text=ENGLISH, published=PUBLISHED, outlet="Wire"),
        Article(id="de", source="de.txt", raw_text=GERMAN, published=PUBLISHED, outlet="Zeitung"),
    ]
    run(arts, ["clean", "parse", "entities", "quotes", "dates", "claims"], Context())
    return arts


def test_every_renderer_lists_the_article_that_was_not_read() -> None:
    arts = _articles()
    md = render_markdown(arts, [])
    assert "## Articles not read" in md and "Zeitung" in md and "German (de)" in md
    html = render_html(arts, [])
    assert "Articles not read" in html and "German (de)" in html
    console = Console(record=True, width=200)
    render_terminal(arts, [], console=console)
    out = console.export_text()
    assert "not read:" in out and "German (de)" in out
    doc = json.loads(dumps(arts, []))
    validate(doc)
    (entry,) = doc["unread"]
    assert entry["article"] == "de" and entry["language"] == "de"
    assert entry["stages"] == ["entities", "quotes", "claims"] and "German" in entry["reason"]
    assert next(a for a in doc["articles"] if a["id"] == "de")["unread"] == entry["stages"]


def test_a_report_of_english_articles_has_no_such_list() -> None:
    arts = _articles()[:1]
    assert "Articles not read" not in render_markdown(arts, [])
    assert "Articles not read" not in render_html(arts, [])
    assert json.loads(dumps(arts, []))["unread"] == []
