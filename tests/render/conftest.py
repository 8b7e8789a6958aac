"""Fixtures for the renderers: the two seed articles, annotated by hand, and one story about them.

The body text is the seed scrape minus the lines cleaning takes out (listed with their reason);
every offset is computed with ``str.find`` on that text, never typed in. Voices' word counts and
shares are computed from the quotes. A hostile twin of the story carries script payloads in every
field a renderer shows.
"""

from __future__ import annotations

import copy

import pytest
from _shared import SEEDS

from rashomon.model import (
    Alignment,
    Article,
    ArticleSpan,
    Claim,
    DateMention,
    Entity,
    Event,
    Number,
    Position,
    Quote,
    Removed,
    Story,
    TimelineEntry,
    Voice,
    content_id,
)

RT_SEED = SEEDS / "000_b7550a3bc73cf7d3.txt"
KI_SEED = SEEDS / "002_f98cd67f27055606.txt"


def _clean(raw: str, drop: dict[str, str]) -> tuple[str, list[Removed]]:
    """Body = the raw lines not listed in ``drop`` (line -> reason); removed spans index ``raw``."""
    body: list[str] = []
    removed: list[Removed] = []
    pos = 0
    for line in raw.splitlines():
        start = raw.find(line, pos)
        pos = start + len(line)
        text = line.strip()
        if not text:
            continue
        if text in drop:
            removed.append(
                Removed(text=text, reason=drop[text], start=start, end=start + len(line))
            )
        else:
            body.append(text)
    return "\n\n".join(body), removed


def _at(text: str, needle: str, after: str | None = None) -> tuple[int, int]:
    """Offsets of ``needle`` in ``text`` (after the first ``after`` when given); fails loudly."""
    base = text.find(after) if after else 0
    assert base >= 0, after
    start = text.find(needle, base)
    assert start >= 0, f"not in text: {needle!r}"
    return start, start + len(needle)


def _entities(text: str, specs: list[tuple[str, str, str]]) -> list[Entity]:
    out = []
    for surface, label, canonical in specs:
        start = text.find(surface)
        while start >= 0:  # every mention, as an entity stage would report them
            out.append(Entity(surface, label, start, start + len(surface), canonical))
            start = text.find(surface, start + len(surface))
    return sorted(out, key=lambda e: e.start)


def _quote(text: str, content: str, kind: str, speaker: str, cue: str,
           speaker_text: str | None = None) -> Quote:  # fmt: skip
    s, e = _at(text, content)
    cs, ce = _at(text, cue, after=content) if kind == "direct" else _at(text, cue)
    q = Quote(content, kind, s, e, speaker=speaker, cue=cue, cue_start=cs, cue_end=ce)  # type: ignore[arg-type]
    if speaker_text:
        q.speaker_text = speaker_text
        q.speaker_start, q.speaker_end = _at(text, speaker_text)
    return q


def _claim(text: str, aid: str, n: int, needle: str, **kw: object) -> Claim:
    s, e = _at(text, needle)
    return Claim(id=f"{aid}:c{n}", text=needle, start=s, end=e, **kw)  # type: ignore[arg-type]


def _date(text: str, needle: str, value: str, granularity: str = "day") -> DateMention:
    s, e = _at(text, needle)
    return DateMention(needle, s, e, value, granularity)  # type: ignore[arg-type]


def _voices(article: Article, last: str) -> list[Voice]:
    words: dict[str, int] = {}
    quotes: dict[str, int] = {}
    direct: dict[str, int] = {}
    for q in article.quotes:
        key = q.speaker or "unattributed"
        words[key] = words.get(key, 0) + len(q.text.split())
        quotes[key] = quotes.get(key, 0) + 1
        direct[key] = direct.get(key, 0) + (q.kind == "direct")
    total = sum(words.values())
    return [Voice(k, quotes[k], w, direct[k], share=w / total, last_word=k == last)
            for k, w in words.items()]  # fmt: skip


def build_rt() -> Article:
    raw = RT_SEED.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    title, standfirst = lines[0], lines[1]
    caption = next(ln for ln in lines if ln.endswith("(AP Photo/Paul Vernon)"))
    teaser = next(ln for ln in lines if ln.startswith("Read more:"))
    text, removed = _clean(raw, {title: "title", standfirst: "standfirst", "-": "chrome",
                                 caption: "caption", teaser: "teaser"})  # fmt: skip
    aid = content_id(raw.encode("utf-8"))
    a = Article(id=aid, source=str(RT_SEED), text=text, raw_text=raw, outlet="RT",
                title=title, subtitle=standfirst, byline=None, published="2025-09-09",
                published_inferred=True, language="en", removed=removed)  # fmt: skip
    a.entities = _entities(text, [
        ("Matthew Whitaker", "PERSON", "Matthew Whitaker"), ("Whitaker", "PERSON", "Matthew Whitaker"),
        ("NATO", "ORG", "NATO"), ("Kiev", "GPE", "Kyiv"), ("Donald Trump", "PERSON", "Donald Trump"),
        ("Washington", "GPE", "United States"), ("Emmanuel Macron", "PERSON", "Emmanuel Macron"),
        ("Moscow", "GPE", "Russia"), ("Fox Business", "ORG", "Fox Business"),
    ])  # fmt: skip
    a.entities = [e for e in a.entities
                  if not (e.text == "Whitaker" and any(o.start < e.start < o.end for o in a.entities))]  # fmt: skip
    a.quotes = [
        _quote(text, "European countries should be ready to send personnel to Ukraine as part of the "
               "long-term security guarantees being drawn up for Kiev", "reported",
               "Matthew Whitaker", "has said", "US Ambassador to NATO Matthew Whitaker"),
        _quote(text, "I think there is a necessity to have European troops there, as you know, whether "
               "they're peacekeepers, whether they're trainers, whatever, whatever role", "direct",
               "Matthew Whitaker", "told"),
        _quote(text, "26 countries back a system of post-war “reassurance” guarantees that could "
               "eventually include troops on Ukrainian soil in roles such as peacekeeping, base "
               "protection, or training", "reported", "Emmanuel Macron", "has said",
               "French President Emmanuel Macron"),
        _quote(text, "any Western troop presence on Ukrainian soil would mark a dangerous escalation",
               "reported", "Russia", "insists", "Moscow"),
    ]  # fmt: skip
    a.dates = [_date(text, "Monday", "2025-09-08"), _date(text, "August 19", "2025-08-19"),
               _date(text, "September 2", "2025-09-02"), _date(text, "July 2023", "2023-07", "month")]  # fmt: skip
    a.claims = [
        _claim(text, aid, 0, "US Ambassador to NATO Matthew Whitaker has said that European countries "
               "should be ready to send personnel to Ukraine as part of the long-term security "
               "guarantees being drawn up for Kiev.", actor="Matthew Whitaker",
               predicate="say", source="Matthew Whitaker", date="2025-09-08"),
        _claim(text, aid, 1, "US President Donald Trump, who on August 19 suggested Washington could "
               "provide air support as part of such guarantees but made clear he opposed putting "
               "American soldiers on the ground", actor="Donald Trump", predicate="suggest",
               source="RT", date="2025-08-19"),
        _claim(text, aid, 2, "French President Emmanuel Macron has said 26 countries back a system of "
               "post-war “reassurance” guarantees that could eventually include troops on Ukrainian "
               "soil in roles such as peacekeeping, base protection, or training.",
               actor="Emmanuel Macron", predicate="say", source="Emmanuel Macron",
               numbers=[Number("26 countries", 26.0, "countries")]),
        _claim(text, aid, 3, "Kiev has since signed a string of bilateral pacts with major allies, "
               "including the UK, France, Germany, and Italy, most lasting ten years or more.",
               actor="Ukraine", predicate="sign", source="RT"),
        _claim(text, aid, 4, "Moscow insists that any Western troop presence on Ukrainian soil would "
               "mark a dangerous escalation.", actor="Russia", predicate="insist", source="Russia"),
        _claim(text, aid, 5, "The guarantees in question are part of a framework first endorsed by the "
               "G7 at the NATO summit in Vilnius in July 2023", actor="G7", predicate="endorse",
               source="RT", date="2023-07"),
    ]  # fmt: skip
    a.stages = ["clean", "entities", "quotes", "dates", "claims"]
    return a


def build_ki() -> Article:
    raw = KI_SEED.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    title = lines[1]
    caption = next(ln for ln in lines if ln.endswith("(Anna Moneymaker/Getty Images)"))
    teaser = next(ln for ln in lines if ln.startswith("Zelensky says he will discuss territory"))
    teaser_quote = next(ln for ln in lines if "question of territory" in ln)
    bio = next(ln for ln in lines if ln.startswith("Tim Zadorozhnyy is a news editor"))
    drop = {"News Feed": "chrome", "2 min read": "chrome", title: "title", caption: "caption",
            teaser: "teaser", teaser_quote: "teaser", "Article image": "chrome", "Avatar": "chrome",
            "Tim Zadorozhnyy": "byline", "News Editor": "byline", bio: "author-bio",
            "Read more": "chrome", "Show More": "chrome"}  # fmt: skip
    text, removed = _clean(raw, drop)
    aid = content_id(raw.encode("utf-8"))
    a = Article(id=aid, source=str(KI_SEED), text=text, raw_text=raw,
                outlet="The Kyiv Independent", title=title, byline="Tim Zadorozhnyy",
                published="2025-08-19", published_inferred=False, language="en", removed=removed)  # fmt: skip
    a.entities = _entities(text, [
        ("Mark Rutte", "PERSON", "Mark Rutte"), ("Volodymyr Zelensky", "PERSON", "Volodymyr Zelensky"),
        ("Donald Trump", "PERSON", "Donald Trump"), ("Kyiv", "GPE", "Kyiv"), ("NATO", "ORG", "NATO"),
        ("Emmanuel Macron", "PERSON", "Emmanuel Macron"), ("Vladimir Putin", "PERSON", "Vladimir Putin"),
        ("Fox News", "ORG", "Fox News"),
    ])  # fmt: skip
    a.quotes = [
        _quote(text, "We have not discussed that at all today", "direct", "Mark Rutte", "said"),
        _quote(text, "That will be part of the discussions, which will now start. We will try to "
               "bring them to the next stage of understanding over the coming days and weeks, of "
               "course.", "direct", "Mark Rutte", "said"),
        _quote(text, "We discussed the security guarantees, and we will work on those over the coming "
               "days and then have another meeting virtually with this group of leaders and the "
               "president (Trump)", "direct", "Mark Rutte", "added"),
        _quote(text, "security guarantees would not include NATO membership but instead rely on a "
               "strong Ukrainian army backed by commitments from the \"coalition of the willing.\"",
               "reported", "Emmanuel Macron", "said after the meeting",
               "French President Emmanuel Macron"),
    ]  # fmt: skip
    a.dates = [_date(text, "Aug. 18", "2025-08-18"), _date(text, "Aug. 15", "2025-08-15")]
    a.claims = [
        _claim(text, aid, 0, "The possibility of sending U.S. or European troops to Ukraine was not "
               "discussed during President Volodymyr Zelensky's Aug. 18 meeting in Washington with "
               "U.S. President Donald Trump and European leaders", actor="Mark Rutte",
               predicate="discuss", source="Mark Rutte", date="2025-08-18", negated=True),
        _claim(text, aid, 1, "France and the U.K. have already pledged to contribute troops to a "
               "potential international force tasked with enforcing a ceasefire.",
               actor="France", predicate="pledge", source="The Kyiv Independent"),
        _claim(text, aid, 2, "The coalition includes more than 30 countries, among them European "
               "states, Canada, and Japan.", actor="coalition of the willing", predicate="include",
               source="The Kyiv Independent",
               numbers=[Number("more than 30 countries", 30.0, "countries", "more_than")]),
        _claim(text, aid, 3, "Trump avoided giving a clear answer when asked whether U.S. troops could "
               "be part of the guarantees.", actor="Donald Trump", predicate="avoid",
               source="The Kyiv Independent"),
        _claim(text, aid, 4, "security guarantees would not include NATO membership but instead rely "
               "on a strong Ukrainian army", actor="Emmanuel Macron", predicate="say",
               source="Emmanuel Macron", negated=True),
        _claim(text, aid, 5, "Zelensky arrived in Washington on Aug. 18 with a delegation of European "
               "leaders after Trump's Aug. 15 summit with Russian President Vladimir Putin in Alaska.",
               actor="Volodymyr Zelensky", predicate="arrive", source="The Kyiv Independent",
               date="2025-08-18"),
    ]  # fmt: skip
    a.stages = ["clean", "entities", "quotes", "dates", "claims"]
    return a


def _pos(a: Article, n: int, stance: str, date: str | None = None) -> Position:
    c = a.claims[n]
    return Position(stance, c.text, [c.id], c.start, c.end, date)


def build_story(rt: Article, ki: Article) -> Story:
    """The story with hand-made alignments; its facts and loaded words are what the comparison
    derives from them (``build_facts``, ``loaded_wording``), only_in as the facts give it."""
    from rashomon.compare.facts import build_facts
    from rashomon.compare.framing import loaded_wording

    story = _story(rt, ki)
    claims = [(a.id, c) for a in (rt, ki) for c in a.claims]
    story.facts = build_facts([rt, ki], claims, story.alignments)
    story.loaded = {a.id: loaded_wording(a) for a in (rt, ki)}
    story.only_in = {a.id: [v.claim for f in story.facts for aid, v in f.versions.items()
                            if v is not None and aid == a.id and len(f.reported_by) == 1]
                     for a in (rt, ki)}  # fmt: skip
    return story


def _story(rt: Article, ki: Article) -> Story:
    r, k = rt.id, ki.id
    rc, kc = rt.claims, ki.claims
    return Story(
        id="story-1",
        title="European troops in Ukraine as part of security guarantees",
        articles=[r, k],
        events=[Event(id="event-1", articles=[r, k], date="2025-08-18",
                      title="Security guarantees for Ukraine after the Washington meeting")],
        alignments=[
            Alignment([rc[2].id, kc[2].id], "differs", 0.71,
                      "number: 26 countries back the guarantees vs. the coalition has more than 30 countries"),
            Alignment([rc[1].id, kc[3].id], "differs", 0.64,
                      "characterisation of the US position: opposed US soldiers on the ground vs. avoided a clear answer"),
            Alignment([rc[0].id, kc[1].id], "related", 0.52),
            Alignment([rc[2].id, kc[4].id], "related", 0.45),
        ],
        only_in={r: [rc[3].id, rc[4].id, rc[5].id], k: [kc[0].id, kc[5].id]},
        naming={"Kyiv": {r: "Kiev", k: "Kyiv"},
                "Donald Trump": {r: "Donald Trump", k: "Donald Trump"},
                "United States": {r: "Washington", k: "U.S."},
                "Mark Rutte": {k: "NATO Secretary General Mark Rutte"}},
        voices={r: _voices(rt, last="Russia"), k: _voices(ki, last="Emmanuel Macron")},
        positions={
            "United States": {r: [_pos(rt, 1, "opposes", "2025-08-19")], k: [_pos(ki, 3, "declines")]},
            "Russia": {r: [_pos(rt, 4, "opposes")]},
            "France": {k: [_pos(ki, 1, "pledges")]},
            "Emmanuel Macron": {r: [_pos(rt, 2, "supports")], k: [_pos(ki, 4, "says")]},
        },
        timeline=[
            TimelineEntry("2025-09-08", "Whitaker tells Fox Business European troops are needed",
                          articles=[r]),
            TimelineEntry("2023-07", "G7 endorses the security-guarantee framework in Vilnius",
                          articles=[r]),
            TimelineEntry("2025-08-15", "Trump and Putin meet in Alaska", articles=[k]),
            TimelineEntry("2025-08-18", "Zelensky and European leaders meet Trump in Washington",
                          articles=[k], event="event-1"),
            TimelineEntry("2025-08-19", "Trump suggests US air support, no US soldiers on the ground",
                          articles=[r]),
            TimelineEntry("2025-09-02", "Whitaker declines to rule out private military contractors",
                          articles=[r]),
        ],
        scores={"entities": 0.62, "embedding": 0.71},
    )  # fmt: skip


@pytest.fixture(scope="session")
def _seed_data() -> tuple[list[Article], list[Story]]:
    rt, ki = build_rt(), build_ki()
    return [rt, ki], [build_story(rt, ki)]


@pytest.fixture()
def seed_articles(_seed_data: tuple[list[Article], list[Story]]) -> list[Article]:
    return copy.deepcopy(_seed_data[0])


@pytest.fixture()
def seed_story(_seed_data: tuple[list[Article], list[Story]]) -> Story:
    return copy.deepcopy(_seed_data[1][0])


# Payloads that set a sentinel if they ever run; each tries a different way out of the text.
SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
ATTR = '" onmouseover="window.__pwned=3;alert(3)" x="'
REMOTE = '<img src="https://evil.example/beacon.png"><link rel=stylesheet href="http://evil.example/x.css">'
MARKUP = "[bold red]styled[/] | pipe *star* [link](javascript:alert(4))"
PAYLOADS = (SCRIPT, IMG, ATTR, REMOTE, MARKUP)


def build_hostile() -> tuple[list[Article], list[Story]]:
    """Two articles and a story with a payload in every field a renderer shows."""
    arts = []
    for n in range(2):
        body = "\n\n".join(
            f"Paragraph {i}: before {p} middle {p} after." for i, p in enumerate(PAYLOADS)
        )
        aid = f"evil-{n}"
        a = Article(id=aid, source=f'/tmp/{ATTR}{n}.txt', text=body, outlet=f"Outlet {n} {SCRIPT}",
                    title=f"Title {IMG}", byline=f"By {ATTR}", published=f"2025-08-1{n} {SCRIPT}",
                    removed=[Removed(REMOTE, f"chrome {IMG}"), Removed(SCRIPT, "caption")])  # fmt: skip
        a.claims = [_claim(body, aid, i, p) for i, p in enumerate(PAYLOADS)]
        a.quotes = [_quote(body, SCRIPT, "direct", f"Speaker {IMG}", "before")]
        arts.append(a)
    x, y = arts
    story = Story(
        id=f"s {ATTR}", title=f"Story {SCRIPT}", articles=[x.id, y.id],
        events=[Event(id="e", articles=[x.id], title=f"Event {IMG}", date=ATTR)],
        alignments=[Alignment([x.claims[i].id, y.claims[i].id], rel, 0.5, f"detail {ATTR} {SCRIPT}")
                    for i, rel in enumerate(["same", "related", "differs", "contradicts", "same"])],
        only_in={x.id: [x.claims[0].id]},
        naming={f"Kyiv {SCRIPT}": {x.id: f"Kiev {IMG}", y.id: f"Kyiv {ATTR}"}},
        voices={x.id: [Voice(f"V {SCRIPT}", 1, 9, 1, role=ATTR, affiliation=IMG, share=1.0,
                             last_word=True)]},
        positions={f"Actor {IMG}": {x.id: [Position(f"opp{ATTR}", SCRIPT, [x.claims[1].id],
                                                    x.claims[1].start, x.claims[1].end, IMG)]}},
        timeline=[TimelineEntry("2025-08-18", f"T {IMG} {SCRIPT}", f"A {ATTR}", [x.id, y.id],
                                [ArticleSpan(x.id, 0, 4)], ATTR)],
    )  # fmt: skip
    return arts, [story]


@pytest.fixture()
def hostile() -> tuple[list[Article], list[Story]]:
    return build_hostile()
