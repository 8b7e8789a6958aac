"""A real uvicorn server on a free localhost port, over a real SQLite database in tmp_path."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from _shared import SEEDS


@dataclass
class Server:
    url: str
    db: Path
    token: str
    app: Any = None

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120)

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, allow_private: bool = True, **options: Any) -> Iterator[Server]:
    """``options`` go to ``create_app``."""
    from rashomon.web import auth
    from rashomon.web.app import create_app

    token = auth.ensure_token(db) or auth.rotate_token(db)
    app = create_app(db, allow_private=allow_private, **options)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        if time.time() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", db, token, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start_server(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def seeded(server: Server) -> dict:
    """The two seeds ingested (and compared) through the API."""
    out = {}
    with server.client() as c:
        for p in sorted(SEEDS.glob("*.txt")):
            resp = c.post(
                "/api/v1/articles",
                json={"text": p.read_text(encoding="utf-8"), "analyze": False},
                headers=server.auth(),
            )
            assert resp.status_code == 201, resp.text
            out[p.name] = resp.json()["added"][0]["id"]
    return out


#: A news page that names no outlet: no site name, no bio, no copyright line, and served from
#: 127.0.0.1, whose address gives no outlet either.
PLAIN_PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs</title></head><body><article>
<h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Monday after six months of repairs, the city council
said, with engineers having replaced most of the steel cables that hold up the main span.</p>
<p>Commuters had faced long detours since the spring, when inspectors found corrosion in the
anchorages. The council said the work finished two weeks ahead of the schedule it had set.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def page_url() -> Iterator[str]:
    """The URL of :data:`PLAIN_PAGE` on a local HTTP server (the test app allows private URLs)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PLAIN_PAGE)))
            self.end_headers()
            self.wfile.write(PLAIN_PAGE)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/news/bridge.html"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
