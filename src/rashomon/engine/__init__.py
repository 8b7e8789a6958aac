"""Running the per-article reading stages on more than one core, or on a Dask cluster.

The per-article work (``parse`` … ``claims``) is embarrassingly parallel: workers get chunks of
articles as plain dicts, run the named stages with the model loaded once per worker process, and
send the annotated dicts back. Only the caller writes to the database (one writer), as results
arrive, so an interrupted run keeps everything finished so far and a rerun skips it.

When the caller goes on to group the articles (``embed=True``), workers also embed the texts
grouping asks for (leads, the claims it compares) and send the vectors along; the caller puts
them in its embedding cache. Otherwise that embedding runs afterwards, on one core, in the
caller: with two workers it was about half of the caller's serial time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from ..model import Article

OnResult = Callable[[list[Article]], None]
Vectors = tuple[list[bytes], np.ndarray]


def _read(dicts: list[dict[str, Any]], stages: Sequence[str], batch_size: int) -> list[Article]:
    from .. import registry
    from ..read.nlp import release

    arts = [Article.from_dict(d) for d in dicts]
    ctx = registry.Context(options={"batch_size": batch_size})
    registry.run(arts, list(stages), ctx)
    release(ctx)
    return arts


def read_chunk(dicts: list[dict[str, Any]], stages: Sequence[str], batch_size: int = 32) -> list[dict]:
    """Worker side: annotate a chunk of articles. Top-level so it pickles for processes and Dask."""
    return [a.to_dict() for a in _read(dicts, stages, batch_size)]


def grouping_texts(article: Article) -> list[str]:
    """The texts story grouping embeds for an article: the index's lead, the pairwise lead and
    the claims pairs are scored on (the functions grouping itself calls, so the keys match)."""
    from ..stories import features as feat
    from .incremental import lead_text

    return [lead_text(article), feat.lead(article) or " ", *feat.claim_texts(article)]


def read_chunk_embedded(
    dicts: list[dict[str, Any]], stages: Sequence[str], batch_size: int = 32
) -> tuple[list[dict], Vectors]:
    """``read_chunk``, plus the vectors of each article's ``grouping_texts``."""
    from .. import embed

    arts = _read(dicts, stages, batch_size)
    texts = [t for a in arts for t in grouping_texts(a)]
    return [a.to_dict() for a in arts], embed.export(texts)


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
    embed: bool = False,
) -> list[Article]:
    """Run ``stages`` over ``articles``; returns them annotated, in the input order.

    ``workers`` > 1 uses a local process pool; ``scheduler`` is a Dask address
    (``tcp://host:port``) or ``"local"`` for a ``LocalCluster`` of ``workers`` processes.
    ``on_result`` is called in this process with each finished chunk (the single writer).
    ``embed``: workers also embed the grouping texts into this process's cache (in one process
    there is nothing to gain: grouping embeds lazily, only what it compares).
    """
    if not articles:
        return []
    if scheduler:
        from .dask import run_dask

        done = run_dask(articles, stages, scheduler, workers, chunk_size, on_result, embed)
    elif workers > 1:
        done = _run_pool(articles, stages, workers, chunk_size, on_result, embed)
    else:
        done = {}
        for chunk in _chunks(articles, chunk_size):
            out = [Article.from_dict(d) for d in read_chunk([a.to_dict() for a in chunk], stages)]
            if on_result:
                on_result(out)
            done.update((a.id, a) for a in out)
    return [done[a.id] for a in articles]


def init_worker(embed: bool = False) -> None:
    """Load the models once per worker process, before the first chunk arrives, and keep the
    numeric libraries to one thread: the workers already use every core, and more BLAS or
    OpenMP threads per process only contend (one thread parsed faster here, measured)."""
    from threadpoolctl import threadpool_limits

    from ..read.gazetteer import gazetteer
    from ..read.nlp import load_nlp

    threadpool_limits(1)
    load_nlp()
    gazetteer()
    if embed:
        from .. import embed as embedding

        embedding.load_model()


def _run_pool(
    articles: Sequence[Article],
    stages: Sequence[str],
    workers: int,
    chunk_size: int,
    on_result: OnResult | None,
    embed: bool = False,
) -> dict[str, Article]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # "spawn" keeps workers free of the parent's threads and open SQLite handles.
    ctx = mp.get_context("spawn")
    done: dict[str, Article] = {}
    task = read_chunk_embedded if embed else read_chunk
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=init_worker, initargs=(embed,)
    ) as ex:
        futs = [
            ex.submit(task, [a.to_dict() for a in chunk], list(stages))
            for chunk in _chunks(articles, chunk_size)
        ]
        for fut in as_completed(futs):
            out = [Article.from_dict(d) for d in unpack(fut.result(), embed)]
            if on_result:
                on_result(out)
            done.update((a.id, a) for a in out)
    return done


def unpack(result: Any, embed: bool) -> list[dict]:
    """A worker's answer: the dicts, with the vectors (``embed``) put into the cache."""
    if not embed:
        return result
    from .. import embed as embedding

    dicts, (keys, vectors) = result
    embedding.absorb(keys, vectors)
    return dicts
