"""The encoder runtime: chosen in one place, ONNX Runtime's outputs are torch's, the exported
graphs are made once, and spaCy's import leaves torch out where nothing needs it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from rashomon import embed, runtime
from rashomon.errors import RashomonError

needs_ort = pytest.mark.skipif(not runtime.available(), reason="onnxruntime not installed")
TEXTS = [
    "Cats purr.",
    "  Moscow rejects any deployment of Western soldiers on Ukrainian soil.  ",
    "NATO Secretary-General Mark Rutte said the alliance would \u201cnot be intimidated\u201d.",
    "word " * 400,  # past the 256-piece limit: truncated the same way
    "",
]


def test_the_runtime_follows_the_environment_then_what_is_installed(monkeypatch) -> None:
    monkeypatch.delenv(runtime.ENV, raising=False)
    monkeypatch.setattr(runtime, "available", lambda: False)
    assert runtime.choice() == "torch"  # the fallback when onnxruntime is missing
    monkeypatch.setenv(runtime.ENV, "onnx")
    with pytest.raises(RashomonError, match="onnxruntime is not installed"):
        runtime.choice()
    monkeypatch.setattr(runtime, "available", lambda: True)
    assert runtime.choice() == "onnx"
    monkeypatch.setenv(runtime.ENV, "Torch")
    assert runtime.choice() == "torch"
    monkeypatch.setenv(runtime.ENV, "tensorflow")
    with pytest.raises(RashomonError, match="use 'onnx' or 'torch'"):
        runtime.choice()


def test_a_missing_onnxruntime_runs_the_encoder_on_torch(monkeypatch) -> None:
    monkeypatch.delenv(runtime.ENV, raising=False)
    monkeypatch.setattr(runtime, "available", lambda: False)
    model = embed.Encoder(embed.model_dir())
    assert model.engine == "torch" and model.session is None
    v = model.encode(["Cats purr."])
    assert v.shape == (1, embed.DIM)


def test_an_onnx_file_is_exported_once_and_appears_whole(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path / "cache"))
    calls = []

    def make(out: Path) -> None:
        calls.append(out)
        assert not (tmp_path / "cache" / "k.onnx").exists()  # written aside, then renamed
        out.write_bytes(b"graph")

    workers = [threading.Thread(target=runtime.onnx_file, args=("k", make)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert runtime.onnx_file("k", make).read_bytes() == b"graph"
    assert len(calls) == 1
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name.endswith(".tmp")] == []


def test_a_failed_export_leaves_nothing_in_the_cache(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path))

    def broken(out: Path) -> None:
        out.write_bytes(b"half")
        raise RuntimeError("exporter failed")

    with pytest.raises(RuntimeError):
        runtime.onnx_file("k", broken)
    assert not any(p.suffix in (".onnx", ".tmp") for p in tmp_path.iterdir())


def test_the_cache_key_changes_with_the_fine_tuning(tmp_path) -> None:
    a, b = tmp_path / "a.safetensors", tmp_path / "b.safetensors"
    a.write_bytes(b"one")
    b.write_bytes(b"two")
    base = embed.model_dir()
    assert runtime.weights_key("x", base, a) == runtime.weights_key("x", base, a)
    assert runtime.weights_key("x", base, a) != runtime.weights_key("x", base, b)
    assert runtime.weights_key("x", base, a) != runtime.weights_key("y", base, a)


def test_more_threads_is_lent_for_a_while() -> None:
    before = runtime.threads()
    with runtime.more_threads(2):
        assert runtime.threads() == 2
    assert runtime.threads() == before


@needs_ort
def test_onnx_sentence_vectors_are_torchs() -> None:
    """Each vector within cosine 0.99 of torch's (measured: > 0.99999), and the pair
    similarities grouping thresholds within 1e-4."""
    onnx = embed.Encoder(embed.model_dir(), "onnx")
    torch_ = embed.Encoder(embed.model_dir(), "torch")
    assert onnx.engine == "onnx" and onnx.session is not None
    got, want = onnx.encode(TEXTS, batch_size=2), torch_.encode(TEXTS, batch_size=2)
    assert (np.sum(got * want, axis=1) > 0.99).all()
    assert (np.sum(got * want, axis=1) > 0.9999).all()
    assert np.abs(got @ got.T - want @ want.T).max() < 1e-4


@needs_ort
def test_onnx_relation_scores_are_torchs() -> None:
    from rashomon.compare import relation_model as rm

    pairs = [
        ("A man is playing a guitar", "A man is not playing a guitar"),
        ("Trump fired Flynn on Monday.", "Flynn stepped down after the president asked him to."),
        ("The bridge reopened.", "Rain is expected over the weekend in the north."),
    ]
    got = rm.RelationModel(rm.model_path(), "onnx").raw(pairs)
    want = rm.RelationModel(rm.model_path(), "torch").raw(pairs)
    for k in ("nli", "para", "sim"):
        assert np.abs(got[k] - want[k]).max() < 1e-3, k


@needs_ort
def test_onnx_attribution_tags_are_torchs() -> None:
    from rashomon.read import attribution_encoder as enc
    from rashomon.read import attribution_model as am

    path = am.model_path("minilm")
    onnx, torch_ = enc.EncoderTagger(path, "onnx"), enc.EncoderTagger(path, "torch")
    rng = np.random.default_rng(3)
    ids = rng.integers(1000, 20000, size=(2, 40))
    ids[:, 0], ids[:, -1] = 101, 102
    mask = np.ones_like(ids)
    mask[1, 30:] = 0
    tags = rng.integers(0, len(enc.RULE_TAGS), size=ids.shape)
    got, want = onnx._logits(ids, tags, mask), torch_._logits(ids, tags, mask)
    real = mask.astype(bool)
    assert np.abs(got[real] - want[real]).max() < 1e-3
    assert (got[real].argmax(-1) == want[real].argmax(-1)).all()


@needs_ort
def test_spacy_loads_without_torch_on_onnx_and_torch_still_imports_after() -> None:
    code = (
        "import sys\n"
        "from rashomon.read.nlp import load_nlp\n"
        "load_nlp()\n"
        "print('torch' in sys.modules)\n"
        "import thinc.compat, torch\n"
        "print(thinc.compat.has_torch, torch.tensor([1]).item())\n"
    )
    env = {**os.environ, runtime.ENV: "onnx"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    assert out == ["False", "False", "1"]
