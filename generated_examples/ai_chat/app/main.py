"""The application: ``uvicorn app.main:app``."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, IntegrityError

from app.api.main import api_router
from app.api.routes import ws
from app.chat import service
from app.core.db import engine

STATIC_DIR = Path(__file__).parent / "static"


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """On shutdown: stop streaming replies (stored as cancelled), close the pool."""
    yield
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
)
app.include_router(api_router, prefix="/api")
app.include_router(ws.router)
app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


@app.exception_handler(IntegrityError)
async def integrity_error(_request: Request, _exc: IntegrityError) -> JSONResponse:
    """A unique or foreign-key constraint refused the change: 409, not 500."""
    return JSONResponse(
        status_code=status.HTTP_409_CONFLICT,
        content={"detail": "The change conflicts with existing data"},
    )


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
    return JSONResponse(
        status_code=422, content={"detail": "A value cannot be stored by the database"}
    )


@app.get("/", include_in_schema=False)
async def index() -> FileResponse:
    """The chat UI."""
    return FileResponse(STATIC_DIR / "index.html")


@app.get("/api/health", tags=["health"])
async def health() -> dict[str, str]:
    """Liveness probe."""
    return {"status": "ok"}
