"""Exporting the packaged encoders to ONNX from the local weights, through torch.

Run once per model and cached (``rashomon.runtime.onnx_file``); ``python -m rashomon.onnx_export``
makes all of them ahead of first use (``./dev`` does at set-up). The graph is the forward pass
of :class:`rashomon.embed._Bert`, written again with only the operations the exporter maps
one-to-one with dynamic batch and length (``_Bert`` slices and reshapes by Python integers read
off the input's shape, which a traced export freezes): an explicit softmax attention under an
additive mask, the exact (erf) GELU, the same layer norms. What the weights are (a fine-tuning
merged in or not) is decided before: this module only writes them out.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

OPSET = 17  # LayerNormalization is a single operator from opset 17 on


def _module(bert: Any, output: str, rule_embedding: Any = None, head: Any = None) -> Any:
    """``bert`` (an ``embed._Bert``) as a ``torch.nn.Module`` whose weights are parameters (so
    they are written as the graph's initializers, not as constants folded into nodes).

    ``output``: ``"mean"`` (mean-pooled last layer, b x d), ``"cls"`` (its first piece) or
    ``"tags"`` (``head`` applied to every piece, b x n x labels, with ``rule_embedding`` of the
    ``tags`` input added to the input embeddings, as the attribution tagger reads them)."""
    import torch
    import torch.nn.functional as F

    def frozen(ts: Any) -> Any:
        return torch.nn.ParameterList(
            [torch.nn.Parameter(t.detach().float().contiguous(), requires_grad=False) for t in ts]
        )

    d = int(bert.emb[0].shape[1])
    heads = bert.heads
    hd = d // heads
    eps = bert.eps
    per_layer = len(bert.layers[0])

    class Export(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = frozen([*bert.emb, *bert.emb_ln])
            self.layer = frozen([t for layer in bert.layers for t in layer])
            extra = []
            if output == "tags":
                extra = [rule_embedding, head[0], head[1]]
            self.extra = frozen(extra)

        def forward(self, ids: Any, types: Any, mask: Any, tags: Any = None) -> Any:
            words, positions, kinds, ln_w, ln_b = self.emb
            pos = torch.cumsum(torch.ones_like(ids), 1) - 1
            x = F.embedding(ids, words) + F.embedding(pos, positions) + F.embedding(types, kinds)
            if tags is not None:
                x = x + F.embedding(tags, self.extra[0])
            x = F.layer_norm(x, (d,), ln_w, ln_b, eps)
            bias = (1.0 - mask.to(torch.float32))[:, None, None, :] * -1e9
            for i in range(len(self.layer) // per_layer):
                qkv_w, qkv_b, o_w, o_b, n1_w, n1_b, i_w, i_b, f_w, f_b, n2_w, n2_b = self.layer[
                    i * per_layer : (i + 1) * per_layer
                ]
                qkv = F.linear(x, qkv_w, qkv_b)
                q = qkv[..., :d].reshape(x.shape[0], -1, heads, hd).transpose(1, 2)
                k = qkv[..., d : 2 * d].reshape(x.shape[0], -1, heads, hd).permute(0, 2, 3, 1)
                v = qkv[..., 2 * d :].reshape(x.shape[0], -1, heads, hd).transpose(1, 2)
                att = torch.softmax(torch.matmul(q, k) * (hd**-0.5) + bias, -1)
                ctx = torch.matmul(att, v).transpose(1, 2).reshape(x.shape[0], -1, d)
                x = F.layer_norm(x + F.linear(ctx, o_w, o_b), (d,), n1_w, n1_b, eps)
                ff = F.linear(F.gelu(F.linear(x, i_w, i_b)), f_w, f_b)
                x = F.layer_norm(x + ff, (d,), n2_w, n2_b, eps)
            if output == "tags":
                return F.linear(x, self.extra[1], self.extra[2])
            if output == "cls":
                return x[:, 0]
            w = mask.unsqueeze(-1).to(x.dtype)
            return (x * w).sum(1) / w.sum(1).clamp(min=1e-9)

    return Export().eval()


def export(bert: Any, path: str | Path, output: str = "mean", rule_embedding: Any = None,
           head: Any = None) -> None:
    """Write ``bert`` (an ``embed._Bert``, weights already merged) as an ONNX graph to ``path``.

    Inputs ``ids``, ``types``, ``mask`` (int64, b x n; and ``tags`` for ``output="tags"``);
    one output, ``out`` (see ``_module``)."""
    import warnings

    from .runtime import import_torch

    torch = import_torch()
    module = _module(bert, output, rule_embedding, head)
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])
    mask = (ids > 0).long()
    args: tuple[Any, ...] = (ids, torch.zeros_like(ids), mask)
    names = ["ids", "types", "mask"]
    if output == "tags":
        args = (*args, torch.zeros_like(ids))
        names.append("tags")
    axes = {n: {0: "batch", 1: "pieces"} for n in names}
    axes["out"] = {0: "batch", 1: "pieces"} if output == "tags" else {0: "batch"}
    with warnings.catch_warnings(), torch.inference_mode(False), torch.no_grad():
        warnings.simplefilter("ignore")  # the exporter's notes on the deprecated TorchScript path
        # The TorchScript exporter (dynamo=False): the newer one needs onnxscript, one more
        # dependency, for a graph this plain.
        torch.onnx.export(
            module, args, str(path), input_names=names, output_names=["out"],
            dynamic_axes=axes, opset_version=OPSET, dynamo=False,
        )


def main(argv: list[str] | None = None) -> int:
    """Export every packaged encoder that is not cached yet (set-up time)."""
    from . import runtime

    if runtime.choice() != "onnx":
        print("rashomon: onnxruntime is not installed; the encoders run on torch", file=sys.stderr)
        return 0
    from . import embed
    from .compare import relation_model
    from .read import attribution_encoder, attribution_model

    embed.load_model()
    relation_model.load()
    path = attribution_model.model_path("minilm")
    if path is not None and path.is_file():
        attribution_encoder.EncoderTagger(path)
    print(f"rashomon: encoders exported to {runtime.cache_dir()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
