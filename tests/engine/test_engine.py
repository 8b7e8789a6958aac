"""The per-article stages give the same result in one process, a process pool and on Dask."""

from __future__ import annotations

import numpy as np
from _shared import SEEDS

from rashomon.engine import read_parallel
from rashomon.model import Article, content_id

STAGES = ["parse", "entities", "quotes", "dates", "claims"]


def _articles() -> list[Article]:
    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        paras = [ln for ln in p.read_text(encoding="utf-8").splitlines() if len(ln) > 80]
        for k in range(3):  # a few distinct articles per seed: rotate the paragraphs
            text = "\n\n".join(paras[k:] + paras[:k])
            out.append(Article(id=content_id(text.encode()), source=f"{p.name}#{k}", text=text,
                               published="2025-09-05"))
    return out


def _normalise(arts: list[Article]) -> list[dict]:
    return [a.to_dict() for a in arts]


def test_local_run_annotates_and_reports_each_chunk() -> None:
    arts = _articles()
    seen: list[str] = []
    out = read_parallel(arts, STAGES, chunk_size=2, on_result=lambda c: seen.extend(a.id for a in c))
    assert sorted(seen) == sorted(a.id for a in arts)
    assert [a.id for a in out] == [a.id for a in arts]
    assert all(a.sentences and a.stages == STAGES for a in out)


def test_dask_local_cluster_with_two_workers_matches_the_local_run() -> None:
    arts = _articles()
    local = read_parallel([Article.from_dict(a.to_dict()) for a in arts], STAGES, chunk_size=2)
    written: list[str] = []
    dask = read_parallel(
        [Article.from_dict(a.to_dict()) for a in arts],
        STAGES,
        workers=2,
        scheduler="local",
        chunk_size=2,
        on_result=lambda c: written.extend(a.id for a in c),
    )
    assert sorted(written) == sorted(a.id for a in arts)  # every chunk came back to one writer
    assert _normalise(dask) == _normalise(local)


def test_process_pool_matches_the_local_run() -> None:
    arts = _articles()[:3]
    local = read_parallel([Article.from_dict(a.to_dict()) for a in arts], STAGES)
    pool = read_parallel([Article.from_dict(a.to_dict()) for a in arts], STAGES, workers=2,
                         chunk_size=1)
    assert _normalise(pool) == _normalise(local)


def test_pool_workers_embed_the_grouping_texts_into_the_callers_cache() -> None:
    from rashomon import embed
    from rashomon.engine import grouping_texts

    arts = _articles()[:2]
    embed.cache_clear()
    out = read_parallel(arts, STAGES, workers=2, chunk_size=1, embed=True)
    texts = [t for a in out for t in grouping_texts(a)]
    assert len(texts) > 4
    assert all(embed._key(t) in embed._CACHE for t in texts)
    sent = embed.embed(texts)
    embed.cache_clear()
    here = embed.embed(texts)  # the same texts embedded in this process
    assert (np.sum(sent * here, axis=1) > 0.999).all()


def test_chunks_shrink_towards_the_end_when_several_workers_share_them() -> None:
    from rashomon.engine import _chunks

    arts = [Article(id=str(i), source=str(i)) for i in range(240)]
    sizes = [len(c) for c in _chunks(arts, 16, workers=2)]
    flat = [a.id for c in _chunks(arts, 16, workers=2) for a in c]
    assert flat == [a.id for a in arts]  # every article once, in order
    assert sizes[0] == 16 and max(sizes) == 16
    assert sizes == sorted(sizes, reverse=True)
    assert min(sizes[:-1]) >= 4 and sizes[-1] < 16  # the tail is split, down to a floor
    assert [len(c) for c in _chunks(arts, 16)] == [16] * 15  # one worker: even chunks


def test_a_pool_started_ahead_serves_several_runs_and_stops_at_once_on_error() -> None:
    import signal

    from rashomon.engine import WorkerPool

    arts = _articles()[:2]
    local = read_parallel([Article.from_dict(a.to_dict()) for a in arts], STAGES)
    pool = WorkerPool(2)
    try:
        for _ in range(2):  # the same processes, models loaded once
            out = read_parallel(
                [Article.from_dict(a.to_dict()) for a in arts], STAGES, chunk_size=1, pool=pool
            )
            assert _normalise(out) == _normalise(local)
    finally:
        pool.close()
    fresh = WorkerPool(2)  # still loading its models
    procs = list(fresh._ex._processes.values())
    assert len(procs) == 2  # spawned when made, not at the first chunk
    fresh.close(kill=True)
    # terminated, not left to finish loading spaCy for nothing
    assert [p.exitcode for p in procs] == [-signal.SIGTERM] * 2


def test_local_cluster_workers_keep_glibcs_own_malloc_trimming() -> None:
    import os

    from rashomon.engine.dask import DaskPool

    with DaskPool("local", 1) as pool:
        seen = pool._client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_")
    assert list(seen.values()) == [None]  # Dask's 65536 made every big array an mmap


def _worker_state() -> dict:
    """What a pool worker holds when its first task arrives."""
    import os
    import sys

    from rashomon.read import nlp

    model = next(iter(nlp._NLP.values()))
    return {
        "ppid": os.getppid(),
        "preloaded": "rashomon.engine._preload" in sys.modules,
        "fast_ruler": "match" in vars(model.get_pipe("attribute_ruler")),
        "setting": os.environ.get("RASHOMON_FAST_RULER"),
    }


def test_workers_fork_from_a_server_that_loaded_the_models_once(monkeypatch) -> None:
    import os

    from rashomon.engine import WorkerPool

    monkeypatch.delenv("RASHOMON_START", raising=False)
    monkeypatch.delenv("RASHOMON_FAST_RULER", raising=False)
    with WorkerPool(1) as pool:
        state = pool._ex.submit(_worker_state).result()
    assert state["ppid"] != os.getpid()  # a child of the fork server, not of this process
    assert state["preloaded"] and state["fast_ruler"]
    # A setting changed after the server started reaches new workers, and the model the
    # server preloaded under the old one is not used.
    monkeypatch.setenv("RASHOMON_FAST_RULER", "0")
    with WorkerPool(1) as pool:
        state = pool._ex.submit(_worker_state).result()
    assert state["setting"] == "0" and not state["fast_ruler"]
    monkeypatch.setenv("RASHOMON_START", "spawn")
    with WorkerPool(1) as pool:
        state = pool._ex.submit(_worker_state).result()
    assert state["ppid"] == os.getpid() and not state["preloaded"]


def test_an_unknown_start_method_is_a_usage_error(monkeypatch) -> None:
    import pytest

    from rashomon.engine import WorkerPool
    from rashomon.errors import Code, RashomonError

    monkeypatch.setenv("RASHOMON_START", "fork")
    with pytest.raises(RashomonError) as err:
        WorkerPool(1)
    assert err.value.code is Code.USAGE and "RASHOMON_START" in str(err.value)


def test_local_cluster_workers_fork_from_the_model_loaded_server_with_the_callers_settings(
    monkeypatch,
) -> None:
    from rashomon.engine.dask import DaskPool

    monkeypatch.delenv("RASHOMON_START", raising=False)
    monkeypatch.setenv("RASHOMON_FAST_RULER", "0")  # set after the server may have started
    with DaskPool("local", 1) as pool:
        pool._client.gather(pool._warm)
        (state,) = pool._client.run(_worker_state).values()
    assert state["preloaded"]
    assert state["setting"] == "0" and not state["fast_ruler"]


def test_preload_loads_spacy_and_the_encoder_in_threads_and_stays_quiet_on_failure(
    monkeypatch,
) -> None:
    import pytest

    from rashomon import embed
    from rashomon.engine import preload
    from rashomon.errors import RashomonError
    from rashomon.read import nlp

    threads = preload(reading=True, encoder=True)
    assert len(threads) == 2 and all(t.name == "rashomon-preload" for t in threads)
    for t in threads:
        t.join()
    assert nlp._NLP and embed._MODEL is not None
    # A model that cannot load: the thread says nothing, the caller's own load reports it.
    model = embed._MODEL
    monkeypatch.setattr(embed, "_MODEL", None)
    monkeypatch.setenv("RASHOMON_EMBED_MODEL", "/nonexistent/model")
    for t in preload(reading=False, encoder=True):
        t.join()
    assert embed._MODEL is None
    with pytest.raises(RashomonError, match="not found"):
        embed.load_model()
    monkeypatch.setattr(embed, "_MODEL", model)
