"""What an HTML page costs rashomon, beside ``trafilatura.extract`` on the same pages in one run.

Pages: the 181 of the article-extraction benchmark. Three ways to read each page, timed per page
in turn (so a slow phase of this shared machine hits all three alike), in ``--rounds`` rounds
whose medians are reported:

- ``trafilatura.extract(html, include_comments=False)``: the library alone, its default mode;
- ``rashomon.clean.html.extract_html``: the HTML path of the clean stage (metadata, body, page
  text, removed blocks with their reasons);
- HTML ingest: the page's bytes read (``sources.read_bytes``: sniff, decode, visibility check)
  and cleaned (``clean.clean_article``: the above plus language and outlet), no store.

It also counts how many trafilatura passes each page took (see ``rashomon.clean.html``), how
often the later passes changed the body the first one found, and, for the record, how often the
rule it replaced (both full modes on every page, the default kept when precision found under a
third of it) used the default mode's result.

    .venv/bin/python benchmarks/html_cost.py [--rounds 5] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _report  # noqa: E402
from extraction import load_truth, read_page  # noqa: E402


def _ingest(data: bytes, key: str) -> None:
    from rashomon.clean import clean_article
    from rashomon.errors import RashomonError
    from rashomon.sources import read_bytes
    from rashomon.sources.base import ReadOptions

    for item in read_bytes(data, f"{key}.html", ReadOptions(), name=f"{key}.html"):
        if item.article is not None:
            try:
                clean_article(item.article)
            except RashomonError:
                pass


def passes(pages: list[str]) -> dict[str, object]:
    """Passes per page, how often passes after the first changed the body, and the old rule."""
    from rashomon.clean.html import _pass, cascade, parse, tree_text

    count: Counter[int] = Counter()
    changed = old_default = 0
    for html in pages:
        tree = parse(html)
        if tree is None:
            continue
        chars = len(tree_text(tree))
        text, n = cascade(tree, None, chars)
        count[n] += 1
        changed += n > 1 and text != _pass(tree, None, precision=True, fast=True)
        prec = _pass(tree, None, precision=True, fast=False)
        default = _pass(tree, None, precision=False, fast=False)
        old_default += len(prec) < len(default) / 3
    return {"count": count, "changed": changed, "old_default": old_default}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    import trafilatura

    from rashomon.clean.html import extract_html

    keys = sorted(load_truth())
    pages = [read_page(k) for k in keys]
    raw = [p.encode("utf-8") for p in pages]
    ref = _report.cpu_reference()
    runs = {
        "trafilatura.extract": lambda i: trafilatura.extract(pages[i], include_comments=False),
        "rashomon extract_html": lambda i: extract_html(pages[i]),
        "rashomon HTML ingest (read + clean)": lambda i: _ingest(raw[i], keys[i]),
    }
    for run in runs.values():  # warm: imports, lazy models (language identifier)
        run(0)
    # Per round: each way's CPU and wall seconds over all pages; the figures are medians over
    # rounds, so a noisy phase of the shared machine moves one round, not the result.
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name in runs:
            wall[name].append(0.0)
            cpu[name].append(0.0)
        for i in range(len(pages)):
            for name, run in runs.items():
                t0, c0 = time.perf_counter(), time.process_time()
                run(i)
                wall[name][-1] += time.perf_counter() - t0
                cpu[name][-1] += time.process_time() - c0
    n = len(pages)
    stats = passes(pages)
    load = os.getloadavg()
    base = cpu["trafilatura.extract"]
    md = _report.header("HTML page cost beside trafilatura.extract (article-extraction-benchmark)")
    md += (
        f"- data: {len(pages)} pages, read in {args.rounds} rounds; in each round the three ways "
        "are timed page by page in turn, one process; figures are medians over the rounds\n"
        f"- CPU reference (`_report.cpu_reference`): {ref:.2f} s; load average at the end "
        f"{load[0]:.1f} on {os.cpu_count()} cores (a shared machine: CPU seconds are the steadier "
        "figure)\n\n"
        "| way | ms per page (CPU) | pages/s (wall) | pages per CPU-second "
        "| CPU time / trafilatura's (rounds: min-max) |\n"
        "|---|---:|---:|---:|---:|\n"
    )
    for name in runs:
        c, w = statistics.median(cpu[name]), statistics.median(wall[name])
        ratios = [x / b for x, b in zip(cpu[name], base, strict=True)]
        md += (
            f"| {name} | {c / n * 1000:.1f} | {n / w:.1f} | {n / c:.1f} "
            f"| {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) |\n"
        )
    count = stats["count"]
    assert isinstance(count, Counter)
    md += (
        "\ntrafilatura passes per page (`rashomon.clean.html.cascade`): "
        + ", ".join(f"{k} pass{'es' if k > 1 else ''}: {v}" for k, v in sorted(count.items()))
        + f". The later passes changed the body the first pass found on {stats['changed']} of "
        f"{sum(count.values())} pages. The rule this replaced ran both full modes on every page; "
        f"the default mode's result was used on {stats['old_default']} of them.\n"
    )
    print(md)
    if not args.no_write:
        print(f"wrote {_report.write('html_cost', md)}")


if __name__ == "__main__":
    main()
