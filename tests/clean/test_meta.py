"""Language identification and the outlet a URL names."""

from __future__ import annotations

from rashomon.clean.meta import detect_language, outlet_from_url


def test_language_of_several_languages() -> None:
    assert (
        detect_language("The council voted on Tuesday to approve new bus lanes on three streets.")
        == "en"
    )
    assert (
        detect_language(
            "Die Bundesregierung will der Ukraine im kommenden Jahr weitere Hilfe leisten."
        )
        == "de"
    )
    assert (
        detect_language("Le gouvernement a annoncé mardi une nouvelle aide pour les agriculteurs.")
        == "fr"
    )
    assert detect_language(
        "Правительство Украины объявило во вторник о новых мерах поддержки."
    ) in ("ru", "uk")


def test_too_short_text_has_no_language() -> None:
    assert detect_language("Share") is None


def test_outlet_from_url_is_the_registered_domain() -> None:
    assert outlet_from_url("https://www.bbc.co.uk/news/world-123") == "bbc.co.uk"
    assert outlet_from_url("http://kyivindependent.com/a") == "kyivindependent.com"
    assert outlet_from_url("/tmp/article.txt") is None
    assert outlet_from_url(None) is None
