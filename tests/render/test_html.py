"""The HTML report, read as HTML: elements present, links resolve, nothing remote, nothing runs."""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from rashomon.model import Article, Story
from rashomon.render.html import CSP, Mark, render_html, render_story_fragment, segments

URL_ATTRS = {"src", "href", "xlink:href", "action", "formaction", "poster", "data", "srcset",
             "background", "ping", "manifest", "cite", "longdesc"}  # fmt: skip


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style> blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data


def parse(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    p.close()
    return p


def _ids(p: Tags) -> set[str]:
    return {a["id"] for _, a in p.tags if a.get("id")}


def test_report_has_the_key_elements(seed_articles, seed_story):
    page = render_html(seed_articles, [seed_story])
    p = parse(page)
    cols = [a for t, a in p.tags if t == "section" and "col" in (a.get("class") or "").split()]
    assert [c["aria-label"] for c in cols] == ["RT", "The Kyiv Independent"]
    marks = [a for t, a in p.tags if t == "mark" and a.get("id")]
    # Marks follow the facts: a claim only "related" to another article's is its own fact.
    assert {m["class"] for m in marks} == {"rel-differs", "rel-only"}
    assert sum(1 for t, _ in p.tags if t == "svg") == 2
    for needle in ("Facts, one row per fact", "Every pair of claims read against each other (4)",
                   "Only in one article", "Naming",
                   "Positions board", "Timeline", "What cleaning removed (5)",
                   "Last word in", "number: 26 countries back the guarantees"):  # fmt: skip
        assert needle in page, needle
    assert '<th scope="row">Kyiv</th><td>Kiev</td><td>Kyiv</td>' in page


def test_aligned_claim_links_to_its_counterpart_in_the_other_column(seed_articles, seed_story):
    page = render_html(seed_articles, [seed_story])
    macron = seed_articles[0].claims[
        2
    ]  # differs from KI's "more than 30 countries" (one fact), related to KI's claim 4 (another)
    start = page.index('<mark id="s0-a0-c2"')
    link = page.rindex('<a class="claim" href="', 0, start)
    assert page[link:start].startswith('<a class="claim" href="#s0-a1-c2"')
    after = page[start : page.index("</sup>", start + len(macron.text)) + 6]
    assert 'href="#s0-a1-c2"' in after and 'href="#s0-a1-c4"' not in after
    assert '<mark id="s0-a1-c2" class="rel-differs">' in page
    # The related claim is shown beside the fact, not as a counterpart in the text.
    facts = page[page.index('class="facts-table"') : page.index("</table>", page.index('class="facts-table"'))]
    assert "Related, not the same fact:" in facts and 'href="#s0-a1-c4"' in facts


def test_every_internal_link_resolves_to_an_element(seed_articles, seed_story, hostile):
    for page in (render_html(seed_articles, [seed_story]), render_html(*hostile)):
        p = parse(page)
        ids = _ids(p)
        hrefs = [a["href"] for _, a in p.tags if "href" in a]
        assert hrefs
        for h in hrefs:
            assert h.startswith("#") and h[1:] in ids, h


def test_marked_text_is_the_article_text_unchanged(seed_articles, seed_story):
    page = render_html(seed_articles, [seed_story])
    for i, a in enumerate(seed_articles):
        start = page.index('<div class="text"', page.index(f'id="s0-a{i}"'))
        start = page.index(">", start) + 1
        end = page.index("</div>", start)
        inner = page[start:end]
        plain = inner
        for tag in ("mark", "a", "sup"):
            plain = re.sub(rf"<{tag}[^>]*>|</{tag}>", "", plain)
        plain = plain.replace("↔", "")
        assert htmllib.unescape(plain) == a.text


def test_no_remote_url_in_any_url_attribute(seed_articles, seed_story, hostile):
    for page in (render_html(seed_articles, [seed_story]), render_html(*hostile)):
        p = parse(page)
        for tag, attrs in p.tags:
            for name, value in attrs.items():
                if name in URL_ATTRS:
                    assert (
                        not (value or "").strip().lower().startswith(("http:", "https:", "//"))
                    ), (tag, name, value)
        assert "url(" not in p.style and "@import" not in p.style


def test_seed_report_contains_no_url_at_all(seed_articles, seed_story):
    page = render_html(seed_articles, [seed_story])
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "http://" not in page and "https://" not in page


def test_page_carries_a_strict_csp_and_no_script(seed_articles, seed_story):
    p = parse(render_html(seed_articles, [seed_story]))
    metas = [
        a for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert metas and metas[0]["content"] == CSP
    assert "default-src 'none'" in CSP and "script-src" not in CSP
    assert not any(t == "script" for t, _ in p.tags)


def test_hostile_article_is_rendered_escaped(hostile):
    page = render_html(*hostile)
    p = parse(page)
    assert {t for t, _ in p.tags} & {"script", "img", "link", "iframe", "object", "embed"} == set()
    for _, attrs in p.tags:
        assert not any(name.startswith("on") for name in attrs), attrs
        for name in ("class", "id"):
            assert "<" not in (attrs.get(name) or "") and '"' not in (attrs.get(name) or "")
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in page
    assert "onerror=&#34;window.__pwned=2" in page
    assert "&#34; onmouseover=&#34;window.__pwned=3" in page


def test_text_direction_is_automatic_and_language_only_a_clean_tag(seed_articles, seed_story):
    seed_articles[1].language = 'en" onclick="x'
    page = render_html(seed_articles, [seed_story])
    assert '<div class="text" dir="auto" lang="en">' in page
    assert 'lang="en&#34;' not in page and page.count('dir="auto"') == 2


def test_fragment_is_embeddable(seed_articles, seed_story):
    frag = render_story_fragment(seed_articles, seed_story)
    assert frag.lstrip().startswith('<article class="story" id="s0">')
    assert "<html" not in frag and "<style" not in frag and " style=" not in frag
    assert "Kiev" in frag


def test_report_tolerates_bare_and_empty_inputs(seed_articles):
    assert "No articles." in render_html([], [])
    bare = Article(id="a1", source="-", text="Only text.")
    page = render_html([bare], [Story(id="s", title="Bare", articles=["a1", "missing"])])
    assert "Only text." in page and "Article missing was not loaded" in page
    assert "<svg" not in page
    page = render_html(seed_articles, [])
    assert "Articles" in page and seed_articles[0].title in page


def test_timeline_ticks_keep_the_precision_of_the_date(seed_articles, seed_story):
    page = render_html(seed_articles, [seed_story])
    assert ">Jul 2023</text>" in page and ">18 Aug 2025</text>" in page


_mark = Mark("m", "same", "t")


@given(
    text=st.text(max_size=60),
    spans=st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=6),
)
def test_segments_always_join_back_to_the_text(text, spans):
    segs = segments(text, [(s, e, _mark) for s, e in spans])
    assert "".join(s.text for s in segs) == text
    assert all(s.text for s in segs if s.mark is not None)


def test_claims_with_bad_offsets_get_no_mark_and_no_dangling_link(seed_articles, seed_story):
    rt, ki = seed_articles
    ki.claims[2].start, ki.claims[2].end = 10**6, 10**6 + 5  # past the end of the text
    rt.claims[1].start = rt.claims[0].start  # overlaps claim 0, which starts first and is longer
    rt.claims[1].end = rt.claims[0].start + 5
    page = render_html(seed_articles, [seed_story])
    p = parse(page)
    ids = _ids(p)
    assert "s0-a1-c2" not in ids and "s0-a0-c1" not in ids
    assert all(a["href"][1:] in ids for _, a in p.tags if "href" in a)
    assert "The coalition includes more than 30 countries" in page  # still listed, unlinked
