"""Ingest throughput and peak memory for 10,000 plain-text articles (issue: foundation).

The corpus is built from real article bodies in ../shared/datasets (FNC-1 train and test bodies,
PolNeAR texts): each synthetic file is a real body with a headline line, a page-chrome line and a
byline around it, as scraped pages look; bodies are reused with a different paragraph rotation so
every file is distinct content (no duplicates short-cut the store). The run times the library
ingest path end to end (read -> clean -> store, one SQLite writer) in a fresh database.

    .venv/bin/python benchmarks/ingest.py [--n 10000]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report  # noqa: E402


def bodies() -> list[str]:
    out: list[str] = []
    csv.field_size_limit(10**8)
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with open(_report.DATASETS / "fnc-1" / name, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                body = row["articleBody"].strip()
                if len(body) > 400:
                    out.append(body)
    for split in ("train", "dev"):
        for p in sorted((_report.DATASETS / "polnear" / split / "text").glob("*.txt")):
            out.append(p.read_text(encoding="utf-8", errors="replace").strip())
    return out


def make_corpus(root: Path, n: int) -> int:
    texts = bodies()
    total = 0
    for i in range(n):
        body = texts[i % len(texts)]
        paras = [p for p in body.split("\n") if p.strip()]
        k = (i // len(texts)) % max(1, len(paras))
        paras = paras[k:] + paras[:k]  # a different rotation each reuse: distinct content
        title = paras[0][:90].rsplit(" ", 1)[0]
        text = f"{title}\n\n3 min read\n\n" + "\n\n".join(paras) + f"\n\nBy Reporter {i % 97}\n"
        (root / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    from rashomon.api import Rashomon

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        nbytes = make_corpus(corpus, args.n)
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0, c0 = time.perf_counter(), time.process_time()
        with Rashomon(Path(tmp) / "bench.db") as r:
            res = r.ingest([str(corpus)])
            count = r.store.count()
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        load = os.getloadavg()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        dbsize = (Path(tmp) / "bench.db").stat().st_size
    rate = len(res.added) / dt
    md = _report.header("Ingest throughput (read, clean, store) — plain-text articles")
    md += (
        "| articles | input MB | added | errors | wall s | articles/s (wall) | CPU s | "
        "articles per CPU-second | peak RSS MB | DB MB |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {args.n} | {nbytes / 1e6:.1f} | {len(res.added)} | {len(res.errors)} | {dt:.1f} | "
        f"{rate:.0f} | {cpu:.1f} | {len(res.added) / cpu:.0f} | {rss / 1024:.0f} | "
        f"{dbsize / 1e6:.1f} |\n\n"
        f"Load average at the end: {load[0]:.1f} / {load[1]:.1f} on {os.cpu_count()} cores (other "
        "work shares the machine; CPU seconds are the steadier figure). "
        f"One process, one writer, a fresh database; peak RSS is the whole process (it was "
        f"{rss0 / 1024:.0f} MB before ingest, with the corpus built). Stored: {count}.\n"
    )
    print(md)
    _report.write("ingest", md)


if __name__ == "__main__":
    main()
