"""The provider catalogue where it is used: a conversation may only use an enabled, configured
provider and a model the schema lists for it (422 otherwise, naming the allowed values);
``GET /api/providers``; what a request carries; generated titles."""

import datetime
import logging
import time
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from tests.conftest import Account, create_ticket, ticket_payload

PROVIDERS_URL = "/api/providers"
CONVERSATIONS_URL = "/api/tickets"
PROVIDER = "ai_provider"
MODEL = "ai_model"


def send(ws: WebSocketTestSession, conversation_id: str | None, content: str) -> None:
    ws.send_json(
        {"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}}
    )


def reply(ws: WebSocketTestSession) -> dict[str, Any]:
    """The final ``message.updated`` of the reply being streamed (an ``error`` frame fails)."""
    while True:
        frame = ws.receive_json()
        assert frame["type"] != "error", frame
        if frame["type"] == "message.updated" and frame["data"]["state"] != "typing":
            return dict(frame["data"])


def wait_until_idle() -> None:
    """Wait until no reply streams and no title is being written (polls; never timed)."""
    from app.chat import service

    for _ in range(6000):
        if service.idle():
            return
        time.sleep(0.005)
    raise AssertionError("the chat never became idle")


def test_providers_need_a_signed_in_user(client: TestClient) -> None:
    assert client.get(PROVIDERS_URL).status_code == 401


def test_only_enabled_configured_providers_are_listed(client: TestClient, user: Account) -> None:
    from app.chat.catalog import MODELS, PROVIDER_KINDS, models_of
    from app.chat.pricing import price_on
    from app.core.config import settings

    body = client.get(PROVIDERS_URL, headers=user.headers).json()
    names = [provider["name"] for provider in body["data"]]
    assert names == [name for name in PROVIDER_KINDS if settings.provider_configured(name)]
    assert body["count"] == len(names)
    assert "offline" in names
    assert "claude" not in names  # SUPPORT_DESK_ANTHROPIC_KEY is not set
    for provider in body["data"]:
        assert [model["name"] for model in provider["models"]] == models_of(provider["name"])
        for model in provider["models"]:
            info = MODELS[(provider["name"], model["name"])]
            assert model["context_window"] == info.context_window
            assert model["images"] == info.accepts_images
            assert [Decimal(price["input"]) for price in model["prices"]] == [
                p.input for p in info.prices
            ]
            assert [Decimal(price["output"]) for price in model["prices"]] == [
                p.output for p in info.prices
            ]
            today = price_on(info, datetime.datetime.now(datetime.UTC).date())
            if today is None:
                assert model["price"] is None
            else:
                assert Decimal(model["price"]["input"]) == today.input
                assert model["price"]["since"] == (today.since.isoformat() if today.since else None)
    listed = next(p for p in body["data"] if p["name"] == "offline")
    assert listed["default_model"] == "scripted-draft"
    price = listed["models"][0]["prices"][0]
    assert Decimal(price["input"]) == Decimal("0.05")
    assert Decimal(price["output"]) == Decimal("0.25")


def test_a_provider_is_listed_once_its_key_is_set(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.config import settings

    monkeypatch.setattr(settings, "support_desk_anthropic_key", "test-key")
    names = [p["name"] for p in client.get(PROVIDERS_URL, headers=user.headers).json()["data"]]
    assert "claude" in names


def test_an_unknown_provider_is_refused(client: TestClient, user: Account) -> None:
    payload = {**ticket_payload(client, user), PROVIDER: "bogus"}
    response = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", PROVIDER]
    assert "unknown provider 'bogus'" in detail["msg"]
    assert "allowed: " in detail["msg"] and "offline" in detail["msg"]


def test_an_unknown_model_is_refused(client: TestClient, user: Account) -> None:
    payload = {**ticket_payload(client, user), PROVIDER: "offline", MODEL: "no-such-model"}
    response = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", MODEL]
    assert "scripted-draft" in detail["msg"]


def test_an_unconfigured_provider_is_refused_until_its_key_is_set(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.config import settings

    payload = {
        **ticket_payload(client, user),
        PROVIDER: "claude",
        MODEL: "claude-haiku-4-5",
    }
    response = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", PROVIDER]
    assert "not configured" in detail["msg"] and "SUPPORT_DESK_ANTHROPIC_KEY" in detail["msg"]
    monkeypatch.setattr(settings, "support_desk_anthropic_key", "test-key")
    response = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)
    assert response.status_code == 201, response.text


def test_an_update_to_a_provider_or_model_not_offered_is_refused(
    client: TestClient, user: Account
) -> None:
    conversation = create_ticket(client, user)
    url = f"{CONVERSATIONS_URL}/{conversation['id']}"
    for change, field in (({PROVIDER: "bogus"}, PROVIDER), ({MODEL: "no-such-model"}, MODEL)):
        response = client.patch(url, json=change, headers=user.headers)
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["loc"] == ["body", field]
    after = client.get(url, headers=user.headers).json()
    assert (after[PROVIDER], after[MODEL]) == (conversation[PROVIDER], conversation[MODEL])


def test_send_refuses_a_provider_that_is_not_offered(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The websocket path that creates a conversation checks the catalogue too."""
    from app.chat import catalog

    monkeypatch.setattr(catalog, "PROVIDER_KINDS", {})
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, None, "Hello?")
        frame = ws.receive_json()
    assert frame["type"] == "error"
    assert frame["data"]["code"] == "provider_unavailable"
    assert "unknown provider" in frame["data"]["message"]
    assert client.get(CONVERSATIONS_URL, headers=user.headers).json()["count"] == 0


class CapturingProvider:
    """Answers "ok" and keeps every request it was sent."""

    name = "capturing"
    accepts_images = False

    def __init__(self) -> None:
        self.requests: list[Any] = []

    async def stream(self, request: Any) -> Any:
        from app.chat.providers.base import Completion, Delta, Usage

        self.requests.append(request)
        yield Delta("ok")
        yield Completion(Usage(input_tokens=1, output_tokens=1), "stop")


def test_the_request_carries_the_history_that_fits_and_the_model_options(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import catalog, service
    from app.chat.pricing import ModelInfo
    from app.chat.providers.base import estimate_tokens

    provider = CapturingProvider()
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    conversation = create_ticket(client, user)
    chosen = (conversation[PROVIDER], conversation[MODEL])
    system = conversation["instructions"] or ""
    reserve = 0
    words = ["alpha " * 66, "bravo " * 66, "charlie " * 50]  # about 100 tokens each
    # Room for the system prompt, the reply and the last two questions with one answer.
    window = reserve + estimate_tokens(system) + sum(estimate_tokens(w) for w in words[1:]) + 2
    info = ModelInfo(prices=(), context_window=window, options={"reasoning_effort": "low"})
    monkeypatch.setitem(catalog.MODELS, chosen, info)  # the dict the chat reads
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        for text in words:
            send(ws, conversation["id"], text)
            assert reply(ws)["body"] == "ok"
    wait_until_idle()
    last = provider.requests[-1]
    assert last.options == {"reasoning_effort": "low"}
    expected_temperature = conversation["ai_temperature"]
    assert last.temperature == (
        None if expected_temperature is None else float(expected_temperature)
    )
    turns = [(turn.role, turn.content) for turn in last.messages]
    expected = [("assistant", "ok"), ("user", words[1]), ("assistant", "ok"), ("user", words[2])]
    if system:
        expected.insert(0, ("system", system))
    assert turns == expected


def test_a_model_without_a_price_records_no_cost_and_warns_once(
    client: TestClient,
    user: Account,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from app.chat import catalog, service
    from app.chat.pricing import ModelInfo

    conversation = create_ticket(client, user)
    chosen = (conversation[PROVIDER], conversation[MODEL])
    monkeypatch.setitem(catalog.MODELS, chosen, ModelInfo(prices=()))
    monkeypatch.setattr(service, "_unpriced", set())
    caplog.set_level(logging.WARNING, logger="app.chat.service")
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        for text in ("First", "Second"):
            send(ws, conversation["id"], text)
            done = reply(ws)
            assert done["state"] == "sent"
            assert done["price"] is None
    wait_until_idle()
    warnings = [r for r in caplog.records if "has no price" in r.getMessage()]
    assert len(warnings) == 1


def title_update(ws: WebSocketTestSession, title_field: str, default: str | None) -> dict[str, Any]:
    """The next ``conversation.updated`` whose title is no longer the default."""
    while True:
        frame = ws.receive_json()
        assert frame["type"] != "error", frame
        if frame["type"] == "conversation.updated" and frame["data"][title_field] != default:
            return dict(frame["data"])


def test_a_title_is_generated_after_the_first_reply_only(client: TestClient, user: Account) -> None:
    from app.chat.bindings import TITLE_DEFAULT
    from app.chat.stream import derive_title

    conversation = create_ticket(client, user)
    assert conversation["subject"] == TITLE_DEFAULT
    url = f"{CONVERSATIONS_URL}/{conversation['id']}"
    first = "Plan a weekend in Lisbon with good food and museums"
    expected = derive_title(first)[:160]
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], first)
        reply(ws)
        announced = title_update(ws, "subject", TITLE_DEFAULT)
        assert announced["subject"] == expected
        wait_until_idle()
        send(ws, conversation["id"], "And what about Porto?")
        reply(ws)
    wait_until_idle()
    assert client.get(url, headers=user.headers).json()["subject"] == expected


def test_a_renamed_conversation_is_never_retitled(client: TestClient, user: Account) -> None:
    from app.chat.bindings import TITLE_DEFAULT

    conversation = create_ticket(client, user)
    url = f"{CONVERSATIONS_URL}/{conversation['id']}"
    mine = "Mine"
    renamed = client.patch(url, json={"subject": mine}, headers=user.headers)
    assert renamed.status_code == 200, renamed.text
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "Plan a weekend in Lisbon")
        reply(ws)
    wait_until_idle()
    assert client.get(url, headers=user.headers).json()["subject"] == mine
    # Renamed back to the default after the first reply: still never retitled.
    back = client.patch(url, json={"subject": TITLE_DEFAULT}, headers=user.headers)
    assert back.status_code == 200, back.text
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "And Porto?")
        reply(ws)
    wait_until_idle()
    assert client.get(url, headers=user.headers).json()["subject"] == TITLE_DEFAULT
