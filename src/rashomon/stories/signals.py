"""The signals grouping reads off an article, each computed one way for every caller: its
sentences and lead, its entity keys, its calendar day, its word shingles and their MinHash.

The story index, the pairwise scores, the near-duplicate finder and the workers that embed ahead
of grouping all call these, so a lead or a key computed in one place is the one the others look
up. Nothing here depends on the day it runs.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..lexicon import MONTH_ABBREVIATIONS, MONTH_NAMES, VALUE_LABELS, WEEKDAY_NAMES
from ..model import Article, Entity

# --------------------------------------------------------------------------------------------
# Sentences and the lead

# Sentence splitting for articles the parse stage has not seen. Hand-written because loading
# spaCy just to cut sentences would make the fallback path as slow as the real one.
_SENT_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘'(]?[A-Z0-9])|\n+")
_ABBREV_END = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Gen|Gov|Sen|Rep|St|Lt|"
    r"Col|Sgt|Jr|Sr|Prof|No|vs|Inc|Corp|Co)|\b[A-Z](?:\.[A-Z])*)\.$"
)


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


def lead(article: Article, n: int = 2) -> str:
    """Title plus the first ``n`` sentences: what the article says it is about."""
    sents = sentences(article)
    body = " ".join(article.text[s:e] for s, e in sents[:n])
    return f"{article.title or ''}. {body}".strip(". ") if article.title else body


def lead_paragraphs(article: Any, n: int = 2) -> str:
    """The first ``n`` paragraphs of the text (the story index's lead, for its key terms)."""
    return " ".join([p for p in article.text.split("\n\n") if p.strip()][:n])


def lead_text(article: Any) -> str:
    """Title and lead: what the article says it is about (what the index's vector is made of)."""
    return f"{article.title or ''}. {lead_paragraphs(article)}"[:1000]


# --------------------------------------------------------------------------------------------
# Entities

# Capitalised word runs as stand-in entities when the entities stage has not run.
_CAPS_RE = re.compile(
    r"\b(?:[A-ZÀ-ÖØ-ÞА-ЯЁЄІЇҐ][\w'’.-]*[a-zß-öø-ÿа-яёєіїґ][\w'’-]*|[A-Z]{2,}|U\.S\.|U\.K\.)"
    r"(?:\s+(?:of\s+)?(?:[A-ZÀ-ÖØ-ÞА-ЯЁЄІЇҐ][\w'’-]+|[A-Z]{2,}))*"
)
_STOP_CAPS = frozenset(
    "The A An In On At But And Or If When While After Before He She It They We I You His Her Its "
    "Their Our This That These Those There Here Mr Mrs Ms Dr Read More Show However Meanwhile "
    "Also As For From With Under Since According President Secretary General Ambassador Minister "
    "Prime Chancellor Senator Governor".split()
) | frozenset(WEEKDAY_NAMES + MONTH_NAMES + MONTH_ABBREVIATIONS)


def entity_key(e: Entity) -> str:
    """The key two mentions of one entity share: its id, else its canonical name, lower case."""
    return (e.entity_id or e.canonical or e.text).lower()


def entity_keys(article: Article, labels: Iterable[str] | None = None) -> Counter[str]:
    """Entity keys with their mention counts: of the names (not values) the entities stage
    found, or of ``labels`` only; stand-ins from capitalised words if the stage has not run."""
    c: Counter[str] = Counter()
    if article.entities:
        keep = frozenset(labels) if labels is not None else None
        for e in article.entities:
            if (e.label in keep) if keep is not None else (e.label not in VALUE_LABELS):
                c[entity_key(e)] += 1
        return c
    if labels is not None:
        return c
    # Single capitalised words: "US President Donald Trump" and "Trump" then share "trump";
    # the IDF weighting discounts the common ones.
    for m in _CAPS_RE.finditer(article.text):
        for w in m.group(0).split():
            w = re.sub(r"['’]s$", "", w).replace(".", "")
            if len(w) > 1 and w not in _STOP_CAPS and w.lower() != "of":
                c[w.lower()] += 1
    return c


# --------------------------------------------------------------------------------------------
# Days


def iso_day(value: str | None) -> dt.date | None:
    """The calendar day of an ISO value ("2025-08-18", "2025-08-18T10:00"); None for coarser
    or unreadable ones. Never today's date: what an article is dated must not depend on when
    it was read."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# Shingles and MinHash (datasketch)

_WORD = re.compile(r"\w+")
SCHEME = MinHash(num_perm=1).scheme  # this datasketch's default hashing scheme
SEED = 7  # the permutations' seed: sketches kept in a story index were made with it


def shingles(text: str, k: int = 5) -> set[str]:
    """The text's ``k``-word shingles, lower case; a shorter text is one shingle, none is none."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def crc_set(items: Iterable[str]) -> np.ndarray:
    """Items as sorted unique 32-bit checksums: a tenth of the memory of the strings, stable
    across processes (unlike ``hash``), and exact Jaccard up to rare collisions."""
    return np.unique(np.fromiter((zlib.crc32(s.encode("utf-8")) for s in items), dtype=np.uint32))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two ``crc_set``s."""
    inter = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - inter
    return inter / union if union else 0.0


@cache
def permutations(num_perm: int) -> Any:
    """The permutations for ``num_perm``, made once: datasketch draws them anew for every
    MinHash, which cost more than hashing an article's shingles (a third of an insertion)."""
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations


def _identity(x: int) -> int:
    return x


def minhash(items: Iterable[str], num_perm: int) -> MinHash:
    """A MinHash of ``items`` (strings)."""
    m = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, permutations=permutations(num_perm))
    m.update_batch([s.encode("utf-8") for s in items])
    return m


def minhash_hashed(hashes: np.ndarray, num_perm: int) -> MinHash:
    """A MinHash of items already hashed to 32 bits (a ``crc_set``): no second hashing."""
    m = MinHash(
        num_perm=num_perm,
        seed=SEED,
        scheme=SCHEME,
        permutations=permutations(num_perm),
        hashfunc=_identity,
    )
    m.update_batch(hashes.tolist())
    return m


def minhash_of(hashvalues: np.ndarray, num_perm: int) -> MinHash:
    """The MinHash whose values were kept (``MinHash.hashvalues``)."""
    return MinHash(
        num_perm=num_perm,
        seed=SEED,
        hashvalues=hashvalues,
        scheme=SCHEME,
        permutations=permutations(num_perm),
    )


@cache
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's (bands, rows) for this threshold, worked out once: ``MinHashLSH`` integrates
    its false positive and negative rates numerically on every construction (~27 ms, most of
    building a small story's index)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def new_lsh(threshold: float, num_perm: int) -> MinHashLSH:
    """An empty ``MinHashLSH``, the same as ``MinHashLSH(threshold, num_perm)``, made cheaply."""
    return MinHashLSH(threshold=threshold, num_perm=num_perm, params=_bands(threshold, num_perm))
