"""The terminal summary: per story, what differs, what is left out, names, voices, positions, dates.

Every piece of article-derived text goes into rich as a :class:`rich.text.Text` (or through
:func:`rich.markup.escape`), never as markup: an article that contains ``[bold]`` or ``[/]`` must
print as written, not restyle or crash the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import SCHEMA_VERSION, Article, Story
from . import _view
from ._view import StoryView

_REL_STYLE = {"contradicts": "bold red", "differs": "yellow", "related": "cyan", "same": "green"}
_MAX_DIFFS = 8
_MAX_CLAIM = 160
_WIDE_MAX = 4  # more articles than this: one cell listing them, not one column each


def _labelled(v: StoryView, items: list[tuple[int, Text]]) -> Text:
    """Lines of "outlet: content", each outlet in its colour (the long form of a wide table)."""
    out = Text()
    for i, (col, content) in enumerate(items):
        if i:
            out.append("\n")
        out.append(v.columns[col].label, style=f"bold {v.columns[col].colour}")
        out.append(": ")
        out.append_text(content)
    return out if items else Text("–", style="dim")


def _t(s: str | None, style: str = "") -> Text:
    return Text(s or "", style=style)


def _clip(s: str, n: int = _MAX_CLAIM) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _header(v: StoryView) -> Panel:
    lines = Text()
    for c in v.columns:
        a = c.article
        lines.append("■ ", style=c.colour)
        lines.append(c.label, style="bold")
        if a is not None:
            if a.title:
                lines.append(f" — {a.title}")
            if a.published:
                lines.append(f" ({a.published}{', inferred' if a.published_inferred else ''})",
                             style="dim")  # fmt: skip
        lines.append("\n")
    if v.facts:
        lines.append("Facts: ", style="bold")
        lines.append(_view.fact_counts(v))
        lines.append("\n")
    if v.events:
        lines.append("Events: ", style="bold")
        lines.append(
            "; ".join(f"{e.title or e.id}{f' ({e.date})' if e.date else ''}" for e in v.events)
        )
        lines.append("\n")
    lines.rstrip()
    return Panel(lines, title=Text(v.title, style="bold"), title_align="left", box=box.ROUNDED)


def _version(v: StoryView, ver: _view.Version) -> Text:
    out = Text(_clip(ver.ref.text))
    out.append(f" — {ver.source or 'the outlet itself'}", style="dim")
    if ver.also:
        out.append(f" (+{ver.also} more)", style="dim")
    return out


def _facts(v: StoryView, group: str, title: str, limit: int = _MAX_DIFFS) -> Table | None:
    """One table of facts: a row per fact, its version in each article (or –)."""
    rows = v.facts_in(group)
    if not rows:
        return None
    t = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", show_lines=True,
              expand=True)  # fmt: skip
    wide = len(v.columns) <= _WIDE_MAX
    diff = group == "differs"
    if diff:
        t.add_column("relation", no_wrap=True)
        t.add_column("what differs", ratio=2, min_width=16)
    if wide:
        for c in v.columns:
            t.add_column(c.label, ratio=2, header_style=f"bold {c.colour}")
    else:
        t.add_column("versions", ratio=4)
    for f in rows[:limit]:
        head = ([_t(f"{f.relation} {f.confidence:.2f}", _REL_STYLE.get(f.relation, "")),
                 _t(f.detail or "")] if diff else [])  # fmt: skip
        if wide:
            cells = [_version(v, ver) if ver else Text("–", style="dim") for ver in f.versions]
            t.add_row(*head, *cells)
        else:
            items = [(i, _version(v, ver)) for i, ver in enumerate(f.versions) if ver]
            t.add_row(*head, _labelled(v, items))
    if len(rows) > limit:
        t.caption = f"… and {len(rows) - limit} more"
    return t


def _loaded(v: StoryView) -> Table | None:
    if not any(v.loaded):
        return None
    t = Table(title="Loaded wording (the writer's own words, quotes excluded)",
              box=box.SIMPLE_HEAD, title_justify="left", expand=True)  # fmt: skip
    t.add_column("article", no_wrap=True)
    t.add_column("words", ratio=1)
    for c, words in zip(v.columns, v.loaded, strict=True):
        if words:
            t.add_row(_t(c.label, c.colour), _t(_view.loaded_summary(words)))
    return t


def _omissions(v: StoryView) -> Table | None:
    if not any(v.omissions):
        return None
    t = Table(title="Only in one article (most central first)", box=box.SIMPLE_HEAD,
              title_justify="left", expand=True)  # fmt: skip
    t.add_column("article", no_wrap=True)
    t.add_column("claim", ratio=1)
    for c, refs in zip(v.columns, v.omissions, strict=True):
        for r in refs[:_MAX_DIFFS]:
            t.add_row(_t(c.label, c.colour), _t(_clip(r.text)))
        if len(refs) > _MAX_DIFFS:
            t.add_row(_t(c.label, c.colour), _t(f"… and {len(refs) - _MAX_DIFFS} more", "dim"))
    return t


def _naming(v: StoryView) -> Table | None:
    if not v.naming:
        return None
    t = Table(title="Naming", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("entity")
    wide = len(v.columns) <= _WIDE_MAX
    if wide:
        for c in v.columns:
            t.add_column(c.label, header_style=f"bold {c.colour}")
    else:
        t.add_column("form used, by article")
    for canonical, forms, differs in v.naming:
        style = "bold" if differs else ""
        if wide:
            t.add_row(_t(canonical, style), *[_t(f or "–", style if f else "dim") for f in forms])
        else:
            items = [(i, _t(f, style)) for i, f in enumerate(forms) if f]
            t.add_row(_t(canonical, style), _labelled(v, items))
    return t


def _voices(v: StoryView) -> Table | None:
    if not any(v.voices) and not any(v.last_word):
        return None
    t = Table(title="Voices (share of quoted words)", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("article", no_wrap=True)
    t.add_column("speaker")
    t.add_column("quotes", justify="right")
    t.add_column("share", justify="right")
    t.add_column("", min_width=12)
    for c, vs, last in zip(v.columns, v.voices, v.last_word, strict=True):
        for i, voice in enumerate(vs):
            name = voice.speaker + (f" ({voice.affiliation})" if voice.affiliation else "")
            bar = "█" * round(voice.share * 12)
            t.add_row(_t(c.label if i == 0 else "", c.colour), _t(name),
                      _t(str(voice.quotes)),
                      _t(_view.fmt_share(voice.share)), _t(bar, c.colour))  # fmt: skip
        if last:
            t.add_row(_t(c.label if not vs else "", c.colour), _t(f"last word: {last}", "italic"),
                      _t(""), _t(""), _t(""))  # fmt: skip
    return t


def _positions(v: StoryView) -> Table | None:
    if not v.positions:
        return None
    t = Table(title="Positions board (who stands where, according to whom)", box=box.SIMPLE_HEAD,
              title_justify="left", show_lines=True, expand=True)  # fmt: skip
    wide = len(v.columns) <= _WIDE_MAX
    t.add_column("actor", style="bold")
    if wide:
        for c in v.columns:
            t.add_column(c.label, ratio=1, header_style=f"bold {c.colour}")
    else:
        t.add_column("reported position, by article", ratio=4)
    for actor, per in v.positions:
        cells = []
        for entries in per:
            cell = Text()
            for i, p in enumerate(entries):
                if i:
                    cell.append("\n")
                cell.append(p.stance, style="bold")
                if p.date:
                    cell.append(f" [{p.date}]", style="dim")
                cell.append(f": {_clip(p.text, 120)}")
            cells.append(cell)
        if wide:
            t.add_row(_t(actor), *[c if c.plain else Text("–", style="dim") for c in cells])
        else:
            t.add_row(_t(actor), _labelled(v, [(i, c) for i, c in enumerate(cells) if c.plain]))
    return t


def _timeline(v: StoryView) -> Table | None:
    if not v.timeline:
        return None
    t = Table(title="Timeline", box=box.SIMPLE_HEAD, title_justify="left", expand=True)
    t.add_column("date", no_wrap=True)
    t.add_column("what", ratio=1)
    t.add_column("reported by")
    for e in v.timeline:
        by = Text()
        for i, ci in enumerate(e.columns):
            if i:
                by.append(", ")
            by.append(v.columns[ci].label, style=v.columns[ci].colour)
        t.add_row(_t(e.date or "undated"), _t(_clip(e.text, 120)), by)
    return t


def story_renderable(v: StoryView) -> Group:
    """Everything the terminal shows about one story, as one rich renderable."""
    parts: list[RenderableType] = [_header(v)]
    for part in (_facts(v, "differs", "Differences, strongest first"),
                 _facts(v, "all", "Reported by every article"),
                 _facts(v, "some", "Reported by some articles"),
                 _omissions(v), _loaded(v), _naming(v), _voices(v), _positions(v),
                 _timeline(v)):  # fmt: skip
        if part is not None:
            parts.append(part)
    if len(parts) == 1 and v.is_story:
        parts.append(Text("Nothing compared yet for this story.", style="dim"))
    return Group(*parts)


def render_terminal(
    articles: Sequence[Article], stories: Sequence[Story], console: Console | None = None
) -> None:
    """Print the summary of every story (and of articles in no story) to ``console``."""
    console = console or Console()
    views = _view.build_all(list(articles), list(stories))
    if not views:
        console.print("[dim]No articles.[/dim]")
        return
    for v in views:
        console.print(story_renderable(v))
        console.print()
    for label, why in _view.unread_notes(articles):
        line = Text("not read: ", style="bold yellow")
        line.append(label, style="bold")
        line.append(f" — {why}")
        console.print(line)
    # The one place markup is used on purpose: the counts are ours, not an article's.
    console.print(f"[dim]{len(articles)} article(s), {len(stories)} story(ies); "
                  f"schema {escape(SCHEMA_VERSION)}[/dim]")  # fmt: skip
