"""A local feed server for the watch tests: feeds change between polls, answer If-None-Match
with 304, fail on demand, and a webhook receiver records what it is sent. Nothing leaves
127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BASE = datetime(2026, 3, 14, 8, 0, tzinfo=UTC)


@dataclass
class Feed:
    title: str
    items: list[dict[str, str]] = field(default_factory=list)
    status: int = 200  # 500: fail
    retry_after: str | None = None

    def xml(self) -> bytes:
        parts = [f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
                 "xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel>"
                 f"<title>{escape(self.title)}</title><link>http://127.0.0.1/</link>"]  # fmt: skip
        for it in self.items:
            parts.append(
                f"<item><guid isPermaLink='false'>{escape(it['guid'])}</guid>"
                f"<link>http://127.0.0.1/{escape(it['guid'])}</link><title>{escape(it['title'])}</title>"
                f"<pubDate>{it['date']}</pubDate>"
                f"<content:encoded><![CDATA[{_paragraphs(it['text'])}]]></content:encoded></item>"
            )
        parts.append("</channel></rss>")
        return "".join(parts).encode("utf-8")


def _paragraphs(text: str) -> str:
    """The text as HTML paragraphs of two sentences, as an article's body is."""
    import re

    sents = re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", text)
    return "".join(f"<p>{escape(' '.join(sents[k : k + 2]))}</p>" for k in range(0, len(sents), 2))


def item(guid: str, title: str, text: str, hours: int = 0) -> dict[str, str]:
    return {"guid": guid, "title": title, "text": text,
            "date": format_datetime(BASE + timedelta(hours=hours))}  # fmt: skip


class FeedServer:
    """``server.feeds["/a.xml"] = Feed(...)``; ``server.url("/a.xml")``; ``server.hooked``."""

    def __init__(self) -> None:
        self.feeds: dict[str, Feed] = {}
        self.hits: list[tuple[str, dict[str, str]]] = []  # (path, request headers)
        self.hooked: list[dict] = []
        self.hook_status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                outer.hits.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                feed = outer.feeds.get(self.path)
                if feed is None:
                    return self._send(404, b"")
                if feed.status != 200:
                    extra = {"Retry-After": feed.retry_after} if feed.retry_after else {}
                    return self._send(feed.status, b"", extra)
                body = feed.xml()
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", {"ETag": etag})
                self._send(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})

            def do_POST(self) -> None:  # noqa: N802
                n = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(n)
                if outer.hook_status == 200:
                    outer.hooked.append(json.loads(data))
                self._send(outer.hook_status, b"")

            def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def polls(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.hits if p == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# One event told by three outlets (they differ on the toll), and an unrelated story.
FIRE_PLANET = (
    "A fire at the Harlow textile factory in Dunmore killed 12 workers on Friday, the regional "
    "fire service said. Fire chief Maria Kessler said the blaze started in a storage hall shortly "
    'after 6 a.m. and spread to the main production floor within minutes. "The exits on the '
    'upper floor were locked," Kessler told reporters outside the factory. Around 300 people '
    "were working at the plant when the fire broke out. The owner of the factory, Harlow "
    "Textiles, said it was cooperating with investigators. Dunmore's mayor, Peter Vance, "
    "declared three days of mourning and said the city would pay for the funerals."
)
FIRE_GAZETTE = (
    "A fire at the Harlow textile factory in Dunmore killed at least 19 workers on Friday, "
    "hospital officials said. The fire service chief, Maria Kessler, said the fire began "
    "in a storage hall early in the morning before reaching the production floor. Survivors said "
    "doors on the upper floor had been locked during the shift. Harlow Textiles said it was "
    "cooperating with investigators and had opened a hotline for families. Dunmore mayor Peter "
    "Vance declared three days of mourning. Prosecutors opened an inquiry into negligence on "
    "Saturday, the regional prosecutor's office said, and two managers were questioned."
)
FIRE_HERALD = (
    "The death toll from Friday's fire at the Harlow textile factory in Dunmore rose to 12, "
    "according to the regional fire service. Fire chief Maria Kessler said the blaze had started "
    "in a storage hall and spread quickly. Harlow Textiles said it was cooperating with "
    "investigators. Mayor Peter Vance of Dunmore declared three days of mourning, and the "
    "national labour inspectorate said it would send 40 inspectors to textile plants in the "
    "region next week. Unions called a one-hour strike for Monday in memory of the victims."
)
BRIDGE = (
    "The city council of Ostrava approved on Tuesday a plan to rebuild the Lonsky bridge over "
    "the river Oder, council members said. The bridge, built in 1931, has been closed to heavy "
    "traffic since a crack was found in one of its pillars last spring. Engineers estimate the "
    "work will take two years. Deputy mayor Jana Holubova said traffic would be diverted to the "
    "northern ring road during the works, and that public transport lines would be rerouted."
)
