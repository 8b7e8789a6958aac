"""Loaded wording (rashomon.compare.framing.loaded_wording) against BASIL's lexical-bias spans.

Run: .venv/bin/python benchmarks/loaded_wording.py [--part tune|untouched|all] [--write]
     [--cache FILE] [--examples N]

BASIL (EMNLP 2019, 100 events x Fox News / NYT / HuffPost) marks, sentence by sentence, the
phrases of an article that carry *lexical* bias ("fierce", "slammed", "so-called"): annotation
``bias == "lex"``; its ``id`` is ``p<k>``, the k-th sentence of the article (paragraphs flattened,
checked: all 1,723 phrase annotations match their sentence at the given offsets) and
``start``/``end`` index that sentence. Title annotations are left out (the article body is what
rashomon marks).

The split (stated before any rule was tuned): the 100 triplets sorted by ``triplet-uuid``; the
first 50 are the **tuning** part, the last 50 the **untouched** part. Rules and thresholds were
fitted on the tuning part only; the untouched part's figure is the headline.

What is scored:
- precision: the share of the marks that overlap a gold lexical-bias span (a mark is one word);
- recall: the share of the gold spans **outside quotes** (``quote == "no"``: the writer's own
  wording, which is what rashomon marks; it skips direct quotes by design) overlapped by a mark;
  recall of all lexical spans (quotes included) is given beside it.
BASIL's annotators marked bias aimed at the event's main entities only, so a loaded word aimed
elsewhere counts against precision here; the figure is a floor on what a reader would accept.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import DATASETS, header, write  # noqa: E402

from rashomon.model import Article  # noqa: E402

BASIL = DATASETS / "basil"
STAGES = ("parse", "entities", "quotes")  # loaded_wording skips direct quotes: it needs them


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    text: str
    quote: bool
    polarity: str


def load() -> tuple[list[Article], dict[str, list[Gold]], dict[str, str]]:
    """Articles (text = paragraphs joined by a blank line, sentences by a newline), their gold
    lexical-bias spans as offsets into that text, and article id -> triplet uuid."""
    arts: list[Article] = []
    gold: dict[str, list[Gold]] = {}
    triplet: dict[str, str] = {}
    for f in sorted((BASIL / "articles").glob("*/*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        ann_path = BASIL / "annotations" / f.parent.name / f"{f.stem}_ann.json"
        ann = json.loads(ann_path.read_text(encoding="utf-8"))
        text, offsets = "", []
        for pi, para in enumerate(d["body-paragraphs"]):
            if pi:
                text += "\n\n"
            for si, sent in enumerate(para):
                if si:
                    text += "\n"
                offsets.append(len(text))
                text += sent
        spans = []
        for p in ann["phrase-level-annotations"]:
            if p["bias"] != "lex" or not p["id"][1:].isdigit():
                continue
            base = offsets[int(p["id"][1:])]
            s, e = base + p["start"], base + p["end"]
            assert text[s:e] == p["txt"], (f, p)
            spans.append(Gold(s, e, p["txt"], p["quote"] == "yes", p["polarity"]))
        aid = f.stem
        arts.append(Article(id=aid, source=str(f), text=text, title=d.get("title"),
                            outlet=d.get("source"), published=d.get("date") or None))  # fmt: skip
        gold[aid] = spans
        triplet[aid] = d["triplet-uuid"]
    return arts, gold, triplet


def parts(triplet: dict[str, str]) -> dict[str, set[str]]:
    """Article ids of the tuning part (first 50 triplets by uuid) and the untouched part."""
    uuids = sorted(set(triplet.values()))
    tune = set(uuids[:50])
    return {
        "tune": {a for a, t in triplet.items() if t in tune},
        "untouched": {a for a, t in triplet.items() if t not in tune},
    }


def read(arts: list[Article], cache: Path | None) -> list[Article]:
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    from rashomon import registry

    registry.run(arts, list(STAGES), registry.Context())
    if cache:
        cache.write_bytes(pickle.dumps(arts))
    return arts


def score(
    arts: list[Article], gold: dict[str, list[Gold]], ids: set[str]
) -> tuple[dict[str, Any], list[tuple[str, str, bool]]]:
    from rashomon.compare.framing import loaded_wording

    marks = hit = 0
    g_out = g_out_hit = g_all = g_all_hit = 0
    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    seen: list[tuple[str, str, bool]] = []  # (category, word, correct)
    for a in arts:
        if a.id not in ids:
            continue
        got = loaded_wording(a)
        spans = gold[a.id]
        for m in got:
            ok = any(g.start < m.end and m.start < g.end for g in spans)
            marks += 1
            hit += ok
            by_cat[m.category][0] += 1
            by_cat[m.category][1] += ok
            seen.append((m.category, m.text.lower(), ok))
        for g in spans:
            found = any(g.start < m.end and m.start < g.end for m in got)
            g_all += 1
            g_all_hit += found
            if not g.quote:
                g_out += 1
                g_out_hit += found
    p = hit / marks if marks else 0.0
    r = g_out_hit / g_out if g_out else 0.0
    res = {
        "articles": len(ids),
        "marks": marks,
        "correct marks": hit,
        "precision": p,
        "gold spans outside quotes": g_out,
        "recall (outside quotes)": r,
        "F1 (outside quotes)": 2 * p * r / (p + r) if p + r else 0.0,
        "recall (all lexical spans)": g_all_hit / g_all if g_all else 0.0,
        "marks per article": marks / len(ids) if ids else 0.0,
        "by category": {k: (v[0], v[1] / v[0] if v[0] else 0.0) for k, v in sorted(by_cat.items())},
    }
    return res, seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("tune", "untouched", "all"), default="all")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the read articles")
    ap.add_argument("--examples", type=int, default=0, help="print the N most frequent marks")
    ap.add_argument("--write", action="store_true", help="write the BENCHMARKS.md section")
    args = ap.parse_args(argv)
    arts, gold, triplet = load()
    cached = bool(args.cache and args.cache.exists())
    t0 = time.perf_counter()
    arts = read(arts, args.cache)
    read_s = time.perf_counter() - t0
    how = "read from a cache of an earlier run" if cached else f"{read_s:.0f} s for 300 articles"
    split = parts(triplet)
    names = ["tune", "untouched"] if args.part == "all" else [args.part]
    results = {}
    for name in names:
        t0 = time.perf_counter()
        res, seen = score(arts, gold, split[name])
        res["ms per article"] = 1000 * (time.perf_counter() - t0) / max(1, res["articles"])
        results[name] = res
        print(name, {k: (round(v, 3) if isinstance(v, float) else v) for k, v in res.items()})
        if args.examples:
            c = Counter((w, ok) for _, w, ok in seen)
            print("  most frequent marks (word, overlaps gold): ",
                  ", ".join(f"{w}{'+' if ok else '-'}x{n}" for (w, ok), n in c.most_common(args.examples)))  # fmt: skip
    if args.write:
        if set(results) != {"tune", "untouched"}:
            ap.error("--write needs --part all")
        rows = [k for k in results["untouched"] if k != "by category"]
        md = header("Loaded wording against BASIL lexical-bias spans (rashomon.compare.framing)")
        md += (
            f"- data: {BASIL}, 300 articles; tuning part = first 50 triplets by `triplet-uuid`, "
            "untouched part = the last 50 (no rule or threshold was fitted on it)\n"
            f"- reading: stages {', '.join(STAGES)} ({how})\n"
            "- a mark is correct when it overlaps a BASIL `lex` span; recall counts the gold spans "
            "outside quotes (the writer's own words, which is what rashomon marks)\n"
            "- BASIL marks only bias aimed at the event's main entities: precision here is a floor\n\n"
            "| measure | untouched (headline) | tuning |\n|---|---|---|\n"
        )
        for k in rows:
            u, t = results["untouched"][k], results["tune"][k]
            fmt = (lambda x: f"{x:.3f}") if isinstance(u, float) else str
            md += f"| {k} | {fmt(u)} | {fmt(t)} |\n"
        md += "\nBy category (untouched part): marks, precision\n\n"
        for cat, (n, p) in results["untouched"]["by category"].items():
            md += f"- {cat}: {n}, {p:.3f}\n"
        write("loaded_wording", md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
