"""The positions board (who stands where, according to whom) and the story's timeline."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..lexicon import ACTOR_LABELS
from ..model import Article, ArticleSpan, Claim, Event, Position, TimelineEntry
from ..stories import features as feat
from .claims import actor_in, claim_actor, claims_of, stance_of


def _date_of(article: Article, start: int, end: int) -> str | None:
    for d in article.dates:
        if start <= d.start < end and d.value and not d.in_caption:
            return d.value
    return None


#: Heads of noun phrases that name a group able to act or speak ("26 countries", "European
#: leaders", "Western partners"): such subjects belong on the board although no entity names
#: them. Other subjects that are not entities ("security guarantees", "his remarks", "the exact
#: form of deployment") are topics, not actors, and stay off it.
AGENT_HEADS = frozenset(
    """countries country states nations governments government leaders leader allies ally
    partners members officials ministers diplomats lawmakers legislators senators parties
    coalition alliance bloc administration authorities agencies forces troops military army
    militants rebels groups organisations organizations companies firms unions workers
    protesters residents citizens voters critics analysts experts observers activists
    campaigners opposition prosecutors judges investigators police president minister""".split()
)
_ACTOR_LABELS = frozenset(ACTOR_LABELS)
#: Greetings, thanks and sign-offs: said by an actor, but no stance on anything ("God bless you",
#: "Thank you very much", "Good morning, everyone"). Only short statements: a long one that opens
#: with thanks usually goes on to say something.
_BOILERPLATE = re.compile(
    r"^\W*(?:(?:and\s+)?(?:may\s+)?god\s+bless|thank(?:s|\s+you)|good\s+(?:morning|afternoon|evening|night)"
    r"|happy\s+(?:new\s+year|holidays|birthday|thanksgiving|easter)|merry\s+christmas|hello|welcome"
    r"|congratulations)\b",
    re.IGNORECASE,
)


def is_boilerplate(text: str) -> bool:
    """A greeting or sign-off of at most eight words: not a position."""
    return len(text.split()) <= 8 and bool(_BOILERPLATE.match(text))


def _quoted_other(article: Article, claim: Claim, actor: str) -> bool:
    """The claim is someone else's words about the actor: a quote of Trump saying "Clinton lied"
    is Trump's statement, not Clinton's position."""
    if claim.quote_index is None or not 0 <= claim.quote_index < len(article.quotes):
        return False
    speaker = article.quotes[claim.quote_index].speaker
    return bool(speaker) and speaker != actor


def _actors_of(article: Article) -> set[str]:
    out: set[str] = set()
    for e in article.entities:
        if e.label in _ACTOR_LABELS:
            out.update(x for x in (e.canonical, e.actor) if x)
    return out


def is_actor(name: str, entities: set[str]) -> bool:
    """An entity of the story, or a group named by its head noun (see ``AGENT_HEADS``)."""
    if name in entities:
        return True
    words = name.split(" of ", 1)[0].split()
    return bool(words) and words[-1].lower() in AGENT_HEADS


def positions(articles: Sequence[Article]) -> dict[str, dict[str, list[Position]]]:
    """actor -> article id -> the actor's positions in that article.

    From the claims whose (resolved) actor is the actor and the quotes whose speaker is; the stance
    comes from the predicate or the cue words (see ``claims.STANCE_PATTERNS``). Evidence offsets are
    the cue's when one was found, else the whole statement's. Quotes already covered by a claim
    (``Claim.quote_index``) are not repeated. Only actors are on the board: entities, and groups
    named by an agent noun (``is_actor``); a claim about a topic is not a position.
    """
    board: dict[str, dict[str, list[Position]]] = {}

    def add(actor: str, aid: str, entry: Position) -> None:
        board.setdefault(actor, {}).setdefault(aid, []).append(entry)

    entities: set[str] = set()
    for a in articles:
        entities |= _actors_of(a)
    for a in articles:
        claims: list[Claim] = claims_of(a)
        used_quotes: set[int] = set()
        for c in claims:
            actor = claim_actor(a, c)
            if not actor or not is_actor(actor, entities) or is_boilerplate(c.text):
                continue
            if _quoted_other(a, c, actor):
                continue  # the quote loop files it under its speaker
            if c.quote_index is not None:
                used_quotes.add(c.quote_index)
            st = stance_of(c.text, c.predicate)
            start, end = (
                (c.start + st.start, c.start + st.end) if st.start >= 0 else (c.start, c.end)
            )
            date = c.date or _date_of(a, c.start, c.end)
            add(actor, a.id, Position(st.stance, c.text, [c.id], start, end, date))
        spans = [(c.start, c.end, claim_actor(a, c)) for c in claims]
        for qi, q in enumerate(a.quotes):
            if qi in used_quotes or not q.speaker or is_boilerplate(q.text):
                continue
            if any(s <= q.start and q.end <= e and act == q.speaker for s, e, act in spans):
                continue  # the claim holding this quote already speaks for it
            st = stance_of(q.text)
            start, end = (
                (q.start + st.start, q.start + st.end) if st.start >= 0 else (q.start, q.end)
            )
            date = _date_of(a, q.start, q.end)
            add(q.speaker, a.id, Position(st.stance, q.text, [], start, end, date))
    for per in board.values():
        for entries in per.values():
            entries.sort(key=lambda e: e.start)
    return dict(sorted(board.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def timeline(articles: Sequence[Article], events: Sequence[Event] = ()) -> list[TimelineEntry]:
    """Dated happenings, sorted by date.

    One entry per normalised date mention outside captions, its text the sentence it is in; the
    entries of different articles merge when they share the date and the actor of that sentence.
    """
    event_of: dict[str, list[Event]] = {}
    for ev in events:
        for aid in ev.articles:
            event_of.setdefault(aid, []).append(ev)
    merged: dict[tuple[str, str], TimelineEntry] = {}
    for a in articles:
        sents = feat.sentences(a)
        for d in a.dates:
            if d.in_caption or not d.value:
                continue
            s, e = next(((s, e) for s, e in sents if s <= d.start < e), (d.start, d.end))
            actor = actor_in(a, s, e) or ""
            key = (d.value, actor)
            entry = merged.get(key)
            if entry is None:
                evs = event_of.get(a.id, [])
                hit = next((x for x in evs if x.date == d.value), evs[0] if evs else None)
                entry = merged[key] = TimelineEntry(
                    d.value, " ".join(a.text[s:e].split()), actor or None,
                    event=hit.id if hit else None,
                )  # fmt: skip
            if a.id not in entry.articles:
                entry.articles.append(a.id)
                entry.evidence.append(ArticleSpan(a.id, d.start, d.end))
    return sorted(merged.values(), key=lambda x: (x.date, x.actor or "", x.text))
