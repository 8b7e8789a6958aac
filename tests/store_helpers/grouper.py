"""A real grouping process for the concurrent-writer and crash tests (run with the venv's python).

    grouper.py DB analyze BATCH ID…  ``Rashomon.analyze`` of the ids, BATCH at a time (no reading
                                     stage: they are stored read), printing "done K" after each

The articles are a pure function of their index: ``TOPICS`` stories, each told by several
outlets on nearby days, far apart from each other in words, names and time.
"""

from __future__ import annotations

import sys

from rashomon.model import Article, Entity, content_id

TOPICS = [
    ("Flooding in Valencia", "Valencia", "Carlos Mazon", "Rivers burst their banks after a storm "
     "dropped a year of rain in hours; rescuers searched cars swept into the ravines."),
    ("Copper mine strike in Antofagasta", "Antofagasta", "Gabriel Boric", "Miners walked out "
     "over pay and shifts; the state company said output at the pit had halved."),
    ("Satellite launch from Kourou", "Kourou", "Josef Aschbacher", "The rocket lifted off at "
     "dawn carrying a weather satellite; engineers confirmed the orbit an hour later."),
    ("Wildfire near Athens", "Athens", "Kyriakos Mitsotakis", "Fire crews fought flames on the "
     "slopes of Mount Parnitha as villages were evacuated and smoke covered the capital."),
    ("Election count in Jakarta", "Jakarta", "Prabowo Subianto", "Officials tallied ballots "
     "from thousands of islands; observers reported long queues but few irregularities."),
    ("Chess final in Chennai", "Chennai", "Gukesh Dommaraju", "The teenager won the deciding "
     "game with black after a long endgame, taking the world title in front of home crowds."),
]


def make(i: int) -> Article:
    title, place, person, body = TOPICS[i % len(TOPICS)]
    k = i // len(TOPICS)
    text = (
        f"{body} {person} spoke in {place} on the {k + 1}th report of the day.\n\n"
        f"Outlet {k} added that {person} would return to {place} later this week."
    )
    ents = []
    for name, label in ((place, "GPE"), (person, "PERSON")):
        start = text.index(name)
        ents.append(Entity(name, label, start, start + len(name), name, None))
    return Article(
        id=content_id(f"synthetic story article {i}".encode()),
        source=f"synthetic/{i}.txt",
        text=text,
        title=f"{title}: report {k + 1}",
        outlet=f"Outlet {k}",
        published=f"2025-03-{10 + k % 3:02d}",
        entities=ents,
    )


def main(argv: list[str]) -> int:
    from rashomon.api import Rashomon

    db, mode = argv[1], argv[2]
    with Rashomon(db) as r:
        if mode == "analyze":
            batch, ids = int(argv[3]), argv[4:]
            for k in range(0, len(ids), batch):
                r.analyze(ids[k : k + batch], stages=())
                print("done", k // batch, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
