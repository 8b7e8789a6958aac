"""The library API's story side and the story commands, over a real SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon import cli
from rashomon.api import Rashomon
from rashomon.errors import EXIT_NOT_FOUND, EXIT_OK, Code
from rashomon.model import Alignment, Article, Story

BODY = "The harbour bridge reopened to traffic on Monday after six months of repairs."


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with Rashomon(path) as r:
        arts = [
            Article(id=f"{n:x}" * 16, source=f"{n}.txt", text=f"{BODY} {n}.", title=f"Bridge {n}",
                    outlet=outlet, outlet_source="record", published=day)  # fmt: skip
            for n, (outlet, day) in enumerate(
                [("Fox News", "2025-08-10"), ("RT", "2025-08-11"), ("RT", "2025-09-02")]
            )
        ]
        for a in arts:
            r.store.add(a, None)
        r.store.put_story(Story(id="s0000001", title="Old bridge story",
                                articles=[arts[0].id, arts[1].id],
                                alignments=[Alignment(["x", "y"], "differs", 0.8, "6 vs 7")]))  # fmt: skip
        r.store.put_story(Story(id="s0000002", title="New <b>bridge</b>", articles=[arts[2].id]))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_stories_newest_activity_first_filtered_and_paged(db: Path) -> None:
    with Rashomon(db) as r:
        rows, total = r.stories()
        assert [s["id"] for s in rows] == ["s0000002", "s0000001"] and total == 2
        assert rows[1]["articles"] == 2 and rows[1]["differences"] == 1
        assert [s["id"] for s in r.stories(outlet="fox news")[0]] == ["s0000001"]
        assert [s["id"] for s in r.stories(since="2025-09")[0]] == ["s0000002"]
        assert [s["id"] for s in r.stories(until="2025-08")[0]] == ["s0000001"]
        page, total = r.stories(limit=1, offset=1)
        assert [s["id"] for s in page] == ["s0000001"] and total == 2
        with pytest.raises(Exception) as exc:
            r.stories(since="last week")
        assert getattr(exc.value, "code", None) is Code.USAGE


def test_story_stories_of_and_history_go_through_the_api(db: Path) -> None:
    with Rashomon(db) as r:
        assert r.story("s0000001").title == "Old bridge story"
        first = "0" * 16
        assert [s.id for s in r.stories_of(first[:6])] == ["s0000001"]
        assert [a.id for a in r.story_articles(r.story("s0000001"))] == [first, "1" * 16]
        assert r.history("s0000001") == []
        assert r.count() == 3


def test_ingest_bytes_reads_in_memory_with_the_size_limit(tmp_path: Path) -> None:
    from rashomon.sources.base import ReadOptions

    with Rashomon(tmp_path / "u.db") as r:
        lines = "\n".join(json.dumps({"title": f"T{n}", "text": f"{BODY} Line {n}."}) for n in range(2))
        got = r.ingest_bytes(lines.encode(), "feed.jsonl", meta={"outlet": "Upload Wire"})
        assert [a.source for a in got.added] == ["upload:feed.jsonl#line=1", "upload:feed.jsonl#line=2"]
        assert {a.outlet for a in got.added} == {"Upload Wire"}
        big = r.ingest_bytes(b"x" * 200, "big.txt", ReadOptions(max_bytes=100))
        assert not big.added and big.errors[0].code is Code.TOO_LARGE
        assert big.errors[0].source == "upload:big.txt"


def test_stories_command_text_json_and_csv(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, "stories", "--db", str(db))
    assert code == EXIT_OK and out.index("s0000002") < out.index("s0000001")
    assert "2 stories" in out and "<b>" in out  # shown as text, not markup
    code, out, _ = run(capsys, "stories", "--db", str(db), "--outlet", "RT", "--since",
                       "2025-09-01", "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert code == EXIT_OK and doc["total"] == 1 and doc["stories"][0]["id"] == "s0000002"
    code, out, _ = run(capsys, "stories", "--db", str(db), "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == ",".join(cli.STORY_COLUMNS) and len(lines) == 3
    assert "Fox News|RT" in lines[2]


def test_story_command_formats_and_not_found(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "story", "s0000001", "--db", str(db), "--format", "json")
    doc = json.loads(out)
    assert code == EXIT_OK and doc["stories"][0]["id"] == "s0000001"
    assert len(doc["articles"]) == 2
    target = tmp_path / "story.html"
    code, _, err = run(capsys, "story", "s0000002", "--db", str(db), "--format", "html",
                       "-o", str(target))  # fmt: skip
    html = target.read_text(encoding="utf-8")
    assert code == EXIT_OK and "New &lt;b&gt;bridge&lt;/b&gt;" in html and "<b>bridge" not in html
    code, out, _ = run(capsys, "story", "s0000001", "--db", str(db), "--format", "md")
    assert code == EXIT_OK and out.endswith("\n")
    code, _, err = run(capsys, "story", "s9999999", "--db", str(db))
    assert code == EXIT_NOT_FOUND and "no story" in err
