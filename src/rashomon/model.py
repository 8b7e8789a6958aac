"""The one document model every stage annotates.

An :class:`Article` starts as what a reader (``rashomon.sources``) made of an input and is then
annotated in place by the cleaning stage (``text``, ``removed``, metadata) and the reading stages
(``sentences``, ``entities``, ``quotes``, ``dates``, ``claims``). No stage keeps a side copy: what a
stage learns lives here, so it is stored, rendered and compared from one place.

All offsets (``start``/``end``) index ``Article.text``, the cleaned body, except those of
:class:`Removed`, which index ``Article.raw_text`` (the decoded input before cleaning) because the
removed spans are by definition no longer in the body.

Every class round-trips through plain JSON: ``Article.from_dict(a.to_dict()) == a``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin

SCHEMA_VERSION = "1.3.0"

T = TypeVar("T", bound="Model")


def content_id(data: bytes) -> str:
    """Stable id of a piece of content: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Model:
    """Mixin: JSON round-trip for slotted dataclasses, driven by their type hints."""

    __slots__ = ()
    _hints: ClassVar[dict[str, Any]]
    #: Optional fields left out of the JSON while unknown, rather than written as null (a voice's
    #: role: documents have never carried a null one, so their shape stays as it was).
    _omit_none: ClassVar[frozenset[str]] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        omit = self._omit_none
        for name in _names_of(type(self)):
            v = getattr(self, name)
            if v is None and name in omit:
                continue
            out[name] = v if type(v) in _PLAIN else _dump(v)
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        kwargs: dict[str, Any] = {}
        for name, load in _plan_of(cls):
            if name in data:
                v = data[name]
                kwargs[name] = v if load is None or v is None else load(v)
        return cls(**kwargs)


# Decoding is planned once per class from its type hints: a loader per field, None where the
# JSON value is already the value. Interpreting the hints on every call (typing.get_origin per
# value) made loading an article from the store or a worker cost ~10 ms (measured).
Loader = Callable[[Any], Any]
_PLAIN = frozenset({str, int, float, bool, type(None)})
_HINTS_CACHE: dict[type, dict[str, Any]] = {}
_NAMES: dict[type, tuple[str, ...]] = {}
_PLANS: dict[type, tuple[tuple[str, Loader | None], ...]] = {}
_LOADERS: dict[Any, Loader | None] = {}


def _hints_of(cls: type) -> dict[str, Any]:
    hints = _HINTS_CACHE.get(cls)
    if hints is None:
        hints = typing.get_type_hints(cls)
        _HINTS_CACHE[cls] = hints
    return hints


def _names_of(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _plan_of(cls: type) -> tuple[tuple[str, Loader | None], ...]:
    plan = _PLANS.get(cls)
    if plan is None:
        hints = _hints_of(cls)
        plan = _PLANS[cls] = tuple((n, _loader(hints[n])) for n in _names_of(cls))
    return plan


def _dump(value: Any) -> Any:
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [v if type(v) in _PLAIN else _dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): v if type(v) in _PLAIN else _dump(v) for k, v in value.items()}
    return value


def _load(hint: Any, value: Any) -> Any:
    """A JSON value decoded as ``hint`` says (models, lists, tuples, dicts of them)."""
    load = _loader(hint)
    return value if load is None or value is None else load(value)


def _loader(hint: Any) -> Loader | None:
    try:
        return _LOADERS[hint]
    except KeyError:
        pass
    except TypeError:  # an unhashable hint: build it each time
        return _build_loader(hint)
    load = _LOADERS[hint] = _build_loader(hint)
    return load


def _build_loader(hint: Any) -> Loader | None:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        present = [a for a in get_args(hint) if a is not type(None)]
        models = [a for a in present if isinstance(a, type) and issubclass(a, Model)]
        fallback = _loader(present[0]) if len(present) == 1 else None
        if not models:
            return fallback

        def union(value: Any) -> Any:
            if isinstance(value, dict):
                return models[0].from_dict(value)
            return fallback(value) if fallback is not None else value

        return union
    if origin is list:
        (inner,) = get_args(hint) or (Any,)
        each = _loader(inner)
        if each is None:
            return list
        return lambda value: [None if v is None else each(v) for v in value]
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            one = args[0]
            return lambda value: tuple(_load(one, v) for v in value)
        return lambda value: tuple(_load(a, v) for a, v in zip(args, value, strict=False))
    if origin is dict:
        _, vt = get_args(hint) or (Any, Any)
        val = _loader(vt)
        if val is None:
            return dict
        return lambda value: {k: None if v is None else val(v) for k, v in value.items()}
    if isinstance(hint, type) and issubclass(hint, Model):
        return hint.from_dict
    return None


# --------------------------------------------------------------------------------------------
# Spans attached to an article


@dataclass(slots=True)
class Removed(Model):
    """A piece of the input that cleaning took out of the body, and why.

    ``start``/``end`` index ``Article.raw_text`` when the input was plain text; for HTML inputs the
    removed text is recorded without offsets (there is no single text it was cut from).
    """

    text: str
    reason: str  # e.g. "chrome", "caption", "teaser", "byline", "author-bio", "title", "standfirst"
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Sentence(Model):
    start: int
    end: int


@dataclass(slots=True)
class Entity(Model):
    """One mention of a named entity; ``canonical`` is the identity shared across articles."""

    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, ...
    start: int
    end: int
    canonical: str  # canonical name, e.g. "Kyiv" for "Kiev"; the key used across articles
    entity_id: str | None = None  # stable id of the canonical entity, e.g. "gpe:kyiv"
    role: str | None = None  # e.g. "US Ambassador to NATO" for a person mention
    actor: str | None = None  # the actor this mention stands for ("Washington" -> "United States")


@dataclass(slots=True)
class Quote(Model):
    """An attribution: direct or reported speech, or a belief or stance the text attributes to
    someone, with its speaker (the source) resolved to a canonical entity.

    ``mode`` says what it reports: ``"speech"`` (words said or written: direct quotes, speech
    verbs, "according to", "Name: …"), ``"belief"`` (a state of mind: "X believes …", "X is
    confident that …") or ``"other"`` (an evaluation, stance or finding without a speech act:
    "X criticised the plan", "X endorsed Clinton", "the poll shows …"). Direct quotes are always
    speech; who an article gives voice to counts speech only (``compare.framing.voices``).
    Documents written before schema 1.1 have no ``mode`` and read as speech.

    ``speaker`` is None when the text names no speaker that is a person, organisation,
    government or group; ``speaker_reason`` then says why (a code of
    ``rashomon.read.quotes.actors.REASONS``: "no_source", "pronoun", "not_actor", "document",
    "dateline", "outlet", "continuation"), and ``speaker_text`` keeps the phrase the text gives
    its source, if any ("the report"). Documents written before schema 1.3 have no reason.
    """

    text: str  # the content span (without the quote marks for direct quotes)
    kind: Literal["direct", "reported"]
    start: int
    end: int
    speaker: str | None = None  # canonical speaker name; None when it could not be resolved
    speaker_text: str | None = None  # the form used at the cue ("he", "Rutte", "the Kremlin")
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # the cue verb or phrase: "said", "told", "according to"
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_id: str | None = None
    mode: Literal["speech", "belief", "other"] = "speech"
    speaker_reason: str | None = None  # why speaker is None (actors.REASONS), else None


@dataclass(slots=True)
class DateMention(Model):
    """A date or time expression normalised against the publication date."""

    text: str
    start: int
    end: int
    value: str | None  # ISO value: "2025-08-18", "2025-08", "2025", or with a time
    granularity: Literal["day", "month", "year", "time", "range", "unknown"] = "day"
    in_caption: bool = False  # dates in photo captions are not story events


@dataclass(slots=True)
class Number(Model):
    text: str
    value: float | None
    unit: str | None = None
    approx: Literal["exact", "more_than", "less_than", "about", "at_least", "at_most"] = "exact"


@dataclass(slots=True)
class Claim(Model):
    """A checkable statement: who did/said what, asserted by whom, when."""

    id: str  # "<article id>:c<n>"
    text: str
    start: int
    end: int
    actor: str | None = None  # canonical subject of the statement
    predicate: str | None = None  # lemma of the main verb
    source: str | None = None  # who asserts it: the quoted speaker, or the outlet itself
    date: str | None = None  # ISO value when one applies
    negated: bool = False
    numbers: list[Number] = field(default_factory=list)
    quote_index: int | None = None  # index into Article.quotes when the claim is quoted speech


# --------------------------------------------------------------------------------------------
# The article


@dataclass(slots=True)
class Article(Model):
    """One article: where it came from, its cleaned text, its metadata and its annotations."""

    #: The raw inputs: stored and used while reading, but no part of the output contract.
    PRIVATE: ClassVar[frozenset[str]] = frozenset({"html", "raw_text"})

    id: str
    source: str  # path, URL or "-" for standard input, with "#locator" for records in a file
    text: str = ""  # the cleaned body; every annotation offset indexes this
    raw_text: str = ""  # the decoded input text before cleaning (HTML: the page's plain text)
    kind: Literal["text", "html", "json", "feed", "url", "stdin"] = "text"
    original_sha256: str | None = None  # key of the stored original bytes
    locator: str | None = None  # where in the original the record is ("line 3", "entry 2")
    encoding: str | None = None  # how the original bytes were decoded
    url: str | None = None
    outlet: str | None = None
    outlet_source: str | None = (
        None  # "record", "html", "text", "url", "feed" (the feed's title) or "user" (set by
    )  # 'rashomon outlet set'): where the outlet came from
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO date or datetime
    published_inferred: bool = False
    language: str | None = None
    removed: list[Removed] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    html: str | None = (
        None  # the raw HTML for HTML inputs (cleared after cleaning; original is stored)
    )
    stages: list[str] = field(default_factory=list)  # names of the stages that annotated it
    # English-only stages that skipped it for its language (rashomon.read.language), schema 1.3
    unread: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # reader-specific extras

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def public_dict(self) -> dict[str, Any]:
        """The output-contract view: everything but the bulky raw inputs."""
        d = self.to_dict()
        for name in self.PRIVATE:
            del d[name]
        return d


# --------------------------------------------------------------------------------------------
# Stories (filled in by rashomon.stories and rashomon.compare)


@dataclass(slots=True)
class Alignment(Model):
    claims: list[str]  # claim ids from different articles
    relation: Literal["same", "related", "differs", "contradicts"]
    score: float
    detail: str | None = None


@dataclass(slots=True)
class LoadedWord(Model):
    """A loaded or evaluative word of the writer's own (``compare.wording``): its span in
    ``Article.text`` and the kind of choice it is ("attack verb", "hyperbole", "label", ...)."""

    text: str
    start: int
    end: int
    category: str


@dataclass(slots=True)
class FactVersion(Model):
    """One article's report of a fact: the claim, its evidence span (offsets into that article's
    text) and who the article attributes it to (``source`` None: the outlet in its own voice)."""

    article: str
    claim: str  # claim id
    text: str
    start: int
    end: int
    source: str | None = None  # the canonical speaker the article credits, None: the outlet
    source_id: str | None = None  # that speaker's entity id when it is resolved
    also: list[str] = field(default_factory=list)  # the article's other claims saying the same


@dataclass(slots=True)
class Fact(Model):
    """One fact of a story: each article's version of it (None: the article does not report it)
    and how the versions relate.

    ``relation`` is the strongest relation between two versions (contradicts > differs > same >
    related), None when one article alone reports it; ``confidence`` ranks the differences (the
    score of the strongest differing pair). ``links`` are the pairwise judgments behind it, the
    same objects as the story's alignments. ``related`` lists claims of other articles on the same
    topic that do not report this fact: a weak link never makes a fact shared.
    """

    id: str
    text: str  # the fact in the words of its first version
    versions: dict[str, FactVersion | None]  # article id -> its version or None, every article
    relation: Literal["same", "related", "differs", "contradicts"] | None = None
    confidence: float = 0.0
    detail: str | None = None  # what differs, for differs / contradicts
    links: list[Alignment] = field(default_factory=list)
    related: list[str] = field(default_factory=list)

    @property
    def reported_by(self) -> list[str]:
        return [aid for aid, v in self.versions.items() if v is not None]


@dataclass(slots=True)
class Event(Model):
    id: str
    articles: list[str]
    title: str | None = None
    date: str | None = None
    score: float | None = None


@dataclass(slots=True)
class Voice(Model):
    """A speaker an article quotes (``compare.framing.voices``): how often, with how many words,
    how many of the quotes are direct, its share of the article's quoted words and whether it
    has the last word. Speech only: beliefs and stances attributed to someone give no voice."""

    _omit_none: ClassVar[frozenset[str]] = frozenset({"role", "affiliation"})

    speaker: str  # the canonical speaker, "(unattributed)" when the quotes stage found none
    quotes: int = 0
    words: int = 0
    direct: int = 0
    role: str | None = None  # e.g. "US Ambassador to NATO", from the speaker's mentions
    affiliation: str | None = None  # the actor the speaker stands for ("Russia" for the Kremlin)
    share: float = 0.0  # of the article's quoted words, 0..1
    last_word: bool = False


@dataclass(slots=True)
class Position(Model):
    """What an actor is reported to say, offer, pledge or oppose in one article
    (``compare.positions``): the stance, the statement, its evidence span (the cue's when one was
    found, else the statement's) and the claims behind it (none for a quote no claim holds)."""

    stance: str
    text: str
    claims: list[str]
    start: int
    end: int
    date: str | None = None


@dataclass(slots=True)
class ArticleSpan(Model):
    """A span of one article's text: the evidence of a timeline entry in that article."""

    article: str
    start: int
    end: int


@dataclass(slots=True)
class TimelineEntry(Model):
    """A dated happening of the story (``compare.positions.timeline``): the sentence holding the
    date, its actor, and the articles that report it with the date's span in each."""

    date: str  # ISO value: day, month, year or with a time
    text: str
    actor: str | None = None
    articles: list[str] = field(default_factory=list)
    evidence: list[ArticleSpan] = field(default_factory=list)
    event: str | None = None  # the story's event it belongs to, when one does


@dataclass(slots=True)
class Story(Model):
    id: str
    title: str
    articles: list[str]
    events: list[Event] = field(default_factory=list)
    alignments: list[Alignment] = field(default_factory=list)
    only_in: dict[str, list[str]] = field(default_factory=dict)
    naming: dict[str, dict[str, str]] = field(default_factory=dict)
    voices: dict[str, list[Voice]] = field(default_factory=dict)  # article id -> its speakers
    # actor -> article id -> that actor's positions in the article
    positions: dict[str, dict[str, list[Position]]] = field(default_factory=dict)
    timeline: list[TimelineEntry] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)  # the evidence behind the grouping
    facts: list[Fact] = field(default_factory=list)  # one row per fact, differences first
    loaded: dict[str, list[LoadedWord]] = field(default_factory=dict)  # article id -> words
