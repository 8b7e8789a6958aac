"""One identity per person inside a story, on the 100 BASIL triples, through the pipeline's path.

Run:  .venv/bin/python benchmarks/identity.py [--events N] [--cache FILE] [--write] [--show N]

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
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections import defaultdict
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=None)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the read articles")
    ap.add_argument("--write", action="store_true", help=f"write {OUT}")
    ap.add_argument("--show", type=int, default=15, help="examples of each kind to print")
    args = ap.parse_args(argv)

    arts, _gold = load(args.events)
    gold = _gold
    arts, read_cpu = read(arts, args.cache)
    by_triple: dict[str, list[Article]] = defaultdict(list)
    for a in arts:
        by_triple[gold[a.id]].append(a)

    before_splits: list[tuple[str, str]] = []
    for t in by_triple.values():
        before_splits += splits(t)[0]
    before = {(a.id, e.start): e.canonical for a in arts for e in a.entities if e.label == "PERSON"}

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "id.db") as store:
        t0 = time.process_time()
        for a in arts:  # one article at a time, as they arrive (chunks of 16 in the pipeline)
            link_read(store, [a])
        article_cpu = time.process_time() - t0
        t0 = time.process_time()
        for t in by_triple.values():
            ident = identity_for(store, t)
            link_entities(t, ident.aliases, ident.corrections)
        story_cpu = time.process_time() - t0

    after_splits: list[tuple[str, str]] = []
    ambiguous: list[str] = []
    merges: list[str] = []
    for t in by_triple.values():
        s, amb = splits(t)
        after_splits += s
        ambiguous += amb
        merges += suspect_merges(t, before)

    n, k = len(arts), len(by_triple)
    md = header("One identity per person inside a story (BASIL triples, rashomon.identity)")
    md += (
        f"- data: /work/shared/datasets/basil, {n} articles, {k} triples (each triple one story)\n"
        "- machine: shared 2-core machine\n"
        "- before: the entities the reading stages give; after: `identity.link_read` per "
        "article against a SQLite alias table, then the story linking `compare` runs\n\n"
        "| | before | after |\n|---|---:|---:|\n"
        f"| same-person splits inside stories | {len(before_splits)} | {len(after_splits)} |\n"
        f"| bare names left apart: two people of that surname in the story | | {len(ambiguous)} |\n"
        f"| suspect merges (two names the rules call two people, one id) | | {len(merges)} |\n\n"
        "Cost (CPU seconds): reading stages "
        + (f"{read_cpu:.1f} s ({read_cpu / n * 1000:.0f} ms/article)" if read_cpu else "cached")
        + f"; linking per article {article_cpu:.2f} s ({article_cpu / n * 1000:.1f} ms/article, "
        f"store reads and writes included); per story {story_cpu:.2f} s "
        f"({story_cpu / k * 1000:.1f} ms/story).\n"
    )
    print(md)
    for title, rows in (("splits after", [f"{a} / {b}" for a, b in after_splits]),
                        ("ambiguous", ambiguous), ("suspect merges", merges)):  # fmt: skip
        print(f"{title} ({len(rows)}):")
        for r in rows[: args.show]:
            print("  ", r)
    if args.write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        OUT.write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
