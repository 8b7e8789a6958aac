"""One identity per person across outlets, through the pipeline's own path (``rashomon.identity``):
real SQLite, real spaCy; the alias table grows as articles arrive; a user's merge and split from
the command line are kept when the articles are read again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon import cli
from rashomon.api import Rashomon
from rashomon.errors import EXIT_OK, EXIT_USAGE

FOX = """Trump slams Cohen over testimony

President Trump said on Monday that his former lawyer Michael D. Cohen lied to Congress about the
Moscow tower project. "He is lying to get a reduced sentence," Mr. Trump told reporters at the
White House. Cohen pleaded guilty last week. Hillary Rodham Clinton did not comment on the plea.
"""
NYT = """Trump Says Cohen Lied to Congress

Donald J. Trump on Monday accused Michael Cohen, his former lawyer, of lying to Congress about a
Moscow tower project. "He is a weak person," Mr. Trump said. Mr. Cohen pleaded guilty last week.
Hillary Clinton declined to comment on the plea.
"""
HUFF = """Trump Attacks Cohen After Plea

Trump attacked Cohen on Monday after his former lawyer admitted lying to Congress about a Moscow
tower project. "He lied," Trump said. Bill Clinton and Hillary Clinton were in New York on
Monday. Clinton said the plea showed the president had lied for years.
"""
LATER = """Cohen sentenced to three years

Michael Cohen, who once worked for Donald Trump, was sentenced to three years in prison on
Wednesday. "I take full responsibility," Mr. Cohen told the judge in Manhattan.
"""


def _files(tmp_path: Path, **texts: str) -> list[str]:
    out = []
    for name, text in texts.items():
        p = tmp_path / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        out.append(str(p))
    return out


def _people(article) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {e.text: e.entity_id for e in article.entities if e.label == "PERSON"}


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Three outlets' accounts of one story, analysed into a database (once for the module)."""
    tmp = tmp_path_factory.mktemp("identity")
    db = tmp / "s.db"
    with Rashomon(db) as r:
        arts, stories, _ = r.analyze(_files(tmp, fox=FOX, nyt=NYT, huff=HUFF))
        assert len(stories) == 1
    return db, [a.id for a in arts]


def test_every_name_form_of_one_person_has_one_id_across_outlets(story_db) -> None:
    db, ids = story_db
    with Rashomon(db) as r:
        fox, nyt, huff = (r.get(i) for i in ids)
    f, n, h = _people(fox), _people(nyt), _people(huff)
    trump = {f["Trump"], n["Donald J. Trump"], n["Trump"], h["Trump"]}  # "Mr.", "President"
    assert len(trump) == 1
    cohen = {f["Michael D. Cohen"], f["Cohen"], n["Michael Cohen"], n["Cohen"], h["Cohen"]}
    assert len(cohen) == 1  # HuffPost says only "Cohen": the story's one Cohen
    assert f["Hillary Rodham Clinton"] == n["Hillary Clinton"] == h["Hillary Clinton"]
    assert len(trump | cohen | {h["Hillary Clinton"]}) == 3


def test_a_bare_surname_two_people_of_the_story_share_is_left_unresolved(story_db) -> None:
    db, ids = story_db
    with Rashomon(db) as r:
        huff = r.get(ids[2])
    h = _people(huff)
    assert h["Bill Clinton"] != h["Hillary Clinton"]
    assert h["Clinton"] not in (h["Bill Clinton"], h["Hillary Clinton"])


def test_voices_and_positions_have_one_row_per_person(story_db) -> None:
    db, ids = story_db
    with Rashomon(db) as r:
        (story,) = r.stories_of(ids[0])
    for voices in story.voices.values():
        names = [v["speaker"] for v in voices]
        assert len(names) == len(set(names))
    trumps = [a for a in story.positions if "Trump" in a]
    cohens = [a for a in story.positions if "Cohen" in a]
    assert len(trumps) <= 1 and len(cohens) <= 1
    speakers = {v["speaker"] for vs in story.voices.values() for v in vs}
    assert not {"Trump", "Mr. Trump"} & speakers


def test_a_later_article_takes_the_id_the_corpus_gave_the_person(story_db, tmp_path) -> None:
    db, ids = story_db
    with Rashomon(db) as r:
        cohen = _people(r.get(ids[0]))["Michael D. Cohen"]
        added = r.ingest(_files(tmp_path, later=LATER)).added
        (later,) = r.read(added)
        assert _people(later)["Michael Cohen"] == cohen
        assert r.resolve_entity("Michael Cohen")[0] == cohen
        page = r.entity_show("Michael D. Cohen")
        assert page["id"] == cohen and later.id in {m["article_id"] for m in page["mentions"]}


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_merge_and_split_from_the_command_line_are_kept_across_a_re_read(
    capsys, tmp_path
) -> None:
    db = tmp_path / "c.db"
    with Rashomon(db) as r:
        arts, _, _ = r.analyze(_files(tmp_path, fox=FOX, nyt=NYT, huff=HUFF))
        huff_id = arts[2].id
        assert _people(r.get(huff_id))["Clinton"] == "person:clinton"
    code, out, _ = _cli(capsys, "entity", "merge", "Clinton", "Hillary Clinton", "--db", str(db))
    assert code == EXIT_OK and "merged into" in out
    code, out, _ = _cli(capsys, "entity", "show", "Clinton", "--db", str(db), "--format", "json")
    hillary = json.loads(out)["id"]
    assert code == EXIT_OK and hillary != "person:clinton" and "hillary" in hillary

    def reread() -> dict[str, str]:
        with Rashomon(db) as r:
            a = r.get(huff_id)
            a.stages = [s for s in a.stages if s not in ("entities", "quotes", "claims")]
            (again,) = r.read([a])
            assert "entities" in again.stages
            return _people(r.get(huff_id))

    people = reread()
    assert people["Clinton"] == people["Hillary Clinton"] == hillary
    assert people["Bill Clinton"] != hillary
    with Rashomon(db) as r:  # the story compared again says so too
        (story,) = r.stories_of(huff_id)
        quoted = {v["speaker"] for v in story.voices[huff_id]}
        assert "Clinton" not in quoted

    # The corpus met "Michael D. Cohen" first (Fox was read first): the other form leaves.
    code, out, _ = _cli(capsys, "entity", "split", "Michael D. Cohen", "--form", "Michael Cohen",
                        "--db", str(db))  # fmt: skip
    assert code == EXIT_OK and "split off" in out
    with Rashomon(db) as r:
        full = {e.text: e.entity_id for a in arts for e in r.get(a.id).entities}
    assert full["Michael Cohen"] == "person:michael-cohen" != full["Michael D. Cohen"]
    people = reread()  # the split and the merge both survive reading the article again
    assert people["Clinton"] == hillary

    code, out, _ = _cli(capsys, "entity", "split", "Hillary Clinton", "--db", str(db))
    assert code == EXIT_OK and "undone" in out
    assert reread()["Clinton"] == "person:clinton"
    code, _, err = _cli(capsys, "entity", "split", "Hillary Clinton", "--db", str(db))
    assert code == EXIT_USAGE and "--form" in err


def test_an_unknown_name_is_refused_and_the_list_filters_by_type(story_db, capsys) -> None:
    db, _ = story_db
    code, _, err = _cli(capsys, "entity", "merge", "Nobody Atall", "Trump", "--db", str(db))
    assert code != EXIT_OK and "Nobody Atall" in err
    code, out, _ = _cli(capsys, "entity", "list", "--label", "person", "--db", str(db),
                        "--format", "json")  # fmt: skip
    rows = json.loads(out)["entities"]
    assert code == EXIT_OK and rows and all(r["label"] == "PERSON" for r in rows)
