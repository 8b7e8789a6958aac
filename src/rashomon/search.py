"""Search like a researcher: a small query language compiled to one SQLite query.

    security guarantees            every word must occur (AND is implied; AND may be written)
    "security guarantees"          the phrase
    troops OR peacekeepers         either (OR binds looser than AND: a b OR c = (a b) OR c)
    NOT Trump, -Trump              without the word
    guarant*                       a prefix
    (troops OR soldiers) Kiev      brackets group
    title:Rutte                    in the title only (title:"two words", title:guarant*)
    outlet:fox  outlet:"Fox News"  by outlet: a name, an alias, a domain or a prefix of a name
    country:RU                     articles of the outlets of a country (the outlet table)
    speaker:Rutte                  articles quoting a speaker (a full name, or a surname)
    entity:Kiev                    articles naming an entity (any form of it: Kiev finds Kyiv)

Operators are upper-case words (``and``/``or``/``not`` in lower case are searched as words). A
word or phrase also matches the other forms of the same name: "Kiev" finds articles that write
"Kyiv", because the reading stages resolved both to one canonical entity (or the curated name
lists in ``read/data`` say so). Dates (``--since``/``--until``) filter on the publication date.

Hand-written (a tokenizer and a recursive-descent parser of five rules): FTS5's own syntax would
let typed punctuation break queries and knows neither fields outside the full-text index nor
canonical names, and no maintained library parses this dialect into SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from .errors import Code, RashomonError

__all__ = ["FIELDS", "HELP", "Compiled", "Node", "compile_query", "parse"]

FIELDS = ("title", "text", "outlet", "country", "speaker", "entity")
MAX_TERMS = 32
MAX_FORMS = 12  # other forms of one name put into a query at most

HELP = """\
Query syntax:
  security guarantees        every word must occur (AND is implied)
  "security guarantees"      the exact phrase
  troops OR peacekeepers     either one (OR binds looser than AND)
  NOT Trump   or  -Trump     leave out articles with the word
  guarant*                   words starting with "guarant"
  (troops OR soldiers) Kiev  brackets group
  title:Rutte                in the title (title:"two words" too)
  outlet:fox                 an outlet: name, alias, domain or the start of a name
  country:RU                 outlets of a country (ISO code, from the outlet table)
  speaker:Rutte              articles that quote this speaker (full name or surname)
  entity:Kiev                articles that name this entity, in any of its forms
Names match their other forms: Kiev finds Kyiv. Operators are upper-case (AND, OR, NOT)."""


# -- the syntax tree --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase, optionally a prefix, optionally in one field."""

    text: str
    phrase: bool = False
    prefix: bool = False
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Node:
    op: str  # "and", "or", "not"
    children: tuple[Any, ...] = field(default_factory=tuple)


_TOKEN = re.compile(
    r'\s*(?:(?P<lp>\()|(?P<rp>\))|(?P<neg>-(?=[\w"(]))'
    r'|(?:(?P<field>[A-Za-z]+):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s()"]+)))'
)


def _tokens(query: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if m is None or m.end() == pos:
            if query[pos:].strip():
                pos += 1  # a stray character ('"' alone): skip it, never fail on punctuation
                continue
            break
        pos = m.end()
        if m.group("lp"):
            out.append(("(", None))
        elif m.group("rp"):
            out.append((")", None))
        elif m.group("neg"):
            out.append(("NOT", None))
        else:
            name = (m.group("field") or "").lower() or None
            phrase, word = m.group("phrase"), m.group("word")
            if name is not None and name not in FIELDS:
                # "http://..." or "note:" typed as text: search it as words
                word = f"{m.group('field')}:{word if word is not None else phrase}"
                name, phrase = None, None
            if not re.search(r"\w", phrase if phrase is not None else word or ""):
                continue  # punctuation alone ("!!!", "---", '""'): nothing to search for
            if phrase is not None:
                out.append(("term", Term(phrase, phrase=True, field=name)))
            elif word is not None:
                if name is None and word in ("AND", "OR", "NOT"):
                    out.append((word, None))
                else:
                    prefix = word.endswith("*")
                    out.append(("term", Term(word.rstrip("*"), prefix=prefix, field=name)))
    return out


class _Parser:
    """or := and ("OR" and)* ; and := unary (["AND"] unary)* ; unary := "NOT" unary | atom ;
    atom := "(" or ")" | term."""

    def __init__(self, tokens: list[tuple[str, Any]]) -> None:
        self.toks = tokens
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, Any]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse_or(self) -> Any:
        parts = [self.parse_and()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.parse_and())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Node("or", tuple(parts))

    def parse_and(self) -> Any:
        parts = []
        while self.peek() not in (None, "OR", ")"):
            if self.peek() == "AND":
                self.take()
                continue
            node = self.parse_unary()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Node("and", tuple(parts))

    def parse_unary(self) -> Any:
        if self.peek() == "NOT":
            self.take()
            inner = self.parse_unary()
            return None if inner is None else Node("not", (inner,))
        return self.parse_atom()

    def parse_atom(self) -> Any:
        if self.peek() in (None, "OR", ")"):  # "NOT" at the end, or before OR: nothing to negate
            return None
        kind, value = self.take()
        if kind == "(":
            inner = self.parse_or()
            if self.peek() == ")":
                self.take()
            return inner
        if kind == ")":  # an unopened bracket: ignore it
            return None
        return value


def parse(query: str) -> Any:
    """The syntax tree of a query (None when it holds nothing to search for)."""
    tokens = _tokens(query)
    terms = sum(1 for k, _ in tokens if k == "term")
    if terms > MAX_TERMS:
        raise RashomonError(
            Code.USAGE, f"the query has {terms} terms; at most {MAX_TERMS} are searched",
            fix="shorten the query",
        )
    p = _Parser(tokens)
    tree = p.parse_or()
    while p.i < len(p.toks):  # a stray ')' ends parse_or early: read on
        p.take()
        more = p.parse_or()
        if more is not None:
            tree = more if tree is None else Node("and", (tree, more))
    return tree


# -- canonical names --------------------------------------------------------------------------


def fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


@cache
def curated_forms() -> dict[str, tuple[str, ...]]:
    """Folded name -> every form of the same name, from the curated lists the reading stages use
    (``read/data``: Ukrainian toponyms, countries, organisations, seats, places). Only these
    small files are read here, not the 80,000-name gazetteer: searching must stay cheap."""
    import json

    # Through the top package: ``files("rashomon.read")`` would import the reading stages.
    data_dir = resources.files("rashomon").joinpath("read", "data")
    groups: list[list[str]] = []
    for line in data_dir.joinpath("toponyms_ua.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            official, _, variants = line.partition("\t")
            groups.append([official, *variants.split("|")])
    data = json.loads(data_dir.joinpath("gazetteer.json").read_text(encoding="utf-8"))
    for c in data["countries"].values():
        groups.append([c["name"], *c.get("aliases", ())])
    for key in ("organisations", "seats", "places"):
        for o in data[key]:
            groups.append([o["name"], *o.get("aliases", ())])
    out: dict[str, tuple[str, ...]] = {}
    for g in groups:
        forms = tuple(dict.fromkeys(f for f in g if f.strip()))
        for f in forms:
            out.setdefault(fold(f), forms)
    return out


def _searchable(form: str, typed: str) -> bool:
    """Whether a form of a name can stand in a full-text query without matching common words:
    "US" would match the pronoun "us", "the States" any "the states"."""
    words = fold(form).split()
    if not words or fold(form) == fold(typed):
        return bool(words)
    if words[0] == "the":
        return False
    return not (len(words) == 1 and len(words[0]) < 4)


# -- compiling to SQL -------------------------------------------------------------------------


@dataclass
class Compiled:
    """One query as SQL over ``articles a``: ``where`` (with ``params``), and ``match``, the
    FTS5 expression of the query's required full-text part (ranks and makes snippets)."""

    where: str = "1"
    params: list[Any] = field(default_factory=list)
    match: str | None = None
    notes: list[str] = field(default_factory=list)  # what was expanded, for the user


class _Compiler:
    def __init__(
        self,
        name_forms: Callable[[str], Iterable[str]],
        outlets: Callable[[str, bool], list[str]],
        country_outlets: Callable[[str], list[str]],
    ) -> None:
        self.name_forms = name_forms
        self.outlets = outlets
        self.country_outlets = country_outlets
        self.notes: list[str] = []

    # full-text leaves ------------------------------------------------------------------------
    def fts_term(self, t: Term) -> str | None:
        words = re.findall(r"\w+", t.text)
        if not words:
            return None
        quoted = '"' + " ".join(words) + '"'
        if t.prefix:
            expr = quoted + " *"
        else:
            forms = [quoted]
            for form in self.forms(t.text):
                w = re.findall(r"\w+", form)
                q = '"' + " ".join(w) + '"'
                if w and q.lower() not in (f.lower() for f in forms):
                    forms.append(q)
            if len(forms) > 1:
                self.notes.append(
                    f"{t.text} also matches " + ", ".join(f.strip('"') for f in forms[1:])
                )
            expr = forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"
        if t.field == "title":
            return f"title : {expr}" if expr.startswith("(") else f"title : ({expr})"
        if t.field == "text":
            return f"text : {expr}" if expr.startswith("(") else f"text : ({expr})"
        return expr

    def forms(self, text: str) -> list[str]:
        """The other forms of a name: what the corpus resolved to the same canonical entity,
        and the curated lists' forms."""
        found: list[str] = []
        for f in [*self.name_forms(text), *curated_forms().get(fold(text), ())]:
            if _searchable(f, text) and fold(f) != fold(text) and fold(f) not in map(fold, found):
                found.append(f)
        return found[:MAX_FORMS]

    def is_fts(self, node: Any) -> bool:
        if isinstance(node, Term):
            return node.field in (None, "title", "text")
        if node.op == "not":
            return False
        return all(self.is_fts(c) for c in node.children)

    def fts(self, node: Any) -> str | None:
        """An FTS5 expression for a subtree of full-text terms joined by AND / OR."""
        if isinstance(node, Term):
            return self.fts_term(node)
        parts = [p for p in (self.fts(c) for c in node.children) if p]
        if not parts:
            return None
        joiner = " AND " if node.op == "and" else " OR "
        return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"

    # SQL ----------------------------------------------------------------------------------
    def sql(self, node: Any, params: list[Any]) -> str:
        if isinstance(node, Term):
            if node.field in (None, "title", "text"):
                expr = self.fts_term(node)
                if expr is None:
                    return "1"
                params.append(expr)
                return "a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
            return self.field_sql(node, params)
        if node.op == "not":
            return f"NOT ({self.sql(node.children[0], params)})"
        if self.is_fts(node):
            expr = self.fts(node)
            if expr is None:
                return "1"
            params.append(expr)
            return "a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
        joiner = " AND " if node.op == "and" else " OR "
        return "(" + joiner.join(self.sql(c, params) for c in node.children) + ")"

    def field_sql(self, t: Term, params: list[Any]) -> str:
        value = " ".join(t.text.split())
        if not value:
            return "1"
        if t.field == "country":
            names = self.country_outlets(value)
            if not names:
                self.notes.append(f"the outlet table has no outlet in country {value!r}")
                return "0"
            params.extend(names)
            return f"a.outlet COLLATE NOCASE IN ({','.join('?' * len(names))})"
        if t.field == "outlet":
            names = list(dict.fromkeys([*self.outlets(value, t.prefix), value]))
            params.extend(names)
            ors = [f"a.outlet COLLATE NOCASE IN ({','.join('?' * len(names))})"]
            if t.prefix:
                ors.append("a.outlet LIKE ? ESCAPE '\\'")
                params.append(_like(value) + "%")
            return "(" + " OR ".join(ors) + ")"
        names = list(dict.fromkeys([value, *self.forms(value)]))
        if t.field == "speaker":
            return self.speaker_sql(names, t.prefix, params)
        return self.entity_sql(names, t.prefix, params)

    @staticmethod
    def _name_match(col: str, names: list[str], prefix: bool, params: list[Any]) -> str:
        """``col`` is one of the names, or (one-word names) ends with it as a surname, or (a
        prefix) starts with it."""
        ors = [f"{col} COLLATE NOCASE IN ({','.join('?' * len(names))})"]
        params.extend(names)
        for n in names:
            if " " not in n:
                ors.append(f"{col} LIKE ? ESCAPE '\\'")
                params.append("% " + _like(n))
        if prefix:
            ors.append(f"{col} LIKE ? ESCAPE '\\'")
            params.append(_like(names[0]) + "%")
        return "(" + " OR ".join(ors) + ")"

    def speaker_sql(self, names: list[str], prefix: bool, params: list[Any]) -> str:
        inner = self._name_match("q.speaker", names, prefix, params)
        return f"a.id IN (SELECT q.article_id FROM quotes q WHERE {inner})"

    def entity_sql(self, names: list[str], prefix: bool, params: list[Any]) -> str:
        canon = self._name_match("e.canonical", names, prefix, params)
        text = self._name_match("e.text", names, prefix, params)
        params.extend(names)
        ids = f"e.entity_id IN ({','.join('?' * len(names))})"
        return f"a.id IN (SELECT e.article_id FROM entities e WHERE {canon} OR {text} OR {ids})"


def compile_query(
    query: str,
    *,
    name_forms: Callable[[str], Iterable[str]] = lambda _t: (),
    outlets: Callable[[str, bool], list[str]] = lambda _n, _p: [],
    country_outlets: Callable[[str], list[str]] = lambda _c: [],
    since: str | None = None,
    until: str | None = None,
) -> Compiled:
    """``query`` (see :data:`HELP`) as SQL over ``articles a``. ``name_forms(text)``: the other
    forms of a name in the corpus; ``outlets(value, prefix)``: the outlet names a filter value
    means; ``country_outlets(code)``: the outlet names of a country. Raises a usage error for a
    query with nothing to search and no date filter."""
    tree = parse(query)
    comp = _Compiler(name_forms, outlets, country_outlets)
    out = Compiled()
    conds: list[str] = []
    if tree is not None:
        conjuncts = list(tree.children) if isinstance(tree, Node) and tree.op == "and" else [tree]
        positive = [c for c in conjuncts if comp.is_fts(c)]
        rest = [c for c in conjuncts if not comp.is_fts(c)]
        if positive:
            out.match = comp.fts(positive[0] if len(positive) == 1 else Node("and", tuple(positive)))
        for c in rest:
            conds.append(comp.sql(c, out.params))
    elif not (since or until):
        raise RashomonError(
            Code.USAGE, "the query has no word to search for", fix="see 'rashomon search --help'"
        )
    if since:
        conds.append("substr(a.published, 1, 10) >= ?")
        out.params.append(day_bound(since, "--since"))
    if until:
        conds.append("substr(a.published, 1, 10) <= ?")
        out.params.append(day_bound(until, "--until"))
    out.where = " AND ".join(conds) if conds else "1"
    out.notes = list(dict.fromkeys(comp.notes))
    return out


def _like(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def day_bound(value: str, what: str) -> str:
    """An ISO day from YYYY, YYYY-MM or YYYY-MM-DD (a year or month means its first day for
    --since; the comparison is on the first ten characters of the publication date)."""
    v = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", v)
    if not m:
        raise RashomonError(
            Code.USAGE, f"{what} {value!r} is not a date", fix="give YYYY-MM-DD, YYYY-MM or YYYY"
        )
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if what == "--until" and d is None:  # the whole month or year
        return f"{y}-{mo or '12'}-31"
    return f"{y}-{mo or '01'}-{d or '01'}"
