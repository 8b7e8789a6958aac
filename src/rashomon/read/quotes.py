"""Direct quotes, reported speech and the wider attributions of news writing, with the speaker
resolved to a canonical entity.

Hand-written rules over the spaCy dependency parse, because no maintained library does attributed
quote extraction *with speakers* for spaCy 3.8 offline: textacy's ``direct_quotations`` finds direct
quotes only (no reported speech, no "according to", no continuation paragraphs) and, like citron
(BBC's quote extractor), is not in the package index this project installs from; the neural
attribution models (trained on PARC3 or PolNeAR) are not packaged. The rules are tuned on the
PolNeAR *train* split (``benchmarks/polnear.py`` reports the dev split). Also covered: a
"Name: content" colon at a line start (headlines, transcripts, "Poll: …"), two apostrophes used
as a double mark (''like this''), and quoted fragments inside reported speech (kept as reported
speech).

How it works, in four passes over one article:

1. :func:`find_quote_spans` scans the text paragraph by paragraph for quote marks (straight and
   curly double marks, guillemets, the double prime, single curly marks at word starts), pairs them
   with a small state machine that never fails on unbalanced marks, and chains a quote left open at
   the end of a paragraph with the next paragraph when that one opens with a mark (newspaper
   convention for multi-paragraph quotes).
2. Each direct quote is attributed to the nearest cue verb (lexicon below) outside quote marks in
   the sentences it touches, else to the verb that leads into it ("he declared:⏎⏎“…”", "mouthing
   “thank you”"); a quote with no cue inherits the speaker of the previous attributed quote in the
   same paragraph (``"X," he said. "Y."``) or in the previous paragraph. Quoted titles ("This
   Week") are not quotes.
3. Every other speech or belief verb with a clausal complement (``ccomp``: "X said (that) …",
   "…, X said.", "This campaign, he says, is different", "X declined to say whether …", "the poll
   found …", "X said on Monday that …" where the parse hung the clause elsewhere), every "as X
   reported, …" (the clause it modifies) and every "according to X" gives a reported quote whose
   content is that clause. A content ends at a second cue coordinated into it ("X said that A
   and noted that B") and, for a cue in an adverbial clause, with that clause ("While X said
   that A, …").
4. Attributions without a speech verb and a clause (:data:`FRAMES`, lexicons in
   ``data/attribution_cues.json``): a verb's object ("X criticised the plan", "the poll shows
   Trump ahead"), a naming ("called him a liar", "described it as …", "which he called “a
   cartel”", "called his actions “a crucial step”"), an infinitive ("vowed to fight", "urged
   Congress to act", "hopes to win"), a preposition's object ("called for a ban", "called for
   Trump to drop out", "talked about …"), a stance adjective ("is confident that …", "is critical
   of …"), a noun with its source ("his claim that …", "X expressed support for …"), the passive,
   where the text may name no source at all ("it was reported that …", "X is expected to …",
   "was asked about …", "When asked about …, X …"), and on request (not in
   :data:`DEFAULT_FRAMES`) appearances ("the closures appear to have helped"). An attribution
   inside another one's content is left out (on PolNeAR train such inner ones are annotated one
   time in five), as are verbs inside relative and complement clauses (but not a naming by a
   relative pronoun, nor a participle after a preposition: "after announcing his support …").

Each quote says what it reports (``Quote.mode``): ``speech`` (direct quotes, speech verbs,
"according to", "Name: …", speech-act nouns and verbs), ``belief`` (states of mind: "believes",
"expects", "is confident that", "his fear that") or ``other`` (evaluations, stances and findings:
"criticised", "endorsed", "the poll shows"); the lexicons are ``speech_acts`` and
``mental_states`` in ``data/attribution_cues.json``. Voices and the last word count speech only.

The ``quotes`` stage then hands the rules' quotes to a trained tagger, chosen by the reading
option ``quotes_model``: the default CRF over the same parse and the rules' output
(:mod:`rashomon.read.attribution_model`), which adds the attributions the rules miss, or the
fine-tuned MiniLM encoder (:mod:`rashomon.read.attribution_encoder`), more accurate and slower,
which decides which attributions there are and keeps the rules' boundaries where both agree.
Without a model file the rules run alone.

Speakers are the cue's grammatical subject (through ``xcomp``/``conj``/``advcl`` chains, an
adjective ("were more likely to say"), a preposition ("by saying", "after announcing"), the
noun a participle follows ("a statement saying", the statement's issuer when there is one), past
a timestamp or dateline the parse took for it, and outside quote marks; after a closing mark,
the name that follows the cue: '“…,” said David Brock, a Clinton confidant'), mapped to
``article.entities`` when the entities stage ran, else to spaCy's ``doc.ents``; pronouns
(possessives included) and bare surnames go to the most recent compatible person or organisation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from ..lexicon import ACTOR_LABELS, SPEECH_VERBS, WEAK_SPEECH_VERBS, WIRE_AGENCIES
from ..model import Article, Quote
from ..registry import Context, stage
from .nlp import doc_for

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# --------------------------------------------------------------------------------------------
# Lexicons

# Verbs (lemmas) that introduce speech or a stated position, and the stance/finding verbs that
# are cues only with a clausal complement and an explicit subject (``rashomon.lexicon``).
CUE_LEMMAS: frozenset[str] = SPEECH_VERBS
WEAK_CUES: frozenset[str] = WEAK_SPEECH_VERBS


def _lexicon() -> dict:
    """The attribution cues beyond speech verbs (``data/attribution_cues.json``, which says how
    they were chosen)."""
    path = resources.files(__package__).joinpath("data/attribution_cues.json")
    return json.loads(path.read_text(encoding="utf-8"))


_LEX = _lexicon()
# Belief and finding verbs with a that-clause ("X believes that …", "the poll found …").
BELIEF_CUES: frozenset[str] = frozenset(_LEX["clause"]) - CUE_LEMMAS
CLAUSE_ADJECTIVES: frozenset[str] = frozenset(_LEX["clause_adjectives"])
OBJECT_CUES: frozenset[str] = frozenset(_LEX["object"])
NAMING_CUES: frozenset[str] = frozenset(_LEX["naming"])
INFINITIVE_CUES: frozenset[str] = frozenset(_LEX["infinitive"])
PREP_CUES: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _LEX["prepositions"].items()}
NOUN_CLAUSE_CUES: frozenset[str] = frozenset(_LEX["noun_clause"])
NOUN_PREP_CUES: dict[str, frozenset[str]] = {
    k: frozenset(v) for k, v in _LEX["noun_prepositions"].items()
}
PASSIVE_CUES: frozenset[str] = frozenset(_LEX["passive"])
PASSIVE_PREP_CUES: dict[str, frozenset[str]] = {
    k: frozenset(v) for k, v in _LEX["passive_prepositions"].items()
}
ADJ_PREP_CUES: dict[str, frozenset[str]] = {
    k: frozenset(v) for k, v in _LEX["adjective_prepositions"].items()
}
# What an attribution reports (Quote.mode): speech acts and states of mind beyond CUE_LEMMAS.
SPEECH_ACTS: frozenset[str] = frozenset(_LEX["speech_acts"])
MENTAL_STATES: frozenset[str] = frozenset(_LEX["mental_states"])
# Speech-verb cues that report a finding, not words: "the poll shows", "the study found".
FINDINGS: frozenset[str] = frozenset({"show", "find"})
# The attributions extract_quotes can find besides speech (direct quotes, speech verbs with a
# clause, "according to", "Name: …", always found): those news writing makes without a speech
# verb. A caller can ask for fewer or more (the benchmark measures each one's worth this way).
FRAMES: tuple[str, ...] = (
    "belief", "object", "naming", "infinitive", "preposition", "noun", "passive", "seem"
)  # fmt: skip
# Found unless asked otherwise: all but "seem" ("the closures appear to have helped"), whose
# construction PolNeAR train annotates only about six times in ten, below the stage's precision.
DEFAULT_FRAMES: tuple[str, ...] = tuple(f for f in FRAMES if f != "seem")
# Verbs whose subject receives what the noun object names ("drew criticism"): the noun's
# source is not that subject.
RECEIVING_VERBS = frozenset(
    "draw receive win get face earn attract garner gain invite spark provoke prompt".split()
)

# Cue lemmas whose xcomp carries the real cue: "declined to say whether".
CONTROL_VERBS: frozenset[str] = frozenset({"decline", "refuse", "want", "seem", "appear"})

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
THING_PRONOUNS = frozenset({"it", "its"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "you"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
NP_LEFT_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})

# --------------------------------------------------------------------------------------------
# Quote marks

OPENERS = "“„«‹"  # always open
CLOSERS = "”»›"  # always close (a ” at a word start may open: see below)
AMBIGUOUS = '"″〃＂'  # toggle: open when closed, close when open
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
ALL_MARKS = OPENERS + CLOSERS + AMBIGUOUS + SINGLE_OPEN + SINGLE_CLOSE + "'"
_PARA = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class QuoteSpan:
    """One stretch of text between quote marks, inside one paragraph."""

    start: int  # content start (after the opening mark and spaces)
    end: int  # content end (before the closing mark)
    mark_start: int  # offset of the opening mark
    mark_end: int  # offset after the closing mark (or the paragraph end when left open)
    closed: bool  # False when the paragraph ended before a closing mark
    paragraph: int
    chain: int  # quotes continued over paragraphs share a chain number


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All top-level quoted stretches of ``text``; total on any input (unbalanced marks included).

    Hand-written state machine: a regex cannot pair marks that double as apostrophes or toggle
    (``"``), nor carry a quote left open over a paragraph break.
    """
    # Two apostrophes (or backticks) are one double mark in some archives (''like this''): scan a
    # copy where the pair reads as '"' and a space, so offsets stay those of ``text``.
    original = text
    text = text.replace("''", '" ').replace("``", '" ')
    spans: list[QuoteSpan] = []
    chain = -1
    prev_open = False
    for p_index, m in enumerate(_PARA.finditer(text)):
        p_start, p_end = m.start(), m.end()
        i = p_start
        opened_at: int | None = None
        single = False
        first_mark = True
        while i < p_end:
            ch = text[i]
            if opened_at is None:
                opens = ch in OPENERS or ch in AMBIGUOUS
                if ch == "”" and _at_word_start(text, i, p_start) and _followed_by_word(text, i):
                    opens = True  # some sites use ” for both marks
                is_single = (ch in SINGLE_OPEN or ch == "'") and _followed_by_letter(text, i)
                if is_single and _at_word_start(text, i, p_start) and not text[i + 1].isdigit():
                    opens, single = True, True
                elif opens:
                    single = False
                if opens:
                    opened_at = i
                    leading = text[p_start:i].strip() == ""
                    if not (prev_open and leading and first_mark):
                        chain += 1
                    first_mark = False
            else:
                closes = False
                if single and (ch in OPENERS or ch in AMBIGUOUS):
                    # A double mark inside a 'single quote': the single mark was an apostrophe.
                    opened_at, single = None, False
                    continue  # look at this mark again, now as an opener
                if single:
                    closes = (ch in SINGLE_CLOSE or ch == "'") and not _followed_by_letter(text, i)
                    closes = closes and i > opened_at + 1 and not text[i - 1].isspace()
                else:
                    closes = ch in CLOSERS or ch in AMBIGUOUS
                    if ch == "“" and not text[i - 1].isspace():
                        closes = True  # a typo'd closer
                if closes:
                    width = 2 if original[i : i + 2] in ("''", "``") else 1
                    _add_span(spans, text, opened_at, i, i + width, True, p_index, chain)
                    opened_at = None
            i += 1
        prev_open = False
        if opened_at is not None:
            if single:
                # An unclosed single mark is far likelier an apostrophe ('90s) than a quote.
                pass
            else:
                _add_span(spans, text, opened_at, p_end, p_end, False, p_index, chain)
                prev_open = True
    return spans


def _at_word_start(text: str, i: int, floor: int) -> bool:
    return i == floor or text[i - 1].isspace() or text[i - 1] in "([{—–-/:;,"


def _followed_by_word(text: str, i: int) -> bool:
    return i + 1 < len(text) and not text[i + 1].isspace()


def _followed_by_letter(text: str, i: int) -> bool:
    return i + 1 < len(text) and text[i + 1].isalnum()


def _add_span(
    spans: list[QuoteSpan],
    text: str,
    mark_start: int,
    close_at: int,
    mark_end: int,
    closed: bool,
    paragraph: int,
    chain: int,
) -> None:
    start, end = mark_start + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if end > start and _WORD.search(text, start, end):
        spans.append(QuoteSpan(start, end, mark_start, mark_end, closed, paragraph, chain))


# --------------------------------------------------------------------------------------------
# Mentions the speaker can resolve to


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    label: str
    canonical: str
    entity_id: str | None


@dataclass
class _State:
    """What speaker resolution remembers while walking the article in order."""

    mentions: list[_Mention]
    speakers: list[tuple[int, str, str | None, str]] = field(default_factory=list)
    # (offset, canonical, entity_id, label) of resolved speakers so far


def _mentions(article: Article, doc: Doc) -> list[_Mention]:
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


# --------------------------------------------------------------------------------------------
# Cue verbs, speakers and content

# Forms en_core_web_sm lemmatises wrongly, to the lemma the lexicons use ("hopes" -> "hop").
_LEMMA_FIXES = {"hopes": "hope", "hoped": "hope", "hoping": "hope"}


def _lemma(tok: Token) -> str:
    """The lowercase lemma of a token, with the tagger's known slips mended."""
    return _LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()


def _is_cue(tok: Token, frames: Collection[str] = DEFAULT_FRAMES) -> bool:
    """A cue whose content is a clause: a speech verb, or a belief verb with its that-clause."""
    lemma = _lemma(tok)
    if lemma == "accord" or tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children)
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    comps = [c for c in tok.children if c.dep_ == "ccomp"]
    verbal = any(c.pos_ in ("VERB", "AUX") for c in comps)
    if lemma not in CUE_LEMMAS:
        if "belief" not in frames or lemma not in BELIEF_CUES or not verbal:
            return False
    elif lemma in WEAK_CUES and comps and not verbal:
        return False  # "finding themselves isolated" is no finding
    if tok.tag_ == "VBN" and not any(c.dep_ == "aux" for c in tok.children):
        return False  # "when asked whether …", "the said report": not the speaker's act
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return False  # passives ("it was reported") are left out
    return True


# The text and sentences of the document being read: spaCy rebuilds ``Doc.text`` and walks the
# whole document for ``Token.sent`` on every call, which made those look-ups most of this
# stage's time.
_DOCS: dict[int, tuple[Doc, str, list[int], list[Span]]] = {}


def _doc_info(doc: Doc) -> tuple[Doc, str, list[int], list[Span]]:
    hit = _DOCS.get(id(doc))
    if hit is None or hit[0] is not doc:
        sents = list(doc.sents)
        index = [0] * len(doc)
        for k, sp in enumerate(sents):
            for i in range(sp.start, sp.end):
                index[i] = k
        hit = (doc, doc.text, index, sents)
        _DOCS.clear()  # only the document being read is kept
        _DOCS[id(doc)] = hit
    return hit


def _text(doc: Doc) -> str:
    return _doc_info(doc)[1]


def _sent(tok: Token) -> Span:
    """The sentence of ``tok``, from a table built once per document."""
    _, _, index, sents = _doc_info(tok.doc)
    return sents[index[tok.i]]


def _subject(tok: Token) -> Token | None:
    """The grammatical subject of a cue, climbing xcomp/conj/advcl chains ("declined to say")."""
    cur: Token | None = tok
    for _ in range(5):
        if cur is None:
            return None
        if cur.lower_ == "according":
            to = next((c for c in cur.children if c.lower_ == "to"), None)
            if to is None:
                return None
            return next((c for c in to.children if c.dep_ in ("pobj", "dobj")), None)
        subj = next((c for c in cur.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            if subj.dep_ == "csubj":
                return None
            return subj
        if cur.dep_ == "acl" and cur.tag_ == "VBG" and cur.head.pos_ in ("NOUN", "PROPN"):
            # "a group saying that …"; "X released a statement saying that …" is X's.
            noun = cur.head
            if _lemma(noun) in MEDIUM_NOUNS and noun.dep_ in ("dobj", "pobj"):
                verb = noun.head if noun.dep_ == "dobj" else noun.head.head
                if verb.pos_ == "VERB" and verb.i != cur.i:
                    owner = _subject(verb)
                    if owner is not None:
                        return owner
            return noun
        if (
            cur is tok
            and cur.dep_ == "conj"
            and cur.head.dep_ == "ccomp"
            and _reports_clause(cur)
            and _attributes(cur.head.head)
        ):
            # "He said that A and noted that B": "noted" is his, not the subject of A's.
            cur = cur.head.head
            continue
        if cur.dep_ in ("xcomp", "conj", "advcl") and cur.head.i != cur.i:
            if cur.dep_ == "advcl" and cur.tag_ not in ("VBG",):
                return None
            cur = cur.head
            continue
        if cur.dep_ == "acomp" and cur.head.i != cur.i:
            cur = cur.head  # "were more likely to say"
            continue
        if (
            cur.dep_ == "pcomp"
            and cur.tag_ == "VBG"
            and cur.head.dep_ == "prep"
            and cur.head.head.pos_ in ("VERB", "AUX")
        ):
            cur = cur.head.head  # "distanced himself by saying", "After saying …, the man …"
            continue
        if cur is tok and _lemma(tok) in CUE_LEMMAS:
            return _stranded_subject(tok)
        return None
    return None


def _free_subject(tok: Token, inside: Sequence[bool]) -> Token | None:
    """The subject of a cue outside quote marks: when the parse takes a word of the quote for
    the subject ('“The fact is …,” Huckabee said'), the name next to the cue instead."""
    subj = _subject(tok)
    doc = tok.doc
    sent = _sent(tok)
    if _closing_mark_before(tok, inside) is not None and (subj is None or subj.i < tok.i):
        # '“…,” said David Brock, a Clinton confidant': the speaker follows the cue, whatever
        # the parse made of the name.
        for x in doc[tok.i + 1 : min(tok.i + 3, sent.end)]:
            if inside[x.idx] or x.is_punct:
                break
            if x.pos_ in ("PROPN", "NOUN", "PRON") or (x.pos_ != "DET" and x.text[:1].isupper()):
                while x.dep_ in ("compound", "flat") and tok.i < x.head.i < sent.end:
                    x = x.head
                return x
    if subj is not None and subj.i < tok.i and not inside[subj.idx]:
        subj = _past_dateline(subj, tok) or subj
    if subj is None or not inside[subj.idx]:
        return subj
    before = []
    for j in range(tok.i - 1, max(sent.start, tok.i - 5) - 1, -1):
        if inside[doc[j].idx] or doc[j].is_punct:
            break
        before.append(doc[j])
    after = [doc[j] for j in (tok.i + 1, tok.i + 2) if j < sent.end and not inside[doc[j].idx]]
    for x in (*before, *after):
        if x.pos_ in ("PROPN", "NOUN", "PRON"):
            while x.dep_ in ("compound", "flat") and x.head.i != x.i:
                x = x.head
            return x
    return None


def _idiom(tok: Token, subj: Token | None) -> bool:
    """A cue verb in a set phrase that reports no one: "That said, …", "needless to say"."""
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if subj is not None and subj.lower_ == "that" and subj.i == tok.i - 1:
        return nxt is not None and nxt.text == ","
    return tok.i > 0 and doc[tok.i - 1].lower_ in ("needless", "suffice") and tok.lower_ == "say"


def _closing_mark_before(tok: Token, inside: Sequence[bool]) -> int | None:
    """The offset of the closing quote mark right before ``tok`` (past a comma and spaces), as
    in '“…,” said X' and '“…” he said', or None."""
    text = _text(tok.doc)
    j = tok.idx - 1
    while j >= 0 and text[j] in " \t\xa0":
        j -= 1
    if j >= 0 and text[j] == ",":
        j -= 1
    if j >= 0 and inside[j] and text[j] in CLOSERS + AMBIGUOUS + SINGLE_CLOSE + "'":
        return j
    return None


def _right_after(t: Token, s: QuoteSpan, inside: Sequence[bool]) -> bool:
    """Whether cue ``t`` follows quote ``s`` with nothing but its subject between them
    ('“…,” said X', '“…,” spokesman Jeff Bechdel said in a statement issued …')."""
    if _closing_mark_before(t, inside) == s.mark_end - 1:
        return True
    subj = _subject(t)
    if subj is None or subj.i > t.i or subj.idx < s.mark_end:
        return False
    doc = t.doc
    if _text(doc)[s.end : s.mark_end].strip()[:1] != ",":
        return False  # '“….” He said he had …' is a new sentence with its own report
    k = subj.left_edge.i - 1
    while k >= 0 and doc[k].is_punct and doc[k].idx >= s.mark_start:
        if doc[k].idx == s.mark_end - 1:
            return True
        k -= 1
    return False


def _past_dateline(subj: Token, tok: Token) -> Token | None:
    """The subject when the parse took a timestamp or dateline before the cue's own clause for
    it ("12:15 p.m.⏎⏎President Obama says …", "WASHINGTON (AP) — Trump said …"): the first
    noun phrase after that break, or None to keep the parse's subject."""
    doc = tok.doc
    text = _text(doc)
    gap = text[subj.idx : tok.idx]
    cut = max(gap.rfind("\n"), gap.rfind(" — "), gap.rfind(" – "), gap.rfind(" -- "))
    if cut < 0 and subj.ent_type_ not in ("DATE", "TIME"):
        return None
    start = subj.idx + cut + 1 if cut >= 0 else subj.idx + len(subj)
    for x in doc[subj.i + 1 : tok.i]:
        if x.idx < start or x.is_punct:
            continue
        if x.pos_ in ("PROPN", "NOUN", "PRON") and x.ent_type_ not in ("DATE", "TIME"):
            while x.dep_ in ("compound", "flat", "amod") and subj.i < x.head.i < tok.i:
                x = x.head
            return x
    return None


def _stranded_subject(tok: Token) -> Token | None:
    """A speaker the parse attached elsewhere: "In a statement, her adviser, Jake Sullivan,
    said: …", where the name before "said" came out as an apposition."""
    j = tok.i - 1
    sent_start = _sent(tok).start
    while j >= sent_start and tok.doc[j].dep_ in ("aux", "neg", "advmod"):
        j -= 1
    if j < sent_start or tok.doc[j].text != ",":
        return None
    j -= 1
    if j < sent_start:
        return None
    cand = tok.doc[j]
    if cand.pos_ not in ("PROPN", "NOUN") or cand.dep_ not in ("appos", "pobj", "conj", "dobj"):
        return None
    return cand


def _cue_span(tok: Token) -> tuple[int, int]:
    """Character span of the cue phrase: "said", "has said", "declined to say", "according to"."""
    start, end = tok.idx, tok.idx + len(tok)
    if tok.lower_ == "according":
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is not None:
            end = to.idx + len(to)
        return start, end
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass") and tok.i - 2 <= c.i < tok.i and c.lower_ != "to":
            start = min(start, c.idx)  # "has said", "was reported"
    if tok.dep_ == "xcomp" and _lemma(tok.head) in CONTROL_VERBS:
        start = min(start, tok.head.idx)
    return start, end


def _speaker_span(head: Token) -> tuple[int, int]:
    """The noun phrase of a speaker head: its compounds, titles and determiners, up to the head."""
    left = head
    for c in head.lefts:
        if c.dep_ in NP_LEFT_DEPS or c.dep_ == "compound":
            if c.left_edge.i < left.i:
                left = c.left_edge
    right = head
    for c in head.rights:
        if c.dep_ in ("flat", "compound") and c.i == right.i + 1:
            right = c
    start = left.idx
    end = right.idx + len(right)
    return start, end


_NAME_POS = frozenset({"PROPN", "PUNCT", "CCONJ", "DET", "ADJ", "NOUN", "PART"})
# Nouns that stand for a source in a headline label ("Poll: Trump leads", "Clinton camp: …").
SOURCE_NOUNS = frozenset(
    """
    poll survey study report newspaper paper camp campaign official officials source sources
    police expert experts aide aides analyst analysts spokesman spokeswoman spokesperson
    lawmaker lawmakers senator governor president candidate critics critic supporters
    government ministry department agency court judge prosecutors lawyer lawyers witness
    witnesses voters residents report researchers scientists economists insiders allies
    """.split()
)
# Labels before a colon that introduce no one's words.
_LABELS = frozenset(
    """
    update updated related photo photos video watch read note editor correction caption image
    credit file tags topics share advertisement breaking exclusive live analysis listen
    subscribe follow more also see via posted published contact email by warning spoiler
    """.split()
)


def _colon_cues(doc: Doc, inside: Sequence[bool]) -> dict[Token, Token]:
    """Colons that attribute what follows to a short name before them, at a line start
    ("Roger Stone: Don't Trust the Voting Machines"), mapped to the name's head token."""
    out: dict[Token, Token] = {}
    text = _text(doc)
    for t in doc:
        if t.text != ":" or inside[t.idx]:
            continue
        line_start = text.rfind("\n", 0, t.idx) + 1
        # A kicker before a dash ("JUST TOO EARLY - Mark Blumenthal: …") is not the name.
        m = max(text.rfind(" - ", line_start, t.idx), text.rfind(" – ", line_start, t.idx))
        name_start = m + 3 if m >= 0 else line_start
        # "Gillibrand on Hillary Releasing Her Speech Transcripts: ‘I Think She Will.’"
        name_end = t.idx
        for sep in (" on ", " about "):
            k = text.find(sep, name_start, t.idx)
            if k > name_start:
                name_end = min(name_end, k)
        name = doc.char_span(name_start, name_end, alignment_mode="contract")
        if name is None or not 1 <= len(name) <= 7 or name.text.isupper():
            continue
        if not all(x.pos_ in _NAME_POS for x in name) or name[0].lower_ in _LABELS:
            continue
        head = name[-1]
        named = head.pos_ == "PROPN" and (
            head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or len(name) == 1
        )
        if not named and _lemma(head) not in SOURCE_NOUNS:
            continue
        rest = text[t.idx + 1 : text.find("\n", t.idx) if "\n" in text[t.idx :] else len(text)]
        if len(_WORD.findall(rest)) < 3:
            continue
        out[t] = name[-1]
    return out


def _content_of(tok: Token, doc: Doc, cue_ids: set[int]) -> list[tuple[int, int]]:
    """The content of a reported-speech cue as character spans (two around a parenthetical cue:
    "In his state, Christie said, offenders are sent to treatment"), or none."""
    sent = _sent(tok)
    if tok.text == ":":
        text = _text(doc)
        end = text.find("\n", tok.idx)
        end = len(text) if end < 0 else end
        span = doc.char_span(tok.idx + 1, end, alignment_mode="contract")
        return _spans(tok, [(span.start, span.end - 1)]) if span is not None and len(span) else []
    if tok.lower_ == "according":
        # The sentence around the "according to" phrase, in two pieces when it stands inside.
        a_lo, a_hi = tok.left_edge.i, tok.right_edge.i
        return _spans(tok, [(sent.start, a_lo - 1), (a_hi + 1, sent.end - 1)])
    comp = [c for c in tok.children if c.dep_ == "ccomp"]
    subj = _subject(tok)
    if (
        not comp
        and tok.dep_ == "advcl"
        and tok.head.i != tok.i
        and not any(c.dep_ in ("xcomp", "dobj", "dative") for c in tok.children)
    ):
        mark = next((m for m in tok.lefts if m.dep_ == "mark" and m.lower_ in ("as", "like")), None)
        if mark is not None and subj is not None and subj.i > mark.i:
            # "As The Times reported on Saturday, he has emerged as …": the clause it modifies.
            head = tok.head
            if _attributes(head):
                return []  # "…, as they all vowed to …": the clause is an attribution itself
            a, b = max(head.left_edge.i, sent.start), min(head.right_edge.i, sent.end - 1)
            lo, hi = tok.left_edge.i, tok.right_edge.i
            return _spans(tok, [(a, lo - 1), (hi + 1, b)])
    after = [c for c in comp if c.i > tok.i]
    before = [c for c in comp if c.i < tok.i]
    # The cue clause: its subject (when before it), auxiliaries, the cue and its adjuncts.
    head = tok.i
    if subj is not None and subj.i < tok.i and subj.head.i == tok.i:
        head = min(head, subj.left_edge.i)
    for x in tok.lefts:
        if x.dep_ in ("aux", "neg", "advmod") and (not before or x.i > before[-1].right_edge.i):
            head = min(head, x.i)
    limit = after[0].left_edge.i if after else sent.end
    tail = tok.i
    for r in tok.rights:
        if r.dep_ in TAIL_DEPS and r.right_edge.i < limit:
            tail = max(tail, r.right_edge.i)
    if subj is not None and subj.i > tok.i and subj.head.i == tok.i:
        tail = max(tail, subj.right_edge.i)  # "…, said several observers."
    # Content before the cue: "…, Biden said." / "The argument, Devine said, …".
    pre: tuple[int, int] | None = None
    edge = doc[head - 1] if head - 1 >= sent.start else None
    if before:
        lo = before[-1].left_edge.i
        if not any(j in cue_ids for j in range(sent.start, lo)):
            lo = sent.start  # "After the meeting, the deal is dead, the Kremlin said."
        pre = (lo, head - 1)
    elif (
        edge is not None
        and head - 1 > sent.start + (0 if tok.dep_ == "parataxis" else 1)
        and (edge.text == "," or edge.text in CLOSERS + AMBIGUOUS + SINGLE_CLOSE)
        and tok.tag_ != "VBG"  # "X has won Virginia, adding to …": the writer's clause
    ):
        # "This campaign, he says, is different": a parenthetical cue the parse hangs on the
        # clause it interrupts.
        interrupts = tok.dep_ == "parataxis" and tok.head.i > tok.i
        clause = interrupts or any(x.pos_ in ("VERB", "AUX") for x in doc[sent.start : head - 1])
        # Not when what precedes is only an adverbial clause of the cue ("When asked about it,
        # Clinton said nothing").
        roots = [x for x in doc[sent.start : head - 1] if not sent.start <= x.head.i < head - 1]
        adverbial = (
            not interrupts
            and bool(roots)
            and all(x.dep_ in ("advcl", "prep", "advmod", "punct") for x in roots)
        )
        if clause and not adverbial and not any(j in cue_ids for j in range(sent.start, head - 1)):
            pre = (sent.start, head - 1)
    if after:
        c = after[0]
        lo = c.left_edge.i
        # "told Fox Business on Monday the US would …": drop the cue's adjuncts before the clause.
        csubj = next((x for x in c.children if x.dep_ in SUBJECT_DEPS), None)
        if csubj is not None:
            for x in c.lefts:
                if x.dep_ in ("prep", "npadvmod") and x.i < csubj.left_edge.i:
                    lo = max(lo, x.right_edge.i + 1)
        hi = _content_end(tok, c, doc, cue_ids)
        ranges = [(lo, hi)]
        if pre is not None and not before and csubj is None:
            ranges.insert(0, pre)  # "These sources, the lawyers said, all command …"
        return _spans(tok, ranges)
    post: tuple[int, int] | None = None
    if pre is not None and tail + 2 < sent.end and doc[tail + 1].text == ",":
        post = (tail + 2, sent.end - 1)  # the clause goes on after a parenthetical cue
    if before and before[-1].right_edge.i > tail:
        post = (tail + 1, before[-1].right_edge.i)
    if pre is not None:
        if post is None and any(t.pos_ in ("VERB", "AUX") for t in doc[tail + 1 : sent.end]):
            if not before:
                return []  # "…, he said, adding that …" is the next cue's business
        return _spans(tok, [pre] + ([post] if post else []))
    nxt = tail + 1
    if nxt < sent.end - 2 and doc[nxt].text == ":" and subj is not None:
        return _spans(tok, [(nxt + 1, sent.end - 1)])  # "He said: the plan works."
    if subj is not None and not before and _lemma(tok) in CUE_LEMMAS:
        # "Kirby also said for the first time that some emails …": a that-clause the parse
        # hung on a word of the cue's adjunct.
        for j in range(tok.i + 1, min(tok.right_edge.i, sent.end - 3) + 1):
            x = doc[j]
            if x.pos_ in ("VERB", "AUX") or x.text in ",;:":
                break
            if x.lower_ == "that" and x.tag_ == "IN":
                return _spans(tok, [(j + 1, _content_end(tok, x, doc, cue_ids))])
    return []


def _attributes(verb: Token) -> bool:
    """Whether a verb is a cue of some attribution in the lexicons (speech, belief, object,
    naming, infinitive, preposition or appearance)."""
    lemma = _lemma(verb)
    return (
        lemma in CUE_LEMMAS
        or lemma in BELIEF_CUES
        or lemma in OBJECT_CUES
        or lemma in NAMING_CUES
        or lemma in INFINITIVE_CUES
        or lemma in PREP_CUES
        or lemma in SEEM_VERBS
    )


TAIL_DEPS = frozenset({"prep", "npadvmod", "advmod", "dobj", "dative", "agent", "advcl"})
_NEW_CLAUSE_MARKS = frozenset({"that", "whether", "if"})


def _content_end(tok: Token, c: Token, doc: Doc, cue_ids: set[int]) -> int:
    """Where a content clause after its cue ends: the end of the sentence (the parse often cuts
    it short), but not over a clause the writer coordinates with the cue ("…, and he railed
    against …") nor into the next cue ("…, telling reporters that …")."""
    sent = _sent(tok)
    hi = sent.end - 1
    if tok.dep_ == "advcl" and any(x.dep_ == "mark" for x in tok.children):
        # A cue in an adverbial clause ("While Ramos said that …, he appears …") reports no
        # further than that clause.
        hi = min(hi, max(tok.right_edge.i, c.right_edge.i))
    # "He said that A and noted that B": a second cue coordinated into the clause the parse
    # gave the first one, with no subject of its own, is the writer's, not the content.
    for j in range(c.i + 1, hi + 1):
        x = doc[j]
        if (
            x.dep_ == "conj"
            and (_lemma(x) in CUE_LEMMAS or _lemma(x) in BELIEF_CUES)
            and any(y.dep_ == "ccomp" for y in x.children)
            and not any(y.dep_ in SUBJECT_DEPS for y in x.children)
        ):
            cc = [y for y in x.lefts if y.dep_ in ("cc", "punct")]
            hi = min(hi, (cc[0].i if cc else x.left_edge.i) - 1)
            while hi > c.i and (doc[hi].dep_ == "cc" or doc[hi].is_punct):
                hi -= 1  # the "and" the parse hung on the first clause
            break
    hi = min(hi, _writer_predicate_end(tok, c, hi))
    # "…, compared with 41 percent for Mrs. Clinton", "…, despite …": an adjunct of the cue set
    # off by a comma after its clause is the writer's.
    for j in range(c.right_edge.i + 1, hi):
        if doc[j].text in (",", "—", "–", "--") and doc[j].head.i == tok.i:
            top = doc[j + 1]
            while top.head.i not in (top.i, tok.i) and not (
                c.left_edge.i <= top.head.i <= c.right_edge.i
            ):
                top = top.head
            if top.head.i == tok.i and top.dep_ in ("prep", "advcl", "npadvmod", "advmod"):
                hi = min(hi, j - 1)
            break
    for r in tok.rights:
        if r.i > c.right_edge.i and r.dep_ == "conj":
            marked = any(x.dep_ == "mark" and x.lower_ in _NEW_CLAUSE_MARKS for x in r.children)
            if not marked:
                hi = min(hi, r.left_edge.i - 1)
                cc = [x for x in tok.rights if x.dep_ == "cc" and x.i < r.i]
                if cc:
                    hi = min(hi, cc[-1].i - 1)
    for j in range(c.right_edge.i + 1, hi + 1):
        if j in cue_ids or (doc[j].tag_ == "VBG" and _lemma(doc[j]) in CUE_LEMMAS):
            stop = j
            s2 = _subject(doc[j]) if j in cue_ids else None
            if s2 is not None and c.right_edge.i < s2.left_edge.i < j:
                stop = s2.left_edge.i
            hi = min(hi, stop - 1)
            break
    # A closing non-restrictive relative clause is the writer's gloss, not the content
    # ("…the Zika virus, which is spread by mosquitoes.").
    for j in range(c.i + 1, hi):
        if (
            doc[j].text == ","
            and doc[j + 1].lower_ in ("which", "who")
            and doc[j + 1].head.dep_ == "relcl"
        ):
            if doc[j + 1].head.head.right_edge.i >= hi - 1:
                return j - 1
    return hi


def _writer_predicate_end(tok: Token, c: Token, hi: int) -> int:
    """Where the content ends before a second predicate of the cue's subject that the parse
    coordinated into the content clause: "Carson noted that Saturday would have been Reagan's
    birthday and quoted Reagan's 'eleventh commandment'", "figures suggested the speechwriter
    be fired and defended Trump". The coordinated verb has no subject of its own and the cue's
    finite form (past or present), which the content's own head lacks (a modal, a participle,
    another tense): "said the firm hired 20 and fired 10" keeps both, as the two verbs agree.
    On PolNeAR train (200 articles) the parse does this in about one content in seventy."""
    doc = c.doc
    if tok.tag_ not in ("VBD", "VBZ"):
        return hi
    c_finite = c.tag_ == tok.tag_ and not any(
        y.dep_ in ("aux", "auxpass") for y in c.children
    )
    passive = any(y.dep_ == "auxpass" for y in c.children)
    for x in c.rights:
        if x.i > hi or x.dep_ != "conj" or x.pos_ != "VERB":
            continue
        # "be fired and defended Trump": an active participle (it has an object) cannot share
        # the passive's "be", so the parse's VBN is the cue's past tense.
        active_vbn = passive and x.tag_ == "VBN" and any(y.dep_ == "dobj" for y in x.children)
        if not (x.tag_ == tok.tag_ and not c_finite or active_vbn):
            continue
        if any(y.dep_ in SUBJECT_DEPS for y in x.children):
            continue
        k = x.left_edge.i - 1  # the "and" (the parse may hang it on any word before)
        if k <= c.i or doc[k].lower_ not in ("and", "but"):
            continue
        end = k - 1
        while end > c.i and doc[end].is_punct and doc[end].text not in CLOSERS + SINGLE_CLOSE:
            end -= 1
        return end
    return hi


def _spans(cue: Token, ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans of token ranges, trimmed and kept inside the cue's paragraph."""
    doc = cue.doc
    text = _text(doc)
    p_lo = text.rfind("\n", 0, cue.idx) + 1
    p_hi = text.find("\n", cue.idx)
    p_hi = len(text) if p_hi < 0 else p_hi
    out = []
    for lo, hi in ranges:
        while lo <= hi and doc[lo].idx < p_lo:
            lo += 1
        while hi >= lo and doc[hi].idx >= p_hi:
            hi -= 1
        span = _trim(doc, lo, hi)
        if span is not None and span[0] == p_lo:
            span = _drop_dateline(text, span)
        if span is not None:
            out.append(span)
    return out


_DASH = re.compile(r"\s(?:—|–|--?)\s")
_AGENCY = re.compile(r"\((?:" + "|".join(WIRE_AGENCIES) + r")\b[^)]*\)")
_CAPS = re.compile(r"\b[A-Z]{3,}\b")


def _drop_dateline(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """A content without the dateline that opens its paragraph ("WASHINGTON (AP) — …",
    "CAMBRIDGE, Mass., Dec. 11 (UPI) — …")."""
    a, b = span
    m = _DASH.search(text, a, min(b, a + 80))
    if m is None:
        return span
    prefix = text[a : m.start()]
    if len(prefix.split()) > 8 or not (_AGENCY.search(prefix) or _CAPS.search(prefix)):
        return span
    start = m.end()
    while start < b and text[start].isspace():
        start += 1
    return (start, b) if start < b else None


_TRIM_PUNCT = set(",;:—–-()[]") | set(ALL_MARKS)


def _is_edge_punct(tok: Token) -> bool:
    return all(ch in _TRIM_PUNCT or ch.isspace() for ch in tok.text)


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Character span of tokens lo..hi without edge punctuation and a leading "that"."""
    while lo <= hi and (_is_edge_punct(doc[lo]) or doc[lo].lower_ == "that"):
        lo += 1
    while hi >= lo and (_is_edge_punct(doc[hi]) or doc[hi].text == "."):
        hi -= 1
    if hi < lo:
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


# --------------------------------------------------------------------------------------------
# Attributions without a speech verb and a clause


@dataclass(slots=True)
class _Frame:
    """One attribution found by its construction: the cue word, its source (None when the text
    names none) and the content as token ranges."""

    kind: str  # which of FRAMES found it
    cue: Token
    cue_end: Token  # last token of the cue phrase ("called for", "support for")
    source: Token | None
    ranges: list[tuple[int, int]]


def _rights(tok: Token, dep: str) -> Token | None:
    return next((c for c in tok.rights if c.dep_ == dep), None)


def _prep_object(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _is_infinitive(x: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)


# What follows a verb's object that is the writer's, not the content: punctuation, a
# coordinated verb, a parenthetical clause.
_NOT_CONTENT_DEPS = frozenset({"punct", "cc", "conj", "parataxis", "dep", "mark"})


def _extend(verb: Token, after: int, hi: int) -> int:
    """Push a content end over what the verb governs after its object: its complements and
    adjuncts ("called for the ban in December after …", "shows Cruz 16 points ahead"), as
    PolNeAR draws an object's content, but not a coordinated verb or a comma-set clause."""
    for c in verb.rights:
        if c.i <= after or c.dep_ in _NOT_CONTENT_DEPS:
            continue
        if c.dep_ == "advcl" and verb.doc[c.left_edge.i - 1].text == ",":
            continue
        hi = max(hi, c.right_edge.i)
    return hi


def _reports_clause(x: Token) -> bool:
    """Whether a verb is a speech or belief cue with its own clause ("declined to say whether"):
    that cue reports the clause, with the verb above it as part of the cue."""
    lemma = _lemma(x)
    return (lemma in CUE_LEMMAS or lemma in BELIEF_CUES) and any(
        c.dep_ == "ccomp" for c in x.children
    )


def _agent(verb: Token) -> Token | None:
    """The "by X" of a passive verb."""
    agent = _rights(verb, "agent")
    return _prep_object(agent) if agent is not None else None


# Where something was said ("released the following statement:"): a clause that names one
# leads into the quote after it.
MEDIUM_NOUNS = frozenset(
    """
    interview statement op-ed oped editorial column speech address tweet letter email e-mail
    post video ad advertisement appearance show program programme broadcast radio television
    network channel call conference briefing rally debate event hearing meeting release remarks
    podcast episode message memo filing blog article book essay piece transcript
    """.split()
)


# Objects that report no content ("said nothing", "did not say much").
_EMPTY_OBJECTS = frozenset("nothing anything something much little more less".split())


def _verb_frame(t: Token, frames: Collection[str]) -> _Frame | None:
    """The attribution a verb makes with its object, naming complement, infinitive or
    preposition, tried in that order (the most specific construction first)."""
    lemma = _lemma(t)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
    if passive:
        return _passive_frame(t, lemma, frames) if "passive" in frames else None
    if t.tag_ == "VBN" and not any(c.dep_ == "aux" for c in t.children):
        if "passive" in frames and lemma in PASSIVE_PREP_CUES and t.dep_ in ("advcl", "ROOT"):
            return _asked_frame(t, lemma)  # "When asked about the polls, …"
        return None  # a participle modifying a noun ("the plan announced on Monday")
    if lemma in SEEM_VERBS:
        return _seem_frame(t) if "seem" in frames else None
    if "naming" in frames and lemma in NAMING_CUES:
        f = _naming_frame(t)
        if f is not None:
            return f
    if any(c.dep_ == "ccomp" for c in t.children):
        return None  # a clause: the speech and belief cues' business
    subj = _subject(t)
    if subj is None:
        return None
    dobj = _rights(t, "dobj")
    oprd = _rights(t, "oprd")
    if lemma in CUE_LEMMAS and "object" in frames:
        # "Half said so", "72 percent said yes", "said the same of Sanders".
        short = next(
            (
                c
                for c in t.rights
                if (c.dep_ == "advmod" and c.lower_ == "so")
                or (c.dep_ in ("intj", "dobj") and c.lower_ in ("yes", "no"))
            ),
            None,
        )
        if short is not None:
            return _Frame("object", t, t, subj, [(short.i, short.i)])
    preps = PREP_CUES.get(lemma, frozenset())
    if "naming" in frames and lemma in NAMING_CUES:
        as_prep = next(
            (c for c in t.rights if c.dep_ == "prep" and c.lower_ == "as" and _prep_object(c)),
            None,
        )
        if dobj is not None and (oprd is not None or as_prep is not None):
            return _Frame("naming", t, t, subj, [(dobj.left_edge.i, _extend(t, dobj.i, dobj.i))])
        if dobj is None and oprd is not None:  # a parse of "called Clinton a liar"
            return _Frame("naming", t, t, subj, [(oprd.left_edge.i, _extend(t, oprd.i, oprd.i))])
    if "infinitive" in frames and lemma in INFINITIVE_CUES:
        x = _rights(t, "xcomp")
        if x is not None and _is_infinitive(x) and not _reports_clause(x):
            lo = dobj.left_edge.i if dobj is not None and dobj.i < x.i else x.left_edge.i
            return _Frame("infinitive", t, t, subj, [(lo, x.right_edge.i)])
    if "preposition" in frames and preps:
        for c in t.rights:
            if c.dep_ != "prep" or c.lower_ not in preps:
                continue
            pobj = _prep_object(c)
            if pobj is None:
                continue
            if dobj is not None and dobj.i < c.i and lemma in OBJECT_CUES | NAMING_CUES:
                lo = dobj.left_edge.i  # "accused Rubio of lying"
            else:
                lo = pobj.left_edge.i
            if "comment" in (x.lower_ for x in c.subtree):
                return None  # "did not respond to a request for comment"
            # The cue phrase runs to the preposition when nothing but particles stand between.
            end = c if all(x.dep_ in ("prt", "advmod") for x in t.doc[t.i + 1 : c.i]) else t
            return _Frame("preposition", t, end, subj, [(lo, _extend(t, c.i, c.right_edge.i))])
        # "called for Trump to drop out": the parse makes the preposition the mark of a clause.
        for c in t.rights:
            if c.dep_ not in ("advcl", "ccomp", "xcomp") or not _is_infinitive(c):
                continue
            mark = next((m for m in c.lefts if m.dep_ == "mark" and m.lower_ in preps), None)
            if mark is not None and mark.i == c.left_edge.i:
                end = mark if mark.i == t.i + 1 else t
                return _Frame("preposition", t, end, subj, [(mark.i + 1, c.right_edge.i)])
    if (
        "object" in frames
        and lemma in OBJECT_CUES
        and dobj is not None
        and dobj.lower_ not in _EMPTY_OBJECTS
    ):
        lo = dobj.left_edge.i
        return _Frame("object", t, t, subj, [(lo, _extend(t, dobj.i, dobj.right_edge.i))])
    return None


_ADVERBIAL_MARKS = frozenset(
    "when as after before because since while whereas although though until unless once".split()
)


def _clause_end(head: Token) -> int:
    """The last token of ``head``'s phrase without a trailing adverbial clause the writer adds
    ("… to be sailing through the Senate when Democrats decided …")."""
    for c in head.rights:
        if c.dep_ == "advcl" and any(
            m.dep_ in ("mark", "advmod") and m.lower_ in _ADVERBIAL_MARKS for m in c.children
        ):
            return c.left_edge.i - 1
    return head.right_edge.i


# Verbs of appearance: "the closures appear to have helped", "it seems (that) …", "the race
# seemed close". The writer's (or an unnamed observer's) judgement, annotated without a source.
SEEM_VERBS = frozenset({"seem", "appear"})
_SEEM_COMPLEMENTS = frozenset({"xcomp", "acomp", "oprd", "attr", "ccomp"})


def _seem_frame(t: Token) -> _Frame | None:
    """ "X seems to …", "X appears ready", "it seems (that) …": the subject and the complement,
    without the cue; the source is one the text names with "to" ("seemed to him"), or none."""
    comp = next((c for c in t.rights if c.dep_ in _SEEM_COMPLEMENTS), None)
    if comp is None:
        return None  # "appeared on Fox News", "appeared at the rally"
    if comp.dep_ == "xcomp" and not _is_infinitive(comp) and comp.pos_ == "VERB":
        return None
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "expl")), None)
    ranges = []
    if subj is not None and subj.lower_ not in ("it", "there") and subj.i < t.i:
        ranges.append((subj.left_edge.i, subj.right_edge.i))
    elif subj is None and t.dep_ not in ("conj",):
        return None
    lo = comp.left_edge.i
    if comp.dep_ == "xcomp":
        lo = min(lo, comp.i - 1) if _is_infinitive(comp) else lo
    ranges.append((lo, _clause_end(comp)))
    to = next(
        (c for c in t.rights if c.dep_ == "prep" and c.lower_ == "to" and _prep_object(c)), None
    )
    source = _prep_object(to) if to is not None else None
    return _Frame("seem", t, t, source, ranges)


_OPEN_MARKS = frozenset(OPENERS + AMBIGUOUS + SINGLE_OPEN + "`'")


def _naming_frame(t: Token) -> _Frame | None:
    """Namings the object-and-complement rule misses: "what she witnessed ''terrible''" (an
    object clause), "which he called “a cartel”" (a relative pronoun, with the complement), and
    a quoted complement the parse folded into the object or a preposition ("called his actions
    “a crucial step”", "called that "beyond preposterous"")."""
    subj = _subject(t)
    if subj is None:
        return None
    doc = t.doc
    oprd = _rights(t, "oprd")
    dobj = next((c for c in t.children if c.dep_ == "dobj"), None)
    if dobj is not None and dobj.i < t.i and dobj.tag_ in ("WDT", "WP"):
        if oprd is None:
            return None
        return _Frame(
            "naming", t, t, subj, [(dobj.i, dobj.i), (oprd.left_edge.i, oprd.right_edge.i)]
        )
    if oprd is not None and dobj is None:
        clause = next((c for c in t.rights if c.dep_ == "ccomp" and c.i < oprd.i), None)
        if clause is not None:  # "called what she witnessed ''terrible''"
            return _Frame("naming", t, t, subj, [(clause.left_edge.i, oprd.right_edge.i)])
        return None
    if dobj is None or dobj.i < t.i or oprd is not None:
        return None
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in t.rights):
        return None
    sent = _sent(t)
    j = dobj.right_edge.i + 1
    marks_in_object = any(x.text in _OPEN_MARKS for x in doc[dobj.i + 1 : dobj.right_edge.i + 1])
    if marks_in_object:
        return _Frame("naming", t, t, subj, [(dobj.left_edge.i, dobj.right_edge.i)])
    if j < sent.end and doc[j].text in _OPEN_MARKS:
        end = next(
            (k for k in range(j + 1, sent.end) if doc[k].text in CLOSERS + AMBIGUOUS + "'’"),
            sent.end - 1,
        )
        return _Frame("naming", t, t, subj, [(dobj.left_edge.i, end)])
    return None


def _passive_frame(t: Token, lemma: str, frames: Collection[str]) -> _Frame | None:
    """ "It was reported that …", "X is expected to …", "X was criticized for …": the source is
    the agent, or none."""
    if lemma not in PASSIVE_CUES:
        return None
    source = _agent(t)
    comp = _rights(t, "ccomp")
    if comp is not None:
        return _Frame("passive", t, t, source, [(comp.left_edge.i, comp.right_edge.i)])
    subj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
    if subj is None and lemma in PASSIVE_PREP_CUES:
        return _asked_frame(t, lemma)  # "after being asked to defend …"
    if subj is None or subj.lower_ in ("it", "which", "that", "who"):
        return None
    x = _rights(t, "xcomp")
    if x is not None and _is_infinitive(x):  # "Obama is expected to endorse Clinton"
        return _Frame(
            "passive",
            t,
            t,
            source,
            [(subj.left_edge.i, subj.right_edge.i), (x.i - 1, x.right_edge.i)],
        )
    preps = PREP_CUES.get(lemma, frozenset()) | PASSIVE_PREP_CUES.get(lemma, frozenset())
    for c in t.rights:
        if c.dep_ == "prep" and c.lower_ in preps and c.lower_ != "as":
            pobj = _prep_object(c)
            if pobj is not None:  # "Clinton was asked about her emails"
                return _Frame("passive", t, c, source, [(pobj.left_edge.i, c.right_edge.i)])
    if source is not None and (lemma in OBJECT_CUES | NAMING_CUES or lemma in PREP_CUES):
        # "Clinton was criticised by Sanders"; without the agent such a passive is a fact
        # about its subject far more often than an attribution.
        return _Frame("passive", t, t, source, [(subj.left_edge.i, subj.right_edge.i)])
    return None


def _asked_frame(t: Token, lemma: str) -> _Frame | None:
    """A question put to someone the sentence is about ("When asked by Ingraham about …",
    "Asked whether he was concerned …", "after being asked to defend …"): what was asked, with
    the asker (the agent) as its source, or none."""
    source = _agent(t)
    comp = _rights(t, "ccomp")
    if comp is not None:
        return _Frame("passive", t, t, source, [(comp.left_edge.i, comp.right_edge.i)])
    x = _rights(t, "xcomp")
    if x is not None and _is_infinitive(x):
        return _Frame("passive", t, t, source, [(x.i - 1, x.right_edge.i)])
    preps = PASSIVE_PREP_CUES.get(lemma, frozenset()) | PREP_CUES.get(lemma, frozenset())
    return _prep_frame("passive", t, preps, source)


def _prep_frame(kind: str, t: Token, preps: Collection[str], source: Token | None) -> _Frame | None:
    """The first of ``t``'s prepositions in ``preps`` with an object: that object is the content
    ("asked about the emails", "support for the plan")."""
    for c in t.rights:
        if c.dep_ == "prep" and c.lower_ in preps:
            pobj = _prep_object(c)
            if pobj is not None:
                return _Frame(kind, t, c, source, [(pobj.left_edge.i, c.right_edge.i)])
    return None


def _noun_source(n: Token) -> Token | None:
    """Whose claim, support or criticism a noun cue is: its possessor ("Trump's claim"), or the
    subject of the verb it is the object of ("X expressed concern that …")."""
    poss = next((c for c in n.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    if n.dep_ == "dobj" and n.head.pos_ == "VERB":
        if _lemma(n.head) in RECEIVING_VERBS:
            return None
        return _subject(n.head)
    return None


def _noun_frame(t: Token) -> _Frame | None:
    """ "His claim that …", "X voiced support for …": a noun's clause or prepositional object,
    when the text says whose the noun is."""
    lemma = _lemma(t)
    source = _noun_source(t)
    if source is None:
        return None  # "the plan to …", "attacks on …": whose, the text does not say
    if lemma in NOUN_CLAUSE_CUES:
        for c in t.rights:
            if c.dep_ not in ("acl", "ccomp"):
                continue
            marked = any(x.dep_ == "mark" and x.lower_ in _NEW_CLAUSE_MARKS for x in c.children)
            if marked or _is_infinitive(c):
                return _Frame("noun", t, t, source, [(c.left_edge.i, c.right_edge.i)])
    preps = NOUN_PREP_CUES.get(lemma)
    return _prep_frame("noun", t, preps, source) if preps else None


def _adjective_frame(t: Token) -> _Frame | None:
    """ "X is confident that …", "X is critical of …": the clause or object of a stance
    adjective, the copula's subject."""
    if t.dep_ != "acomp":
        return None
    lemma = t.lower_
    comp = None
    if lemma in CLAUSE_ADJECTIVES:
        comp = next((c for c in t.rights if c.dep_ == "ccomp"), None)
    cue_end = t
    if comp is None and lemma in ADJ_PREP_CUES:
        prep = next(
            (c for c in t.rights if c.dep_ == "prep" and c.lower_ in ADJ_PREP_CUES[lemma]), None
        )
        comp = _prep_object(prep) if prep is not None else None
        cue_end = prep if comp is not None and prep is not None else t
    if comp is None:
        return None
    subj = _subject(t.head)
    if subj is None:
        return None
    return _Frame("belief", t, cue_end, subj, [(comp.left_edge.i, comp.right_edge.i)])


# A verb inside another clause ("… said Y criticised Z", "voters who support Z") is an
# attribution PolNeAR's annotators marked less than half the time on train: left out.
_EMBEDDED_DEPS = frozenset({"ccomp", "relcl", "pcomp", "acl", "csubj"})


def _free_embedded(t: Token) -> bool:
    """An embedded verb that still makes its own attribution: a naming in a relative clause
    ("which he called “a cartel”") and a participle after a preposition ("after announcing his
    support for Trump, Rubio …", whose subject is the clause's). Other embedded verbs (relative
    clauses, participles after a noun) are attributions PolNeAR annotates about half the time
    or less."""
    if t.dep_ == "relcl" and _lemma(t) in NAMING_CUES:  # "which he called “a cartel”"
        return any(c.dep_ == "dobj" and c.tag_ in ("WDT", "WP") for c in t.lefts)
    if t.dep_ == "pcomp":  # "after announcing his support for Trump, Rubio …"
        return t.tag_ == "VBG" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX")
    return False


def _frames(
    doc: Doc, inside: Sequence[bool], taken: set[int], frames: Collection[str]
) -> list[_Frame]:
    """Every attribution made by construction rather than by a speech verb (see FRAMES)."""
    out: list[_Frame] = []
    nouns = "noun" in frames
    for t in doc:
        if t.i in taken or inside[t.idx]:
            continue
        pos = t.pos_
        f: _Frame | None = None
        if pos == "VERB":
            if t.dep_ in _EMBEDDED_DEPS and not _free_embedded(t):
                continue
            f = _verb_frame(t, frames)
        elif pos == "NOUN" and nouns:
            f = _noun_frame(t)
        elif pos == "ADJ" and "belief" in frames:
            f = _adjective_frame(t)
        if f is not None and not (f.source is not None and f.source.lower_ == "you"):
            out.append(f)  # "if you support …" is anyone, not a source
    return out


# --------------------------------------------------------------------------------------------
# Speaker resolution


@dataclass(slots=True)
class _Speaker:
    text: str
    start: int
    end: int
    canonical: str | None
    entity_id: str | None
    label: str


def _resolve(head: Token, state: _State) -> _Speaker:
    """Map the speaker mention at ``head`` to a canonical entity (see the module docstring)."""
    if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
        # "Donald Trump, who … suggested": the antecedent's identity, the relative's span.
        sp = _resolve(head.head.head, state)
        return _Speaker(
            head.text, head.idx, head.idx + len(head), sp.canonical, sp.entity_id, sp.label
        )
    start, end = _speaker_span(head)
    text = _text(head.doc)[start:end]
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
                return _Speaker(text, start, end, found[0], found[1], want[0])
        return _Speaker(text, start, end, None, None, "PRON")
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
            text = _text(head.doc)[start:end]
        if best.label == "PERSON" and len(canonical.split()) == 1:
            canonical = _full_name(canonical, state, start) or canonical
        return _Speaker(text, start, end, canonical, best.entity_id, best.label)
    # A noun phrase with no entity: "the ministry" -> an organisation named before, if any.
    words = [w for w in text.split() if w.lower() not in DETERMINERS]
    bare = " ".join(words) if words else text
    if head.pos_ in ("NOUN", "PROPN") and head.lower_ not in ("source", "sources", "official"):
        for m in reversed(state.mentions):
            if m.start >= start:
                continue
            if m.label in ("ORG", "GPE", "NORP") and head.lower_ in m.canonical.lower().split():
                return _Speaker(text, start, end, m.canonical, m.entity_id, m.label)
    label = "PERSON" if head.ent_type_ == "PERSON" else "NOUN"
    return _Speaker(text, start, end, bare, None, label)


def _full_name(surname: str, state: _State, before: int) -> str | None:
    key = _strip_possessive(surname).lower()
    for m in reversed(state.mentions):
        if m.start >= before or m.label != "PERSON":
            continue
        words = m.canonical.split()
        if len(words) >= 2 and words[-1].lower() == key:
            return m.canonical
    return None


def _last_compatible(
    state: _State, labels: Sequence[str], before: int
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


# --------------------------------------------------------------------------------------------
# The extraction


@dataclass(slots=True)
class _Attribution:
    cue: Token
    speaker: _Speaker | None
    cue_end: int | None = None  # end of a cue phrase longer than the verb ("called for")
    mode: str = "speech"  # Quote.mode of the reported content (direct quotes are speech)


def _mode(cue: Token, frame: str | None = None) -> str:
    """What an attribution reports (``Quote.mode``): "speech" (words said or written),
    "belief" (a state of mind) or "other" (an evaluation, stance or finding), from its cue
    word and the construction that found it."""
    if frame in ("belief", "seem"):
        return "belief"  # "is confident that …", "seems ready"
    if cue.text == ":" or cue.lower_ == "according":
        return "speech"
    lemma = _lemma(cue)
    if lemma in MENTAL_STATES:
        return "belief"
    if lemma in SPEECH_ACTS or (lemma in CUE_LEMMAS and lemma not in FINDINGS):
        return "speech"
    return "other"


def extract_quotes(
    article: Article, doc: Doc, frames: Collection[str] = DEFAULT_FRAMES
) -> list[Quote]:
    """Direct and reported quotes of ``article`` (whose text ``doc`` parses), in text order;
    ``frames`` names the attributions without a speech verb to find as well (see FRAMES)."""
    text = article.text
    state = _State(_mentions(article, doc))
    spans, inside = quoted(text)

    # Cue tokens outside quote marks, in order.
    cues = [t for t in doc if not inside[t.idx] and _is_cue(t, frames)]
    cue_subject = {t.i: _free_subject(t, inside) for t in cues}
    cues = [
        t
        for t in cues
        if cue_subject[t.i] is not None or t.lower_ == "according"
        if _lemma(t) not in WEAK_CUES or cue_subject[t.i] is not None
        if not _idiom(t, cue_subject[t.i])
    ]

    # "Name: content" (headlines, transcripts, "Mark Blumenthal: “…”"): the colon is the cue.
    colons = _colon_cues(doc, inside)
    for t, head in colons.items():
        cue_subject[t.i] = head
    cues = sorted([*cues, *colons], key=lambda t: t.i)
    cue_ids = {t.i for t in cues}
    direct_cue: dict[int, _Attribution] = {}  # index of span -> attribution
    # First attribute direct quotes (needs only the cues), then resolve speakers in order.
    para_last: dict[int, _Attribution] = {}
    chain_attr: dict[int, _Attribution] = {}
    speech_cues = [t for t in cues if _lemma(t) not in BELIEF_CUES]
    for k, s in enumerate(spans):
        cue = _cue_for_span(s, doc, speech_cues, spans, inside)
        if cue is None and frames:
            cue = _lead_in_cue(s, doc, inside)
        if cue is not None:
            direct_cue[k] = _Attribution(cue, None)

    quotes: list[tuple[Quote, int]] = []  # (quote, order key)
    # (offset, cue, span, frame): walked in text order so that pronouns resolve to what came
    # before.
    pending: list[tuple[int, Token | None, QuoteSpan | None, _Frame | None]] = []
    for s in spans:
        pending.append((s.start, None, s, None))
    for t in cues:
        # Cues of direct quotes too: "said that the plan is 'dead'" is reported speech around a
        # quoted fragment; _dedupe keeps one of the two.
        pending.append((t.idx, t, None, None))
    # A speech cue with neither a clause nor a direct quote may still have an object ("announced
    # his resignation"): only the cues that carry content are taken.
    contents = {t.i: _content_of(t, doc, cue_ids) for t in cues}
    taken = {i for i, c in contents.items() if c} | {a.cue.i for a in direct_cue.values()}
    for f in _frames(doc, inside, taken, frames):
        pending.append((f.cue.idx, None, None, f))
    pending.sort(key=lambda x: x[0])

    span_index = {id(s): k for k, s in enumerate(spans)}
    for _, tok, s, frame in pending:
        if frame is not None:
            src = frame.source
            if src is not None and src.i < frame.cue.i:
                src = _past_dateline(src, frame.cue) or src
            speaker = _resolve(src, state) if src is not None else None
            attr = _Attribution(
                frame.cue,
                speaker,
                frame.cue_end.idx + len(frame.cue_end),
                _mode(frame.cue, frame.kind),
            )
            _remember(state, attr)
            for c_start, c_end in _spans(frame.cue, frame.ranges):
                quotes.append((_make_quote(text, c_start, c_end, "reported", attr), c_start))
        elif s is not None:
            k = span_index[id(s)]
            attr = direct_cue.get(k)
            if attr is not None and attr.speaker is None:
                subj = cue_subject.get(attr.cue.i) or _free_subject(attr.cue, inside)
                attr.speaker = _resolve(subj, state) if subj else None
                _remember(state, attr)
            if attr is None:
                attr = chain_attr.get(s.chain)
            if attr is None:
                prev = para_last.get(s.paragraph) or para_last.get(s.paragraph - 1)
                starts_para = _starts_paragraph(text, s)
                if prev is not None and (s.paragraph in para_last or starts_para):
                    attr = prev
            if attr is None or _is_title(text, s):
                continue  # an unattributed quote: a title, a scare quote, a headline
            chain_attr[s.chain] = attr
            para_last[s.paragraph] = attr
            q = _make_quote(text, s.start, s.end, "direct", attr)
            quotes.append((q, s.start))
        else:
            assert tok is not None
            content = contents[tok.i]
            if not content:
                continue
            subj = cue_subject.get(tok.i)
            speaker = _resolve(subj, state) if subj is not None else None
            attr = _Attribution(tok, speaker, mode=_mode(tok))
            _remember(state, attr)
            for c_start, c_end in content:
                q = _make_quote(text, c_start, c_end, "reported", attr)
                quotes.append((q, c_start))

    return _dedupe(quotes, text)


def _remember(state: _State, attr: _Attribution) -> None:
    sp = attr.speaker
    if sp is not None and sp.canonical and sp.label in ACTOR_LABELS:
        state.speakers.append((sp.start, sp.canonical, sp.entity_id, sp.label))


def _quoted_chars(spans: Iterable[QuoteSpan], n: int) -> list[bool]:
    inside = [False] * (n + 1)
    for s in spans:
        for i in range(s.mark_start, min(s.mark_end, n)):
            inside[i] = True
    return inside


_QUOTED: tuple[str, list[QuoteSpan], list[bool]] = ("", [], [False])


def quoted(text: str) -> tuple[list[QuoteSpan], list[bool]]:
    """:func:`find_quote_spans` of ``text`` and which characters they cover (one entry per
    character, and one past the end), kept for the last text: the rules and the attribution
    tagger both need them for the article being read. Callers must not modify them."""
    last = _QUOTED
    if last[0] is not text and last[0] != text:
        spans = find_quote_spans(text)
        last = (text, spans, _quoted_chars(spans, len(text)))
        globals()["_QUOTED"] = last
    return last[1], last[2]


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_SMALL_WORDS = frozenset("a an the of and or in on at to for by with from vs via de la".split())


def _is_title(text: str, s: QuoteSpan) -> bool:
    """A quoted name rather than words said: a show, a book, a slogan in title case ("This
    Week", "State of the Union"), or marks around no words at all ("2016-06-29")."""
    piece = text[s.start : s.end]
    words = _TITLE_WORD.findall(piece)
    if not words:
        return True
    if len(words) > 6 or piece.rstrip().endswith(("!", "?")):
        return False
    capped = [w for w in words if w.lower() not in _SMALL_WORDS]
    return len(words) >= 2 and bool(capped) and all(w[0].isupper() for w in capped)


def _starts_paragraph(text: str, s: QuoteSpan) -> bool:
    line_start = text.rfind("\n", 0, s.mark_start) + 1
    return text[line_start : s.mark_start].strip() == ""


# Verbs that introduce a quote placed right after them ("shouting “…”", "the sign read “…”").
SOUND_VERBS = frozenset(
    """
    shout bark mouth chant scream yell exclaim whisper read write title entitle coin sing cry
    proclaim mutter murmur holler thunder plead quip snap gush rave type scrawl print
    """.split()
)


def _lead_in_cue(s: QuoteSpan, doc: Doc, inside: Sequence[bool]) -> Token | None:
    """The verb that leads into a quote no speech cue claims: the clause that ends with a colon
    or comma before it, possibly across a paragraph break ("he declared:⏎⏎“…”", "President
    Clinton released the following statement:"), or a verb right before the marks ("mouthing
    “thank you”", "which read “Hispanics 4 Trump”")."""
    text = _text(doc)
    j = s.mark_start - 1
    while j >= 0 and text[j] in " \t\xa0":
        j -= 1
    crossed = j >= 0 and text[j] == "\n"
    if crossed:
        nl = 0
        while j >= 0 and text[j].isspace():
            nl += text[j] == "\n"
            j -= 1
        if nl > 2:
            return None
    if j < 0 or inside[j]:
        return None
    span = doc.char_span(j, j + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    last = span[-1]
    sent = _sent(last)
    if last.text in (":", ","):
        for t in reversed(doc[sent.start : last.i]):
            if inside[t.idx]:
                return None
            if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound"):  # not "the following"
                lemma = _lemma(t)
                known = (
                    lemma in CUE_LEMMAS
                    or lemma in SOUND_VERBS
                    or lemma in OBJECT_CUES
                    or lemma in NAMING_CUES
                    or lemma in PASSIVE_CUES
                )
                nouns = any(
                    _lemma(x) in MEDIUM_NOUNS or _lemma(x) in NOUN_CLAUSE_CUES
                    for x in t.subtree
                    if x.i < last.i
                )
                return t if known or (last.text == ":" and nouns) else None
        return None
    if crossed or last.pos_ != "VERB" or (last.tag_ == "VBN" and last.dep_ != "ROOT"):
        return None
    lemma = _lemma(last)
    if lemma in CUE_LEMMAS or lemma in SOUND_VERBS or lemma in OBJECT_CUES:
        return last
    return None


def _cue_for_span(
    s: QuoteSpan,
    doc: Doc,
    cues: Sequence[Token],
    spans: Sequence[QuoteSpan],
    inside: Sequence[bool],
) -> Token | None:
    """The cue attributing a direct quote: the nearest free cue in or next to its sentences."""
    span = doc.char_span(s.mark_start, s.mark_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    sents = {x.start: x for x in (_sent(t) for t in span)}
    lo = min(x.start_char for x in sents.values())
    hi = max(x.end_char for x in sents.values())
    # The cue may open the next sentence ('"…." Trump said.') or end the previous one with a
    # colon or comma ('He added: "…"'), but only right next to the marks.
    if span.end < len(doc):
        nxt = _sent(doc[span.end])
        hi = max(hi, doc[min(span.end + 6, nxt.end - 1)].idx + 1)
    if span.start > 0:
        prev = _sent(doc[span.start - 1])
        if prev.text.rstrip().endswith((":", ",")):
            lo = min(lo, prev.start_char)
    # Stay in the quote's paragraph.
    text = _text(doc)
    p_lo = text.rfind("\n", 0, s.mark_start) + 1
    p_hi = text.find("\n", s.mark_end)
    p_hi = len(text) if p_hi < 0 else p_hi
    lo, hi = max(lo, p_lo), min(hi, p_hi)
    best: Token | None = None
    best_d = 10**9
    for t in cues:
        if t.idx < lo or t.idx >= hi:
            continue
        # A cue with its own clause outside marks reports that clause, not this quote, unless
        # it follows the quote's closing mark ('“…,” said X, who …').
        after_this = t.idx > s.mark_start and _right_after(t, s, inside)
        if not after_this and any(
            c.dep_ == "ccomp"
            and c.i > t.i
            and not inside[c.idx]
            and not any(
                m.dep_ in ("mark", "advmod") and m.i < c.i and m.lower_ not in _NEW_CLAUSE_MARKS
                for m in c.children
            )
            for c in t.children
        ):
            continue
        # A quoted name inside the cue's own phrases is no one's words: 'according to the
        # "Medicare for all" document', 'said in a "Meet the Press" interview'.
        if any(
            c.dep_ in ("prep", "agent", "nsubj")
            and c.left_edge.idx <= s.mark_start
            and s.mark_end <= c.right_edge.idx + len(c.right_edge)
            and c.right_edge.idx >= s.mark_end
            for c in t.children
        ):
            continue
        # Another quote between the cue and this one belongs to that quote, not to this one.
        a, b = (t.idx, s.mark_start) if t.idx < s.mark_start else (s.mark_end, t.idx)
        if any(o is not s and o.mark_start >= a and o.mark_end <= b for o in spans):
            continue
        d = a - b if a > b else b - a
        if d < best_d:
            best, best_d = t, d
    return best


def _make_quote(text: str, start: int, end: int, kind: str, attr: _Attribution) -> Quote:
    cs, ce = _cue_span(attr.cue)
    if attr.cue_end is not None:
        ce = max(ce, attr.cue_end)
    return quote_at(text, start, end, kind, (cs, ce), attr.speaker, attr.mode)


def quote_at(
    text: str, start: int, end: int, kind: str, cue: tuple[int, int], sp: _Speaker | None,
    mode: str,
) -> Quote:
    """A Quote of ``text[start:end]`` with its cue span and speaker (the rules and the trained
    tagger both build theirs here); a direct quote is always speech."""
    cs, ce = cue
    return Quote(
        text=text[start:end],
        kind=kind,  # type: ignore[arg-type]
        start=start,
        end=end,
        speaker=sp.canonical if sp else None,
        speaker_text=sp.text if sp else None,
        speaker_start=sp.start if sp else None,
        speaker_end=sp.end if sp else None,
        cue=text[cs:ce],
        cue_start=cs,
        cue_end=ce,
        speaker_id=sp.entity_id if sp else None,
        mode="speech" if kind == "direct" else mode,  # type: ignore[arg-type]
    )


def _dedupe(quotes: list[tuple[Quote, int]], text: str) -> list[Quote]:
    """Resolve overlaps between direct quotes and reported contents.

    A reported content that is (nearly) all one direct quote is the same utterance: keep the
    direct quote. A direct quote that is a fragment of a longer reported content ("said that the
    plan is 'dead'") is part of that reported speech: keep the reported one.
    """
    drop: set[int] = set()
    directs = [(i, q) for i, (q, _) in enumerate(quotes) if q.kind == "direct"]
    direct_cues = {q.cue_start for _, q in directs}
    for i, (q, _) in enumerate(quotes):
        # A cue that attributes a direct quote does not also report a clause elsewhere
        # ('"…," she said, but despite …'), unless that clause holds the quote (handled below).
        if q.kind == "reported" and q.cue_start in direct_cues:
            if not any(d.start < q.end and q.start < d.end for _, d in directs):
                drop.add(i)
    for i, (q, _) in enumerate(quotes):
        if q.kind != "reported":
            continue
        for j, d in directs:
            if d.end <= q.start or d.start >= q.end:
                continue
            outside = _words_outside(text, q.start, q.end, d.start, d.end)
            if outside <= 1:
                drop.add(i)
            elif (
                d.cue_start == q.cue_start
                and d.end >= q.end - 1
                and q.end <= (q.cue_start or 0)
                and text[q.start : d.start].rstrip(" \t" + ALL_MARKS)[-1:] in (":", "—", "–", ".")
            ):
                # 'Biden weighed in, telling Mic …, “But gosh, they're both qualified,” he said':
                # the quote next to its cue is what the cue reports, not the sentence before.
                drop.add(i)
            elif d.start >= q.start - 1 and d.end <= q.end + 1:
                drop.add(j)
            else:
                drop.add(i)
    # Overlapping reported contents: keep the longer. An attribution inside another's content
    # ("Biden said Trump criticised the plan") is left out: on PolNeAR train such inner ones are
    # annotated one time in five.
    kept = [(q, k) for i, (q, k) in enumerate(quotes) if i not in drop]
    kept.sort(key=lambda x: (x[1], -(x[0].end - x[0].start)))
    out: list[Quote] = []
    for q, _ in kept:
        clash = next(
            (
                o
                for o in out
                if o.kind == q.kind == "reported" and o.start < q.end and q.start < o.end
            ),
            None,
        )
        if clash is not None:
            if (q.end - q.start) > (clash.end - clash.start):
                out[out.index(clash)] = q
            continue
        out.append(q)
    out.sort(key=lambda q: q.start)
    return out


def _words_outside(text: str, a: int, b: int, c: int, d: int) -> int:
    outside = text[a : max(a, c)] + " " + text[min(b, d) : b]
    return sum(1 for w in _WORD.findall(outside) if w.lower() != "that")


@stage("quotes", requires=("parse",))
def quotes(article: Article, ctx: Context) -> None:
    """Find direct and reported speech and resolve each speaker to a canonical entity."""
    if not article.text.strip():
        article.quotes = []
        return
    doc = doc_for(article, ctx)
    rules = extract_quotes(article, doc)
    # The trained tagger adds what the rules miss (rules alone when its model file is missing);
    # which one is a reading option (attribution_model.MODELS), kept with the article.
    from .attribution_model import OPTION, annotate, model_name

    choice = ctx.options.get(OPTION)
    article.quotes = annotate(article, doc, rules, choice)
    article.meta[OPTION] = model_name(choice)


__all__ = [
    "CUE_LEMMAS",
    "DEFAULT_FRAMES",
    "FRAMES",
    "QuoteSpan",
    "extract_quotes",
    "find_quote_spans",
    "quotes",
]
