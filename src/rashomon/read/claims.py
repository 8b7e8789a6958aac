"""Claims: the checkable statements of an article, with actor, source, time, negation, numbers.

Hand-written rules over the spaCy dependency parse, because no maintained library extracts
attributed claims offline for spaCy 3.8 (OpenIE systems such as Stanford OpenIE or AllenNLP's are
Java or unmaintained, and none knows who *asserts* a statement). The rules:

* A sentence gives one claim per clause: the main verb, plus every verb conjoined to it that has a
  subject of its own ("X did A and Y did B"), plus every "while/whereas/though" contrast clause.
* Reported speech "X said (that) Y" gives the claim Y with source X; a statement inside a quote
  found by the ``quotes`` stage takes the quote's speaker as source and its index.
* Questions, verbless lines (headings, page chrome) and photo captions give no claim.
* The actor is the entity of the clause's subject (its ``actor`` when the entities stage set one:
  "Washington" acting is the United States), a pronoun is the previous sentence's subject entity;
  the predicate is the lemma of the clause's verb; the date is a date mention inside the clause,
  else one elsewhere in the same sentence ("X said Monday that Y").
* Numbers come with their unit and how exact they are ("more than 30 countries").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import lexicon
from ..lexicon import ASSERTION_VERBS
from ..model import Article, Claim, DateMention
from ..registry import Context, stage
from .dates import is_caption, read_dates
from .language import READ_LANGUAGES
from .nlp import doc_for
from .numbers import NUMBER_RE, find_numbers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Verbs (lemmas) whose clausal complement is what someone asserts.
SPEECH_LEMMAS: frozenset[str] = ASSERTION_VERBS
# Verbs that negate what they govern: "declined to say", "avoided giving", "refused to".
NEGATING_LEMMAS = frozenset({"decline", "avoid", "refuse", "fail", "reject", "deny"})
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nobody", "nothing"})
CONTRAST_MARKS = frozenset({"while", "whereas", "though", "although"})
PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them"})
DEMONSTRATIVES = frozenset(
    {"that", "this", "these", "those", "there", "what", "which", "who", "you", "one", "someone"}
)
# Contractions the small model leaves unlemmatised with a curly apostrophe ("She’s").
_CONTRACTED = {"’s": "be", "'s": "be", "’re": "be", "'re": "be", "’m": "be", "'m": "be",
               "’ve": "have", "'ve": "have", "’ll": "will", "'ll": "will", "’d": "would",
               "'d": "would", "ai": "be", "wo": "will", "ca": "can"}  # fmt: skip
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
ACTOR_LABELS = frozenset(lexicon.ACTOR_LABELS)
CHROME = re.compile(
    r"^\s*(?:read more|read also|see also|watch|subscribe|sign up|share|advertisement|"
    r"related|click here|follow us)\b",
    re.I,
)

# --------------------------------------------------------------------------------------------
# Entities: the article's when the entities stage ran, spaCy's otherwise


@dataclass(slots=True)
class _Ent:
    start: int
    end: int
    name: str  # the actor name: Entity.actor or Entity.canonical
    label: str
    acts: bool = False  # the entities stage said this mention stands for an actor


def _entities(article: Article, doc: Doc) -> list[_Ent]:
    if article.entities:
        return [
            _Ent(e.start, e.end, e.actor or e.canonical, e.label, e.actor is not None)
            for e in article.entities
            if e.label in ACTOR_LABELS
        ]
    out = []
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        name = re.sub(r"^the\s+", "", ent.text, flags=re.I)
        name = re.sub(r"['’]s$", "", name)
        out.append(_Ent(ent.start_char, ent.end_char, name, ent.label_))
    return out


def _entity_of(phrase: Span, head: Token, ents: list[_Ent]) -> _Ent | None:
    """The entity a subject phrase names.

    The one over its head word ("US President Donald Trump"); else a modifier the entities stage
    marked as an actor ("Russian officials" -> Russia); never an entity further inside ("the
    possibility of sending U.S. troops" is not about the United States acting).
    """
    inside = [e for e in ents if e.start < phrase.end_char and phrase.start_char < e.end]
    # "US Ambassador to NATO Matthew Whitaker": the parse may make the role the head and the
    # name an apposition or compound of it
    over_head = [e for e in inside if e.start <= head.idx < e.end]
    if not over_head:
        keys = [c.idx for c in head.children if c.dep_ in ("appos", "compound")]
        over_head = [
            e for e in inside if e.label == "PERSON" and any(e.start <= k < e.end for k in keys)
        ]
    if over_head:
        return max(over_head, key=lambda e: (e.end - e.start, -e.start))
    mods = {c.idx for c in head.children if c.dep_ in ("amod", "compound", "poss", "nmod")}
    acting = [e for e in inside if e.acts and any(e.start <= i < e.end for i in mods)]
    return acting[0] if acting else None


# --------------------------------------------------------------------------------------------
# Clauses


def _subject(verb: Token, seg: Span | None = None) -> Token | None:
    """The verb's subject; an xcomp, conj or advcl without one takes its governor's.

    Never outside the segment: the small model sometimes joins a heading to the next line.
    """
    lo, hi = (seg.start, seg.end) if seg is not None else (0, len(verb.doc))
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") and lo <= c.i < hi:
            return c
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head is not verb and lo <= verb.head.i < hi:
        return _subject(verb.head, seg)
    return None


def _has_own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def _is_statement(ccomp: Token) -> bool:
    """A ccomp that asserts something (not "whether …", "if …" or a question word)."""
    first = min(ccomp.subtree, key=lambda t: t.i)
    return first.lower_ not in ("whether", "if", "why", "how", "what", "who", "when", "where")


def _clause_heads(root: Token) -> list[Token]:
    """The verbs that head a claim of their own in the sentence under ``root``."""
    heads = [root]
    for c in root.children:
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and _has_own_subject(c):
            heads.extend(_clause_heads(c))
        elif c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in CONTRAST_MARKS for m in c.children
        ):
            heads.extend(_clause_heads(c))
    return heads


def _clause_tokens(head: Token, others: list[Token], lo: int, hi: int) -> list[Token]:
    """The head's subtree less the subtrees of the other clause heads under it, trimmed."""
    cut: set[int] = set()
    for o in others:
        if o is not head and head.is_ancestor(o):
            cut.update(t.i for t in o.subtree)
            # the conjunction or the contrast word that joins that clause stays out too
            for c in o.children:
                if c.dep_ == "mark":
                    cut.add(c.i)
            for c in head.children:
                if c.dep_ == "cc" and c.i < o.i:
                    cut.add(c.i)
    toks = [t for t in head.subtree if t.i not in cut and lo <= t.i < hi]
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].dep_ in ("cc", "mark")):
        toks = toks[1:]
    while toks and (
        toks[-1].is_space
        or toks[-1].is_punct
        and toks[-1].text not in (")", '"', "”", "’")
        or toks[-1].dep_ == "cc"
    ):
        toks = toks[:-1]
    return toks


# --------------------------------------------------------------------------------------------
# The stage


@dataclass
class _State:
    last_actor: str | None = None  # antecedent of "they": the last subject that was an entity
    last_thing: str | None = None  # antecedent of "it": the last non-person entity subject
    last_person: str | None = None  # antecedent of "he"/"she"
    n: int = 0


def segments(doc: Doc) -> list[Span]:
    """spaCy's sentences, cut again at line breaks.

    The small model runs a heading, a caption and the first paragraph together when a scrape puts
    them on consecutive lines; a line break in news text always ends a sentence.
    """
    out: list[Span] = []
    for sent in doc.sents:
        a = sent.start
        for t in sent:
            if "\n" in t.text or "\n" in t.whitespace_:
                b = t.i if "\n" in t.text else t.i + 1
                if b > a:
                    out.append(doc[a:b])
                a = t.i + 1
        if a < sent.end:
            out.append(doc[a : sent.end])
    return out


def extract_claims(
    article: Article, doc: Doc, date_mentions: Sequence[DateMention] | None = None
) -> list[Claim]:
    """The claims of one article (see the module docstring for the rules)."""
    ents = _entities(article, doc)
    dates_ = list(date_mentions if date_mentions is not None else article.dates)
    date_spans = [(d.start, d.end) for d in dates_ if d.value is not None]
    outlet = article.outlet or "the outlet"
    state = _State()
    claims: list[Claim] = []
    seen: set[tuple[int, int]] = set()
    for seg in segments(doc):
        stext = seg.text.strip()
        if not _claimable(seg, stext):
            continue
        for head, toks, speaker in _clauses(seg, ents, state):
            a, b = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            if (a, b) in seen or b - a < 8 or not _checkable(head, seg):
                continue
            seen.add((a, b))
            qi = _quote_index(article, a, b)
            if qi is not None:
                q = article.quotes[qi]
                said_as = q.speaker_text
                if said_as and (said_as.lower() in PRONOUNS | DEMONSTRATIVES | FIRST_PERSON):
                    said_as = None  # "who", "he": not a name
                source = q.speaker or speaker or said_as or outlet
            else:
                source = speaker or outlet
            actor = _actor(head, ents, state, source, outlet, seg)
            state.n += 1
            claims.append(
                Claim(
                    id=f"{article.id}:c{state.n}",
                    text=article.text[a:b],
                    start=a,
                    end=b,
                    actor=actor,
                    predicate=_CONTRACTED.get(head.lower_, head.lemma_.lower()),
                    source=source,
                    date=_date_for(a, b, seg, dates_),
                    negated=_negated(head),
                    numbers=find_numbers(doc, a, b, date_spans, article.text),
                    quote_index=qi,
                )
            )
    return claims


def _claimable(seg: Span, stext: str) -> bool:
    if not stext or stext.rstrip("\"'”’)» ").endswith("?") or CHROME.match(stext):
        return False
    if is_caption(stext):
        return False
    # a heading or chrome line has no finite verb
    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in seg) and len(seg) >= 4


def _checkable(head: Token, seg: Span) -> bool:
    """Whether a clause can state something: a verb, not a command, not a bare "X said"."""
    if head.pos_ not in ("VERB", "AUX"):
        return False  # a nominal fragment the parser made a root of
    kids = {c.dep_ for c in head.children}
    subject = kids & {"nsubj", "nsubjpass", "csubj", "expl"}
    if head.tag_ == "VB" and not subject and not kids & {"aux", "auxpass"} and head.dep_ == "ROOT":
        return False  # imperative: "See photos from the debate below"
    if head.lemma_.lower() in SPEECH_LEMMAS and not kids & {"ccomp", "dobj", "prep", "xcomp"}:
        return False  # "Sessions said as he launched the process": the content is elsewhere
    return True


def _speech_content(verb: Token, seg: Span) -> list[Token]:
    """The statement clauses a speech verb introduces, inside the segment."""
    if verb.lemma_.lower() not in SPEECH_LEMMAS:
        return []
    return [
        c for c in verb.children
        if c.dep_ == "ccomp" and seg.start <= c.i < seg.end and _is_statement(c)
    ]  # fmt: skip


def _clauses(seg: Span, ents: list[_Ent], state: _State):  # noqa: ANN202
    """Yield (head verb, tokens, speaker or None) for each claim in a sentence.

    The sentence's own clauses come first: "X said (that) Y" yields Y with speaker X instead of
    the whole. Then reported speech embedded deeper ("Trump, who suggested Washington could
    provide air support, ...") yields its content as a claim of its own, with that speaker;
    the outer clause keeps its full text.
    """
    lo, hi = seg.start, seg.end
    root = seg.root
    roots: list[tuple[Token, str | None]] = []
    content = _speech_content(root, seg)
    if content:
        speaker = _speaker(root, ents, state, seg)
        roots.extend((c, speaker) for c in content)
    else:
        roots.append((root, None))
    done = {r.i for r, _ in roots}
    while roots:
        croot, speaker = roots.pop(0)
        heads = _clause_heads(croot)
        for h in heads:
            inner = (
                [c for c in _speech_content(h, seg) if c.i not in done] if h is not croot else []
            )
            if inner:  # "…, though they note that Y": the claim is Y, said by them
                said_by = _speaker(h, ents, state, seg)
                done.update(c.i for c in inner)
                roots.extend((c, said_by) for c in inner)
                continue
            toks = _clause_tokens(h, heads, lo, hi)
            if toks:
                yield h, toks, speaker
    # Embedded speech, after the main clauses so that "they" in "…, though they note that …"
    # resolves to the subject of the clause just read.
    for t in seg:
        if t.i in done or t is root or t.pos_ not in ("VERB", "AUX"):
            continue
        for c in _speech_content(t, seg):
            speaker = _speaker(t, ents, state, seg)
            if speaker is None or c.i in done:
                continue
            done.add(c.i)
            heads = _clause_heads(c)
            for h in heads:
                toks = _clause_tokens(h, heads, lo, hi)
                if toks:
                    yield h, toks, speaker


def _quote_index(article: Article, a: int, b: int) -> int | None:
    """The quote that holds most of the span [a, b), if one holds at least half of it."""
    best, best_overlap = None, 0
    for i, q in enumerate(article.quotes):
        overlap = min(b, q.end) - max(a, q.start)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best if best is not None and best_overlap * 2 >= (b - a) else None


def _speaker(verb: Token, ents: list[_Ent], state: _State, seg: Span) -> str | None:
    subj = _subject(verb, seg)
    if subj is None:
        return None
    if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        subj = verb.head  # "Trump, who suggested …"
    return _resolve(subj, ents, state, seg)


def _resolve(subj: Token, ents: list[_Ent], state: _State, seg: Span) -> str | None:
    """The name a subject stands for: its entity, a pronoun's antecedent, or its own words."""
    low = subj.lower_
    if low in ("he", "she", "him", "her"):
        return state.last_person
    if low == "it":
        head = subj.head
        if (
            subj.dep_ == "expl"
            or any(c.dep_ in ("acomp", "attr") for c in head.children)
            and any(c.dep_ in ("xcomp", "ccomp") for c in head.children)
        ):
            return None  # "it's hard to know …": a dummy subject
        return state.last_thing
    if low in PRONOUNS:
        return state.last_actor
    if low in DEMONSTRATIVES:
        return None
    lo = max(subj.left_edge.i, seg.start)
    hi = min(subj.right_edge.i + 1, seg.end)
    phrase = subj.doc[lo:hi]
    ent = _entity_of(phrase, subj, ents)
    if ent is not None:
        state.last_actor = ent.name
        if ent.label == "PERSON":
            state.last_person = ent.name
        else:
            state.last_thing = ent.name
        return ent.name
    return _plain_phrase(phrase)


def _actor(
    head: Token, ents: list[_Ent], state: _State, source: str | None, outlet: str, seg: Span
) -> str | None:
    subj = _subject(head, seg)
    if subj is None:
        return None
    if subj.lower_ in FIRST_PERSON:  # "we" in a quote stands for the speaker (and their side)
        return source if source != outlet else None
    return _resolve(subj, ents, state, seg)


def _plain_phrase(phrase: Span) -> str | None:
    """A subject with no entity ("The coalition", "26 countries"): its words, minus articles."""
    words = [t.text for t in phrase if not (t.dep_ == "det" and t.lower_ in ("the", "a", "an"))]
    text = " ".join(words).strip()
    if not text or len(words) > 8:
        return None
    return text[0].upper() + text[1:] if text[0].islower() else text


def _negated(head: Token) -> bool:
    if head.lemma_.lower() in NEGATING_LEMMAS:
        return True
    for c in head.children:
        if c.dep_ == "neg" or c.lower_ in ("never", "not", "n't"):
            return True
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
            d.dep_ == "det" and d.lower_ == "no" for d in c.children
        ):
            return True
        if c.dep_ in ("nsubj", "dobj") and c.lower_ in ("nobody", "nothing", "none"):
            return True
    # "could not be …": the negation sits on an auxiliary's head
    return head.dep_ == "xcomp" and head.head.lemma_.lower() in NEGATING_LEMMAS


def _date_for(a: int, b: int, sent: Span, dates_: Sequence[DateMention]) -> str | None:
    inside = [d for d in dates_ if a <= d.start and d.end <= b and d.value and not d.in_caption]
    if inside:
        return inside[0].value
    near = [
        d for d in dates_
        if sent.start_char <= d.start and d.end <= sent.end_char and d.value and not d.in_caption
    ]  # fmt: skip
    return near[0].value if near else None


@stage("claims", requires=("parse",), languages=READ_LANGUAGES, writes=("claims",))
def claims(article: Article, ctx: Context) -> None:
    """Checkable statements with actor, source, date, negation and numbers."""
    doc = doc_for(article, ctx)
    mentions: Sequence[DateMention] | None = None
    if not article.dates and "dates" not in article.stages:
        mentions = read_dates(article, doc)[0]  # the dates stage is off: read them, do not store
    article.claims = extract_claims(article, doc, mentions)


__all__ = ["claims", "extract_claims", "find_numbers", "segments", "NUMBER_RE"]
