"""The article-extraction benchmark's pages and ground truth, for the quality-gate tests."""

from __future__ import annotations

import gzip
import json

import pytest
from _shared import DATASETS

BENCH = DATASETS / "article-extraction-benchmark"


def truth() -> dict[str, str]:
    path = BENCH / "ground-truth.json"
    if not path.exists():
        pytest.skip(f"benchmark data not found under {BENCH}")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v.get("articleBody", "") for k, v in data.items()}


def gate_slice(gt: dict[str, str], n: int = 15, step: int = 12) -> dict[str, str]:
    """A fixed slice spread over the benchmark: every ``step``-th page by id, ``n`` pages."""
    keys = sorted(gt)[::step][:n]
    return {k: gt[k] for k in keys}


def page(key: str) -> str:
    with gzip.open(BENCH / "html" / f"{key}.html.gz", "rt", encoding="utf8") as f:
        return f.read()
