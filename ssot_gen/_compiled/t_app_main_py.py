# Compiled by ssot_gen.precompiled from templates/app/main.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/main.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    pass
    yield '"""The application: ``uvicorn app.main:app``."""\n\nfrom collections.abc import AsyncIterator\nfrom contextlib import asynccontextmanager\nfrom pathlib import Path\n\nfrom fastapi import FastAPI, Request, status\nfrom fastapi.exceptions import RequestValidationError\nfrom fastapi.responses import FileResponse, JSONResponse\nfrom fastapi.routing import APIRoute\nfrom fastapi.staticfiles import StaticFiles\nfrom sqlalchemy.exc import DataError, IntegrityError\n\nfrom app.api.main import api_router\nfrom app.api.routes import ws\nfrom app.chat import service\nfrom app.core.body_limit import BodyLimitMiddleware\nfrom app.core.db import engine\nfrom app.core.limits import RateLimited\n\nSTATIC_DIR = Path(__file__).parent / "static"\n\n\n@asynccontextmanager\nasync def lifespan(_app: FastAPI) -> AsyncIterator[None]:\n    """On shutdown: stop streaming replies (stored as cancelled), close the pool."""\n    yield\n    await service.shutdown()\n    await engine.dispose()\n\n\ndef custom_generate_unique_id(route: APIRoute) -> str:\n    """OpenAPI operation ids for client generators: ``<tag>-<handler>``."""\n    return f"{route.tags[0]}-{route.name}" if route.tags else route.name\n\n\napp = FastAPI(\n    title='
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'title')))
    yield ',\n    description='
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'description')))
    yield ',\n    version='
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'version')))
    yield ',\n    lifespan=lifespan,\n    generate_unique_id_function=custom_generate_unique_id,\n)\napp.add_middleware(BodyLimitMiddleware'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield ', exempt=['
        yield str(t_1((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'url'))))
        yield ']'
    yield ')\napp.include_router(api_router, prefix='
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix')))
    yield ')\napp.include_router(ws.router)\napp.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")\n\n\n@app.exception_handler(IntegrityError)\nasync def integrity_error(_request: Request, _exc: IntegrityError) -> JSONResponse:\n    """A unique or foreign-key constraint refused the change: 409, not 500."""\n    return JSONResponse(\n        status_code=status.HTTP_409_CONFLICT,\n        content={"detail": "The change conflicts with existing data"},\n    )\n\n\n@app.exception_handler(RateLimited)\nasync def rate_limited(_request: Request, exc: RateLimited) -> JSONResponse:\n    """A rate limit was reached: 429 with ``Retry-After`` (seconds)."""\n    return JSONResponse(\n        status_code=status.HTTP_429_TOO_MANY_REQUESTS,\n        content={"detail": str(exc)},\n        headers={"Retry-After": str(exc.retry_after)},\n    )\n\n\n@app.exception_handler(RequestValidationError)\nasync def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:\n    """422 with each error\'s location and message; the offending input is not echoed back\n    (it may not be representable as JSON, e.g. a lone surrogate or 1e400)."""\n    errors = [\n        {"loc": list(error.get("loc", ())), "msg": str(error.get("msg", "")), "type": error.get("type", "")}\n        for error in exc.errors()\n    ]\n    return JSONResponse(status_code=422, content={"detail": errors})\n\n\n@app.exception_handler(DataError)\nasync def data_error(_request: Request, _exc: DataError) -> JSONResponse:\n    """The database refused a value (e.g. a NUL character in text): 422, not 500."""\n    return JSONResponse(\n        status_code=422, content={"detail": "A value cannot be stored by the database"}\n    )\n\n\n@app.get("/", include_in_schema=False)\nasync def index() -> FileResponse:\n    """The chat UI."""\n    return FileResponse(STATIC_DIR / "index.html")\n\n\n@app.get('
    yield str(t_1((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/health')))
    yield ', tags=["health"])\nasync def health() -> dict[str, str]:\n    """Liveness probe."""\n    return {"status": "ok"}\n'

blocks = {}
debug_info = '38=19&39=21&40=23&44=25&45=31&94=33'
