"""The SQLite store, on real database files in tmp_path: round trips, duplicates, search,
concurrency (threads and processes), damaged files and a writer killed mid-ingest."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.errors import Code, RashomonError
from rashomon.model import (
    Alignment,
    Article,
    Claim,
    DateMention,
    Entity,
    Quote,
    Removed,
    Sentence,
    Story,
    content_id,
    sha256_hex,
)
from rashomon.store import MIGRATIONS, Store, default_db_path

HELPER = Path(__file__).parent / "store_helpers" / "writer.py"
_spec = importlib.util.spec_from_file_location("store_writer", HELPER)
assert _spec and _spec.loader
writer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(writer)


def _article(n: int, text: str | None = None, title: str | None = None, **kw: object) -> Article:
    body = text or f"Body {n}: ministers from several capitals debated the plan."
    return Article(
        id=content_id(f"article {n} {body}".encode()),
        source=f"in/{n}.txt",
        text=body,
        title=title if title is not None else f"Title {n}",
        **kw,  # type: ignore[arg-type]
    )


def _run_writer(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HELPER), str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "db" / "rashomon.db")
    yield s
    s.close()


# -- location and opening ------------------------------------------------------------------------


def test_default_db_path_prefers_rashomon_db(monkeypatch, tmp_path):
    monkeypatch.setenv("RASHOMON_DB", str(tmp_path / "x.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "x.db"


def test_default_db_path_uses_xdg_data_home_then_home(monkeypatch, tmp_path):
    monkeypatch.delenv("RASHOMON_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "rashomon" / "rashomon.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / ".local" / "share" / "rashomon" / "rashomon.db"
    assert not (tmp_path / "home").exists()  # asking for the path creates nothing


def test_open_without_path_creates_default_location_with_parents(monkeypatch, tmp_path):
    monkeypatch.delenv("RASHOMON_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "deep" / "xdg"))
    with Store.open() as s:
        assert s.path == (tmp_path / "deep" / "xdg" / "rashomon" / "rashomon.db").resolve()
        assert s.path.is_file()


def test_new_database_is_wal_with_current_schema_version(store):
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert {"originals", "articles", "articles_fts", "entities", "quotes", "stories"} <= tables
    assert {"story_articles", "claims"} <= tables
    conn.close()


def test_reopening_keeps_data_and_does_not_rerun_migrations(tmp_path):
    db = tmp_path / "r.db"
    with Store(db) as s:
        s.add(_article(1), b"one")
    with Store(db) as s:
        assert s.count() == 1


def test_durable_store_uses_synchronous_full(tmp_path):
    with Store(tmp_path / "d.db", durable=True) as s:
        assert s._writer is not None
        assert s._writer.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    with Store(tmp_path / "n.db") as s:
        assert s._writer is not None
        assert s._writer.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_newer_schema_version_is_refused(tmp_path):
    db = tmp_path / "new.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(RashomonError) as e:
        Store(db)
    assert e.value.code is Code.DATABASE
    assert "newer" in e.value.message and str(db) in str(e.value)


def test_sqlite_file_of_another_program_is_refused(tmp_path):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(RashomonError) as e:
        Store(db)
    assert e.value.code is Code.DATABASE
    assert conn  # the other program's table is untouched:
    assert sqlite3.connect(db).execute("SELECT name FROM sqlite_schema").fetchall() == [("things",)]


def test_random_bytes_file_gives_database_error_naming_the_file(tmp_path):
    db = tmp_path / "garbage.db"
    db.write_bytes(random.Random(7).randbytes(8192))
    with pytest.raises(RashomonError) as e:
        Store(db)
    assert e.value.code is Code.DATABASE
    assert e.value.source == str(db.resolve())
    assert str(db.resolve()) in e.value.one_line()
    assert "\n" not in e.value.one_line()


def test_folder_given_as_database_gives_database_error(tmp_path):
    with pytest.raises(RashomonError) as e:
        Store(tmp_path)
    assert e.value.code is Code.DATABASE


def test_damaged_pages_are_reported_not_crashed_on(tmp_path):
    db = tmp_path / "damaged.db"
    with Store(db) as s:
        s.add_many(
            (_article(i, text=f"Body {i} " + "words " * 400), f"orig {i}".encode(), None)
            for i in range(200)
        )
        s._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    raw = bytearray(db.read_bytes())
    page = 4096
    rng = random.Random(3)
    for p in range(3, len(raw) // page, 3):  # every third page after the header pages
        raw[p * page + 100 : p * page + 400] = rng.randbytes(300)
    db.write_bytes(bytes(raw))
    try:
        s = Store(db)
    except RashomonError as exc:
        assert exc.code is Code.DATABASE
        return
    try:
        try:
            report = s.integrity_check()
        except RashomonError as exc:
            assert exc.code is Code.DATABASE
        else:
            assert report != "ok"
    finally:
        s.close()


def test_closed_store_refuses_use(tmp_path):
    s = Store(tmp_path / "c.db")
    s.close()
    s.close()  # idempotent
    with pytest.raises(RashomonError) as e:
        s.count()
    assert e.value.code is Code.DATABASE


def test_read_connections_are_read_only(store):
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store._reader().execute("DELETE FROM articles")


# -- articles ------------------------------------------------------------------------------------


def _full_article() -> tuple[Article, bytes]:
    raw = "2 min read\nKyiv Independent\nNATO chief Mark Rutte said troops could deploy. " * 3
    text = "NATO chief Mark Rutte said troops could deploy on Monday, in Kyiv."
    original = ("<html><body>" + raw + "</body></html>").encode()
    a = Article(
        id=content_id(original),
        source="seeds/a.html",
        text=text,
        raw_text=raw,
        kind="html",
        locator="entry 2",
        encoding="utf-8",
        url="https://example.org/a",
        outlet="The Kyiv Independent",
        outlet_source="html",
        title="Rutte on troops",
        subtitle="A subtitle",
        byline="A. Writer",
        published="2025-09-04",
        published_inferred=True,
        language="en",
        removed=[Removed("2 min read", "chrome", 0, 10)],
        sentences=[Sentence(0, len(text))],
        entities=[
            Entity("NATO", "ORG", 0, 4, "NATO", "org:nato"),
            Entity(
                "Mark Rutte", "PERSON", 11, 21, "Mark Rutte", "person:mark-rutte", role="NATO chief"
            ),
            Entity("Kyiv", "GPE", 61, 65, "Kyiv", "gpe:kyiv"),
        ],
        quotes=[
            Quote(
                "troops could deploy on Monday",
                "reported",
                27,
                56,
                speaker="Mark Rutte",
                speaker_text="Mark Rutte",
                speaker_start=11,
                speaker_end=21,
                cue="said",
                cue_start=22,
                cue_end=26,
                speaker_id="person:mark-rutte",
            ),
        ],
        dates=[DateMention("Monday", 50, 56, "2025-09-01")],
        claims=[
            Claim(
                f"{content_id(original)}:c1",
                "troops could deploy",
                27,
                46,
                actor="troops",
                source="Mark Rutte",
                date="2025-09-01",
            )
        ],
        html="<html>big page</html>",
        stages=["clean", "entities", "quotes"],
        meta={"feed": {"title": "x"}, "n": 3},
    )
    return a, original


def test_article_round_trips_with_annotations_without_html(store):
    a, original = _full_article()
    assert store.add(a, original, "text/html") is True
    back = store.get(a.id)
    expected = Article.from_dict(a.to_dict())
    expected.html = None  # the original holds the page; the document does not
    assert back == expected
    assert back.raw_text == a.raw_text  # removed-span offsets index it
    assert back.original_sha256 == sha256_hex(original)
    assert store.original(back.original_sha256) == original


def test_add_writes_entity_quote_and_claim_rows(store):
    a, original = _full_article()
    store.add(a, original)
    conn = sqlite3.connect(store.path)
    ents = conn.execute(
        'SELECT canonical, entity_id, label, text, "start", "end" FROM entities '
        "WHERE article_id = ? ORDER BY rowid",
        (a.id,),
    ).fetchall()
    assert ents == [(e.canonical, e.entity_id, e.label, e.text, e.start, e.end) for e in a.entities]
    quotes = conn.execute(
        'SELECT speaker, speaker_id, kind, cue, text, "start", "end" FROM quotes WHERE article_id = ?',
        (a.id,),
    ).fetchall()
    assert quotes == [
        (
            "Mark Rutte",
            "person:mark-rutte",
            "reported",
            "said",
            "troops could deploy on Monday",
            27,
            56,
        )
    ]
    assert conn.execute("SELECT count(*) FROM claims WHERE article_id = ?", (a.id,)).fetchone() == (
        1,
    )
    doc = json.loads(conn.execute("SELECT doc FROM articles").fetchone()[0])
    assert "html" not in doc and "text" not in doc and doc["raw_text"] == a.raw_text
    conn.close()


def test_compressible_original_is_stored_compressed_and_returned_exactly(store):
    original = b"The same sentence again. " * 2000
    a = _article(1)
    store.add(a, original)
    conn = sqlite3.connect(store.path)
    data, compressed, size = conn.execute(
        "SELECT bytes, compressed, size FROM originals"
    ).fetchone()
    conn.close()
    assert compressed == 1 and size == len(original) and len(data) < len(original) / 10
    assert zlib.decompress(data) == original
    assert store.original(a.original_sha256 or "") == original


def test_incompressible_original_is_stored_as_is(store):
    original = random.Random(1).randbytes(5000)
    a = _article(1)
    store.add(a, original, "application/octet-stream")
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT compressed, media_type FROM originals").fetchone() == (
        0,
        "application/octet-stream",
    )
    conn.close()
    assert store.original(sha256_hex(original)) == original


def test_article_without_original_is_stored(store):
    a = _article(1)
    assert store.add(a, None)
    assert store.get(a.id).original_sha256 is None


def test_article_naming_a_missing_original_is_refused(store):
    a = _article(1)
    a.original_sha256 = "f" * 64
    with pytest.raises(RashomonError) as e:
        store.add(a, None)
    assert e.value.code is Code.NOT_FOUND
    assert store.count() == 0


def test_original_bytes_must_match_the_articles_hash(store):
    a = _article(1)
    a.original_sha256 = sha256_hex(b"something else")
    with pytest.raises(RashomonError) as e:
        store.add(a, b"these bytes")
    assert e.value.code is Code.USAGE
    assert store.count() == 0


def test_duplicate_add_returns_false_and_changes_nothing(store):
    a = _article(1)
    assert store.add(a, b"first original") is True
    before = (
        sqlite3.connect(store.path)
        .execute("SELECT id, title, text, doc, created_at, updated_at FROM articles")
        .fetchall()
    )
    again = _article(1)
    again.title = "A different title the duplicate must not write"
    again.source = "elsewhere.txt"
    assert store.add(again, b"another original, never stored") is False
    conn = sqlite3.connect(store.path)
    assert (
        conn.execute("SELECT id, title, text, doc, created_at, updated_at FROM articles").fetchall()
        == before
    )
    assert conn.execute("SELECT count(*) FROM originals").fetchone() == (1,)
    conn.close()
    assert store.search("different") == []


def test_originals_shared_by_several_articles_are_stored_once(store):
    original = b'{"title": "a"}\n{"title": "b"}\n'
    results = store.add_many(
        [
            (_article(1), original, "application/x-ndjson"),
            (_article(2), original, "application/x-ndjson"),
        ]
    )
    assert results == [True, True]
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT count(*), max(first_source) FROM originals").fetchone() == (
        1,
        "in/1.txt",
    )
    conn.close()
    assert store.get(_article(2).id).original_sha256 == sha256_hex(original)


def test_add_many_reports_each_article_and_duplicates_in_the_same_batch(store):
    store.add(_article(0), b"zero")
    items = [(_article(i), f"orig {i}".encode(), "text/plain") for i in range(5)]
    items.insert(3, (_article(2), b"orig 2", "text/plain"))
    assert store.add_many(items, batch_size=2) == [False, True, True, False, True, True]
    assert store.count() == 5


@pytest.mark.parametrize(
    ("bad_original", "code"),
    [(None, Code.NOT_FOUND), (b"bytes that do not hash to it", Code.USAGE)],
    ids=["original-not-stored", "original-hash-mismatch"],
)
def test_add_many_commits_articles_before_a_failing_one(store, bad_original, code):
    bad = _article(99)
    bad.original_sha256 = "0" * 64  # names an original that is not stored
    items = [
        (_article(1), b"one", None),
        (_article(2), b"two", None),
        (bad, bad_original, None),
        (_article(3), b"three", None),
    ]
    with pytest.raises(RashomonError) as e:
        store.add_many(items, batch_size=10)
    assert e.value.code is code
    assert store.has(_article(1).id) and store.has(_article(2).id)
    assert not store.has(bad.id) and not store.has(_article(3).id)
    assert store.integrity_check() == "ok"


def test_save_analysis_rewrites_document_and_rows(store):
    a = _article(1, text="Old body about sanctions.", title="Old title")
    a.entities = [Entity("sanctions", "MISC", 15, 24, "sanctions")]
    store.add(a, b"o")
    a.text = "New body: Zelensky spoke in Kyiv."
    a.title = "New title"
    a.entities = [
        Entity("Zelensky", "PERSON", 10, 18, "Volodymyr Zelensky"),
        Entity("Kyiv", "GPE", 28, 32, "Kyiv"),
    ]
    a.quotes = [Quote("spoke", "reported", 19, 24, speaker="Volodymyr Zelensky")]
    a.stages.append("entities")
    store.save_analysis(a)
    back = store.get(a.id)
    assert back.text == a.text and back.stages == ["entities"] and len(back.entities) == 2
    conn = sqlite3.connect(store.path)
    assert [r[0] for r in conn.execute("SELECT canonical FROM entities ORDER BY rowid")] == [
        "Volodymyr Zelensky",
        "Kyiv",
    ]
    assert conn.execute("SELECT count(*) FROM quotes").fetchone() == (1,)
    conn.close()
    assert store.search("sanctions") == []
    assert [h["id"] for h in store.search("Zelensky")] == [a.id]
    assert store.integrity_check() == "ok"


def test_save_analysis_of_unknown_article_is_not_found(store):
    with pytest.raises(RashomonError) as e:
        store.save_analysis(_article(5))
    assert e.value.code is Code.NOT_FOUND


def test_get_accepts_a_unique_prefix_of_four_characters(store):
    a = Article(id="abcdef0011223344", source="x", text="t")
    b = Article(id="abcdef9911223344", source="y", text="u")
    store.add_many([(a, None, None), (b, None, None)])
    assert store.get("abcdef00").id == a.id
    assert store.get("ABCDEF99").id == b.id
    assert store.has("abcdef001") and not store.has("abcdef")  # ambiguous is not one article
    with pytest.raises(RashomonError) as e:
        store.get("abcdef")
    assert e.value.code is Code.USAGE and "ambiguous" in e.value.message
    c = Article(id="0123aa9911223344", source="z", text="v")
    store.add(c, None)
    assert store.get("0123").id == c.id  # four characters, as git allows
    with pytest.raises(RashomonError) as e:
        store.get("012")  # too short to be a prefix
    assert e.value.code is Code.NOT_FOUND and "4 characters" in e.value.message
    with pytest.raises(RashomonError) as e:
        store.get("ffffff00")
    assert e.value.code is Code.NOT_FOUND


def test_missing_original_is_not_found(store):
    with pytest.raises(RashomonError) as e:
        store.original("0" * 64)
    assert e.value.code is Code.NOT_FOUND


def test_list_is_newest_first_with_paging_and_outlet_filter(store):
    for i in range(6):
        store.add(_article(i, outlet="TASS" if i % 2 else "Kyiv Independent"), None)
    rows = store.list(limit=3)
    assert [r["title"] for r in rows] == ["Title 5", "Title 4", "Title 3"]
    assert set(rows[0]) == {"id", "title", "outlet", "published", "source", "created_at", "n_chars"}
    assert rows[0]["n_chars"] == len(_article(5).text)
    assert [r["title"] for r in store.list(limit=3, offset=3)] == ["Title 2", "Title 1", "Title 0"]
    assert [r["title"] for r in store.list(outlet="tass")] == ["Title 5", "Title 3", "Title 1"]
    assert store.count() == 6


# -- search --------------------------------------------------------------------------------------


@pytest.fixture
def searchable(store):
    store.add(
        _article(
            1,
            title="Coalition of the willing meets in Paris",
            text="Leaders discussed security guarantees for Ukraine.",
        ),
        None,
    )
    store.add(
        _article(
            2,
            title="Kremlin rejects deployment",
            text="Moscow said any European troops would be legitimate targets.",
        ),
        None,
    )
    return store


def test_search_finds_title_words_and_marks_them(searchable):
    hits = searchable.search("coalition")
    assert [h["title"] for h in hits] == ["Coalition of the willing meets in Paris"]
    assert "«Coalition»" in hits[0]["snippet"]
    assert set(hits[0]) >= {"id", "title", "outlet", "snippet", "rank"}


def test_search_finds_body_words_with_stemming(searchable):
    hits = searchable.search("guarantee")  # the body says "guarantees"
    assert [h["title"] for h in hits] == ["Coalition of the willing meets in Paris"]
    assert "«guarantees»" in hits[0]["snippet"]


def test_search_phrase_prefix_and_every_word_required(searchable):
    assert [h["title"] for h in searchable.search('"European troops"')] == [
        "Kremlin rejects deployment"
    ]
    assert searchable.search('"troops European"') == []
    assert len(searchable.search("Kreml*")) == 1
    assert searchable.search("Paris Moscow") == []  # no article has both words
    assert len(searchable.search("Paris OR Moscow")) == 2


def test_search_ranks_title_matches_above_body_matches(store):
    body_only = _article(1, title="Summit ends", text="Drones were discussed at length, drones.")
    in_title = _article(2, title="Drones over the border", text="Officials met on Monday.")
    store.add_many([(body_only, None, None), (in_title, None, None)])
    hits = store.search("drones")
    assert [h["id"] for h in hits] == [in_title.id, body_only.id]
    assert hits[0]["rank"] <= hits[1]["rank"]
    assert len(store.search("drones", limit=1)) == 1


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "NEAR(",
        "NEAR(a b",
        "-",
        "- troops",
        "troops -Moscow",
        "a:b",
        "title:Paris",
        "^Paris",
        "*",
        "Paris*",
        "(",
        ")",
        "AND",
        "OR OR",
        "NOT",
        "'",
        "\\",
        "\x00",
        "; DROP TABLE",
        "{title text}: x",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "",
        "   ",
    ],
)
def test_search_survives_hostile_query_strings(searchable, query):
    assert isinstance(searchable.search(query), list)


def test_search_reads_not_and_keeps_fts_syntax_out(searchable):
    assert searchable.search("troops -Moscow") == []  # "-" before a word is NOT
    assert [h["title"] for h in searchable.search("troops NOT Paris")] == [
        "Kremlin rejects deployment"
    ]
    # FTS5's own operators typed by a user are words, never syntax
    assert searchable.search("NEAR(troops Moscow") == []
    assert searchable.search("!!! ---") == []


@pytest.fixture(scope="module")
def module_store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("hyp") / "h.db")
    s.add(_article(1, title="Security guarantees", text="Troops, drones and air defence."), None)
    yield s
    s.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_search_never_raises_on_arbitrary_text(module_store, query):
    hits = module_store.search(query)
    assert isinstance(hits, list)


# -- stories and entities ------------------------------------------------------------------------


def test_story_put_get_list_and_replace(store):
    s1 = Story(
        id="story00001",
        title="Troops for Ukraine",
        articles=["a1", "a2"],
        alignments=[Alignment(["a1:c1", "a2:c3"], "differs", 0.8, "26 vs 30")],
    )
    store.put_story(s1)
    assert store.get_story("story00001") == s1
    assert store.get_story("story0") == s1  # unique prefix
    s1.title = "Renamed"
    s1.articles = ["a2", "a3"]
    store.put_story(s1)
    store.put_story(Story(id="story00002", title="Other", articles=["a3"]))
    assert store.get_story("story00001").title == "Renamed"
    rows = store.list_stories()
    assert [r["id"] for r in rows] == ["story00002", "story00001"]
    assert rows[1]["articles"] == ["a2", "a3"]
    assert store.stories_of("a3") == ["story00001", "story00002"]
    assert store.stories_of("a1") == []
    with pytest.raises(RashomonError) as e:
        store.get_story("nostory")
    assert e.value.code is Code.NOT_FOUND


def test_story_summaries_give_outlets_counts_latest_and_strongest_difference_in_one_query(store):
    arts = [
        _article(1, outlet="RT", published="2025-08-17T09:00:00+00:00"),
        _article(2, outlet="The Kyiv Independent", published="2025-08-19T22:10:00+00:00"),
        _article(3, outlet="RT", published="2025-08-18"),
        _article(4),  # no outlet, no date
    ]
    for a in arts:
        store.add(a, None)
    store.put_story(
        Story(
            id="story00001",
            title="Troops for Ukraine",
            articles=[a.id for a in arts] + ["notstored0000000"],
            alignments=[
                Alignment(["x", "y"], "differs", 0.95, "26 vs 30"),
                Alignment(["x", "y"], "contradicts", 0.4, "first contradiction"),
                Alignment(["x", "y"], "same", 1.0),
                Alignment(["x", "y"], "contradicts", 0.7, None),
                Alignment(["x", "y"], "contradicts", 0.7, "same score, later: loses the tie"),
            ],
        )
    )
    store.put_story(Story(id="story00002", title="Empty", articles=[]))
    conn = store._reader()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        got = store.story_summaries(["story00001", "story00002", "nostory", "story00001"])
    finally:
        conn.set_trace_callback(None)
    assert len(statements) == 1  # one query, whatever the stories' sizes
    assert got["story00001"] == {
        "articles": 5,
        "outlets": ["RT", "The Kyiv Independent", None],  # None: no outlet, or not stored
        "latest": "2025-08-19",
        "alignments": 5,
        "differences": 4,
        "strongest": {"relation": "contradicts", "detail": None},  # 0.7, the earlier
    }
    assert got["story00002"] == {
        "articles": 0, "outlets": [], "latest": None, "alignments": 0, "differences": 0,
        "strongest": None,
    }  # fmt: skip
    assert "nostory" not in got
    assert store.story_summaries([]) == {}


def test_entity_gathers_forms_mentions_quotes_and_claims_across_outlets(store):
    a, original = _full_article()
    store.add(a, original)
    b = _article(
        2,
        text="Rutte arrived.",
        outlet="TASS",
        entities=[Entity("Rutte", "PERSON", 0, 5, "Mark Rutte", "person:mark-rutte")],
        claims=[Claim("b:c1", "Rutte arrived", 0, 13, actor="Mark Rutte")],
    )
    store.add(b, None)
    data = store.entity("mark rutte")
    assert data["name"] == "Mark Rutte"
    assert {f["form"]: f["outlets"] for f in data["forms"]} == {
        "Mark Rutte": ["The Kyiv Independent"],
        "Rutte": ["TASS"],
    }
    assert sorted(m["outlet"] for m in data["mentions"]) == ["TASS", "The Kyiv Independent"]
    assert [q["text"] for q in data["quotes"]] == ["troops could deploy on Monday"]
    assert [c["text"] for c in data["claims"]] == ["Rutte arrived"]
    assert store.entity("person:mark-rutte")["name"] == "Mark Rutte"
    empty = store.entity("Nobody")
    assert empty["mentions"] == [] and empty["quotes"] == []


# -- concurrency ---------------------------------------------------------------------------------


def test_readers_in_many_threads_see_only_committed_batches(store):
    batch, batches = 10, 30
    errors: list[BaseException] = []
    done = threading.Event()
    seen_counts: list[int] = []

    def write() -> None:
        try:
            for b in range(batches):
                items = []
                for i in range(b * batch, (b + 1) * batch):
                    a = _article(i)
                    a.entities = [Entity("Paris", "GPE", 0, 5, "Paris")] * 3
                    items.append((a, f"orig {i}".encode(), None))
                store.add_many(items, batch_size=batch)  # one transaction per batch
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    def read() -> None:
        try:
            while not done.is_set():
                n = store.count()
                seen_counts.append(n)
                assert n % batch == 0, f"saw a partial transaction: {n} articles"
                conn = store._reader()
                conn.execute("BEGIN")  # one snapshot: every visible article has all its rows
                arts, ents = conn.execute(
                    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM entities)"
                ).fetchone()
                conn.execute("COMMIT")
                assert ents == 3 * arts
                for row in store.list(limit=5):
                    assert store.get(row["id"]).title == row["title"]
                store.search("ministers")
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(8)]
    for t in readers:
        t.start()
    w = threading.Thread(target=write)
    w.start()
    w.join(60)
    for t in readers:
        t.join(60)
    assert not errors, errors[:3]
    assert store.count() == batch * batches
    assert max(seen_counts) <= batch * batches and len(seen_counts) > 8


def test_writes_from_many_threads_all_land(store):
    errors: list[BaseException] = []

    def write(k: int) -> None:
        try:
            for i in range(k * 50, k * 50 + 50):
                store.add(_article(i), f"orig {i}".encode())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert store.count() == 200 and store.integrity_check() == "ok"


def test_reader_connections_of_finished_threads_are_closed(store):
    def read() -> None:
        store.count()

    for _ in range(5):
        t = threading.Thread(target=read)
        t.start()
        t.join()
    store.count()  # this thread's reader sweeps the finished ones
    assert len(store._readers) == 1


def test_second_process_waits_for_the_write_lock_then_succeeds(tmp_path):
    db = tmp_path / "two.db"
    Store(db).close()
    holder = _run_writer(db, "hold", "1.5")
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    t0 = time.monotonic()
    with Store(db) as s:
        assert s.add(_article(1), b"one")  # waits on busy_timeout rather than failing
        waited = time.monotonic() - t0
        assert holder.wait(30) == 0, holder.stderr.read() if holder.stderr else ""
        assert waited > 0.5
        assert s.count() == 1


def test_two_processes_writing_at_once_both_succeed(tmp_path):
    db = tmp_path / "two.db"
    Store(db).close()
    procs = [_run_writer(db, "add", str(start), "40") for start in (0, 1000)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    with Store(db) as s:
        assert s.count() == 80
        assert s.integrity_check() == "ok"
        for out, _ in outs:
            for line in out.splitlines():
                i, aid = line.split()
                assert s.get(aid).text == writer.make(int(i))[0].text


# -- the crash test ------------------------------------------------------------------------------


def test_writer_killed_mid_ingest_leaves_every_committed_article_whole(tmp_path):
    db = tmp_path / "crash.db"
    committed: dict[str, int] = {}
    start = 0
    for _round in range(3):  # kill, reopen, write on, kill again
        proc = _run_writer(db, "add", str(start), "100000")
        assert proc.stdout is not None
        lines: list[str] = []
        target = random.Random(_round).randint(15, 40)
        deadline = time.monotonic() + 60
        while len(lines) < target and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
        os.kill(proc.pid, signal.SIGKILL)
        # Read through the same buffered reader: communicate() would skip what it read ahead.
        rest = proc.stdout.read()
        err = proc.stderr.read() if proc.stderr else ""
        proc.wait(30)
        assert proc.returncode == -signal.SIGKILL, err
        assert len(lines) >= target, err
        # Anything printed was printed after its commit; a torn last line is ignored.
        for line in lines + rest.splitlines(keepends=True):
            if line.endswith("\n"):
                i, aid = line.split()
                committed[aid] = int(i)
        start = max(committed.values()) + 1

        with Store(db) as s:
            assert s.integrity_check() == "ok"
            for aid, i in committed.items():
                expected, original = writer.make(i)
                got = s.get(aid)
                assert got.text == expected.text and got.title == expected.title
                assert got.entities == expected.entities and got.quotes == expected.quotes
                assert s.original(got.original_sha256 or "") == original
            conn = sqlite3.connect(db)
            orphans = conn.execute(
                "SELECT count(*) FROM articles a LEFT JOIN originals o "
                "ON o.sha256 = a.original_sha256 WHERE o.sha256 IS NULL"
            ).fetchone()[0]
            assert orphans == 0
            for (doc,) in conn.execute("SELECT doc FROM articles"):
                json.loads(doc)
            ents = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
            n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            assert ents == n  # one entity per writer article: no half-written analysis
            assert n >= len(committed)  # at most the one in flight beyond what was reported
            extra = {r[0] for r in conn.execute("SELECT id FROM articles")} - set(committed)
            assert n <= len(committed) + 1, (extra, committed)
            conn.close()


def test_entity_quotes_say_what_each_attribution_reports(store):
    a = _article(1, text="Zelensky said no. Zelensky believes it will hold.")
    a.entities = [Entity("Zelensky", "PERSON", 0, 8, "Volodymyr Zelensky")]
    a.quotes = [
        Quote("no", "reported", 14, 16, speaker="Volodymyr Zelensky"),
        Quote("it will hold", "reported", 36, 48, speaker="Volodymyr Zelensky", mode="belief"),
    ]
    store.add(a, b"o")
    store.save_analysis(a)
    quotes = store.entity("Volodymyr Zelensky")["quotes"]
    assert [(q["text"], q["mode"]) for q in quotes] == [("no", "speech"), ("it will hold", "belief")]


def test_a_version_2_database_gets_the_quote_mode_column_with_speech_for_old_rows(tmp_path):
    from rashomon.store import _split_statements

    db = tmp_path / "v2.db"
    conn = sqlite3.connect(db)
    for script in MIGRATIONS[:2]:
        for statement in _split_statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(
        "INSERT INTO quotes(article_id, speaker, kind, text, \"start\", \"end\") "
        "VALUES ('x', 'A', 'direct', 'hi', 0, 2)"
    )
    conn.commit()
    conn.close()
    with Store(db):
        pass
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT mode FROM quotes").fetchall() == [("speech",)]
    conn.close()
