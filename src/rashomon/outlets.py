"""Who published an article: a table of known outlets (name, domains, country, language,
ownership) that labels articles and lets reports group them by outlet and by country.

The table is the shipped ``data/outlets.tsv`` (hand-written; its header says where the facts come
from) overlaid with the rows a user added to the database (``rashomon outlet add``): a user row
with the name of a shipped one replaces it. Matching is on the name, an alias (case and spacing
ignored) or a web address whose host is one of the outlet's domains or a sub-domain of one.

Labelling never invents an outlet: an article keeps the outlet its input named unless the table
knows that name (then it gets the table's spelling) or its own web address (then a guess read off
the address, the feed's title or a bio line gives way to the table's entry).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from .errors import Code, RashomonError

__all__ = ["OWNERSHIP", "Outlet", "OutletTable", "host_of", "parse_table", "shipped", "shipped_table"]

#: Ownership types, as the shipped table's header defines them.
OWNERSHIP = ("public", "state-run", "state-funded", "private", "non-profit", "cooperative")
COLUMNS = ("name", "domains", "aliases", "country", "language", "ownership")

#: Where an article's outlet may come from, weakest first: a name the table knows replaces these.
GUESSED_SOURCES = frozenset({None, "url", "feed", "text"})


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet as the table knows it."""

    name: str
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-2
    language: str | None = None  # ISO 639-1
    ownership: str | None = None  # one of OWNERSHIP
    origin: str = "shipped"  # "shipped" or "user"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "domains": list(self.domains),
            "aliases": list(self.aliases),
            "country": self.country,
            "language": self.language,
            "ownership": self.ownership,
            "origin": self.origin,
        }

    @classmethod
    def make(
        cls,
        name: str,
        domains: Iterable[str] = (),
        aliases: Iterable[str] = (),
        country: str | None = None,
        language: str | None = None,
        ownership: str | None = None,
        origin: str = "user",
        where: str | None = None,
    ) -> Outlet:
        """A checked outlet: a name, well-formed domains and codes, a known ownership type."""
        name = " ".join((name or "").split())
        if not name:
            raise RashomonError(Code.USAGE, "an outlet needs a name", source=where)
        doms = []
        for d in domains:
            d = d.strip().lower().removeprefix("www.")
            if not d:
                continue
            if "://" in d:
                d = host_of(d) or ""
            if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", d):
                raise RashomonError(
                    Code.USAGE, f"{name}: {d!r} is not a domain (like example.com)", source=where,
                    fix="give registered domains such as 'bbc.co.uk', separated by '|'",
                )
            doms.append(d)
        country = (country or "").strip().upper() or None
        if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
            raise RashomonError(
                Code.USAGE, f"{name}: country {country!r} is not an ISO 3166-1 alpha-2 code",
                source=where, fix="give a two-letter country code such as GB, US or RU",
            )
        language = (language or "").strip().lower() or None
        if language is not None and not re.fullmatch(r"[a-z]{2,3}", language):
            raise RashomonError(
                Code.USAGE, f"{name}: language {language!r} is not an ISO 639-1 code",
                source=where, fix="give a two-letter language code such as en, ru or uk",
            )
        ownership = (ownership or "").strip().lower() or None
        if ownership is not None and ownership not in OWNERSHIP:
            raise RashomonError(
                Code.USAGE, f"{name}: ownership {ownership!r} is not one of {', '.join(OWNERSHIP)}",
                source=where, fix=f"give one of: {', '.join(OWNERSHIP)}",
            )
        als = tuple(dict.fromkeys(" ".join(a.split()) for a in aliases if a.strip()))
        return cls(name, tuple(dict.fromkeys(doms)), als, country, language, ownership, origin)


def _key(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").split()).casefold()


def host_of(address: str | None) -> str | None:
    """The lower-case host of an http(s) address ("www." dropped), else None."""
    if not address or not address.lower().startswith(("http://", "https://")):
        return None
    try:
        host = urlsplit(address).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


@dataclass
class OutletTable:
    """Outlets by name, alias and domain. Later rows replace earlier ones of the same name."""

    outlets: dict[str, Outlet] = field(default_factory=dict)  # folded name -> outlet
    _names: dict[str, str] = field(default_factory=dict)  # folded name or alias -> folded name
    _domains: dict[str, str] = field(default_factory=dict)  # domain -> folded name

    @classmethod
    def of(cls, *layers: Iterable[Outlet]) -> OutletTable:
        table = cls()
        for layer in layers:
            for o in layer:
                table.add(o)
        return table

    def add(self, outlet: Outlet) -> None:
        key = _key(outlet.name)
        old = self.outlets.get(key)
        if old is not None:  # replaced: forget its aliases and domains
            for k in [k for k, v in self._names.items() if v == key]:
                del self._names[k]
            for d in [d for d, v in self._domains.items() if v == key]:
                del self._domains[d]
        self.outlets[key] = outlet
        for alias in (outlet.name, *outlet.aliases):
            self._names.setdefault(_key(alias), key)
        self._names[key] = key
        for d in outlet.domains:
            self._domains[d] = key

    def __iter__(self) -> Iterator[Outlet]:
        return iter(sorted(self.outlets.values(), key=lambda o: _key(o.name)))

    def __len__(self) -> int:
        return len(self.outlets)

    def named(self, name: str | None) -> Outlet | None:
        """The outlet called ``name`` (its name or an alias; a bare domain works too)."""
        if not name:
            return None
        key = self._names.get(_key(name))
        if key is not None:
            return self.outlets[key]
        if "." in name and " " not in name.strip():
            return self.at(name.strip() if "://" in name else "http://" + name.strip())
        return None

    def at(self, address: str | None) -> Outlet | None:
        """The outlet whose domain serves ``address`` (a sub-domain counts: news.bbc.co.uk)."""
        host = host_of(address)
        while host and "." in host:
            key = self._domains.get(host)
            if key is not None:
                return self.outlets[key]
            host = host.split(".", 1)[1]
        return None

    def matching(self, text: str) -> list[Outlet]:
        """Outlets a user's filter means: the one named (or at that domain), else every outlet
        whose name or alias starts with the text ("fox" -> Fox News, Fox Business)."""
        hit = self.named(text)
        if hit is not None:
            return [hit]
        k = _key(text)
        keys = dict.fromkeys(v for n, v in self._names.items() if n.startswith(k))
        return [self.outlets[v] for v in keys] if k else []

    def of_article(self, article: Any) -> Outlet | None:
        """The table's entry for an article: its outlet's name, else its web address."""
        return self.named(article.outlet) or self.at(article.url) or self.at(article.source)

    def label(self, article: Any) -> bool:
        """Give ``article`` the table's name for its outlet when the table knows it; True if
        the outlet changed. A name the input stated and the table does not know is kept."""
        known = self.named(article.outlet)
        if known is None and article.outlet_source in GUESSED_SOURCES:
            known = self.at(article.url) or self.at(article.source)
        if known is None or known.name == article.outlet:
            return False
        article.outlet = known.name
        if article.outlet_source is None:
            article.outlet_source = "url"
        return True


def parse_table(text: str, origin: str, where: str) -> list[Outlet]:
    """Outlets from tab- or comma-separated text with the header :data:`COLUMNS` ('#' lines are
    comments). A bad row is an error naming the file and the line, so nothing half-loads."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return []
    dialect = "excel-tab" if "\t" in lines[0] else "excel"
    rows = list(csv.reader(io.StringIO("\n".join(lines)), dialect=dialect))
    header = [h.strip().lower() for h in rows[0]]
    if "name" not in header:
        raise RashomonError(
            Code.MALFORMED, f"the first row must name the columns ({', '.join(COLUMNS)})",
            source=where, fix="start the file with the header row: " + ",".join(COLUMNS),
        )
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise RashomonError(
            Code.MALFORMED, f"unknown column(s) {', '.join(unknown)}", source=where,
            fix="use the columns " + ", ".join(COLUMNS),
        )
    out = []
    for n, row in enumerate(rows[1:], 2):
        cells = dict(zip(header, [c.strip() for c in row], strict=False))

        def many(col: str, cells: dict[str, str] = cells) -> list[str]:
            return [v for v in (cells.get(col) or "").split("|") if v.strip()]

        out.append(
            Outlet.make(
                cells.get("name", ""), many("domains"), many("aliases"), cells.get("country"),
                cells.get("language"), cells.get("ownership"), origin, f"{where}, row {n}",
            )
        )
    return out


@cache
def shipped() -> tuple[Outlet, ...]:
    """The outlets of ``data/outlets.tsv``, read once per process."""
    text = resources.files(__package__).joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    return tuple(parse_table(text, "shipped", "data/outlets.tsv"))


@cache
def shipped_table() -> OutletTable:
    """The shipped outlets as a table (what readers consult: they have no database)."""
    return OutletTable.of(shipped())
