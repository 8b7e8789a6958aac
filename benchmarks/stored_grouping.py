"""The stories the database stores, through ``Rashomon.group`` (what ``rashomon group`` runs):
BASIL in publication and in random order, and several writer processes grouping one database.

BASIL: the 300 articles (100 events x 3 outlets), read with the reading stages once (``--cache``
keeps them), are stored and grouped into the database without comparing (``rashomon group
--no-compare``): in publication order (one run over all), and in a random order (seeded), in
polls of 10 articles as a feed would bring them (each poll grouped oldest first). Scored against
the events (``triplet-uuid``): B-cubed and pairwise.

Writers: the same articles, stored read, grouped by 1, 2 and 4 processes at once, each running
``rashomon group`` (all of them), or each its share of the articles; articles per second of the
wall time from the first start to the last exit, and whether the stories equal a reference run
(see the table's note).

    .venv/bin/python benchmarks/stored_grouping.py [--cache FILE] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _metrics  # noqa: E402
import _report  # noqa: E402
import basil  # noqa: E402

POLL = 10


def read_basil(cache: Path | None) -> tuple[list[Any], dict[str, str]]:
    from rashomon import registry
    from rashomon.api import READ_STAGES
    from rashomon.model import Article
    from rashomon.read import attribution_model

    arts, gold = basil.load(None)
    if cache is not None and cache.exists():
        return [Article.from_dict(d) for d in json.loads(cache.read_text(encoding="utf-8"))], gold
    registry.run(arts, list(READ_STAGES), registry.Context(options=attribution_model.options(None)))
    if cache is not None:
        cache.write_text(json.dumps([a.to_dict() for a in arts]), encoding="utf-8")
    return arts, gold


def store_all(db: Path, arts: list[Any]) -> None:
    from rashomon.store import Store

    with Store(db) as s:
        for a in arts:
            s.add(a, None)
            s.save_analysis(a)


def membership(db: Path) -> dict[str, str]:
    from rashomon.store import Store

    with Store(db) as s:
        return dict(s._reader().execute("SELECT article_id, story_id FROM article_story").fetchall())


def group_polls(db: Path, polls: list[list[str]], everything: bool = False) -> None:
    """Group each poll (oldest first within it); ``everything``: whatever is ungrouped, in steps
    of a poll's size, as ``rashomon group`` does."""
    from rashomon.api import Rashomon

    with Rashomon(db) as r:
        if everything:
            r.group(compare=False, read_first=False, chunk=POLL)
            return
        for p in polls:
            r.group(compare=False, read_first=False, among=p)


def scores(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    b3, pw = _metrics.bcubed(pred, gold), _metrics.pairwise(pred, gold)
    return {"stories": len(set(pred.values())), "b3_p": b3["precision"], "b3_r": b3["recall"],
            "b3_f1": b3["f1"], "pw_p": pw["precision"], "pw_r": pw["recall"], "pw_f1": pw["f1"]}  # fmt: skip


def writers(tmp: Path, arts: list[Any], gold: dict[str, str], k: int, shared: bool) -> dict[str, Any]:
    """``k`` processes grouping one database at once. ``shared``: each groups every article it
    finds ungrouped (``rashomon group`` run ``k`` times at once; steps of ``POLL``), against one
    process doing it all; else each groups its own share (every k-th article by publication, in
    polls), against the same shares one after the other."""
    ids = [a.id for a in sorted(arts, key=lambda a: (a.published or "", a.id))]
    shares = [ids] * k if shared else [ids[j::k] for j in range(k)]
    base = tmp / f"base{k}{shared}.db"
    store_all(base, arts)
    seq, par = tmp / f"seq{k}{shared}.db", tmp / f"par{k}{shared}.db"
    for p in (seq, par):
        p.write_bytes(base.read_bytes())
    for share in shares[:1] if shared else shares:  # the reference, in this process
        group_polls(seq, [share[i : i + POLL] for i in range(0, len(share), POLL)], shared)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    mode = "--all" if shared else "--share"
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen([sys.executable, __file__, mode, str(par), *share], env=env)
        for share in shares
    ]
    rcs = [p.wait() for p in procs]
    wall = time.perf_counter() - t0
    a, b = membership(seq), membership(par)

    def parts(m: dict[str, str]) -> set[frozenset[str]]:
        by: dict[str, set[str]] = {}
        for x, sid in m.items():
            by.setdefault(sid, set()).add(x)
        return {frozenset(v) for v in by.values()}

    return {"writers": k, "shared": shared, "wall": wall, "rate": len(ids) / wall,
            "ok": rcs == [0] * k and len(b) == len(ids), "same": parts(a) == parts(b),
            "ids_same": a == b, "b3": _metrics.bcubed(b, gold)["f1"],
            "b3_ref": _metrics.bcubed(a, gold)["f1"]}  # fmt: skip


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] in ("--all", "--share"):
        db, share = Path(sys.argv[2]), sys.argv[3:]
        group_polls(db, [share[i : i + POLL] for i in range(0, len(share), POLL)],
                    sys.argv[1] == "--all")  # fmt: skip
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, help="keep the read BASIL articles here (JSON)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    arts, gold = read_basil(args.cache)
    rows = []
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        pub = tmp / "pub.db"
        store_all(pub, arts)
        t0 = time.perf_counter()
        group_polls(pub, [[a.id for a in arts]])
        rows.append(("publication order, one run", scores(membership(pub), gold),
                     time.perf_counter() - t0))  # fmt: skip
        for seed in (1, 2, 3):
            order = [a.id for a in arts]
            random.Random(seed).shuffle(order)
            db = tmp / f"random{seed}.db"
            store_all(db, arts)
            t0 = time.perf_counter()
            group_polls(db, [order[i : i + POLL] for i in range(0, len(order), POLL)])
            rows.append((f"random order (seed {seed}), polls of {POLL}",
                         scores(membership(db), gold), time.perf_counter() - t0))  # fmt: skip
        group_stats = [writers(tmp, arts, gold, k, shared) for shared in (True, False)
                       for k in ((1, 2, 4) if shared else (2, 4))]  # fmt: skip
    md = _report.header("Stored stories: BASIL through `Rashomon.group`, concurrent writers")
    md += (
        f"{len(arts)} BASIL articles ({len(set(gold.values()))} events), read once, stored, grouped "
        "into the database without comparing (`rashomon group --no-compare`); scored against "
        "the events. Shared 2-core machine: wall times are pessimistic.\n\n"
        "| order | stories | B³ P | B³ R | B³ F1 | pairwise P | pairwise R | pairwise F1 | s |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        + "".join(
            f"| {name} | {r['stories']} | {r['b3_p']:.3f} | {r['b3_r']:.3f} | {r['b3_f1']:.3f} | "
            f"{r['pw_p']:.3f} | {r['pw_r']:.3f} | {r['pw_f1']:.3f} | {secs:.1f} |\n"
            for name, r, secs in rows
        )
        + "\nWriter processes grouping one database at once (wall time from the first start to "
        "the last exit, the embedding model's load in each included). *All*: each runs `rashomon "
        f"group` (every ungrouped article, steps of {POLL}), compared with one process alone; "
        f"*shares*: each groups every k-th article by publication in polls of {POLL}, compared "
        "with the same shares one after the other (a different order, so the stories may "
        "differ; B³ F1 against BASIL's events for both).\n\n"
        "| writers | work | wall s | articles/s | all grouped | same stories | same ids | "
        "B³ F1 | B³ F1 reference |\n"
        "|---:|---|---:|---:|---|---|---|---:|---:|\n"
        + "".join(
            f"| {g['writers']} | {'all' if g['shared'] else 'shares'} | {g['wall']:.1f} | "
            f"{g['rate']:.1f} | {g['ok']} | {g['same']} | {g['ids_same']} | {g['b3']:.3f} | "
            f"{g['b3_ref']:.3f} |\n"
            for g in group_stats
        )
    )
    print(md)
    if not args.no_write:
        _report.write("stored_grouping", md)


if __name__ == "__main__":
    main()
