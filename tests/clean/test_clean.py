"""The ``clean`` stage: what it fills on an article, what it keeps, and when it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from _shared import seed_text

from rashomon import registry
from rashomon.clean import clean_article
from rashomon.errors import Code, RashomonError
from rashomon.model import Article

from .test_text import BLOG, GERMAN, WIRE

PAGE = (Path(__file__).parent / "data" / "harbour_times.html").read_text(encoding="utf-8")


def _text_article(raw: str, **kw: object) -> Article:
    return Article(id="t1", source="in.txt", raw_text=raw, **kw)


def test_registered_stage_cleans_and_records_itself() -> None:
    art = _text_article(seed_text("002"))
    registry.get("clean").run([art], registry.Context())
    assert art.stages == ["clean"]
    assert art.text.startswith("The possibility of sending")
    assert art.outlet == "The Kyiv Independent" and art.outlet_source == "text"
    assert art.byline == "Tim Zadorozhnyy"
    assert art.language == "en"
    assert all(art.raw_text[r.start : r.end] == r.text for r in art.removed)


def test_record_values_are_never_overwritten() -> None:
    art = _text_article(
        seed_text("002"),
        outlet="Kyiv Independent (record)",
        title="Record title",
        byline="Record Author",
    )
    clean_article(art)
    assert art.outlet == "Kyiv Independent (record)" and art.outlet_source == "record"
    assert art.title == "Record title" and art.byline == "Record Author"


def test_outlet_falls_back_to_the_url_domain() -> None:
    art = _text_article(GERMAN, url="https://www.zeitung.de/politik/ukraine-hilfe")
    clean_article(art)
    assert (art.outlet, art.outlet_source) == ("zeitung.de", "url")
    assert art.language == "de"


def test_explicit_page_date_is_published_and_not_marked_inferred() -> None:
    art = _text_article(WIRE)
    clean_article(art)
    assert art.published is not None and art.published.startswith("2025-08-20")
    assert art.published_inferred is False
    blog = _text_article(BLOG)
    clean_article(blog)
    assert blog.published == "2024-03-03"


def test_body_dates_are_not_taken_as_publication_date() -> None:
    art = _text_article(seed_text("000"))  # mentions August 19 and September 2 in the body only
    clean_article(art)
    assert art.published is None


def test_html_article_gets_page_text_metadata_and_keeps_html_until_stored() -> None:
    art = Article(id="h1", source="page.html", kind="html", html=PAGE)
    clean_article(art)
    assert art.html == PAGE  # no stored original yet: keep it
    assert art.raw_text.startswith("Home\nNews")
    assert (art.outlet, art.outlet_source) == ("Harbour Times", "html")
    assert art.title == "Port strike ends after dockworkers accept pay deal"
    assert art.published is not None and art.published.startswith("2025-03-14")
    assert art.language == "en"
    stored = Article(id="h2", source="page.html", kind="html", html=PAGE, original_sha256="ab" * 32)
    clean_article(stored)
    assert stored.html is None and stored.text == art.text


def test_chrome_only_text_is_not_an_article() -> None:
    art = _text_article("Home\nNews\nShare\nSubscribe\nSign in\n")
    with pytest.raises(RashomonError) as exc:
        clean_article(art)
    assert exc.value.code is Code.NOT_ARTICLE
    assert "in.txt" in str(exc.value)


def test_html_without_a_body_is_not_an_article() -> None:
    art = Article(
        id="h3",
        source="nav.html",
        kind="html",
        html="<html><body><nav><a>Home</a></nav></body></html>",
    )
    with pytest.raises(RashomonError) as exc:
        clean_article(art)
    assert exc.value.code is Code.NOT_ARTICLE


@pytest.mark.parametrize(
    "body",
    [
        # Japanese and Chinese put no spaces between words: one "word" by str.split().
        "市の水道局は木曜日、旧市街の古い水道管を交換する計画を承認した。",
        "市水务局周四批准了更换老城区地下旧水管的计划。",
        # Thai ends a sentence with a space, not a mark: a paragraph of two.
        "การประปานครหลวงอนุมัติแผนเปลี่ยนท่อน้ำเก่าใต้เมืองเก่าเมื่อวันพฤหัสบดี "
        "โครงการนี้จะเริ่มในฤดูใบไม้ผลิและปิดถนนครั้งละสองสาย",
    ],
)
def test_short_body_in_a_script_without_spaces_is_still_an_article(body: str) -> None:
    art = _text_article(body)
    clean_article(art)
    assert art.text == body


def test_a_few_characters_in_a_script_without_spaces_are_not_an_article() -> None:
    with pytest.raises(RashomonError) as exc:
        clean_article(_text_article("水道管。"))
    assert exc.value.code is Code.NOT_ARTICLE


def test_html_page_names_itself_in_a_copyright_line_when_it_has_no_site_name() -> None:
    html = (
        "<html><head><title>Water pipes to be replaced</title></head><body><article>"
        + "".join(
            f"<p>{s}</p>"
            for s in (
                "The regional water board approved a plan on Thursday to replace the ageing "
                "pipes under the old town, a project engineers say is overdue.",
                "Work will start in the spring and close two streets at a time, the board said.",
            )
        )
        + "</article><footer><p>© 2026 Valley Courier. All rights reserved.</p></footer>"
        "</body></html>"
    )
    art = Article(id="h4", source="pipes.html", kind="html", html=html)
    clean_article(art)
    assert (art.outlet, art.outlet_source) == ("Valley Courier", "text")
