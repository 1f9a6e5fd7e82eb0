"""The error responses of the API, as the OpenAPI document describes them.

Every error is JSON: ``{"detail": "<message>"}`` (:class:`ErrorDetail`), except 422, which
lists each problem (:class:`ValidationErrors`, as ``app.main`` answers it). :func:`document`
adds to each operation of an OpenAPI document the errors it can answer, found from the
operation itself:

- 401 when it needs a bearer token; 404 when its path names a row (``/{item_id}``);
- 409 when it writes (POST, PUT, PATCH, DELETE: a constraint may refuse the change);
- 400 (a body that cannot be parsed) and 413 (the body limit, a too large upload) when it
  takes a body; 411 (no ``Content-Length``) and 415 (a type it does not take) when that body
  is a file upload (multipart);
  422 when it takes a body or parameters;
- and what the caller adds for an operation: 401 for the login, 429 where a rate limit
  applies (``app.api.main.ERRORS``).
"""

import copy
import json
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

import pydantic


class ErrorDetail(pydantic.BaseModel):
    """An error: what went wrong, in words."""

    detail: str


class ValidationIssue(pydantic.BaseModel):
    """One problem of a request: where (``["body", "title"]``, ``["query", "limit"]``), what,
    and its kind (``missing``, ``string_too_long``, ``value_error`` ...)."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrors(pydantic.BaseModel):
    """422: the request is well-formed but its values are not acceptable."""

    detail: list[ValidationIssue]


WRITES = {"post", "put", "patch", "delete"}
METHODS = WRITES | {"get", "head", "options", "trace"}
FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")
"""FastAPI's own 422 schemas, replaced by :class:`ValidationErrors` (they are not its shape)."""


def _ref(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _response(status: int, model: type[pydantic.BaseModel]) -> dict[str, Any]:
    return {
        "description": HTTPStatus(status).phrase,
        "content": {"application/json": {"schema": _ref(model)}},
    }


def error_statuses(
    method: str, path: str, operation: dict[str, Any], extra: Iterable[int] = ()
) -> list[int]:
    """The error statuses an OpenAPI ``operation`` (``method`` in lower case, on ``path``)
    can answer (see the module docstring), sorted; ``extra``: more statuses it answers."""
    statuses = set(extra)
    if operation.get("security"):
        statuses.add(401)
    if "{" in path:
        statuses.add(404)
    if method in WRITES:
        statuses.add(409)
    if "requestBody" in operation:
        statuses.update((400, 413))
        if "multipart/form-data" in operation["requestBody"].get("content", {}):
            statuses.update((411, 415))
    if "requestBody" in operation or operation.get("parameters"):
        statuses.add(422)
    return sorted(statuses)


def document(
    openapi: dict[str, Any], extra: Mapping[tuple[str, str], Iterable[int]]
) -> dict[str, Any]:
    """``openapi`` (a document FastAPI made) with the error responses of every operation.

    ``extra``: more statuses of some operations, by ``(method, path)``
    (``{("post", "/api/auth/login"): [401, 429]}``). A response an operation already
    declares is kept, except FastAPI's 422, which is replaced with the body ``app.main``
    really sends. Returns a new document.
    """
    result = copy.deepcopy(openapi)
    more = {(method.lower(), path): statuses for (method, path), statuses in extra.items()}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            added = more.get((method, path), ())
            for status in error_statuses(method, path, operation, added):
                if status == 422:
                    responses["422"] = _response(422, ValidationErrors)
                else:
                    responses.setdefault(str(status), _response(status, ErrorDetail))
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorDetail, ValidationErrors):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    for name in FASTAPI_VALIDATION:  # in this order: the first refers to the second
        if f'"#/components/schemas/{name}"' not in json.dumps(result):
            schemas.pop(name, None)
    result["components"]["schemas"] = dict(sorted(schemas.items()))
    return result
