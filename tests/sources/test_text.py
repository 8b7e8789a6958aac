"""Plain text: raw scrapes read as they are."""

from __future__ import annotations

from pathlib import Path

from rashomon.errors import Code
from rashomon.model import content_id, sha256_hex
from rashomon.sources import iter_items


def test_seed_scrape_is_read_unaltered(tmp_path: Path, seed_text: bytes) -> None:
    p = tmp_path / "scrape.txt"
    p.write_bytes(seed_text)
    (item,) = iter_items([str(p)])
    assert item.ok and item.article is not None
    art = item.article
    assert art.raw_text == seed_text.decode("utf-8")
    assert art.kind == "text" and art.source == str(p)
    assert art.id == content_id(seed_text)
    assert art.original_sha256 == sha256_hex(seed_text)
    assert item.original == seed_text and item.media_type == "text/plain"
    assert art.html is None and art.text == ""  # cleaning is another stage's job


def test_crlf_and_cr_newlines_become_lf_only(tmp_path: Path) -> None:
    p = tmp_path / "win.txt"
    p.write_bytes(b"Headline\r\n\r\nFirst paragraph.\rSecond  paragraph.\r\n")
    (item,) = iter_items([str(p)])
    assert item.article is not None
    assert item.article.raw_text == "Headline\n\nFirst paragraph.\nSecond  paragraph.\n"
    assert item.original == p.read_bytes()


def test_mixed_encoding_file_is_repaired_and_flagged(tmp_path: Path) -> None:
    p = tmp_path / "mixed.txt"
    data = "Zelensky met Rutte in Kyiv — again.\n".encode() + "The caf\xe9 was closed.\n".encode(
        "cp1252"
    )
    p.write_bytes(data)
    (item,) = iter_items([str(p)])
    assert item.article is not None
    assert item.article.raw_text == "Zelensky met Rutte in Kyiv — again.\nThe café was closed.\n"
    assert item.article.encoding == "utf-8+cp1252"
    assert item.article.meta["encoding_repaired"] == {"as": "cp1252", "lines": [2]}
    assert item.original == data


def test_whitespace_only_text_is_empty(tmp_path: Path) -> None:
    p = tmp_path / "blank.txt"
    p.write_bytes(" \n\t\r\n  \u00a0\n".encode())
    (item,) = iter_items([str(p)])
    assert item.error is not None and item.error.code is Code.EMPTY
    assert str(p) in item.error.one_line()
