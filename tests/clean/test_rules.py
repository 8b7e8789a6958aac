"""Line rules: the notes pages leave where an advert interrupts the body, word counts by script."""

from __future__ import annotations

import pytest

from rashomon.clean.rules import is_furniture, words


@pytest.mark.parametrize(
    "line",
    [
        "Story continues below advertisement",
        "STORY CONTINUES BELOW",
        "The article continues after this ad",
        "Content continues below",
        "(Text continues after the video)",
        "Continue reading the main story",
        "Keep reading",
        "Scroll down to keep reading",
        "Advertisement - Continue Reading Below",
        "Advertisement · Scroll to continue",
        "Scroll to continue with content",
        "Skip advertisement",
        "ADVERTISEMENT SKIP ADVERTISEMENT",
        "Ad Feedback",
        "Weiterlesen nach der Anzeige",
        "Der Artikel wird nach der Anzeige fortgesetzt",
        "La suite après cette publicité",
        "L'article continue ci-dessous",
        "Sigue leyendo después de la publicidad",
        "La noticia continúa tras la publicidad",
        "Continua a leggere dopo la pubblicità",
        "Continua após a publicidade",
        "Продолжение ниже",
    ],
)
def test_ad_break_notes_are_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "The story continues to develop, officials said.",
        "Talks continue below the surface, he said.",
        "Prices continued below the target for a third month.",
        "Continued after the war, the programme grew.",
        'The report continued: "We found no evidence."',
        "Keep reading the fine print, she warned, because the deal is complex.",
        "The story continues here in Kyiv",
        "Continue",
        "Advertisement",  # a UI label: the chrome vocabulary has it, not this rule
    ],
)
def test_sentences_with_the_same_words_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The board approved the plan.", 5),
        ("市水务局批准了计划。", 4),  # eight Han characters: two a word
        ("東京都は新しい計画を発表した。", 7),
        ("ABC東京", 2),
        ("การประปานครหลวงอนุมัติแผน", 6),  # Thai: four characters a word
        ("서울시는 새로운 계획을 발표했다.", 4),  # Korean puts spaces between words
        ("", 0),
    ],
)
def test_words_are_counted_per_script(line: str, expected: int) -> None:
    assert words(line) == expected


def test_chrome_labels_keep_their_trailing_counts_and_marks_however_long() -> None:
    from rashomon.clean.rules import is_chrome_word

    assert is_chrome_word("Share")
    assert is_chrome_word("Share (123456789012345678901234567890)")
    # The first label of each line of the vocabulary's source once kept its indent and never
    # matched: "Comments", "More", "Tweet", "Tags", "Teilen", ...
    for label in ("Comments (12)", "More", "Tweet", "Tags:", "Teilen", "Partager", "Поделиться"):
        assert is_chrome_word(label), label
    assert is_chrome_word("Read more  »  »  »  ›  ›  |  •  :  " + " " * 30)
    assert not is_chrome_word("Share this article with a friend who reads the news every day")
    assert not is_chrome_word("Comments were closed after the minister spoke (12)")
