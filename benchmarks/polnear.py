"""Quotes and speakers on PolNeAR (political news attribution relations, brat standoff).

Run: .venv/bin/python benchmarks/polnear.py [--split dev|train] [--limit N] [--offset K]
     [--quotes-model crf|minilm|rules|FILE] [--write] [--errors N] [--frames belief,object,...]

``--quotes-model`` picks the attribution tagger (``rashomon.read.attribution_model.MODELS``);
``--write`` scores every packaged tagger and the rules alone, and the agreement of PolNeAR's own
annotators with each other on the articles two of them annotated (the same metric, one
annotator as gold), which is the ceiling a model can be expected to reach.

``--errors N`` prints missed gold attributions and spurious predictions (train only);
``--frames`` limits what is found beyond speech (``rashomon.read.quotes.FRAMES``), to measure
each kind of attribution's worth.

Each article's raw text is the article text (no cleaning, so the gold offsets index it); the
``parse`` and ``quotes`` stages run over it. One attribution per gold ``E`` relation (types
``Attribution`` and ``Attribution-no-source``); where an article has several annotators' files, the
first file in name order is used. Predicted quotes that share a cue and a speaker are one
attribution (a quote split around its cue, a continuation paragraph), as PolNeAR annotates them
as one discontinuous content span.

Span comparison is over *content characters*: the alphanumeric characters of the span (quote
marks, punctuation and spaces do not count, nor a leading complementiser "that", which PolNeAR
includes and rashomon leaves out). With P and G the predicted and gold character sets:

- exact: P == G;
- overlap: |P & G| / max(|P|, |G|) >= 0.5 (overlap over the longer span, so a match covers at
  least half of each span), pairs matched one-to-one, best overlap first;
- token overlap (the metric behind citron's published "overlap" figures): precision is the share
  of predicted content words that lie inside some gold content span, recall the share of gold
  content words inside some predicted span, summed over all attributions (no one-to-one
  matching, so a prediction that covers half of a gold span earns half of it). Words are runs
  of alphanumeric characters; a word counts as in a span when any of its characters is.

Speaker accuracy is over overlap-matched pairs whose gold attribution has a Source: correct when
the predicted speaker span overlaps the gold Source span, or the predicted canonical speaker
equals the gold source text or ends with its last word (a surname in the gold span; a party tag
or an apposition after the name, "Gov. John Kasich (R-OH)", "Willie Minor, an actor,", is left
out first).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import DATASETS, header, write  # noqa: E402

from rashomon.model import Article, Quote  # noqa: E402
from rashomon.read import attribution_model  # noqa: E402
from rashomon.read.nlp import doc_for, parse  # noqa: E402
from rashomon.read.quotes import DEFAULT_FRAMES, FRAMES, extract_quotes, quotes  # noqa: E402
from rashomon.registry import Context  # noqa: E402

DATA = DATASETS / "polnear"
_ALNUM = re.compile(r"\w", re.UNICODE)
_LEADING_THAT = re.compile(r"\W*that\b", re.IGNORECASE)


@dataclass
class Gold:
    content: list[tuple[int, int]]
    sources: list[tuple[int, int]] = field(default_factory=list)
    source_text: str = ""
    cue_text: str = ""
    cues: list[tuple[int, int]] = field(default_factory=list)


def parse_ann(text: str) -> list[Gold]:
    """The attribution relations of one brat .ann file."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    relations: list[dict[str, str]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if not parts or not parts[0]:
            continue
        if parts[0].startswith("T") and len(parts) >= 2:
            kind, _, offs = parts[1].partition(" ")
            ranges = []
            for piece in offs.split(";"):
                a, b = piece.split()
                ranges.append((int(a), int(b)))
            spans[parts[0]] = (kind, ranges, parts[2] if len(parts) > 2 else "")
        elif parts[0].startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":", 1) for r in parts[1].split() if ":" in r)
            relations.append(roles)
    out = []
    for roles in relations:
        kind = next(iter(roles), "")
        if not kind.startswith("Attribution"):
            continue
        content: list[tuple[int, int]] = []
        sources: list[tuple[int, int]] = []
        stext = []
        ctext = []
        cues: list[tuple[int, int]] = []
        for role, tid in roles.items():
            if tid not in spans:
                continue
            if role.startswith("Content"):
                content += spans[tid][1]
            elif role.startswith("Source"):
                sources += spans[tid][1]
                stext.append(spans[tid][2])
            elif role.startswith("Cue"):
                ctext.append(spans[tid][2])
                cues += spans[tid][1]
        if content:
            out.append(Gold(content, sources, " ".join(stext), " ".join(ctext), cues))
    return out


def load_split(
    split: str, limit: int | None = None, offset: int = 0
) -> list[tuple[str, str, list[Gold]]]:
    """(name, text, gold attributions) for the articles of a split, in name order."""
    base = DATA / split
    texts = sorted((base / "text").glob("*.txt"))[offset:]
    if limit:
        texts = texts[:limit]
    anns = sorted((base / "attributions").glob("*.ann"))
    out = []
    for t in texts:
        ann = next((a for a in anns if a.name.startswith(t.stem + "_")), None)
        if ann is None:
            continue
        out.append(
            (t.stem, t.read_text(encoding="utf-8"), parse_ann(ann.read_text(encoding="utf-8")))
        )
    return out


def chars(text: str, ranges: list[tuple[int, int]]) -> frozenset[int]:
    """Content characters of a (possibly discontinuous) span; see the module docstring."""
    first = min(a for a, _ in ranges)
    skip: set[int] = set()
    m = _LEADING_THAT.match(text, first)
    if m:
        skip = set(range(first, m.end()))
    return frozenset(
        i for a, b in ranges for i in range(a, b) if _ALNUM.match(text[i]) and i not in skip
    )


@dataclass
class Pred:
    content: frozenset[int]
    speaker_span: tuple[int, int] | None
    speaker: str | None
    quotes: list[Quote]


def group(text: str, quotes: list[Quote]) -> list[Pred]:
    """One predicted attribution per (cue, speaker): split and continued quotes are one."""
    groups: dict[tuple, list[Quote]] = {}
    for i, q in enumerate(quotes):
        key = (q.cue_start, q.speaker_start) if q.cue_start is not None else ("q", i)
        groups.setdefault(key, []).append(q)
    out = []
    for qs in groups.values():
        c = chars(text, [(q.start, q.end) for q in qs])
        q0 = qs[0]
        span = (
            (q0.speaker_start, q0.speaker_end)
            if q0.speaker_start is not None and q0.speaker_end is not None
            else None
        )
        if c:
            out.append(Pred(c, span, q0.speaker, qs))
    return out


def _source_name(source: str) -> str:
    """The name part of a gold Source span: without a party tag or an apposition after it
    ("Gov. John Kasich (R-OH)", "Willie Minor, an actor in Dallas,"), whose last word is not
    the surname."""
    name = re.sub(r"\([^)]*\)", " ", source)
    name = name.split(",")[0]
    return name if re.search(r"\w", name) else source


def speaker_ok(text: str, p: Pred, g: Gold) -> bool:
    if p.speaker_span is not None:
        a, b = p.speaker_span
        if any(a < gb and ga < b for ga, gb in g.sources):
            return True
    if p.speaker and g.source_text:
        gw = re.findall(r"\w+", _source_name(g.source_text).lower())
        pw = re.findall(r"\w+", p.speaker.lower())
        if pw and gw and (pw == gw or pw[-1] == gw[-1]):
            return True
    return False


def word_ids(text: str) -> list[int]:
    """For each character, the index of the alphanumeric run (word) it belongs to, else -1."""
    ids = [-1] * len(text)
    for n, m in enumerate(re.finditer(r"\w+", text)):
        ids[m.start() : m.end()] = [n] * (m.end() - m.start())
    return ids


def token_overlap(
    words: list[int], golds: list[frozenset[int]], preds: list[frozenset[int]]
) -> tuple[int, int, int, int]:
    """(predicted words inside gold, predicted words, gold words inside a prediction, gold
    words) for one article, each span's words counted once per span (see the docstring)."""
    gw = [{words[i] for i in g} for g in golds]
    pw = [{words[i] for i in p} for p in preds]
    in_gold = set().union(*gw) if gw else set()
    in_pred = set().union(*pw) if pw else set()
    return (
        sum(len(p & in_gold) for p in pw),
        sum(len(p) for p in pw),
        sum(len(g & in_pred) for g in gw),
        sum(len(g) for g in gw),
    )


def _token_scores(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return {"token_p": p, "token_r": r, "token_f1": 2 * p * r / (p + r) if p + r else 0.0}


def match(golds: list[frozenset[int]], preds: list[frozenset[int]]) -> list[tuple[int, int]]:
    """Overlap matches (pred index, gold index): one-to-one, best overlap first."""
    pairs = []
    for i, p in enumerate(preds):
        for j, gs in enumerate(golds):
            if not gs:
                continue
            inter = len(p & gs)
            if inter:
                score = inter / max(len(p), len(gs))
                if score >= 0.5:
                    pairs.append((score, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def agreement() -> dict[str, float]:
    """PolNeAR's annotators against each other: on every train and dev article that two of
    them annotated, the first file in name order is gold and the second the prediction."""
    n_a = n_b = overlap = exact = articles = 0
    tok = [0, 0, 0, 0]
    for split in ("train", "dev"):
        base = DATA / split
        by_article: dict[str, list[Path]] = {}
        for ann in sorted((base / "attributions").glob("*.ann")):
            by_article.setdefault(ann.name.rsplit("_", 1)[0], []).append(ann)
        for stem, anns in by_article.items():
            if len(anns) < 2:
                continue
            text = (base / "text" / f"{stem}.txt").read_text(encoding="utf-8")
            a, b = (
                [chars(text, g.content) for g in parse_ann(f.read_text(encoding="utf-8"))]
                for f in anns[:2]
            )
            articles += 1
            for k, v in enumerate(token_overlap(word_ids(text), a, b)):
                tok[k] += v
            n_a += len(a)
            n_b += len(b)
            overlap += len(match(a, b))
            gold = set(a)
            exact += sum(1 for p in b if p in gold)
    op, orr = overlap / n_b, overlap / n_a
    ep, er = exact / n_b, exact / n_a
    return {
        "articles": articles, "gold": n_a, "predicted": n_b,
        "exact_p": ep, "exact_r": er, "exact_f1": 2 * ep * er / (ep + er),
        "overlap_p": op, "overlap_r": orr, "overlap_f1": 2 * op * orr / (op + orr),
        **_token_scores(*tok),
    }


def evaluate(
    docs: list[tuple[str, str, list[Gold]]],
    ctx: Context | None = None,
    frames: tuple[str, ...] | None = None,
    quotes_model: str | None = None,
) -> dict[str, float]:
    """Run parse + quotes over the documents and score them (see the module docstring);
    ``frames`` limits the attributions found beyond speech (``quotes.FRAMES``), for ablations;
    ``quotes_model`` picks the attribution tagger."""
    ctx = ctx or Context(options=attribution_model.options(quotes_model))
    arts = [Article(id=name, source=name, text=text) for name, text, _ in docs]
    # The stage functions directly (not through the registry, which imports every stage package):
    # the benchmark measures the quotes stage alone, on spaCy's entities.
    parse(arts, ctx)
    for a in arts:
        if frames is None:
            quotes(a, ctx)
        else:
            a.quotes = extract_quotes(a, doc_for(a, ctx), frames)
    n_pred = n_gold = exact = overlap = spk_n = spk_ok = 0
    n_gold_direct = rec_direct = 0
    tok = [0, 0, 0, 0]
    for art, (_, text, golds) in zip(arts, docs, strict=True):
        preds = group(text, art.quotes)
        gsets = [chars(text, g.content) for g in golds]
        for k, v in enumerate(token_overlap(word_ids(text), gsets, [p.content for p in preds])):
            tok[k] += v
        n_pred += len(preds)
        n_gold += len(golds)
        exact += sum(1 for p in preds if any(p.content == gs for gs in gsets))
        used_p: set[int] = set()
        used_g: set[int] = set()
        for i, j in match(gsets, [p.content for p in preds]):
            used_p.add(i)
            used_g.add(j)
            overlap += 1
            if golds[j].sources:
                spk_n += 1
                spk_ok += speaker_ok(text, preds[i], golds[j])
        for j, g in enumerate(golds):
            a = min(x for x, _ in g.content)
            if text[a : a + 1] in "“\"'‘":
                n_gold_direct += 1
                rec_direct += j in used_g
        art.meta["_eval"] = (preds, golds, used_p, used_g)

    # Recall on the attributions whose cue is a speech verb of the stage's lexicon ("said",
    # "told", "according to", …): PolNeAR also annotates beliefs, findings and polls.
    from rashomon.read.nlp import load_nlp
    from rashomon.read.quotes import CUE_LEMMAS, WEAK_CUES

    speech = CUE_LEMMAS - WEAK_CUES
    flat = [
        (art, j, g)
        for art, (_, _, golds) in zip(arts, docs, strict=True)
        for j, g in enumerate(golds)
    ]
    cue_docs = load_nlp().pipe([g.cue_text or "-" for _, _, g in flat], batch_size=256)
    n_speech = rec_speech = 0
    for (art, j, g), cd in zip(flat, cue_docs, strict=True):
        verbs = [t.lemma_.lower() for t in cd if t.pos_ in ("VERB", "AUX")]
        if g.cue_text.lower().startswith("according to") or (verbs and verbs[-1] in speech):
            n_speech += 1
            rec_speech += j in art.meta["_eval"][3]

    def prf(tp: int) -> tuple[float, float, float]:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    ep, er, ef = prf(exact)
    op, orr, of = prf(overlap)
    return {
        "articles": len(docs),
        "gold": n_gold,
        "predicted": n_pred,
        "exact_p": ep,
        "exact_r": er,
        "exact_f1": ef,
        "overlap_p": op,
        "overlap_r": orr,
        "overlap_f1": of,
        **_token_scores(*tok),
        "speaker_acc": spk_ok / spk_n if spk_n else 0.0,
        "speaker_n": spk_n,
        "direct_recall": rec_direct / n_gold_direct if n_gold_direct else 0.0,
        "direct_gold": n_gold_direct,
        "speech_recall": rec_speech / n_speech if n_speech else 0.0,
        "speech_gold": n_speech,
        "_arts": arts,  # type: ignore[dict-item]
    }


def show_errors(res: dict, docs: list[tuple[str, str, list[Gold]]], n: int) -> None:
    """Print missed gold and spurious predictions (for tuning on train)."""
    shown = 0
    for art, (name, text, golds) in zip(res["_arts"], docs, strict=True):
        preds, golds, used_p, used_g = art.meta["_eval"]
        for j, g in enumerate(golds):
            if j not in used_g and shown < n:
                pieces = " | ".join(text[a:b] for a, b in sorted(g.content))
                print(f"MISS {name}: [{g.source_text}|{g.cue_text}] {pieces[:160]!r}")
                shown += 1
        for i, p in enumerate(preds):
            if i not in used_p and shown < n:
                q = p.quotes[0]
                pieces = " | ".join(x.text for x in p.quotes)
                print(f"SPUR {name}: [{q.speaker_text}|{q.cue}|{q.kind}] {pieces[:160]!r}")
                shown += 1


def _row(label: str, res: dict, secs: float | None) -> str:
    def num(key: str, n: str | None = None) -> str:
        if key not in res:
            return "—"
        return f"{res[key]:.3f}" + (f" (n={res[n]})" if n else "")

    return (
        f"| {label} | {res['articles']} | {res['gold']} | {res['predicted']} | {num('exact_p')} "
        f"| {num('exact_r')} | {num('exact_f1')} | {num('overlap_p')} | {num('overlap_r')} "
        f"| **{res['overlap_f1']:.3f}** | {num('token_p')} | {num('token_r')} | {num('token_f1')} "
        f"| {num('speaker_acc', 'speaker_n')} "
        f"| {num('direct_recall', 'direct_gold')} | {num('speech_recall', 'speech_gold')} "
        f"| {'—' if secs is None else f'{secs:.0f} s'} |"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0, help="print N errors (train only)")
    ap.add_argument(
        "--quotes-model", help="attribution tagger: crf (default), minilm, rules, or a model file"
    )
    ap.add_argument(
        "--write",
        action="store_true",
        help="score every packaged tagger and the annotators' agreement; write "
        "benchmarks/results/polnear.md",
    )
    ap.add_argument(
        "--frames",
        help="comma-separated attributions to find beyond speech, of "
        f"{','.join(FRAMES)} (default: {','.join(DEFAULT_FRAMES)}; '' for speech only)",
    )
    args = ap.parse_args(argv)
    frames = None if args.frames is None else tuple(f for f in args.frames.split(",") if f)
    if frames and not set(frames) <= set(FRAMES):
        ap.error(f"unknown frames: {sorted(set(frames) - set(FRAMES))}")
    docs = load_split(args.split, args.limit, args.offset)
    from rashomon.read.attribution_model import DEFAULT_MODEL, MODELS

    models = ["rules", *MODELS] if args.write else [args.quotes_model]
    rows = []
    for model in models:
        t0 = time.perf_counter()
        res = evaluate(docs, frames=frames, quotes_model=model)
        secs = time.perf_counter() - t0
        name = model or DEFAULT_MODEL
        print(
            f"{args.split} [{name}]: {res['articles']} articles, {res['gold']} gold, "
            f"{res['predicted']} predicted\n"
            f"exact    P {res['exact_p']:.3f}  R {res['exact_r']:.3f}  F1 {res['exact_f1']:.3f}\n"
            f"overlap  P {res['overlap_p']:.3f}  R {res['overlap_r']:.3f}  F1 {res['overlap_f1']:.3f}\n"
            f"tokens   P {res['token_p']:.3f}  R {res['token_r']:.3f}  F1 {res['token_f1']:.3f}\n"
            f"speaker accuracy {res['speaker_acc']:.3f} on {res['speaker_n']} matched with a source\n"
            f"direct-quote recall {res['direct_recall']:.3f} of {res['direct_gold']}\n"
            f"speech-verb recall {res['speech_recall']:.3f} of {res['speech_gold']}\n"
            f"{secs:.1f} s (parse + quotes)",
            flush=True,
        )
        label = {"rules": "rules alone", DEFAULT_MODEL: f"rules + {DEFAULT_MODEL} (default)"}.get(
            name, f"rules + {name}"
        )
        rows.append(_row(label, res, secs))
        if args.errors:
            if args.split == "dev":
                print("errors are shown on train only (never tune on dev)")
            else:
                show_errors(res, docs, args.errors)
    if args.write:
        agree = agreement()
        print(f"annotators' agreement: overlap F1 {agree['overlap_f1']:.3f}, "
              f"token F1 {agree['token_f1']:.3f}, "
              f"exact F1 {agree['exact_f1']:.3f} on {agree['articles']} articles")
        rows.append(_row("PolNeAR annotator vs annotator", agree, None))
        md = header("Quotes and speakers: PolNeAR " + args.split) + (
            "Content spans compared as sets of alphanumeric characters (quote marks, punctuation,\n"
            'spaces and a leading "that" ignored). Overlap match: |P∩G| / max(|P|, |G|) ≥ 0.5,\n'
            "one-to-one, best first. Token overlap (citron's \"overlap\" metric, behind its\n"
            "published 83.3 F1 on PARC 3.0): the share of predicted content words inside a gold\n"
            "span (P) and of gold content words inside a predicted span (R), no one-to-one\n"
            "matching. The goal (overlap F1 ≥ 0.85) is on the span-overlap column.\n"
            "Speaker accuracy: on overlap-matched pairs with a gold Source,\n"
            "predicted speaker span overlaps it or the canonical speaker ends with its last word\n"
            "(of the name: a party tag or an apposition after it left out).\n"
            "PolNeAR annotates every attribution (beliefs, findings, polls: 'X believes', 'the\n"
            "poll shows'), not only speech, so recall is measured against a wider target.\n"
            "Rows: the hand-written rules alone; the rules with each packaged attribution tagger\n"
            "(`--quotes-model`: `crf`, the default; `minilm`, the fine-tuned encoder); and, as the\n"
            "ceiling, PolNeAR's annotators scored against each other with the same metric on the\n"
            f"{agree['articles']} train and dev articles two of them annotated (the first file as gold).\n"
            "Time: parse + quotes, one process.\n\n"
            "| quotes stage | articles | gold | predicted | exact P | exact R | exact F1 | overlap P "
            "| overlap R | overlap F1 | token P | token R | token F1 | speaker acc. | direct-quote recall | speech-verb recall "
            "| time |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
        )
        write("polnear", md)  # the section, and BENCHMARKS.md rebuilt from every section
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
