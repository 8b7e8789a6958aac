"""The cue lexicons of attributions: speech verbs (``rashomon.lexicon``) and the cues of
the other frames (``data/attribution_cues.json``, which says how they were chosen).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING

from ...lexicon import SPEECH_VERBS, WEAK_SPEECH_VERBS

if TYPE_CHECKING:
    pass


# Verbs (lemmas) that introduce speech or a stated position, and the stance/finding verbs that
# are cues only with a clausal complement and an explicit subject (``rashomon.lexicon``).
CUE_LEMMAS: frozenset[str] = SPEECH_VERBS
WEAK_CUES: frozenset[str] = WEAK_SPEECH_VERBS


def _lexicon() -> dict:
    """The attribution cues beyond speech verbs (``data/attribution_cues.json``, which says how
    they were chosen)."""
    path = resources.files("rashomon.read").joinpath("data/attribution_cues.json")
    return json.loads(path.read_text(encoding="utf-8"))


_LEX = _lexicon()
# Belief and finding verbs with a that-clause ("X believes that …", "the poll found …").
BELIEF_CUES: frozenset[str] = frozenset(_LEX["clause"]) - CUE_LEMMAS
CLAUSE_ADJECTIVES: frozenset[str] = frozenset(_LEX["clause_adjectives"])
OBJECT_CUES: frozenset[str] = frozenset(_LEX["object"])
NAMING_CUES: frozenset[str] = frozenset(_LEX["naming"])
INFINITIVE_CUES: frozenset[str] = frozenset(_LEX["infinitive"])
PREP_CUES: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _LEX["prepositions"].items()}
NOUN_CLAUSE_CUES: frozenset[str] = frozenset(_LEX["noun_clause"])
NOUN_PREP_CUES: dict[str, frozenset[str]] = {
    k: frozenset(v) for k, v in _LEX["noun_prepositions"].items()
}
PASSIVE_CUES: frozenset[str] = frozenset(_LEX["passive"])
PASSIVE_PREP_CUES: dict[str, frozenset[str]] = {
    k: frozenset(v) for k, v in _LEX["passive_prepositions"].items()
}
ADJ_PREP_CUES: dict[str, frozenset[str]] = {
    k: frozenset(v) for k, v in _LEX["adjective_prepositions"].items()
}
# What an attribution reports (Quote.mode): speech acts and states of mind beyond CUE_LEMMAS.
SPEECH_ACTS: frozenset[str] = frozenset(_LEX["speech_acts"])
MENTAL_STATES: frozenset[str] = frozenset(_LEX["mental_states"])
# Speech-verb cues that report a finding, not words: "the poll shows", "the study found".
FINDINGS: frozenset[str] = frozenset({"show", "find"})
# The attributions extract_quotes can find besides speech (direct quotes, speech verbs with a
# clause, "according to", "Name: …", always found): those news writing makes without a speech
# verb. A caller can ask for fewer or more (the benchmark measures each one's worth this way).
FRAMES: tuple[str, ...] = (
    "belief", "object", "naming", "infinitive", "preposition", "noun", "passive", "seem"
)  # fmt: skip
# Found unless asked otherwise: all but "seem" ("the closures appear to have helped"), whose
# construction PolNeAR train annotates only about six times in ten, below the stage's precision.
DEFAULT_FRAMES: tuple[str, ...] = tuple(f for f in FRAMES if f != "seem")
# Verbs whose subject receives what the noun object names ("drew criticism"): the noun's
# source is not that subject.
RECEIVING_VERBS = frozenset(
    "draw receive win get face earn attract garner gain invite spark provoke prompt".split()
)

# Cue lemmas whose xcomp carries the real cue: "declined to say whether".
CONTROL_VERBS: frozenset[str] = frozenset({"decline", "refuse", "want", "seem", "appear"})

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
THING_PRONOUNS = frozenset({"it", "its"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "you"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
NP_LEFT_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


# Nouns that stand for a source in a headline label ("Poll: Trump leads", "Clinton camp: …").
SOURCE_NOUNS = frozenset(
    """
    poll survey study report newspaper paper camp campaign official officials source sources
    police expert experts aide aides analyst analysts spokesman spokeswoman spokesperson
    lawmaker lawmakers senator governor president candidate critics critic supporters
    government ministry department agency court judge prosecutors lawyer lawyers witness
    witnesses voters residents report researchers scientists economists insiders allies
    """.split()
)


# Where something was said ("released the following statement:"): a clause that names one
# leads into the quote after it.
MEDIUM_NOUNS = frozenset(
    """
    interview statement op-ed oped editorial column speech address tweet letter email e-mail
    post video ad advertisement appearance show program programme broadcast radio television
    network channel call conference briefing rally debate event hearing meeting release remarks
    podcast episode message memo filing blog article book essay piece transcript
    """.split()
)


# Verbs of appearance: "the closures appear to have helped", "it seems (that) …", "the race
# seemed close". The writer's (or an unnamed observer's) judgement, annotated without a source.
SEEM_VERBS = frozenset({"seem", "appear"})


# Verbs that introduce a quote placed right after them ("shouting “…”", "the sign read “…”").
SOUND_VERBS = frozenset(
    """
    shout bark mouth chant scream yell exclaim whisper read write title entitle coin sing cry
    proclaim mutter murmur holler thunder plead quip snap gush rave type scrawl print
    """.split()
)
