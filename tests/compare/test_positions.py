"""The positions board and the timeline."""

from __future__ import annotations

from rashomon.compare.positions import is_boilerplate, positions, timeline
from rashomon.model import Article, Claim, Entity, Event, Quote

from .seed_articles import ki_article, rt_article, seed_pair


def _stances(board: dict, actor: str) -> dict[str, list[str]]:
    return {aid: [e.stance for e in entries] for aid, entries in board[actor].items()}


def test_positions_follow_the_seeds() -> None:
    board = positions(seed_pair())
    assert _stances(board, "France") == {"ki": ["pledges"]}
    assert _stances(board, "Germany") == {"rt": ["supports"]}
    assert "opposes" in _stances(board, "Russia")["rt"]
    assert _stances(board, "Donald Trump") == {"rt": ["offers"], "ki": ["declines"]}


def test_positions_carry_claim_ids_and_evidence_offsets() -> None:
    board = positions(seed_pair())
    (entry,) = board["France"]["ki"]
    ki = ki_article()
    assert entry.claims == ["ki:c3"]
    assert ki.text[entry.start : entry.end] == "pledged"


def test_government_metonym_is_filed_under_its_actor() -> None:
    rt = rt_article(with_claims=False)
    board = positions([rt])
    assert "Russia" in board  # "Moscow insists ..." (Moscow -> Russia)
    assert "Moscow" not in board


def test_quotes_without_a_claim_still_give_a_position() -> None:
    board = positions([ki_article()])
    rutte = board["Mark Rutte"]["ki"]
    assert any(e.claims == [] and e.text.startswith("We discussed") for e in rutte)


def test_timeline_is_sorted_and_skips_captions() -> None:
    rt = rt_article()
    rt.dates[0].in_caption = True  # "Monday"
    tl = timeline([rt, ki_article()])
    dates = [e.date for e in tl]
    assert dates == sorted(dates)
    assert "2025-09-08" not in dates
    assert dates[0] == "2023-07"


def test_timeline_merges_the_same_date_and_actor_across_articles() -> None:
    a, b = ki_article(), ki_article()
    b.id = "ki2"
    ev = Event(id="e1", articles=["ki", "ki2"], date="2025-08-18")
    tl = timeline([a, b], [ev])
    zel = [e for e in tl if e.actor == "Volodymyr Zelensky" and e.date == "2025-08-18"]
    assert len(zel) == 1 and zel[0].articles == ["ki", "ki2"] and zel[0].event == "e1"
    assert zel[0].text.startswith("The possibility of sending U.S. or European troops")


def test_groups_named_by_an_agent_noun_are_actors_and_topics_are_not() -> None:
    from rashomon.compare.positions import is_actor

    entities = {"France", "Donald Trump"}
    assert is_actor("France", entities)
    assert is_actor("26 countries", entities) and is_actor("Western partners", entities)
    assert is_actor("European leaders", entities)
    assert not is_actor("Security guarantees", entities)
    assert not is_actor("His remarks", entities)
    assert not is_actor("Exact form of deployment", entities)
    assert not is_actor("Any Western troop presence on Ukrainian soil", entities)


def test_a_surname_the_parser_missed_is_filed_under_the_named_person() -> None:
    from rashomon.compare.claims import claim_actor
    from rashomon.model import Article, Claim, Entity

    text = "Donald Trump met allies. Trump avoided a clear answer."
    a = Article(id="x", source="x", text=text,
                entities=[Entity("Donald Trump", "PERSON", 0, 12, "Donald Trump")])
    c = Claim(id="x:c1", text=text[25:], start=25, end=len(text), actor="Trump")
    assert claim_actor(a, c) == "Donald Trump"


def _article(text: str, quotes: list, claims: list) -> Article:
    return Article(id="x", source="x.txt", text=text, outlet="Outlet", quotes=quotes, claims=claims)


def test_a_quote_about_someone_is_the_speakers_statement_not_their_position() -> None:
    text = 'Trump said: "Hillary Clinton lied many times to the FBI."'
    s = text.index("Hillary")
    e = text.index('."')
    q = Quote(text=text[s:e], kind="direct", start=s, end=e, speaker="Donald Trump")
    c = Claim(id="x:c1", text=text[s:e], start=s, end=e, actor="Hillary Clinton",
              predicate="lie", source="Donald Trump", quote_index=0)  # fmt: skip
    a = _article(text, [q], [c])
    a.entities = [Entity("Trump", "PERSON", 0, 5, "Donald Trump"),
                  Entity("Hillary Clinton", "PERSON", s, s + 15, "Hillary Clinton")]  # fmt: skip
    board = positions([a])
    assert "Hillary Clinton" not in board
    assert board["Donald Trump"]["x"][0].text.startswith("Hillary Clinton lied")


def test_greetings_and_sign_offs_are_not_positions() -> None:
    text = '"God bless you," Trump said. "Thank you very much," he added.'
    qs = []
    for words in ("God bless you", "Thank you very much"):
        s = text.index(words)
        qs.append(Quote(text=words, kind="direct", start=s, end=s + len(words),
                        speaker="Donald Trump"))  # fmt: skip
    assert positions([_article(text, qs, [])]) == {}
    assert is_boilerplate("God bless you") and not is_boilerplate(
        "Thank you for asking: we will not send troops to Ukraine under any circumstances."
    )
