"""A trained attribution tagger (CRF) that finds what the hand-written rules of
:mod:`rashomon.read.quotes` miss, combined with them.

Why: the rules are precise but miss about four attributions in ten on PolNeAR (beliefs, stances,
unusual constructions); PolNeAR's annotations are univocal tag sequences (each token is source,
cue, content or none), which a linear-chain CRF learns directly. The CRF (python-crfsuite, a 2 MB
model, about 30 ms of CPU per news article with its features, a sixth of spaCy's parse) tags
each paragraph with BIO tags for SOURCE, CUE and CONTENT from features of the spaCy parse the
pipeline already has (words, lemmas, POS, dependencies, the lexicons of the rules, quote marks,
the nearest cue on the dependency path) *and the rules' own output* (stacking: the model learns
where the rules are right and what they leave out).

Decoded spans become :class:`~rashomon.model.Quote` objects: a content goes to the cue that
governs it in the parse (else the nearest cue in its paragraph), the cue to its source span
(else the rules' subject finder), and the source is resolved to a canonical entity by the rules'
own pronoun and surname resolution. :func:`combine` keeps every rule quote and adds the model's
attributions whose content and cue the rules did not find, its direct quotes always, its
reported ones when they have a speaker and the model is sure of them (see
``benchmarks/train_quotes.py`` for how each choice was measured on held-out train).

The model file (``data/attribution_crf.crfsuite``, rebuilt by ``benchmarks/train_quotes.py``)
is loaded once per process, on first use. Which tagger runs is chosen by name (:data:`MODELS`:
``crf``, the default; ``minilm``, the fine-tuned encoder of
:mod:`rashomon.read.attribution_encoder`, more accurate and slower; ``rules`` for the rules
alone) or by a model file's path: the reading option ``quotes_model``, else
``$RASHOMON_QUOTES_MODEL``. A missing file logs a warning and leaves the rules alone.
"""

from __future__ import annotations

import bisect
import functools
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Article, Quote
from . import quotes as Q

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

MODEL_FILE = "data/attribution_crf.crfsuite"
ROLES = ("SOURCE", "CUE", "CONTENT")
_MARKS = frozenset(Q.ALL_MARKS + "`")

# Lemma -> the lexicons of the rules it belongs to (the "known cue" features).
_CATEGORIES: dict[str, tuple[str, ...]] = {}


def _categories(lemma: str) -> tuple[str, ...]:
    """Which of the rules' lexicons hold ``lemma`` (cached: looked up for every token)."""
    hit = _CATEGORIES.get(lemma)
    if hit is None:
        cats = []
        if lemma in Q.CUE_LEMMAS:
            cats.append("weak" if lemma in Q.WEAK_CUES else "speech")
        for name, lex in (
            ("belief", Q.BELIEF_CUES),
            ("object", Q.OBJECT_CUES),
            ("naming", Q.NAMING_CUES),
            ("infinitive", Q.INFINITIVE_CUES),
            ("prep", Q.PREP_CUES),
            ("noun", Q.NOUN_CLAUSE_CUES),
            ("nounprep", Q.NOUN_PREP_CUES),
            ("passive", Q.PASSIVE_CUES),
            ("adj", Q.CLAUSE_ADJECTIVES),
            ("adjprep", Q.ADJ_PREP_CUES),
            ("sound", Q.SOUND_VERBS),
            ("medium", Q.MEDIUM_NOUNS),
            ("source", Q.SOURCE_NOUNS),
        ):
            if lemma in lex:
                cats.append(name)
        hit = tuple(cats)
        if len(_CATEGORIES) < 200_000:
            _CATEGORIES[lemma] = hit
    return hit


def _shape(w: str) -> str:
    out: list[str] = []
    for ch in w[:6]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Sequences and features


@dataclass(slots=True)
class Sequence_:
    """One tagged unit (a paragraph): its token indices and their feature lists."""

    tokens: list[int]
    features: list[list[str]]


# Hash -> string (and -> lowercased string, for lemmas) of the token attributes the features
# read: one dict look-up per token instead of a spaCy Token and its string properties.
_STRS: dict[int, str] = {}
_LOWERED: dict[int, str] = {}


def _strings(ids: list[int], strings: Any, lowered: bool = False) -> list[str]:
    """The strings of spaCy hashes (``strings``: the vocab's StringStore; 0 is ""), cached;
    ``lowered`` lowercases them (lemmas)."""
    cache = _LOWERED if lowered else _STRS
    out = []
    for h in ids:
        s = cache.get(h)
        if s is None:
            s = strings[h] if h else ""
            if lowered:
                s = s.lower()
            if len(cache) < 500_000:
                cache[h] = s
        out.append(s)
    return out


@dataclass(slots=True)
class _Table:
    """The token attributes the features read, taken from the Doc in one pass (creating a
    spaCy Token per look-up was most of the tagger's time)."""

    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    ent: list[str]
    idx: list[int]
    end: list[int]
    space: list[bool]
    sent0: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> _Table:
        from spacy.attrs import (
            DEP,
            ENT_TYPE,
            HEAD,
            IDX,
            IS_SPACE,
            LEMMA,
            LENGTH,
            LOWER,
            POS,
            SENT_START,
            TAG,
        )

        n = len(doc)
        if n == 0:
            return cls([], [], [], [], [], [], [], [], [], [], [])
        cols = doc.to_array(
            [LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, IDX, LENGTH, IS_SPACE, SENT_START]
        ).T.tolist()
        rel = doc.to_array([HEAD]).astype("int64").ravel().tolist()
        strings = doc.vocab.strings
        lower = _strings(cols[0], strings)
        fixes = Q.LEMMA_FIXES
        lemma = [
            fixes.get(w) or m for w, m in zip(lower, _strings(cols[1], strings, True), strict=True)
        ]
        idx = cols[6]
        return cls(
            lower,
            lemma,
            _strings(cols[2], strings),
            _strings(cols[3], strings),
            _strings(cols[4], strings),
            [k + r for k, r in enumerate(rel)],
            [e or "-" for e in _strings(cols[5], strings)],
            idx,
            [a + b for a, b in zip(idx, cols[7], strict=True)],
            [s == 1 for s in cols[8]],
            [s == 1 for s in cols[9]],
        )


def paragraphs(doc: Doc, table: _Table | None = None) -> list[list[int]]:
    """Token indices (whitespace tokens left out) grouped by text line: PolNeAR's contents stay
    inside paragraphs far more often than inside sentences."""
    tb = table or _Table.of(doc)
    text = Q.doc_text(doc)
    out: list[list[int]] = []
    cur: list[int] = []
    prev_end = 0
    for i, space in enumerate(tb.space):
        if space:
            continue
        if cur and "\n" in text[prev_end : tb.idx[i]]:
            out.append(cur)
            cur = []
        cur.append(i)
        prev_end = tb.end[i]
    if cur:
        out.append(cur)
    return out


def _token_spans(tb: _Table, a: int, b: int) -> range:
    """Indices of the tokens that overlap characters [a, b)."""
    lo = bisect.bisect_right(tb.end, a)
    hi = bisect.bisect_left(tb.idx, b)
    return range(lo, max(lo, hi))


def rule_tags(doc: Doc, rules: Sequence[Quote], table: _Table | None = None) -> list[str]:
    """Each token's role in the rules' output: C (content), V (cue), S (source), O; with a B-
    prefix on a span's first token. Direct contents are D."""
    tb = table or _Table.of(doc)
    tags = ["O"] * len(tb.idx)
    spans: list[tuple[int | None, int | None, str]] = []
    for q in rules:
        spans.append((q.start, q.end, "D" if q.kind == "direct" else "C"))
        spans.append((q.cue_start, q.cue_end, "V"))
        spans.append((q.speaker_start, q.speaker_end, "S"))
    for a, b, tag in spans:
        if a is None or b is None or b <= a:
            continue
        for k, i in enumerate(_token_spans(tb, a, b)):
            tags[i] = ("B-" if k == 0 else "") + tag
    return tags


_DEPTH = (0, 1, 2, 3, 4, 4, 4, 7, 7, 7, 7, 7, 7, 7, 7, 7)


class _Memo(dict):
    """A bounded cache of strings built from a key (the feature strings of a word, a lemma, a
    tag...): built once, then a dict look-up instead of string formatting per token."""

    __slots__ = ("make",)

    def __init__(self, make: Any) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> Any:
        value = self.make(key)
        if len(self) < 200_000:
            self[key] = value
        return value


def _neighbours(key: tuple[str, str, str, bool, str, bool]) -> tuple[tuple[str, ...], ...]:
    """A token's features as the neighbour at offsets -2, -1, 1, 2 of another token."""
    low, pos, rtag, inside, dep, cue = key
    out = []
    for off in (-2, -1, 1, 2):
        f: tuple[str, ...] = (
            f"{off}w={low}", f"{off}p={pos}", f"{off}r={rtag}", f"{off}in={inside}"
        )
        if off in (-1, 1):
            f += (f"{off}d={dep}", f"{off}cue={cue}")
        out.append(f)
    return tuple(out)


_PAD = (("-2pad",), ("-1pad",), ("1pad",), ("2pad",))
_NEIGHBOURS = _Memo(_neighbours)
_WORD_F = _Memo(lambda w: ("w=" + w, "suf=" + w[-3:]))
_SHAPE_F = _Memo(lambda w: "sh=" + _shape(w))
_LEMMA_F = _Memo(lambda lem: ("l=" + lem, tuple("cat=" + c for c in _categories(lem))))
_HEAD_F = _Memo(lambda lem: ("hl=" + lem, tuple("hcat=" + c for c in _categories(lem))))
_PAIR_F = _Memo(lambda k: f"{k[0]}={k[1]}")
_TRIPLE_F = _Memo(lambda k: f"{k[0]}={k[1]}|{k[2]}")
_CUE_F = _Memo(
    lambda k: (
        f"ac.d={k[0]}",
        f"ac.cat={k[1]}",
        "ac.dep=" + k[2],
        f"ac.dep.d={k[2]}|{k[0]}",
        f"ac.rule={k[3]}",
        "ac.lemma=" + k[4],
    )
)
_RULE_CUE_F = _Memo(lambda k: ("rc.dep=" + k[0], f"rc.d={k[1]}"))


def _cue_path(
    i: int, tb: _Table, lexical: list[bool], is_cue: list[bool], rcue: list[bool]
) -> list[str]:
    """The nearest ancestor that is a lexicon cue: how far up, its lexicon, the dependency that
    leads into it (content is ccomp/dobj/xcomp of a cue, the source its nsubj); and the same
    for the nearest cue of the rules' output."""
    head, dep = tb.head, tb.dep
    out: list[str] = []
    child = i
    cur = head[i]
    lex = rule = False
    for depth in range(1, 15):
        if cur == child:
            break
        if not lex and lexical[cur]:
            cats = _categories(tb.lemma[cur])
            key = (_DEPTH[depth], cats[0] if cats else "rule", dep[child], is_cue[cur])
            out += _CUE_F[(*key, tb.lemma[cur])]
            lex = True
        if not rule and rcue[cur]:
            out += _RULE_CUE_F[(dep[child], _DEPTH[depth])]
            rule = True
        if lex and rule:
            break
        child, cur = cur, head[cur]
    if not lex:
        out.append("ac.none")
    if not rule:
        out.append("rc.none")
    return out


def _bucket(d: int) -> str:
    return "1" if d <= 1 else "2" if d <= 3 else "3" if d <= 8 else "4" if d <= 20 else "5"


_BUCKETS = tuple(_bucket(d) for d in range(100))
_LC = tuple("lc=" + b for b in _BUCKETS)
_RC = tuple("rc=" + b for b in _BUCKETS)


def features(doc: Doc, rules: Sequence[Quote]) -> list[Sequence_]:
    """The feature lists of every paragraph of ``doc``, given the rules' quotes for it."""
    text = Q.doc_text(doc)  # cached for the document being read (Doc.text rebuilds it)
    tb = _Table.of(doc)
    n_tok = len(tb.idx)
    chars = Q.quoted(text)[1]
    inside = [chars[k] for k in tb.idx]
    rtags = rule_tags(doc, rules, tb)
    lower, lemma, tpos, tag, dep, head, ent = (
        tb.lower,
        tb.lemma,
        tb.pos,
        tb.tag,
        tb.dep,
        tb.head,
        tb.ent,
    )
    is_cue = [False] * n_tok
    for i in range(n_tok):
        if not inside[i] and (tpos[i] in ("VERB", "AUX") or lower[i] == "according"):
            try:
                is_cue[i] = Q.is_cue(doc[i])
            except Exception:  # a parse the rules do not expect: no cue
                is_cue[i] = False
    rcue = [t.endswith("V") for t in rtags]
    cats = [_categories(lem) for lem in lemma]
    lexical = [bool(c) or k for c, k in zip(cats, is_cue, strict=True)]
    verbish = [is_cue[i] or bool(cats[i]) and tpos[i] == "VERB" for i in range(n_tok)]
    # Per sentence: whether it holds a cue of the rules, a lexicon cue.
    sid = [0] * n_tok
    k = -1
    for i in range(n_tok):
        k += tb.sent0[i] or k < 0
        sid[i] = k
    s_rule: set[int] = {sid[i] for i in range(n_tok) if rcue[i]}
    s_lex: set[int] = {sid[i] for i in range(n_tok) if verbish[i]}
    sflag = [f"s={s in s_rule}|{s in s_lex}" for s in range(k + 1)]
    sent0, idx, end = tb.sent0, tb.idx, tb.end
    marks = _MARKS
    word_f, shape_f, lemma_f, head_f = _WORD_F, _SHAPE_F, _LEMMA_F, _HEAD_F
    pair, triple, nbrs = _PAIR_F, _TRIPLE_F, _NEIGHBOURS
    out = []
    for para in paragraphs(doc, tb):
        # Linear distance to the nearest cue-like verb on each side, within the paragraph.
        n = len(para)
        left = [99] * n
        right = [99] * n
        last = -1
        for pos, i in enumerate(para):
            if last >= 0:
                left[pos] = pos - last
            if verbish[i]:
                last = pos
        last = -1
        for pos in range(n - 1, -1, -1):
            if last >= 0:
                right[pos] = last - pos
            if verbish[para[pos]]:
                last = pos
        nb = [nbrs[(lower[j], tpos[j], rtags[j], inside[j], dep[j], is_cue[j])] for j in para]
        feats = []
        for pos, i in enumerate(para):
            low, h = lower[i], head[i]
            p, d, r, ins = tpos[i], dep[i], rtags[i], inside[i]
            w_f, suf_f = word_f[low]
            l_f, cat_f = lemma_f[lemma[i]]
            hl_f, hcat_f = head_f[lemma[h]]
            f = [
                "b",
                w_f,
                l_f,
                shape_f[text[idx[i] : end[i]]],
                pair[("p", p)],
                pair[("t", tag[i])],
                pair[("d", d)],
                triple[("pd", p, d)],
                hl_f,
                pair[("hp", tpos[h])],
                pair[("hd", dep[h])],
                triple[("dhd", d, dep[h])],
                "hr=L" if h < i else "hr=R" if h > i else "hr=0",
                pair[("e", ent[i])],
                "in=True" if ins else "in=False",
                pair[("r", r)],
                "cue=True" if is_cue[i] else "cue=False",
                "hcue=True" if is_cue[h] else "hcue=False",
                suf_f,
            ]
            f += cat_f
            f += hcat_f
            if text[idx[i]] in marks:
                f.append("mark")
            if pos == 0:
                f.append("para0")
            if sent0[i]:
                f.append("sent0")
            if i + 1 < n_tok and sent0[i + 1]:
                f.append("sentN")
            if low == ":" or (i > 0 and lower[i - 1] == ":"):
                f.append("colon")
            f += _cue_path(i, tb, lexical, is_cue, rcue)
            f.append(_LC[min(left[pos], 99)])
            f.append(_RC[min(right[pos], 99)])
            f.append(triple[("r|in", r, ins)])
            f.append(sflag[sid[i]])
            f += nb[pos - 2][0] if pos >= 2 else _PAD[0]
            f += nb[pos - 1][1] if pos >= 1 else _PAD[1]
            f += nb[pos + 1][2] if pos + 1 < n else _PAD[2]
            f += nb[pos + 2][3] if pos + 2 < n else _PAD[3]
            feats.append(f)
        out.append(Sequence_(para, feats))
    return out


# --------------------------------------------------------------------------------------------
# Gold tags (training)


def gold_tags(doc: Doc, attributions: Sequence[Any]) -> list[str]:
    """BIO tags of every token from gold attributions (objects with ``sources``, ``cues`` and
    ``content`` lists of character ranges, as ``benchmarks/polnear.py`` parses them)."""
    tags = ["O"] * len(doc)
    owner = [-1] * len(doc)
    for k, g in enumerate(attributions):
        for role, ranges in (("SOURCE", g.sources), ("CUE", g.cues), ("CONTENT", g.content)):
            for a, b in ranges:
                sp = doc.char_span(a, b, alignment_mode="expand")
                if sp is None:
                    continue
                for t in sp:
                    if not t.is_space and tags[t.i] == "O":
                        tags[t.i] = role
                        owner[t.i] = k
    out = ["O"] * len(doc)
    prev = -1
    for t in doc:
        if t.is_space:
            continue
        i = t.i
        if tags[i] == "O":
            prev = -1
            continue
        key = owner[i] * 4 + ROLES.index(tags[i])
        out[i] = ("I-" if key == prev else "B-") + tags[i]
        prev = key
    return out


# --------------------------------------------------------------------------------------------
# Decoding


@dataclass(slots=True)
class _Span:
    role: str
    first: int  # token indices, inclusive
    last: int
    para: int
    confidence: float = 1.0  # mean marginal probability of its tokens' labels


def decode(
    seqs: Sequence[Sequence_],
    labels: Sequence[Sequence[str]],
    probs: Sequence[Sequence[float]] | None = None,
) -> list[_Span]:
    """Spans from BIO labels, lenient: an I- after another role starts a span too; each with
    the mean of its tokens' marginals (``probs``) as its confidence."""
    out: list[_Span] = []
    for p, (seq, labs) in enumerate(zip(seqs, labels, strict=True)):
        cur: _Span | None = None
        total = 0.0
        ps = probs[p] if probs is not None else [1.0] * len(labs)
        for i, lab, pr in zip(seq.tokens, labs, ps, strict=True):
            if lab == "O":
                cur = None
                continue
            bio, role = lab.split("-", 1)
            if cur is None or bio == "B" or cur.role != role:
                cur = _Span(role, i, i, p, pr)
                total = pr
                out.append(cur)
            else:
                cur.last = i
                total += pr
                cur.confidence = total / (cur.last - cur.first + 1)
    return out


_HEADS: dict[int, tuple[Doc, list[int]]] = {}


def _head_index(doc: Doc) -> list[int]:
    """Each token's head index, for the document being read (a Token per look-up was most of
    the decoding's time)."""
    hit = _HEADS.get(id(doc))
    if hit is None or hit[0] is not doc:
        from spacy.attrs import HEAD

        rel = doc.to_array([HEAD]).astype("int64").ravel().tolist()
        hit = (doc, [k + r for k, r in enumerate(rel)])
        _HEADS.clear()
        _HEADS[id(doc)] = hit
    return hit[1]


def _heads(doc: Doc, sp: _Span) -> list[Token]:
    """The tokens of a span whose head is outside it (or the root)."""
    head = _head_index(doc)
    return [
        doc[i]
        for i in range(sp.first, sp.last + 1)
        if not (sp.first <= head[i] <= sp.last) or head[i] == i
    ]


def _governs(doc: Doc, cue: _Span, content: _Span) -> bool:
    """Whether a token of ``cue`` is an ancestor (within 6 steps) of the content's head."""
    head = _head_index(doc)
    cur = next(
        (
            i
            for i in range(content.first, content.last + 1)
            if not (content.first <= head[i] <= content.last) or head[i] == i
        ),
        None,
    )
    if cur is None:
        return False
    for _ in range(6):
        if cue.first <= cur <= cue.last:
            return True
        if head[cur] == cur:
            return False
        cur = head[cur]
    return False


def _dist(a: _Span, b: _Span) -> int:
    if a.last < b.first:
        return b.first - a.last
    if b.last < a.first:
        return a.first - b.last
    return 0


def _cue_token(doc: Doc, cue: _Span) -> Token:
    hs = _heads(doc, cue) or [doc[cue.first]]
    return next((t for t in hs if t.pos_ in ("VERB", "AUX")), hs[0])


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """A content span without the quote marks, spaces and clause punctuation at its edges."""
    while a < b and (text[a].isspace() or text[a] in _MARKS or text[a] in ",;:—–-("):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in _MARKS or text[b - 1] in ",;:—–-"):
        b -= 1
    return a, b


def _offset(entry: tuple[int, str, str | None, str]) -> int:
    return entry[0]


def _state(article: Article, doc: Doc, rules: Sequence[Quote]) -> Q.MentionState:
    """The rules' resolution state, with the rules' resolved speakers in text order."""
    state = Q.MentionState.of(article, doc)
    for q in rules:
        if q.speaker and q.speaker_start is not None:
            label = next(
                (m.label for m in state.mentions if m.start <= q.speaker_start < m.end), "PERSON"
            )
            if label in Q.ACTOR_LABELS:
                bisect.insort(
                    state.speakers,
                    (q.speaker_start, q.speaker, q.speaker_id, label),
                    key=_offset,
                )
        if q.kind == "direct" and q.speaker:
            # The marks around the content (an "I" inside them is this speaker's).
            state.voices.append((q.start - 1, q.end + 1, q.speaker, q.speaker_id, "PERSON"))
    return state


# The rules' own exclusions, applied to the model's reported quotes (each measured on held-out
# train; see _plausible).
FILTERS: dict[str, bool] = {"words": True, "seem": True, "relative": True, "subject": True}


def _plausible(text: str, a: int, b: int, cue: Token) -> bool:
    """Whether a model attribution passes the rules' exclusions: a content of one word
    ("said nothing"), an appearance ("he appeared uneasy", a frame the rules leave out for its
    precision), a cue inside a relative clause ("Voters who support the measure were
    interviewed": on PolNeAR train such inner attributions are rarely annotated)."""
    direct = a > 0 and text[a - 1] in _MARKS
    if direct:
        return True
    if FILTERS["words"] and len(Q.WORD_RE.findall(text, a, b)) < 2:
        return False
    if FILTERS["seem"] and Q.lemma_of(cue) in ("seem", "appear"):
        return False
    if FILTERS["relative"] and cue.dep_ == "relcl":
        return False
    return True


def to_quotes(
    article: Article,
    doc: Doc,
    seqs: Sequence[Sequence_],
    labels: Sequence[Sequence[str]],
    probs: Sequence[Sequence[float]] | None = None,
    rules: Sequence[Quote] = (),
) -> list[tuple[Quote, float]]:
    """Quotes from tagged paragraphs, each with its content's confidence: each content linked
    to a cue and the cue to a source (pronouns resolved with the rules' speakers in mind)."""
    text = article.text
    spans = decode(seqs, labels, probs)
    cues = [s for s in spans if s.role == "CUE"]
    sources = [s for s in spans if s.role == "SOURCE"]
    contents = [s for s in spans if s.role == "CONTENT"]
    state = _state(article, doc, rules)
    inside_chars: list[bool] | None = None
    out: list[tuple[Quote, float]] = []
    resolved: dict[int, Q.Speaker | None] = {}
    last_cue_of_para: dict[int, _Span] = {}
    for c in contents:
        same = [v for v in cues if v.para == c.para]
        cue = next((v for v in same if _governs(doc, v, c)), None)
        if cue is None and same:
            cue = min(same, key=lambda v: _dist(v, c))
        if cue is None and text[doc[c.first].idx : doc[c.first].idx + 1] in _MARKS:
            cue = last_cue_of_para.get(c.para - 1)  # a quote continued from the paragraph before
        if cue is None:
            continue
        last_cue_of_para[c.para] = cue
        a, b = _trim(text, doc[c.first].idx, doc[c.last].idx + len(doc[c.last]))
        if b <= a or not Q.WORD_RE.search(text, a, b):
            continue
        cue_tok = _cue_token(doc, cue)
        if not _plausible(text, a, b, cue_tok):
            continue
        key = cue.first
        if key not in resolved:
            src = next(
                (
                    s
                    for s in sources
                    if s.para == cue.para and any(h.head.i == cue_tok.i for h in _heads(doc, s))
                ),
                None,
            )
            if src is None:
                near = [s for s in sources if s.para == cue.para and _dist(s, cue) <= 12]
                src = min(near, key=lambda s: _dist(s, cue)) if near else None
            head: Token | None
            if src is not None:
                hs = _heads(doc, src)
                head = hs[-1] if hs else doc[src.last]
            else:
                if inside_chars is None:
                    inside_chars = Q.quoted(text)[1]
                head = Q.free_subject(cue_tok, inside_chars) if cue_tok.pos_ == "VERB" else None
                if head is not None and head.dep_ != "nsubj" and FILTERS.get("subject", True):
                    head = None  # a passive's subject ("The bill was criticised") is no source
            speaker = Q.resolve_speaker(head, state) if head is not None else None
            if speaker is not None and speaker.canonical and speaker.label in Q.SPEAKER_LABELS:
                bisect.insort(
                    state.speakers,
                    (speaker.start, speaker.canonical, speaker.entity_id, speaker.label),
                    key=_offset,
                )
            resolved[key] = speaker
        sp = resolved[key]
        cs = doc[cue.first].idx
        ce = doc[cue.last].idx + len(doc[cue.last])
        direct = text[doc[c.first].idx] in _MARKS or (a > 0 and text[a - 1] in _MARKS)
        kind = "direct" if direct else "reported"
        q = Q.quote_at(text, a, b, kind, (cs, ce), sp, "speech" if direct else Q.mode_of(cue_tok))
        out.append((q, min(c.confidence, cue.confidence)))
    return out


# --------------------------------------------------------------------------------------------
# Combination with the rules


# Reported model quotes less sure than this (mean marginal probability of their content and
# cue labels) are left out: on held-out train, 0.8 and above keep the rules' precision (see
# benchmarks/train_quotes.py); 0.9 is what the PolNeAR dev gate slice's precision floor held at.
MIN_CONFIDENCE = 0.9


def _keep(q: Quote, confidence: float, floor: float) -> bool:
    """Whether a model quote is sure enough to add: on held-out train its direct quotes were
    right 31 times in 32, its reported ones without a speaker two times in three wrong."""
    if q.kind == "direct":
        return True
    return q.speaker is not None and confidence >= floor


def combine(
    rules: Sequence[Quote],
    model: Sequence[tuple[Quote, float]],
    min_confidence: float | None = None,
) -> list[Quote]:
    """The rule quotes, plus each model quote sure enough (:func:`_keep`) whose content no rule
    quote overlaps and whose cue is no rule quote's cue (the rules already report what that
    cue says; merging a second content into their attribution cost precision)."""
    floor = MIN_CONFIDENCE if min_confidence is None else min_confidence
    out = list(rules)
    taken = sorted((q.start, q.end) for q in rules)
    starts = [a for a, _ in taken]
    cues = [(q.cue_start, q.cue_end) for q in rules if q.cue_start is not None]
    for m, conf in model:
        if not _keep(m, conf, floor):
            continue
        k = bisect.bisect_left(starts, m.end)
        if any(a < m.end and m.start < b for a, b in taken[max(0, k - 50) : k]):
            continue
        if m.cue_start is not None and m.cue_end is not None:
            if any(a < m.cue_end and m.cue_start < (b or a) for a, b in cues):
                continue
        out.append(m)
    out.sort(key=lambda q: q.start)
    return out


# --------------------------------------------------------------------------------------------
# The model file


class Tagger:
    """A loaded CRF model: tags a parsed article given the rules' quotes."""

    name = "crf"

    def __init__(self, path: str | Path) -> None:
        import pycrfsuite

        self.path = str(path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(self.path)
        self._lock = threading.Lock()  # a crfsuite tagger is not safe to share across threads

    def labels(self, seqs: Sequence[Sequence_]) -> tuple[list[list[str]], list[list[float]]]:
        """The best labels of each sequence and each label's marginal probability."""
        labels, probs = [], []
        with self._lock:
            tg = self._tagger
            for s in seqs:
                tg.set(s.features)
                y = tg.tag()
                labels.append(y)
                probs.append(
                    [1.0 if lab == "O" else tg.marginal(lab, i) for i, lab in enumerate(y)]
                )
        return labels, probs

    def quotes(
        self, article: Article, doc: Doc, rules: Sequence[Quote]
    ) -> list[tuple[Quote, float]]:
        """The model's own attributions in ``article`` with their confidence (not combined
        with the rules)."""
        seqs = features(doc, rules)
        labels, probs = self.labels(seqs)
        return to_quotes(article, doc, seqs, labels, probs, rules)

    def combine(self, rules: Sequence[Quote], model: Sequence[tuple[Quote, float]]) -> list[Quote]:
        return combine(rules, model)


# The packaged taggers by name. "crf" is the default: "minilm" is more accurate and costs a
# transformer pass per paragraph (see rashomon.read.attribution_encoder); "rules" (or "none")
# runs the hand-written rules alone.
MODELS = {
    "crf": MODEL_FILE,
    "minilm": "data/attribution_minilm.safetensors",
}
DEFAULT_MODEL = "crf"
_RULES_ONLY = frozenset({"", "none", "off", "0", "rules"})

_LOADED: dict[str, Any] = {}
_LOAD_LOCK = threading.Lock()


def model_path(choice: str | None = None) -> Path | None:
    """The model file to use: ``choice`` (a name of :data:`MODELS` or a file), else
    ``$RASHOMON_QUOTES_MODEL``, else the default; None for the rules alone."""
    chosen = choice if choice is not None else os.environ.get("RASHOMON_QUOTES_MODEL")
    if chosen is None:
        chosen = DEFAULT_MODEL
    key = chosen.strip().lower()
    if key in _RULES_ONLY:
        return None
    if key in MODELS:
        return Path(str(resources.files(__package__).joinpath(MODELS[key])))
    return Path(chosen)


def model_name(choice: str | None = None) -> str:
    """What annotates the quotes under ``choice``: a name of :data:`MODELS`, "rules", or the
    file's name (kept with each article, so its quotes say where they came from)."""
    path = model_path(choice)
    if path is None or load(choice) is None:
        return "rules"
    return _packaged().get(path, path.name)


@functools.cache
def _packaged() -> dict[Path, str]:
    return {Path(str(resources.files(__package__).joinpath(f))): n for n, f in MODELS.items()}


def check(choice: str | None) -> None:
    """Refuse an unknown model name up front (a file path is checked when it is loaded)."""
    if choice is None:
        return
    key = choice.strip().lower()
    if key in _RULES_ONLY or key in MODELS or os.sep in choice or "." in choice:
        return
    from ..errors import Code, RashomonError

    raise RashomonError(
        Code.USAGE,
        f"unknown quotes model {choice!r}",
        fix=f"use one of {', '.join([*MODELS, 'rules'])}, or the path of a model file",
    )


# The reading option (``registry.Context.options``) that names the tagger for the quotes stage.
OPTION = "quotes_model"


def options(choice: str | None) -> dict[str, str]:
    """The reading options that pick ``choice`` (None: no option, so the default), after
    refusing an unknown name (``check``)."""
    check(choice)
    return {} if choice is None else {OPTION: choice}


def load(choice: str | None = None) -> Any:
    """The tagger (CRF or encoder, by the file's suffix), loaded once per process and path;
    None (with a warning, once) when the model file or its library is missing, so that the
    rules run alone."""
    path = model_path(choice)
    if path is None:
        return None
    key = str(path)
    with _LOAD_LOCK:
        if key in _LOADED:
            return _LOADED[key]
        tagger: Any = None
        if not path.is_file():
            log.warning("quotes: attribution model %s not found; using the rules alone", path)
        else:
            try:
                if path.suffix == ".safetensors":
                    from .attribution_encoder import EncoderTagger

                    tagger = EncoderTagger(path)
                else:
                    tagger = Tagger(path)
            except Exception as exc:  # no python-crfsuite, or a corrupt file
                log.warning("quotes: attribution model %s not loaded (%s); rules alone", path, exc)
        _LOADED[key] = tagger
        return tagger


def reset() -> None:
    """Forget loaded models (tests and the training command switch files)."""
    with _LOAD_LOCK:
        _LOADED.clear()


def annotate(
    article: Article, doc: Doc, rules: list[Quote], choice: str | None = None
) -> list[Quote]:
    """The rules' quotes combined with the model's; the rules alone without a model, or if
    the model fails on a text (logged, never raised)."""
    tagger = load(choice)
    if tagger is None or len(doc) == 0:
        return rules
    try:
        return tagger.combine(rules, tagger.quotes(article, doc, rules))
    except Exception:
        log.exception("quotes: attribution model failed on %s; rules alone", article.id)
        return rules


__all__ = [
    "MODELS",
    "OPTION",
    "Tagger",
    "annotate",
    "check",
    "combine",
    "features",
    "gold_tags",
    "load",
    "model_name",
    "options",
    "reset",
]
