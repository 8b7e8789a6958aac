"""Running the per-article reading stages on more than one core, or on a Dask cluster.

The per-article work (``parse`` … ``claims``) is embarrassingly parallel: workers get chunks of
articles as plain dicts, run the named stages with the model loaded once per worker process, and
send the annotated dicts back. Only the caller writes to the database (one writer), as results
arrive, so an interrupted run keeps everything finished so far and a rerun skips it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..model import Article

OnResult = Callable[[list[Article]], None]


def read_chunk(dicts: list[dict[str, Any]], stages: Sequence[str], batch_size: int = 32) -> list[dict]:
    """Worker side: annotate a chunk of articles. Top-level so it pickles for processes and Dask."""
    from .. import registry
    from ..read.nlp import release

    arts = [Article.from_dict(d) for d in dicts]
    ctx = registry.Context(options={"batch_size": batch_size})
    registry.run(arts, list(stages), ctx)
    release(ctx)
    return [a.to_dict() for a in arts]


def _chunks(articles: Sequence[Article], size: int) -> Iterator[list[Article]]:
    for i in range(0, len(articles), size):
        yield list(articles[i : i + size])


def read_parallel(
    articles: Sequence[Article],
    stages: Sequence[str],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int = 16,
    on_result: OnResult | None = None,
) -> list[Article]:
    """Run ``stages`` over ``articles``; returns them annotated, in the input order.

    ``workers`` > 1 uses a local process pool; ``scheduler`` is a Dask address
    (``tcp://host:port``) or ``"local"`` for a ``LocalCluster`` of ``workers`` processes.
    ``on_result`` is called in this process with each finished chunk (the single writer).
    """
    if not articles:
        return []
    if scheduler:
        from .dask import run_dask

        done = run_dask(articles, stages, scheduler, workers, chunk_size, on_result)
    elif workers > 1:
        done = _run_pool(articles, stages, workers, chunk_size, on_result)
    else:
        done = {}
        for chunk in _chunks(articles, chunk_size):
            out = [Article.from_dict(d) for d in read_chunk([a.to_dict() for a in chunk], stages)]
            if on_result:
                on_result(out)
            done.update((a.id, a) for a in out)
    return [done[a.id] for a in articles]


def _init_worker() -> None:
    """Load the models once per worker process, before the first chunk arrives."""
    from ..read.nlp import load_nlp

    load_nlp()


def _run_pool(
    articles: Sequence[Article],
    stages: Sequence[str],
    workers: int,
    chunk_size: int,
    on_result: OnResult | None,
) -> dict[str, Article]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # "spawn" keeps workers free of the parent's threads and open SQLite handles.
    ctx = mp.get_context("spawn")
    done: dict[str, Article] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker) as ex:
        futs = [
            ex.submit(read_chunk, [a.to_dict() for a in chunk], list(stages))
            for chunk in _chunks(articles, chunk_size)
        ]
        for fut in as_completed(futs):
            out = [Article.from_dict(d) for d in fut.result()]
            if on_result:
                on_result(out)
            done.update((a.id, a) for a in out)
    return done
