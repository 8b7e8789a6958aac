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
(:func:`rashomon.read.attribution_encoder.merge_lora`).
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
    """The fine-tuned encoder, merged and loaded."""

    def __init__(self, path: str | Path) -> None:
        import torch
        from safetensors import safe_open
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        from .. import embed
        from ..read.attribution_encoder import merge_lora

        embed.torch_setup()
        self.path = str(path)
        with safe_open(self.path, "pt") as fh:
            meta = fh.metadata() or {}
        delta = {k: v.float() for k, v in load_file(self.path).items()}
        base = embed.model_dir()
        with open(os.path.join(base, "config.json"), encoding="utf-8") as fh:
            config = json.load(fh)
        self.bert = embed._Bert(base, config)
        merge_lora(self.bert, delta, float(meta.get("lora_scale", "1.0")))
        self.heads = {
            name: (delta[f"{name}.weight"], delta[f"{name}.bias"]) for name in ("nli", "para", "sim")
        }
        self.max_pieces = int(meta.get("max_pieces", "96"))
        self.info = json.loads(meta.get("info", "{}"))
        self.tokenizer = Tokenizer.from_file(os.path.join(base, "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_pieces, strategy="longest_first")
        self._torch = torch

    def raw(self, pairs: Sequence[tuple[str, str]], batch: int = 32) -> dict[str, Any]:
        """Head outputs for each (a, b) in order: ``nli`` (n x 3 probabilities), ``para`` and
        ``sim`` (n, in [0, 1]), as numpy arrays."""
        import numpy as np

        from .. import embed

        torch = self._torch
        encs = self.tokenizer.encode_batch([(a.strip(), b.strip()) for a, b in pairs])
        order = sorted(range(len(encs)), key=lambda i: -len(encs[i].ids))
        nli = np.zeros((len(encs), 3), dtype=np.float32)
        para = np.zeros(len(encs), dtype=np.float32)
        sim = np.zeros(len(encs), dtype=np.float32)
        autocast = (
            torch.autocast("cpu", dtype=torch.bfloat16) if embed.bf16() else contextlib.nullcontext()
        )
        with torch.inference_mode(), autocast:
            for s in range(0, len(order), batch):
                rows = order[s : s + batch]
                width = max(len(encs[i].ids) for i in rows)
                ids = torch.zeros((len(rows), width), dtype=torch.long)
                types, mask = torch.zeros_like(ids), torch.zeros_like(ids)
                for r, i in enumerate(rows):
                    e = encs[i]
                    n = len(e.ids)
                    ids[r, :n], types[r, :n] = torch.tensor(e.ids), torch.tensor(e.type_ids)
                    mask[r, :n] = 1
                hidden = self.bert(ids, types, mask).float()
                pooled = pool(hidden, mask)
                out = {k: pooled @ w.T + b for k, (w, b) in self.heads.items()}
                nli[rows] = torch.softmax(out["nli"], -1).numpy()
                para[rows] = torch.sigmoid(out["para"][:, 0]).numpy()
                sim[rows] = torch.sigmoid(out["sim"][:, 0]).numpy()
        return {"nli": nli, "para": para, "sim": sim}

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
