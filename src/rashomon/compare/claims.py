"""The claims a comparison works on, with the cues it compares: numbers, negation, stance.

The claims stage fills ``Article.claims``; when it has not run, each sentence becomes a claim whose
source is the outlet, and numbers, negation and actor are read from the sentence here, so the
comparison still works on raw text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import Article, Claim, Entity
from ..read.numbers import numbers_in
from ..stories import features as feat

_NEG_RE = re.compile(
    r"\b(?:not|no|never|n't|none|neither|nor|without|denied|denies|deny|refused|refuses|"
    r"rejected|rejects)\b|n't\b",
    re.IGNORECASE,
)


def negated(text: str) -> bool:
    """Whether the statement is negated (a cue word; the claims stage may know better)."""
    return bool(_NEG_RE.search(text))


# Verb lexicon: how a predicate or phrase maps to a stance. Ordered: the first pattern found
# earliest in the text wins, multi-word phrases before the single verbs they contain.
STANCE_PATTERNS: list[tuple[str, str]] = [
    (r"declin\w* to (?:say|comment|answer|confirm)|avoid\w*(?: giving)? (?:a )?(?:clear )?answer|"
     r"avoid\w*|refus\w* to (?:say|comment)|would not say|did not say|declin\w*", "declines"),
    (r"warn\w* against|oppos\w*|condemn\w*|reject\w*|object\w* to|denounc\w*|against", "opposes"),
    (r"pledg\w*|commit(?:s|ted|ting)?|promis(?:e|es|ed|ing)|vow\w*", "pledges"),
    (r"(?:could|would|will|can) provide|offer\w*|provid\w*|propos\w*", "offers"),
    (r"signal\w* support|back\w*|support\w*|endors\w*|welcom\w*|approv\w*", "supports"),
    (r"want\w*|urg\w*|call\w* (?:for|on)|press\w* for|demand\w*|ask\w* for|should", "wants"),
]  # fmt: skip
_STANCE_RES = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), s) for p, s in STANCE_PATTERNS]
_LEMMA_STANCE = {
    "pledge": "pledges", "commit": "pledges", "promise": "pledges", "vow": "pledges",
    "offer": "offers", "provide": "offers", "propose": "offers",
    "oppose": "opposes", "condemn": "opposes", "reject": "opposes", "denounce": "opposes",
    "back": "supports", "support": "supports", "endorse": "supports", "welcome": "supports",
    "avoid": "declines", "decline": "declines", "refuse": "declines",
    "want": "wants", "urge": "wants", "demand": "wants", "press": "wants",
}  # fmt: skip


@dataclass(slots=True)
class Stance:
    stance: str
    start: int  # offsets of the cue inside the text it was found in (-1 when from the predicate)
    end: int


def stance_of(text: str, predicate: str | None = None) -> Stance:
    """The stance a statement reports: the predicate's, else the earliest lexicon cue, else says."""
    if predicate and predicate.lower() in _LEMMA_STANCE:
        stance = _LEMMA_STANCE[predicate.lower()]
        for rx, st in _STANCE_RES:  # point the evidence at the cue when the text has it
            m = rx.search(text) if st == stance else None
            if m:
                return Stance(stance, m.start(), m.end())
        return Stance(stance, -1, -1)
    best: tuple[int, int, str] | None = None
    for rx, stance in _STANCE_RES:
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end(), stance)
    if best is None:
        return Stance("says", -1, -1)
    return Stance(best[2], best[0], best[1])


def entity_actor(e: Entity) -> str:
    return e.actor or e.canonical or e.text


def actor_in(article: Article, start: int, end: int) -> str | None:
    """Who a span is about: its first named person, else its first organisation or country
    (the actor a mention stands for when it has one: "Moscow" -> "Russia")."""
    inside = [e for e in article.entities if start <= e.start < end]
    for labels in (("PERSON",), ("ORG", "GPE", "NORP")):
        for e in inside:
            if e.label in labels:
                return entity_actor(e)
    return None


def claims_of(article: Article) -> list[Claim]:
    """The article's claims, or one claim per sentence when the claims stage has not run."""
    if article.claims:
        for c in article.claims:
            if not c.numbers:
                c.numbers = numbers_in(c.text)
        return article.claims
    out = []
    for n, (s, e) in enumerate(feat.sentences(article)):
        text = article.text[s:e]
        if len(text.split()) < 4:
            continue
        out.append(
            Claim(
                id=f"{article.id}:s{n}",
                text=text,
                start=s,
                end=e,
                actor=actor_in(article, s, e),
                source=article.outlet or article.id,
                negated=negated(text),
                numbers=numbers_in(text),
            )
        )
    return out


def claim_actor(article: Article, claim: Claim) -> str | None:
    """The claim's actor, resolved to the actor a mention stands for ("Trump" -> itself;
    "Washington" -> "United States") when an entity in the claim says so."""
    if claim.actor is None:
        return actor_in(article, claim.start, claim.end)
    for e in article.entities:
        if claim.start <= e.start < claim.end and claim.actor in (e.canonical, e.text):
            # "Trump" in a claim of an article that named "Donald Trump" is that entity.
            return e.actor or e.canonical
    # The parser can miss a mention it found elsewhere in the article: the same form there, or
    # the surname of a person the article names.
    same = Counter(
        e.actor or e.canonical
        for e in article.entities
        if e.text == claim.actor
        or (e.label == "PERSON" and " " in e.canonical and e.canonical.split()[-1] == claim.actor)
    )
    return same.most_common(1)[0][0] if same else claim.actor
