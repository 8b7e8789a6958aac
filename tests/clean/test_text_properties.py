"""Properties of the text cleaner that must hold for any input, not only the layouts we wrote."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.clean.text import clean_text

LINES = st.sampled_from(
    [
        "Share",
        "Read more",
        "2 min read",
        "-",
        "Breaking news from the capital tonight",
        "By Jane Doe",
        "March 3, 2024",
        "Officials said on Monday that the talks would continue next week in Geneva.",
        "The minister told reporters that no decision had been taken on the new budget plan.",
        "Jane Doe is a reporter at The Daily Example.",
        "A protester holds a sign. (AP Photo/John Roe)",
        "Read more: Another story about something else",
        "",
        "   ",
        "Київ заявив, що переговори триватимуть наступного тижня в Женеві.",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES, max_size=25), st.sampled_from(["\n", "\n\n"]))
def test_every_line_is_kept_or_removed_with_offsets_into_the_input(
    lines: list[str], sep: str
) -> None:
    raw = sep.join(lines)
    res = clean_text(raw)
    for r in res.removed:
        assert r.reason
        assert raw[r.start : r.end] == r.text
    kept = [p for p in res.text.split("\n\n") if p]
    removed = [r.text for r in res.removed]
    nonblank = [ln.strip() for ln in lines if ln.strip()]
    assert sorted(kept + removed) == sorted(nonblank)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(raw: str) -> None:
    res = clean_text(raw)
    assert isinstance(res.text, str)
    assert "\n\n\n" not in res.text
