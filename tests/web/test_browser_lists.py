"""The story list, the ingest form (progress, result, the token kept) and the "what changed" page in a real headless Chromium: stories by latest
activity, paged, filtered by outlet and by date through the form; the alerts with their
evidence; the API reference at /docs, every endpoint of the schema. Hostile titles and alert
text run nothing, nothing leaves the app."""

# ruff: noqa: F811 (the tests take the fixtures imported from test_browser as arguments)
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rashomon.model import Article, Story

from .conftest import PLAIN_PAGE, Server, start_server
from .test_browser import CHROMIUM, Watched, browser, shots  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]
OUTLETS = ["Daily Planet", "Evening Gazette", "Morning Herald"]
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """60 stories of two articles each, story n's newest article published on day n of 2026
    (n = 0..59), by two of three outlets in turn; story 7's title is hostile; one alert."""
    from rashomon.api import Rashomon

    db = tmp_path_factory.mktemp("lists") / "lists.db"
    with Rashomon(db) as r:
        for n in range(60):
            day = f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}"
            ids = []
            for k in range(2):
                a = Article(
                    id=f"{n:08x}{k:08x}", source=f"in/{n}-{k}.txt", text=f"Body {n} {k}.",
                    outlet=OUTLETS[(n + k) % 3], published=f"{day}T0{k}:00:00+00:00",
                )  # fmt: skip
                r.store.add(a, None)
                ids.append(a.id)
            title = f"Story {n:02d} {HOSTILE}" if n == 7 else f"Story {n:02d}"
            r.store.put_story(Story(id=f"s{n:09d}", title=title, articles=ids))
        r.store.raise_alerts([{
            "key": "fact:x", "kind": "fact", "story_id": "s000000007", "article_id": ids[0],
            "summary": f"only Daily Planet reports: {HOSTILE}",
            "detail": {"article": {"id": ids[0], "title": HOSTILE, "outlet": "Daily Planet"},
                       "evidence": [{"article_id": ids[0], "outlet": "Daily Planet", "title": "t",
                                     "text": f"40 inspectors {HOSTILE}", "start": 0, "end": 9}]},
        }], [])  # fmt: skip
    yield from start_server(db)


def _titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#stories tbody tr td:first-child").all_inner_texts()]


def test_story_list_is_by_latest_activity_paged_and_filtered(
    browser: Any,
    listed: Server,
    shots: Path,
) -> None:
    w = Watched(browser, listed.url)
    w.goto("/")
    page = w.page
    titles = _titles(page)
    assert len(titles) == 50 and titles[:2] == ["Story 59", "Story 58"]
    assert "1–50 of 60 stories" in page.locator("#storycount").inner_text()
    w.shot(shots, "stories-page-1")
    page.locator("nav.pages a[rel=next]").click()
    page.wait_for_load_state("load")
    assert _titles(page) == [f"Story {n:02d}" for n in range(9, 7, -1)] + [
        f"Story 07 {HOSTILE}"] + [f"Story {n:02d}" for n in range(6, -1, -1)]  # fmt: skip
    assert page.locator("nav.pages a[rel=next]").count() == 0
    assert page.evaluate("window.__pwned") is None  # the hostile title is text, run never
    # The outlet filter (case-blind), through the form.
    w.goto("/")
    form = page.locator("#storyfilters")
    form.locator("input[name=outlet]").fill("morning herald")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    got = _titles(page)
    # Story n is told by outlets n % 3 and (n + 1) % 3: Morning Herald (2) is in n % 3 in (1, 2).
    assert got[:3] == ["Story 59", "Story 58", "Story 56"] and len(got) == 40
    assert "of 40 stories" in page.locator("#storycount").inner_text()
    # And the days: since and until, together with the outlet.
    form = page.locator("#storyfilters")
    form.locator("input[name=since]").fill("2026-01-03")
    form.locator("input[name=until]").fill("2026-01-06")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert _titles(page) == ["Story 05", "Story 04", "Story 02"]
    assert "outlet=morning+herald" in page.url and "since=2026-01-03" in page.url
    w.shot(shots, "stories-filtered")
    form = page.locator("#storyfilters")
    form.locator("input[name=until]").fill("2026-01-01")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#nostories").count() == 1
    w.check_clean()
    page.close()


def test_changes_page_shows_the_evidence_and_runs_nothing(
    browser: Any,
    listed: Server,
    shots: Path,
) -> None:
    w = Watched(browser, listed.url)
    w.goto("/changes")
    page = w.page
    item = page.locator("#changes li.change").first
    assert "only Daily Planet reports: <script>" in item.inner_text()
    assert "40 inspectors" in item.locator("blockquote").inner_text()
    assert item.locator("a[href='/stories/s000000007']").count() == 1
    assert page.evaluate("window.__pwned") is None
    w.shot(shots, "changes")
    w.check_clean()
    page.close()


def test_docs_page_documents_every_endpoint_offline(
    browser: Any,
    listed: Server,
    shots: Path,
) -> None:
    import httpx

    spec = httpx.get(f"{listed.url}/api/v1/openapi.json").json()
    w = Watched(browser, listed.url)
    w.goto("/")
    w.page.locator("header nav a", has_text="API").click()
    w.page.wait_for_load_state("load")
    page = w.page
    assert page.url == listed.url + "/docs"
    shown = {
        t.split()[0] + " " + t.split()[1]
        for t in page.locator("section.endpoint h3").all_inner_texts()
    }
    wanted = {f"{m.upper()} {p}" for p, ms in spec["paths"].items() for m in ms}
    assert shown == wanted
    ingest = page.locator("section.endpoint", has_text="POST /api/v1/articles").first
    assert "needs the write token" in ingest.inner_text().lower()
    assert ingest.locator("a[href='#model-IngestRequest']").count() == 1
    stories = page.locator(
        "section.endpoint", has=page.locator("code", has_text="/api/v1/stories")
    ).first
    text = stories.inner_text()
    assert "since" in text and "matches ^\\d{4}-\\d{2}-\\d{2}$" in text and "≤ 500" in text
    assert page.locator("#model-IngestRequest td code").count() > 0
    w.shot(shots, "docs")
    w.check_clean()  # no script, nothing fetched from anywhere but the app
    page.close()


SLOW_PAGE = PLAIN_PAGE


@pytest.fixture
def slow_page_url() -> Iterator[str]:
    """:data:`PLAIN_PAGE` served after a pause, so the ingest job is seen running."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            time.sleep(3)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(SLOW_PAGE)))
            self.end_headers()
            self.wfile.write(SLOW_PAGE)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/harbour.html"
    httpd.shutdown()
    httpd.server_close()


def test_ingest_form_shows_progress_lands_on_the_result_and_keeps_the_token(
    browser: Any, listed: Server, shots: Path, slow_page_url: str
) -> None:
    w = Watched(browser, listed.url)
    w.goto("/ingest")
    page = w.page
    form = page.locator("form.ingest")
    form.locator("input[name=token]").fill(listed.token)
    form.locator("input[name=url]").fill(slow_page_url)
    form.locator("button[type=submit]").first.click()
    # At once a progress page (it refreshes itself; no script), then the result on its own.
    page.wait_for_url(re.compile(r"/ingest/jobs/[\w-]+$"))
    page.wait_for_selector("#job[data-state=running] progress", state="attached")
    assert "storing the inputs" in page.locator("#job").inner_text()
    w.shot(shots, "ingest-progress")
    page.wait_for_selector("#ingest-result")
    result = page.locator("#ingest-result").inner_text()
    assert "1 added" in result and "0 failed" in result and "Harbour bridge reopens" in result
    # The token is remembered for the session: the next post needs none.
    w.goto("/ingest")
    assert page.locator("#token-remembered").count() == 1
    assert page.locator("form.ingest input[name=token]").count() == 0
    form = page.locator("form.ingest")
    form.locator("textarea[name=text]").fill(
        "Ferry service resumes\n\nThe island ferry resumed its service on Sunday after the storm, "
        "the operator said, with extra crossings planned for the week to clear the backlog."
    )
    form.locator("button[type=submit]", has_text="Add and compare").click()
    page.wait_for_selector("#ingest-result")
    assert "1 added" in page.locator("#ingest-result").inner_text()
    # Forgetting it brings the token field back, and a post without it is refused.
    w.goto("/ingest")
    page.locator("#token-remembered button").click()
    page.wait_for_url(re.compile(r"/ingest$"))
    assert page.locator("form.ingest input[name=token]").count() == 1
    w.check_clean()
    page.close()
