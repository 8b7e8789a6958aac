"""Stages are registered by name, run in the order asked, and record themselves on the article."""

from __future__ import annotations

import pytest

from rashomon import registry
from rashomon.errors import Code, RashomonError
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


def _pair(calls: list[str]) -> None:
    @registry.stage("t_base")
    def base(a: Article, ctx: registry.Context) -> None:
        calls.append("base")

    @registry.stage("t_needs_base", requires=("t_base",))
    def needs(a: Article, ctx: registry.Context) -> None:
        calls.append("needs")


def test_a_stage_before_the_stage_it_requires_is_refused_with_nothing_run() -> None:
    calls: list[str] = []
    _pair(calls)
    arts = [Article(id="a", source="s")]
    with pytest.raises(RashomonError) as ei:
        registry.run(arts, ["t_needs_base", "t_base"])
    err = ei.value
    assert err.code is Code.USAGE
    assert "'t_needs_base' requires stage 't_base'" in err.message and "comes after it" in err.message
    assert err.fix == "run the stages as t_base,t_needs_base (--stages)"
    assert calls == [] and arts[0].stages == []


def test_a_stage_without_the_stage_it_requires_runs_only_where_the_articles_have_it() -> None:
    calls: list[str] = []
    _pair(calls)
    fresh, done = Article(id="a", source="s"), Article(id="b", source="s", stages=["t_base"])
    with pytest.raises(RashomonError, match="'t_base' is not in the list"):
        registry.run([done, fresh], ["t_needs_base"])
    assert calls == []
    registry.run([done], ["t_needs_base"])  # it ran before, on every article given
    assert calls == ["needs"]
    registry.run([fresh], ["t_base", "t_needs_base"])
    assert calls == ["needs", "base", "needs"]


def test_the_built_in_pipeline_is_in_order_and_a_partial_one_is_refused() -> None:
    from rashomon.read import READ_STAGES

    registry.check(READ_STAGES)
    registry.check(["parse", "quotes"])
    with pytest.raises(RashomonError) as ei:
        registry.check(["clean", "entities", "quotes"], done=["clean"])
    assert "'entities' requires stage 'parse'" in ei.value.message
    assert ei.value.fix == "run the stages as clean,parse,entities,quotes (--stages)"
    assert registry.ordered(["claims", "dates"]) == ["parse", "claims", "dates"]


def test_the_command_line_refuses_such_a_pipeline_before_reading(tmp_path, capsys) -> None:
    from rashomon import cli
    from rashomon.errors import EXIT_USAGE

    text = tmp_path / "a.txt"
    text.write_text("The harbour bridge reopened to traffic on Monday after repairs.\n")
    code = cli.main(["analyze", str(text), "--db", str(tmp_path / "r.db"), "--no-progress",
                     "--stages", "dates,parse"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "'dates' requires stage 'parse'" in err and "[E015]" in err
    assert "run the stages as parse,dates" in err
