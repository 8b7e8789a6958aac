"""A real uvicorn server on a free localhost port, over a real SQLite database in tmp_path."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from _shared import SEEDS


@dataclass
class Server:
    url: str
    db: Path
    token: str

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120)

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, allow_private: bool = True) -> Iterator[Server]:
    from rashomon.web import auth
    from rashomon.web.app import create_app

    token = auth.ensure_token(db) or auth.rotate_token(db)
    app = create_app(db, allow_private=allow_private)
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
        yield Server(f"http://127.0.0.1:{port}", db, token)
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
