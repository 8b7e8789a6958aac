"""One read-only view of a story that every renderer (terminal, Markdown, HTML) draws from.

The Story is typed (``rashomon.model``), so nothing here coerces: it orders rows, maps article ids
to columns, and resolves claim ids against the articles passed in (a story may name an article
that was not passed, or have empty fields: a one-article story, a compare stage that failed).
Doing this once keeps the three renderers consistent. Nothing here formats output: values stay
raw strings, escaping is the renderer's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from ..model import Article, Claim, Event, Fact, LoadedWord, Story

# One colour per outlet, the same in every report, the terminal and the web app: Okabe-Ito's
# (distinguishable under the common colour-vision deficiencies, readable on white) and three of
# Paul Tol's muted set; the last, grey, is kept for articles whose outlet is unknown.
ARTICLE_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255",
                   "#332288", "#999933", "#444444"]  # fmt: skip
UNKNOWN_COLOUR = len(ARTICLE_COLOURS) - 1


def outlet_colour(outlet: str | None) -> int:
    """The palette index of an outlet: a stable hash of its name (case and spacing ignored), so
    an outlet keeps its colour across stories, reports and pages; grey when it is unknown."""
    import zlib

    key = " ".join((outlet or "").split()).casefold()
    if not key:
        return UNKNOWN_COLOUR
    return zlib.crc32(key.encode("utf-8")) % UNKNOWN_COLOUR
RELATIONS = ("contradicts", "differs", "related", "same")
_REL_RANK = {r: i for i, r in enumerate(RELATIONS)}
Day = date  # for the field annotations of a class with a field named ``date``


@dataclass(slots=True)
class Column:
    """One article of a story as the reports show it: a label, a colour, an anchor prefix."""

    index: int
    id: str
    label: str
    colour: str
    article: Article | None  # None when the story names an article that was not passed in
    hue: int = UNKNOWN_COLOUR  # index of ``colour`` in ARTICLE_COLOURS (the CSS class cN)


@dataclass(slots=True)
class ClaimRef:
    id: str
    column: int | None  # index of the column the claim belongs to, None if unknown
    text: str
    claim: Claim | None


@dataclass(slots=True)
class AlignmentView:
    relation: str
    score: float
    detail: str | None
    claims: list[ClaimRef]


@dataclass(slots=True)
class Version:
    """One article's version of a fact, as a cell of the facts table."""

    ref: ClaimRef
    source: str | None  # who the article credits; None: the outlet in its own voice
    also: int  # how many more claims of the article say the same


@dataclass(slots=True)
class FactRow:
    id: str
    relation: str  # contradicts | differs | same | one (one article alone reports it)
    confidence: float
    detail: str | None
    text: str
    versions: list[Version | None]  # per column
    group: str  # "differs" (a difference), "all" (every article), "some", "one"
    related: list[ClaimRef]  # claims of other articles on the topic that do not report it

    @property
    def reported(self) -> list[int]:
        return [i for i, v in enumerate(self.versions) if v is not None]


@dataclass(slots=True)
class VoiceRow:
    """A :class:`~rashomon.model.Voice` as a row: the role stands in for an unknown affiliation."""

    speaker: str
    affiliation: str | None
    quotes: int
    words: int
    share: float
    last_word: bool


@dataclass(slots=True)
class PositionCell:
    stance: str
    text: str
    date: str | None
    claims: list[str]


@dataclass(slots=True)
class TimelineRow:
    """A :class:`~rashomon.model.TimelineEntry` with its calendar day and its articles' columns."""

    date: str
    day: Day | None
    text: str
    columns: list[int]
    event: str | None


@dataclass(slots=True)
class StoryView:
    id: str
    title: str
    columns: list[Column]
    events: list[Event]
    alignments: list[AlignmentView]
    omissions: list[list[ClaimRef]]  # per column
    naming: list[tuple[str, list[str | None], bool]]  # canonical, form per column, forms differ
    voices: list[list[VoiceRow]]  # per column
    last_word: list[str | None]  # per column
    positions: list[tuple[str, list[list[PositionCell]]]]  # actor, entries per column
    timeline: list[TimelineRow]
    is_story: bool = True  # False for the pseudo-story holding articles no story covers
    claim_column: dict[str, int] = field(default_factory=dict)
    facts: list[FactRow] = field(default_factory=list)  # differences first, then all, some, one
    loaded: list[list[LoadedWord]] = field(default_factory=list)  # per column

    def facts_in(self, group: str) -> list[FactRow]:
        return [f for f in self.facts if f.group == group]

    @property
    def differences(self) -> list[AlignmentView]:
        """The strongest differences first: contradictions, then differences, by score."""
        return [a for a in self.alignments if a.relation in ("contradicts", "differs")]


def unread_notes(articles: Sequence[Article]) -> list[tuple[str, str]]:
    """(article label, why) for each article the reading stages could not read (its language:
    rashomon.read.language), in input order: every renderer lists them."""
    from ..read.language import unread_reason

    out = []
    for a in articles:
        why = unread_reason(a)
        if why is not None:
            out.append((f"{outlet_label(a)}: {a.title or a.id}", why))
    return out


def outlet_label(a: Article) -> str:
    """What to call an article in a column header: its outlet, else its file name, else its id."""
    if a.outlet:
        return a.outlet
    src = (a.source or "").split("#", 1)[0]
    if src and src != "-":
        name = PurePosixPath(src.rstrip("/")).name
        if name:
            return name
    return a.id


_ISO_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def parse_day(value: str | None) -> date | None:
    """The calendar day an ISO value (day, month, year or datetime) starts on; None if none."""
    if not value:
        return None
    m = _ISO_RE.match(str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _columns(articles: list[Article], ids: list[str]) -> list[Column]:
    by_id = {a.id: a for a in articles}
    labels: list[str] = []
    cols: list[Column] = []
    hue_of: dict[str, int] = {}  # outlet -> its colour in this story
    for i, aid in enumerate(ids):
        art = by_id.get(aid)
        label = outlet_label(art) if art is not None else aid
        n = labels.count(label)
        labels.append(label)
        if n:  # two articles of one outlet: tell them apart
            label = f"{label} ({n + 1})"
        outlet = " ".join((art.outlet or "").split()).casefold() if art is not None else ""
        hue = hue_of.get(outlet)
        if hue is None:
            hue = outlet_colour(outlet)
            taken = {h for o, h in hue_of.items() if o != outlet}
            # Two outlets of one story hashed to one colour: the later takes the next free one
            # (rare with nine colours; only then does an outlet's colour depend on the story).
            while outlet and hue in taken and len(taken) < UNKNOWN_COLOUR:
                hue = (hue + 1) % UNKNOWN_COLOUR
            hue_of[outlet] = hue
        cols.append(Column(i, aid, label, ARTICLE_COLOURS[hue], art, hue))
    return cols


def build(articles: list[Article], story: Story) -> StoryView:
    """Normalise one story against the articles passed in."""
    cols = _columns(articles, story.articles)
    col_of = {c.id: c.index for c in cols}

    claims: dict[str, tuple[int | None, Claim]] = {}
    for a in articles:
        for c in a.claims:
            claims[c.id] = (col_of.get(a.id), c)
    claim_column: dict[str, int] = {}

    def ref(cid: str) -> ClaimRef:
        col, claim = claims.get(cid, (None, None))
        if col is None and ":" in cid:  # claim ids are "<article id>:c<n>"
            col = col_of.get(cid.rsplit(":", 1)[0])
        if col is not None:
            claim_column[cid] = col
        return ClaimRef(cid, col, claim.text if claim else cid, claim)

    aligns: list[AlignmentView] = []
    for al in story.alignments:
        aligns.append(
            AlignmentView(al.relation, al.score, al.detail, [ref(c) for c in al.claims])
        )
    aligns.sort(key=lambda a: (_REL_RANK[a.relation], -a.score))

    omissions = [[ref(c) for c in story.only_in.get(col.id, [])] for col in cols]
    facts = [_fact_row(f, cols, ref) for f in story.facts]
    loaded = [list(story.loaded.get(col.id, [])) for col in cols]

    naming: list[tuple[str, list[str | None], bool]] = []
    for canonical, forms in story.naming.items():
        row = [forms.get(c.id) or None for c in cols]
        present = {f for f in row if f}
        naming.append((canonical, row, len(present) > 1))
    naming.sort(key=lambda r: (not r[2], r[0].lower()))

    voices: list[list[VoiceRow]] = []
    last_word: list[str | None] = []
    for col in cols:
        vs = [VoiceRow(v.speaker, v.affiliation or v.role, v.quotes, v.words, v.share, v.last_word)
              for v in story.voices.get(col.id, [])]  # fmt: skip
        vs.sort(key=lambda v: -v.share)
        voices.append(vs)
        last = next((v.speaker for v in vs if v.last_word), None)
        if last is None and col.article is not None and col.article.quotes:
            q = max(col.article.quotes, key=lambda q: q.start)
            last = q.speaker or q.speaker_text
        last_word.append(last)

    positions: list[tuple[str, list[list[PositionCell]]]] = []
    for actor, per in story.positions.items():
        cells: list[list[PositionCell]] = []
        for col in cols:
            entries = []
            for p in per.get(col.id, []):
                for cid in p.claims:
                    ref(cid)
                text = p.text
                if not text and p.claims and p.claims[0] in claims:
                    text = claims[p.claims[0]][1].text
                entries.append(PositionCell(p.stance or "says", text, p.date, list(p.claims)))
            cells.append(entries)
        positions.append((actor, cells))

    timeline: list[TimelineRow] = []
    for t in story.timeline:
        tcols = sorted({col_of[x] for x in t.articles if x in col_of})
        timeline.append(TimelineRow(t.date, parse_day(t.date), t.text, tcols, t.event))
    timeline.sort(key=lambda t: (t.day is None, t.day or date.min, t.date))

    return StoryView(
        id=story.id, title=story.title.strip() or "Untitled story", columns=cols,
        events=list(story.events), alignments=aligns, omissions=omissions, naming=naming,
        voices=voices, last_word=last_word, positions=positions, timeline=timeline,
        claim_column=claim_column, facts=facts, loaded=loaded,
    )  # fmt: skip


def _fact_row(f: Fact, cols: list[Column], ref: Callable[[str], ClaimRef]) -> FactRow:
    versions: list[Version | None] = []
    for col in cols:
        v = f.versions.get(col.id)
        versions.append(None if v is None else Version(ref(v.claim), v.source, len(v.also)))
    n = sum(v is not None for v in versions)
    rel = f.relation if f.relation in ("contradicts", "differs", "same") else None
    if rel in ("contradicts", "differs"):
        group = "differs"
    else:
        group = "all" if n == len(cols) and n > 1 else "some" if n > 1 else "one"
    return FactRow(
        id=f.id, relation=rel or ("one" if n <= 1 else "same"), confidence=f.confidence,
        detail=f.detail, text=f.text, versions=versions, group=group,
        related=[ref(c) for c in f.related],
    )  # fmt: skip


def build_all(articles: list[Article], stories: list[Story]) -> list[StoryView]:
    """Views of every story, then one pseudo-story for the articles that no story covers."""
    views = [build(articles, s) for s in stories]
    covered = {aid for s in stories for aid in s.articles}
    rest = [a.id for a in articles if a.id not in covered]
    if rest:
        title = "Articles" if not stories else "Articles in no story"
        v = build(articles, Story(id="unassigned", title=title, articles=rest))
        v.is_story = False
        views.append(v)
    return views


def fmt_share(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def fmt_score(score: float | None) -> str:
    return "–" if score is None else f"{score:.2f}"


def fact_counts(v: StoryView) -> str:
    """ "3 differences, 5 reported by every article, 2 by some, 9 by one only" (non-zero parts)."""
    n = {g: len(v.facts_in(g)) for g in ("differs", "all", "some", "one")}
    parts = [f"{n['differs']} difference{'s' if n['differs'] != 1 else ''}",
             f"{n['all']} reported by every article", f"{n['some']} by some",
             f"{n['one']} by one only"]  # fmt: skip
    return f"{len(v.facts)} — " + ", ".join(p for p, k in zip(parts, n.values(), strict=True) if k)


def loaded_summary(words: list[LoadedWord], limit: int = 12) -> str:
    """ "slammed ×2, so-called, fierce (+3 more)": the words, most used first."""
    counts: dict[str, int] = {}
    for w in words:
        key = w.text.lower()
        counts[key] = counts.get(key, 0) + 1
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    out = ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in items[:limit])
    return out + (f" (+{len(items) - limit} more)" if len(items) > limit else "")
