"""Incremental grouping over the database: later runs cost only the new articles, state persists."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from _shared import SEEDS as SEED_DIR

from rashomon.api import Rashomon
from rashomon.engine import incremental as inc

SEEDS = sorted(SEED_DIR.glob("*.txt"))


def test_a_later_article_joins_the_stored_story_and_the_history_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    with Rashomon(db) as r:
        r.ingest([str(SEEDS[0])])
        first = r.group()
        assert [d.action for d in first.decisions] == ["open"]
        sid = first.decisions[0].story
    with Rashomon(db) as r:  # a new session: the index comes back from the database
        r.ingest([str(SEEDS[1])])
        second = r.group()
        assert [(d.action, d.story) for d in second.decisions] == [("join", sid)]
        assert second.decisions[0].components["total"] >= 0.5
        assert r.group().grouped == 0  # nothing new: nothing is grouped twice
        story = r.store.get_story(sid)
        assert len(story.articles) == 2 and story.alignments and story.naming
        assert [h["action"] for h in r.store.story_history(sid)] == ["open", "join"]
        # The index is rows written with each step (no pickle saved at the end of a run).
        assert r.store.load_index() is None and r.store.index_version() == 2
        assert sorted(r.store.story_members(sid)) == sorted(story.articles)


def test_the_saved_index_refuses_code_smuggled_into_the_database() -> None:
    class Evil:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (print, ("pwned",))

    with pytest.raises(pickle.UnpicklingError):
        inc.loads(pickle.dumps(Evil()))
    assert isinstance(inc.loads(inc.dumps(inc.StoryIndex())), inc.StoryIndex)


def test_analyze_files_its_articles_under_the_index_and_keeps_the_story_id(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Rashomon(db) as r:
        arts, stories, _ = r.analyze([str(s) for s in SEEDS])
        assert len(stories) == 1 and stories[0].id.startswith("s")
        sid = stories[0].id
        stored = r.store.get_story(sid)
        assert sorted(stored.articles) == sorted(a.id for a in arts) and stored.alignments
        assert [s["id"] for s in r.store.list_stories()] == [sid]  # no second, hash-named copy
        history = r.store.story_history(sid)
    with Rashomon(db) as r:  # again, later: same story, nothing decided twice
        _, again, _ = r.analyze([str(s) for s in SEEDS])
        assert [s.id for s in again] == [sid]
        assert r.store.story_history(sid) == history


def test_analyze_of_part_of_a_stored_story_reports_it_under_its_own_id(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    with Rashomon(db) as r:
        r.analyze([str(s) for s in SEEDS])
        (sid,) = [s["id"] for s in r.store.list_stories()]
        _, part, _ = r.analyze([str(SEEDS[0])])
        # One article is not the stored two-article story: the report says so by its id.
        assert len(part) == 1 and part[0].id != sid
        assert len(r.store.get_story(sid).articles) == 2


def _annotations(r: Rashomon, ids: list[str]) -> list[dict]:
    keys = ("text", "sentences", "entities", "quotes", "dates", "claims", "stages")
    return [{k: r.store.get(i).to_dict()[k] for k in keys} for i in sorted(ids)]


def test_analyze_on_two_workers_or_a_local_cluster_stores_what_one_process_does(
    tmp_path: Path,
) -> None:
    inputs = [str(p) for p in SEEDS]
    for k, p in enumerate(SEEDS):  # two more articles: each seed with its paragraphs rotated
        paras = p.read_text(encoding="utf-8").split("\n\n")
        rotated = tmp_path / f"rotated{k}.txt"
        rotated.write_text("\n\n".join(paras[2:] + paras[:2]), encoding="utf-8")
        inputs.append(str(rotated))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    inputs.append(str(empty))  # bad input next to good: reported, the rest analysed
    runs = []
    for n, (workers, scheduler) in enumerate(((1, None), (2, None), (2, "local"))):
        with Rashomon(tmp_path / f"run{n}.db") as r:
            arts, stories, result = r.analyze(inputs, workers=workers, scheduler=scheduler)
            assert [e.source for e in result.errors] == [str(empty)]
            ids = [a.id for a in arts]
            runs.append(
                (sorted(sorted(s.articles) for s in stories), _annotations(r, ids), len(ids))
            )
    assert runs[0][2] >= 3
    assert runs[1] == runs[0] and runs[2] == runs[0]


def _read_count(db: Path) -> int:
    """Articles whose analysis is committed (every reading stage in their stored document)."""
    import sqlite3

    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            (n,) = conn.execute(
                "SELECT count(*) FROM articles WHERE json_extract(doc, '$.stages') LIKE '%claims%'"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError:  # the writer has not made the tables yet
        return 0
    return int(n)


def test_an_analysis_killed_mid_run_resumes_and_reads_nothing_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from _shared import DATASETS

    from rashomon import engine

    texts = sorted((DATASETS / "polnear" / "dev" / "text").glob("*.txt"))[:40]
    if len(texts) < 40:
        pytest.skip("PolNeAR dev texts not available")
    src = tmp_path / "in"
    src.mkdir()
    for p in texts:
        (src / p.name).write_bytes(p.read_bytes())
    db = tmp_path / "r.db"
    env = {**os.environ, "RASHOMON_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rashomon", "analyze", str(src), "--db", str(db),
         "--format", "json", "-o", str(tmp_path / "out.json")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while _read_count(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)  # a crash mid-run: no clean-up of any kind
    finally:
        proc.wait()
    before = _read_count(db)
    assert 0 < before < len(texts), "the run was not cut off part-way through its reading"

    read: list[str] = []
    real = engine.read_chunk

    def counting(dicts: list[dict], stages: list[str], *args: object, **kw: object) -> list[dict]:
        read.extend(d["id"] for d in dicts)
        return real(dicts, stages, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "read_chunk", counting)
    with Rashomon(db) as r:
        arts, stories, result = r.analyze([str(src)])
    # The killed run's committed chunks are kept; only the rest is read, each article once.
    assert len(read) == len(set(read)) == len(texts) - before
    assert len(arts) == len(texts) and not result.errors and stories
    assert all("claims" in a.stages for a in arts)
    assert _read_count(db) == len(texts)


def test_a_story_larger_than_its_comparison_lists_every_member_everywhere(tmp_path: Path) -> None:
    # Seven near-copies of one report, compared on their three most recent: membership is the
    # story's seven articles in every list, count and look-up, not the three compared.
    base = SEEDS[0].read_text(encoding="utf-8")
    paths = []
    for k in range(7):
        p = tmp_path / f"copy{k}.txt"
        p.write_text(base + f"\n\nUpdate {k}: the report was revised at {k + 1} p.m.\n", "utf-8")
        paths.append(str(p))
    with Rashomon(tmp_path / "m.db") as r:
        added = r.ingest(paths).added
        assert len(added) == 7
        result = r.group(max_compare=3)
        (sid,) = {d.story for d in result.decisions}
        ids = {a.id for a in added}
        stored = r.store.get_story(sid)
        assert set(stored.articles) == ids and len(stored.articles) == 7
        members = r.store.story_members(sid)
        assert set(members) == ids
        assert set(stored.articles[:3]) == set(members[-3:])  # the compared ones lead
        assert all(r.store.stories_of(i) == [sid] for i in ids)
        (row,) = r.store.list_stories()
        assert set(row["articles"]) == ids
        assert r.store.story_summaries([sid])[sid]["articles"] == 7


def test_an_index_an_older_version_pickled_is_moved_into_rows_and_grown(tmp_path: Path) -> None:
    from rashomon import embed
    from rashomon.stories.signals import lead_text

    db = tmp_path / "old.db"
    with Rashomon(db) as r:
        (first,) = r.read(r.ingest([str(SEEDS[0])]).added)
        old = inc.StoryIndex()
        old.add(inc.signature(first, embed.embed([lead_text(first)])[0]))
        with r.store._write() as conn:  # what an older version's group() left in the database
            conn.execute(
                "INSERT INTO index_state(name, blob, articles, updated_at) VALUES (?, ?, 1, '')",
                ("stories", inc.dumps(old)),
            )
            conn.execute(
                "INSERT INTO article_story(article_id, story_id, action, at) VALUES (?, ?, ?, '')",
                (first.id, "s0000001", "open"),
            )
    with Rashomon(db) as r:
        r.ingest([str(SEEDS[1])])
        (d,) = r.group(compare=False).decisions
        assert (d.action, d.story) == ("join", "s0000001")
        assert r.store.load_index() is None  # the pickle is gone, the rows hold it
        assert r.store.stale_stories() == ["s0000001"]  # the new member: to compare
