"""Shared by the reading-stage tests: one spaCy pipeline per process (load_nlp caches it)."""

from __future__ import annotations

import pytest

from rashomon.read.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()
