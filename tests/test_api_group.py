"""Incremental grouping over the database: later runs cost only the new articles, state persists."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from _shared import SEEDS as SEED_DIR

from rashomon.api import Rashomon
from rashomon.engine import incremental as inc

SEEDS = sorted(SEED_DIR.glob("*.txt"))


def test_a_later_article_joins_the_stored_story_and_the_history_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    with Rashomon(db) as r:
        r.ingest([str(SEEDS[0])])
        first = r.group()
        assert [d.action for d in first.decisions] == ["open"]
        sid = first.decisions[0].story
    with Rashomon(db) as r:  # a new session: the index comes back from the database
        r.ingest([str(SEEDS[1])])
        second = r.group()
        assert [(d.action, d.story) for d in second.decisions] == [("join", sid)]
        assert second.decisions[0].components["total"] >= 0.5
        assert r.group().grouped == 0  # nothing new: nothing is grouped twice
        story = r.store.get_story(sid)
        assert len(story.articles) == 2 and story.alignments and story.naming
        assert [h["action"] for h in r.store.story_history(sid)] == ["open", "join"]
        assert sorted(r.store.story_members(sid)) == sorted(story.articles)


def test_the_saved_index_refuses_code_smuggled_into_the_database() -> None:
    class Evil:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (print, ("pwned",))

    with pytest.raises(pickle.UnpicklingError):
        inc.loads(pickle.dumps(Evil()))
    assert isinstance(inc.loads(inc.dumps(inc.StoryIndex())), inc.StoryIndex)
