"""Each adapter driven through its official SDK against a fake server on 127.0.0.1.

The fakes (``templates/tests/provider_fakes.py``, copied into generated projects) speak
each provider's streaming wire format; these tests check text, the five usage classes,
errors, retries (only before the first delta), timeouts and the request's own form.
"""

from __future__ import annotations

import asyncio
import base64
import importlib.util
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from app.chat.providers.base import (
    ChatTurn,
    Completion,
    CompletionRequest,
    Delta,
    Image,
    Provider,
    ProviderConfig,
    ProviderError,
    StreamEvent,
    Usage,
)
from app.chat.providers.registry import create_provider

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
KINDS = ("openai", "anthropic", "gemini")
KEY = "sk-secret-key-1234"
PNG = Image("image/png", b"\x89PNG\r\n\x1a\nfake")


def load_fakes() -> ModuleType:
    """``templates/tests/provider_fakes.py`` (a generated project imports it as
    ``tests.provider_fakes``; here ``tests`` is ssot-gen's own package)."""
    if "provider_fakes" in sys.modules:
        return sys.modules["provider_fakes"]
    path = TEMPLATES / "tests" / "provider_fakes.py"
    spec = importlib.util.spec_from_file_location("provider_fakes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["provider_fakes"] = module
    spec.loader.exec_module(module)
    return module


pf = load_fakes()


@pytest.fixture(params=KINDS)
def fake(request: pytest.FixtureRequest) -> Iterator[Any]:
    with pf.FakeProvider(request.param) as server:
        yield server


@dataclass
class Outcome:
    events: list[StreamEvent] = field(default_factory=list)
    error: ProviderError | None = None
    slept: list[float] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(e.text for e in self.events if isinstance(e, Delta))

    @property
    def completion(self) -> Completion:
        end = self.events[-1]
        assert isinstance(end, Completion), self.events
        return end


def provider_for(fake: Any, **config: Any) -> Provider:
    settings: dict[str, Any] = {"api_key": KEY, "base_url": fake.base_url, "idle_timeout": 5.0}
    settings.update(config)
    return create_provider(fake.kind, fake.kind, ProviderConfig(**settings))


def run(provider: Provider, request: CompletionRequest | None = None) -> Outcome:
    outcome = Outcome()

    async def sleep(seconds: float) -> None:
        outcome.slept.append(seconds)

    provider.sleep = sleep  # type: ignore[attr-defined]

    async def consume() -> None:
        async for event in provider.stream(request or simple("gpt-test")):
            outcome.events.append(event)

    try:
        asyncio.run(consume())
    except ProviderError as err:
        outcome.error = err
    return outcome


def simple(model: str, text: str = "Hi") -> CompletionRequest:
    return CompletionRequest(model=model, messages=(ChatTurn("user", text),))


def test_streamed_text_is_exact_and_usage_classes_roundtrip(fake: Any) -> None:
    tokens = pf.Tokens(
        input=11,
        cache_read=1000,
        cache_write=0 if fake.kind == "gemini" else 300,
        output=42,
        reasoning=17,
    )
    fake.script(pf.ok(["Hel", "lo, ", "wörld 🌍", "!"], tokens, thinking="Let me think."))
    outcome = run(provider_for(fake))
    assert outcome.error is None
    assert outcome.text == "Hello, wörld 🌍!"  # thinking is not reply text
    assert [type(e) for e in outcome.events] == [Delta] * 4 + [Completion]
    assert outcome.completion.finish_reason == "stop"
    assert outcome.completion.usage == Usage(
        input_tokens=11,
        cache_read_tokens=1000,
        cache_write_tokens=None if fake.kind == "gemini" else 300,
        output_tokens=42,
        reasoning_tokens=17,
    )


# The providers' own usage objects, as their API references show them; the expected classes
# follow each provider's rules (see the adapters' docstrings).
RAW_USAGE: dict[str, tuple[dict[str, Any], Usage]] = {
    "openai": (
        {
            "prompt_tokens": 1200,
            "completion_tokens": 300,
            "total_tokens": 1500,
            "prompt_tokens_details": {"cached_tokens": 1000, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 120,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        # prompt includes cached; completion includes reasoning
        Usage(input_tokens=200, cache_read_tokens=1000, output_tokens=180, reasoning_tokens=120),
    ),
    "anthropic": (
        {
            "input_tokens": 50,
            "cache_creation_input_tokens": 200,
            "cache_read_input_tokens": 1000,
            "output_tokens": 300,
            "output_tokens_details": {"thinking_tokens": 120},
        },
        # input excludes cache reads and writes; output_tokens includes thinking
        Usage(
            input_tokens=50,
            cache_read_tokens=1000,
            cache_write_tokens=200,
            output_tokens=180,
            reasoning_tokens=120,
        ),
    ),
    "gemini": (
        {
            "promptTokenCount": 1200,
            "cachedContentTokenCount": 1000,
            "candidatesTokenCount": 180,
            "thoughtsTokenCount": 120,
            "totalTokenCount": 1500,
        },
        # prompt includes cached; thoughts are apart from candidates
        Usage(input_tokens=200, cache_read_tokens=1000, output_tokens=180, reasoning_tokens=120),
    ),
}


def test_usage_in_the_providers_own_fields(fake: Any) -> None:
    raw, expected = RAW_USAGE[fake.kind]
    fake.script(pf.ok(["a", "b", "c"], raw))
    outcome = run(provider_for(fake))
    assert outcome.text == "abc"
    # Anthropic sends this usage in message_start and in message_delta, Gemini partial
    # usage in every chunk: the last value is kept, never summed
    assert outcome.completion.usage == expected


def test_anthropic_output_without_thinking_details_is_all_output() -> None:
    with pf.FakeProvider("anthropic") as fake:
        fake.script(pf.ok(["x"], {"input_tokens": 5, "output_tokens": 9}))
        usage = run(provider_for(fake)).completion.usage
    assert usage == Usage(input_tokens=5, output_tokens=9)


def test_openai_compatible_server_without_details() -> None:
    with pf.FakeProvider("openai") as fake:
        raw = {"prompt_tokens": 30, "completion_tokens": 12, "total_tokens": 42}
        fake.script(pf.ok(["x"], raw))
        usage = run(provider_for(fake)).completion.usage
    assert usage == Usage(input_tokens=30, output_tokens=12)  # cache/reasoning not reported


def test_no_usage_gives_none(fake: Any) -> None:
    fake.script(pf.no_usage(["no ", "usage"]))
    outcome = run(provider_for(fake))
    assert outcome.text == "no usage"
    assert outcome.completion.usage is None
    assert outcome.completion.finish_reason == "stop"


def test_an_error_event_mid_stream_keeps_the_text_and_is_not_retried(fake: Any) -> None:
    fake.script(pf.error_mid_stream(["partial ", "text"]))
    outcome = run(provider_for(fake, max_retries=2))
    assert outcome.text == "partial text"
    assert outcome.error is not None and outcome.error.code == "provider_error"
    free_text = ("The server had an error.", "Overloaded", "The model is overloaded.")
    assert not any(words in outcome.error.message for words in free_text)  # bodies stay out
    assert len(fake.requests) == 1 and outcome.slept == []


def test_a_stream_cut_before_its_finish_is_interrupted(fake: Any) -> None:
    fake.script(pf.cut(["half"]))
    outcome = run(provider_for(fake))
    assert outcome.text == "half"
    assert outcome.error is not None and outcome.error.code == "interrupted"
    assert len(fake.requests) == 1


def test_a_refused_key_is_auth_and_never_shown(fake: Any) -> None:
    fake.script(pf.status(401))
    outcome = run(provider_for(fake))
    assert outcome.error is not None and outcome.error.code == "auth"
    assert "401" in outcome.error.message
    assert KEY not in outcome.error.message and "Fake" not in outcome.error.message
    assert len(fake.requests) == 1 and outcome.slept == []


@pytest.mark.parametrize(("status", "code"), [(400, "bad_request"), (404, "bad_request")])
def test_client_errors_are_not_retried(fake: Any, status: int, code: str) -> None:
    fake.script(pf.status(status))
    outcome = run(provider_for(fake))
    assert outcome.error is not None and outcome.error.code == code
    assert len(fake.requests) == 1


def test_429_is_retried_after_the_providers_retry_after(fake: Any) -> None:
    fake.script(pf.status(429, retry_after=1.5), pf.ok(["after ", "wait"]))
    outcome = run(provider_for(fake))
    assert outcome.error is None and outcome.text == "after wait"
    assert outcome.slept == [1.5]  # Gemini: from its RetryInfo, the others: retry-after
    assert len(fake.requests) == 2


def test_5xx_before_the_first_delta_is_retried_with_backoff(fake: Any) -> None:
    fake.script(pf.status(500), pf.status(503), pf.ok(["third ", "time"]))
    outcome = run(provider_for(fake, max_retries=2))
    assert outcome.text == "third time"
    assert outcome.slept == [0.5, 1.0]
    assert len(fake.requests) == 3


def test_retries_stop_at_max_retries(fake: Any) -> None:
    fake.script(pf.status(500), pf.status(500), pf.status(429, retry_after=2))
    outcome = run(provider_for(fake, max_retries=2))
    assert outcome.error is not None and outcome.error.code == "rate_limited"
    assert outcome.error.retry_after == 2.0
    assert len(fake.requests) == 3 and outcome.slept == [0.5, 1.0]


def test_a_stall_after_text_is_an_idle_timeout_and_not_retried(fake: Any) -> None:
    fake.script(pf.stall(30, ["before "]), pf.ok(["never"]))
    outcome = run(provider_for(fake, idle_timeout=1.0, connect_timeout=2.0))
    assert outcome.text == "before "
    assert outcome.error is not None and outcome.error.code == "timeout"
    assert len(fake.requests) == 1


def test_a_stall_before_any_text_is_a_timeout(fake: Any) -> None:
    fake.script(pf.stall(30), pf.ok(["never"]))
    outcome = run(provider_for(fake, idle_timeout=1.0, connect_timeout=2.0))
    assert outcome.events == []
    assert outcome.error is not None and outcome.error.code == "timeout"
    assert len(fake.requests) == 1  # an idle timeout is not retried


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("kind", KINDS)
def test_no_server_is_a_retried_provider_error(kind: str) -> None:
    base = f"http://127.0.0.1:{closed_port()}" + ("/v1" if kind == "openai" else "")
    config = ProviderConfig(api_key=KEY, base_url=base, max_retries=1)
    outcome = run(create_provider(kind, kind, config))
    assert outcome.error is not None and outcome.error.code == "provider_error"
    assert outcome.slept == [0.5]


def test_images_are_refused_before_any_request(fake: Any) -> None:
    request = CompletionRequest("text-only", (ChatTurn("user", "see", (PNG,)),))
    config = ProviderConfig(api_key=KEY, base_url=fake.base_url)
    for image_models in (frozenset(), frozenset({"vision"})):
        provider = create_provider(fake.kind, fake.kind, config, image_models=image_models)
        outcome = run(provider, request)
        assert outcome.error is not None and outcome.error.code == "unsupported_input"
    assert fake.requests == []


FULL = CompletionRequest(
    model="model-x",
    messages=(
        ChatTurn("system", "Be brief."),
        ChatTurn("user", "First"),
        ChatTurn("assistant", "Answer"),
        ChatTurn("user", "What is this?", (PNG,)),
    ),
    temperature=0.25,
    max_tokens=321,
)
B64 = base64.b64encode(PNG.data).decode()
OPTIONS = {
    "openai": {"reasoning_effort": "low"},
    "anthropic": {"thinking": {"type": "adaptive"}},
    "gemini": {"thinking_config": {"thinking_budget": 64}},
}


def camel(value: Any) -> Any:
    """``value`` with camelCase keys: google-genai 3.x sends some nested objects (``Blob``,
    ``ThinkingConfig``) with their proto field names (``mime_type``), which the API's JSON
    parser accepts like the camelCase ones."""
    if isinstance(value, dict):
        return {
            key.split("_")[0] + "".join(w.title() for w in key.split("_")[1:]): camel(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [camel(item) for item in value]
    return value


def test_the_request_arrives_in_the_providers_own_form(fake: Any) -> None:
    request = CompletionRequest(**{**FULL.__dict__, "options": OPTIONS[fake.kind]})
    outcome = run(provider_for(fake), request)
    assert outcome.error is None
    (received,) = fake.requests
    body, headers = received.json, received.headers
    if fake.kind == "openai":
        assert received.path == "/v1/chat/completions"
        assert headers["authorization"] == f"Bearer {KEY}"
        assert body["model"] == "model-x" and body["stream"] is True
        assert body["stream_options"] == {"include_usage": True}
        assert body["temperature"] == 0.25 and body["max_completion_tokens"] == 321
        assert body["reasoning_effort"] == "low"
        assert body["messages"] == [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "First"},
            {"role": "assistant", "content": "Answer"},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is this?"},
                    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{B64}"}},
                ],
            },
        ]
    elif fake.kind == "anthropic":
        assert received.path == "/v1/messages"
        assert headers["authorization"] == f"Bearer {KEY}"  # anthropic 2.x (was x-api-key)
        assert headers["anthropic-version"]
        assert body["model"] == "model-x" and body["stream"] is True
        assert body["system"] == "Be brief." and body["max_tokens"] == 321
        assert "temperature" not in body  # not a Messages API parameter (anthropic 2.x)
        assert body["thinking"] == {"type": "adaptive"}
        assert body["messages"] == [
            {"role": "user", "content": "First"},
            {"role": "assistant", "content": "Answer"},
            {
                "role": "user",
                "content": [
                    {
                        "type": "image",
                        "source": {"type": "base64", "media_type": "image/png", "data": B64},
                    },
                    {"type": "text", "text": "What is this?"},
                ],
            },
        ]
    else:
        assert received.path == "/v1/models/model-x:streamGenerateContent"
        assert received.query == {"alt": "sse"}
        assert headers["x-goog-api-key"] == KEY
        assert body["systemInstruction"]["parts"] == [{"text": "Be brief."}]
        config = body["generationConfig"]
        assert (config["temperature"], config["maxOutputTokens"]) == (0.25, 321)
        assert camel(config["thinkingConfig"]) == {"thinkingBudget": 64}
        assert camel(body["contents"]) == [
            {"role": "user", "parts": [{"text": "First"}]},
            {"role": "model", "parts": [{"text": "Answer"}]},
            {
                "role": "user",
                "parts": [
                    {"inlineData": {"mimeType": "image/png", "data": B64}},
                    {"text": "What is this?"},
                ],
            },
        ]


def test_anthropic_max_tokens_defaults_when_the_request_has_none() -> None:
    with pf.FakeProvider("anthropic") as fake:
        run(provider_for(fake), simple("claude-x"))
        assert fake.requests[0].json["max_tokens"] == 4096


def test_gemini_unknown_options_are_a_bad_request_before_any_request() -> None:
    with pf.FakeProvider("gemini") as fake:
        request = CompletionRequest("g", simple("g").messages, options={"no_such_field": 1})
        outcome = run(provider_for(fake), request)
        assert outcome.error is not None and outcome.error.code == "bad_request"
        assert fake.requests == []


def test_the_fake_answers_unknown_paths_with_404() -> None:
    with pf.FakeProvider("openai") as fake:
        config = ProviderConfig(api_key=KEY, base_url=fake.url)  # no /v1: wrong endpoint
        outcome = run(create_provider("openai", "openai", config))
        assert outcome.error is not None and outcome.error.code == "bad_request"
        assert fake.requests[0].path == "/chat/completions"


def raw_events(fake: Any, path: str, body: dict[str, Any]) -> list[tuple[str | None, str]]:
    """POST ``body`` to the fake with a plain HTTP client: its SSE events as (event, data)."""
    import httpx

    response = httpx.post(f"{fake.url}{path}", json=body, timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/event-stream"
    events: list[tuple[str | None, str]] = []
    for block in response.text.split("\n\n"):
        lines = [line for line in block.splitlines() if line]
        if not lines:
            continue
        name = next((line[7:] for line in lines if line.startswith("event: ")), None)
        data = "\n".join(line[6:] for line in lines if line.startswith("data: "))
        events.append((name, data))
    return events


SCENARIOS = {
    "ok": lambda: pf.ok(["a", "b"], pf.Tokens(1, 2, 3, 4, 5), thinking="hm"),
    "no_usage": lambda: pf.no_usage(["a"]),
    "error": lambda: pf.error_mid_stream(["a"]),
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_the_fakes_events_validate_against_the_sdk_types(fake: Any, scenario: str) -> None:
    import json

    import pydantic

    fake.script(SCENARIOS[scenario]())
    if fake.kind == "openai":
        from openai.types.chat import ChatCompletionChunk

        body = {"model": "m", "messages": [], "stream": True}
        events = raw_events(
            fake, "/v1/chat/completions", body | {"stream_options": {"include_usage": True}}
        )
        assert events[-1] == (None, "[DONE]") or scenario == "error"
        for _, data in events:
            if data == "[DONE]":
                continue
            parsed = json.loads(data)
            if "error" in parsed:
                assert set(parsed["error"]) == {"message", "type", "param", "code"}
                continue
            ChatCompletionChunk.model_validate(parsed)
    elif fake.kind == "anthropic":
        from anthropic.types import RawMessageStreamEvent

        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(RawMessageStreamEvent)
        events = raw_events(fake, "/v1/messages", {"model": "m", "messages": [], "max_tokens": 9})
        names = [name for name, _ in events]
        assert names[0] == "message_start"
        assert names[-1] == ("error" if scenario == "error" else "message_stop")
        for name, data in events:
            parsed = json.loads(data)
            assert parsed["type"] == name
            if name in ("ping", "error"):
                continue
            if scenario == "no_usage" and name in ("message_start", "message_delta"):
                continue  # deliberately without the usage the SDK type requires
            adapter.validate_python(parsed)
    else:
        from google.genai import types

        events = raw_events(fake, "/v1beta/models/m:streamGenerateContent?alt=sse", {})
        for name, data in events:
            assert name is None
            parsed = json.loads(data)
            if "error" in parsed:
                assert {"code", "message", "status"} <= set(parsed["error"])
                continue
            types.GenerateContentResponse.model_validate(parsed)  # extra="forbid": exact keys
