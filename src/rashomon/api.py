"""The library API: the one place the CLI, the web app and the HTTP API call into.

Data moves one way: source -> clean -> store -> read -> group -> compare -> render. Each call here
runs the stages it needs over the document model and leaves the store consistent; none prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import registry
from .errors import Code, RashomonError
from .model import Article, Story
from .sources.base import Item, ReadOptions

if TYPE_CHECKING:
    from .engine import Pool
    from .outlets import Outlet, OutletTable

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

#: The reading stages, in order; ``analyze`` runs those an article has not had yet.
READ_STAGES: tuple[str, ...] = ("parse", "entities", "quotes", "dates", "claims")

Progress = Callable[[str, int, int | None], None]  # (what, done, total)


@dataclass
class IngestResult:
    """What one ingest run did: the new articles, the duplicates it skipped, the problems it met."""

    added: list[Article] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, existing id)
    errors: list[RashomonError] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return self.added

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": [
                {"id": a.id, "source": a.source, "title": a.title, "outlet": a.outlet}
                for a in self.added
            ],
            "duplicates": [{"source": s, "id": i} for s, i in self.duplicates],
            "errors": [e.to_dict() for e in self.errors],
        }


@dataclass
class GroupResult:
    """What one incremental grouping run did."""

    grouped: int = 0
    decisions: list[Any] = field(default_factory=list)  # engine.incremental.Decision
    stories: list[Story] = field(default_factory=list)  # the stories it touched, compared
    merged: list[str] = field(default_factory=list)  # story ids merged into others
    split: list[str] = field(default_factory=list)  # story ids split off
    touched: list[str] = field(default_factory=list)  # live story ids whose members changed

    def to_dict(self) -> dict[str, Any]:
        return {
            "grouped": self.grouped,
            "decisions": [d.to_dict() for d in self.decisions],
            "stories": [
                {"id": s.id, "title": s.title, "articles": s.articles} for s in self.stories
            ],
            "merged": self.merged,
            "split": self.split,
        }


@dataclass
class SearchResult:
    """One page of search hits, how many there are in all, and what the query was read as."""

    query: str
    hits: list[dict[str, Any]]
    total: int
    notes: list[str] = field(default_factory=list)  # e.g. "Kiev also matches Kyiv"
    sort: str = "relevance"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "sort": self.sort,
            "notes": self.notes,
            "results": self.hits,
        }


class Rashomon:
    """A session over one database: ingest, read, group, compare, look up."""

    def __init__(self, db: str | Path | None = None, quotes_model: str | None = None) -> None:
        """``quotes_model``: which attribution tagger the quotes stage runs (a name of
        ``rashomon.read.attribution_model.MODELS``, "rules", or a model file); default
        ``$RASHOMON_QUOTES_MODEL``, else the CRF."""
        from .store import Store

        #: Options every reading stage sees, in this process and in every worker.
        self.read_options: dict[str, Any] = {}
        if quotes_model is not None:  # importing the reading stages costs ~0.15 s: not for ls
            from .read import attribution_model

            self.read_options = attribution_model.options(quotes_model)
        self.store = Store.open(db)
        self._outlets: OutletTable | None = None
        # The story index as this session last wrote it, and the database's index version then.
        self._index: Any = None
        self._index_version = -1

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Rashomon:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ------------------------------------------------------------------------------
    def ingest(
        self,
        targets: Sequence[str],
        options: ReadOptions | None = None,
        progress: Progress | None = None,
    ) -> IngestResult:
        """Read, clean and store every article in ``targets``; bad inputs become errors, not crashes.

        Each article is stored atomically with its original; re-ingesting content that is already
        stored changes nothing and is reported in ``duplicates``.
        """
        from .sources import iter_items

        return self._store_items(iter_items(list(targets), options or ReadOptions()), progress)

    def ingest_bytes(
        self,
        data: bytes,
        name: str,
        options: ReadOptions | None = None,
        meta: dict[str, str] | None = None,
    ) -> IngestResult:
        """Ingest one uploaded or pasted input (web form, HTTP API) as if it were a file ``name``.

        ``meta`` (title, outlet, byline, published, url) fills what the input itself does not say.
        """
        from .sources import iter_data

        def labelled() -> Iterator[Item]:
            opts = options or ReadOptions()
            for item in iter_data(data, f"upload:{name}", opts, name=os.path.basename(name)):
                if item.article is not None:
                    for key, value in (meta or {}).items():
                        if value and hasattr(item.article, key) and not getattr(item.article, key):
                            setattr(item.article, key, value)
                            if key == "outlet":
                                item.article.outlet_source = "record"
                yield item

        return self._store_items(labelled(), None)

    def ingest_items(
        self, items: Iterable[Any], progress: Progress | None = None
    ) -> IngestResult:
        """Clean, label and store items a reader made (``rashomon.sources``): what ``ingest``
        does after reading, for callers that read themselves (a watch, which skips the feed
        entries it has seen)."""
        return self._store_items(items, progress)

    def _store_items(self, items: Iterable[Any], progress: Progress | None) -> IngestResult:
        result = IngestResult()
        seen: dict[str, Article] = {}
        done = 0
        for item in items:
            done += 1
            if progress:
                progress("ingest", done, None)
            if item.error is not None or item.article is None:
                result.errors.append(
                    item.error
                    or RashomonError(Code.NOT_ARTICLE, "no article found", source=item.source)
                )
                continue
            article = item.article
            if article.id in seen or self.store.has(article.id):
                result.duplicates.append((article.source, article.id))
                continue
            try:
                clean_article(article)
            except RashomonError as exc:
                exc.source = exc.source or article.source
                result.errors.append(exc)
                continue
            self.outlet_table().label(article)
            if self.store.add(article, item.original, item.media_type):
                seen[article.id] = article
                result.added.append(article)
            else:
                result.duplicates.append((article.source, article.id))
        return result

    # -- read --------------------------------------------------------------------------------
    def read(
        self,
        articles: Sequence[Article],
        stages: Sequence[str] = READ_STAGES,
        progress: Progress | None = None,
        workers: int = 1,
        scheduler: str | None = None,
        embed: bool = False,
        pool: Pool | None = None,
    ) -> list[Article]:
        """Run the reading stages each article lacks and save each chunk as it finishes.

        Resumable: an article that already has every stage is skipped, and results are
        committed chunk by chunk, so an interrupted run loses at most the chunks in flight.
        ``embed``: grouping comes next, so workers embed what it will ask for.
        ``pool``: workers already started (``engine.start_pool``; ``analyze`` starts them
        before ingesting).
        """
        from .engine import read_parallel
        from .identity import link_read

        todo = [a for a in articles if any(s not in a.stages for s in stages)]
        done = 0

        def save(chunk: list[Article]) -> None:
            nonlocal done
            if "entities" in stages:  # one identity across the corpus (rashomon.identity)
                link_read(self.store, chunk)
            for a in chunk:
                self.store.save_analysis(a)
            done += len(chunk)
            if progress:
                progress("read", done, len(todo))

        annotated = {
            a.id: a
            for a in read_parallel(
                todo,
                stages,
                workers=workers,
                scheduler=scheduler,
                on_result=save,
                embed=embed,
                pool=pool,
                options=self.read_options,
            )
        }
        return [annotated.get(a.id, a) for a in articles]

    # -- group and compare -------------------------------------------------------------------
    def group(
        self,
        progress: Progress | None = None,
        chunk: int = 500,
        max_compare: int = 40,
        compare: bool = True,
        read_first: bool = True,
        workers: int = 1,
        scheduler: str | None = None,
        among: Sequence[str] | None = None,
    ) -> GroupResult:
        """Put every stored article the story index has not seen into a story, incrementally
        (only those in ``among`` when given).

        The index (``rashomon.engine.incremental.StoryIndex``) is rows of the database: a new
        article is scored only against the stories its LSH candidates belong to, so a run costs
        what the new articles cost, not what the corpus does. Articles arrive oldest first. Each
        chunk is read and embedded first, then decided under the database's write lock: the
        index's changed rows, the assignments and the history commit in one transaction, after
        re-reading the rows if another writer grouped meanwhile, so concurrent writers take turns
        and an interrupted run resumes where it stopped. Every touched story, and any a killed run
        left uncompared, is then compared again (its ``max_compare`` most recent articles) and
        stored under the index's stable story id.
        """
        from . import embed as embedding
        from .engine import incremental as inc
        from .stories.signals import lead_text

        result = GroupResult()
        touched: set[str] = set()
        while True:
            ids = self.store.ungrouped(limit=chunk, among=among)
            if not ids:
                break
            arts = [self.store.get(i) for i in ids]
            if read_first:  # entities sharpen the blocking; claims are what compare aligns
                arts = self.read(
                    arts, READ_STAGES, workers=workers, scheduler=scheduler, embed=True
                )
            # The costly part (reading, embedding) runs before the lock; what is decided under it
            # costs what the index does.
            vectors = embedding.embed([lead_text(a) for a in arts])
            with self.store.grouping() as rows:
                index = self._index_for(rows)
                self._index = None  # until this step commits, the one in memory may be ahead
                still = set(rows.ungrouped(ids))  # another writer may have grouped some
                # An article the index already holds but has no row (deleted, then stored
                # again) gets its row back rather than a second place in the index.
                known = [i for i in ids if i in still and i in index.story_of]
                now: dict[str, Any] = {}
                for a, vec in zip(arts, vectors, strict=True):
                    if a.id not in still or a.id in index.story_of:
                        continue
                    d = index.add(inc.signature(a, vec))
                    result.decisions.append(d)
                    now[d.article] = d
                    touched.add(d.story)
                new_history = list(index.history)
                del index.history[:]  # the database keeps it (story_history)
                for h in new_history:
                    if h["action"] == "merged":
                        result.merged.append(h["from"])
                        touched.add(h["story"])
                    elif h["action"] == "split":
                        result.split.append(h["into"])
                        touched.update((h["story"], h["into"]))
                # Merges and splits re-point earlier articles too: rewrite those rows (the index
                # names them; all of a reshaped story's members would grow with the story).
                moved = set(index.moved) | set(now)
                index.moved.clear()
                assignments = [
                    (aid, index.story_of[aid], now[aid].action, now[aid].score) if aid in now
                    else (aid, index.story_of[aid], "moved", None)
                    for aid in sorted(moved)
                ]  # fmt: skip
                assignments += [(aid, index.story_of[aid], "restored", None) for aid in known]
                # Nothing of its own (another writer grouped them all): nothing to write.
                version = (
                    rows.write(index.take_changes(), assignments, new_history)
                    if assignments else rows.version()
                )  # fmt: skip
            self._index, self._index_version = index, version
            result.grouped += len(now) + len(known)
            if progress:
                progress("group", result.grouped, None)
        live = self._index.stories if self._index is not None else {}
        result.touched = [sid for sid in sorted(touched) if sid in live]
        if compare:
            # What this run changed, and what a run killed before comparing left behind.
            todo = sorted(set(result.touched) | set(self.store.stale_stories()))
            result.stories = self.compare_stories(todo, max_compare, progress=progress)
        return result

    def _index_for(self, rows: Any) -> Any:
        """The story index as the database holds it now: the one this session last wrote when no
        other writer has grouped since, else rebuilt from the rows (what the window holds)."""
        from .engine import incremental as inc

        if self._index is not None and self._index_version == rows.version():
            return self._index
        if rows.empty():
            blob = self.store.load_index()  # an older version's pickle: moved into rows now
            if blob:
                old = inc.loads(blob)
                old.history.clear()
                old.moved.clear()
                rows.write(old.everything(), [], [], stale=False)  # they were compared
        return inc.StoryIndex.from_rows(**rows.load())

    def compare_stories(
        self,
        story_ids: Sequence[str],
        max_compare: int = 40,
        done: Sequence[Story] = (),
        progress: Progress | None = None,
    ) -> list[Story]:
        """Compare the index's stories (their ``max_compare`` most recent articles) and store each
        under its stable id with all its members. A story in ``done`` with exactly those articles is stored as it is,
        so ``analyze`` never compares the same articles twice."""
        from .compare import analyze_story
        from .identity import changed, identity_for, snapshot

        ready = {frozenset(s.articles): s for s in done}
        out = []
        for k, sid in enumerate(story_ids, 1):
            # The change count first: members read after it are at least that new, so a
            # comparison is stored only if no writer changed the story while it ran.
            gen = self.store.stale_gen(sid)
            members = self.store.story_members(sid)
            compared = members[-max_compare:]
            if not compared:
                continue
            story = ready.get(frozenset(compared))
            if story is None:
                arts = [self.store.get(i) for i in compared]
                ident = identity_for(self.store, arts)
                before = {a.id: snapshot(a) for a in arts}
                story = analyze_story(arts, ident.aliases, ident.corrections)
                # The story's linking resolved bare names across its accounts: keep that in the
                # articles, so entity pages, voices and search say what the story says.
                relinked = changed(arts, before)
                if relinked:
                    self.store.save_analyses(relinked)
            story.id = sid
            self.store.put_compared(story, members, gen)
            out.append(story)
            if progress:
                progress("compare", k, len(story_ids))
        return out

    def analyze(
        self,
        targets: Sequence[str],
        options: ReadOptions | None = None,
        progress: Progress | None = None,
        stages: Sequence[str] = READ_STAGES,
        workers: int = 1,
        scheduler: str | None = None,
    ) -> tuple[list[Article], list[Story], IngestResult]:
        """Everything at once: ingest new inputs (ids of stored articles are accepted too), read,
        group and compare. Returns the articles, the stories and what ingest met.

        The returned stories group the given articles among themselves (the report). The
        database's stories come from the incremental index over the whole corpus: the given
        articles join stored stories or open new ones under stable ids. A report story whose
        articles are exactly those of one stored story carries that story's id."""
        arts, result = self._ingest_and_read(targets, options, progress, stages, workers, scheduler)
        if not arts:
            return arts, [], result
        from . import embed as embedding

        # The workers are done: what this process still embeds may use the cores they held.
        cores = min(workers, os.cpu_count() or 1)
        with embedding.threads(cores):
            return arts, self._group_report(arts, progress), result

    def compare(
        self,
        targets: Sequence[str],
        options: ReadOptions | None = None,
        progress: Progress | None = None,
        stages: Sequence[str] = READ_STAGES,
        workers: int = 1,
        scheduler: str | None = None,
    ) -> tuple[list[Article], Story | None, IngestResult]:
        """Compare the given articles as one story, whatever the grouping would make of them:
        ingest the new inputs (stored ids are accepted), read them, compare them once and store
        the story under its own content id. The corpus index is left as it is (new articles
        join its stories at the next ``group`` or ``analyze``). The story is None when no
        article could be read."""
        from .compare import analyze_story

        arts, result = self._ingest_and_read(
            targets, options, progress, stages, workers, scheduler, embed=False
        )
        if not arts:
            return arts, None, result
        from .identity import identity_for

        ident = identity_for(self.store, arts)
        story = analyze_story(arts, ident.aliases, ident.corrections)
        self.store.put_story(story)
        return arts, story, result

    def _ingest_and_read(
        self,
        targets: Sequence[str],
        options: ReadOptions | None,
        progress: Progress | None,
        stages: Sequence[str],
        workers: int,
        scheduler: str | None,
        embed: bool = True,
    ) -> tuple[list[Article], IngestResult]:
        """Ingest the new inputs among ``targets`` (stored ids are taken as they are) and read
        them all: the first half of ``analyze`` and ``compare``. ``embed``: grouping comes
        next, so the workers embed what it will ask for."""
        from .engine import preload, start_pool

        paths = [t for t in targets if not self._is_stored_id(t)]
        ids = [t for t in targets if self._is_stored_id(t)]
        parallel = workers > 1 or bool(scheduler)
        # The models this process needs load in threads while it ingests: spaCy's (unless
        # workers read) and the encoder's, which grouping and comparison use here either way.
        preload(reading=not parallel and bool(stages), encoder=True, options=self.read_options)
        # New inputs to read on workers: start them now, so the fork server's model loads
        # (~3 CPU-s, once per process; a LocalCluster's start too) overlap the ingest and
        # cleaning, which this process does alone.
        pool = (
            start_pool(workers, scheduler, embed=embed, options=self.read_options)
            if parallel and paths
            else None
        )
        try:
            result = self.ingest(paths, options, progress) if paths else IngestResult()
            articles: dict[str, Article] = {}
            for a in result.added:
                articles[a.id] = a
            for _, dup_id in result.duplicates:
                articles.setdefault(dup_id, self.store.get(dup_id))
            for i in ids:
                a = self.store.get(i)
                articles.setdefault(a.id, a)
            arts = self.read(
                list(articles.values()), stages, progress, workers, scheduler, embed=embed,
                pool=pool,
            )
        except BaseException:
            if pool is not None:
                pool.close(kill=True)
            raise
        if pool is not None:
            pool.close(wait=False)  # the workers exit while this process groups
        return arts, result

    def _group_report(self, arts: list[Article], progress: Progress | None) -> list[Story]:
        """File ``arts`` under the corpus stories, compare what changed, and build the report's
        stories among ``arts`` (``analyze``'s second half)."""
        from .identity import changed, identity_for, snapshot
        from .stories import build

        grouped = self.group(
            progress, compare=False, read_first=False, among=[a.id for a in arts]
        )
        before = {a.id: snapshot(a) for a in arts}
        stories = build(arts, identity=identity_for(self.store, arts))
        corpus = self.store.index_story_of([a.id for a in arts])
        by_id = {a.id: a for a in arts}
        kept: list[Article] = []
        for s in stories:
            sids = {corpus.get(i) for i in s.articles}
            if len(sids) == 1 and None not in sids:
                sid = sids.pop()
                if set(self.store.story_members(sid)) == set(s.articles):
                    s.id = sid  # the same articles as the stored story: the same story
                    kept += [by_id[i] for i in s.articles if i in by_id]
        # As compare_stories does for the stories it compares: the corpus story's linking stays.
        relinked = changed(kept, before)
        if relinked:
            self.store.save_analyses(relinked)
        todo = sorted(set(grouped.touched) | set(self.store.stale_stories()))
        self.compare_stories(todo, done=stories, progress=progress)
        return stories

    def _is_stored_id(self, target: str) -> bool:
        if target == "-" or "/" in target or "." in target or os.path.exists(target):
            return False
        from .store import MIN_PREFIX

        return len(target) >= MIN_PREFIX and all(c in "0123456789abcdef" for c in target.lower()) and (
            self.store.has(target)
        )

    # -- outlets -----------------------------------------------------------------------------
    def outlet_table(self) -> OutletTable:
        """The shipped outlet table with this database's own rows over it (cached)."""
        if self._outlets is None:
            from .outlets import Outlet, OutletTable, shipped

            user = [Outlet.make(**row, origin="user") for row in self.store.user_outlets()]
            self._outlets = OutletTable.of(shipped(), user)
        return self._outlets

    def add_outlets(self, outlets: Sequence[Outlet]) -> int:
        """Add (or replace, by name) rows of this database's outlet table; stored articles whose
        outlet the table now knows by another name take its name. Returns the rows changed."""
        self.store.put_outlets([o.to_dict() for o in outlets])
        self._outlets = None
        table = self.outlet_table()
        renames = {}
        for name in self.store.outlet_counts():
            known = table.named(name) if name else None
            if known is not None and known.name != name:
                renames[name] = known.name
        return self.store.relabel_outlets(renames)

    def set_outlet(self, article_id: str, name: str) -> Article:
        """Correct one article's outlet (kept across re-reads); the table's spelling is used
        when it knows the name."""
        known = self.outlet_table().named(name)
        return self.store.set_outlet(article_id, known.name if known else name)

    def outlet_of(self, article: Article) -> Outlet | None:
        """What the outlet table knows of an article's outlet (country, language, ownership)."""
        return self.outlet_table().of_article(article)

    def outlets(self) -> list[dict[str, Any]]:
        """Every outlet of the table and every outlet name the stored articles carry, with how
        many articles each has (``articles``) and whether the table knows it (``known``)."""
        table = self.outlet_table()
        counts: dict[str, int] = {}
        unknown: dict[str, int] = {}
        for name, n in self.store.outlet_counts().items():
            known = table.named(name) if name else None
            if known is not None:
                counts[known.name] = counts.get(known.name, 0) + n
            elif name:
                unknown[name] = unknown.get(name, 0) + n
        rows = [{**o.to_dict(), "articles": counts.get(o.name, 0), "known": True} for o in table]
        rows += [
            {"name": name, "domains": [], "aliases": [], "country": None, "language": None,
             "ownership": None, "origin": "articles", "articles": n, "known": False}
            for name, n in sorted(unknown.items(), key=lambda kv: kv[0].casefold())
        ]  # fmt: skip
        return rows

    # -- look up -----------------------------------------------------------------------------
    def get(self, article_id: str) -> Article:
        """The stored article for an id or a unique id prefix."""
        return self.store.get(article_id)

    def list(self, limit: int = 50, offset: int = 0, outlet: str | None = None) -> list[dict]:
        """Stored articles, newest first; ``outlet`` as ``outlet:`` in a search means it (a
        name, an alias or a domain of the outlet table, or a stored outlet name)."""
        names = self.outlet_names(outlet) if outlet is not None else None
        return self.store.list(limit=limit, offset=offset, outlet=names)

    def count(self, outlet: str | None = None) -> int:
        """How many articles are stored (of ``outlet`` when given, as :meth:`list` means it)."""
        return self.store.count(self.outlet_names(outlet) if outlet is not None else None)

    def save(self, articles: Iterable[Article]) -> None:
        """Store changes made to stored articles (their fields and annotations) in one go."""
        self.store.save_analyses(articles)

    def entity(self, name: str) -> dict[str, Any]:
        """An actor's mentions, quotes and claims in the stored articles (see ``Store.entity``),
        for the one entity ``name`` resolves to (:meth:`resolve_entity`: any form it is known
        by, merges followed), else for ``name`` as a canonical name."""
        try:
            eid, _ = self.resolve_entity(name)
        except RashomonError:
            return self.store.entity(name)
        return self.store.entity(eid)

    # -- identity: who is who across the corpus (rashomon.identity) ----------------------------
    def resolve_entity(self, name: str) -> tuple[str, str]:
        """(entity id, name) that a name stands for in the corpus: an entity id, a form of the
        alias table, a canonical name or a mention's text; the user's merges followed. A name
        of several entities is refused with their ids, so the user can pick one."""
        from .identity import corrections_of
        from .read.entities import name_key

        merged = corrections_of(self.store.entity_corrections()).merged
        found = [] if ":" not in name else self.store.entity_ids_named(name)
        if not found:
            keys = [name_key(True, name), name_key(False, name)]
            rows = {r[0]: r for r in self.store.alias_rows(keys)}
            found = [(rows[k][1], rows[k][2]) for k in keys if k in rows]
        if not found:
            found = self.store.entity_ids_named(name)
        ids: dict[str, str] = {}
        for eid, canonical in found:
            seen = {eid}
            while eid in merged and merged[eid] not in seen:
                eid = merged[eid]
                seen.add(eid)
            ids.setdefault(eid, canonical)
        if not ids:
            raise RashomonError(Code.NOT_FOUND, f"no entity is called {name!r}")
        if len(ids) > 1:
            listed = ", ".join(f"{i} ({n})" for i, n in ids.items())
            raise RashomonError(
                Code.USAGE, f"{name!r} names several entities: {listed}; give one of the ids"
            )
        eid = next(iter(ids))
        return eid, self._entity_name(eid, ids[eid])

    def _entity_name(self, eid: str, fallback: str) -> str:
        rows = self.store.entity_ids_named(eid)
        if rows:
            return rows[0][1]
        for r in self.store.entity_corrections():
            if r["action"] == "merge" and r["target"] == eid:
                return str(r["name"])
        return fallback

    def entity_show(self, name: str, limit: int = 500) -> dict[str, Any]:
        """One entity as the corpus knows it: :meth:`entity`'s page for its id, the forms of the
        alias table that resolve to it and the user's corrections that name it."""
        eid, canonical = self.resolve_entity(name)
        page = self.store.entity(eid, limit=limit)
        page["id"] = eid
        page["name"] = canonical
        page["aliases"] = [r["form"] for r in self.store.aliases_of(eid)]
        page["corrections"] = [
            {k: r[k] for k in ("action", "entity_id", "target", "name", "form", "at")}
            for r in self.store.entity_corrections()
            if eid in (r["entity_id"], r["target"])
        ]
        return page

    def entities(
        self, limit: int = 50, offset: int = 0, label: str | None = None
    ) -> list[dict[str, Any]]:
        """Entities by how many stored articles mention them: id, name, label, articles,
        mentions."""
        return self.store.entity_list(limit=limit, offset=offset, label=label)

    def merge_entities(self, name: str, into: str) -> dict[str, Any]:
        """Merge one entity into another, for good (``rashomon entity merge A B``): the
        correction is stored, every article naming the first is linked again, and the corpus
        stories holding them are compared again. Kept when articles are read again."""
        src, src_name = self.resolve_entity(name)
        dst, dst_name = self.resolve_entity(into)
        if src == dst:
            raise RashomonError(Code.USAGE, f"{name!r} and {into!r} are already one entity ({src})")
        self.store.add_entity_correction("merge", src, dst, dst_name)
        arts, stories = self._relink(self.store.articles_naming([src]))
        return {"merged": src, "merged_name": src_name, "into": dst, "name": dst_name,
                "articles": arts, "stories": stories}  # fmt: skip

    def split_entity(self, name: str, form: str | None = None) -> dict[str, Any]:
        """Take a name form out of an entity, for good (``rashomon entity split A --form F``):
        mentions written so become an entity of their own. Without ``form``: undo the user's
        merges into the entity (its articles are read again, so the merged names come back)."""
        from .read.entities import entity_id, name_key

        eid, canonical = self.resolve_entity(name)
        if form is None:
            gone = self.store.remove_merges_into(eid)
            if not gone:
                forms = [r["form"] for r in self.store.aliases_of(eid)]
                raise RashomonError(
                    Code.USAGE,
                    f"{eid} has no merge to undo; name the form to split off with --form "
                    f"(its forms: {', '.join(forms) or canonical})",
                )
            ids = self.store.articles_naming([eid, *gone])
            arts = [self.store.get(i) for i in ids]
            for a in arts:  # read again from the text: the merge rewrote their names
                a.stages = [s for s in a.stages if s not in ("entities", "quotes", "claims")]
            self.read(arts)
            touched = self._recompare(ids)
            return {"split": eid, "name": canonical, "restored": gone, "articles": len(ids),
                    "stories": touched}  # fmt: skip
        form = " ".join(form.split())
        label = eid.split(":", 1)[0].upper()
        person = label == "PERSON"
        new = entity_id(label, form)
        if new == eid:
            raise RashomonError(
                Code.USAGE,
                f"{form!r} is the name of {eid} itself: split off its other forms instead",
            )
        key = name_key(person, form)
        self.store.add_entity_correction("split", eid, new, form, key)
        self.store.point_aliases(eid, new, form, keys=[key])
        arts, stories = self._relink(self.store.articles_naming([eid]))
        return {"split": eid, "name": canonical, "form": form, "into": new,
                "articles": arts, "stories": stories}  # fmt: skip

    def _relink(self, article_ids: Sequence[str]) -> tuple[int, int]:
        """Link stored articles again after a correction and compare their corpus stories
        again; returns (articles changed, stories compared)."""
        from .identity import relinked

        done = relinked(self.store, article_ids)
        return len(done), self._recompare([a.id for a in done])

    def _recompare(self, article_ids: Sequence[str]) -> int:
        placed = self.store.index_story_of(list(article_ids))
        sids = sorted(set(placed.values()))
        if sids:
            self.compare_stories(sids)
        return len(sids)

    # -- stories -----------------------------------------------------------------------------
    def story(self, story_id: str) -> Story:
        """The stored story for an id or a unique id prefix."""
        return self.store.get_story(story_id)

    def merged_into(self, story_id: str) -> str | None:
        """The story a merged story's id now names (the story it went into, after every later
        merge), or None when the id is not a merged story's: the web app and the API answer
        such an id with a permanent redirect, the CLI with a note."""
        return self.store.story_redirect(story_id)

    def story_articles(self, story: Story) -> list[Article]:
        """The stored articles of a story, in the story's order."""
        return [self.store.get(a) for a in story.articles]

    def stories(
        self,
        limit: int = 50,
        offset: int = 0,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of the stored stories by latest activity (their newest publication date),
        newest first, and how many match: id, title, articles (how many), outlets, latest day,
        activity, alignments, differences and the strongest difference. ``outlet``: stories an
        article of which that outlet published (case-blind); ``since`` / ``until``
        (YYYY[-MM[-DD]], inclusive): stories with an article active on those days.

        One query for the page's summaries (:meth:`~rashomon.store.Store.story_summaries`): no
        article and no story document is loaded, so a page costs the same for stories of 2 or
        500 articles."""
        from .search import day_bound

        listed, total = self.store.stories_by_activity(
            limit=limit, offset=offset, outlet=outlet or None,
            since=day_bound(since, "--since") if since else None,
            until=day_bound(until, "--until") if until else None,
        )  # fmt: skip
        summaries = self.store.story_summaries([s["id"] for s in listed])
        rows = []
        for s in listed:
            m = summaries.get(s["id"])
            if m is None:  # deleted between the two reads
                continue
            strongest = m["strongest"]
            if strongest is not None:
                strongest = {"relation": strongest["relation"], "detail": strongest["detail"] or ""}
            rows.append(
                {
                    "id": s["id"],
                    "title": s["title"],
                    "articles": m["articles"],
                    "outlets": sorted({o or "outlet unknown" for o in m["outlets"]}),
                    "latest": m["latest"],
                    "activity": (s["activity"] or "")[:16].replace("T", " ") or None,
                    "alignments": m["alignments"],
                    "differences": m["differences"],
                    "strongest_difference": (strongest["detail"] or strongest["relation"])
                    if strongest
                    else None,
                    "strongest": strongest,
                }
            )
        return rows, total

    def stored_outlets(self) -> list[str]:
        """The outlet names the stored articles carry, sorted."""
        return sorted(o for o in self.store.outlet_counts() if o)

    def alerts(
        self,
        limit: int = 50,
        offset: int = 0,
        story: str | None = None,
        kind: str | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of what ``rashomon watch`` raised, newest first, and how many match."""
        rows = self.store.alerts(limit=limit, offset=offset, story=story, kind=kind)
        return rows, self.store.count_alerts(story, kind)

    def feeds(self) -> list[dict[str, Any]]:
        """The watched feeds and their polling state."""
        return self.store.feed_states()

    def stories_of(self, article_id: str) -> list[Story]:
        """The stored stories that hold an article (an id or a unique prefix)."""
        full = self.store.get(article_id).id
        out = []
        for sid in self.store.stories_of(full):
            try:
                out.append(self.store.get_story(sid))
            except RashomonError as exc:  # deleted between the two reads
                if exc.code is not Code.NOT_FOUND:
                    raise
        return out

    def grouped_stories(self, article_ids: Sequence[str]) -> list[Story]:
        """The stories the grouping filed these articles under (stable ids of the corpus
        index), each once, in the order of the articles; ungrouped articles are left out."""
        placed = self.store.index_story_of(article_ids)
        return [
            self.store.get_story(sid)
            for sid in dict.fromkeys(placed[i] for i in article_ids if i in placed)
        ]

    def history(self, story_id: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """The grouping decisions that name a story (every decision when None), oldest first:
        joined, opened, merged, split, with the scores the index saw."""
        return self.store.story_history(story_id, limit=limit)

    def outlet_names(self, value: str, prefix: bool = False) -> list[str]:
        """The outlet names stored articles may carry for a filter value: the value itself, and
        for each outlet of the table it means its name, its aliases and its domains."""
        names = [value]
        table = self.outlet_table()
        for o in table.matching(value) if not prefix else table.matching(value.rstrip("*")):
            names += [o.name, *o.aliases, *o.domains]
        return list(dict.fromkeys(names))

    def search(
        self,
        query: str,
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
        since: str | None = None,
        until: str | None = None,
        marks: tuple[str, str] = ("«", "»"),
    ) -> SearchResult:
        """Articles matching ``query`` (the language of :mod:`rashomon.search`: all words
        required, "phrases", OR, NOT, prefix*, title:/outlet:/country:/speaker:/entity:, names
        matching their other forms), published in [since, until] when given; ``sort``:
        "relevance" or "date". ``total`` counts every match, not only the page returned."""
        compiled = self._compile(query, since, until)
        hits, total = self.store.find(compiled, sort=sort, limit=limit, offset=offset, marks=marks)
        return SearchResult(query, hits, total, compiled.notes, sort)

    def _compile(self, query: str, since: str | None, until: str | None) -> Any:
        from .search import compile_query

        table = self.outlet_table()

        def country_outlets(code: str) -> list[str]:
            code = code.strip().upper()
            return [
                n for o in table if o.country == code for n in (o.name, *o.aliases, *o.domains)
            ]

        return compile_query(
            query,
            name_forms=self.store.name_forms,
            outlets=self.outlet_names,
            country_outlets=country_outlets,
            since=since,
            until=until,
        )

    # -- export ------------------------------------------------------------------------------
    def export(
        self,
        table: str,
        out: IO[str],
        fmt: str = "csv",
        story: str | None = None,
        query: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> int:
        """Write ``table`` (see ``rashomon.export.TABLES``) as CSV or JSON Lines for one story,
        the articles a search finds (and their stories), or the whole database; returns the
        number of rows. A story id and a search are not combined: give one or neither."""
        from . import export

        if story is not None and (query or since or until):
            raise RashomonError(Code.USAGE, "export a story or a search, not both")
        scope = export.Scope(story=story)
        if query or since or until:
            scope = export.Scope(articles=self.store.find_ids(self._compile(query or "", since, until)))
        return export.write(out, fmt, table, export.rows(self, table, scope))


def default_db_path() -> Path:
    """Where the database is when none is given: ``$RASHOMON_DB``, else the user's data folder."""
    from .store import default_db_path as path

    return path()


def clean_article(article: Article) -> Article:
    """Run the ``clean`` stage on one freshly read article."""
    registry.get("clean").run([article], registry.Context())
    return article


def analyze_articles(
    articles: Iterable[Article],
    stages: Sequence[str] = READ_STAGES,
    quotes_model: str | None = None,
) -> list[Story]:
    """Read, group and compare articles held in memory, without a database (library use)."""
    from .read import attribution_model
    from .stories import build

    options = attribution_model.options(quotes_model)
    arts = list(articles)
    for a in arts:
        if "clean" not in a.stages and not a.text:
            clean_article(a)
    registry.run(arts, list(stages), registry.Context(options=options))
    return build(arts)
