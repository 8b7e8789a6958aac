"""The SQLite store: one file holding the originals, the articles, their analyses and the stories.

Why SQLite: one file, no server, full-text search (FTS5) built in, and safe under concurrent
readers and a crash mid-write, which is what a self-hosted tool needs (SPEC, "Store").

Concurrency, the way datasette's ``database.py`` does it: **one writer, many readers**.

* One write connection, used only under a lock, and every write is a ``BEGIN IMMEDIATE``
  transaction: the write lock is taken up front, so a second *process* that wants to write waits
  (``busy_timeout``) instead of failing half-way through a deferred transaction.
* One read connection per thread (``threading.local``), opened read-only (``file:...?mode=ro``).
  In WAL mode readers never block the writer nor each other, and each read sees a snapshot that
  holds only committed transactions. A FastAPI app with many worker threads and the CLI share
  the same class.

Durability: ``journal_mode=WAL`` with ``synchronous=NORMAL`` (the default). A commit appends the
transaction to the WAL with ``write()`` before returning, so once :meth:`Store.add` returns the
article survives the *process* being killed (SIGKILL, OOM, Ctrl-C): the OS has the bytes.
What NORMAL gives up is fsync on every commit: an *operating-system crash or power loss* can lose
the last few committed transactions, but never corrupts the file (WAL frames are checksummed and
replayed only up to the last complete commit). Everything stored is re-derivable from the inputs
(re-ingesting is a no-op for what survived), so NORMAL's throughput is the better trade; pass
``durable=True`` for ``synchronous=FULL`` when committed must mean on disk.

Schema (version in ``PRAGMA user_version``; :data:`MIGRATIONS` is the ordered list that brings a
file of any older version up to date, each step in one transaction):

* ``originals``: the untouched input bytes, keyed by SHA-256 (``bytes`` zlib-compressed when
  that saves space, flagged by ``compressed``; ``size`` is the uncompressed length).
* ``articles``: one row per article; ``id`` is the article's content id. Columns hold what lists
  and filters need; ``doc`` is ``Article.to_dict()`` as JSON without ``html`` (the original holds
  it) and without ``text`` (the ``text`` column holds it; :meth:`Store.get` puts it back).
  ``raw_text`` stays in ``doc``: removed-span offsets index it. ``pk`` is an explicit integer key
  so the FTS5 rowids survive ``VACUUM``.
* ``articles_fts``: FTS5 over ``title`` and ``text``, external content (``articles``), kept in
  step by triggers.
* ``entities``, ``quotes``, ``claims``: denormalised rows of an article's analysis, rewritten
  whenever it is saved, for the people/quotes pages (who said what, where, across outlets).
* ``stories`` (``doc`` = ``Story.to_dict()``) and ``story_articles`` (which articles a story
  holds; no foreign key on ``article_id``: a story may name articles compared in memory only).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from urllib.parse import quote

from .errors import Code, RashomonError
from .model import Article, Story, sha256_hex

__all__ = ["MIGRATIONS", "Store", "default_db_path"]

APPLICATION_ID = 0x5253484D  # "RSHM": marks the file as a rashomon database
BUSY_TIMEOUT_MS = 30_000
BATCH_SIZE = 200
MIN_PREFIX = 4  # like git: a unique id prefix of at least this many characters names an article

_V1 = """
CREATE TABLE originals (
    sha256       TEXT PRIMARY KEY,
    bytes        BLOB NOT NULL,
    compressed   INTEGER NOT NULL DEFAULT 0 CHECK (compressed IN (0, 1)),  -- 1: zlib
    size         INTEGER NOT NULL,                                         -- uncompressed
    media_type   TEXT,
    first_source TEXT,
    created_at   TEXT NOT NULL
);
CREATE TABLE articles (
    pk                 INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    original_sha256    TEXT REFERENCES originals(sha256),
    source             TEXT NOT NULL,
    locator            TEXT,
    kind               TEXT NOT NULL,
    url                TEXT,
    outlet             TEXT,
    title              TEXT,
    byline             TEXT,
    published          TEXT,
    published_inferred INTEGER NOT NULL DEFAULT 0,
    language           TEXT,
    text               TEXT NOT NULL,
    n_chars            INTEGER NOT NULL,
    doc                TEXT NOT NULL CHECK (json_valid(doc)),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX articles_outlet ON articles(outlet COLLATE NOCASE);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content='articles', content_rowid='pk',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles
WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    canonical  TEXT NOT NULL,
    entity_id  TEXT,
    label      TEXT NOT NULL,
    text       TEXT NOT NULL,
    "start"    INTEGER NOT NULL,
    "end"      INTEGER NOT NULL
);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_canonical ON entities(canonical COLLATE NOCASE);
CREATE INDEX entities_entity_id ON entities(entity_id) WHERE entity_id IS NOT NULL;
CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker    TEXT,
    speaker_id TEXT,
    kind       TEXT NOT NULL,
    cue        TEXT,
    text       TEXT NOT NULL,
    "start"    INTEGER NOT NULL,
    "end"      INTEGER NOT NULL
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);
CREATE INDEX quotes_speaker_id ON quotes(speaker_id) WHERE speaker_id IS NOT NULL;
CREATE TABLE claims (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    claim_id   TEXT NOT NULL,
    actor      TEXT,
    source     TEXT,
    date       TEXT,
    text       TEXT NOT NULL,
    "start"    INTEGER NOT NULL,
    "end"      INTEGER NOT NULL
);
CREATE INDEX claims_article ON claims(article_id);
CREATE INDEX claims_actor ON claims(actor COLLATE NOCASE);
CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    title      TEXT,
    doc        TEXT NOT NULL CHECK (json_valid(doc)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE story_articles (
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
) WITHOUT ROWID;
CREATE INDEX story_articles_article ON story_articles(article_id);
"""

# The incremental story index (rashomon.engine.incremental): its state, which story each article
# was put in (and how), and the log of every join, open, merge and split.
_V2 = """
CREATE TABLE index_state (
    name       TEXT PRIMARY KEY,
    blob       BLOB NOT NULL,
    articles   INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE article_story (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id   TEXT NOT NULL,
    action     TEXT NOT NULL,
    score      REAL,
    at         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_story_story ON article_story(story_id);
CREATE TABLE story_history (
    seq    INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    story  TEXT NOT NULL,
    detail TEXT NOT NULL CHECK (json_valid(detail)),
    at     TEXT NOT NULL
);
CREATE INDEX story_history_story ON story_history(story);
"""

# What an attribution reports (Quote.mode, schema 1.1): speech, a belief, or another stance. Rows
# written before it are speech, as documents without the field read.
_V3 = """
ALTER TABLE quotes ADD COLUMN mode TEXT NOT NULL DEFAULT 'speech';
"""

# The newsroom workflow (rashomon.outlets, rashomon.watch): the user's outlet rows and per-article
# outlet corrections (no foreign key: a correction outlives a delete and applies when the article
# is stored again); the feeds a watch follows, the entries it has seen, and the alerts it raised
# (``key`` is unique, so a restarted watch never raises one twice). ``entities_text`` serves
# search's canonical-name expansion (which canonical a typed form stands for).
_V4 = """
CREATE TABLE outlets (
    name      TEXT PRIMARY KEY COLLATE NOCASE,
    domains   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(domains)),
    aliases   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
    country   TEXT,
    language  TEXT,
    ownership TEXT,
    added_at  TEXT NOT NULL
);
CREATE TABLE outlet_overrides (
    article_id TEXT PRIMARY KEY,
    outlet     TEXT NOT NULL,
    at         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX entities_text ON entities(text COLLATE NOCASE);
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY,
    name          TEXT,
    etag          TEXT,
    last_modified TEXT,
    next_poll     REAL NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0,
    last_status   INTEGER,
    last_error    TEXT,
    last_polled   REAL,
    last_changed  REAL,
    articles      INTEGER NOT NULL DEFAULT 0,
    added_at      TEXT NOT NULL
);
CREATE TABLE feed_entries (
    feed       TEXT NOT NULL,
    entry      TEXT NOT NULL,
    article_id TEXT,
    pending    INTEGER NOT NULL DEFAULT 1,  -- 1: to read and alert on; 2: to read, no alert
                                            -- (a feed's first poll: its backlog); 0: done
    seen_at    REAL NOT NULL,
    PRIMARY KEY (feed, entry)
) WITHOUT ROWID;
CREATE INDEX feed_entries_pending ON feed_entries(pending) WHERE pending = 1;
CREATE TABLE alerts (
    seq        INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL,
    story_id   TEXT,
    article_id TEXT,
    summary    TEXT NOT NULL,
    detail     TEXT NOT NULL CHECK (json_valid(detail)),
    logged     INTEGER NOT NULL DEFAULT 0,  -- 1 once printed and written to the log
    hook_tries INTEGER NOT NULL DEFAULT 0,
    hooked     INTEGER NOT NULL DEFAULT 0   -- 1 once the webhook took it (or none is set)
);
CREATE INDEX alerts_story ON alerts(story_id);
"""

# The story index as rows (issue 18), written in the transaction that writes the membership
# (``article_story``), so that no state is loaded at the start of a run and saved at its end:
# ``index_stories`` what scoring needs of each story (its members are ``article_story``);
# ``index_window`` the articles of the time window, in the order they came (their vector, term
# and shingle sketches); ``index_quiet`` the queue that forgets quiet stories; ``index_meta`` the
# next story number, the stream's latest day and ``version``, which every grouping transaction
# raises, so a writer knows when another one has grouped since it last read the rows.
# ``story_redirects``: a merged story's id -> the story it went into. ``story_stale``: stories
# whose membership changed since they were last compared (``gen`` counts the changes), so a run
# killed between grouping and comparing is completed by the next one.
_V5 = """
CREATE TABLE index_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE index_stories (
    id       TEXT PRIMARY KEY,
    centroid BLOB NOT NULL,
    entities TEXT NOT NULL CHECK (json_valid(entities)),
    first    TEXT NOT NULL,
    last     TEXT NOT NULL,
    sketch   BLOB,
    recent   TEXT NOT NULL CHECK (json_valid(recent)),
    quiet    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX index_stories_quiet ON index_stories(quiet) WHERE quiet = 1;
CREATE TABLE index_window (
    seq            INTEGER PRIMARY KEY,
    article_id     TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
    day            TEXT NOT NULL,
    vector         BLOB NOT NULL,
    terms          BLOB,
    shingles       BLOB,
    shingle_sketch BLOB
);
CREATE TABLE index_quiet (
    seq      INTEGER PRIMARY KEY,
    day      TEXT NOT NULL,
    story_id TEXT NOT NULL
);
CREATE TABLE story_redirects (
    old TEXT PRIMARY KEY,
    new TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE story_stale (
    story_id TEXT PRIMARY KEY,
    gen      INTEGER NOT NULL
) WITHOUT ROWID;
"""

# Identity across the corpus (rashomon.read.entities.link_entities): the alias table, name key
# ("person:michael-d-cohen", "name:nato") -> the entity id it resolves to, grown as articles are
# read (``form``: the name as written; ``surname``: a person's folded surname, for finding the
# person a new form of a known name names); and the user's merges and splits, in order, kept
# apart from the analyses so that re-reading an article applies them again.
_V6 = """
CREATE TABLE entity_aliases (
    key       TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    name      TEXT NOT NULL,
    form      TEXT NOT NULL,
    surname   TEXT,
    at        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX entity_aliases_surname ON entity_aliases(surname) WHERE surname IS NOT NULL;
CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id);
CREATE TABLE entity_corrections (
    seq       INTEGER PRIMARY KEY,
    action    TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    entity_id TEXT NOT NULL,  -- merge: the id merged away; split: the id the form leaves
    target    TEXT NOT NULL,  -- merge: the id it joins; split: the new id of the form
    name      TEXT NOT NULL,  -- merge: the target's name; split: the form's name
    form      TEXT,           -- split: the name key kept apart
    at        TEXT NOT NULL
);
"""

# Ordered: MIGRATIONS[i] takes a file from user_version i to i + 1. Append, never edit.
MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5, _V6]

P = ParamSpec("P")
R = TypeVar("R")


def default_db_path() -> Path:
    """Where the database lives unless told: $RASHOMON_DB, else the XDG data directory.

    Pure (creates nothing): ``Store`` creates the parent directories when it opens the file, so
    asking for ``--help`` never litters the home directory.
    """
    env = os.environ.get("RASHOMON_DB")
    if env:
        return Path(env).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME")
    base = Path(data_home).expanduser() if data_home else Path.home() / ".local" / "share"
    return base / "rashomon" / "rashomon.db"


def _row_count(n: int) -> int:
    """A LIMIT or OFFSET SQLite can bind: negative is 0, past a 64-bit integer is its maximum
    (binding 10**20 raises OverflowError, which a page's ``offset`` must not reach)."""
    return max(0, min(int(n), 2**63 - 1))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _split_statements(script: str) -> list[str]:
    """Split a migration script into statements (trigger bodies hold ';' so a naive split breaks).

    ``executescript`` would do it but commits first, which would take the migration out of its
    transaction; ``sqlite3.complete_statement`` tells where each statement really ends.
    """
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _guard(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn SQLite failures inside a public method into RashomonError(DATABASE) naming the file."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except sqlite3.Error as exc:
            store = args[0]
            assert isinstance(store, Store)
            raise store._db_error(exc) from exc

    return wrapper


class Store:
    """One SQLite database: add and look up articles, originals, analyses and stories."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        durable: bool = False,
        timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        self.path = Path(path).expanduser().resolve()
        self.durable = durable
        self.timeout_ms = timeout_ms
        self._lock = threading.RLock()
        self._local = threading.local()
        # thread id -> (weakref to the thread, its read connection); swept when threads die.
        self._readers: dict[int, tuple[weakref.ref[threading.Thread], sqlite3.Connection]] = {}
        self._readers_lock = threading.Lock()
        self._pid = os.getpid()
        self._closed = False
        self._last_original: tuple[bytes, str] | None = None  # identity cache for shared originals
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RashomonError(
                Code.DATABASE,
                f"cannot create the database folder: {exc.strerror or exc}",
                source=str(self.path),
            ) from exc
        if self.path.is_dir():
            raise RashomonError(
                Code.DATABASE, "is a folder, not a database file", source=str(self.path)
            )
        self._writer: sqlite3.Connection | None = None
        try:
            self._writer = self._connect_writer()
            self._migrate(self._writer)
        except (sqlite3.Error, RashomonError) as exc:
            if self._writer is not None:
                self._writer.close()
            self._closed = True
            if isinstance(exc, RashomonError):
                raise
            raise self._db_error(exc) from exc

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, durable: bool = False) -> Store:
        """Open (creating if needed) the database at ``path``, or at :func:`default_db_path`."""
        return cls(path if path is not None else default_db_path(), durable=durable)

    # -- connections -------------------------------------------------------------------------
    def _connect_writer(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=self.timeout_ms / 1000
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout_ms)}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot switch to WAL journal mode (got {mode})")
        conn.execute(f"PRAGMA synchronous = {'FULL' if self.durable else 'NORMAL'}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_size_limit = 67108864")  # keep the WAL under 64 MiB after use
        return conn

    def _connect_reader(self) -> sqlite3.Connection:
        uri = f"file:{quote(str(self.path))}?mode=ro"
        conn = sqlite3.connect(
            uri,
            uri=True,
            isolation_level=None,
            check_same_thread=False,  # only its thread uses it; close() may close it from another
            timeout=self.timeout_ms / 1000,
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout_ms)}")
        return conn

    def _check_usable(self) -> None:
        if self._closed:
            raise RashomonError(Code.DATABASE, "the store is closed", source=str(self.path))
        if os.getpid() != self._pid:
            # SQLite connections must not cross fork(): a child process opens its own Store.
            raise RashomonError(
                Code.DATABASE,
                "the store was opened in another process; open a new Store in this one",
                source=str(self.path),
            )

    def _reader(self) -> sqlite3.Connection:
        self._check_usable()
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect_reader()
            thread = threading.current_thread()
            with self._readers_lock:
                self._sweep_readers()
                self._readers[thread.ident or 0] = (weakref.ref(thread), conn)
            self._local.conn = conn
        return conn

    def _sweep_readers(self) -> None:
        """Close the read connections of threads that have ended (thread-per-request servers)."""
        for tid, (ref, conn) in list(self._readers.items()):
            thread = ref()
            if thread is None or not thread.is_alive():
                conn.close()
                del self._readers[tid]

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: several queries that see one consistent, committed state."""
        conn = self._reader()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """The one write connection, under the lock, in a BEGIN IMMEDIATE transaction."""
        self._check_usable()
        with self._lock:
            conn = self._writer
            assert conn is not None
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # e.g. disk full: leave no half-open transaction behind
                    conn.execute("ROLLBACK")
                raise

    def _db_error(self, exc: sqlite3.Error) -> RashomonError:
        msg = str(exc)
        if "locked" in msg or "busy" in msg:
            msg = f"the database stayed locked by another writer for {self.timeout_ms / 1000:g} s ({msg})"
        elif "not a database" in msg or "malformed" in msg:
            msg = f"the file is not a rashomon database or is damaged ({msg})"
        else:
            msg = f"database error: {msg}"
        return RashomonError(Code.DATABASE, msg, source=str(self.path))

    def _migrate(self, conn: sqlite3.Connection) -> None:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id not in (0, APPLICATION_ID):
            raise RashomonError(
                Code.DATABASE,
                "the file is an SQLite database of another program",
                source=str(self.path),
            )
        if conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS):
            return
        conn.execute("BEGIN IMMEDIATE")  # re-read the version under the write lock: two processes
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise RashomonError(
                    Code.DATABASE,
                    f"the database has schema version {version}, newer than this rashomon "
                    f"({len(MIGRATIONS)}); upgrade rashomon",
                    source=str(self.path),
                )
            if version == 0:
                tables = conn.execute(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                ).fetchone()[0]
                if tables:
                    raise RashomonError(
                        Code.DATABASE,
                        "the file is an SQLite database of another program",
                        source=str(self.path),
                    )
            for n in range(version, len(MIGRATIONS)):
                for statement in _split_statements(MIGRATIONS[n]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {n + 1}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close every connection (the writer's and each thread's reader). Idempotent."""
        if self._closed:
            return
        self._closed = True
        with self._readers_lock:
            for _, conn in self._readers.values():
                conn.close()
            self._readers.clear()
        with self._lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing articles --------------------------------------------------------------------
    def _original_sha(self, original: bytes) -> str:
        # The records of one JSONL file or feed share one (possibly large) original: hash it once.
        last = self._last_original
        if last is not None and last[0] is original:
            return last[1]
        sha = sha256_hex(original)
        self._last_original = (original, sha)
        return sha

    def _prepare(
        self, article: Article, original: bytes | None, media_type: str | None
    ) -> tuple[Article, tuple[Any, ...], bytes | None, str | None, str | None]:
        """Everything that needs no lock: hashing, checks, the JSON document."""
        sha = None
        if original is not None:
            sha = self._original_sha(original)
            if article.original_sha256 is None:
                article.original_sha256 = sha
            elif article.original_sha256 != sha:
                raise RashomonError(
                    Code.USAGE,
                    f"article {article.id}: the original bytes given do not hash to its "
                    f"original_sha256 {article.original_sha256[:16]}...",
                    source=article.source,
                )
        return article, self._row(article), original, sha, media_type

    @staticmethod
    def _row(article: Article) -> tuple[Any, ...]:
        doc = article.to_dict()
        doc.pop("html", None)
        doc.pop("text", None)
        return (
            article.original_sha256,
            article.source,
            article.locator,
            article.kind,
            article.url,
            article.outlet,
            article.title,
            article.byline,
            article.published,
            int(bool(article.published_inferred)),
            article.language,
            article.text,
            len(article.text),
            json.dumps(doc, ensure_ascii=False, separators=(",", ":")),
        )

    def _insert(
        self,
        conn: sqlite3.Connection,
        prepared: tuple[Article, tuple[Any, ...], bytes | None, str | None, str | None],
        now: str,
    ) -> bool:
        article, row, original, sha, media_type = prepared
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
            return False
        if original is not None and sha is not None:
            if not conn.execute("SELECT 1 FROM originals WHERE sha256 = ?", (sha,)).fetchone():
                packed = zlib.compress(original, 6)
                compressed = len(packed) < len(original) * 0.9
                conn.execute(
                    "INSERT INTO originals(sha256, bytes, compressed, size, media_type, "
                    "first_source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        sha,
                        packed if compressed else original,
                        int(compressed),
                        len(original),
                        media_type,
                        article.source,
                        now,
                    ),
                )
        elif (
            article.original_sha256 is not None
            and not conn.execute(
                "SELECT 1 FROM originals WHERE sha256 = ?", (article.original_sha256,)
            ).fetchone()
        ):
            raise RashomonError(
                Code.NOT_FOUND,
                f"article {article.id} names original {article.original_sha256[:16]}..., "
                "which is not stored; pass the original bytes",
                source=article.source,
            )
        conn.execute(
            "INSERT INTO articles(id, original_sha256, source, locator, kind, url, outlet, title, "
            "byline, published, published_inferred, language, text, n_chars, doc, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, *row, now, now),
        )
        self._write_analysis_rows(conn, article)
        self._apply_outlet_overrides(conn, [article.id])
        self._overridden(conn, article)
        return True

    @staticmethod
    def _write_analysis_rows(conn: sqlite3.Connection, article: Article) -> None:
        aid = article.id
        if article.entities:
            conn.executemany(
                'INSERT INTO entities(article_id, canonical, entity_id, label, text, "start", "end") '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (aid, e.canonical, e.entity_id, e.label, e.text, e.start, e.end)
                    for e in article.entities
                ],
            )
        if article.quotes:
            conn.executemany(
                "INSERT INTO quotes(article_id, speaker, speaker_id, kind, cue, text, "
                '"start", "end", mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                [
                    (aid, q.speaker, q.speaker_id, q.kind, q.cue, q.text, q.start, q.end, q.mode)
                    for q in article.quotes
                ],
            )
        if article.claims:
            conn.executemany(
                'INSERT INTO claims(article_id, claim_id, actor, source, date, text, "start", "end") '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (aid, c.id, c.actor, c.source, c.date, c.text, c.start, c.end)
                    for c in article.claims
                ],
            )

    @_guard
    def add(self, article: Article, original: bytes | None, media_type: str | None = None) -> bool:
        """Store the article and its original in one transaction.

        Returns False, changing nothing, when an article with this id is already stored (the
        caller reports the duplicate). Sets ``article.original_sha256`` when it was unset.
        """
        prepared = self._prepare(article, original, media_type)
        with self._write() as conn:
            return self._insert(conn, prepared, _now())

    @_guard
    def add_many(
        self,
        items: Iterable[tuple[Article, bytes | None, str | None]],
        batch_size: int = BATCH_SIZE,
    ) -> list[bool]:
        """:meth:`add` for many articles, ``batch_size`` per transaction (one fsync per batch).

        Each article is atomic (a savepoint): if one fails, those before it in the batch are
        committed and the error is raised.
        """
        results: list[bool] = []
        batch: list[tuple[Article, bytes | None, str | None]] = []

        def flush() -> None:
            error: BaseException | None = None
            # Articles already stored (seen by a reader) skip the JSON work; the check inside the
            # write transaction below stays the one that decides.
            ids = [a.id for a, _, _ in batch]
            stored = self._stored_ids(ids)
            prepared: list[Any] = []
            for it in batch:  # hashing and JSON outside the lock
                if it[0].id in stored:
                    prepared.append(None)
                    continue
                try:
                    prepared.append(self._prepare(*it))
                except RashomonError as exc:
                    error = exc
                    break
            batch.clear()
            now = _now()
            with self._write() as conn:
                for p in prepared:
                    if p is None:
                        results.append(False)
                        continue
                    conn.execute("SAVEPOINT one")
                    try:
                        results.append(self._insert(conn, p, now))
                    except BaseException as exc:
                        conn.execute("ROLLBACK TO one")
                        conn.execute("RELEASE one")
                        error = exc
                        break
                    conn.execute("RELEASE one")
            if error is not None:
                raise error

        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        return results

    def _stored_ids(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        conn = self._reader()
        for k in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[k : k + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
            )
        return found

    @_guard
    def save_analysis(self, article: Article) -> None:
        """Save an already stored article's new annotations: its document and its entity, quote
        and claim rows (rewritten), and the metadata columns the reading stages may have filled."""
        self.save_analyses([article])

    @_guard
    def save_analyses(self, articles: Iterable[Article]) -> None:
        """:meth:`save_analysis` for several articles in one transaction (a chunk of a read run)."""
        rows = [(a, self._row(a)) for a in articles]
        now = _now()
        with self._write() as conn:
            for article, row in rows:
                cur = conn.execute(
                    "UPDATE articles SET original_sha256 = ?, source = ?, locator = ?, kind = ?, "
                    "url = ?, outlet = ?, title = ?, byline = ?, published = ?, "
                    "published_inferred = ?, language = ?, text = ?, n_chars = ?, doc = ?, "
                    "updated_at = ? WHERE id = ?",
                    (*row, now, article.id),
                )
                if cur.rowcount == 0:
                    raise RashomonError(
                        Code.NOT_FOUND,
                        f"article {article.id} is not stored; add it before saving its analysis",
                        source=article.source,
                    )
                for table in ("entities", "quotes", "claims"):
                    conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article.id,))
                self._write_analysis_rows(conn, article)
            self._apply_outlet_overrides(conn, [a.id for a, _ in rows])
            for article, _ in rows:  # the caller's object says what is stored
                self._overridden(conn, article)

    # -- outlets -----------------------------------------------------------------------------
    @staticmethod
    def _apply_outlet_overrides(conn: sqlite3.Connection, ids: Sequence[str]) -> None:
        """Put the user's outlet corrections back onto rows just written: a re-read (or a
        re-ingest after a delete) never undoes ``rashomon outlet set``."""
        for k in range(0, len(ids), 500):
            chunk = list(ids[k : k + 500])
            marks = ",".join("?" * len(chunk))
            conn.execute(
                "UPDATE articles SET outlet = o.outlet, doc = json_set(doc, '$.outlet', o.outlet, "
                "'$.outlet_source', 'user') FROM outlet_overrides o "
                f"WHERE o.article_id = articles.id AND articles.id IN ({marks})",
                chunk,
            )

    @staticmethod
    def _overridden(conn: sqlite3.Connection, article: Article) -> None:
        row = conn.execute(
            "SELECT outlet FROM outlet_overrides WHERE article_id = ?", (article.id,)
        ).fetchone()
        if row is not None:
            article.outlet, article.outlet_source = row[0], "user"

    @_guard
    def set_outlet(self, article_id: str, outlet: str) -> Article:
        """Correct one article's outlet, for good: the correction is kept in its own table and
        re-applied whenever the article is saved again. Returns the article as now stored."""
        outlet = " ".join(outlet.split())
        if not outlet:
            raise RashomonError(Code.USAGE, "the outlet name is empty")
        full = self._resolve(self._reader(), "articles", article_id, "article")
        if full is None:
            raise self._not_found("article", article_id)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO outlet_overrides(article_id, outlet, at) VALUES (?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET outlet = excluded.outlet, at = excluded.at",
                (full, outlet, _now()),
            )
            self._apply_outlet_overrides(conn, [full])
        return self.get(full)

    @_guard
    def user_outlets(self) -> list[dict[str, Any]]:
        """The outlet rows a user added (``rashomon outlet add``), by name."""
        rows = self._dicts(
            self._reader(),
            "SELECT name, domains, aliases, country, language, ownership FROM outlets "
            "ORDER BY name COLLATE NOCASE",
            (),
        )
        for r in rows:
            r["domains"] = json.loads(r["domains"])
            r["aliases"] = json.loads(r["aliases"])
        return rows

    @_guard
    def put_outlets(self, rows: Iterable[dict[str, Any]]) -> int:
        """Add or replace user outlet rows (by name, any case) in one transaction."""
        now = _now()
        data = [
            (
                r["name"],
                json.dumps(list(r.get("domains") or ()), ensure_ascii=False),
                json.dumps(list(r.get("aliases") or ()), ensure_ascii=False),
                r.get("country"),
                r.get("language"),
                r.get("ownership"),
                now,
            )
            for r in rows
        ]
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO outlets(name, domains, aliases, country, language, ownership, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                "name = excluded.name, domains = excluded.domains, aliases = excluded.aliases, "
                "country = excluded.country, language = excluded.language, "
                "ownership = excluded.ownership, added_at = excluded.added_at",
                data,
            )
        return len(data)

    @_guard
    def outlet_counts(self) -> dict[str, int]:
        """Stored articles per outlet name (None: no outlet)."""
        return {
            r[0]: int(r[1])
            for r in self._reader().execute(
                "SELECT outlet, count(*) FROM articles GROUP BY outlet COLLATE NOCASE"
            )
        }

    @_guard
    def relabel_outlets(self, names: dict[str, str | None]) -> int:
        """Rename outlets on the stored articles (old name -> new name), leaving articles a user
        corrected alone; used when the outlet table learns a name. Returns the rows changed."""
        changed = 0
        with self._write() as conn:
            for old, new in names.items():
                cur = conn.execute(
                    "UPDATE articles SET outlet = ?, doc = json_set(doc, '$.outlet', ?) "
                    "WHERE outlet = ? AND id NOT IN (SELECT article_id FROM outlet_overrides)",
                    (new, new, old),
                )
                changed += cur.rowcount
        return changed

    # -- reading articles --------------------------------------------------------------------
    def _resolve(self, conn: sqlite3.Connection, table: str, ident: str, what: str) -> str | None:
        """The full id for ``ident`` (an id or a unique prefix of >= 4 characters), or None."""
        if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ident,)).fetchone():
            return ident
        if len(ident) < MIN_PREFIX:
            return None
        for prefix in dict.fromkeys((ident, ident.lower())):
            rows = conn.execute(
                f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 3",
                (prefix, prefix + "\U0010ffff"),
            ).fetchall()
            if len(rows) > 1:
                shown = ", ".join(r[0] for r in rows[:2])
                raise RashomonError(
                    Code.USAGE,
                    f"the {what} id prefix {ident!r} is ambiguous ({shown}, ...); give more characters",
                )
            if rows:
                return str(rows[0][0])
        return None

    def _not_found(self, what: str, ident: str) -> RashomonError:
        hint = (
            f" (a prefix needs at least {MIN_PREFIX} characters)" if len(ident) < MIN_PREFIX else ""
        )
        return RashomonError(
            Code.NOT_FOUND,
            f"no {what} with id {ident!r} in the database{hint}",
        )

    @_guard
    def get(self, article_id: str) -> Article:
        """The stored article for an id or a unique id prefix (>= 4 characters), like git."""
        conn = self._reader()
        full = self._resolve(conn, "articles", article_id, "article")
        row = None
        if full is not None:
            row = conn.execute("SELECT text, doc FROM articles WHERE id = ?", (full,)).fetchone()
        if row is None:
            raise self._not_found("article", article_id)
        doc = json.loads(row[1])
        doc["text"] = row[0]
        return Article.from_dict(doc)

    @_guard
    def has(self, article_id: str) -> bool:
        """True when ``article_id`` (or a unique prefix of it) names a stored article."""
        try:
            return self._resolve(self._reader(), "articles", article_id, "article") is not None
        except RashomonError as exc:
            if exc.code is Code.USAGE:  # ambiguous: several articles, so not one
                return False
            raise

    @_guard
    def original(self, sha256: str) -> bytes:
        """The original input bytes, exactly as received."""
        row = (
            self._reader()
            .execute("SELECT bytes, compressed FROM originals WHERE sha256 = ?", (sha256,))
            .fetchone()
        )
        if row is None:
            raise RashomonError(
                Code.NOT_FOUND,
                f"no original with SHA-256 {sha256!r} in the database",
            )
        data = bytes(row[0])
        return zlib.decompress(data) if row[1] else data

    @staticmethod
    def _outlet_filter(outlet: str | Sequence[str] | None) -> tuple[str, list[Any]]:
        if outlet is None:
            return "", []
        names = [outlet] if isinstance(outlet, str) else list(outlet)
        return f" WHERE outlet COLLATE NOCASE IN ({','.join('?' * len(names)) or 'NULL'})", names

    @_guard
    def count(self, outlet: str | Sequence[str] | None = None) -> int:
        """How many articles are stored (of ``outlet`` when given, as :meth:`list` filters)."""
        where, params = self._outlet_filter(outlet)
        return int(
            self._reader().execute(f"SELECT count(*) FROM articles{where}", params).fetchone()[0]
        )

    @_guard
    def search(
        self, query: str, limit: int = 20, marks: tuple[str, str] = ("«", "»")
    ) -> list[dict[str, Any]]:
        """Full-text search in the query language of :mod:`rashomon.search`, best first, with
        the corpus's own name forms (Kiev finds Kyiv) but no outlet table (the library API's
        ``Rashomon.search`` adds it). A query with nothing to search finds nothing."""
        from .search import compile_query

        try:
            compiled = compile_query(query, name_forms=self.name_forms)
        except RashomonError as exc:
            if exc.code is Code.USAGE:
                return []
            raise
        return self.find(compiled, limit=limit, marks=marks)[0]

    @_guard
    def find(
        self,
        compiled: Any,
        *,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        marks: tuple[str, str] = ("«", "»"),
    ) -> tuple[list[dict[str, Any]], int]:
        """The articles a compiled query (:class:`rashomon.search.Compiled`) finds, and how many
        there are. ``sort``: "relevance" (BM25, a title hit counting four times a body hit; by
        date when the query has no required words) or "date" (newest publication first).
        ``snippet`` is a short extract with each match between ``marks``."""
        if sort not in ("relevance", "date"):
            raise RashomonError(Code.USAGE, f"cannot sort by {sort!r}", fix="sort by relevance or date")
        limit, offset = _row_count(limit), _row_count(offset)
        by_date = "coalesce(a.published, '') DESC, a.pk DESC"
        if compiled.match is not None:
            base = (
                "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
                f"WHERE articles_fts MATCH ? AND ({compiled.where})"
            )
            params = [compiled.match, *compiled.params]
            order = "rank" if sort == "relevance" else by_date
            rank_sql = f"SELECT a.pk, bm25(articles_fts, 4.0, 1.0) AS rank {base} ORDER BY {order}"
        else:
            base = f"FROM articles a WHERE {compiled.where}"
            params = list(compiled.params)
            rank_sql = f"SELECT a.pk, NULL AS rank {base} ORDER BY {by_date}"
        # Rank first, then build snippets for the hits kept only: computing snippet() inside the
        # ranked query makes SQLite compute it for every match before the LIMIT (3x slower on
        # common words, measured in benchmarks/store_bench.py).
        snippet_sql = (
            "SELECT a.id, a.title, a.outlet, a.published, "
            "snippet(articles_fts, -1, ?, ?, '…', 16) FROM articles_fts "
            "JOIN articles a ON a.pk = articles_fts.rowid "
            "WHERE articles_fts MATCH ? AND articles_fts.rowid = ?"
        )
        plain_sql = "SELECT id, title, outlet, published, substr(text, 1, 160) FROM articles WHERE pk = ?"
        hits: list[dict[str, Any]] = []
        with self._snapshot() as conn:
            try:
                total = int(conn.execute(f"SELECT count(*) {base}", params).fetchone()[0])
                ranked = conn.execute(
                    f"{rank_sql} LIMIT ? OFFSET ?", (*params, limit, offset)
                ).fetchall()
            except sqlite3.OperationalError as exc:
                if "fts5" in str(exc) or "syntax" in str(exc):  # a query we compiled badly
                    raise RashomonError(Code.USAGE, f"cannot run this query ({exc})") from exc
                raise
            for pk, rank in ranked:
                if compiled.match is not None:
                    row = conn.execute(
                        snippet_sql, (marks[0], marks[1], compiled.match, pk)
                    ).fetchone()
                else:
                    row = conn.execute(plain_sql, (pk,)).fetchone()
                    if row is not None:
                        text = " ".join(row[4].split())
                        row = (*row[:4], text + ("…" if len(text) >= 150 else ""))
                if row is not None:
                    aid, title, outlet, published, snippet = row
                    hits.append(
                        {
                            "id": aid,
                            "title": title,
                            "outlet": outlet,
                            "published": published,
                            "snippet": snippet,
                            "rank": rank,
                        }
                    )
        return hits, total

    @_guard
    def find_ids(self, compiled: Any, limit: int = 1_000_000) -> list[str]:
        """The ids of every article a compiled query finds (no ranking, no snippets), in the
        order they were stored: what an export of a search covers."""
        if compiled.match is not None:
            sql = (
                "SELECT a.id FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
                f"WHERE articles_fts MATCH ? AND ({compiled.where}) ORDER BY a.pk LIMIT ?"
            )
            params = [compiled.match, *compiled.params, limit]
        else:
            sql = f"SELECT a.id FROM articles a WHERE {compiled.where} ORDER BY a.pk LIMIT ?"
            params = [*compiled.params, limit]
        return [r[0] for r in self._reader().execute(sql, params)]

    @_guard
    def name_forms(self, text: str, limit: int = 12) -> list[str]:
        """The other forms the corpus writes a name in: the forms of the canonical entity most
        of the mentions written ``text`` were resolved to ("Kiev" -> "Kyiv", ...), most used
        first. Nothing when ``text`` is not a mention, or is one of several entities."""
        conn = self._reader()
        rows = conn.execute(
            "SELECT canonical, count(*) FROM entities WHERE text = ? COLLATE NOCASE "
            "GROUP BY canonical ORDER BY count(*) DESC LIMIT 3",
            (text,),
        ).fetchall()
        canonical = None
        if rows and rows[0][1] * 2 > sum(n for _, n in rows):
            canonical = rows[0][0]
        elif not rows and conn.execute(
            "SELECT 1 FROM entities WHERE canonical = ? COLLATE NOCASE LIMIT 1", (text,)
        ).fetchone():
            canonical = text
        if canonical is None:
            return []
        forms = [canonical] + [
            r[0]
            for r in conn.execute(
                "SELECT text FROM entities WHERE canonical = ? COLLATE NOCASE "
                "GROUP BY text ORDER BY count(*) DESC LIMIT ?",
                (canonical, limit),
            )
        ]
        return list(dict.fromkeys(forms))

    @_guard
    def entity(self, name: str, limit: int = 500) -> dict[str, Any]:
        """What the store knows about one actor, across outlets: the forms used for it, the
        articles mentioning it, its quotes and the claims it is the actor of (for the web's
        people pages). ``name`` is a canonical name (any case) or an entity id."""
        with self._snapshot() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT entity_id FROM entities WHERE entity_id IS NOT NULL AND "
                    "(canonical = ? COLLATE NOCASE OR entity_id = ?)",
                    (name, name),
                )
            ]
            canon_row = conn.execute(
                "SELECT canonical FROM entities WHERE canonical = ? COLLATE NOCASE OR entity_id = ? "
                "GROUP BY canonical ORDER BY count(*) DESC LIMIT 1",
                (name, name),
            ).fetchone()
            if canon_row is None:  # not an entity (yet): maybe only a resolved speaker or actor
                canon_row = conn.execute(
                    "SELECT speaker FROM quotes WHERE speaker = ? COLLATE NOCASE "
                    "UNION ALL SELECT actor FROM claims WHERE actor = ? COLLATE NOCASE LIMIT 1",
                    (name, name),
                ).fetchone()
            canonical = canon_row[0] if canon_row else name
            match = "(e.canonical = ? COLLATE NOCASE OR e.entity_id = ?)"
            by_form: dict[str, set[str]] = {}
            for text, outlet in conn.execute(
                "SELECT e.text, a.outlet FROM entities e JOIN articles a ON a.id = e.article_id "
                f"WHERE {match} GROUP BY e.text, a.outlet ORDER BY count(*) DESC",
                (canonical, name),
            ):
                by_form.setdefault(text, set()).update([outlet] if outlet else [])
            forms = [{"form": f, "outlets": sorted(o)} for f, o in by_form.items()]
            mentions = self._dicts(
                conn,
                "SELECT e.article_id, a.title, a.outlet, a.published, count(*) AS count "
                f"FROM entities e JOIN articles a ON a.id = e.article_id WHERE {match} "
                "GROUP BY e.article_id ORDER BY a.published, a.pk LIMIT ?",
                (canonical, name, limit),
            )
            id_clause = f" OR q.speaker_id IN ({','.join('?' * len(ids))})" if ids else ""
            quotes = self._dicts(
                conn,
                "SELECT q.article_id, a.title, a.outlet, a.published, q.kind, q.mode, q.cue, "
                'q.text, q."start", q."end" FROM quotes q JOIN articles a ON a.id = q.article_id '
                f"WHERE q.speaker = ? COLLATE NOCASE{id_clause} "
                'ORDER BY a.published, a.pk, q."start" LIMIT ?',
                (canonical, *ids, limit),
            )
            claims = self._dicts(
                conn,
                "SELECT c.article_id, c.claim_id, a.title, a.outlet, a.published, c.source, "
                "c.date, c.text FROM claims c JOIN articles a ON a.id = c.article_id "
                "WHERE c.actor = ? COLLATE NOCASE ORDER BY coalesce(c.date, a.published), a.pk, "
                'c."start" LIMIT ?',
                (canonical, limit),
            )
        return {
            "name": canonical,
            "entity_ids": ids,
            "forms": forms,
            "mentions": mentions,
            "quotes": quotes,
            "claims": claims,
        }

    @staticmethod
    def _dicts(conn: sqlite3.Connection, sql: str, params: Iterable[Any]) -> list[dict[str, Any]]:
        cur = conn.execute(sql, tuple(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    # -- watched feeds and alerts ------------------------------------------------------------
    @_guard
    def watch_feeds(self, feeds: Iterable[tuple[str, str | None]]) -> None:
        """Make sure each (url, name) is a watched feed; the state of known ones is kept."""
        now = _now()
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO feeds(url, name, added_at) VALUES (?, ?, ?) ON CONFLICT(url) DO "
                "UPDATE SET name = coalesce(excluded.name, feeds.name)",
                [(u, n, now) for u, n in feeds],
            )

    @_guard
    def feed_states(self, urls: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """The watch state of the feeds (of ``urls``), oldest first."""
        rows = self._dicts(self._reader(), "SELECT * FROM feeds ORDER BY added_at, url", ())
        if urls is None:
            return rows
        wanted = set(urls)
        return [r for r in rows if r["url"] in wanted]

    @_guard
    def update_feed(self, url: str, **fields: Any) -> None:
        """Set a feed's state columns (etag, last_modified, next_poll, failures, ...)."""
        allowed = {"etag", "last_modified", "next_poll", "failures", "last_status", "last_error",
                   "last_polled", "last_changed", "articles", "name"}  # fmt: skip
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"not feed columns: {sorted(bad)}")
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self._write() as conn:
            conn.execute(f"UPDATE feeds SET {sets} WHERE url = ?", (*fields.values(), url))

    @_guard
    def seen_entries(self, feed: str) -> frozenset[str]:
        """The keys of the entries of ``feed`` a watch has already taken in."""
        return frozenset(
            r[0] for r in self._reader().execute("SELECT entry FROM feed_entries WHERE feed = ?", (feed,))
        )

    @_guard
    def add_entries(self, feed: str, rows: Iterable[tuple[str, str | None, int]], at: float) -> None:
        """Record entries of a feed: (key, article id or None, pending 0/1/2)."""
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO feed_entries(feed, entry, article_id, pending, seen_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(feed, entry) DO NOTHING",
                [(feed, k, a, p, at) for k, a, p in rows],
            )

    @_guard
    def pending_entries(self) -> dict[str, int]:
        """Article id -> 1 (alert on it) or 2 (read it silently): what a watch has taken in and
        not yet read, grouped and alerted on (an interrupted watch resumes from these)."""
        out: dict[str, int] = {}
        for aid, p in self._reader().execute(
            "SELECT article_id, min(pending) FROM feed_entries WHERE pending > 0 AND "
            "article_id IS NOT NULL GROUP BY article_id ORDER BY min(seen_at)"
        ):
            out[aid] = int(p)
        return out

    @_guard
    def raise_alerts(self, alerts: Iterable[dict[str, Any]], done: Sequence[str]) -> list[int]:
        """Store new alerts (one whose ``key`` is stored already is left out) and mark the
        entries of the articles ``done`` as handled, in one transaction: a watch killed at any
        point raises each alert once. Returns the seq numbers of the alerts stored now."""
        now = _now()
        seqs: list[int] = []
        with self._write() as conn:
            for a in alerts:
                cur = conn.execute(
                    "INSERT INTO alerts(key, at, kind, story_id, article_id, summary, detail) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING",
                    (a["key"], now, a["kind"], a.get("story_id"), a.get("article_id"),
                     a["summary"], json.dumps(a.get("detail") or {}, ensure_ascii=False)),
                )  # fmt: skip
                if cur.rowcount:
                    seqs.append(int(cur.lastrowid or 0))
            for k in range(0, len(done), 500):
                chunk = list(done[k : k + 500])
                marks = ",".join("?" * len(chunk))
                conn.execute(
                    f"UPDATE feed_entries SET pending = 0 WHERE article_id IN ({marks})", chunk
                )
        return seqs

    @_guard
    def alerts(
        self,
        limit: int = 50,
        offset: int = 0,
        story: str | None = None,
        kind: str | None = None,
        undelivered: str | None = None,
    ) -> list[dict[str, Any]]:
        """Alerts, newest first (of one story, of one kind); ``undelivered``: "logged" or
        "hooked", those not yet delivered there, oldest first."""
        where, params = self._alert_filter(story, kind)
        order = "seq DESC"
        if undelivered in ("logged", "hooked"):
            where.append(f"{undelivered} = 0")
            order = "seq"
        sql = "SELECT * FROM alerts" + (" WHERE " + " AND ".join(where) if where else "")
        rows = self._dicts(
            self._reader(), f"{sql} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, _row_count(limit), _row_count(offset)),
        )  # fmt: skip
        for r in rows:
            r["detail"] = json.loads(r["detail"])
        return rows

    @staticmethod
    def _alert_filter(story: str | None, kind: str | None) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for col, value in (("story_id", story), ("kind", kind)):
            if value:
                where.append(f"{col} = ?")
                params.append(value)
        return where, params

    @_guard
    def count_alerts(self, story: str | None = None, kind: str | None = None) -> int:
        where, params = self._alert_filter(story, kind)
        sql = "SELECT count(*) FROM alerts" + (" WHERE " + " AND ".join(where) if where else "")
        return int(self._reader().execute(sql, params).fetchone()[0])

    @_guard
    def mark_alerts(self, seqs: Sequence[int], column: str, tried: bool = False) -> None:
        """Mark alerts delivered ("logged" or "hooked"); ``tried``: count a failed webhook try."""
        if column not in ("logged", "hooked") or not seqs:
            return
        marks = ",".join("?" * len(seqs))
        with self._write() as conn:
            if tried:
                conn.execute(
                    f"UPDATE alerts SET hook_tries = hook_tries + 1 WHERE seq IN ({marks})", seqs
                )
            else:
                conn.execute(f"UPDATE alerts SET {column} = 1 WHERE seq IN ({marks})", seqs)

    # -- exports -----------------------------------------------------------------------------
    def _rows_of(
        self, sql: str, ids: Sequence[str] | None, key: str, order: str
    ) -> Iterator[dict[str, Any]]:
        """Stream ``sql`` (a SELECT with no WHERE) as dicts: over every row, or over the rows
        whose ``key`` is in ``ids``, 500 ids per query, in ``ids``' order."""
        conn = self._reader()
        if ids is None:
            cur = conn.execute(f"{sql} ORDER BY {order}")
            cols = [d[0] for d in cur.description]
            for r in cur:
                yield dict(zip(cols, r, strict=True))
            return
        ids = list(ids)
        for k in range(0, len(ids), 500):
            chunk = ids[k : k + 500]
            marks = ",".join("?" * len(chunk))
            cur = conn.execute(f"{sql} WHERE {key} IN ({marks}) ORDER BY {order}", chunk)
            cols = [d[0] for d in cur.description]
            got = [dict(zip(cols, r, strict=True)) for r in cur]
            pos = {aid: i for i, aid in enumerate(chunk)}
            got.sort(key=lambda row: pos.get(row["_key"], 0))
            yield from got

    @_guard
    def article_rows(self, ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """What an export lists of each article (all, or those of ``ids`` in that order)."""
        for row in self._rows_of(
            "SELECT a.id AS _key, a.id, a.outlet, a.title, a.byline, a.published, "
            "a.published_inferred, a.language, a.url, a.source, a.n_chars, "
            "(SELECT group_concat(story_id, '|') FROM story_articles s WHERE s.article_id = a.id) "
            "AS stories FROM articles a",
            ids, "a.id", "a.pk",
        ):  # fmt: skip
            row.pop("_key")
            row["stories"] = row["stories"].split("|") if row["stories"] else []
            yield row

    @_guard
    def quote_rows(self, ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """Every quote (of the articles ``ids``), with its article's outlet and date."""
        for row in self._rows_of(
            "SELECT q.article_id AS _key, q.article_id, a.outlet, a.published, q.speaker, "
            'q.speaker_id, q.kind, q.mode, q.cue, q.text, q."start", q."end" '
            "FROM quotes q JOIN articles a ON a.id = q.article_id",
            ids, "q.article_id", 'a.pk, q."start"',
        ):  # fmt: skip
            row.pop("_key")
            yield row

    @_guard
    def claim_rows(self, ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """Every claim (of the articles ``ids``), with its article's outlet."""
        for row in self._rows_of(
            "SELECT c.article_id AS _key, c.article_id, a.outlet, c.claim_id, c.actor, c.source, "
            'c.date, c.text, c."start", c."end" FROM claims c JOIN articles a ON a.id = c.article_id',
            ids, "c.article_id", 'a.pk, c."start"',
        ):  # fmt: skip
            row.pop("_key")
            yield row

    @_guard
    def outlets_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        """Article id -> its outlet, for the stored ones of ``ids``."""
        return {r["id"]: r["outlet"] for r in self.article_rows(ids)}

    @_guard
    def story_ids(self, article_ids: Sequence[str] | None = None) -> list[str]:
        """The stored stories (that hold any of ``article_ids``), oldest first."""
        if article_ids is None:
            return [r[0] for r in self._reader().execute("SELECT id FROM stories ORDER BY rowid")]
        found: set[str] = set()
        ids = list(article_ids)
        for k in range(0, len(ids), 500):
            chunk = ids[k : k + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self._reader().execute(
                    "SELECT DISTINCT sa.story_id FROM story_articles sa JOIN stories s "
                    f"ON s.id = sa.story_id WHERE sa.article_id IN ({marks})",
                    chunk,
                )
            )
        return sorted(found)

    # -- stories -----------------------------------------------------------------------------
    @_guard
    def put_story(self, story: Story, members: Sequence[str] | None = None) -> None:
        """Insert or replace a story and the list of its articles.

        ``members`` is the whole story when its comparison read only part of it (the index's
        story of 100 articles compared on its 40 most recent): membership is never cut to what
        was compared, so every list, count and look-up of the story sees all of it."""
        with self._write() as conn:
            self._put_story(conn, story, members)

    @staticmethod
    def _put_story(conn: sqlite3.Connection, story: Story, members: Sequence[str] | None) -> None:
        doc = json.dumps(story.to_dict(), ensure_ascii=False, separators=(",", ":"))
        now = _now()
        conn.execute(
            "INSERT INTO stories(id, title, doc, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET title = excluded.title, doc = excluded.doc, "
            "updated_at = excluded.updated_at",
            (story.id, story.title, doc, now, now),
        )
        conn.execute("DELETE FROM story_articles WHERE story_id = ?", (story.id,))
        conn.executemany(
            "INSERT OR IGNORE INTO story_articles(story_id, article_id) VALUES (?, ?)",
            [(story.id, a) for a in dict.fromkeys([*story.articles, *(members or ())])],
        )

    @_guard
    def get_story(self, story_id: str) -> Story:
        """The stored story for an id or a unique id prefix (>= 4 characters)."""
        conn = self._reader()
        full = self._resolve(conn, "stories", story_id, "story")
        row = None
        if full is not None:
            row = conn.execute("SELECT doc FROM stories WHERE id = ?", (full,)).fetchone()
        if row is None:
            raise self._not_found("story", story_id)
        story = Story.from_dict(json.loads(row[0]))
        # All its members: the compared ones in the comparison's order, then the rest in the
        # order they joined (the index's rows), so a story larger than its comparison lists all.
        compared = set(story.articles)
        story.articles += [m for m in self._members(conn, story.id) if m not in compared]
        return story

    def _members(self, conn: sqlite3.Connection, story_id: str) -> list[str]:
        return [
            r[0]
            for r in conn.execute(
                "SELECT sa.article_id FROM story_articles sa LEFT JOIN article_story x "
                "ON x.article_id = sa.article_id WHERE sa.story_id = ? "
                "ORDER BY x.at, sa.article_id",
                (story_id,),
            )
        ]

    @_guard
    def list_stories(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stories, most recently updated first: id, title, articles (ids), created_at, updated_at."""
        rows = self._dicts(
            self._reader(),
            "SELECT s.id, s.title, (SELECT json_group_array(sa.article_id) FROM story_articles sa "
            "WHERE sa.story_id = s.id) AS articles, s.created_at, s.updated_at FROM stories s "
            "ORDER BY s.updated_at DESC, s.rowid DESC LIMIT ? OFFSET ?",
            (_row_count(limit), _row_count(offset)),
        )
        for r in rows:
            r["articles"] = json.loads(r["articles"] or "[]")
        return rows

    @_guard
    def stories_by_activity(
        self,
        limit: int = 50,
        offset: int = 0,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """Stories by latest activity (their newest publication date; when none of their
        articles is dated, when the newest was stored), newest first, and how many match. ``outlet``: only stories one of whose
        articles that outlet published (case-blind); ``since`` / ``until`` (``YYYY-MM-DD``,
        inclusive): only stories with an article active on those days. Rows: id, title,
        articles (ids), activity (ISO), created_at, updated_at."""
        act = "coalesce(nullif(a.published, ''), a.created_at)"
        where, params = [], []
        if outlet:
            where.append("EXISTS (SELECT 1 FROM story_articles x JOIN articles a ON a.id = "
                         "x.article_id WHERE x.story_id = s.id AND a.outlet = ? COLLATE NOCASE)")  # fmt: skip
            params.append(outlet)
        if since or until:
            days = []
            if since:
                days.append(f"substr({act}, 1, 10) >= ?")
                params.append(since)
            if until:
                days.append(f"substr({act}, 1, 10) <= ?")
                params.append(until)
            where.append("EXISTS (SELECT 1 FROM story_articles x JOIN articles a ON a.id = "
                         f"x.article_id WHERE x.story_id = s.id AND {' AND '.join(days)})")  # fmt: skip
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        # A story's activity is its newest publication date; only a story none of whose
        # articles is dated falls back to when they were stored (an undated article must not
        # lift a dated story above the rest).
        newest = "coalesce(max(nullif(a.published, '')), max(a.created_at))"
        base = (
            f"FROM stories s LEFT JOIN (SELECT sa.story_id, {newest} AS activity FROM "
            "story_articles sa JOIN articles a ON a.id = sa.article_id GROUP BY sa.story_id) m "
            "ON m.story_id = s.id" + cond
        )
        conn = self._reader()
        total = int(conn.execute(f"SELECT count(*) {base}", params).fetchone()[0])
        rows = self._dicts(
            conn,
            "SELECT s.id, s.title, json_extract(s.doc, '$.articles') AS articles, m.activity, "
            f"s.created_at, s.updated_at {base} ORDER BY coalesce(m.activity, s.updated_at) DESC, "
            "s.rowid DESC LIMIT ? OFFSET ?",
            (*params, _row_count(limit), _row_count(offset)),
        )
        for r in rows:
            r["articles"] = json.loads(r["articles"] or "[]")
        return rows, total

    @_guard
    def story_summaries(self, story_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """What a story list shows of each story, without loading its articles or its document.

        For each stored id in ``story_ids``: ``articles`` (how many it holds), ``outlets`` (the
        distinct outlets of its stored articles, sorted; None for an article with no outlet or
        one the story names but the store does not hold), ``latest`` (the latest publication
        date, ``YYYY-MM-DD``, or None), ``alignments`` (how many), ``differences`` (how many
        "contradicts" or "differs") and ``strongest`` (the strongest difference: a contradiction
        before a difference, then the higher score, then the earlier one; ``{"relation",
        "detail"}`` or None). One query per 500 ids; an id not stored is left out.
        """
        ids = list(dict.fromkeys(story_ids))
        out: dict[str, dict[str, Any]] = {}
        diff = "json_extract(j.value, '$.relation') IN ('contradicts', 'differs')"
        for k in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[k : k + 500]
            marks = ",".join("?" * len(chunk))
            sql = (
                "WITH m AS (SELECT sa.story_id, count(*) AS n, "
                "json_group_array(DISTINCT nullif(a.outlet, '')) AS outlets, "
                "max(substr(nullif(a.published, ''), 1, 10)) AS latest "
                "FROM story_articles sa LEFT JOIN articles a ON a.id = sa.article_id "
                f"WHERE sa.story_id IN ({marks}) GROUP BY sa.story_id) "
                "SELECT s.id, coalesce(m.n, 0), coalesce(m.outlets, '[]'), m.latest, "
                "coalesce(json_array_length(s.doc, '$.alignments'), 0), "
                f"(SELECT count(*) FROM json_each(s.doc, '$.alignments') j WHERE {diff}), "
                "(SELECT json_array(json_extract(j.value, '$.relation'), "
                "json_extract(j.value, '$.detail')) "
                f"FROM json_each(s.doc, '$.alignments') j WHERE {diff} "
                "ORDER BY json_extract(j.value, '$.relation') <> 'contradicts', "
                "json_extract(j.value, '$.score') DESC, j.key LIMIT 1) "
                f"FROM stories s LEFT JOIN m ON m.story_id = s.id WHERE s.id IN ({marks})"
            )
            for sid, n, outlets, latest, n_align, n_diff, strongest in self._reader().execute(
                sql, (*chunk, *chunk)
            ):
                named = json.loads(outlets)
                top = json.loads(strongest) if strongest else None
                out[sid] = {
                    "articles": int(n),
                    "outlets": sorted({o for o in named if o is not None})
                    + ([None] if None in named else []),
                    "latest": latest,
                    "alignments": int(n_align),
                    "differences": int(n_diff),
                    "strongest": {"relation": top[0], "detail": top[1]} if top else None,
                }
        return out

    @_guard
    def stories_of(self, article_id: str) -> list[str]:
        """Ids of the stories that hold an article."""
        return [
            r[0]
            for r in self._reader().execute(
                "SELECT story_id FROM story_articles WHERE article_id = ? ORDER BY story_id",
                (article_id,),
            )
        ]

    @_guard
    def delete_story(self, story_id: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))

    # -- the incremental story index ---------------------------------------------------------
    @_guard
    def load_index(self, name: str = "stories") -> bytes | None:
        """The pickled index an older version saved (moved into rows at the next grouping)."""
        row = self._reader().execute(
            "SELECT blob FROM index_state WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else bytes(row[0])

    @contextmanager
    def grouping(self) -> Iterator[IndexRows]:
        """One grouping step's transaction over the index rows and the membership.

        The write lock (``BEGIN IMMEDIATE``) is taken before the rows are read, so writers in
        other processes (the CLI, the web app) wait for it and then read what the one before
        wrote: grouping is serialised on the database, each writer sees the others' stories, and
        a writer killed mid-step leaves the last committed step, never a mix."""
        try:
            with self._write() as conn:
                yield IndexRows(conn)
        except sqlite3.Error as exc:
            raise self._db_error(exc) from exc

    @_guard
    def index_version(self) -> int:
        """How many grouping steps the database has committed (see :meth:`grouping`)."""
        row = self._reader().execute(
            "SELECT value FROM index_meta WHERE key = 'version'"
        ).fetchone()
        return int(row[0]) if row else 0

    @_guard
    def stale_stories(self) -> list[str]:
        """Index stories whose membership changed since they were last compared."""
        return [r[0] for r in self._reader().execute("SELECT story_id FROM story_stale ORDER BY story_id")]

    @_guard
    def stale_gen(self, story_id: str) -> int | None:
        return _stale_gen(self._reader(), story_id)

    @_guard
    def put_compared(self, story: Story, members: Sequence[str], gen: int | None) -> bool:
        """Store an index story's comparison made from ``members`` read at change count ``gen``
        (None: not stale then), unless its membership changed meanwhile: a writer that grouped
        more into it will store the newer one. Returns whether it was stored."""
        with self._write() as conn:
            if _stale_gen(conn, story.id) != gen:
                return False
            live = conn.execute(
                "SELECT 1 FROM index_stories WHERE id = ? UNION ALL "
                "SELECT 1 FROM article_story WHERE story_id = ? LIMIT 1", (story.id, story.id)
            ).fetchone()
            if live is None:  # merged away meanwhile
                conn.execute("DELETE FROM story_stale WHERE story_id = ?", (story.id,))
                return False
            self._put_story(conn, story, members)
            conn.execute("DELETE FROM story_stale WHERE story_id = ?", (story.id,))
        return True

    @_guard
    def story_redirect(self, story_id: str) -> str | None:
        """The story a merged story's id went into (None: not a merged story's id)."""
        row = self._reader().execute(
            "SELECT new FROM story_redirects WHERE old = ?", (story_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    @_guard
    def ungrouped(self, limit: int = 1000, among: Sequence[str] | None = None) -> list[str]:
        """Ids of stored articles the story index has not seen, oldest publication first
        (only those in ``among`` when it is given: ``analyze`` groups what it was handed)."""
        return _ungrouped(self._reader(), limit, among)

    @_guard
    def index_story_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Article id -> the id of the story the incremental index put it in (grouped ones)."""
        out: dict[str, str] = {}
        ids = list(dict.fromkeys(article_ids))
        for k in range(0, len(ids), 500):
            chunk = ids[k : k + 500]
            marks = ",".join("?" * len(chunk))
            out.update(
                self._reader().execute(
                    f"SELECT article_id, story_id FROM article_story WHERE article_id IN ({marks})",
                    chunk,
                ).fetchall()
            )
        return out

    @_guard
    def story_members(self, story_id: str) -> list[str]:
        return [
            r[0]
            for r in self._reader().execute(
                "SELECT article_id FROM article_story WHERE story_id = ? ORDER BY at, article_id",
                (story_id,),
            )
        ]

    @_guard
    def story_history(self, story_id: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """The index's decisions, oldest first (for one story: those that name it)."""
        params: tuple[str | int, ...]
        if story_id is None:
            sql, params = "SELECT detail, at FROM story_history ORDER BY seq LIMIT ?", (limit,)
        else:
            sql = (
                "SELECT detail, at FROM story_history WHERE story = ? OR "
                "json_extract(detail, '$.from') = ? OR json_extract(detail, '$.into') = ? "
                "ORDER BY seq LIMIT ?"
            )
            params = (story_id, story_id, story_id, limit)
        return [
            {**json.loads(d), "at": at} for d, at in self._reader().execute(sql, params)
        ]

    # -- maintenance -------------------------------------------------------------------------
    # -- identity: the alias table and the user's corrections -----------------------------------
    @_guard
    def alias_rows(
        self, keys: Sequence[str], surnames: Sequence[str] = ()
    ) -> list[tuple[str, str, str, str]]:
        """(key, entity id, name, form) of the alias table for these name keys and the people
        of these folded surnames; and ("id:<entity id>", id, name, name) for every id met, so
        a merge target's name is known."""
        out: dict[str, tuple[str, str, str, str]] = {}
        conn = self._reader()
        for column, values in (("key", list(dict.fromkeys(keys))),
                               ("surname", list(dict.fromkeys(surnames)))):  # fmt: skip
            for k in range(0, len(values), 500):
                chunk = values[k : k + 500]
                marks = ",".join("?" * len(chunk))
                for row in conn.execute(
                    f"SELECT key, entity_id, name, form FROM entity_aliases WHERE {column} IN "
                    f"({marks})",
                    chunk,
                ):
                    out[row[0]] = tuple(row)  # type: ignore[assignment]
        for _, eid, name, _ in list(out.values()):
            out.setdefault(f"id:{eid}", (f"id:{eid}", eid, name, name))
        for eid, name in conn.execute(
            "SELECT target, name FROM entity_corrections WHERE action = 'merge'"
        ):
            out[f"id:{eid}"] = (f"id:{eid}", eid, name, name)
        return list(out.values())

    @_guard
    def add_aliases(self, rows: Iterable[tuple[str, str, str, str, str | None]]) -> int:
        """Grow the alias table with (key, entity id, name, form, surname) rows; a key already
        held keeps its entity (the first id a name got is the corpus's). Returns rows added."""
        rows = list(rows)
        if not rows:
            return 0
        now = _now()
        with self._write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO entity_aliases(key, entity_id, name, form, surname, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(*r, now) for r in rows],
            )
            return conn.total_changes - before

    @_guard
    def point_aliases(self, entity_id: str, target: str, name: str, keys: Sequence[str] = ()) -> None:
        """Re-point alias rows: those of ``entity_id`` (or only ``keys`` of them) to ``target``."""
        with self._write() as conn:
            if keys:
                conn.executemany(
                    "UPDATE entity_aliases SET entity_id = ?, name = ? WHERE key = ?",
                    [(target, name, k) for k in keys],
                )
            else:
                conn.execute(
                    "UPDATE entity_aliases SET entity_id = ?, name = ? WHERE entity_id = ?",
                    (target, name, entity_id),
                )

    @_guard
    def aliases_of(self, entity_id: str) -> list[dict[str, Any]]:
        """The alias rows that resolve to an entity id, by form."""
        return self._dicts(
            self._reader(),
            "SELECT key, entity_id, name, form FROM entity_aliases WHERE entity_id = ? "
            "ORDER BY form COLLATE NOCASE",
            (entity_id,),
        )

    @_guard
    def entity_ids_named(self, name: str) -> list[tuple[str, str]]:
        """(entity id, canonical name) of the entities a name stands for, most mentioned first:
        the entity of that id; else those of that canonical name (any case); else those of
        the mentions written so."""
        conn = self._reader()
        for where in ("entity_id = ?", "canonical = ? COLLATE NOCASE", "text = ? COLLATE NOCASE"):
            rows = conn.execute(
                "SELECT entity_id, max(canonical), count(*) AS n FROM entities "
                f"WHERE entity_id IS NOT NULL AND {where} GROUP BY entity_id "
                "ORDER BY n DESC, entity_id",
                (name,),
            ).fetchall()
            if rows:
                return [(r[0], r[1]) for r in rows]
        return []

    @_guard
    def entity_list(self, limit: int = 50, offset: int = 0, label: str | None = None) -> list[dict[str, Any]]:
        """Entities by how many articles mention them: id, name, label, articles, mentions."""
        where, params = ("WHERE entity_id IS NOT NULL", [])
        if label:
            where += " AND label = ?"
            params.append(label.upper())
        return self._dicts(
            self._reader(),
            "SELECT entity_id AS id, max(canonical) AS name, max(label) AS label, "
            "count(DISTINCT article_id) AS articles, count(*) AS mentions FROM entities "
            f"{where} GROUP BY entity_id ORDER BY articles DESC, mentions DESC, entity_id "
            "LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )

    @_guard
    def articles_naming(self, entity_ids: Sequence[str]) -> list[str]:
        """Ids of the articles with a mention of one of these entities, or a quote by one."""
        ids = list(dict.fromkeys(entity_ids))
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return [
            r[0]
            for r in self._reader().execute(
                f"SELECT article_id FROM entities WHERE entity_id IN ({marks}) UNION "
                f"SELECT article_id FROM quotes WHERE speaker_id IN ({marks})",
                (*ids, *ids),
            )
        ]

    @_guard
    def entity_corrections(self) -> list[dict[str, Any]]:
        """The user's merges and splits, oldest first."""
        return self._dicts(
            self._reader(),
            "SELECT seq, action, entity_id, target, name, form, at FROM entity_corrections "
            "ORDER BY seq",
            (),
        )

    @_guard
    def add_entity_correction(
        self, action: str, entity_id: str, target: str, name: str, form: str | None = None
    ) -> None:
        """Record a merge (``entity_id`` into ``target``) or a split (the name key ``form``
        leaves ``entity_id`` as ``target``). A later correction of the same thing replaces it:
        a merge undoes a split of the form it joins and the other way round."""
        with self._write() as conn:
            if action == "merge":
                conn.execute(
                    "DELETE FROM entity_corrections WHERE (action = 'merge' AND entity_id = ?) "
                    "OR (action = 'split' AND target = ?)",
                    (entity_id, entity_id),
                )
            else:
                conn.execute(
                    "DELETE FROM entity_corrections WHERE (action = 'split' AND form = ?) "
                    "OR (action = 'merge' AND entity_id = ?)",
                    (form, target),
                )
            conn.execute(
                "INSERT INTO entity_corrections(action, entity_id, target, name, form, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (action, entity_id, target, name, form, _now()),
            )

    @_guard
    def remove_merges_into(self, target: str) -> list[str]:
        """Undo the user's merges into ``target``; returns the ids that were merged into it."""
        with self._write() as conn:
            gone = [
                r[0]
                for r in conn.execute(
                    "SELECT entity_id FROM entity_corrections WHERE action = 'merge' AND target = ?",
                    (target,),
                )
            ]
            conn.execute(
                "DELETE FROM entity_corrections WHERE action = 'merge' AND target = ?", (target,)
            )
        return gone

    @_guard
    def integrity_check(self) -> str:
        """ "ok", or what is wrong: SQLite's page check, foreign keys, and the full-text index."""
        problems: list[str] = []
        with self._lock:
            self._check_usable()
            conn = self._writer
            assert conn is not None
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                problems += rows
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
            if fk:
                problems.append(f"{len(fk)} row(s) break a foreign key (first: {fk[0]})")
            try:
                conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"full-text index: {exc}")
        return "ok" if not problems else "; ".join(problems)

    # Last in the class: a method named ``list`` hides the builtin in the annotations after it.
    @_guard
    def list(
        self, limit: int = 50, offset: int = 0, outlet: str | Sequence[str] | None = None
    ) -> list[dict[str, Any]]:
        """Stored articles, newest first: id, title, outlet, published, source, created_at,
        n_chars; only those of ``outlet`` (a name, or any of several names) when given."""
        where, params = self._outlet_filter(outlet)
        sql = (
            "SELECT id, title, outlet, published, source, created_at, n_chars FROM articles"
            f"{where} ORDER BY pk DESC LIMIT ? OFFSET ?"
        )
        params += [_row_count(limit), _row_count(offset)]
        cur = self._reader().execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _stale_gen(conn: sqlite3.Connection, story_id: str) -> int | None:
    """A stale story's change count (None: not stale), read on whichever connection the caller
    holds: a reader's, or the writer's inside the transaction that must see its own state."""
    row = conn.execute("SELECT gen FROM story_stale WHERE story_id = ?", (story_id,)).fetchone()
    return None if row is None else int(row[0])


def _ungrouped(conn: sqlite3.Connection, limit: int, among: Sequence[str] | None) -> list[str]:
    if among is None:
        return [
            r[0]
            for r in conn.execute(
                "SELECT a.id FROM articles a LEFT JOIN article_story s ON s.article_id = a.id "
                "WHERE s.article_id IS NULL "
                "ORDER BY coalesce(a.published, a.created_at), a.pk LIMIT ?",
                (max(1, int(limit)),),
            )
        ]
    found: list[tuple[str, str, int]] = []
    ids = list(dict.fromkeys(among))
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        marks = ",".join("?" * len(chunk))
        found += conn.execute(
            "SELECT a.id, coalesce(a.published, a.created_at), a.pk FROM articles a "
            "LEFT JOIN article_story s ON s.article_id = a.id "
            f"WHERE s.article_id IS NULL AND a.id IN ({marks})",
            chunk,
        ).fetchall()
    found.sort(key=lambda r: (r[1] or "", r[2]))
    return [r[0] for r in found[: max(1, int(limit))]]


def _pack(arr: Any) -> bytes | None:
    """A numpy array as bytes with its dtype in front (3 characters, e.g. ``<f4``), so it comes
    back bit for bit: a reloaded index must decide as the one that wrote it."""
    if arr is None:
        return None
    import numpy as np

    a = np.ascontiguousarray(arr)
    code = a.dtype.str
    assert len(code) == 3, code
    return code.encode("ascii") + a.tobytes()


def _unpack(blob: bytes | None) -> Any:
    if blob is None:
        return None
    import numpy as np

    return np.frombuffer(blob[3:], dtype=np.dtype(blob[:3].decode("ascii"))).copy()


class IndexRows:
    """The story index's rows and the membership, inside one grouping transaction
    (:meth:`Store.grouping`): read them, then write one step's changes."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def version(self) -> int:
        row = self.conn.execute("SELECT value FROM index_meta WHERE key = 'version'").fetchone()
        return int(row[0]) if row else 0

    def ungrouped(self, ids: Sequence[str]) -> list[str]:
        """Those of ``ids`` still in no story (another writer may have grouped some)."""
        left = set(_ungrouped(self.conn, len(ids) + 1, ids))
        return [i for i in ids if i in left]

    def empty(self) -> bool:
        return self.conn.execute("SELECT 1 FROM index_meta LIMIT 1").fetchone() is None

    def load(self) -> dict[str, Any]:
        """What :meth:`~rashomon.engine.incremental.StoryIndex.from_rows` takes: the stories still
        findable with all their members, the window in order, the quiet stories and their queue.
        Reads what the window holds, not the corpus."""
        import datetime as dt

        from .engine.incremental import StoryRow, WindowRow

        conn = self.conn
        meta = dict(conn.execute("SELECT key, value FROM index_meta").fetchall())
        window = [
            WindowRow(aid, dt.date.fromisoformat(day), _unpack(vec), _unpack(terms),
                      _unpack(sh), _unpack(shs))
            for aid, day, vec, terms, sh, shs in conn.execute(
                "SELECT article_id, day, vector, terms, shingles, shingle_sketch "
                "FROM index_window ORDER BY seq"
            )
        ]  # fmt: skip
        rows = conn.execute(
            "SELECT id, centroid, entities, first, last, sketch, recent, quiet FROM index_stories "
            "WHERE quiet = 1 OR id IN (SELECT s.story_id FROM index_window w "
            "JOIN article_story s ON s.article_id = w.article_id) ORDER BY id"
        ).fetchall()
        members: dict[str, list[str]] = {r[0]: [] for r in rows}
        ids = list(members)
        for k in range(0, len(ids), 500):
            chunk = ids[k : k + 500]
            marks = ",".join("?" * len(chunk))
            for sid, aid in conn.execute(
                f"SELECT story_id, article_id FROM article_story WHERE story_id IN ({marks}) "
                "ORDER BY at, article_id",
                chunk,
            ):
                members[sid].append(aid)
        stories = [
            (StoryRow(sid, _unpack(cent), json.loads(ents), dt.date.fromisoformat(first),
                      dt.date.fromisoformat(last), _unpack(sketch), json.loads(recent)),
             members[sid])
            for sid, cent, ents, first, last, sketch, recent, _ in rows
        ]  # fmt: skip
        return {
            "stories": stories,
            "window": window,
            "quiet": [r[0] for r in rows if r[7]],
            "queue": [
                (dt.date.fromisoformat(day), sid)
                for day, sid in conn.execute("SELECT day, story_id FROM index_quiet ORDER BY seq")
            ],
            "next_id": int(meta.get("next", 0)),
            "latest": dt.date.fromisoformat(meta["latest"]) if "latest" in meta else dt.date.min,
        }

    def write(
        self,
        changes: Any,
        assignments: Iterable[tuple[str, str, str, float | None]],
        history: Iterable[dict[str, Any]],
        stale: bool = True,
    ) -> int:
        """One step: the index's changed rows (``StoryIndex.take_changes``), the article ->
        story rows, the history, the merged stories' redirects, the stories to compare again, and
        the stored stories' lists kept in step with the membership. Returns the new version."""
        conn, now = self.conn, _now()
        conn.executemany(
            "INSERT INTO index_stories(id, centroid, entities, first, last, sketch, recent) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "centroid = excluded.centroid, entities = excluded.entities, first = excluded.first, "
            "last = excluded.last, sketch = excluded.sketch, recent = excluded.recent",
            [(st.id, _pack(st.centroid), json.dumps(st.entities, ensure_ascii=False),
              st.first.isoformat(), st.last.isoformat(), _pack(st.sketch), json.dumps(st.recent))
             for st in changes.stories],
        )  # fmt: skip
        conn.executemany("DELETE FROM index_stories WHERE id = ?", [(g,) for g in changes.gone])
        conn.executemany("DELETE FROM index_window WHERE article_id = ?", [(a,) for a in changes.left])
        conn.executemany(
            "INSERT OR REPLACE INTO index_window(article_id, day, vector, terms, shingles, "
            "shingle_sketch) VALUES (?, ?, ?, ?, ?, ?)",
            [(w.id, w.day.isoformat(), _pack(w.vector), _pack(w.terms), _pack(w.shingles),
              _pack(w.shingle_sketch)) for w in changes.entered],
        )  # fmt: skip
        conn.executemany(
            "UPDATE index_stories SET quiet = ? WHERE id = ?",
            [(int(q), sid) for sid, q in changes.quiet.items()],
        )
        if changes.dequeued:
            conn.execute(
                "DELETE FROM index_quiet WHERE seq IN "
                "(SELECT seq FROM index_quiet ORDER BY seq LIMIT ?)",
                (changes.dequeued,),
            )
        conn.executemany(
            "INSERT INTO index_quiet(day, story_id) VALUES (?, ?)",
            [(day.isoformat(), sid) for day, sid in changes.queued],
        )
        rows = list(assignments)
        conn.executemany(
            "INSERT INTO article_story(article_id, story_id, action, score, at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET "
            "story_id = excluded.story_id, at = excluded.at",
            [(a, st, act, sc, now) for a, st, act, sc in rows],
        )
        history = list(history)
        conn.executemany(
            "INSERT INTO story_history(action, story, detail, at) VALUES (?, ?, ?, ?)",
            [
                (h.get("action", "?"), h.get("story", ""), json.dumps(h, ensure_ascii=False), now)
                for h in history
            ],
        )
        for h in history:
            if h.get("action") == "merged":
                old, new = h["from"], h["story"]
                conn.execute("UPDATE story_redirects SET new = ? WHERE new = ?", (new, old))
                conn.execute(
                    "INSERT OR REPLACE INTO story_redirects(old, new) VALUES (?, ?)", (old, new)
                )
                conn.execute("DELETE FROM stories WHERE id = ?", (old,))
                conn.execute("DELETE FROM story_stale WHERE story_id = ?", (old,))
        # The stored stories' lists follow the membership now, not at the next comparison.
        for aid, sid, _, _ in rows:
            conn.execute(
                "DELETE FROM story_articles WHERE article_id = ? AND story_id <> ? AND ("
                "EXISTS (SELECT 1 FROM index_stories i WHERE i.id = story_articles.story_id) OR "
                "EXISTS (SELECT 1 FROM article_story x WHERE x.story_id = story_articles.story_id))",
                (aid, sid),
            )
            conn.execute(
                "INSERT OR IGNORE INTO story_articles(story_id, article_id) "
                "SELECT ?, ? WHERE EXISTS (SELECT 1 FROM stories WHERE id = ?)",
                (sid, aid, sid),
            )
        conn.executemany(
            "INSERT INTO story_stale(story_id, gen) VALUES (?, 1) "
            "ON CONFLICT(story_id) DO UPDATE SET gen = gen + 1",
            [(st.id,) for st in changes.stories] if stale else [],
        )
        version = self.version() + 1
        conn.executemany(
            "INSERT INTO index_meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [("next", str(changes.next_id)), ("latest", changes.latest.isoformat()),
             ("version", str(version))],
        )  # fmt: skip
        conn.execute("DELETE FROM index_state")  # an older version's pickle, now rows
        return version
