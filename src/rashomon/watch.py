"""Follow feeds over time and raise an alert when a story changes (``rashomon watch``).

Each pass polls the feeds that are due, takes in the entries it has not seen, reads and groups
the new articles, compares the stories they joined, and raises an alert when a story

* is new and already told by two or more outlets (``story``),
* gains an outlet it did not have (``outlet``),
* gains a fact: a claim with a number or a date that only the new article reports (``fact``),
* gains a difference: two outlets report one thing differently or incompatibly (``difference``).

Every alert carries its evidence (the articles, the claims' text and offsets) and goes to the
terminal, a JSON Lines log, an optional webhook, and the web app's "what changed" page.

Polite and resumable. A feed is fetched with its last ETag / Last-Modified (a 304 costs no
parsing), one request at a time per host with a pause between two (``host_delay``), under a
time-out and the usual size and address limits. A feed that fails is retried later and later
(doubling from ``every`` up to ``max_backoff``); ``Retry-After`` on 429 / 503 is honoured. All of
it - the feeds' state, the entries seen, the articles still to read, the alerts raised and
whether each was delivered - lives in the database, so a watch killed at any point starts again
where it was and never raises an alert twice (alerts have a unique key). The first poll of a
feed takes in its backlog silently: a feed's old entries are not news.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .errors import Code, RashomonError
from .sources.base import ReadOptions

if TYPE_CHECKING:
    from .api import Rashomon
    from .model import Article, Story

__all__ = ["FeedSpec", "WatchOptions", "Watcher", "parse_every", "read_feed_list"]

ALERT = 1  # feed_entries.pending: read it and alert on it
SILENT = 2  # read it, but raise nothing (a feed's backlog on its first poll)
MAX_FACTS = 3  # "new fact" alerts per article at most: the checkable ones, numbers first
HOOK_TRIES = 5  # a webhook that keeps failing is given up after this many tries per alert


@dataclass(frozen=True, slots=True)
class FeedSpec:
    url: str
    name: str | None = None


@dataclass
class WatchOptions:
    every: float = 900.0  # seconds between two polls of a feed
    timeout: float = 20.0  # seconds for a whole fetch (a feed, an entry's page, a webhook call)
    host_delay: float = 1.0  # seconds between two requests to one host
    concurrency: int = 4  # feeds fetched at once (never two of one host)
    max_backoff: float = 6 * 3600.0
    allow_private: bool = False
    max_bytes: int = 50 * 1024 * 1024
    fetch_links: bool = True  # fetch an entry's page when the entry holds no text
    alert_backlog: bool = False  # alert on what a feed holds the first time it is polled
    webhook: str | None = None
    log: str | None = None  # JSON Lines file the alerts are appended to
    chunk: int = 50  # articles read per step (a stop request is honoured between steps)


@dataclass
class PassReport:
    """What one pass did."""

    polled: int = 0
    unchanged: int = 0  # 304, or a body with no new entry
    failed: list[tuple[str, str]] = field(default_factory=list)  # (feed, error)
    added: int = 0  # new articles
    alerts: list[dict[str, Any]] = field(default_factory=list)
    cpu_polling: float = 0.0  # CPU-seconds spent fetching and parsing feeds
    next_due: float | None = None  # when the next feed is due (epoch seconds)

    def to_dict(self) -> dict[str, Any]:
        return {
            "polled": self.polled, "unchanged": self.unchanged, "added": self.added,
            "failed": [{"feed": f, "error": e} for f, e in self.failed],
            "alerts": len(self.alerts), "cpu_polling": round(self.cpu_polling, 4),
        }  # fmt: skip


# -- the feed list ------------------------------------------------------------------------------


def parse_every(value: str) -> float:
    """Seconds from "900", "90s", "15m", "2h" or "1d"."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value or "")
    if not m or float(m.group(1)) <= 0:
        raise RashomonError(
            Code.USAGE, f"--every {value!r} is not a duration", fix="give e.g. 900, 90s, 15m or 2h"
        )
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def read_feed_list(path: str) -> list[FeedSpec]:
    """Feeds from an OPML file (its outlines' ``xmlUrl``) or a text file (one URL a line, an
    optional name after it; '#' starts a comment). A bad line is an error naming the line."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RashomonError(Code.NOT_FOUND, f"cannot read the feed list ({exc.strerror})",
                            source=path) from exc  # fmt: skip
    head = data[:2048].lstrip().lower()
    if b"<opml" in head or (head.startswith(b"<?xml") and b"<opml" in data[:8192].lower()):
        feeds = _opml(data, path)
    else:
        feeds = _lines(data, path)
    if not feeds:
        raise RashomonError(Code.EMPTY, "the feed list names no feed", source=path,
                            fix="one feed URL a line, or an OPML file with xmlUrl outlines")  # fmt: skip
    first: dict[str, FeedSpec] = {}
    for f in feeds:  # a feed listed twice: the first listing (and its name) counts
        first.setdefault(f.url, f)
    return list(first.values())


def _check_url(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise RashomonError(Code.USAGE, f"{url!r} is not an http(s) URL", source=where,
                            fix="give feed URLs starting with http:// or https://")  # fmt: skip
    return url


def _lines(data: bytes, path: str) -> list[FeedSpec]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RashomonError(Code.ENCODING, "the feed list is not UTF-8", source=path) from exc
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not line:
            continue
        url, _, name = line.partition(" ")
        out.append(FeedSpec(_check_url(url, f"{path}, line {n}"), name.strip() or None))
    return out


def _opml(data: bytes, path: str) -> list[FeedSpec]:
    from lxml import etree

    # No entities, no network, no DTD: an OPML file is data, never instructions.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=False)  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise RashomonError(Code.MALFORMED, f"not a readable OPML file ({exc})", source=path) from exc
    out = []
    for el in root.iter("outline"):
        url = (el.get("xmlUrl") or el.get("xmlurl") or "").strip()
        if url:
            name = (el.get("title") or el.get("text") or "").strip() or None
            out.append(FeedSpec(_check_url(url, f"{path}, line {el.sourceline}"), name))
    return out


# -- the watcher --------------------------------------------------------------------------------


class _Hosts:
    """One request at a time per host, ``delay`` seconds apart (politeness, not speed)."""

    def __init__(self, delay: float, clock: Callable[[], float]) -> None:
        self.delay = delay
        self.clock = clock
        self.locks: dict[str, threading.Lock] = {}
        self.last: dict[str, float] = {}
        self.guard = threading.Lock()

    @contextlib.contextmanager
    def turn(self, url: str, stop: threading.Event):  # type: ignore[no-untyped-def]
        host = (urlsplit(url).hostname or "").lower()
        with self.guard:
            lock = self.locks.setdefault(host, threading.Lock())
        with lock:
            wait = self.last.get(host, -1e18) + self.delay - self.clock()
            if wait > 0:
                stop.wait(wait)
            try:
                yield
            finally:
                self.last[host] = self.clock()


@dataclass
class _Polled:
    feed: dict[str, Any]
    status: int | None = None
    data: bytes = b""
    content_type: str | None = None
    final_url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    error: RashomonError | None = None


class Watcher:
    """Polls a list of feeds into one database and raises alerts (see the module's doc)."""

    def __init__(
        self,
        r: Rashomon,
        feeds: Sequence[FeedSpec],
        opts: WatchOptions | None = None,
        on_alert: Callable[[dict[str, Any]], None] | None = None,
        on_event: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.r = r
        self.opts = opts or WatchOptions()
        self.on_alert = on_alert
        self.on_event = on_event or (lambda _msg: None)
        self.clock = clock
        self.stop = threading.Event()
        self.hosts = _Hosts(self.opts.host_delay, clock)
        self.read_opts = ReadOptions(
            max_bytes=self.opts.max_bytes, allow_private=self.opts.allow_private,
            timeout=self.opts.timeout, fetch_feed_links=self.opts.fetch_links,
        )  # fmt: skip
        self.set_feeds(feeds)

    def set_feeds(self, feeds: Sequence[FeedSpec]) -> None:
        """The feeds to follow (a feed dropped from the list keeps its state, unpolled)."""
        self.feeds = list(feeds)
        self.r.store.watch_feeds((f.url, f.name) for f in self.feeds)

    # -- one pass -----------------------------------------------------------------------------
    def run_once(self, force: bool = False) -> PassReport:
        """Poll every due feed (every feed with ``force``), take in the new entries, then read,
        group and compare what is pending and raise the alerts. Safe to interrupt anywhere."""
        report = PassReport()
        now = self.clock()
        states = self.r.store.feed_states([f.url for f in self.feeds])
        due = [s for s in states if force or (s["next_poll"] or 0) <= now]
        cpu0 = time.process_time()
        ingest_cpu = 0.0
        if due:
            with ThreadPoolExecutor(max_workers=max(1, self.opts.concurrency)) as pool:
                for polled in pool.map(self._fetch, due):  # results in order; fetches overlap
                    if self.stop.is_set():
                        break
                    t = time.process_time()
                    self._take_in(polled, report)
                    ingest_cpu += time.process_time() - t
        report.cpu_polling = time.process_time() - cpu0 - ingest_cpu
        if not self.stop.is_set():
            self._process(report)
        self._deliver()
        report.next_due = min(
            (s["next_poll"] or 0 for s in self.r.store.feed_states([f.url for f in self.feeds])),
            default=None,
        )
        return report

    def run_forever(self, reload: Callable[[], Sequence[FeedSpec] | None] | None = None) -> None:
        """Passes until :attr:`stop` is set (SIGTERM / Ctrl-C in the CLI); sleeps until the next
        feed is due. ``reload`` may return a new feed list before each pass."""
        while not self.stop.is_set():
            if reload is not None and (feeds := reload()) is not None:
                self.set_feeds(feeds)
            report = self.run_once()
            self.on_event(
                f"polled {report.polled} feed(s): {report.unchanged} unchanged, "
                f"{len(report.failed)} failed, {report.added} new article(s), "
                f"{len(report.alerts)} alert(s)"
            )
            wait = self.opts.every if report.next_due is None else report.next_due - self.clock()
            self.stop.wait(min(max(wait, 1.0), self.opts.every))

    # -- fetching -----------------------------------------------------------------------------
    def _fetch(self, feed: dict[str, Any]) -> _Polled:
        from .sources.url import fetch

        headers = {}
        if feed.get("etag"):
            headers["If-None-Match"] = feed["etag"]
        if feed.get("last_modified"):
            headers["If-Modified-Since"] = feed["last_modified"]
        out = _Polled(feed)
        if self.stop.is_set():
            out.error = RashomonError(Code.NETWORK, "stopped before polling", source=feed["url"])
            return out
        with self.hosts.turn(feed["url"], self.stop):
            try:
                got = fetch(feed["url"], self.read_opts, headers=headers,
                            answer=frozenset({304, 429, 503}))  # fmt: skip
            except RashomonError as exc:
                out.error = exc
                return out
        out.status, out.data, out.content_type = got.status, got.data, got.content_type
        out.final_url, out.headers = got.url, got.headers
        return out

    def _take_in(self, p: _Polled, report: PassReport) -> None:
        """One fetched feed: its state updated, its new entries stored as pending articles."""
        url, now, st = p.feed["url"], self.clock(), self.r.store
        report.polled += 1
        if p.error is not None or p.status in (429, 503):
            failures = int(p.feed["failures"] or 0) + 1
            wait = min(self.opts.every * 2 ** (failures - 1), self.opts.max_backoff)
            retry = _retry_after(p.headers.get("retry-after"), now)
            if retry is not None:
                wait = max(wait, min(retry, self.opts.max_backoff))
            msg = p.error.one_line() if p.error else f"HTTP {p.status} from {url}"
            st.update_feed(url, failures=failures, last_status=p.status, last_error=msg,
                           last_polled=now, next_poll=now + wait)  # fmt: skip
            report.failed.append((url, msg))
            self.on_event(f"{url}: {msg}; next try in {wait:.0f} s")
            return
        common = {"failures": 0, "last_status": p.status, "last_error": None,
                  "last_polled": now, "next_poll": now + self.opts.every}  # fmt: skip
        if p.status == 304:
            st.update_feed(url, **common)
            report.unchanged += 1
            return
        first = p.feed["last_polled"] is None and not st.seen_entries(url)
        added = self._ingest(url, p, first)
        st.update_feed(url, etag=p.headers.get("etag"), last_modified=p.headers.get("last-modified"),
                       last_changed=now if added else p.feed["last_changed"],
                       articles=int(p.feed["articles"] or 0) + added, **common)  # fmt: skip
        report.added += added
        if not added:
            report.unchanged += 1

    def _ingest(self, url: str, p: _Polled, first: bool) -> int:
        """The entries of a fetched feed the watch has not seen, stored; returns how many new
        articles there are. An entry that is not an article is remembered too (never re-read);
        one whose link could not be fetched is tried again at the next poll."""
        from .sources import read_bytes

        st = self.r.store
        seen = st.seen_entries(url)
        opts = replace(self.read_opts, skip_entries=seen)
        try:
            items = list(read_bytes(p.data, url, opts, name=urlsplit(p.final_url or url).path,
                                    content_type=p.content_type, url=p.final_url, via="url"))  # fmt: skip
        except RashomonError as exc:
            self.on_event(f"{url}: {exc.one_line()}")
            return 0
        pending = SILENT if first and not self.opts.alert_backlog else ALERT
        result = self.r.ingest_items(items)
        rows: list[tuple[str, str | None, int]] = []
        for a in result.added:
            if key := a.meta.get("entry_key"):
                rows.append((key, a.id, pending))
        keyed = {a.meta.get("entry_key") for a in result.added}
        # The rest of the entries that came out as articles: text stored before (another feed,
        # a re-post: nothing new to say), or refused by cleaning. An entry whose link could not
        # be fetched has no article and is not remembered: the next poll tries it again.
        for item in items:
            key = item.article.meta.get("entry_key") if item.article is not None else None
            if key and key not in keyed:
                rows.append((key, None, 0))
        st.add_entries(url, list(dict.fromkeys(rows)), self.clock())
        return len(result.added)

    # -- reading, grouping, alerting ----------------------------------------------------------
    def _process(self, report: PassReport) -> None:
        pending = self.r.store.pending_entries()
        ids = list(pending)
        for k in range(0, len(ids), max(1, self.opts.chunk)):
            if self.stop.is_set():
                return  # the rest stays pending: the next run reads it
            chunk = ids[k : k + self.opts.chunk]
            arts = [self.r.store.get(i) for i in chunk]
            self.r.read(arts, embed=True)
            grouped = self.r.group(among=chunk, read_first=False)
            stories = {s.id: s for s in grouped.stories}
            # Articles grouped before an interruption: their stories are compared again, so a
            # resumed watch raises what the interrupted one would have.
            again = sorted(set(self.r.store.index_story_of(chunk).values()) - set(stories))
            stories.update((s.id, s) for s in self.r.compare_stories(again))
            alerting = {i for i in chunk if pending[i] == ALERT}
            alerts = []
            for story in stories.values():
                alerts += story_alerts(self.r, story, alerting)
            seqs = self.r.store.raise_alerts(alerts, chunk)
            if seqs:
                report.alerts += self.r.store.alerts(limit=len(seqs), undelivered="logged")

    def _deliver(self) -> None:
        """Terminal and log first (each alert once, oldest first), then the webhook."""
        st = self.r.store
        todo = st.alerts(limit=1000, undelivered="logged")
        if todo:
            log = _open_log(self.opts.log)
            try:
                for a in todo:
                    if self.on_alert is not None:
                        self.on_alert(a)
                    if log is not None:
                        log.write(json.dumps(public(a), ensure_ascii=False) + "\n")
                if log is not None:
                    log.flush()
            finally:
                if log is not None:
                    log.close()
            st.mark_alerts([a["seq"] for a in todo], "logged")
        hook = self.opts.webhook
        todo = st.alerts(limit=200, undelivered="hooked")
        if not hook:
            st.mark_alerts([a["seq"] for a in todo], "hooked")
            return
        import httpx

        from .sources.url import client

        for a in todo:
            if a["hook_tries"] >= HOOK_TRIES:
                continue
            try:  # one deadline per call: a hook that answers a byte a second cannot hold the watch
                with client(self.opts.timeout, {"User-Agent": "rashomon-watch"},
                            allow_private=True, source=hook) as c:  # fmt: skip
                    resp = c.post(hook, json={"alert": public(a)})
                ok = 200 <= resp.status_code < 300
            except (httpx.HTTPError, RashomonError):  # RashomonError: the name did not resolve
                ok = False
            if ok:
                st.mark_alerts([a["seq"]], "hooked")
            else:
                st.mark_alerts([a["seq"]], "hooked", tried=True)
                self.on_event(f"webhook {hook} did not take alert {a['seq']}; tried again later")
                break  # the hook is down: keep the order, try the rest next pass


def _open_log(path: str | None) -> IO[str] | None:
    if not path:
        return None
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.open("a", encoding="utf-8")


def public(alert: dict[str, Any]) -> dict[str, Any]:
    """An alert as the log, the webhook and the API give it."""
    return {k: alert[k] for k in ("seq", "at", "kind", "story_id", "article_id", "summary",
                                  "detail") if k in alert}  # fmt: skip


def _retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError, IndexError):
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    return None


# -- what changed in a story --------------------------------------------------------------------


def story_alerts(r: Rashomon, story: Story, alerting: set[str]) -> list[dict[str, Any]]:
    """The alerts a freshly compared story raises for its articles in ``alerting`` (taken in
    now). Its other articles are what was known before, a feed's silent backlog included."""
    members = r.store.story_members(story.id) or list(story.articles)
    fresh = [a for a in members if a in alerting]
    if not fresh:
        return []
    outlets = r.store.outlets_of(members)
    old = [a for a in members if a not in alerting]
    before = {_fold(outlets.get(a)) for a in old} - {""}
    titles = {a.id: a for a in (r.store.get(i) for i in fresh)}
    base = {"story": {"id": story.id, "title": story.title}, "outlets_before": sorted(
        {o for a in old if (o := outlets.get(a))})}  # fmt: skip
    out: list[dict[str, Any]] = []
    now_outlets = {o for a in members if (o := outlets.get(a))}
    if not old and len({_fold(o) for o in now_outlets}) >= 2:
        out.append({
            "key": f"story:{story.id}", "kind": "story", "story_id": story.id,
            "article_id": fresh[0],
            "summary": f"new story told by {len(now_outlets)} outlets ({', '.join(sorted(now_outlets))}): {story.title}",
            "detail": {**base, "articles": [_article_ref(titles[a], outlets.get(a)) for a in fresh]},
        })  # fmt: skip
    elif old:
        seen: set[str] = set(before)
        for aid in fresh:
            name = outlets.get(aid)
            if not name or _fold(name) in seen:
                continue
            seen.add(_fold(name))
            out.append({
                "key": f"outlet:{story.id}:{_fold(name)}", "kind": "outlet", "story_id": story.id,
                "article_id": aid,
                "summary": f"{name} now covers the story ({len(seen)} outlets): {story.title}",
                "detail": {**base, "outlet": name, "article": _article_ref(titles[aid], name)},
            })  # fmt: skip
    if old:
        for aid in fresh:
            for c in _new_facts(story, titles[aid]):
                out.append({
                    "key": f"fact:{c.id}", "kind": "fact", "story_id": story.id, "article_id": aid,
                    "summary": f"only {outlets.get(aid) or 'one article'} reports: {_clip(c.text)}",
                    "detail": {**base, "article": _article_ref(titles[aid], outlets.get(aid)),
                               "evidence": [_evidence(titles[aid], c, outlets.get(aid))]},
                })  # fmt: skip
    out += _new_differences(r, story, set(fresh), outlets, base)
    return out


def _new_facts(story: Story, article: Article) -> list[Any]:
    """The checkable claims (a number or a date) of ``article`` that no other article of the
    story reports, numbers first: a weak signal (an unaligned paraphrase also looks new), so at
    most :data:`MAX_FACTS` per article."""
    only = {str(c) for c in story.only_in.get(article.id, [])}
    picked = [c for c in article.claims if c.id in only and (c.numbers or c.date)]
    picked.sort(key=lambda c: (not c.numbers, c.start))
    return picked[:MAX_FACTS]


def _new_differences(
    r: Rashomon, story: Story, fresh: set[str], outlets: dict[str, str | None], base: dict
) -> list[dict[str, Any]]:
    out = []
    cache: dict[str, Article] = {}

    def art(aid: str) -> Article | None:
        if aid not in cache:
            try:
                cache[aid] = r.store.get(aid)
            except RashomonError:
                return None
        return cache[aid]

    for al in story.alignments:
        if al.relation not in ("differs", "contradicts") or len(al.claims) < 2:
            continue
        ids = [str(c) for c in al.claims[:2]]
        arts = [c.rsplit(":", 1)[0] for c in ids]
        if not set(arts) & fresh or arts[0] == arts[1]:
            continue
        names = [outlets.get(a) for a in arts]
        if names[0] and names[1] and _fold(names[0]) == _fold(names[1]):
            continue  # one outlet against itself is not a difference between outlets
        got = [g for g in map(art, arts) if g is not None]
        if len(got) < 2:
            continue
        found = [next((c for c in g.claims if c.id == cid), None) for g, cid in zip(got, ids, strict=True)]  # fmt: skip
        claims = [c for c in found if c is not None]
        if len(claims) < 2:
            continue
        label = " and ".join(n or "an article" for n in names)
        out.append({
            "key": "difference:" + "|".join(sorted(ids)), "kind": "difference",
            "story_id": story.id, "article_id": next(a for a in arts if a in fresh),
            "summary": f"{label} {'contradict' if al.relation == 'contradicts' else 'differ'}: "
                       f"{al.detail or _clip(claims[0].text)}",
            "detail": {**base, "relation": al.relation, "score": round(al.score, 4),
                       "detail": al.detail,
                       "evidence": [_evidence(g, c, n) for g, c, n in zip(got, claims, names, strict=True)]},
        })  # fmt: skip
    return out


def _evidence(article: Article, claim: Any, outlet: str | None) -> dict[str, Any]:
    return {"article_id": article.id, "outlet": outlet, "title": article.title,
            "url": article.url, "claim_id": claim.id, "text": claim.text,
            "start": claim.start, "end": claim.end}  # fmt: skip


def _article_ref(article: Article, outlet: str | None) -> dict[str, Any]:
    return {"id": article.id, "title": article.title, "outlet": outlet, "url": article.url,
            "published": article.published}  # fmt: skip


def _fold(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def _clip(text: str, n: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
