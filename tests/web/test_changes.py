"""The "what changed" page and the alerts API over real HTTP, after a real watch pass over
feeds from a local server: the alerts with their evidence, the followed feeds, hostile text
inert."""

from __future__ import annotations

from pathlib import Path

from watch_feeds import BRIDGE, FIRE_GAZETTE, FIRE_PLANET, Feed, FeedServer, item

from rashomon.api import Rashomon
from rashomon.watch import FeedSpec, Watcher, WatchOptions

from .conftest import start_server


def test_changes_page_shows_alerts_with_evidence_and_escapes_hostile_text(tmp_path: Path) -> None:
    feeds = FeedServer()
    try:
        feeds.feeds["/planet.xml"] = Feed("Daily Planet", [item("p1", "Factory fire", FIRE_PLANET)])
        feeds.feeds["/gazette.xml"] = Feed("Evening Gazette", [item("g0", "Bridge", BRIDGE)])
        specs = [
            FeedSpec(feeds.url("/planet.xml")),
            FeedSpec(feeds.url("/gazette.xml"), "Gazette feed"),
        ]
        db = tmp_path / "w.db"
        opts = WatchOptions(host_delay=0, allow_private=True, fetch_links=False)
        with Rashomon(db) as r:
            w = Watcher(r, specs, opts)
            w.run_once(force=True)
            feeds.feeds["/gazette.xml"].items.append(item("g1", "Nineteen dead", FIRE_GAZETTE, 5))
            w.run_once(force=True)
            r.store.raise_alerts([{
                "key": "fact:hostile", "kind": "fact", "story_id": "s<x>", "article_id": "a",
                "summary": "only <script>window.__pwned=1</script> reports",
                "detail": {"evidence": [{"article_id": "a", "outlet": "<b>Bad</b>", "title": "t",
                                         "text": "<img src=x onerror=alert(1)>", "start": 0, "end": 5}]},
            }], [])  # fmt: skip
    finally:
        feeds.close()
    for server in start_server(db):
        with server.client() as c:
            html = c.get("/changes").text
            facts = c.get("/changes", params={"kind": "fact"}).text
            api = c.get("/api/v1/alerts", params={"kind": "difference"}).json()
            bad = c.get("/changes", params={"kind": "nonsense"})
            listed = c.get("/api/v1/feeds").json()
    assert "Evening Gazette now covers the story" in html
    assert "killed 12 workers" in html and "killed at least 19 workers" in html  # the two spans of the difference
    assert "Gazette feed" in html and "HTTP 200" in html  # the followed feeds
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;Bad&lt;/b&gt;" in html
    assert "only Evening Gazette reports" in facts and "now covers the story" not in facts
    assert api["total"] >= 1 and all(a["kind"] == "difference" for a in api["alerts"])
    assert {e["outlet"] for e in api["alerts"][0]["detail"]["evidence"]} == {
        "Daily Planet",
        "Evening Gazette",
    }
    assert bad.status_code == 422
    assert len(listed["feeds"]) == 2
