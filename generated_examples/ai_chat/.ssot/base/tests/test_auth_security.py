"""Accounts and tokens under attack: forged and revoked JWTs, weak secrets, common and
out-of-range passwords, case-insensitive emails, rate limits on login and register, and
an event loop that stays responsive during a burst of logins (a real uvicorn on 127.0.0.1)."""

import asyncio
import math
import os
import secrets
import socket
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from app.core import limits
from app.core.config import Settings, settings
from app.core.passwords import common_passwords
from tests import samples
from tests.conftest import Account, register, register_payload

PROJECT_ROOT = Path(__file__).resolve().parent.parent
AUTH = "/api/auth"
ME = "/api/users/me"
MIN_LENGTH = 12
MAX_LENGTH = 128


def _token(**claims: Any) -> str:
    """A token signed with the app's secret, made of ``claims`` (None: leave the claim out)."""
    now = datetime.now(UTC)
    payload: dict[str, Any] = {
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "aud": settings.jwt_audience,
        "iss": settings.jwt_issuer,
        "ver": 0,
    }
    payload.update(claims)
    payload = {key: value for key, value in payload.items() if value is not None}
    return jwt.encode(payload, settings.require_jwt_secret(), algorithm=settings.jwt_algorithm)


def _me(client: TestClient, token: str) -> int:
    return client.get(ME, headers={"Authorization": f"Bearer {token}"}).status_code


def _login(client: TestClient, name: str, password: str, **kwargs: Any) -> Any:
    """The response of ``POST /api/auth/login``."""
    return client.post(f"{AUTH}/login", json={"email": name, "password": password}, **kwargs)


# --- tokens -----------------------------------------------------------------------------


def test_a_well_formed_token_is_accepted(client: TestClient, user: Account) -> None:
    assert _me(client, _token(sub=user.id)) == 200


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": None},
        {"sub": None},
        {"aud": None},
        {"iss": None},
        {"ver": None},
        {"aud": "another-app"},
        {"iss": "someone-else"},
        {"ver": 1},
        {"ver": "0"},
        {"exp": datetime.now(UTC) - timedelta(minutes=1)},
    ],
    ids=[
        "no-exp",
        "no-sub",
        "no-aud",
        "no-iss",
        "no-ver",
        "wrong-aud",
        "wrong-iss",
        "future-version",
        "text-version",
        "expired",
    ],
)
def test_a_bad_token_is_refused(client: TestClient, user: Account, claims: dict[str, Any]) -> None:
    assert _me(client, _token(**({"sub": user.id} | claims))) == 401


def test_a_token_signed_with_another_secret_is_refused(client: TestClient, user: Account) -> None:
    forged = jwt.encode(
        {
            "sub": user.id,
            "exp": datetime.now(UTC) + timedelta(minutes=5),
            "aud": settings.jwt_audience,
            "iss": settings.jwt_issuer,
            "ver": 0,
        },
        secrets.token_urlsafe(48),
        algorithm=settings.jwt_algorithm,
    )
    assert _me(client, forged) == 401


def test_logout_revokes_every_token_of_the_user(client: TestClient) -> None:
    payload = register_payload()
    assert client.post(f"{AUTH}/register", json=payload).status_code == 201
    first = _login(client, payload["email"], payload["password"]).json()["access_token"]
    second = _login(client, payload["email"], payload["password"]).json()["access_token"]
    assert _me(client, first) == 200

    response = client.post(f"{AUTH}/logout", headers={"Authorization": f"Bearer {first}"})
    assert response.status_code == 204
    assert _me(client, first) == 401
    assert _me(client, second) == 401
    assert (
        client.post(f"{AUTH}/logout", headers={"Authorization": f"Bearer {first}"}).status_code
        == 401
    )
    fresh = _login(client, payload["email"], payload["password"]).json()["access_token"]
    assert _me(client, fresh) == 200


def test_logout_needs_a_token(client: TestClient) -> None:
    assert client.post(f"{AUTH}/logout").status_code == 401


def test_password_hashes_and_token_versions_are_never_returned(client: TestClient) -> None:
    payload = register_payload()
    created = client.post(f"{AUTH}/register", json=payload).json()
    token = _login(client, payload["email"], payload["password"]).json()["access_token"]
    me = client.get(ME, headers={"Authorization": f"Bearer {token}"}).json()
    for body in (created, me):
        assert not {"password", "hashed_password", "token_version", "current_password"} & set(body)
        assert payload["password"] not in str(body)


# --- the secret ---------------------------------------------------------------------------


def _start(
    env: dict[str, str], code: str = "import app.main", cwd: Path = PROJECT_ROOT
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env | {"PYTHONPATH": str(PROJECT_ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(
    "secret",
    ["changeme", "CHANGE-ME", "your-secret-key", "secret", "x" * 64, secrets.token_hex(15)],
    ids=["changeme", "change-me", "your-secret-key", "secret", "one-char", "30-bytes"],
)
def test_a_weak_secret_is_refused_in_production(secret: str, tmp_path: Path) -> None:
    env = os.environ | {"APP_ENV": "production", "JWT_SECRET": secret}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'weak.db'}"
    run = _start(env)
    _out, err = run.communicate(timeout=120)
    assert run.returncode != 0
    reason = err.strip().splitlines()[-1]
    assert reason.startswith("RuntimeError: JWT_SECRET"), err


def test_a_strong_secret_is_accepted_in_production() -> None:
    strong = Settings(app_env="production", jwt_secret=secrets.token_urlsafe(32), _env_file=None)  # type: ignore[call-arg]
    assert strong.require_jwt_secret() == strong.jwt_secret
    short = Settings(app_env="production", jwt_secret="k" + secrets.token_hex(15), _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(RuntimeError, match="at least 32 bytes"):
        short.require_jwt_secret()


def test_development_workers_share_one_generated_secret(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "JWT_SECRET"}
    env |= {"APP_ENV": "development", "JWT_SECRET_FILE": str(tmp_path / ".jwt-secret")}
    code = "from app.core.config import settings; print(settings.require_jwt_secret())"
    workers = [_start(env, code, cwd=tmp_path) for _ in range(4)]  # started together: they race
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    found = {out.strip() for out, _err in outputs}
    assert len(found) == 1
    (secret,) = found
    assert len(secret) >= 32
    assert (tmp_path / ".jwt-secret").read_text().strip() == secret
    assert stat.S_IMODE((tmp_path / ".jwt-secret").stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [".jwt-secret"]  # no scratch file left
    again = _start(env, code, cwd=tmp_path).communicate(timeout=120)[0]
    assert again.strip() == secret  # a restart keeps it: tokens survive


# --- passwords ----------------------------------------------------------------------------


def _common_password() -> str:
    """A password of the shipped list that the length rules allow."""
    return next(
        p for p in sorted(common_passwords()) if MIN_LENGTH <= len(p) <= MAX_LENGTH and p.isascii()
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("k" * (MIN_LENGTH - 1), "at least"),
        ("k" * (MAX_LENGTH + 1), "at most"),
        (_common_password(), "too common"),
        (_common_password().upper(), "too common"),
    ],
    ids=["too-short", "too-long", "common", "common-upper-case"],
)
def test_a_weak_password_is_refused(client: TestClient, password: str, message: str) -> None:
    payload = register_payload() | {"password": password}
    response = client.post(f"{AUTH}/register", json=payload)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "password"]
    assert message in error["msg"]


def test_a_password_of_the_allowed_lengths_is_accepted(client: TestClient) -> None:
    for password in ("q7" * MIN_LENGTH)[:MIN_LENGTH], ("q7" * MAX_LENGTH)[:MAX_LENGTH]:
        payload = register_payload() | {"password": password}
        assert client.post(f"{AUTH}/register", json=payload).status_code == 201
        assert _login(client, payload["email"], password).status_code == 200


def test_changing_the_password_needs_the_current_one_and_revokes_old_tokens(
    client: TestClient, user: Account
) -> None:
    url = f"{AUTH}/password"
    new = "new-" + uuid.uuid4().hex
    wrong = client.post(
        url, json={"current_password": "not-it", "new_password": new}, headers=user.headers
    )
    assert wrong.status_code == 403
    missing = client.post(url, json={"new_password": new}, headers=user.headers)
    assert missing.status_code == 422
    common = client.post(
        url,
        json={"current_password": "x", "new_password": _common_password()},
        headers=user.headers,
    )
    assert common.status_code == 422
    assert client.post(url, json={"current_password": "x", "new_password": new}).status_code == 401
    assert _me(client, user.token) == 200  # refusals changed nothing

    old_password = user.password
    response = client.post(
        url, json={"current_password": old_password, "new_password": new}, headers=user.headers
    )
    assert response.status_code == 200
    fresh = response.json()["access_token"]
    assert _me(client, user.token) == 401
    assert _me(client, fresh) == 200
    assert _login(client, user.email, old_password).status_code == 401
    assert _login(client, user.email, new).status_code == 200


def test_changing_the_email_needs_the_current_password(client: TestClient, user: Account) -> None:
    url = f"/api/users/{user.id}"
    new_login = samples.email(320)
    for body in ({}, {"current_password": "not-it"}):
        response = client.patch(url, json={"email": new_login} | body, headers=user.headers)
        assert response.status_code == 403
    assert client.get(ME, headers=user.headers).json()["email"] == user.email

    password = user.password
    body = {"email": new_login, "current_password": password}
    response = client.patch(url, json=body, headers=user.headers)
    assert response.status_code == 200, response.text
    assert _me(client, user.token) == 401  # older tokens are revoked
    assert _login(client, user.email, password).status_code == 401
    assert _login(client, new_login, password).status_code == 200


# --- emails -------------------------------------------------------------------------------


def test_emails_are_case_insensitive(client: TestClient) -> None:
    payload = register_payload()
    shouted = payload["email"].upper()
    response = client.post(f"{AUTH}/register", json=payload | {"email": shouted})
    assert response.status_code == 201, response.text
    stored = response.json()["email"]
    assert stored == payload["email"].lower()

    assert _login(client, shouted, payload["password"]).status_code == 200
    assert _login(client, stored, payload["password"]).status_code == 200
    again = register_payload() | {"email": stored}
    assert client.post(f"{AUTH}/register", json=again).status_code == 409


def test_a_mixed_case_email_stored_before_normalisation_still_logs_in(client: TestClient) -> None:
    from app.core.db import SessionLocal
    from app.models import User

    payload = register_payload()
    created = client.post(f"{AUTH}/register", json=payload).json()
    local, domain = payload["email"].split("@")
    legacy = local.capitalize() + "@" + domain.upper()

    async def store_legacy() -> None:
        async with SessionLocal() as session:
            await session.execute(
                sa.update(User).where(User.id == uuid.UUID(created["id"])).values(email=legacy)
            )
            await session.commit()

    assert client.portal is not None
    client.portal.call(store_legacy)
    response = _login(client, payload["email"].upper(), payload["password"])
    assert response.status_code == 200
    assert (
        client.post(
            f"{AUTH}/register", json=register_payload() | {"email": legacy.lower()}
        ).status_code
        == 409
    )


# --- rate limits ----------------------------------------------------------------------------


@pytest.fixture
def limited(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The session's client, with rate limits on and their counters reset before and after
    (the tests lower the limits they test)."""
    monkeypatch.setattr(settings, "rate_limits_enabled", True)
    assert client.portal is not None
    client.portal.call(limits.reset)
    yield client
    client.portal.call(limits.reset)


def _post(client: TestClient, path: str, body: dict[str, Any], address: str) -> httpx.Response:
    """``POST path`` from the client address ``address`` (as a proxy would report it), on
    the app's event loop (its database pool and rate-limit counters belong to it)."""
    from app.main import app

    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.post(path, json=body)

    assert client.portal is not None
    return client.portal.call(post)


def _address() -> str:
    """A client address no other test uses."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


def _attempt(client: TestClient, name: str, address: str) -> httpx.Response:
    body = {"email": name, "password": "wrong-password"}
    return _post(client, f"{AUTH}/login", body, address)


def _assert_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert int(response.headers["Retry-After"]) >= 1


def test_login_is_limited_per_client_address(
    limited: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "rate_limit_login", "3/minute")
    attacker, bystander = _address(), _address()
    for _ in range(3):
        assert _attempt(limited, register_payload()["email"], attacker).status_code == 401
    _assert_limited(_attempt(limited, register_payload()["email"], attacker))
    assert _attempt(limited, register_payload()["email"], bystander).status_code == 401


def test_login_is_limited_per_email(limited: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "rate_limit_login", "3/minute")
    target = register_payload()["email"]
    for _ in range(3):
        assert _attempt(limited, target, _address()).status_code == 401
    _assert_limited(_attempt(limited, target, _address()))
    _assert_limited(_attempt(limited, target.upper(), _address()))
    assert _attempt(limited, register_payload()["email"], _address()).status_code == 401


def test_register_is_limited_per_client_address(
    limited: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "rate_limit_register", "2/minute")
    address = _address()
    url = f"{AUTH}/register"
    for _ in range(2):
        assert _post(limited, url, register_payload(), address).status_code == 201
    _assert_limited(_post(limited, url, register_payload(), address))
    assert _post(limited, url, register_payload(), _address()).status_code == 201


# --- the event loop during a burst of logins -------------------------------------------------


@pytest.fixture
def server(client: TestClient, tmp_path: Path) -> Iterator[str]:
    """The app under uvicorn in a subprocess, on the test database, listening on a socket
    bound here (127.0.0.1, a free port: no race for it); yields its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    code = (
        "import socket, sys, uvicorn\n"
        "sock = socket.socket(fileno=int(sys.argv[1]))\n"
        "uvicorn.Server(uvicorn.Config('app.main:app', log_level='warning')).run(sockets=[sock])\n"
    )
    log = (tmp_path / "server.log").open("w")
    env = os.environ | {"RATE_LIMIT_LOGIN": "100000/minute", "PYTHONPATH": str(PROJECT_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(listener.fileno())],
        cwd=PROJECT_ROOT,
        env=env,
        pass_fds=(listener.fileno(),),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    listener.close()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if httpx.get(f"{base}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not answer in 60 s"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_the_event_loop_stays_responsive_during_a_burst_of_logins(
    client: TestClient, server: str
) -> None:
    account = register(client)

    async def burst() -> tuple[list[int], list[float]]:
        latencies: list[float] = []
        done = asyncio.Event()

        async def sample(http: httpx.AsyncClient) -> None:
            while not done.is_set() or len(latencies) < 5:
                started = time.perf_counter()
                response = await http.get("/api/health")
                latencies.append(time.perf_counter() - started)
                assert response.status_code == 200
                await asyncio.sleep(0.02)

        async def attempt(http: httpx.AsyncClient) -> int:
            body = {"email": account.email, "password": "wrong-" + uuid.uuid4().hex}
            return (await http.post(f"{AUTH}/login", json=body)).status_code

        pool = httpx.Limits(max_connections=64)
        async with (
            httpx.AsyncClient(base_url=server, timeout=120) as prober,
            httpx.AsyncClient(base_url=server, timeout=120, limits=pool) as crowd,
        ):
            sampler = asyncio.create_task(sample(prober))
            await asyncio.sleep(0.1)  # the sampler's connection is open before the burst
            statuses = await asyncio.gather(*(attempt(crowd) for _ in range(40)))
            done.set()
            await sampler
        return list(statuses), latencies

    statuses, latencies = asyncio.run(burst())
    assert statuses == [401] * 40
    ordered = sorted(latencies)
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]
    report = f"health p90 {p90 * 1000:.0f} ms over {len(ordered)} samples during the burst"
    assert p90 < 0.25, report
