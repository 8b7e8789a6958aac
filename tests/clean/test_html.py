"""The HTML path: body and metadata through trafilatura, the page's text, and what was removed."""

from __future__ import annotations

from pathlib import Path

from rashomon.clean.html import extract_html, filter_body_lines, page_text

PAGE = (Path(__file__).parent / "data" / "harbour_times.html").read_text(encoding="utf-8")


def test_body_keeps_paragraphs_and_subhead_and_drops_title_nav_caption_and_related() -> None:
    res = extract_html(PAGE)
    paragraphs = res.text.split("\n\n")
    assert paragraphs[0].startswith("Dockworkers at the country's largest container port")
    assert "Retailers relieved" in paragraphs
    assert paragraphs[-1].endswith('"We cannot go through this again next year."')
    for furniture in (
        "Home",
        "Accept all",
        "Union leaders call",
        "© 2025",
        "Container ships wait",
        "By Lena",
    ):
        assert furniture not in res.text


def test_metadata_comes_from_the_page_markup() -> None:
    res = extract_html(PAGE, url="https://www.harbourtimes.example/news/port-strike")
    assert res.title == "Port strike ends after dockworkers accept pay deal"
    assert res.subtitle == "The two-week stoppage had left more than 60 ships waiting offshore."
    assert res.byline == "Lena Marsh"
    assert res.sitename == "Harbour Times"
    assert res.published is not None and res.published.startswith("2025-03-14")


def test_removed_blocks_have_reasons_and_no_offsets() -> None:
    res = extract_html(PAGE)
    reasons = {r.text: r.reason for r in res.removed}
    assert reasons["Port strike ends after dockworkers accept pay deal"] == "title"
    assert reasons["Home"] == "chrome"
    assert reasons["By Lena Marsh"] == "byline"
    assert reasons["March 14, 2025"] == "date"
    assert (
        reasons[
            "Container ships wait outside the harbour on Monday. (Photo: Tom Reed/Harbour Times)"
        ]
        == "caption"
    )
    assert reasons["© 2025 Harbour Times. All rights reserved."] == "boilerplate"
    assert all(r.start is None and r.end is None for r in res.removed)
    assert not any(r.text.startswith("Dockworkers at the country") for r in res.removed)


def test_page_text_puts_blocks_on_lines_and_skips_scripts() -> None:
    text = page_text(PAGE)
    lines = text.split("\n")
    assert lines[:4] == ["Home", "News", "Sport", "Opinion"]
    assert "Retailers relieved" in lines
    assert "dataLayer" not in text
    assert (
        page_text("<html><body><p>a <b>bold</b> word</p><div>next</div></body></html>")
        == "a bold word\nnext"
    )


def test_page_text_of_garbage_is_empty_not_an_exception() -> None:
    assert page_text("") == ""


def test_body_line_filter_removes_teasers_and_ui_labels_only() -> None:
    kept, removed = filter_body_lines(
        [
            "A sentence that stays in the body of the article.",
            "Read more: Another story entirely",
            "Share",
            "-",
        ]
    )
    assert kept == ["A sentence that stays in the body of the article."]
    assert [r.reason for r in removed] == ["teaser", "chrome", "chrome"]


def test_precision_mode_falls_back_when_it_drops_most_of_the_body() -> None:
    # One long paragraph in a bare container: precision mode may drop it; the result must not.
    body = " ".join(
        f"Sentence number {i} of a long report about the harbour and its workers."
        for i in range(40)
    )
    html = f"<html><body><div><div>{body}</div></div><div><a href='/x'>Home</a></div></body></html>"
    res = extract_html(html)
    assert "Sentence number 39" in res.text
