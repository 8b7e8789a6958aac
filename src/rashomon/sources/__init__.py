"""Readers: turn paths, directories, URLs and standard input into :class:`Item` s.

    from rashomon.sources import iter_items
    for item in iter_items(["page.html", "dir/", "https://example.org/feed.xml", "-"]):
        if item.ok: ...            # item.article, item.original (the bytes as received)
        else: item.error.one_line()

Each input is sniffed from its bytes (the extension or content type only break ties) and handed to
its reader: :mod:`.text`, :mod:`.html`, :mod:`.records` (JSON, JSON Lines), :mod:`.feed` (RSS,
Atom), with :mod:`.url` fetching and :mod:`.detect` doing sniffing, decoding and limits. Gzip
inputs are decompressed first (under the same size limit) and the gzip bytes kept as the original.

One bad input never stops the rest: it becomes an item whose ``error`` names the input and the
problem. Directories are read recursively in sorted order, skipping hidden files and folders.

What the readers fill on each :class:`~rashomon.model.Article`: ``id`` (hash of the record's own
bytes: the whole file, the JSON Lines line, the feed entry's content), ``source`` (as given, with
``#line=N``, ``#record=N`` or ``#entry=N`` for records inside a file), ``kind``, ``locator``,
``original_sha256`` (hash of ``Item.original``), ``encoding``, ``url``, and either ``raw_text``
(plain text, newlines normalised to ``\n``) or ``html`` (decoded, untouched), plus what a JSON
record or a feed entry states (title, outlet, byline, published...). Text that was UTF-8 with some
lines in cp1252 is repaired line by line; the article then says ``encoding="utf-8+cp1252"`` and
``meta["encoding_repaired"] = {"as": "cp1252", "lines": [...]}`` lists the repaired lines.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import Code, RashomonError
from .base import Item, ReadOptions
from .common import MEDIA_TYPES, Input
from .detect import GZIP_MAGIC, binary_kind, gunzip, read_file, sniff, strip_gz

__all__ = ["Item", "ReadOptions", "iter_items", "iter_data", "read_bytes", "iter_paths"]


def iter_items(targets: Sequence[str], opts: ReadOptions | None = None) -> Iterator[Item]:
    """Every article (or error) found in ``targets``: paths, directories, http(s) URLs or "-"."""
    opts = opts or ReadOptions()
    for target in targets:
        if not target:
            yield _error("''", Code.NOT_FOUND, "an empty path")
        elif target == "-":
            yield from _guarded("-", lambda: _read_stdin(opts))
        elif "://" in target[:12]:
            from .url import is_url, read_url

            if is_url(target):
                yield from _guarded(target, lambda t=target: read_url(t, opts))  # type: ignore[misc]
            else:
                scheme = target.split("://", 1)[0]
                yield _error(target, Code.UNSUPPORTED, f"cannot read {scheme}:// URLs")
        else:
            yield from _read_path(target, opts)


def iter_data(
    data: bytes, source: str, opts: ReadOptions | None = None, *, name: str | None = None
) -> Iterator[Item]:
    """Every article (or error) in bytes held in memory (an upload, a pasted text), read as a
    file ``name`` (its extension breaks ties) would be; ``source`` names it in the articles and
    errors. The same size limit as a file's applies."""
    opts = opts or ReadOptions()
    if len(data) > opts.max_bytes:
        yield _error(source, Code.TOO_LARGE, f"{len(data)} bytes, over the {opts.max_bytes}-byte limit")
        return
    yield from _guarded(source, lambda: read_bytes(data, source, opts, name=name))


def read_bytes(
    data: bytes,
    source: str,
    opts: ReadOptions,
    *,
    name: str | None = None,
    content_type: str | None = None,
    url: str | None = None,
    via: str | None = None,
    media_type: str | None = None,
) -> Iterator[Item]:
    """The items in one input's bytes; raises :class:`RashomonError` for a refused input."""
    original = data
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, source, opts.max_bytes)
        name = strip_gz(name) if name else name
        media_type = "application/gzip"
    if not data.strip() or not data.lstrip(b"\xef\xbb\xbf").strip():
        raise RashomonError(Code.EMPTY, "empty: no text at all", source=source)
    if what := binary_kind(data):
        raise RashomonError(Code.BINARY, f"not text: {what}", source=source)
    kind = sniff(data, name, content_type)
    inp = Input(
        source=source,
        data=data,
        original=original,
        opts=opts,
        name=name,
        content_type=content_type,
        url=url,
        via=via,
        media_type=media_type or MEDIA_TYPES[kind],
    )
    if kind == "feed":
        from .feed import read_feed

        yield from read_feed(inp)
    elif kind == "json":
        from .records import read_json

        yield from read_json(inp)
    elif kind == "jsonl":
        from .records import read_jsonl

        yield from read_jsonl(inp)
    elif kind == "html":
        from .html import read_html

        yield read_html(inp)
    else:
        from .text import read_text

        yield read_text(inp)


def iter_paths(
    root: Path, recursive: bool = True, unreadable: list[OSError] | None = None
) -> list[Path]:
    """The files under ``root`` in sorted order, hidden files and folders left out. A folder
    that cannot be listed is added to ``unreadable`` when given (os.walk skips it silently)."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(
        root, followlinks=False, onerror=unreadable.append if unreadable is not None else None
    ):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")) if recursive else []
        for f in filenames:
            if not f.startswith("."):
                found.append(Path(dirpath) / f)
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _outside(link: Path, root: Path) -> bool:
    """Whether the symbolic link ``link`` found under ``root`` leads out of it (or nowhere)."""
    try:
        link.resolve(strict=True).relative_to(root.resolve(strict=True))
    except (OSError, ValueError, RuntimeError):
        return True
    return False


def _linked_dirs(root: Path) -> list[Path]:
    """Symbolic links to folders under ``root`` (``iter_paths`` does not follow them)."""
    found: list[Path] = []
    for dirpath, dirnames, _files in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += [Path(dirpath) / d for d in sorted(dirnames) if (Path(dirpath) / d).is_symlink()]
    return found


def _error(source: str, code: Code, message: str) -> Item:
    return Item(source=source, error=RashomonError(code, message, source=source))


def _guarded(source: str, produce: object) -> Iterator[Item]:
    """Run a reader, turning a refusal (or an unexpected failure) into one error item."""
    try:
        yield from produce()  # type: ignore[operator]
    except RashomonError as exc:
        exc.source = exc.source or source
        yield Item(source=exc.source, error=exc)
    except RecursionError:
        yield _error(source, Code.MALFORMED, "the input is nested too deeply to read")
    except Exception as exc:  # a reader bug must not lose the other inputs; say what happened
        yield _error(source, Code.MALFORMED, f"could not be read ({type(exc).__name__}: {exc})")


def _read_path(target: str, opts: ReadOptions) -> Iterator[Item]:
    path = Path(target)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        yield _error(target, Code.NOT_FOUND, f"cannot open ({exc})")
        return
    if not exists:
        yield _error(target, Code.NOT_FOUND, "no such file or directory")
        return
    if not is_dir:
        yield from _read_file(path, target, opts)
        return
    unreadable: list[OSError] = []
    try:
        files = iter_paths(path, opts.recursive, unreadable)
    except OSError as exc:
        yield _error(target, Code.NOT_FOUND, f"cannot list the directory ({exc})")
        return
    for bad in unreadable:  # the folder itself, or a subfolder: said, never skipped silently
        where = str(bad.filename or target)
        yield _error(where, Code.NOT_FOUND, f"cannot list the folder ({bad.strerror or bad})")
    if unreadable and not files:
        return
    if not files:
        links = _linked_dirs(path)
        if links:  # say why a folder of links looks empty, and what to give instead
            shown = ", ".join(f"{p.name} -> {os.readlink(p)}" for p in links[:3])
            yield Item(
                source=target,
                error=RashomonError(
                    Code.EMPTY,
                    f"the directory holds no files, only links to folders, which are not "
                    f"followed ({shown}{', ...' if len(links) > 3 else ''})",
                    source=target,
                    fix="give the linked folders themselves",
                ),
            )
            return
        yield _error(target, Code.EMPTY, "the directory holds no files")
        return
    for f in files:
        if f.is_symlink() and _outside(f, path):
            # A link must not make a folder's ingest read what lies outside it (/etc/passwd).
            yield _error(
                str(f), Code.UNSUPPORTED, "a link to a file outside the folder, not followed"
            )
            continue
        yield from _read_file(f, str(f), opts)


def _read_file(path: Path, source: str, opts: ReadOptions) -> Iterator[Item]:
    if not path.is_file():
        yield _error(source, Code.UNSUPPORTED, "not a regular file")
        return

    def produce() -> Iterator[Item]:
        data = read_file(path, source, opts.max_bytes)
        yield from read_bytes(data, source, opts, name=path.name)

    yield from _guarded(source, produce)


def _read_stdin(opts: ReadOptions) -> Iterator[Item]:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise RashomonError(Code.UNSUPPORTED, "standard input is not a byte stream", source="-")
    data = stream.read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        raise RashomonError(Code.TOO_LARGE, f"over the {opts.max_bytes}-byte limit", source="-")
    yield from read_bytes(data, "-", opts, via="stdin")
