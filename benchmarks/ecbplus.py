"""Story grouping on ECB+ (43 topics, two events each): B-cubed and pairwise F1 at topic and event level.

Each ECB+ document becomes an Article (text rebuilt from its tokens), read with the `parse` and
`entities` stages, embedded (all-MiniLM-L6-v2 over title + lead) and fed to the incremental
StoryIndex in a fixed shuffled order. ECB+ has no publication dates, so every document gets the same
day (the time window plays no part). Gold: topic = the folder; event = topic + ecb/ecbplus half.
The index's thresholds were set on the synthetic corpus (benchmarks/scale.py), not on ECB+.

    .venv/bin/python benchmarks/ecbplus.py
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _metrics  # noqa: E402
import _report  # noqa: E402


def load() -> list[tuple[str, str, str, str]]:
    from rashomon.engine.synth import _ecb_text

    out = []
    for p in sorted((_report.DATASETS / "ecb-plus" / "ECB+").glob("*/*.xml")):
        m = re.match(r"(\d+)_(\d+)(ecbplus|ecb)\.xml$", p.name)
        if not m:
            continue
        title, text = _ecb_text(p)
        out.append((p.stem, title, text, f"{m.group(1)}:{m.group(3)}"))
    return out


def main() -> None:
    from rashomon import registry
    from rashomon.embed import embed
    from rashomon.engine.incremental import StoryIndex, signature
    from rashomon.model import Article
    from rashomon.stories.signals import lead_text

    docs = load()
    random.Random(5).shuffle(docs)
    arts = [Article(id=d[0], source=d[0], title=d[1], text=d[2]) for d in docs]
    t0 = time.perf_counter()
    stages = [s for s in ("parse", "entities") if s in registry.names()]
    for i in range(0, len(arts), 64):
        ctx = registry.Context()
        registry.run(arts[i : i + 64], stages, ctx)
    t_read = time.perf_counter() - t0
    vecs = embed([lead_text(a) for a in arts])
    day = dt.date(2020, 1, 1)
    idx = StoryIndex(dup_threshold=0.9)
    t1 = time.perf_counter()
    for a, v in zip(arts, vecs, strict=True):
        idx.add(signature(a, v, day))
    t_group = time.perf_counter() - t1
    pred = dict(idx.story_of)
    topic = {d[0]: d[3].split(":")[0] for d in docs}
    event = {d[0]: d[3] for d in docs}
    rows = []
    for name, gold in (("topic", topic), ("event", event)):
        rows.append(
            f"| {name} | {_metrics.fmt(_metrics.bcubed(pred, gold))} | "
            f"{_metrics.fmt(_metrics.pairwise(pred, gold))} |"
        )
    md = _report.header("Story grouping on ECB+ (incremental StoryIndex)")
    md += (
        f"{len(docs)} documents, {len(set(topic.values()))} topics, {len(set(event.values()))} events; "
        f"{len(idx.stories)} stories predicted; stages run: {', '.join(stages)} ({t_read:.0f} s); "
        f"grouping {t_group:.2f} s.\n\n"
        "| gold level | B³ P | B³ R | B³ F1 | pairwise P | pairwise R | pairwise F1 |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n"
    )
    print(md)
    _report.write("ecbplus", md)


if __name__ == "__main__":
    main()
