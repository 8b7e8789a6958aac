"""Sniffing, decoding and size limits shared by every reader.

The readers trust the bytes more than the name: a ``.txt`` that holds a page is read as HTML, a
``.html`` that holds a feed as a feed. The name (or the HTTP content type) only breaks ties, e.g. a
one-line ``.jsonl`` file, or a ``[`` that starts plain text rather than a JSON list.

Decoding order: byte-order mark, then the charset the document declares (HTTP header, ``<meta>``,
``<?xml encoding?>``), then strict UTF-8, then UTF-8 repaired line by line with cp1252 for the
lines that are not UTF-8 (the usual result of pasting Windows text into a UTF-8 file), then
charset-normalizer's best guess. Whatever decodes to control characters and replacement marks is
refused with :data:`Code.ENCODING`.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import Code, RashomonError

Kind = Literal["text", "html", "json", "jsonl", "feed"]

SNIFF_BYTES = 4096  # how much of the head the sniffers look at

# File signatures of common non-text formats. Hand-written because no file-type library is a
# dependency and we only need "is this one of the usual binaries, and which" for the message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an XZ archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", "a Windows executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\x00asm", "a WebAssembly module"),
)
GZIP_MAGIC = b"\x1f\x8b"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*['\"]?\s*([A-Za-z0-9._:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*['\"]([A-Za-z0-9._:-]+)", re.I)
_CT_CHARSET = re.compile(r"charset\s*=\s*['\"]?([A-Za-z0-9._:-]+)", re.I)
# Single-byte Western labels: browsers read all of them as windows-1252 (WHATWG Encoding).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"}
_HTML_START = re.compile(
    rb"^\s*<(!doctype\s+html|html|head|body|meta|title|div|p|article|!--)\b", re.I
)
_HTML_ANYWHERE = re.compile(rb"<(!doctype\s+html|html|body|article)\b", re.I)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:rdf)\b", re.I)
_JSONISH_START = re.compile(rb'^\s*(\{\s*["}]|\[\s*[\{\["\]])')

# C0/C1 controls but tab and line breaks, DEL, U+FFFD, surrogates, private use (BMP and planes 15-16)
_GARBAGE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
_ASCII_CONTROLS = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])  # the ASCII part of _GARBAGE
_ASCII = bytes(range(0x80))
_BINARY_CONTROLS = bytes(b for b in range(0x20) if b not in b"\t\n\r\f\v\x1b")

_JSON_EXT = {".json"}
_JSONL_EXT = {".jsonl", ".ndjson", ".jsonlines"}
_FEED_EXT = {".rss", ".atom", ".xml", ".rdf"}
_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}


@dataclass(slots=True)
class Decoded:
    """Decoded text, the encoding that produced it, and the lines that needed repair."""

    text: str
    encoding: str
    repaired_lines: list[int] = field(default_factory=list)  # 1-based, for mixed encodings


def fail(code: Code, message: str, source: str) -> RashomonError:
    return RashomonError(code, message, source=source)


# --------------------------------------------------------------------------------------------
# Limits


def read_file(path: Path, source: str, max_bytes: int) -> bytes:
    """Read a file, refusing it from its size before reading a byte of it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise fail(Code.NOT_FOUND, "no such file or directory", source) from None
    except OSError as exc:
        raise fail(Code.NOT_FOUND, f"cannot open: {exc.strerror or exc}", source) from None
    if size > max_bytes:
        raise fail(Code.TOO_LARGE, f"{size} bytes, over the {max_bytes}-byte limit", source)
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)  # a file that grew while we looked is still capped
    except OSError as exc:
        raise fail(Code.NOT_FOUND, f"cannot read: {exc.strerror or exc}", source) from None
    if len(data) > max_bytes:
        raise fail(Code.TOO_LARGE, f"over the {max_bytes}-byte limit", source)
    return data


def gunzip(data: bytes, source: str, max_bytes: int) -> bytes:
    """Decompress gzip data, stopping past ``max_bytes`` of output (no gzip bombs)."""
    out = bytearray()
    rest = data
    try:
        while rest:  # a .gz file may hold several members back to back
            d = zlib.decompressobj(wbits=31)
            out += d.decompress(rest, max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise fail(Code.TOO_LARGE, f"decompresses to over {max_bytes} bytes", source)
            if not d.eof:
                if d.unconsumed_tail:
                    raise fail(Code.TOO_LARGE, f"decompresses to over {max_bytes} bytes", source)
                raise fail(Code.TRUNCATED, "the gzip stream ends early", source)
            rest = d.unused_data
            if rest and not rest.startswith(GZIP_MAGIC):
                break  # trailing garbage after the last member: ignored, as gzip(1) does
    except zlib.error as exc:
        raise fail(Code.MALFORMED, f"corrupt gzip data ({exc})", source) from None
    return bytes(out)


# --------------------------------------------------------------------------------------------
# Binary or text


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def binary_kind(data: bytes) -> str | None:
    """Name of the binary format ``data`` is in, or None when it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if bom_encoding(data) in {"utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"}:
        return None
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        if _utf16_without_bom(head):
            return None
        return "binary data (it contains NUL bytes)"
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))  # a loop: 0.3 ms a page
    if head and controls / len(head) > 0.1:
        return "binary data (mostly control bytes)"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM has NULs in every other byte for ASCII-range characters."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


# --------------------------------------------------------------------------------------------
# Encodings


def normalise_label(label: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("'\"").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(
    data: bytes, content_type: str | None = None, in_document: bool = True
) -> str | None:
    """The charset the input declares: HTTP header first, then ``<?xml?>``, then ``<meta>``.

    ``in_document`` is off for plain text and JSON, where a ``<meta charset>`` is just text.
    """
    if content_type:
        m = _CT_CHARSET.search(content_type)
        if m and (name := normalise_label(m.group(1))):
            return name
    if not in_document:
        return None
    head = data[:SNIFF_BYTES]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        found = pattern.search(head)
        if found and (name := normalise_label(found.group(1).decode("ascii", "ignore"))):
            return name
    return None


def _cp1252_or_latin1(chunk: bytes) -> str:
    # cp1252 leaves five bytes undefined; latin-1 maps them to the C1 controls they were.
    return "".join(
        codecs.decode(bytes([b]), "cp1252", "strict")
        if b not in b"\x81\x8d\x8f\x90\x9d"
        else chr(b)
        for b in chunk
    )


def _utf8_then_cp1252(line: bytes) -> str:
    """Decode UTF-8, reading each invalid byte run as cp1252 instead."""
    parts: list[str] = []
    pos = 0
    while pos < len(line):
        try:
            parts.append(line[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(line[pos : pos + exc.start].decode("utf-8"))
            bad_end = pos + exc.end
            parts.append(_cp1252_or_latin1(line[pos + exc.start : bad_end]))
            pos = bad_end
    return "".join(parts)


def _has_utf8_multibyte(data: bytes) -> bool:
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]+", data) is not None


_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with some foreign lines, rather than a legacy encoding with chance UTF-8 pairs.

    In cp1251 or cp1252 text a byte pair that happens to be valid UTF-8 is rare, so a line holding
    valid multi-byte UTF-8 is strong evidence; the file counts as UTF-8 when such lines are at least
    as many as the lines that fail to decode.
    """
    valid = invalid = 0
    for line in data.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            invalid += 1
            continue
        valid += _UTF8_SEQ.search(line) is not None
    return valid > 0 and valid >= invalid


def _repair_mixed(data: bytes) -> Decoded:
    lines = data.split(b"\n")
    out: list[str] = []
    repaired: list[int] = []
    for i, line in enumerate(lines, 1):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(_utf8_then_cp1252(line))
            repaired.append(i)
    return Decoded("\n".join(out), "utf-8+cp1252", repaired)


def _garbage_ratio(text: str) -> float:
    """Share of characters no article contains: controls, replacement marks, private, unassigned.

    Counted on the UTF-8 bytes, because a regex or a set over a whole page's characters cost
    1.5-2 ms a page, most of what reading an HTML page costs before cleaning: the ASCII controls
    are the bytes deleting them removes, and each distinct non-ASCII character (the bytes left
    when the ASCII ones are deleted) is looked up once."""
    if not text:
        return 0.0
    raw = text.encode("utf-8", "surrogatepass")
    bad = len(raw) - len(raw.translate(None, _ASCII_CONTROLS))
    if not raw.isascii():
        for ch in set(raw.translate(None, _ASCII).decode("utf-8", "surrogatepass")):
            # Unassigned code points have no regex class in `re`: look each one up.
            if _GARBAGE.match(ch) or unicodedata.category(ch) == "Cn":
                bad += text.count(ch)
    return bad / len(text)


def decode(
    data: bytes, source: str, content_type: str | None = None, in_document: bool = True
) -> Decoded:
    """Decode ``data`` following the order in the module docstring; raise ENCODING if hopeless.

    ``content_type`` is the HTTP header (its charset is a declaration); ``in_document`` says
    whether a charset declared inside the bytes (``<meta>``, ``<?xml?>``) counts: not for plain
    text or JSON, where such a string is just text.
    """
    result = _decode(data, content_type, in_document)
    if result is None or _garbage_ratio(result.text[:200_000]) > 0.02:
        raise fail(Code.ENCODING, "the bytes do not decode to readable text", source)
    return result


def _decode(data: bytes, content_type: str | None, in_document: bool) -> Decoded | None:
    bom = bom_encoding(data)
    if bom:
        codec = "utf-8-sig" if bom == "utf-8" else bom
        body = data if bom == "utf-8" else data[len(_bom_bytes(bom)) :]
        try:
            return Decoded(body.decode(codec), bom)
        except UnicodeDecodeError:
            if bom == "utf-8":
                return _repair_mixed(data[3:])
            return None
    if utf16 := _utf16_without_bom(data[:SNIFF_BYTES]):
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            return None
    declared = declared_charset(data, content_type, in_document=in_document)
    if declared and declared not in ("utf-8",) and not declared.startswith("utf-16"):
        # A page labelled latin-1/cp1252 whose bytes are valid UTF-8 with non-ASCII letters is
        # mislabelled (common with CMS templates); UTF-8 is then by far the likelier reading.
        if not (declared == "cp1252" and _valid_utf8_with_multibyte(data)):
            try:
                return Decoded(data.decode(declared), declared)
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _repair_mixed(data)
    return _guess(data)


def _bom_bytes(name: str) -> bytes:
    return next(bom for bom, n in _BOMS if n == name)


def _valid_utf8_with_multibyte(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _has_utf8_multibyte(data)


_OFF_WEB = re.compile(
    r"^(cp(437|7\d\d|85[0-9]|86[0-9]|1125|1006|037|500|1140|273|424|1026)|mac_|hp_|ptcp154|kz1048)"
)


def _guess(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # charset-normalizer tells scripts apart well but, when several code pages read the bytes
    # equally well, its pick among them is close to arbitrary (cp1252 text comes back as cp1250 or
    # cp775). So: the least chaos, then the best language coherence, then, on a tie, the code page
    # browsers default to for Latin (windows-1252) or the web's usual Cyrillic one (windows-1251).
    # DOS, EBCDIC and old Mac code pages are next to never served on the web but often tie.
    web = [m for m in matches if not _OFF_WEB.match(m.encoding)] or list(matches)
    least = min(m.chaos for m in web)
    calm = [m for m in web if m.chaos <= least + 1e-9]
    top = max(m.coherence for m in calm)
    tied = [m for m in calm if m.coherence >= top - 1e-9]
    pick = next((m for m in tied if m.encoding in ("cp1252", "cp1251")), tied[0])
    return Decoded(str(pick), pick.encoding)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------------------------
# What kind of input


def strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def extension(name: str | None) -> str:
    if not name:
        return ""
    return os.path.splitext(strip_gz(name.split("?", 1)[0].split("#", 1)[0]))[1].lower()


def _ascii_head(data: bytes) -> bytes:
    """The head with any BOM removed and UTF-16/32 squeezed to ASCII, for pattern matching."""
    bom = bom_encoding(data)
    enc = bom if bom and bom != "utf-8" else _utf16_without_bom(data[:SNIFF_BYTES])
    if enc:
        body = data[len(_bom_bytes(enc)) :] if bom else data
        text = body[: SNIFF_BYTES * 4].decode(enc, "ignore")
        return text.encode("ascii", "replace")[:SNIFF_BYTES]
    return data[3:][:SNIFF_BYTES] if bom == "utf-8" else data[:SNIFF_BYTES]


def sniff(data: bytes, name: str | None = None, content_type: str | None = None) -> Kind:
    """Say what the bytes are; the name's extension and the content type only break ties."""
    head = _ascii_head(data)
    stripped = head.lstrip()
    ext = extension(name)
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    if stripped.startswith(b"<?xml") or (stripped.startswith(b"<!--") and b"<?xml" in head):
        if _FEED_ROOT.search(head):
            return "feed"
        return "html"  # XHTML or some other XML: the HTML reader is lenient with both
    if _FEED_ROOT.match(stripped):
        return "feed"
    if _HTML_START.match(head) or (
        stripped.startswith(b"<") and re.match(rb"<[a-z]", stripped, re.I)
    ):
        return "html"
    if stripped[:1] in (b"{", b"["):
        if ext in _JSONL_EXT or "ndjson" in ctype or "jsonl" in ctype or "json-seq" in ctype:
            return "jsonl"
        if ext in _JSON_EXT or "json" in ctype or _JSONISH_START.match(head):
            return "json"  # a document or JSON Lines: the records reader tells them apart
        return "text"
    if _HTML_ANYWHERE.search(head):
        return "html"
    return "text"
