"""What grouping knows about one article: its entities, its main date, its lead and its claims.

Every reader stage may be missing (an article read as raw text only), so each feature has a
fallback computed from ``Article.text`` alone; grouping then degrades instead of failing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..lexicon import MONTH_ABBREVIATIONS, MONTH_NAMES, VALUE_LABELS, WEEKDAY_NAMES
from ..model import Article, Claim

_NOT_NAMES = VALUE_LABELS

# Sentence splitting for articles the parse stage has not seen. Hand-written because loading
# spaCy just to cut sentences would make the fallback path as slow as the real one.
_SENT_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘'(]?[A-Z0-9])|\n+")
_ABBREV_END = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Gen|Gov|Sen|Rep|St|Lt|"
    r"Col|Sgt|Jr|Sr|Prof|No|vs|Inc|Corp|Co)|\b[A-Z](?:\.[A-Z])*)\.$"
)
# Capitalised word runs as stand-in entities when the entities stage has not run.
_CAPS_RE = re.compile(
    r"\b(?:[A-Z][\w'’.-]*[a-z][\w'’-]*|[A-Z]{2,}|U\.S\.|U\.K\.)(?:\s+(?:of\s+)?(?:[A-Z][\w'’-]+|[A-Z]{2,}))*"
)
_STOP_CAPS = frozenset(
    "The A An In On At But And Or If When While After Before He She It They We I You His Her Its "
    "Their Our This That These Those There Here Mr Mrs Ms Dr Read More Show However Meanwhile "
    "Also As For From With Under Since According President Secretary General Ambassador Minister "
    "Prime Chancellor Senator Governor".split()
) | frozenset(WEEKDAY_NAMES + MONTH_NAMES + MONTH_ABBREVIATIONS)


def sentences(article: Article) -> list[tuple[int, int]]:
    """Sentence spans: the parse stage's, else a regex split of the text."""
    if article.sentences:
        return [(s.start, s.end) for s in article.sentences]
    out: list[tuple[int, int]] = []
    pos = 0
    text = article.text
    for m in _SENT_RE.finditer(text):
        if text[pos : m.start()].strip():
            out.append(_strip_span(text, pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append(_strip_span(text, pos, len(text)))
    # Undo cuts after abbreviations ("Aug. 18", "Mr. Steele", "U.S. troops").
    merged: list[tuple[int, int]] = []
    for span in out:
        if (
            merged
            and _ABBREV_END.search(text[merged[-1][0] : merged[-1][1]])
            and "\n" not in text[merged[-1][1] : span[0]]
        ):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def entity_keys(article: Article) -> Counter[str]:
    """Canonical entity ids with their mention counts (stand-ins from capitalised words if none)."""
    c: Counter[str] = Counter()
    if article.entities:
        for e in article.entities:
            if e.label not in _NOT_NAMES:
                key = e.entity_id or e.canonical or e.text
                c[key.lower()] += 1
        return c
    # Single capitalised words: "US President Donald Trump" and "Trump" then share "trump";
    # the IDF weighting discounts the common ones.
    for m in _CAPS_RE.finditer(article.text):
        for w in m.group(0).split():
            w = re.sub(r"['’]s$", "", w).replace(".", "")
            if len(w) > 1 and w not in _STOP_CAPS and w.lower() != "of":
                c[w.lower()] += 1
    return c


def parse_iso(value: str | None) -> date | None:
    """The calendar day of an ISO value ("2025-08-18", "2025-08-18T10:00"); None for coarser ones."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def main_date(article: Article) -> tuple[date | None, str]:
    """The day the article's main event happened, and where it came from.

    Day-precise mentions outside captions are scored: how often the day is mentioned, +1 when it
    is in the first three sentences (the lead states the news), +0.5 per mention in a sentence that
    carries a quote (the interview the article reports). Without mentions, the publication date.
    """
    sents = sentences(article)
    lead_end = sents[min(2, len(sents) - 1)][1] if sents else 0
    quote_spans = [(q.start, q.end) for q in article.quotes]
    if q_cues := [(q.cue_start, q.cue_end) for q in article.quotes if q.cue_start is not None]:
        quote_spans += q_cues  # type: ignore[arg-type]
    scores: Counter[date] = Counter()
    for d in article.dates:
        if d.in_caption:
            continue
        day = parse_iso(d.value)
        if day is None or d.granularity not in ("day", "time"):
            continue
        scores[day] += 1.0
        if d.start < lead_end:
            scores[day] += 1.0
        sent = next(((s, e) for s, e in sents if s <= d.start < e), (d.start, d.end))
        if any(sent[0] <= qs < sent[1] for qs, _ in quote_spans):
            scores[day] += 0.5
    if scores:
        best = max(scores.items(), key=lambda kv: (kv[1], kv[0]))[0]
        return best, "mentions"
    pub = parse_iso(article.published)
    return pub, "published" if pub else "none"


def pub_or_main_date(article: Article) -> date | None:
    """For story-level proximity: when it was published, else its main event's day."""
    return parse_iso(article.published) or main_date(article)[0]


def lead(article: Article, n: int = 2) -> str:
    """Title plus the first ``n`` sentences: what the article says it is about."""
    sents = sentences(article)
    body = " ".join(article.text[s:e] for s, e in sents[:n])
    return f"{article.title or ''}. {body}".strip(". ") if article.title else body


@dataclass(slots=True)
class Features:
    article: Article
    entities: Counter[str] = field(default_factory=Counter)
    day: date | None = None
    lead: str = ""
    claim_texts: list[str] = field(default_factory=list)


def claim_texts(article: Article, limit: int = 12) -> list[str]:
    """The statements used for story similarity: claims, else the first sentences."""
    if article.claims:
        texts = [c.text for c in article.claims]
    else:
        texts = [article.text[s:e] for s, e in sentences(article)]
    texts = [t for t in texts if len(t.split()) >= 4]
    return texts[:limit] or [article.title or article.text[:300]]


def features(article: Article) -> Features:
    return Features(
        article=article,
        entities=entity_keys(article),
        day=pub_or_main_date(article),
        lead=lead(article),
        claim_texts=claim_texts(article),
    )


def main_actors(article: Article, k: int = 3) -> list[str]:
    """The most quoted speakers, else the most mentioned people and organisations."""
    c: Counter[str] = Counter(q.speaker for q in article.quotes if q.speaker)
    if not c:
        c = Counter(
            (e.actor or e.canonical)
            for e in article.entities
            if e.label in ("PERSON", "ORG") and (e.actor or e.canonical)
        )
    return [a for a, _ in c.most_common(k)]


def claim_for(article: Article, claim: Claim) -> str:
    return claim.text or article.text[claim.start : claim.end]
