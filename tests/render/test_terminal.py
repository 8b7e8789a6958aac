"""The terminal summary: every section present, article text printed literally, never as markup."""

from __future__ import annotations

from rich.console import Console

from rashomon.model import Article, Story
from rashomon.render.terminal import render_terminal


def _render(articles, stories, width: int = 160) -> str:
    console = Console(width=width, record=True, color_system=None)
    render_terminal(articles, stories, console)
    return console.export_text()


def test_summary_shows_every_section(seed_articles, seed_story):
    out = _render(seed_articles, [seed_story])
    for needle in ("European troops in Ukraine as part of security guarantees", "RT",
                   "The Kyiv Independent", "Security guarantees for Ukraine after the Washington",
                   "Differences, strongest first", "number: 26 countries",
                   "Facts: 10 — 2 differences, 8 by one only", "Only in one article",
                   "Moscow insists", "Naming", "Voices", "last word: Russia", "Positions board",
                   "opposes", "declines", "Timeline", "2023-07"):  # fmt: skip
        assert needle in out, needle


def test_naming_row_shows_kiev_against_kyiv(seed_articles, seed_story):
    out = _render(seed_articles, [seed_story])
    row = next(line for line in out.splitlines() if "Kiev" in line and "Kyiv" in line)
    assert row.index("Kiev") < row.rindex("Kyiv")


def test_voice_shares_are_printed_as_percentages(seed_articles, seed_story):
    out = _render(seed_articles, [seed_story])
    share = round(seed_story.voices[seed_articles[1].id][0].share * 100)
    assert f"{share}%" in out


def test_markup_in_article_fields_is_printed_literally(seed_articles, seed_story):
    seed_story.title = "[bold red]Loud[/] [link=file:///etc/passwd]x[/link] [/]"
    seed_articles[0].outlet = "[blink]RT[/blink]"
    out = _render(seed_articles, [seed_story])
    assert "[bold red]Loud[/] [link=file:///etc/passwd]x[/link] [/]" in out
    assert "[blink]RT[/blink]" in out


def test_hostile_story_prints_without_error(hostile):
    out = _render(*hostile)
    assert "<script>window.__pwned=1;alert(1)</script>" in out


def test_empty_inputs_and_story_without_comparison():
    assert "No articles" in _render([], [])
    a = Article(id="a1", source="-", text="Text.", outlet="Wire")
    out = _render([a], [Story(id="s", title="Bare", articles=["a1"])])
    assert "Bare" in out and "Nothing compared yet" in out
    out = _render([a], [])
    assert "Articles" in out and "Wire" in out


def test_many_articles_are_listed_in_one_cell_not_one_column_each():
    from rashomon.model import Alignment, Fact, FactVersion, Position

    arts = [Article(id=f"a{i}", source="-", outlet=f"Outlet{i}") for i in range(6)]
    story = Story(id="s", title="Wide", articles=[a.id for a in arts],
                  alignments=[Alignment(["a0:c0", "a5:c0"], "differs", 0.9, "numbers differ")],
                  facts=[Fact("f1", "x", {"a0": FactVersion("a0", "a0:c0", "x", 0, 1),
                                          "a5": FactVersion("a5", "a5:c0", "y", 0, 1, "Ann")},
                              "differs", 0.9, "numbers differ")],
                  naming={"Kyiv": {a.id: ("Kiev" if i % 2 else "Kyiv") for i, a in enumerate(arts)}},
                  positions={"Russia": {"a4": [Position("opposes", "no troops", [], 0, 9)]}})  # fmt: skip
    out = _render(arts, [story], width=100)
    assert "form used, by article" in out and "reported position, by article" in out
    assert "Outlet1: Kiev" in out and "Outlet2: Kyiv" in out
    assert "Outlet4: opposes: no troops" in out
    assert "Outlet0: a0:c0" in out  # an unknown claim is shown by its id
    assert "Outlet5: a5:c0 — Ann" in out  # with who the article credits
