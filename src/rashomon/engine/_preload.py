"""Imported once by the worker pool's fork server (``multiprocessing``'s ``forkserver`` start
method, ``set_forkserver_preload``): loading the default models here means every worker forked
from it starts with torch and spaCy imported and spaCy's model, the gazetteer, the default
attribution tagger and the embedding model loaded, sharing those pages copy-on-write, instead
of each spawned worker paying ~3 CPU-s to import and load them itself.

Nothing here runs a model, so no BLAS, OpenMP or torch thread pool exists yet when the server
forks. A failure is swallowed: the worker's own initializer (``init_worker``) then loads what it
needs and reports the error where the caller sees it.
"""

from __future__ import annotations

try:  # noqa: SIM105 (a bare suppress would hide that this is deliberate)
    from . import init_worker

    init_worker(embed=True)
except Exception:  # noqa: BLE001, S110 (see the module docstring)
    pass
