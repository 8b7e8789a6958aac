"""The write token: generated on first run, printed once, kept (hashed) with the database.

Reads are open on localhost; anything that writes (ingest, compare) needs
``Authorization: Bearer TOKEN``. Only the SHA-256 of the token is stored, in a file beside the
database (``<db>.token``, mode 0600), so a copy of the database file alone grants nothing and
the token can be rotated without touching the data.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path


def token_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".token")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _write(path: Path, token: str) -> None:
    """Through a fresh private temp file (mkstemp: 0600, O_EXCL) renamed over ``path``: a
    predictable ``.tmp`` name would follow a link planted there and overwrite its target."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(_hash(token) + "\n")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def ensure_token(db_path: Path) -> str | None:
    """Create a token if none exists; return it (to print once), or None if one already exists."""
    path = token_path(db_path)
    if path.exists():
        return None
    token = secrets.token_urlsafe(32)
    _write(path, token)
    return token


def rotate_token(db_path: Path) -> str:
    """Replace the token; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    _write(token_path(db_path), token)
    return token


def check_token(db_path: Path, presented: str | None) -> bool:
    if not presented:
        return False
    try:
        stored = token_path(db_path).read_text().strip()
    except OSError:
        return False
    return hmac.compare_digest(stored, _hash(presented))


#: The cookie that keeps the form's token for a browser session (HttpOnly, SameSite=Strict).
SESSION_COOKIE = "rashomon_writer"


def session_value(db_path: Path) -> str | None:
    """What the session cookie holds once the form was given the right token: an HMAC of the
    stored token hash, never the token itself. Rotating the token ends every session."""
    try:
        stored = token_path(db_path).read_text().strip()
    except OSError:
        return None
    return hmac.new(stored.encode("ascii"), b"rashomon form session", hashlib.sha256).hexdigest()


def check_session(db_path: Path, presented: str | None) -> bool:
    expected = session_value(db_path)
    return bool(presented and expected) and hmac.compare_digest(expected or "", presented or "")
