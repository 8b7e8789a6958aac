"""The per-article stage on a Dask cluster (``--scheduler tcp://HOST:PORT`` or ``local``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import Code, RashomonError
from ..model import Article

if TYPE_CHECKING:
    from . import OnResult


def _load_models_on_worker(embed: bool = False) -> str:
    from . import init_worker

    init_worker(embed)
    return "ok"


def run_dask(
    articles: Sequence[Article],
    stages: Sequence[str],
    scheduler: str,
    workers: int,
    chunk_size: int,
    on_result: OnResult | None,
    embed: bool = False,
) -> dict[str, Article]:
    from distributed import Client, LocalCluster, as_completed

    from . import _chunks, read_chunk, read_chunk_embedded, unpack

    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
            )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="20s")
    except OSError as exc:
        raise RashomonError(
            Code.NETWORK,
            f"cannot reach the Dask scheduler: {exc}",
            source=scheduler,
            fix="start one with 'dask scheduler' or pass --scheduler local",
        ) from exc
    done: dict[str, Article] = {}
    try:
        # The models are loaded once per worker, up front.
        client.run(_load_models_on_worker, embed)
        task = read_chunk_embedded if embed else read_chunk
        slots = max(1, sum(client.nthreads().values()))  # a remote cluster's, not --workers
        futs = [
            client.submit(task, [a.to_dict() for a in chunk], list(stages), pure=False)
            for chunk in _chunks(articles, chunk_size, slots)
        ]
        for fut in as_completed(futs):
            out = [Article.from_dict(d) for d in unpack(fut.result(), embed)]
            if on_result:
                on_result(out)  # the single writer lives here, in the client process
            done.update((a.id, a) for a in out)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return done
