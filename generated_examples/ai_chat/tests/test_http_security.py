"""HTTP defaults: security headers on every response, a CSP the UI satisfies, docs off in
production, CORS from settings, readiness (and no start on a database not at head), and the
error responses the OpenAPI document promises."""

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient

from app.core import migrating
from app.core.headers import CSP, DOCS_CSP, HSTS, origin_allowed
from app.main import app
from app.schemas import UpdateModel
from tests.conftest import Account

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = PROJECT_ROOT / "app" / "static"
API = "/api"
COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}


def _assert_secure(headers: Any, csp: str = CSP) -> None:
    for name, value in COMMON.items():
        assert headers.get(name) == value, name
    assert headers.get("content-security-policy") == csp
    assert "frame-ancestors 'none'" in csp


def _run_app(env: dict[str, str], script: str, timeout: float = 120) -> Any:
    """Run ``script`` (Python; it prints one JSON value last) in a fresh process with the
    conftest's environment plus ``env`` (settings are read when the app is imported)."""
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


STATUSES = """
import json
from fastapi.testclient import TestClient
from app.main import app
client = TestClient(app)
print(json.dumps({path: client.get(path).status_code for path in ("/docs", "/redoc", "/openapi.json")}))
"""


def test_api_responses_carry_the_security_headers(client: TestClient) -> None:
    response = client.get(API + "/health")
    assert response.status_code == 200
    _assert_secure(response.headers)
    assert "strict-transport-security" not in response.headers  # plain HTTP


def test_static_files_and_the_page_carry_them(client: TestClient) -> None:
    for path in ("/", "/static/app.js", "/static/styles.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_secure(response.headers)


def test_error_responses_carry_them(client: TestClient) -> None:
    missing = client.get(API + "/no-such-route")
    assert missing.status_code == 404
    _assert_secure(missing.headers)
    unauthorized = client.get(API + "/conversations")
    assert unauthorized.status_code == 401
    _assert_secure(unauthorized.headers)
    invalid = client.post(API + "/auth/login", json={})
    assert invalid.status_code == 422
    _assert_secure(invalid.headers)


def test_hsts_only_over_https() -> None:
    secure = TestClient(app, base_url="https://testserver")  # no lifespan: the session's runs
    response = secure.get(API + "/health")
    assert response.headers.get("strict-transport-security") == HSTS
    _assert_secure(response.headers)


def test_hsts_behind_a_tls_proxy(client: TestClient) -> None:
    """Served by uvicorn, which takes the scheme from a trusted proxy's ``X-Forwarded-Proto``
    (by default a proxy on 127.0.0.1): HSTS for HTTPS requests only."""
    with socket.socket(
        socket.AF_INET, socket.SOCK_STREAM
    ) as sock:  # bound here: no race for the port
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        sock.set_inheritable(True)
        port = sock.getsockname()[1]
        command = [sys.executable, "-m", "uvicorn", "app.main:app", "--fd", str(sock.fileno())]
        server = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            pass_fds=(sock.fileno(),),
        )
    try:
        url = f"http://127.0.0.1:{port}{API}/health"
        deadline = time.monotonic() + 60
        while True:  # wait for it to listen
            try:
                plain = httpx.get(url)
                break
            except httpx.TransportError:
                alive = server.poll() is None
                assert alive and time.monotonic() < deadline, "uvicorn did not start"
                time.sleep(0.1)
        proxied = httpx.get(url, headers={"X-Forwarded-Proto": "https"})
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert "strict-transport-security" not in plain.headers
    assert proxied.headers.get("strict-transport-security") == HSTS
    _assert_secure(proxied.headers)


def test_docs_pages_get_their_own_policy(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_secure(response.headers, DOCS_CSP)
    assert client.get("/openapi.json").headers["content-security-policy"] == CSP


def test_the_page_needs_no_inline_script_or_style() -> None:
    """What the CSP forbids (``script-src 'self'; style-src 'self'``) is not in the UI."""
    page = (STATIC_DIR / "index.html").read_text()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all(re.search(r'\ssrc="/static/', tag) for tag in scripts)
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", page)  # no inline code
    assert not re.search(r"\son[a-z]+\s*=", page)  # no inline event handlers
    assert "<style" not in page and not re.search(r"\sstyle\s*=", page)
    for script in STATIC_DIR.rglob("*.js"):
        text = script.read_text()
        assert not re.search(r"\beval\(|new Function\(|setAttribute\(\s*[\"']style", text), script
        assert not re.search(r"setAttribute\(\s*[\"']on[a-z]+", text), script


def test_docs_are_off_in_production() -> None:
    assert _run_app({"APP_ENV": "production"}, STATUSES) == {
        "/docs": 404,
        "/redoc": 404,
        "/openapi.json": 404,
    }


def test_a_setting_turns_docs_on_in_production_or_off_anywhere() -> None:
    on = _run_app({"APP_ENV": "production", "DOCS_ENABLED": "true"}, STATUSES)
    assert on == {"/docs": 200, "/redoc": 200, "/openapi.json": 200}
    off = _run_app({"APP_ENV": "test", "DOCS_ENABLED": "false"}, STATUSES)
    assert off == {"/docs": 404, "/redoc": 404, "/openapi.json": 404}


def test_no_cors_headers_by_default(client: TestClient) -> None:
    preflight = client.options(
        API + "/health",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    response = client.get(API + "/health", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_the_listed_origins_only() -> None:
    script = """
import json
from fastapi.testclient import TestClient
from app.main import app
client = TestClient(app)
answers = {}
for origin in ("https://app.example", "https://evil.example"):
    response = client.options(
        "/api/health",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization, content-type"},
    )
    answers[origin] = [response.status_code, response.headers.get("access-control-allow-origin"),
                       response.headers.get("x-content-type-options")]
print(json.dumps(answers))
"""
    answers = _run_app({"CORS_ORIGINS": '["https://app.example"]'}, script)
    assert answers["https://app.example"] == [200, "https://app.example", "nosniff"]
    status, allowed, nosniff = answers["https://evil.example"]
    assert status == 400 and allowed is None and nosniff == "nosniff"


@pytest.mark.parametrize(
    ("origin", "host", "listed", "expected"),
    [
        (None, "chat.example", [], True),  # not a browser
        ("https://chat.example", "chat.example", [], True),  # same origin
        ("http://127.0.0.1:8000", "127.0.0.1:8000", [], True),
        ("https://chat.example:443", "chat.example", [], True),  # default port
        ("https://evil.example", "chat.example", [], False),
        ("http://127.0.0.1:9999", "127.0.0.1:8000", [], False),  # another port
        ("null", "chat.example", [], False),  # sandboxed frame, file: page
        ("https://app.example", "chat.example", ["https://app.example"], True),
        ("https://APP.example/", "chat.example", ["https://app.example"], True),
        ("http://app.example", "chat.example", ["https://app.example"], False),  # scheme
        ("https://evil.example", None, ["https://app.example"], False),
        ("https://any.example", "chat.example", ["*"], True),
    ],
)
def test_origin_allowed(
    origin: str | None, host: str | None, listed: list[str], expected: bool
) -> None:
    assert origin_allowed(origin, host, listed) is expected


def test_ready_when_the_database_is_at_head(client: TestClient) -> None:
    response = client.get(API + "/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert client.get(API + "/health").json() == {"status": "ok"}


READY = """
import json
from fastapi.testclient import TestClient
from app.main import app
client = TestClient(app)  # no lifespan: the app is served although the database is not ready
response = client.get("/api/ready")
print(json.dumps([response.status_code, response.json()]))
"""


def test_not_ready_on_a_database_that_was_never_migrated(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    status, body = _run_app({"DATABASE_URL": url}, READY)
    assert status == 503
    assert "alembic upgrade head" in body["detail"]


def test_not_ready_on_a_revision_this_code_does_not_know(tmp_path: Path) -> None:
    database = tmp_path / "newer.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('f00dfeedbeef')")
    status, body = _run_app({"DATABASE_URL": f"sqlite+aiosqlite:///{database}"}, READY)
    assert status == 503
    assert "f00dfeedbeef" in body["detail"] and "unknown" in body["detail"]


def test_a_database_behind_the_head_is_named_so(tmp_path: Path) -> None:
    """A copy of the migrations with one more revision: a database at today's head is behind."""
    original = ScriptDirectory(str(PROJECT_ROOT / "migrations"))
    (head,) = original.get_heads()
    shutil.copytree(PROJECT_ROOT / "migrations", tmp_path / "migrations")
    (tmp_path / "migrations" / "versions" / "f00dfeedbeef_next.py").write_text(
        f'revision = "f00dfeedbeef"\ndown_revision = "{head}"\n'
        "def upgrade() -> None: ...\ndef downgrade() -> None: ...\n"
    )
    newer = ScriptDirectory(str(tmp_path / "migrations"))
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'behind.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{head}')")
        assert migrating.revision_problem(connection, original) is None
        problem = migrating.revision_problem(connection, newer)
    engine.dispose()
    assert problem == (
        f"the database is at revision {head}, behind the head f00dfeedbeef; "
        "run `alembic upgrade head`"
    )


def test_uvicorn_refuses_to_start_on_a_database_not_at_head(tmp_path: Path) -> None:
    """Startup fails before the socket is bound: uvicorn exits non-zero, the reason logged."""
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"}
    run = subprocess.run(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", "0"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode != 0
    reasons = [line for line in run.stderr.splitlines() if line.startswith("refusing to start:")]
    assert reasons == [
        "refusing to start: the database has no migration applied; run `alembic upgrade head`"
    ], run.stderr


def test_error_bodies_have_the_documented_shapes(client: TestClient, user: Account) -> None:
    missing = client.get(API + "/conversations" + f"/{uuid.uuid4()}", headers=user.headers)
    assert missing.status_code == 404
    assert isinstance(missing.json()["detail"], str)
    invalid = client.post(API + "/auth/login", json={"password": 1})
    assert invalid.status_code == 422
    for issue in invalid.json()["detail"]:
        assert set(issue) == {"loc", "msg", "type"}


def test_openapi_documents_every_error_status(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert schemas["ErrorDetail"]["properties"]["detail"] == {"type": "string", "title": "Detail"}
    assert "HTTPValidationError" not in schemas
    seen: set[str] = set()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            seen.update(responses)
            if operation.get("security"):
                assert "401" in responses, (method, path)
            if "requestBody" in operation:
                assert {"413", "422"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            for status, response in responses.items():
                if status.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    expected = "ValidationErrors" if status == "422" else "ErrorDetail"
                    assert schema == {"$ref": f"#/components/schemas/{expected}"}, (method, path)
    assert {"401", "404", "409", "413", "422", "429"} <= seen
    login = document["paths"][API + "/auth/login"]["post"]["responses"]
    assert {"401", "429"} <= set(login)


def test_patch_bodies_document_not_null_fields_as_not_nullable(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    checked = 0
    for model in UpdateModel.__subclasses__():
        if model.__name__ not in schemas:  # a model without a PATCH route
            continue
        properties = schemas[model.__name__]["properties"]
        for name in model.NOT_NULLABLE:
            prop = properties[name]
            assert prop.get("type") != "null" and {"type": "null"} not in prop.get("anyOf", [])
            assert name not in schemas[model.__name__].get("required", [])
            checked += 1
    assert checked > 0
