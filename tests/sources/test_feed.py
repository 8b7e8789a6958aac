"""RSS and Atom feeds: one article per entry."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from rashomon.clean import clean_article
from rashomon.errors import Code
from rashomon.model import content_id
from rashomon.sources import ReadOptions, iter_items

from .conftest import LocalServer, Route

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>The Example Independent</title><link>https://example.org/</link>
<item>
  <title>Rutte: coalition has more than 30 countries</title>
  <link>https://example.org/a1</link>
  <dc:creator>Jane Roe</dc:creator>
  <pubDate>Tue, 19 Aug 2025 10:30:00 +0300</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>NATO chief Mark Rutte said <b>26 countries</b> back the guarantees.</p><script>x()</script>]]></content:encoded>
</item>
<item>
  <title>Summary only</title>
  <link>https://example.org/a2</link>
  <description>&lt;p&gt;Zelensky met European leaders in Washington.&lt;/p&gt;</description>
</item>
<item>
  <title>Link only</title>
  <link>{link}</link>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Outlet</title>
<entry><title>Peskov comments</title><link href="https://example.org/b1"/>
<id>urn:b1</id><updated>2025-08-21T08:00:00Z</updated><author><name>A. Writer</name></author>
<content type="html">&lt;p&gt;Kremlin spokesman Dmitry Peskov said Moscow objects.&lt;/p&gt;</content>
</entry></feed>
"""


def test_rss_entries_carry_content_and_metadata(tmp_path: Path) -> None:
    p = tmp_path / "feed.xml"
    p.write_text(RSS.format(link="https://example.org/a3"), encoding="utf-8")
    items = list(iter_items([str(p)], ReadOptions(fetch_feed_links=False)))
    assert len(items) == 3
    first = items[0].article
    assert first is not None and first.kind == "feed"
    assert first.source == f"{p}#entry=1" and first.locator == "entry 1"
    assert first.html is not None and "<script>x()</script>" in first.html  # kept as data
    assert "26 countries" in first.html and "teaser" not in first.html
    assert first.id == content_id(first.html.encode())
    assert first.title == "Rutte: coalition has more than 30 countries"
    # the feed's title is only the last resort, which cleaning applies (the entry names none)
    assert first.outlet is None and first.meta["feed_title"] == "The Example Independent"
    assert clean_article(first).outlet == "The Example Independent"
    assert first.outlet_source == "feed"
    assert first.byline == "Jane Roe"
    assert first.published == "2025-08-19T07:30:00+00:00"
    assert first.url == "https://example.org/a1"
    assert items[0].original == p.read_bytes()
    second = items[1].article
    assert second is not None and second.html is not None and "Zelensky" in second.html
    err = items[2].error
    assert err is not None and err.code is Code.NOT_ARTICLE and "#entry=3" in err.one_line()


def test_atom_feed_is_read(tmp_path: Path) -> None:
    p = tmp_path / "atom.txt"  # the name says text; the content says feed
    p.write_text(ATOM, encoding="utf-8")
    (item,) = iter_items([str(p)])
    art = item.article
    assert art is not None and art.byline == "A. Writer"
    assert art.outlet is None and art.meta["feed_title"] == "Atom Outlet"
    assert art.published == "2025-08-21T08:00:00+00:00"
    assert art.html is not None and "Peskov" in art.html


def test_link_only_entry_is_fetched_through_the_url_reader(
    server: LocalServer, tmp_path: Path
) -> None:
    page = (
        b"<html><body><article><p>The third article, fetched from its link because the feed "
        b"entry carried no content of its own.</p></article></body></html>"
    )
    link = server.route("/a3", Route(page, headers={"Content-Type": "text/html"}))
    p = tmp_path / "feed.rss"
    p.write_text(RSS.format(link=link), encoding="utf-8")
    items = list(iter_items([str(p)], ReadOptions(allow_private=True)))
    third = items[2].article
    assert third is not None, items[2].error
    assert third.html is not None and "fetched" in third.html
    assert third.source == f"{p}#entry=3" and third.kind == "feed"
    assert third.title == "Link only"
    assert clean_article(third).outlet == "The Example Independent"  # a link to an IP address
    assert third.url == link and third.id == content_id(page)
    assert items[2].original == page


def test_link_only_entry_to_a_loopback_host_is_refused_without_allow_private(
    server: LocalServer, tmp_path: Path
) -> None:
    link = server.route("/a3", Route(b"<p>x</p>"))
    p = tmp_path / "feed.rss"
    p.write_text(RSS.format(link=link), encoding="utf-8")
    items = list(iter_items([str(p)]))
    assert items[2].error is not None and items[2].error.code is Code.FORBIDDEN_ADDRESS
    assert server.hits == []


def test_feed_without_entries_and_broken_feed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_text('<rss version="2.0"><channel><title>T</title></channel></rss>')
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?><rss><channel><title>T</title><item><title>x')
    (e,) = iter_items([str(empty)])
    assert e.error is not None and e.error.code is Code.EMPTY
    (b,) = iter_items([str(broken)])
    assert b.error is not None and b.error.code is Code.NOT_ARTICLE  # an entry cut before its body
    garbage = tmp_path / "garbage.rss"
    garbage.write_bytes(b"<rss version='2.0'><channel><<<&&& \x01")
    (g,) = iter_items([str(garbage)])
    assert g.error is not None and g.error.code is Code.MALFORMED


def test_a_description_of_plain_prose_is_an_article_body_not_refused(tmp_path: Path) -> None:
    prose = (
        "Ukraine's president met the NATO secretary general in Kyiv on Monday. The two men "
        "discussed air defence and the <a href='https://x.example/'>coming summit</a>, officials "
        "said, and agreed to meet again next month."
    )
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>Talks</title><description>{escape(prose)}</description></item>"
        "</channel></rss>"
    )
    f = tmp_path / "feed.xml"
    f.write_text(rss, encoding="utf-8")
    (item,) = iter_items([str(f)])
    assert item.article is not None, item.error
    art = clean_article(item.article)
    assert art.text.startswith("Ukraine's president met") and "coming summit, officials" in art.text
    assert "<a" not in art.text
