"""The relation between two statements: the claim-relation model read under precise rules.

One judge for every caller: the story comparison (``compare.align``, on claims with their actor,
source, date and predicate) and :func:`relate_statements` (``rashomon relate``, the HTTP API, the
relation gold), which reads what it can from the bare text. A difference is reported only when
a careful reader would confirm it from the two statements; when unsure the pair is ``related``.

* numbers differ only when they count the same thing of the same actor (the same unit and the
  same words around it, one side adding nothing the other lacks) and the ranges they allow are
  disjoint ("more than 30" vs "26"; "up to 30" vs "30" agree);
* dates differ only when they date the same event: one predicate, the same granularity, high
  similarity (an election year is never compared with the day it was announced);
* negation contradicts only when one side alone negates and the rest of the two statements says
  the same (content words, similarity), and the model does not read entailment;
* the model alone says ``contradicts`` only when contradiction is high and neither direction
  reads entailment or neutral (so both directions contradict), at high similarity;
* characterisation (the same actor given another stance) needs the model's support;
* attribution differs only when the same statement is put in the mouths of two different
  people (``read.entities.same_person`` says False); the outlet's own voice is no speaker;
* ``same`` when the model reads paraphrase or entailment both ways; ``unrelated`` when the
  model's similarity says the two are not about the same thing.

Every rule that fired, and every model decision, is written in ``detail``. Thresholds were chosen
on the dev parts of ``shared/datasets/sentence-relations`` (SICK trial, MSRP val) and the seeds,
never on a test split: ``benchmarks/relate_thresholds.py`` prints what each one gives there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..model import Number
from ..read.numbers import numbers_in, unit_key
from .claims import negated as negated_text
from .claims import stance_of

RelationName = Literal["same", "related", "differs", "contradicts", "unrelated"]

# Model similarity is the STS head in [0, 1] (STS grade / 5): 0.8 ~ "mostly equivalent",
# 0.6 ~ "roughly equivalent, some important information differs", 0.2 ~ "not equivalent, but on
# the same topic" (the STS annotation guidelines).
SAME = 0.80  # a statement put in two mouths must be the same statement
HIGH = 0.60  # the rest of the two statements says the same thing
UNRELATED = 0.10  # below: not about the same thing (STS 2014 dev: 25 pairs below, all graded < 2)
# The model's own verdicts (chosen on SICK trial / MSRP val, see the module docstring).
CONTRADICT = 0.90  # contradiction probability (the larger direction) for the model alone
QUIET = 0.05  # entailment and neutral (both ways) stay below this: both directions contradict
ENTAIL = 0.50  # entailment that vetoes a negation contradiction
SAME_ENTAIL = 0.80  # entailment both ways: the same fact
SAME_PARA = 0.90  # paraphrase probability, with similarity >= SAME
# The bi-encoder's cosine as a second reader: the cross-encoder can stumble on a spelling ("UK"
# vs "U.K." read as entailment 0.12 one way); cosine >= 0.9 with paraphrase >= 0.8 is the most
# precise `same` on MSRP val (129 of 131 labelled paraphrases).
SAME_COSINE, SAME_COSINE_PARA = 0.90, 0.80
STANCE_CONTRADICT = 0.50  # a different stance of one actor, with the model reading conflict
OVERLAP = 0.60  # content-word overlap (Dice) of the two sides of a negation
CONTEXT = 4  # content words read on each side of a number to tell what it counts

_NEG_WORDS = re.compile(
    r"\b(?:not|no|never|none|nothing|nobody|neither|nor|without|cannot|denied|denies|deny|"
    r"refused|refuses|rejected|rejects|declined|declines|avoided|avoids)\b|n't\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"[,;:.!?()\u2014\u2013\"\u201c\u201d]|\b(?:but|while|though|although|because|as)\b"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*$")
_NAME_PARTICLES = frozenset({"de", "da", "van", "von", "der", "la", "le", "bin", "al", "del", "di"})


def _stop_words() -> frozenset[str]:
    # spaCy's English stop list (already a dependency): words that carry no content.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_STOP = _stop_words()


@dataclass(frozen=True, slots=True)
class Statement:
    """One side of a pair as the rules read it. From bare text only the negation and the numbers
    are known; a claim of an article adds who it is about, who asserts it, its date and verb."""

    text: str
    negated: bool = False
    numbers: tuple[Number, ...] = ()
    actor: str | None = None  # who the statement is about (resolved)
    predicate: str | None = None  # lemma of the main verb
    date: str | None = None  # ISO value
    source: str | None = None  # who asserts it; None: the outlet in its own voice
    source_is_person: bool = False

    @classmethod
    def of_text(cls, text: str) -> Statement:
        """What the rules can read from the text alone (the claims fallback reads the same)."""
        return cls(text=text, negated=negated_text(text), numbers=tuple(numbers_in(text)))


@dataclass(frozen=True, slots=True)
class Relation:
    """How two statements relate: the label, the model's similarity in [0, 1], and why."""

    relation: RelationName
    similarity: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"relation": self.relation, "similarity": self.similarity, "detail": self.detail}


# -- the rules ------------------------------------------------------------------------------


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _fold(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def content_words(text: str) -> set[str]:
    """The words that carry the statement's content: no stop word, no negation cue."""
    out = set()
    for m in _WORD.finditer(_NEG_WORDS.sub(" ", text)):
        w = m.group(0)
        if w.lower() not in _STOP:
            out.add(_fold(w))
    return out


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _negates(s: Statement) -> bool:
    return s.negated or bool(_NEG_WORDS.search(s.text))


def _range(n: Number) -> tuple[float, float] | None:
    """The values a number allows: "more than 30" is (30, inf), "about 30" is 27..33."""
    if n.value is None:
        return None
    v, eps = n.value, 1e-9
    return {
        "exact": (v, v),
        "more_than": (v + eps, float("inf")),
        "at_least": (v, float("inf")),
        "less_than": (float("-inf"), v - eps),
        "at_most": (float("-inf"), v),
        "about": (0.9 * v, 1.1 * v),
    }[n.approx]


def _disjoint(a: Number, b: Number) -> bool:
    ra, rb = _range(a), _range(b)
    if ra is None or rb is None:
        return False
    return ra[1] < rb[0] or rb[1] < ra[0]


def _context(text: str, number: Number) -> tuple[set[str], set[str]] | None:
    """Content words just before the number and just after its unit: what it counts and of
    whom ("23 states | allow medical marijuana" vs "Four states | allow recreational ...")."""
    at = text.find(number.text)
    if at < 0:
        return None
    before = [w for w in _WORD.findall(text[:at]) if w.lower() not in _STOP]
    after = [w for w in _WORD.findall(text[at + len(number.text) :]) if w.lower() not in _STOP]
    return {_fold(w) for w in before[-CONTEXT:]}, {_fold(w) for w in after[:CONTEXT]}


def _nested(a: set[str], b: set[str]) -> bool:
    """One side adds nothing the other lacks (a detail left out is no other thing)."""
    return a <= b or b <= a


def _same_actor(a: str | None, b: str | None) -> bool | None:
    """True, False, or None when either is unknown."""
    from ..read.entities import same_person

    if not a or not b:
        return None
    if a == b:
        return True
    return bool(same_person(a, b))


def _number_rule(a: Statement, b: Statement, sim: float) -> tuple[str | None, list[str]]:
    """("number: ...", notes): a difference when one quantity is counted twice, else notes on
    the quantities the two sides share but do not count alike."""
    notes: list[str] = []
    by_a: dict[str, list[Number]] = {}
    for n in a.numbers:
        if n.unit:
            by_a.setdefault(unit_key(n.unit) or "", []).append(n)
    for nb in b.numbers:
        for na in by_a.get(unit_key(nb.unit) or "", []) if nb.unit else []:
            if not _disjoint(na, nb):
                continue
            ca, cb = _context(a.text, na), _context(b.text, nb)
            if ca is None or cb is None:
                continue
            unit = unit_key(na.unit) or ""
            actors = _same_actor(a.actor, b.actor)
            counted_actor = any(unit in {_fold(w) for w in _WORD.findall(x or "")}
                                for x in (a.actor, b.actor))  # fmt: skip
            if not (_nested(ca[0], cb[0]) and _nested(ca[1], cb[1])):
                notes.append(f"'{na.text}' and '{nb.text}' count different things")
            elif actors is False and not counted_actor:
                notes.append(f"'{na.text}' and '{nb.text}' are of {a.actor} and {b.actor}")
            elif sim < HIGH:
                notes.append(f"'{na.text}' and '{nb.text}': the statements differ otherwise")
            else:
                return f"number: '{na.text}' vs '{nb.text}'", notes
    return None, notes


def _date_rule(a: Statement, b: Statement, sim: float) -> tuple[str | None, list[str]]:
    if not (a.date and b.date) or a.date == b.date:
        return None, []
    k = min(len(a.date), len(b.date))
    if a.date[:k] == b.date[:k]:
        return None, []  # "2014-12" and "2014-12-18" agree
    if len(a.date) != len(b.date):
        return None, [f"dates {a.date} and {b.date} are of different precision (other events)"]
    if not a.predicate or a.predicate.lower() != (b.predicate or "").lower():
        return None, [f"dates {a.date} and {b.date} date different events"]
    if sim < HIGH:
        return None, [f"dates {a.date} and {b.date}: the statements differ otherwise"]
    return f"date: {a.date} vs {b.date}", []


def _scope_words(text: str) -> list[set[str]]:
    """For each negation cue, the content words it governs: those after it up to the clause's
    end (punctuation or a contrast word), at most ``CONTEXT`` of them."""
    out = []
    for m in _NEG_WORDS.finditer(text):
        clause = _CLAUSE_END.split(text[m.end() :], maxsplit=1)[0]
        words = [w for w in _WORD.findall(_NEG_WORDS.sub(" ", clause)) if w.lower() not in _STOP]
        out.append({_fold(w) for w in words[:CONTEXT]})
    return out


def _negation_rule(
    a: Statement, b: Statement, sim: float, entail: float
) -> tuple[str | None, list[str]]:
    na, nb = _negates(a), _negates(b)
    if na == nb:
        return None, (["both sides negate"] if na else [])
    neg, pos = (a, b) if na else (b, a)
    overlap = _dice(content_words(a.text), content_words(b.text))
    other = content_words(pos.text)
    scopes = _scope_words(neg.text) or [set()]  # a claims-stage flag without a cue word
    if not any(scopes) or not all(sc <= other for sc in scopes):
        return None, ["one side negates something the other does not say"]
    if overlap < OVERLAP or sim < HIGH:
        return None, [f"one side negates, but the rest differs (overlap {overlap:.2f})"]
    if entail >= ENTAIL:
        return None, [f"one side negates, but the model reads entailment {entail:.2f}"]
    return f"negation: '{_short(neg.text)}' vs '{_short(pos.text)}' (overlap {overlap:.2f})", []


def _model_contradiction(a: Statement, b: Statement, s: Any, sim: float) -> bool:
    """The model alone, on pairs without a negation (those are the negation rule's): on the dev
    sets its contradiction reading is a negation detector, so it must be near certain both ways
    and the pair no paraphrase."""
    return (
        not (_negates(a) or _negates(b))
        and s.contradict >= CONTRADICT
        and max(s.entail, s.entail_back) < QUIET
        and s.neutral < QUIET
        and s.paraphrase < 0.5
        and sim >= HIGH
    )


def _looks_like_a_name(source: str) -> bool:
    """Without the article's entities: every word capitalised ("Mark Rutte"), so a common noun
    ("officials", "the lawsuit", "Two heartland states") is not taken for a person."""
    words = source.split()
    return bool(words) and all(_NAME_WORD.match(w) or w.lower() in _NAME_PARTICLES for w in words)


def _attribution_rule(a: Statement, b: Statement, sim: float) -> tuple[str | None, list[str]]:
    from ..read.entities import same_person

    if a.source == b.source or sim < SAME:
        return None, []
    if a.source is None or b.source is None:
        return None, ["the outlet's own voice beside a named source is no attribution difference"]
    if not (a.source_is_person and b.source_is_person):
        return None, [f"{a.source} / {b.source}: not two people"]
    same = same_person(a.source, b.source)
    if same is not False:
        return None, [f"{a.source} and {b.source} may be one person" if same is None
                      else f"{a.source} and {b.source} are one person"]  # fmt: skip
    return f"attribution: {a.source} vs {b.source}", []


def _characterisation_rule(a: Statement, b: Statement, s: Any) -> tuple[str | None, list[str]]:
    from ..lexicon import SAYING_VERBS

    if _same_actor(a.actor, b.actor) is not True:
        return None, []
    if (a.predicate or "").lower() in SAYING_VERBS or (b.predicate or "").lower() in SAYING_VERBS:
        return None, []  # the actor reports: the stance words belong to someone else
    sa, sb = stance_of(a.text, a.predicate).stance, stance_of(b.text, b.predicate).stance
    if sa == sb or "says" in (sa, sb):
        return None, []
    if s.contradict >= STANCE_CONTRADICT and max(s.entail, s.entail_back) < ENTAIL:
        return f"characterisation: {a.actor} {sa} vs {sb}", []
    return None, [f"{a.actor} {sa} vs {sb}: the model reads no conflict"]


def _model_note(s: Any) -> str:
    return (
        f"model: similarity {s.similarity:.2f}, entailment {s.entail:.2f}/{s.entail_back:.2f}, "
        f"contradiction {s.contradict:.2f}, paraphrase {s.paraphrase:.2f}"
    )


def judge(a: Statement, b: Statement, s: Any, cosine: float | None = None) -> Relation:
    """The relation of one pair, given the model's :class:`relation_model.Scores` for it and
    the sentence vectors' cosine when known."""
    sim = float(min(1.0, max(0.0, s.similarity)))
    model = _model_note(s)
    entail = max(s.entail, s.entail_back)
    notes: list[str] = []

    def found(rel: RelationName, why: str) -> Relation:
        return Relation(rel, round(sim, 4), "; ".join([why, *notes, model]))

    for rule in (
        lambda: _number_rule(a, b, sim),
        lambda: _date_rule(a, b, sim),
    ):
        hit, more = rule()
        notes += more
        if hit:
            return found("differs", hit)
    hit, more = _negation_rule(a, b, sim, entail)
    notes += more
    if hit:
        return found("contradicts", hit)
    if _model_contradiction(a, b, s, sim):
        return found("contradicts", "the model reads a contradiction both ways")
    for rule in (
        lambda: _characterisation_rule(a, b, s),
        lambda: _attribution_rule(a, b, sim),
    ):
        hit, more = rule()
        notes += more
        if hit:
            return found("differs", hit)
    if min(s.entail, s.entail_back) >= SAME_ENTAIL:
        return found("same", "the model reads entailment both ways")
    if s.paraphrase >= SAME_PARA and sim >= SAME:
        return found("same", "the model reads a paraphrase")
    if cosine is not None and cosine >= SAME_COSINE and s.paraphrase >= SAME_COSINE_PARA:
        return found("same", f"a paraphrase, sentence vectors at cosine {cosine:.2f}")
    if sim < UNRELATED:
        return found("unrelated", "the model reads different subjects")
    return found("related", "no conflict the rules or the model confirm")


def judge_all(
    pairs: Sequence[tuple[Statement, Statement]], cosines: Sequence[float] | None = None
) -> list[Relation]:
    """Each pair read by the relation model (one batch), then judged; ``cosines`` are the
    pairs' sentence-vector cosines (computed here when not given)."""
    from . import relation_model

    if not pairs:
        return []
    if cosines is None:
        cosines = _cosines(pairs)
    # Each distinct pair of texts is read once (a story of wire copies repeats the same pairs
    # many times), and two identical texts need no model: they say the same, whoever says it
    # (the rules still judge the attribution).
    texts = [(_norm(a.text), _norm(b.text)) for a, b in pairs]
    todo = list(dict.fromkeys(k for k in texts if k[0] != k[1]))
    model = relation_model.load() if todo else None
    read = dict(zip(todo, model.score(todo) if model else [], strict=True))
    scores = [read.get(k, _IDENTICAL) for k in texts]
    return [
        judge(a, b, s, c) for (a, b), s, c in zip(pairs, scores, cosines, strict=True)
    ]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _identical() -> Any:
    from .relation_model import Scores

    return Scores(entail=1.0, entail_back=1.0, neutral=0.0, contradict=0.0, paraphrase=1.0,
                  similarity=1.0)  # fmt: skip


_IDENTICAL = _identical()


def _cosines(pairs: Sequence[tuple[Statement, Statement]]) -> list[float]:
    from .. import embed

    texts = list(dict.fromkeys(t for a, b in pairs for t in (a.text, b.text)))
    vecs = dict(zip(texts, embed.embed(texts), strict=True))
    return [float(vecs[a.text] @ vecs[b.text]) for a, b in pairs]


def relate_statements(pairs: Sequence[tuple[str, str]]) -> list[Relation]:
    """The relation of each (a, b) pair of statements, in order; the story comparison judges
    its claims with the same rules and model (only the claims know more than their text)."""
    return judge_all([(Statement.of_text(a), Statement.of_text(b)) for a, b in pairs])


__all__ = ["Relation", "Statement", "judge", "judge_all", "relate_statements", "content_words"]
