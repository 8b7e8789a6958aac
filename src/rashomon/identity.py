"""One identity per person, organisation and place across the corpus: the pipeline's use of
:func:`rashomon.read.entities.link_entities` against the store's alias table and corrections.

Two passes, both cheap next to the parse (``benchmarks/identity.py`` measures them):

* **When an article is read** (``Rashomon.read``, in the writing process): its entities are linked
  on their own against the corpus's alias table, so "Michael D. Cohen" in a new article takes the
  id the corpus gave "Michael Cohen", and the table grows by the article's full names. One
  article at a time: linking a chunk of unrelated articles together would give a bare "Clinton"
  of one the full name another happens to say.
* **When a story is compared** (``rashomon.compare.compare``): the story's articles are linked
  together, so a bare "Trump" of one outlet joins the "Donald Trump" of another when the story
  has one Trump, and stays apart when it has two (Bill and Hillary Clinton). For the corpus's
  stories the resolved mentions are saved back, so entity pages, voices and search agree.

The user's ``rashomon entity merge`` and ``split`` are kept in ``entity_corrections`` and win
over every rule in both passes, so re-reading an article keeps them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .model import Article
from .read.entities import (
    AliasTable,
    CanonicalEntity,
    Corrections,
    alias_forms,
    link_entities,
    name_key,
)
from .read.gazetteer import fold

if TYPE_CHECKING:
    from .store import Store

__all__ = ["Identity", "identity_for", "link_read", "corrections_of", "changed", "snapshot"]


class Identity:
    """The alias table rows and corrections a set of articles needs, read once."""

    def __init__(self, aliases: AliasTable, corrections: Corrections) -> None:
        self.aliases = aliases
        self.corrections = corrections


def corrections_of(rows: Iterable[dict[str, Any]]) -> Corrections:
    """The store's correction rows (oldest first) as :class:`Corrections`."""
    out = Corrections()
    for r in rows:
        if r["action"] == "merge":
            out.merged[r["entity_id"]] = r["target"]
        elif r["form"]:
            out.split[r["form"]] = (r["target"], r["name"])
    return out


def _surname(form: str) -> str | None:
    words = [w for w in form.replace(",", " ").split() if w.lower().rstrip(".") not in _DROP]
    return fold(words[-1]) if len(words) >= 2 else None


_DROP = frozenset({"mr", "mrs", "ms", "dr", "sir", "jr", "sr", "ii", "iii", "iv"})


def identity_for(store: Store, articles: Sequence[Article]) -> Identity:
    """The alias rows for every name the articles' entities carry (and the people of their
    surnames), and the user's corrections."""
    keys: list[str] = []
    surnames: list[str] = []
    for a in articles:
        for e in a.entities:
            person = e.label == "PERSON"
            keys.append(name_key(person, e.canonical))
            if person and (s := _surname(e.canonical)):
                surnames.append(s)
    return Identity(
        AliasTable(store.alias_rows(keys, surnames)), corrections_of(store.entity_corrections())
    )


def alias_rows_of(linked: dict[str, CanonicalEntity]) -> list[tuple[str, str, str, str, str | None]]:
    """(key, id, name, form, surname) rows for the store's alias table from a linking's result."""
    rows = []
    for ent in linked.values():
        person = ent.type == "PERSON"
        for key, form in alias_forms(ent):
            rows.append((key, ent.id, ent.name, form, _surname(form) if person else None))
    return rows


def link_read(store: Store, articles: Sequence[Article]) -> int:
    """Link each freshly read article's entities against the corpus (in place) and grow the
    alias table with what they name. Returns the alias rows added."""
    arts = [a for a in articles if a.entities]
    if not arts:
        return 0
    ident = identity_for(store, arts)
    rows: list[tuple[str, str, str, str, str | None]] = []
    for a in arts:
        mine = alias_rows_of(link_entities([a], ident.aliases, ident.corrections))
        ident.aliases.add(r[:4] for r in mine)  # the next article of the chunk sees this one's
        rows += mine
    return store.add_aliases(rows)


Snapshot = list[tuple[Any, ...]]


def snapshot(article: Article) -> Snapshot:
    """What linking may change in an article, to tell whether it must be saved again."""
    return [
        *((e.canonical, e.entity_id, e.label, e.actor) for e in article.entities),
        *((q.speaker, q.speaker_id) for q in article.quotes),
        *((c.actor, c.source) for c in article.claims),
    ]


def changed(articles: Sequence[Article], before: dict[str, Snapshot]) -> list[Article]:
    """The articles whose linking changed since ``before`` (article id -> :func:`snapshot`)."""
    return [a for a in articles if before.get(a.id) != snapshot(a)]


def relinked(store: Store, article_ids: Sequence[str]) -> list[Article]:
    """Stored articles linked again on their own (after a user's correction); the changed ones
    are saved and returned."""
    arts = [store.get(i) for i in dict.fromkeys(article_ids)]
    before = {a.id: snapshot(a) for a in arts}
    if arts:
        link_read(store, arts)
    out = changed(arts, before)
    if out:
        store.save_analyses(out)
    return out
