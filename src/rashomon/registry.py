"""Named, switchable stages over the document model.

A stage is a function ``(article, context) -> None`` that annotates the article in place. Stages
register under a name with :func:`stage`; a pipeline is an ordered list of names, so the CLI, the
web app and the API can switch stages on and off (``--stages clean,entities``) without knowing
their code. Stages that want batches (spaCy's ``nlp.pipe``) register a ``batch`` function instead.
A stage names the stages it reads the output of (``requires``); a pipeline that runs it without
them, or before them, is refused before anything runs (:func:`check`).
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
    # The languages the stage's models read (None: any); an article in another language is
    # skipped, its ``writes`` fields emptied and the stage listed in ``Article.unread``.
    languages: frozenset[str] | None = None
    writes: tuple[str, ...] = ()

    def reads(self, article: Article) -> bool:
        """Whether this stage's models can read ``article`` (see rashomon.read.language)."""
        if self.languages is None:
            return True
        from .read.language import readable

        return readable(article, self.languages)

    def run(self, articles: Sequence[Article], ctx: Context) -> None:
        todo = [a for a in articles if self.reads(a)]
        for a in articles:
            if a in todo:
                if self.name in a.unread:
                    a.unread.remove(self.name)  # read now (its language was corrected)
                continue
            for f in self.writes:
                setattr(a, f, [])
            if self.name not in a.unread:
                a.unread.append(self.name)
        if self.batch is not None:
            if todo:
                self.batch(todo, ctx)
        else:
            assert self.fn is not None
            for a in todo:
                self.fn(a, ctx)
        for a in articles:
            if self.name not in a.stages:
                a.stages.append(self.name)


_STAGES: dict[str, Stage] = {}


def stage(
    name: str,
    *,
    requires: Iterable[str] = (),
    batch: bool = False,
    languages: Iterable[str] | None = None,
    writes: Iterable[str] = (),
) -> Callable:
    """Register a stage function under ``name``; ``languages`` are those its models read (an
    article in another is skipped and marked, see :class:`Stage`), ``writes`` the article
    fields it fills."""

    def deco(fn: Callable) -> Callable:
        doc = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
        _STAGES[name] = Stage(
            name=name,
            fn=None if batch else fn,
            batch=fn if batch else None,
            requires=tuple(requires),
            doc=doc,
            languages=frozenset(languages) if languages is not None else None,
            writes=tuple(writes),
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


def ordered(names_: Sequence[str]) -> list[str]:
    """The stages in the order given, each preceded by the stages it requires (the pipeline
    :func:`check` suggests)."""
    out: list[str] = []

    def add(name: str, path: tuple[str, ...]) -> None:
        if name in out or name in path:  # a cycle cannot be ordered: check() names the stage
            return
        for req in get(name).requires:
            add(req, (*path, name))
        out.append(name)

    for n in names_:
        add(n, ())
    return out


def check(names_: Sequence[str], done: Iterable[str] = ()) -> None:
    """Refuse a pipeline that runs a stage before a stage it requires, or without it when the
    articles do not have it already (``done``: the stages every article has been through).

    Why: a stage whose input is missing does not fail; it redoes that work on the side, outside
    the pipeline asked for (``read.nlp.doc_for`` parses), or finds nothing and the report quietly
    says less. The error names both stages and gives a pipeline that works."""
    from .errors import Code, RashomonError

    have = set(done)
    first = {n: i for i, n in reversed(list(enumerate(names_)))}
    for i, name in enumerate(names_):
        for req in get(name).requires:
            j = first.get(req)
            if (j is not None and j < i) or (j is None and req in have):
                continue
            where = "comes after it" if j is not None else "is not in the list"
            raise RashomonError(
                Code.USAGE,
                f"stage {name!r} requires stage {req!r} to run before it, and {req!r} {where}",
                fix=f"run the stages as {','.join(ordered(names_))} (--stages)",
            )


def common_stages(articles: Iterable[Article]) -> set[str]:
    """The stages every one of ``articles`` has been through."""
    out: set[str] | None = None
    for a in articles:
        out = set(a.stages) if out is None else out & set(a.stages)
    return out or set()


def run(articles: Sequence[Article], names_: Sequence[str], ctx: Context | None = None) -> None:
    """Run the named stages in order over a batch of articles (refused, with nothing run, when
    the order breaks a stage's ``requires``: see :func:`check`)."""
    check(names_, common_stages(articles))
    ctx = ctx or Context()
    skipped: dict[int, list[str]] = {}
    for n in names_:
        s = get(n)
        s.run(articles, ctx)
        for k, a in enumerate(articles):
            if not s.reads(a):  # after the stage: "clean" is what detects the language
                skipped.setdefault(k, []).append(s.name)
    if skipped:
        from .read.language import warn_unread

        for k, names in skipped.items():
            warn_unread(articles[k], names)  # one line per article, however many stages


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
