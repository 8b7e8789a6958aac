"""The web app in a real headless Chromium, against a real server over a real database.

The two seeds go in through the ingest form (one pasted with its outlet, one uploaded as a file,
with the write token the form asks for); the story page the form leads to must highlight and link
the aligned claims and show the Kiev/Kyiv naming row; an actor's link must lead to a page with its
quotes and claims; the header's search box must find an article. On every page nothing may run
(no scripts at all), nothing may be fetched from anywhere but the app, and the CSP must not have
had to block anything.

Uses Debian's /usr/bin/chromium through Playwright (never Playwright's own downloaded browser).
Screenshots go to the test's tmp_path and, when RASHOMON_SCREENSHOTS is set, there too.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import SEEDS, Server

CHROMIUM = Path("/usr/bin/chromium")
RT_SEED = SEEDS / "000_b7550a3bc73cf7d3.txt"
KI_SEED = SEEDS / "002_f98cd67f27055606.txt"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SLOW_MS = 300_000  # the form ingest reads, groups and compares: generous, never asserted on


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


class Watched:
    """A page whose dialogs, console messages, failed responses and requests are recorded;
    requests that leave the app's origin are aborted (and show up in ``foreign``)."""

    def __init__(self, browser: Any, origin: str, width: int = 1300) -> None:
        self.origin = origin
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.set_default_timeout(SLOW_MS)
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on(
            "response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        self.page.route("**/*", self._route)

    def _dialog(self, d: Any) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.origin + "/"):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def goto(self, path: str) -> None:
        self.page.goto(self.origin + path, wait_until="load")

    def check_clean(self) -> None:
        """Nothing ran, nothing left the app, the CSP blocked nothing, nothing was missing."""
        assert self.page.evaluate("document.scripts.length") == 0
        assert self.dialogs == [] and self.foreign == [], (self.dialogs, self.foreign)
        assert not [m for m in self.console if "Content Security Policy" in m], self.console
        assert self.failed == [], self.failed

    def shot(self, shots: Path, name: str) -> Path:
        path = shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000  # a rendered page, not a blank one
        out = os.environ.get("RASHOMON_SCREENSHOTS")
        if out:
            Path(out).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(out) / path.name)
        return path


@pytest.fixture(scope="module")
def story_path(browser: Any, server: Server, shots: Path) -> str:
    """The seeds ingested through the form: RT pasted with its outlet, the Kyiv Independent
    uploaded as a file. The form redirects to the story it made; its path is returned.

    The form's outlet ("RT") is a fallback for the upload, which names its own outlet: the home
    page test checks that the file keeps it."""
    w = Watched(browser, server.url)
    w.goto("/ingest")
    form = w.page.locator("form.ingest")
    form.locator("input[name=token]").fill(server.token)
    form.locator("textarea[name=text]").fill(RT_SEED.read_text(encoding="utf-8"))
    form.locator("input[name=outlet]").fill("RT")
    form.locator("input[name=files]").set_input_files(str(KI_SEED))
    w.shot(shots, "ingest-form")
    with w.page.expect_navigation(url=re.compile(r"/stories/[^/]+$"), timeout=SLOW_MS):
        form.locator("button[type=submit]").click()
    path = w.page.url.removeprefix(server.url)
    w.check_clean()
    w.page.close()
    return path


def _columns(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".columns > section.col .outlet").all_text_contents()]


def test_story_page_highlights_and_links_aligned_claims(
    browser: Any, server: Server, story_path: str, shots: Path
) -> None:
    w = Watched(browser, server.url)
    w.goto(story_path)
    page = w.page
    assert _columns(page) == ["RT", "The Kyiv Independent"] or _columns(page) == [
        "The Kyiv Independent", "RT"]  # fmt: skip
    # Aligned claims are highlighted in both columns: the report's stylesheet, served by the app
    # under its CSP, paints them (the browser's own yellow <mark> would mean it never arrived).
    for i in range(2):
        col = page.locator(".columns > section.col").nth(i)
        assert col.locator("mark[class^='rel-']").count() > 0
    mark = page.locator("a.claim mark").first
    bg = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 0)"), bg
    # A linked claim points at its counterpart in the other column; following it targets it.
    link = page.locator("section.col").nth(0).locator("a.claim").first
    target = link.get_attribute("href")
    assert target and target.startswith("#")
    assert page.locator("section.col").nth(1).locator(f"mark{target}").count() == 1
    link.click()
    assert page.evaluate("location.hash") == target
    outline = page.evaluate(f"getComputedStyle(document.querySelector('{target}')).outlineStyle")
    assert outline == "solid"
    # The naming table: one row for Kyiv, with each outlet's own form under its column.
    heads = [t.strip() for t in page.locator(".naming thead th").all_text_contents()][1:]
    row = page.locator(".naming tbody tr", has_text="Kiev")
    assert row.count() == 1
    forms = dict(zip(heads, [t.strip() for t in row.locator("td").all_inner_texts()], strict=True))
    assert forms == {"RT": "Kiev", "The Kyiv Independent": "Kyiv"}
    assert row.locator("th").inner_text().strip() == "Kyiv"
    # The story page's own panel lists both articles, linked.
    assert page.locator(".story-articles a[href^='/articles/']").count() == 2
    w.shot(shots, "story")
    w.check_clean()
    page.close()


def test_story_page_leads_with_facts_and_filters_them_by_relation(
    browser: Any, server: Server, story_path: str, shots: Path
) -> None:
    w = Watched(browser, server.url)
    w.goto(story_path)
    page = w.page
    # The facts table comes before the side-by-side texts.
    order = page.evaluate(
        "[...document.querySelectorAll('section.facts, .columns')].map(e => e.className)"
    )
    assert order[0].startswith("facts"), order
    rows = page.locator(".facts-table tr.fact")
    total = rows.count()
    assert total > 0

    def shown() -> list[str]:
        return [rows.nth(i).get_attribute("class") or "" for i in range(total)
                if rows.nth(i).is_visible()]  # fmt: skip

    assert len(shown()) == total
    labels = page.locator(".facts-filter label")
    assert labels.count() == 6
    for rel in ("one", "differs", "same", "contradicts"):
        page.locator(f".facts-filter label[for$='-filter-{rel}']").click()
        got = shown()
        assert all(f"f-{rel}" in c for c in got), (rel, got)
        n = sum(f"f-{rel}" in (rows.nth(i).get_attribute("class") or "") for i in range(total))
        assert len(got) == n
    page.locator(".facts-filter label[for$='-filter-all']").click()
    assert len(shown()) == total
    w.shot(shots, "story-facts")
    w.check_clean()
    page.close()


def test_home_lists_the_story_with_outlets_counts_and_difference(
    browser: Any, server: Server, story_path: str, shots: Path
) -> None:
    w = Watched(browser, server.url)
    w.goto("/")
    row = w.page.locator("#stories tbody tr").first
    assert row.locator(f"a[href='{story_path}']").count() == 1
    cells = [t.strip() for t in row.locator("td").all_inner_texts()]
    assert cells[1] == "RT, The Kyiv Independent" and cells[2] == "2"
    assert int(cells[3]) > 0  # aligned claims
    # The difference column shows the story's strongest confirmed difference, "—" for none (the
    # seeds' aligned claims are related, none a difference a reader could confirm).
    with server.client() as c:
        story = c.get(f"/api/v1{story_path}").json()
    diffs = [a for a in story["alignments"] if a["relation"] in ("differs", "contradicts")]
    assert (cells[4] != "—") == bool(diffs), (cells[4], diffs)
    w.shot(shots, "home")
    w.check_clean()
    w.page.close()


def test_an_outlet_has_one_colour_on_the_story_page_and_in_search(
    browser: Any, server: Server, story_path: str, shots: Path
) -> None:
    """One colour per outlet everywhere (issue 20): the colour a story page gives an outlet's
    column is the colour its name has in search results."""
    w = Watched(browser, server.url)
    w.goto(story_path)
    page = w.page
    colour = "el => getComputedStyle(el).getPropertyValue('--c').trim()"
    cols = page.locator(".columns > section.col")
    on_story = {
        (cols.nth(i).locator(".outlet").text_content() or "").strip(): cols.nth(i).evaluate(colour)
        for i in range(cols.count())
    }
    assert set(on_story) == {"RT", "The Kyiv Independent"}, on_story
    assert len(set(on_story.values())) == 2 and all(on_story.values()), on_story
    w.goto("/search?q=Kyiv")  # Kiev in one seed, Kyiv in the other: both found
    spans = page.locator("#results .outlet")
    in_search = {(spans.nth(i).text_content() or "").strip(): spans.nth(i).evaluate(colour)
                 for i in range(spans.count())}  # fmt: skip
    assert set(in_search) == set(on_story), in_search
    assert in_search == on_story
    w.check_clean()
    page.close()


def test_entity_link_leads_to_the_actors_quotes_and_claims(
    browser: Any, server: Server, story_path: str, shots: Path
) -> None:
    w = Watched(browser, server.url)
    w.goto(story_path)
    page = w.page
    link = page.locator("#people a.entity-link", has_text="Mark Rutte")
    assert link.count() == 1
    with page.expect_navigation():
        link.click()
    assert page.url.endswith("/entities/Mark%20Rutte")
    assert page.locator("h1").inner_text().strip() == "Mark Rutte"
    quotes = page.locator("#entity-quotes tbody tr")
    assert quotes.count() >= 2
    assert "The Kyiv Independent" in quotes.first.inner_text()
    assert page.locator("#entity-quotes", has_text="We have not discussed that at all").count() == 1
    assert page.locator("#entity-claims tbody tr").count() >= 1
    # Each quote links back to its article.
    assert page.locator("#entity-quotes a[href^='/articles/']").count() == quotes.count()
    w.shot(shots, "entity")
    w.check_clean()
    # The place behind the naming difference: both forms, each with the outlet that uses it.
    w.goto("/entities/Kyiv")
    forms = page.locator("p.forms").inner_text()
    assert "Kiev (RT)" in forms and "Kyiv (The Kyiv Independent)" in forms
    w.check_clean()
    page.close()


def test_search_box_finds_an_article_with_its_marks_and_removed_text(
    browser: Any, server: Server, story_path: str, shots: Path
) -> None:
    w = Watched(browser, server.url)
    w.goto(story_path)
    page = w.page
    box = page.locator("header form.search input[name=q]")
    box.fill("Whitaker")
    with page.expect_navigation(url=re.compile(r"/search\?q=Whitaker")):
        box.press("Enter")
    hits = page.locator("#results > li")
    assert hits.count() >= 1
    # The matches are marked in the snippet, with no marker characters left in the text.
    assert hits.first.locator(".snippet mark", has_text="Whitaker").count() >= 1
    assert not set(hits.first.locator(".snippet").inner_text()) & {"\ue000", "\ue001", "«", "»"}
    first = hits.first.locator("a")
    assert "US envoy urges Europe" in first.inner_text()
    w.shot(shots, "search")
    with page.expect_navigation(url=re.compile(r"/articles/[0-9a-f]+$")):
        first.click()
    # The article page: entities, quotes and dates marked in the text; what cleaning removed.
    for kind in ("entity", "quote", "date"):
        assert page.locator(f"#text .mark.{kind}").count() > 0, kind
    assert page.locator("#text .mark.entity", has_text="Kiev").count() >= 1
    removed = page.locator("#removed")
    assert removed.get_attribute("open") is not None
    assert removed.locator(".reason").count() >= 1
    assert "Read more:" in removed.inner_text()  # a teaser of another article, taken out
    assert "Read more:" not in page.locator("#text").inner_text()
    w.shot(shots, "article")
    w.check_clean()
    page.close()


def test_hostile_article_runs_nothing_on_any_page(
    browser: Any, server: Server, story_path: str
) -> None:
    """Script payloads in an article's text stay text on its page, in search and in a story."""
    from .test_pages import HOSTILE

    with server.client() as c:
        r = c.post(
            "/api/v1/articles", json={"text": HOSTILE, "analyze": False}, headers=server.auth()
        )
        assert r.status_code == 201, r.text
        hostile = r.json()["added"][0]["id"]
        other = c.get(f"/api/v1{story_path}").json()["articles"][0]
        r = c.post("/api/v1/compare", json={"articles": [hostile, other]}, headers=server.auth())
        assert r.status_code == 200, r.text
        story = r.json()["id"]
    w = Watched(browser, server.url)
    for path in (f"/articles/{hostile}", "/search?q=minister", f"/stories/{story}", "/"):
        w.goto(path)
        visible = [e for e in w.page.query_selector_all(".mark, mark, td, li") if e.is_visible()]
        for el in visible[:40]:
            el.hover(timeout=10_000)  # anything an onmouseover payload could hook
        assert w.page.evaluate("typeof window.__pwned") == "undefined", path
        assert w.page.evaluate("document.images.length") == 0, path
        w.check_clean()
    w.goto(f"/articles/{hostile}")
    assert "<script>window.__pwned=1;alert(1)</script>" in w.page.locator("#text").inner_text()
    w.page.close()
