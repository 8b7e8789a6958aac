"""The entry point: dispatch, directories, standard input and bad inputs that never raise."""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.errors import Code
from rashomon.sources import ReadOptions, iter_items

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "Kyiv")
    return buf.getvalue()


def test_missing_path_is_not_found_and_the_rest_is_read(tmp_path: Path, seed_text: bytes) -> None:
    good = tmp_path / "a.txt"
    good.write_bytes(seed_text)
    items = list(iter_items([str(tmp_path / "missing.txt"), str(good)]))
    assert items[0].error is not None and items[0].error.code is Code.NOT_FOUND
    assert "missing.txt" in items[0].error.one_line()
    assert items[1].ok


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", Code.EMPTY),
        (b"  \n\r\n\t ", Code.EMPTY),
        (b"\xef\xbb\xbf\n", Code.EMPTY),
        (PNG, Code.BINARY),
        (None, Code.BINARY),  # a zip archive
        (b"Kyiv\x00\x00\x01\x02\x00\x00binary", Code.BINARY),
        (b"Troops in Kyiv on Monday\x01 " * 20, Code.ENCODING),
    ],
)
def test_bad_files_become_error_items_naming_the_file(
    tmp_path: Path, data: bytes | None, code: Code
) -> None:
    p = tmp_path / "input.txt"
    p.write_bytes(_zip_bytes() if data is None else data)
    (item,) = iter_items([str(p)])
    assert item.error is not None and item.error.code is code
    assert not item.ok and str(p) in item.error.one_line()


def test_oversize_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(b"Kyiv. " * 100)
    opened: list[object] = []
    real_open = open

    def spy(file: object, *a: object, **k: object) -> object:
        opened.append(file)
        return real_open(file, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy)
    (item,) = iter_items([str(p)], ReadOptions(max_bytes=100))
    assert item.error is not None and item.error.code is Code.TOO_LARGE
    assert p not in opened and str(p) not in opened


def test_directory_is_recursive_sorted_skips_hidden_and_reports_bad_files(
    tmp_path: Path, seed_text: bytes
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_bytes(seed_text)
    (tmp_path / "a.txt").write_bytes(seed_text + b"\nMore.")
    (tmp_path / "c.png").write_bytes(PNG)
    (tmp_path / "d.json").write_bytes(b"{broken")
    (tmp_path / ".hidden.txt").write_bytes(seed_text)
    (tmp_path / ".git" / "x.txt").write_bytes(seed_text)
    (tmp_path / "e.html.gz").write_bytes(
        gzip.compress(b"<html><body><p>Rutte spoke.</p></body></html>")
    )
    items = list(iter_items([str(tmp_path)]))
    names = [Path(i.source).relative_to(tmp_path).as_posix() for i in items]
    assert names == ["a.txt", "b/2.txt", "c.png", "d.json", "e.html.gz"]
    assert [i.ok for i in items] == [True, True, False, False, True]
    assert items[2].error is not None and items[2].error.code is Code.BINARY
    assert items[3].error is not None and items[3].error.code is Code.MALFORMED
    assert items[4].article is not None and items[4].article.kind == "html"


def test_non_recursive_reads_only_the_top_level(tmp_path: Path, seed_text: bytes) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_bytes(seed_text)
    (tmp_path / "y.txt").write_bytes(seed_text)
    items = list(iter_items([str(tmp_path)], ReadOptions(recursive=False)))
    assert [Path(i.source).name for i in items] == ["y.txt"]


def test_identical_files_give_the_same_article_id(tmp_path: Path, seed_text: bytes) -> None:
    (tmp_path / "one.txt").write_bytes(seed_text)
    (tmp_path / "two.txt").write_bytes(seed_text)
    first, second = iter_items([str(tmp_path)])
    assert first.article is not None and second.article is not None
    assert first.article.id == second.article.id
    assert first.article.source != second.article.source


def test_stdin_is_read_as_bytes(monkeypatch: pytest.MonkeyPatch, seed_text: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(seed_text)))
    (item,) = iter_items(["-"])
    assert item.article is not None
    assert item.article.kind == "stdin" and item.article.source == "-"
    assert item.article.raw_text == seed_text.decode("utf-8")
    assert item.original == seed_text


def test_stdin_jsonl_records_are_located(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"text": "one"}\n{"text": "two"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(iter_items(["-"]))
    assert [i.source for i in items] == ["-#line=1", "-#line=2"]


def test_stdin_over_the_limit_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Kyiv " * 100)))
    (item,) = iter_items(["-"], ReadOptions(max_bytes=50))
    assert item.error is not None and item.error.code is Code.TOO_LARGE and item.source == "-"


def test_empty_target_is_not_read_as_the_current_directory() -> None:
    (item,) = iter_items([""])
    assert item.error is not None and item.error.code is Code.NOT_FOUND


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    (item,) = iter_items([str(tmp_path)])
    assert item.error is not None and item.error.code is Code.EMPTY


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=600),
    name=st.sampled_from(["x.txt", "x.html", "x.json", "x.jsonl", "x.xml", "x.gz", "x"]),
)
def test_arbitrary_bytes_give_articles_or_error_items(
    tmp_path: Path, data: bytes, name: str
) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    items = list(iter_items([str(p)]))
    assert items
    for item in items:
        assert (item.article is None) != (item.error is None)
        if item.error is not None:
            assert item.error.code in Code and str(p) in item.error.one_line()
            assert "could not be read" not in item.error.message  # no reader bug behind it
        else:
            assert item.original == data


_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")) | st.sampled_from(
    "\n\r\t"
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(_PRINTABLE, min_size=1, max_size=300).filter(
        lambda t: t.strip() and t.lstrip()[:1] not in "<{[\ufeff" and "<" not in t
    )
)
def test_any_printable_utf8_text_is_read_back_exactly(tmp_path: Path, text: str) -> None:
    p = tmp_path / "t.txt"
    p.write_bytes(text.encode("utf-8"))
    (item,) = iter_items([str(p)])
    assert item.article is not None, item.error
    assert item.article.kind == "text" and item.article.encoding == "utf-8"
    assert item.article.raw_text == text.replace("\r\n", "\n").replace("\r", "\n")


def test_a_folder_of_links_to_folders_says_the_links_were_not_followed(
    tmp_path: Path, seed_text: bytes
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_bytes(seed_text)
    outer = tmp_path / "outer"
    outer.mkdir()
    (outer / "seeds").symlink_to(real, target_is_directory=True)
    (item,) = iter_items([str(outer)])
    assert item.error is not None and item.error.code is Code.EMPTY
    assert f"seeds -> {real}" in item.error.message and "linked folders" in item.error.one_line()
    (linked,) = iter_items([str(outer / "seeds")])  # the link given itself is read
    assert linked.ok


def test_a_link_in_a_folder_to_a_file_outside_it_is_not_followed(
    tmp_path: Path, seed_text: bytes
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(seed_text)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(seed_text + b" Own.")
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # stays in the folder: read
    (folder / "passwd_link.txt").symlink_to(secret)
    items = {Path(i.source).name: i for i in iter_items([str(folder)])}
    assert items["a.txt"].ok and items["inside.txt"].ok
    out = items["passwd_link.txt"]
    assert out.error is not None and out.error.code is Code.UNSUPPORTED
    assert "outside the folder" in out.error.message
    (given,) = iter_items([str(folder / "passwd_link.txt")])  # a link named itself is read
    assert given.ok


def test_an_unreadable_folder_or_subfolder_is_said_not_skipped(
    tmp_path: Path, seed_text: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "b.txt").write_bytes(seed_text)
    (folder / "a.txt").write_bytes(seed_text)
    real_scandir = os.scandir
    locked = {str(folder / "locked")}

    def scandir(path: object = ".") -> object:  # stands for chmod 000 (root reads through it)
        if str(path) in locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_items([str(folder)]))
    errors = [i.error for i in items if i.error is not None]
    assert [i.ok for i in items].count(True) == 1
    assert len(errors) == 1 and errors[0].source == str(folder / "locked")
    assert "cannot list the folder" in errors[0].message and "Permission denied" in errors[0].message
    locked.add(str(folder))
    (only,) = iter_items([str(folder)])
    assert only.error is not None and "cannot list the folder" in only.error.message
    assert "holds no files" not in only.error.message
