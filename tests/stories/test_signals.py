"""The one set of grouping signals: shingles, MinHash, entity keys, ISO days."""

from __future__ import annotations

import datetime as dt

from rashomon.model import Article, Entity
from rashomon.stories import signals as sg


def test_shingles_of_short_and_empty_texts() -> None:
    assert sg.shingles("Kyiv said no") == {"kyiv said no"}
    assert sg.shingles("  ") == set()  # no words: nothing to match, not one empty shingle


def test_minhash_of_equal_sets_is_equal_and_kept_values_round_trip() -> None:
    a, b = sg.minhash({"x", "y"}, 64), sg.minhash({"y", "x"}, 64)
    assert a.jaccard(b) == 1.0
    assert sg.minhash_of(a.hashvalues, 64).jaccard(a) == 1.0
    crc = sg.crc_set(["a b", "b c"])
    assert sg.jaccard(crc, crc) == 1.0 and sg.jaccard(crc, sg.crc_set([])) == 0.0


def test_entity_key_prefers_the_id_then_the_canonical_name() -> None:
    e = Entity(text="Kiev", start=0, end=4, label="GPE", canonical="Kyiv", entity_id="gpe:kyiv")
    assert sg.entity_key(e) == "gpe:kyiv"
    a = Article(id="a", source="a", text="Kiev", entities=[e])
    assert sg.entity_keys(a, ("PERSON",)) == {} and sg.entity_keys(a) == {"gpe:kyiv": 1}


def test_iso_day_reads_days_only() -> None:
    assert sg.iso_day("2025-08-18T10:00") == dt.date(2025, 8, 18)
    assert sg.iso_day("2025-08") is None and sg.iso_day("not a date") is None
