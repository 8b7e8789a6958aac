"""Metadata that needs neither the page layout nor the body rules: language and URL outlet."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

MIN_LANGUAGE_CHARS = 40  # shorter texts are too little evidence for a language guess
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # py3langid ships its model inside the wheel: no download at run time.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is short or the guess weak."""
    # The first 2,000 characters: the identifier's cost grows with the sample, and its guess
    # is settled long before (on the 181 article-extraction pages, 1,000 or 2,000 characters
    # give the 5,000-character sample's language on every one).
    sample = text[:2000]
    if len(sample.strip()) < MIN_LANGUAGE_CHARS:
        return None
    with _LOCK:  # the identifier keeps scratch state between calls
        lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= 0.5 else None


def outlet_from_url(url: str | None) -> str | None:
    """The registered domain of an http(s) URL ("kyivindependent.com"), else None."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    from courlan import extract_domain

    domain = extract_domain(url, fast=True)
    return domain or None
