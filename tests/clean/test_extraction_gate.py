"""Quality gate: the HTML path's main-text F1 on a fixed slice of the extraction benchmark.

The floor sits a little under what the slice measured when it was set (F1 0.983 on these 15
pages; the full run is in benchmarks/results/extraction.md), so a regression in extraction or in
the body filters fails CI, while harmless wobble does not.
"""

from __future__ import annotations

from rashomon.clean.evaluate import evaluate
from rashomon.clean.html import extract_html

from ._bench import gate_slice, page, truth

F1_FLOOR = 0.96


def test_html_path_f1_on_benchmark_slice_stays_above_floor() -> None:
    gt = gate_slice(truth())
    pred = {k: extract_html(page(k)).text for k in gt}
    m = evaluate(gt, pred)
    assert m["f1"] >= F1_FLOOR, m
