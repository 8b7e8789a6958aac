"""JSON documents and JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

from rashomon.errors import Code
from rashomon.model import content_id
from rashomon.sources import iter_items

RECORD = {
    "headline": "US envoy urges Europe to send troops for Ukraine security guarantees",
    "articleBody": "US Ambassador to NATO Matthew Whitaker said European countries should be ready.",
    "url": "https://example.org/news/troops",
    "publisher": {"@type": "Organization", "name": "Example News"},
    "author": [{"name": "Jane Roe"}, {"name": "John Doe"}],
    "datePublished": "2025-08-20T14:05:00+00:00",
    "section": "World",
}


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def test_single_record_fills_metadata_and_hashes_the_whole_file(tmp_path: Path) -> None:
    data = json.dumps(RECORD, indent=2).encode()
    (item,) = iter_items([_write(tmp_path, "a.json", data)])
    art = item.article
    assert art is not None
    assert art.id == content_id(data) and art.kind == "json"
    assert art.source.endswith("a.json") and art.locator is None
    assert art.raw_text == RECORD["articleBody"]
    assert art.title == RECORD["headline"]
    assert art.outlet == "Example News" and art.outlet_source == "record"
    assert art.byline == "Jane Roe, John Doe"
    assert art.published == "2025-08-20T14:05:00+00:00"
    assert art.url == "https://example.org/news/troops"
    assert art.meta["record"] == {"section": "World"}
    assert item.media_type == "application/json"


def test_records_under_articles_key_get_record_locators(tmp_path: Path) -> None:
    other = {"text": "Peskov said Moscow rejects any foreign troops.", "source": "TASS"}
    doc = {"status": "ok", "articles": [RECORD, other]}
    items = list(iter_items([_write(tmp_path, "batch.json", json.dumps(doc).encode())]))
    assert [i.source.rsplit("#", 1)[1] for i in items] == ["record=1", "record=2"]
    assert items[1].article is not None and items[1].article.outlet == "TASS"
    # the id hashes the record, not its place in the file
    alone = list(
        iter_items([_write(tmp_path, "list.json", json.dumps([other], indent=4).encode())])
    )
    assert alone[0].article is not None and items[1].article.id == alone[0].article.id


def test_content_holding_markup_goes_to_html(tmp_path: Path) -> None:
    rec = {"title": {"rendered": "Kyiv talks"}, "content": {"rendered": "<p>Rutte spoke.</p>"}}
    (item,) = iter_items([_write(tmp_path, "wp.json", json.dumps(rec).encode())])
    assert item.article is not None
    assert item.article.html == "<p>Rutte spoke.</p>" and item.article.raw_text == ""
    assert item.article.title == "Kyiv talks"


def test_dates_in_other_shapes_are_normalised_or_kept_raw(tmp_path: Path) -> None:
    lines = [
        {"text": "a", "pubDate": "Wed, 20 Aug 2025 14:05:00 GMT"},
        {"text": "b", "date": "August 20, 2025"},
        {"text": "c", "published_at": 1755698700},
        {"text": "d", "published": "the day after the summit"},
    ]
    data = "\n".join(json.dumps(r) for r in lines).encode() + b"\n"
    items = list(iter_items([_write(tmp_path, "d.jsonl", data)]))
    got = [i.article.published for i in items if i.article]
    assert got == ["2025-08-20T14:05:00+00:00", "2025-08-20", "2025-08-20T14:05:00+00:00", None]
    assert items[3].article is not None
    assert items[3].article.meta["published_raw"] == "the day after the summit"


def test_jsonl_ids_hash_each_line_and_sources_name_it(tmp_path: Path) -> None:
    l1, l2 = json.dumps(RECORD).encode(), json.dumps({"body": "Second article."}).encode()
    path = _write(tmp_path, "r.jsonl", l1 + b"\n\n" + l2 + b"\n")
    items = list(iter_items([path]))
    assert [i.source for i in items] == [f"{path}#line=1", f"{path}#line=3"]
    assert [i.article.id for i in items if i.article] == [content_id(l1), content_id(l2)]
    assert all(i.original == Path(path).read_bytes() for i in items)
    assert items[0].article is not None and items[0].article.locator == "line 1"


def test_jsonl_without_the_extension_is_recognised(tmp_path: Path) -> None:
    data = b'{"text": "one"}\n{"text": "two"}\n'
    items = list(iter_items([_write(tmp_path, "dump.json", data)]))
    assert [i.article.raw_text for i in items if i.article] == ["one", "two"]


def test_truncated_jsonl_gives_good_records_then_truncated_naming_the_line(tmp_path: Path) -> None:
    data = b'{"text": "one"}\n{"text": "two"}\n{"text": "thr'
    items = list(iter_items([_write(tmp_path, "cut.jsonl", data)]))
    assert [i.ok for i in items] == [True, True, False]
    err = items[2].error
    assert err is not None and err.code is Code.TRUNCATED
    assert "line 3" in err.one_line() and "cut.jsonl" in err.one_line()


def test_bad_middle_line_is_malformed_with_line_and_column(tmp_path: Path) -> None:
    data = b'{"text": "one"}\n{"text": oops}\n{"text": "three"}\n'
    items = list(iter_items([_write(tmp_path, "bad.jsonl", data)]))
    assert [i.ok for i in items] == [True, False, True]
    err = items[1].error
    assert err is not None and err.code is Code.MALFORMED
    assert "line 2, column 10" in err.message


def test_malformed_json_document_reports_line_and_column(tmp_path: Path) -> None:
    (item,) = iter_items([_write(tmp_path, "bad.json", b'{\n  "text": "x",\n  oops\n}')])
    assert item.error is not None and item.error.code is Code.MALFORMED
    assert "line 3, column 3" in item.error.message


def test_cut_json_document_is_truncated(tmp_path: Path) -> None:
    (item,) = iter_items([_write(tmp_path, "cut.json", b'[{"text": "one"}, {"text": "tw')])
    assert item.error is not None and item.error.code is Code.TRUNCATED


def test_record_without_text_is_not_an_article(tmp_path: Path) -> None:
    data = json.dumps([{"title": "Only a title", "url": "https://example.org/x"}]).encode()
    (item,) = iter_items([_write(tmp_path, "t.json", data)])
    assert item.error is not None and item.error.code is Code.NOT_ARTICLE
    assert "t.json#record=1" in item.error.one_line()


def test_non_object_records_and_empty_lists_are_reported(tmp_path: Path) -> None:
    (empty,) = iter_items([_write(tmp_path, "e.json", b"[]")])
    assert empty.error is not None and empty.error.code is Code.EMPTY
    items = list(iter_items([_write(tmp_path, "s.json", b'["just a string", {"text": "ok"}]')]))
    assert items[0].error is not None and items[0].error.code is Code.NOT_ARTICLE
    assert items[1].ok
    (scalar,) = iter_items([_write(tmp_path, "n.json", b'"hello"\n')])
    assert scalar.ok and scalar.article is not None  # a bare string is read as text, not JSON


def test_records_keyed_by_id_are_read(tmp_path: Path) -> None:
    doc = {
        "abc": {"articleBody": "First.", "url": "https://a.example/1"},
        "def": {"articleBody": "Second."},
    }
    items = list(iter_items([_write(tmp_path, "gt.json", json.dumps(doc).encode())]))
    assert [i.article.meta["record_key"] for i in items if i.article] == ["abc", "def"]


def test_a_record_that_is_not_an_article_gets_a_fix_about_records(tmp_path: Path) -> None:
    from rashomon.api import clean_article

    p = tmp_path / "r.jsonl"
    p.write_text('{"title": "no body"}\n{"text": "too short"}\n', encoding="utf-8")
    first, second = iter_items([str(p)])
    assert first.error is not None and '"text", "body" or "content" field' in first.error.one_line()
    assert "page of a single article" not in first.error.one_line()
    assert second.article is not None
    try:
        clean_article(second.article)
    except Exception as exc:  # the clean stage refuses it, with a fix for records
        assert "full text" in str(exc) and "page of a single article" not in str(exc)
    else:
        raise AssertionError("a two-word record was taken for an article")
