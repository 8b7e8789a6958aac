"""The ``clean`` stage: the article body apart from page chrome, and the page's metadata.

Takes an :class:`~rashomon.model.Article` as a reader made it, with either ``html`` (a page) or
``raw_text`` (a raw scrape), and fills ``text`` (paragraphs separated by a blank line),
``removed`` (every span taken out, with its reason), ``title``, ``subtitle``, ``byline``,
``outlet`` (+ ``outlet_source``), ``published`` (only a date the page states, never one read from
the body) and ``language``. Values a reader already set (from a JSON record or a feed entry) are
never overwritten.

Where the outlet comes from, first match wins: the record ("record": a JSON field, a feed
entry's own source), the page's site name ("html", HTML only), the page naming itself in an
author bio or a copyright line ("text"), the link's registered domain ("url"), and for a feed
entry linking to the feed's own site (or nowhere) the feed's title ("feed"). The outlet table
(``rashomon.outlets``) then gives known outlets their one name when the article is stored.
"""

from __future__ import annotations

from ..errors import Code, RashomonError
from ..model import Article
from ..registry import Context, stage
from .html import extract_html, page_text
from .meta import detect_language, outlet_from_url
from .rules import words
from .text import CleanedText, clean_text, outlet_in

__all__ = [
    "CleanedText",
    "clean",
    "clean_article",
    "clean_text",
    "detect_language",
    "extract_html",
    "outlet_from_url",
    "page_text",
]

# Fewer words than this is not an article body. Words are counted per script
# (rules.words): in Chinese, Japanese or Thai, which put no spaces between words, a word is
# so many characters, so ten Han characters count as five words.
MIN_BODY_WORDS = 5
#: The fix for "no body" by kind of input (the default one speaks of web pages).
_BODY_FIX = {
    "json": "give the record the article's full text (a \"text\", \"body\" or \"content\" "
    "field of at least a sentence or two)",
    "feed": "the entry carries only a teaser: let rashomon fetch its link (the default), or "
    "give the article's page",
    "text": "give a file that holds the article's text, not only its headline or page chrome",
}


def clean_article(article: Article) -> Article:
    """Clean one article in place (the stage without a context); returns it for chaining."""
    declared = None
    if article.html is not None and article.html.strip():
        declared = _clean_html(article)
    else:
        _clean_plain(article)
    if words(article.text) < MIN_BODY_WORDS:
        article.text = ""
        raise RashomonError(
            Code.NOT_ARTICLE,
            "no article body found (only page furniture, or too little text)",
            source=article.source,
            fix=_BODY_FIX.get(article.kind),
        )
    if article.language is None:
        article.language = detect_language(article.text) or declared
    if article.outlet is not None:
        article.outlet_source = article.outlet_source or "record"
    else:
        _outlet_from_address(article)
    if article.original_sha256 is not None:
        article.html = None  # the store keeps the original bytes
    return article


def _named_site(sitename: str | None, url: str | None) -> str | None:
    """The page's site name, unless it is only the page's host name: trafilatura falls back to
    the host when a page names no site, and a host is the weakest of guesses ("url")."""
    from ..outlets import host_of

    if not sitename:
        return None
    host = host_of(url)
    name = sitename.strip().lower().removeprefix("www.")
    return None if host and name.split(":", 1)[0] == host else sitename


def _outlet_from_address(article: Article) -> None:
    """The last resorts, for an article nothing named: its link's domain, unless the link is on
    the site of the feed it came in (or it has none), where the feed's title names the outlet;
    the feed's title too when the link's address names no domain."""
    from ..outlets import host_of

    feed_title = article.meta.get("feed_title")
    host = host_of(article.url)
    own_site = host is None or host == article.meta.get("feed_host")
    outlet = None if feed_title and own_site else outlet_from_url(article.url or article.source)
    if outlet:
        article.outlet, article.outlet_source = outlet, "url"
    elif feed_title:  # nothing else names one (a link to an address, not a domain, too)
        article.outlet, article.outlet_source = str(feed_title), "feed"


@stage("clean")
def clean(article: Article, ctx: Context) -> None:
    """Separate the body from page chrome and fill the article's metadata."""
    clean_article(article)


def _set_outlet(article: Article, name: str | None, source: str) -> None:
    if article.outlet is None and name:
        article.outlet, article.outlet_source = name, source


def _fill(article: Article, title: str | None, subtitle: str | None, byline: str | None) -> None:
    """Set metadata the reader left empty; what a record gave is kept."""
    article.title = article.title or title
    article.subtitle = article.subtitle or subtitle
    article.byline = article.byline or byline


def _published(article: Article, value: str | None) -> None:
    if article.published is not None or not value:
        return
    from ..sources.common import parse_date

    article.published = parse_date(value)
    article.published_inferred = False


def _clean_plain(article: Article) -> None:
    res = clean_text(article.raw_text)
    article.text = res.text
    article.removed = res.removed
    _fill(article, res.title, res.subtitle, res.byline)
    if article.outlet is not None:
        article.outlet_source = article.outlet_source or "record"
    _set_outlet(article, res.outlet, "text")
    _published(article, res.published)


def _clean_html(article: Article) -> str | None:
    """Clean an HTML page; returns the language the page declares (a fallback for detection)."""
    assert article.html is not None
    res = extract_html(article.html, article.url)
    article.raw_text = res.page_text
    article.text = res.text
    article.removed = res.removed
    _fill(article, res.title, res.subtitle, res.byline)
    if article.outlet is not None:
        article.outlet_source = article.outlet_source or "record"
    _set_outlet(article, _named_site(res.sitename, article.url), "html")
    if article.outlet is None:
        # The page may name itself in what was removed: an author bio, a copyright line.
        _set_outlet(article, outlet_in([r.text for r in res.removed]), "text")
    _published(article, res.published)
    return res.language.split("-")[0].lower() if res.language else None
