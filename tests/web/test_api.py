"""The HTTP API over real HTTP: shapes, status codes, auth, limits, and safety headers."""

from __future__ import annotations

import json
import socket

from .conftest import Server

ERROR_KEYS = {"code", "name", "message", "source", "fix"}


def test_health_reports_ok_and_counts(server: Server) -> None:
    with server.client() as c:
        r = c.get("/api/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and "schema_version" in body and body["articles"] >= 0


def test_writes_without_a_token_are_refused_with_the_error_shape(server: Server) -> None:
    with server.client() as c:
        r = c.post("/api/v1/articles", json={"text": "Some article text that is long enough."})
        bad = c.post(
            "/api/v1/articles",
            json={"text": "x"},
            headers={"Authorization": "Bearer not-the-token"},
        )
    for resp in (r, bad):
        assert resp.status_code == 401
        assert set(resp.json()["error"]) == ERROR_KEYS
        assert resp.json()["error"]["code"] == "E016"


def test_ingest_then_get_list_and_search(server: Server, seeded: dict) -> None:
    kyiv_id = seeded["002_f98cd67f27055606.txt"]
    with server.client() as c:
        art = c.get(f"/api/v1/articles/{kyiv_id}").json()
        assert "Rutte" in art["text"]
        assert "Show More" not in art["text"]
        listing = c.get("/api/v1/articles", params={"limit": 10}).json()
        assert {a["id"] for a in listing["articles"]} >= set(seeded.values())
        hits = c.get("/api/v1/search", params={"q": "Rutte"}).json()["results"]
        assert kyiv_id in {h["id"] for h in hits}


def test_reingesting_the_same_text_is_a_noop(server: Server, seeded: dict) -> None:
    from .conftest import SEEDS

    text = (SEEDS / "000_b7550a3bc73cf7d3.txt").read_text(encoding="utf-8")
    with server.client() as c:
        before = c.get("/api/v1/health").json()["articles"]
        r = c.post("/api/v1/articles", json={"text": text, "analyze": False}, headers=server.auth())
        after = c.get("/api/v1/health").json()["articles"]
    assert r.status_code == 201
    assert r.json()["added"] == [] and len(r.json()["duplicates"]) == 1
    assert before == after


def test_unknown_ids_give_404_json(server: Server) -> None:
    with server.client() as c:
        for path in ("/api/v1/articles/ffffffffffffffff", "/api/v1/stories/nope", "/api/v1/nothing"):
            r = c.get(path)
            assert r.status_code == 404, path
            assert set(r.json()["error"]) == ERROR_KEYS


def test_invalid_parameters_give_422_json(server: Server) -> None:
    with server.client() as c:
        r = c.get("/api/v1/articles", params={"limit": "many"})
        empty = c.post("/api/v1/articles", json={}, headers=server.auth())
    assert r.status_code == 422 and set(r.json()["error"]) == ERROR_KEYS
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "E015"


def test_oversized_bodies_are_refused_before_reading(server: Server) -> None:
    # A raw socket: the client announces 200 MB and sends two bytes. The server must answer 413
    # from the header alone (an HTTP client library would refuse to send the lie).
    host, port = server.url.removeprefix("http://").split(":")
    head = (
        f"POST /api/v1/articles HTTP/1.1\r\nHost: {host}\r\n"
        f"Authorization: Bearer {server.token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {200 * 1024 * 1024}\r\nConnection: close\r\n\r\n{{}}"
    )
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head.encode())
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    status_line, _, rest = raw.partition(b"\r\n")
    assert b" 413 " in status_line
    body = rest.partition(b"\r\n\r\n")[2]
    assert json.loads(body)["error"]["code"] == "E003"


def test_path_traversal_never_reaches_files(server: Server) -> None:
    with server.client() as c:
        for path in (
            "/static/../../../../etc/passwd",
            "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/static/..%2f..%2f..%2fetc%2fpasswd",
            "/api/v1/articles/..%2f..%2fetc%2fpasswd",
            "/entities/..%2f..%2fetc%2fpasswd",
        ):
            r = c.get(path)
            assert r.status_code in (400, 404), path
            assert "root:" not in r.text


def test_every_response_carries_a_strict_csp(server: Server) -> None:
    with server.client() as c:
        for path in ("/", "/api/v1/health", "/search?q=x", "/ingest"):
            csp = c.get(path).headers["content-security-policy"]
            assert "default-src 'none'" in csp and "script-src" not in csp


def test_private_urls_are_refused_without_the_flag(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .conftest import start_server

    gen = start_server(tmp_path / "strict.db", allow_private=False)
    srv = next(gen)
    try:
        with srv.client() as c:
            r = c.post(
                "/api/v1/articles",
                json={"url": srv.url + "/api/v1/health"},
                headers=srv.auth(),
            )
        assert r.status_code == 403
        assert r.json()["error"]["code"] == "E011"
    finally:
        next(gen, None)


def test_openapi_description_lists_the_v1_endpoints(server: Server) -> None:
    with server.client() as c:
        spec = c.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    for p in ("/api/v1/health", "/api/v1/articles", "/api/v1/articles/{article_id}",
              "/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/compare", "/api/v1/search"):
        assert p in paths


def test_url_ingest_gives_the_request_outlet_to_a_page_that_names_none(
    tmp_path, page_url: str  # type: ignore[no-untyped-def]
) -> None:
    from .conftest import start_server

    gen = start_server(tmp_path / "url.db")
    srv = next(gen)
    try:
        with srv.client() as c:
            r = c.post(
                "/api/v1/articles",
                json={"url": page_url, "outlet": "Harbour Gazette", "analyze": False},
                headers=srv.auth(),
            )
            assert r.status_code == 201, r.text
            added = r.json()["added"]
            assert [a["outlet"] for a in added] == ["Harbour Gazette"]
            stored = c.get(f"/api/v1/articles/{added[0]['id']}").json()
            assert stored["outlet"] == "Harbour Gazette"
            # Asked again, the page is a duplicate: what is stored stays as it is.
            again = c.post(
                "/api/v1/articles",
                json={"url": page_url, "outlet": "Another Name", "analyze": False},
                headers=srv.auth(),
            ).json()
            assert again["added"] == [] and len(again["duplicates"]) == 1
            assert c.get(f"/api/v1/articles/{added[0]['id']}").json()["outlet"] == "Harbour Gazette"
    finally:
        next(gen, None)


def test_search_api_gives_plain_snippets_with_the_spans_of_the_matches(
    server: Server, seeded: dict
) -> None:
    with server.client() as c:
        hits = c.get("/api/v1/search", params={"q": "Rutte"}).json()["results"]
    assert hits
    for h in hits:
        assert not set(h["snippet"]) & {"\ue000", "\ue001"}
        assert h["highlights"], h
        for start, end in h["highlights"]:
            assert h["snippet"][start:end].lower().startswith("rutte")


def test_entity_merge_and_split_need_the_token_and_are_kept(tmp_path) -> None:
    from rashomon.api import Rashomon

    from .conftest import start_server

    db = tmp_path / "e.db"
    text = tmp_path / "a.txt"
    text.write_text("Mr. Cohen met Hillary Clinton in New York on Monday to discuss the case.\n")
    with Rashomon(db) as r:
        r.read(r.ingest([str(text)]).added)
        assert r.resolve_entity("Cohen")[0] == "person:cohen"
    gen = start_server(db)
    server = next(gen)
    try:
        with server.client() as c:
            body = {"name": "Cohen", "into": "Hillary Clinton"}
            assert c.post("/api/v1/entities/merge", json=body).status_code == 401
            missing = c.post("/api/v1/entities/merge", json={"name": "Nobody", "into": "Cohen"},
                             headers=server.auth())  # fmt: skip
            assert missing.status_code == 404 and missing.json()["error"]["code"] == "E008"
            done = c.post("/api/v1/entities/merge", json=body, headers=server.auth())
            assert done.status_code == 200 and done.json()["into"] == "person:hillary-clinton"
            page = c.get("/api/v1/entities/Cohen").json()
            assert {f["form"] for f in page["forms"]} >= {"Cohen", "Hillary Clinton"}
            undone = c.post("/api/v1/entities/split", json={"name": "Hillary Clinton"},
                            headers=server.auth())  # fmt: skip
            assert undone.status_code == 200 and undone.json()["restored"] == ["person:cohen"]
            page = c.get("/api/v1/entities/Cohen").json()
            assert {f["form"] for f in page["forms"]} == {"Cohen"}
    finally:
        next(gen, None)
