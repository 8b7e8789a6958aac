"""The mentions a speaker can resolve to: the article's entities, else spaCy's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...model import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    label: str
    canonical: str
    entity_id: str | None


@dataclass
class MentionState:
    """What speaker resolution remembers while walking the article in order: the mentions, the
    speakers resolved so far, and what is never a speaker by itself (the datelines' spans, the
    outlet's own names)."""

    mentions: list[_Mention]
    speakers: list[tuple[int, str, str | None, str]] = field(default_factory=list)
    datelines: list[tuple[int, int]] = field(default_factory=list)
    outlet: frozenset[str] = frozenset()
    genders: dict[str, str | None] = field(default_factory=dict)  # canonical -> "f", "m", None
    # Direct quotes with a resolved speaker: (start, end, canonical, entity id, label) of the
    # marks, so that an "I" or a "we" inside one is that speaker's.
    voices: list[tuple[int, int, str, str | None, str]] = field(default_factory=list)

    @classmethod
    def of(cls, article: Article, doc: Doc) -> MentionState:
        """The state at the start of ``article`` (whose text ``doc`` parses)."""
        from .actors import dateline_spans, outlet_names

        return cls(
            mentions_of(article, doc),
            datelines=dateline_spans(article.text),
            outlet=outlet_names(article.outlet),
        )

    def in_dateline(self, start: int, end: int) -> bool:
        """Whether the span lies inside one of the article's datelines."""
        return any(a <= start and end <= b + 1 for a, b in self.datelines)


def mentions_of(article: Article, doc: Doc) -> list[_Mention]:
    if article.entities:
        ms = [
            _Mention(e.start, e.end, e.label, e.canonical or e.text, e.entity_id)
            for e in article.entities
        ]
    else:
        ms = [_Mention(e.start_char, e.end_char, e.label_, e.text, None) for e in doc.ents]
        # Without the entities stage, group bare surnames with the full name said before.
        full: dict[str, str] = {}
        for mm in ms:
            if mm.label != "PERSON":
                continue
            words = _strip_possessive(mm.canonical).split()
            if len(words) >= 2:
                mm.canonical = " ".join(words)
                full[words[-1].lower()] = mm.canonical
            elif words and words[0].lower() in full:
                mm.canonical = full[words[0].lower()]
    ms.sort(key=lambda m: m.start)
    return ms


def _strip_possessive(s: str) -> str:
    return re.sub(r"['’]s?$", "", s.strip())
