"""The provider interface: Usage classes, errors, the retry policy, images, mock, registry."""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import subprocess
import sys
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

import pytest

from app.chat.providers.base import (
    ChatTurn,
    Completion,
    CompletionRequest,
    Delta,
    Image,
    ProviderConfig,
    ProviderError,
    StreamEvent,
    Usage,
    backoff_delay,
    check_images,
    estimate_tokens,
    estimate_usage,
    parse_retry_after,
    retrying,
    status_error,
)
from app.chat.providers.mock import MockProvider, mock_reply

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PNG = Image("image/png", b"\x89PNG\r\n\x1a\n")


def test_usage_sums_its_five_classes() -> None:
    usage = Usage(
        input_tokens=1,
        cache_read_tokens=2,
        cache_write_tokens=4,
        output_tokens=8,
        reasoning_tokens=16,
    )
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (7, 24, 31)
    assert Usage(input_tokens=3).total_tokens == 3  # None counts as 0
    assert not usage.estimated


@pytest.mark.parametrize(
    ("text", "tokens"), [("", 0), ("abc", 1), ("abcd", 1), ("abcde", 2), ("\u00e9\u00e9\u00e9", 2)]
)
def test_estimate_tokens_is_utf8_bytes_over_4_rounded_up(text: str, tokens: int) -> None:
    assert estimate_tokens(text) == tokens


def test_estimate_usage_flags_the_estimate() -> None:
    prompt = [ChatTurn("system", "abcde"), ChatTurn("user", "abc")]
    assert estimate_usage(prompt, "\u00e9\u00e9\u00e9") == Usage(
        input_tokens=3, output_tokens=2, estimated=True
    )


def test_provider_error_codes_and_retryability() -> None:
    assert ProviderError("rate_limited", "x", retry_after=2).retryable
    assert ProviderError("provider_error", "x").retryable
    assert not ProviderError("timeout", "x").retryable
    assert ProviderError("timeout", "x", retryable=True).retryable
    assert not ProviderError("auth", "x").retryable
    error = ProviderError("bad_request", "shown to users")
    assert (error.code, error.message, str(error), error.retry_after) == (
        "bad_request",
        "shown to users",
        "shown to users",
        None,
    )
    with pytest.raises(ValueError, match="unknown provider error code"):
        ProviderError("nope", "x")


@pytest.mark.parametrize(
    ("status", "code", "retryable"),
    [
        (401, "auth", False),
        (403, "auth", False),
        (429, "rate_limited", True),
        (408, "timeout", True),
        (500, "provider_error", True),
        (503, "provider_error", True),
        (529, "provider_error", True),
        (400, "bad_request", False),
        (404, "bad_request", False),
        (422, "bad_request", False),
    ],
)
def test_status_errors(status: int, code: str, retryable: bool) -> None:
    error = status_error("Acme", status, retry_after=3.0, detail="some_error")
    assert (error.code, error.retryable) == (code, retryable)
    assert error.message.endswith(f"(HTTP {status}, some_error)")


def test_parse_retry_after() -> None:
    assert parse_retry_after(None) is None
    assert parse_retry_after({}) is None
    assert parse_retry_after({"Retry-After": "2"}) == 2.0
    assert parse_retry_after({"retry-after": "1.5"}) == 1.5
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert parse_retry_after({"retry-after": "soon"}) is None
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=120)
    seconds = parse_retry_after({"retry-after": email.utils.format_datetime(later, usegmt=True)})
    assert seconds is not None and 100 < seconds <= 120
    past = email.utils.format_datetime(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC), True)
    assert parse_retry_after({"retry-after": past}) == 0.0


def test_backoff_doubles_from_half_a_second_and_honours_retry_after_capped() -> None:
    assert [backoff_delay(n, None) for n in range(4)] == [0.5, 1.0, 2.0, 4.0]
    assert backoff_delay(10, None) == 30.0
    assert backoff_delay(0, 7.0) == 7.0
    assert backoff_delay(0, 3600.0) == 30.0
    assert backoff_delay(0, 3600.0, cap=5.0) == 5.0


def scripted(*outcomes: list[StreamEvent] | tuple[list[StreamEvent], ProviderError]) -> Any:
    """An attempt factory: each call plays the next outcome (events, then maybe an error)."""
    calls: list[int] = []

    def attempt() -> AsyncGenerator[StreamEvent, None]:
        outcome = outcomes[len(calls)]
        calls.append(1)

        async def run() -> AsyncGenerator[StreamEvent, None]:
            events, error = outcome if isinstance(outcome, tuple) else (outcome, None)
            for event in events:
                yield event
            if error is not None:
                raise error

        return run()

    attempt.calls = calls  # type: ignore[attr-defined]
    return attempt


def drain(attempt: Any, max_retries: int) -> tuple[list[StreamEvent], list[float], Any]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    events: list[StreamEvent] = []

    async def run() -> None:
        async for event in retrying(attempt, max_retries=max_retries, sleep=sleep):
            events.append(event)

    try:
        asyncio.run(run())
    except ProviderError as err:
        return events, slept, err
    return events, slept, None


DONE = Completion(Usage(input_tokens=1, output_tokens=1), "stop")


def test_retrying_retries_before_the_first_delta_with_backoff() -> None:
    attempt = scripted(
        ([], ProviderError("provider_error", "500")),
        ([], ProviderError("rate_limited", "429", retry_after=4.0)),
        [Delta("ok"), DONE],
    )
    events, slept, error = drain(attempt, max_retries=2)
    assert error is None and events == [Delta("ok"), DONE]
    assert slept == [0.5, 4.0]
    assert len(attempt.calls) == 3


def test_retrying_gives_up_after_max_retries() -> None:
    attempt = scripted(*[([], ProviderError("provider_error", f"#{n}")) for n in range(3)])
    _, slept, error = drain(attempt, max_retries=2)
    assert error is not None and error.message == "#2"
    assert slept == [0.5, 1.0]


def test_retrying_never_retries_after_the_first_delta() -> None:
    attempt = scripted(([Delta("partial")], ProviderError("provider_error", "mid-stream")), [DONE])
    events, slept, error = drain(attempt, max_retries=2)
    assert events == [Delta("partial")]
    assert error is not None and error.message == "mid-stream"
    assert slept == [] and len(attempt.calls) == 1


@pytest.mark.parametrize("code", ["auth", "bad_request", "timeout", "interrupted"])
def test_retrying_does_not_retry_other_errors(code: str) -> None:
    attempt = scripted(([], ProviderError(code, "no")), [DONE])
    _, slept, error = drain(attempt, max_retries=2)
    assert error is not None and error.code == code and slept == []


def test_check_images() -> None:
    request = CompletionRequest("vision", (ChatTurn("user", "look", (PNG,)),))
    check_images(MockProvider("m", 0), request)  # accepts any model
    check_images(MockProvider("m", 0, image_models=frozenset({"vision"})), request)
    check_images(MockProvider("m", 0, accepts_images=False), CompletionRequest("x", ()))
    for provider in (
        MockProvider("m", 0, accepts_images=False),
        MockProvider("m", 0, image_models=frozenset({"other"})),
    ):
        with pytest.raises(ProviderError) as caught:
            check_images(provider, request)
        assert caught.value.code == "unsupported_input"
        assert "does not accept images" in caught.value.message
    svg = CompletionRequest("vision", (ChatTurn("user", "x", (Image("image/svg+xml", b"<"),)),))
    with pytest.raises(ProviderError, match="not supported"):
        check_images(MockProvider("m", 0), svg)


def collect(provider: MockProvider, request: CompletionRequest) -> list[StreamEvent]:
    async def run() -> list[StreamEvent]:
        return [event async for event in provider.stream(request)]

    return asyncio.run(run())


REQUEST = CompletionRequest(
    model="mock-echo", messages=(ChatTurn("system", "Be kind."), ChatTurn("user", 'Hi "there"'))
)


def test_the_mock_is_deterministic_and_reports_exact_usage() -> None:
    events = collect(MockProvider("mock", 0), REQUEST)
    *deltas, end = events
    assert all(isinstance(event, Delta) for event in deltas)
    assert isinstance(end, Completion)
    text = "".join(event.text for event in deltas if isinstance(event, Delta))
    assert text == mock_reply(REQUEST)
    assert 'You said: "Hi "there""' in text
    assert "image" not in text
    assert end.finish_reason == "stop"
    assert end.usage == Usage(
        input_tokens=estimate_tokens("Be kind.") + estimate_tokens('Hi "there"'),
        output_tokens=len(deltas),
    )
    assert collect(MockProvider("mock", 0), REQUEST) == events


def test_the_mock_stops_at_max_tokens() -> None:
    request = CompletionRequest(model="m", messages=REQUEST.messages, max_tokens=3)
    *deltas, end = collect(MockProvider("mock", 0), request)
    assert len(deltas) == 3
    assert isinstance(end, Completion) and end.usage is not None
    assert end.finish_reason == "length"
    assert end.usage.output_tokens == 3


def test_the_mock_counts_images_and_refuses_them_when_told() -> None:
    request = CompletionRequest("m", (ChatTurn("user", "see", (PNG, PNG)),))
    assert "I was shown 2 images." in mock_reply(request)
    with pytest.raises(ProviderError) as caught:
        collect(MockProvider("mock", 0, accepts_images=False), request)
    assert caught.value.code == "unsupported_input"


def test_create_provider(fake_modules: dict[str, Any]) -> None:
    from app.chat.providers.anthropic import AnthropicProvider
    from app.chat.providers.gemini import GeminiProvider
    from app.chat.providers.openai import OpenAIProvider
    from app.chat.providers.registry import create_provider

    config = ProviderConfig(api_key="k", base_url="http://127.0.0.1:9", max_retries=1)
    mock = create_provider("m", "mock", ProviderConfig(), delay_ms=5)
    assert isinstance(mock, MockProvider) and mock.delay_ms == 5
    for kind, cls in (
        ("openai", OpenAIProvider),
        ("anthropic", AnthropicProvider),
        ("gemini", GeminiProvider),
    ):
        provider = create_provider("p", kind, config, image_models=frozenset({"v"}))
        assert isinstance(provider, cls)
        assert provider.config == config and provider.name == "p"
        assert provider.accepts_images and provider.image_models == {"v"}
        assert not create_provider("p", kind, config, image_models=frozenset()).accepts_images
    for kind, bad, text in (
        ("bogus", config, "unknown kind 'bogus'"),
        ("openai", ProviderConfig(), "API key is not set"),
    ):
        with pytest.raises(ProviderError, match=text) as caught:
            create_provider("p", kind, bad)
        assert caught.value.code == "unavailable"


def test_a_missing_adapter_or_sdk_is_unavailable(
    fake_modules: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat.providers import registry

    monkeypatch.setitem(registry.ADAPTERS, "openai", ("app.chat.providers.absent", "X"))
    with pytest.raises(ProviderError, match="needs the openai SDK") as caught:
        registry.create_provider("o", "openai", ProviderConfig(api_key="k"))
    assert caught.value.code == "unavailable"


def test_get_provider_reads_catalogue_and_settings(fake_modules: dict[str, Any]) -> None:
    from app.chat.pricing import ModelInfo
    from app.chat.providers.openai import OpenAIProvider
    from app.chat.providers.registry import get_provider

    catalog, settings = fake_modules["catalog"], fake_modules["config"].settings
    catalog.MODELS = {
        ("openai", "gpt-vision"): ModelInfo(prices=(), accepts_images=True),
        ("openai", "gpt-text"): ModelInfo(prices=()),
        ("mock", "mock-echo"): ModelInfo(prices=()),
    }
    configs = {"openai": ProviderConfig(api_key="sk-test"), "mock": ProviderConfig()}
    settings.provider_config = configs.__getitem__
    settings.mock_delay_ms = 7
    mock = get_provider("mock")
    assert isinstance(mock, MockProvider) and mock.delay_ms == 7
    assert not mock.accepts_images  # no mock model takes images in this catalogue
    openai = get_provider("openai")
    assert isinstance(openai, OpenAIProvider) and openai.config.api_key == "sk-test"
    assert openai.image_models == {"gpt-vision"}
    with pytest.raises(ProviderError, match="unknown provider 'nope'") as caught:
        get_provider("nope")
    assert caught.value.code == "unavailable"
    configs["openai"] = ProviderConfig()
    with pytest.raises(ProviderError, match="not configured"):
        get_provider("openai")


def test_the_registry_imports_no_sdk_until_a_provider_of_its_kind_is_made() -> None:
    code = """
import sys
from app.chat.providers.base import ProviderConfig
from app.chat.providers.registry import create_provider
create_provider("mock", "mock", ProviderConfig())
assert not {"openai", "anthropic", "google.genai"} & set(sys.modules), sorted(sys.modules)
create_provider("o", "openai", ProviderConfig(api_key="k"))
assert "openai" in sys.modules and "anthropic" not in sys.modules
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=TEMPLATES,
        capture_output=True,
        text=True,
        env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": ""},
        check=False,
    )
    assert result.returncode == 0, result.stderr
