"""Sniffing, decoding and limits."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

from rashomon.errors import Code, RashomonError
from rashomon.sources.detect import (
    binary_kind,
    declared_charset,
    decode,
    gunzip,
    read_file,
    sniff,
)

ARTICLE = (
    "Die Außenminister trafen sich am Montag in Brüssel. «Wir müssen handeln», sagte Kaja Kallas.\n"
    "Zelensky said Ukraine's partners were ready — 26 countries backed the plan.\n"
)


def test_utf8_bom_is_removed_and_named() -> None:
    d = decode(codecs.BOM_UTF8 + ARTICLE.encode(), "a.txt")
    assert d.text == ARTICLE
    assert d.encoding == "utf-8"


def test_utf16_with_and_without_bom_decodes() -> None:
    assert decode(ARTICLE.encode("utf-16"), "a.txt").text == ARTICLE
    assert decode(ARTICLE.encode("utf-16-le"), "a.txt").text == ARTICLE


def test_declared_meta_charset_wins_over_guessing() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body>Киев и Москва</body></html>'
    d = decode(page.encode("cp1251"), "p.html")
    assert d.encoding == "cp1251"
    assert "Киев и Москва" in d.text


def test_http_header_charset_is_a_declaration() -> None:
    assert declared_charset(b"<p>x</p>", "text/html; charset=ISO-8859-1") == "cp1252"
    assert declared_charset(b'<?xml version="1.0" encoding="koi8-r"?><rss/>') == "koi8-r"


def test_page_mislabelled_latin1_but_utf8_is_read_as_utf8() -> None:
    page = '<meta charset="iso-8859-1"><p>Außenminister in Brüssel</p>'
    assert "Außenminister in Brüssel" in decode(page.encode("utf-8"), "p.html").text


def test_mixed_utf8_and_cp1252_lines_are_repaired_and_recorded() -> None:
    data = "Kyiv — the capital\n".encode() + "Caf\xe9 “quoted”\n".encode("cp1252") + b"end\n"
    d = decode(data, "mixed.txt")
    assert d.text == "Kyiv — the capital\nCafé “quoted”\nend\n"
    assert d.encoding == "utf-8+cp1252"
    assert d.repaired_lines == [2]


def test_pure_cp1252_text_is_guessed() -> None:
    text = "Le président a déclaré que l'équipe était prête à négocier à Genève cette année.\n" * 5
    d = decode(text.encode("cp1252"), "fr.txt")
    assert "président" in d.text and "Genève" in d.text


def test_bytes_that_decode_to_control_garbage_are_refused() -> None:
    data = bytes(range(0x80, 0x100)) * 4 + bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 40
    with pytest.raises(RashomonError) as exc:
        decode(data, "junk.txt")
    assert exc.value.code is Code.ENCODING
    assert "junk.txt" in exc.value.one_line()


@pytest.mark.parametrize(
    ("data", "word"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG"),
        (b"PK\x03\x04" + b"\x14\x00" * 10, "ZIP"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"\x7fELF\x02\x01\x01", "ELF"),
        (b"abc\x00def\x00\x00\x00\x01\x02", "NUL"),
    ],
)
def test_binary_formats_are_named(data: bytes, word: str) -> None:
    what = binary_kind(data)
    assert what is not None and word in what


def test_text_is_not_binary() -> None:
    assert binary_kind(ARTICLE.encode()) is None
    assert binary_kind(ARTICLE.encode("utf-16")) is None


@pytest.mark.parametrize(
    ("data", "name", "ctype", "kind"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", None, None, "html"),
        (b"  <div>fragment</div>", "a.txt", None, "html"),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', "feed.html", None, "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', None, None, "feed"),
        (b'{"text": "x"}', None, None, "json"),
        (b'[{"text": "x"}]', "a.txt", None, "json"),
        (b'{"text": "x"}\n', "a.jsonl", None, "jsonl"),
        (b'{"text": "x"}', None, "application/x-ndjson", "jsonl"),
        (b"[Photo] Troops in Kyiv on Monday.", None, None, "text"),
        (b"US envoy urges Europe to send troops\nBy Staff", "a.html", None, "text"),
        (b"Some scraped text\n<html><body>late markup</body></html>", None, None, "html"),
    ],
)
def test_sniff_trusts_content_and_uses_hints_for_ties(
    data: bytes, name: str | None, ctype: str | None, kind: str
) -> None:
    assert sniff(data, name, ctype) == kind


def test_read_file_refuses_oversize_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 101)
    with pytest.raises(RashomonError) as exc:
        read_file(p, str(p), max_bytes=100)
    assert exc.value.code is Code.TOO_LARGE
    assert read_file(p, str(p), max_bytes=101) == b"a" * 101


def test_gunzip_reads_members_and_stops_at_the_limit() -> None:
    body = ARTICLE.encode() * 100
    assert gunzip(gzip.compress(body), "x.gz", 10**6) == body
    assert gunzip(gzip.compress(b"one ") + gzip.compress(b"two"), "x.gz", 100) == b"one two"
    with pytest.raises(RashomonError) as exc:
        gunzip(gzip.compress(b"\x00" * 10**6), "bomb.gz", 1000)
    assert exc.value.code is Code.TOO_LARGE


def test_gunzip_names_a_cut_stream_truncated() -> None:
    data = gzip.compress(ARTICLE.encode() * 50)
    with pytest.raises(RashomonError) as exc:
        gunzip(data[: len(data) // 2], "cut.gz", 10**6)
    assert exc.value.code is Code.TRUNCATED


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "Zażółć gęślą jaźń. Prezydent Polski powiedział w środę, że żołnierze zostaną wysłani "
            "na Ukrainę. Łódź i Kraków są gotowe.",
            "cp1250",
        ),
        (
            "Dışişleri Bakanı Hakan Fidan açıklama yaptı. İstanbul toplantısı çarşamba günü.",
            "cp1254",
        ),
        (
            "El presidente dijo el miércoles que España enviará tropas, añadió Sánchez en Córdoba.",
            "cp1252",
        ),
        (
            "Песков заявил, что Москва против размещения европейских войск. Об этом он сказал в Киеве.",
            "cp1251",
        ),
        (
            "Песков заявил, что Москва против размещения европейских войск. Об этом он сказал в Киеве.",
            "koi8-r",
        ),
    ],
)
def test_undeclared_legacy_encodings_are_guessed_exactly(text: str, encoding: str) -> None:
    d = decode(text.encode(encoding), "legacy.txt")
    assert d.text == text
    assert d.repaired_lines == []


def test_legacy_cyrillic_with_chance_utf8_pairs_is_not_treated_as_mixed() -> None:
    # "С" is 0xD1 in cp1251 and "ы"/"и"-range bytes follow it: valid UTF-8 pairs by chance
    text = (
        "СССР и Россия.\nСъезд состоялся в Москве, сообщили источники.\nЗаявление опубликовано.\n"
    )
    d = decode(text.encode("cp1251"), "ru.txt")
    assert d.text == text and not d.encoding.startswith("utf-8")


def test_garbage_share_counts_every_class_of_character_no_article_holds() -> None:
    from rashomon.sources.detect import _garbage_ratio

    # ASCII controls (not tab or line breaks), C1 controls, U+FFFD, a lone surrogate, private
    # use in the BMP and in plane 15, an unassigned code point.
    bad = "\x01\x7f\x85\ufffd\ud800\ue000\U000f0001\u0378"
    good = "Kyiv\t\nКиїв é「」"
    assert len(bad) == 8 and len(good) == 14
    assert _garbage_ratio(bad[:4] + good[:4]) == 0.5
    assert _garbage_ratio(bad + good[:8]) == 0.5
    assert _garbage_ratio(good) == 0.0 and _garbage_ratio("") == 0.0
    assert _garbage_ratio("\ufffd" * 3 + "ab") == 0.6  # a repeated character counts each time
    with pytest.raises(RashomonError):
        decode(("Kyiv \x01\x02\ue000\ufffd " * 20).encode("utf-8"), "x.txt")
    assert binary_kind(b"\x01\x02\x03\x04" * 10 + b"text") is not None
    assert binary_kind(b"plain text\twith\ttabs\r\n\x1b[1m and an escape\x0c") is None
