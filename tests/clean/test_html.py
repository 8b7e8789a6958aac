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


def _page(body: str, head: str = "<title>Town news</title>") -> str:
    nav = "".join(f"<li><a href='/{w}'>{w}</a></li>" for w in ("Home", "Local", "Sport", "Weather"))
    return (
        f"<html><head>{head}</head><body><header><ul>{nav}</ul></header>{body}"
        "<footer><p>Contact us</p><p>Privacy</p></footer></body></html>"
    )


_PARAS = (
    "The regional water board approved a plan on Thursday to replace the ageing pipes under "
    "the old town, a project engineers say is overdue by at least a decade.",
    "Work will start in the spring and close two streets at a time, the board said, so that "
    "shops along the market square can stay open throughout the summer season.",
    "Residents had complained for years about brown water and sudden drops in pressure, and a "
    "survey last autumn found leaks at more than forty joints along the main line.",
)


def test_article_kept_only_inside_noscript_is_the_body() -> None:
    # A page that renders its article by script and keeps it for readers without scripts; the
    # script's mount point shows a blurb, which is all trafilatura finds outside <noscript>.
    shell = (
        "<div id='root'><p>Town News is the independent daily paper of the valley, covering "
        "local politics, schools, business and sport since 1887, with reporters in every one of "
        "its towns.</p><p>Loading the latest stories for you. Subscribers get every article, the "
        "morning briefing and the archive.</p></div>"
    )
    article = "".join(f"<p>{p}</p>" for p in _PARAS)
    res = extract_html(
        _page(f"<main>{shell}<noscript><article>{article}</article></noscript></main>")
    )
    paragraphs = res.text.split("\n\n")
    assert all(p in paragraphs for p in _PARAS), paragraphs
    assert "Weather" not in res.text


def test_noscript_notice_beside_a_real_body_stays_out_of_it() -> None:
    article = "".join(f"<p>{p}</p>" for p in _PARAS)
    notice = "<noscript><p>Please enable JavaScript to see the comments.</p></noscript>"
    res = extract_html(_page(f"<article>{article}</article>{notice}"))
    assert res.text.split("\n\n") == list(_PARAS)
    reasons = {r.text: r.reason for r in res.removed}
    assert reasons["Please enable JavaScript to see the comments."] == "boilerplate"


def test_ad_break_notes_inside_the_body_are_removed_as_chrome() -> None:
    breaks = (
        "Story continues below advertisement",
        "ADVERTISEMENT - CONTINUE READING BELOW",
        "Article continues after this ad",
    )
    parts = [f"<p>{_PARAS[0]}</p>"]
    for note, para in zip(
        breaks, (*_PARAS[1:], _PARAS[0].replace("Thursday", "Friday")), strict=True
    ):
        parts.append(f"<div class='ad-slot'><p>{note}</p></div><p>{para}</p>")
    res = extract_html(_page(f"<article>{''.join(parts)}</article>"))
    for note in breaks:
        assert note not in res.text
        assert {r.text: r.reason for r in res.removed}.get(note) == "chrome", note
    assert _PARAS[2] in res.text


def test_page_in_a_script_without_spaces_has_its_body_and_language() -> None:
    paras = (
        "市の水道局は木曜日、旧市街の地下にある古い水道管を交換する計画を承認した。",
        "工事は春に始まり、一度に二本の通りを閉鎖するため、広場の商店は夏の間も営業を続けられる。",
        "住民は長年、濁った水や急な水圧の低下に不満を訴えてきた。",
    )
    html = _page("<article>" + "".join(f"<p>{p}</p>" for p in paras) + "</article>")
    html = html.replace("<html>", '<html lang="ja">')
    res = extract_html(html)
    assert res.text.split("\n\n") == list(paras)
    assert res.language == "ja"


def test_metadata_is_trafilaturas_on_the_fields_rashomon_reads() -> None:
    # html.metadata is trafilatura's extract_metadata without categories, tags and licence.
    from trafilatura.metadata import extract_metadata

    from rashomon.clean.html import metadata, parse

    from ._bench import gate_slice, page, truth

    pages = [PAGE] + [page(k) for k in gate_slice(truth(), n=8)]
    for html in pages:
        tree = parse(html)
        ours = metadata(tree, None)
        full = extract_metadata(
            tree, None, {"extensive_search": False, "original_date": True}, False
        )
        for name in ("title", "description", "author", "sitename", "date", "url"):
            assert getattr(ours, name) == getattr(full, name), name


def test_a_feed_entry_of_one_paragraph_is_read_not_refused() -> None:
    """trafilatura refuses a single-block fragment as not HTML; an RSS entry whose body is one
    paragraph was refused as having no article body."""
    from rashomon.clean import clean_article
    from rashomon.sources import read_bytes
    from rashomon.sources.base import ReadOptions

    body = (
        "The regional council approved a plan on Tuesday to rebuild the old bridge over the "
        "river, council members said. The bridge has been closed to heavy traffic since a crack "
        "was found in one of its pillars last spring. Engineers expect the work to take two "
        "years, and traffic will be diverted to the northern ring road."
    )
    rss = (
        "<?xml version='1.0'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/"
        "content/'><channel><title>Wire</title><item><title>Council to rebuild bridge</title>"
        f"<link>https://news.example/bridge</link><content:encoded><![CDATA[<p>{body}</p>]]>"
        "</content:encoded></item></channel></rss>"
    ).encode()
    (item,) = read_bytes(rss, "feed.xml", ReadOptions(fetch_feed_links=False), name="feed.xml")
    assert item.article is not None, item.error
    clean_article(item.article)
    assert item.article.text == body
    assert extract_html(f"<p>{body}</p>").text == body
