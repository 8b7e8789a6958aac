"""Cost of the entities stage against spaCy's parse, on the PolNeAR dev articles (84 real articles).

Run:  .venv/bin/python benchmarks/entities.py      # prints, writes benchmarks/results/entities.md

The target: entity reading costs under a third of the parse it builds on. Times are CPU seconds of
this process (time.process_time), so other work on a shared machine does not inflate them; wall
seconds are printed as well. The gazetteer is built once per process and reported separately.
Also printed: how many mentions the stage keeps, how many the gazetteer names, how many people
get a role, how many role-only mentions resolve, and how many place mentions act for a country.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _report import DATASETS, RESULTS, header  # noqa: E402

from rashomon.read.entities import extract, link_entities  # noqa: E402
from rashomon.read.gazetteer import gazetteer  # noqa: E402
from rashomon.read.nlp import load_nlp  # noqa: E402

TEXTS = DATASETS / "polnear" / "dev" / "text"


def main() -> None:
    from rashomon.model import Article

    paths = sorted(TEXTS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = load_nlp()
    nlp("warm up")

    c0, w0 = time.process_time(), time.perf_counter()
    gazetteer()
    gaz_cpu, gaz_wall = time.process_time() - c0, time.perf_counter() - w0

    c0, w0 = time.process_time(), time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse_cpu, parse_wall = time.process_time() - c0, time.perf_counter() - w0

    c0, w0 = time.process_time(), time.perf_counter()
    results = [extract(d) for d in docs]
    ent_cpu, ent_wall = time.process_time() - c0, time.perf_counter() - w0

    articles = []
    for p, t, ents in zip(paths, texts, results, strict=True):
        a = Article(id=p.stem, source=str(p), text=t)
        a.entities = ents
        articles.append(a)
    c0 = time.process_time()
    linked = link_entities(articles)
    link_cpu = time.process_time() - c0

    flat = [e for ents in results for e in ents]
    gaz = gazetteer()
    labels = Counter(e.label for e in flat)
    named = sum(1 for e in flat if e.label != "PERSON" and gaz.lookup(e.text, e.label) is not None)
    roles = sum(1 for e in flat if e.label == "PERSON" and e.role)
    role_only = sum(
        1
        for e in flat
        if e.label == "PERSON"
        and not set(e.text.lower().split()) & set(e.canonical.lower().split())
    )
    acting = sum(1 for e in flat if e.actor and e.label != "NORP")
    people = sum(1 for c in linked.values() if c.type == "PERSON")
    multi = sum(1 for c in linked.values() if len(c.articles) > 1)
    chars = sum(len(t) for t in texts)

    ratio = ent_cpu / parse_cpu
    md = header("Entities with canonical identities (rashomon.read.entities)")
    md += (
        f"Corpus: PolNeAR dev, {len(texts)} articles, {chars:,} characters.\n\n"
        "| step | CPU s | wall s | per article (CPU ms) |\n|---|---:|---:|---:|\n"
        f"| spaCy parse (en_core_web_sm, nlp.pipe) | {parse_cpu:.2f} | {parse_wall:.2f} "
        f"| {1000 * parse_cpu / len(texts):.1f} |\n"
        f"| entities stage (`extract`) | {ent_cpu:.2f} | {ent_wall:.2f} "
        f"| {1000 * ent_cpu / len(texts):.1f} |\n"
        f"| `link_entities` over all {len(texts)} | {link_cpu:.2f} | | |\n"
        f"| gazetteer build (once per process) | {gaz_cpu:.2f} | {gaz_wall:.2f} | |\n\n"
        f"Entities stage / parse (CPU): **{ratio:.3f}** (target < 0.333).\n\n"
        f"Mentions kept: {len(flat):,} ({', '.join(f'{k} {v}' for k, v in labels.most_common())}); "
        f"non-person mentions named by the gazetteer: {named:,}; person mentions with a role: "
        f"{roles:,}; role-only mentions resolved to a person: {role_only:,}; place or body "
        f"mentions acting for a country: {acting:,}. Linked: {len(linked):,} canonical entities "
        f"({people:,} people), {multi:,} of them in more than one article.\n"
    )
    print(md)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "entities.md").write_text(md, encoding="utf-8")


if __name__ == "__main__":
    main()
