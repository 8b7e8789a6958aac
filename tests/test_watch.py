"""rashomon watch: feeds served from a local HTTP server change between polls; each test checks
one behaviour of the watch (silent backlog, alerts and their evidence, conditional GET,
back-off, resuming without duplicate alerts, webhook, the feed list, the CLI)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from watch_feeds import BRIDGE, FIRE_GAZETTE, FIRE_HERALD, FIRE_PLANET, Feed, FeedServer, item

from rashomon.api import Rashomon
from rashomon.errors import RashomonError
from rashomon.watch import FeedSpec, Watcher, WatchOptions, parse_every, read_feed_list


@pytest.fixture
def server() -> Iterator[FeedServer]:
    s = FeedServer()
    yield s
    s.close()


class Clock:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


def _opts(**kw: object) -> WatchOptions:
    base = {"every": 60.0, "host_delay": 0.0, "allow_private": True, "fetch_links": False}
    return WatchOptions(**{**base, **kw})  # type: ignore[arg-type]


def _two_feeds(server: FeedServer) -> list[FeedSpec]:
    server.feeds["/planet.xml"] = Feed(
        "Daily Planet", [item("p1", "Factory fire kills 12 in Dunmore", FIRE_PLANET)]
    )
    server.feeds["/gazette.xml"] = Feed(
        "Evening Gazette", [item("g0", "Ostrava to rebuild Lonsky bridge", BRIDGE)]
    )
    return [FeedSpec(server.url("/planet.xml")), FeedSpec(server.url("/gazette.xml"))]


def test_first_poll_takes_the_backlog_in_silently_and_a_new_outlet_alerts(
    server: FeedServer, tmp_path: Path
) -> None:
    feeds = _two_feeds(server)
    seen: list[dict] = []
    log = tmp_path / "alerts.jsonl"
    clock = Clock()
    with Rashomon(tmp_path / "w.db") as r:
        w = Watcher(r, feeds, _opts(log=str(log)), on_alert=seen.append, clock=clock)
        first = w.run_once()
        assert first.added == 2 and first.alerts == [] and seen == []
        server.feeds["/gazette.xml"].items.append(
            item("g1", "Nineteen dead in Dunmore factory fire", FIRE_GAZETTE, hours=5)
        )
        clock.t += 61
        second = w.run_once()
        assert second.added == 1
        kinds = {a["kind"] for a in seen}
        assert "outlet" in kinds, seen
        outlet = next(a for a in seen if a["kind"] == "outlet")
        assert "Evening Gazette" in outlet["summary"]
        assert outlet["detail"]["outlets_before"] == ["Daily Planet"]
        # The toll (12 against 19) is a difference between the two outlets, with both spans.
        diffs = [a for a in seen if a["kind"] == "difference"]
        assert diffs, seen
        ev = diffs[0]["detail"]["evidence"]
        assert {e["outlet"] for e in ev} == {"Daily Planet", "Evening Gazette"}
        for e in ev:
            body = r.store.get(e["article_id"]).text
            assert body[e["start"] : e["end"]] == e["text"]
        logged = [json.loads(line) for line in log.read_text().splitlines()]
        assert [a["seq"] for a in logged] == [a["seq"] for a in seen]


def test_an_unchanged_feed_is_asked_with_its_etag_and_costs_a_304(
    server: FeedServer, tmp_path: Path
) -> None:
    feeds = _two_feeds(server)
    clock = Clock()
    with Rashomon(tmp_path / "w.db") as r:
        w = Watcher(r, feeds, _opts(), clock=clock)
        w.run_once()
        clock.t += 61
        again = w.run_once()
    assert again.polled == 2 and again.unchanged == 2 and again.added == 0
    polls = server.polls("/planet.xml")
    assert "if-none-match" not in polls[0] and polls[1]["if-none-match"].startswith('"')


def test_a_feed_that_is_not_due_is_not_polled(server: FeedServer, tmp_path: Path) -> None:
    feeds = _two_feeds(server)
    clock = Clock()
    with Rashomon(tmp_path / "w.db") as r:
        w = Watcher(r, feeds, _opts(), clock=clock)
        w.run_once()
        clock.t += 30  # every is 60 s
        assert w.run_once().polled == 0
    assert len(server.polls("/planet.xml")) == 1


def test_a_failing_feed_backs_off_doubling_and_honours_retry_after(
    server: FeedServer, tmp_path: Path
) -> None:
    server.feeds["/down.xml"] = Feed("Down", status=500)
    url = server.url("/down.xml")
    clock = Clock()
    with Rashomon(tmp_path / "w.db") as r:
        w = Watcher(r, [FeedSpec(url)], _opts(), clock=clock)
        waits = []
        for _ in range(3):
            rep = w.run_once(force=True)
            assert rep.failed and "500" in rep.failed[0][1]
            st = r.store.feed_states([url])[0]
            waits.append(st["next_poll"] - clock.t)
        assert waits == [60.0, 120.0, 240.0] and st["failures"] == 3
        server.feeds["/down.xml"] = Feed("Down", status=503, retry_after="3600")
        w.run_once(force=True)
        assert r.store.feed_states([url])[0]["next_poll"] - clock.t == 3600.0
        server.feeds["/down.xml"] = Feed("Up", [item("b", "Ostrava bridge", BRIDGE)])
        w.run_once(force=True)
        st = r.store.feed_states([url])[0]
        assert st["failures"] == 0 and st["next_poll"] - clock.t == 60.0


def test_a_restarted_watch_resumes_and_never_alerts_twice(
    server: FeedServer, tmp_path: Path
) -> None:
    feeds = _two_feeds(server)
    db = tmp_path / "w.db"
    clock = Clock()
    with Rashomon(db) as r:
        Watcher(r, feeds, _opts(), clock=clock).run_once()
    server.feeds["/gazette.xml"].items.append(item("g1", "Dunmore fire", FIRE_GAZETTE, hours=5))
    # A watch stopped after taking the entry in, before reading it: the entry stays pending.
    with Rashomon(db) as r:
        w = Watcher(r, feeds, _opts(), clock=clock)
        w._process = lambda report: None  # type: ignore[method-assign]
        w.run_once(force=True)
        assert list(r.store.pending_entries().values()) == [1]
    raised: list[dict] = []
    with Rashomon(db) as r:
        w = Watcher(r, feeds, _opts(), on_alert=raised.append, clock=clock)
        w.run_once(force=True)
        assert raised and r.store.pending_entries() == {}
        count = r.store.count_alerts()
    again: list[dict] = []
    with Rashomon(db) as r:
        w = Watcher(r, feeds, _opts(), on_alert=again.append, clock=clock)
        w.run_once(force=True)
        assert again == [] and r.store.count_alerts() == count


def test_alerts_are_posted_to_the_webhook_and_retried_when_it_fails(
    server: FeedServer, tmp_path: Path
) -> None:
    feeds = _two_feeds(server)
    clock = Clock()
    with Rashomon(tmp_path / "w.db") as r:
        w = Watcher(r, feeds, _opts(webhook=server.url("/hook")), clock=clock)
        w.run_once()
        server.hook_status = 503
        server.feeds["/gazette.xml"].items.append(item("g1", "Dunmore fire", FIRE_GAZETTE, hours=5))
        clock.t += 61
        rep = w.run_once()
        assert rep.alerts and server.hooked == []
        server.hook_status = 200
        clock.t += 61
        w.run_once()
    assert [h["alert"]["seq"] for h in server.hooked] == [a["seq"] for a in rep.alerts]
    assert server.hooked[0]["alert"]["story_id"]


def test_a_third_outlet_joining_alerts_once_for_its_outlet(
    server: FeedServer, tmp_path: Path
) -> None:
    feeds = _two_feeds(server)
    server.feeds["/herald.xml"] = Feed(
        "Morning Herald", [item("h0", "Ostrava bridge plan", BRIDGE)]
    )
    feeds.append(FeedSpec(server.url("/herald.xml")))
    server.feeds["/gazette.xml"].items.append(item("g1", "Dunmore fire", FIRE_GAZETTE, hours=5))
    clock = Clock()
    seen: list[dict] = []
    with Rashomon(tmp_path / "w.db") as r:
        w = Watcher(r, feeds, _opts(), on_alert=seen.append, clock=clock)
        w.run_once()
        assert seen == []
        server.feeds["/herald.xml"].items.append(item("h1", "Dunmore toll", FIRE_HERALD, hours=8))
        clock.t += 61
        w.run_once()
    outlets = [a for a in seen if a["kind"] == "outlet"]
    assert len(outlets) == 1 and "Morning Herald" in outlets[0]["summary"]
    assert "(3 outlets)" in outlets[0]["summary"]


def test_feed_lists_read_text_and_opml_and_name_a_bad_line(tmp_path: Path) -> None:
    txt = tmp_path / "feeds.txt"
    txt.write_text(
        "# mine\nhttps://a.example/rss  Outlet A\n\nhttps://b.example/atom\nhttps://a.example/rss\n"
    )
    assert read_feed_list(str(txt)) == [
        FeedSpec("https://a.example/rss", "Outlet A"),
        FeedSpec("https://b.example/atom"),
    ]
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
        '<outline text="C" title="C News" xmlUrl="https://c.example/feed"/>'
        "</outline></body></opml>"
    )
    assert read_feed_list(str(opml)) == [FeedSpec("https://c.example/feed", "C News")]
    bad = tmp_path / "bad.txt"
    bad.write_text("https://a.example/rss\nftp://x/feed\n")
    with pytest.raises(RashomonError, match="ftp://x/feed") as exc:
        read_feed_list(str(bad))
    assert "line 2" in exc.value.one_line()
    assert parse_every("15m") == 900 and parse_every("2h") == 7200 and parse_every("90") == 90
    with pytest.raises(RashomonError):
        parse_every("soon")


def test_cli_watch_once_polls_logs_and_exits(server: FeedServer, tmp_path: Path) -> None:
    from rashomon.cli import main

    _two_feeds(server)
    lst = tmp_path / "feeds.txt"
    lst.write_text(f"{server.url('/planet.xml')}\n{server.url('/gazette.xml')}\n")
    args = ["watch", str(lst), "--once", "--db", str(tmp_path / "w.db"), "--allow-private",
            "--host-delay", "0", "--no-fetch-links", "--log", str(tmp_path / "a.jsonl")]  # fmt: skip
    assert main(args) == 0
    server.feeds["/gazette.xml"].items.append(item("g1", "Dunmore fire", FIRE_GAZETTE, hours=5))
    assert main(args) == 0
    kinds = [json.loads(x)["kind"] for x in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert "outlet" in kinds
    assert main(["watch", str(tmp_path / "missing.txt"), "--once"]) == 66


def test_cli_watch_runs_until_sigterm_and_stops_cleanly(server: FeedServer, tmp_path: Path) -> None:
    _two_feeds(server)
    lst = tmp_path / "feeds.txt"
    lst.write_text(f"{server.url('/planet.xml')}\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "rashomon", "watch", str(lst), "--every", "1s", "--db",
         str(tmp_path / "w.db"), "--allow-private", "--host-delay", "0", "--no-fetch-links"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while len(server.polls("/planet.xml")) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(server.polls("/planet.xml")) >= 2  # it polls again, --every apart
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped" in err
