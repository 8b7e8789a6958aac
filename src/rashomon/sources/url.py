"""http(s) URLs, fetched with httpx under a time-out, a size limit and a redirect limit.

Redirects are followed here, one hop at a time, so that every hop is checked: its scheme, its
host's resolved addresses (private, loopback, link-local and other non-public addresses are
refused unless ``ReadOptions.allow_private``), and the hop count. The body is streamed and the
fetch stops as soon as it passes ``max_bytes``. The page is then read like a file: sniffed, so a
feed URL yields its entries and a JSON URL its records.

Known gap: the address check and the connection resolve the name separately, so a DNS server that
answers differently the second time (DNS rebinding) is not caught.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import Code, RashomonError
from .base import Item, ReadOptions

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


def check_host(url: str, opts: ReadOptions, source: str) -> None:
    """Refuse a URL whose scheme is not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise RashomonError(
            Code.UNSUPPORTED,
            f"cannot fetch a {parts.scheme or 'schemeless'} URL ({url})",
            source=source,
        )
    host = parts.hostname
    if not host:
        raise RashomonError(Code.NETWORK, f"no host in the URL {url}", source=source)
    if opts.allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise RashomonError(Code.NETWORK, f"cannot resolve {host} ({exc})", source=source) from None
    for info in infos:
        addr = info[4][0].split("%", 1)[0]  # drop an IPv6 zone id
        if _forbidden(ipaddress.ip_address(addr)):
            raise RashomonError(
                Code.FORBIDDEN_ADDRESS,
                f"{host} resolves to the non-public address {addr}",
                source=source,
            )


def fetch(
    url: str,
    opts: ReadOptions,
    source: str | None = None,
    headers: dict[str, str] | None = None,
    answer: frozenset[int] = frozenset(),
) -> Fetched:
    """GET ``url``, following at most ``opts.max_redirects`` checked redirects, all within one
    deadline of ``opts.timeout`` seconds: httpx's timeouts are per read, so a server that sends a
    byte a second would otherwise hold the fetch as long as it likes. Each hop gets the time left
    as its timeout and the body is checked against the deadline after every chunk.

    ``headers`` go with every hop (a watch's If-None-Match / If-Modified-Since); a status in
    ``answer`` (304, or 429 and 503 whose Retry-After a watch honours) is returned, not raised.
    """
    source = source or url
    current = url
    deadline = time.monotonic() + opts.timeout
    try:
        with httpx.Client(
            follow_redirects=False,
            timeout=opts.timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})},
            trust_env=False,
        ) as client:
            for _hop in range(opts.max_redirects + 1):
                check_host(current, opts, source)
                with client.stream("GET", current, timeout=_left(deadline)) as resp:
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
                    data = _read_capped(resp, opts.max_bytes, source, deadline)
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


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpx.TimeoutException("the total deadline passed")
    return left


def _read_capped(resp: httpx.Response, max_bytes: int, source: str, deadline: float) -> bytes:
    length = resp.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise RashomonError(
            Code.TOO_LARGE, f"{length} bytes, over the {max_bytes}-byte limit", source=source
        )
    buf = bytearray()
    for chunk in resp.iter_bytes():
        buf += chunk
        _left(deadline)
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
