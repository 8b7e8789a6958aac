"""Where the tests find ../shared (seeds and datasets) and the benchmark commands they gate.

One place, so every test honours $RASHOMON_SHARED the way benchmarks/_report.py does.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASHOMON_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
DATASETS = SHARED / "datasets"


def seed_text(prefix: str) -> str:
    """The seed file whose name starts with ``prefix`` (skips the test when it is missing)."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not available under {SEEDS}")
    return found[0].read_text(encoding="utf-8")


def read_quotes(text: str, entities: list | None = None, model: str | None = None) -> list:
    """The ``quotes`` stage on ``text`` (with the attribution tagger ``model``, else the
    default), checking that every offset it reports indexes the text."""
    from rashomon.model import Article
    from rashomon.read import attribution_model
    from rashomon.read.quotes import quotes
    from rashomon.registry import Context

    article = Article(id="t", source="-", text=text, entities=entities or [])
    quotes(article, Context(options=attribution_model.options(model)))
    for q in article.quotes:
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_text
        if q.cue_start is not None:
            assert text[q.cue_start : q.cue_end] == q.cue
    return article.quotes


def load_benchmark(name: str) -> ModuleType:
    """``benchmarks/NAME.py`` as a module, for the quality gates that reuse its scoring."""
    bench = ROOT / "benchmarks"
    if str(bench) not in sys.path:
        sys.path.insert(0, str(bench))  # its own imports (_report, _metrics)
    spec = importlib.util.spec_from_file_location(f"bench_{name}", bench / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod
