"""A real writer process for the store's crash and two-process tests (run with the venv's python).

    writer.py DB add START COUNT    add articles START..START+COUNT-1, one transaction each, and
                                   print "<index> <id>" once each is committed (flushed)
    writer.py DB hold SECONDS      take the write lock, print "locked", hold it, then commit

The articles are a pure function of their index (see :func:`make`), so the test can check
what it reads back against what the writer was asked to write.
"""

from __future__ import annotations

import sys
import time

from rashomon.model import Article, Entity, Quote, content_id
from rashomon.store import Store


def original_of(i: int) -> bytes:
    # ~40 KB of varied text per original: each transaction takes long enough that a SIGKILL
    # usually lands in the middle of one.
    line = f"Article {i}: ministers met in city {i % 97} to discuss troops, aid and sanctions.\n"
    return (line * 500).encode("utf-8") + i.to_bytes(4, "big")


def make(i: int) -> tuple[Article, bytes]:
    original = original_of(i)
    text = f"Report number {i}. Officials in Brussels said {i * 7} soldiers would deploy."
    article = Article(
        id=content_id(original),
        source=f"writer/{i}.txt",
        text=text,
        raw_text="Chrome. " + text,
        title=f"Deployment report {i}",
        outlet=f"Outlet {i % 5}",
        entities=[
            Entity(
                "Brussels",
                "GPE",
                text.index("Brussels"),
                text.index("Brussels") + 8,
                "Brussels",
                "gpe:brussels",
            )
        ],
        quotes=[
            Quote(
                f"{i * 7} soldiers would deploy",
                "reported",
                text.index(f"{i * 7} sol"),
                len(text) - 1,
                speaker="Officials",
                cue="said",
            )
        ],
    )
    return article, original


def main(argv: list[str]) -> int:
    db, mode = argv[1], argv[2]
    store = Store(db)
    if mode == "add":
        start, count = int(argv[3]), int(argv[4])
        for i in range(start, start + count):
            article, original = make(i)
            store.add(article, original, "text/plain")  # False: a previous run committed it
            print(i, article.id, flush=True)
    elif mode == "hold":
        with store._write() as conn:  # the test needs the lock held across a pause
            conn.execute("SELECT count(*) FROM articles").fetchone()
            print("locked", flush=True)
            time.sleep(float(argv[3]))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
