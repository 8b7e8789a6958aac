"""Attributions without a speech verb and a clause: objects, namings, infinitives,
prepositions, stance adjectives, nouns, passives and appearances (``FRAMES``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
from .cues import (
    ADJ_PREP_CUES,
    CLAUSE_ADJECTIVES,
    CUE_LEMMAS,
    INFINITIVE_CUES,
    NAMING_CUES,
    NOUN_CLAUSE_CUES,
    NOUN_PREP_CUES,
    OBJECT_CUES,
    PASSIVE_CUES,
    PASSIVE_PREP_CUES,
    PREP_CUES,
    RECEIVING_VERBS,
    SEEM_VERBS,
)
from .marks import AMBIGUOUS, CLOSERS, OPENERS, SINGLE_OPEN
from .speech import _NEW_CLAUSE_MARKS, _reports_clause, _sent, _subject, lemma_of


@dataclass(slots=True)
class _Frame:
    """One attribution found by its construction: the cue word, its source (None when the text
    names none) and the content as token ranges."""

    kind: str  # which of FRAMES found it
    cue: Token
    cue_end: Token  # last token of the cue phrase ("called for", "support for")
    source: Token | None
    ranges: list[tuple[int, int]]


def _rights(tok: Token, dep: str) -> Token | None:
    return next((c for c in tok.rights if c.dep_ == dep), None)


def _prep_object(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _is_infinitive(x: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)


# What follows a verb's object that is the writer's, not the content: punctuation, a
# coordinated verb, a parenthetical clause.
_NOT_CONTENT_DEPS = frozenset({"punct", "cc", "conj", "parataxis", "dep", "mark"})


def _extend(verb: Token, after: int, hi: int) -> int:
    """Push a content end over what the verb governs after its object: its complements and
    adjuncts ("called for the ban in December after …", "shows Cruz 16 points ahead"), as
    PolNeAR draws an object's content, but not a coordinated verb or a comma-set clause."""
    for c in verb.rights:
        if c.i <= after or c.dep_ in _NOT_CONTENT_DEPS:
            continue
        if c.dep_ == "advcl" and verb.doc[c.left_edge.i - 1].text == ",":
            continue
        hi = max(hi, c.right_edge.i)
    return hi


def _agent(verb: Token) -> Token | None:
    """The "by X" of a passive verb."""
    agent = _rights(verb, "agent")
    return _prep_object(agent) if agent is not None else None


# Objects that report no content ("said nothing", "did not say much").
_EMPTY_OBJECTS = frozenset("nothing anything something much little more less".split())


def _verb_frame(t: Token, frames: Collection[str]) -> _Frame | None:
    """The attribution a verb makes with its object, naming complement, infinitive or
    preposition, tried in that order (the most specific construction first)."""
    lemma = lemma_of(t)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
    if passive:
        return _passive_frame(t, lemma, frames) if "passive" in frames else None
    if t.tag_ == "VBN" and not any(c.dep_ == "aux" for c in t.children):
        if "passive" in frames and lemma in PASSIVE_PREP_CUES and t.dep_ in ("advcl", "ROOT"):
            return _asked_frame(t, lemma)  # "When asked about the polls, …"
        return None  # a participle modifying a noun ("the plan announced on Monday")
    if lemma in SEEM_VERBS:
        return _seem_frame(t) if "seem" in frames else None
    if "naming" in frames and lemma in NAMING_CUES:
        f = _naming_frame(t)
        if f is not None:
            return f
    if any(c.dep_ == "ccomp" for c in t.children):
        return None  # a clause: the speech and belief cues' business
    subj = _subject(t)
    if subj is None:
        return None
    dobj = _rights(t, "dobj")
    oprd = _rights(t, "oprd")
    if lemma in CUE_LEMMAS and "object" in frames:
        # "Half said so", "72 percent said yes", "said the same of Sanders".
        short = next(
            (
                c
                for c in t.rights
                if (c.dep_ == "advmod" and c.lower_ == "so")
                or (c.dep_ in ("intj", "dobj") and c.lower_ in ("yes", "no"))
            ),
            None,
        )
        if short is not None:
            return _Frame("object", t, t, subj, [(short.i, short.i)])
    preps = PREP_CUES.get(lemma, frozenset())
    if "naming" in frames and lemma in NAMING_CUES:
        as_prep = next(
            (c for c in t.rights if c.dep_ == "prep" and c.lower_ == "as" and _prep_object(c)),
            None,
        )
        if dobj is not None and (oprd is not None or as_prep is not None):
            return _Frame("naming", t, t, subj, [(dobj.left_edge.i, _extend(t, dobj.i, dobj.i))])
        if dobj is None and oprd is not None:  # a parse of "called Clinton a liar"
            return _Frame("naming", t, t, subj, [(oprd.left_edge.i, _extend(t, oprd.i, oprd.i))])
    if "infinitive" in frames and lemma in INFINITIVE_CUES:
        x = _rights(t, "xcomp")
        if x is not None and _is_infinitive(x) and not _reports_clause(x):
            lo = dobj.left_edge.i if dobj is not None and dobj.i < x.i else x.left_edge.i
            return _Frame("infinitive", t, t, subj, [(lo, x.right_edge.i)])
    if "preposition" in frames and preps:
        for c in t.rights:
            if c.dep_ != "prep" or c.lower_ not in preps:
                continue
            pobj = _prep_object(c)
            if pobj is None:
                continue
            if dobj is not None and dobj.i < c.i and lemma in OBJECT_CUES | NAMING_CUES:
                lo = dobj.left_edge.i  # "accused Rubio of lying"
            else:
                lo = pobj.left_edge.i
            if "comment" in (x.lower_ for x in c.subtree):
                return None  # "did not respond to a request for comment"
            # The cue phrase runs to the preposition when nothing but particles stand between.
            end = c if all(x.dep_ in ("prt", "advmod") for x in t.doc[t.i + 1 : c.i]) else t
            return _Frame("preposition", t, end, subj, [(lo, _extend(t, c.i, c.right_edge.i))])
        # "called for Trump to drop out": the parse makes the preposition the mark of a clause.
        for c in t.rights:
            if c.dep_ not in ("advcl", "ccomp", "xcomp") or not _is_infinitive(c):
                continue
            mark = next((m for m in c.lefts if m.dep_ == "mark" and m.lower_ in preps), None)
            if mark is not None and mark.i == c.left_edge.i:
                end = mark if mark.i == t.i + 1 else t
                return _Frame("preposition", t, end, subj, [(mark.i + 1, c.right_edge.i)])
    if (
        "object" in frames
        and lemma in OBJECT_CUES
        and dobj is not None
        and dobj.lower_ not in _EMPTY_OBJECTS
    ):
        lo = dobj.left_edge.i
        return _Frame("object", t, t, subj, [(lo, _extend(t, dobj.i, dobj.right_edge.i))])
    return None


_ADVERBIAL_MARKS = frozenset(
    "when as after before because since while whereas although though until unless once".split()
)


def _clause_end(head: Token) -> int:
    """The last token of ``head``'s phrase without a trailing adverbial clause the writer adds
    ("… to be sailing through the Senate when Democrats decided …")."""
    for c in head.rights:
        if c.dep_ == "advcl" and any(
            m.dep_ in ("mark", "advmod") and m.lower_ in _ADVERBIAL_MARKS for m in c.children
        ):
            return c.left_edge.i - 1
    return head.right_edge.i


_SEEM_COMPLEMENTS = frozenset({"xcomp", "acomp", "oprd", "attr", "ccomp"})


def _seem_frame(t: Token) -> _Frame | None:
    """ "X seems to …", "X appears ready", "it seems (that) …": the subject and the complement,
    without the cue; the source is one the text names with "to" ("seemed to him"), or none."""
    comp = next((c for c in t.rights if c.dep_ in _SEEM_COMPLEMENTS), None)
    if comp is None:
        return None  # "appeared on Fox News", "appeared at the rally"
    if comp.dep_ == "xcomp" and not _is_infinitive(comp) and comp.pos_ == "VERB":
        return None
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "expl")), None)
    ranges = []
    if subj is not None and subj.lower_ not in ("it", "there") and subj.i < t.i:
        ranges.append((subj.left_edge.i, subj.right_edge.i))
    elif subj is None and t.dep_ not in ("conj",):
        return None
    lo = comp.left_edge.i
    if comp.dep_ == "xcomp":
        lo = min(lo, comp.i - 1) if _is_infinitive(comp) else lo
    ranges.append((lo, _clause_end(comp)))
    to = next(
        (c for c in t.rights if c.dep_ == "prep" and c.lower_ == "to" and _prep_object(c)), None
    )
    source = _prep_object(to) if to is not None else None
    return _Frame("seem", t, t, source, ranges)


_OPEN_MARKS = frozenset(OPENERS + AMBIGUOUS + SINGLE_OPEN + "`'")


def _naming_frame(t: Token) -> _Frame | None:
    """Namings the object-and-complement rule misses: "what she witnessed ''terrible''" (an
    object clause), "which he called “a cartel”" (a relative pronoun, with the complement), and
    a quoted complement the parse folded into the object or a preposition ("called his actions
    “a crucial step”", "called that "beyond preposterous"")."""
    subj = _subject(t)
    if subj is None:
        return None
    doc = t.doc
    oprd = _rights(t, "oprd")
    dobj = next((c for c in t.children if c.dep_ == "dobj"), None)
    if dobj is not None and dobj.i < t.i and dobj.tag_ in ("WDT", "WP"):
        if oprd is None:
            return None
        return _Frame(
            "naming", t, t, subj, [(dobj.i, dobj.i), (oprd.left_edge.i, oprd.right_edge.i)]
        )
    if oprd is not None and dobj is None:
        clause = next((c for c in t.rights if c.dep_ == "ccomp" and c.i < oprd.i), None)
        if clause is not None:  # "called what she witnessed ''terrible''"
            return _Frame("naming", t, t, subj, [(clause.left_edge.i, oprd.right_edge.i)])
        return None
    if dobj is None or dobj.i < t.i or oprd is not None:
        return None
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in t.rights):
        return None
    sent = _sent(t)
    j = dobj.right_edge.i + 1
    marks_in_object = any(x.text in _OPEN_MARKS for x in doc[dobj.i + 1 : dobj.right_edge.i + 1])
    if marks_in_object:
        return _Frame("naming", t, t, subj, [(dobj.left_edge.i, dobj.right_edge.i)])
    if j < sent.end and doc[j].text in _OPEN_MARKS:
        end = next(
            (k for k in range(j + 1, sent.end) if doc[k].text in CLOSERS + AMBIGUOUS + "'’"),
            sent.end - 1,
        )
        return _Frame("naming", t, t, subj, [(dobj.left_edge.i, end)])
    return None


def _passive_frame(t: Token, lemma: str, frames: Collection[str]) -> _Frame | None:
    """ "It was reported that …", "X is expected to …", "X was criticized for …": the source is
    the agent, or none."""
    if lemma not in PASSIVE_CUES:
        return None
    source = _agent(t)
    comp = _rights(t, "ccomp")
    if comp is not None:
        return _Frame("passive", t, t, source, [(comp.left_edge.i, comp.right_edge.i)])
    subj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
    if subj is None and lemma in PASSIVE_PREP_CUES:
        return _asked_frame(t, lemma)  # "after being asked to defend …"
    if subj is None or subj.lower_ in ("it", "which", "that", "who"):
        return None
    x = _rights(t, "xcomp")
    if x is not None and _is_infinitive(x):  # "Obama is expected to endorse Clinton"
        return _Frame(
            "passive",
            t,
            t,
            source,
            [(subj.left_edge.i, subj.right_edge.i), (x.i - 1, x.right_edge.i)],
        )
    preps = PREP_CUES.get(lemma, frozenset()) | PASSIVE_PREP_CUES.get(lemma, frozenset())
    for c in t.rights:
        if c.dep_ == "prep" and c.lower_ in preps and c.lower_ != "as":
            pobj = _prep_object(c)
            if pobj is not None:  # "Clinton was asked about her emails"
                return _Frame("passive", t, c, source, [(pobj.left_edge.i, c.right_edge.i)])
    if source is not None and (lemma in OBJECT_CUES | NAMING_CUES or lemma in PREP_CUES):
        # "Clinton was criticised by Sanders"; without the agent such a passive is a fact
        # about its subject far more often than an attribution.
        return _Frame("passive", t, t, source, [(subj.left_edge.i, subj.right_edge.i)])
    return None


def _asked_frame(t: Token, lemma: str) -> _Frame | None:
    """A question put to someone the sentence is about ("When asked by Ingraham about …",
    "Asked whether he was concerned …", "after being asked to defend …"): what was asked, with
    the asker (the agent) as its source, or none."""
    source = _agent(t)
    comp = _rights(t, "ccomp")
    if comp is not None:
        return _Frame("passive", t, t, source, [(comp.left_edge.i, comp.right_edge.i)])
    x = _rights(t, "xcomp")
    if x is not None and _is_infinitive(x):
        return _Frame("passive", t, t, source, [(x.i - 1, x.right_edge.i)])
    preps = PASSIVE_PREP_CUES.get(lemma, frozenset()) | PREP_CUES.get(lemma, frozenset())
    return _prep_frame("passive", t, preps, source)


def _prep_frame(kind: str, t: Token, preps: Collection[str], source: Token | None) -> _Frame | None:
    """The first of ``t``'s prepositions in ``preps`` with an object: that object is the content
    ("asked about the emails", "support for the plan")."""
    for c in t.rights:
        if c.dep_ == "prep" and c.lower_ in preps:
            pobj = _prep_object(c)
            if pobj is not None:
                return _Frame(kind, t, c, source, [(pobj.left_edge.i, c.right_edge.i)])
    return None


def _noun_source(n: Token) -> Token | None:
    """Whose claim, support or criticism a noun cue is: its possessor ("Trump's claim"), or the
    subject of the verb it is the object of ("X expressed concern that …")."""
    poss = next((c for c in n.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    if n.dep_ == "dobj" and n.head.pos_ == "VERB":
        if lemma_of(n.head) in RECEIVING_VERBS:
            return None
        return _subject(n.head)
    return None


def _noun_frame(t: Token) -> _Frame | None:
    """ "His claim that …", "X voiced support for …": a noun's clause or prepositional object,
    when the text says whose the noun is."""
    lemma = lemma_of(t)
    source = _noun_source(t)
    if source is None:
        return None  # "the plan to …", "attacks on …": whose, the text does not say
    if lemma in NOUN_CLAUSE_CUES:
        for c in t.rights:
            if c.dep_ not in ("acl", "ccomp"):
                continue
            marked = any(x.dep_ == "mark" and x.lower_ in _NEW_CLAUSE_MARKS for x in c.children)
            if marked or _is_infinitive(c):
                return _Frame("noun", t, t, source, [(c.left_edge.i, c.right_edge.i)])
    preps = NOUN_PREP_CUES.get(lemma)
    return _prep_frame("noun", t, preps, source) if preps else None


def _adjective_frame(t: Token) -> _Frame | None:
    """ "X is confident that …", "X is critical of …": the clause or object of a stance
    adjective, the copula's subject."""
    if t.dep_ != "acomp":
        return None
    lemma = t.lower_
    comp = None
    if lemma in CLAUSE_ADJECTIVES:
        comp = next((c for c in t.rights if c.dep_ == "ccomp"), None)
    cue_end = t
    if comp is None and lemma in ADJ_PREP_CUES:
        prep = next(
            (c for c in t.rights if c.dep_ == "prep" and c.lower_ in ADJ_PREP_CUES[lemma]), None
        )
        comp = _prep_object(prep) if prep is not None else None
        cue_end = prep if comp is not None and prep is not None else t
    if comp is None:
        return None
    subj = _subject(t.head)
    if subj is None:
        return None
    return _Frame("belief", t, cue_end, subj, [(comp.left_edge.i, comp.right_edge.i)])


# A verb inside another clause ("… said Y criticised Z", "voters who support Z") is an
# attribution PolNeAR's annotators marked less than half the time on train: left out.
_EMBEDDED_DEPS = frozenset({"ccomp", "relcl", "pcomp", "acl", "csubj"})


def _free_embedded(t: Token) -> bool:
    """An embedded verb that still makes its own attribution: a naming in a relative clause
    ("which he called “a cartel”") and a participle after a preposition ("after announcing his
    support for Trump, Rubio …", whose subject is the clause's). Other embedded verbs (relative
    clauses, participles after a noun) are attributions PolNeAR annotates about half the time
    or less."""
    if t.dep_ == "relcl" and lemma_of(t) in NAMING_CUES:  # "which he called “a cartel”"
        return any(c.dep_ == "dobj" and c.tag_ in ("WDT", "WP") for c in t.lefts)
    if t.dep_ == "pcomp":  # "after announcing his support for Trump, Rubio …"
        return t.tag_ == "VBG" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX")
    return False


def _frames(
    doc: Doc, inside: Sequence[bool], taken: set[int], frames: Collection[str]
) -> list[_Frame]:
    """Every attribution made by construction rather than by a speech verb (see FRAMES)."""
    out: list[_Frame] = []
    nouns = "noun" in frames
    for t in doc:
        if t.i in taken or inside[t.idx]:
            continue
        pos = t.pos_
        f: _Frame | None = None
        if pos == "VERB":
            if t.dep_ in _EMBEDDED_DEPS and not _free_embedded(t):
                continue
            f = _verb_frame(t, frames)
        elif pos == "NOUN" and nouns:
            f = _noun_frame(t)
        elif pos == "ADJ" and "belief" in frames:
            f = _adjective_frame(t)
        if f is not None and not (f.source is not None and f.source.lower_ == "you"):
            out.append(f)  # "if you support …" is anyone, not a source
    return out
