"""Conversation: the create, delete, list, read, update routes, ownership and validation through ``/api/conversations``."""

import json

from fastapi.testclient import TestClient

from tests import samples
from tests.conftest import Account, conversation_payload, create_conversation

BASE = "/api/conversations"


def test_create_and_read(client: TestClient, user: Account) -> None:
    row = create_conversation(client, user)
    response = client.get(f"{BASE}/{row['id']}", headers=user.headers)
    assert response.status_code == 200
    assert response.json() == row


def test_list_paginates(client: TestClient, user: Account) -> None:
    first = create_conversation(client, user)
    second = create_conversation(client, user)
    page = client.get(BASE, params={"skip": 0, "limit": 1}, headers=user.headers).json()
    assert len(page["data"]) == 1
    assert page["count"] >= 2
    ids = {
        row["id"]
        for row in client.get(BASE, params={"limit": 1000}, headers=user.headers).json()["data"]
    }
    assert {first["id"], second["id"]} <= ids


def test_update_changes_only_what_is_sent(client: TestClient, user: Account) -> None:
    row = create_conversation(client, user)
    value = samples.text("title", 1, 200, unique=False)
    response = client.patch(f"{BASE}/{row['id']}", json={"title": value}, headers=user.headers)
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["title"] == value
    unchanged = {k: v for k, v in row.items() if k not in {"title", "updated_at"}}
    assert {k: updated[k] for k in unchanged} == unchanged


def test_update_rejects_null_for_required_fields(client: TestClient, user: Account) -> None:
    row = create_conversation(client, user)
    response = client.patch(f"{BASE}/{row['id']}", json={"title": None}, headers=user.headers)
    assert response.status_code == 422


def test_create_rejects_unknown_keys(client: TestClient, user: Account) -> None:
    payload = conversation_payload(client, user) | {"not_a_field": 1}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422


def test_read_only_fields_are_not_writable(client: TestClient, user: Account) -> None:
    row = create_conversation(client, user)
    payload: dict[str, object]
    patch: dict[str, object]
    payload = conversation_payload(client, user) | {"message_count": 1}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422
    patch = {"message_count": 1}
    assert client.patch(f"{BASE}/{row['id']}", json=patch, headers=user.headers).status_code == 422
    payload = conversation_payload(client, user) | {"total_tokens": 1}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422
    patch = {"total_tokens": 1}
    assert client.patch(f"{BASE}/{row['id']}", json=patch, headers=user.headers).status_code == 422
    payload = conversation_payload(client, user) | {"total_cost": "1.0000000000"}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422
    patch = {"total_cost": "1.0000000000"}
    assert client.patch(f"{BASE}/{row['id']}", json=patch, headers=user.headers).status_code == 422
    payload = conversation_payload(client, user) | {"last_message_at": samples.now_iso()}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422
    patch = {"last_message_at": samples.now_iso()}
    assert client.patch(f"{BASE}/{row['id']}", json=patch, headers=user.headers).status_code == 422


def test_values_outside_the_schema_constraints_are_422(client: TestClient, user: Account) -> None:
    payload = conversation_payload(client, user)
    invalid: list[tuple[str, object]] = [
        ("title", "x" * 201),
        ("provider", "x" * 33),
        ("model", "x" * 101),
        ("temperature", -1.0),
        ("temperature", 3.0),
        ("max_tokens", 0),
        ("max_tokens", 200001),
        ("max_tokens", 1.5),
    ]
    for name, value in invalid:
        response = client.post(BASE, json=payload | {name: value}, headers=user.headers)
        assert response.status_code == 422, (name, value, response.text)


def test_wrong_types_are_422(client: TestClient, user: Account) -> None:
    payload = conversation_payload(client, user) | {"title": {"not": "valid"}}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422


HOSTILE_VALUES = ["\x00", "x" * 100_000, 10**30, -1e308, None, [], {"a": 1}, "2026-13-45", True]


def test_hostile_values_are_never_a_500(client: TestClient, user: Account) -> None:
    base_payload = conversation_payload(client, user)
    names: list[str] = [
        "title",
        "provider",
        "model",
        "temperature",
        "max_tokens",
        "system_prompt",
    ]
    for name in names:
        for value in HOSTILE_VALUES:
            response = client.post(BASE, json=base_payload | {name: value}, headers=user.headers)
            assert response.status_code < 500, (name, value, response.text)
        # A lone surrogate cannot even be encoded by a client library: send the raw JSON.
        body = json.dumps(base_payload | {name: "SURROGATE"}).replace('"SURROGATE"', r'"\ud800"')
        headers = user.headers | {"Content-Type": "application/json"}
        assert client.post(BASE, content=body, headers=headers).status_code < 500


def test_delete(client: TestClient, user: Account) -> None:
    row = create_conversation(client, user)
    assert client.delete(f"{BASE}/{row['id']}", headers=user.headers).status_code == 204
    assert client.get(f"{BASE}/{row['id']}", headers=user.headers).status_code == 404


def test_rows_are_private_to_their_owner(
    client: TestClient, user: Account, other_user: Account
) -> None:
    row = create_conversation(client, user)
    url = f"{BASE}/{row['id']}"
    assert client.get(url, headers=other_user.headers).status_code == 404
    assert client.patch(url, json={}, headers=other_user.headers).status_code == 404
    assert client.delete(url, headers=other_user.headers).status_code == 404
    listed = client.get(BASE, params={"limit": 1000}, headers=other_user.headers).json()["data"]
    assert row["id"] not in {item["id"] for item in listed}
    assert client.get(url, headers=user.headers).status_code == 200


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
