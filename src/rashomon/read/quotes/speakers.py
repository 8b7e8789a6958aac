"""Speaker resolution: a cue's subject mapped to a mention, pronouns and surnames to
the most recent compatible person or organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...lexicon import ACTOR_LABELS

if TYPE_CHECKING:
    from spacy.tokens import Token
from .cues import DETERMINERS, GROUP_PRONOUNS, PERSON_PRONOUNS, THING_PRONOUNS
from .mentions import MentionState, _strip_possessive
from .speech import _speaker_span, doc_text


@dataclass(slots=True)
class Speaker:
    text: str
    start: int
    end: int
    canonical: str | None
    entity_id: str | None
    label: str


def resolve_speaker(head: Token, state: MentionState) -> Speaker:
    """Map the speaker mention at ``head`` to a canonical entity (see the module docstring)."""
    if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
        # "Donald Trump, who … suggested": the antecedent's identity, the relative's span.
        sp = resolve_speaker(head.head.head, state)
        return Speaker(
            head.text, head.idx, head.idx + len(head), sp.canonical, sp.entity_id, sp.label
        )
    start, end = _speaker_span(head)
    text = doc_text(head.doc)[start:end]
    low = head.lower_
    if head.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
        want = (
            ("PERSON",)
            if low in PERSON_PRONOUNS
            else ("ORG", "GPE", "NORP")
            if low in GROUP_PRONOUNS | THING_PRONOUNS
            else ()
        )
        if want:
            found = _last_compatible(state, want, start)
            if found is not None:
                return Speaker(text, start, end, found[0], found[1], want[0])
        return Speaker(text, start, end, None, None, "PRON")
    # An entity counts when it holds the head ("French President Emmanuel Macron") or stands in
    # apposition to it ("his campaign manager, Kellyanne Conway,"); "the Florida senator" is
    # not Florida.
    anchors = [head] + [c for c in head.children if c.dep_ == "appos"]
    inside = [
        m
        for m in state.mentions
        if any(m.start <= a.idx < m.end for a in anchors)
        or (m.label == "PERSON" and m.start < end and m.end > start)
    ]
    if inside:
        best = sorted(
            inside,
            key=lambda m: (
                ACTOR_LABELS.index(m.label) if m.label in ACTOR_LABELS else 9,
                -(m.end - m.start),
            ),
        )[0]
        canonical = best.canonical
        if best.end > end and not any(
            x.text == "," for x in head.doc[head.i : head.right_edge.i + 1] if x.idx < best.start
        ):
            end = best.end  # "US Ambassador to NATO Matthew Whitaker"
            text = doc_text(head.doc)[start:end]
        if best.label == "PERSON" and len(canonical.split()) == 1:
            canonical = _full_name(canonical, state, start) or canonical
        return Speaker(text, start, end, canonical, best.entity_id, best.label)
    # A noun phrase with no entity: "the ministry" -> an organisation named before, if any.
    words = [w for w in text.split() if w.lower() not in DETERMINERS]
    bare = " ".join(words) if words else text
    if head.pos_ in ("NOUN", "PROPN") and head.lower_ not in ("source", "sources", "official"):
        for m in reversed(state.mentions):
            if m.start >= start:
                continue
            if m.label in ("ORG", "GPE", "NORP") and head.lower_ in m.canonical.lower().split():
                return Speaker(text, start, end, m.canonical, m.entity_id, m.label)
    label = "PERSON" if head.ent_type_ == "PERSON" else "NOUN"
    return Speaker(text, start, end, bare, None, label)


def _full_name(surname: str, state: MentionState, before: int) -> str | None:
    key = _strip_possessive(surname).lower()
    for m in reversed(state.mentions):
        if m.start >= before or m.label != "PERSON":
            continue
        words = m.canonical.split()
        if len(words) >= 2 and words[-1].lower() == key:
            return m.canonical
    return None


def _last_compatible(
    state: MentionState, labels: Sequence[str], before: int
) -> tuple[str, str | None] | None:
    """The most recent speaker, or else entity mention, of a compatible kind before ``before``."""
    best: tuple[int, str, str | None] | None = None
    for off, canonical, eid, label in reversed(state.speakers):
        if off < before and label in labels:
            best = (off, canonical, eid)
            break
    for m in reversed(state.mentions):
        if m.start < before and m.label in labels:
            if best is None or m.start > best[0]:
                # A later mention wins only when it is a person for "he/she" (the last subject).
                best = (m.start, m.canonical, m.entity_id)
            break
    if best is None:
        return None
    return best[1], best[2]
