"""Named entities with canonical identities: the ``entities`` stage and cross-article linking.

Within an article (:func:`extract`, run by the ``entities`` stage) the spaCy mentions are
cleaned and given an identity:

* page-chrome words, numbers and single lower-case tokens are dropped; numeric and date labels are
  left to the dates and claims stages;
* the gazetteer (:mod:`rashomon.read.gazetteer`) overrules the small model's types (a known country
  or city is GPE, never PERSON or ORG; NATO, EU, UN, G7 are ORG) and names the place or body
  canonically (Kiev -> Kyiv, U.S. -> United States);
* people: a role phrase right before a name ("US Ambassador to NATO Matthew Whitaker") or in
  apposition ("Mark Rutte, NATO's secretary general") becomes ``Entity.role`` and stays out of the
  name's span; surnames and first names map to the full name said elsewhere in the article; a role
  said without the name ("the ambassador", "NATO chief") becomes a PERSON mention of the person
  when exactly one person in the article holds a matching role;
* metonymy: a capital or seat of government (Washington, Moscow, the Kremlin, Downing Street) or a
  country that acts (the subject of an agent verb like say, insist, sign, warn; the possessor or
  modifier of an agent noun like position, spokesman, troops; "according to" it; the "by" agent of a
  passive) gets ``Entity.actor`` = the country. Its text and canonical stay the place:
  "Washington" -> canonical "Washington, D.C.", actor "United States"; "in Washington" has no
  actor. A nationality modifying an agent noun ("Russian officials") gets the country as actor.

``entity_id`` is ``"<label>:<slug of canonical>"`` ("gpe:kyiv", "person:mark-rutte", "org:nato").
Role-only mentions may contain another mention ("NATO chief" holds "NATO"); both are kept.

Across articles, :func:`link_entities` merges what the per-article pass cannot see: "Rutte" in
one article and "Mark Rutte" in another, "Zelensky"/"Zelenskyy", and records every form each
outlet uses.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING

from ..model import Article, Entity, Model
from ..registry import Context, stage
from .gazetteer import Entry, fold, gazetteer, slug
from .nlp import doc_for

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "CanonicalEntity",
    "Corrections",
    "AliasTable",
    "alias_forms",
    "alias_keys",
    "extract",
    "entities",
    "link_entities",
    "name_key",
    "entity_id",
    "same_person",
]

# Names, not numbers: dates, times, amounts and ordinals belong to the dates and claims stages.
KEPT_LABELS = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "NORP",
        "FAC",
        "EVENT",
        "PRODUCT",
        "LAW",
        "WORK_OF_ART",
        "LANGUAGE",
    }
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Page chrome the cleaner may have left behind; the model sometimes calls these names.
CHROME = frozenset(
    {
        "show more",
        "read more",
        "article image",
        "avatar",
        "news feed",
        "advertisement",
        "subscribe",
        "share",
        "newsletter",
        "comments",
        "related",
        "sign up",
        "log in",
        "menu",
        "photo",
        "video",
        "getty images",
        "click here",
        "most read",
        "trending",
    }
)
CREDIT = re.compile(r"/|\b(?:Photo|Images|Getty|Shutterstock|AFP|via)\b")
# Last words that make a multi-word "place" an organisation: "Kyiv Independent", "Moscow Times".
ORG_TAILS = frozenset(
    {
        "independent",
        "post",
        "times",
        "news",
        "herald",
        "journal",
        "tribune",
        "telegraph",
        "guardian",
        "gazette",
        "daily",
        "institute",
        "university",
        "council",
        "ministry",
        "agency",
        "bank",
        "party",
        "group",
        "company",
        "corporation",
        "inc",
        "ltd",
        "foundation",
        "association",
        "committee",
        "forces",
        "army",
        "airlines",
        "fund",
        "service",
        "office",
        "center",
        "centre",
        "club",
        "fc",
        "press",
        "radio",
        "tv",
        "television",
        "school",
        "college",
        "commission",
        "court",
        "parliament",
        "assembly",
        "union",
        "league",
        "federation",
        "network",
        "republic",
    }
)

# Role heads -> the role classes they fill. A role-only mention ("NATO chief") matches a person
# whose role fills its class ("NATO Secretary General" fills chief, head and leader).
ROLE_HEADS: dict[str, frozenset[str]] = {
    k: frozenset(v)
    for k, v in {
        "president": {"president", "leader"},
        "vice president": {"vice president"},
        "prime minister": {"prime minister", "premier", "leader"},
        "premier": {"premier", "prime minister", "leader"},
        "chancellor": {"chancellor", "leader"},
        "secretary general": {"secretary general", "chief", "head", "leader"},
        "attorney general": {"attorney general"},
        "chief": {"chief", "head"},
        "head": {"head", "chief"},
        "boss": {"boss", "chief", "head"},
        "leader": {"leader"},
        "minister": {"minister"},
        "secretary": {"secretary", "minister"},
        "ambassador": {"ambassador", "envoy", "diplomat"},
        "envoy": {"envoy", "diplomat"},
        "diplomat": {"diplomat"},
        "spokesman": {"spokesperson", "spokesman", "spokeswoman"},
        "spokeswoman": {"spokesperson", "spokesman", "spokeswoman"},
        "spokesperson": {"spokesperson", "spokesman", "spokeswoman"},
        "senator": {"senator"},
        "sen.": {"senator"},
        "governor": {"governor"},
        "gov.": {"governor"},
        "mayor": {"mayor"},
        "king": {"king", "monarch"},
        "queen": {"queen", "monarch"},
        "prince": {"prince"},
        "princess": {"princess"},
        "pope": {"pope"},
        "emir": {"emir", "leader"},
        "sultan": {"sultan", "leader"},
        "ayatollah": {"ayatollah", "leader"},
        "patriarch": {"patriarch"},
        "commissioner": {"commissioner"},
        "director": {"director", "head", "chief"},
        "chairman": {"chair", "chairman", "head"},
        "chairwoman": {"chair", "chairwoman", "head"},
        "chair": {"chair", "head"},
        "ceo": {"ceo", "chief", "head", "boss"},
        "commander": {"commander"},
        "general": {"general", "commander"},
        "gen.": {"general", "commander"},
        "admiral": {"admiral", "commander"},
        "colonel": {"colonel"},
        "judge": {"judge"},
        "prosecutor": {"prosecutor"},
        "speaker": {"speaker"},
        "adviser": {"adviser", "advisor"},
        "advisor": {"adviser", "advisor"},
        "negotiator": {"negotiator"},
        "representative": {"representative"},
        "rep.": {"representative"},
        "congressman": {"congressman", "lawmaker"},
        "congresswoman": {"congresswoman", "lawmaker"},
        "lawmaker": {"lawmaker"},
        "mp": {"mp", "lawmaker"},
        "editor": {"editor"},
        "lawyer": {"lawyer", "attorney"},
        "attorney": {"attorney", "lawyer"},
        "founder": {"founder"},
    }.items()
}
_BIGRAM_HEADS = {
    ("vice", "president"),
    ("prime", "minister"),
    ("secretary", "general"),
    ("attorney", "general"),
}
# Words that may stand in a role phrase without being its head.
ROLE_MODIFIERS = frozenset(
    {
        "vice",
        "prime",
        "deputy",
        "foreign",
        "defense",
        "defence",
        "interior",
        "finance",
        "economy",
        "justice",
        "health",
        "state",
        "former",
        "acting",
        "then",
        "outgoing",
        "incoming",
        "top",
        "senior",
        "special",
        "affairs",
        "security",
        "national",
        "presidential",
        "first",
        "crown",
        "supreme",
        "high",
        "chief",
        "executive",
        "army",
        "military",
        "general",
        "permanent",
        "press",
        "lead",
        "assistant",
        "associate",
        "news",
        "managing",
        "trade",
        "energy",
        "labor",
        "labour",
        "education",
        "home",
        "treasury",
        "intelligence",
        "attorney",
        "staff",
        "joint",
        "commander-in-chief",
        "-elect",
    }
)
ROLE_WORDS = frozenset(ROLE_HEADS) | ROLE_MODIFIERS | {w for b in _BIGRAM_HEADS for w in b}
# Modifiers that do not narrow who is meant ("the former president" is still the president).
IGNORED_QUALIFIERS = frozenset(
    {
        "former",
        "then",
        "acting",
        "outgoing",
        "incoming",
        "top",
        "senior",
        "current",
        "new",
        "-elect",
    }
)
SPEECH_VERBS = frozenset(
    {
        "says",
        "said",
        "tells",
        "told",
        "warns",
        "urges",
        "insists",
        "claims",
        "slams",
        "rips",
        "blasts",
        "denies",
        "admits",
        "vows",
        "calls",
    }
)
NAME_PARTICLES = frozenset(
    {
        "von",
        "van",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "du",
        "la",
        "le",
        "bin",
        "al",
        "ibn",
        "ben",
        "y",
    }
)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
HONORIFICS = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord"}
)
INDEFINITE = frozenset({"a", "an", "another", "every", "each", "any", "some", "one", "no"})
CONNECTORS = frozenset({"to", "of", "for", "on", "at"})

# Verbs whose subject is normally an agent: a place as their subject is its government.
AGENT_VERBS = frozenset(
    """say tell insist sign warn want provide oppose seek demand reject accuse deny claim announce
    agree refuse urge threaten call propose offer pledge promise support back condemn criticize
    criticise welcome respond retaliate impose sanction decide plan intend hope believe argue
    suggest approve veto push press send deploy launch negotiate recognize recognise expel summon
    vow signal react dismiss declare state confirm acknowledge complain protest object consider
    allow ask order demand request invite host accept deliver supply fund finance pay cut halt
    suspend resume block ban boycott join leave withdraw attack strike invade annex occupy bomb
    shell target retake capture seize agree vote ratify endorse adopt commit contribute train
    arm help assist insist stress emphasise emphasize note add reiterate maintain
    believe fear regard view see consider accuse blame thank praise""".split()
)
# Nouns whose possessor or modifier acts: "Moscow's position", "Kremlin spokesman".
AGENT_NOUNS = frozenset(
    """position stance policy demand demands offer proposal plan decision response support refusal
    statement claim call warning request insistence objection approach strategy view concern
    concerns ally allies envoy ambassador spokesman spokeswoman spokesperson official officials
    government authorities administration leadership leader leaders president minister ministry
    diplomat diplomats troops forces army military navy delegation negotiator negotiators side
    pledge pledges commitment commitments sanctions aid backing opposition threat threats
    intention intentions aim aims goal goals interest interests insistence readiness
    willingness refusal rejection condemnation criticism accusation accusations denial""".split()
)


@dataclass(slots=True)
class CanonicalEntity(Model):
    """One entity across articles: its name, every form it is called by, and its roles."""

    id: str  # "person:mark-rutte"
    name: str  # the canonical name
    type: str  # PERSON, ORG, GPE, ...
    aliases: list[str] = field(default_factory=list)  # every surface form seen (roles included)
    variants: list[str] = field(default_factory=list)  # distinct names: Kiev and Kyiv, US and U.S.
    roles: list[str] = field(default_factory=list)
    actor: str | None = None  # the government it can stand for (capitals, seats of government)
    articles: dict[str, list[str]] = field(default_factory=dict)  # article id -> names it uses
    mentions: int = 0


def entity_id(label: str, canonical: str) -> str:
    """Stable id of a canonical entity: "gpe:kyiv", "person:mark-rutte"."""
    return f"{label.lower()}:{slug(canonical)}"


# --------------------------------------------------------------------------------------------
# Within one article


@dataclass(slots=True)
class _Mention:
    start: int  # token indices into the Doc
    end: int
    label: str
    canonical: str = ""
    entry: Entry | None = None
    role: str | None = None
    actor: str | None = None
    role_only: bool = False
    role_span: tuple[int, int] | None = None  # tokens of the role phrase said with this mention


@stage("entities", requires=("parse",))
def entities(article: Article, ctx: Context) -> None:
    """Find named entities and give each a canonical identity, role and actor."""
    article.entities = extract(doc_for(article, ctx))


def extract(doc: Doc) -> list[Entity]:
    """The article's entity mentions, from its parsed Doc (offsets index ``doc.text``)."""
    gaz = gazetteer()
    mentions = _spacy_mentions(doc)
    mentions += _missed_names(doc, mentions, gaz)
    _split_person_titles(doc, mentions)
    _type_and_name(doc, mentions, gaz)
    _name_people(doc, mentions)
    tok_mention = {i: m for m in mentions for i in range(m.start, m.end)}
    prefix_tokens = _roles(doc, mentions, tok_mention)
    mentions += _role_only_mentions(doc, mentions, tok_mention, prefix_tokens)
    _actors(doc, mentions, tok_mention)
    out = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        span = doc[m.start : m.end]
        out.append(
            Entity(
                text=span.text,
                label=m.label,
                start=span.start_char,
                end=span.end_char,
                canonical=m.canonical,
                entity_id=entity_id(m.label, m.canonical),
                role=m.role,
                actor=m.actor,
            )
        )
    return out


def _spacy_mentions(doc: Doc) -> list[_Mention]:
    """spaCy's entities trimmed of "the", possessives and punctuation, junk dropped."""
    gaz = gazetteer()
    out = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        s, e = ent.start, ent.end
        while s < e and (doc[s].is_punct or doc[s].is_space):
            s += 1
        while e > s and (
            doc[e - 1].is_punct
            or doc[e - 1].is_space
            or doc[e - 1].tag_ == "POS"
            or doc[e - 1].lower_ in ("'s", "\u2019s")
        ):
            e -= 1
        if (
            s < e
            and doc[s].lower_ == "the"
            and (doc[s].text == "the" or ent.label_ != "ORG" or gaz.lookup(doc[s + 1 : e].text))
        ):
            s += 1
        if s >= e:
            continue
        span = doc[s:e]
        text = span.text
        if _junk(span, ent.label_):
            continue
        out.append(_Mention(s, e, ent.label_, canonical=text))
    return out


def _missed_names(doc: Doc, mentions: list[_Mention], gaz) -> list[_Mention]:
    """Curated names the model did not tag ("Downing Street insisted", "Whitehall officials")."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for start, end, entry in gaz.find_all(doc.text):
        span = doc.char_span(start, end)
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        out.append(
            _Mention(span.start, span.end, entry.label, canonical=entry.canonical, entry=entry)
        )
    return out


def _junk(span: Span, label: str) -> bool:
    text = span.text
    if "\n" in text or not any(c.isalpha() for c in text):
        return True
    if text.casefold() in CHROME:
        return True
    if len(span) == 1 and text.islower():
        return True
    if text in ("Jr.", "Sr.", "Jr", "Sr", "II", "III"):
        return True
    if label in ("PERSON", "ORG") and CREDIT.search(text):
        return True
    return False


def _split_person_titles(doc: Doc, mentions: list[_Mention]) -> None:
    """Keep only the name in a PERSON span: "Secretary of State Hillary Clinton" -> "Hillary
    Clinton" (the title is picked up as a role), "Obama Says" (a headline) -> "Obama"."""
    for m in mentions:
        if m.label != "PERSON":
            continue
        e = m.end
        while e > m.start + 1 and doc[e - 1].lower_ in SPEECH_VERBS:
            e -= 1
        if (
            e > m.start + 2
            and doc[e - 2].text == ","
            and doc[e - 1].lower_.rstrip(".") in NAME_SUFFIXES
        ):
            e -= 2  # "Arcade Joseph Comeaux, Jr"
        s = e
        while s > m.start:
            t = doc[s - 1]
            low = t.lower_
            if (
                low in ROLE_WORDS
                or low in HONORIFICS
                or low in CONNECTORS
                or t.is_punct
                and t.text not in (".", "-", "'")
                or t.tag_ == "POS"
            ):
                break
            if not (t.text[:1].isupper() or low in NAME_PARTICLES):
                break
            s -= 1
        if s == e:
            m.label = ""  # only a title ("President", "Lawyer"): no name to keep
            continue
        m.start, m.end = s, e
        m.canonical = doc[m.start : m.end].text
    mentions[:] = [m for m in mentions if m.label]


def _name_tokens(text: str) -> list[str]:
    """The words of a person's name without honorifics or a generational suffix ("Jr.")."""
    words = [w.strip(",") for w in re.split(r"\s+", text)]
    words = [w for w in words if w and w.lower().rstrip(".") not in HONORIFICS]
    while len(words) > 1 and words[-1].lower().rstrip(".") in NAME_SUFFIXES:
        words.pop()
    return words


def _suffix(text: str) -> str:
    """The generational suffix a name ends with ("jr", "iii"), or "": "Donald Trump Jr." is his
    father's son, not his father, so names whose suffixes differ are never merged by rule."""
    words = [w.strip(",") for w in text.split()]
    if len(words) > 1 and words[-1].lower().rstrip(".") in NAME_SUFFIXES:
        return words[-1].lower().rstrip(".")
    return ""


def _suffixes_fit(a: str, b: str) -> bool:
    """Can two full names with these suffixes name one person? The same suffix, or a formal
    name that adds one to a middle name ("Joseph R. Biden Jr." / "Joe Biden", "Robert S.
    Mueller III" / "Robert Mueller": the style of a paper of record); "Donald Trump Jr." beside
    "Donald Trump" says only the suffix, which is what tells the son from the father."""
    sa, sb = _suffix(a), _suffix(b)
    if sa == sb:
        return True
    if sa and sb:
        return False
    suffixed = a if sa else b
    return len(_name_tokens(suffixed)) >= 3


def _with_suffix(name: str, suffix: str) -> str:
    return f"{name} {suffix.capitalize() + '.' if suffix in ('jr', 'sr') else suffix.upper()}"


def _person_key(text: str, words: Sequence[str]) -> tuple[str, str, str]:
    """(given name, surname, suffix): the full names of one person in one article."""
    return (words[0].lower(), words[-1].lower(), _suffix(text))


def _type_and_name(doc: Doc, mentions: list[_Mention], gaz) -> None:
    """Overrule the model's type with the gazetteer and set canonical names."""
    # Parts of full person names: a surname is a person even when it is also a place ("Jordan").
    person_parts: set[str] = set()
    for m in mentions:
        if m.label == "PERSON":
            words = _name_tokens(m.canonical)
            if len(words) >= 2 and gaz.lookup(m.canonical) is None:
                person_parts.update(w.lower() for w in (words[0], words[-1]))
    for m in mentions:
        text = doc[m.start : m.end].text
        single = m.end - m.start == 1
        hit = gaz.lookup(text, m.label)
        if (
            single
            and text.lower() in person_parts
            and (
                m.label in ("PERSON", "ORG")
                or (m.label == "GPE" and (hit is None or (hit.kind == "city" and not hit.strong)))
            )
        ):
            m.label, m.canonical = "PERSON", text
            continue
        if hit is not None and (hit.strong or m.label not in ("PERSON", "ORG")):
            # A nationality word is NORP unless the model read it as a language or a person.
            if hit.kind == "demonym" and m.label not in ("NORP", "GPE", "ORG"):
                hit = None
            if hit is not None:
                m.entry, m.label, m.canonical = hit, hit.label, hit.canonical
                continue
        words = text.split()
        if m.label in PLACE_LABELS and len(words) > 1 and words[-1].lower() in ORG_TAILS:
            m.label = "ORG"
        m.canonical = _plain_name(text)


def _plain_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().strip("\"'\u201c\u201d\u2018\u2019")
    if text.lower().startswith("the "):
        text = text[4:]
    return text


def _name_people(doc: Doc, mentions: list[_Mention]) -> None:
    """Map surnames and first names to the full name the article gives.

    A bare name maps to a full name only when exactly one full name fits and it was said before
    the bare name was first used on its own (the title, the first line, may come first): an
    article that says "Obama" throughout and "Michelle Obama" once near the end means two people.
    A longer full name that ends with a shorter one ("Rip Donald Trump", a headline) is the shorter.
    """
    full: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    key_at: dict[tuple[str, str], int] = {}
    for m in mentions:
        if m.label == "PERSON":
            words = _name_tokens(m.canonical)
            if len(words) >= 2:
                key = _person_key(m.canonical, words)
                full[key][" ".join(words)] += 1
                key_at.setdefault(key, m.start)
    best = {k: max(c, key=lambda n: (c[n], len(n))) for k, c in full.items()}
    for k in best:  # "Donald Trump Jr." is not "Donald Trump": the suffix stays in the name
        if k[2]:
            best[k] = _with_suffix(best[k], k[2])
    names = set(best.values())
    for k, name in list(best.items()):
        shorter = [n for n in names if n != name and name.endswith(" " + n) and " " in n]
        if shorter:
            best[k] = max(shorter, key=len)
    first_at: dict[str, int] = {}  # resolved full name -> token where it is first said
    for key, at in key_at.items():
        n = best[key]
        first_at[n] = min(at, first_at.get(n, at))
    by_last: dict[str, set[str]] = defaultdict(set)
    by_first: dict[str, set[str]] = defaultdict(set)
    for n in first_at:
        words = _name_tokens(n)
        by_last[words[-1].lower()].add(n)
        by_first[words[0].lower()].add(n)
    # A first line short enough to be a headline may name people before the body introduces them.
    title_end = doc.text.find("\n")
    title_end = title_end if 0 < title_end <= 200 else 0
    bare_first: dict[str, int] = {}
    for m in mentions:
        if m.label == "PERSON" and doc[m.start].idx >= title_end:
            words = _name_tokens(m.canonical)
            if len(words) == 1:
                bare_first.setdefault(words[0].lower(), m.start)
    for m in mentions:
        if m.label != "PERSON":
            continue
        words = _name_tokens(m.canonical)
        if not words:
            continue
        if len(words) >= 2:
            m.canonical = best[_person_key(m.canonical, words)]
            continue
        w = words[0].lower()
        cands = by_last.get(w) or by_first.get(w) or set()
        sfx = _suffix(m.canonical)
        if sfx:  # "Trump Jr." is the one whose name says Jr.
            cands = {c for c in cands if _suffix(c) == sfx}
        if len(cands) == 1:
            name = next(iter(cands))
            if first_at[name] <= bare_first.get(w, first_at[name]):
                m.canonical = name


# -- roles -------------------------------------------------------------------------------------


def _role_signature(
    doc: Doc, start: int, end: int, tok_mention: dict[int, _Mention]
) -> tuple[frozenset[str], frozenset[str]] | None:
    """(role classes, qualifiers) of a role phrase, or None when it names no role."""
    classes: set[str] = set()
    quals: set[str] = set()
    words: list[tuple[int, str]] = []
    i = start
    while i < end:
        m = tok_mention.get(i)
        if m is not None and m.label != "PERSON":
            quals.add(_qualifier(m))
            i = m.end
            continue
        words.append((i, doc[i].lower_))
        i += 1
    used: set[int] = set()
    for j, (_, w) in enumerate(words):
        nxt = words[j + 1][1] if j + 1 < len(words) else None
        nxt2 = words[j + 2][1] if j + 2 < len(words) else None
        if nxt == "-" and nxt2 and (w, nxt2) in _BIGRAM_HEADS:
            classes |= ROLE_HEADS[f"{w} {nxt2}"]
            used |= {j, j + 1, j + 2}
        elif nxt and (w, nxt) in _BIGRAM_HEADS:
            classes |= ROLE_HEADS[f"{w} {nxt}"]
            used |= {j, j + 1}
    for j, (_, w) in enumerate(words):
        if j in used:
            continue
        if w in ROLE_HEADS and w not in ("general",) or (w == "general" and not classes):
            classes |= ROLE_HEADS[w]
        elif w in ROLE_MODIFIERS and w not in IGNORED_QUALIFIERS:
            quals.add(w)
    if not classes:
        return None
    return frozenset(classes), frozenset(quals)


def _qualifier(m: _Mention) -> str:
    """What a mention inside a role phrase narrows the role to: "French" -> France."""
    if m.entry is not None and m.entry.kind in ("demonym", "country"):
        return m.entry.country or m.canonical
    return m.canonical


def _roles(doc: Doc, mentions: list[_Mention], tok_mention: dict[int, _Mention]) -> set[int]:
    """Give people the role phrase before or in apposition to their name; spread it to the
    person's other mentions. Returns the tokens of these role phrases (not role-only mentions)."""
    prefix_tokens: set[int] = set()
    first: dict[str, _Mention] = {}
    for m in mentions:
        if m.label != "PERSON":
            continue
        m.role_span = _role_prefix(doc, m, tok_mention)
        if m.role_span is not None:
            prefix_tokens.update(range(*m.role_span))
        else:
            m.role_span = _appositive_role(doc, m, tok_mention)
            if m.role_span is not None:
                prefix_tokens.update(range(*m.role_span))
        if m.role_span is not None:
            m.role = doc[m.role_span[0] : m.role_span[1]].text
            first.setdefault(m.canonical, m)
    for m in mentions:
        if m.label == "PERSON" and m.role is None and m.canonical in first:
            m.role = first[m.canonical].role
    return prefix_tokens


def _role_prefix(doc: Doc, m: _Mention, tok_mention: dict[int, _Mention]) -> tuple[int, int] | None:
    """Token span of a role phrase directly before the name ("US Ambassador to NATO"), or None.

    An honorific right before the name ("Mr.") is not part of the role; a connector ("to",
    "of", "for") is only taken inside a role, never next to the name ("spokeswoman for Hillary
    Clinton" gives Clinton no role).
    """
    sent_start = doc[m.start].sent.start
    end = m.start
    if end - 1 >= sent_start and doc[end - 1].lower_ in HONORIFICS:
        end -= 1
    i = end - 1
    left = end
    while i >= sent_start:
        t = doc[i]
        other = tok_mention.get(i)
        if other is not None and other is not m:
            if other.label in ("GPE", "NORP", "ORG", "LOC", "FAC"):
                left = other.start
                i = other.start - 1
                continue
            break
        low = t.lower_
        inside = left == i + 1 and left < end  # something of the role already lies to the right
        if low in ROLE_WORDS:
            left = i
        elif inside and (t.text in ("-", "\u2013") or low in CONNECTORS):
            pass
        elif inside and (t.tag_ == "POS" or low in ("'s", "\u2019s")) and i - 1 in tok_mention:
            pass
        else:
            break
        i -= 1
    # Trim connectors, hyphens and possessives left dangling at the front.
    while left < end and (
        doc[left].lower_ in CONNECTORS or doc[left].is_punct or doc[left].tag_ == "POS"
    ):
        left += 1
    if left >= end or _role_signature(doc, left, end, tok_mention) is None:
        return None
    return (left, end)


def _appositive_role(
    doc: Doc, m: _Mention, tok_mention: dict[int, _Mention]
) -> tuple[int, int] | None:
    """ "Mark Rutte, NATO's secretary general," or "NATO's secretary general, Mark Rutte"."""
    root = doc[m.start : m.end].root
    cands: list[Token] = [c for c in root.children if c.dep_ == "appos" and c.i >= m.end]
    if root.dep_ == "appos" and root.head.i < m.start:
        cands.append(root.head)
    for c in cands:
        if c.lower_ not in ROLE_HEADS:  # the apposition must be a role, not "one of his aides"
            continue
        if c.i < m.start:
            k = m.start - 1
            while k > c.i and doc[k].lower_ in HONORIFICS:
                k -= 1
            if not doc[k].is_punct:
                continue  # "chief of staff to President Bill Clinton": the name is in the role
        lo, hi = c.left_edge.i, c.right_edge.i + 1
        if c.i < m.start:
            hi = min(hi, m.start)
        while lo < hi and (doc[lo].is_punct or doc[lo].lower_ in ("the", "a", "an")):
            lo += 1
        while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].lower_ in HONORIFICS):
            hi -= 1
        if not (lo < hi <= lo + 10) or any(lo <= i < hi for i in range(m.start, m.end)):
            continue
        if any(
            doc[i].is_space
            or doc[i].text.strip() == ""
            or (i in tok_mention and tok_mention[i].label == "PERSON")
            for i in range(lo, hi)
        ):
            continue
        if _role_signature(doc, lo, hi, tok_mention) is not None:
            return (lo, hi)
    return None


def _role_only_mentions(
    doc: Doc, mentions: list[_Mention], tok_mention: dict[int, _Mention], prefix_tokens: set[int]
) -> list[_Mention]:
    """ "the ambassador", "NATO chief", "NATO's secretary general" -> the one person it fits."""
    people: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    role_text: dict[str, str] = {}
    for m in mentions:
        if m.label == "PERSON" and m.role_span is not None and m.canonical not in people:
            sig = _role_signature(doc, *m.role_span, tok_mention)
            if sig is not None:
                people[m.canonical] = sig
                role_text[m.canonical] = m.role or ""
    if not people:
        return []
    out: list[_Mention] = []
    n = len(doc)
    i = 0
    while i < n:
        t = doc[i]
        low = t.lower_
        head_end = i + 1
        if i + 2 < n and doc[i + 1].text == "-" and (low, doc[i + 2].lower_) in _BIGRAM_HEADS:
            head_end = i + 3
        elif i + 1 < n and (low, doc[i + 1].lower_) in _BIGRAM_HEADS:
            head_end = i + 2
        elif low not in ROLE_HEADS or t.tag_ in ("NNS", "NNPS"):
            i += 1
            continue
        if i in prefix_tokens or (i in tok_mention and tok_mention[i].label != "NORP"):
            i = head_end
            continue
        nxt = doc[head_end] if head_end < n else None
        # "chief negotiator": the head is further on; "President Trump": a prefix, not a mention.
        if nxt is not None and (nxt.pos_ in ("NOUN", "PROPN") or head_end in tok_mention):
            i = head_end
            continue
        # Extend left over qualifiers: entities, possessives, modifiers, "the".
        left = i
        j = i - 1
        while j >= 0:
            tj = doc[j]
            mj = tok_mention.get(j)
            if mj is not None and mj.label in ("GPE", "NORP", "ORG", "LOC"):
                left = mj.start
                j = mj.start - 1
                continue
            if tj.tag_ == "POS" and j - 1 in tok_mention:
                j -= 1
                continue
            if tj.lower_ in ROLE_MODIFIERS and tj.lower_ not in ROLE_HEADS:
                left = j
                j -= 1
                continue
            break
        has_det = j >= 0 and doc[j].lower_ == "the"
        if j >= 0 and doc[j].lower_ in INDEFINITE:  # "a news editor" refers to no one in particular
            i = head_end
            continue
        right = head_end
        # "the head of the IAEA": an "of" + entity after the head narrows it too.
        if nxt is not None and nxt.lower_ == "of":
            k = head_end + 1
            if k < n and doc[k].lower_ == "the":
                k += 1
            mk = tok_mention.get(k)
            if mk is not None and mk.label in ("GPE", "ORG", "NORP"):
                right = mk.end
            elif k < n and (doc[k].lower_ in ROLE_MODIFIERS or doc[k].pos_ in ("NOUN", "PROPN")):
                right = k + 1  # "secretary of state": "state" narrows the role
        sig = _role_signature(doc, left, right, tok_mention)
        if sig is None or (not has_det and left == i and right == head_end):
            i = head_end
            continue
        _, quals = sig
        key = _head_key(doc, i, head_end)
        past = _past(doc, left, head_end)
        fits = [
            name
            for name, (pc, pq) in people.items()
            if key in pc and quals <= pq and _past_role(role_text[name]) == past
        ]
        if len(fits) == 1:
            name = fits[0]
            out.append(
                _Mention(
                    left, right, "PERSON", canonical=name, role=role_text[name], role_only=True
                )
            )
        i = right
    return out


# Words that put a role in the past: "the president" is not "former President Bill Clinton", and
# "the former governor" is not "Gov. Mary Fallin" ("then" is neither: "then-Secretary of State").
PAST_ROLE = frozenset({"former", "ex", "ex-", "retired", "onetime", "one-time", "late"})


def _past(doc: Doc, start: int, end: int) -> bool:
    return any(doc[k].lower_ in PAST_ROLE for k in range(start, end))


def _past_role(role: str) -> bool:
    return any(w in PAST_ROLE for w in re.split(r"[\s\-]+", role.lower()) if w)


def _head_key(doc: Doc, i: int, end: int) -> str:
    """The role class a head names ("chief" -> "chief", "Secretary-General" -> secretary general)."""
    words = doc[i:end].text.lower().replace("-", " ").split()
    return " ".join(words)


# -- actors --------------------------------------------------------------------------------------


def _actors(doc: Doc, mentions: list[_Mention], tok_mention: dict[int, _Mention]) -> None:
    """Set the government a place stands for when the sentence makes it act (see module doc)."""
    for m in mentions:
        if m.role_only or m.label == "PERSON":
            continue
        e = m.entry
        if e is None:
            continue
        if e.kind == "demonym":
            root = doc[m.start : m.end].root
            if (
                root.dep_ in ("amod", "compound") and root.head.lemma_.lower() in AGENT_NOUNS
            ) or _agentive(root):
                m.actor = e.country
            continue
        if e.country is None:
            continue
        nxt = doc[m.end] if m.end < len(doc) else None
        if (
            nxt is not None
            and nxt.text in ("--", "\u2014", "\u2013", "-", "(")
            and doc[m.start : m.end].text.isupper()
        ):
            continue  # a dateline ("WASHINGTON -- ..."), not a government
        if _agentive(doc[m.start : m.end].root):
            m.actor = e.country


def _agentive(t: Token) -> bool:
    """Is this token used as an agent: subject of an agent verb, possessor of an agent noun..."""
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    dep, head = t.dep_, t.head
    if dep == "nsubj" and head.lemma_.lower() in AGENT_VERBS:
        return True
    if dep in ("poss", "compound", "nmod") and head.lemma_.lower() in AGENT_NOUNS:
        return True
    if dep == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return True
    if dep == "pobj" and head.dep_ == "agent":
        return True
    return False


# --------------------------------------------------------------------------------------------
# Across articles


Aliases = Mapping[str, tuple[str, str]]  # name key -> (entity id, canonical name)
_Node = tuple[bool, str, str]  # (is a person, slug of the canonical, article id of a bare name)


class AliasTable(dict[str, tuple[str, str]]):
    """The part of the corpus's alias table (``Store.alias_rows``) a linking needs: name key ->
    (entity id, canonical name), plus the people's full names by folded surname, so that a form
    the corpus has not seen yet ("Michael D. Cohen") finds the person it names ("Michael Cohen")
    by the linking's own rules instead of opening a second identity."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str]] = ()) -> None:
        super().__init__()
        self.by_surname: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self.add(rows)

    def add(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """Take rows a key does not have yet (as the store does: the first id of a name stays)."""
        for key, eid, name, form in rows:
            if key in self:
                continue
            self[key] = (eid, name)
            if key.startswith("person:"):
                words = _name_tokens(form)
                if len(words) >= 2:
                    self.by_surname[fold(words[-1])].append((form, eid, name))


@dataclass(slots=True)
class Corrections:
    """A user's corrections of the linking, kept across re-reads (``Store.entity_corrections``).

    ``merged``: entity id -> the id it was merged into (``rashomon entity merge``);
    ``split``: name key -> (entity id, name) that the form keeps apart (``rashomon entity split``).
    """

    merged: dict[str, str] = field(default_factory=dict)
    split: dict[str, tuple[str, str]] = field(default_factory=dict)


def name_key(is_person: bool, name: str) -> str:
    """The alias table's key of a name form: "person:michael-d-cohen", "name:nato"."""
    return ("person:" if is_person else "name:") + slug(name)


def link_entities(
    articles: Sequence[Article],
    aliases: Aliases | None = None,
    corrections: Corrections | None = None,
) -> dict[str, CanonicalEntity]:
    """Link mentions across articles to one canonical entity each and rewrite the articles'
    ``Entity.canonical``/``entity_id``, their quotes' speakers and their claims' actors and
    sources to match. Returns id -> entity.

    Merged across articles: same canonical name (any non-person type); full names of one person
    ("Joseph R. Biden" / "Joe Biden": same surname and suffix, first names equal or one a
    nickname of the other, middle initials that agree; "Hillary Rodham Clinton" / "Hillary
    Clinton"); full names that differ by spelling ("Zelensky"/"Zelenskyy": same initial, fuzzy
    ratio >= 90, compared only within blocks that share the surname's first three letters); a
    bare surname or first name with the one person of the set whose full name ends or starts
    with it (two Clintons in the set: the bare "Clinton" stays apart, never merged into one).
    A bare name is linked per article, and never to a full name its own article says and still did
    not resolve it to (``_name_people`` found it said too late to be meant: "Obama" throughout,
    "Michelle Obama" once at the end); to the story's one other person of that surname it may.

    ``aliases`` (name key -> (id, name), the corpus's alias table; an :class:`AliasTable` also
    matches full names the corpus has not seen by the same rules): a group any of whose full
    names the corpus already knows takes the corpus's id and name, so one person has one id in
    every story. Bare surnames are never looked up there: across a corpus they are ambiguous.
    ``corrections`` apply last (a user's merge and split win over every rule).
    """
    from rapidfuzz import fuzz

    corrections = corrections or Corrections()
    nodes: dict[_Node, list[tuple[Article, Entity]]] = defaultdict(list)
    for a in articles:
        for e in a.entities:
            person = e.label == "PERSON"
            said = _plain_name(e.text)
            if said != e.canonical and name_key(person, said) in corrections.split:
                # A form the user split off, which an earlier linking had merged by name.
                nodes[(person, slug(said), "")].append((a, e))
                continue
            bare = person and len(_name_tokens(e.canonical)) < 2
            nodes[(person, slug(e.canonical), a.id if bare else "")].append((a, e))
    parent: dict[_Node, _Node] = {k: k for k in nodes}

    def find(k: _Node) -> _Node:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: _Node, b: _Node) -> None:
        if _key(a) in corrections.split or _key(b) in corrections.split:
            return  # a form the user split off stays alone
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    people = {k: nodes[k][0][1].canonical for k in nodes if k[0]}
    full = {k: _name_tokens(n) for k, n in people.items() if len(_name_tokens(n)) >= 2}
    by_last: dict[str, list[_Node]] = defaultdict(list)
    by_first: dict[str, list[_Node]] = defaultdict(list)
    blocks: dict[str, list[_Node]] = defaultdict(list)
    for k, words in full.items():
        by_last[fold(words[-1])].append(k)
        by_first[fold(_given(words))].append(k)
        blocks[fold(words[-1])[:3]].append(k)
    # One surname: "Joseph R. Biden" / "Joe Biden", "Mark Heller" / "Mark Jay Heller". A name
    # that fits two people who are not one ("George Bush" beside "George W. Bush" and "George
    # H. W. Bush") joins neither: union-find would make the three one.
    def fits(a: _Node, b: _Node) -> bool:
        return _suffixes_fit(people[a], people[b]) and _same_person(full[a], full[b])

    for same in by_last.values():
        pairs = [(a, b) for a, b in combinations(same, 2) if fits(a, b)]
        compatible: dict[_Node, list[_Node]] = defaultdict(list)
        for a, b in pairs:
            compatible[a].append(b)
            compatible[b].append(a)
        vague = {
            x
            for x, ys in compatible.items()
            if any(not fits(y, z) for y, z in combinations(ys, 2))
        }
        for a, b in pairs:
            if a not in vague and b not in vague:
                union(a, b)
    # Fuzzy spelling variants of full names: small blocks only (rapidfuzz on a handful).
    for block in blocks.values():
        for x in range(len(block)):
            for y in range(x + 1, len(block)):
                a, b = full[block[x]], full[block[y]]
                if (
                    a[0][0].lower() == b[0][0].lower()
                    and fold(a[-1]) != fold(b[-1])  # one surname: the rule above decides
                    and _suffix(people[block[x]]) == _suffix(people[block[y]])
                    and fuzz.ratio(" ".join(a).lower(), " ".join(b).lower()) >= 90
                ):
                    union(block[x], block[y])
    gaz = gazetteer()
    in_article: dict[_Node, set[str]] = {k: {a.id for a, _ in ms} for k, ms in nodes.items()}
    bare_in: dict[str, set[str]] = defaultdict(set)  # folded surname -> articles saying it bare
    for k in nodes:
        if k[0] and k[2]:
            bare_in[fold(_name_tokens(people[k])[0])].add(k[2])

    def surname_people(surname: str, aid: str) -> set[_Node]:
        """Roots of the full names of that surname an article says."""
        return {find(c) for c in by_last.get(surname, []) if aid in in_article[c]}

    for k, ms in nodes.items():
        canonical = ms[0][1].canonical
        words = _name_tokens(canonical)
        if len(words) != 1 or not words[0][:1].isupper():
            continue
        if not k[0]:
            # A surname the model mistyped in one article ("Comeaux" as ORG) whose full name
            # another article gives; a known place or body keeps its type.
            hit = gaz.lookup(words[0])
            if ms[0][1].label not in ("ORG", "GPE", "NORP", "LOC", "FAC") or (
                hit is not None and (hit.kind != "city" or hit.strong)
            ):
                continue
        w = fold(words[0])
        named = by_last.get(w, [])
        if not named and k[0]:
            named = by_first.get(w, [])
        sfx = _suffix(canonical)
        if sfx:  # "Trump Jr." is the one whose name says Jr.
            named = [c for c in named if _suffix(people[c]) == sfx]
        if k[0] and len({find(c) for c in named if in_article[c] & in_article[k]}) > 1:
            continue  # two people of that surname in its own article: it cannot tell which
        if k[0]:
            # A full name its own article says and did not resolve it to ("Obama" throughout,
            # "Michelle Obama" once at the end) is not whom it means, here or in the story.
            # Unless another account calls that person by the bare surname too (its own
            # "Obama" resolved to "Barack Obama"): then the name is the story's for them.
            # (another account's bare "Obama" that its own article names no other Obama for).
            refused = set()
            for c in named:
                if not in_article[c] & in_article[k]:
                    continue
                others = (_called_bare(nodes[c], w) | bare_in.get(w, set())) - in_article[k]
                if not any(surname_people(w, aid) <= {find(c)} for aid in others):
                    refused.add(find(c))
            named = [c for c in named if find(c) not in refused]
        cands = {find(c) for c in named}
        if len(cands) != 1:
            continue
        union(next(iter(cands)), k)

    groups: dict[_Node, list[tuple[Article, Entity]]] = defaultdict(list)
    for k, ms in nodes.items():
        groups[find(k)].extend(ms)

    result: dict[str, CanonicalEntity] = {}
    renamed: dict[tuple[str, str], tuple[str, str]] = {}  # (article, old name or id) -> new
    for root, ms in groups.items():
        is_person = root[0]
        label = "PERSON" if is_person else Counter(e.label for _, e in ms).most_common(1)[0][0]
        names = Counter(e.canonical for _, e in ms)
        if is_person:
            multi = Counter({n: c for n, c in names.items() if len(n.split()) >= 2}) or names
            name = max(multi, key=lambda n: (multi[n], len(n)))
        else:
            name = max(names, key=lambda n: (names[n], len(n)))
        eid = entity_id(label, name)
        pinned = corrections.split.get(_key(root))
        known = _known_id(names, is_person, label, aliases) if pinned is None else pinned
        if known is not None:
            eid, name = known
        seen = {eid}
        while eid in corrections.merged and corrections.merged[eid] not in seen:
            eid = corrections.merged[eid]
            seen.add(eid)
            name = (aliases or {}).get(f"id:{eid}", (eid, name))[1]
        ent = result.get(eid) or CanonicalEntity(id=eid, name=name, type=label)
        result[eid] = ent
        forms_all: list[str] = []
        for a, e in ms:
            if e.canonical != name or e.entity_id != eid:
                renamed[(a.id, e.canonical)] = (name, eid)
                if e.entity_id:
                    renamed[(a.id, e.entity_id)] = (name, eid)
            e.canonical, e.entity_id = name, eid
            if is_person:
                e.label = "PERSON"
            ent.mentions += 1
            _add_unique(ent.aliases, [e.text])
            if e.role:
                _add_unique(ent.roles, [e.role])
            if ent.actor is None and e.actor:
                ent.actor = e.actor
            if not _is_role_mention(e):
                form = _plain_name(e.text)
                forms_all.append(form)
                _add_unique(ent.articles.setdefault(a.id, []), [form])
        _add_unique(ent.variants, _name_variants(forms_all, is_person))
    _rename_attributions(articles, renamed)
    return result


def _called_bare(mentions: Sequence[tuple[Article, Entity]], surname: str) -> set[str]:
    """The articles that call a person by the bare ``surname`` (folded)."""
    out = set()
    for a, e in mentions:
        words = _name_tokens(_plain_name(e.text))
        if len(words) == 1 and fold(words[0]) == surname:
            out.add(a.id)
    return out


def alias_keys(ent: CanonicalEntity) -> list[str]:
    """The name keys a linked entity is known by in the corpus's alias table: its full names
    (people) or its names (the rest), never a bare surname."""
    return [k for k, _ in alias_forms(ent)]


def alias_forms(ent: CanonicalEntity) -> list[tuple[str, str]]:
    """(name key, the form it was written in) for each of :func:`alias_keys`."""
    is_person = ent.type == "PERSON"
    out: list[tuple[str, str]] = []
    for n in [ent.name, *ent.variants]:
        if is_person and len(_name_tokens(n)) < 2:
            continue
        k = name_key(is_person, n)
        if all(k != x for x, _ in out):
            out.append((k, n))
    return out


def _key(node: _Node) -> str:
    return ("person:" if node[0] else "name:") + node[1]


def _known_id(
    names: Counter[str], is_person: bool, label: str, aliases: Aliases | None
) -> tuple[str, str] | None:
    """The corpus's id for a group, from the alias table: the id most of its names have; for a
    person none of whose names the table holds, the one person of the table whose full name the
    linking's rules say is one of them (two such people: none)."""
    if not aliases:
        return None
    votes: Counter[tuple[str, str]] = Counter()
    for n, c in names.items():
        if is_person and len(_name_tokens(n)) < 2:
            continue
        hit = aliases.get(_key((is_person, slug(n), "")))
        if hit is not None and (is_person or hit[0].startswith(label.lower() + ":")):
            votes[hit] += c
    by_surname = getattr(aliases, "by_surname", None)
    if votes or not is_person or not by_surname:
        return votes.most_common(1)[0][0] if votes else None
    for n, c in names.items():
        words = _name_tokens(n)
        if len(words) < 2:
            continue
        fits = {
            (eid, name)
            for form, eid, name in by_surname.get(fold(words[-1]), [])
            if _suffixes_fit(form, n) and _same_person(words, _name_tokens(form))
        }
        if len(fits) == 1:
            votes[next(iter(fits))] += c
    if len(votes) == 1:
        return next(iter(votes))
    return None


def _given(words: Sequence[str]) -> str:
    """The given name a full name is used by: "A. Barry Rand" -> "Barry"."""
    if len(words) > 2 and _initial(words[0]):
        return words[1]
    return words[0]


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


@lru_cache(maxsize=1)
def _nicknamer() -> object:
    # The nicknames package: a hand-curated table of English given names and their nicknames
    # (Bill/William, Chuck/Charles, Joe/Joseph), rather than a list of our own.
    from nicknames import NickNamer

    return NickNamer()


def _same_given(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    if a == b:
        return True
    if _initial(a) or _initial(b):
        return False  # "J. Biden" could be anyone: Jill, Joe
    nn = _nicknamer()
    return a in nn.canonicals_of(b) or b in nn.canonicals_of(a)  # type: ignore[attr-defined]


def same_person(a: str, b: str) -> bool | None:
    """Do two person names (or two linked speaker names) name one person? By the linking's own
    rules, so a caller comparing attributions agrees with the entity pages: True for one name
    ("Michael D. Cohen" / "Michael Cohen", "Bill Clinton" / "William Clinton"), False for two
    people ("Bill Clinton" / "Hillary Clinton"), None when it cannot be told from the names alone
    (a bare "Clinton" beside "Hillary Clinton"): a difference of attribution needs False."""
    wa, wb = _name_tokens(a), _name_tokens(b)
    if not wa or not wb:
        return None
    same = _same_by_name(wa, wb)
    if same and not _suffixes_fit(a, b):
        return None  # "Donald Trump Jr." / "Donald Trump": two people, or one written two ways
    return same


def _same_by_name(wa: Sequence[str], wb: Sequence[str]) -> bool | None:
    if [fold(w) for w in wa] == [fold(w) for w in wb]:
        return True
    if len(wa) >= 2 and len(wb) >= 2:
        return _same_person(wa, wb)
    bare, whole = (wa, wb) if len(wa) < 2 else (wb, wa)
    if len(whole) < 2:
        return False  # two different single names
    if fold(bare[0]) in (fold(whole[-1]), fold(_given(whole))):
        return None
    return False


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two full names with one surname name one person: given names equal or nicknames of each
    other, and the middle names both give agree (by initial: "Joseph R." and "Joseph Robinette")."""
    if fold(a[-1]) != fold(b[-1]) or not _same_given(_given(a), _given(b)):
        return False
    ma = [w for w in a[1:-1] if fold(w) != fold(_given(a))]
    mb = [w for w in b[1:-1] if fold(w) != fold(_given(b))]
    if ma and mb:
        return fold(ma[0])[:1] == fold(mb[0])[:1]
    return True


def _is_role_mention(e: Entity) -> bool:
    """A role said instead of the name ("the ambassador"): shares no word with the name."""
    if e.label != "PERSON":
        return False
    name = {w.lower() for w in e.canonical.split()}
    return not any(w.lower().rstrip("'s") in name for w in e.text.split())


def _name_variants(forms: Iterable[str], is_person: bool) -> list[str]:
    """Distinct names used; for people, a bare surname is part of the name, not a variant."""
    uniq: list[str] = []
    _add_unique(uniq, forms)
    if not is_person:
        return uniq
    sets = {f: set(f.lower().split()) for f in uniq}
    return [f for f in uniq if not any(sets[f] < sets[g] for g in uniq if g != f)]


def _add_unique(target: list[str], items: Iterable[str]) -> None:
    """Append what is new, comparing case- and apostrophe-folded ("LONDON" is "London")."""
    seen = {fold(x) for x in target}
    for x in items:
        k = fold(x)
        if k not in seen:
            seen.add(k)
            target.append(x)


def _rename_attributions(
    articles: Sequence[Article], renamed: dict[tuple[str, str], tuple[str, str]]
) -> None:
    """Keep quote speakers, claim actors and sources, and the actors mentions stand for in step
    with the entities they were resolved to (per article: one article's "Clinton" may be
    another's unresolved one)."""
    if not renamed:
        return
    for a in articles:
        for q in a.quotes:
            new = renamed.get((a.id, q.speaker_id or "")) or renamed.get((a.id, q.speaker or ""))
            if new is not None:
                q.speaker, q.speaker_id = new
        for c in a.claims:
            if c.actor and (a.id, c.actor) in renamed:
                c.actor = renamed[(a.id, c.actor)][0]
            if c.source and (a.id, c.source) in renamed:
                c.source = renamed[(a.id, c.source)][0]
        for e in a.entities:
            if e.actor and (a.id, e.actor) in renamed:
                e.actor = renamed[(a.id, e.actor)][0]
