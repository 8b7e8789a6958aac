"""Date normalisation accuracy on hand-labelled expressions from PolNeAR dev articles.

Run:  .venv/bin/python benchmarks/dates.py            # score, print, write results/dates.md
      .venv/bin/python benchmarks/dates.py sample     # re-draw the unlabelled sample (stdout)

The gold file (benchmarks/data/dates_gold.tsv) says in its header how the expressions were drawn
and labelled. An expression counts as right when the system yields a mention whose span overlaps
the gold span and whose value equals the gold value exactly; for gold "NONE" (a duration or
something with no calendar value) it is right when the system yields no valued mention there.
"""

from __future__ import annotations

import csv
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _report import DATASETS, RESULTS, header  # noqa: E402

from rashomon.model import Article  # noqa: E402
from rashomon.read.dates import extract_dates, find_candidates  # noqa: E402
from rashomon.read.nlp import load_nlp  # noqa: E402

GOLD = ROOT / "benchmarks" / "data" / "dates_gold.tsv"
POLNEAR = DATASETS / "polnear"
FIELDS = ["doc_id", "published", "sentence", "expression", "start", "end", "gold_value",
          "gold_granularity", "type", "set", "note"]  # fmt: skip
SEED = 2025
SAMPLE = 120


def published_dates(split: str = "dev") -> dict[str, str]:
    """PolNeAR file name -> publication date, from metadata.tsv."""
    out = {}
    with open(POLNEAR / "metadata.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["compartment"] == split:
                out[row["filename"]] = row["publication_date"]
    return out


def load_text(doc_id: str) -> str:
    for split in ("dev", "train"):
        path = POLNEAR / split / "text" / f"{doc_id}.txt"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(doc_id)


def sample(
    split: str = "dev", n: int = SAMPLE, seed: int = SEED, first: int | None = None
) -> list[dict[str, str]]:
    """Every candidate in the first ``first`` articles (sorted), deduplicated per article, sampled."""
    nlp = load_nlp()
    pubs = published_dates(split)
    pool = []
    for doc_id in sorted(pubs)[:first]:
        text = load_text(doc_id)
        doc = nlp(text)
        seen = set()
        for c in find_candidates(text, doc):
            key = c.text.lower()
            if key in seen:
                continue
            seen.add(key)
            sent = doc.char_span(c.start, c.end, alignment_mode="expand")
            sentence = sent.sent.text if sent is not None else text[c.start : c.end]
            pool.append({"doc_id": doc_id, "published": pubs[doc_id],
                         "sentence": " ".join(sentence.split()), "expression": c.text,
                         "start": str(c.start), "end": str(c.end), "set": split})  # fmt: skip
    rows = random.Random(seed).sample(pool, min(n, len(pool)))
    rows.sort(key=lambda r: (r["doc_id"], int(r["start"])))
    return rows


def read_gold() -> tuple[list[str], list[dict[str, str]]]:
    header_lines, body = [], []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        (header_lines if line.startswith("#") else body).append(line)
    rows = list(csv.DictReader(body, delimiter="\t"))
    return header_lines, rows


def score(rows: list[dict[str, str]]) -> tuple[dict[str, Counter], list[tuple[dict, str]]]:
    """Per type: right/total; and the misses with what the system said."""
    by_doc: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_doc[r["doc_id"]].append(r)
    nlp = load_nlp()
    tally: dict[str, Counter] = defaultdict(Counter)
    misses = []
    for doc_id, items in by_doc.items():
        text = load_text(doc_id)
        art = Article(id=doc_id, source=doc_id, text=text, published=items[0]["published"])
        extract_dates(art, nlp(text))
        for r in items:
            a, b = int(r["start"]), int(r["end"])
            got = [m for m in art.dates if m.start < b and a < m.end and m.value is not None]
            gold = r["gold_value"]
            ok = (not got) if gold == "NONE" else any(m.value == gold for m in got)
            for t in (r["type"], "all", f"set:{r.get('set') or 'dev'}"):
                tally[t]["n"] += 1
                tally[t]["ok"] += ok
            if not ok:
                misses.append((r, ", ".join(f"{m.text!r}={m.value}" for m in got) or "nothing"))
    return tally, misses


def main() -> None:
    if sys.argv[1:2] == ["sample"]:
        # sample                    -> the 120 tuning expressions (dev split)
        # sample heldout            -> the 40 held-out ones (first 60 train articles, seed 7)
        held = sys.argv[2:3] == ["heldout"]
        rows = sample("train", 40, 7, 60) if held else sample()
        w = csv.DictWriter(sys.stdout, FIELDS, delimiter="\t", extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({**r, "gold_value": "", "gold_granularity": "", "type": "", "note": ""})
        return
    _, rows = read_gold()
    t0 = time.perf_counter()
    tally, misses = score(rows)
    secs = time.perf_counter() - t0
    order = ["all", "set:dev", "set:heldout", "absolute_full", "month_day", "weekday", "relative", "month_year",
             "month", "time", "named_day", "none"]  # fmt: skip
    lines = ["| type | expressions | exact value match |", "|---|---:|---:|"]
    for t in order + sorted(set(tally) - set(order)):
        if t in tally:
            c = tally[t]
            lines.append(f"| {t} | {c['n']} | {c['ok'] / c['n']:.3f} ({c['ok']}/{c['n']}) |")
    table = "\n".join(lines)
    miss = "\n".join(
        f"- `{r['expression']}` ({r['doc_id']}, published {r['published']}): gold "
        f"{r['gold_value']}, system {got}" for r, got in misses
    )  # fmt: skip
    md = (
        header("Date normalisation (rashomon.read.dates)")
        + f"Gold: `benchmarks/data/dates_gold.tsv`, {len(rows)} expressions from PolNeAR "
        "articles labelled by hand (procedure in the file's header): `set:dev` (120, from the "
        "dev split) is what the rules were tuned on after labelling; `set:heldout` (40, from "
        "the train split) was labelled afterwards and not tuned on, so it is the fairer figure. "
        "Type `none` = expressions with no calendar value that the system must skip. An "
        "expression is right when a mention overlapping it has exactly the gold value. "
        "Caveats: the candidates come from the module's own finder (spaCy DATE/TIME + its "
        "regexes), so this measures normalisation and the duration filter, not recall of "
        "expressions both miss; one labeller, no agreement figure.\n\n"
        + table
        + f"\n\nTime for the {len({r['doc_id'] for r in rows})} articles (spaCy parse + dates): "
        f"{secs:.1f} s.\n\nMisses:\n\n{miss or '- none'}\n"
    )
    print(md)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dates.md").write_text(md, encoding="utf-8")


if __name__ == "__main__":
    main()
