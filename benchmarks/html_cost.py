"""What an HTML page costs rashomon, beside ``trafilatura.extract`` on the same pages in one run.

Pages: the 181 of the article-extraction benchmark. Three ways to read each page, timed per page
in turn (so a slow phase of this shared machine hits all three alike), ``--rounds`` times:

- ``trafilatura.extract(html, include_comments=False)``: the library alone, its default mode;
- ``rashomon.clean.html.extract_html``: the HTML path of the clean stage (metadata, body, page
  text, removed blocks with their reasons);
- HTML ingest: the page's bytes read (``sources.read_bytes``: sniff, decode, visibility check)
  and cleaned (``clean.clean_article``: the above plus language and outlet), no store.

It also counts how many trafilatura passes each page took (see ``rashomon.clean.html``), how
often the later passes changed the body the first one found, and, for the record, how often the
rule it replaced (both full modes on every page, the default kept when precision found under a
third of it) used the default mode's result.

    .venv/bin/python benchmarks/html_cost.py [--rounds 2] [--no-write]
"""

from __future__ import annotations

import argparse
import os
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
    ap.add_argument("--rounds", type=int, default=2)
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
    wall = dict.fromkeys(runs, 0.0)
    cpu = dict.fromkeys(runs, 0.0)
    for _ in range(args.rounds):
        for i in range(len(pages)):
            for name, run in runs.items():
                t0, c0 = time.perf_counter(), time.process_time()
                run(i)
                wall[name] += time.perf_counter() - t0
                cpu[name] += time.process_time() - c0
    n = len(pages) * args.rounds
    stats = passes(pages)
    load = os.getloadavg()
    base = cpu["trafilatura.extract"]
    md = _report.header("HTML page cost beside trafilatura.extract (article-extraction-benchmark)")
    md += (
        f"- data: {len(pages)} pages, each read {args.rounds} times; the three ways are timed "
        "page by page in turn, one process\n"
        f"- CPU reference (`_report.cpu_reference`): {ref:.2f} s; load average at the end "
        f"{load[0]:.1f} on {os.cpu_count()} cores (a shared machine: CPU seconds are the steadier "
        "figure)\n\n"
        "| way | ms per page (CPU) | pages/s (wall) | pages per CPU-second | CPU time / trafilatura's |\n"
        "|---|---:|---:|---:|---:|\n"
    )
    for name in runs:
        md += (
            f"| {name} | {cpu[name] / n * 1000:.1f} | {n / wall[name]:.1f} | {n / cpu[name]:.1f} "
            f"| {cpu[name] / base:.2f} |\n"
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
