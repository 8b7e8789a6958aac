"""The benchmark metric, checked against hand-computed cases."""

from __future__ import annotations

import pytest

from rashomon.clean.evaluate import evaluate, scores, shingle_matching, shingles, tokenize


def test_tokens_are_word_runs_in_any_script() -> None:
    assert tokenize("Kyiv's 26-nation plan, Київ!") == ["Kyiv", "s", "26", "nation", "plan", "Київ"]
    assert tokenize(None) == []


def test_short_text_is_one_shorter_shingle_and_empty_text_none() -> None:
    assert shingles("a b c") == {("a", "b", "c"): 1}
    assert shingles("") == {}
    assert sum(shingles("a b c d e f").values()) == 3


def test_matching_is_normalised_per_document() -> None:
    tp, fp, fn = shingle_matching("a b c d e", "a b c d x")  # shingles abcd, bcde vs abcd, bcdx
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert shingle_matching("a b c d", "a b c d") == (1.0, 0.0, 0.0)


def test_f1_is_harmonic_mean_of_averaged_precision_and_recall() -> None:
    rows = [(1.0, 0.0, 0.0), (0.5, 0.5, 0.0), (0.0, 0.0, 1.0)]
    m = scores(rows)
    # precision over docs with tp+fp>0: (1 + 0.5) / 2; recall over docs with tp+fn>0: (1 + 1 + 0) / 3
    assert m["precision"] == pytest.approx(0.75)
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["f1"] == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_evaluate_refuses_mismatched_keys_and_counts_missing_output_as_zero_recall() -> None:
    with pytest.raises(ValueError):
        evaluate({"a": "x"}, {"b": "x"})
    m = evaluate(
        {"a": "one two three four", "b": "five six seven eight"},
        {"a": "one two three four", "b": None},
    )
    assert m["recall"] == pytest.approx(0.5) and m["precision"] == pytest.approx(1.0)
    assert m["accuracy"] == pytest.approx(0.5)
