"""Chat settings: the create, delete, list, read, update routes, ownership and validation through ``/api/chat-settings``."""

import json

from fastapi.testclient import TestClient

from tests import samples
from tests.conftest import Account, chat_settings_payload, create_chat_settings

BASE = "/api/chat-settings"


def test_create_and_read(client: TestClient, user: Account) -> None:
    row = create_chat_settings(client, user)
    response = client.get(f"{BASE}/{row['id']}", headers=user.headers)
    assert response.status_code == 200
    assert response.json() == row


def test_one_per_user(client: TestClient, user: Account, other_user: Account) -> None:
    mine = create_chat_settings(client, user)
    again = client.post(BASE, json=chat_settings_payload(client, user), headers=user.headers)
    assert again.status_code == 409
    theirs = create_chat_settings(client, other_user)
    page = client.get(BASE, params={"skip": 0, "limit": 10}, headers=user.headers).json()
    assert [row["id"] for row in page["data"]] == [mine["id"]]
    assert page["count"] == 1
    assert theirs["id"] != mine["id"]


def test_update_changes_only_what_is_sent(client: TestClient, user: Account) -> None:
    row = create_chat_settings(client, user)
    value = samples.text("default_provider", 1, 32, unique=False)
    response = client.patch(
        f"{BASE}/{row['id']}", json={"default_provider": value}, headers=user.headers
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["default_provider"] == value
    unchanged = {k: v for k, v in row.items() if k not in {"default_provider", "updated_at"}}
    assert {k: updated[k] for k in unchanged} == unchanged


def test_update_rejects_null_for_required_fields(client: TestClient, user: Account) -> None:
    row = create_chat_settings(client, user)
    response = client.patch(
        f"{BASE}/{row['id']}", json={"default_provider": None}, headers=user.headers
    )
    assert response.status_code == 422


def test_create_rejects_unknown_keys(client: TestClient, user: Account) -> None:
    payload = chat_settings_payload(client, user) | {"not_a_field": 1}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422


def test_values_outside_the_schema_constraints_are_422(client: TestClient, user: Account) -> None:
    payload = chat_settings_payload(client, user)
    invalid: list[tuple[str, object]] = [
        ("default_provider", "x" * 33),
        ("default_model", "x" * 101),
        ("default_temperature", -1.0),
        ("default_temperature", 3.0),
        ("default_max_tokens", 0),
        ("default_max_tokens", 200001),
        ("default_max_tokens", 1.5),
        ("theme", "not-light-dark-system"),
        ("font_size", 9),
        ("font_size", 33),
        ("font_size", 1.5),
        ("show_token_count", "maybe"),
        ("show_cost_estimate", "maybe"),
        ("enable_streaming", "maybe"),
        ("enable_markdown", "maybe"),
        ("enable_code_highlight", "maybe"),
    ]
    for name, value in invalid:
        response = client.post(BASE, json=payload | {name: value}, headers=user.headers)
        assert response.status_code == 422, (name, value, response.text)


def test_wrong_types_are_422(client: TestClient, user: Account) -> None:
    payload = chat_settings_payload(client, user) | {"default_provider": {"not": "valid"}}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422


HOSTILE_VALUES = ["\x00", "x" * 100_000, 10**30, -1e308, None, [], {"a": 1}, "2026-13-45", True]


def test_hostile_values_are_never_a_500(client: TestClient, user: Account) -> None:
    base_payload = chat_settings_payload(client, user)
    names: list[str] = [
        "default_provider",
        "default_model",
        "default_temperature",
        "default_max_tokens",
        "theme",
        "font_size",
        "show_token_count",
        "show_cost_estimate",
        "enable_streaming",
        "enable_markdown",
        "enable_code_highlight",
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
    row = create_chat_settings(client, user)
    assert client.delete(f"{BASE}/{row['id']}", headers=user.headers).status_code == 204
    assert client.get(f"{BASE}/{row['id']}", headers=user.headers).status_code == 404


def test_rows_are_private_to_their_owner(
    client: TestClient, user: Account, other_user: Account
) -> None:
    row = create_chat_settings(client, user)
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
