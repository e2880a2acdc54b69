"""``sjdsl serve``: the policies as an HTTP service (ASGI: Starlette on uvicorn).

Starlette rather than FastAPI: the request and result schemas are not Python classes but are
generated from each policy's catalogue (sjdsl.tools.catalogue), so FastAPI's model layer (pydantic)
would add a dependency and a second validation of what ``requests.py`` already validates;
Starlette is the small, well-kept toolkit FastAPI itself is built on. uvicorn is the standard
ASGI server (worker processes, graceful shutdown on SIGTERM, restart of workers on SIGHUP).

Production habits: a body size limit (413) and a request timeout (504); a JSON access log line on
standard error for every request, with a request id (``X-Request-ID``, taken from the client when
it is a plain token, else made); no stack trace ever reaches a client (a 500 says only the
request id, the log has the rest); CORS off unless origins are allowed; nothing is written: the
service is read-only. Policies are compiled at start and again on SIGHUP (a policy that no longer
compiles leaves the running set as it was, and the log says why).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import functools
import json
import logging
import os
import re
import signal
import sys
import threading
import time
import traceback
import uuid
from collections.abc import AsyncIterator, Callable
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import attrs
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sjdsl import __version__
from sjdsl.runtime.jsonio import encode_bytes
from sjdsl.runtime.requests import RequestError, parse_date
from sjdsl.tools.catalogue import Served, catalogue, summary
from sjdsl.tools.cli_common import EXIT_SYSTEM
from sjdsl.tools.service import (
    Answer,
    PolicyLoadError,
    evaluate,
    load_policies,
    match,
    openapi,
)

#: The largest request body read (a request is well under a kilobyte; an array of them, or a
#: 名单 of an enterprise's people, fits easily): the same limit as a line of ``sjdsl eval``.
MAX_BODY = 1_000_000
#: Seconds a request may take before the client gets 504.
TIMEOUT = 10.0
#: The environment variable that carries the settings to each worker process.
SETTINGS_ENV = "SJDSL_SERVE_SETTINGS"

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
access_log = logging.getLogger("sjdsl.tools.serve.access")
server_log = logging.getLogger("sjdsl.tools.serve")


@attrs.frozen
class Settings:
    """What ``sjdsl serve`` was told; plain values, so that worker processes can be given them."""

    policies: str
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    max_body: int = MAX_BODY
    timeout: float = TIMEOUT
    allow_origins: tuple[str, ...] = ()

    def to_env(self) -> str:
        return json.dumps(attrs.asdict(self))

    @classmethod
    def from_env(cls, text: str) -> Settings:
        data = json.loads(text)
        data["allow_origins"] = tuple(data.get("allow_origins", ()))
        return cls(**data)


class JSONResponse(Response):
    """JSON as UTF-8 by orjson (the encoder ``sjdsl eval`` writes with)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return encode_bytes(content)


def _json(status: int, body: Any) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def _problem(status: int, message: str, field: str | None = None) -> JSONResponse:
    return _json(status, {"error": message, "field": field, "provision": None})


class Service:
    """The policies being served; replaced whole on reload, so a request sees one set."""

    def __init__(self, settings: Settings, policies: dict[str, Served]) -> None:
        self.settings = settings
        self.policies = policies
        self._openapi: bytes | None = None

    def reload(self) -> None:
        """Compile the policies again; on any error keep the ones served and log why."""

        try:
            fresh = load_policies(Path(self.settings.policies))
        except PolicyLoadError as exc:
            log_event("reload_failed", reason=str(exc))
            return
        self.policies, self._openapi = fresh, None
        log_event("reloaded", policies=sorted(fresh))

    def openapi(self) -> bytes:
        if self._openapi is None:
            self._openapi = encode_bytes(openapi(self.policies, __version__))
        return self._openapi

    def find(self, name: str) -> Served:
        served = self.policies.get(name)
        if served is None:
            raise HTTPException(404, f"no policy named {name[:60]!r}; GET /policies lists "
                                     f"them ({', '.join(sorted(self.policies))})")
        return served


def log_event(event: str, **fields: Any) -> None:
    server_log.info(json.dumps({"time": _now(), "level": "info", "logger": "sjdsl.tools.serve",
                                "event": event, **fields}, ensure_ascii=False))


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


# ---------------------------------------------------------------- endpoints


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


async def home(request: Request) -> HTMLResponse:
    return HTMLResponse(_calculator_page(), headers={
        "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                                   "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"})


@functools.cache
def _calculator_page() -> str:
    """The page, read once (it is part of the installed package)."""
    return resources.files("sjdsl").joinpath("templates/calculator.html").read_text("utf-8")


async def healthz(request: Request) -> JSONResponse:
    return _json(200, {"status": "ok", "policies": len(_service(request).policies)})


async def list_policies(request: Request) -> JSONResponse:
    policies = _service(request).policies
    return _json(200, {"policies": [summary(policies[n]) for n in sorted(policies)]})


async def describe_policy(request: Request) -> JSONResponse:
    served = _service(request).find(request.path_params["name"])
    text = request.query_params.get("date")
    day = None
    if text is not None:
        try:  # as a request's date is read
            day = parse_date(text, "date")
        except RequestError as exc:
            return _problem(422, exc.message, exc.field)
    return _json(200, catalogue(served, day))


async def openapi_document(request: Request) -> Response:
    return Response(_service(request).openapi(), media_type="application/json")


async def evaluate_endpoint(request: Request) -> Response:
    return await _answer(request, evaluate)


async def match_endpoint(request: Request) -> Response:
    return await _answer(request, match)


async def _answer(request: Request,
                  work: Callable[[Served, bytes, float | None], Answer]) -> Response:
    service = _service(request)
    served = service.find(request.path_params["name"])
    body = await _read_body(request, service.settings.max_body)
    if isinstance(body, Response):
        return body
    deadline = time.monotonic() + service.settings.timeout  # the work stops there too
    try:
        with anyio.fail_after(service.settings.timeout):
            answer = await anyio.to_thread.run_sync(work, served, body, deadline,
                                                    abandon_on_cancel=True)
    except TimeoutError:
        return _problem(504, f"the request took longer than {service.settings.timeout:g} s "
                             "and was abandoned")
    return _json(answer.status, answer.body)


async def _read_body(request: Request, limit: int) -> bytes | Response:
    """The body, refused (413) past ``limit`` bytes, whether Content-Length says so first or
    the stream runs past it."""
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            return _problem(400, "Content-Length is not a number")
        if int(length) > limit:
            return _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> JSONResponse:
    return _problem(413, f"the body is larger than {limit:,} bytes; send at most {limit:,} "
                         "(or fewer requests in one array)", "request")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return _problem(405, f"{request.method} is not allowed on {request.url.path[:80]}")
    if exc.status_code == 404 and exc.detail in ("Not Found", None):
        return _problem(404, f"no such endpoint {request.url.path[:80]!r}; see /openapi.json")
    return _problem(exc.status_code, str(exc.detail))


async def internal_error(request: Request, exc: Exception) -> Response:
    rid = request.scope.get("sjdsl.request_id", "")
    return _json(500, {"error": f"internal error (request id {rid}); the server log has the "
                                "details", "field": None, "provision": None, "request_id": rid})


# ---------------------------------------------------------------- the application


class AccessLog:
    """The outermost layer: a request id on every request and response, one JSON log line per
    request, and an exception the app did not handle logged here (never sent to the client)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or ()).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope["sjdsl.request_id"] = rid
        start, status, size = time.perf_counter(), [500], [0]

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", ()),
                                      (b"x-request-id", rid.encode("latin-1"))]
            elif message["type"] == "http.response.body":
                size[0] += len(message.get("body", b""))
            await send(message)

        failure = None
        try:
            await self.app(scope, receive, send_logged)
        except Exception:  # noqa: BLE001 - already answered 500 by the app; logged, not raised
            failure = traceback.format_exc()
        client = scope.get("client")
        line: dict[str, Any] = {
            "time": _now(), "level": "error" if failure else "info",
            "logger": "sjdsl.tools.serve.access", "request_id": rid, "method": scope.get("method"),
            "path": scope.get("path"), "query": scope.get("query_string", b"").decode(
                "latin-1")[:200], "status": status[0], "bytes": size[0],
            "ms": round((time.perf_counter() - start) * 1000, 2),
            "client": f"{client[0]}:{client[1]}" if client else None}
        if failure:
            line["exception"] = failure
        access_log.info(json.dumps(line, ensure_ascii=False))


def create_app(settings: Settings, policies: dict[str, Served] | None = None) -> ASGIApp:
    """The ASGI application; ``policies`` already loaded, or loaded now from the settings."""
    service = Service(settings, policies if policies is not None
                      else load_policies(Path(settings.policies)))
    middleware = []
    if settings.allow_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.allow_origins),
                                     allow_methods=["GET", "POST"],
                                     allow_headers=["Content-Type", "X-Request-ID"],
                                     expose_headers=["X-Request-ID"], max_age=600))
    app = Starlette(
        routes=[
            Route("/", home, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/openapi.json", openapi_document, methods=["GET"]),
            Route("/policies", list_policies, methods=["GET"]),
            Route("/policies/{name}", describe_policy, methods=["GET"]),
            Route("/policies/{name}/evaluate", evaluate_endpoint, methods=["POST"]),
            Route("/policies/{name}/match", match_endpoint, methods=["POST"]),
        ],
        middleware=middleware,
        exception_handlers={HTTPException: http_error, Exception: internal_error},
        lifespan=_lifespan,
    )
    app.state.service = service
    _configure_logging()
    return AccessLog(app)


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    """SIGHUP reloads the policies (in the main thread of a server process only: a test client
    runs the app elsewhere, and a supervisor of several workers restarts them on SIGHUP)."""
    service: Service = app.state.service
    loop = asyncio.get_running_loop()
    hup = getattr(signal, "SIGHUP", None)
    installed = False
    if hup is not None and threading.current_thread() is threading.main_thread():
        def on_hup() -> None:
            log_event("sighup")
            loop.run_in_executor(None, service.reload)
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(hup, on_hup)
            installed = True
    log_event("started", policies=sorted(service.policies), pid=os.getpid())
    try:
        yield
    finally:
        if installed:
            loop.remove_signal_handler(hup)
        log_event("stopped", pid=os.getpid())


def _configure_logging() -> None:
    for logger in (access_log, server_log):
        if not logger.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(message)s"))
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = False


class JSONFormatter(logging.Formatter):
    """uvicorn's own messages (started, shutting down) as JSON lines too."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps({"time": _now(), "level": record.levelname.lower(),
                           "logger": record.name, "message": record.getMessage()},
                          ensure_ascii=False)


LOG_CONFIG: dict[str, Any] = {
    "version": 1, "disable_existing_loggers": False,
    "formatters": {"json": {"()": "sjdsl.tools.serve.JSONFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "stream": "ext://sys.stderr"}},
    "loggers": {"uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
                "uvicorn.error": {"level": "INFO"}},
}


def app_from_environment() -> ASGIApp:
    """The application of one worker process, from the settings ``run`` put in the
    environment (uvicorn starts each worker from this factory)."""

    _configure_logging()
    try:
        return create_app(Settings.from_env(os.environ[SETTINGS_ENV]))
    except PolicyLoadError as exc:  # a worker (re)started on policies that no longer compile
        log_event("start_failed", reason=str(exc))
        raise SystemExit(2) from None


def run(settings: Settings, policies: dict[str, Served]) -> int:
    """Serve until SIGTERM or SIGINT (in-flight requests are finished first). One worker serves
    the policies already loaded; several are started by uvicorn's supervisor, each loading them
    from the settings in the environment."""
    import uvicorn

    options: dict[str, Any] = {
        "host": settings.host, "port": settings.port, "access_log": False,
        "proxy_headers": True, "server_header": False, "log_config": LOG_CONFIG,
        "timeout_graceful_shutdown": int(settings.timeout) + 5,
        "h11_max_incomplete_event_size": 64 * 1024}
    try:
        if settings.workers > 1:
            os.environ[SETTINGS_ENV] = settings.to_env()
            uvicorn.run("sjdsl.tools.serve:app_from_environment", factory=True,
                        workers=settings.workers, **options)
        else:
            uvicorn.run(create_app(settings, policies), **options)
    except SystemExit as exc:  # uvicorn could not start (the port taken, an address not this
        # machine's) and has logged why: the system refused it, which is not a bug (exit 3)
        from uvicorn.config import STARTUP_FAILURE

        if exc.code == STARTUP_FAILURE:
            return EXIT_SYSTEM
        raise
    return 0
