"""The page helpers on their own: marks nest, never cross, and every piece of text is escaped."""

from __future__ import annotations

import html
import re

import jinja2
from markupsafe import escape as markupsafe_escape

from rashomon.model import Article, DateMention, Entity, Quote
from rashomon.web import views as V


def _article() -> Article:
    text = 'Rutte said "<b>Kiev</b> & Kyiv agree" on Monday.\n\nNext <script>x()</script> line.'
    q0 = text.index("<b>")
    q1 = text.index('agree"') + len("agree")
    k0 = text.index("Kiev")
    return Article(
        id="a1",
        source="t",
        text=text,
        entities=[
            Entity("Rutte", "PERSON", 0, 5, "Mark Rutte"),
            Entity("Kiev", "GPE", k0, k0 + 4, "Kyiv"),  # inside the quote: nested
            Entity("agree\" on", "X", q1 - 5, q1 + 4, "bad"),  # crosses the quote's end: dropped
        ],
        quotes=[Quote(text[q0:q1], "direct", q0, q1, speaker="Mark Rutte", cue="said")],
        dates=[DateMention("Monday", text.index("Monday"), text.index("Monday") + 6, "2025-08-18")],
    )


def test_marks_nest_and_never_cross() -> None:
    out = str(V.marked_text(_article()))
    assert '<span class="mark quote"' in out
    quote = out[out.index('<span class="mark quote"') :]
    assert quote.index('<span class="mark entity" title="GPE: Kyiv">') < quote.index("</span>")
    assert "X: bad" not in out
    assert out.count("<span") == out.count("</span>") == 4


def test_marked_text_is_the_article_text_escaped() -> None:
    a = _article()
    out = str(V.marked_text(a))
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == a.text


def test_story_people_counts_mentions_and_quotes_per_article() -> None:
    a = _article()
    rows = {r["name"]: r for r in V.story_people([a, a])}
    assert rows["Mark Rutte"]["quotes"] == [1, 1] and rows["Mark Rutte"]["mentions"] == [1, 1]
    assert list(rows)[0] == "Mark Rutte"  # most quoted first


def test_seg_filter_keeps_a_name_in_one_path_segment() -> None:
    env = jinja2.Environment(autoescape=True)
    V.register_filters(env)
    out = env.from_string('<a href="/entities/{{ n|seg }}">').render(n='AC/DC & "co"')
    assert out == '<a href="/entities/AC%2FDC%20%26%20%22co%22">'


# -- the story list ------------------------------------------------------------------------------
def _old_story_rows(r, limit: int, offset: int) -> list[dict]:  # type: ignore[no-untyped-def]
    """The list as it was computed before the store summed it up: every article and every
    story document loaded. The reference the one-query version must agree with."""
    from rashomon.errors import RashomonError

    rows = []
    for s in r.store.list_stories(limit=limit, offset=offset):
        story = r.store.get_story(s["id"])
        outlets, dates = [], []
        for aid in story.articles:
            try:
                a = r.get(aid)
            except RashomonError:
                outlets.append("outlet unknown")
                continue
            outlets.append(a.outlet or "outlet unknown")
            if a.published:
                dates.append(a.published[:10])
        diffs = [a for a in story.alignments if a.relation in ("contradicts", "differs")]
        diffs.sort(key=lambda a: (a.relation != "contradicts", -a.score))
        strongest = {"relation": diffs[0].relation, "detail": diffs[0].detail or ""} if diffs else None
        rows.append(
            {
                "id": story.id,
                "title": story.title,
                "articles": len(story.articles),
                "outlets": sorted(set(outlets)),
                "latest": max(dates) if dates else None,
                "alignments": len(story.alignments),
                "differences": len(diffs),
                "strongest_difference": (diffs[0].detail or diffs[0].relation) if diffs else None,
                "strongest": strongest,
            }
        )
    return rows


def test_story_rows_agree_with_loading_every_article_and_query_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rashomon.api import Rashomon
    from rashomon.model import Alignment, Story

    with Rashomon(tmp_path / "rows.db") as r:
        arts = [
            Article(id=f"{n:016x}", source=f"in/{n}.txt", text=f"Body {n} of the article.",
                    outlet=outlet, published=published)  # fmt: skip
            for n, (outlet, published) in enumerate(
                [("RT", "2025-08-17T09:00:00+00:00"), ("The Kyiv Independent", "2025-08-19"),
                 (None, None), ("", "2025-08-20T01:00:00Z"), ("RT", "")]  # fmt: skip
            )
        ]
        for a in arts:
            r.store.add(a, None)
        big = Story(
            id="big0000001", title="Hundreds of articles",
            articles=[a.id for a in arts] + [f"{n:016x}" for n in range(100, 400)],  # not stored
            alignments=[
                Alignment(["x", "y"], "differs", 0.9, "26 vs 30"),
                Alignment(["x", "y"], "contradicts", 0.3, None),
                Alignment(["x", "y"], "same", 1.0),
            ],
        )  # fmt: skip
        r.store.put_story(big)
        r.store.put_story(Story(id="small00001", title="Two", articles=[arts[0].id, arts[1].id],
                                alignments=[Alignment(["x", "y"], "differs", 0.5, None)]))  # fmt: skip
        r.store.put_story(Story(id="none000001", title="No differences", articles=[arts[2].id]))
        expected = _old_story_rows(r, 100, 0)
        conn = r.store._reader()
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        try:
            got = V.story_rows(r, 100, 0)
        finally:
            conn.set_trace_callback(None)
        plain = {row["id"]: {k: v for k, v in row.items() if k != "activity"} for row in got}
        assert plain == {row["id"]: row for row in expected}
        # Latest activity first: the newest publication date; a story with no dated article
        # counts from when its articles were stored (here: now, so first).
        assert [row["id"] for row in got] == ["none000001", "big0000001", "small00001"]
        assert [row["activity"][:10] for row in got[1:]] == ["2025-08-20", "2025-08-19"]
        assert got[1]["outlets"] == ["RT", "The Kyiv Independent", "outlet unknown"]
        assert got[1]["strongest"] == {"relation": "contradicts", "detail": ""}
        assert len(statements) == 3  # how many match, the page of stories, their summaries
        assert V.story_rows(r, 1, 1) == got[1:2]
        assert [s["id"] for s in V.story_rows(r, 10, 0, outlet="the kyiv independent")] == [
            "big0000001", "small00001"
        ]
        assert [s["id"] for s in V.story_rows(r, 10, 0, since="2025-08-18", until="2025-08-19")] == [
            "big0000001", "small00001"
        ]
        assert V.story_rows(r, 10, 0, since="2025-08-21", until="2025-08-22") == []
        assert V.story_listing(r, 1, 0, outlet="RT")[1] == 2


# -- search snippets -----------------------------------------------------------------------------
OPEN, CLOSE = V.MATCH_OPEN, V.MATCH_CLOSE


def test_snippet_matches_become_marks_and_everything_else_stays_text() -> None:
    raw = f"…the «plan» <script>alert(1)</script> {OPEN}Kyiv{CLOSE} & {OPEN}<b>troops</b>{CLOSE}…"
    text, spans = V.split_snippet(raw)
    assert OPEN not in text and CLOSE not in text
    assert [text[s:e] for s, e in spans] == ["Kyiv", "<b>troops</b>"]
    out = str(V.snippet_html(text, spans))
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<mark>Kyiv</mark>" in out and "<mark>&lt;b&gt;troops&lt;/b&gt;</mark>" in out
    assert "«plan»" in out  # guillemets in the article are text, not marks
    assert re.sub(r"</?mark>", "", out) == str(markupsafe_escape(text))


def test_unbalanced_markers_in_article_text_never_break_the_markup() -> None:
    for raw in (f"a{CLOSE}b{OPEN}c{OPEN}d{CLOSE}e", f"{OPEN}{OPEN}x{CLOSE}{CLOSE}", f"open {OPEN}never closed", f"{CLOSE}{CLOSE}", f"{OPEN}{CLOSE}"):
        text, spans = V.split_snippet(raw)
        out = str(V.snippet_html(text, spans))
        assert out.count("<mark>") == out.count("</mark>") == len(spans)
        assert re.fullmatch(r"([^<]|<mark>[^<]*</mark>)*", out), out
        assert all(0 <= s < e <= len(text) for s, e in spans)
    assert V.split_snippet(f"a{CLOSE}b{OPEN}c{OPEN}d{CLOSE}e") == ("abcde", [[2, 4]])
    assert V.split_snippet(f"open {OPEN}never closed") == ("open never closed", [[5, 17]])


# -- the form's outlet as a fallback ---------------------------------------------------------------
def test_an_outlet_read_off_the_web_address_counts_as_none() -> None:
    def art(outlet: str | None, source: str | None, url: str = "https://www.example.com/a") -> Article:
        return Article(id="a", source="t", text="x", url=url, outlet=outlet, outlet_source=source)

    assert V._outlet_is_a_guess(art(None, None))
    assert V._outlet_is_a_guess(art("", None))
    assert V._outlet_is_a_guess(art("example.com", "url"))
    assert V._outlet_is_a_guess(art("example.com", "html"))  # the extractor's host fallback
    assert V._outlet_is_a_guess(art("127.0.0.1:8000", "html", "http://127.0.0.1:8000/a"))
    assert not V._outlet_is_a_guess(art("Example News", "html"))  # the page's site name
    assert not V._outlet_is_a_guess(art("example.com", "record"))  # what a record says
    assert not V._outlet_is_a_guess(art("The Kyiv Independent", "text"))  # a bio line
