"""The two seed articles, cleaned and annotated by hand as the reading stages would annotate them.

The texts are the bodies of /work/shared/seeds/000_* (RT) and 002_* (The Kyiv Independent) with
page chrome, captions, teasers and the author bio removed; the annotations (entities, quotes,
dates, claims) are what the spec says the stages produce, so these tests do not depend on them.
"""

from __future__ import annotations

import re

from rashomon.model import Article, Claim, DateMention, Entity, Quote

RT_TEXT = (
    "US Ambassador to NATO Matthew Whitaker has said that European countries should be ready to "
    "send personnel to Ukraine as part of the long-term security guarantees being drawn up for Kiev.\n\n"
    "\u201cI think there is a necessity to have European troops there, as you know, whether they\u2019re "
    "peacekeepers, whether they\u2019re trainers, whatever, whatever role,\u201d Whitaker told Fox "
    "Business on Monday.\n\n"
    "His remarks build on earlier comments from US President Donald Trump, who on August 19 "
    "suggested Washington could provide air support as part of such guarantees but made clear he "
    "opposed putting American soldiers on the ground. On September 2, Whitaker also declined to say "
    "whether the United States might consider turning to private military contractors instead.\n\n"
    "The guarantees in question are part of a framework first endorsed by the G7 at the NATO summit "
    "in Vilnius in July 2023, intended as an interim step until Ukraine can secure full NATO "
    "membership. Kiev has since signed a string of bilateral pacts with major allies, including the "
    "UK, France, Germany, and Italy, most lasting ten years or more.\n\n"
    "French President Emmanuel Macron has said 26 countries back a system of post-war "
    "\u201creassurance\u201d guarantees that could eventually include troops on Ukrainian soil in "
    "roles such as peacekeeping, base protection, or training.\n\n"
    "Germany and Italy have signaled support for the framework, though they note that the exact "
    "form of deployment would depend on conditions and US coordination.\n\n"
    "Russia has condemned the idea of European deployments, warning that the expansion of NATO\u2019s "
    "presence and infrastructure into Ukraine was among the drivers of the conflict. Moscow insists "
    "that any Western troop presence on Ukrainian soil would mark a dangerous escalation."
)

KI_TEXT = (
    "The possibility of sending U.S. or European troops to Ukraine was not discussed during "
    "President Volodymyr Zelensky's Aug. 18 meeting in Washington with U.S. President Donald Trump "
    "and European leaders, NATO Secretary General Mark Rutte told Fox News.\n\n"
    '"We have not discussed that at all today," Rutte said when asked whether foreign troops could '
    'be deployed. "That will be part of the discussions, which will now start."\n\n'
    "Zelensky arrived in Washington on Aug. 18 with a delegation of European leaders after Trump's "
    "Aug. 15 summit with Russian President Vladimir Putin in Alaska. Trump has positioned himself as "
    "a mediator seeking a ceasefire, while European leaders have pressed for firm security "
    "guarantees for Kyiv.\n\n"
    '"We discussed the security guarantees, and we will work on those over the coming days," '
    "Rutte added.\n\n"
    "France and the U.K. have already pledged to contribute troops to a potential international "
    "force tasked with enforcing a ceasefire.\n\n"
    "French President Emmanuel Macron, who joined Zelensky and Trump in Washington, said after the "
    "meeting that security guarantees would not include NATO membership but instead rely on a "
    'strong Ukrainian army backed by commitments from the "coalition of the willing."\n\n'
    "The coalition includes more than 30 countries, among them European states, Canada, and Japan. "
    "Trump avoided giving a clear answer when asked whether U.S. troops could be part of the "
    "guarantees."
)

# surface form -> (label, canonical, actor)
NAMES: dict[str, tuple[str, str, str | None]] = {
    "Matthew Whitaker": ("PERSON", "Matthew Whitaker", None),
    "Whitaker": ("PERSON", "Matthew Whitaker", None),
    "Donald Trump": ("PERSON", "Donald Trump", None),
    "Trump": ("PERSON", "Donald Trump", None),
    "Mark Rutte": ("PERSON", "Mark Rutte", None),
    "Rutte": ("PERSON", "Mark Rutte", None),
    "Volodymyr Zelensky": ("PERSON", "Volodymyr Zelensky", None),
    "Zelensky": ("PERSON", "Volodymyr Zelensky", None),
    "Emmanuel Macron": ("PERSON", "Emmanuel Macron", None),
    "Vladimir Putin": ("PERSON", "Vladimir Putin", None),
    "Kiev": ("GPE", "Kyiv", None),
    "Kyiv": ("GPE", "Kyiv", None),
    "Ukraine": ("GPE", "Ukraine", None),
    "Washington": ("GPE", "Washington", None),
    "United States": ("GPE", "United States", None),
    "U.S.": ("GPE", "United States", None),
    "US": ("GPE", "United States", None),
    "NATO": ("ORG", "NATO", None),
    "Fox News": ("ORG", "Fox News", None),
    "Fox Business": ("ORG", "Fox Business", None),
    "France": ("GPE", "France", None),
    "Germany": ("GPE", "Germany", None),
    "Italy": ("GPE", "Italy", None),
    "UK": ("GPE", "United Kingdom", None),
    "U.K.": ("GPE", "United Kingdom", None),
    "Russia": ("GPE", "Russia", None),
    "Moscow": ("GPE", "Moscow", "Russia"),
    "G7": ("ORG", "G7", None),
    "Vilnius": ("GPE", "Vilnius", None),
    "Alaska": ("GPE", "Alaska", None),
    "Canada": ("GPE", "Canada", None),
    "Japan": ("GPE", "Japan", None),
}
ROLES = {
    "Matthew Whitaker": "US Ambassador to NATO",
    "Mark Rutte": "NATO Secretary General",
    "Emmanuel Macron": "French President",
}
# Washington as the government that "could provide air support" stands for the United States.
GOVERNMENT_WASHINGTON = "Washington could provide"


def _entities(text: str) -> list[Entity]:
    taken: list[tuple[int, int]] = []
    out = []
    for surface in sorted(NAMES, key=len, reverse=True):
        label, canon, actor = NAMES[surface]
        for m in re.finditer(rf"(?<![\w.]){re.escape(surface)}(?![\w])", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            act = actor
            if surface == "Washington" and text.startswith(GOVERNMENT_WASHINGTON, m.start()):
                act = "United States"
            out.append(
                Entity(
                    text=surface,
                    label=label,
                    start=m.start(),
                    end=m.end(),
                    canonical=canon,
                    entity_id=f"{label.lower()}:{canon.lower().replace(' ', '-')}",
                    role=ROLES.get(canon),
                    actor=act,
                )
            )
    return sorted(out, key=lambda e: e.start)


def _span(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def _date(text: str, piece: str, value: str, gran: str = "day", nth: int = 0) -> DateMention:
    s, e = _span(text, piece, nth)
    return DateMention(text=piece, start=s, end=e, value=value, granularity=gran)  # type: ignore[arg-type]


def _quote(text: str, piece: str, speaker: str, kind: str, cue: str, spk: str) -> Quote:
    s, e = _span(text, piece)
    cs, ce = _span(text[e:], cue)
    return Quote(
        text=piece, kind=kind, start=s, end=e, speaker=speaker, speaker_text=spk,  # type: ignore[arg-type]
        cue=cue, cue_start=e + cs, cue_end=e + ce,
    )  # fmt: skip


def _claim(aid: str, n: int, text: str, sentence: str, **kw: object) -> Claim:
    s, e = _span(text, sentence)
    return Claim(id=f"{aid}:c{n}", text=sentence, start=s, end=e, **kw)  # type: ignore[arg-type]


def rt_article(with_claims: bool = True) -> Article:
    t = RT_TEXT
    a = Article(
        id="rt",
        source="seeds/000_b7550a3bc73cf7d3.txt",
        text=t,
        outlet="RT",
        title="US envoy urges Europe to send troops for Ukraine security guarantees",
        published="2025-09-09",
    )
    a.entities = _entities(t)
    a.quotes = [
        _quote(
            t,
            "I think there is a necessity to have European troops there, as you know, whether "
            "they\u2019re peacekeepers, whether they\u2019re trainers, whatever, whatever role,",
            "Matthew Whitaker", "direct", "told", "Whitaker",
        ),
        _quote(
            t,
            "European countries should be ready to send personnel to Ukraine as part of the "
            "long-term security guarantees being drawn up for Kiev",
            "Matthew Whitaker", "reported", "has said", "Matthew Whitaker",
        ) if False else Quote(
            text="European countries should be ready to send personnel to Ukraine as part of the "
            "long-term security guarantees being drawn up for Kiev",
            kind="reported", start=t.index("European countries"),
            end=t.index(" for Kiev.") + len(" for Kiev"), speaker="Matthew Whitaker",
            speaker_text="Matthew Whitaker", cue="has said",
        ),
        Quote(
            text="any Western troop presence on Ukrainian soil would mark a dangerous escalation",
            kind="reported", start=t.index("any Western troop"),
            end=t.index("dangerous escalation") + len("dangerous escalation"),
            speaker="Russia", speaker_text="Moscow", cue="insists",
        ),
    ]  # fmt: skip
    a.dates = [
        _date(t, "Monday", "2025-09-08"),
        _date(t, "August 19", "2025-08-19"),
        _date(t, "September 2", "2025-09-02"),
        _date(t, "July 2023", "2023-07", "month"),
    ]
    if with_claims:
        a.claims = [
            _claim("rt", 1, t, t[: t.index(" for Kiev.") + len(" for Kiev.")],
                   actor="Matthew Whitaker", predicate="say", source="Matthew Whitaker"),
            _claim("rt", 2, t, "His remarks build on earlier comments from US President Donald "
                   "Trump, who on August 19 suggested Washington could provide air support as part "
                   "of such guarantees but made clear he opposed putting American soldiers on the "
                   "ground.", actor="Donald Trump", predicate="suggest", source="RT",
                   date="2025-08-19"),
            _claim("rt", 3, t, "On September 2, Whitaker also declined to say whether the United "
                   "States might consider turning to private military contractors instead.",
                   actor="Matthew Whitaker", predicate="decline", source="RT", date="2025-09-02"),
            _claim("rt", 4, t, "Kiev has since signed a string of bilateral pacts with major "
                   "allies, including the UK, France, Germany, and Italy, most lasting ten years or "
                   "more.", actor="Ukraine", predicate="sign", source="RT"),
            _claim("rt", 5, t, "French President Emmanuel Macron has said 26 countries back a "
                   "system of post-war \u201creassurance\u201d guarantees that could eventually "
                   "include troops on Ukrainian soil in roles such as peacekeeping, base "
                   "protection, or training.", actor="Emmanuel Macron", predicate="say",
                   source="Emmanuel Macron"),
            _claim("rt", 6, t, "Germany and Italy have signaled support for the framework, though "
                   "they note that the exact form of deployment would depend on conditions and US "
                   "coordination.", actor="Germany", predicate="signal", source="RT"),
            _claim("rt", 7, t, "Russia has condemned the idea of European deployments, warning "
                   "that the expansion of NATO\u2019s presence and infrastructure into Ukraine was "
                   "among the drivers of the conflict.", actor="Russia", predicate="condemn",
                   source="RT"),
            _claim("rt", 8, t, "Moscow insists that any Western troop presence on Ukrainian soil "
                   "would mark a dangerous escalation.", actor="Russia", predicate="insist",
                   source="Russia", quote_index=2),
        ]  # fmt: skip
    return a


def ki_article(with_claims: bool = True) -> Article:
    t = KI_TEXT
    a = Article(
        id="ki",
        source="seeds/002_f98cd67f27055606.txt",
        text=t,
        outlet="The Kyiv Independent",
        title="Foreign troop deployment to Ukraine not discussed during Washington talks, NATO "
        "chief says",
        published="2025-08-19",
    )
    a.entities = _entities(t)
    a.quotes = [
        _quote(t, "We have not discussed that at all today,", "Mark Rutte", "direct", "said", "Rutte"),
        _quote(t, "That will be part of the discussions, which will now start.", "Mark Rutte",
               "direct", "said", "Rutte") if False else Quote(
            text="That will be part of the discussions, which will now start.", kind="direct",
            start=t.index("That will be part"),
            end=t.index("That will be part") + len("That will be part of the discussions, which will now start."),
            speaker="Mark Rutte", speaker_text="Rutte", cue="said"),
        _quote(t, "We discussed the security guarantees, and we will work on those over the "
               "coming days,", "Mark Rutte", "direct", "added", "Rutte"),
        Quote(text="security guarantees would not include NATO membership but instead rely on a "
              "strong Ukrainian army backed by commitments from the \"coalition of the willing.\"",
              kind="reported", start=t.index("security guarantees would not"),
              end=t.index("willing.\"") + len("willing.\""), speaker="Emmanuel Macron",
              speaker_text="Emmanuel Macron", cue="said"),
    ]  # fmt: skip
    a.dates = [
        _date(t, "Aug. 18", "2025-08-18"),
        _date(t, "Aug. 18", "2025-08-18", nth=1),
        _date(t, "Aug. 15", "2025-08-15"),
    ]
    if with_claims:
        first = t[: t.index("Fox News.") + len("Fox News.")]
        a.claims = [
            _claim("ki", 1, t, first, actor="Mark Rutte", predicate="tell", source="Mark Rutte",
                   negated=True, date="2025-08-18"),
            _claim("ki", 2, t, "Zelensky arrived in Washington on Aug. 18 with a delegation of "
                   "European leaders after Trump's Aug. 15 summit with Russian President Vladimir "
                   "Putin in Alaska.", actor="Volodymyr Zelensky", predicate="arrive",
                   source="The Kyiv Independent", date="2025-08-18"),
            _claim("ki", 3, t, "France and the U.K. have already pledged to contribute troops to a "
                   "potential international force tasked with enforcing a ceasefire.",
                   actor="France", predicate="pledge", source="The Kyiv Independent"),
            _claim("ki", 4, t, "French President Emmanuel Macron, who joined Zelensky and Trump in "
                   "Washington, said after the meeting that security guarantees would not include "
                   "NATO membership but instead rely on a strong Ukrainian army backed by "
                   "commitments from the \"coalition of the willing.\"", actor="Emmanuel Macron",
                   predicate="say", source="Emmanuel Macron", negated=True, quote_index=3),
            _claim("ki", 5, t, "The coalition includes more than 30 countries, among them European "
                   "states, Canada, and Japan.", actor="coalition of the willing",
                   predicate="include", source="The Kyiv Independent"),
            _claim("ki", 6, t, "Trump avoided giving a clear answer when asked whether U.S. troops "
                   "could be part of the guarantees.", actor="Donald Trump", predicate="avoid",
                   source="The Kyiv Independent"),
        ]  # fmt: skip
    return a


def seed_pair(with_claims: bool = True) -> list[Article]:
    return [rt_article(with_claims), ki_article(with_claims)]
