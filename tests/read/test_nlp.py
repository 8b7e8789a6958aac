"""Parsing an article of any length (issue 19): spaCy refuses a text over ``nlp.max_length``
(ValueError E088), which crashed a whole ``analyze`` run and every later ``group``."""

from __future__ import annotations

from _shared import SEEDS

from rashomon.model import Article
from rashomon.read import READ_STAGES
from rashomon.read.nlp import pieces
from rashomon.registry import Context
from rashomon.registry import run as run_stages


def test_pieces_join_back_exactly_and_end_at_paragraphs_or_sentences() -> None:
    text = "One sentence here. Another one follows!\n\nA new paragraph, then more. " * 50
    for size in (100, 333, 1000):
        parts = pieces(text, size)
        assert "".join(parts) == text and all(len(p) <= size for p in parts)
        assert all(p.endswith(("\n\n", ". ", "! ", "!\n\n")) for p in parts[:-1]), parts[:3]
    assert pieces("a" * 2500, 1000) == ["a" * 1000, "a" * 1000, "a" * 500]  # no space at all
    assert pieces("short", 1000) == ["short"]


def test_an_article_longer_than_spacys_limit_is_read_in_pieces_not_a_crash(nlp) -> None:  # type: ignore[no-untyped-def]
    seed = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    text = "\n\n".join([seed] * 4)
    whole = Article(id="w", source="w.txt", text=text)
    run_stages([whole], ["parse"], Context())
    # The same text over the limit: a limit lowered for the test stands for spaCy's 1,000,000.
    saved = nlp.max_length
    nlp.max_length = len(text) // 3
    try:
        long = Article(id="l", source="l.txt", text=text)
        run_stages([long], list(READ_STAGES), Context())
    finally:
        nlp.max_length = saved
    assert long.stages == list(READ_STAGES)
    assert long.sentences[-1].end == len(text.rstrip())
    # Cut at paragraph ends, the pieces give the sentences the whole parse gives.
    assert [(s.start, s.end) for s in long.sentences] == [(s.start, s.end) for s in whole.sentences]
    assert long.quotes and all(q.text in text for q in long.quotes)
