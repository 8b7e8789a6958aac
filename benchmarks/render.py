"""How long the four outputs take to render, and how that grows with the number of articles.

Run: .venv/bin/python benchmarks/render.py [--doc DOC.json] [--repeat N] [--write]

DOC.json is the output of ``rashomon analyze --format json`` (default: made now from the two seeds
with a temporary database). The scale rows copy the document's story k times side by side (ids
renamed, all alignments kept) to show how rendering time and HTML size grow with the columns.
Writes benchmarks/results/render.md with --write.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

from rashomon import render
from rashomon.model import Article, Story

sys.path.insert(0, str(Path(__file__).parent))
from _report import RESULTS, SHARED, header  # noqa: E402


def seed_document() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "doc.json"
        seeds = sorted((SHARED / "seeds").glob("*.txt"))
        cmd = [sys.executable, "-m", "rashomon", "analyze", "--db", str(Path(tmp) / "r.db"),
               "--no-progress", "--format", "json", "-o", str(out), *map(str, seeds)]  # fmt: skip
        subprocess.run(cmd, check=True, capture_output=True)
        return json.loads(out.read_text(encoding="utf-8"))


def scaled(articles: list[Article], story: Story, k: int) -> tuple[list[Article], list[Story]]:
    """The story with its articles copied k times (copy j's ids end in ~j)."""
    arts: list[Article] = []
    st = Story(id=story.id, title=story.title, articles=[], events=story.events,
               timeline=[], scores=story.scores)  # fmt: skip
    raw = json.dumps(story.to_dict())
    for j in range(k):
        text = raw
        for a in articles:
            text = text.replace(a.id, f"{a.id}~{j}")
        part = Story.from_dict(json.loads(text))
        for a in articles:
            b = copy.deepcopy(a)
            b.id = f"{a.id}~{j}"
            for c in b.claims:
                c.id = c.id.replace(a.id, b.id)
            arts.append(b)
        st.articles += part.articles
        st.alignments += part.alignments
        st.only_in.update(part.only_in)
        st.voices.update(part.voices)
        st.timeline += part.timeline
        for name, forms in part.naming.items():
            st.naming.setdefault(name, {}).update(forms)
        for actor, per in part.positions.items():
            st.positions.setdefault(actor, {}).update(per)
    return arts, [st]


def timed(fn, repeat: int) -> float:
    fn()  # warm: templates compiled, caches filled
    t = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - t) / repeat * 1000


def measure(arts: list[Article], stories: list[Story], repeat: int) -> dict[str, float]:
    return {
        "json": timed(lambda: render.dumps(arts, stories), repeat),
        "md": timed(lambda: render.render_markdown(arts, stories), repeat),
        "html": timed(lambda: render.render_html(arts, stories), repeat),
        "terminal": timed(
            lambda: render.render_terminal(arts, stories, Console(file=io.StringIO(), width=140)),
            repeat,
        ),  # fmt: skip
        "html_kib": len(render.render_html(arts, stories).encode("utf-8")) / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--doc", type=Path)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    doc = json.loads(args.doc.read_text(encoding="utf-8")) if args.doc else seed_document()
    arts = [Article.from_dict(a) for a in doc["articles"]]
    stories = [Story.from_dict(s) for s in doc["stories"]]
    rows = []
    for k in (1, 4, 16):
        a, s = scaled(arts, stories[0], k) if stories else (arts, stories)
        m = measure(a, s, max(1, args.repeat // k))
        claims = sum(len(x.claims) for x in a)
        aligns = sum(len(x.alignments) for x in s)
        rows.append(f"| {len(a)} | {claims} | {aligns} | {m['json']:.1f} | {m['md']:.1f} | "
                    f"{m['html']:.1f} | {m['terminal']:.1f} | {m['html_kib']:.0f} |")  # fmt: skip
        if not stories:
            break
    md = header("Rendering the outputs (rashomon.render)")
    md += ("Input: the two seeds through `rashomon analyze --format json` (or `--doc`); rows 2-3\n"
           "copy that story's articles 4x and 16x side by side. Times are per call, warm.\n\n")  # fmt: skip
    md += ("| articles | claims | alignments | JSON ms | Markdown ms | HTML ms | terminal ms | "
           "HTML KiB |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n")  # fmt: skip
    md += "\n".join(rows) + "\n"
    print(md)
    if args.write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "render.md").write_text(md, encoding="utf-8")  # BENCHMARKS.md is merged by hand


if __name__ == "__main__":
    main()
