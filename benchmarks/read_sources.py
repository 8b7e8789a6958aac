"""Reader throughput and decoding fidelity on real pages (issue: foundation, readers).

Reads the 181 gzip-compressed news pages of ``datasets/article-extraction-benchmark`` through
``rashomon.sources.iter_items`` (sniff, gunzip, decode: BOM, declared charset, UTF-8, repair,
guess) and checks the decoding against the benchmark's ground truth: a page counts as decoded
right when at least 6 of the first 8 words of length >= 4 from its ground-truth body occur, in that
form, in the visible text lxml gets from the decoded HTML (pages and ground truth differ slightly:
CJK tokenisation, a word only in a JSON blob), and when decoding added no mojibake (U+FFFD, or
UTF-8 read as cp1252: "Ã©", "â€") beyond what the page's own bytes hold (some pages ship it). A wrong charset turns accented letters, curly
quotes and dashes into mojibake, and the words stop matching. Then it times the same pages read
again (warm) and ``ground-truth.json`` read as JSON records.

All the pages are UTF-8, so a second part exercises the legacy paths: each page whose text fits a
legacy charset (cp1252, cp1251, shift_jis, euc_kr, gb2312: the first that encodes it) is
re-encoded in it, once with its ``<meta charset>`` saying so ("declared") and once with every
charset declaration removed ("guessed"), and counts as right only when the decoded HTML equals the
page's text exactly.

    .venv/bin/python benchmarks/read_sources.py
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import time
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report  # noqa: E402

from rashomon.sources import iter_items  # noqa: E402

BENCH = _report.DATASETS / "article-extraction-benchmark"
WORD = re.compile(r"\w{4,}")
MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|â€[\u0080-\u00ff\u2018-\u201e\u2122]")


def marks(text: str) -> int:
    return text.count("\ufffd") + len(MOJIBAKE.findall(text))


def visible_words(html: str) -> set[str]:
    root = lxml.html.document_fromstring(html)
    for el in list(root.iter("script", "style", "noscript")):
        if el.getparent() is not None:
            el.drop_tree()
    return set(WORD.findall(root.text_content()))


LEGACY = ("cp1252", "cp1251", "shift_jis", "euc_kr", "gb2312")
META = re.compile(r"<meta[^>]*charset[^>]*>", re.I)


def legacy_roundtrip(pages: list[str]) -> dict[str, tuple[int, int, dict[str, list[int]]]]:
    """Re-encode pages in a legacy charset and read them back, declared and undeclared."""
    from rashomon.sources import ReadOptions, read_bytes

    out: dict[str, tuple[int, int, dict[str, list[int]]]] = {}
    for mode in ("declared", "guessed"):
        good = n = 0
        per: dict[str, list[int]] = {}
        for html in pages:
            if html.isascii():
                continue
            for enc in LEGACY:
                try:
                    html.encode(enc)
                except UnicodeEncodeError:
                    continue
                break
            else:
                continue
            bare = META.sub("", html)
            if mode == "declared":
                page = re.sub(
                    r"(<head[^>]*>)", rf'\1<meta charset="{enc}">', bare, count=1, flags=re.I
                )
                if page == bare:
                    page = f'<meta charset="{enc}">' + bare
            else:
                page = bare
            items = list(read_bytes(page.encode(enc), "page", ReadOptions(), name="p.html"))
            hit = len(items) == 1 and items[0].article is not None and items[0].article.html == page
            n += 1
            good += hit
            per.setdefault(enc, [0, 0])
            per[enc][0] += hit
            per[enc][1] += 1
        out[mode] = (good, n, per)
    return out


def main() -> None:
    import json

    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted((BENCH / "html").glob("*.html.gz"))
    total_bytes = sum(p.stat().st_size for p in pages)

    t0 = time.perf_counter()
    items = list(iter_items([str(BENCH / "html")]))
    cold = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    list(iter_items([str(BENCH / "html")]))
    warm, warm_cpu = time.perf_counter() - t0, time.process_time() - c0

    ok = [i for i in items if i.ok]
    errors = [i.error.one_line() for i in items if i.error is not None]
    encodings: dict[str, int] = {}
    right = checked = 0
    wrong: list[str] = []
    for item in ok:
        art = item.article
        assert art is not None and art.html is not None
        encodings[art.encoding or "?"] = encodings.get(art.encoding or "?", 0) + 1
        key = Path(item.source).name.removesuffix(".html.gz")
        body = (truth.get(key) or {}).get("articleBody") or ""
        want = WORD.findall(body)[:8]
        if not want:
            continue
        checked += 1
        seen = visible_words(art.html)
        own = gzip.decompress(item.original or b"").decode("utf-8", "replace")
        mojibake = marks(art.html) > marks(own)
        if sum(w in seen for w in want) >= min(6, len(want)) and not mojibake:
            right += 1
        else:
            wrong.append(f"{key[:12]} ({art.encoding})")

    t0 = time.perf_counter()
    records = list(iter_items([str(BENCH / "ground-truth.json")]))
    t_json = time.perf_counter() - t0

    legacy = legacy_roundtrip([i.article.html for i in ok if i.article and i.article.html])

    lines = [
        _report.header("Readers: sniffing and decoding real pages (rashomon.sources)").rstrip()
        + "\n",
        f"- pages read: {len(ok)}/{len(pages)} ({len(errors)} error items)",
        f"- decoded right (ground-truth words found in the page text): {right}/{checked}"
        f" = {right / max(checked, 1):.3f}",
        f"- encodings chosen: {', '.join(f'{k} {v}' for k, v in sorted(encodings.items()))}",
        f"- throughput, {total_bytes / 1e6:.1f} MB gzip: cold {len(pages) / cold:.0f} pages/s"
        f" ({cold:.2f} s, first call includes imports), warm {len(pages) / warm:.0f} pages/s"
        f" ({warm:.2f} s); {len(pages) / warm_cpu:.0f} pages per CPU-second"
        f" ({total_bytes / 1e6 / warm_cpu:.1f} MB gzip/CPU-s), one process; load average {os.getloadavg()[0]:.1f} during"
        " the run (other work shares the machine)",
        f"- ground-truth.json as keyed JSON records: {sum(r.ok for r in records)} articles"
        f" in {t_json:.2f} s",
    ]
    for mode, (good, n, per) in legacy.items():
        detail = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(per.items()))
        lines.append(f"- legacy charsets, {mode}: {good}/{n} exact ({detail})")
    if wrong:
        lines.append(f"- not matched: {', '.join(wrong[:10])}")
    if errors:
        lines.append(f"- errors: {'; '.join(errors[:5])}")
    text = "\n".join(lines) + "\n"
    print(text)
    out = _report.RESULTS / "read_sources.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
