"""Main-text extraction F1 of rashomon's HTML path on the article-extraction benchmark.

Scores every page (181) the way the benchmark's own ``evaluate.py`` does (4-word shingles,
precision and recall averaged per document, F1 of the two averages; see
``rashomon.clean.evaluate``), with plain trafilatura at default settings
(``trafilatura.extract(html, include_comments=False)``, as the benchmark's ``run_trafilatura.py``
calls it) scored in the same run beside it. Writes benchmarks/results/extraction.md.

    .venv/bin/python benchmarks/extraction.py [--jobs 2] [--no-write]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import DATASETS, RESULTS, collect, header  # noqa: E402

from rashomon.clean.evaluate import evaluate, scores, shingle_matching  # noqa: E402

BENCH = DATASETS / "article-extraction-benchmark"


def load_truth() -> dict[str, str]:
    data = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    return {k: v.get("articleBody", "") for k, v in data.items()}


def read_page(key: str) -> str:
    with gzip.open(BENCH / "html" / f"{key}.html.gz", "rt", encoding="utf8") as f:
        return f.read()


def _run(key: str) -> tuple[str, str, str, float]:
    import trafilatura

    from rashomon.clean.html import extract_html

    html = read_page(key)
    t0 = time.perf_counter()
    ours = extract_html(html).text
    dt = time.perf_counter() - t0
    theirs = trafilatura.extract(html, include_comments=False) or ""
    return key, ours, theirs, dt


def write_section(name: str, markdown: str) -> Path:
    """Put one benchmark's section into results/extraction.md, replacing its previous run."""
    path = RESULTS / "extraction.md"
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{start}\n{markdown.rstrip()}\n{end}\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1].lstrip("\n")
    else:
        text = (text.rstrip() + "\n\n" if text.strip() else "") + block
    path.write_text(text, encoding="utf-8")
    collect()  # BENCHMARKS.md is rebuilt from the sections
    return path


def bootstrap_std(rows: list[tuple[float, float, float]], n: int = 1000, seed: int = 0) -> float:
    """Standard deviation of F1 under resampling of documents (the benchmark reports it)."""
    rnd = random.Random(seed)
    f1s = [scores([rows[rnd.randrange(len(rows))] for _ in rows])["f1"] for _ in range(n)]
    return statistics.stdev(f1s)


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
    ours = {k: o for k, o, _, _ in results}
    theirs = {k: t for k, _, t, _ in results}
    secs = [dt for *_, dt in results]
    import trafilatura

    rows = []
    for name, pred in (
        ("rashomon (clean.html)", ours),
        (f"trafilatura {trafilatura.__version__} default", theirs),
    ):
        m = evaluate(truth, pred)
        std = bootstrap_std([shingle_matching(truth[k], pred[k]) for k in keys])
        rows.append((name, m, std))
        print(
            f"{name:<32} F1={m['f1']:.4f} ± {std:.3f}  P={m['precision']:.4f}  "
            f"R={m['recall']:.4f}  acc={m['accuracy']:.3f}"
        )
    print(
        f"{len(keys)} pages, {wall:.1f} s wall, rashomon HTML path {statistics.mean(secs) * 1000:.0f} ms/page"
    )
    if args.no_write:
        return
    md = header("HTML main-text extraction (article-extraction-benchmark)")
    md += (
        f"- data: {len(keys)} pages of scrapinghub/article-extraction-benchmark, metric as its evaluate.py "
        "(4-word shingles; P and R averaged per document, F1 of the averages; ± is the bootstrap std of F1)\n"
        f"- time: {wall:.1f} s wall for both systems on {args.jobs} processes; rashomon HTML path "
        f"{statistics.mean(secs) * 1000:.0f} ms/page (body, metadata, page text, removed blocks)\n\n"
        "| system | F1 | precision | recall | accuracy |\n|---|---|---|---|---|\n"
    )
    for name, m, std in rows:
        md += (
            f"| {name} | {m['f1']:.4f} ± {std:.3f} | {m['precision']:.4f} | {m['recall']:.4f} "
            f"| {m['accuracy']:.3f} |\n"
        )
    md += "\nPublished for trafilatura 2.0.0 in the benchmark's README: F1 0.958.\n"
    print(f"wrote {write_section('html', md)}")


if __name__ == "__main__":
    main()
