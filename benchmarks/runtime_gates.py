"""The quality gates under both encoder runtimes in one process: ONNX Runtime's decisions
against torch's (issue 21). Each gate's fixed slice (the one its test in tests/ reads) is scored
with ``RASHOMON_RUNTIME=torch``, then ``onnx``, the loaded models and cached vectors dropped
between the two, and the deltas are reported.

    .venv/bin/python benchmarks/runtime_gates.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import _report  # noqa: E402
from _shared import load_benchmark  # noqa: E402


def reset(engine: str) -> None:
    from rashomon import embed
    from rashomon.compare import relation_model
    from rashomon.read import attribution_model

    os.environ["RASHOMON_RUNTIME"] = engine
    embed._MODEL = None
    embed.cache_clear()
    relation_model._MODEL = None
    attribution_model.reset()


def gates() -> dict[str, dict[str, float]]:
    basil, fnc, polnear = (load_benchmark(n) for n in ("basil", "fnc", "polnear"))
    import train_relations as tr

    from rashomon.compare import relation_model

    out: dict[str, dict[str, float]] = {}
    arts, gold = basil.load(None)
    res = basil.run(arts, gold, None, [])
    out["BASIL grouping, all 300 articles"] = {k: res[k] for k in ("pairwise_f1", "bcubed_f1")}
    pairs, bodies = fnc.load()
    sl = fnc.gate_slice(pairs, 300)
    res = fnc.evaluate(sl, fnc.run(sl, bodies), fnc.T_RELATED, fnc.T_AGREE)
    out["FNC-1 gate slice (300 pairs)"] = {k: res[k] for k in ("fnc_relative", "macro_f1")}
    docs = polnear.load_split("dev", limit=10)
    res = polnear.evaluate(docs, quotes_model="minilm")
    out["PolNeAR quote gate, minilm tagger (10 dev)"] = {
        k: res[k] for k in ("overlap_p", "overlap_r", "overlap_f1", "speaker_acc")
    }
    dev = {k: v[:80] for k, v in tr.dev_sets().items()}
    res = tr.evaluate(relation_model.load(), dev)
    out["Relation cross-encoder dev slices (80 each)"] = {
        k: res[k] for k in ("sick_acc", "msrp_acc", "sts_pearson")
    }
    return out


def main() -> None:
    results, secs = {}, {}
    for engine in ("torch", "onnx"):
        reset(engine)
        t = time.process_time()
        results[engine] = gates()
        secs[engine] = time.process_time() - t
    md = _report.header("Quality gates on ONNX Runtime against torch (issue 21)")
    md += (
        "Shared 2-core machine. The gates' fixed slices scored with each encoder runtime in one "
        "process (float32 both; ONNX graphs exported from the same local weights).\n\n"
        "| gate | measure | torch | onnx | delta |\n|---|---|---:|---:|---:|\n"
    )
    for gate, vals in results["torch"].items():
        for k, v in vals.items():
            o = results["onnx"][gate][k]
            md += f"| {gate} | {k} | {v:.4f} | {o:.4f} | {o - v:+.4f} |\n"
    md += (
        f"\nCPU seconds for all the gates (the models' loads included): torch "
        f"{secs['torch']:.1f}, onnx {secs['onnx']:.1f}.\n"
    )
    print(md)
    _report.write("runtime_gates", md)


if __name__ == "__main__":
    main()
