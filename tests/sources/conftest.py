"""A local HTTP server for the URL and feed tests: routes are set per test, nothing leaves 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from _shared import DATASETS, SEEDS

EXTRACTION = DATASETS / "article-extraction-benchmark"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    drip: float = 0.0  # seconds between the body's bytes, sent one at a time


class LocalServer:
    """``server.route("/a", Route(...))``, then fetch ``server.url("/a")``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                hits.append(self.path)
                r = routes.get(self.path)
                if r is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if r.delay:
                    import time

                    time.sleep(r.delay)
                self.send_response(r.status)
                for k, v in r.headers.items():
                    self.send_header(k, v)
                if r.send_length and "Content-Length" not in r.headers:
                    self.send_header("Content-Length", str(len(r.body)))
                self.end_headers()
                try:
                    if r.drip:
                        import time

                        for i in range(len(r.body)):
                            self.wfile.write(r.body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(r.drip)
                    else:
                        self.wfile.write(r.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def route(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    s = LocalServer()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def seed_text() -> bytes:
    return sorted(SEEDS.glob("*.txt"))[0].read_bytes()
