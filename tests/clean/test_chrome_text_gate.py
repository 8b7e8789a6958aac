"""Quality gate: the plain-text cleaner on benchmark pages rendered to text with chrome left in.

Nothing of the HTML reaches ``clean_text``: only the lines a naive scraper keeps. The uncleaned
text scores about 0.67 on this metric; the cleaner measured 0.865 on this slice when the floor was
set (benchmarks/chrome_text.py runs all 181 pages).
"""

from __future__ import annotations

from rashomon.clean.evaluate import evaluate
from rashomon.clean.html import page_text
from rashomon.clean.text import clean_text

from ._bench import gate_slice, page, truth

F1_FLOOR = 0.84


def test_text_cleaner_f1_on_rendered_benchmark_pages_stays_above_floor() -> None:
    gt = gate_slice(truth())
    raw = {k: page_text(page(k)) for k in gt}
    cleaned = evaluate(gt, {k: clean_text(t).text for k, t in raw.items()})
    uncleaned = evaluate(gt, raw)
    assert cleaned["f1"] >= F1_FLOOR, cleaned
    assert cleaned["precision"] > uncleaned["precision"] + 0.2
