"""Which articles the reading models can read: the English ones.

The parse, entity, quote and claim models are English (spaCy's ``en_core_web_sm``, the
attribution taggers trained on PolNeAR). Run on German or Russian they give junk ("Teil" as an
entity, "Я думаю" as a person) and no quotes, so an article whose detected language
(``Article.language``, set by the clean stage) is another is stored and marked instead: the
English-only stages skip it, leave its annotations empty, list themselves in
``Article.unread`` and say so in one warning line naming the article and the language. Such an
article still joins stories by what does not depend on its language: its date, its numbers,
the names it shares with the other articles (``rashomon.stories``). An article whose language
is unknown (a text too short to tell) is read as English, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache

from ..model import Article

log = logging.getLogger("rashomon")

#: The languages the reading models are trained for.
READ_LANGUAGES: frozenset[str] = frozenset({"en"})


def readable(article: Article, languages: Iterable[str] = READ_LANGUAGES) -> bool:
    """Whether the models for ``languages`` can read ``article`` (unknown language: yes)."""
    lang = (article.language or "").split("-")[0].lower()
    return not lang or lang in frozenset(languages)


@cache
def language_name(code: str | None) -> str:
    """The English name of an ISO 639 code ("de" -> "German"), else the code itself."""
    if not code:
        return "an unknown language"
    import pycountry

    key = code.split("-")[0].lower()
    found = pycountry.languages.get(alpha_2=key) if len(key) == 2 else None
    found = found or pycountry.languages.get(alpha_3=key)
    return str(found.name) if found is not None else code


def unread_reason(article: Article) -> str | None:
    """Why some of ``article`` was not read, in one line, or None when all of it was."""
    if not article.unread:
        return None
    stages = ", ".join(article.unread)
    return (
        f"in {language_name(article.language)} ({article.language}): the reading models are "
        f"English-only, so its {stages} were not read"
    )


def warn_unread(article: Article, stages: Iterable[str]) -> None:
    """The one warning line for an article the English-only ``stages`` skip."""
    names = ", ".join(stages)
    log.warning(
        "%s: in %s (%s), not English; %s skipped (the models are English-only)",
        article.source if article.source and article.source != "-" else article.id,
        language_name(article.language),
        article.language,
        names,
    )
