"""What can be a speaker: the kinds of head noun a speaker phrase has (``data/speaker_nouns.json``,
which says how they were chosen), the article's datelines and the outlet's own names.

A quote's speaker is a person, an organisation, a government or a group. A common noun that
names none of these ("the facts", "a segment"), a document whose issuer the text leaves unnamed
("the report"), the place of a dateline ("WASHINGTON —") and the outlet's own name reached
through a pronoun are no speaker: the quote keeps ``speaker: null`` with one of
:data:`REASONS`, so a reader sees that the text names no one rather than a wrong someone.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ...lexicon import WIRE_AGENCIES

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Why a quote has no speaker (``Quote.speaker_reason``), by code.
REASONS: dict[str, str] = {
    "no_source": "the text names no source (a passive, or no subject)",
    "pronoun": "a pronoun with no person or group before it that it can refer to",
    "not_actor": "the source the parse found is a common noun that names no person or group",
    "document": "a document or count whose author the text does not name",
    "dateline": "the place of the article's dateline, not a speaker",
    "outlet": "the outlet's own name, which the text does not credit with these words",
    "continuation": "a continued quote with another speaker between it and the last one",
}


@cache
def _nouns() -> dict[str, frozenset[str]]:
    path = resources.files("rashomon.read").joinpath("data/speaker_nouns.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


# Agent-noun endings of words for people ("congressman", "columnist", "historian"), for the
# role nouns the list does not hold.
_PERSON_ENDINGS = ("man", "woman", "men", "women", "person", "people", "ist", "ists", "ian", "ians")


def noun_kind(tok: Token) -> str | None:
    """What a speaker's head noun stands for: "person" (a role: "the spokesman"), "group" (a
    body by its kind: "the ministry"), "document" ("the report"), "collective" (a number or
    share of something: "a flurry", "two"), or None for a noun that names no actor."""
    lex = _nouns()
    low = tok.lower_
    # The lemma, and the singular of a plural the tagger took for a name ("the tweets read").
    forms = {tok.lemma_.lower(), low, low[:-1] if low.endswith("s") else low}
    for kind in ("person", "group"):
        if forms & lex[kind]:
            return kind
    if low.endswith(_PERSON_ENDINGS) and len(low) > 5:
        return "person"
    for kind in ("collective", "document"):
        if forms & lex[kind]:
            return kind
    if tok.like_num:
        return "collective"
    return None


def name_gender(first: str) -> str | None:
    """ "f" or "m" for a first name the lists hold (``female_names``, ``male_names``), else None."""
    low = first.lower()
    if low in _nouns()["female_names"]:
        return "f"
    if low in _nouns()["male_names"]:
        return "m"
    return None


def is_plural(tok: Token) -> bool:
    """Whether a noun phrase head is plural ("officials", "people"), for "they" against "he"."""
    return tok.tag_ in ("NNS", "NNPS") or tok.lower_ in ("people", "police", "staff")


# A dateline: the place (and agency) that opens a paragraph before a dash: "WASHINGTON —",
# "AMHERST, N.H. —", "NEW YORK (Reuters) -", "Kyiv, 5 March (AP) –".
_DATELINE = re.compile(
    r"(?m)^[ \t]*((?:[A-Z][\w.'’-]*[ ,]*){1,5}(?:\([A-Za-z. ]{1,20}\))?)[ \t]*(?:—|–|--|-)(?=\s*\S)"
)
_AGENCY = re.compile(r"\((?:" + "|".join(WIRE_AGENCIES) + r")\b")


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the datelines that open paragraphs: an all-capitals place
    ("WASHINGTON —", "HOUSTON —"), or a place with a wire agency ("Kyiv (Reuters) —")."""
    out = []
    for m in _DATELINE.finditer(text):
        head = m.group(1)
        first = head.split(",")[0].strip()
        letters = [c for c in first if c.isalpha()]
        if (letters and all(c.isupper() for c in letters) and len(letters) >= 3) or _AGENCY.search(
            head
        ):
            out.append((m.start(1), m.start(1) + len(head.rstrip(" ,"))))
    return out


def outlet_names(outlet: str | None) -> frozenset[str]:
    """The lower-case names an outlet goes by in text: its name, its aliases and its name
    without "The" ("New York Times"), from the shipped outlet table when it knows the outlet."""
    if not outlet:
        return frozenset()
    from ...outlets import shipped_table

    names = {outlet}
    known = shipped_table().named(outlet)
    if known is not None:
        names |= {known.name, *known.aliases}
    out = set()
    for n in names:
        n = " ".join(n.lower().split())
        out.add(n)
        out.add(n.removeprefix("the "))
    return frozenset(x for x in out if x)
