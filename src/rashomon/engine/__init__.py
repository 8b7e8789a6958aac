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

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from ..model import Article

if TYPE_CHECKING:
    from .dask import DaskPool

OnResult = Callable[[list[Article]], None]
Vectors = tuple[list[bytes], np.ndarray]
Pool = Union["WorkerPool", "DaskPool"]


Options = dict[str, Any]  # reading options for the stages (``{"quotes_model": "minilm"}``)


def _read(
    dicts: list[dict[str, Any]], stages: Sequence[str], batch_size: int, options: Options | None
) -> list[Article]:
    from .. import registry
    from ..read.nlp import release

    arts = [Article.from_dict(d) for d in dicts]
    ctx = registry.Context(options={"batch_size": batch_size, **(options or {})})
    registry.run(arts, list(stages), ctx)
    release(ctx)
    return arts


def read_chunk(
    dicts: list[dict[str, Any]],
    stages: Sequence[str],
    batch_size: int = 32,
    options: Options | None = None,
) -> list[dict]:
    """Worker side: annotate a chunk of articles. Top-level so it pickles for processes and Dask."""
    return [a.to_dict() for a in _read(dicts, stages, batch_size, options)]


def grouping_texts(article: Article) -> list[str]:
    """The texts grouping and comparison embed for an article: its lead (one for the index, the
    pairwise scores and the events alike), the claims pairs are scored on and the title (the
    functions those stages call themselves, so the keys match). Not every claim that comparison aligns: most articles of a
    firehose stay alone in their story and are never aligned, and embedding all their claims in
    the workers cost ~0.13 CPU-s per article against the ~0.035 s comparison spent embedding
    per article in the writer (measured, PolNeAR, 2 workers)."""
    from ..stories import features as feat

    texts = [feat.lead_text(article), *feat.claim_texts(article)]
    if article.title:
        texts.append(article.title)
    return texts


def read_chunk_embedded(
    dicts: list[dict[str, Any]],
    stages: Sequence[str],
    batch_size: int = 32,
    options: Options | None = None,
) -> tuple[list[dict], Vectors]:
    """``read_chunk``, plus the vectors of each article's ``grouping_texts``."""
    from .. import embed

    arts = _read(dicts, stages, batch_size, options)
    texts = [t for a in arts for t in grouping_texts(a)]
    return [a.to_dict() for a in arts], embed.export(texts)


def _chunks(articles: Sequence[Article], size: int, workers: int = 1) -> Iterator[list[Article]]:
    """Chunks of ``size``; with several workers they shrink towards the end (guided
    self-scheduling: at most half a worker's fair share of what is left), so the workers finish
    together instead of one idling through the other's last full chunk."""
    i, n = 0, len(articles)
    floor = max(1, size // 4)
    while i < n:
        step = size if workers <= 1 else max(floor, min(size, (n - i) // (2 * workers)))
        yield list(articles[i : i + step])
        i += step


def read_parallel(
    articles: Sequence[Article],
    stages: Sequence[str],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int = 16,
    on_result: OnResult | None = None,
    embed: bool = False,
    pool: Pool | None = None,
    options: Options | None = None,
) -> list[Article]:
    """Run ``stages`` over ``articles``; returns them annotated, in the input order.

    ``workers`` > 1 uses a local process pool; ``scheduler`` is a Dask address
    (``tcp://host:port``) or ``"local"`` for a ``LocalCluster`` of ``workers`` processes.
    ``on_result`` is called in this process with each finished chunk (the single writer).
    ``embed``: workers also embed the grouping texts into this process's cache (in one process
    there is nothing to gain: grouping embeds lazily, only what it compares).
    ``pool``: workers started earlier (``start_pool``), used instead of new ones.
    ``options``: reading options the stages see (every worker gets them with each chunk).
    """
    if not articles:
        return []
    if pool is not None or scheduler or workers > 1:
        own = pool is None
        pool = pool or start_pool(workers, scheduler, embed, options)
        try:
            done = pool.run(articles, stages, chunk_size, on_result, options)
        finally:
            if own:
                pool.close()
    else:
        done = {}
        for chunk in _chunks(articles, chunk_size):
            dicts = read_chunk([a.to_dict() for a in chunk], stages, options=options)
            out = [Article.from_dict(d) for d in dicts]
            if on_result:
                on_result(out)
            done.update((a.id, a) for a in out)
    return [done[a.id] for a in articles]


def settings() -> dict[str, str]:
    """The ``RASHOMON_*`` environment, which chooses models and how they run."""
    return {k: v for k, v in os.environ.items() if k.startswith("RASHOMON_")}


def _adopt(env: dict[str, str]) -> None:
    """Take the caller's ``RASHOMON_*`` settings. A worker forked from the fork server has the
    server's environment, which is the caller's as it was when the server started; where the
    two differ, the models the server preloaded under the old settings are dropped."""
    if settings() == env:
        return
    for k in settings():
        del os.environ[k]
    os.environ.update(env)
    from .. import embed as embedding
    from ..read import nlp

    nlp._NLP.clear()
    embedding._MODEL = None
    embedding._BF16 = None


def init_worker(
    embed: bool = False, options: Options | None = None, env: dict[str, str] | None = None
) -> None:
    """Load the models once per worker process, before the first chunk arrives, and keep the
    numeric libraries to one thread: the workers already use every core, and more BLAS or
    OpenMP threads per process only contend (one thread parsed faster here, measured).
    ``env``: the caller's ``settings()``, for a worker that did not inherit them."""
    from threadpoolctl import threadpool_limits

    from ..read import attribution_model
    from ..read.gazetteer import gazetteer
    from ..read.nlp import load_nlp

    if env is not None:
        _adopt(env)
    threadpool_limits(1)
    load_nlp()
    gazetteer()
    attribution_model.load((options or {}).get(attribution_model.OPTION))
    if embed:
        from .. import embed as embedding

        embedding.load_model()


def _load_reading(options: Options | None) -> None:
    from ..read import attribution_model
    from ..read.gazetteer import gazetteer
    from ..read.nlp import load_nlp

    load_nlp()
    gazetteer()
    attribution_model.load((options or {}).get(attribution_model.OPTION))


def _load_encoder() -> None:
    from .. import embed as embedding

    embedding.load_model()


def _quietly(load: Callable[[], None]) -> None:
    """A background load that fails says nothing: the caller's own load, when it needs the
    model, raises the error where it can be reported (the model missing, say)."""
    with contextlib.suppress(Exception):
        load()


def preload(reading: bool, encoder: bool, options: Options | None = None) -> list[Any]:
    """Load the models this process will need in background threads, now: spaCy (with the
    gazetteer and the attribution tagger) for ``reading``, the sentence encoder for
    ``encoder``. Each loader holds its own lock, so the caller's first use waits for the load
    in flight instead of repeating it, and the loads overlap each other and the ingest the
    caller does meanwhile (spaCy's model load, ONNX Runtime's session set-up and the file
    reads release the GIL for much of their time). Returns the threads (tests join them)."""
    import functools
    import threading

    jobs: list[Callable[[], None]] = []
    if reading:
        jobs.append(functools.partial(_load_reading, options))
    if encoder:
        jobs.append(_load_encoder)
    # Not daemons: a process that exits (an error) while a thread is inside an import or a
    # model load waits for it rather than tear the interpreter down under it.
    threads = [threading.Thread(target=_quietly, args=(j,), name="rashomon-preload") for j in jobs]
    for t in threads:
        t.start()
    return threads


def start_pool(
    workers: int, scheduler: str | None = None, embed: bool = False, options: Options | None = None
) -> Pool:
    """Local worker processes, or a Dask client when ``scheduler`` is given; started now, loading
    the models ``options`` asks for."""
    if scheduler:
        from .dask import DaskPool

        return DaskPool(scheduler, workers, embed, options)
    return WorkerPool(workers, embed, options)


def _context(preload: Sequence[str] = ()) -> Any:
    """How worker processes start: forked from a fork server that loaded the models once
    (``engine._preload``), not from this process (its threads and open SQLite handles must not
    reach a worker) and not spawned afresh (each spawned worker imported torch and spaCy and
    loaded the models itself: 3.07 CPU-s a worker when ready, against 0.02 forked; measured).
    ``RASHOMON_START=spawn`` spawns instead. ``preload``: more modules for the server to import
    (Dask's), if this starts it."""
    import multiprocessing as mp

    method = os.environ.get("RASHOMON_START", "forkserver")
    if method not in ("forkserver", "spawn"):
        from ..errors import Code, RashomonError

        raise RashomonError(
            Code.USAGE, f"RASHOMON_START={method!r}: use 'forkserver' (the default) or 'spawn'"
        )
    ctx = mp.get_context(method)
    if method == "forkserver":
        # The server starts with the first pool and keeps its preload for this process's life.
        ctx.set_forkserver_preload([*preload, f"{__name__}._preload"])
    return ctx


def start_fork_server(preload: Sequence[str] = ()) -> str:
    """Start the fork server now (``_context``) and say the start method, for a pool whose
    processes ``multiprocessing`` starts elsewhere (a Dask ``LocalCluster``'s nannies): started
    here, it is ours, with the models loaded, whoever forks from it."""
    ctx = _context(preload)
    method = ctx.get_start_method()
    if method == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
    return method


class WorkerPool:
    """Local worker processes, started (and loading their models) as soon as this is made, so
    the loads overlap whatever the caller does meanwhile: ``analyze`` ingests and cleans its
    inputs while the fork server loads spaCy, the gazetteer and the embedding model once
    (``_context``; spawned, each worker spent ~3 CPU-s importing torch and spaCy and loading
    them).
    """

    def __init__(self, workers: int, embed: bool = False, options: Options | None = None) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.workers, self.embed = max(1, workers), embed
        self._ex = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_context(),
            initializer=init_worker,
            initargs=(embed, options, settings()),
        )
        # A process is spawned per submission while none is idle: one no-op each starts them all.
        self._warm = [self._ex.submit(os.getpid) for _ in range(self.workers)]

    def run(
        self,
        articles: Sequence[Article],
        stages: Sequence[str],
        chunk_size: int,
        on_result: OnResult | None,
        options: Options | None = None,
    ) -> dict[str, Article]:
        from concurrent.futures import as_completed

        for w in self._warm:
            w.result()  # a worker that failed to start (its model missing) says so here
        futs = submit_chunks(
            self._ex.submit, articles, stages, chunk_size, self.workers, self.embed, options
        )
        return collect(as_completed(futs), self.embed, on_result)

    def close(self, wait: bool = True, kill: bool = False) -> None:
        """Stop the workers; pending work is cancelled. ``wait=False`` lets them exit in the
        background (the caller goes on grouping instead of waiting ~1 s for the joins).
        ``kill``: after an error, do not let a worker finish loading models nobody will use."""
        if kill:
            # The executor has no public way to stop a running initializer; its process map
            # has been the same private attribute since Python 3.2.
            for proc in list(getattr(self._ex, "_processes", {}).values()):
                proc.terminate()
        self._ex.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(kill=exc_type is not None)


def submit_chunks(
    submit: Callable[..., Any],
    articles: Sequence[Article],
    stages: Sequence[str],
    chunk_size: int,
    slots: int,
    embed: bool,
    options: Options | None = None,
) -> list[Any]:
    """Hand every chunk to ``submit`` (a pool's or a Dask client's) as plain dicts; the
    futures come back in submission order, for ``collect``."""
    task = read_chunk_embedded if embed else read_chunk
    return [
        submit(task, [a.to_dict() for a in chunk], list(stages), options=options)
        for chunk in _chunks(articles, chunk_size, slots)
    ]


def collect(finished: Iterable[Any], embed: bool, on_result: OnResult | None) -> dict[str, Article]:
    """Take each finished chunk (futures of a pool or of Dask, in completion order) into this
    process: vectors into the cache, the articles to ``on_result`` (the single writer)."""
    done: dict[str, Article] = {}
    for fut in finished:
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
