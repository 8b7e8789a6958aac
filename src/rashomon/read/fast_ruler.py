"""A faster ``match`` for spaCy's ``attribute_ruler``, with the same matches.

The English pipelines' attribute ruler holds ~180 token patterns (the tag map, morph rules and a
few multi-token exceptions) and runs them through the general ``Matcher``, which tries every
pattern at every token: 26 ms of an article's ~240 ms parse here (measured on PolNeAR dev, one
core), more than the tagger and the parser's own transitions. These patterns are simple (exact
values, ``IN``/``NOT_IN`` sets, a few ``REGEX``es, on ``LOWER``, ``TAG``, ``DEP`` and
``IS_SPACE``), so this indexes each pattern by the value its first token needs and checks only the
patterns a token can start, over the attribute arrays (no ``Token`` objects). spaCy's own
``set_annotations`` still applies the matches, in its order (by rule, then position).

No library does this: spaCy's ``PhraseMatcher`` covers exact ``LOWER`` phrases only. Anything the
compiler does not understand (another attribute, an operator, a quantifier) leaves the ruler as
spaCy made it, so a different model is never matched wrongly, only at spaCy's speed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# The attributes the compiled patterns may test, and their column in ``Doc.to_array``.
_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")
_COL = {a: i for i, a in enumerate(_ATTRS)}

Check = tuple[int, str, Any]  # (column, "in" | "not_in" | "regex", values or pattern)
Pattern = list[list[Check]]  # one list of checks per token


class Unsupported(ValueError):
    """A pattern this compiler does not handle: keep spaCy's matcher."""


def _check(vocab: Any, attr: str, value: Any) -> Check:
    col = _COL.get(attr)
    if col is None:
        raise Unsupported(attr)
    if attr == "IS_SPACE":
        if not isinstance(value, bool):
            raise Unsupported(f"IS_SPACE {value!r}")
        return (col, "in", frozenset({int(value)}))
    if isinstance(value, str):
        return (col, "in", frozenset({vocab.strings.add(value)}))
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
            # The empty string hashes to 0, which is also what an unset attribute reads as.
            hashes = frozenset(vocab.strings.add(v) if v else 0 for v in arg)
            return (col, op.lower(), hashes)
        if op == "REGEX" and isinstance(arg, str):
            return (col, "regex", re.compile(arg))
    raise Unsupported(f"{attr} {value!r}")


def _compile(vocab: Any, pattern: list[dict[str, Any]]) -> Pattern:
    out = []
    for spec in pattern:
        if not spec or "OP" in spec:
            raise Unsupported("operator or empty token")
        out.append([_check(vocab, attr, value) for attr, value in spec.items()])
    return out


class CompiledRuler:
    """The ruler's patterns, indexed by the value their first token needs."""

    def __init__(self, ruler: Any) -> None:
        vocab = ruler.vocab
        self.vocab = vocab
        self.keys: list[int] = []  # the matcher key of each rule (its index, as a string)
        # (column, value hash) -> [(rule, pattern)]; patterns no single value indexes: generic
        self.index: dict[tuple[int, int], list[tuple[int, Pattern]]] = {}
        self.generic: list[tuple[int, Pattern]] = []
        for rule, entry in enumerate(ruler.patterns):
            self.keys.append(vocab.strings.add(str(rule)))
            for pattern in entry["patterns"]:
                compiled = _compile(vocab, pattern)
                self._file(rule, compiled)

    def _file(self, rule: int, pattern: Pattern) -> None:
        # Index by an "in" test of the first token (LOWER first: the most selective); the copy
        # filed under each value drops that test, which the index lookup has already passed.
        first = sorted((c for c in pattern[0] if c[1] == "in"), key=lambda c: c[0])
        if not first:
            self.generic.append((rule, pattern))
            return
        chosen = first[0]
        rest = [[c for c in pattern[0] if c is not chosen], *pattern[1:]]
        for v in chosen[2]:
            self.index.setdefault((chosen[0], v), []).append((rule, rest))

    def _ok(self, checks: list[Check], row: list[int]) -> bool:
        for col, op, arg in checks:
            v = row[col]
            if op == "in":
                if v not in arg:
                    return False
            elif op == "not_in":
                if v in arg:
                    return False
            elif not arg.search(self.vocab.strings[v] if v else ""):
                return False
        return True

    def match(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """``AttributeRuler.match``: (rule, key, start, end), sorted as spaCy sorts them."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        # Plain ints: indexing numpy rows costs more than the matching itself.
        rows: list[list[int]] = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()
        n = len(rows)
        found: set[tuple[int, int, int]] = set()
        get, generic, ok = self.index.get, self.generic, self._ok
        empty: list[tuple[int, Pattern]] = []
        for i, row in enumerate(rows):
            for cands in (
                generic,
                get((0, row[0]), empty),
                get((1, row[1]), empty),
                get((2, row[2]), empty),
                get((3, row[3]), empty),
            ):
                for rule, pattern in cands:
                    if len(pattern) == 1:  # nearly all: one token, often no test left
                        if not pattern[0] or ok(pattern[0], row):
                            found.add((rule, i, i + 1))
                        continue
                    end = i + len(pattern)
                    if end <= n and all(ok(pattern[k], rows[i + k]) for k in range(len(pattern))):
                        found.add((rule, i, end))
        return [(rule, self.keys[rule], s, e) for rule, s, e in sorted(found)]


def speed_up(nlp: Any) -> bool:
    """Give the pipeline's attribute ruler the compiled ``match``; False (and the ruler left as
    it was) when its patterns are beyond the compiler."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        compiled = CompiledRuler(ruler)
    except Unsupported:
        return False
    match: Callable[[Any], list[tuple[int, int, int, int]]] = compiled.match
    ruler.match = match  # an instance attribute: spaCy's __call__ looks it up on self
    return True
