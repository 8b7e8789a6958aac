"""Incremental grouping: join, open, duplicate, merge, split, eviction — on controlled vectors."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from rashomon.engine.incremental import Signature, StoryIndex, key_terms

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _metrics import bcubed, pairwise  # noqa: E402

D0 = dt.date(2025, 8, 18)


def _vec(seed: int, noise: float = 0.05, base: np.ndarray | None = None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = (base if base is not None else rng.normal(size=32)) + noise * rng.normal(size=32)
    return v / np.linalg.norm(v)


def _sig(aid: str, topic: np.ndarray, terms: str, day: dt.date, seed: int, text: str = "") -> Signature:
    return Signature(aid, day, key_terms(terms, ""), _vec(seed, base=topic),
                     Counter(w for w in terms.split() if w[0].isupper()), text)


def _window_map_holds(idx: StoryIndex) -> bool:
    """The window's article -> story map is exactly the stories' in-window members."""
    expected = {aid: sid for sid, st in idx.stories.items() for aid in st.recent}
    return idx._recent_story == expected and all(
        idx.story_of[a] == sid for a, sid in expected.items()
    )


def test_same_topic_joins_and_other_topic_opens_a_story() -> None:
    idx = StoryIndex()
    t1, t2 = _vec(1, 0), _vec(2, 0)
    a = idx.add(_sig("a", t1, "Rutte NATO troops Ukraine guarantees", D0, 10))
    b = idx.add(_sig("b", t1, "Rutte NATO troops Ukraine security", D0, 11))
    c = idx.add(_sig("c", t2, "Earthquake Chile coast tsunami warning", D0, 12))
    assert a.action == "open" and b.action == "join" and b.story == a.story
    assert c.action == "open" and c.story != a.story
    assert set(b.components) == {"cosine", "entities", "date", "total"}


def test_same_words_far_apart_in_time_open_a_new_story() -> None:
    idx = StoryIndex(window_days=7)
    t = _vec(1, 0)
    a = idx.add(_sig("a", t, "Annual summit Brussels leaders agree budget", D0, 10))
    later = idx.add(_sig("b", t, "Annual summit Brussels leaders agree budget", D0 + dt.timedelta(days=200), 11))
    assert later.action == "open" and later.story != a.story


def test_wire_copies_are_linked_as_duplicates() -> None:
    idx = StoryIndex()
    t = _vec(1, 0)
    body = " ".join(f"word{i}" for i in range(300))
    a = idx.add(_sig("a", t, "Wire story about floods", D0, 10, text=body))
    b = idx.add(_sig("b", t, "Wire story about floods", D0, 11, text=body + " extra line"))
    assert b.action == "duplicate" and b.dup_of == "a" and b.story == a.story
    assert idx.duplicates[0][:2] == ("b", "a") and idx.duplicates[0][2] > 0.9


def test_a_bridging_article_merges_two_stories_with_history() -> None:
    idx = StoryIndex(threshold=0.5, merge_threshold=0.55)
    t = _vec(1, 0)
    a = idx.add(_sig("a", t, "Port strike Rotterdam dockers wages", D0, 10))
    # same meaning but no shared key terms: LSH keeps it apart, so it opens its own story
    b = idx.add(_sig("b", t, "Harbour walkout Netherlands workers pay", D0, 11))
    assert b.story != a.story
    c = idx.add(_sig("c", t, "Port strike Rotterdam Harbour walkout Netherlands dockers workers wages pay", D0, 12))
    assert c.action == "merge"
    assert len(idx.stories) == 1
    assert any(h["action"] == "merged" for h in idx.history)
    assert _window_map_holds(idx)


def test_a_story_splits_when_it_holds_two_distant_topics() -> None:
    idx = StoryIndex(window_days=60, threshold=-1.0, merge_threshold=2.0, split_min_size=8)
    t1, t2 = _vec(1, 0), -_vec(1, 0)
    for i in range(4):
        idx.add(_sig(f"a{i}", t1, "Election results capital vote count", D0, 10 + i))
    for i in range(4):
        idx.add(_sig(f"b{i}", t2, "Election results capital vote count", D0 + dt.timedelta(days=30), 20 + i))
    assert any(h["action"] == "split" for h in idx.history)
    assert idx.story_of["a0"] != idx.story_of["b0"]
    assert _window_map_holds(idx)


def test_old_articles_leave_the_window() -> None:
    idx = StoryIndex(window_days=3)
    t = _vec(1, 0)
    for i in range(20):
        idx.add(_sig(f"x{i}", t, f"Topic words shared story{i}", D0 + dt.timedelta(days=i), i))
    assert len(idx._in_window) < 20  # evicted entries no longer cost memory or time


def test_cluster_metrics_match_hand_counts() -> None:
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    pred = {"a": "x", "b": "x", "c": "x", "d": "y"}
    pw = pairwise(pred, gold)
    assert abs(pw["precision"] - 1 / 3) < 1e-9 and abs(pw["recall"] - 1 / 2) < 1e-9
    b3 = bcubed(pred, gold)
    assert abs(b3["precision"] - (2 / 3 + 2 / 3 + 1 / 3 + 1) / 4) < 1e-9 and abs(b3["recall"] - (1 + 1 + 0.5 + 0.5) / 4) < 1e-9


def test_a_quiet_story_is_still_found_weeks_later_through_its_sketch() -> None:
    # The seeds' pattern: an interview on Aug. 18, a follow-up three weeks later, nothing between.
    idx = StoryIndex(window_days=7, story_days=30)
    t, other = _vec(1, 0), _vec(2, 0)
    a = idx.add(_sig("a", t, "Rutte NATO troops Ukraine guarantees", D0, 10))
    for k in range(1, 22):  # unrelated coverage moves time on and evicts "a" from the window
        idx.add(_sig(f"x{k}", other, f"Harvest report wheat prices region{k}", D0 + dt.timedelta(days=k), 20 + k))
    assert "a" not in idx._lsh.keys
    later = idx.add(_sig("b", t, "Rutte NATO troops Ukraine security", D0 + dt.timedelta(days=22), 11))
    assert later.action == "join" and later.story == a.story
    assert f"@{a.story}" not in idx._lsh.keys  # its new member stands for it again


def test_a_story_quiet_for_longer_than_story_days_is_forgotten() -> None:
    idx = StoryIndex(window_days=7, story_days=30)
    t, other = _vec(1, 0), _vec(2, 0)
    a = idx.add(_sig("a", t, "Rutte NATO troops Ukraine guarantees", D0, 10))
    for k in range(1, 50, 3):
        idx.add(_sig(f"x{k}", other, f"Harvest report wheat prices region{k}", D0 + dt.timedelta(days=k), 20 + k))
    assert f"@{a.story}" not in idx._lsh.keys
    later = idx.add(_sig("b", t, "Rutte NATO troops Ukraine security", D0 + dt.timedelta(days=50), 11))
    assert later.action == "open"


def test_an_index_saved_before_quiet_stories_existed_still_loads() -> None:
    from rashomon.engine.incremental import dumps, loads

    idx = StoryIndex()
    idx.add(_sig("a", _vec(1, 0), "Rutte NATO troops Ukraine guarantees", D0, 10))
    del idx.__dict__["_quiet"], idx.__dict__["story_window"]  # what an older version pickled
    del idx.__dict__["_recent_story"]
    back = loads(dumps(idx))
    assert _window_map_holds(back)
    b = back.add(_sig("b", _vec(1, 0), "Rutte NATO troops Ukraine security", D0, 11))
    assert b.action == "join" and back.story_window == dt.timedelta(days=30)


def test_a_split_moves_only_recent_members_and_every_member_keeps_a_story() -> None:
    # A story that went quiet dropped its older members' vectors, then revived: a split moves
    # some of the members that have one; the older members stay, and every member still points
    # at a story that exists (the KeyError once seen at 1M articles came from members lost here).
    from rashomon.engine.incremental import StoryState

    idx = StoryIndex()
    t, u = _vec(1, 0), _vec(2, 0)
    members = [f"m{k}" for k in range(16)]
    late = D0 + dt.timedelta(days=10)
    recent = {m: (t, D0) for m in members[8:12]} | {m: (u, late) for m in members[12:]}
    st = StoryState("s1", list(members), np.sum([v for v, _ in recent.values()], axis=0),
                    Counter(), D0, late, recent)
    idx.stories["s1"] = st
    idx.story_of.update({m: "s1" for m in members})
    idx._maybe_split(st)
    assert len(idx.stories) == 2
    new = next(s for s in idx.stories.values() if s.id != "s1")
    assert new.members == members[12:]  # the later half left
    assert st.members == members[:12]
    assert all(idx.story_of[m] in idx.stories for m in members)
    assert idx.moved == set(members[12:])


def test_members_leaving_the_window_drop_their_vectors_but_not_their_story() -> None:
    idx = StoryIndex(window_days=3)
    t = _vec(1, 0)
    for k in range(12):
        idx.add(_sig(f"a{k}", t, "Rutte NATO troops Ukraine guarantees", D0 + dt.timedelta(days=k), 10))
    (st,) = idx.stories.values()
    assert len(st.members) == 12
    assert set(st.recent) < set(st.members) and "a0" not in st.recent and "a11" in st.recent
    assert _window_map_holds(idx) and "a0" not in idx._recent_story


def test_an_index_saved_with_per_member_vector_lists_still_loads() -> None:
    import pickle

    from rashomon.engine.incremental import StoryState

    st = StoryState("s1", ["a", "b"], _vec(1, 0) * 2, Counter(), D0, D0)
    state = dict(st.__dict__)
    del state["recent"]
    state["vectors"], state["days"] = [_vec(1, 0)] * 2, [D0, D0]  # the older layout
    old = StoryState.__new__(StoryState)
    old.__setstate__(pickle.loads(pickle.dumps(state)))
    assert set(old.recent) == {"a", "b"} and old.recent["b"][1] == D0


def _crowded(max_candidates: int) -> tuple[StoryIndex, list[int]]:
    """Forty stories that all share the key terms of the article that comes next."""
    idx = StoryIndex(max_candidates=max_candidates)
    for k in range(40):
        st = idx._open(_sig(f"s{k}", _vec(100 + k, 0), "Rutte NATO troops Ukraine", D0, k), None)
        idx._lsh.insert(f"s{k}", _minhash_of("Rutte NATO troops Ukraine"))
        assert st.members == [f"s{k}"]
    scored: list[int] = []
    real = idx._score

    def counting(sig, st, cos=None):  # type: ignore[no-untyped-def]
        scored.append(1)
        return real(sig, st, cos)

    idx._score = counting  # type: ignore[method-assign]
    return idx, scored


def _minhash_of(terms: str):  # type: ignore[no-untyped-def]
    from rashomon.stories.signals import minhash

    return minhash(key_terms(terms, ""), 64)


def test_only_the_closest_candidate_stories_are_scored_in_full() -> None:
    target = _vec(107, 0)  # the article is about story s7
    idx, scored = _crowded(max_candidates=5)
    d = idx.add(Signature("new", D0, key_terms("Rutte NATO troops Ukraine", ""), target, Counter()))
    assert len(scored) <= 5
    wide, _ = _crowded(max_candidates=1000)
    w = wide.add(Signature("new", D0, key_terms("Rutte NATO troops Ukraine", ""), target, Counter()))
    assert (d.action, d.story, d.score) == (w.action, w.story, w.score) == ("join", "s0000008", d.score)


def test_stories_that_cannot_reach_the_threshold_are_not_scored() -> None:
    idx, scored = _crowded(max_candidates=1000)
    far = -_vec(107, 0)  # opposite to s7, near-orthogonal to most: bounds under the threshold
    d = idx.add(Signature("new", D0, key_terms("Rutte NATO troops Ukraine", ""), far, Counter()))
    assert d.action == "open"
    assert len(scored) < 40


def test_an_undated_article_takes_the_streams_latest_day_not_todays() -> None:
    from rashomon.engine.incremental import signature
    from rashomon.model import Article, DateMention

    text = "Rutte met ministers in Brussels on Monday."
    undated = Article(id="u", source="u", title="NATO talks", text=text)
    assert signature(undated, _vec(1)).day is None  # no published date, no day mentioned
    mentioned = Article(
        id="m", source="m", text=text,
        dates=[DateMention(text="Monday", start=35, end=41, value="2025-08-18", granularity="day")],
    )  # fmt: skip
    assert signature(mentioned, _vec(1)).day == D0  # the day the article reports
    idx = StoryIndex()
    t = _vec(1, 0)
    idx.add(_sig("a", t, "Rutte NATO troops Ukraine guarantees", D0, 10))
    sig = _sig("b", t, "Rutte NATO troops Ukraine security", D0, 11)
    sig.day = None
    assert idx.add(sig).action == "join" and sig.day == D0
    first = StoryIndex()
    sig = _sig("c", t, "Rutte NATO troops Ukraine", D0, 12)
    sig.day = None
    assert first.add(sig).action == "open"  # an empty index files it too


def _stream(n: int) -> list[Signature]:
    """Articles of a dozen topics over six weeks, some copies among them: joins, opens,
    duplicates, quiet stories and their return, eviction."""
    rng = np.random.default_rng(3)
    topics = [_vec(100 + t, noise=0.0) for t in range(12)]
    out: list[Signature] = []
    t, text = 0, ""
    for i in range(n):
        day = D0 + dt.timedelta(days=int(i * 42 / n) + int(rng.integers(3)))
        if i % 9 or not i:  # every ninth a copy of the one before
            t = int(rng.integers(12))
            text = " ".join(f"w{int(x)}" for x in rng.integers(0, 500, size=60))
        words = f"Topic{t} Leader{t} summit{t} talks{t} city{t % 5} word{i % 7}"
        out.append(_sig(f"a{i:03d}", topics[t], words, day, i, text))
    return out


def test_an_index_rebuilt_from_its_rows_decides_as_the_one_that_wrote_them(tmp_path: Path) -> None:
    from rashomon.model import Article
    from rashomon.store import Store

    sigs = _stream(240)
    live = StoryIndex(window_days=3, story_days=10)
    expected = [live.add(s).to_dict() for s in _stream(240)]
    params = {"window_days": 3, "story_days": 10}
    with Store(tmp_path / "rows.db") as store:
        for s in sigs:
            store.add(Article(id=s.id, source=s.id, text=s.text), None)
        got: list[dict] = []
        with store.grouping() as rows:
            idx = StoryIndex.from_rows(**rows.load(), **params)  # empty
        for k in range(0, len(sigs), 7):
            for s in sigs[k : k + 7]:
                got.append(idx.add(s).to_dict())
            moved = set(idx.moved) | {s.id for s in sigs[k : k + 7]}
            idx.moved.clear()
            history, idx.history = idx.history, []
            with store.grouping() as rows:
                rows.write(
                    idx.take_changes(),
                    [(a, idx.story_of[a], "x", None) for a in sorted(moved)],
                    history,
                )
            with store.grouping() as rows:
                idx = StoryIndex.from_rows(**rows.load(), **params)
        assert got == expected
        assert dict(store.index_story_of([s.id for s in sigs])) == live.story_of
    actions = Counter(d["action"] for d in expected)
    assert actions["join"] and actions["open"] and actions["duplicate"] and live._quiet
