"""The command line: a thin shell over :mod:`rashomon.api`.

This module is the boundary where errors become one-line messages and exit codes: everything
below raises :class:`~rashomon.errors.RashomonError`; nothing below prints.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import typing
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import __version__
from .errors import (
    EXIT_DATABASE,
    EXIT_INPUT,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_SOFTWARE,
    EXIT_USAGE,
    Code,
    RashomonError,
)

EPILOG = """\
Typical use:
  rashomon ingest ../shared/seeds          read, clean and store the articles of a folder
  rashomon ls                              list what is stored
  rashomon show 7f3a9c                     one article (any unique id prefix)
  rashomon search "security guarantees"    full-text search over titles and bodies
  rashomon stories --since 2025-08         the stored stories, newest activity first
  rashomon story s0000044 --format html -o story.html
                                           one stored story's report
  rashomon analyze a.txt b.html --format html -o report.html
                                           compare the coverage and write a report
Inputs: .txt (raw scrapes too), .html, .json, .jsonl, RSS/Atom feeds, http(s) URLs, folders, - (stdin).
The database is SQLite, one file: --db PATH, or $RASHOMON_DB, else ~/.local/share/rashomon/rashomon.db.
Exit codes: 0 ok, 1 some inputs failed, 2 all inputs failed, 64 usage, 66 not found, 70 bug, 74 database.
"""


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="PATH",
        help="SQLite database file (default: $RASHOMON_DB or ~/.local/share/rashomon/rashomon.db)",
    )


def _add_format(p: argparse.ArgumentParser, choices: Sequence[str] = ("text", "json")) -> None:
    p.add_argument(
        "--format", choices=choices, default="text", help="output format (default: text)"
    )


def _add_read_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="let URLs point at private, loopback or link-local addresses (refused by default)",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=50 * 1024 * 1024,
        metavar="N",
        help="refuse inputs larger than N bytes (default: 50 MB)",
    )
    p.add_argument("--timeout", type=float, default=20.0, help="seconds for a whole fetch (redirects, headers, body)")
    p.add_argument(
        "--no-progress", action="store_true", help="no progress bar (also off when not a terminal)"
    )


def _add_quotes_model(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--quotes-model",
        metavar="NAME|FILE",
        help="attribution tagger of the quotes stage: crf (default, fast), minilm (more "
        "accurate, a transformer pass per paragraph), rules (the rules alone), or a model file "
        "(default: $RASHOMON_QUOTES_MODEL, else crf)",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, with the exit status the README documents for usage errors (64, not 2: 2
    means every input failed) and the error's code in the message."""

    def error(self, message: str) -> typing.NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} [{Code.USAGE.value}] "
                              f"(see '{self.prog} --help')\n")  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rashomon",
        description="Read news articles against each other: what each outlet says, who it quotes, "
        "what it leaves out, where the accounts disagree.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"rashomon {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "ingest",
        help="read, clean and store articles from files, folders, URLs, feeds or stdin",
        description="Read, clean and store articles. Re-ingesting stored content is a no-op.",
    )
    p.add_argument("targets", nargs="+", metavar="PATH|URL|-")
    _add_db(p)
    _add_format(p)
    _add_read_options(p)

    p = sub.add_parser("ls", help="list stored articles, newest first")
    _add_db(p)
    _add_format(p)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--outlet", help="only articles from this outlet")

    p = sub.add_parser("show", help="show one stored article (id or unique id prefix)")
    p.add_argument("id")
    _add_db(p)
    _add_format(p)
    p.add_argument("--removed", action="store_true", help="also list what cleaning removed")

    from .search import HELP as SEARCH_HELP

    p = sub.add_parser(
        "search",
        help="search stored articles: words, \"phrases\", OR, NOT, prefix*, fields, dates",
        description="Search the stored articles. Every word is required unless OR joins them; "
        "names match their other forms (Kiev finds Kyiv).",
        epilog=SEARCH_HELP + "\n\nExamples:\n  rashomon search 'Farenthold resign'\n"
        "  rashomon search '\"security guarantees\" outlet:rt --since 2025-08'\n"
        "  rashomon search 'speaker:Rutte NOT country:US' --sort date",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query")
    _add_db(p)
    _add_format(p)
    p.add_argument("--limit", type=int, default=20, help="hits to show (default: 20)")
    p.add_argument("--offset", type=int, default=0, help="skip this many hits first (paging)")
    p.add_argument(
        "--sort", choices=("relevance", "date"), default="relevance",
        help="best match first (default), or newest first",
    )
    p.add_argument("--since", metavar="DATE", help="published on or after DATE (YYYY[-MM[-DD]])")
    p.add_argument("--until", metavar="DATE", help="published on or before DATE (YYYY[-MM[-DD]])")

    from .export import FORMATS as EXPORT_FORMATS
    from .export import TABLES as EXPORT_TABLES

    p = sub.add_parser(
        "export",
        help="CSV or JSON Lines of articles, quotes, facts, positions or differences",
        description="Export one table for a story (--story), for the articles a search finds "
        "(--search, with --since/--until), or for the whole database. CSV has a header row; "
        "cells a spreadsheet would run as formulas get a leading apostrophe.",
    )
    p.add_argument("table", choices=tuple(EXPORT_TABLES), metavar="TABLE",
                   help="one of: " + ", ".join(EXPORT_TABLES))  # fmt: skip
    p.add_argument("--story", metavar="ID", help="one stored story (id or unique prefix)")
    p.add_argument("--search", metavar="QUERY", help="the articles this search finds")
    p.add_argument("--since", metavar="DATE", help="published on or after DATE")
    p.add_argument("--until", metavar="DATE", help="published on or before DATE")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="csv", help="csv (default) or jsonl")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    _add_db(p)

    p = sub.add_parser(
        "outlet",
        help="the outlet table (country, language, ownership) and outlet corrections",
        description="Outlets: rashomon ships a table of well-known outlets (name, domains, "
        "country, language, ownership type) and labels articles with it; a database can add "
        "its own rows, and one article's outlet can be corrected for good.",
    )
    osub = p.add_subparsers(dest="outlet_command", metavar="ACTION", required=True)
    q = osub.add_parser("list", help="the known outlets and the outlets of the stored articles")
    _add_db(q)
    _add_format(q)
    q = osub.add_parser(
        "set", help="correct one article's outlet (kept when the article is read again)"
    )
    q.add_argument("article", metavar="ARTICLE", help="article id or unique prefix")
    q.add_argument("name", metavar="NAME", help="the outlet's name")
    _add_db(q)
    _add_format(q)
    q = osub.add_parser("add", help="add an outlet to this database's table (or replace one)")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--domain", action="append", default=[], help="a domain of its pages (repeat)")
    q.add_argument("--alias", action="append", default=[], help="another name for it (repeat)")
    q.add_argument("--country", help="ISO 3166-1 alpha-2 code of its head office's country")
    q.add_argument("--language", help="ISO 639-1 code of its main language")
    from .outlets import OWNERSHIP

    q.add_argument("--ownership", choices=OWNERSHIP, help="who owns or runs it")
    _add_db(q)
    _add_format(q)
    q = osub.add_parser(
        "import",
        help="add the outlets of a CSV or TSV file (columns: name, domains, aliases, country, "
        "language, ownership; '|' between several values)",
    )
    q.add_argument("file", metavar="FILE")
    _add_db(q)
    _add_format(q)

    p = sub.add_parser(
        "entity",
        help="who is who: one entity's page, the entities, and merging or splitting them",
        description="Entities: rashomon gives one id to every name form of a person, "
        "organisation or place (\"Trump\", \"Donald J. Trump\", \"Mr. Trump\") and keeps "
        "the forms it has seen in an alias table. When it is wrong, merge two entities or split "
        "a form off one; the correction is kept when articles are read again.",
    )
    esub = p.add_subparsers(dest="entity_command", metavar="ACTION", required=True)
    q = esub.add_parser("show", help="one entity: its id, forms, articles, quotes and claims")
    q.add_argument("name", metavar="NAME", help="a name form, a canonical name or an entity id")
    _add_db(q)
    _add_format(q)
    q = esub.add_parser("list", help="the entities most articles mention")
    q.add_argument("--label", help="only this type: PERSON, ORG, GPE, ...")
    q.add_argument("--limit", type=int, default=50)
    q.add_argument("--offset", type=int, default=0)
    _add_db(q)
    _add_format(q)
    q = esub.add_parser("merge", help="merge entity A into entity B, for good")
    q.add_argument("name", metavar="A", help="the entity merged away (name or id)")
    q.add_argument("into", metavar="B", help="the entity it becomes (name or id)")
    _add_db(q)
    _add_format(q)
    q = esub.add_parser(
        "split",
        help="split a name form off entity A (--form), or undo the merges into A, for good",
    )
    q.add_argument("name", metavar="A", help="the entity (name or id)")
    q.add_argument("--form", metavar="NAME", help="the name form that names someone else")
    _add_db(q)
    _add_format(q)

    for name, helptext in (
        ("analyze", "ingest, read, group into stories and compare the coverage"),
        ("compare", "compare the given articles as one story (paths or stored ids)"),
    ):
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.add_argument("targets", nargs="+", metavar="PATH|URL|ID|-")
        _add_db(p)
        _add_format(p, ("text", "json", "md", "html"))
        _add_read_options(p)
        p.add_argument("-o", "--output", metavar="FILE", help="write the report here (default: stdout)")
        p.add_argument(
            "--summary",
            action="store_true",
            help="with -o: also print the terminal summary",
        )
        p.add_argument(
            "--stages",
            help="comma-separated reading stages to run (default: all); see 'rashomon stages'",
        )
        p.add_argument(
            "--workers",
            type=int,
            default=1,
            metavar="N",
            help="read articles in N processes (default: 1)",
        )
        p.add_argument(
            "--scheduler",
            metavar="ADDR",
            help="run the per-article stages on a Dask cluster: tcp://HOST:PORT, or 'local' "
            "for a LocalCluster of --workers processes",
        )
        _add_quotes_model(p)

    p = sub.add_parser(
        "group",
        help="put every stored article not yet in a story into one, incrementally",
        description="Incremental story grouping over the database: each stored article the "
        "story index has not seen (oldest first) joins a story, opens one, or merges two; "
        "wire copies are linked as near-duplicates. The index and the history of every "
        "decision are kept in the database, so later runs only cost the new articles, and an "
        "interrupted run resumes. Touched stories are compared again and stored.",
    )
    _add_db(p)
    _add_format(p)
    p.add_argument("--no-compare", action="store_true", help="only assign; skip the comparison")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="read in N processes")
    p.add_argument("--scheduler", metavar="ADDR", help="read on a Dask cluster (see analyze)")
    p.add_argument("--history", metavar="STORY", help="print a story's decision history and exit")
    _add_quotes_model(p)

    p = sub.add_parser(
        "stories",
        help="list the stored stories, newest activity first",
        description="The stored stories by latest activity (their newest publication date), "
        "newest first: id, how many articles, the outlets, the latest day, the differences "
        "found and the title.",
    )
    _add_db(p)
    _add_format(p, ("text", "json", "csv"))
    p.add_argument("--outlet", help="only stories with an article from this outlet (name, alias or domain)")
    p.add_argument("--since", metavar="DATE",
                   help="only stories with an article published on or after DATE (YYYY[-MM[-DD]])")  # fmt: skip
    p.add_argument("--until", metavar="DATE",
                   help="only stories with an article published on or before DATE")  # fmt: skip
    p.add_argument("--limit", type=int, default=50, help="stories to show (default: 50)")
    p.add_argument("--offset", type=int, default=0, help="skip this many first (paging)")

    p = sub.add_parser(
        "story",
        help="show one stored story: its report (id or unique id prefix)",
        description="One stored story as a report over its stored articles: the terminal "
        "summary, or JSON, Markdown or HTML (-o FILE to write it to a file).",
    )
    p.add_argument("id", metavar="ID")
    _add_db(p)
    _add_format(p, ("text", "json", "md", "html"))
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here (default: stdout)")
    p.add_argument("--summary", action="store_true", help="with -o: also print the terminal summary")
    p.add_argument("--history", action="store_true",
                   help="also print how the grouping made the story (text format)")  # fmt: skip

    p = sub.add_parser("schema", help="print the versioned JSON Schema of the analysis output")

    p = sub.add_parser("stages", help="list the registered pipeline stages")

    p = sub.add_parser(
        "serve",
        help="run the web application and the HTTP API",
        description="Run the web app and the HTTP API (FastAPI + uvicorn). Binds to localhost by "
        "default; writes need the bearer token printed on first run ('rashomon token --rotate').",
    )
    _add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="let URL ingestion reach private, loopback or link-local addresses",
    )
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name the server answers to besides localhost and --host (repeatable); "
        "other Host headers are refused, which stops DNS rebinding",
    )
    _add_quotes_model(p)

    p = sub.add_parser(
        "watch",
        help="follow feeds over time and alert when a story gains an outlet, a fact or a difference",
        description="Poll the feeds of FEEDS (one URL a line, an optional name after it, or an "
        "OPML file) every --every, take in the new entries, read and group them, and alert when "
        "a story gains an outlet, a new fact (a claim with a number or date only the new "
        "article reports) or a new difference between outlets. Alerts go to the terminal, "
        "--log (JSON Lines), --webhook (POST) and the web app's 'what changed' page. Feeds are "
        "fetched with ETag / Last-Modified, one request at a time per host, and back off on "
        "errors; all state is in the database, so a restarted watch resumes and never alerts "
        "twice. A feed's first poll takes in its backlog silently. Runs until SIGTERM / Ctrl-C; "
        "--once polls every feed once and exits (for cron).",
    )
    p.add_argument("feeds", metavar="FEEDS", help="feed list: a text file of URLs, or OPML")
    _add_db(p)
    p.add_argument("--every", default="15m", metavar="DURATION",
                   help="poll each feed this often: 900, 90s, 15m, 2h (default: 15m)")  # fmt: skip
    p.add_argument("--once", action="store_true", help="poll every feed once, alert, and exit")
    p.add_argument("--log", metavar="FILE", help="append each alert to FILE as a JSON line")
    p.add_argument("--webhook", metavar="URL", help="POST each alert as JSON to URL")
    p.add_argument("--host-delay", type=float, default=1.0, metavar="S",
                   help="seconds between two requests to one host (default: 1)")  # fmt: skip
    p.add_argument("--max-backoff", default="6h", metavar="DURATION",
                   help="longest wait before retrying a failing feed (default: 6h)")  # fmt: skip
    p.add_argument("--alert-backlog", action="store_true",
                   help="alert on what a feed holds the first time too (default: silent)")  # fmt: skip
    p.add_argument("--no-fetch-links", action="store_true",
                   help="never fetch an entry's page (entries without text are skipped)")  # fmt: skip
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="terminal output: text, or one JSON alert a line (default: text)")  # fmt: skip
    p.add_argument("--allow-private", action="store_true",
                   help="let feed URLs point at private or loopback addresses")  # fmt: skip
    p.add_argument("--timeout", type=float, default=20.0, help="seconds for a whole fetch (redirects, headers, body)")
    _add_quotes_model(p)

    p = sub.add_parser("token", help="show how to authenticate writes, or rotate the write token")
    _add_db(p)
    p.add_argument("--rotate", action="store_true", help="replace the token (the old one stops working)")
    return parser


# -- output helpers ------------------------------------------------------------------------------


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


#: Characters a terminal acts on rather than shows: C0 controls but tab and line end, DEL, C1
#: controls (ESC [ starts colour and cursor codes, ESC ] sets the window title) and the bidi
#: overrides that reorder what is shown. File names, feed links and titles are untrusted.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(text: str) -> str:
    """``text`` with every terminal control character written as its escape (``\\x1b``)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _warn(msg: str) -> None:
    sys.stderr.write(f"rashomon: {_shown(msg)}\n")


@contextmanager
def _progress(enabled: bool, label: str):  # type: ignore[no-untyped-def]
    """A rich progress bar on stderr when it is a terminal; a no-op callback otherwise."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class Count(ProgressColumn):  # "12/40", or "12 done" while the total is not known
        def render(self, task: Any) -> Text:
            done = int(task.completed)
            return Text(f"{done}/{int(task.total)}" if task.total is not None else f"{done} done")

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        Count(),
        TimeElapsedColumn(),
        console=_console(stderr=True),
        transient=True,
    ) as prog:
        tasks: dict[str, Any] = {}

        def update(what: str, done: int, total: int | None) -> None:
            if what not in tasks:
                tasks[what] = prog.add_task(what, total=total)
            prog.update(tasks[what], completed=done, total=total)

        yield update


def _read_options(args: argparse.Namespace) -> Any:
    from .sources.base import ReadOptions

    return ReadOptions(
        max_bytes=args.max_bytes, allow_private=args.allow_private, timeout=args.timeout
    )


def _report_ingest(result: Any, fmt: str) -> int:
    for e in result.errors:
        _warn(("warning: " if e.is_warning else "error: ") + e.one_line())
    for source, aid in result.duplicates:
        _warn(f"{source}: already stored as {aid}; nothing changed [W012]")
    if fmt == "json":
        _print_json(result.to_dict())
    else:
        con = _console()
        for a in result.added:
            con.print(f"{a.id}  {_esc(a.outlet or '-')}  {_esc(a.title or '(untitled)')}")
        con.print(
            f"{len(result.added)} added, {len(result.duplicates)} already stored, "
            f"{len(result.errors)} failed",
            style="dim",
        )
    if result.errors and not (result.added or result.duplicates):
        return EXIT_INPUT
    return EXIT_PARTIAL if result.errors else EXIT_OK


def _esc(text: str) -> str:
    """Untrusted text for the terminal: rich markup escaped, control characters shown."""
    from rich.markup import escape

    return escape(_shown(text))


# -- commands ------------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from .api import Rashomon

    with Rashomon(args.db) as r, _progress(not args.no_progress, "ingest") as prog:
        result = r.ingest(args.targets, _read_options(args), prog)
    return _report_ingest(result, args.format)


def cmd_ls(args: argparse.Namespace) -> int:
    from .api import Rashomon

    with Rashomon(args.db) as r:
        rows = r.list(limit=args.limit, offset=args.offset, outlet=args.outlet)
        total = r.count(outlet=args.outlet)
    if args.format == "json":
        _print_json({"total": total, "articles": rows})
        return EXIT_OK
    from rich.table import Table

    shown = f"{args.offset + 1}-{args.offset + len(rows)} of " if rows and len(rows) < total else ""
    of = f" from {args.outlet}" if args.outlet else ""
    if not rows:
        _console().print(f"no articles{of}" + (f" (of {total}, past --offset)" if total else ""))
        return EXIT_OK
    t = Table(title=f"{shown}{total} article(s){of}", show_lines=False)
    for col in ("id", "outlet", "published", "title"):
        t.add_column(col)
    for row in rows:
        t.add_row(
            row["id"],
            _esc(row.get("outlet") or "-"),
            _esc(row.get("published") or "-"),
            _esc(row.get("title") or "(untitled)"),
        )
    _console().print(t)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from .api import Rashomon

    with Rashomon(args.db) as r:
        a = r.get(args.id)
    if args.format == "json":
        _print_json(a.public_dict())
        return EXIT_OK
    con = _console()
    con.print(f"[bold]{_esc(a.title or '(untitled)')}[/bold]")
    if a.subtitle:
        con.print(_esc(a.subtitle), style="italic")
    meta = [
        ("id", a.id),
        ("outlet", a.outlet),
        ("byline", a.byline),
        ("published", (a.published or "") + (" (inferred)" if a.published_inferred else "")),
        ("language", a.language),
        ("source", a.source),
    ]
    for k, v in meta:
        if v:
            con.print(f"[dim]{k:>10}[/dim] {_esc(str(v))}")
    con.print()
    con.print(_esc(a.text))
    if args.removed and a.removed:
        con.print()
        con.print("[bold]removed by cleaning[/bold]")
        for rm in a.removed:
            con.print(f"[dim]{rm.reason:>12}[/dim] {_esc(rm.text)}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from .api import Rashomon

    with Rashomon(args.db) as r:
        found = r.search(
            args.query, limit=args.limit, offset=args.offset, sort=args.sort, since=args.since,
            until=args.until,
        )
    hits = found.hits
    if args.format == "json":
        _print_json(found.to_dict())
        return EXIT_OK
    con = _console()
    for note in found.notes:
        con.print(_esc(note), style="dim")
    if not hits:
        con.print("no matches" + (" (try OR between the words)" if " " in args.query.strip()
                                  and " OR " not in args.query else ""), style="dim")
    else:
        first = args.offset + 1
        con.print(f"{first}-{args.offset + len(hits)} of {found.total} match(es), "
                  f"by {args.sort}", style="dim")
    for h in hits:
        con.print(f"[bold]{h['id']}[/bold]  {_esc(h.get('outlet') or '-')}  {_esc(h.get('title') or '')}")
        snippet = h.get("snippet") or ""
        con.print("    " + _esc(snippet).replace("\\[", "["), style="dim")
    return EXIT_OK if hits else EXIT_PARTIAL


def cmd_analyze(args: argparse.Namespace) -> int:
    from .api import READ_STAGES, Rashomon

    stages = tuple(s.strip() for s in args.stages.split(",")) if args.stages else READ_STAGES
    with Rashomon(args.db, args.quotes_model) as r, _progress(
        not args.no_progress, "analyze"
    ) as prog:
        if args.command == "compare":
            articles, story, result = r.compare(
                args.targets, _read_options(args), prog, stages, args.workers, args.scheduler
            )
            stories = [story] if story is not None else []
        else:
            articles, stories, result = r.analyze(
                args.targets, _read_options(args), prog, stages, args.workers, args.scheduler
            )
    for e in result.errors:
        _warn(("warning: " if e.is_warning else "error: ") + e.one_line())
    if not articles:
        _warn("no article could be read from the inputs")
        return EXIT_INPUT
    _emit(args, articles, stories)
    return EXIT_PARTIAL if result.errors else EXIT_OK


def _emit(args: argparse.Namespace, articles: list, stories: list) -> None:
    from . import render

    fmt = args.format
    out: str | None
    if fmt == "json":
        out = render.json.dumps(articles, stories)
    elif fmt == "md":
        out = render.markdown.render_markdown(articles, stories)
    elif fmt == "html":
        out = render.html.render_html(articles, stories)
    else:
        out = None
    if out is None:
        render.terminal.render_terminal(articles, stories, _console())
        return
    if not out.endswith("\n"):
        out += "\n"  # a text file ends with a newline (Markdown, JSON, HTML alike)
    if args.output:
        path = Path(args.output)
        with _output(args.output) as f:  # never leave a half-written report behind
            f.write(out)
        if args.summary:
            render.terminal.render_terminal(articles, stories, _console())
        _console(stderr=True).print(f"report written to {path.resolve()}")
    else:
        sys.stdout.write(out)


def cmd_group(args: argparse.Namespace) -> int:
    from .api import Rashomon

    with Rashomon(args.db, args.quotes_model) as r:
        if args.history:
            rows = r.history(args.history)
            if args.format == "json":
                _print_json(rows)
            else:
                for h in rows:
                    extra = {k: v for k, v in h.items() if k not in ("action", "story", "at")}
                    print(f"{h['at']}  {h['action']:<9} {h['story']}  {_esc(json.dumps(extra))}")
            return 0
        with _progress(args.format == "text", "grouping") as prog:
            res = r.group(progress=prog, compare=not args.no_compare, workers=args.workers,
                          scheduler=args.scheduler)
    if args.format == "json":
        _print_json(res.to_dict())
        return 0
    actions = Counter(d.action for d in res.decisions)
    print(f"{res.grouped} article(s) grouped: "
          + (", ".join(f"{n} {a}" for a, n in sorted(actions.items())) or "nothing new"))
    for s in res.stories:
        print(f"  {s.id}  {len(s.articles):>4} article(s)  {_esc(s.title or '')[:90]}")
    return 0


#: The columns of ``rashomon stories --format csv``.
STORY_COLUMNS = ("id", "title", "articles", "outlets", "latest", "alignments", "differences",
                 "strongest_difference")  # fmt: skip


def cmd_stories(args: argparse.Namespace) -> int:
    from .api import Rashomon

    with Rashomon(args.db) as r:
        rows, total = r.stories(args.limit, args.offset, outlet=args.outlet, since=args.since,
                                until=args.until)  # fmt: skip
    if args.format == "json":
        _print_json({"total": total, "offset": args.offset, "stories": rows})
        return EXIT_OK
    if args.format == "csv":
        from .export import write_csv

        write_csv(sys.stdout, STORY_COLUMNS, rows)
        return EXIT_OK
    of = "".join(f" {k} {v}" for k, v in (("from", args.outlet), ("since", args.since),
                                           ("until", args.until)) if v)  # fmt: skip
    if not rows:
        _console().print(f"no stories{of}" + (f" (of {total}, past --offset)" if total else ""))
        return EXIT_OK
    from rich.table import Table

    shown = f"{args.offset + 1}-{args.offset + len(rows)} of " if len(rows) < total else ""
    t = Table(title=f"{shown}{total} stor{'y' if total == 1 else 'ies'}{of}")
    for col in ("id", "articles", "outlets", "latest", "differences", "title"):
        t.add_column(col, justify="right" if col in ("articles", "differences") else "left")
    for row in rows:
        t.add_row(row["id"], str(row["articles"]), _esc(", ".join(row["outlets"])) or "-",
                  row["latest"] or "-", str(row["differences"]),
                  _esc(row["title"] or "(untitled)"))  # fmt: skip
    _console().print(t)
    return EXIT_OK


def cmd_story(args: argparse.Namespace) -> int:
    from .api import Rashomon

    with Rashomon(args.db) as r:
        moved = r.merged_into(args.id)
        if moved is not None:
            print(f"note: story {args.id} was merged into {moved}", file=sys.stderr)
        story = r.story(moved or args.id)
        articles = r.story_articles(story)
        history = r.history(story.id) if args.history else []
    _emit(args, articles, [story])
    for h in history:
        extra = {k: v for k, v in h.items() if k not in ("action", "story", "at")}
        print(f"{h['at']}  {h['action']:<9} {h['story']}  {_esc(json.dumps(extra))}")
    return EXIT_OK


@contextmanager
def _output(path: str | None):  # type: ignore[no-untyped-def]
    """Standard output, or a file that appears only complete: written to a fresh temporary file
    beside it (never a predictable name, never through a link) and renamed over it at the end."""
    if not path:
        yield sys.stdout
        return
    import tempfile

    target = Path(path)
    if target.is_dir():
        raise RashomonError(Code.USAGE, "is a folder; give a file name", source=path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cmd_export(args: argparse.Namespace) -> int:
    from .api import Rashomon

    with Rashomon(args.db) as r, _output(args.output) as out:
        n = r.export(args.table, out, args.format, story=args.story, query=args.search,
                     since=args.since, until=args.until)  # fmt: skip
    if args.output:
        _warn(f"{n} {args.table} row(s) written to {Path(args.output).resolve()}")
    return EXIT_OK


def cmd_outlet(args: argparse.Namespace) -> int:
    from .api import Rashomon

    with Rashomon(args.db) as r:
        action = args.outlet_command
        if action == "set":
            a = r.set_outlet(args.article, args.name)
            if args.format == "json":
                _print_json({"id": a.id, "outlet": a.outlet, "outlet_source": a.outlet_source})
            else:
                print(f"{a.id}  outlet set to {a.outlet} (kept when it is read again)")
            return EXIT_OK
        if action in ("add", "import"):
            from .outlets import Outlet, parse_table

            if action == "add":
                rows = [Outlet.make(args.name, args.domain, args.alias, args.country,
                                    args.language, args.ownership)]  # fmt: skip
            else:
                path = Path(args.file)
                try:
                    text = path.read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError) as exc:
                    raise RashomonError(
                        Code.NOT_FOUND if isinstance(exc, OSError) else Code.ENCODING,
                        f"cannot read the outlet table ({exc})", source=args.file,
                    ) from exc
                rows = parse_table(text, "user", args.file)
            relabelled = r.add_outlets(rows)
            if args.format == "json":
                _print_json({"added": [o.to_dict() for o in rows], "relabelled": relabelled})
            else:
                print(f"{len(rows)} outlet(s) added; {relabelled} stored article(s) relabelled")
            return EXIT_OK
        rows = r.outlets()
    if args.format == "json":
        _print_json({"outlets": rows})
        return EXIT_OK
    from rich.table import Table

    t = Table(title=f"{sum(1 for o in rows if o['known'])} known outlet(s)")
    for col in ("outlet", "country", "language", "ownership", "domains", "articles", "from"):
        t.add_column(col, justify="right" if col == "articles" else "left")
    for o in rows:
        t.add_row(_esc(o["name"]), o["country"] or "-", o["language"] or "-",
                  o["ownership"] or "-", _esc(", ".join(o["domains"])) or "-", str(o["articles"]),
                  o["origin"] if o["known"] else "articles only")  # fmt: skip
    _console().print(t)
    return EXIT_OK


def cmd_entity(args: argparse.Namespace) -> int:
    from .api import Rashomon

    action = args.entity_command
    with Rashomon(args.db) as r:
        if action == "merge":
            done = r.merge_entities(args.name, args.into)
            text = (f"{done['merged']} merged into {done['into']} ({_shown(done['name'])}): "
                    f"{done['articles']} article(s) and {done['stories']} story(ies) updated; "
                    "kept when articles are read again")  # fmt: skip
        elif action == "split":
            done = r.split_entity(args.name, args.form)
            if "form" in done:
                text = (f"{_shown(done['form'])} split off {done['split']} as {done['into']}: "
                        f"{done['articles']} article(s) and {done['stories']} story(ies) "
                        "updated; kept when articles are read again")  # fmt: skip
            else:
                text = (f"merges into {done['split']} undone ({', '.join(done['restored'])}): "
                        f"{done['articles']} article(s) read again")  # fmt: skip
        elif action == "list":
            rows = r.entities(limit=args.limit, offset=args.offset, label=args.label)
            if args.format == "json":
                _print_json({"entities": rows})
                return EXIT_OK
            for e in rows:
                print(f"{e['id']}\t{_shown(e['name'])}\t{e['articles']} article(s)\t"
                      f"{e['mentions']} mention(s)")  # fmt: skip
            return EXIT_OK
        else:
            done = r.entity_show(args.name)
            if args.format != "json":
                outlets = sorted({o for f in done["forms"] for o in f["outlets"]})
                print(f"{done['id']}  {_shown(done['name'])}")
                print("forms: " + ", ".join(_shown(f["form"]) for f in done["forms"]))
                if done["aliases"]:
                    print("alias table: " + ", ".join(_shown(f) for f in done["aliases"]))
                print(f"{len(done['mentions'])} article(s), {len(done['quotes'])} quote(s), "
                      f"{len(done['claims'])} claim(s); outlets: "
                      f"{', '.join(_shown(o) for o in outlets) or '-'}")  # fmt: skip
                for c in done["corrections"]:
                    print(f"correction: {c['action']} {c['entity_id']} -> {c['target']} ({c['at']})")
                return EXIT_OK
            text = ""
    if args.format == "json":
        _print_json(done)
    else:
        print(text)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .render.schema import schema

    _print_json(schema())
    return EXIT_OK


def cmd_stages(args: argparse.Namespace) -> int:
    from . import registry

    for name in registry.names():
        st = registry.get(name)
        req = f" (after {', '.join(st.requires)})" if st.requires else ""
        print(f"{name:<10} {st.doc}{req}")
    return EXIT_OK


def _db_path(args: argparse.Namespace) -> Path:
    from .api import default_db_path

    return Path(args.db) if args.db else default_db_path()


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .web import auth
    from .web.app import create_app

    db = _db_path(args)
    # The bound address is a name clients use too, unless it is a wildcard.
    hosts = [*args.allow_host, *([] if args.host in ("0.0.0.0", "::", "") else [args.host])]
    app = create_app(
        db, allow_private=args.allow_private, quotes_model=args.quotes_model, allow_hosts=hosts
    )
    token = auth.ensure_token(db)
    err = _console(stderr=True)
    if token:
        err.print(f"write token (shown once; keep it): [bold]{token}[/bold]")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning: listening on {args.host}: reachable from other machines "
                  "(it answers only to the host names localhost, --host and --allow-host)[/yellow]")
    err.print(f"rashomon on http://{args.host}:{args.port}/  (database {db})")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def cmd_token(args: argparse.Namespace) -> int:
    from .web import auth

    db = _db_path(args)
    if args.rotate:
        print(auth.rotate_token(db))
        _warn("new write token printed above; the old one no longer works")
        return EXIT_OK
    token = auth.ensure_token(db)
    if token:
        print(token)
        _warn("a write token was created and printed above; it is shown only once")
    else:
        _warn(f"a write token exists for {db}; use --rotate to get a new one")
    return EXIT_OK


def cmd_watch(args: argparse.Namespace) -> int:
    import signal

    from .api import Rashomon
    from .watch import Watcher, WatchOptions, parse_every, read_feed_list

    feeds = read_feed_list(args.feeds)
    opts = WatchOptions(
        every=parse_every(args.every), timeout=args.timeout, host_delay=max(0.0, args.host_delay),
        max_backoff=parse_every(args.max_backoff), allow_private=args.allow_private,
        fetch_links=not args.no_fetch_links, alert_backlog=args.alert_backlog,
        webhook=args.webhook, log=args.log,
    )  # fmt: skip
    con, err = _console(), _console(stderr=True)

    def show(alert: dict[str, Any]) -> None:
        if args.format == "json":
            from .watch import public

            sys.stdout.write(json.dumps(public(alert), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            con.print(f"[bold]{alert['kind']:<10}[/bold] {_esc(alert['summary'])}  "
                      f"[dim](story {alert['story_id']})[/dim]")  # fmt: skip

    with Rashomon(args.db, quotes_model=args.quotes_model) as r:
        w = Watcher(r, feeds, opts, on_alert=show, on_event=lambda m: err.print(_esc(m), style="dim"))
        if args.once:
            report = w.run_once(force=True)
            err.print(_esc(
                f"polled {report.polled} feed(s): {report.unchanged} unchanged, "
                f"{len(report.failed)} failed, {report.added} new article(s), "
                f"{len(report.alerts)} alert(s)"), style="dim")  # fmt: skip
            return EXIT_PARTIAL if report.failed and report.polled == len(report.failed) else EXIT_OK

        def stop(_sig: int, _frame: Any) -> None:
            w.stop.set()  # the pass in progress ends at its next step; all is committed

        previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
        err.print(f"watching {len(feeds)} feed(s) every {args.every}; SIGTERM or Ctrl-C stops")
        try:
            w.run_forever()
        finally:
            for s, h in previous.items():
                signal.signal(s, h)
        err.print("stopped; the watch resumes from the database where it was")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": cmd_ingest,
    "ls": cmd_ls,
    "show": cmd_show,
    "search": cmd_search,
    "analyze": cmd_analyze,
    "compare": cmd_analyze,
    "schema": cmd_schema,
    "stages": cmd_stages,
    "serve": cmd_serve,
    "group": cmd_group,
    "stories": cmd_stories,
    "story": cmd_story,
    "token": cmd_token,
    "outlet": cmd_outlet,
    "entity": cmd_entity,
    "export": cmd_export,
    "watch": cmd_watch,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except RashomonError as exc:
        if getattr(args, "format", "text") == "json":
            sys.stdout.write(json.dumps({"error": exc.to_dict()}) + "\n")
        _warn("error: " + exc.one_line())
        if exc.code is Code.NOT_FOUND:
            return EXIT_NOT_FOUND
        if exc.code is Code.DATABASE:
            return EXIT_DATABASE
        if exc.code is Code.USAGE:
            return EXIT_USAGE
        return EXIT_INPUT
    except KeyboardInterrupt:
        _warn("interrupted; everything committed so far is kept")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the boundary: a bug gets one line and a pointer, not a traceback
        if os.environ.get("RASHOMON_DEBUG"):
            raise
        _warn(
            f"internal error: {type(exc).__name__}: {exc} "
            f"[{EXIT_SOFTWARE}] (a bug: rerun with RASHOMON_DEBUG=1 for the traceback and report it)"
        )
        return EXIT_SOFTWARE


if __name__ == "__main__":
    sys.exit(main())
