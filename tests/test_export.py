"""Exports: CSV and JSON Lines of articles, quotes, facts, positions and differences, for a story,
a search and the whole database, over a real SQLite database."""

from __future__ import annotations

import csv
import io
import json
import typing
from pathlib import Path

import pytest

from rashomon.api import Rashomon
from rashomon.errors import Code, RashomonError
from rashomon.export import TABLES
from rashomon.model import Alignment, Article, Claim, Position, Quote, Story

A_TEXT = "Rutte said 26 countries back the guarantees. =HYPERLINK(\"http://x\") was typed here."
B_TEXT = "Macron said more than 30 countries back the guarantees on Monday."


@pytest.fixture
def r(tmp_path: Path) -> Rashomon:
    session = Rashomon(tmp_path / "e.db")
    a = Article(
        id="a" * 16, source="a.txt", text=A_TEXT, outlet="RT", outlet_source="record",
        published="2025-09-02", title="=cmd|' /C calc'!A0",
        quotes=[Quote("26 countries back the guarantees", "reported", 11, 43, speaker="Mark Rutte",
                      cue="said")],
        claims=[Claim("a" * 16 + ":c1", "26 countries back the guarantees", 11, 43, actor="26 countries",
                      source="Mark Rutte"),
                Claim("a" * 16 + ":c2", '=HYPERLINK("http://x") was typed here', 45, 83)],
    )  # fmt: skip
    b = Article(
        id="b" * 16, source="b.txt", text=B_TEXT, outlet="The Kyiv Independent",
        outlet_source="record", published="2025-08-18", title="Coalition grows",
        claims=[Claim("b" * 16 + ":c1", "more than 30 countries back the guarantees", 12, 54,
                      actor="coalition", source="Emmanuel Macron")],
    )  # fmt: skip
    c = Article(id="c" * 16, source="c.txt", text="An unrelated report about the weather today.",
                outlet="BBC News", outlet_source="record", title="Weather")  # fmt: skip
    for art in (a, b, c):
        session.store.add(art, None)
    session.store.put_story(
        Story(
            id="s0000001", title="Guarantees", articles=[a.id, b.id],
            alignments=[Alignment([a.id + ":c1", b.id + ":c1"], "differs", 0.91,
                                  "number: 26 vs more than 30")],
            only_in={a.id: [a.id + ":c2"]},
            positions={"Mark Rutte": {a.id: [Position("says", "26 countries back",
                                                      [a.id + ":c1"], 0, 17)]}},
        )
    )  # fmt: skip
    yield session
    session.close()


def _csv(r: Rashomon, table: str, **kw: typing.Any) -> list[dict[str, str]]:
    out = io.StringIO()
    n = r.export(table, out, "csv", **kw)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == n and list(rows[0].keys() if rows else TABLES[table]) == list(TABLES[table])
    return rows


def test_every_table_of_a_story(r: Rashomon) -> None:
    arts = _csv(r, "articles", story="s0000001")
    assert [a["outlet"] for a in arts] == ["RT", "The Kyiv Independent"]
    assert arts[0]["country"] == "RU" and arts[0]["ownership"] == "state-run"
    assert arts[0]["stories"] == "s0000001"
    (q,) = _csv(r, "quotes", story="s0000001")
    assert q["speaker"] == "Mark Rutte" and A_TEXT[int(q["start"]) : int(q["end"])] == q["text"]
    facts = {f["claim_id"]: f for f in _csv(r, "facts", story="s0000001")}
    assert facts["a" * 16 + ":c2"]["only_in"] == "1" and facts["b" * 16 + ":c1"]["only_in"] == "0"
    (d,) = _csv(r, "differences", story="s0000001")
    assert (d["relation"], d["outlet_a"], d["outlet_b"]) == ("differs", "RT", "The Kyiv Independent")
    assert d["text_b"] == "more than 30 countries back the guarantees"
    (p,) = _csv(r, "positions", story="s0000001")
    assert (p["actor"], p["outlet"], p["claims"]) == ("Mark Rutte", "RT", "a" * 16 + ":c1")


def test_csv_cells_never_run_as_formulas_but_jsonl_keeps_them(r: Rashomon) -> None:
    arts = _csv(r, "articles")
    assert arts[0]["title"] == "'=cmd|' /C calc'!A0"
    out = io.StringIO()
    r.export("articles", out, "jsonl")
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["title"] == "=cmd|' /C calc'!A0" and first["published_inferred"] is False


def test_a_search_and_the_whole_database(r: Rashomon) -> None:
    assert len(_csv(r, "articles")) == 3
    assert [a["id"] for a in _csv(r, "articles", query="guarantees outlet:rt")] == ["a" * 16]
    assert [a["id"] for a in _csv(r, "articles", query="weather")] == ["c" * 16]
    assert _csv(r, "differences", query="weather") == []  # its story holds no difference
    assert len(_csv(r, "differences", query="guarantees")) == 1
    assert len(_csv(r, "articles", since="2025-09-01")) == 1
    with pytest.raises(RashomonError) as both:
        r.export("articles", io.StringIO(), story="s0000001", query="x")
    assert both.value.code is Code.USAGE
    with pytest.raises(RashomonError) as nope:
        r.export("voices", io.StringIO())
    assert nope.value.code is Code.USAGE
    with pytest.raises(RashomonError) as missing:
        r.export("articles", io.StringIO(), story="s9999999")
    assert missing.value.code is Code.NOT_FOUND


def test_the_api_offers_exactly_the_library_tables() -> None:
    from rashomon.web.app import ExportTable

    assert set(typing.get_args(ExportTable)) == set(TABLES)
