"""Same-event grouping on BASIL: 100 events x 3 outlets (Fox News, NYT, HuffPost) = 300 articles.

Run: .venv/bin/python benchmarks/basil.py [--events N] [--threshold T] [--sweep] [--write]

Each article is read from the dataset (title, date, body paragraphs) as raw text: no reading stage
runs unless ``--stages`` names them (e.g. ``--stages parse,entities``) and they exist. The gold
cluster of an article is its ``triplet-uuid``. Reports pairwise precision/recall/F1 and B-cubed.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import DATASETS  # noqa: E402

from rashomon.model import Article  # noqa: E402

DATA = DATASETS / "basil" / "articles"
RESULTS = Path(__file__).parent / "results" / "basil.md"


def load(limit_events: int | None = None) -> tuple[list[Article], dict[str, str]]:
    """Articles (sorted by file name) and article id -> gold event id."""
    files = sorted(DATA.glob("*/*.json"))
    by_event: dict[str, list[Path]] = defaultdict(list)
    for f in files:
        by_event[f.name.rsplit("_", 1)[0]].append(f)
    keys = sorted(by_event)
    if limit_events:
        keys = keys[:limit_events]
    arts, gold = [], {}
    for k in keys:
        for f in by_event[k]:
            d = json.loads(f.read_text(encoding="utf-8"))
            paras = ["\n".join(p) if isinstance(p, list) else str(p) for p in d["body-paragraphs"]]
            aid = f.stem
            arts.append(
                Article(
                    id=aid,
                    source=str(f),
                    text="\n\n".join(paras),
                    title=d.get("title"),
                    outlet=d.get("source"),
                    published=d.get("date") or None,
                )
            )
            gold[aid] = d.get("triplet-uuid") or k
    return arts, gold


def scores(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """Pairwise P/R/F1 and B-cubed P/R/F1 of a clustering against gold clusters."""
    ids = sorted(gold)
    tp = fp = fn = 0
    for a, b in combinations(ids, 2):
        same_p, same_g = pred[a] == pred[b], gold[a] == gold[b]
        tp += same_p and same_g
        fp += same_p and not same_g
        fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    pc: dict[str, set[str]] = defaultdict(set)
    gc: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        pc[pred[i]].add(i)
        gc[gold[i]].add(i)
    bp = sum(len(pc[pred[i]] & gc[gold[i]]) / len(pc[pred[i]]) for i in ids) / len(ids)
    br = sum(len(pc[pred[i]] & gc[gold[i]]) / len(gc[gold[i]]) for i in ids) / len(ids)

    def f(x: float, y: float) -> float:
        return 2 * x * y / (x + y) if x + y else 0.0

    return {
        "pairwise_p": p,
        "pairwise_r": r,
        "pairwise_f1": f(p, r),
        "bcubed_p": bp,
        "bcubed_r": br,
        "bcubed_f1": f(bp, br),
        "clusters": float(len(pc)),
    }


def run(
    arts: list[Article], gold: dict[str, str], threshold: float | None, stages: list[str]
) -> dict[str, float]:
    from rashomon.stories import group

    if stages:
        from rashomon import registry

        ctx = registry.Context()
        for s in stages:
            registry.get(s).run(arts, ctx)
    kwargs = {} if threshold is None else {"threshold": threshold}
    stories = group(arts, with_events=False, **kwargs)
    pred = {aid: s.id for s in stories for aid in s.articles}
    return scores(pred, gold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=None)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--stages", default="")
    ap.add_argument("--sweep", action="store_true", help="also report a threshold sweep")
    ap.add_argument("--write", action="store_true", help=f"write {RESULTS}")
    args = ap.parse_args(argv)
    stages = [s for s in args.stages.split(",") if s]
    arts, gold = load(args.events)
    t0 = time.perf_counter()
    res = run(arts, gold, args.threshold, stages)
    secs = time.perf_counter() - t0
    from rashomon.stories.group import THRESHOLD

    lines = [
        f"articles={len(arts)} events={len(set(gold.values()))} threshold={args.threshold or THRESHOLD} "
        f"stages={stages or 'none (raw text)'} seconds={secs:.1f}",
        "  ".join(f"{k}={v:.3f}" for k, v in res.items()),
    ]
    sweep = []
    if args.sweep:
        for t in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
            r = run(arts, gold, t, [])
            sweep.append((t, r))
            lines.append(
                f"threshold={t}: pairwise_f1={r['pairwise_f1']:.3f} bcubed_f1={r['bcubed_f1']:.3f}"
            )
    print("\n".join(lines))
    if args.write:
        date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
        cmd = "python " + " ".join(
            ["benchmarks/basil.py", *(argv if argv is not None else sys.argv[1:])]
        )
        md = [
            "## Story grouping on BASIL (same-event triples)",
            "",
            f"- command: `{cmd}`",
            f"- machine: 2-core x86_64, 24 GiB ({platform.python_implementation()} {platform.python_version()})",
            f"- date: {date}",
            f"- data: {DATA.parent}, {len(arts)} articles, {len(set(gold.values()))} events",
            f"- input: title + date + body paragraphs as raw text; stages: {stages or 'none'}",
            f"- time: {secs:.1f} s (embedding model load included)",
            "",
            "| measure | value |",
            "|---|---|",
            *[f"| {k} | {v:.3f} |" for k, v in res.items()],
        ]
        if sweep:
            md += [
                "",
                "Threshold sweep (same run, for context; the default was fixed before):",
                "",
                "| threshold | pairwise F1 | B-cubed F1 |",
                "|---|---|---|",
            ]
            md += [f"| {t} | {r['pairwise_f1']:.3f} | {r['bcubed_f1']:.3f} |" for t, r in sweep]
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text("\n".join(md) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
