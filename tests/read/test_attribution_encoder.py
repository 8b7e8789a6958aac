"""The accurate attribution tagger (fine-tuned MiniLM): chosen by name, shipped small, finds
what the rules miss with the speaker resolved, never breaks the stage, and reaches every worker."""

from __future__ import annotations

import pytest
from _shared import SEEDS, read_quotes
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.errors import RashomonError
from rashomon.model import Article, Quote
from rashomon.read import attribution_encoder as enc
from rashomon.read import attribution_model as am
from rashomon.read.quotes import extract_quotes
from rashomon.registry import Context


def run(text: str) -> list[Quote]:
    return read_quotes(text, model="minilm")  # every offset it reports indexes the text


def test_the_encoder_ships_as_a_small_update_of_the_packaged_embedding_model() -> None:
    path = am.model_path("minilm")
    assert path is not None and path.is_file()
    assert path.stat().st_size < 3_000_000  # the LoRA updates, not a second copy of MiniLM
    tagger = am.load("minilm")
    assert isinstance(tagger, enc.EncoderTagger)
    assert tagger.labels[0] == "O" and len(tagger.labels) == 7


def test_an_attribution_the_rules_miss_is_found_with_its_speaker(nlp) -> None:  # noqa: ANN001
    text = "Jennifer Palmieri, a campaign aide, later clarified that Clinton misspoke."
    assert not extract_quotes(Article(id="t", source="-", text=text), nlp(text))
    (q,) = run(text)
    assert "Clinton misspoke" in q.text
    assert q.speaker == "Jennifer Palmieri" and q.kind == "reported"


def test_direct_quotes_split_around_their_cue_keep_the_speaker() -> None:
    qs = run('"We will not back down," Senator Elizabeth Warren said. "Not now, not ever."')
    assert {q.speaker for q in qs if q.kind == "direct"} == {"Elizabeth Warren"}
    assert any("We will not back down" in q.text for q in qs)


def test_the_quotes_stage_records_which_tagger_read_the_article() -> None:
    text = '"We will win," Joe Biden said on Tuesday.'
    for choice, name in (("minilm", "minilm"), ("crf", "crf"), ("rules", "rules")):
        article = Article(id="t", source="-", text=text)
        from rashomon.read.quotes import quotes

        quotes(article, Context(options={"quotes_model": choice}))
        assert article.meta["quotes_model"] == name


def test_long_paragraphs_are_cut_into_windows_between_words(nlp) -> None:  # noqa: ANN001
    tagger = am.load("minilm")
    text = " ".join(["Representatives of the international coalition said"] * 12) + " it."
    doc = nlp(text)
    wins = enc.windows(doc, [], tagger.tokenizer, max_pieces=16)
    assert len(wins) > 3
    assert all(len(w.ids) <= 18 and w.ids[0] == 101 and w.ids[-1] == 102 for w in wins)
    tokens = [t for w in wins for t in w.tokens]
    assert tokens == [t.i for t in doc if not t.is_space]  # each word once, in order
    for w in wins:  # each word starts at a piece of its own
        assert all(not tagger.tokenizer.id_to_token(w.ids[k]).startswith("##") for k in w.first)


def test_combine_takes_the_rules_boundaries_and_keeps_what_the_model_did_not_touch() -> None:
    def quote(text: str, start: int, end: int, **kw: object) -> Quote:
        return Quote(text=text, start=start, end=end, kind="reported", **kw)  # type: ignore[arg-type]

    rule_same = quote("rule A", 10, 30, speaker="Rule")
    rule_alone = quote("rule B", 100, 120, speaker="Rule")
    model_same = (quote("model A", 8, 32, speaker="Model"), 0.9)  # the same attribution
    model_new = (quote("model C", 50, 70, speaker="Model"), 0.9)  # one the rules missed
    model_unsure = (quote("model D", 80, 90, speaker="Model"), 0.2)
    model_over = (quote("model E", 105, 160, speaker="Model"), 0.9)  # overlaps B by a third
    out = enc.combine([rule_same, rule_alone], [model_same, model_new, model_unsure, model_over])
    assert [q.text for q in out] == ["rule A", "model C", "model E"]
    assert enc.combine([rule_same], []) == [rule_same]


def test_an_unknown_tagger_name_is_refused_with_the_choices(tmp_path) -> None:  # noqa: ANN001
    from rashomon.api import Rashomon

    with pytest.raises(RashomonError) as err:
        Rashomon(tmp_path / "x.db", quotes_model="bert-large")
    assert err.value.code.name == "USAGE" and "minilm" in (err.value.fix or "")


def test_the_cli_takes_the_tagger_by_name(tmp_path) -> None:  # noqa: ANN001
    import json
    import subprocess
    import sys

    seed = sorted(SEEDS.glob("*.txt"))[0]
    cmd = [sys.executable, "-m", "rashomon", "analyze", str(seed), "--db", str(tmp_path / "c.db"),
           "--format", "json", "--no-progress"]
    bad = subprocess.run([*cmd, "--quotes-model", "nope"], capture_output=True, text=True)
    assert bad.returncode == 64 and "unknown quotes model" in bad.stderr
    ok = subprocess.run([*cmd, "--quotes-model", "minilm"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    (article,) = json.loads(ok.stdout)["articles"]
    assert article["meta"]["quotes_model"] == "minilm" and article["quotes"]


def test_worker_processes_read_with_the_callers_tagger() -> None:
    from rashomon.engine import read_parallel

    arts = [Article(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8")[:3000])
            for p in sorted(SEEDS.glob("*.txt"))]
    out = read_parallel(arts, ["parse", "entities", "quotes"], workers=2,
                        options={"quotes_model": "rules"})
    assert [a.meta["quotes_model"] for a in out] == ["rules", "rules"]


@pytest.mark.parametrize(
    "text",
    ["", " ", '"', "“““ ”” ‘ ’ «", ": : : said said said", "x" * 3000, "He said that. " * 300,
     "\u200b\ufeff\u00a0 said \u2028 he", "🙂 " * 400 + "said Rutte."],
)
def test_no_crash_on_odd_text(text: str) -> None:
    run(text)


@settings(max_examples=20, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab said he Trump .,:\n\"“”‘’'")), max_size=120))
def test_the_stage_is_total_with_the_encoder(text: str) -> None:
    run(text)
