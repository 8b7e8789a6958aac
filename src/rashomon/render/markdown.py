"""The Markdown report: the terminal summary's content, for pasting into notes, issues, wikis.

Article text is untrusted: Markdown renderers pass raw HTML through and treat ``|`` as a table
border, ``[x](y)`` as a link, ``*``/``_`` as emphasis. Every piece of article-derived text goes
through :func:`md` (inline text) or :func:`cell` (table cells), which escape all of these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import SCHEMA_VERSION, Article, Story
from . import _view
from ._view import StoryView

# Characters with a Markdown (CommonMark/GFM) meaning inline. ``<``/``>``/``&`` become entities so
# no raw HTML (``<script>``, ``<img onerror>``) reaches a renderer that allows HTML.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")
# Block markers only mean something at the start of a line (a heading, a list, a numbered list).
_LEADING_MARK = re.compile(r"^([#+\-=>])")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(s: str | None) -> str:
    """Inline Markdown text that renders as written."""
    if not s:
        return ""
    s = " ".join(str(s).split())  # one line: a newline would end a list item or a table row
    s = "".join(_HTML.get(ch, ch) for ch in s)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = _LEADING_MARK.sub(r"\\\1", s)
    return _LEADING_NUMBER.sub(r"\1\\\2", s)


def cell(s: str | None) -> str:
    """A table cell: inline text, never empty (an empty cell collapses in some renderers)."""
    return md(s) or "–"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out + [""]


def _clip(s: str, n: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def story_markdown(v: StoryView) -> str:
    """One story as Markdown (a level-2 heading and its sections)."""
    out = [f"## {md(v.title)}", ""]
    for c in v.columns:
        a = c.article
        bits = [f"**{md(c.label)}**"]
        if a is not None:
            if a.title:
                bits.append(f"“{md(a.title)}”")
            if a.byline:
                bits.append(f"by {md(a.byline)}")
            if a.published:
                bits.append(md(a.published) + (" (inferred)" if a.published_inferred else ""))
        out.append("- " + ", ".join(bits))
    out.append("")
    if v.events:
        out += ["### Events", ""]
        out += [f"- {md(e.title or e.id)}" + (f" ({md(e.date)})" if e.date else "")
                for e in v.events]  # fmt: skip
        out.append("")

    labels = [cell(c.label) for c in v.columns]
    if v.facts:
        out += [f"**Facts:** {md(_view.fact_counts(v))}", ""]

    def version(ver: _view.Version | None) -> str:
        if ver is None:
            return "–"
        who = md(ver.source) if ver.source else "the outlet itself"
        more = f" (+{ver.also} more)" if ver.also else ""
        return f"{md(_clip(ver.ref.text))} — *{who}*{more}"

    for group, title in (("differs", "Differences, strongest first"),
                         ("all", "Reported by every article"),
                         ("some", "Reported by some articles")):  # fmt: skip
        rows_f = v.facts_in(group)
        if not rows_f:
            continue
        out += [f"### {title}", ""]
        if group == "differs":
            out += _table(["relation", "confidence", "what differs", *labels],
                          [[md(f.relation), _view.fmt_score(f.confidence), cell(f.detail),
                            *[version(x) for x in f.versions]] for f in rows_f])  # fmt: skip
        else:
            out += _table(labels, [[version(x) for x in f.versions] for f in rows_f])
    if any(v.loaded):
        out += ["### Loaded wording (the writer's own words, quotes excluded)", ""]
        out += [f"- **{md(c.label)}**: {md(_view.loaded_summary(words))}"
                for c, words in zip(v.columns, v.loaded, strict=True) if words]  # fmt: skip
        out.append("")
    if any(v.omissions):
        out += ["### Only in one article", ""]
        for c, refs in zip(v.columns, v.omissions, strict=True):
            if refs:
                out.append(f"**{md(c.label)}**")
                out.append("")
                out += [f"- {md(_clip(r.text))}" for r in refs]
                out.append("")
    if v.naming:
        out += ["### Naming", ""]
        out += _table(["entity", *labels],
                      [[cell(n) + (" ⚑" if d else ""), *[cell(f) for f in forms]]
                       for n, forms, d in v.naming])  # fmt: skip
    if any(v.voices) or any(v.last_word):
        out += ["### Voices", ""]
        rows = []
        for c, vs in zip(v.columns, v.voices, strict=True):
            for voice in vs:
                rows.append([cell(c.label), cell(voice.speaker), cell(voice.affiliation),
                             str(voice.quotes), str(voice.words),
                             _view.fmt_share(voice.share), "yes" if voice.last_word else ""])  # fmt: skip
        if rows:
            out += _table(["article", "speaker", "affiliation", "quotes", "words", "share",
                           "last word"], rows)  # fmt: skip
        out += [f"- Last word in **{md(c.label)}**: {md(last)}"
                for c, last in zip(v.columns, v.last_word, strict=True) if last]  # fmt: skip
        out.append("")
    if v.positions:
        out += ["### Positions board", ""]
        rows = []
        for actor, per in v.positions:
            cells = []
            for entries in per:
                parts = [f"**{md(p.stance)}**" + (f" ({md(p.date)})" if p.date else "")
                         + (f": {md(_clip(p.text, 160))}" if p.text else "") for p in entries]  # fmt: skip
                cells.append("<br>".join(parts) or "–")
            rows.append([cell(actor), *cells])
        out += _table(["actor", *labels], rows)
    if v.timeline:
        out += ["### Timeline", ""]
        for e in v.timeline:
            by = ", ".join(md(v.columns[i].label) for i in e.columns)
            out.append(f"- **{md(e.date or 'undated')}** {md(_clip(e.text, 200))}"
                       + (f" ({by})" if by else ""))  # fmt: skip
        out.append("")
    removed = [(c, c.article.removed) for c in v.columns if c.article and c.article.removed]
    if removed:
        out += ["### What cleaning removed", ""]
        for c, items in removed:
            out.append(
                f"- **{md(c.label)}**: "
                + "; ".join(f"{md(r.reason)}: “{md(_clip(r.text, 80))}”" for r in items)
            )
        out.append("")
    return "\n".join(out)


def render_markdown(articles: Sequence[Article], stories: Sequence[Story]) -> str:
    """The whole report as one Markdown document."""
    views = _view.build_all(list(articles), list(stories))
    out = ["# rashomon report", "",
           f"{len(articles)} article(s), {len(stories)} story(ies). Schema {SCHEMA_VERSION}.", ""]  # fmt: skip
    unread = _view.unread_notes(articles)
    if unread:
        out += ["## Articles not read", ""]
        out += [f"- **{md(label)}**: {md(why)}" for label, why in unread]
        out.append("")
    out += [story_markdown(v) for v in views]
    return "\n".join(out).rstrip() + "\n"
