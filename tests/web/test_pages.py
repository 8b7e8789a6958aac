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


def test_search_page_marks_matches_and_keeps_hostile_text_inert(server: Server) -> None:
    text = (
        "Zanzibarian ferry headline\n\n"
        "The «Zanzibarian» ferry operator said <script>window.__pwned=4</script> the Zanzibarian "
        "route would reopen, and <b onclick=\"window.__pwned=5\">Zanzibarian</b> officials agreed "
        "with the plan for the harbour on Thursday after talks with the port authority."
    )
    with server.client() as c:
        # Pasted in the form: kept as plain text, so the tags reach the snippet as text.
        r = c.post("/ingest", data={"token": server.token, "text": text})
        assert r.status_code in (200, 303), r.text
        page = c.get("/search", params={"q": "zanzibarian"}).text
    results = page[page.index('id="results"') :]
    assert "<mark>Zanzibarian</mark>" in results
    assert "<script>window.__pwned" not in page and "<b onclick" not in page
    assert "&lt;script&gt;window.__pwned=4&lt;/script&gt;" in results
    assert "\ue000" not in page and "\ue001" not in page
    assert "«<mark>Zanzibarian</mark>»" in results  # the article's guillemets stay text


def test_ingest_page_says_what_the_outlet_field_does(server: Server) -> None:
    with server.client() as c:
        page = c.get("/ingest").text
    assert 'id="outlet-help"' in page
    assert "does not name its outlet itself" in page


def test_form_outlet_goes_to_uploads_and_urls_that_name_none_not_to_those_that_do(
    server: Server, page_url: str
) -> None:
    plain = (
        b"Lighthouse keeper retires after forty years\n\n"
        b"The last keeper of the northern lighthouse retired on Friday after forty years of "
        b"service, handing the keys to the coastal authority, which will run the light remotely."
    )
    record = json.dumps(
        {
            "title": "Glacier retreat measured",
            "outlet": "Reuters",
            "text": "Scientists measured a retreat of two hundred metres at the glacier this "
            "summer, the fastest since records began in the valley, the survey team said.",
        }
    ).encode()
    with server.client() as c:
        r = c.post(
            "/ingest",
            data={"token": server.token, "outlet": "Form Outlet", "url": page_url},
            files=[
                ("files", ("lighthouse.txt", plain, "text/plain")),
                ("files", ("glacier.json", record, "application/json")),
            ],
        )
        assert r.status_code in (200, 303), r.text
        if r.status_code == 200:
            assert "0 failed" in r.text, r.text
        listed = c.get("/api/v1/articles", params={"limit": 500}).json()["articles"]
    by_title = {a["title"]: a["outlet"] for a in listed}
    assert by_title["Lighthouse keeper retires after forty years"] == "Form Outlet"
    assert by_title["Harbour bridge reopens after repairs"] == "Form Outlet"
    assert by_title["Glacier retreat measured"] == "Reuters"  # the record's own outlet wins
    assert not any((a["outlet"] or "").startswith("upload:") for a in listed)
