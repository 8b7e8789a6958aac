"""Search benchmark (issue 20): the researcher's query language on 10,000 stored articles.

The articles are ``store_bench.corpus`` (FNC-1 bodies with titles, outlets "Outlet 0".."Outlet 24",
publication dates over a year, entities, quotes and claims). Queries of each form of the language
(``rashomon.search``) are drawn from the corpus itself, so most find something: all words,
phrases, OR, NOT / -word, prefix*, brackets, the fields title:, outlet:, speaker:, entity: and
country:, a date window, sorting by date, and hostile strings. Each is run through
``Rashomon.search`` (what the CLI, the web app and the API call), limit 20, with the total
counted; latency is wall time per query on one thread.

    .venv/bin/python benchmarks/search.py [--n 10000] [--per-kind 30] [--no-write]

Writes benchmarks/results/search.md and rebuilds BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report  # noqa: E402
import store_bench  # noqa: E402

from rashomon.api import Rashomon  # noqa: E402
from rashomon.errors import RashomonError  # noqa: E402
from rashomon.store import Store  # noqa: E402

_WORD = re.compile(r"\b[a-z]{5,}\b")
HOSTILE = ['"unclosed phrase', "((((troops", "NOT", "*", "title:", "OR OR OR", "' OR 1=1 --",
           "a" * 1000, "NEAR(troops kiev)", "\x00\x1b[31m", "entity:", "-", "speaker:*",
           "🙂 🙂", "title:\"\"", "outlet:(", ")))", "AND AND", "c*o*l*o*n:"]  # fmt: skip


def make_queries(items: list[Any], per_kind: int, rng: random.Random) -> dict[str, list[dict]]:
    """Queries of each form, drawn from the corpus's own words, titles, speakers and names."""
    arts = [a for a, _, _ in items]

    def words_of(a: Any) -> list[str]:
        return _WORD.findall(a.text.lower())

    def pick() -> Any:
        return arts[rng.randrange(len(arts))]

    def two() -> tuple[str, str]:
        ws = words_of(pick())
        return rng.choice(ws), rng.choice(ws)

    def phrase() -> str:
        toks = pick().text.split()
        k = rng.randrange(max(1, len(toks) - 3))
        return " ".join(re.sub(r"[^\w'-]", "", t) for t in toks[k : k + 2])

    def speaker() -> str:
        a = pick()
        return a.quotes[0].speaker if a.quotes else "Smith"

    def entity() -> str:
        a = pick()
        return a.entities[0].text if a.entities else "Obama"

    def title_word() -> str:
        ws = _WORD.findall((pick().title or "").lower())
        return rng.choice(ws) if ws else "police"

    def month() -> tuple[str, str]:
        m = rng.randrange(1, 12)
        return f"2025-{m:02d}-01", f"2025-{m + 1:02d}-01"

    kinds: dict[str, Callable[[], dict]] = {
        "all words (2)": lambda: {"query": " ".join(two())},
        "all words (3)": lambda: {"query": " ".join(rng.sample(words_of(pick()), 3))},
        '"phrase"': lambda: {"query": f'"{phrase()}"'},
        "a OR b": lambda: {"query": " OR ".join(two())},
        "a NOT b / a -b": lambda: {"query": "{} {}{}".format(two()[0], rng.choice(["NOT ", "-"]),
                                                              two()[1])},  # fmt: skip
        "prefix*": lambda: {"query": two()[0][:5] + "*"},
        "(a OR b) c": lambda: {"query": "({} OR {}) {}".format(*two(), two()[0])},
        "title:": lambda: {"query": f"title:{title_word()}"},
        "outlet: + word": lambda: {"query": f'outlet:"Outlet {rng.randrange(25)}" {two()[0]}'},
        "speaker:": lambda: {"query": f'speaker:"{speaker()}"'},
        "entity: + word": lambda: {"query": f'entity:"{entity()}" {two()[0]}'},
        "country: + word": lambda: {"query": f"country:US {two()[0]}"},
        "word, since/until a month": lambda: dict(zip(("since", "until"), month(), strict=True),
                                                  query=two()[0]),  # fmt: skip
        "words, sorted by date": lambda: {"query": " ".join(two()), "sort": "date"},
        "hostile strings": lambda: {"query": rng.choice(HOSTILE)},
    }
    return {k: [make() for _ in range(per_kind)] for k, make in kinds.items()}


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--per-kind", type=int, default=30)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rng = random.Random(7)
    items = store_bench.corpus(args.n)
    queries = make_queries(items, args.per_kind, rng)
    rows = []
    everything: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "search.db"
        with Store(db) as s:
            t0 = time.perf_counter()
            s.add_many(items, batch_size=200)
            load_s = time.perf_counter() - t0
        with Rashomon(db) as r:
            r.search("warm up")
            for kind, qs in queries.items():
                lat, found, refused = [], 0, 0
                for q in qs:
                    t0 = time.perf_counter()
                    try:
                        res = r.search(limit=20, **q)
                        found += res.total > 0
                    except RashomonError:  # a query the language cannot read: a usage error
                        refused += 1
                    lat.append((time.perf_counter() - t0) * 1000)
                everything += lat
                rows.append((kind, len(qs), found, refused, lat))
                print(kind, f"p50 {pct(lat, .5):.1f} p95 {pct(lat, .95):.1f}", found, refused,
                      flush=True)  # fmt: skip
    load = os.getloadavg()
    md = _report.header("Search with the query language on 10,000 articles (rashomon.search)")
    md += (
        f"- data: {args.n:,} articles of `store_bench.corpus` (FNC-1 bodies, 25 outlets, dates "
        f"over 2025, entities/quotes/claims), stored in {load_s:.0f} s; queries drawn from the "
        f"corpus, {args.per_kind} of each form, through `Rashomon.search` (limit 20, total "
        "counted), one thread\n"
        f"- load average at the end {load[0]:.1f} on {os.cpu_count()} cores (shared machine: "
        "wall times are pessimistic)\n\n"
        "| query form | queries | with hits | refused (usage error) | p50 ms | p95 ms | max ms |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n"
    )
    for kind, n, found, refused, lat in rows:
        md += (f"| `{kind}` | {n} | {found} | {refused} | {pct(lat, .5):.1f} | "
               f"{pct(lat, .95):.1f} | {max(lat):.1f} |\n")  # fmt: skip
    md += (
        f"| **all** | {len(everything)} | {sum(r[2] for r in rows)} | {sum(r[3] for r in rows)} "
        f"| **{pct(everything, .5):.1f}** | **{pct(everything, .95):.1f}** | "
        f"{max(everything):.1f} |\n\nMean {statistics.mean(everything):.1f} ms. `country:US` "
        "finds nothing here: the corpus's outlets are not in the outlet table.\n"
    )
    print(md)
    if not args.no_write:
        print(f"wrote {_report.write('search', md)}")


if __name__ == "__main__":
    main()
