"""The gazetteer's lookup key (``fold``): the ASCII fast path must fold exactly as the full one."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.read.gazetteer import fold, gazetteer


def _full_fold(text: str) -> str:
    """The fold without its ASCII shortcut: NFKD, combining marks dropped, spaces collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().casefold()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30) | st.text(max_size=30))
def test_fold_matches_the_full_normalisation_on_any_text(text: str) -> None:
    assert fold(text) == _full_fold(text)


def test_fold_strips_accents_case_apostrophes_and_spaces() -> None:
    assert fold("  Kraków\u2019s\t Old  Town ") == "krakow's old town"
    assert fold("ODESA") == fold("Odesa") == "odesa"


def test_accented_and_plain_spellings_find_one_place() -> None:
    g = gazetteer()
    assert g.names[fold("Zürich")][2] is g.names[fold("Zurich")][2]
