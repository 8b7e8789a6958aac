"""Near-duplicate detection: wire copies are linked, different accounts are not."""

from __future__ import annotations

from compare.seed_articles import KI_TEXT, RT_TEXT

from rashomon.model import Article
from rashomon.stories import group, near_duplicates


def _copy(text: str, aid: str) -> Article:
    # A syndicated re-post: same body, a new first line and a trimmed ending.
    body = text.rsplit("\n\n", 1)[0]
    return Article(id=aid, source=f"{aid}.txt", text="(Reuters) - " + body)


def test_a_reposted_copy_is_a_near_duplicate_with_its_jaccard() -> None:
    arts = [Article(id="ki", source="ki", text=KI_TEXT), _copy(KI_TEXT, "ki-wire")]
    ((a, b, j),) = near_duplicates(arts)
    assert (a, b) == ("ki", "ki-wire")
    assert 0.6 <= j < 1.0


def test_different_accounts_of_one_story_are_not_duplicates() -> None:
    arts = [
        Article(id="ki", source="ki", text=KI_TEXT),
        Article(id="rt", source="rt", text=RT_TEXT),
    ]
    assert near_duplicates(arts) == []


def test_grouping_records_the_duplicate_link_in_the_story_evidence() -> None:
    arts = [
        Article(id="ki", source="ki", text=KI_TEXT, title="NATO chief says"),
        _copy(KI_TEXT, "ki-wire"),
    ]
    (story,) = group(arts)
    assert "ki~ki-wire:near_duplicate" in story.scores


def test_a_cheaply_made_lsh_bands_like_datasketchs_own() -> None:
    from datasketch import MinHashLSH

    from rashomon.stories.dedup import new_lsh

    for threshold, num_perm in ((0.6, 128), (0.2, 64), (0.85, 128)):
        ours, theirs = new_lsh(threshold, num_perm), MinHashLSH(threshold, num_perm)
        assert (ours.b, ours.r) == (theirs.b, theirs.r)
        assert ours.keys is not new_lsh(threshold, num_perm).keys  # a fresh, empty index each
