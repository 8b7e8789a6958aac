"""Cross-document entity linking on ECB+ (982 documents, 43 topics): B-cubed against gold chains.

Run:  .venv/bin/python benchmarks/entity_linking.py [MAX_TOPICS]
      # prints, writes benchmarks/results/entity_linking.md

Gold: ECB+ annotates people, organisations, places (HUMAN_PART_PER/ORG/GPE, LOC_GEO/FAC) and links
them across the documents of a topic (CROSS_DOC_COREF, keyed by instance id). rashomon only finds
named mentions, not "the man" or "he", so the score is over the gold mentions an entity mention
of ours overlaps (coverage reports how many of the gold mentions whose first word is capitalised
that is). Per topic, our clusters are the entity ids the pipeline gives: each document linked
as it is read (``rashomon.identity.link_read``, against one SQLite alias table for the whole
corpus, growing topic by topic), then the topic's documents linked together as one story (the
call ``rashomon.compare.compare`` opens with). For comparison, ``link_entities`` alone over each
topic (no alias table), and a baseline that clusters the same mentions by their folded surface
text, which is what one gets without canonical identities. B-cubed precision/recall/F1 are
averaged over mentions.
"""

from __future__ import annotations

import copy
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _report import DATASETS, RESULTS, header  # noqa: E402

from rashomon.identity import identity_for, link_read  # noqa: E402
from rashomon.model import Article  # noqa: E402
from rashomon.read.entities import extract, link_entities  # noqa: E402
from rashomon.read.gazetteer import fold  # noqa: E402
from rashomon.read.nlp import load_nlp  # noqa: E402
from rashomon.store import Store  # noqa: E402

ECB = DATASETS / "ecb-plus" / "ECB+"
ENTITY_TAGS = {"HUMAN_PART_PER", "HUMAN_PART_ORG", "HUMAN_PART_GPE", "LOC_GEO", "LOC_FAC"}


def read_doc(path: Path) -> tuple[str, list[tuple[int, int, str]]]:
    """Text (tokens joined by spaces, sentences by newlines) and gold (start, end, chain id)."""
    root = ET.parse(path).getroot()
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos, sent = 0, None
    for tok in root.iter("token"):
        if sent is not None and tok.get("sentence") != sent:
            parts.append("\n")
            pos += 1
        elif parts:
            parts.append(" ")
            pos += 1
        sent = tok.get("sentence")
        text = tok.text or ""
        offsets[tok.get("t_id")] = (pos, pos + len(text))
        parts.append(text)
        pos += len(text)
    spans: dict[str, tuple[int, int]] = {}
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        anchors = [a.get("t_id") for a in m.findall("token_anchor")]
        if m.tag in ENTITY_TAGS and anchors:
            spans[m.get("m_id")] = (offsets[anchors[0]][0], offsets[anchors[-1]][1])
    gold = []
    relations = root.find("Relations")
    for r in relations if relations is not None else []:
        if r.tag != "CROSS_DOC_COREF":
            continue
        for s in r.findall("source"):
            if s.get("m_id") in spans:
                a, b = spans[s.get("m_id")]
                gold.append((a, b, r.get("note")))
    return "".join(parts), gold


def bcubed(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """B-cubed precision and recall of predicted vs gold cluster labels, one pair per mention."""
    by_pred: dict[str, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, (p, g) in enumerate(pairs):
        by_pred[p].append(i)
        by_gold[g].append(i)
    prec = rec = 0.0
    for p, g in pairs:
        same_pred = by_pred[p]
        same_gold = set(by_gold[g])
        both = sum(1 for j in same_pred if j in same_gold)
        prec += both / len(same_pred)
        rec += both / len(same_gold)
    n = len(pairs) or 1
    return prec / n, rec / n


def main() -> None:
    max_topics = int(sys.argv[1]) if len(sys.argv) > 1 else None
    topics = sorted((p for p in ECB.iterdir() if p.is_dir()), key=lambda p: int(p.name))
    topics = topics[:max_topics] if max_topics else topics
    nlp = load_nlp()
    ours: list[tuple[str, str]] = []
    alone: list[tuple[str, str]] = []
    base: list[tuple[str, str]] = []
    named_gold = matched = matched_named = docs_n = 0
    link_cpu = 0.0
    tmp = tempfile.TemporaryDirectory()
    store = Store.open(Path(tmp.name) / "ecb.db")
    c0 = time.process_time()
    for topic in topics:
        files = sorted(topic.glob("*.xml"))
        loaded = [read_doc(f) for f in files]
        articles = []
        for f, (text, _) in zip(files, loaded, strict=True):
            a = Article(id=f.stem, source=str(f), text=text)
            articles.append(a)
        for a, doc in zip(
            articles, nlp.pipe([a.text for a in articles], batch_size=32), strict=True
        ):
            a.entities = extract(doc)
        bare = copy.deepcopy(articles)
        link_entities(bare)
        l0 = time.process_time()
        for a in articles:  # as the pipeline reads them: one at a time, against the corpus
            link_read(store, [a])
        ident = identity_for(store, articles)
        link_entities(articles, ident.aliases, ident.corrections)  # the topic as one story
        link_cpu += time.process_time() - l0
        docs_n += len(articles)
        for a, b, (text, gold) in zip(articles, bare, loaded, strict=True):
            for gs, ge, chain in gold:
                named = text[gs:ge][:1].isupper()
                named_gold += named
                hits = [k for k, e in enumerate(a.entities) if e.start < ge and gs < e.end]
                if not hits:
                    continue
                matched_named += named
                best = max(hits, key=lambda k: min(ge, a.entities[k].end) - max(gs, a.entities[k].start))
                e, eb = a.entities[best], b.entities[best]
                matched += 1
                key = f"{topic.name}:{chain}"
                ours.append((f"{topic.name}:{e.entity_id}", key))
                base.append((f"{topic.name}:{fold(e.text)}", key))
                alone.append((f"{topic.name}:{eb.entity_id}", key))
    cpu = time.process_time() - c0
    store.close()
    tmp.cleanup()

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    po, ro = bcubed(ours)
    pa, ra = bcubed(alone)
    pb, rb = bcubed(base)
    md = header("Cross-document entity linking on ECB+ (the pipeline: rashomon.identity)")
    md += (
        f"Topics: {len(topics)}, documents: {docs_n}, gold entity mentions in cross-document "
        f"chains matched by an entity of ours: {matched:,}; of the {named_gold:,} whose first "
        f"word is capitalised, {matched_named / max(named_gold, 1):.1%} are matched. CPU time "
        f"(parse + entities + linking): {cpu:.0f} s, of which the pipeline's linking "
        f"{link_cpu:.1f} s ({link_cpu / max(docs_n, 1) * 1000:.1f} ms/document, store included)."
        "\n\n"
        "| clustering of the matched mentions | B3 precision | B3 recall | B3 F1 |\n"
        "|---|---:|---:|---:|\n"
        f"| entity ids the pipeline gives (per article against the corpus alias table, then "
        f"the topic as a story) | {po:.3f} | {ro:.3f} | {f1(po, ro):.3f} |\n"
        f"| `link_entities` alone over each topic | {pa:.3f} | {ra:.3f} | {f1(pa, ra):.3f} |\n"
        f"| baseline: same folded surface text | {pb:.3f} | {rb:.3f} | {f1(pb, rb):.3f} |\n"
    )
    print(md)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "entity_linking.md").write_text(md, encoding="utf-8")


if __name__ == "__main__":
    main()
