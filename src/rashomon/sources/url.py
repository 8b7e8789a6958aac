"""http(s) URLs, fetched with httpx under one deadline, a size limit and a redirect limit.

Redirects are followed here, one hop at a time, so that every hop is checked: its scheme, its
host's resolved addresses (private, loopback, link-local and other non-public addresses are
refused unless ``ReadOptions.allow_private``), and the hop count. The connection goes to the
addresses that were checked, never to a second resolution of the name, so a DNS server that
answers differently the second time (DNS rebinding) cannot slip a private address in. The body
is streamed and the fetch stops as soon as it passes ``max_bytes``. The page is then read like a
file: sniffed, so a feed URL yields its entries and a JSON URL its records.

``--timeout`` is one deadline for the whole fetch: name resolution, every connection, every read
and write of the status line, headers and body, over all redirects. httpx has no total timeout
(its timeouts are per operation, so a server sending a byte a second holds a fetch as long as it
likes), so the network backend under it (:class:`_Guarded`, httpcore's interface) gives each
socket operation only the time left.
"""

from __future__ import annotations

import dataclasses
import functools
import ipaddress
import socket
import ssl
import threading
import time
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from ..errors import Code, RashomonError
from .base import Item, ReadOptions

# httpcore's own type of a socket option (its NetworkBackend declares it so).
SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)

USER_AGENT = "rashomon/0.1 (+https://github.com/; offline news reader)"
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(slots=True)
class Fetched:
    url: str  # the final URL after redirects
    data: bytes
    content_type: str | None
    status: int
    headers: dict[str, str] = dataclasses.field(default_factory=dict)  # lower-case names


def is_url(target: str) -> bool:
    return target.lower().startswith(("http://", "https://"))


def _forbidden(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def check_host(url: str, source: str) -> None:
    """Refuse a URL whose scheme is not http(s) or that names no host. Its addresses are checked
    when the connection is made (:meth:`_Guarded.connect_tcp`)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise RashomonError(
            Code.UNSUPPORTED,
            f"cannot fetch a {parts.scheme or 'schemeless'} URL ({url})",
            source=source,
        )
    if not parts.hostname:
        raise RashomonError(Code.NETWORK, f"no host in the URL {url}", source=source)


class _Deadline:
    """A point in time every network operation of one fetch must end by."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def cap(self, timeout: float | None, late: type[Exception]) -> float:
        """``timeout`` cut to the time left; ``late`` (an httpcore time-out) once none is."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise late(f"the {self.seconds:g} s deadline passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write gets at most the fetch's time left, so a server
    that drips its status line, headers or body is cut at the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        t = self._deadline.cap(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, t), self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _Guarded(httpcore.NetworkBackend):
    """httpcore's socket backend under one fetch's deadline and address check: the name is
    resolved once (within the deadline), every address is checked, and only a checked address is
    connected to."""

    def __init__(self, deadline: _Deadline, allow_private: bool, source: str) -> None:
        self._inner = httpcore.SyncBackend()
        self._deadline = deadline
        self._allow_private = allow_private
        self._source = source

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for addr in self._addresses(host, port):
            t = self._deadline.cap(timeout, httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(addr, port, t, local_address, socket_options)
            except httpcore.ConnectError as exc:  # refused: the next address may answer
                last = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        raise last or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:  # pragma: no cover (fetch never makes a unix-socket pool)
        raise httpcore.ConnectError("no unix sockets here")

    def sleep(self, seconds: float) -> None:  # pragma: no cover (httpcore retries are off)
        self._inner.sleep(seconds)

    def _addresses(self, host: str, port: int) -> list[str]:
        """The host's addresses, resolved within the deadline, each one checked."""
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            infos = [(0, 0, 0, "", (host, port))]  # a literal address: nothing to resolve
        except ValueError:
            infos = _resolve(host, port, self._deadline.cap(None, httpcore.ConnectTimeout),
                             self._source)  # fmt: skip
        out: list[str] = []
        for info in infos:
            addr = str(info[4][0])
            if not self._allow_private and _forbidden(ipaddress.ip_address(addr.split("%", 1)[0])):
                raise RashomonError(
                    Code.FORBIDDEN_ADDRESS,
                    f"{host} resolves to the non-public address {addr}",
                    source=self._source,
                )
            if addr not in out:
                out.append(addr)
        return out


def _resolve(host: str, port: int, left: float, source: str) -> list[typing.Any]:
    """``getaddrinfo`` within ``left`` seconds. It has no time-out of its own, so it runs in a
    daemon thread that is left to the resolver's own give-up if it outlasts the deadline."""
    box: list[typing.Any] = []

    def run() -> None:
        try:
            box.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError, ValueError) as exc:
            box.append(exc)

    t = threading.Thread(target=run, name="rashomon-resolve", daemon=True)
    t.start()
    t.join(left)
    if not box:
        raise httpcore.ConnectTimeout(f"resolving {host} took longer than the deadline")
    if isinstance(box[0], Exception):
        raise RashomonError(Code.NETWORK, f"cannot resolve {host} ({box[0]})", source=source)
    return list(box[0])


@functools.cache
def _tls() -> ssl.SSLContext:
    """One verifying TLS context for every fetch (loading the CA bundle costs milliseconds)."""
    return httpx.create_ssl_context(trust_env=False)


class _Transport(httpx.HTTPTransport):
    """httpx's transport over :class:`_Guarded`. httpx takes no network backend of its own, so the
    connection pool it built is replaced by one that uses ours (httpx keeps it in ``_pool``; the
    deadline and address tests fail if that changes)."""

    def __init__(self, backend: _Guarded) -> None:
        super().__init__(verify=_tls(), trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=_tls(), network_backend=backend)


def client(timeout: float, headers: dict[str, str] | None = None, *, allow_private: bool = False,
           source: str = "") -> httpx.Client:  # fmt: skip
    """An httpx client whose requests, all together, end within ``timeout`` seconds of now, and
    that connects only to public addresses unless ``allow_private``. One client per fetch."""
    deadline = _Deadline(timeout)
    return httpx.Client(
        transport=_Transport(_Guarded(deadline, allow_private, source)),
        follow_redirects=False,
        timeout=timeout,
        headers={"User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})},
        trust_env=False,
    )


def fetch(
    url: str,
    opts: ReadOptions,
    source: str | None = None,
    headers: dict[str, str] | None = None,
    answer: frozenset[int] = frozenset(),
) -> Fetched:
    """GET ``url``, following at most ``opts.max_redirects`` checked redirects, all within one
    deadline of ``opts.timeout`` seconds (see the module's docstring).

    ``headers`` go with every hop (a watch's If-None-Match / If-Modified-Since); a status in
    ``answer`` (304, or 429 and 503 whose Retry-After a watch honours) is returned, not raised.
    """
    source = source or url
    current = url
    try:
        with client(opts.timeout, headers, allow_private=opts.allow_private, source=source) as c:
            for _hop in range(opts.max_redirects + 1):
                check_host(current, source)
                with c.stream("GET", current) as resp:
                    if resp.status_code in _REDIRECTS and resp.headers.get("location"):
                        current = urljoin(current, resp.headers["location"])
                        continue
                    if resp.status_code in answer:
                        return Fetched(
                            str(resp.url), b"", resp.headers.get("content-type"),
                            resp.status_code, {k.lower(): v for k, v in resp.headers.items()},
                        )
                    if resp.status_code in (404, 410):
                        raise RashomonError(
                            Code.NOT_FOUND, f"HTTP {resp.status_code} from {current}", source=source
                        )
                    if resp.status_code >= 400:
                        raise RashomonError(
                            Code.NETWORK, f"HTTP {resp.status_code} from {current}", source=source
                        )
                    data = _read_capped(resp, opts.max_bytes, source)
                    return Fetched(
                        str(resp.url), data, resp.headers.get("content-type"), resp.status_code,
                        {k.lower(): v for k, v in resp.headers.items()},
                    )
    except httpx.TimeoutException:
        raise RashomonError(
            Code.NETWORK, f"timed out after {opts.timeout:g} s fetching {current}", source=source
        ) from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise RashomonError(
            Code.NETWORK, f"cannot fetch {current} ({exc})", source=source
        ) from None
    raise RashomonError(Code.NETWORK, f"more than {opts.max_redirects} redirects", source=source)


def _read_capped(resp: httpx.Response, max_bytes: int, source: str) -> bytes:
    length = resp.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise RashomonError(
            Code.TOO_LARGE, f"{length} bytes, over the {max_bytes}-byte limit", source=source
        )
    buf = bytearray()
    for chunk in resp.iter_bytes():
        buf += chunk
        if len(buf) > max_bytes:
            raise RashomonError(Code.TOO_LARGE, f"over the {max_bytes}-byte limit", source=source)
    return bytes(buf)


def read_url(url: str, opts: ReadOptions, follow_feeds: bool = True) -> Iterator[Item]:
    """The article(s) at ``url``: one for a page, one per entry or record for a feed or JSON.

    Raises :class:`RashomonError` when the URL cannot be fetched; the caller turns it into an item.
    ``follow_feeds`` is off when fetching a feed entry's link, so a feed cannot make us crawl.
    """
    from . import read_bytes

    got = fetch(url, opts)
    path = urlsplit(got.url).path
    media = (got.content_type or "").split(";", 1)[0].strip().lower() or None
    opts_here = opts
    if not follow_feeds and opts.fetch_feed_links:
        opts_here = dataclasses.replace(opts, fetch_feed_links=False)
    yield from read_bytes(
        got.data,
        url,
        opts_here,
        name=path,
        content_type=got.content_type,
        url=got.url,
        via="url",
        media_type=media,
    )
