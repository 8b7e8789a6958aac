"""The per-article stage on a Dask cluster (``--scheduler tcp://HOST:PORT`` or ``local``)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import Code, RashomonError
from ..model import Article

if TYPE_CHECKING:
    from . import OnResult, Options


_TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"


def _load_models_on_worker(
    embed: bool = False, options: Options | None = None, env: dict[str, str] | None = None
) -> str:
    from . import init_worker

    init_worker(embed, options, env)
    return "ok"


class DaskPool:
    """A Dask client (and, for ``"local"``, its ``LocalCluster``), connected and loading the
    models on every worker as soon as this is made, like ``engine.WorkerPool``: ``analyze``
    ingests while the cluster starts."""

    def __init__(
        self, scheduler: str, workers: int, embed: bool = False, options: Options | None = None
    ) -> None:
        from distributed import Client, LocalCluster

        self.embed = embed
        self._env: dict[str, str] | None = None  # the caller's settings, for local workers
        self._cluster: Any = None
        try:
            if scheduler == "local":
                import dask

                from . import settings, start_fork_server

                # The nannies start their workers through multiprocessing: from rashomon's fork
                # server (models loaded once, ``engine._context``), started now with Dask
                # imported too, rather than each worker spawned to import torch and spaCy and
                # load the models itself. A forked worker has the server's environment, so it
                # is given the caller's RASHOMON_* settings with its first task.
                method = start_fork_server(preload=["distributed"])
                self._env = settings()

                # Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, which also turns
                # off glibc's sliding mmap threshold: every array spaCy and torch allocate over
                # 128 KiB is then mapped and unmapped anew (~6,000 munmap per worker per 92
                # articles, strace), and the page faults cost 2.5 times the pool workers'
                # system time (5.2 s vs 2.1 s per worker; without it 2.0 s, and the Dask run's
                # wall time 25.9 -> 20.3 s, measured). Our workers hold models, not a churn of
                # dataframes, so they keep glibc's default. (A cluster of your own: set
                # distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_ to null there.)
                with dask.config.set(
                    {_TRIM: None, "distributed.worker.multiprocessing-method": method}
                ):
                    self._cluster = LocalCluster(
                        n_workers=max(1, workers),
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        host="127.0.0.1",
                    )
                self._client = Client(self._cluster)
            else:
                self._client = Client(scheduler, timeout="20s")
        except OSError as exc:
            self._close_cluster()
            raise RashomonError(
                Code.NETWORK,
                f"cannot reach the Dask scheduler: {exc}",
                source=scheduler,
                fix="start one with 'dask scheduler' or pass --scheduler local",
            ) from exc
        # The models are loaded once per worker, up front: one task pinned to each worker (its
        # one thread runs it before any chunk), not waited for here, so the caller goes on
        # meanwhile. (``Client.run`` cannot leave a plain function running.)
        self._warm = [
            self._client.submit(
                _load_models_on_worker, embed, options, self._env, workers=[w],
                allow_other_workers=False, pure=False,
            )
            for w in self._client.scheduler_info()["workers"]
        ]

    def run(
        self,
        articles: Sequence[Article],
        stages: Sequence[str],
        chunk_size: int,
        on_result: OnResult | None,
        options: Options | None = None,
    ) -> dict[str, Article]:
        from distributed import as_completed

        from . import collect, submit_chunks

        self._client.gather(self._warm)  # a model missing on a worker fails here
        # Workers that joined since:
        self._client.run(_load_models_on_worker, self.embed, options, self._env)
        slots = max(1, sum(self._client.nthreads().values()))  # a remote cluster's, not --workers
        submit = functools.partial(self._client.submit, pure=False)
        futs = submit_chunks(submit, articles, stages, chunk_size, slots, self.embed, options)
        return collect(as_completed(futs), self.embed, on_result)

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def close(self, wait: bool = True, kill: bool = False) -> None:
        """Disconnect, and stop the ``LocalCluster`` if this made one (``wait``/``kill`` are
        ``WorkerPool``'s; a cluster's close already stops its workers)."""
        self._client.close()
        self._close_cluster()

    def __enter__(self) -> DaskPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
