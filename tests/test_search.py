"""Search like a researcher: the query language, fields, canonical names, dates and sorting,
over a real SQLite database through the library API."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.api import Rashomon
from rashomon.errors import Code, RashomonError
from rashomon.model import Article, Entity, Quote, content_id
from rashomon.search import Node, Term, compile_query, parse


def _art(title: str, text: str, outlet: str, published: str, **kw: object) -> Article:
    return Article(
        id=content_id(f"{title}{text}".encode()),
        source=f"{outlet}.txt",
        title=title,
        text=text,
        outlet=outlet,
        outlet_source="record",
        published=published,
        **kw,  # type: ignore[arg-type]
    )


def _mention(text: str, form: str, canonical: str, label: str = "GPE") -> Entity:
    start = text.index(form)
    return Entity(form, label, start, start + len(form), canonical, f"{label.lower()}:{canonical}")


KIEV = "Russia says European troops in Kiev would be targets, the Kremlin said."
KYIV = "NATO chief Mark Rutte said troops in Kyiv were not discussed in Washington."
FARENTHOLD = "Farenthold said he would resign; Democrats urged it for weeks."
BOTH = "Farenthold visited Kyiv to meet officials about the security guarantees."


@pytest.fixture
def r(tmp_path: Path) -> Rashomon:
    session = Rashomon(tmp_path / "s.db")
    arts = [
        _art("Moscow warns Europe", KIEV, "RT", "2025-08-20T10:00:00+00:00",
             entities=[_mention(KIEV, "Kiev", "Kyiv")]),
        _art("Rutte: troops not discussed", KYIV, "The Kyiv Independent", "2025-08-19",
             entities=[_mention(KYIV, "Kyiv", "Kyiv"),
                       _mention(KYIV, "Mark Rutte", "Mark Rutte", "PERSON")],
             quotes=[Quote("troops in Kyiv were not discussed", "reported", 27, 61,
                           speaker="Mark Rutte", cue="said")]),
        _art("Farenthold to resign", FARENTHOLD, "Fox News", "2018-04-06"),
        _art("A visit", BOTH, "HuffPost", "2018-05-01",
             entities=[_mention(BOTH, "Kyiv", "Kyiv")]),
    ]  # fmt: skip
    for a in arts:
        session.store.add(a, None)
    yield session
    session.close()


def _titles(found) -> list[str]:  # type: ignore[no-untyped-def]
    return [h["title"] for h in found.hits]


def test_parse_precedence_fields_prefix_and_negation() -> None:
    tree = parse('a b OR "c d" -e title:f* (g OR h)')
    assert tree == Node("or", (
        Node("and", (Term("a"), Term("b"))),
        Node("and", (Term("c d", phrase=True), Node("not", (Term("e"),)),
                     Term("f", prefix=True, field="title"),
                     Node("or", (Term("g"), Term("h"))))),
    ))  # fmt: skip
    assert parse("and or not") == Node("and", (Term("and"), Term("or"), Term("not")))
    assert parse("http://x.org/a") == Term("http://x.org/a")  # not a field
    assert parse("!!! ((") is None


def test_every_word_is_required_and_and_is_an_operator(r: Rashomon) -> None:
    assert _titles(r.search("Farenthold Kyiv")) == ["A visit"]
    assert _titles(r.search("Farenthold AND Kyiv")) == ["A visit"]
    assert sorted(_titles(r.search("resign OR guarantees"))) == ["A visit", "Farenthold to resign"]
    assert _titles(r.search("Farenthold NOT Kyiv")) == ["Farenthold to resign"]
    assert _titles(r.search('"security guarantees"')) == ["A visit"]
    assert _titles(r.search('"guarantees security"')) == []
    assert _titles(r.search("Farent*")) != [] and r.search("Farent*").total == 2
    assert _titles(r.search("title:Rutte")) == ["Rutte: troops not discussed"]
    assert _titles(r.search("title:troops")) == ["Rutte: troops not discussed"]


def test_a_name_finds_its_other_forms(r: Rashomon) -> None:
    kiev = r.search("Kiev")
    assert sorted(_titles(kiev)) == ["A visit", "Moscow warns Europe", "Rutte: troops not discussed"]
    assert any("Kyiv" in n for n in kiev.notes)
    assert r.search("Kyiv").total == 3
    assert _titles(r.search("entity:Kiev troops")) != []
    assert r.search("entity:Kiev").total == 3


def test_fields_speaker_outlet_country(r: Rashomon) -> None:
    assert _titles(r.search("speaker:Rutte")) == ["Rutte: troops not discussed"]  # a surname
    assert _titles(r.search('speaker:"Mark Rutte"')) == ["Rutte: troops not discussed"]
    assert r.search("speaker:Putin").total == 0
    assert _titles(r.search("troops outlet:rt")) == ["Moscow warns Europe"]
    assert _titles(r.search("outlet:fox")) == ["Farenthold to resign"]  # an alias
    assert _titles(r.search("outlet:foxnews.com")) == ["Farenthold to resign"]  # a domain
    assert _titles(r.search("outlet:Huff*")) == ["A visit"]
    assert _titles(r.search("troops country:RU")) == ["Moscow warns Europe"]
    assert sorted(_titles(r.search("troops NOT country:RU"))) == ["Rutte: troops not discussed"]
    assert r.search("country:ZZ").total == 0


def test_dates_sorting_paging_and_totals(r: Rashomon) -> None:
    assert _titles(r.search("Kyiv", sort="date")) == [
        "Moscow warns Europe", "Rutte: troops not discussed", "A visit",
    ]  # fmt: skip
    assert _titles(r.search("Kyiv", since="2025-08-20")) == ["Moscow warns Europe"]
    assert _titles(r.search("Kyiv", until="2018")) == ["A visit"]
    assert r.search("Kyiv", since="2025-08").total == 2
    page = r.search("Kyiv", sort="date", limit=1, offset=1)
    assert _titles(page) == ["Rutte: troops not discussed"] and page.total == 3
    assert r.search("", since="2018-01-01", until="2018-12-31").total == 2  # dates alone
    with pytest.raises(RashomonError) as bad:
        r.search("Kyiv", since="last week")
    assert bad.value.code is Code.USAGE and "--since" in bad.value.message
    with pytest.raises(RashomonError) as empty:
        r.search("   ")
    assert empty.value.code is Code.USAGE


def test_typed_fts_syntax_and_sql_stay_text(r: Rashomon) -> None:
    for q in ['NEAR(Kyiv troops)', "title:(", "Kyiv'; DROP TABLE articles; --", "^Kyiv", '"', "*"]:
        r.search(q) if q.strip('"*') else None
    assert r.store.count() == 4
    c = compile_query("speaker:O'Brien% outlet:a_b")
    assert "O'Brien%" in c.params and "a_b" in c.params  # bound, never spliced into SQL
    assert "O'Brien" not in c.where
