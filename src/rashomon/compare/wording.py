"""Loaded and evaluative wording: words a writer chooses where a neutral one would do.

A sentiment lexicon is the wrong tool for news: VADER rates "attack", "war", "killed" and "care"
strongly, and those words report events (2.5% of VADER's strong words overlapped a BASIL
lexical-bias span on BASIL's tuning part, measured). What a careful editor strikes out is a closed
set of choices, the ones style guides list: the categories below follow Wikipedia's "Manual of
Style: Words to watch" (puffery, contentious labels, expressions of doubt, editorialising,
loaded synonyms for "said") plus the news-writing habits the same advice targets (verbs of attack
for plain criticism, manner adverbs that judge, hyperbole). The words are written here by hand
from those categories (no installed package ships such a list); BASIL was used only to measure
them and to drop categories that mark too much that is not loaded (see the benchmark,
``benchmarks/loaded_wording.py``, and which part of BASIL it tuned on).

Each entry is a word or phrase; ``+`` after a verb stands for its inflections ("slam+" matches
slam, slams, slammed, slamming).
"""

from __future__ import annotations

import re
from functools import lru_cache

LOADED: dict[str, str] = {
    # Verbs of attack standing for "criticised" (news-writing's favourite upgrade).
    "attack verb": """
        slam+ blast+ assail+ excoriate+ deride+ ridicule+ lambaste+ lambast+ berate+ bash+
        castigate+ pillory+ skewer+ savage+ decry+ scoff+ sneer+ taunt+ rail+_against
        lash+_out tear_into tore_into tearing_into rip+_into trashed trashing pummel+ eviscerate+
        torpedo+ bludgeon+ browbeat+ hector+ harangue+ belittle+ demonize+ demonise+ vilify
        vilified vilifies vilifying smear+ scold+ chide+ upbraid+ denigrate+ disparage+
        mock+ jeer+ heckle+ thunder+ fume+ rage+ seethe+ bristle+ pounce+_on
    """,
    # Loaded synonyms for "said" that add a judgement of the speaker. The guide's "claim",
    # "insist", "admit", "assert" are left out: without a parse "claims" is mostly the plain noun,
    # and the verbs mostly neutral in news copy (5% of their marks overlapped a BASIL span).
    "loaded said": """
        boast+ brag+ tout+ gloat+ whine+ gripe+ grouse+ bemoan+ carp+ spout+ rant+
    """,
    # Manner adverbs that judge how something was done or said.
    "judging adverb": """
        angrily harshly sharply bluntly fiercely bitterly furiously defiantly brazenly
        unabashedly flatly falsely baselessly wrongly erroneously facetiously sarcastically
        mockingly dismissively vehemently vigorously forcefully aggressively stubbornly
        shamelessly recklessly cynically boldly gleefully desperately frantically smugly
        arrogantly petulantly testily curtly icily coldly grudgingly meekly sheepishly
        belligerently combatively disingenuously misleadingly brashly
    """,
    # Expressions of doubt and scare terms.
    "doubt": """
        so-called supposedly purportedly purported self-styled self-described
        self-proclaimed self-titled ostensibly dubious questionable specious spurious
        dubiously
    """,
    # Editorialising: the writer tells the reader what to think of it. "clearly", "of course",
    # "obviously" are left out: mostly reported speech or plain use (1 of 13 marks of the
    # category overlapped a BASIL span before they were removed).
    "editorialising": """
        tellingly unsurprisingly predictably ironically conveniently laughably needless_to_say
        inexplicably mercifully astonishingly shockingly
    """,
    # Hyperbole: drama where a plain noun or adjective would report the same thing.
    "hyperbole": """
        firestorm uproar bombshell onslaught stunning spectacular dazzling
        extraordinary devastating scathing stinging ferocious fierce toxic furor furore
        frenzy fiasco debacle meltdown tirade diatribe screed broadside barrage blistering
        withering searing damning humiliating disastrous chaotic bizarre shocking astonishing
        jaw-dropping mind-boggling staggering whopping sweeping_rebuke crushing
        humiliation nightmare bloodbath circus sham charade travesty outrageous
        scandalous egregious appalling disgraceful shameful abysmal catastrophic
    """,
    # Labels that judge a person or a group.
    "label": """
        mercurial bombastic combative brash erratic volatile firebrand hardline hard-line
        hawkish extremist extremists fringe demagogue demagogues
        ultraconservative far-right far-left gaffe gaffes gaffe-prone embattled beleaguered
        disgraced divisive polarizing polarising notorious infamous strident shrill zealot
        zealots ideologue ideologues crony cronies henchman henchmen puppet propaganda thug
        thugs hardliner hardliners ultranationalist agitator agitators rabble-rouser
        loose_cannon naive reckless incompetent inept hapless feckless corrupt
    """,
    # Puffery: praise in the writer's own voice.
    "puffery": """
        legendary iconic visionary acclaimed renowned prestigious beloved revered
        heroic brilliant masterful stellar rising_star towering trailblazing pioneering
        world-class illustrious storied venerable charismatic
    """,
}


def _inflections(verb: str) -> list[str]:
    """A regular verb's forms: base, -s, -ed, -ing (doubling a short final consonant)."""
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return [verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    stem = verb
    if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", verb) or verb in ("admit", "rebel"):
        stem = verb + verb[-1]  # slam -> slammed, admit -> admitted
    s = "es" if verb.endswith(("sh", "ch", "s", "x", "z")) else "s"
    return [verb, verb + s, stem + "ed", stem + "ing"]


def _forms(entry: str) -> list[str]:
    words = entry.split("_")
    head, rest = words[0], words[1:]
    heads = _inflections(head[:-1]) if head.endswith("+") else [head]
    return [" ".join([h, *rest]) for h in heads]


@lru_cache(maxsize=1)
def patterns() -> list[tuple[re.Pattern[str], str]]:
    """One case-insensitive, word-bounded pattern per category, longest forms first."""
    out = []
    for cat, entries in LOADED.items():
        forms = sorted({f for e in entries.split() for f in _forms(e)}, key=len, reverse=True)
        alt = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
        out.append((re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE), cat))
    return out
