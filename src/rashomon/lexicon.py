"""The vocabulary the readers, the grouping and the comparison share: speech verbs, the entity
labels that name actors, news and photo agencies, months and weekdays, number words.

One module, so a word added for one stage is not missing from another that means the same
thing. Where a stage deliberately uses fewer words (a narrower sense), its set is named here as a
subset of the full one, and the import checks it stays a subset.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------------
# Speech and attribution verbs (lemmas)

#: Verbs that introduce speech or a stated position (the quotes stage's cues). Communication
#: verbs first, then the stance verbs news writing uses the same way ("Moscow insists that …").
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell add warn insist claim argue note stress announce declare deny explain write ask
    reply suggest acknowledge admit confirm accuse urge report state remark comment respond
    answer observe predict promise vow pledge threaten assert contend maintain mention reveal
    disclose indicate emphasize emphasise reiterate repeat recall concede caution complain
    estimate allege testify tweet post recount quip joke boast lament charge counter retort
    agree disagree conclude acknowledge signal hint assure reassure inform notify advise
    recommend propose demand insist predict forecast tout brag grumble muse wonder speculate
    continue point explain show find believe think expect hope fear
    """.split()
)
#: Stance and finding verbs among them: cues only with a clausal complement and an explicit
#: subject (they are too common as plain verbs otherwise).
WEAK_SPEECH_VERBS: frozenset[str] = frozenset(
    "continue point show find believe think expect hope fear agree add mention".split()
)
#: Verbs whose clausal complement is what someone asserts (the claims stage: "X said (that) Y"
#: gives the claim Y with source X).
ASSERTION_VERBS: frozenset[str] = frozenset(
    """
    say tell add warn insist claim argue note stress announce declare deny explain write report
    state remark comment respond reply answer observe predict promise vow pledge threaten assert
    contend maintain mention reveal disclose indicate emphasize emphasise reiterate repeat recall
    concede caution complain estimate allege testify tweet post acknowledge admit confirm suggest
    agree conclude signal assure inform believe think expect hope fear accuse urge
    """.split()
)
#: Verbs whose present tense with a day reports what was said ("Rutte says Monday …"), not a
#: schedule ("Trump and Clinton meet Monday"): the dates stage's exception.
REPORTING_VERBS: frozenset[str] = frozenset(
    "say tell add warn insist claim argue note stress announce declare deny explain write ask "
    "report state confirm accuse urge suggest acknowledge admit reveal show find".split()
)
#: The plain saying verbs: an actor who only reports, so the stance words of the claim belong to
#: someone else (the comparison's stance check).
SAYING_VERBS: frozenset[str] = frozenset(
    "say tell add state note insist claim announce write report explain".split()
)

# --------------------------------------------------------------------------------------------
# Entity labels (spaCy's OntoNotes scheme)

#: Labels of entities that can act or speak, in the order a speaker is preferred among them.
ACTOR_LABELS: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")
#: Labels that name something (actors plus named events): what stories share and framing names.
NAME_LABELS: frozenset[str] = frozenset(ACTOR_LABELS) | {"EVENT"}
#: Labels of values, not names.
VALUE_LABELS: frozenset[str] = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
)

# --------------------------------------------------------------------------------------------
# Agencies

#: News agencies whose name in brackets marks a wire dateline: "WASHINGTON (AP) — …".
WIRE_AGENCIES: tuple[str, ...] = ("AP", "UPI", "AFP", "Reuters", "CNN", "Xinhua", "dpa", "TASS")
#: Photo agencies and credit words of a picture credit: "(AP Photo/Name)", "Name/Getty Images".
PHOTO_AGENCIES: tuple[str, ...] = (
    "AP", "AFP", "Reuters", "Getty Images", "Getty", "EPA", "EPA-EFE", "Shutterstock",
    "Bloomberg", "Xinhua", "TASS", "Sputnik", "Anadolu", "NurPhoto", "SOPA Images", "Alamy",
    "iStock", "DPA", "picture alliance", "Pool", "Handout", "Ukrinform", "UNIAN",
    "Wikimedia Commons", "Press Service", "File",
)  # fmt: skip
#: The agencies a photo caption's credit names after a slash: "(Name/Getty Images)".
CAPTION_AGENCIES: tuple[str, ...] = (
    "Getty Images", "AFP", "Reuters", "AP", "EPA", "Shutterstock", "Sputnik", "TASS",
)  # fmt: skip

# --------------------------------------------------------------------------------------------
# The calendar

MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
#: The usual abbreviations ("Sept." as well as "Sep.").
MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
)  # fmt: skip
WEEKDAY_NAMES: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
#: Month number by the first three letters, lower case.
MONTH_NUMBERS: dict[str, int] = {m[:3].lower(): i for i, m in enumerate(MONTH_NAMES, 1)}
#: Weekday number (Monday 0) by full name, lower case.
WEEKDAY_NUMBERS: dict[str, int] = {d.lower(): i for i, d in enumerate(WEEKDAY_NAMES)}
#: A month as written in running text (capitalised; a trailing abbreviation dot belongs to it).
MONTH_RE = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|Jun\.|July?|"
    r"Jul\.|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
    r"Dec(?:ember|\.)?)(?![a-z])"
)
#: A month name or abbreviation without its dot, for case-insensitive patterns (page chrome).
MONTH_RE_LOOSE = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?"
)
WEEKDAY_RE = r"(?:" + "|".join(WEEKDAY_NAMES) + r")"

# --------------------------------------------------------------------------------------------
# Number words

#: Cardinal number words and their values.
CARDINALS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100,
}  # fmt: skip
#: Vague magnitudes; the value is the lower bound ("tens of thousands" is at least 10,000).
VAGUE_MAGNITUDES: dict[str, int] = {
    "tens of thousands": 10_000, "hundreds of thousands": 100_000, "tens of millions": 10**7,
    "hundreds of millions": 10**8, "millions": 10**6, "thousands": 1000, "hundreds": 100,
    "dozens": 12, "billions": 10**9,
}  # fmt: skip
#: Multipliers written after a number ("30 million", "$2bn").
SCALES: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6,
}  # fmt: skip
