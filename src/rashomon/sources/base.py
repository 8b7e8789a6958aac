"""What every reader produces: one :class:`Item` per article found (or per problem met)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import RashomonError
from ..model import Article

MAX_BYTES = 50 * 1024 * 1024  # inputs over 50 MB are refused (E003)


@dataclass
class ReadOptions:
    max_bytes: int = MAX_BYTES
    allow_private: bool = False  # let URLs resolve to private, loopback and link-local addresses
    timeout: float = 20.0  # seconds for a whole fetch: one deadline over its redirects and body
    max_redirects: int = 5
    fetch_feed_links: bool = True  # fetch the linked page of a feed entry that carries no content
    recursive: bool = True
    #: Feed entry keys (``sources.feed.entry_key``) to leave out: a watch's entries already seen,
    #: skipped before their links are fetched or their text cleaned.
    skip_entries: frozenset[str] = frozenset()


@dataclass
class Item:
    """An article read from an input, with the original bytes it came from; or an error.

    ``original`` is the whole input (file, page, feed) the article came from: the store keeps it by
    SHA-256 (``article.original_sha256``) so nothing is ever lost or silently altered. Several items
    can share one original (the records of a JSON Lines file, the entries of a feed).
    """

    source: str
    article: Article | None = None
    original: bytes | None = None
    media_type: str | None = None
    error: RashomonError | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None and self.error is None
