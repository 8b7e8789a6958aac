"""One identity per person inside a story, on the 100 BASIL triples, through the pipeline's path.

Run:  .venv/bin/python benchmarks/identity.py [--events N] [--cache FILE] [--write] [--show N]
      .venv/bin/python benchmarks/identity.py --sample [--cache FILE]   # forms to label (TSV)

Every article is read by the reading stages (parse ... claims), then linked as the pipeline
links it: ``rashomon.identity.link_read`` against a real SQLite store's alias table (which grows
as articles arrive, in file order), then each triple, as one story, by the call
``rashomon.compare.compare`` opens with (``link_entities`` over the story's articles with the
alias table and corrections). Before = the entities as the reading stages leave them.

A *same-person split* is a pair of person entity ids of one triple that name one person: their
names are one person by the linking's rules (``same_person`` is True: "Michael D. Cohen" /
"Michael Cohen"), or one is a bare name ("Trump") and the triple has exactly one full name with
that surname ("Donald Trump"). A bare name kept apart because the triple has two people of
that surname (Bill and Hillary Clinton) is not counted; it is listed as *ambiguous*. A
*suspect merge* is an entity id after linking whose names, before linking, include two that the
rules say are two people (``same_person`` is False); those are printed for reading.

Cost: CPU seconds of the per-article linking (with its store reads and writes) and of the
per-story linking, beside the CPU seconds of the reading stages.

Gold (``benchmarks/data/identity_gold.tsv``, its header says how it was made): the person name
forms of 24 triples and the two seeds, each labelled with the person it names. Merge precision
and recall are over pairs of (article, form) of one story: predicted one person when the
pipeline gives both forms the same entity id, gold one person when their labels agree. The
headline is the untouched part; examples of splits and merges are printed only for the rest.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import pickle
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import RESULTS, header  # noqa: E402
from basil import load  # noqa: E402

from rashomon import registry  # noqa: E402
from rashomon.api import READ_STAGES  # noqa: E402
from rashomon.identity import identity_for, link_read  # noqa: E402
from rashomon.model import Article  # noqa: E402
from rashomon.read import attribution_model  # noqa: E402
from rashomon.read.entities import _name_tokens, link_entities, same_person  # noqa: E402
from rashomon.read.gazetteer import fold  # noqa: E402
from rashomon.store import Store  # noqa: E402

OUT = RESULTS / "identity.md"
GOLD = Path(__file__).parent / "data" / "identity_gold.tsv"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def triple_hash(uuid: str) -> str:
    return hashlib.sha256(uuid.encode()).hexdigest()


def gold_triples(triples: list[str]) -> dict[str, str]:
    """The labelled triples -> set: every 4th by hash (24), "tune" when the hash starts 0-7."""
    ranked = sorted(triples, key=triple_hash)
    return {u: "tune" if triple_hash(u)[0] < "8" else "untouched" for u in ranked[0:96:4]}


def seed_articles() -> list[Article]:
    """The two seed scrapes, cleaned as ``rashomon ingest`` cleans them: one story."""
    from rashomon.api import clean_article
    from rashomon.sources import iter_items
    from rashomon.sources.base import ReadOptions

    out = []
    for item in iter_items([str(f) for f in sorted(SEEDS.glob("*.txt"))], ReadOptions()):
        assert item.article is not None, item.error
        out.append(clean_article(item.article))
    return out


def read(arts: list[Article], cache: Path | None) -> tuple[list[Article], float | None]:
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes()), None
    t = time.process_time()
    registry.run(arts, list(READ_STAGES), registry.Context(options=attribution_model.options(None)))
    cpu = time.process_time() - t
    if cache:
        cache.write_bytes(pickle.dumps(arts))
    return arts, cpu


def people(arts: list[Article]) -> dict[str, set[str]]:
    """Person entity id -> the canonical names its mentions carry."""
    out: dict[str, set[str]] = defaultdict(set)
    for a in arts:
        for e in a.entities:
            if e.label == "PERSON" and e.entity_id:
                out[e.entity_id].add(e.canonical)
    return out


def _full(names: set[str]) -> list[str]:
    return [n for n in names if len(_name_tokens(n)) >= 2]


def splits(arts: list[Article]) -> tuple[list[tuple[str, str]], list[str]]:
    """(same-person splits as pairs of names, ambiguous bare names) of one triple."""
    ids = people(arts)
    name = {i: max(ns, key=len) for i, ns in ids.items()}
    found: list[tuple[str, str]] = []
    ambiguous: list[str] = []
    surnames: dict[str, set[str]] = defaultdict(set)
    for i, ns in ids.items():
        for n in _full(ns):
            surnames[fold(_name_tokens(n)[-1])].add(i)
    for x, y in combinations(sorted(ids), 2):
        if _full(ids[x]) and _full(ids[y]) and same_person(name[x], name[y]) is True:
            found.append((name[x], name[y]))
    for i, ns in ids.items():
        if _full(ns):
            continue
        bare = fold(_name_tokens(name[i])[0]) if _name_tokens(name[i]) else ""
        holders = surnames.get(bare, set()) - {i}
        if len(holders) == 1:
            (j,) = holders
            found.append((name[i], name[j]))
        elif len(holders) > 1:
            ambiguous.append(f"{name[i]} ({', '.join(sorted(name[j] for j in holders))})")
    return found, ambiguous


def suspect_merges(arts: list[Article], before: dict[tuple[str, int], str]) -> list[str]:
    """Entity ids after linking that hold two names the rules call two people."""
    names: dict[str, set[str]] = defaultdict(set)
    for a in arts:
        for e in a.entities:
            if e.label == "PERSON" and e.entity_id:
                names[e.entity_id].add(before.get((a.id, e.start), e.canonical))
    out = []
    for eid, ns in names.items():
        for x, y in combinations(sorted(ns), 2):
            if same_person(x, y) is False:
                out.append(f"{eid}: {x} + {y}")
    return out


def _sentence(text: str, start: int) -> str:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    his = [i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0]
    hi = min(his) + 1 if his else len(text)
    return re.sub(r"\s+", " ", text[lo:hi]).strip()[:240]


def person_forms(a: Article) -> dict[str, list[int]]:
    """The person mentions' forms (as written, "the" and possessives off) -> their offsets."""
    from rashomon.read.entities import _plain_name

    out: dict[str, list[int]] = defaultdict(list)
    for e in a.entities:
        if e.label == "PERSON":
            out[_plain_name(e.text)].append(e.start)
    return out


def sample(groups: dict[str, list[Article]], sets: dict[str, str]) -> None:
    """The unlabelled gold rows (person left empty), to stdout."""
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(["story", "set", "article", "outlet", "form", "mentions", "person", "context"])
    for story, st in sets.items():
        for a in groups[story]:
            for form, starts in sorted(person_forms(a).items()):
                w.writerow([story, st, a.id, a.outlet or "", form, len(starts), "",
                            _sentence(a.text, starts[0])])  # fmt: skip


def load_gold() -> list[dict[str, str]]:
    lines = [ln for ln in GOLD.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def merge_scores(gold: list[dict[str, str]], groups: dict[str, list[Article]]) -> dict[str, list[int]]:
    """set -> [true merges, predicted merges, gold merges, items] over pairs of one story."""
    from rashomon.read.entities import _plain_name

    by_id = {a.id: a for arts in groups.values() for a in arts}
    items: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in gold:
        person = row["person"].strip()
        if person in ("", "?", "-"):
            continue
        a = by_id[row["article"]]
        ids = Counter(e.entity_id for e in a.entities
                      if e.label == "PERSON" and _plain_name(e.text) == row["form"])  # fmt: skip
        pred = ids.most_common(1)[0][0] if ids else f"none:{a.id}:{row['form']}"
        items[(row["story"], row["set"])].append((person, str(pred)))
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (_, st), xs in items.items():
        for bucket in (st, "all"):
            c = out[bucket]
            c[3] += len(xs)
            for (g1, p1), (g2, p2) in combinations(xs, 2):
                c[0] += g1 == g2 and p1 == p2
                c[1] += p1 == p2
                c[2] += g1 == g2
    return dict(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=None)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the read articles")
    ap.add_argument("--write", action="store_true", help=f"write {OUT}")
    ap.add_argument("--show", type=int, default=15, help="examples of each kind to print")
    ap.add_argument("--sample", action="store_true", help="print the forms to label, as TSV")
    args = ap.parse_args(argv)

    arts, gold = load(args.events)
    seeds = seed_articles()
    for a in seeds:
        gold[a.id] = "seeds"
    arts, read_cpu = read(arts + seeds, args.cache)
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in arts:
        groups[gold[a.id]].append(a)
    sets = {**gold_triples([t for t in groups if t != "seeds"]), "seeds": "tune"}
    if args.sample:
        sample(groups, sets)
        return 0
    hidden = {t for t, st in sets.items() if st == "untouched"}  # never shown: not tuned on
    triples = {t: g for t, g in groups.items() if t != "seeds"}

    before_splits: list[tuple[str, str]] = []
    for t in triples.values():
        before_splits += splits(t)[0]
    before = {(a.id, e.start): e.canonical for a in arts for e in a.entities if e.label == "PERSON"}

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "id.db") as store:
        t0 = time.process_time()
        for a in arts:  # one article at a time, as they arrive (chunks of 16 in the pipeline)
            link_read(store, [a])
        article_cpu = time.process_time() - t0
        t0 = time.process_time()
        for g in groups.values():
            ident = identity_for(store, g)
            link_entities(g, ident.aliases, ident.corrections)
        story_cpu = time.process_time() - t0

    after_splits: list[tuple[str, str]] = []
    ambiguous: list[str] = []
    merges: list[str] = []
    shown: dict[str, list[str]] = defaultdict(list)
    for t, g in triples.items():
        s, amb = splits(g)
        m = suspect_merges(g, before)
        after_splits += s
        ambiguous += amb
        merges += m
        if t not in hidden:
            shown["splits after"] += [f"{a} / {b}" for a, b in s]
            shown["ambiguous"] += amb
            shown["suspect merges"] += m

    n, k = len(arts), len(groups)
    md = header("One identity per person inside a story (BASIL triples, rashomon.identity)")
    md += (
        f"- data: /work/shared/datasets/basil, {len(arts) - len(seeds)} articles, "
        f"{len(triples)} triples (each triple one story), and the two seeds\n"
        "- machine: shared 2-core machine\n"
        "- before: the entities the reading stages give; after: `identity.link_read` per "
        "article against a SQLite alias table, then the story linking `compare` runs\n\n"
        "| BASIL, 100 triples | before | after |\n|---|---:|---:|\n"
        f"| same-person splits inside stories | {len(before_splits)} | {len(after_splits)} |\n"
        f"| bare names left apart: two people of that surname in the story | | {len(ambiguous)} |\n"
        f"| suspect merges (two names the rules call two people, one id) | | {len(merges)} |\n\n"
        "Cost (CPU seconds, "
        f"{n} articles, {k} stories): reading stages "
        + (f"{read_cpu:.1f} s ({read_cpu / n * 1000:.0f} ms/article)" if read_cpu else "cached")
        + f"; linking per article {article_cpu:.2f} s ({article_cpu / n * 1000:.1f} ms/article, "
        f"store reads and writes included); per story {story_cpu:.2f} s "
        f"({story_cpu / k * 1000:.1f} ms/story).\n"
    )
    if GOLD.exists():
        scores = merge_scores(load_gold(), groups)
        md += ("\nHand-labelled gold (`benchmarks/data/identity_gold.tsv`): merges over pairs of "
               "(article, form) of one story.\n\n"
               "| part | forms | gold merges | predicted | merge precision | merge recall |\n"
               "|---|---:|---:|---:|---:|---:|\n")  # fmt: skip
        for part in ("untouched", "tune", "all"):
            tp, pred, g, items = scores.get(part, [0, 0, 0, 0])
            md += (f"| {part}{' (headline)' if part == 'untouched' else ''} | {items} | {g} | "
                   f"{pred} | {tp / pred if pred else 0:.3f} | {tp / g if g else 0:.3f} |\n")
    print(md)
    for title, rows in shown.items():
        print(f"{title}, tuning triples only ({len(rows)}):")
        for r in rows[: args.show]:
            print("  ", r)
    if args.write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        OUT.write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
