"""Canned response: the create, delete, list, read, update routes and validation through ``/api/canned-responses``."""

import json

from fastapi.testclient import TestClient

from tests import samples
from tests.conftest import Account, canned_response_payload, create_canned_response

BASE = "/api/canned-responses"


def test_create_and_read(client: TestClient, user: Account) -> None:
    row = create_canned_response(client, user)
    response = client.get(f"{BASE}/{row['id']}", headers=user.headers)
    assert response.status_code == 200
    assert response.json() == row


def test_list_paginates(client: TestClient, user: Account) -> None:
    first = create_canned_response(client, user)
    second = create_canned_response(client, user)
    page = client.get(BASE, params={"skip": 0, "limit": 1}, headers=user.headers).json()
    assert len(page["data"]) == 1
    assert page["count"] >= 2
    ids = {
        row["id"]
        for row in client.get(BASE, params={"limit": 1000}, headers=user.headers).json()["data"]
    }
    assert {first["id"], second["id"]} <= ids


def test_update_changes_only_what_is_sent(client: TestClient, user: Account) -> None:
    row = create_canned_response(client, user)
    value = samples.text("title", 1, 120, unique=False)
    response = client.patch(f"{BASE}/{row['id']}", json={"title": value}, headers=user.headers)
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["title"] == value
    unchanged = {k: v for k, v in row.items() if k not in {"title", "updated_at"}}
    assert {k: updated[k] for k in unchanged} == unchanged


def test_update_rejects_null_for_required_fields(client: TestClient, user: Account) -> None:
    row = create_canned_response(client, user)
    response = client.patch(f"{BASE}/{row['id']}", json={"shortcut": None}, headers=user.headers)
    assert response.status_code == 422


def test_create_rejects_unknown_keys(client: TestClient, user: Account) -> None:
    payload = canned_response_payload(client, user) | {"not_a_field": 1}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422


def test_values_outside_the_schema_constraints_are_422(client: TestClient, user: Account) -> None:
    payload = canned_response_payload(client, user)
    invalid: list[tuple[str, object]] = [
        ("shortcut", "x" * 33),
        ("title", "x" * 121),
        ("language", "x" * 9),
        ("usage_count", -1),
        ("usage_count", 2147483648),
        ("usage_count", 1.5),
    ]
    for name, value in invalid:
        response = client.post(BASE, json=payload | {name: value}, headers=user.headers)
        assert response.status_code == 422, (name, value, response.text)


def test_wrong_types_are_422(client: TestClient, user: Account) -> None:
    payload = canned_response_payload(client, user) | {"shortcut": {"not": "valid"}}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422


HOSTILE_VALUES = ["\x00", "x" * 100_000, 10**30, -1e308, None, [], {"a": 1}, "2026-13-45", True]


def test_hostile_values_are_never_a_500(client: TestClient, user: Account) -> None:
    base_payload = canned_response_payload(client, user)
    names: list[str] = [
        "shortcut",
        "title",
        "body",
        "language",
        "usage_count",
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
    row = create_canned_response(client, user)
    assert client.delete(f"{BASE}/{row['id']}", headers=user.headers).status_code == 204
    assert client.get(f"{BASE}/{row['id']}", headers=user.headers).status_code == 404


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
