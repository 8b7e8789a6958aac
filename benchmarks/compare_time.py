"""Time for ``rashomon compare`` on the two seeds: cold (a new process) and warm, and where it goes.

Cold: ``rashomon compare SEED1 SEED2 --format json`` in a fresh process with a fresh database,
timed from outside (imports and model loads included). Warm: the same comparison again inside one
process whose models are loaded, on a fresh database each time (so ingest and reading are redone,
not skipped as duplicates). The breakdown times each step of the warm path in-process.

    .venv/bin/python benchmarks/compare_time.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report  # noqa: E402

SEEDS = sorted((_report.SHARED / "seeds").glob("*.txt"))


def cold(repeat: int) -> list[float]:
    exe = Path(sys.executable).with_name("rashomon")
    out = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run(
                [str(exe), "compare", *map(str, SEEDS), "--format", "json", "--db",
                 str(Path(tmp) / "c.db")],
                check=True, stdout=subprocess.DEVNULL, env={**os.environ, "HF_HUB_OFFLINE": "1"},
            )
            out.append(time.perf_counter() - t0)
    return out


def warm(repeat: int) -> tuple[list[float], dict[str, float], dict[str, float]]:
    t0 = time.perf_counter()
    from rashomon import embed, registry
    from rashomon.api import READ_STAGES, Rashomon
    from rashomon.compare import analyze_story
    from rashomon.read.nlp import load_nlp
    from rashomon.render.json import dumps

    loads = {"imports": time.perf_counter() - t0}
    t = time.perf_counter()
    load_nlp()
    loads["spaCy model load"] = time.perf_counter() - t
    t = time.perf_counter()
    embed.load_model()
    loads["MiniLM model load"] = time.perf_counter() - t
    totals: list[float] = []
    steps: dict[str, list[float]] = {}
    for k in range(repeat + 1):  # the first round warms caches and is not counted
        embed.cache_clear()
        with tempfile.TemporaryDirectory() as tmp, Rashomon(Path(tmp) / "w.db") as r:
            t_all = time.perf_counter()
            t = time.perf_counter()
            res = r.ingest([str(p) for p in SEEDS])
            lap = {"ingest + clean + store": time.perf_counter() - t}
            arts = res.added
            ctx = registry.Context()  # one context: the stages share the parsed Docs
            for stage in READ_STAGES:
                t = time.perf_counter()
                registry.run(arts, [stage], ctx)
                lap[f"read: {stage}"] = time.perf_counter() - t
            t = time.perf_counter()
            for a in arts:
                r.store.save_analysis(a)
            lap["save analyses"] = time.perf_counter() - t
            t = time.perf_counter()
            story = analyze_story(arts)
            lap["group + compare (embeddings included)"] = time.perf_counter() - t
            t = time.perf_counter()
            dumps(arts, [story])
            lap["render JSON"] = time.perf_counter() - t
            total = time.perf_counter() - t_all
        if k:
            totals.append(total)
            for name, v in lap.items():
                steps.setdefault(name, []).append(v)
    return totals, loads, {k: statistics.median(v) for k, v in steps.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    c = cold(args.repeat)
    w, loads, steps = warm(args.repeat)
    md = _report.header("Time for `rashomon compare` on the two seeds (cold and warm)")
    md += (
        f"| run | median s | runs |\n|---|---:|---:|\n"
        f"| cold: new process, fresh database (`rashomon compare SEEDS --format json`) | "
        f"{statistics.median(c):.2f} | {', '.join(f'{x:.2f}' for x in c)} |\n"
        f"| warm: same process, models loaded, fresh database | {statistics.median(w):.2f} | "
        f"{', '.join(f'{x:.2f}' for x in w)} |\n\n"
        "Where the cold start goes (one process, measured once):\n\n| step | s |\n|---|---:|\n"
        + "".join(f"| {k} | {v:.2f} |\n" for k, v in loads.items())
        + "\nWhere a warm comparison goes (median of the warm runs):\n\n| step | s |\n|---|---:|\n"
        + "".join(f"| {k} | {v:.3f} |\n" for k, v in steps.items())
        + f"\nLoad average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n"
    )
    print(md)
    _report.write("compare_time", md)


if __name__ == "__main__":
    main()
