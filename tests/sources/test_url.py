"""URLs: fetched from a local server; limits, redirects and address checks."""

from __future__ import annotations

import gzip
import ipaddress

import pytest

from rashomon.errors import Code
from rashomon.model import content_id
from rashomon.sources import ReadOptions, iter_items
from rashomon.sources.url import _forbidden

from .conftest import LocalServer, Route
from .test_feed import ATOM

PAGE = (
    "<html><head><title>Kyiv</title></head><body><p>Zelensky met Rutte in Kyiv.</p></body></html>"
)
LOCAL = ReadOptions(allow_private=True, timeout=5)


def test_page_url_is_fetched_as_an_html_article(server: LocalServer) -> None:
    body = PAGE.encode("utf-8")
    url = server.route("/news/1", Route(body, headers={"Content-Type": "text/html; charset=utf-8"}))
    (item,) = iter_items([url], LOCAL)
    art = item.article
    assert art is not None, item.error
    assert art.kind == "url" and art.source == url and art.url == url
    assert art.html == PAGE and art.id == content_id(body)
    assert item.original == body and item.media_type == "text/html"


def test_loopback_url_is_refused_without_allow_private(server: LocalServer) -> None:
    url = server.route("/news/1", Route(PAGE.encode()))
    (item,) = iter_items([url], ReadOptions(timeout=5))
    assert item.error is not None and item.error.code is Code.FORBIDDEN_ADDRESS
    assert "127.0.0.1" in item.error.one_line()
    assert server.hits == []  # refused before any request was sent


@pytest.mark.parametrize(
    "addr",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "172.16.5.4",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "100.64.0.1",
    ],
)
def test_non_public_addresses_are_forbidden(addr: str) -> None:
    assert _forbidden(ipaddress.ip_address(addr))


def test_public_addresses_are_allowed() -> None:
    assert not _forbidden(ipaddress.ip_address("93.184.216.34"))
    assert not _forbidden(ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946"))


def test_redirects_are_followed_and_counted(server: LocalServer) -> None:
    server.route("/final", Route(PAGE.encode(), headers={"Content-Type": "text/html"}))
    server.route("/r2", Route(status=302, headers={"Location": "/final"}))
    start = server.route("/r1", Route(status=301, headers={"Location": server.url("/r2")}))
    (item,) = iter_items([start], LOCAL)
    assert item.article is not None and item.article.url == server.url("/final")
    assert item.article.source == start
    (refused,) = iter_items([start], ReadOptions(allow_private=True, max_redirects=1))
    assert refused.error is not None and refused.error.code is Code.NETWORK
    assert "redirects" in refused.error.message


def test_redirect_to_another_scheme_is_refused(server: LocalServer) -> None:
    start = server.route("/r", Route(status=302, headers={"Location": "file:///etc/passwd"}))
    (item,) = iter_items([start], LOCAL)
    assert item.error is not None and item.error.code is Code.UNSUPPORTED


def test_body_over_the_limit_is_refused_while_streaming(server: LocalServer) -> None:
    big = b"<p>" + b"x" * 5000 + b"</p>"
    url = server.route("/big", Route(big, send_length=False))
    declared = server.route("/declared", Route(big))
    for u in (url, declared):
        (item,) = iter_items([u], ReadOptions(allow_private=True, max_bytes=1000))
        assert item.error is not None and item.error.code is Code.TOO_LARGE


def test_http_errors_and_timeouts(server: LocalServer) -> None:
    (missing,) = iter_items([server.url("/nope")], LOCAL)
    assert missing.error is not None and missing.error.code is Code.NOT_FOUND
    err = server.route("/boom", Route(b"", status=500))
    (boom,) = iter_items([err], LOCAL)
    assert (
        boom.error is not None and boom.error.code is Code.NETWORK and "500" in boom.error.message
    )
    slow = server.route("/slow", Route(PAGE.encode(), delay=1.0))
    (late,) = iter_items([slow], ReadOptions(allow_private=True, timeout=0.2))
    assert late.error is not None and late.error.code is Code.NETWORK
    assert "timed out" in late.error.message


def test_the_timeout_is_one_deadline_for_the_whole_fetch_not_per_read(server: LocalServer) -> None:
    # Every byte comes well within the timeout, the whole body (4 s) does not.
    drip = server.route("/drip", Route(b"<p>" + b"x" * 37 + b"</p>", drip=0.1))
    (late,) = iter_items([drip], ReadOptions(allow_private=True, timeout=1))
    assert late.error is not None and late.error.code is Code.NETWORK
    assert "timed out after 1 s" in late.error.message
    # The deadline spans the redirects too: each hop's wait counts against it.
    server.route("/end", Route(PAGE.encode(), headers={"Content-Type": "text/html"}, delay=0.6))
    hop = server.route("/hop", Route(status=302, headers={"Location": "/end"}, delay=0.6))
    (hopped,) = iter_items([hop], ReadOptions(allow_private=True, timeout=1))
    assert hopped.error is not None and "timed out" in hopped.error.message


class DripServer:
    """A raw socket server that answers each connection with ``reply``, one byte every
    ``every`` seconds: its status line and headers too, which http.server cannot drip."""

    def __init__(self, reply: bytes, every: float = 0.1) -> None:
        import socket
        import threading

        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.reply, self.every = reply, every
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        import time

        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:  # closed
                return
            with conn:
                try:
                    conn.recv(65536)
                    for i in range(len(self.reply)):
                        conn.sendall(self.reply[i : i + 1])
                        time.sleep(self.every)
                except OSError:  # the client gave up: what the test wants
                    pass

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.sock.close()


def _reply(pad: int, body: bytes = PAGE.encode()) -> bytes:
    return (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Pad: " + b"a" * pad + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )


def test_the_deadline_cuts_a_server_that_drips_its_status_line_and_headers() -> None:
    # The headers take about 8 s at a byte every 0.1 s, and each byte comes well within the
    # time-out; the answer has no body, so nothing after the headers can notice the time. The
    # same answer at full speed is a good one, so only the deadline can refuse it.
    from rashomon.errors import RashomonError
    from rashomon.sources.url import fetch

    fast = DripServer(_reply(40, b""), every=0)
    drip = DripServer(_reply(40, b""), every=0.1)
    try:
        assert fetch(fast.url(), ReadOptions(allow_private=True, timeout=5)).status == 200
        with pytest.raises(RashomonError, match="timed out after 1 s") as late:
            fetch(drip.url(), ReadOptions(allow_private=True, timeout=1))
    finally:
        fast.close()
        drip.close()
    assert late.value.code is Code.NETWORK


def test_a_client_call_has_one_deadline_for_a_post_too() -> None:
    """The watch's webhook goes through the same client: a hook that drips its answer is cut."""
    import httpx

    from rashomon.sources.url import client

    drip = DripServer(_reply(40), every=0.1)
    try:
        with client(1, allow_private=True) as c, pytest.raises(httpx.TimeoutException):
            c.post(drip.url("/hook"), json={"alert": 1})
    finally:
        drip.close()


def test_the_connection_goes_to_the_address_that_was_checked(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that answers a public address to the check and a private one to the
    connection. The name is resolved once and the checked address is the one connected to."""
    import socket

    import rashomon.sources.url as url_mod

    server.route("/p", Route(PAGE.encode(), headers={"Content-Type": "text/html"}))
    answers = iter(["127.0.0.1", "127.0.0.2"])  # the "public" address, then the "private" one
    asked: list[str] = []
    real = socket.getaddrinfo

    def rebinding(host: str, port: object, *args: object, **kw: object) -> list:
        if host != "news.example":
            return real(host, port, *args, **kw)  # type: ignore[arg-type]
        asked.append(host)
        return real(next(answers), port, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    # For this test 127.0.0.2 stands for a private address and 127.0.0.1 for a public one.
    monkeypatch.setattr(url_mod, "_forbidden", lambda ip: str(ip) == "127.0.0.2")
    (item,) = iter_items([f"http://news.example:{server.port}/p"], ReadOptions(timeout=5))
    assert item.article is not None, item.error
    assert asked == ["news.example"] and server.hits == ["/p"]


def test_unreachable_port_is_a_network_error() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: the connection is refused
        (item,) = iter_items([f"http://127.0.0.1:{port}/"], LOCAL)
    assert item.error is not None and item.error.code is Code.NETWORK


def test_feed_url_yields_its_entries(server: LocalServer) -> None:
    url = server.route(
        "/atom", Route(ATOM.encode(), headers={"Content-Type": "application/atom+xml"})
    )
    items = list(iter_items([url], LOCAL))
    assert len(items) == 1
    art = items[0].article
    assert art is not None and art.kind == "feed" and art.source == f"{url}#entry=1"
    assert art.meta["feed_title"] == "Atom Outlet"  # the outlet of last resort, for cleaning


def test_gzip_body_and_header_charset(server: LocalServer) -> None:
    text = "Киев, заявил Песков в понедельник."
    url = server.route(
        "/ru.txt.gz",
        Route(gzip.compress(text.encode("cp1251")), headers={"Content-Type": "application/gzip"}),
    )
    (item,) = iter_items([url], LOCAL)
    assert item.article is not None  # cp1251 without a declaration: guessed
    assert item.article.raw_text == text
    cp = server.route(
        "/ru", Route(text.encode("koi8-r"), headers={"Content-Type": "text/plain; charset=koi8-r"})
    )
    (item2,) = iter_items([cp], LOCAL)
    assert item2.article is not None and item2.article.raw_text == text


def test_other_schemes_are_unsupported() -> None:
    (item,) = iter_items(["ftp://example.org/a.txt"])
    assert item.error is not None and item.error.code is Code.UNSUPPORTED


def test_names_resolving_to_loopback_are_refused_like_literal_addresses() -> None:
    for url in ("http://localhost:1/x", "http://[::1]:1/"):
        (item,) = iter_items([url], ReadOptions(timeout=2))
        assert item.error is not None and item.error.code is Code.FORBIDDEN_ADDRESS, url


def test_json_url_yields_its_records(server: LocalServer) -> None:
    body = b'[{"headline": "Rutte in Kyiv", "body": "NATO chief Mark Rutte arrived.", "url": "https://example.org/r"}]'
    url = server.route("/api", Route(body, headers={"Content-Type": "application/json"}))
    (item,) = iter_items([url], LOCAL)
    art = item.article
    assert art is not None and art.kind == "json" and art.source == f"{url}#record=1"
    assert art.url == "https://example.org/r" and art.title == "Rutte in Kyiv"
    assert item.original == body and item.media_type == "application/json"
