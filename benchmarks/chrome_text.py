"""Word-shingle F1 of the plain-text cleaner on pages rendered to text with their chrome left in.

Each page of the article-extraction benchmark is turned into the text a naive scraper would keep
(``rashomon.clean.page_text``: the visible text of ``<body>``, one block element per line, menus,
captions, related links and footers included), then cleaned by ``rashomon.clean.clean_text`` — the
rules used for raw scrapes, which never see the HTML — and scored against the ground-truth body
with the benchmark's metric. The uncleaned page text is scored beside it as the floor. Writes
its section of benchmarks/results/extraction.md.

    .venv/bin/python benchmarks/chrome_text.py [--jobs 2] [--no-write]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import header  # noqa: E402
from extraction import load_truth, read_page, write_section  # noqa: E402

from rashomon.clean.evaluate import evaluate  # noqa: E402


def _run(key: str) -> tuple[str, str, str, float]:
    from rashomon.clean import clean_text, page_text

    text = page_text(read_page(key))
    t0 = time.perf_counter()
    cleaned = clean_text(text).text
    return key, text, cleaned, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    truth = load_truth()
    keys = sorted(truth)
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as ex:
        results = list(ex.map(_run, keys, chunksize=4))
    wall = time.perf_counter() - t0
    raw = {k: r for k, r, _, _ in results}
    cleaned = {k: c for k, _, c, _ in results}
    ms = statistics.mean(dt for *_, dt in results) * 1000
    rows = [
        ("page text, uncleaned", evaluate(truth, raw)),
        ("clean_text(page text)", evaluate(truth, cleaned)),
    ]
    for name, m in rows:
        print(f"{name:<24} F1={m['f1']:.4f}  P={m['precision']:.4f}  R={m['recall']:.4f}")
    print(f"{len(keys)} pages, {wall:.1f} s wall, clean_text {ms:.1f} ms/page")
    if args.no_write:
        return
    md = header("Plain-text cleaning of rendered pages (article-extraction-benchmark)")
    md += (
        f"- data: {len(keys)} pages rendered to text with chrome left in (rashomon.clean.page_text), "
        "scored against the ground-truth body with the benchmark's shingle metric\n"
        f"- time: clean_text {ms:.1f} ms/page\n\n"
        "| input | F1 | precision | recall |\n|---|---|---|---|\n"
    )
    for name, m in rows:
        md += f"| {name} | {m['f1']:.4f} | {m['precision']:.4f} | {m['recall']:.4f} |\n"
    print(f"wrote {write_section('chrome-text', md)}")


if __name__ == "__main__":
    main()
