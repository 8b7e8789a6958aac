"""The checks every request passes before the app sees it, and the headers every response gets.

A plain ASGI middleware rather than ``@app.middleware("http")``: that one hands the app a request
whose body it has already wrapped, adds headers only to responses the app made, and lets an
unexpected exception through to Starlette's bare ``500 text/plain``. Here, in this order:

1. the ``Host`` header must name this server (localhost forms, plus ``--allow-host`` names), so a
   page on another site cannot reach the API through DNS rebinding;
2. a ``Content-Length`` over the limit is refused at once, and the bytes that do stream in are
   counted, chunked bodies included: past the limit, reading the body raises a 413 (FastAPI's own
   ``max_body_size`` does the same, but its plain-text 413 replaces any response of ours);
3. a write route's bearer token is checked before a single byte of its body is read;
4. every response, errors included, carries the security headers;
5. an exception nothing else handled becomes a 500 in the error shape, never a traceback.

Starlette's ``TrustedHostMiddleware`` would do the first check, but answers with a bare
``400 Invalid host header`` outside the error shape and without the headers.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import Code, RashomonError

log = logging.getLogger("rashomon.web")

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
#: The names a local server answers to by default (any port).
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")

ErrorPage = Callable[[Request, RashomonError, int, dict[str, str] | None], Response]


def host_name(host_header: str) -> str:
    """The host of a ``Host`` header without its port, lower-cased: ``[::1]:8000`` -> ``::1``."""
    h = host_header.strip().lower()
    if h.startswith("["):
        return h[1 : h.find("]")] if "]" in h else h
    if h.count(":") == 1:
        h = h.split(":", 1)[0]
    return h.rstrip(".")


class Guard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Iterable[str],
        max_body: int,
        needs_token: Callable[[Scope], bool],
        check_token: Callable[[str | None], bool],
        error_page: ErrorPage,
    ) -> None:
        self.app = app
        self.allowed = {host_name(h) for h in allowed_hosts}
        self.max_body = max_body
        self.needs_token = needs_token
        self.check_token = check_token
        self.error_page = error_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        headers = Headers(scope=scope)
        # A body still on its way when an error is answered is left unread: the connection
        # closes after the answer instead of waiting for (or reading) the rest.
        body_pending = headers.get("content-length", "0") != "0" or "transfer-encoding" in headers

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if body_pending and message["status"] >= 400 and b"connection" not in names:
                    extra.append((b"connection", b"close"))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        received = 0

        async def receive_capped() -> Message:
            nonlocal received, body_pending
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise HTTPException(413, "request body too large")
                body_pending = bool(message.get("more_body"))
            return message

        refusal = self._refusal(scope)
        if refusal is not None:
            await self._answer(scope, receive, send_secured, *refusal)
            return
        try:
            await self.app(scope, receive_capped, send_secured)
        except Exception as exc:
            if started:  # the status line is out; all that can be done is to log it
                log.exception("error after the response started")
                raise
            if isinstance(exc, HTTPException):  # raised outside the routes (the body cap)
                status = exc.status_code
                err = self._too_large() if status == 413 else RashomonError(Code.USAGE, exc.detail)
            else:
                log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
                err = RashomonError(Code.INTERNAL, f"internal error ({type(exc).__name__})")
                status = 500
            await self._answer(scope, receive, send_secured, err, status)

    def _refusal(self, scope: Scope) -> tuple[RashomonError, int] | None:
        headers = Headers(scope=scope)
        host = headers.get("host")
        if host is None or host_name(host) not in self.allowed:
            shown = (host or "")[:100]
            return RashomonError(
                Code.USAGE,
                f"this server does not answer to the host name {shown!r}",
                fix=f"use http://localhost:PORT/, or start the server with --allow-host "
                f"{host_name(shown) or 'NAME'}",
            ), 400
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return self._too_large(), 413
        if self.needs_token(scope):
            auth = headers.get("authorization") or ""
            token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
            if not self.check_token(token):
                return RashomonError(
                    Code.AUTH, "this request writes and needs a valid bearer token"
                ), 401
        return None

    def _too_large(self) -> RashomonError:
        return RashomonError(
            Code.TOO_LARGE, f"request body over {self.max_body // (1024 * 1024)} MB"
        )

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Callable[[Message], Awaitable[None]],
        err: RashomonError,
        status: int,
    ) -> None:
        response = self.error_page(Request(scope, receive), err, status, None)
        await response(scope, receive, send)

