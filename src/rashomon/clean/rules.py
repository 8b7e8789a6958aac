"""Line-level rules: what a line of a scraped page is, judged from how news pages are built.

Every rule here describes a kind of page furniture that recurs across sites (UI labels, photo
credits, teaser prefixes, role lines, author bios, copyright and cookie notices) rather than any
one site. The word lists are short on purpose: a line is only judged chrome by vocabulary when it
is also short and has no sentence punctuation, so a body sentence that happens to contain
"share" or "read more" is never touched.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import MONTH_RE_LOOSE, PHOTO_AGENCIES

# UI labels seen on news pages in several languages; matched against the whole (short) line,
# lower-cased, with a trailing count or colon allowed ("Comments (12)", "Share:").
CHROME_WORDS = frozenset(
    label.strip()  # the first label of every source line carries the line's indent
    for label in """
    news feed|article image|image|photo|video|avatar|read more|show more|load more|see more|
    more|share|share this|share this article|share on facebook|share on twitter|share on x|
    tweet|email|e-mail|print|copy link|link copied|facebook|twitter|x|whatsapp|telegram|
    linkedin|reddit|pinterest|messenger|flipboard|advertisement|advertising|ad|sponsored|
    sponsored content|promoted|skip to content|skip to main content|menu|search|home|
    sign in|sign up|log in|login|logout|register|subscribe|subscribe now|newsletter|
    comments|comment|leave a comment|view comments|show comments|close|open|next|previous|
    prev|back to top|top|listen|listen to this article|play|pause|watch|gallery|
    view gallery|enlarge|expand|collapse|toggle navigation|navigation|follow|follow us|
    follow us on|latest|latest news|trending|most read|most popular|popular|top stories|
    related|related articles|related stories|related news|related content|you may also like|
    recommended|recommended for you|more from|more stories|more news|up next|editor's picks|
    tags|topics|filed under|categories|category|sections|all rights reserved|
    accept|accept all|reject all|manage cookies|cookie settings|got it|ok|
    teilen|anzeige|werbung|mehr zum thema|lesen sie auch|weitere artikel|
    partager|publicité|lire aussi|lire la suite|à lire aussi|
    compartir|publicidad|leer más|lea también|te puede interesar|
    condividi|pubblicità|leggi anche|
    поделиться|реклама|читайте также|читать далее|поділитися|читайте також
    """.split("|")
)

# "2 min read", "5 minute read", "Reading time: 3 minutes", "3 Min. Lesezeit".
READ_TIME_RE = re.compile(
    r"^(reading time:?\s*)?\d+\s*(-\s*)?(min|mins|minute|minutes|min\.)\s*(read|lesezeit|de lecture)?$",
    re.I,
)
# A lone separator: dashes, stars, bullets, rules.
SEPARATOR_RE = re.compile(r"^[\W_]{1,12}$")
# "Read more: ...", "RELATED: ...", "Also read - ...", in a few languages.
TEASER_PREFIX_RE = re.compile(
    r"^(read more|read also|also read|read next|related|related coverage|related story|"
    r"related article|see also|more|more on this|more on this story|watch|watch now|listen|"
    r"recommended|suggested|you might also like|you may also like|don't miss|must read|"
    r"lesen sie auch|mehr zum thema|lire aussi|à lire aussi|lea también|leer también|"
    r"leggi anche|читайте также|читайте також|по теме)\s*[:|–—-]\s*\S",
    re.I,
)
# Notes a page leaves where an advert or a widget interrupts the body: "Story continues below
# advertisement", "Article continues after this ad", "Continue reading the main story",
# "Advertisement - Scroll to continue", "Skip advertisement", "Weiterlesen nach der Anzeige",
# "La suite après cette publicité". Left in, they read as sentences (even as a quote: speaker
# "Story", cue "continues"). Three shapes: the text continuing somewhere, the reader told to go
# on, an advert to skip; each in a few languages, and only on a short line of its own.
_GOES_ON = (
    r"(?:(?:the|this|your|our)\s+)?(?:(?:story|article|text|content|report|post|news|feature|"
    r"page|piece)\s+)?(?:continues?|continued|resumes?|goes on)"
)
# What the body continues after: only page furniture, so "continued after the war" is not one.
_OBJECT = (
    r"(?:\s+(?:the|this|an?|our)?\s*(?:ad|advert|advertisement|video|image|photos?|gallery|"
    r"break|jump|sponsored (?:content|message)|message|newsletter(?: sign-?up)?|poll|form|"
    r"related (?:stories|links|content)))?"
)
_PLACE = r"(?:below|beneath|underneath|under|after|following|on the next page|here)"
_AD = r"(?:advertisement|advert|ad|sponsored|anzeige|werbung|publicité|publicidad|pubblicità)"
FURNITURE_RE = re.compile(
    r"^(?:"
    + _AD
    + r"\s*[-–—:|·•]*\s*)?(?:"
    + _GOES_ON
    + r"(?:\s+reading)?\s+"
    + _PLACE
    + _OBJECT
    + r"|(?:continue|keep|scroll(?: down)? to(?: continue| keep)?) reading"
    r"(?:\s+(?:" + _PLACE + _OBJECT + r"|the (?:main |full |rest of the )?(?:story|article)))?"
    r"|scroll(?: down)? to (?:continue|read on)(?: with (?:the )?(?:content|article|story))?"
    r"|skip (?:this )?(?:ad|advert|advertisement)"
    r"|(?:advertisement|ad) (?:feedback|skip advertisement)"
    r"|(?:weiterlesen|lesen sie weiter|(?:der )?(?:artikel|text) (?:wird|geht))"
    r"(?: nach| unter) (?:der|dem) (?:anzeige|werbung|video)(?: (?:fortgesetzt|weiter))?"
    r"|(?:la suite|l'article continue|suite de l'article|votre contenu continue|"
    r"l'article se poursuit)(?: après (?:cette|la) (?:publicité|annonce|vidéo)| ci-dessous| en dessous)"
    r"|(?:(?:la noticia|el artículo|el texto|l'articolo|o artigo|a notícia) )?"
    r"(?:sigue|continúa|continua|prosegue)(?: leyendo| a leggere| lendo)?"
    r" (?:después de|tras|debajo de|dopo|após|depois d[aoe]) (?:la |el |del |este |esta |a |o )?"
    r"(?:publicidad|anuncio|pubblicità|publicidade|anúncio|vídeo|video)"
    r"|продолжение(?: статьи| материала)? (?:ниже|после рекламы)"
    r")$",
    re.I,
)
_FURNITURE_HINT = re.compile(
    r"contin|resum|goes on|reading|skip|scroll|weiter|anzeige|suite|poursuit|sigue|prosegu|продолж|"
    r"ad feedback",
    re.I,
)


# Photo credits: "(AP Photo/Name)", "(Name/Getty Images)", "Photo: Reuters", "Credit: ...",
# "Photograph: ...", "Image: ...", "(File photo)", "Foto: ...".
_AGENCIES = "|".join(PHOTO_AGENCIES)
CREDIT_PAREN_RE = re.compile(
    r"\((?:[^()]{0,80}?\b(?:photo|photograph|image|credit|foto|picture|via)\b[^()]{0,80}|"
    r"[^()/]{2,60}/\s*(?:" + _AGENCIES + r")[^()]{0,40}|(?:" + _AGENCIES + r"))\)\s*\.?$",
    re.I,
)
CREDIT_PREFIX_RE = re.compile(
    r"^(photo|photograph|photo credit|image|image credit|credit|picture|foto|bild|"
    r"illustration|source of image|фото)\s*(:|by\b)",
    re.I,
)
CREDIT_SUFFIX_RE = re.compile(
    r"\b(photo|photograph|image|picture|credit|foto)\s*:\s*[^.!?]{2,60}$", re.I
)
# A short "Photo/Agency" credit line on its own: "Anna Moneymaker/Getty Images".
CREDIT_LINE_RE = re.compile(r"^[^/\n]{2,60}/\s*(" + _AGENCIES + r")\.?$", re.I)

# "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Posted by ...", "Written by ...".
BYLINE_RE = re.compile(
    r"^(?i:by|posted by|written by|words by|story by|reporting by|von|par|por|di|автор)\s+"
    r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄ]",
)
# "September 10, 2018 | by Catherine": a byline after a date or a separator.
INNER_BYLINE_RE = re.compile(r"(^|[|·•,/—–-]\s*)(by|By|BY)\s+[A-ZÀ-ÖØ-Þ]")
# Headings that open what follows the body: comments, related and recommended lists.
BOUNDARY_RE = re.compile(
    r"^(\d+\s+)?((top|best|most recent|latest|newest|oldest|featured|readers?'?)\s+(rated\s+)?)?"
    r"(comments?|responses?|replies|reactions|discussion|conversation|"
    r"leave a (comment|reply)|post a comment|add a comment|join the (discussion|conversation)|"
    r"comments are closed\.?|related|related (articles|stories|posts|content|news|coverage)|"
    r"more (stories|news|articles|posts|to read)|more from [\w .'-]{2,40}|"
    r"you (may|might) also (like|enjoy)|recommended( for you| stories| articles)?|read next|"
    r"up next|popular( posts| stories| articles)?|most (read|popular|viewed|shared)|"
    r"trending( now| stories)?|latest (news|stories|posts|articles)|"
    r"kommentare|verwandte artikel|commentaires|comentarios|commenti|комментарии)"
    r"\s*(\(\d+\))?\s*[:.]?$",
    re.I,
)

# "34 responses to “Title”", "12 Comments on ...": the comment thread starts here.
COMMENT_COUNT_RE = re.compile(r"^\d+\s+(comments?|responses?|replies|thoughts)\b", re.I)
# A comment's author line: "jane says:", "Alex on September 17, 2018 at 6:34 am said:".
COMMENT_AUTHOR_RE = re.compile(r"^\S.{0,80}\s(says|said|wrote|writes|replied)\s*:$", re.I)
# Share and social buttons spelt out: "Click to share on Facebook (Opens in new window)".
SHARE_RE = re.compile(
    r"\b(share (on|via|to|this)|click to (share|email|print)|opens in (a )?new (window|tab)|"
    r"follow us on|like us on|pin it|send to a friend|email this)\b",
    re.I,
)

# Label lines listing the page's taxonomy: "Tags: bakeries, small business", "Filed under: ...".
TAGS_RE = re.compile(
    r"^(tags?|topics?|filed under|categories|category|keywords|related topics?|related roundup|"
    r"schlagwörter|themen|mots-clés|etiquetas|теги|темы)\s*:\s*\S",
    re.I,
)
# Relative timestamps of comments and feeds: "2 days ago", "5 hours ago at 07:52 am".
RELATIVE_TIME_RE = re.compile(
    r"^(about\s+)?\d+\s+(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b",
    re.I,
)

# Wire-story footers: "Reporting by X; Editing by Y", "Associated Press writer X contributed."
CREDIT_FOOTER_RE = re.compile(
    r"^(\(?reporting by\b|\(?additional reporting by\b|\(?editing by\b|\(?writing by\b|"
    r"\(?compiled by\b|.{0,80}\bcontributed (to )?(this )?report(ing)?\b)",
    re.I,
)
ROLE_WORDS = (
    r"editor|reporter|correspondent|writer|journalist|contributor|columnist|producer|"
    r"analyst|anchor|photographer|author|intern|fellow|bureau chief|staff"
)
# A line that is only a role: "News Editor", "Senior Correspondent", "Staff Writer".
ROLE_LINE_RE = re.compile(
    r"^((senior|chief|deputy|managing|executive|associate|staff|news|political|foreign|"
    r"investigative|national|contributing|freelance|special|breaking news|digital|"
    r"economics|business|politics|security|defense|defence|war|europe|international)\s+){0,3}"
    r"(" + ROLE_WORDS + r")s?(\s*,\s*[\w .&'-]{2,40})?$",
    re.I,
)
# An author bio: "Jane Doe is a news editor at The Outlet." / "X has been a reporter for Y".
BIO_RE = re.compile(
    r"^(?P<name>[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’.-]+|de|van|von|da|del)){0,3})"
    r"\s+(is|was|has been|has worked as|joined|covers|writes|reports)\b[^.]{0,120}?\b("
    + ROLE_WORDS
    + r")s?\b",
)
# The outlet an author bio or a role line names: "... at The Kyiv Independent."
BIO_OUTLET_RE = re.compile(
    r"\b(?:" + ROLE_WORDS + r")s?\s+(?:at|for|with|of)\s+(?P<outlet>(?:the\s+)?"
    r"[A-Z](?:[\w&'’-]|\.(?=\w))*(?:\s+(?:[A-Z](?:[\w&'’-]|\.(?=\w))*|of|and|&|de|du|la|le))*)",
)
COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?P<outlet>[^.|•\n]{2,60}?)"
    r"\s*(?:[.|•,].*)?$",
    re.I,
)
BOILERPLATE_RE = re.compile(
    r"(\bcookies?\b.{0,120}\b(use|accept|consent|privacy|experience|agree|settings)\b|"
    r"\b(use|accept|consent|privacy|agree)\b.{0,120}\bcookies?\b|"
    r"\ball rights reserved\b|\bterms of (use|service)\b.{0,60}\bprivacy\b|"
    r"\bsign up (for|to) (our|the)\b.{0,60}\bnewsletter|\bsubscribe to (our|the)\b|"
    r"\bthis (article|story) (was|has been) (updated|corrected)\b.{0,30}$|"
    r"\bjavascript\b.{0,40}\b(enable|disabled|required)\b|"
    r"\byour browser\b.{0,60}\b(support|update)\b|"
    r"\bwe (may )?earn (a )?commission\b|\baffiliate links?\b)",
    re.I,
)
# A line that is a date and maybe a time, with an optional label: "Published: Aug. 18, 2025".
DATE_LABEL_RE = re.compile(
    r"^(published|updated|last updated|posted|posted on|first published|date|"
    r"veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|"
    r"опубликовано|обновлено)\s*(on|at|:)?\s*",
    re.I,
)
_MONTH = MONTH_RE_LOOSE
DATE_ONLY_RE = re.compile(
    r"^(?:\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:[a-z]{2,4}\b)?\s*[,|]?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:"
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?|"
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|"
    r"(?:" + _MONTH + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|"
    r"\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:" + _MONTH + r")\.?,?\s+\d{4})"
    r"(?:\s*(?:,|at|-|–|\|)?\s*\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:[A-Z]{2,4})?)?"
    r"\.?$",
    re.I,
)
# "Posted by Jane Doe on August 18, 2025": a byline that carries the date.
BYLINE_DATE_RE = re.compile(r"\b(?:on|am|le|el|,|\|)\s+(?P<date>.{6,40})$", re.I)
# Dateline opening a wire story: "KYIV, Ukraine (AP) —", "WASHINGTON (Reuters) -".
DATELINE_RE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .'-]{2,40}(,\s*[\w .]{2,30})?\s*(\([\w .]{2,20}\))?\s*[—–-]\s"
)
SENTENCE_END_RE = re.compile(r"[.!?…:;。！？][\"'”’»)\]」』）]*$|[\"”»」』]$")
LIST_ITEM_RE = re.compile(r"^([•·▪◦●*–-]|\d{1,2}[.)])\s+\S")
QUOTE_START_RE = re.compile(r"^[\"“”″„«'‘]")
WORD_RE = re.compile(r"\w+", re.UNICODE)


# Scripts written without spaces between words, and about how many characters make a word in
# each: two for Chinese and Japanese (Han and kana; dictionary words average 1.5-2 characters),
# four for the Brahmic scripts of South-East Asia (Thai, Lao, Khmer, Myanmar; their vowel and
# tone marks are characters here too). Korean separates its words with spaces.
_HAN_KANA_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SEA_RUN = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]+")
_SPACELESS = re.compile(_HAN_KANA_RUN.pattern[:-1] + "|" + _SEA_RUN.pattern[:-1])
_CHARS_PER_WORD = ((_HAN_KANA_RUN, 2), (_SEA_RUN, 4))


def words(line: str) -> int:
    """Word count; in scripts written without spaces, a word per so many characters (above).
    A short line's count is cached: the rules ask it of one line several times (up to four
    times for a page's removed block); a long text is counted afresh, never kept."""
    return _words_cached(line) if len(line) <= 400 else _words(line)


@functools.lru_cache(maxsize=4096)
def _words_cached(line: str) -> int:
    return _words(line)


def _words(line: str) -> int:
    if not _SPACELESS.search(line):
        return len(WORD_RE.findall(line))
    n = len(WORD_RE.findall(_SPACELESS.sub(" ", line)))
    for run_re, per_word in _CHARS_PER_WORD:
        n += sum(max(1, round(len(run) / per_word)) for run in run_re.findall(line))
    return n


def norm(line: str) -> str:
    """Lower-case, punctuation-free form for comparing lines (a repeated title)."""
    return " ".join(WORD_RE.findall(line.lower()))


_CHROME_TRAIL = re.compile(r"[\s:>»›|•·]+$")
_CHROME_COUNT = re.compile(r"\s*\(?\d+\)?$")
_CHROME_TAIL_ONLY = re.compile(r"[\s:>»›|•·()\d]*")
_CHROME_LONGEST = max(map(len, CHROME_WORDS))


def is_chrome_word(line: str) -> bool:
    """A short UI label from the vocabulary ("Share", "Read more", "Comments (3)")."""
    s = line.strip().lower()
    # What the two substitutions strip is a suffix of these characters, so a line that has
    # any other one past the longest label's length cannot be a label: most lines (prose),
    # answered without the substitutions, whose $-anchored search tries every position.
    if len(s) > _CHROME_LONGEST and not _CHROME_TAIL_ONLY.fullmatch(s, _CHROME_LONGEST):
        return False
    s = _CHROME_TRAIL.sub("", s)
    s = _CHROME_COUNT.sub("", s)  # "Comments (12)", "Share 34"
    return s in CHROME_WORDS


def is_furniture(line: str) -> bool:
    """A note where an advert interrupts the body ("Story continues below advertisement")."""
    s = line.strip().strip("()[]{}<>*_~ ").rstrip(".!…:»›>")
    if not s or len(s) > 120 or not _FURNITURE_HINT.search(s) or words(s) > 14:
        return False
    return bool(FURNITURE_RE.match(s))


def has_sentence_end(line: str) -> bool:
    return bool(SENTENCE_END_RE.search(line.strip()))


def is_prose(line: str) -> bool:
    """A line that reads like a body paragraph: several words and sentence punctuation."""
    s = line.strip()
    n = words(s)
    if n >= 8 and has_sentence_end(s):
        return True
    return n >= 20  # long lines are prose even when the scraper dropped the final period


def is_headline_like(line: str) -> bool:
    """A title or a teaser headline: a few words, no sentence-final period."""
    s = line.strip()
    n = words(s)
    return 3 <= n <= 30 and not s.endswith((".", ":", ";")) and not is_chrome_word(s)


def is_caption(line: str) -> bool:
    s = line.strip()
    return bool(
        CREDIT_PAREN_RE.search(s)
        or CREDIT_PREFIX_RE.match(s)
        or CREDIT_LINE_RE.match(s)
        or (words(s) <= 40 and CREDIT_SUFFIX_RE.search(s))
    )


def is_date_line(line: str) -> bool:
    s = DATE_LABEL_RE.sub("", line.strip())
    return bool(s) and bool(DATE_ONLY_RE.match(s))


def date_part(line: str) -> str:
    """The date text of a date line, its label removed."""
    return DATE_LABEL_RE.sub("", line.strip()).strip()


def is_name_line(line: str) -> bool:
    """A person's name alone on a line: 2-4 capitalised words, no punctuation but - ' ."""
    s = line.strip()
    parts = s.split()
    if not 2 <= len(parts) <= 4 or len(s) > 50:
        return False
    return all(re.match(r"^[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄ][\w'’.-]*$", p) for p in parts) and not is_chrome_word(
        s
    )


def bio_outlet(line: str) -> str | None:
    m = BIO_OUTLET_RE.search(line)
    if not m:
        return None
    return m.group("outlet").strip(" .,'’")


def copyright_outlet(line: str) -> str | None:
    m = COPYRIGHT_RE.match(line.strip())
    if not m:
        return None
    name = m.group("outlet").strip(" .,")
    name = re.sub(r"\s*(all rights reserved|ltd|inc|llc|gmbh)\.?$", "", name, flags=re.I).strip(
        " .,"
    )
    if not name or words(name) > 6 or name.lower().startswith("all rights"):
        return None
    return name
