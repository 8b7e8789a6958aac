"""Exports for spreadsheets and notebooks: CSV and JSON Lines of what rashomon stored and found.

Tables (one row each):

* ``articles``: an article with its outlet's country, language and ownership (the outlet table);
* ``quotes``: an attribution (speaker, cue, kind, mode, the quoted text and its offsets);
* ``facts``: a claim of a story's article, with the claims of other articles that report the same
  (``same``) and whether it is the only article reporting it (``only_in``);
* ``positions``: an actor's reported stance in one article of a story, with its evidence claims;
* ``differences``: two articles of a story that report one thing differently (``differs``) or
  incompatibly (``contradicts``), with both claims' text and the detail.

Scopes: one story, the articles a search finds (and the stories holding them), or the whole
database. Rows stream from the database as they are written, so an export of a large corpus
holds one story or one batch of rows in memory at a time.

CSV follows RFC 4180 (Python's ``csv``, a header row, UTF-8); a text cell a spreadsheet would
run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading apostrophe (OWASP's advice for CSV injection; the JSON Lines keep every value as is).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from .errors import Code, RashomonError

if TYPE_CHECKING:
    from .api import Rashomon
    from .model import Story

TABLES: dict[str, tuple[str, ...]] = {
    "articles": (
        "id", "outlet", "country", "language", "ownership", "title", "byline", "published",
        "published_inferred", "url", "source", "n_chars", "stories",
    ),
    "quotes": (
        "article_id", "outlet", "country", "published", "speaker", "speaker_id", "kind", "mode",
        "cue", "text", "start", "end",
    ),
    "facts": (
        "story_id", "article_id", "outlet", "country", "claim_id", "actor", "source", "date",
        "text", "start", "end", "same_as", "only_in",
    ),
    "positions": (
        "story_id", "actor", "article_id", "outlet", "country", "stance", "text", "date",
        "claims",
    ),
    "differences": (
        "story_id", "relation", "score", "detail", "claim_a", "article_a", "outlet_a", "text_a",
        "claim_b", "article_b", "outlet_b", "text_b",
    ),
}  # fmt: skip
FORMATS = ("csv", "jsonl")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


class Scope:
    """Which articles and stories an export covers: ``story`` (an id), ``articles`` (ids, e.g.
    a search's hits), or everything (both None)."""

    def __init__(self, story: str | None = None, articles: Sequence[str] | None = None) -> None:
        self.story = story
        self.articles = None if articles is None else list(dict.fromkeys(articles))


def rows(r: Rashomon, table: str, scope: Scope) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` in ``scope``, as dicts with the table's columns."""
    _check(table)
    info = _outlet_info(r)
    if table in ("articles", "quotes"):
        ids = _article_ids(r, scope)
        if table == "articles":
            yield from _articles(r, ids, info)
        else:
            for row in r.store.quote_rows(ids):
                yield {**row, "country": info(row["outlet"])["country"]}
        return
    keep = None if scope.story is not None or scope.articles is None else set(scope.articles)
    for story in _stories(r, scope):
        yield from _STORY_TABLES[table](r, story, keep, info)


def write(out: IO[str], fmt: str, table: str, data: Iterable[dict[str, Any]]) -> int:
    """Write rows as CSV (with a header) or JSON Lines; returns how many were written."""
    if fmt not in FORMATS:
        raise RashomonError(Code.USAGE, f"no export format {fmt!r}", fix="use csv or jsonl")
    _check(table)
    n = 0
    if fmt == "jsonl":
        for row in data:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    return write_csv(out, TABLES[table], data)


def write_csv(out: IO[str], columns: Sequence[str], data: Iterable[dict[str, Any]]) -> int:
    """Rows as CSV with a header of ``columns`` (other keys left out), lists joined with "|"
    and formula cells neutralised; returns how many rows were written."""
    n = 0
    w = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    for row in data:
        w.writerow({k: _cell(v) for k, v in row.items()})
        n += 1
    return n


def _check(table: str) -> None:
    if table not in TABLES:
        raise RashomonError(
            Code.USAGE, f"no table {table!r} to export", fix="export one of: " + ", ".join(TABLES)
        )


def _cell(v: Any) -> Any:
    if isinstance(v, list | tuple):
        v = "|".join(str(x) for x in v)
    elif isinstance(v, bool):
        return int(v)
    if isinstance(v, str) and v.startswith(_FORMULA):
        return "'" + v
    return v


# -- helpers -------------------------------------------------------------------------------------


def _outlet_info(r: Rashomon) -> Any:
    table = r.outlet_table()
    cache: dict[str | None, dict[str, Any]] = {}

    def info(name: str | None) -> dict[str, Any]:
        if name not in cache:
            o = table.named(name)
            cache[name] = {
                "country": o.country if o else None,
                "language": o.language if o else None,
                "ownership": o.ownership if o else None,
            }
        return cache[name]

    return info


def _article_ids(r: Rashomon, scope: Scope) -> list[str] | None:
    if scope.story is not None:
        return list(r.store.get_story(scope.story).articles)
    return scope.articles


def _articles(r: Rashomon, ids: list[str] | None, info: Any) -> Iterator[dict[str, Any]]:
    for row in r.store.article_rows(ids):
        meta = info(row["outlet"])
        yield {
            **row,
            "country": meta["country"],
            "ownership": meta["ownership"],
            "language": row["language"] or meta["language"],
            "published_inferred": bool(row["published_inferred"]),
        }


def _stories(r: Rashomon, scope: Scope) -> Iterator[Story]:
    if scope.story is not None:
        yield r.store.get_story(scope.story)
        return
    ids = r.store.story_ids(scope.articles)
    for sid in ids:
        try:
            yield r.store.get_story(sid)
        except RashomonError as exc:  # deleted (merged) since the ids were read
            if exc.code is not Code.NOT_FOUND:
                raise


def _claims(r: Rashomon, story: Story) -> dict[str, dict[str, Any]]:
    return {c["claim_id"]: c for c in r.store.claim_rows(story.articles)}


def _facts(r: Rashomon, story: Story, keep: set[str] | None, info: Any) -> Iterator[dict]:
    claims = _claims(r, story)
    same: dict[str, set[str]] = {}
    for al in story.alignments:
        ids = al.claims
        if al.relation == "same":
            for one in ids:
                same.setdefault(one, set()).update(x for x in ids if x != one)
    only = {x for cs in story.only_in.values() for x in cs}
    for cid, c in claims.items():
        if keep is not None and c["article_id"] not in keep:
            continue
        yield {
            "story_id": story.id, **c, "country": info(c["outlet"])["country"],
            "same_as": sorted(same.get(cid, ())),
            "only_in": cid in only or len(story.articles) == 1,
        }  # fmt: skip


def _positions(r: Rashomon, story: Story, keep: set[str] | None, info: Any) -> Iterator[dict]:
    outlets = r.store.outlets_of(story.articles)
    for actor, per in sorted(story.positions.items()):
        for aid, entries in per.items():
            if keep is not None and aid not in keep:
                continue
            for e in entries:
                yield {
                    "story_id": story.id, "actor": actor, "article_id": aid,
                    "outlet": outlets.get(aid), "country": info(outlets.get(aid))["country"],
                    "stance": e.stance, "text": e.text, "date": e.date, "claims": list(e.claims),
                }  # fmt: skip


def _differences(r: Rashomon, story: Story, keep: set[str] | None, info: Any) -> Iterator[dict]:
    claims = _claims(r, story)
    for al in story.alignments:
        if al.relation not in ("differs", "contradicts") or len(al.claims) < 2:
            continue
        a, b = (claims.get(c, {}) for c in al.claims[:2])
        arts = {a.get("article_id"), b.get("article_id")}
        if keep is not None and not arts & keep:
            continue
        yield {
            "story_id": story.id, "relation": al.relation, "score": round(al.score, 4),
            "detail": al.detail,
            "claim_a": al.claims[0], "article_a": a.get("article_id"),
            "outlet_a": a.get("outlet"), "text_a": a.get("text"),
            "claim_b": al.claims[1], "article_b": b.get("article_id"),
            "outlet_b": b.get("outlet"), "text_b": b.get("text"),
        }  # fmt: skip


_STORY_TABLES = {"facts": _facts, "positions": _positions, "differences": _differences}
