"""Agent preference: the create, delete, list, read, update routes, ownership and validation through ``/api/agent-preferences``."""

import json

from fastapi.testclient import TestClient

from tests import samples
from tests.conftest import Account, agent_preference_payload, create_agent_preference

BASE = "/api/agent-preferences"


def test_create_and_read(client: TestClient, user: Account) -> None:
    row = create_agent_preference(client, user)
    response = client.get(f"{BASE}/{row['id']}", headers=user.headers)
    assert response.status_code == 200
    assert response.json() == row


def test_datetimes_are_stored_and_returned_in_utc(client: TestClient, user: Account) -> None:
    payload = agent_preference_payload(client, user) | {"away_until": "2026-01-02T09:00:00+02:00"}
    response = client.post(BASE, json=payload, headers=user.headers)
    assert response.status_code == 201, response.text
    assert response.json()["away_until"] == "2026-01-02T07:00:00Z"
    stored = client.get(f"{BASE}/{response.json()['id']}", headers=user.headers).json()
    assert stored["away_until"] == "2026-01-02T07:00:00Z"


def test_one_per_user(client: TestClient, user: Account, other_user: Account) -> None:
    mine = create_agent_preference(client, user)
    again = client.post(BASE, json=agent_preference_payload(client, user), headers=user.headers)
    assert again.status_code == 409
    theirs = create_agent_preference(client, other_user)
    page = client.get(BASE, params={"skip": 0, "limit": 10}, headers=user.headers).json()
    assert [row["id"] for row in page["data"]] == [mine["id"]]
    assert page["count"] == 1
    assert theirs["id"] != mine["id"]


def test_update_changes_only_what_is_sent(client: TestClient, user: Account) -> None:
    row = create_agent_preference(client, user)
    value = samples.text("signature", 1, None, unique=False)
    response = client.patch(f"{BASE}/{row['id']}", json={"signature": value}, headers=user.headers)
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["signature"] == value
    unchanged = {k: v for k, v in row.items() if k not in {"signature", "updated_at"}}
    assert {k: updated[k] for k in unchanged} == unchanged


def test_update_rejects_null_for_required_fields(client: TestClient, user: Account) -> None:
    row = create_agent_preference(client, user)
    response = client.patch(f"{BASE}/{row['id']}", json={"auto_draft": None}, headers=user.headers)
    assert response.status_code == 422


def test_create_rejects_unknown_keys(client: TestClient, user: Account) -> None:
    payload = agent_preference_payload(client, user) | {"not_a_field": 1}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422


def test_values_outside_the_schema_constraints_are_422(client: TestClient, user: Account) -> None:
    payload = agent_preference_payload(client, user)
    invalid: list[tuple[str, object]] = [
        ("auto_draft", "maybe"),
        ("notify_email", "not-an-email"),
        ("notify_email", "a" * 320 + "@example.com"),
        ("away_until", "2026-13-45T25:00:00"),
        ("away_until", "yesterday"),
        ("max_open_tickets", 0),
        ("max_open_tickets", 101),
        ("max_open_tickets", 1.5),
    ]
    for name, value in invalid:
        response = client.post(BASE, json=payload | {name: value}, headers=user.headers)
        assert response.status_code == 422, (name, value, response.text)


def test_wrong_types_are_422(client: TestClient, user: Account) -> None:
    payload = agent_preference_payload(client, user) | {"signature": {"not": "valid"}}
    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422


HOSTILE_VALUES = ["\x00", "x" * 100_000, 10**30, -1e308, None, [], {"a": 1}, "2026-13-45", True]


def test_hostile_values_are_never_a_500(client: TestClient, user: Account) -> None:
    base_payload = agent_preference_payload(client, user)
    names: list[str] = [
        "signature",
        "auto_draft",
        "notify_email",
        "away_until",
        "max_open_tickets",
        "shortcuts",
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
    row = create_agent_preference(client, user)
    assert client.delete(f"{BASE}/{row['id']}", headers=user.headers).status_code == 204
    assert client.get(f"{BASE}/{row['id']}", headers=user.headers).status_code == 404


def test_rows_are_private_to_their_owner(
    client: TestClient, user: Account, other_user: Account
) -> None:
    row = create_agent_preference(client, user)
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
