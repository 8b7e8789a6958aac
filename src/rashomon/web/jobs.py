"""Form ingests run in the background so the browser can show their progress.

Reading, grouping and comparing what a form brought can take a while; a request that waits on
it shows nothing. So the form's POST starts a job and answers at once with its page, which
refreshes itself (a ``<meta http-equiv="refresh">``: the app runs no script) while the job runs
and lands on the result when it is done. Jobs live in this process only, the last
:data:`KEEP` of them: a job is a view of work whose results are in the database anyway.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import Code, RashomonError

KEEP = 100

Progress = Callable[[str, int, "int | None"], None]


@dataclass
class Job:
    id: str
    state: str = "running"  # running, done, failed
    stage: str = "ingest"
    done: int = 0
    total: int | None = None
    outcome: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    started: float = field(default_factory=time.monotonic)

    def progress(self, stage: str, done: int, total: int | None) -> None:
        self.stage, self.done, self.total = stage, done, total

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


class Jobs:
    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, work: Callable[[Progress], dict[str, Any]]) -> Job:
        """Run ``work(progress)`` in a thread; its dict is the job's outcome."""
        job = Job(secrets.token_urlsafe(12))
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                self._jobs.popitem(last=False)

        def run() -> None:
            try:
                job.outcome = work(job.progress)
                job.state = "done"
            except RashomonError as exc:
                job.error, job.state = exc.to_dict(), "failed"
            except Exception as exc:  # the boundary of a background job: say it, keep serving
                logging.getLogger(__name__).exception("ingest job %s failed", job.id)
                job.error = {"code": "internal", "message": f"internal error: {type(exc).__name__}: {exc}",
                             "source": None, "fix": "a bug: the server's log has the traceback"}  # fmt: skip
                job.state = "failed"

        threading.Thread(target=run, name=f"ingest-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise RashomonError(Code.NOT_FOUND, "no such ingest job (finished long ago, or the "
                                "server restarted)", fix="see the stories list for what was added")  # fmt: skip
        return job
