"""Each real provider end to end: the app's websocket, the official SDK, and a fake server on
127.0.0.1 that speaks the provider's wire format (``tests/provider_fakes.py``). The provider's
base URL setting points at the fake; nothing here needs the internet."""

import datetime
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from tests.conftest import Account, conversation_payload
from tests.provider_fakes import (
    FakeProvider,
    Tokens,
    error_mid_stream,
    no_usage,
    ok,
    stall,
    status,
)

CONVERSATIONS_URL = "/api/conversations"
PROVIDERS = [
    pytest.param(
        {
            "name": "openai",
            "kind": "openai",
            "model": "gpt-4.1-mini",
            "key": "openai_api_key",
            "url": "openai_base_url",
        },
        id="openai",
    ),
    pytest.param(
        {
            "name": "anthropic",
            "kind": "anthropic",
            "model": "claude-sonnet-4-5",
            "key": "anthropic_api_key",
            "url": "anthropic_base_url",
        },
        id="anthropic",
    ),
    pytest.param(
        {
            "name": "gemini",
            "kind": "gemini",
            "model": "gemini-2.5-flash",
            "key": "gemini_api_key",
            "url": "gemini_base_url",
        },
        id="gemini",
    ),
]
SYSTEM_PROMPT = "Answer briefly."
USAGE_COLUMNS = {
    "prompt_tokens": "prompt_tokens",
    "completion_tokens": "completion_tokens",
    "total_tokens": "total_tokens",
    "input_tokens": "input_tokens",
    "output_tokens": "output_tokens",
    "cache_read_tokens": "cache_read_tokens",
    "cache_write_tokens": "cache_write_tokens",
    "reasoning_tokens": "reasoning_tokens",
}


@dataclass(frozen=True)
class Wire:
    """A real provider of the schema pointed at its fake server."""

    fake: FakeProvider
    name: str
    kind: str
    model: str


@pytest.fixture(params=PROVIDERS)
def wire(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Wire]:
    """The provider's fake server, with the provider configured to use it (API key and base
    URL settings; a short idle timeout for the stall)."""
    from app.core.config import settings

    provider = request.param
    with FakeProvider(provider["kind"]) as server:
        monkeypatch.setattr(settings, provider["key"], "test-key")
        monkeypatch.setattr(settings, provider["url"], server.base_url)
        monkeypatch.setattr(settings, "provider_idle_timeout_s", 1.0)
        yield Wire(server, provider["name"], provider["kind"], provider["model"])
        wait_until_idle()  # a title being written still talks to the server


def wait_until_idle() -> None:
    """Wait until no reply streams and no title is being written (polls; never timed)."""
    from app.chat import service

    for _ in range(6000):
        if service.idle():
            return
        time.sleep(0.005)
    raise AssertionError("the chat never became idle")


def conversation_with(client: TestClient, user: Account, wire: Wire) -> dict[str, Any]:
    """A conversation of ``user`` on the wire's provider and model."""
    payload = {
        **conversation_payload(client, user),
        "provider": wire.name,
        "model": wire.model,
    }
    payload["title"] = "Wire test"  # titled: no title request reaches the fake
    payload["system_prompt"] = SYSTEM_PROMPT
    response = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def ask(
    client: TestClient, user: Account, conversation: dict[str, Any], content: str
) -> dict[str, Any]:
    """Send ``content`` over the websocket; the final state of the reply."""
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], content)
        return final(ws)


def send(ws: WebSocketTestSession, conversation_id: str, content: str) -> None:
    ws.send_json(
        {"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}}
    )


def final(ws: WebSocketTestSession) -> dict[str, Any]:
    while True:
        frame = ws.receive_json()
        assert frame["type"] != "error", frame
        if frame["type"] == "message.updated" and frame["data"]["status"] != "streaming":
            return dict(frame["data"])


def expected_cost(provider: str, model: str, tokens: dict[str, int]) -> Decimal:
    """Σ tokens × the class's price (USD per 1M tokens) / 1e6, at today's price, exact."""
    from app.chat.catalog import MODELS
    from app.chat.pricing import price_on

    price = price_on(MODELS[(provider, model)], datetime.datetime.now(datetime.UTC).date())
    assert price is not None
    cached = price.cached_input if price.cached_input is not None else price.input
    write = price.cache_write if price.cache_write is not None else price.input
    reasoning = price.reasoning if price.reasoning is not None else price.output
    total = (
        tokens["input_tokens"] * price.input
        + tokens["cache_read_tokens"] * cached
        + tokens["cache_write_tokens"] * write
        + tokens["output_tokens"] * price.output
        + tokens["reasoning_tokens"] * reasoning
    )
    return total / 1_000_000


def model_options(wire: Wire) -> dict[str, Any]:
    """The schema's provider options of the wire's model."""
    from app.chat.catalog import MODELS

    return dict(MODELS[(wire.name, wire.model)].options)


def test_a_reply_streams_with_exact_usage_and_cost(
    client: TestClient, user: Account, wire: Wire
) -> None:
    cache_write = 0 if wire.kind == "gemini" else 2  # Gemini has no cache writes
    wire.fake.script(
        ok(
            ["Hel", "lo", ", wor", "ld"],
            usage=Tokens(input=11, output=5, cache_read=3, cache_write=cache_write, reasoning=4),
        )
    )
    conversation = conversation_with(client, user, wire)
    reply = ask(client, user, conversation, "Say hello")
    assert reply["status"] == "done", reply
    assert reply["content"] == "Hello, world"
    tokens = {
        "input_tokens": 11,
        "cache_read_tokens": 3,
        "cache_write_tokens": cache_write,
        "output_tokens": 5,
        "reasoning_tokens": 4,
    }
    for attr, column in USAGE_COLUMNS.items():
        if attr == "prompt_tokens":
            assert reply[column] == 11 + 3 + cache_write
        elif attr == "completion_tokens":
            assert reply[column] == 5 + 4
        elif attr == "total_tokens":
            assert reply[column] == 11 + 3 + cache_write + 5 + 4
        elif attr == "cache_write_tokens" and not cache_write:
            assert reply[column] in (None, 0)
        else:
            assert reply[column] == tokens[attr], attr
    assert reply["usage_estimated"] is False
    exact = expected_cost(wire.name, wire.model, tokens)
    assert Decimal(reply["cost"]) == exact.quantize(Decimal(1).scaleb(-10))
    sent = json.dumps(wire.fake.requests[0].json)
    assert "Say hello" in sent
    options = model_options(wire)
    if options and wire.kind in ("openai", "anthropic"):  # top-level request fields, verbatim
        body = wire.fake.requests[0].json
        assert body is not None
        assert {key: body.get(key) for key in options} == options
    assert SYSTEM_PROMPT in sent  # in the provider's own place for it
    body = wire.fake.requests[0].json
    assert body is not None
    if wire.kind == "anthropic":
        assert SYSTEM_PROMPT in json.dumps(body["system"])
    elif wire.kind == "gemini":
        assert SYSTEM_PROMPT in json.dumps(body["systemInstruction"])
    else:
        assert body["messages"][0]["content"] == SYSTEM_PROMPT


def test_missing_usage_is_estimated_and_flagged(
    client: TestClient, user: Account, wire: Wire
) -> None:
    from app.chat.providers.base import estimate_tokens

    wire.fake.script(no_usage(["Hi ", "there"]))
    conversation = conversation_with(client, user, wire)
    reply = ask(client, user, conversation, "Greet me")
    assert reply["status"] == "done", reply
    assert reply["content"] == "Hi there"
    assert reply["usage_estimated"] is True
    if "output_tokens" in USAGE_COLUMNS:
        assert reply[USAGE_COLUMNS["output_tokens"]] == estimate_tokens("Hi there")
    if "completion_tokens" in USAGE_COLUMNS:
        assert reply[USAGE_COLUMNS["completion_tokens"]] == estimate_tokens("Hi there")


def test_an_error_mid_stream_keeps_the_text(client: TestClient, user: Account, wire: Wire) -> None:
    wire.fake.script(error_mid_stream(["Partial ", "answer"]))
    conversation = conversation_with(client, user, wire)
    reply = ask(client, user, conversation, "Fail halfway")
    assert reply["status"] == "error", reply
    assert reply["content"] == "Partial answer"
    assert reply["error_code"] in ("provider_error", "rate_limited", "interrupted")
    assert reply["error"]
    assert "test-key" not in reply["error"]
    assert reply["usage_estimated"] is True
    assert len(wire.fake.requests) == 1  # never retried after the first delta


def test_a_bad_key_is_an_auth_error(client: TestClient, user: Account, wire: Wire) -> None:
    wire.fake.script(status(401))
    conversation = conversation_with(client, user, wire)
    reply = ask(client, user, conversation, "Who am I?")
    assert reply["status"] == "error", reply
    assert reply["content"] == ""
    assert reply["error_code"] == "auth"
    assert len(wire.fake.requests) == 1  # a bad key is not retried


@pytest.mark.parametrize(
    "refusal", [status(429, retry_after=0.01), status(500)], ids=["429", "500"]
)
def test_a_refusal_before_the_first_delta_is_retried(
    client: TestClient, user: Account, wire: Wire, refusal: Any
) -> None:
    wire.fake.script(refusal, ok(["Second ", "try"]))
    conversation = conversation_with(client, user, wire)
    reply = ask(client, user, conversation, "Again")
    assert reply["status"] == "done", reply
    assert reply["content"] == "Second try"
    assert len(wire.fake.requests) >= 2  # the refusal, the retry (then perhaps a title)


def test_a_stall_ends_in_an_idle_timeout(client: TestClient, user: Account, wire: Wire) -> None:
    wire.fake.script(stall(30, ["Slow "]))
    conversation = conversation_with(client, user, wire)
    reply = ask(client, user, conversation, "Take your time")
    assert reply["status"] == "error", reply
    assert reply["content"] == "Slow "
    assert reply["error_code"] == "timeout"


def test_the_provider_writes_the_title_once(client: TestClient, user: Account, wire: Wire) -> None:
    from app.chat.bindings import TITLE_DEFAULT

    wire.fake.script(ok(["Sure."]), ok(['"Weekend in Lisbon."']))
    payload = {
        **conversation_payload(client, user),
        "provider": wire.name,
        "model": wire.model,
    }
    created = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)
    assert created.status_code == 201, created.text
    conversation = created.json()
    assert conversation["title"] == TITLE_DEFAULT
    assert ask(client, user, conversation, "Plan a weekend in Lisbon")["content"] == "Sure."
    wait_until_idle()
    url = f"{CONVERSATIONS_URL}/{conversation['id']}"
    assert client.get(url, headers=user.headers).json()["title"] == "Weekend in Lisbon"[:200]
    assert len(wire.fake.requests) == 2
    assert "Plan a weekend in Lisbon" in json.dumps(wire.fake.requests[1].json)
    ask(client, user, conversation, "And Porto?")
    wait_until_idle()
    assert len(wire.fake.requests) == 3  # the second reply; no second title
    assert client.get(url, headers=user.headers).json()["title"] == "Weekend in Lisbon"[:200]
