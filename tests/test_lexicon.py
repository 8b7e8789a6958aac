"""The shared vocabulary: narrower verb sets stay inside the full one, the calendar is whole."""

from rashomon import lexicon as lx


def test_narrower_verb_sets_are_subsets_of_the_speech_verbs():
    assert lx.ASSERTION_VERBS <= lx.SPEECH_VERBS
    assert lx.REPORTING_VERBS <= lx.SPEECH_VERBS
    assert lx.WEAK_SPEECH_VERBS <= lx.SPEECH_VERBS
    assert lx.SAYING_VERBS <= lx.ASSERTION_VERBS


def test_calendar_numbers_months_and_weekdays():
    assert lx.MONTH_NUMBERS["jan"] == 1 and lx.MONTH_NUMBERS["dec"] == 12
    assert len(lx.MONTH_NUMBERS) == 12 and lx.WEEKDAY_NUMBERS["sunday"] == 6


def test_name_labels_are_the_actor_labels_and_events():
    assert lx.NAME_LABELS == set(lx.ACTOR_LABELS) | {"EVENT"}
    assert not lx.NAME_LABELS & lx.VALUE_LABELS
