"""End-to-end throughput of the whole pipeline: 1 and 2 local workers, and a 2-worker Dask
LocalCluster, on real articles (PolNeAR texts as plain-text files: dev, then train).

Each configuration runs ``Rashomon.analyze`` (ingest, clean, store, the five reading stages,
grouping and comparison) over the same files into a fresh database. Wall time includes starting
the worker processes and loading the models in them, which is what a batch user waits for.

    .venv/bin/python benchmarks/throughput.py [--n 240]

240 by default: loading spaCy, the gazetteer and the embedding model costs ~3 CPU seconds per
process (the fork server the local workers come from, each Dask worker), which at 60 articles
was a large share of the run and says little about a firehose.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report  # noqa: E402


def run(files: list[Path], workers: int, scheduler: str | None) -> dict[str, float]:
    from rashomon.api import Rashomon

    with tempfile.TemporaryDirectory() as tmp:
        t0, c0, k0 = time.perf_counter(), time.process_time(), _report.tree_cpu()
        with Rashomon(Path(tmp) / "t.db") as r:
            arts, stories, _ = r.analyze(
                [str(f) for f in files], workers=workers, scheduler=scheduler
            )
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
        gc.collect()
        time.sleep(1.0)  # let exiting workers be reaped, so their CPU time is counted
        cpu_all = _report.tree_cpu() - k0
    return {"articles": len(arts), "stories": len(stories), "wall": wall, "cpu_main": cpu,
            "cpu_all": cpu_all}


def _bf16() -> str:
    from rashomon import embed

    return "yes" if embed.bf16() else "no"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=240)
    args = ap.parse_args()
    root = _report.DATASETS / "polnear"
    files = [f for split in ("dev", "train") for f in sorted((root / split / "text").glob("*.txt"))]
    files = files[: args.n]
    from rashomon import embed
    from rashomon.read.nlp import load_nlp

    load_nlp()  # the single-process run would otherwise pay the load inside its timing
    embed.load_model()
    ref = _report.cpu_reference()
    rows = []
    for label, workers, scheduler in (
        ("1 process", 1, None),
        ("2 local worker processes", 2, None),
        ("Dask LocalCluster, 2 workers", 2, "local"),
    ):
        res = run(files, workers, scheduler)
        rate = res["articles"] / res["wall"]
        rows.append(
            f"| {label} | {res['articles']} | {res['stories']} | {res['wall']:.1f} | {rate:.2f} | "
            f"{rate / workers:.2f} | {res['cpu_all']:.1f} | {res['articles'] / res['cpu_all']:.2f} |"
        )
        print(rows[-1], flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    md = _report.header("End-to-end pipeline throughput: 1 and 2 workers, Dask LocalCluster")
    md += (
        "| configuration | articles | stories | wall s | articles/s | articles/s per worker | "
        "CPU s (all processes) | articles per CPU-second |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n\n"
        f"Input: the first {len(files)} PolNeAR articles (dev, then train) as text files (ingest, clean, store, "
        "parse, entities, quotes, dates, claims, grouping, comparison). Worker start-up and model "
        "loads are inside the wall time and the CPU time (the local workers fork from a server "
        "that loads the models once, started by the 2-worker run; each Dask worker loads its "
        "own); the main process had its models loaded. Workers "
        "embed the leads and claims grouping compares; embeddings run under bfloat16 autocast "
        f"where the CPU has native bf16 (here: {_bf16()}). Peak RSS "
        f"of the main process: {rss:.0f} MB. Load average at the end: "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores. CPU speed reference before the "
        f"runs (``_report.cpu_reference``, a fixed loop on one core, lower is faster; on this kind "
        f"of machine it has read 1.06 to 1.33 s within minutes, idle, and 0.56 to 1.34 s across "
        f"sessions, so compare figures taken at similar readings only): {ref:.2f} s. Articles per CPU-second counts the "
        "CPU time of the main process and of every process it started (workers, the fork server "
        "they are forked from, Dask's nannies and workers; ``_report.tree_cpu``), start-up and model "
        "loads included: the per-core rate, which other load on the machine does not distort "
        "the way it distorts wall time.\n"
    )
    _report.write("throughput", md)


if __name__ == "__main__":
    main()
