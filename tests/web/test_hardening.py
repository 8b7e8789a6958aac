"""The web app and the API under hostile or careless requests (issue 19): no server file is ever
read, limits hold before the token and while streaming, every error has its shape and headers."""

from __future__ import annotations

import json
import socket

import httpx

from .conftest import Server

ERROR_KEYS = {"code", "name", "message", "source", "fix"}

#: What the ``url`` field must never read: server files and folders, the server's standard input,
#: /proc, other schemes, and a relative path.
NOT_URLS = (
    "/etc/passwd",
    "/etc/",
    "-",
    "/proc/self/environ",
    "file:///etc/passwd",
    "etc/passwd",
    "  /etc/hostname  ",
)


def _count(c) -> int:  # type: ignore[no-untyped-def]
    return int(c.get("/api/v1/health").json()["articles"])


def test_the_api_url_field_takes_http_urls_only_never_a_server_path(server: Server) -> None:
    with server.client() as c:
        before = _count(c)
        for value in NOT_URLS:
            r = c.post(
                "/api/v1/articles", json={"url": value, "analyze": False}, headers=server.auth()
            )
            assert r.status_code == 400, (value, r.status_code, r.text[:300])
            err = r.json()["error"]
            assert set(err) == ERROR_KEYS and err["code"] == "E015", value
            assert "root:" not in r.text
        assert _count(c) == before


def test_the_form_url_field_takes_http_urls_only_never_a_server_path(server: Server) -> None:
    with server.client() as c:
        before = _count(c)
        for value in NOT_URLS:
            sent = (
                c.post("/ingest", data={"token": server.token, "url": value}),  # urlencoded
                c.post(  # multipart, with the empty file part a browser sends
                    "/ingest",
                    data={"token": server.token, "url": value},
                    files={"files": ("", b"", "application/octet-stream")},
                ),
            )
            for r in sent:
                assert r.status_code == 400, (value, r.status_code, r.text[-300:])
                assert "E015" in r.text and "root:" not in r.text
                assert "text/html" in r.headers["content-type"]
        assert _count(c) == before
        page = c.get("/ingest").text
    assert 'type="url"' in page and 'pattern="[hH][tT][tT][pP][sS]?://.+"' in page


# -- the token before the body, the size limit while streaming -------------------------------


def _answer(server: Server, head: str, body_parts: list[bytes], wait: float = 20) -> bytes:
    """Send a request head and the given body parts over a raw socket, never the rest of the
    body, and return what the server answers within ``wait`` seconds (b"" if nothing)."""
    host, port = server.url.removeprefix("http://").split(":")
    raw = b""
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        try:
            sock.sendall(head.encode())
            for part in body_parts:
                sock.sendall(part)
        except OSError:  # the server answered and closed while we were still sending
            pass
        try:
            while chunk := sock.recv(65536):
                raw += chunk
        except (TimeoutError, OSError):
            pass
    return raw


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _head(server: Server, path: str, content_type: str, extra: str = "") -> str:
    host = server.url.removeprefix("http://")
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\n"
        f"Transfer-Encoding: chunked\r\n{extra}\r\n"
    )


def _parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0] else 0
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body


def _secured(headers: dict[str, str]) -> bool:
    return (
        "default-src 'none'" in headers.get("content-security-policy", "")
        and headers.get("x-content-type-options") == "nosniff"
    )


def test_an_api_write_without_a_token_is_refused_before_its_body_is_read(server: Server) -> None:
    # The body never ends: the server can only answer if it does not wait for it.
    raw = _answer(
        server,
        _head(server, "/api/v1/articles", "application/json"),
        [_chunk(b'{"text": "' + b"a" * 65536)],
    )
    status, headers, body = _parse(raw)
    assert status == 401, raw[:300]
    assert json.loads(body)["error"]["code"] == "E016" and _secured(headers)


def test_the_form_without_a_valid_token_first_is_refused_before_the_files_are_read(
    server: Server,
) -> None:
    b = "XyZboundary"
    start = (
        f'--{b}\r\nContent-Disposition: form-data; name="token"\r\n\r\nnot-the-token\r\n'
        f'--{b}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\n"
    ).encode() + b"a" * 65536
    raw = _answer(
        server, _head(server, "/ingest", f"multipart/form-data; boundary={b}"), [_chunk(start)]
    )
    status, headers, body = _parse(raw)
    assert status == 401, raw[:300]
    assert b"E016" in body and _secured(headers)
    # The page's advice is for a person at a form, not for a command line or an HTTP client.
    assert b"Authorization" not in body and b"--help" not in body


def test_a_chunked_body_over_the_limit_is_refused_while_it_streams(server: Server) -> None:
    from rashomon.web.app import MAX_BODY

    mb = b"a" * (1024 * 1024)
    parts = [_chunk(b'{"text": "')] + [_chunk(mb)] * (MAX_BODY // len(mb) + 2)
    auth = f"Authorization: Bearer {server.token}\r\n"
    raw = _answer(server, _head(server, "/api/v1/articles", "application/json", auth), parts)
    status, headers, body = _parse(raw)
    assert status == 413, raw[:300]
    assert json.loads(body)["error"]["code"] == "E003" and _secured(headers)
    b = "XyZboundary"
    form = [
        _chunk(
            f'--{b}\r\nContent-Disposition: form-data; name="token"\r\n\r\n{server.token}\r\n'
            f'--{b}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'
            f"Content-Type: text/plain\r\n\r\n".encode()
        )
    ] + [_chunk(mb)] * (MAX_BODY // len(mb) + 2)
    raw = _answer(server, _head(server, "/ingest", f"multipart/form-data; boundary={b}"), form)
    status, headers, body = _parse(raw)
    assert status == 413 and b"E003" in body and _secured(headers), raw[:300]


def test_an_announced_oversized_body_gets_the_error_shape_and_the_security_headers(
    server: Server,
) -> None:
    host = server.url.removeprefix("http://")
    head = (
        f"POST /api/v1/articles HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {200 * 1024 * 1024}\r\n\r\n"
    )
    status, headers, body = _parse(_answer(server, head, [b"{}"]))
    assert status == 413 and json.loads(body)["error"]["code"] == "E003" and _secured(headers)


# -- one error boundary ------------------------------------------------------------------------


def test_a_method_not_allowed_says_which_are(server: Server) -> None:
    with server.client() as c:
        r = c.put("/api/v1/articles", json={})
        one = c.delete("/api/v1/health")
    assert r.status_code == 405 and set(r.json()["error"]) == ERROR_KEYS and _secured(r.headers)
    assert {m.strip() for m in r.headers["allow"].split(",")} >= {"GET", "POST"}
    assert one.status_code == 405 and "GET" in one.headers["allow"]


def test_an_offset_past_any_integer_is_an_empty_page_not_a_crash(server: Server) -> None:
    with server.client() as c:
        for path in ("/api/v1/articles", "/api/v1/stories"):
            r = c.get(path, params={"offset": "99999999999999999999"})
            assert r.status_code == 200, (path, r.text[:300])
            assert r.json()[path.rsplit("/", 1)[1]] == []


def test_an_unexpected_failure_is_a_500_in_the_error_shape_with_the_headers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .conftest import start_server

    gen = start_server(tmp_path / "crash.db")
    srv = next(gen)
    try:
        def broken(*args: object, **kwargs: object) -> None:
            raise ZeroDivisionError("a planted bug")

        srv.app.state.rashomon.list = broken
        with srv.client() as c:
            api = c.get("/api/v1/articles")
            page = c.get("/")
            still = c.get("/api/v1/health")
    finally:
        next(gen, None)
    assert api.status_code == 500 and _secured(api.headers)
    err = api.json()["error"]
    assert set(err) == ERROR_KEYS and err["code"] == "E017" and "planted" not in api.text
    assert page.status_code == 500 and "text/html" in page.headers["content-type"]
    assert "E017" in page.text and _secured(page.headers)
    assert still.status_code == 200


# -- the Host header ---------------------------------------------------------------------------


def test_only_the_configured_host_names_are_answered(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .conftest import start_server

    gen = start_server(tmp_path / "hosts.db", allow_hosts=("news.example.org",))
    srv = next(gen)
    port = srv.url.rsplit(":", 1)[1]
    try:
        with srv.client() as c:
            def get(path: str, host: str) -> httpx.Response:
                return c.get(path, headers={"Host": host})

            for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.2", ""):
                r = get("/api/v1/health", host)
                assert r.status_code == 400, host
                assert r.json()["error"]["code"] == "E015" and _secured(r.headers)
                assert "--allow-host" in r.json()["error"]["fix"]
            page = get("/", "attacker.example")
            assert page.status_code == 400 and "text/html" in page.headers["content-type"]
            for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "LOCALHOST",
                         "news.example.org", f"news.example.org:{port}"):
                assert get("/api/v1/health", host).status_code == 200, host
    finally:
        next(gen, None)


def test_the_token_file_is_written_through_a_fresh_temp_file_not_a_planted_link(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rashomon.web import auth

    db = tmp_path / "t.db"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (tmp_path / "t.db.token.tmp").symlink_to(victim)
    token = auth.rotate_token(db)
    assert victim.read_text() == "keep me\n"
    assert auth.check_token(db, token) and (auth.token_path(db).stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db.token", "t.db.token.tmp", "victim.txt"]
