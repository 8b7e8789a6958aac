"""Stages are registered by name, run in the order asked, and record themselves on the article."""

from __future__ import annotations

import pytest

from rashomon import registry
from rashomon.errors import RashomonError
from rashomon.model import Article


def test_stages_run_in_order_and_mark_the_article() -> None:
    calls: list[str] = []

    @registry.stage("t_first")
    def first(a: Article, ctx: registry.Context) -> None:
        calls.append("first")
        a.title = "set by first"

    @registry.stage("t_batch", batch=True)
    def batch(arts, ctx) -> None:  # type: ignore[no-untyped-def]
        calls.append(f"batch:{len(arts)}")

    arts = [Article(id="a", source="s"), Article(id="b", source="s")]
    registry.run(arts, ["t_first", "t_batch"])
    assert calls == ["first", "first", "batch:2"]
    assert arts[0].stages == ["t_first", "t_batch"]
    assert arts[1].title == "set by first"


def test_unknown_stage_is_a_usage_error_listing_known_ones() -> None:
    with pytest.raises(RashomonError) as ei:
        registry.get("no-such-stage")
    assert "known:" in str(ei.value)


def test_builtin_stages_are_registered() -> None:
    names = registry.names()
    for n in ("clean", "parse", "entities", "quotes", "dates", "claims"):
        assert n in names
