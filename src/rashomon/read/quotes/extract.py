"""The extraction: direct quotes with their cues, reported speech, the frames, and the
clean-up of overlaps (``extract_quotes``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Article, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
from .cues import (
    BELIEF_CUES,
    CUE_LEMMAS,
    DEFAULT_FRAMES,
    FINDINGS,
    MEDIUM_NOUNS,
    MENTAL_STATES,
    NAMING_CUES,
    NOUN_CLAUSE_CUES,
    OBJECT_CUES,
    PASSIVE_CUES,
    SOUND_VERBS,
    SPEECH_ACTS,
    WEAK_CUES,
)
from .frames import _Frame, _frames
from .marks import ALL_MARKS, WORD_RE, QuoteSpan, find_quote_spans
from .mentions import MentionState
from .speakers import SPEAKER_LABELS, Speaker, resolve_speaker
from .speakers import _is_subject as _main_subject
from .speech import (
    _NEW_CLAUSE_MARKS,
    _colon_cues,
    _content_of,
    _cue_span,
    _idiom,
    _past_dateline,
    _right_after,
    _sent,
    _spans,
    doc_text,
    free_subject,
    is_cue,
    lemma_of,
)


@dataclass(slots=True)
class _Attribution:
    cue: Token
    speaker: Speaker | None
    cue_end: int | None = None  # end of a cue phrase longer than the verb ("called for")
    mode: str = "speech"  # Quote.mode of the reported content (direct quotes are speech)


def mode_of(cue: Token, frame: str | None = None) -> str:
    """What an attribution reports (``Quote.mode``): "speech" (words said or written),
    "belief" (a state of mind) or "other" (an evaluation, stance or finding), from its cue
    word and the construction that found it."""
    if frame in ("belief", "seem"):
        return "belief"  # "is confident that …", "seems ready"
    if cue.text == ":" or cue.lower_ == "according":
        return "speech"
    lemma = lemma_of(cue)
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
    state = MentionState.of(article, doc)
    spans, inside = quoted(text)

    # Cue tokens outside quote marks, in order.
    cues = [t for t in doc if not inside[t.idx] and is_cue(t, frames)]
    cue_subject = {t.i: free_subject(t, inside) for t in cues}
    cues = [
        t
        for t in cues
        if cue_subject[t.i] is not None or t.lower_ == "according"
        if lemma_of(t) not in WEAK_CUES or cue_subject[t.i] is not None
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
    last_end: dict[int, int] = {}  # id of an attribution -> end of the last quote given it
    speech_cues = [t for t in cues if lemma_of(t) not in BELIEF_CUES]
    s: QuoteSpan | None  # a span, then (in ``pending``) the span of an entry if it has one
    attr: _Attribution | None
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
            speaker = resolve_speaker(src, state) if src is not None else None
            attr = _Attribution(
                frame.cue,
                speaker,
                frame.cue_end.idx + len(frame.cue_end),
                mode_of(frame.cue, frame.kind),
            )
            _remember(state, attr, quotes)
            for c_start, c_end in _spans(frame.cue, frame.ranges):
                quotes.append((_make_quote(text, c_start, c_end, "reported", attr), c_start))
        elif s is not None:
            k = span_index[id(s)]
            attr = direct_cue.get(k)
            if attr is not None and attr.speaker is None:
                subj = cue_subject.get(attr.cue.i) or free_subject(attr.cue, inside)
                attr.speaker = resolve_speaker(subj, state) if subj else None
                _remember(state, attr, quotes)
            if attr is None:
                attr = chain_attr.get(s.chain)
            if attr is None:
                prev = para_last.get(s.paragraph) or para_last.get(s.paragraph - 1)
                starts_para = _starts_paragraph(text, s)
                if prev is not None and (s.paragraph in para_last or starts_para):
                    attr = prev
                    other = _intervening(state, doc, attr, last_end.get(id(attr), 0), s.mark_start)
                    if other and not _is_title(text, s):
                        # Someone else spoke or became the subject since: not the last speaker's.
                        attr = _Attribution(attr.cue, _no_speaker(s, "continuation"))
            if attr is None or _is_title(text, s):
                continue  # an unattributed quote: a title, a scare quote, a headline
            chain_attr[s.chain] = attr
            para_last[s.paragraph] = attr
            last_end[id(attr)] = s.mark_end
            sp = attr.speaker
            if sp is not None and sp.canonical:
                state.voices.append((s.mark_start, s.mark_end, sp.canonical, sp.entity_id, sp.label))
            q = _make_quote(text, s.start, s.end, "direct", attr)
            quotes.append((q, s.start))
        else:
            assert tok is not None
            content = contents[tok.i]
            if not content:
                continue
            subj = cue_subject.get(tok.i)
            speaker = resolve_speaker(subj, state) if subj is not None else None
            attr = _Attribution(tok, speaker, mode=mode_of(tok))
            _remember(state, attr, quotes)
            for c_start, c_end in content:
                q = _make_quote(text, c_start, c_end, "reported", attr)
                quotes.append((q, c_start))

    return _dedupe(quotes, text)


def _no_speaker(s: QuoteSpan, reason: str) -> Speaker:
    return Speaker("", s.mark_start, s.mark_start, None, None, "NOUN", reason)


def _intervening(
    state: MentionState, doc: Doc, attr: _Attribution, after: int, before: int
) -> bool:
    """Whether, between the last quote given ``attr`` (ending at ``after``) and a quote at
    ``before`` that no cue claims, the text turned to someone else: a speaker resolved since
    (another attribution) or a person who is the subject of a main clause, other than
    ``attr``'s speaker. Then the quote is not the continuation of ``attr``'s."""
    sp = attr.speaker
    if sp is None or not sp.canonical:
        return False
    # The sentence of the attribution's own cue ('"…," said X, Y's chief of staff, according
    # to people …') is that attribution's, not someone else's turn.
    after = max(after, _sent(attr.cue).end_char)
    own = {sp.canonical, *(sp.canonical.split()[-1:])}
    for off, canonical, _eid, _label in reversed(state.speakers):
        if off < after:
            break
        if off < before and canonical not in own and canonical.split()[-1] not in own:
            return True
    for m in state.mentions:
        if after <= m.start < before and m.label == "PERSON" and _main_subject(doc, m):
            if m.canonical not in own and m.canonical.split()[-1] not in own:
                return True
    return False


def _remember(
    state: MentionState, attr: _Attribution, found: Sequence[tuple[Quote, int]] = ()
) -> None:
    """Keep ``attr``'s speaker for the pronouns that follow, unless its cue lies inside what an
    earlier attribution reports ("Trump said he appreciated Mueller releasing a statement":
    the statement's Mueller is part of Trump's words, and "he" after it is still Trump)."""
    sp = attr.speaker
    cue = attr.cue.idx
    if any(q.kind == "reported" and q.start <= cue < q.end for q, _ in found[-8:]):
        return
    if sp is not None and sp.canonical and sp.label in SPEAKER_LABELS:
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


def _lead_in_cue(s: QuoteSpan, doc: Doc, inside: Sequence[bool]) -> Token | None:
    """The verb that leads into a quote no speech cue claims: the clause that ends with a colon
    or comma before it, possibly across a paragraph break ("he declared:⏎⏎“…”", "President
    Clinton released the following statement:"), or a verb right before the marks ("mouthing
    “thank you”", "which read “Hispanics 4 Trump”")."""
    text = doc_text(doc)
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
                lemma = lemma_of(t)
                known = (
                    lemma in CUE_LEMMAS
                    or lemma in SOUND_VERBS
                    or lemma in OBJECT_CUES
                    or lemma in NAMING_CUES
                    or lemma in PASSIVE_CUES
                )
                nouns = any(
                    lemma_of(x) in MEDIUM_NOUNS or lemma_of(x) in NOUN_CLAUSE_CUES
                    for x in t.subtree
                    if x.i < last.i
                )
                return t if known or (last.text == ":" and nouns) else None
        return None
    if crossed or last.pos_ != "VERB" or (last.tag_ == "VBN" and last.dep_ != "ROOT"):
        return None
    lemma = lemma_of(last)
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
    text = doc_text(doc)
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
    text: str,
    start: int,
    end: int,
    kind: str,
    cue: tuple[int, int],
    sp: Speaker | None,
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
        speaker_reason=(sp.reason or "not_actor")
        if sp and not sp.canonical
        else (None if sp else "no_source"),
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
    return sum(1 for w in WORD_RE.findall(outside) if w.lower() != "that")
