"""Agent: the create, delete, list, read, update routes, ownership and validation through ``/api/agents``."""

from fastapi.testclient import TestClient

from tests import samples
from tests.conftest import Account, register

BASE = "/api/agents"


def test_me_is_the_signed_in_user(client: TestClient, user: Account) -> None:
    response = client.get(f"{BASE}/me", headers=user.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == user.id
    assert "password" not in body
    assert "hashed_password" not in body


def test_list_shows_only_yourself(client: TestClient, user: Account, other_user: Account) -> None:
    response = client.get(BASE, headers=user.headers)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["data"]] == [user.id]
    assert response.json()["count"] == 1


def test_other_users_are_404(client: TestClient, user: Account, other_user: Account) -> None:
    assert client.get(f"{BASE}/{other_user.id}", headers=user.headers).status_code == 404
    assert client.patch(f"{BASE}/{other_user.id}", json={}, headers=user.headers).status_code == 404
    assert client.delete(f"{BASE}/{other_user.id}", headers=user.headers).status_code == 404


def test_update_yourself(client: TestClient, user: Account) -> None:
    value = samples.text("display_name", 1, 80, unique=False)
    response = client.patch(f"{BASE}/{user.id}", json={"display_name": value}, headers=user.headers)
    assert response.status_code == 200, response.text
    assert response.json()["display_name"] == value


def test_duplicate_registration_is_409(client: TestClient, user: Account) -> None:
    payload = {"username": user.username, "password": "long-enough-password"}
    payload["display_name"] = samples.text("display_name", 1, 80, unique=False)
    assert client.post("/api/auth/register", json=payload).status_code == 409


def test_wrong_password_is_401(client: TestClient, user: Account) -> None:
    body = {"username": user.username, "password": "wrong-password"}
    assert client.post("/api/auth/login", json=body).status_code == 401


def test_short_password_is_422(client: TestClient) -> None:
    body = {"username": samples.text("username", 3, 40, unique=True), "password": "x"}
    assert client.post("/api/auth/register", json=body).status_code == 422


def test_delete_yourself(client: TestClient) -> None:
    account = register(client)
    assert client.delete(f"{BASE}/{account.id}", headers=account.headers).status_code == 204
    assert client.get(f"{BASE}/me", headers=account.headers).status_code == 401


def test_huge_pagination_is_422(client: TestClient, user: Account) -> None:
    assert client.get(BASE, params={"skip": 2**63}, headers=user.headers).status_code == 422


def test_missing_row_is_404(client: TestClient, user: Account) -> None:
    assert client.get(f"{BASE}/{samples.new_id()}", headers=user.headers).status_code == 404


def test_bad_id_is_422(client: TestClient, user: Account) -> None:
    assert client.get(f"{BASE}/not-a-uuid", headers=user.headers).status_code == 422


def test_requires_a_token(client: TestClient) -> None:
    url = BASE
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    assert client.get(f"{BASE}/{samples.new_id()}").status_code in {401, 404, 405}
