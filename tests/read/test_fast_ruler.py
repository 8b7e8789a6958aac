"""The compiled attribute-ruler match gives exactly spaCy's annotations, and steps aside for
patterns it does not understand."""

from __future__ import annotations

import spacy
from _shared import SEEDS

from rashomon.read.fast_ruler import CompiledRuler, speed_up
from rashomon.read.nlp import load_nlp, model_names

# Every multi-token and regex exception of the English ruler, spaces, and the DEP-conditioned
# rules (auxiliaries, "there is", pronoun case).
TRICKY = (
    "I ain't sure, but y'all are gonna say nothin' about it.  \n\n"
    "There is a plan. There were two. It gets worse; she got it. Do you? I did it for you.\n"
    "   Which one did they pick, and what had he done? That is what it is: he has been told."
)


def _spacy_own():
    for name in model_names():
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise AssertionError("no spaCy model")


def _attrs(doc) -> list[tuple[str, ...]]:
    return [(t.text, t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in doc]


def test_compiled_matches_give_spacys_own_annotations() -> None:
    ours, theirs = load_nlp(), _spacy_own()
    assert speed_up(ours) and isinstance(ours.get_pipe("attribute_ruler").match.__self__,
                                         CompiledRuler)
    assert "match" not in vars(theirs.get_pipe("attribute_ruler"))
    texts = [TRICKY] + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for mine, spacys in zip(ours.pipe(texts), theirs.pipe(texts), strict=True):
        assert _attrs(mine) == _attrs(spacys)


def test_the_exceptions_really_fire() -> None:
    doc = load_nlp()(TRICKY)
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go" and lemmas["y'"] == "you"
    assert lemmas["nothin'"] == "nothing"
    assert any(t.is_space and t.pos_ == "SPACE" for t in doc)


def test_a_pattern_beyond_the_compiler_leaves_spacys_matcher_in_place() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}]], {"LEMMA": "fine"})
    assert not speed_up(nlp)
    assert "match" not in vars(ruler)
    assert nlp("very very good")[1].lemma_ == "fine"


def test_a_blank_pipeline_without_a_ruler_is_left_alone() -> None:
    assert not speed_up(spacy.blank("en"))
