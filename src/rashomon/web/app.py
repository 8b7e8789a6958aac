"""The web application and the HTTP API: thin shells over :class:`rashomon.api.Rashomon`.

One boundary turns :class:`~rashomon.errors.RashomonError` into the JSON error shape
``{"error": {"code", "name", "message", "source", "fix"}}`` with the error's HTTP status (API) or
an error page (HTML). Every page is rendered by Jinja2 with autoescaping on; article text is never
marked safe. A strict Content-Security-Policy allows only the app's own stylesheets (its own and
the report's, both served under /static): no scripts, no inline styles.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from .. import __version__
from ..errors import Code, RashomonError
from ..model import SCHEMA_VERSION
from ..search import HELP as SEARCH_SYNTAX
from ..sources.base import ReadOptions
from . import auth, forms, guard
from . import views as V
from .jobs import Jobs

HERE = Path(__file__).resolve().parent
MAX_BODY = 60 * 1024 * 1024  # a little over the 50 MB input limit, for multipart overhead

CSP = guard.CSP


class IngestRequest(BaseModel):
    """One article to ingest: its text, its HTML, or a URL (a page or a feed)."""

    text: str | None = Field(None, description="plain text of the article (raw scrapes are cleaned)")
    html: str | None = Field(None, description="the article's HTML page")
    url: str | None = Field(
        None,
        description="an http:// or https:// URL of an article or an RSS/Atom feed; anything else "
        "(a path, another scheme) is refused with 400 E015",
    )
    title: str | None = Field(None, description="the article's title (text and html only)")
    outlet: str | None = Field(
        None,
        description="the article's outlet. For text and html it is the outlet of the article "
        "given; for url it fills in only for articles whose page or feed names none (a name "
        "guessed from the web address is replaced)",
    )
    byline: str | None = Field(None, description="the article's byline (text and html only)")
    published: str | None = Field(None, description="ISO 8601 date (text and html only)")
    analyze: bool = Field(True, description="also read, group and compare after storing")


class ErrorDetail(BaseModel):
    code: str = Field(..., description="stable error code, e.g. E008")
    name: str
    message: str
    source: str | None = None
    fix: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


_ERR = {"model": ErrorBody}
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _ERR, 404: _ERR, 413: _ERR, 422: _ERR, 500: _ERR,
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **READ_ERRORS, 401: _ERR, 403: _ERR, 409: _ERR, 415: _ERR, 502: _ERR,
}


ExportTable = Literal["articles", "quotes", "facts", "positions", "differences"]


def _safe(name: str) -> str:
    """A file-name-safe piece of a download's name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:80]


class EntityMergeRequest(BaseModel):
    """Merge one entity into another, for good (kept when articles are read again)."""

    name: str = Field(..., min_length=1, max_length=300, description="the entity merged away: "
                      "a name form, a canonical name or an entity id")  # fmt: skip
    into: str = Field(..., min_length=1, max_length=300, description="the entity it becomes")


class EntitySplitRequest(BaseModel):
    """Split a name form off an entity, or (no form) undo the merges into it, for good."""

    name: str = Field(..., min_length=1, max_length=300, description="the entity")
    form: str | None = Field(None, min_length=1, max_length=300,
                             description="the name form that names someone else")  # fmt: skip


class CompareRequest(BaseModel):
    articles: list[str] = Field(..., min_length=2, description="ids (or unique prefixes) of stored articles")


def create_app(
    db: str | Path | None = None,
    *,
    allow_private: bool = False,
    quotes_model: str | None = None,
    allow_hosts: Iterable[str] = (),
    max_body: int = MAX_BODY,
) -> FastAPI:
    """The app over ``db``. ``allow_hosts``: host names it answers to besides the localhost
    forms (``rashomon serve --allow-host``); ``max_body``: the request body limit in bytes."""
    from ..api import Rashomon, default_db_path

    db_path = Path(db) if db else default_db_path()
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.rashomon.close()

    app = FastAPI(
        lifespan=lifespan,
        title="rashomon",
        version=__version__,
        description="Read news articles against each other. Reads are open; writes need "
        "'Authorization: Bearer TOKEN' (printed once by 'rashomon serve', rotated by "
        "'rashomon token --rotate').",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.rashomon = Rashomon(db_path, quotes_model)
    app.state.db_path = db_path
    app.state.allow_private = allow_private
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    V.register_filters(templates.env)

    @app.get("/static/report.css", include_in_schema=False)
    def report_stylesheet() -> Response:
        """The report's own stylesheet, served as a file so the story page needs no inline style
        (the CSP allows styles from 'self' only). Registered before the static mount shadows it."""
        from ..render.html import report_css

        return Response(
            report_css(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
        )

    @app.get("/static/outlets.css", include_in_schema=False)
    def outlets_stylesheet() -> Response:
        """One colour per outlet, from the palette the reports use (generated, not a file)."""
        return Response(
            V.outlets_css(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
        )

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def r() -> Any:
        return app.state.rashomon

    jobs = Jobs()  # the form's background ingests (web/jobs.py)

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        # The guard has checked the header before the body was read; this marks the route as a
        # write (the guard finds the write routes by it) and documents the header.
        if not check_bearer(authorization):
            raise RashomonError(Code.AUTH, "this request writes and needs a valid bearer token")

    def check_bearer(authorization: str | None) -> bool:
        token = None
        if authorization and authorization.lower().startswith("bearer "):
            token = authorization[7:].strip()
        return auth.check_token(db_path, token)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    # -- the error boundary: every 4xx and 5xx goes through error_page -------------------------
    def error_page(
        request: Request, exc: RashomonError, status: int, headers: dict[str, str] | None = None
    ) -> Response:
        body = V.error_dict(exc, api=wants_json(request))
        if wants_json(request):
            return JSONResponse({"error": body}, status_code=status, headers=headers)
        return templates.TemplateResponse(
            request, "error.html.j2", {"error": body, "status": status}, status_code=status,
            headers=headers,
        )

    @app.exception_handler(RashomonError)
    async def on_error(request: Request, exc: RashomonError) -> Response:
        return error_page(request, exc, exc.http_status if not exc.is_warning else 409)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        err = RashomonError(Code.USAGE, f"invalid request: {where}: {first.get('msg', 'invalid')}")
        return error_page(request, err, 422)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        code = {404: Code.NOT_FOUND, 413: Code.TOO_LARGE}.get(status, Code.USAGE)
        headers = dict(exc.headers or {})
        message = str(exc.detail)
        if status == 405:
            allowed = allowed_methods(request.scope)
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.method} is not allowed here; allowed: {', '.join(allowed)}"
        elif status == 413:
            message = f"request body over {max_body // (1024 * 1024)} MB"
        return error_page(request, RashomonError(code, message), status, headers)

    def allowed_methods(scope: Any) -> list[str]:
        """Every method some route takes at this path (Starlette's 405 names only the first
        route that matched the path: GET for /api/v1/articles, though POST is taken too)."""
        methods: set[str] = set()
        for route in app.router.routes:
            for m in getattr(route, "methods", None) or ():
                if route.matches({**scope, "method": m})[0] is Match.FULL:
                    methods.add(m)
        return sorted(methods)

    def needs_token(scope: Any) -> bool:
        return any(route.matches(scope)[0] is Match.FULL for route in write_routes())

    @functools.cache
    def write_routes() -> list[APIRoute]:
        return [
            route
            for route in app.router.routes
            if isinstance(route, APIRoute)
            and any(d.call is require_token for d in route.dependant.dependencies)
        ]

    app.add_middleware(
        guard.Guard,
        allowed_hosts=(*guard.LOCAL_HOSTS, *allow_hosts),
        max_body=max_body,
        needs_token=needs_token,
        check_token=lambda token: auth.check_token(db_path, token),
        error_page=error_page,
    )

    # -- HTTP API -------------------------------------------------------------------------------
    @app.get("/api/v1/health", tags=["meta"], responses=READ_ERRORS)
    def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "schema_version": SCHEMA_VERSION,
            "articles": r().count(),
        }

    @app.get("/api/v1/articles", tags=["articles"], responses=READ_ERRORS)
    def api_articles(
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
        outlet: str | None = None,
    ) -> dict[str, Any]:
        return {
            "total": r().count(outlet=outlet),
            "articles": r().list(limit=limit, offset=offset, outlet=outlet),
        }

    @app.get("/api/v1/articles/{article_id}", tags=["articles"], responses=READ_ERRORS)
    def api_article(article_id: str) -> dict[str, Any]:
        return r().get(article_id).public_dict()

    @app.post(
        "/api/v1/articles",
        tags=["articles"],
        status_code=201,
        dependencies=[Depends(require_token)],
        responses=WRITE_ERRORS,
    )
    def api_ingest(req: IngestRequest) -> dict[str, Any]:
        return V.ingest_request(r(), req, ReadOptions(allow_private=allow_private))

    @app.get("/api/v1/stories", tags=["stories"], responses=READ_ERRORS)
    def api_stories(
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
        until: Annotated[str | None, Query(max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    ) -> dict[str, Any]:
        """Stories by latest activity, newest first (of an outlet, active between two days)."""
        rows, total = V.story_listing(r(), limit, offset, outlet=outlet, since=since, until=until)
        return {"total": total, "stories": rows}

    @app.get("/api/v1/stories/{story_id}", tags=["stories"], responses=READ_ERRORS)
    def api_story(story_id: str) -> dict[str, Any]:
        moved = r().merged_into(story_id)
        if moved is not None:  # a merged story's id names the story it went into, for good
            return RedirectResponse(f"/api/v1/stories/{moved}", status_code=301)  # type: ignore[return-value]
        return r().story(story_id).to_dict()

    @app.post(
        "/api/v1/compare",
        tags=["stories"],
        dependencies=[Depends(require_token)],
        responses=WRITE_ERRORS,
    )
    def api_compare(req: CompareRequest) -> dict[str, Any]:
        return V.compare_ids(r(), req.articles).to_dict()

    @app.get("/api/v1/search", tags=["search"], responses=READ_ERRORS)
    def api_search(
        q: Annotated[str, Query(max_length=500, description=SEARCH_SYNTAX)] = "",
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        sort: Annotated[Literal["relevance", "date"], Query()] = "relevance",
        since: Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]")] = None,
        until: Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]")] = None,
    ) -> dict[str, Any]:
        """Articles matching ``q``, best first (or newest first with ``sort=date``); ``total``
        counts every match. ``snippet`` is plain text and ``highlights`` lists the
        ``[start, end)`` character spans of the matches in it; ``notes`` says what else a name
        matched (Kiev also matches Kyiv)."""
        return V.search_hits(r(), q, limit, offset=offset, sort=sort, since=since, until=until)

    @app.get(
        "/api/v1/export/{table}",
        tags=["export"],
        responses={**READ_ERRORS, 200: {"content": {"text/csv": {}, "application/x-ndjson": {}},
                                        "description": "the rows, CSV with a header or JSON Lines"}},
        response_class=Response,
    )  # fmt: skip
    def api_export(
        table: ExportTable,
        format: Annotated[Literal["csv", "jsonl"], Query()] = "csv",  # noqa: A002 (the API's name)
        story: Annotated[str | None, Query(max_length=64, description="a story id")] = None,
        q: Annotated[str | None, Query(max_length=500, description="a search: " + SEARCH_SYNTAX)] = None,
        since: Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]")] = None,
        until: Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]")] = None,
    ) -> Response:
        """One table (articles, quotes, facts, positions, differences) for a story, the articles
        a search finds, or the whole database, as CSV (with a header row) or JSON Lines. The
        export is written to a temporary file first, so an error is an error response, never a
        cut-off download."""
        import tempfile

        from ..export import MEDIA_TYPES

        buf = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+b")
        text = io.TextIOWrapper(buf, encoding="utf-8", newline="")
        try:
            r().export(table, text, format, story=story, query=q, since=since, until=until)
            text.flush()
            text.detach()
        except BaseException:
            buf.close()
            raise
        buf.seek(0)
        scope = f"story-{story}" if story else ("search" if q or since or until else "all")

        def chunks() -> Iterator[bytes]:
            try:
                while block := buf.read(64 * 1024):
                    yield block
            finally:
                buf.close()

        return StreamingResponse(
            chunks(),
            media_type=MEDIA_TYPES[format],
            headers={"Content-Disposition":
                     f'attachment; filename="rashomon-{table}-{_safe(scope)}.{format}"'},
        )  # fmt: skip

    @app.get("/api/v1/entities/{name}", tags=["entities"], responses=READ_ERRORS)
    def api_entity(name: str) -> dict[str, Any]:
        return V.entity_data(r(), name)

    @app.post(
        "/api/v1/entities/merge",
        tags=["entities"],
        dependencies=[Depends(require_token)],
        responses=WRITE_ERRORS,
    )
    def api_entity_merge(req: EntityMergeRequest) -> dict[str, Any]:
        """``rashomon entity merge``: the articles and stories naming it are updated."""
        return r().merge_entities(req.name, req.into)  # type: ignore[no-any-return]

    @app.post(
        "/api/v1/entities/split",
        tags=["entities"],
        dependencies=[Depends(require_token)],
        responses=WRITE_ERRORS,
    )
    def api_entity_split(req: EntitySplitRequest) -> dict[str, Any]:
        """``rashomon entity split``: the articles and stories naming it are updated."""
        return r().split_entity(req.name, req.form)  # type: ignore[no-any-return]

    @app.get("/api/v1/alerts", tags=["watch"], responses=READ_ERRORS)
    def api_alerts(
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
        story: Annotated[str | None, Query(max_length=64)] = None,
        kind: Literal["story", "outlet", "fact", "difference"] | None = None,
    ) -> dict[str, Any]:
        """What ``rashomon watch`` raised, newest first, each with its evidence."""
        from ..watch import public

        rows, total = r().alerts(limit=limit, offset=offset, story=story, kind=kind)
        return {"total": total, "alerts": [public(a) for a in rows]}

    @app.get("/api/v1/feeds", tags=["watch"], responses=READ_ERRORS)
    def api_feeds() -> dict[str, Any]:
        """The watched feeds and their polling state (ETag, failures, next poll)."""
        return {"feeds": r().feeds()}

    @app.get("/api/v1/schema", tags=["meta"], responses=READ_ERRORS)
    def api_schema() -> dict[str, Any]:
        from ..render.schema import schema

        return schema()

    # -- pages ----------------------------------------------------------------------------------
    def page(request: Request, template: str, /, **ctx: Any) -> HTMLResponse:
        # Positional-only: the context may hold a ``name`` (the entity page) or ``request``.
        return templates.TemplateResponse(request, template, ctx)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(
        request: Request,
        outlet: Annotated[str, Query(max_length=200)] = "",
        since: Annotated[str, Query(max_length=10)] = "",
        until: Annotated[str, Query(max_length=10)] = "",
        page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
    ) -> HTMLResponse:
        per = 50
        stories, matching = V.story_listing(
            r(), per, (page_no - 1) * per, outlet=outlet.strip(), since=since, until=until
        )
        return page(
            request, "stories.html.j2", stories=stories, matching=matching, per=per,
            page_no=page_no, outlet=outlet.strip(), since=since, until=until,
            outlets=r().stored_outlets(), articles=r().list(limit=20),
            total=r().count(),
        )  # fmt: skip

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        moved = r().merged_into(story_id)
        if moved is not None:
            return RedirectResponse(f"/stories/{moved}", status_code=301)  # type: ignore[return-value]
        story = r().story(story_id)
        articles = r().story_articles(story)
        return page(
            request,
            "story.html.j2",
            story=story,
            articles=articles,
            people=V.story_people(articles),
            body=V.story_html(articles, story),
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        a = r().get(article_id)
        stories = r().stories_of(a.id)
        return page(request, "article.html.j2", a=a, marked=V.marked_text(a), stories=stories)

    @app.get("/entities/{name}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, name: str) -> HTMLResponse:
        return page(request, "entity.html.j2", **V.entity_data(r(), name))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        q: Annotated[str, Query(max_length=500)] = "",
        sort: Literal["relevance", "date"] = "relevance",
        since: Annotated[str, Query(max_length=10)] = "",
        until: Annotated[str, Query(max_length=10)] = "",
        page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
    ) -> HTMLResponse:
        per = 50
        found = None
        if q.strip() or since or until:
            found = V.search_hits(
                r(), q, per, html=True, offset=(page_no - 1) * per, sort=sort, since=since,
                until=until,
            )
        return page(
            request, "search.html.j2", q=q, found=found, sort=sort, since=since, until=until,
            page_no=page_no, per=per, syntax=SEARCH_SYNTAX,
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page(request: Request) -> HTMLResponse:
        from .apidocs import api_reference

        spec = app.openapi()
        base = str(request.base_url).rstrip("/")
        return page(request, "docs.html.j2", ref=api_reference(spec, base),
                    openapi_version=spec.get("openapi", ""))  # fmt: skip

    @app.get("/changes", response_class=HTMLResponse, include_in_schema=False)
    def changes_page(
        request: Request,
        kind: Literal["", "story", "outlet", "fact", "difference"] = "",
        story: Annotated[str, Query(max_length=64)] = "",
        page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
    ) -> HTMLResponse:
        per = 50
        alerts, total = r().alerts(limit=per, offset=(page_no - 1) * per, story=story or None,
                                   kind=kind or None)  # fmt: skip
        return page(
            request, "changes.html.j2", alerts=alerts, kind=kind, story=story, page_no=page_no,
            per=per, total=total, feeds=r().feeds(),
            when=V.epoch_iso,
        )  # fmt: skip

    def remembered(request: Request) -> bool:
        return auth.check_session(db_path, request.cookies.get(auth.SESSION_COOKIE))

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form(request: Request) -> HTMLResponse:
        return page(request, "ingest.html.j2", result=None, remembered=remembered(request))

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    async def ingest_submit(request: Request) -> Response:
        # The body is parsed as it streams in and refused at its first field unless that is a
        # valid token (see forms): an anonymous client cannot make the server take in files.
        # A session cookie that an earlier post with the token set stands in for it (it is
        # SameSite=Strict: another site's form cannot post with it).
        known = remembered(request)
        form = await forms.read_form(
            request.headers.get("content-type", ""),
            request.stream(),
            lambda token: auth.check_token(db_path, token),
            verified=known,
        )
        f = form.fields
        opts = ReadOptions(allow_private=allow_private)
        args = (f.get("text", ""), f.get("url", ""), f.get("title", ""), f.get("outlet", ""),
                form.files, opts)  # fmt: skip
        if not (args[0].strip() or args[1].strip() or args[4]):
            raise RashomonError(Code.USAGE, "paste a text, give a URL or choose files")
        if args[1].strip():
            V.web_url(args[1])  # a bad address is refused now, not on the progress page
        response: Response
        if f.get("background"):  # the page's form: answer at once with its progress page
            job = jobs.start(lambda progress: V.ingest_form(r(), *args, progress))
            response = RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)
        else:  # a script's post: wait, then answer with the result
            outcome = await run_in_threadpool(V.ingest_form, r(), *args)
            if outcome["story"] is not None:
                response = RedirectResponse(f"/stories/{outcome['story']}", status_code=303)
            else:
                response = page(request, "ingest.html.j2", result=outcome, remembered=True)
        if not known:  # the token was given (the form was read): remember it for the session
            response.set_cookie(
                auth.SESSION_COOKIE, auth.session_value(db_path) or "", httponly=True,
                samesite="strict", secure=request.url.scheme == "https", path="/",
            )  # fmt: skip
        return response

    @app.post("/ingest/forget", include_in_schema=False)
    def ingest_forget() -> Response:
        response = RedirectResponse("/ingest", status_code=303)
        response.delete_cookie(auth.SESSION_COOKIE, path="/")
        return response

    @app.get("/ingest/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def ingest_job(request: Request, job_id: str) -> Response:
        job = jobs.get(job_id)
        if job.state == "done" and job.outcome is not None:
            if job.outcome.get("story") is not None:
                return RedirectResponse(f"/stories/{job.outcome['story']}", status_code=303)
            return page(request, "ingest.html.j2", result=job.outcome, remembered=remembered(request))
        return page(request, "job.html.j2", job=job)

    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn rashomon.web.app:app_from_env --factory``: the database from $RASHOMON_DB."""
    return create_app(os.environ.get("RASHOMON_DB"))
