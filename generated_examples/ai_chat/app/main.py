"""The application: ``uvicorn app.main:app``."""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import asyncapi
from app.api import errors
from app.api.main import ERRORS, api_router
from app.api.routes import ws, ws_chat
from app.chat import events, service
from app.core.body_limit import BodyLimitMiddleware
from app.core.config import settings
from app.core.db import database_problem, engine
from app.core.headers import SecurityHeaders
from app.core.limits import RateLimited

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
DOCS = (
    settings.docs_enabled if settings.docs_enabled is not None else settings.app_env != "production"
)
"""Whether /docs, /redoc and /openapi.json are served: DOCS_ENABLED, else outside production."""


GC_THRESHOLDS = (10_000, 10, 100)
"""``gc.set_threshold`` once started (CPython's defaults: 700, 10, 10). What still stalls
streams after ``gc.freeze`` is the full collection of what the live sockets and replies hold:
with 500 replies streaming it walked about 120,000 objects in 75 ms, every stream waiting, and
ran every few seconds. A young collection now comes after 10,000 new container objects rather
than 700 (most of a frame's objects are freed by their reference count long before), and a
full one after 100 middle ones rather than 10; a cycle that survives into the old generation
waits longer to be freed. Measured by ``bench/stream.py`` at 500 clients: with it (and reply
ends in one statement) the p99 gap between frames went from 97-134 ms to 63-79 ms over a
day's runs; memory per idle socket unchanged."""


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """On startup: refuse to serve (RuntimeError, logged in one line; uvicorn exits with a
    non-zero code) when the database is unreachable or not at the migration head.
    On shutdown: stop streaming replies (stored as cancelled), close the pool.

    Once started, the objects of the imports and the startup (modules, mappers, schemas, routes:
    a few hundred thousand, alive as long as the process) are frozen out of the garbage
    collector (``gc.freeze``): a full collection no longer walks them, and its pause, which
    stalls every stream at once, drops from about 100 ms to a few (measured with 500 live
    streams by ``bench/stream.py``). They are unfrozen at shutdown. The collector's thresholds
    then become ``GC_THRESHOLDS``."""
    problem = await database_problem()
    if problem is not None:
        logger.error("refusing to start: %s", problem)
        await engine.dispose()
        raise RuntimeError(f"refusing to start: {problem}")
    await service.startup()
    gc.collect()  # the startup's garbage goes first: what is frozen is never collected
    gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
    await service.shutdown()
    await engine.dispose()


def custom_generate_unique_id(route: APIRoute) -> str:
    """OpenAPI operation ids for client generators: ``<tag>-<handler>``."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


app = FastAPI(
    title="AI Chat",
    description="Chat with OpenAI, Anthropic, Gemini or an offline mock model, streamed live.",
    version="0.1.0",
    lifespan=lifespan,
    generate_unique_id_function=custom_generate_unique_id,
    openapi_url="/openapi.json" if DOCS else None,
    docs_url="/docs" if DOCS else None,
    redoc_url="/redoc" if DOCS else None,
)
# Middleware, innermost first (each add_middleware wraps the app built so far): the request
# body limit (413), CORS only when CORS_ORIGINS lists origins, then the security headers on
# every response (outermost, so 413s, CORS preflights and error responses get them too).
app.add_middleware(BodyLimitMiddleware)
if settings.cors_origins:
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["Retry-After"],
        max_age=600,
    )
app.add_middleware(SecurityHeaders)
app.include_router(api_router, prefix="/api")
app.include_router(ws.router)
app.include_router(ws_chat.router)  # the AI SDK's WebSocketChatTransport
app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


@app.exception_handler(IntegrityError)
async def integrity_error(_request: Request, _exc: IntegrityError) -> JSONResponse:
    """A unique or foreign-key constraint refused the change: 409, not 500."""
    return JSONResponse(
        status_code=status.HTTP_409_CONFLICT,
        content={"detail": "The change conflicts with existing data"},
    )


@app.exception_handler(RateLimited)
async def rate_limited(_request: Request, exc: RateLimited) -> JSONResponse:
    """A rate limit was reached: 429 with ``Retry-After`` (seconds)."""
    return JSONResponse(
        status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        content={"detail": str(exc)},
        headers={"Retry-After": str(exc.retry_after)},
    )


def openapi() -> dict[str, Any]:
    """The OpenAPI document, with every error response each operation can answer."""
    if app.openapi_schema is None:
        app.openapi_schema = errors.document(FastAPI.openapi(app), ERRORS)
    return app.openapi_schema


app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend it


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """HTTP errors as FastAPI answers them; a 422 raised with a message gets the shape of
    every other 422 (a list of problems)."""
    if exc.status_code == 422 and isinstance(exc.detail, str):
        issue = {"loc": ["body"], "msg": exc.detail, "type": "value_error"}
        return JSONResponse(status_code=exc.status_code, content={"detail": [issue]})
    return await http_exception_handler(request, exc)


@app.exception_handler(RequestValidationError)
async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with each error's location and message; the offending input is not echoed back
    (it may not be representable as JSON, e.g. a lone surrogate or 1e400)."""
    errors = [
        {
            "loc": list(error.get("loc", ())),
            "msg": str(error.get("msg", "")),
            "type": error.get("type", ""),
        }
        for error in exc.errors()
    ]
    return JSONResponse(status_code=422, content={"detail": errors})


@app.exception_handler(DataError)
async def data_error(_request: Request, _exc: DataError) -> JSONResponse:
    """The database refused a value (e.g. a NUL character in text): 422, not 500."""
    issue = {
        "loc": ["body"],
        "msg": "A value cannot be stored by the database",
        "type": "value_error",
    }
    return JSONResponse(status_code=422, content={"detail": [issue]})


@app.get("/", include_in_schema=False)
async def index() -> FileResponse:
    """The chat UI."""
    return FileResponse(STATIC_DIR / "index.html")


@app.get("/sw.js", include_in_schema=False)
async def service_worker() -> FileResponse:
    """The UI's service worker, at the root so that it controls ``/`` (its copy of the page
    lets a reload work while the server cannot be reached)."""
    return FileResponse(
        STATIC_DIR / "sw.js",
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )


@app.get("/asyncapi.yaml", include_in_schema=False)
async def asyncapi_yaml() -> Response:
    """The AsyncAPI 3.1 document of the websocket ``/ws`` (``app.asyncapi``), built once."""
    return Response(_ASYNCAPI, media_type="application/yaml")


_ASYNCAPI = asyncapi.render(events.asyncapi_document())


@app.get("/api/health", tags=["health"])
async def health() -> dict[str, str]:
    """Liveness probe: the process answers."""
    return {"status": "ok"}


@app.get(
    "/api/ready",
    tags=["health"],
    responses={503: {"model": errors.ErrorDetail, "description": "Not ready, and why"}},
)
async def ready() -> dict[str, str]:
    """Readiness probe: 200 when the database answers and is at the migration head, else 503
    with the reason."""
    problem = await database_problem()
    if problem is not None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, problem)
    return {"status": "ok"}
