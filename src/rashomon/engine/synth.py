"""A synthetic-but-realistic news firehose built from the real articles in ``shared/datasets``.

Scale tests and benchmarks need hundreds of thousands of articles and no network. This generator
recombines real coverage so that the labels (story, event, duplicate-of) are known:

* **Real multi-outlet events** are the seeds of stories: each BASIL triple (one event covered by
  Fox News, the New York Times and HuffPost) and each ECB+ sub-topic (several documents about
  one event; every ECB+ topic has *two* similar events, e.g. two different earthquakes or two
  different arrests of the same kind) is one story template.
* **Re-dating**: a template is instantiated several times at different points of a simulated
  timeline; each instance is a different story (a recurring summit, another earthquake). Every
  instance after the first gets its own names and numbers: each proper noun of the template is
  replaced, consistently across the instance's articles, by another one drawn from the whole
  corpus, and each count is scaled. Instances therefore share their wording and structure (a hard
  negative for text similarity and for LSH blocking) but not their actors, places and figures,
  as two real earthquakes would not; at a firehose rate (``per_day``) instances of one template
  fall hours or days apart, so a time window alone cannot separate them either.
* **Hard negatives**: ECB+'s twin events share vocabulary and often entities but are different
  stories; FNC-1 bodies (unrelated, mostly single articles) are mixed in as singletons.
* **Re-posts** (wire copies and syndication): a fraction of articles are re-published (the same
  day or later) by another outlet with new page chrome, a new headline casing and small edits (the near-duplicate
  detector must link them, with ``dup_of`` as the label).
* **Light rewrites**: paragraphs dropped or reordered, sentences from two outlets' versions of the
  same event recombined, names swapped for their naming variants (Kiev/Kyiv style), so that
  same-story articles are not near-identical.

Each record is a JSON object ready for the JSON Lines reader (``text``, ``title``, ``outlet``,
``published``, ``url``) plus ``gold``: ``{"story", "event", "dup_of", "doc"}`` (``doc``: the
real document it was made from, so a benchmark can reuse that document's stored analysis).

    python -m rashomon.engine.synth --n 10000 -o corpus.jsonl
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import heapq
import json
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..lexicon import MONTH_NAMES, WEEKDAY_NAMES

OUTLETS = [
    "Daily Ledger", "The Morning Wire", "Capital Post", "Evening Standard-Gazette",
    "Metro Herald", "The Continental", "Global Dispatch", "Harbor Times", "Northern Courier",
    "Pacific Chronicle", "Union Tribune-Review", "The Independent Observer",
]
VARIANTS = [("Kiev", "Kyiv"), ("Odessa", "Odesa"), ("U.S.", "US"), ("U.K.", "UK"),
            ("Kharkov", "Kharkiv"), ("United States", "U.S."), ("Britain", "United Kingdom")]


@dataclass
class Template:
    """One real event with the real documents that cover it."""

    key: str
    docs: list[tuple[str, str, str]]  # (title, text, outlet)
    date: dt.date | None
    twin: str | None = None  # the other event of the same ECB+ topic


def _basil(root: Path) -> list[Template]:
    by_triple: dict[str, Template] = {}
    for p in sorted((root / "basil" / "articles").glob("*/*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        paras = d.get("body-paragraphs")
        if isinstance(paras, str):
            import ast

            paras = ast.literal_eval(paras)
        text = "\n\n".join(" ".join(x) if isinstance(x, list) else str(x) for x in paras)
        key = "basil:" + d["triplet-uuid"]
        t = by_triple.setdefault(key, Template(key, [], dt.date.fromisoformat(d["date"])))
        t.docs.append((d["title"], text, d["source"]))
    return list(by_triple.values())


def _ecb_text(path: Path) -> tuple[str, str]:
    sents: dict[int, list[str]] = {}
    for tok in ET.parse(path).getroot().iter("token"):
        sents.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
    lines = [" ".join(ws) for _, ws in sorted(sents.items())]
    lines = [
        re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", re.sub(r" ([,.;:!?')%])", r"\1", ln))
        .replace("( ", "(").replace("$ ", "$").replace("`` ", '"').replace(" ''", '"')
        for ln in lines
    ]
    title = lines[0][:120] if lines else ""
    return title, "\n\n".join(lines[1:] if len(lines) > 2 else lines)


def _ecb(root: Path) -> list[Template]:
    out: dict[str, Template] = {}
    for p in sorted((root / "ecb-plus" / "ECB+").glob("*/*.xml")):
        m = re.match(r"(\d+)_(\d+)(ecbplus|ecb)\.xml$", p.name)
        if not m:
            continue
        topic, kind = m.group(1), m.group(3)
        key = f"ecb:{topic}:{kind}"
        title, text = _ecb_text(p)
        if len(text) < 200:
            continue
        twin = f"ecb:{topic}:{'ecb' if kind == 'ecbplus' else 'ecbplus'}"
        t = out.setdefault(key, Template(key, [], None, twin))
        t.docs.append((title, text, ""))
    return list(out.values())


def _fnc(root: Path, limit: int) -> list[tuple[str, str]]:
    csv.field_size_limit(10**8)
    out = []
    with open(root / "fnc-1" / "train_bodies.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            body = row["articleBody"].strip()
            if len(body) > 300:
                first = body.split("\n")[0]
                out.append((first[:100].rsplit(" ", 1)[0], body))
            if len(out) >= limit:
                break
    return out


_PROPER = re.compile(r"\b[A-Z][a-z][A-Za-z'\-]{1,}\b")
_COUNT = re.compile(r"(?<![\d.,$])\b([1-9]\d{0,2})\b(?![.,]\d)")


_CALENDAR = [*WEEKDAY_NAMES, *MONTH_NAMES]


def _proper_nouns(templates: list[Template]) -> list[str]:
    """Capitalised words the corpus almost never writes in lower case (at least 5 to 1): names of
    people, places and bodies ("Trump" stays a name although "trump" occurs once)."""
    lower: Counter[str] = Counter()
    caps: Counter[str] = Counter()
    for t in templates:
        for title, text, _ in t.docs:
            for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", f"{title} {text}"):
                if w[0].isupper():
                    caps[w] += 1
                else:
                    lower[w.capitalize()] += 1
    calendar = set(_CALENDAR)
    return sorted(
        w for w, c in caps.items()
        if w.isalpha() and len(w) > 2 and w not in calendar and lower[w] * 5 < c
        and lower[w] <= 3
    )


class _Instance:
    """One instance's substitutions: names drawn from the pool, counts scaled; identity for the
    first instance of a template, which keeps the real article."""

    def __init__(self, pool: list[str], names: frozenset[str], rng: random.Random, first: bool):
        self.names = {} if first else {n: rng.choice(pool) for n in sorted(names)}
        self.scale = 1.0 if first else rng.choice([0.5, 0.7, 1.4, 1.8, 2.5])

    def __call__(self, text: str) -> str:
        if not self.names:
            return text
        text = _PROPER.sub(lambda m: self.names.get(m.group(0), m.group(0)), text)
        return _COUNT.sub(lambda m: str(max(1, round(int(m.group(1)) * self.scale))), text)


def _rewrite(text: str, rng: random.Random) -> str:
    paras = [p for p in text.split("\n\n") if p.strip()]
    if len(paras) > 3 and rng.random() < 0.6:  # drop one paragraph
        paras.pop(rng.randrange(1, len(paras)))
    if len(paras) > 3 and rng.random() < 0.4:  # move one paragraph
        i, j = rng.randrange(1, len(paras)), rng.randrange(1, len(paras))
        paras.insert(j, paras.pop(i))
    out = "\n\n".join(paras)
    for a, b in VARIANTS:
        if rng.random() < 0.5:
            out = out.replace(a, b)
    return out


def _chrome(title: str, outlet: str, rng: random.Random) -> tuple[str, str]:
    top = rng.choice(["", "Share this article\n", f"{rng.randint(2, 9)} min read\n", "Advertisement\n"])
    bottom = rng.choice(["", f"\n\n© {outlet}", "\n\nRead more\nShow More", f"\n\nBy {outlet} staff"])
    return top, bottom


def generate(
    n: int,
    shared: Path,
    seed: int = 13,
    start: dt.date = dt.date(2024, 1, 1),
    days: int = 365,
    per_day: int | None = None,
) -> Iterator[dict]:
    """Yield ``n`` records in publication order; deterministic for a given ``seed``.

    The timeline advances at ``per_day`` articles a day (default: ``n`` spread over ``days``).
    Records are held back only until no later one can precede them (a story's articles span at
    most three days), so memory stays flat whatever ``n`` is: a 1M-article stream needs no
    sort."""
    root = shared / "datasets"
    rng = random.Random(seed)
    rate = per_day or max(1, -(-n // max(1, days)))
    templates = _basil(root) + _ecb(root)
    singles = _fnc(root, 2000)
    pool = _proper_nouns(templates)
    in_pool = set(pool)
    names = {
        t.key: frozenset(w for d in t.docs for w in _PROPER.findall(f"{d[0]} {d[1]}") if w in in_pool)
        for t in templates
    }
    uses: dict[str, int] = {}
    emitted: deque[dict] = deque(maxlen=500)  # re-posts copy recent articles
    pending: list[tuple[str, int, dict]] = []  # (published, i, record): a heap
    story_no = 0
    i = 0

    def put(rec: dict) -> None:
        emitted.append(rec)
        heapq.heappush(pending, (rec["published"], i, rec))

    while i < n:
        today = start + dt.timedelta(days=i // rate)
        while pending and pending[0][0] < today.isoformat():
            yield heapq.heappop(pending)[2]
        if rng.random() < 0.08 and singles:  # an unrelated single article
            title, body = rng.choice(singles)
            story = f"single:{i}"
            rec_date = today + dt.timedelta(days=rng.choice([0, 0, 1]))
            rec = _record(i, title, body, rng.choice(OUTLETS), rec_date, story, story, None, rng)
            rec["gold"]["doc"] = f"fnc:{title}"
            put(rec)
            i += 1
            continue
        if emitted and rng.random() < 0.07:  # a re-post (wire copy / syndication)
            src = rng.choice(emitted)
            text = src["text"]
            if rng.random() < 0.5:
                text = text.replace("\n\n", "\n\n", 1) + rng.choice(["", "\n\n(Reporting by staff.)"])
            when = max(dt.date.fromisoformat(src["published"][:10]), today)  # never before it
            rec = _record(i, src["title"].upper() if rng.random() < 0.2 else src["title"], text,
                          rng.choice(OUTLETS), when, src["gold"]["story"], src["gold"]["event"],
                          src["id"], rng, raw=True)
            rec["gold"]["doc"] = src["gold"]["doc"]
            put(rec)
            i += 1
            continue
        tpl = rng.choice(templates)
        story_no += 1
        story = f"{tpl.key}#{story_no}"
        inst = _Instance(pool, names[tpl.key], rng, first=tpl.key not in uses)
        uses[tpl.key] = uses.get(tpl.key, 0) + 1
        picked = rng.sample(range(len(tpl.docs)), k=min(len(tpl.docs), rng.randint(2, 6)))
        for d in picked:
            title, text, outlet = tpl.docs[d]
            if i >= n:
                break
            body = _rewrite(inst(text), rng)
            when = today + dt.timedelta(days=rng.choice([0, 0, 0, 1, 1, 2]))
            rec = _record(i, inst(title), body, outlet or rng.choice(OUTLETS), when, story, story,
                          None, rng)
            rec["gold"]["doc"] = f"{tpl.key}/{d}"
            put(rec)
            i += 1
    while pending:
        yield heapq.heappop(pending)[2]


def _record(
    i: int, title: str, body: str, outlet: str, when: dt.date, story: str, event: str,
    dup_of: str | None, rng: random.Random, raw: bool = False,
) -> dict:
    top, bottom = ("", "") if raw else _chrome(title, outlet, rng)
    text = body if raw else f"{top}{body}{bottom}"
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower())[:60].strip("-") or "story"
    host = re.sub(r"[^a-z]", "", outlet.lower()) + ".example"
    return {
        "id": f"synth-{i:07d}",
        "title": title,
        "text": text,
        "outlet": outlet,
        "published": when.isoformat(),
        "url": f"https://{host}/{when:%Y/%m/%d}/{slug}-{i}",
        "gold": {"story": story, "event": event, "dup_of": dup_of},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--per-day", type=int, default=None,
                    help="articles a day (default: --n spread over 365 days)")
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[4] / "shared")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    with open(args.output, "w", encoding="utf-8") as f:
        for rec in generate(args.n, args.shared, args.seed, per_day=args.per_day):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} records to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
