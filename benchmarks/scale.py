"""Grouping cost as the corpus grows (10k, 100k, 1M articles), with quality on the synthetic gold.

The corpus comes from rashomon.engine.synth (real articles from shared/datasets recombined,
re-dated with new names and numbers, re-posted, rewritten; see its docstring). The per-article
reading stage is skipped here, as the issue allows: each signature reuses a stored analysis. Up
to ``--embed-limit`` articles every distinct lead is embedded (all-MiniLM-L6-v2), so quality is
that of the real vectors; above it, each article's vector is simulated from the vector stored
for the real document it was made from (``Simulated``), which keeps a 1M run within an hour:
the cost is real, the quality indicative. Entities come from capitalised phrases (see
``names``), standing in for the reading stage's canonical entities. Articles arrive in
publication order at a fixed rate (``--per-day``, 1,000 by default), as a firehose would
deliver them: a larger corpus is a longer stream at the same density, so the cost per article
should stay flat, and the index's window keeps its memory flat too; only the article -> story
map grows with the corpus.

    .venv/bin/python benchmarks/scale.py --sizes 10000 100000 1000000 [--per-day 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rashomon.lexicon import MONTH_NAMES, WEEKDAY_NAMES

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _metrics  # noqa: E402
import _report  # noqa: E402

_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\b")


_CALENDAR = frozenset(w.lower() for w in (*WEEKDAY_NAMES, *MONTH_NAMES))


def names(text: str) -> Counter[str]:
    """Capitalised phrases not at a sentence start: the stand-in for the stored entity analyses
    (the reading stage's canonical entities) that the signature would otherwise reuse. Run over
    the body only: a Title Case headline would make every word a name, and weekdays and months
    are dates, not actors."""
    out: Counter[str] = Counter()
    for m in _NAME.finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        if m.start() and not re.search(r"[.!?\n\"“]\s?$", before):
            name = m.group(0).lower()
            if name not in _CALENDAR:
                out[name] += 1
    return out


class Simulated:
    """Vectors for the sizes too large to embed: the source document's real vector moved by an
    offset per story instance (sigma 0.6: two instances of one document then have cosine ~0.74,
    the median measured with real vectors at 10k, where the 10th-90th percentiles are 0.52-0.98)
    and a smaller one per article (sigma 0.2, a rewrite). Without the instance offset every
    instance of a template would share one vector and the index would merge them all, which
    measures neither cost nor quality. Offsets are dropped a week after their story's first
    article (a story's articles span three days), so a 1M stream holds only recent ones."""

    def __init__(self, dim: int = 384) -> None:
        import numpy as np

        self.np = np
        self.rng = np.random.default_rng(5)
        self.dim = dim
        self.offset: dict[str, tuple[dt.date, Any]] = {}
        self.docs: dict[str, Any] = {}
        self._pruned = dt.date.min

    def __call__(self, rec: dict, lead: str) -> Any:
        from rashomon.embed import embed

        np = self.np
        doc, story = rec["gold"]["doc"], rec["gold"]["story"]
        day = dt.date.fromisoformat(rec["published"][:10])
        if doc not in self.docs:
            self.docs[doc] = embed([lead])[0]
        if story not in self.offset:
            self.offset[story] = (day, self.rng.normal(size=self.dim) * (0.6 / self.dim**0.5))
        if day > self._pruned + dt.timedelta(days=7):
            horizon = day - dt.timedelta(days=7)
            self.offset = {k: v for k, v in self.offset.items() if v[0] >= horizon}
            self._pruned = day
        v = self.docs[doc] + self.offset[story][1] + self.rng.normal(size=self.dim) * (
            0.2 / self.dim**0.5
        )
        return (v / np.linalg.norm(v)).astype(np.float32)


def _lead(rec: dict) -> tuple[str, str]:
    """(title + first paragraph, first paragraph): what is embedded, and where names are found."""
    paras = [p for p in rec["text"].split("\n\n") if len(p) > 40]
    body = " ".join(paras[:1])[:600]
    return f"{rec['title']}. {body}"[:600], body


def run(n: int, embed_limit: int, per_day: int, dedup: bool = True) -> dict:
    """Stream ``n`` synthetic articles at ``per_day`` a day through a fresh StoryIndex.

    The stream is never held whole (a 1M corpus is several GB of text): records come in
    publication order from the generator, are embedded a batch at a time, and only the gold
    labels stay. Grouping time counts ``StoryIndex.add`` alone."""
    from rashomon.embed import embed
    from rashomon.engine.incremental import Signature, StoryIndex, dumps, key_terms
    from rashomon.engine.synth import generate

    exact = n <= embed_limit
    sim = None if exact else Simulated()
    idx = StoryIndex()
    gold: dict[str, str] = {}
    dups: dict[str, str] = {}
    secs = t_embed = 0.0
    blocks: list[tuple[int, float]] = []  # (articles, grouping seconds) per flushed batch
    distinct: set[str] = set()
    batch: list[dict] = []

    def flush() -> None:
        nonlocal secs, t_embed
        leads = [_lead(r) for r in batch]
        t = time.perf_counter()
        if exact:  # every distinct lead embedded: what the reading stage would have stored
            vecs = list(embed([lead for lead, _ in leads]))
            distinct.update(lead for lead, _ in leads)
        else:  # each record reuses the vector stored for the real document it was made from
            vecs = [sim(r, lead) for r, (lead, _) in zip(batch, leads, strict=True)]
            distinct.update(r["gold"]["doc"] for r in batch)
        t_embed += time.perf_counter() - t
        sigs = []
        for r, (lead, body), v in zip(batch, leads, vecs, strict=True):
            ents = names(body)
            sigs.append(Signature(r["id"], dt.date.fromisoformat(r["published"]),
                                  key_terms(lead, "", ents), v, ents, r["text"] if dedup else ""))
        t = time.perf_counter()
        for sig in sigs:
            idx.add(sig)
        idx.history.clear()  # the database keeps it (Rashomon.group does the same per chunk)
        idx.moved.clear()
        block = time.perf_counter() - t
        secs += block
        blocks.append((len(sigs), block))
        batch.clear()

    for r in generate(n, _report.SHARED, per_day=per_day):
        gold[r["id"]] = r["gold"]["story"]
        if r["gold"]["dup_of"]:
            dups[r["id"]] = r["gold"]["dup_of"]
        batch.append(r)
        if len(batch) >= 2000:
            flush()
    if batch:
        flush()
    gc.collect()
    index_mb = len(dumps(idx)) / 2**20  # what the database keeps between runs
    found = {a: b for a, b, _ in idx.duplicates}
    dup_p = sum(1 for a in found if a in dups) / max(1, len(found))
    dup_r = sum(1 for a in dups if a in found) / max(1, len(dups))
    return {
        "n": n,
        "exact": exact,
        "seconds": secs,
        "per_sec": n / secs,
        "index_mb": index_mb,
        "embed_s": t_embed,
        "distinct_leads": len(distinct),
        "stories": len(idx.stories),
        "pairwise": _metrics.pairwise(idx.story_of, gold),
        "bcubed": _metrics.bcubed(idx.story_of, gold),
        "dup_p": dup_p,
        "dup_r": dup_r,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "fifths": fifths(blocks),
    }


def fifths(blocks: list[tuple[int, float]]) -> list[float]:
    """Grouping milliseconds per article in each fifth of the stream (by article count): flat
    once the sliding window has filled means the cost is linear in the corpus size."""
    total = sum(n for n, _ in blocks)
    out = []
    for k in range(5):
        lo, hi = total * k / 5, total * (k + 1) / 5
        at, n_in, s_in = 0, 0.0, 0.0
        for n, secs in blocks:  # a batch straddling a boundary counts pro rata
            share = max(0.0, min(at + n, hi) - max(at, lo))
            n_in += share
            s_in += secs * share / n if n else 0.0
            at += n
        out.append(1000 * s_in / n_in if n_in else 0.0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--embed-limit", type=int, default=20_000,
                    help="largest size whose distinct leads are all embedded")
    ap.add_argument("--per-day", type=int, default=1000, help="articles a day in the stream")
    ap.add_argument("--keep", action="store_true",
                    help="keep the previous results' rows for the sizes not run now")
    args = ap.parse_args()
    keep = kept_rows(args.sizes) if args.keep else []
    rows: list[str] = []
    for n in args.sizes:
        res = run(n, args.embed_limit, args.per_day)
        print(res, flush=True)
        rows.append(
            f"| {n:,} | {res['seconds']:.1f} | {res['per_sec']:.0f} | {res['index_mb']:.0f} | "
            f"{res['rss_mb']:.0f} | {res['stories']:,} | {_metrics.fmt(res['pairwise'])} | "
            f"{res['bcubed']['f1']:.3f} | {res['dup_p']:.3f} / {res['dup_r']:.3f} | "
            f"{'every distinct lead' if res['exact'] else 'simulated from one per source document'}: "
            f"{res['distinct_leads']:,} in {res['embed_s']:.0f} s | {args.per_day:,} | "
            f"{' · '.join(f'{x:.2f}' for x in res['fifths'])} |"
        )
        write(rows, keep)  # after every size: a long run that is stopped keeps what it measured


def kept_rows(sizes: list[int]) -> list[str]:
    """Rows of the previous results for sizes this run does not measure (``--keep``)."""
    path = Path(__file__).resolve().parent / "results" / "scale.md"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| ([\d,]+) \|", line)
        if m and int(m.group(1).replace(",", "")) not in sizes:
            out.append(line)
    return out


def write(rows: list[str], keep: list[str]) -> None:
    md = _report.header("Incremental grouping cost and quality vs corpus size (synthetic firehose)")
    md += (
        "| articles | grouping s | articles/s | index MB (saved) | process peak RSS MB | "
        "stories | pairwise P | pairwise R | pairwise F1 | B³ F1 | near-dup P / R | "
        "lead vectors (reused analyses) | articles/day | ms per article, by fifth of the stream |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|\n"
        + "\n".join(sorted(keep + rows, key=lambda r: int(r.split("|")[1].replace(",", ""))))
        + "\n\n"
        "Grouping time is the StoryIndex alone (blocking, scoring, near-duplicates, eviction), "
        "one core, articles streamed in publication order at a fixed rate (articles/day), so a "
        "larger corpus is a longer timeline at the same density. The last column splits the "
        "grouping time by fifth of the stream: the cost per article rises while the sliding "
        "window fills (the first 14 days, 14,000 articles at this rate) and should then stay "
        "flat, which is what linear growth in the corpus size means here. Index MB is the pickled state "
        "the database keeps: the LSH, the shingle checksums and the per-member vectors hold a "
        "sliding window (2 x 7 days of articles, 30 days for a quiet story's sketch), so what "
        "grows with the corpus is the article -> story map and one centroid per story. Peak RSS "
        "is the whole benchmark process (generator, gold labels, the index). Quality is against "
        "the generator's gold stories, where every re-dated instance of a template is a "
        "different story; at 1,000 articles a day each of the ~190 templates recurs about daily "
        "with other names and numbers but the same wording, which the index (tuned on ECB+) "
        "often merges, so these F1 figures measure the generator's limits as much as the "
        "index; ECB+ (`benchmarks/ecbplus.py`) is the grouping quality on real coverage. Above "
        "``--embed-limit`` each article's vector is simulated from its source document's (see "
        "``Simulated``): quality there is indicative only; the cost is real.\n"
    )
    _report.write("scale", md)


if __name__ == "__main__":
    main()
