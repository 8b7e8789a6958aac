"""What the readers share: the input being read, new articles, error items, dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import Code, RashomonError
from ..model import Article, content_id, sha256_hex
from .base import Item, ReadOptions
from .detect import Decoded

MEDIA_TYPES = {
    "text": "text/plain",
    "html": "text/html",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "feed": "application/xml",
}


@dataclass(slots=True)
class Input:
    """One input being read: its bytes and everything known about where they came from."""

    source: str  # the path as given, the URL, or "-"
    data: bytes  # the bytes to read (decompressed when the original was gzip)
    original: bytes  # the bytes exactly as received: what the store keeps
    opts: ReadOptions
    name: str | None = None  # a file name or URL path, used as a hint only
    content_type: str | None = None  # the HTTP Content-Type, when fetched
    url: str | None = None  # the final URL, when fetched
    via: str | None = None  # "url" or "stdin": the article kind for one-article inputs
    media_type: str | None = None  # of the original; set from the sniffed kind when None

    def item(self, article: Article | None = None, error: RashomonError | None = None) -> Item:
        return Item(
            source=article.source if article is not None else self.source,
            article=article,
            original=self.original if article is not None else None,
            media_type=self.media_type,
            error=error,
        )

    def error(
        self, code: Code, message: str, source: str | None = None, fix: str | None = None
    ) -> Item:
        src = source or self.source
        return Item(source=src, error=RashomonError(code, message, source=src, fix=fix))


def new_article(
    inp: Input,
    record: bytes,
    kind: str,
    decoded: Decoded | None,
    locator: tuple[str, int] | None = None,
) -> Article:
    """An article for one record of ``inp``; ``locator`` is ("line"|"entry"|"record", n)."""
    source = inp.source
    loc = None
    if locator is not None:
        source = f"{inp.source}#{locator[0]}={locator[1]}"
        loc = f"{locator[0]} {locator[1]}"
    original = sha256_hex(inp.original)
    art = Article(
        # A page or a file of one article is its own record: one hash serves both.
        id=original[:16] if record == inp.original else content_id(record),
        source=source,
        kind=kind,  # type: ignore[arg-type]
        original_sha256=original,
        locator=loc,
        encoding=decoded.encoding if decoded else None,
        url=inp.url,
    )
    if decoded is not None and decoded.repaired_lines:
        # Mixed encodings are repaired, never silently: the flag says which lines were read as
        # cp1252 so a reader of the output can check them against the stored original.
        art.meta["encoding_repaired"] = {"as": "cp1252", "lines": decoded.repaired_lines[:1000]}
    return art


_NUMERIC = re.compile(r"^\d{9,13}(\.\d+)?$")


def parse_date(value: Any) -> str | None:
    """ISO 8601 for a date given as ISO, RFC 822, free text or a Unix timestamp; None if unreadable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMERIC.match(value.strip())):
        seconds = float(value)
        if seconds > 1e11:  # milliseconds, as JavaScript writes them
            seconds /= 1000
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip()
    try:
        return _iso(datetime.fromisoformat(raw.replace("Z", "+00:00")), raw)
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return _iso(parsedate_to_datetime(raw), raw)
    except (TypeError, ValueError, IndexError):
        pass
    if len(raw) > 80:  # a sentence, not a date
        return None
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first"}
    try:
        dt = dateparser.parse(raw, languages=["en"], settings=settings)  # type: ignore[arg-type]
        if dt is None and not raw.isascii():
            # Detecting the language tries every locale (seconds); only worth it for non-English.
            dt = dateparser.parse(raw, settings=settings)  # type: ignore[arg-type]
    except Exception:  # dateparser raises assorted errors on odd input; unreadable is the answer
        return None
    return _iso(dt, raw) if dt is not None else None


def _iso(dt: datetime, raw: str) -> str:
    has_time = ":" in raw or dt.hour or dt.minute or dt.second
    return dt.isoformat() if has_time else dt.date().isoformat()
