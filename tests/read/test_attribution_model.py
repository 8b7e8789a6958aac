"""The trained attribution tagger of the quotes stage: it finds what the rules miss, with the
speaker resolved; it never breaks the stage (odd text, no model file)."""

from __future__ import annotations

import logging

import pytest
from _shared import read_quotes
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.model import Article, Quote
from rashomon.read import attribution_model as am
from rashomon.read.quotes import extract_quotes


def run(text: str) -> list[Quote]:
    return read_quotes(text)  # every offset it reports indexes the text


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RASHOMON_QUOTES_MODEL", "/nonexistent/attribution.crfsuite")
    am.reset()
    yield
    am.reset()


def test_the_model_file_ships_with_the_package() -> None:
    path = am.model_path()
    assert path is not None and path.is_file()
    assert path.stat().st_size < 10_000_000
    assert am.load() is not None


# Reported speech whose cue ("clarify") is in none of the rules' lexicons.
MISSED = "Jennifer Palmieri, a campaign aide, later clarified that Clinton misspoke."


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (MISSED, "Clinton misspoke", "Jennifer Palmieri"),
    ],
)
def test_an_attribution_the_rules_miss_is_found_with_its_speaker(
    nlp,
    text: str,
    content: str,
    speaker: str,  # type: ignore[no-untyped-def]
) -> None:
    article = Article(id="t", source="-", text=text)
    assert not extract_quotes(article, nlp(text))  # the rules alone find nothing
    (q,) = run(text)
    assert content in q.text
    assert q.speaker == speaker
    assert q.kind == "reported"


def test_rule_quotes_are_kept_and_the_speaker_resolved() -> None:
    qs = run('"We will not back down," Senator Elizabeth Warren said on Tuesday.')
    assert any(q.kind == "direct" and q.speaker == "Elizabeth Warren" for q in qs)


def test_without_the_model_file_the_rules_run_alone_with_a_warning(
    no_model: None, caplog: pytest.LogCaptureFixture
) -> None:
    text = MISSED
    with caplog.at_level(logging.WARNING, logger="rashomon.read.attribution_model"):
        qs = run(text)
    assert not qs  # the rules alone, as without the model
    assert any("not found" in r.getMessage() for r in caplog.records)
    assert am.load() is None


def test_a_corrupt_model_file_falls_back_to_the_rules(
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a model")
    monkeypatch.setenv("RASHOMON_QUOTES_MODEL", str(bad))
    am.reset()
    try:
        assert am.load() is None
        assert run('"We will win," she said.')
    finally:
        am.reset()


@pytest.mark.parametrize(
    "text",
    [
        " ",
        "\n\n\n",
        '"',
        "“““ ”” ‘ ’ «",
        '"He said\n\n"she said "they',
        ": : : said said said",
        "said",
        "According to",
        "12:15 p.m.\n\n— (AP) —",
        "x" * 2000,
        "He said that. " * 300,
        "\u200b\ufeff\u00a0 said \u2028 he",
    ],
)
def test_no_crash_on_odd_text(text: str) -> None:
    run(text)


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab said he Trump .,:\n\"“”‘’'")), max_size=120))
def test_the_stage_is_total_with_the_model(text: str) -> None:
    run(text)


def test_combine_adds_only_what_the_rules_did_not_cover() -> None:
    def quote(text: str, start: int, end: int, **kw: object) -> Quote:
        return Quote(text=text, start=start, end=end, **kw)  # type: ignore[arg-type]

    said = {"cue": "said", "cue_start": 5, "cue_end": 9}
    rule = quote("A", 10, 20, kind="reported", speaker="Y", speaker_start=0, speaker_end=1, **said)
    inside = quote("B", 12, 30, kind="reported", speaker="X", **said)  # overlaps the rule's
    shared = quote("C", 40, 50, kind="reported", speaker="X", **said)  # the rule's cue, reported
    split = quote("D", 52, 58, kind="direct", speaker="X", **said)  # the rule's cue too
    apart = quote("E", 60, 70, kind="reported", speaker="X", cue="added", cue_start=55, cue_end=60)
    nobody = quote("F", 80, 90, kind="reported", cue="hopes", cue_start=75, cue_end=80)
    unsure = quote("G", 95, 99, kind="reported", speaker="X", cue="hopes", cue_start=91, cue_end=94)
    model = [(inside, 0.9), (shared, 0.9), (split, 0.9), (apart, 0.9), (nobody, 0.99)]
    out = am.combine([rule], [*model, (unsure, 0.1)], min_confidence=0.5)
    assert [q.text for q in out] == ["A", "E"]


def test_the_same_speaker_twice_in_the_rules_output_is_no_error() -> None:
    same = {"speaker": "Clinton", "speaker_start": 0, "speaker_end": 7, "cue": "said"}
    rules = [
        Quote(text="A", kind="reported", start=20, end=30, speaker_id=None, **same),  # type: ignore[arg-type]
        Quote(text="B", kind="reported", start=40, end=50, speaker_id="Q1", **same),  # type: ignore[arg-type]
    ]
    text = "Clinton said that the plan works and said that it is cheap, and more."
    from rashomon.read.nlp import load_nlp

    state = am._state(Article(id="t", source="-", text=text), load_nlp()(text), rules)
    assert [s[0] for s in state.speakers] == [0, 0]


def test_real_articles_are_tagged_without_falling_back(caplog: pytest.LogCaptureFixture) -> None:
    from _shared import DATASETS

    texts = sorted((DATASETS / "polnear" / "dev" / "text").glob("*.txt"))[:8]
    if not texts:
        pytest.skip("PolNeAR not available")
    with caplog.at_level(logging.WARNING, logger="rashomon.read.attribution_model"):
        for path in texts:
            run(path.read_text(encoding="utf-8"))
    assert not caplog.records, [r.getMessage() for r in caplog.records]
