"""The outlet table: shipped facts, a database's own rows, labelling, and corrections that last."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.api import Rashomon
from rashomon.errors import Code, RashomonError
from rashomon.model import Article
from rashomon.outlets import OWNERSHIP, Outlet, OutletTable, parse_table, shipped

BODY = (
    "The harbour bridge reopened to traffic on Monday after six months of repairs, the city "
    "council said.\n\nCommuters had faced long detours since the spring, when inspectors found "
    "corrosion in the anchorages."
)


def test_shipped_table_is_well_formed_and_knows_state_media() -> None:
    rows = shipped()
    assert len(rows) >= 40
    names = [o.name for o in rows]
    assert len(names) == len(set(names))
    table = OutletTable.of(rows)
    for o in rows:
        assert o.ownership in OWNERSHIP and o.country and len(o.country) == 2
        for d in o.domains:  # no domain belongs to two outlets
            assert table.at(f"https://{d}/x") == o
    rt = table.named("Russia Today")
    assert rt is not None and (rt.name, rt.country, rt.ownership) == ("RT", "RU", "state-run")
    bbc = table.at("https://www.bbc.co.uk/news/world-1")
    assert bbc is not None and bbc.ownership == "public" and bbc.country == "GB"
    assert table.at("https://news.bbc.co.uk/x") == bbc  # a sub-domain
    assert table.at("https://notbbc.co.uk/x") is None  # a look-alike is not
    assert table.named("foxnews.com") == table.named("Fox News")


def test_matching_finds_an_alias_or_the_start_of_names() -> None:
    table = OutletTable.of(shipped())
    assert [o.name for o in table.matching("fox")] == ["Fox News"]  # an alias wins
    assert {o.name for o in table.matching("the new york")} == {"The New York Times"}
    assert table.matching("zzz") == []


def test_a_user_row_replaces_the_shipped_one_and_bad_rows_say_where() -> None:
    user = parse_table(
        "name,domains,country,ownership\nRT,rt.com|rt.ru,RU,state-run\nLocal Paper,lp.example,GB,private\n",
        "user",
        "mine.csv",
    )
    table = OutletTable.of(shipped(), user)
    assert table.at("https://rt.ru/x").name == "RT"
    assert table.named("Russia Today") is None  # the user's row has no such alias
    assert table.named("local paper").origin == "user"
    with pytest.raises(RashomonError) as bad:
        parse_table("name,country\nX,Russia\n", "user", "bad.csv")
    assert bad.value.code is Code.USAGE and "bad.csv, row 2" in bad.value.one_line()
    with pytest.raises(RashomonError) as cols:
        parse_table("name,colour\nX,red\n", "user", "cols.csv")
    assert cols.value.code is Code.MALFORMED and "colour" in cols.value.message
    with pytest.raises(RashomonError):
        Outlet.make("X", ownership="owned by aliens")


def test_ingest_labels_known_outlets_and_keeps_unknown_names(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    records = [
        {"text": BODY + " One.", "url": "https://www.foxnews.com/politics/a"},
        {"text": BODY + " Two.", "outlet": "nyt"},
        {"text": BODY + " Three.", "outlet": "The Harbour Gazette"},
    ]
    src.write_text("\n".join(json.dumps(x) for x in records), encoding="utf-8")
    with Rashomon(tmp_path / "r.db") as r:
        added = r.ingest([str(src)]).added
        assert [a.outlet for a in added] == ["Fox News", "The New York Times", "The Harbour Gazette"]
        fox = r.outlet_of(added[0])
        assert fox is not None and fox.country == "US" and fox.ownership == "private"
        assert r.outlet_of(added[2]) is None
        rows = {o["name"]: o for o in r.outlets()}
        assert rows["Fox News"]["articles"] == 1 and rows["Fox News"]["known"]
        assert rows["The Harbour Gazette"] == {**rows["The Harbour Gazette"], "known": False, "articles": 1}
        # a row added later relabels what is stored under another of its names
        assert r.add_outlets([Outlet.make("Harbour Gazette", aliases=["The Harbour Gazette"])]) == 1
        assert r.get(added[2].id).outlet == "Harbour Gazette"


def test_outlet_set_is_kept_when_the_article_is_saved_again(tmp_path: Path) -> None:
    with Rashomon(tmp_path / "r.db") as r:
        art = Article(id="a" * 16, source="x.txt", text=BODY, outlet="x.txt", outlet_source="url")
        r.store.add(art, None)
        fixed = r.set_outlet("aaaaaa", "russia today")  # a prefix; the table's spelling is used
        assert (fixed.outlet, fixed.outlet_source) == ("RT", "user")
        again = r.get(art.id)
        again.outlet, again.outlet_source = "something.else", "url"  # a re-read guesses anew
        r.store.save_analysis(again)
        assert r.get(art.id).outlet == "RT" and again.outlet == "RT"
        assert r.list(outlet="RT")[0]["id"] == art.id
        r.store.add_many([])  # nothing to do
        with pytest.raises(RashomonError) as missing:
            r.set_outlet("ffffff", "RT")
        assert missing.value.code is Code.NOT_FOUND
