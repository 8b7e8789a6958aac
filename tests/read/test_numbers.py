"""One number parser: with the parse (the claims stage) and without it (raw sentences) it gives
the same values, hedges and units."""

from __future__ import annotations

import pytest

from rashomon.read.numbers import find_numbers, numbers_in, unit_key

CASES = [
    ("Up to 5,000 troops could be sent.", [(5000, "troops", "at_most")]),
    ("Thousands of protesters gathered.", [(1000, "protesters", "at_least")]),
    ("Dozens of people were hurt.", [(12, "people", "at_least")]),
    ("Tens of thousands of soldiers", [(10000, "soldiers", "at_least")]),
    ("More than 30 countries signed.", [(30, "countries", "more_than")]),
    ("Three ministers resigned.", [(3, "ministers", "exact")]),
    ("One of them resigned in 2024.", []),
    ("The talks began at 2:30 in Geneva.", []),
    ("They pledged $5 billion.", [(5e9, "USD", "exact")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_numbers_without_a_parse_read_hedges_and_magnitudes_as_the_stage_does(text, expected):
    got = [(n.value, n.unit, n.approx) for n in numbers_in(text)]
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_numbers_with_the_parse_agree(nlp, text, expected):
    got = [(n.value, n.unit, n.approx) for n in find_numbers(nlp(text), 0, len(text))]
    assert got == expected


def test_a_quantity_text_runs_to_its_counted_noun(nlp):
    text = "The coalition includes more than 30 countries, among them Canada."
    assert [n.text for n in numbers_in(text)] == ["more than 30 countries"]
    assert [n.text for n in find_numbers(nlp(text), 0, len(text))] == ["more than 30 countries"]


def test_counted_years_are_quantities_but_lone_years_are_not():
    assert [(n.value, n.unit) for n in numbers_in("In 1990 troops left.")] == [(1990, "troops")]
    assert numbers_in("It ended in 2023, they said.") == []


def test_unit_keys_are_singular_so_plural_and_singular_match():
    assert unit_key("Countries") == unit_key("country") == "country"
    assert unit_key("troops") == "troop" and unit_key("glass") == "glass" and unit_key(None) is None
