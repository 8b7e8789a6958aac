"""JSON documents and JSON Lines: one article per record.

A JSON document is one record (an object with a text field), a list of records, or an object that
holds the list under a well-known key ("articles", "items", "records", ...). JSON Lines holds one
record per line. Field names are matched without regard to case, ``_`` or ``-``, so
``datePublished``, ``date_published`` and ``DatePublished`` are one field.

Ids: a one-record file's id is the hash of the whole file, a JSON Lines record's the hash of its
line; a record inside a JSON list has no bytes of its own, so its id hashes its canonical
serialisation (sorted keys, compact separators), which does not depend on the file's layout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..errors import Code
from .base import Item
from .common import Input, new_article, parse_date
from .detect import Decoded, decode, normalise_newlines

LIST_KEYS = (
    "articles",
    "items",
    "records",
    "entries",
    "documents",
    "docs",
    "posts",
    "results",
    "data",
)
TEXT_KEYS = (
    "articlebody",
    "body",
    "text",
    "content",
    "maintext",
    "fulltext",
    "bodytext",
    "story",
    "plaintext",
    "contenttext",
)
HTML_KEYS = ("html", "bodyhtml", "contenthtml", "rawhtml", "contentencoded", "articlehtml")
URL_KEYS = ("url", "link", "canonicalurl", "weburl", "permalink", "href", "uri")
TITLE_KEYS = ("title", "headline", "webtitle", "heading")
SUBTITLE_KEYS = (
    "subtitle",
    "subheadline",
    "standfirst",
    "dek",
    "description",
    "summary",
    "abstract",
)
OUTLET_KEYS = (
    "outlet",
    "source",
    "publisher",
    "site",
    "sitename",
    "sourcename",
    "publication",
    "newspaper",
    "domain",
)
AUTHOR_KEYS = ("author", "authors", "byline", "creator", "creators", "writer", "by")
DATE_KEYS = (
    "published",
    "datepublished",
    "pubdate",
    "publishedat",
    "publishdate",
    "publicationdate",
    "date",
    "datetime",
    "firstpublished",
    "created",
    "createdat",
    "timestamp",
    "time",
)
LANG_KEYS = ("language", "lang", "inlanguage")
#: What to do about a record that is not an article (the generic fix speaks of web pages).
RECORD_FIX = (
    'give objects with the article\'s text in a "text", "body" or "content" field (or its page in '
    '"html"), one per line for JSON Lines or in a list for JSON'
)
_NESTED = ("rendered", "value", "text", "name", "#text", "content", "url", "@id")
_MARKUP = re.compile(
    r"<(p|div|br|span|a|article|section|h[1-6]|ul|ol|li|em|strong|b|i|figure|blockquote)\b[^>]*>",
    re.I,
)
_ASCII_COMPATIBLE = ("utf-8", "cp", "iso", "latin", "windows", "ascii", "koi8", "mac")


def _norm(key: str) -> str:
    return re.sub(r"[\s_\-]", "", key).lower()


def _scalar(value: Any, joiner: str = ", ") -> str | None:
    """A display string from a string, a nested {"rendered"/"name"/...} object, or a list of them."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        for k in _NESTED:
            if k in value and (s := _scalar(value[k], joiner)):
                return s
        return None
    if isinstance(value, list):
        parts = [s for v in value if (s := _scalar(v, joiner))]
        return joiner.join(dict.fromkeys(parts)) or None
    return None


class _Fields:
    """A record's fields by normalised name; remembers which were used."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.by_norm: dict[str, tuple[str, Any]] = {}
        for k, v in record.items():
            self.by_norm.setdefault(_norm(str(k)), (str(k), v))
        self.used: set[str] = set()

    def first(self, keys: tuple[str, ...], joiner: str = ", ") -> str | None:
        for k in keys:
            if k in self.by_norm and (s := _scalar(self.by_norm[k][1], joiner)):
                self.used.add(k)
                return s
        return None

    def raw(self, keys: tuple[str, ...]) -> Any:
        for k in keys:
            if k in self.by_norm and self.by_norm[k][1] not in (None, ""):
                self.used.add(k)
                return self.by_norm[k][1]
        return None

    def rest(self) -> dict[str, Any]:
        """The unused fields with plain values, kept in ``meta`` so nothing is thrown away."""
        out: dict[str, Any] = {}
        for norm, (k, v) in self.by_norm.items():
            if norm in self.used:
                continue
            if isinstance(v, str):
                out[k] = v if len(v) <= 2000 else v[:2000] + "…"
            elif isinstance(v, bool | int | float) or v is None:
                out[k] = v
        return out


def _outlet_name(value: str) -> str:
    if value.startswith(("http://", "https://")):
        host = urlsplit(value).hostname or value
        return host.removeprefix("www.")
    return value


def record_item(
    inp: Input,
    record: Any,
    record_bytes: bytes,
    decoded: Decoded | None,
    locator: tuple[str, int] | None,
) -> Item:
    """One article from one record, or a NOT_ARTICLE item when it has no text or HTML."""
    where = f"{inp.source}#{locator[0]}={locator[1]}" if locator else inp.source
    if not isinstance(record, dict):
        what = type(record).__name__ if record is not None else "null"
        return inp.error(
            Code.NOT_ARTICLE, f"the record is a JSON {what}, not an object", where, RECORD_FIX
        )
    f = _Fields(record)
    html = f.first(HTML_KEYS, "\n")
    text = f.first(TEXT_KEYS, "\n\n")
    if text and not html and _MARKUP.search(text):
        html, text = text, None  # a "content" field holding markup is a page, not plain text
    if not text and not html:
        return inp.error(
            Code.NOT_ARTICLE, "the record has no text, body, content or html field", where,
            RECORD_FIX,
        )
    art = new_article(inp, record_bytes, "json", decoded, locator)
    if text:
        art.raw_text = normalise_newlines(text)
    if html:
        art.html = html
    art.url = f.first(URL_KEYS) or inp.url
    art.title = f.first(TITLE_KEYS)
    art.subtitle = f.first(SUBTITLE_KEYS)
    if outlet := f.first(OUTLET_KEYS):
        art.outlet, art.outlet_source = _outlet_name(outlet), "record"
    art.byline = f.first(AUTHOR_KEYS)
    art.language = f.first(LANG_KEYS)
    raw_date = f.raw(DATE_KEYS)
    if raw_date is not None:
        raw_date = _scalar(raw_date) if isinstance(raw_date, dict | list) else raw_date
        art.published = parse_date(raw_date)
        if art.published is None:
            art.meta["published_raw"] = raw_date
    if rest := f.rest():
        art.meta["record"] = rest
    return inp.item(art)


def _canonical(record: Any) -> bytes:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _is_truncation(err: json.JSONDecodeError, text: str) -> bool:
    return err.msg.startswith("Unterminated") or err.pos >= len(text.rstrip())


def _is_keyed_records(doc: dict[str, Any]) -> bool:
    if not doc or not all(isinstance(v, dict) for v in doc.values()):
        return False
    if any(_norm(str(k)) in TEXT_KEYS + HTML_KEYS for k in doc):
        return False
    return any(_norm(str(k)) in TEXT_KEYS + HTML_KEYS for v in doc.values() for k in v)


def _first_line_is_record(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except json.JSONDecodeError:
        return False


def read_json(inp: Input) -> Iterator[Item]:
    """The records of a JSON document (or of JSON Lines that were not named so)."""
    decoded = decode(inp.data, inp.source, inp.content_type, in_document=False)
    text = decoded.text
    if not text.strip():
        yield inp.error(Code.EMPTY, "only whitespace, no JSON")
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        if _first_line_is_record(text):
            yield from read_jsonl(inp, decoded)
        elif _is_truncation(err, text):
            yield inp.error(
                Code.TRUNCATED, f"the JSON ends in the middle of a value (line {err.lineno})"
            )
        else:
            yield inp.error(
                Code.MALFORMED, f"invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}"
            )
        return
    except RecursionError:
        yield inp.error(Code.MALFORMED, "the JSON is nested too deeply")
        return
    records: Any = doc
    if isinstance(doc, dict):
        norm = {_norm(str(k)): v for k, v in doc.items()}
        listed = next((norm[k] for k in LIST_KEYS if isinstance(norm.get(k), list)), None)
        if listed is None and _is_keyed_records(doc):
            # {"<id>": {record}, ...}: records keyed by their ids (benchmarks ship this shape)
            for n, (key, record) in enumerate(doc.items(), 1):
                item = record_item(inp, record, _canonical(record), decoded, ("record", n))
                if item.article is not None:
                    item.article.meta["record_key"] = key
                yield item
            return
        if listed is None:
            yield record_item(inp, doc, inp.data, decoded, None)
            return
        records = listed
    if not isinstance(records, list):
        what = type(records).__name__ if records is not None else "null"
        yield inp.error(
            Code.NOT_ARTICLE, f"the JSON holds a {what}, not records", fix=RECORD_FIX
        )
        return
    if not records:
        yield inp.error(Code.EMPTY, "the JSON holds no records")
        return
    for n, record in enumerate(records, 1):
        yield record_item(inp, record, _canonical(record), decoded, ("record", n))


def read_jsonl(inp: Input, decoded: Decoded | None = None) -> Iterator[Item]:
    """One article per line; a cut last line gives a TRUNCATED item after the good records."""
    if decoded is None:
        decoded = decode(inp.data, inp.source, inp.content_type, in_document=False)
    text = decoded.text
    lines = text.split("\n")
    raw_lines = inp.data.split(b"\n")
    if not decoded.encoding.startswith(_ASCII_COMPATIBLE) or len(raw_lines) != len(lines):
        raw_lines = [ln.encode("utf-8") for ln in lines]
    last = max((i for i, ln in enumerate(lines) if ln.strip()), default=-1)
    if last < 0:
        yield inp.error(Code.EMPTY, "only whitespace, no records")
        return
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        n = i + 1
        where = f"{inp.source}#line={n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            if i == 0 and last > 0:
                # Pretty-printed JSON in a .jsonl file: read it as the document it is.
                try:
                    json.loads(text)
                except json.JSONDecodeError:
                    pass
                else:
                    yield from read_json(inp)
                    return
            if i == last and (not text.endswith("\n") or _is_truncation(err, line)):
                yield inp.error(Code.TRUNCATED, f"line {n} ends in the middle of a record", where)
            else:
                yield inp.error(
                    Code.MALFORMED,
                    f"invalid JSON on line {n}, column {err.colno}: {err.msg}",
                    where,
                )
            continue
        except RecursionError:
            yield inp.error(Code.MALFORMED, f"line {n} is nested too deeply", where)
            continue
        raw = raw_lines[i].rstrip(b"\r")
        if i == 0:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        yield record_item(inp, record, raw, decoded, ("line", n))
