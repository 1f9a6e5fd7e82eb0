"""Fixtures: a migrated database (TEST_DATABASE_URL, else a temporary SQLite file), a client,
signed-in users, and one factory per model that creates a row through the API."""

import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import samples

_TMP = Path(tempfile.mkdtemp(prefix="ai_chat-tests-"))
os.environ["DATABASE_URL"] = os.environ.get(
    "TEST_DATABASE_URL", f"sqlite+aiosqlite:///{_TMP / 'test.db'}"
)
os.environ["APP_ENV"] = "test"
os.environ["JWT_SECRET"] = "test-secret-" + uuid.uuid4().hex
os.environ["JWT_SECRET_FILE"] = str(_TMP / "jwt-secret")  # a development secret, if one is made
os.environ["MOCK_DELAY_MS"] = "1"
# Many accounts sign up from one client here; tests of the limits lower them where needed.
os.environ["RATE_LIMIT_LOGIN"] = "100000/minute"
os.environ["RATE_LIMIT_REGISTER"] = "100000/minute"
os.environ["RATE_LIMIT_SEND"] = "100000/minute"
# Real providers are offered once configured; the tests start with none (empty means unset).
os.environ["ANTHROPIC_API_KEY"] = ""
os.environ["ANTHROPIC_BASE_URL"] = ""
os.environ["GEMINI_API_KEY"] = ""
os.environ["GEMINI_BASE_URL"] = ""
os.environ["OPENAI_API_KEY"] = ""
os.environ["OPENAI_BASE_URL"] = ""

from alembic import command  # noqa: E402  (settings are read from the environment at import)
from alembic.config import Config  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Account:
    """A registered, signed-in user."""

    id: str
    token: str
    email: str
    password: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The app on a database migrated to head by Alembic."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    from app.core import security
    from app.main import app

    # argon2 at its recommended cost takes ~0.1 s of CPU and 64 MiB per hash, and these tests
    # sign up hundreds of accounts: in process they hash at a low cost (same algorithm and
    # code path). The tests that start uvicorn in a subprocess keep the real cost.
    security.password_hash = PasswordHash(
        (Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),)
    )

    with TestClient(app) as test_client:
        yield test_client


def register_payload() -> dict[str, Any]:
    """A valid, unique body for ``POST /api/auth/register`` (a random password)."""
    return {
        "email": samples.email(320),
        "name": samples.text("name", 1, 100, unique=False),
        "password": "pw-" + uuid.uuid4().hex,
    }


def register(client: TestClient) -> Account:
    """Register and sign in a new user."""
    payload = register_payload()
    password = payload["password"]
    response = client.post("/api/auth/register", json=payload)
    assert response.status_code == 201, response.text
    login = {"email": payload["email"], "password": password}
    token = client.post("/api/auth/login", json=login).json()["access_token"]
    return Account(id=response.json()["id"], token=token, email=payload["email"], password=password)


@pytest.fixture
def user(client: TestClient) -> Account:
    return register(client)


@pytest.fixture
def other_user(client: TestClient) -> Account:
    return register(client)


def conversation_payload(client: TestClient, account: Account) -> dict[str, Any]:
    """A valid create body for conversation (creating the rows it refers to)."""
    return {}


def create_conversation(client: TestClient, account: Account) -> dict[str, Any]:
    """Create a conversation through the API; return its JSON."""
    response = client.post(
        "/api/conversations", json=conversation_payload(client, account), headers=account.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def chat_settings_payload(client: TestClient, account: Account) -> dict[str, Any]:
    """A valid create body for chat settings (creating the rows it refers to)."""
    return {}


def create_chat_settings(client: TestClient, account: Account) -> dict[str, Any]:
    """Create a chat settings through the API; return its JSON."""
    response = client.post(
        "/api/chat-settings", json=chat_settings_payload(client, account), headers=account.headers
    )
    assert response.status_code == 201, response.text
    return response.json()
