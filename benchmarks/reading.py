"""Throughput of the reading stage (parse, entities, quotes, dates, claims) on real articles, in
one process, with the time of each stage: how much rashomon's own rules cost next to spaCy's parse.

The stages run as ``rashomon.engine.read_chunk`` runs them: chunks of 16 articles, one stage
context per chunk (spaCy batches of 32), the stages of ``rashomon.api.READ_STAGES`` in order
over the chunk, the parsed docs released after it. Each stage is timed on its own, in CPU
seconds of this process (``time.process_time``, all its threads, so a multi-threaded parse
counts in full) and in wall seconds. Models are loaded, and every stage run once on a
warm-up article, before the clock starts. Input: the PolNeAR dev articles (raw text, as
``benchmarks/polnear.py`` reads them).

    .venv/bin/python benchmarks/reading.py [--n 84] [--chunk 16] [--also minilm]

The table is for the default attribution tagger of the quotes stage; ``--also`` reads the same
articles again with each other tagger named (``rashomon.read.attribution_model.MODELS``) and
reports what its quotes stage costs and the own-stages share it gives.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report  # noqa: E402

from rashomon import registry  # noqa: E402
from rashomon.api import READ_STAGES  # noqa: E402
from rashomon.model import Article  # noqa: E402
from rashomon.read.nlp import release  # noqa: E402

TEXTS = _report.DATASETS / "polnear" / "dev" / "text"


def load(n: int | None) -> list[tuple[str, str]]:
    """(name, text) of the first ``n`` PolNeAR dev articles in name order."""
    files = sorted(TEXTS.glob("*.txt"))[:n]
    return [(f.stem, f.read_text(encoding="utf-8")) for f in files]


def read(
    texts: list[tuple[str, str]], chunk: int, options: dict | None = None
) -> dict[str, tuple[float, float]]:
    """Run the reading stages chunk by chunk; (CPU s, wall s) spent in each stage."""
    spent = {name: [0.0, 0.0] for name in READ_STAGES}
    for i in range(0, len(texts), chunk):
        arts = [Article(id=n, source="polnear", text=t) for n, t in texts[i : i + chunk]]
        ctx = registry.Context(options={"batch_size": 32, **(options or {})})
        for name in READ_STAGES:
            c0, w0 = time.process_time(), time.perf_counter()
            registry.run(arts, [name], ctx)
            spent[name][0] += time.process_time() - c0
            spent[name][1] += time.perf_counter() - w0
        release(ctx)
    return {k: (v[0], v[1]) for k, v in spent.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=None, help="articles (default: all 84 dev)")
    ap.add_argument("--chunk", type=int, default=16, help="articles per chunk (read_chunk's 16)")
    ap.add_argument(
        "--also", default="minilm", help="comma-separated other quotes taggers to cost ('' none)"
    )
    args = ap.parse_args()
    from rashomon.read.attribution_model import DEFAULT_MODEL
    texts = load(args.n)
    if not texts:
        raise SystemExit(f"PolNeAR dev texts not found at {TEXTS}")
    # Warm-up: load spaCy and every stage's resources outside the timing.
    read([("warm-up", texts[0][1])], 1)

    c0, w0 = time.process_time(), time.perf_counter()
    spent = read(texts, args.chunk)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(texts)
    chars = sum(len(t) for _, t in texts)
    parse_cpu = spent["parse"][0]
    own = {k: v for k, v in spent.items() if k != "parse"}
    own_cpu = sum(v[0] for v in own.values())

    rows = []
    for name, (c, w) in spent.items():
        share = "—" if name == "parse" else f"{c / parse_cpu:.1%}"
        rows.append(
            f"| {name} | {c:.2f} | {c / cpu:.1%} | {share} | {1000 * c / n:.1f} | {w:.2f} |"
        )
    rows.append(
        f"| **rashomon's own stages** (all but parse) | {own_cpu:.2f} | {own_cpu / cpu:.1%} | "
        f"**{own_cpu / parse_cpu:.1%}** | {1000 * own_cpu / n:.1f} | "
        f"{sum(v[1] for v in own.values()):.2f} |"
    )
    table = "\n".join(rows)
    print(table)
    others = []
    for model in [m for m in args.also.split(",") if m]:
        read([("warm-up", texts[0][1])], 1, {"quotes_model": model})
        alt = read(texts, args.chunk, {"quotes_model": model})
        q_cpu = alt["quotes"][0]
        alt_own = sum(v[0] for k, v in alt.items() if k != "parse")
        alt_all = sum(v[0] for v in alt.values())
        others.append(
            f"| {model} | {1000 * q_cpu / n:.1f} | **{alt_own / alt['parse'][0]:.1%}** "
            f"| {n / alt_all:.2f} |"
        )
        print(others[-1])
    print(
        f"{n} articles, {chars / 1e6:.2f} M chars: {n / cpu:.2f} articles/s per core "
        f"({n / wall:.2f}/s wall), peak RSS {rss:.0f} MB"
    )

    md = _report.header("Reading stage throughput: parse, entities, quotes, dates, claims")
    md += (
        f"{n} PolNeAR dev articles ({chars / 1e6:.2f} M characters), one process, chunks of "
        f"{args.chunk} as `engine.read_chunk` runs them, models loaded and warmed up first.\n\n"
        f"- throughput: **{n / cpu:.2f} articles/s per core** ({cpu:.1f} CPU s; "
        f"{n / wall:.2f} articles/s wall, {wall:.1f} s)\n"
        f"- peak memory (ru_maxrss): {rss:.0f} MB\n"
        f"- rashomon's own stages cost **{own_cpu / parse_cpu:.1%} of spaCy's parse** "
        "(goal: under a third)\n\n"
        f"With the default attribution tagger of the quotes stage (`{DEFAULT_MODEL}`):\n\n"
        "| stage | CPU s | share of reading | vs. parse | CPU ms/article | wall s |\n"
        "|---|---:|---:|---:|---:|---:|\n" + table + "\n\n"
        + (
            "The same articles read again with another tagger (`--quotes-model`):\n\n"
            "| quotes tagger | quotes stage CPU ms/article | own stages vs. parse "
            "| articles/s per core (reading) |\n|---|---:|---:|---:|\n"
            + "\n".join(others) + "\n\n"
            if others
            else ""
        )
        + "CPU seconds are `time.process_time` of the process (every thread), so the share of a\n"
        "multi-threaded parse is not understated. Load average at the end: "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n"
    )
    _report.write("reading", md)


if __name__ == "__main__":
    main()
