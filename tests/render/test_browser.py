"""The HTML report in a real headless Chromium: nothing runs, nothing is fetched, it looks right.

Uses Debian's /usr/bin/chromium through Playwright (never Playwright's own downloaded browser).
Set RASHOMON_SCREENSHOT_DIR to keep the screenshots.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rashomon.render.html import render_html

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose dialogs, console messages and network requests are all recorded."""

    def __init__(self, browser, width: int = 1400) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.route("**/*", self._route)

    def _dialog(self, d) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def _route(self, route) -> None:
        self.requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri(), wait_until="load")


def _write(tmp_path: Path, name: str, page: str) -> Path:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return path


def test_hostile_report_runs_nothing_and_fetches_nothing(browser, tmp_path, hostile):
    path = _write(tmp_path, "hostile.html", render_html(*hostile))
    w = Watched(browser)
    w.open(path)
    for sel in (
        "mark",
        "h2",
        "td",
        ".col .text",
        "circle",
    ):  # mouse over everything a payload could hook
        for el in w.page.query_selector_all(sel)[:20]:
            el.hover()
    for el in w.page.query_selector_all("a.claim")[:5]:
        el.click()
    w.page.wait_for_timeout(200)
    assert w.dialogs == []
    assert w.page.evaluate("typeof window.__pwned") == "undefined"
    assert w.page.evaluate("document.scripts.length") == 0
    assert w.page.evaluate("document.images.length") == 0
    assert set(w.requests) == {path.as_uri()}
    assert not [m for m in w.console if "Content Security Policy" in m]  # nothing even tried
    w.page.close()


def test_seed_report_shows_columns_links_tables_and_charts(
    browser, tmp_path, seed_articles, seed_story
):
    path = _write(tmp_path, "report.html", render_html(seed_articles, [seed_story]))
    w = Watched(browser)
    w.open(path)
    page = w.page
    assert page.locator(".columns > section.col").count() == 2
    assert page.locator(".columns > section.col .outlet").all_text_contents() == [
        "RT", "The Kyiv Independent"]  # fmt: skip
    # Two columns side by side at desktop width.
    boxes = [page.locator(".columns > section.col").nth(i).bounding_box() for i in range(2)]
    assert boxes[0]["x"] < boxes[1]["x"] and abs(boxes[0]["y"] - boxes[1]["y"]) < 2
    # An aligned claim links to its counterpart, which exists in the other column.
    link = page.locator("section.col").nth(0).locator("a.claim:has(mark.rel-differs)").first
    target = link.get_attribute("href")
    counterpart = page.locator(f"section.col >> nth=1 >> mark{target}")
    assert counterpart.count() == 1
    link.click()
    assert page.evaluate("location.hash") == target
    assert (
        page.evaluate(f"getComputedStyle(document.querySelector('{target}')).outlineStyle")
        == "solid"
    )
    # Naming row, positions board, two charts.
    row = page.locator(".naming tr", has_text="Kiev")
    assert row.locator("td").all_inner_texts() == ["Kiev", "Kyiv"]
    assert page.locator(".positions table.board tbody tr").count() == len(seed_story.positions)
    assert page.locator("figure.voices-chart svg").count() == 1
    assert page.locator("figure.timeline-chart svg").count() == 1
    assert page.locator("svg rect").count() == sum(len(v) for v in seed_story.voices.values())
    assert page.locator(".timeline-chart svg circle").count() == len(seed_story.timeline)
    # Removed text is there but collapsed.
    details = page.locator("details.removed").first
    assert details.get_attribute("open") is None
    assert set(w.requests) == {path.as_uri()} and w.dialogs == []
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    out = os.environ.get("RASHOMON_SCREENSHOT_DIR")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(out) / "report.png")
    page.close()


def test_columns_stack_on_a_narrow_screen(browser, tmp_path, seed_articles, seed_story):
    path = _write(tmp_path, "narrow.html", render_html(seed_articles, [seed_story]))
    w = Watched(browser, width=420)
    w.open(path)
    boxes = [w.page.locator(".columns > section.col").nth(i).bounding_box() for i in range(2)]
    assert boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1
    assert w.page.evaluate("document.documentElement.scrollWidth") <= 420 + 1
    shot = tmp_path / "narrow.png"
    w.page.screenshot(path=str(shot), full_page=False)
    out = os.environ.get("RASHOMON_SCREENSHOT_DIR")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(out) / "report-narrow.png")
    w.page.close()


def test_facts_filter_shows_only_the_chosen_relation_without_a_script(
    browser, tmp_path, seed_articles, seed_story
):
    path = _write(tmp_path, "facts.html", render_html(seed_articles, [seed_story]))
    w = Watched(browser)
    w.open(path)
    rows = w.page.locator(".facts-table tr.fact")
    total = rows.count()
    assert total == len(seed_story.facts) and total > 3

    def visible() -> list[str]:
        return [rows.nth(i).get_attribute("class") or "" for i in range(total)
                if rows.nth(i).is_visible()]  # fmt: skip

    assert len(visible()) == total  # "all facts" is checked at first
    w.page.locator('label[for="s0-filter-differs"]').click()
    shown = visible()
    assert len(shown) == 2 and all("f-differs" in c for c in shown)
    assert w.page.locator(".facts-table tr.fact >> text=26 countries").first.is_visible()
    w.page.locator('label[for="s0-filter-one"]').click()
    shown = visible()
    assert shown and len(shown) == total - 2 and all("f-one" in c for c in shown)
    w.page.locator('label[for="s0-filter-contradicts"]').click()
    assert visible() == []
    w.page.locator('label[for="s0-filter-all"]').click()
    assert len(visible()) == total
    assert not w.dialogs and not [r for r in w.requests if not r.startswith("file://")]


def test_loaded_words_are_marked_in_the_text(browser, tmp_path, seed_articles, seed_story):
    from rashomon.compare.framing import loaded_wording

    rt = seed_articles[0]
    at = rt.text.index("Russia has condemned")
    rt.text = rt.text[:at] + "Critics slammed it. " + rt.text[at:]  # offsets after `at` move
    for c in rt.claims:
        if c.start >= at:
            c.start, c.end = c.start + 20, c.end + 20
    for q in rt.quotes:
        if q.start >= at:
            q.start, q.end = q.start + 20, q.end + 20
    seed_story.loaded = {rt.id: loaded_wording(rt)}
    path = _write(tmp_path, "loaded.html", render_html(seed_articles, [seed_story]))
    w = Watched(browser)
    w.open(path)
    marks = w.page.locator(".col .text span.loaded")
    assert marks.count() == 1 and marks.first.inner_text() == "slammed"
    assert marks.first.get_attribute("title") == "loaded wording: attack verb"
    assert "slammed" in w.page.locator("section.loaded-words").inner_text()
