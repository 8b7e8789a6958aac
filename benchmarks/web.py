"""Web benchmark: the story page and the story API under load, over real HTTP on loopback.

A database of 10,000 articles is built with ``store_bench.corpus`` (FNC-1 bodies, see there). Real
stories are made by the library itself: FNC-1's competition stances name, for each headline, the
bodies that report that claim (agree, disagree, discuss); a few hundred such bodies, grouped by
headline, go through ``Rashomon.analyze`` (read, group, compare) and their stories are stored.
``rashomon serve`` then runs as its own process on a free 127.0.0.1 port, and this process sends
a bounded number of requests per endpoint from a few client threads (httpx, keep-alive), cycling
over the stories. Reported: requests per second, latency percentiles, the server's CPU time per
request (steadier than wall time on a shared machine) and its peak RSS (VmHWM).

    .venv/bin/python benchmarks/web.py [--n 10000] [--story-articles 300] [--requests 2000]

Writes benchmarks/results/web.md and rebuilds BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report  # noqa: E402
import store_bench  # noqa: E402

from rashomon.api import Rashomon  # noqa: E402
from rashomon.store import Store  # noqa: E402

PHASE_LIMIT_S = 300.0  # no phase runs longer than this, whatever --requests says


def story_groups(items: list[Any], budget: int, per_story: int = 5) -> list[list[str]]:
    """Article ids grouped by the FNC-1 headline their bodies report on (non-'unrelated'
    stances), largest groups first, each body used once, until ``budget`` articles are taken.

    Only the first ``len(bodies)`` items carry a body unrotated, so a body maps to one item."""
    src = store_bench.bodies()
    by_text = {body: i for i, body in enumerate(src)}
    body_text: dict[str, str] = {}
    with open(_report.DATASETS / "fnc-1" / "competition_test_bodies.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            body_text[r["Body ID"]] = r["articleBody"].strip()
    related: dict[str, list[int]] = defaultdict(list)
    with open(_report.DATASETS / "fnc-1" / "competition_test_stances.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            i = by_text.get(body_text.get(r["Body ID"], ""))
            if r["Stance"] != "unrelated" and i is not None and i < len(items):
                related[r["Headline"]].append(i)
    used: set[int] = set()
    groups: list[list[str]] = []
    taken = 0
    for _, idx in sorted(related.items(), key=lambda kv: (-len(set(kv[1])), kv[0])):
        fresh = sorted(set(idx) - used)[:per_story]
        if len(fresh) < 2:
            continue
        used.update(fresh)
        groups.append([items[i][0].id for i in fresh])
        taken += len(fresh)
        if taken >= budget:
            break
    return groups


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS/VmHWM (KiB) of a process, from /proc."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, val = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(val.split()[0])
    return out


def proc_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (and its reaped children), from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def load(
    base: str, paths: list[str], n: int, clients: int, stop: threading.Event | None = None
) -> dict[str, Any]:
    """Send ``n`` GETs (cycling over ``paths``) from ``clients`` threads, each with its own
    keep-alive connection; stop early at PHASE_LIMIT_S or when ``stop`` is set. Latencies in ms."""
    lat: list[list[float]] = [[] for _ in range(clients)]
    bad: list[str] = []
    sizes: list[int] = []
    counter = iter(range(n))
    lock = threading.Lock()
    deadline = time.monotonic() + PHASE_LIMIT_S

    def worker(k: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            while time.monotonic() < deadline and not (stop is not None and stop.is_set()):
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                r = c.get(paths[i % len(paths)])
                lat[k].append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    bad.append(f"{r.status_code} {paths[i % len(paths)]}")
                elif i < len(paths):
                    sizes.append(len(r.content))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    all_lat = [x for xs in lat for x in xs]
    return {
        "n": len(all_lat), "wall": wall, "rps": len(all_lat) / wall, "bad": bad,
        "p50": pct(all_lat, 0.5), "p90": pct(all_lat, 0.9), "p99": pct(all_lat, 0.99),
        "max": max(all_lat), "bytes": sum(sizes) / max(1, len(sizes)),
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000, help="articles in the database")
    ap.add_argument("--story-articles", type=int, default=300, help="articles analysed into stories")
    ap.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    ap.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    ap.add_argument("--writer-articles", type=int, default=100,
                    help="articles held back and analysed (ingest, read, group) while reads run")
    ap.add_argument("--no-write", action="store_true", help="print the section, write nothing")
    args = ap.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.db"
        t0 = time.perf_counter()
        items = store_bench.corpus(args.n)
        with Store(db) as s:
            s.add_many(items, batch_size=200)
            assert s.count() == args.n
        build_s = time.perf_counter() - t0
        groups = story_groups(items, args.story_articles + args.writer_articles)
        held: list[list[str]] = []
        while groups and sum(len(g) for g in held) < args.writer_articles:
            held.append(groups.pop())
        t0 = time.perf_counter()
        with Rashomon(db) as r:
            for ids in groups:
                r.analyze(ids)
            stories = [r.store.get_story(x["id"]) for x in r.store.list_stories(limit=10_000)]
            n_stories = len(stories)
        analyze_s = time.perf_counter() - t0
        multi = [s for s in stories if len(s.articles) >= 2]
        targets = multi or stories
        assert targets, "no story was made"
        db_mib = sum(p.stat().st_size for p in Path(tmp).glob("web.db*")) / 2**20
        aligned = sum(len(s.alignments) for s in targets) / len(targets)
        arts_per = sum(len(s.articles) for s in targets) / len(targets)
        article_ids = [a for s in targets for a in s.articles]

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        cmd = [sys.executable, "-m", "rashomon", "serve", "--db", str(db), "--port", str(port)]
        server = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        results: dict[str, dict[str, Any]] = {}
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(base + "/api/v1/health", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not start")
                time.sleep(0.2)
            idle = proc_status(server.pid)
            # Warm-up: every story once through both endpoints (templates, caches, imports).
            load(base, [f"/stories/{s.id}" for s in targets], len(targets), 1)
            load(base, [f"/api/v1/stories/{s.id}" for s in targets], len(targets), 1)
            phases = [
                ("story page `GET /stories/{id}`", [f"/stories/{s.id}" for s in targets],
                 args.requests),
                ("story API `GET /api/v1/stories/{id}`",
                 [f"/api/v1/stories/{s.id}" for s in targets], args.requests),
                ("article page `GET /articles/{id}` (context)",
                 [f"/articles/{a}" for a in article_ids], args.requests // 4),
                ("article API `GET /api/v1/articles/{id}` (context)",
                 [f"/api/v1/articles/{a}" for a in article_ids], args.requests // 4),
            ]  # fmt: skip
            for name, paths, n in phases:
                cpu0 = proc_cpu_s(server.pid)
                res = load(base, paths, n, args.clients)
                res["cpu_ms"] = (proc_cpu_s(server.pid) - cpu0) / res["n"] * 1000
                results[name] = res
                print(f"{name}: {res['n']} req, {res['rps']:.0f} req/s, p50 {res['p50']:.1f} ms,"
                      f" p99 {res['p99']:.1f} ms, {len(res['bad'])} bad", flush=True)  # fmt: skip
            # Reads while a writer analyses (ingest, read, group, compare) the held-back groups
            # into the same database from another process's connection.
            done = threading.Event()
            writer: dict[str, Any] = {"errors": []}

            def write() -> None:
                t = time.perf_counter()
                try:
                    with Rashomon(db) as w:
                        for ids in held:
                            w.analyze(ids)
                except Exception as exc:  # counted, and the phase ends
                    writer["errors"].append(f"{type(exc).__name__}: {exc}")
                finally:
                    writer["wall"] = time.perf_counter() - t
                    done.set()

            name = "story API `GET /api/v1/stories/{id}` while a writer groups"
            thread = threading.Thread(target=write)
            cpu0 = proc_cpu_s(server.pid)
            thread.start()
            res = load(base, [f"/api/v1/stories/{s.id}" for s in targets], 10**9, args.clients,
                       stop=done)  # fmt: skip
            thread.join()
            res["cpu_ms"] = (proc_cpu_s(server.pid) - cpu0) / res["n"] * 1000
            results[name] = res
            with Rashomon(db) as r:
                after = len(r.store.list_stories(limit=100_000))
            writer_note = (
                f"{sum(len(g) for g in held)} held-back articles in {len(held)} groups analysed "
                f"by a writer in {writer.get('wall', 0):.0f} s ({after - n_stories} stories "
                f"added, {len(writer['errors'])} writer errors"
                + (f": {writer['errors'][0]}" if writer["errors"] else "") + ")"
            )
            print(f"{name}: {res['n']} req, p50 {res['p50']:.1f} ms, p99 {res['p99']:.1f} ms, "
                  f"{len(res['bad'])} bad; {writer_note}", flush=True)  # fmt: skip
            peak = proc_status(server.pid)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    load_after = os.getloadavg()

    md = _report.header("Web app and HTTP API under load (rashomon serve)")
    md += (
        f"Database: {args.n:,} articles from FNC-1 bodies (`store_bench.corpus`, built and stored "
        f"in {build_s:.0f} s), {db_mib:.0f} MiB with WAL. {sum(len(g) for g in groups)} of them, "
        f"in {len(groups)} groups of bodies that FNC-1 lists under one headline, went through "
        f"`Rashomon.analyze` (read, group, compare; {analyze_s:.0f} s) and gave {n_stories} "
        f"stories; the {len(targets)} with two or more articles ({arts_per:.1f} articles and "
        f"{aligned:.1f} aligned claim pairs each on average) are the ones requested, in turn. "
        f"Server: `{' '.join(['python', *cmd[1:4]])} --db … --port …` (one uvicorn worker), its "
        f"own process on 127.0.0.1; clients: {args.clients} threads in the benchmark's process, "
        "one keep-alive httpx connection each, after one warm-up pass over every story. Load "
        f"average {load_before[0]:.2f} / {load_before[1]:.2f} before, {load_after[0]:.2f} / "
        f"{load_after[1]:.2f} after, on {os.cpu_count()} cores shared with the client threads "
        "and with other jobs: wall-clock figures are pessimistic; server CPU per request is the "
        "steadier figure.\n\n"
        "| endpoint | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | server CPU ms/req "
        "| body | errors |\n|---|---|---|---|---|---|---|---|---|---|\n"
    )
    for name, res in results.items():
        md += (
            f"| {name} | {res['n']:,} | **{res['rps']:.0f}** | **{res['p50']:.1f}** | "
            f"{res['p90']:.1f} | **{res['p99']:.1f}** | {res['max']:.0f} | {res['cpu_ms']:.1f} | "
            f"{res['bytes'] / 1024:.0f} KiB | {len(res['bad'])} |\n"
        )
    md += (
        f"\nServer memory: {idle.get('VmRSS', 0) / 1024:.0f} MiB resident when idle after start, "
        f"peak (VmHWM) **{peak.get('VmHWM', 0) / 1024:.0f} MiB** at the end of the run "
        f"({peak.get('VmRSS', 0) / 1024:.0f} MiB resident then). Last row: {writer_note}; "
        "the readers ran until the writer finished.\n\n"
        "Reading the figures: each story request reads the story document and every member "
        "article from SQLite (JSON decode into the model), then renders (page: the same "
        "Jinja2 fragment as the HTML report, with every article's text cut at its claims; API: "
        "the story as JSON). Sync routes run in uvicorn's thread pool, so with one worker "
        "process the GIL caps throughput near one core; more worker processes "
        "(`uvicorn rashomon.web.app:app_from_env --factory --workers N`) should scale reads, "
        "as SQLite allows many readers (not measured here: 2 cores).\n"
    )
    print(md)
    if not args.no_write:
        _report.write("web", md)


if __name__ == "__main__":
    main()
