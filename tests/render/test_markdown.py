"""The Markdown report: same content as the terminal, table cells and text escaped."""

from __future__ import annotations

import re

from rashomon.render.markdown import cell, md, render_markdown


def test_naming_table_has_kiev_and_kyiv_row(seed_articles, seed_story):
    out = render_markdown(seed_articles, [seed_story])
    assert "| entity | RT | The Kyiv Independent |" in out
    assert "| Kyiv ⚑ | Kiev | Kyiv |" in out


def test_report_has_every_section(seed_articles, seed_story):
    out = render_markdown(seed_articles, [seed_story])
    for heading in ("## European troops in Ukraine", "### Events", "### Differences, strongest first",
                    "### Only in one article", "### Naming",
                    "### Voices", "### Positions board", "### Timeline",
                    "### What cleaning removed"):  # fmt: skip
        assert heading in out, heading
    assert "Last word in **RT**: Russia" in out
    assert "**2023\\-07**" not in out and "**2023-07**" in out


def test_every_table_row_has_as_many_cells_as_its_header(seed_articles, seed_story, hostile):
    for out in (render_markdown(seed_articles, [seed_story]), render_markdown(*hostile)):
        width = None
        for line in out.splitlines():
            if not line.startswith("|"):
                width = None
                continue
            cells = len(re.findall(r"(?<!\\)\|", line)) - 1
            width = width or cells
            assert cells == width, line


def test_cell_escapes_pipes_markup_and_html():
    assert cell("a | b") == "a \\| b"
    assert cell("") == "–"
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert (
        md("[x](javascript:alert(1)) *b* _i_ `c`")
        == "\\[x\\](javascript:alert(1)) \\*b\\* \\_i\\_ \\`c\\`"
    )
    assert md("line one\nline two") == "line one line two"


def test_md_escapes_block_markers_only_at_the_start():
    assert md("# not a heading") == "\\# not a heading"
    assert md("- not a list") == "\\- not a list"
    assert md("2025. not a list") == "2025\\. not a list"
    assert md("U.S. troops - 26 countries") == "U.S. troops - 26 countries"


def test_hostile_text_never_reaches_markdown_as_html(hostile):
    out = render_markdown(*hostile)
    assert "<script" not in out and "<img" not in out and "<link" not in out
    assert "&lt;script&gt;" in out


def test_empty_inputs_render():
    assert render_markdown([], []).startswith("# rashomon report")
