"""Grouping writers on one database (issue 18): several processes at once, or one killed at a
random point, leave the stories one uninterrupted writer would, each article in exactly one."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from rashomon.store import Store

HELPER = Path(__file__).parent / "store_helpers" / "grouper.py"
N = 24  # six stories of four articles (store_helpers/grouper.py)


def _run(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(HELPER), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )  # fmt: skip


def _wait(proc: subprocess.Popen) -> None:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-2000:]


def _fresh(tmp: Path, name: str) -> tuple[Path, list[str]]:
    sys.path.insert(0, str(HELPER.parent))
    try:
        from grouper import make
    finally:
        sys.path.remove(str(HELPER.parent))
    db = tmp / name
    with Store(db) as s:
        arts = [make(i) for i in range(N)]
        for a in arts:
            s.add(a, None)
    return db, [a.id for a in arts]


def _analyze_here(db: Path, batch: int, ids: list[str]) -> None:
    """What the helper's ``analyze`` does, in this process (the model loads once for all)."""
    from rashomon.api import Rashomon

    with Rashomon(db) as r:
        for k in range(0, len(ids), batch):
            r.analyze(ids[k : k + batch], stages=())


def _stories(db: Path) -> dict[str, list[str]]:
    """Story id -> members, as the membership rows, the stored stories and their lists say;
    asserts they agree and that nothing is left to compare."""
    with Store(db) as s:
        members: dict[str, list[str]] = defaultdict(list)
        for sid, aid in s._reader().execute("SELECT story_id, article_id FROM article_story"):
            members[sid].append(aid)
        stored = {row["id"]: sorted(row["articles"]) for row in s.list_stories(limit=1000)}
        assert stored == {sid: sorted(m) for sid, m in members.items()}
        for sid, m in members.items():
            assert sorted(s.get_story(sid).articles) == sorted(m)
        assert s.stale_stories() == []
        return {sid: sorted(m) for sid, m in members.items()}


def _partition(stories: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(m) for m in stories.values()}


def test_two_writers_at_once_give_the_stories_of_one_after_the_other(tmp_path: Path) -> None:
    db, ids = _fresh(tmp_path, "seq.db")
    halves = (ids[0::2], ids[1::2])  # each writer has a part of every story
    db2 = tmp_path / "both.db"
    shutil.copy(db, db2)
    for half in halves:
        _analyze_here(db, 3, half)
    one_after = _stories(db)
    procs = [_run(str(db2), "analyze", "3", *half) for half in halves]
    for p in procs:
        _wait(p)
    at_once = _stories(db2)
    assert len(one_after) == 6 and all(len(m) == 4 for m in one_after.values())
    assert _partition(at_once) == _partition(one_after)
    assert sorted(at_once) == sorted(one_after)  # six ids handed out, none twice


def test_a_writer_killed_anywhere_leaves_what_the_rerun_completes(tmp_path: Path) -> None:
    base, ids = _fresh(tmp_path, "base.db")
    clean = tmp_path / "clean.db"
    shutil.copy(base, clean)
    _analyze_here(clean, 4, ids)
    expected = _stories(clean)
    cut = 0
    for seed in (1, 2, 3):
        rng = random.Random(seed)
        db = tmp_path / f"killed{seed}.db"
        shutil.copy(base, db)
        proc = _run(str(db), "analyze", "4", *ids)
        assert proc.stdout is not None
        for _ in range(rng.randrange(N // 4)):  # let some batches finish, then a bit more
            proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.8))
        cut += proc.poll() is None
        proc.send_signal(signal.SIGKILL)  # no clean-up of any kind
        proc.wait()
        with Store(db) as s:
            assert s.integrity_check() == "ok"
        _wait(_run(str(db), "analyze", "4", *ids))
        assert _stories(db) == expected, f"seed {seed}"
    assert cut, "no run was cut off part-way"
