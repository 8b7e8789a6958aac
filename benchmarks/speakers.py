"""Who the quotes stage says spoke, on all 300 BASIL articles (100 events x Fox News, NYT, HuffPost).

Run: .venv/bin/python benchmarks/speakers.py [--events N] [--quotes-model crf|minilm|rules]
     [--cache DIR] [--write] [--list KIND]

Each article is read as :mod:`benchmarks.basil` reads it (title, date, body paragraphs as
text, the outlet as given) through the ``parse``, ``entities`` and ``quotes`` stages. Every quote's
speaker falls in one class:

- ``entity``: a named person, organisation, place or group the entities stage found;
- ``role``: a common-noun phrase for people or a body by role ("senior administration
  officials", "spokesman for the campaign", "the ministry"), head noun in the stage's lexicon
  (``rashomon/read/data/speaker_nouns.json``);
- ``name``: a capitalised name the entity recogniser missed ("Earnest");
- ``common noun``: any other lower-case phrase: what the issue calls a common noun as speaker,
  whose goal is 0;
- ``null``: no speaker, by the reason recorded on the quote (``Quote.speaker_reason``).

Also reported: Fox News's article on the BuzzFeed report (event c9e4d35f, where the issue found
Trump's "total phony story" quotes credited to Michael Cohen): each voice's share of the quoted
words. ``--cache DIR`` keeps the parse and the entities between runs (spaCy's DocBin and the
articles as JSON), which is what makes iterating on the speaker rules cheap; ``--list KIND``
prints the quotes of one class (or a null reason) to read them.

With ``benchmarks/data/speakers_gold.tsv`` present (hand-labelled speakers of 239 quotes from
20 triples, procedure in its header), the speaker accuracy on its tune and untouched parts; the
untouched part is the headline.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import header, write  # noqa: E402
from basil import load  # noqa: E402

from rashomon.compare.framing import voices  # noqa: E402
from rashomon.lexicon import ACTOR_LABELS  # noqa: E402
from rashomon.model import Article, Quote  # noqa: E402
from rashomon.read import attribution_model  # noqa: E402
from rashomon.read.nlp import docs, load_nlp  # noqa: E402
from rashomon.read.quotes import quotes as quotes_stage  # noqa: E402
from rashomon.read.quotes.actors import _nouns  # noqa: E402
from rashomon.registry import Context, run  # noqa: E402

BUZZFEED_FOX = "c9e4d35f-aeae-462b-a8bf-e08d09a93b6e_1"
GOLD = Path(__file__).parent / "data" / "speakers_gold.tsv"
CLASSES = ("entity", "role", "name", "common noun", "null")


def read(events: int | None, model: str | None, cache: Path | None) -> list[Article]:
    """The BASIL articles with entities and quotes (the parse and entities from ``cache`` when
    it holds them)."""
    from spacy.tokens import DocBin

    nlp = load_nlp()
    ctx = Context(options=attribution_model.options(model))
    arts: list[Article]
    if cache is not None and (cache / "articles.json").is_file():
        arts = [Article.from_dict(d) for d in json.loads((cache / "articles.json").read_text())]
        for a, d in zip(
            arts, DocBin().from_disk(cache / "docs.bin").get_docs(nlp.vocab), strict=True
        ):
            docs(ctx)[a.id] = d
        if events:
            arts = arts[: events * 3]
    else:
        arts, _ = load(events)
        run(arts, ["parse", "entities"], ctx)
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            db = DocBin(store_user_data=False)
            for a in arts:
                db.add(docs(ctx)[a.id])
            db.to_disk(cache / "docs.bin")
            (cache / "articles.json").write_text(json.dumps([a.to_dict() for a in arts]))
    for a in arts:
        quotes_stage(a, ctx)
    return arts


def _head_word(speaker: str) -> str:
    """The head noun of a role phrase: the last word before its affiliation ("spokesman" of
    "spokesman for the campaign")."""
    words = speaker.lower().split()
    for k, w in enumerate(words):
        if k and w in ("for", "of", "at", "to", "in"):
            words = words[:k]
            break
    return words[-1].strip(",.’'") if words else ""


def classify(q: Quote, actors: dict[str, str]) -> str:
    """The class of a quote's speaker (see the module docstring)."""
    sp = q.speaker
    if sp is None:
        return "null"
    if q.speaker_id is not None or actors.get(sp) in ACTOR_LABELS:
        return "entity"
    head = _head_word(sp)
    lex = _nouns()
    forms = {head, head.removesuffix("s"), head.removesuffix("es"), head.removesuffix("ies") + "y"}
    if forms & (lex["person"] | lex["group"]) or head.endswith(
        ("man", "men", "woman", "women", "ist", "ists", "ian", "ians")
    ):
        return "role"
    if sp[:1].isupper():
        return "name"
    return "common noun"


def measure(arts: list[Article]) -> dict:
    classes: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    common: Counter[str] = Counter()
    rows: list[tuple[str, str, Quote]] = []
    for a in arts:
        actors: dict[str, str] = {}
        for e in a.entities:
            actors.setdefault(e.canonical or e.text, e.label)
        for q in a.quotes:
            c = classify(q, actors)
            classes[c] += 1
            if c == "null":
                reasons[getattr(q, "speaker_reason", None) or "unrecorded"] += 1
            if c == "common noun":
                common[q.speaker or ""] += 1
            rows.append((a.id, c, q))
    fox = next((a for a in arts if a.id == BUZZFEED_FOX), None)
    return {
        "articles": len(arts),
        "quotes": sum(classes.values()),
        "classes": classes,
        "reasons": reasons,
        "common": common,
        "rows": rows,
        "buzzfeed": voices(fox) if fox is not None else [],
    }


def _norm(s: str) -> str:
    s = s.lower().replace("’", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^(?:the|a|an)\s+", "", s.strip())
    return " ".join(re.sub(r"[.,]", "", s).split())


def _gold_head(s: str) -> str:
    """The head word a speaker is matched on: a name's surname, a role phrase's head noun."""
    words = _norm(s).split()
    for k, w in enumerate(words):
        if k and w in ("for", "of", "at", "to", "in", "on"):
            words = words[:k]
            break
    h = words[-1] if words else ""
    return h[:-1] if h.endswith("s") and len(h) > 3 else h


def speaker_right(predicted: str | None, gold: str) -> bool:
    """The gold file's scoring rule (see its header): an alternative's form or head word; a
    null speaker only against NONE."""
    alts = gold.split("|")
    if predicted is None:
        return "NONE" in alts
    return any(
        a != "NONE" and (_norm(a) == _norm(predicted) or _gold_head(a) == _gold_head(predicted))
        for a in alts
    )


def score_gold(arts: list[Article], path: Path = GOLD) -> dict[str, dict[str, int]]:
    """Speaker accuracy per part of the hand-labelled gold: each gold quote matched to the
    stage's quote with the same span (else the first overlapping one; none: "not found")."""
    by_id = {a.id: a for a in arts}
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    head = lines[0].split("\t")
    out: dict[str, dict[str, int]] = {}
    for ln in lines[1:]:
        row = dict(zip(head, ln.split("\t"), strict=True))
        part = out.setdefault(row["part"], Counter())
        if row["gold_speaker"] == "-":
            part["excluded"] += 1
            continue
        a = by_id.get(row["article"])
        if a is None:
            continue
        s, e = int(row["start"]), int(row["end"])
        q = next((q for q in a.quotes if (q.start, q.end) == (s, e)), None) or next(
            (q for q in a.quotes if q.start < e and s < q.end), None
        )
        if q is None:
            part["not found"] += 1
            continue
        part["n"] += 1
        part["right"] += speaker_right(q.speaker, row["gold_speaker"])
    return out


def report(res: dict, elapsed: float, model: str) -> str:
    n = res["quotes"] or 1
    lines = [
        f"{res['articles']} BASIL articles, {res['quotes']} quotes (quotes model: {model}), "
        f"quotes stage {elapsed:.0f} s",
        "",
        "| speaker class | quotes | share |",
        "|---|---|---|",
    ]
    for c in CLASSES:
        lines.append(f"| {c} | {res['classes'][c]} | {res['classes'][c] / n:.3f} |")
    lines += [
        "",
        "Null speakers by reason: "
        + ", ".join(f"{r} {k}" for r, k in res["reasons"].most_common()),
    ]
    top = ", ".join(f"{s!r} {k}" for s, k in res["common"].most_common(15)) or "none"
    lines += ["", f"Common nouns left as speakers: {top}"]
    bf = ", ".join(f"{v['speaker']} {v['share']:.2f}" for v in res["buzzfeed"][:5])
    lines += ["", f"Fox on the BuzzFeed report ({BUZZFEED_FOX}), share of quoted words: {bf}"]
    gold = res.get("gold")
    if gold:
        lines += [
            "",
            f"Hand-labelled speaker gold (`{GOLD.relative_to(GOLD.parents[2])}`, procedure in its "
            "header: one annotator, an AI assistant acting as engineer, reading each quote in its "
            "article; split by triple hash):",
            "",
            "| part | quotes scored | speaker right | accuracy | left out (no one's words) | not found |",
            "|---|---|---|---|---|---|",
        ]
        for part in ("untouched", "tune"):
            g = gold.get(part, Counter())
            acc = g["right"] / g["n"] if g["n"] else 0.0
            bold = "**" if part == "untouched" else ""
            lines.append(
                f"| {part} | {g['n']} | {g['right']} | {bold}{acc:.3f}{bold} | {g['excluded']} "
                f"| {g['not found']} |"
            )
        lines += ["", "Headline: the untouched part (no rule was changed on it)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=None)
    ap.add_argument("--quotes-model", default=None)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--list", default=None, help="a speaker class or a null reason to print")
    args = ap.parse_args()
    t = time.perf_counter()
    arts = read(args.events, args.quotes_model, args.cache)
    res = measure(arts)
    if GOLD.is_file() and not args.events:
        res["gold"] = score_gold(arts)
    model = attribution_model.model_name(args.quotes_model)
    text = report(res, time.perf_counter() - t, model)
    print(text)
    if args.list:
        for aid, c, q in res["rows"]:
            if args.list in (c, getattr(q, "speaker_reason", None)):
                print(
                    f"{aid}\t{q.start}\t{q.speaker!r}\t{q.speaker_text!r}\t{getattr(q, 'speaker_reason', None)}\t{q.cue}\t{q.text[:90]!r}"
                )
    if args.write:
        md = header("Speakers: BASIL, all 300 articles") + text
        write("speakers", md)


if __name__ == "__main__":
    main()
