"""HTML pages: decoded and kept whole for cleaning."""

from __future__ import annotations

import gzip
from pathlib import Path

from rashomon.errors import Code
from rashomon.model import content_id
from rashomon.sources import iter_items

from .conftest import EXTRACTION


def test_page_is_kept_whole_with_scripts_and_handlers(tmp_path: Path) -> None:
    page = (
        '<html><head><script>alert("x")</script></head>'
        '<body onload="steal()"><p>Rutte said the coalition has more than 30 countries.</p>'
        "</body></html>"
    )
    p = tmp_path / "page.html"
    p.write_text(page, encoding="utf-8")
    (item,) = iter_items([str(p)])
    assert item.article is not None
    assert item.article.html == page
    assert item.article.kind == "html" and item.media_type == "text/html"
    assert item.article.raw_text == ""


def test_unclosed_tags_and_garbage_are_still_read(tmp_path: Path) -> None:
    p = tmp_path / "broken.html"
    p.write_bytes(b"<html><body><div><p>Troops in Kyiv <b>on Monday<<>>< </p></span><p>more")
    (item,) = iter_items([str(p)])
    assert item.ok


def test_page_without_any_visible_text_is_not_an_article(tmp_path: Path) -> None:
    p = tmp_path / "blank.html"
    p.write_bytes(
        b"<html><head><title>t</title><script>var a=1;</script></head><body> </body></html>"
    )
    (item,) = iter_items([str(p)])
    assert item.error is not None and item.error.code is Code.NOT_ARTICLE
    assert "blank.html" in item.error.one_line()


def test_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    page += "</head><body><p>Киев, заявил Песков.</p></body></html>"
    p = tmp_path / "ru.html"
    p.write_bytes(page.encode("cp1251"))
    (item,) = iter_items([str(p)])
    assert item.article is not None and item.article.html is not None
    assert "Киев, заявил Песков." in item.article.html
    assert item.article.encoding == "cp1251"


def test_benchmark_gzip_page_is_decompressed_and_original_kept() -> None:
    path = sorted((EXTRACTION / "html").glob("*.html.gz"))[0]
    (item,) = iter_items([str(path)])
    assert item.article is not None and item.article.html
    raw = path.read_bytes()
    assert item.original == raw and item.media_type == "application/gzip"
    assert item.article.id == content_id(gzip.decompress(raw))
    assert "<" in item.article.html


def test_xhtml_with_an_xml_declaration_is_read(tmp_path: Path) -> None:
    page = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Le président à Genève.</p></body></html>'
    )
    p = tmp_path / "x.xhtml"
    p.write_bytes(page.encode("latin-1"))
    (item,) = iter_items([str(p)])
    assert item.article is not None, item.error
    assert item.article.html == page and item.article.encoding == "cp1252"


def test_a_page_nested_past_the_parsers_depth_says_so_not_no_visible_text(tmp_path: Path) -> None:
    deep = "<div>" * 300 + "<p>Zelensky met Rutte in Kyiv on Monday.</p>" + "</div>" * 300
    f = tmp_path / "deep.html"
    f.write_text(f"<html><body>{deep}</body></html>", encoding="utf-8")
    (item,) = iter_items([str(f)])
    assert item.error is not None and item.error.code is Code.MALFORMED
    assert "nested too deeply" in item.error.message
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body>" + "<div>" * 300 + "</div>" * 300 + "</body></html>")
    (none,) = iter_items([str(empty)])
    assert none.error is not None and none.error.code is Code.NOT_ARTICLE


def test_page_whose_text_is_all_inside_noscript_is_read(tmp_path: Path) -> None:
    p = tmp_path / "app.html"
    p.write_text(
        "<html><head><script src='app.js'></script></head><body><div id='app'></div>"
        "<noscript><p>The council voted to close the bridge for repairs.</p></noscript>"
        "</body></html>",
        encoding="utf-8",
    )
    (item,) = iter_items([str(p)])
    assert item.ok and item.article is not None and item.article.html is not None


def test_the_visible_text_check_gives_the_trees_answer() -> None:
    """has_text stops the parser at the first visible text; it must answer as the whole tree
    with its scripts, styles and head dropped does."""
    from rashomon.sources.html import _tree_has_text, has_text

    pages = {
        "<html><head><title>Only a title</title></head><body></body></html>": False,
        "<html><body><script>var a = 'text';</script><style>p{}</style></body></html>": False,
        "<html><body><script>x()</script>after the script</body></html>": True,
        "<html><body><template><p>hidden</p></template> </body></html>": False,
        "<html><body><noscript><p>Read without scripts.</p></noscript></body></html>": True,
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>XHTML</p></body></html>": True,
        "<html><body><!-- a comment only --></body></html>": False,
        "plain words and no tags": True,
        "": False,
        "<div>" * 150 + "<p>deep but within the limit</p>" + "</div>" * 150: True,
        "<div>" * 300 + "<p>past the parser's depth limit</p>" + "</div>" * 300: False,
    }
    for markup, seen in pages.items():
        assert has_text(markup) is seen, markup[:60]
        assert _tree_has_text(markup.split("?>", 1)[-1]) is seen, markup[:60]
