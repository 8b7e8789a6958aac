"""How each article frames the story: names it uses, voices it quotes, wording it chooses, and
the actors it leaves out that the others include."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from ..lexicon import NAME_LABELS
from ..model import Article, LoadedWord, Quote, Story, Voice
from .claims import entity_actor

_NAME_LABELS = NAME_LABELS
_PRONOUNS = frozenset("he she it they him her them his hers its their we us our i me".split())


def _form_key(form: str) -> str:
    """Forms that differ only by dots, case or a possessive are one naming choice ("U.S." / "US")."""
    return re.sub(r"[.\s]|['’]s$", "", form).lower()


def same_naming(x: str, y: str) -> bool:
    """Whether two forms are one naming choice: "U.S."/"US"/"United States", "Trump"/"Donald Trump".

    Spelling choices ("Kiev"/"Kyiv") and different names ("Moscow"/"the Kremlin") are not.
    """
    kx, ky = _form_key(x), _form_key(y)
    if kx == ky:
        return True
    tx = {w.lower() for w in re.findall(r"[\w]+", x)}
    ty = {w.lower() for w in re.findall(r"[\w]+", y)}
    if tx and ty and (tx <= ty or ty <= tx):
        return True
    initials = ["".join(w[0] for w in re.findall(r"[A-Za-z]+", f)).lower() for f in (x, y)]
    return kx == initials[1] or ky == initials[0]


def naming_counts(articles: Sequence[Article]) -> dict[str, dict[str, dict[str, int]]]:
    """canonical -> article id -> {form: count}, for entities named differently across articles."""
    forms: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for a in articles:
        for e in a.entities:
            if e.label not in _NAME_LABELS or e.text.lower() in _PRONOUNS or not e.canonical:
                continue
            forms[e.canonical][a.id][e.text] += 1
    out: dict[str, dict[str, dict[str, int]]] = {}
    for canon, per in forms.items():
        # Which naming each article leans on: its most used form.
        main = {aid: c.most_common(1)[0][0] for aid, c in per.items()}
        forms_used = list(dict.fromkeys(main.values()))
        if len(per) > 1 and any(
            not same_naming(x, y) for k, x in enumerate(forms_used) for y in forms_used[k + 1 :]
        ):
            out[canon] = {aid: dict(c.most_common()) for aid, c in per.items()}
    return out


def naming(articles: Sequence[Article]) -> dict[str, dict[str, str]]:
    """canonical -> {article id: the form it uses most}, only where the articles differ.

    The counts behind each form are in :func:`naming_counts` (Story.naming holds strings).
    """
    return {
        canon: {aid: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for aid, c in per.items()}
        for canon, per in naming_counts(articles).items()
    }


def _affiliation(article: Article, speaker: str) -> tuple[str | None, str | None]:
    """The speaker's role and the actor it stands for, from its first mentions that say."""
    role = affiliation = None
    for e in article.entities:
        if e.canonical == speaker:
            role = role or e.role
            if e.actor and e.actor != speaker:
                affiliation = affiliation or e.actor
    return role, affiliation


def _speech(article: Article) -> list[Quote]:
    """The article's quotes that report words said or written (``Quote.mode == "speech"``), in
    text order: beliefs and stances it attributes ("X criticised the plan", "the poll shows")
    give no one a voice."""
    return sorted((q for q in article.quotes if q.mode == "speech"), key=lambda q: q.start)


def voices(article: Article) -> list[Voice]:
    """Who the article quotes, how often and with how many words, and who speaks last (speech
    only: see :func:`_speech`)."""
    quotes = _speech(article)
    if not quotes:
        return []
    last = quotes[-1].speaker or "(unattributed)"
    per: dict[str, Voice] = {}
    total = 0
    for q in quotes:
        name = q.speaker or "(unattributed)"
        words = len(q.text.split())
        total += words
        v = per.get(name)
        if v is None:
            v = per[name] = Voice(name)
        v.quotes += 1
        v.words += words
        v.direct += q.kind == "direct"
    for name, v in per.items():
        v.role, v.affiliation = _affiliation(article, name)
        v.share = round(v.words / total, 4) if total else 0.0
        v.last_word = name == last
    return sorted(per.values(), key=lambda v: (-v.words, v.speaker))


def last_word(article: Article) -> dict[str, Any] | None:
    """The last quote of the article (speech only): who gets to close it."""
    quotes = _speech(article)
    if not quotes:
        return None
    q = max(quotes, key=lambda q: q.start)
    return {"speaker": q.speaker, "text": q.text, "start": q.start, "end": q.end}


# Loaded wording: the closed lexicon of ``compare.wording`` (style guides' words to watch), in the
# outlet's own sentences, outside direct quotes (a quoted word is the speaker's choice). A
# capitalised word inside a sentence is a name ("Fierce Films"), not wording.
_NAME_CONTEXT = re.compile(r"(?:^|[.!?\"“”:;—–-]\s*|\n\s*)$")
# Quoted words the quotes stage did not take as a quote (a scare quote, a fragment, a quote it
# missed) are still someone else's words: anything between quotation marks inside a paragraph.
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


def loaded_wording(article: Article) -> list[LoadedWord]:
    """The writer's loaded or evaluative words, in text order,
    direct quotes excluded (see :mod:`rashomon.compare.wording` for the lexicon and its source)."""
    from .wording import patterns

    text = article.text
    quoted = [(q.start, q.end) for q in article.quotes if q.kind == "direct"]
    quoted += [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    found: list[tuple[int, int, str]] = []
    for rx, cat in patterns():
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if any(qs <= s < qe for qs, qe in quoted):
                continue
            if text[s].isupper() and s > 0 and not _NAME_CONTEXT.search(text[max(0, s - 3) : s]):
                continue
            found.append((s, e, cat))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[LoadedWord] = []
    last = -1
    for s, e, cat in found:
        if s < last:
            continue  # overlaps a longer mark already taken
        out.append(LoadedWord(text[s:e], s, e, cat))
        last = e
    return out


def omissions(
    story: Story, articles: Sequence[Article], min_mentions: int = 2
) -> dict[str, list[dict[str, Any]]]:
    """Article id -> the actors other articles mention (or quote) that this one never mentions.

    An actor counts when another article quotes it or mentions it at least ``min_mentions``
    times; entries give the actor, which articles include it, and how often, most mentioned first.
    """
    arts = [a for a in articles if a.id in set(story.articles)] or list(articles)
    mentions: dict[str, Counter[str]] = {}
    quoted: dict[str, set[str]] = {}
    for a in arts:
        c: Counter[str] = Counter()
        for e in a.entities:
            if e.label in ("PERSON", "ORG", "GPE", "NORP"):
                c[entity_actor(e)] += 1
                if e.canonical:
                    c[e.canonical] += 0  # the person is mentioned even when counted as an actor
        mentions[a.id] = c
        quoted[a.id] = {q.speaker for q in a.quotes if q.speaker}
    out: dict[str, list[dict[str, Any]]] = {}
    for a in arts:
        mine = set(mentions[a.id]) | quoted[a.id]
        missing: dict[str, dict[str, Any]] = {}
        for b in arts:
            if b.id == a.id:
                continue
            for actor, n in mentions[b.id].items():
                if actor in mine or not (n >= min_mentions or actor in quoted[b.id]):
                    continue
                m = missing.setdefault(
                    actor, {"actor": actor, "in": [], "mentions": 0, "quoted_by": []}
                )
                m["in"].append(b.id)
                m["mentions"] += n
                if actor in quoted[b.id]:
                    m["quoted_by"].append(b.id)
            for sp in quoted[b.id] - mine:
                m = missing.setdefault(sp, {"actor": sp, "in": [], "mentions": 0, "quoted_by": []})
                if b.id not in m["quoted_by"]:
                    m["quoted_by"].append(b.id)
                if b.id not in m["in"]:
                    m["in"].append(b.id)
        out[a.id] = sorted(
            missing.values(), key=lambda m: (-len(m["quoted_by"]), -m["mentions"], m["actor"])
        )
    return out
