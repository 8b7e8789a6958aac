"""Speaker resolution: a cue's subject mapped to a mention, pronouns and surnames to the most
recent compatible person or organisation, and what is no speaker left as none, with the reason
(:data:`.actors.REASONS`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...lexicon import ACTOR_LABELS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
from .actors import _nouns, is_plural, name_gender, noun_kind
from .cues import DETERMINERS, FIRST_PERSON, GROUP_PRONOUNS, PERSON_PRONOUNS, THING_PRONOUNS
from .mentions import MentionState, _Mention, _strip_possessive
from .speech import _speaker_span, doc_text

#: The label of a speaker that is several people named by role ("officials", "the aides"), for
#: "they"; a single person by role ("the spokesman") is a PERSON.
PEOPLE = "PEOPLE"
#: Labels a resolved speaker is remembered under (what a later pronoun can refer to).
SPEAKER_LABELS: tuple[str, ...] = (*ACTOR_LABELS, PEOPLE)

# Entity labels that are never a speaker (a date or a sum said nothing), and those of documents,
# which speak only through their author.
_NOT_ACTOR_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
)
_DOCUMENT_LABELS = frozenset({"LAW", "WORK_OF_ART", "PRODUCT"})
# What each pronoun can refer to: "they" is people or a body, rarely a place.
_PRONOUN_LABELS: dict[str, tuple[str, ...]] = {
    **{p: ("PERSON",) for p in PERSON_PRONOUNS},
    **{p: ("ORG", "NORP", PEOPLE) for p in GROUP_PRONOUNS},
    **{p: ("ORG", "GPE", "NORP") for p in THING_PRONOUNS},
}


_SELF = frozenset({"i", "we", "me", "us"})
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


@dataclass(slots=True)
class Speaker:
    text: str
    start: int
    end: int
    canonical: str | None
    entity_id: str | None
    label: str
    reason: str | None = None  # why there is no canonical speaker (actors.REASONS)


def _none(text: str, start: int, end: int, reason: str, label: str = "NOUN") -> Speaker:
    return Speaker(text, start, end, None, None, label, reason)


def resolve_speaker(head: Token, state: MentionState) -> Speaker:
    """Map the speaker mention at ``head`` to a canonical entity (see the module docstring)."""
    if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
        # "Donald Trump, who … suggested": the antecedent's identity, the relative's span.
        sp = resolve_speaker(head.head.head, state)
        return Speaker(
            head.text, head.idx, head.idx + len(head), sp.canonical, sp.entity_id, sp.label,
            sp.reason,
        )  # fmt: skip
    start, end = _speaker_span(head)
    text = doc_text(head.doc)[start:end]
    low = head.lower_
    if head.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
        if low in _SELF:
            voice = _voice_of(head, state)
            if voice is not None:
                return Speaker(text, start, end, *voice)
        want = _PRONOUN_LABELS.get(low, ())
        if want and low not in FIRST_PERSON:
            found = _last_compatible(state, want, start, head.doc, _PRONOUN_GENDER.get(low))
            if found is not None:
                return Speaker(text, start, end, found[0], found[1], found[2])
        if low in _nouns()["collective"]:  # "some of them", "many in the party"
            return _of_object(head, state, text, start, end) or _none(text, start, end, "not_actor")
        return _none(text, start, end, "pronoun", "PRON")
    # An entity counts when it holds the head ("French President Emmanuel Macron") or stands in
    # apposition to it ("his campaign manager, Kellyanne Conway,"); "the Florida senator" is
    # not Florida.
    anchors = [head] + [c for c in head.children if c.dep_ == "appos"]
    inside = [
        m
        for m in state.mentions
        if (
            any(m.start <= a.idx < m.end for a in anchors)
            or (m.label == "PERSON" and m.start < end and m.end > start)
        )
        and not state.in_dateline(m.start, m.end)
    ]
    if inside:
        best = sorted(
            inside,
            key=lambda m: (
                ACTOR_LABELS.index(m.label) if m.label in ACTOR_LABELS else 9,
                -(m.end - m.start),
            ),
        )[0]
        if best.label in _NOT_ACTOR_LABELS:
            return _noun_speaker(head, state, text, start, end)
        if best.label in _DOCUMENT_LABELS:
            return _document_speaker(head, state, text, start, end)
        if best.label in ("GPE", "LOC", "FAC"):
            # "the mayor of Washington, DC, suggested": the person the place qualifies.
            role = _role_of_place(head)
            if role is not None:
                return resolve_speaker(role, state)
        canonical = _undated(best, state)
        if best.end > end and not any(
            x.text == "," for x in head.doc[head.i : head.right_edge.i + 1] if x.idx < best.start
        ):
            end = best.end  # "US Ambassador to NATO Matthew Whitaker"
            text = doc_text(head.doc)[start:end]
        if best.label == "PERSON" and len(canonical.split()) == 1:
            canonical = _full_name(canonical, state, start) or canonical
        if best.label != "PERSON" and _is_outlet(canonical, state) and not _credited(head):
            return _none(text, start, end, "outlet", best.label)
        return Speaker(text, start, end, canonical, best.entity_id, best.label)
    return _noun_speaker(head, state, text, start, end)


def _noun_speaker(head: Token, state: MentionState, text: str, start: int, end: int) -> Speaker:
    """A speaker phrase with no entity: a role ("the spokesman", "officials"), a body ("the
    ministry", the organisation named before when there is one), a document (its author, when
    the phrase names one), a number or share of people ("two of the aides"), or no actor."""
    if head.lower_ in _nouns()["collective"] or head.like_num:
        found = _of_object(head, state, text, start, end)
        if found is not None:
            return found
    kind = noun_kind(head)
    if kind == "document":
        return _document_speaker(head, state, text, start, end)
    words = [w for w in text.split() if w.lower() not in DETERMINERS]
    bare = " ".join(words) if words else text
    if head.pos_ in ("NOUN", "PROPN") and head.lower_ not in ("source", "sources", "official"):
        for m in reversed(state.mentions):
            if m.start >= start:
                continue
            if m.label in ("ORG", "GPE", "NORP") and head.lower_ in m.canonical.lower().split():
                if _is_outlet(m.canonical, state) and not _credited(head):
                    continue
                return Speaker(text, start, end, m.canonical, m.entity_id, m.label)
    if kind == "person" and not is_plural(head) and _bare_role(head):
        titled = _titled(head, state, start)
        if titled is not None:  # "the president" after "President Trump"
            return Speaker(text, start, end, titled.canonical, titled.entity_id, "PERSON")
    if kind in ("person", "group"):
        bare = _with_affiliation(head, bare, start)
        label = PEOPLE if is_plural(head) else "PERSON" if kind == "person" else "ORG"
        return Speaker(text, start, end, bare, None, label)
    if head.pos_ in ("PROPN", "NOUN") and kind is None and head.text[:1].isupper():
        # A name the entity recogniser missed ("Earnest said", "Sanders described …").
        label = "PERSON" if head.ent_type_ == "PERSON" else "NOUN"
        return Speaker(text, start, end, bare, None, label)
    return _none(text, start, end, "not_actor")


def _voice_of(head: Token, state: MentionState) -> tuple[str, str | None, str] | None:
    """Whose "I" or "we" this is when it stands inside someone's direct quote: that speaker.
    Also when the quote's marks were paired short ('“That she should say that? It’s so beneath
    the court … And I would hope …”'): after a quote of the paragraph, with no mark opening a
    new quote since and a closing mark still to come in the paragraph. Outside quotes a first
    person is the writer's (an opinion piece), not a speaker's."""
    body = doc_text(head.doc)
    at = head.idx
    for a, b, canonical, eid, label in reversed(state.voices):
        if a <= at < b:
            return canonical, eid, label
        if b <= at:
            gap = body[b:at]
            para_end = body.find("\n\n", at)
            rest = body[at : para_end if para_end >= 0 else len(body)]
            opens, closes = "“«\"", "”»\""  # a straight mark may be either
            if "\n\n" not in gap and not any(m in gap for m in opens) and any(m in rest for m in closes):
                return canonical, eid, label
            return None
    return None


def _of_object(head: Token, state: MentionState, text: str, start: int, end: int) -> Speaker | None:
    """ "A flurry of Democrats said", "two of the aides": the speaker is what follows "of",
    when that is an actor."""
    prep = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if pobj is None:
        return None
    sp = resolve_speaker(pobj, state)
    if sp.canonical is None:
        return None
    return Speaker(text, start, end, sp.canonical, sp.entity_id, sp.label)


def _document_speaker(head: Token, state: MentionState, text: str, start: int, end: int) -> Speaker:
    """A document is no speaker; its author is, when the phrase names one: "BuzzFeed's report",
    "a Fox News poll", "a letter from Senator X", "an article published by BuzzFeed News"."""
    for author in _authors(head):
        sp = resolve_speaker(author, state)
        if sp.canonical is not None and sp.label in SPEAKER_LABELS:
            return Speaker(text, start, end, sp.canonical, sp.entity_id, sp.label)
    return _none(text, start, end, "document")


def _authors(head: Token) -> list[Token]:
    """Who wrote a document the text names, in the order the phrase gives them."""
    out = []
    for c in head.lefts:
        if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN"):
            out.append(c)
        elif (
            c.dep_ == "compound"
            and c.pos_ == "PROPN"
            and c.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")
        ):
            out.append(c)
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            # "a letter from Senator X", not "a report from Atlanta" (where it was written).
            out += [
                x
                for x in c.children
                if x.dep_ == "pobj" and x.ent_type_ not in ("GPE", "LOC", "FAC")
            ]
        elif c.dep_ == "acl" and c.tag_ == "VBN":  # "an article published by BuzzFeed News"
            for a in c.children:
                if a.dep_ == "agent":
                    out += [x for x in a.children if x.dep_ == "pobj"]
    return out


def _role_of_place(head: Token) -> Token | None:
    """The role noun a place qualifies ("the mayor of Washington, DC"), or None."""
    x = head
    while x.dep_ in ("appos", "compound") and x.head.i != x.i:
        x = x.head
    if x.dep_ != "pobj" or x.head.dep_ != "prep" or x.head.lower_ not in ("of", "for", "in"):
        return None
    noun = x.head.head
    if noun.pos_ in ("NOUN", "PROPN") and noun_kind(noun) in ("person", "group"):
        if not any(m for m in [noun] if m.ent_type_ in ("PERSON", "ORG")):
            return noun
    return None


def _with_affiliation(head: Token, bare: str, start: int) -> str:
    """A role noun with whom it serves: "spokesman for the Clinton campaign", "the mayor of
    Washington, DC" (up to the first comma past the place, and short)."""
    prep = next(
        (c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "to")),
        None,
    )
    if prep is None or prep.right_edge.i - head.i > 8:
        return bare
    doc = head.doc
    toks = doc[head.i + 1 : prep.right_edge.i + 1]
    if any(t.text in ("(", "—", "–", ";") for t in toks):
        return bare
    comma = next((k for k, t in enumerate(toks) if t.text == ","), None)
    if comma is not None:  # "a spokesman for Mr. Hunter, Michael Harrison": up to the comma
        if comma == 0:
            return bare
        toks = toks[:comma]
    tail = doc_text(doc)[head.idx + len(head) : toks[-1].idx + len(toks[-1])]
    return (bare + tail).strip(" ,")


def _bare_role(head: Token) -> bool:
    """A role noun with nothing but a determiner and adjectives before it ("the president",
    "the new governor"), not "a Secret Service representative"."""
    return all(c.dep_ in ("det", "amod", "advmod") for c in head.lefts) and not any(
        c.dep_ == "prep" for c in head.rights
    )


def _titled(head: Token, state: MentionState, before: int) -> _Mention | None:
    """The person a role noun stands for when the article put that title right before a name
    ("President Trump" … "the president"), the most recent such person."""
    text = doc_text(head.doc)
    title = re.compile(r"\b" + re.escape(head.lower_) + r"\.?\s+$")
    for m in reversed(state.mentions):
        if m.start >= before or m.label != "PERSON":
            continue
        own = text[m.start : m.end].lower()
        if own.startswith(head.lower_ + " ") or title.search(
            text[max(0, m.start - 30) : m.start].lower()
        ):
            return m
    return None


def _undated(m: _Mention, state: MentionState) -> str:
    """A mention's canonical without a dateline the entity recogniser joined to it
    ("WASHINGTON — AARP")."""
    if not any(a <= m.start <= b for a, b in state.datelines):
        return m.canonical
    rest = re.split(r"\s(?:—|–|--|-)\s*", m.canonical, maxsplit=1)
    return rest[1] if len(rest) == 2 and rest[1].strip() else m.canonical


def _is_outlet(canonical: str | None, state: MentionState) -> bool:
    return bool(canonical) and " ".join(canonical.lower().split()) in state.outlet  # type: ignore[union-attr]


def _credited(head: Token) -> bool:
    """Whether the text itself credits the words to the phrase at ``head`` (its subject, its
    "according to", a document's owner), rather than reaching it through a pronoun or as the
    one spoken to ("told Fox News")."""
    x = head
    while x.dep_ in ("compound", "flat") and x.head.i != x.i:
        x = x.head
    if x.dep_ in ("nsubj", "nsubjpass", "poss", "compound", "ROOT"):
        return True
    if (
        x.dep_ == "pobj"
        and x.head.lower_ in ("to", "by")
        and x.head.head.lower_ in ("according", "published", "reported")
    ):
        return True
    return x.dep_ == "pobj" and x.head.lower_ == "by"


def _full_name(surname: str, state: MentionState, before: int) -> str | None:
    key = _strip_possessive(surname).lower()
    for m in reversed(state.mentions):
        if m.start >= before or m.label != "PERSON":
            continue
        words = m.canonical.split()
        if len(words) >= 2 and words[-1].lower() == key:
            return m.canonical
    return None


def _is_subject(doc: Doc, m: _Mention) -> bool:
    """Whether a mention is the subject of its sentence's main clause (what a later "he" most
    likely refers to), not an object, a name in passing, or the subject of a clause inside
    what someone else is reported to have said."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    while root.dep_ in ("compound", "flat", "appos") and root.head.i != root.i:
        root = root.head
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = root.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _gender(canonical: str, state: MentionState, doc: Doc) -> str | None:
    """A person's gender as the article shows it cheaply: a first name the lists know, else
    "Mr." or "Mrs./Ms." before the surname somewhere in the text; None when neither says."""
    if canonical in state.genders:
        return state.genders[canonical]
    words = [w for w in re.split(r"[\s.]+", canonical) if w]
    if len(words) == 1:  # "Trump": the first name of the full name the article gives
        full = _full_name(words[0], state, 1 << 62)
        words = full.split() if full else words
    found = name_gender(words[0]) if len(words) >= 2 else None
    if found is None and words:
        last = re.escape(_strip_possessive(words[-1]))
        text = doc_text(doc)
        female = re.search(r"\b(?:Mrs|Ms|Miss)\.? " + last + r"\b", text)
        male = re.search(r"\bMr\.? " + last + r"\b", text)
        found = "f" if female and not male else "m" if male and not female else None
    state.genders[canonical] = found
    return found


def _last_compatible(
    state: MentionState,
    labels: Sequence[str],
    before: int,
    doc: Doc,
    gender: str | None = None,
) -> tuple[str, str | None, str] | None:
    """What a pronoun at ``before`` refers to: the most recent speaker of a compatible kind,
    unless a compatible mention after that speaker is the subject of its own clause (a new
    person the text has turned to). Without such a speaker, the most recent subject of a
    compatible kind, else the most recent mention. Datelines and the outlet's own name are
    never what a pronoun means."""

    def agrees(canonical: str, label: str) -> bool:
        if gender is None or label != "PERSON":
            return True
        g = _gender(canonical, state, doc)
        return g is None or g == gender

    best: tuple[int, str, str | None, str] | None = None
    for off, canonical, eid, label in reversed(state.speakers):
        if off >= before or label not in labels or _is_outlet(canonical, state):
            continue
        if agrees(canonical, label):
            best = (off, canonical, eid, label)
            break
    floor = best[0] if best is not None else -1
    fallback: _Mention | None = None
    for m in reversed(state.mentions):
        if m.start >= before:
            continue
        if m.start <= floor:
            break
        if m.label not in labels or state.in_dateline(m.start, m.end):
            continue
        if _is_outlet(m.canonical, state) or not agrees(m.canonical, m.label):
            continue
        if _is_subject(doc, m):
            return m.canonical, m.entity_id, m.label
        if fallback is None:
            fallback = m
    if best is not None:
        return best[1], best[2], best[3]
    if fallback is not None:
        return fallback.canonical, fallback.entity_id, fallback.label
    return None
