"""Ticket: the create, delete, list, read, update routes, ownership and validation through ``/api/tickets``."""

import json

from fastapi.testclient import TestClient

from tests import samples
from tests.conftest import Account, create_ticket, ticket_payload

BASE = "/api/tickets"


def test_create_and_read(client: TestClient, user: Account) -> None:
    row = create_ticket(client, user)
    response = client.get(f"{BASE}/{row['id']}", headers=user.headers)
    assert response.status_code == 200
    assert response.json() == row


def test_datetimes_are_stored_and_returned_in_utc(client: TestClient, user: Account) -> None:
    payload = ticket_payload(client, user) | {"due_at": "2026-01-02T09:00:00+02:00"}
    response = client.post(BASE, json=payload, headers=user.headers)
    assert response.status_code == 201, response.text
    assert response.json()["due_at"] == "2026-01-02T07:00:00Z"
    stored = client.get(f"{BASE}/{response.json()['id']}", headers=user.headers).json()
    assert stored["due_at"] == "2026-01-02T07:00:00Z"


def test_list_paginates(client: TestClient, user: Account) -> None:
    first = create_ticket(client, user)
    second = create_ticket(client, user)
    page = client.get(BASE, params={"skip": 0, "limit": 1}, headers=user.headers).json()
    assert len(page["data"]) == 1
    assert page["count"] >= 2
    ids = {
        row["id"]
        for row in client.get(BASE, params={"limit": 1000}, headers=user.headers).json()["data"]
    }
    assert {first["id"], second["id"]} <= ids


def test_update_changes_only_what_is_sent(client: TestClient, user: Account) -> None:
    row = create_ticket(client, user)
    value = samples.text("subject", 1, 160, unique=False)
    response = client.patch(f"{BASE}/{row['id']}", json={"subject": value}, headers=user.headers)
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["subject"] == value
    unchanged = {k: v for k, v in row.items() if k not in {"subject", "updated_at"}}
    assert {k: updated[k] for k in unchanged} == unchanged


def test_update_rejects_null_for_required_fields(client: TestClient, user: Account) -> None:
    row = create_ticket(client, user)
    response = client.patch(f"{BASE}/{row['id']}", json={"subject": None}, headers=user.headers)
    assert response.status_code == 422


def test_create_rejects_unknown_keys(client: TestClient, user: Account) -> None:
    payload = ticket_payload(client, user) | {"not_a_field": 1}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422


def test_read_only_fields_are_not_writable(client: TestClient, user: Account) -> None:
    row = create_ticket(client, user)
    payload: dict[str, object]
    patch: dict[str, object]
    payload = ticket_payload(client, user) | {"reply_count": 1}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422
    patch = {"reply_count": 1}
    assert client.patch(f"{BASE}/{row['id']}", json=patch, headers=user.headers).status_code == 422
    payload = ticket_payload(client, user) | {"token_total": 1}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422
    patch = {"token_total": 1}
    assert client.patch(f"{BASE}/{row['id']}", json=patch, headers=user.headers).status_code == 422
    payload = ticket_payload(client, user) | {"spend": "1.000000"}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422
    patch = {"spend": "1.000000"}
    assert client.patch(f"{BASE}/{row['id']}", json=patch, headers=user.headers).status_code == 422
    payload = ticket_payload(client, user) | {"last_reply_at": samples.now_iso()}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422
    patch = {"last_reply_at": samples.now_iso()}
    assert client.patch(f"{BASE}/{row['id']}", json=patch, headers=user.headers).status_code == 422


def test_values_outside_the_schema_constraints_are_422(client: TestClient, user: Account) -> None:
    payload = ticket_payload(client, user)
    invalid: list[tuple[str, object]] = [
        ("subject", "x" * 161),
        ("customer_email", "not-an-email"),
        ("customer_email", "a" * 320 + "@example.com"),
        ("priority", "not-low-normal-high-urgent"),
        ("channel", "not-email-phone-web_form-live_chat"),
        ("due_at", "2026-13-45T25:00:00"),
        ("due_at", "yesterday"),
        ("external_ref", "not-a-uuid"),
        ("ai_provider", "x" * 33),
        ("ai_model", "x" * 101),
        ("ai_temperature", -1.0),
        ("ai_temperature", 2.0),
    ]
    for name, value in invalid:
        response = client.post(BASE, json=payload | {name: value}, headers=user.headers)
        assert response.status_code == 422, (name, value, response.text)


def test_wrong_types_are_422(client: TestClient, user: Account) -> None:
    payload = ticket_payload(client, user) | {"subject": {"not": "valid"}}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422


HOSTILE_VALUES = ["\x00", "x" * 100_000, 10**30, -1e308, None, [], {"a": 1}, "2026-13-45", True]


def test_hostile_values_are_never_a_500(client: TestClient, user: Account) -> None:
    base_payload = ticket_payload(client, user)
    names: list[str] = [
        "subject",
        "customer_email",
        "priority",
        "channel",
        "due_at",
        "external_ref",
        "custom_fields",
        "ai_provider",
        "ai_model",
        "ai_temperature",
        "instructions",
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
    row = create_ticket(client, user)
    assert client.delete(f"{BASE}/{row['id']}", headers=user.headers).status_code == 204
    assert client.get(f"{BASE}/{row['id']}", headers=user.headers).status_code == 404


def test_rows_are_private_to_their_owner(
    client: TestClient, user: Account, other_user: Account
) -> None:
    row = create_ticket(client, user)
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
