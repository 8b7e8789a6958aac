"""The HTML pages over real HTTP: content, escaping of hostile article text."""

from __future__ import annotations

import json

from .conftest import Server

HOSTILE = (
    "Hostile page test headline\n\n"
    "The minister said the plan was sound <script>window.__pwned=1;alert(1)</script> and would "
    "proceed. Critics disagreed <img src=x onerror=\"window.__pwned=2\"> with that view, "
    "saying \" onmouseover=\"window.__pwned=3\" it was rushed and poorly costed by the ministry.\n\n"
    "Officials in the capital declined to comment further on the matter on Tuesday, citing talks."
)


def test_home_lists_articles(server: Server, seeded: dict) -> None:
    with server.client() as c:
        html = c.get("/").text
    for aid in seeded.values():
        assert f"/articles/{aid}" in html


def test_article_page_shows_text_and_removed_chrome(server: Server, seeded: dict) -> None:
    aid = seeded["002_f98cd67f27055606.txt"]
    with server.client() as c:
        html = c.get(f"/articles/{aid}").text
    assert "Rutte" in html
    assert "Removed by cleaning" in html


def test_hostile_article_text_is_escaped_in_pages(server: Server) -> None:
    with server.client() as c:
        r = c.post(
            "/api/v1/articles",
            content=json.dumps({"text": HOSTILE, "analyze": False}),
            headers={**server.auth(), "Content-Type": "application/json"},
        )
        assert r.status_code == 201, r.text
        aid = r.json()["added"][0]["id"]
        pages = [c.get(f"/articles/{aid}").text, c.get("/search", params={"q": "minister"}).text]
    for html in pages:
        assert "<script>window.__pwned" not in html
        assert "<img src=x" not in html
        assert 'onerror="window' not in html
    assert "&lt;script&gt;" in pages[0]


def test_search_page_finds_by_body_words(server: Server, seeded: dict) -> None:
    with server.client() as c:
        html = c.get("/search", params={"q": "security guarantees"}).text
    assert "result(s)" in html
    assert any(f"/articles/{aid}" in html for aid in seeded.values())


def test_missing_pages_are_404_html(server: Server) -> None:
    with server.client() as c:
        r = c.get("/articles/ffffffffffffffff")
    assert r.status_code == 404 and "E008" in r.text


def test_form_ingest_needs_the_token(server: Server) -> None:
    with server.client() as c:
        r = c.post("/ingest", data={"token": "wrong", "text": "A text long enough to be an article."})
    assert r.status_code == 401
