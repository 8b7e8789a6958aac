"""Named, switchable stages over the document model.

A stage is a function ``(article, context) -> None`` that annotates the article in place. Stages
register under a name with :func:`stage`; a pipeline is an ordered list of names, so the CLI, the
web app and the API can switch stages on and off (``--stages clean,entities``) without knowing
their code. Stages that want batches (spaCy's ``nlp.pipe``) register a ``batch`` function instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import Article

StageFn = Callable[[Article, "Context"], None]
BatchFn = Callable[[Sequence[Article], "Context"], None]


@dataclass
class Context:
    """Settings and shared resources a stage may need (loaded models, the store, options)."""

    options: dict[str, Any] = field(default_factory=dict)
    resources: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage:
    name: str
    fn: StageFn | None
    batch: BatchFn | None
    requires: tuple[str, ...]
    doc: str

    def run(self, articles: Sequence[Article], ctx: Context) -> None:
        if self.batch is not None:
            self.batch(articles, ctx)
        else:
            assert self.fn is not None
            for a in articles:
                self.fn(a, ctx)
        for a in articles:
            if self.name not in a.stages:
                a.stages.append(self.name)


_STAGES: dict[str, Stage] = {}


def stage(name: str, *, requires: Iterable[str] = (), batch: bool = False) -> Callable:
    """Register a stage function under ``name``."""

    def deco(fn: Callable) -> Callable:
        doc = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
        _STAGES[name] = Stage(
            name=name,
            fn=None if batch else fn,
            batch=fn if batch else None,
            requires=tuple(requires),
            doc=doc,
        )
        return fn

    return deco


def get(name: str) -> Stage:
    _load_builtin()
    try:
        return _STAGES[name]
    except KeyError:
        from .errors import Code, RashomonError

        raise RashomonError(
            Code.USAGE, f"unknown stage {name!r}; known: {', '.join(sorted(_STAGES))}"
        ) from None


def names() -> list[str]:
    _load_builtin()
    return sorted(_STAGES)


def run(articles: Sequence[Article], names_: Sequence[str], ctx: Context | None = None) -> None:
    """Run the named stages in order over a batch of articles."""
    ctx = ctx or Context()
    for n in names_:
        get(n).run(articles, ctx)


_LOADED = False


def _load_builtin() -> None:
    """Import the modules that register the built-in stages (once, lazily: spaCy is slow to load)."""
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    import importlib

    for mod in ("rashomon.clean", "rashomon.read"):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a stage package not built yet
            if exc.name != mod:
                raise
