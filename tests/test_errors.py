"""Errors carry a stable code, name the input, and say how to fix the problem, on one line."""

from __future__ import annotations

from rashomon.errors import Code, RashomonError


def test_one_line_names_source_problem_code_and_fix() -> None:
    e = RashomonError(Code.EMPTY, "the file is empty", source="x/empty.txt")
    line = e.one_line()
    assert line.startswith("x/empty.txt: the file is empty [E001]")
    assert "(" in line and "\n" not in line


def test_multiline_messages_are_folded_to_one_line() -> None:
    assert "\n" not in RashomonError(Code.MALFORMED, "bad\nrecord", source="f").one_line()


def test_json_shape_is_stable() -> None:
    d = RashomonError(Code.TOO_LARGE, "61 MB is over the 50 MB limit", source="big.txt").to_dict()
    assert set(d) == {"code", "name", "message", "source", "fix"}
    assert d["code"] == "E003" and d["name"] == "too_large"


def test_duplicate_is_a_warning_and_maps_to_http_200() -> None:
    e = RashomonError(Code.DUPLICATE, "already stored")
    assert e.is_warning and e.http_status == 200
    assert RashomonError(Code.NOT_FOUND, "x").http_status == 404
    assert not RashomonError(Code.BINARY, "x").is_warning
