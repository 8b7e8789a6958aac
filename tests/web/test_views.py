"""The page helpers on their own: marks nest, never cross, and every piece of text is escaped."""

from __future__ import annotations

import html
import re

import jinja2

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
