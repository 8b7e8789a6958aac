"""The command line as a user meets it: exit codes, listing, outlets, search, exports, files."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from rashomon import cli
from rashomon.errors import EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE
from rashomon.model import Article, Story
from rashomon.store import Store

BODY = "The harbour bridge reopened to traffic on Monday after six months of repairs."


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    with Store(path) as s:
        for n, outlet in enumerate(["Fox News", "Fox News", "RT"]):
            s.add(Article(id=f"{n:x}" * 16, source=f"{n}.txt", text=f"{BODY} {n}.",
                          title=f"Bridge {n}", outlet=outlet, outlet_source="record",
                          published=f"2025-08-1{n}"), None)  # fmt: skip
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse's own exits (--help, usage errors)
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv",
    [["ls", "--bogus"], ["search"], ["export", "voices"], ["ls", "--limit", "many"],
     ["outlet"], ["outlet", "add", "X", "--ownership", "alien"], []],  # fmt: skip
)
def test_usage_errors_exit_64_as_documented(capsys, argv) -> None:
    code, _, err = run(capsys, *argv)
    assert code == EXIT_USAGE
    if argv:
        assert "[E015]" in err


def test_ls_filters_by_outlet_alias_and_counts_what_it_shows(capsys, db) -> None:
    code, out, _ = run(capsys, "ls", "--db", str(db), "--outlet", "fox")
    assert code == EXIT_OK and "2 article(s) from fox" in out and "Bridge 1" in out
    assert "Bridge 2" not in out
    code, out, _ = run(capsys, "ls", "--db", str(db), "--outlet", "cnn")
    assert code == EXIT_OK and "no articles from cnn" in out
    code, out, _ = run(capsys, "ls", "--db", str(db), "--format", "json", "--outlet", "foxnews.com")
    assert json.loads(out)["total"] == 2


def test_a_four_character_prefix_names_an_article(capsys, db) -> None:
    code, out, _ = run(capsys, "show", "2222", "--db", str(db), "--format", "json")
    assert code == EXIT_OK and json.loads(out)["title"] == "Bridge 2"
    code, _, err = run(capsys, "show", "999", "--db", str(db))
    assert code == EXIT_NOT_FOUND and "4 characters" in err


def test_outlet_set_list_add_and_import(capsys, db, tmp_path) -> None:
    code, out, _ = run(capsys, "outlet", "set", "0000", "Russia Today", "--db", str(db))
    assert code == EXIT_OK and "outlet set to RT" in out
    code, out, _ = run(capsys, "outlet", "list", "--db", str(db), "--format", "json")
    rows = {o["name"]: o for o in json.loads(out)["outlets"]}
    assert rows["RT"]["articles"] == 2 and rows["Fox News"]["articles"] == 1
    assert rows["RT"]["ownership"] == "state-run"
    table = tmp_path / "mine.tsv"
    table.write_text("name\tdomains\tcountry\townership\nHarbour Gazette\thg.example\tGB\tprivate\n")
    code, out, _ = run(capsys, "outlet", "import", str(table), "--db", str(db))
    assert code == EXIT_OK and "1 outlet(s) added" in out
    code, out, _ = run(capsys, "outlet", "add", "Pier Post", "--country", "gb", "--db", str(db),
                       "--ownership", "private", "--domain", "pierpost.example")  # fmt: skip
    assert code == EXIT_OK
    code, out, _ = run(capsys, "outlet", "list", "--db", str(db), "--format", "json")
    rows = {o["name"]: o for o in json.loads(out)["outlets"]}
    assert rows["Pier Post"]["country"] == "GB" and rows["Harbour Gazette"]["origin"] == "user"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country\nX,Britain\n")
    code, _, err = run(capsys, "outlet", "import", str(bad), "--db", str(db))
    assert code == EXIT_USAGE and "bad.csv, row 2" in err


def test_search_json_has_totals_and_the_help_explains_the_syntax(capsys, db) -> None:
    code, out, _ = run(capsys, "search", "bridge outlet:fox", "--db", str(db), "--format", "json",
                       "--sort", "date", "--limit", "1")  # fmt: skip
    got = json.loads(out)
    assert code == EXIT_OK and got["total"] == 2 and len(got["results"]) == 1
    assert got["results"][0]["title"] == "Bridge 1"  # the newer of the two
    code, out, _ = run(capsys, "search", "--help")
    assert code == EXIT_OK and "speaker:Rutte" in out and "OR binds looser" in out


def test_export_to_a_file_is_whole_and_parses(capsys, db, tmp_path) -> None:
    target = tmp_path / "out" / "articles.csv"
    code, _, err = run(capsys, "export", "articles", "--db", str(db), "-o", str(target))
    assert code == EXIT_OK and "3 articles row(s)" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["outlet"] for r in rows] == ["Fox News", "Fox News", "RT"]
    assert rows[2]["country"] == "RU"
    assert [p.name for p in target.parent.iterdir()] == ["articles.csv"]  # no temporary left
    code, out, _ = run(capsys, "export", "quotes", "--db", str(db), "--format", "jsonl")
    assert code == EXIT_OK and out == ""
    code, _, err = run(capsys, "export", "articles", "--db", str(db), "-o", str(tmp_path))
    assert code != EXIT_OK and "is a folder" in err


def test_output_file_is_never_written_through_a_planted_link(capsys, db, tmp_path) -> None:
    """Issue 19, item 5: ``-o rep.csv`` wrote through the predictable ``rep.csv.tmp``, so a link
    planted there overwrote its target; and ``-o`` naming a link must replace the link, not
    write into what it points at."""
    victim, other = tmp_path / "victim.txt", tmp_path / "other.txt"
    victim.write_text("keep me\n")
    other.write_text("keep me too\n")
    (tmp_path / "rep.csv.tmp").symlink_to(victim)
    (tmp_path / "link.csv").symlink_to(other)
    for name in ("rep.csv", "link.csv"):
        code, _, err = run(capsys, "export", "articles", "--db", str(db), "-o", str(tmp_path / name))
        assert code == EXIT_OK, err
        out = tmp_path / name
        assert not out.is_symlink() and out.read_text(encoding="utf-8").startswith("id,")
    assert victim.read_text() == "keep me\n" and other.read_text() == "keep me too\n"
    names = sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".db" and "c.db" not in p.name)
    assert names == ["link.csv", "other.txt", "rep.csv", "rep.csv.tmp", "victim.txt"]


def test_markdown_reports_end_with_a_newline(tmp_path) -> None:
    art = Article(id="a" * 16, source="a.txt", text=BODY, title="Bridge", outlet="RT")
    story = Story(id="s1", title="Bridge", articles=[art.id])
    target = tmp_path / "r.md"
    args = argparse.Namespace(format="md", output=str(target), summary=False)
    cli._emit(args, [art], [story])
    assert target.read_text(encoding="utf-8").endswith("\n")


def test_terminal_control_codes_in_file_names_and_titles_are_shown_not_acted_on(
    capsys, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # A colour code, a window-title code ending in BEL, and a bidi override in a file name.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\x1b[31mRED\x1b]0;owned\x07\u202e.txt").write_text("", encoding="utf-8")
    page = "<html><head><title>T\x1b[2J\x9bitle</title></head><body>" + "<p>Kyiv talks.</p>" * 20
    (folder / "b.html").write_text(page + "</body></html>", encoding="utf-8")
    db = tmp_path / "c.db"
    code, out, err = run(capsys, "ingest", "--db", str(db), str(folder))
    _, listed, _ = run(capsys, "list", "--db", str(db))
    for text in (out, err, listed):
        assert not any(c in text for c in "\x1b\x07\x9b\u202e"), repr(text)
    assert "a\\x1b[31mRED\\x1b]0;owned\\x07\\u202e.txt" in err


HEAVY = ("torch", "spacy", "thinc", "onnxruntime", "transformers", "sentence_transformers")


@pytest.mark.parametrize(
    "argv", [["--help"], ["ls"], ["search", "bridge"], ["show", "0000"], ["ls", "--help"]]
)
def test_listing_and_searching_import_no_model(db, argv) -> None:
    """A cold ``rashomon --help``, ``ls``, ``search`` or ``show`` pays for no model library
    (torch, spaCy, ONNX Runtime) nor the reading stages (~0.15 s to import): those are
    imported where a command first needs them."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from rashomon import cli\n"
        "try:\n"
        f"    cli.main({argv!r} + ([] if '--help' in {argv!r} else ['--db', {str(db)!r}]))\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('LOADED', sorted(({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))"
        " | ({'rashomon.read'} & set(sys.modules))))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "LOADED" in res.stdout, res.stderr
    assert res.stdout.rsplit("LOADED", 1)[1].strip() == "[]"
