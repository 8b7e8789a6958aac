"""Grouping cost as the corpus grows (10k, 100k, 1M articles), with quality on the synthetic gold.

The corpus comes from rashomon.engine.synth (real articles from shared/datasets recombined,
re-dated, re-posted, rewritten; see its docstring). The per-article reading stage is skipped here,
as the issue allows: each article's signature reuses a stored analysis — the lead embedding,
cached by text (re-dated and re-posted copies share leads) — so the figures are the cost of the
incremental StoryIndex itself (blocking, scoring, near-duplicates, window eviction). Articles
arrive in publication order, as a firehose would deliver them.

    .venv/bin/python benchmarks/scale.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _metrics  # noqa: E402
import _report  # noqa: E402


def run(n: int, dedup: bool = True) -> dict:
    from rashomon.embed import embed
    from rashomon.engine.incremental import Signature, StoryIndex, key_terms
    from rashomon.engine.synth import generate

    recs = sorted(generate(n, _report.SHARED), key=lambda r: r["published"])
    leads = []
    for r in recs:
        paras = [p for p in r["text"].split("\n\n") if len(p) > 40]
        leads.append(f"{r['title']}. {' '.join(paras[:1])}"[:600])
    t_embed = time.perf_counter()
    uniq = sorted(set(leads))
    vec = dict(zip(uniq, embed(uniq), strict=True))
    t_embed = time.perf_counter() - t_embed
    gc.collect()
    tracemalloc.start()
    idx = StoryIndex()
    t0 = time.perf_counter()
    for r, lead in zip(recs, leads, strict=True):
        idx.add(
            Signature(
                r["id"],
                dt.date.fromisoformat(r["published"]),
                key_terms(lead, ""),
                vec[lead],
                Counter(),
                r["text"] if dedup else "",
            )
        )
    secs = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    gold = {r["id"]: r["gold"]["story"] for r in recs}
    dups = {r["id"]: r["gold"]["dup_of"] for r in recs if r["gold"]["dup_of"]}
    found = {a: b for a, b, _ in idx.duplicates}
    dup_p = sum(1 for a in found if a in dups) / max(1, len(found))
    dup_r = sum(1 for a in dups if a in found) / max(1, len(dups))
    return {
        "n": n,
        "seconds": secs,
        "per_sec": n / secs,
        "peak_mb": peak / 2**20,
        "embed_s": t_embed,
        "distinct_leads": len(uniq),
        "stories": len(idx.stories),
        "pairwise": _metrics.pairwise(idx.story_of, gold),
        "bcubed": _metrics.bcubed(idx.story_of, gold),
        "dup_p": dup_p,
        "dup_r": dup_r,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


from collections import Counter  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = ap.parse_args()
    rows = []
    for n in args.sizes:
        res = run(n)
        print(res, flush=True)
        rows.append(
            f"| {n:,} | {res['seconds']:.1f} | {res['per_sec']:.0f} | {res['peak_mb']:.0f} | "
            f"{res['rss_mb']:.0f} | {res['stories']:,} | {_metrics.fmt(res['pairwise'])} | "
            f"{res['bcubed']['f1']:.3f} | {res['dup_p']:.3f} / {res['dup_r']:.3f} | "
            f"{res['distinct_leads']:,} in {res['embed_s']:.0f} s |"
        )
    md = _report.header("Incremental grouping cost and quality vs corpus size (synthetic firehose)")
    md += (
        "| articles | grouping s | articles/s | index peak MB (tracemalloc) | process peak RSS MB | "
        "stories | pairwise P | pairwise R | pairwise F1 | B³ F1 | near-dup P / R | "
        "lead embeddings (reused analyses) |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n" + "\n".join(rows) + "\n\n"
        "Grouping time and index memory should grow linearly: the LSH and the shingle sets hold only "
        "a sliding window (2 x 7 days) of articles. Quality is against the generator's gold stories "
        "(re-dated instances of one template are different stories).\n"
    )
    _report.write("scale", md)


if __name__ == "__main__":
    main()
