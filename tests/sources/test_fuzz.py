"""Fuzzing the readers (issue 19): whatever the bytes, their encoding or where they are cut, an
input yields items that are each an article or an error with a code, and cleaning an article
either gives text or refuses it with a code; nothing raises."""

from __future__ import annotations

import gzip

from _shared import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.clean import clean_article
from rashomon.errors import RashomonError
from rashomon.sources import ReadOptions, read_bytes

SEED = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")[:3000]
#: The same article as each kind of input the readers take.
SHAPES = {
    "a.txt": SEED,
    "a.html": f"<html><head><title>T</title></head><body><p>{SEED}</p></body></html>",
    "a.json": '{"title": "T", "text": ' + repr(SEED).replace("'", '"') + "}",
    "a.jsonl": '{"text": "one two three four five six"}\n{"text": "seven eight nine ten"}\n',
    "a.csv": 'title,text\nT,"one two three four five six seven"\n',
    "feed.xml": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>T'
        "</title><description>&lt;p&gt;one two three four five six&lt;/p&gt;</description>"
        "</item></channel></rss>"
    ),
}
NAMES = [*SHAPES, None, "a.bin", "a.xml"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "latin-1", "cp1252", "koi8-r"]
OPTS = ReadOptions(fetch_feed_links=False, max_bytes=1_000_000)


def _check(data: bytes, name: str | None) -> None:
    try:
        items = list(read_bytes(data, "fuzz", OPTS, name=name))
    except RashomonError:  # a refusal of the whole input is an answer too
        return
    for item in items:
        assert (item.article is None) != (item.error is None), item
        if item.error is not None:
            assert item.error.code.value.startswith(("E", "W"))
            continue
        try:
            art = clean_article(item.article)
        except RashomonError:
            continue
        assert isinstance(art.text, str) and art.text.strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(NAMES))
def test_arbitrary_bytes_never_raise(data: bytes, name: str | None) -> None:
    _check(data, name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(SHAPES)),
    st.sampled_from(ENCODINGS),
    st.floats(0, 1),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4),
    st.booleans(),
)
def test_any_encoding_truncation_or_corruption_of_a_real_input_never_raises(
    name: str, encoding: str, cut: float, flips: list[tuple[float, int]], gz: bool
) -> None:
    data = bytearray(SHAPES[name].encode(encoding, "replace"))
    for where, byte in flips:
        if data:
            data[int(where * (len(data) - 1))] = byte
    data = data[: int(cut * len(data))]
    _check(gzip.compress(bytes(data)) if gz else bytes(data), name)
