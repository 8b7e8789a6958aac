"""Cue verbs, their speakers and their content: speech and belief verbs with a clause,
"according to", "as X said", and the parse helpers the other modules share.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from ...lexicon import WIRE_AGENCIES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
from .cues import (
    BELIEF_CUES,
    CONTROL_VERBS,
    CUE_LEMMAS,
    DEFAULT_FRAMES,
    INFINITIVE_CUES,
    MEDIUM_NOUNS,
    NAMING_CUES,
    NP_LEFT_DEPS,
    OBJECT_CUES,
    PREP_CUES,
    SEEM_VERBS,
    SOURCE_NOUNS,
    SUBJECT_DEPS,
    WEAK_CUES,
)
from .marks import ALL_MARKS, AMBIGUOUS, CLOSERS, SINGLE_CLOSE, WORD_RE, QuoteSpan

# Forms en_core_web_sm lemmatises wrongly, to the lemma the lexicons use ("hopes" -> "hop").
LEMMA_FIXES = {"hopes": "hope", "hoped": "hope", "hoping": "hope"}


def lemma_of(tok: Token) -> str:
    """The lowercase lemma of a token, with the tagger's known slips mended."""
    return LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()


def is_cue(tok: Token, frames: Collection[str] = DEFAULT_FRAMES) -> bool:
    """A cue whose content is a clause: a speech verb, or a belief verb with its that-clause."""
    lemma = lemma_of(tok)
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


def doc_text(doc: Doc) -> str:
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
            if lemma_of(noun) in MEDIUM_NOUNS and noun.dep_ in ("dobj", "pobj"):
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
        if cur is tok and lemma_of(tok) in CUE_LEMMAS:
            return _stranded_subject(tok)
        return None
    return None


def free_subject(tok: Token, inside: Sequence[bool]) -> Token | None:
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
    text = doc_text(tok.doc)
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
    if doc_text(doc)[s.end : s.mark_end].strip()[:1] != ",":
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
    text = doc_text(doc)
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
    if tok.dep_ == "xcomp" and lemma_of(tok.head) in CONTROL_VERBS:
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
    text = doc_text(doc)
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
        if not named and lemma_of(head) not in SOURCE_NOUNS:
            continue
        rest = text[t.idx + 1 : text.find("\n", t.idx) if "\n" in text[t.idx :] else len(text)]
        if len(WORD_RE.findall(rest)) < 3:
            continue
        out[t] = name[-1]
    return out


def _content_of(tok: Token, doc: Doc, cue_ids: set[int]) -> list[tuple[int, int]]:
    """The content of a reported-speech cue as character spans (two around a parenthetical cue:
    "In his state, Christie said, offenders are sent to treatment"), or none."""
    sent = _sent(tok)
    if tok.text == ":":
        text = doc_text(doc)
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
            host = tok.head
            if _attributes(host):
                return []  # "…, as they all vowed to …": the clause is an attribution itself
            a, b = max(host.left_edge.i, sent.start), min(host.right_edge.i, sent.end - 1)
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
    if subj is not None and not before and lemma_of(tok) in CUE_LEMMAS:
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
    lemma = lemma_of(verb)
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
            and (lemma_of(x) in CUE_LEMMAS or lemma_of(x) in BELIEF_CUES)
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
        if j in cue_ids or (doc[j].tag_ == "VBG" and lemma_of(doc[j]) in CUE_LEMMAS):
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
    text = doc_text(doc)
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


def _reports_clause(x: Token) -> bool:
    """Whether a verb is a speech or belief cue with its own clause ("declined to say whether"):
    that cue reports the clause, with the verb above it as part of the cue."""
    lemma = lemma_of(x)
    return (lemma in CUE_LEMMAS or lemma in BELIEF_CUES) and any(
        c.dep_ == "ccomp" for c in x.children
    )
