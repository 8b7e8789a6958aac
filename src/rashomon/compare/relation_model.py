"""The claim-relation cross-encoder: all-MiniLM-L6-v2 reading two statements together.

Why a cross-encoder: the sentence vectors of :mod:`rashomon.embed` say two statements are about
the same thing, never whether they agree ("Trump fired Flynn" and "Flynn stepped down" are
close vectors). Read as one input ("[CLS] a [SEP] b [SEP]"), the encoder sees both at once.
It is fine-tuned (``benchmarks/train_relations.py``) on the public sets of
``shared/datasets/sentence-relations`` with three heads on the mean-pooled last layer:
natural-language inference (SICK: entailment / neutral / contradiction), paraphrase (MSRP,
news sentences) and graded similarity (STS headlines of different outlets; SICK relatedness).

What ships is small, as for the attribution tagger: ``data/relations_minilm.safetensors``
holds the low-rank (LoRA) updates of the packaged encoder's dense layers, its tuned layer norms
and the three heads; at load they are merged into the encoder once
(:func:`rashomon.read.attribution_encoder.merge_lora`). On ONNX Runtime (``rashomon.runtime``)
the merged encoder is exported once and cached, and a process that finds it loads neither torch
nor the merge; the three heads run in numpy either way.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL_FILE = "data/relations_minilm.safetensors"
NLI_LABELS = ("entailment", "neutral", "contradiction")
_LOCK = threading.Lock()
_MODEL: RelationModel | None = None


@dataclass(frozen=True, slots=True)
class Scores:
    """The model's reading of one pair: NLI probabilities both ways, paraphrase, similarity."""

    entail: float  # a entails b
    entail_back: float  # b entails a
    neutral: float
    contradict: float  # the larger of the two directions
    paraphrase: float
    similarity: float  # in [0, 1]


def model_path() -> Path:
    return Path(__file__).resolve().parent / MODEL_FILE


class RelationModel:
    """The fine-tuned encoder, merged and loaded. ``engine``: ``"onnx"`` or ``"torch"`` (default
    ``runtime.choice()``; training evaluates its checkpoints on torch, where ``bert`` is the
    merged ``embed._Bert``)."""

    def __init__(self, path: str | Path, engine: str | None = None) -> None:
        import numpy as np
        from safetensors import safe_open
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        from .. import embed, runtime

        embed.offline()
        self.path = str(path)
        with safe_open(self.path, "np") as fh:
            meta = fh.metadata() or {}
        heads = {k: v.astype(np.float32) for k, v in load_file(self.path).items()}
        self.heads = {
            name: (heads[f"{name}.weight"], heads[f"{name}.bias"]) for name in ("nli", "para", "sim")
        }
        self.max_pieces = int(meta.get("max_pieces", "96"))
        self.info = json.loads(meta.get("info", "{}"))
        base = embed.model_dir()
        self.tokenizer = Tokenizer.from_file(os.path.join(base, "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_pieces, strategy="longest_first")
        self.engine = engine or runtime.choice()
        self.bert: Any = None
        self.session: runtime.Session | None = None
        scale = float(meta.get("lora_scale", "1.0"))
        if self.engine == "onnx":

            def make(out: Path) -> None:
                from ..onnx_export import export

                export(merged(base, self.path, scale), out, "mean")

            key = runtime.weights_key("relations", base, self.path)
            self.session = runtime.Session(runtime.onnx_file(key, make))
        else:
            embed.torch_setup()
            self.bert = merged(base, self.path, scale)

    def raw(self, pairs: Sequence[tuple[str, str]], batch: int = 32) -> dict[str, Any]:
        """Head outputs for each (a, b) in order: ``nli`` (n x 3 probabilities), ``para`` and
        ``sim`` (n, in [0, 1]), as numpy arrays."""
        import numpy as np

        from ..embed import batched

        encs = self.tokenizer.encode_batch([(a.strip(), b.strip()) for a, b in pairs])
        pooled = np.zeros((len(encs), self.heads["nli"][0].shape[1]), dtype=np.float32)
        batches = list(batched(encs, batch))
        if self.session is not None:
            for rows, ids, types, mask in batches:
                pooled[rows] = self.session.run({"ids": ids, "types": types, "mask": mask})[0]
        else:
            self._pooled_torch(batches, pooled)
        out = {k: pooled @ w.T + b for k, (w, b) in self.heads.items()}
        logits = out["nli"] - out["nli"].max(axis=1, keepdims=True)
        nli = np.exp(logits)
        nli /= nli.sum(axis=1, keepdims=True)
        return {
            "nli": nli.astype(np.float32),
            "para": (1.0 / (1.0 + np.exp(-out["para"][:, 0]))).astype(np.float32),
            "sim": (1.0 / (1.0 + np.exp(-out["sim"][:, 0]))).astype(np.float32),
        }

    def _pooled_torch(self, batches: list[Any], pooled: Any) -> None:
        from .. import embed, runtime

        torch = runtime.import_torch()
        autocast = (
            torch.autocast("cpu", dtype=torch.bfloat16) if embed.bf16() else contextlib.nullcontext()
        )
        with torch.inference_mode(), autocast:
            for rows, ids, types, mask in batches:
                m = torch.from_numpy(mask)
                hidden = self.bert(torch.from_numpy(ids), torch.from_numpy(types), m).float()
                pooled[rows] = pool(hidden, m).numpy()

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[Scores]:
        """Both directions of each pair read (entailment is not symmetric; a contradiction
        either way is one)."""
        if not pairs:
            return []
        both = [*pairs, *[(b, a) for a, b in pairs]]
        r = self.raw(both)
        n = len(pairs)
        out = []
        for i in range(n):
            f, g = r["nli"][i], r["nli"][n + i]
            out.append(
                Scores(
                    entail=float(f[0]),
                    entail_back=float(g[0]),
                    neutral=float((f[1] + g[1]) / 2),
                    contradict=float(max(f[2], g[2])),
                    paraphrase=float((r["para"][i] + r["para"][n + i]) / 2),
                    similarity=float((r["sim"][i] + r["sim"][n + i]) / 2),
                )
            )
        return out


def merged(base: str, path: str, scale: float) -> Any:
    """The packaged encoder (an ``embed._Bert``) with the fine-tuning in ``path`` merged in."""
    from safetensors.torch import load_file

    from .. import embed
    from ..read.attribution_encoder import merge_lora

    with open(os.path.join(base, "config.json"), encoding="utf-8") as fh:
        config = json.load(fh)
    bert = embed._Bert(base, config)
    merge_lora(bert, {k: v.float() for k, v in load_file(path).items()}, scale)
    return bert


def pool(hidden: Any, mask: Any) -> Any:
    """Mean of the last layer over the real pieces (the pooling the sentence model was trained
    with; training uses this very function)."""
    w = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * w).sum(1) / w.sum(1).clamp(min=1e-9)


def load() -> RelationModel:
    """The packaged model, loaded once per process."""
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            from ..errors import Code, RashomonError

            path = Path(os.environ.get("RASHOMON_RELATION_MODEL") or model_path())
            if not path.is_file():
                raise RashomonError(Code.MODEL, f"the claim-relation model {path} is missing")
            _MODEL = RelationModel(path)
        return _MODEL


__all__ = ["MODEL_FILE", "NLI_LABELS", "RelationModel", "Scores", "load", "pool"]
