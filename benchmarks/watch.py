"""Watch benchmark (issue 20): ``rashomon watch`` against a local feed server whose feeds gain
items over time.

Feeds: ``--feeds`` RSS feeds (50), one outlet each, served from 127.0.0.1 with ETags (a repeated
poll gets a 304), each gaining ``--items`` entries (20) over the run. Entries are real reporting:
FNC-1 competition bodies that its stances list under one headline (agree, disagree, discuss) form
a story, its first ``--per-story`` bodies (10) told by as many feeds, one more outlet each wave,
so stories grow outlet by outlet as they do in the wild. An entry is the body's first sentences
(``--chars``, to keep the reading cost of 1,000 articles within a shared machine's minutes); its
title is its first sentence.

Timeline. The feeds start empty (a feed's first poll takes its backlog in silently, and there is
none). Then waves: a wave's entries appear on their feeds at once, and the watcher's next pass
comes a uniformly random time within ``--every`` later, as it would for a long-lived watch
polling every ``--every`` seconds (the pass is ``Watcher.run_once``, what ``run_forever``
repeats). The next wave appears when the pass has ended. Reported: the latency from an entry
appearing to the alert it raised (the terminal callback's time), over the entries that raised
one; the CPU time per polled feed when nothing changed (passes where every feed answers 304);
and duplicates: halfway through, a pass is stopped while it reads (``Watcher.stop``, what SIGTERM
does), the database is closed and a new Watcher on a new connection resumes; every alert's key
must be delivered once, in the terminal callback, the JSON Lines log and the store.

    .venv/bin/python benchmarks/watch.py [--feeds 50] [--items 20] [--every 5] [--no-write]

Writes benchmarks/results/watch.md and rebuilds BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import _report  # noqa: E402
from watch_feeds import Feed, FeedServer, item  # noqa: E402

from rashomon.api import Rashomon  # noqa: E402
from rashomon.watch import FeedSpec, Watcher, WatchOptions  # noqa: E402

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def _entry(body: str, chars: int) -> tuple[str, str] | None:
    """(title, text) of a body: its first sentence as the title, the next ones up to ``chars``."""
    sents = [x for x in _SENT.split(body) if x]
    if len(sents) < 3:
        return None
    text, k = sents[1], 2
    while k < len(sents) and len(text) + len(sents[k]) < chars:
        text, k = f"{text} {sents[k]}", k + 1
    return sents[0][:110], text


def stories(per_story: int, chars: int) -> tuple[list[list[tuple[str, str]]], list[tuple[str, str]]]:
    """Stories told by several outlets: FNC-1 competition bodies grouped by the headline their
    stance rows name (not 'unrelated'), largest groups first, at most ``per_story`` each, a body
    used once; and single reports: the FNC-1 training bodies, news no other feed carries."""
    fnc = _report.DATASETS / "fnc-1"
    csv.field_size_limit(10**8)
    bodies: dict[str, str] = {}
    with open(fnc / "competition_test_bodies.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            bodies[r["Body ID"]] = " ".join(r["articleBody"].split())
    groups: dict[str, list[str]] = defaultdict(list)
    with open(fnc / "competition_test_stances.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["Stance"] != "unrelated":
                groups[r["Headline"]].append(r["Body ID"])
    used: set[str] = set()  # FNC-1 repeats some bodies under other ids: one use of a text
    told: list[list[tuple[str, str]]] = []
    for _, ids in sorted(groups.items(), key=lambda kv: (-len(set(kv[1])), kv[0])):
        entries = []
        for bid in dict.fromkeys(ids):
            if bodies[bid] in used or (e := _entry(bodies[bid], chars)) is None:
                continue
            entries.append(e)
            used.add(bodies[bid])
            if len(entries) == per_story:
                break
        if len(entries) >= 2:
            told.append(entries)
    singles = []
    with open(fnc / "train_bodies.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            body = " ".join(r["articleBody"].split())
            if body not in used and (e := _entry(body, chars)) is not None:
                singles.append(e)
                used.add(body)
    return told, singles


def schedule(n_feeds: int, n_waves: int, told: list[list[tuple[str, str]]],
             singles: list[tuple[str, str]], rng: random.Random) -> list[list[tuple[str, str, str, int]]]:  # fmt: skip
    """Waves of (guid, title, text, feed): each wave gives every feed one new entry, so every
    feed gains ``n_waves``. A story's entries go to successive waves on distinct feeds (it gains
    an outlet a wave, from a random wave on); the slots left are single reports."""
    free = [list(range(n_feeds)) for _ in range(n_waves)]
    for w in free:
        rng.shuffle(w)
    waves: list[list[tuple[str, str, str, int]]] = [[] for _ in range(n_waves)]
    for j, entries in enumerate(told):
        start, feeds_used = rng.randrange(max(1, n_waves - len(entries) + 1)), set()
        for i, (title, text) in enumerate(entries):
            w = start + i
            f = next((f for f in free[w] if f not in feeds_used), None) if w < n_waves else None
            if f is None:
                break  # the story stops growing where the waves are full
            free[w].remove(f)
            feeds_used.add(f)
            waves[w].append((f"s{j:03d}e{i}", title, text, f))
    k = 0
    for w in range(n_waves):
        for f in free[w]:
            title, text = singles[k]
            waves[w].append((f"u{k:04d}", title, text, f))
            k += 1
    return waves


class Run:
    """The feeds, the watcher and what the alerts say."""

    def __init__(self, db: Path, log: Path, server: FeedServer, feeds: list[FeedSpec],
                 every: float) -> None:  # fmt: skip
        self.db, self.log, self.server, self.feeds, self.every = db, log, server, feeds, every
        self.delivered: list[tuple[float, dict[str, Any]]] = []  # (wall time, alert)
        self.lock = threading.Lock()
        self.r: Rashomon | None = None
        self.w: Watcher | None = None
        self.open()

    def open(self) -> None:
        self.r = Rashomon(self.db)
        opts = WatchOptions(every=self.every, host_delay=0.0, allow_private=True,
                            fetch_links=False, log=str(self.log), concurrency=4)  # fmt: skip
        self.w = Watcher(self.r, self.feeds, opts, on_alert=self._alert)

    def close(self) -> None:
        assert self.r is not None
        self.r.close()
        self.r = self.w = None

    def _alert(self, a: dict[str, Any]) -> None:
        with self.lock:
            self.delivered.append((time.time(), a))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--items", type=int, default=20, help="entries each feed gains")
    ap.add_argument("--per-story", type=int, default=10, help="outlets telling each story")
    ap.add_argument("--chars", type=int, default=600, help="characters of body per entry")
    ap.add_argument("--every", type=float, default=5.0, help="the watch's poll interval, s")
    ap.add_argument("--idle-passes", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    told, singles = stories(args.per_story, args.chars)
    waves = schedule(args.feeds, args.items, told, singles, rng)
    n_multi = sum(1 for w in waves for e in w if e[0].startswith("s"))
    server = FeedServer()
    paths = [f"/feed{f:02d}.xml" for f in range(args.feeds)]
    for f, p in enumerate(paths):
        server.feeds[p] = Feed(f"Outlet {f:02d} News")
    specs = [FeedSpec(server.url(p)) for p in paths]
    tmp = Path(tempfile.mkdtemp(prefix="rashomon-watch-bench-"))
    run = Run(tmp / "watch.db", tmp / "alerts.jsonl", server, specs, args.every)
    appeared: dict[str, float] = {}  # guid -> when it appeared on its feed
    cpu0, wall0 = _report.tree_cpu(), time.perf_counter()
    assert run.w is not None
    first = run.w.run_once(force=True)  # registers the feeds: empty, nothing silent to take in
    passes: list[dict[str, Any]] = [{"wave": None, **first.to_dict()}]
    restart_at = len(waves) // 2
    restart: dict[str, Any] = {}
    for wn, wave in enumerate(waves):
        hour = 1 + wn
        now = time.time()
        for guid, title, text, f in wave:
            server.feeds[paths[f]].items.append(item(guid, title, text, hours=hour))
            appeared[guid] = now
        time.sleep(rng.uniform(0, args.every))  # when the watch's next poll comes
        assert run.w is not None
        if wn == restart_at:
            # Stopped while it reads (as SIGTERM does), then a new process's watcher resumes.
            w = run.w

            def stopped_pass(w: Watcher = w, wn: int = wn) -> None:
                passes.append({"wave": wn, "stopped": True, **w.run_once(force=True).to_dict()})

            t = threading.Thread(target=stopped_pass)
            t.start()
            time.sleep(1.0)
            w.stop.set()
            t.join()
            assert run.r is not None
            left = len(run.r.store.pending_entries())
            run.close()
            run.open()
            assert run.w is not None
            rep = run.w.run_once(force=True)
            passes.append({"wave": wn, "resumed": True, **rep.to_dict()})
            restart = {"wave": wn, "entries": len(wave), "left": left,
                       "stopped": passes[-2]["alerts"], "resumed": len(rep.alerts)}  # fmt: skip
        else:
            passes.append({"wave": wn, **run.w.run_once(force=True).to_dict()})
        print(f"wave {wn}: {len(wave)} entries, pass {passes[-1]}", flush=True)
    busy_cpu, busy_wall = _report.tree_cpu() - cpu0, time.perf_counter() - wall0
    # Nothing changes now: every feed answers 304.
    assert run.w is not None
    idle, idle_wall = [], []
    for _ in range(args.idle_passes):
        t0 = time.perf_counter()
        idle.append(run.w.run_once(force=True))
        idle_wall.append(time.perf_counter() - t0)
    # A restart with nothing new raises nothing.
    n_before_final = len(run.delivered)
    run.close()
    run.open()
    assert run.w is not None
    final = run.w.run_once(force=True)
    raised_after_final_restart = len(run.delivered) - n_before_final
    assert run.r is not None
    stored = run.r.store.alerts(limit=1_000_000)
    logged = [json.loads(line) for line in run.log.read_text(encoding="utf-8").splitlines()]
    run.close()
    server.close()

    # Latency: from an entry appearing to the first alert naming its article.
    guid_of = _guids(tmp / "watch.db")
    first_alert: dict[str, float] = {}
    for t, a in run.delivered:
        g = guid_of.get(a.get("article_id") or "")
        if g is not None and g not in first_alert:
            first_alert[g] = t
    lat = sorted(first_alert[g] - appeared[g] for g in first_alert)
    keys = Counter(a.get("key") or (a["kind"], a["story_id"], a["article_id"], a["summary"])
                   for _, a in run.delivered)  # fmt: skip
    dup_delivered = sum(c - 1 for c in keys.values() if c > 1)
    log_seq = Counter(x["seq"] for x in logged)
    dup_logged = sum(c - 1 for c in log_seq.values() if c > 1)
    kinds = Counter(a["kind"] for _, a in run.delivered)
    idle_cpu = [p.cpu_polling / max(1, p.polled) for p in idle]
    n_entries = sum(len(w) for w in waves)
    load = os.getloadavg()

    md = _report.header("rashomon watch against a local feed server (issue 20)")
    md += (
        f"- feeds: {args.feeds} RSS feeds on 127.0.0.1 (ETag, 304 when unchanged), each gaining "
        f"{args.items} entries over {len(waves)} waves (one per feed a wave): {n_entries} entries; "
        f"{n_multi} of them tell {len(told)} stories of 2-{args.per_story} outlets (FNC-1 bodies "
        "one headline's stance rows name: agree, disagree, discuss), each story gaining an outlet "
        "a wave, the rest are single reports (FNC-1 training bodies); an entry is a body's first "
        f"{args.chars} characters or so\n"
        f"- the watch: `Watcher.run_once` after each wave, a uniform 0-{args.every:g} s after it "
        f"appeared (a watch polling every {args.every:g} s); concurrency 4, host delay 0 (all "
        "feeds share 127.0.0.1); reading with the default models; one process\n"
        f"- load average at the end {load[0]:.1f} on {os.cpu_count()} cores (shared machine)\n\n"
        "| measure | result |\n|---|---|\n"
        f"| entries taken in | {sum(p.get('added', 0) for p in passes)} of {n_entries} |\n"
        f"| alerts | {len(run.delivered)} ({', '.join(f'{k} {v}' for k, v in kinds.most_common())}) |\n"
        f"| latency, entry appearing -> its first alert ({len(lat)} entries alerted) | p50 "
        f"**{_pct(lat, 50):.1f} s**, p90 {_pct(lat, 90):.1f} s, max {max(lat, default=0):.1f} s |\n"
        f"| time for the {len(waves)} waves (wall / CPU, all of it: fetch, read, group, compare) | "
        f"{busy_wall:.0f} s / {busy_cpu:.0f} s = {busy_cpu / max(1, n_entries) * 1000:.0f} CPU-ms "
        "per entry |\n"
        f"| CPU per polled feed when nothing changed (304), {args.idle_passes} passes of "
        f"{idle[0].polled} feeds | median **{statistics.median(idle_cpu) * 1000:.2f} ms**, max "
        f"{max(idle_cpu) * 1000:.2f} ms; {statistics.median(idle_wall):.2f} s wall a pass |\n"
        f"| a pass stopped while it read wave {restart.get('wave')} ({restart.get('entries')} "
        "entries), resumed by a new watcher on a new connection | "
        f"{restart.get('left')} entries left unread; the stopped pass raised "
        f"{restart.get('stopped')} alerts, the resumed one {restart.get('resumed')} |\n"
        f"| duplicate alerts (same key delivered twice; same seq logged twice) | "
        f"**{dup_delivered}**; **{dup_logged}** |\n"
        f"| alerts delivered / logged / stored | {len(run.delivered)} / {len(logged)} / "
        f"{len(stored)} |\n"
        f"| a restart with nothing new: alerts raised | **{raised_after_final_restart}** "
        f"(pass: {final.polled} polled, {final.unchanged} unchanged) |\n"
    )
    md += (
        "\nLatency is what a reader waits: the time to the watch's next poll plus the pass that "
        "fetches, reads, groups and compares the wave (up to "
        f"{max(len(w) for w in waves)} new articles at once here); with a poll every "
        f"{args.every:g} s most of it is reading on this shared machine. Only the entries that "
        "changed a story (a new outlet, fact or difference) raise an alert.\n"
    )
    print(md)
    if not args.no_write:
        print(f"wrote {_report.write('watch', md)}")


def _pct(xs: list[float], p: float) -> float:
    if not xs:
        return 0.0
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def _guids(db: Path) -> dict[str, str]:
    """article id -> the entry's guid (its link is http://127.0.0.1/GUID)."""
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        rows = con.execute("SELECT id, url FROM articles WHERE url IS NOT NULL").fetchall()
    return {aid: url.rsplit("/", 1)[-1] for aid, url in rows}


if __name__ == "__main__":
    main()
