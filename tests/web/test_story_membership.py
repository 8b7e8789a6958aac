"""A story is its membership rows everywhere (issue 18): a story of 100 articles lists 100 in the
store, the library, the CLI, the API and the page; a merged story's id redirects for good."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from _shared import SEEDS

from rashomon.api import Rashomon
from rashomon.engine.incremental import Signature, StoryIndex, key_terms
from rashomon.model import Article, Story
from rashomon.store import Store

from .conftest import start_server


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rashomon", *args, "--db", str(db)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_story_of_100_articles_lists_100_everywhere(tmp_path: Path) -> None:
    base = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    db = tmp_path / "hundred.db"
    paths = []
    for k in range(100):
        p = tmp_path / f"copy{k}.txt"
        p.write_text(base + f"\n\nUpdate {k}: the report was revised at {k % 12 + 1} p.m.\n", "utf-8")
        paths.append(str(p))
    with Rashomon(db) as r:
        ids = {a.id for a in r.ingest(paths).added}
        assert len(ids) == 100
        result = r.group(read_first=False)  # compared on its 40 most recent
        (sid,) = {d.story for d in result.decisions}
        assert len(r.store.get_story(sid).articles) == 100
        assert set(r.store.story_members(sid)) == ids
        assert all(r.store.stories_of(i) == [sid] for i in ids)
        assert [s.id for s in r.stories_of(next(iter(ids)))] == [sid]
        (row,) = r.store.list_stories()
        assert len(row["articles"]) == 100
        listed, total = r.stories()
        assert total == 1 and listed[0]["articles"] == 100
    out = _cli(db, "story", sid, "--format", "json")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["stories"][0]["articles"]) == 100
    out = _cli(db, "stories", "--format", "json")
    assert json.loads(out.stdout)["stories"][0]["articles"] == 100
    for server in start_server(db):
        with server.client() as c:
            assert len(c.get(f"/api/v1/stories/{sid}").json()["articles"]) == 100
            assert c.get("/api/v1/stories").json()["stories"][0]["articles"] == 100
            page = c.get(f"/stories/{sid}").text
            assert sum(f'href="/articles/{i}"' in page for i in ids) == 100


def _sig(aid: str, terms: str, seed: int) -> Signature:
    topic = np.ones(16) / 4.0
    v = topic + 0.01 * np.random.default_rng(seed).normal(size=16)
    return Signature(aid, dt.date(2025, 8, 18), key_terms(terms, ""), v / np.linalg.norm(v),
                     Counter(w for w in terms.split() if w[0].isupper()))


def _step(idx: StoryIndex, store: Store, sigs: list[Signature]) -> None:
    """One grouping step as ``Rashomon.group`` writes it."""
    for s in sigs:
        idx.add(s)
    moved = set(idx.moved) | {s.id for s in sigs}
    idx.moved.clear()
    history, idx.history = idx.history, []
    with store.grouping() as rows:
        rows.write(idx.take_changes(), [(a, idx.story_of[a], "x", None) for a in moved], history)


def test_a_merged_storys_id_redirects_to_the_story_it_went_into(tmp_path: Path) -> None:
    db = tmp_path / "merged.db"
    sigs = [
        _sig("a", "Port strike Rotterdam dockers wages", 1),
        _sig("b", "Harbour walkout Netherlands workers pay", 2),  # no shared terms: own story
        _sig("c", "Port strike Rotterdam Harbour walkout Netherlands dockers workers wages pay", 3),
    ]
    with Store(db) as store:
        for s in sigs:
            store.add(Article(id=s.id, source=s.id, title=s.id, text=f"Report {s.id}."), None)
        with store.grouping() as rows:
            idx = StoryIndex.from_rows(**rows.load(), threshold=0.5, merge_threshold=0.55)
        _step(idx, store, sigs[:2])
        first = {s.id: idx.story_of[s.id] for s in sigs[:2]}
        for aid, sid in first.items():
            store.put_compared(Story(id=sid, title=aid, articles=[aid]), [aid], 1)
        _step(idx, store, sigs[2:])
        (into,) = idx.stories
        (gone,) = set(first.values()) - {into}
        store.put_compared(Story(id=into, title="c", articles=["a", "b", "c"]), ["a", "b", "c"],
                           store.stale_gen(into))  # fmt: skip
        assert store.story_redirect(gone) == into and store.story_redirect(into) is None
    for server in start_server(db):
        with server.client() as c:
            for path in (f"/api/v1/stories/{gone}", f"/stories/{gone}"):
                resp = c.get(path, follow_redirects=False)
                assert resp.status_code == 301
                assert resp.headers["location"] == path.replace(gone, into)
            moved = c.get(f"/api/v1/stories/{gone}", follow_redirects=True)
            assert sorted(moved.json()["articles"]) == ["a", "b", "c"]
    out = _cli(db, "story", gone, "--format", "json")
    assert out.returncode == 0, out.stderr
    assert f"merged into {into}" in out.stderr
    assert json.loads(out.stdout)["stories"][0]["id"] == into
