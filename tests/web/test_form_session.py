"""The ingest form's session: the token given once sets an HttpOnly, SameSite=Strict cookie
that stands in for it until the browser closes or the token is rotated; background jobs report
their failures."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from rashomon.errors import Code, RashomonError
from rashomon.web import auth
from rashomon.web.jobs import Jobs

from .conftest import start_server

TEXT = (
    "Library reopens after renovation\n\nThe central library reopened on Monday after a "
    "two-year renovation, the city said, with a new reading room and longer opening hours."
)


def test_the_token_given_once_is_kept_by_an_httponly_strict_cookie_until_rotated(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    for server in start_server(db):
        with httpx.Client(base_url=server.url, timeout=120) as c:
            first = c.post("/ingest", data={"token": server.token, "text": TEXT})
            assert first.status_code in (200, 303), first.text
            cookie = first.headers["set-cookie"]
            assert cookie.startswith(f"{auth.SESSION_COOKIE}=") and server.token not in cookie
            assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
            again = c.post("/ingest", data={"text": TEXT.replace("Monday", "Tuesday")})
            assert again.status_code in (200, 303), again.text  # no token: the cookie stands in
            assert "token-remembered" in c.get("/ingest").text
            auth.rotate_token(db)
            refused = c.post("/ingest", data={"text": TEXT.replace("Monday", "Friday")})
            assert refused.status_code == 401  # rotating the token ends every session
        with httpx.Client(base_url=server.url, timeout=120) as c:
            c.cookies.set(auth.SESSION_COOKIE, "forged")
            assert c.post("/ingest", data={"text": TEXT}).status_code == 401


def test_a_job_that_fails_keeps_its_error() -> None:
    jobs = Jobs(keep=2)
    gate = threading.Event()

    def fail(progress):  # type: ignore[no-untyped-def]
        progress("read", 1, 3)
        gate.wait(10)
        raise RashomonError(Code.USAGE, "paste a text")

    job = jobs.start(fail)
    for _ in range(200):
        if job.stage == "read":
            break
        threading.Event().wait(0.01)
    assert job.state == "running" and (job.done, job.total) == (1, 3)
    gate.set()
    for _ in range(500):
        if job.state != "running":
            break
        threading.Event().wait(0.01)
    assert job.state == "failed" and job.error and job.error["code"] == Code.USAGE.value
    assert jobs.get(job.id) is job
    jobs.start(lambda p: {})
    jobs.start(lambda p: {})
    with pytest.raises(RashomonError) as exc:
        jobs.get(job.id)  # only the last two are kept
    assert exc.value.code is Code.NOT_FOUND
