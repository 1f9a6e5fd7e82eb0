"""Pricing arithmetic (exact, Decimal), the token estimate, the mock provider, the registry."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from app.chat.pricing import Price, cost, quantize
from app.chat.providers.base import (
    ChatTurn,
    Completion,
    CompletionRequest,
    Delta,
    ProviderError,
    StreamEvent,
    Usage,
    estimate_tokens,
)
from app.chat.providers.mock import MockProvider, mock_reply


def test_cost_is_exact() -> None:
    price = Price(input=Decimal("0.10"), output=Decimal("0.20"))
    usage = Usage(prompt_tokens=3, completion_tokens=7)
    assert cost(price, usage) == Decimal("0.0000017")  # (3 x 0.10 + 7 x 0.20) / 1e6
    assert cost(None, usage) is None  # an unknown model has no cost, not a guess
    big = Usage(prompt_tokens=1_000_000, completion_tokens=2_000_000)
    assert cost(Price(Decimal("2.5"), Decimal("10")), big) == Decimal("22.5")


def test_quantize_rounds_half_even_to_the_column_scale() -> None:
    assert quantize(Decimal("0.0000017"), 6) == Decimal("0.000002")
    assert quantize(Decimal("0.0000025"), 6) == Decimal("0.000002")
    assert quantize(Decimal("0.0000017"), 10) == Decimal("0.0000017000")
    assert str(quantize(Decimal("1"), 2)) == "1.00"


def test_usage_total() -> None:
    assert Usage(2, 3).total_tokens == 5
    assert not Usage(2, 3).estimated


@pytest.mark.parametrize(
    ("text", "tokens"), [("", 0), ("abc", 1), ("abcd", 1), ("abcde", 2), ("\u00e9\u00e9\u00e9", 2)]
)
def test_estimate_tokens_is_utf8_bytes_over_4_rounded_up(text: str, tokens: int) -> None:
    assert estimate_tokens(text) == tokens


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
    assert end.finish_reason == "stop"
    assert end.usage.completion_tokens == len(deltas)
    assert end.usage.prompt_tokens == estimate_tokens("Be kind.") + estimate_tokens('Hi "there"')
    assert collect(MockProvider("mock", 0), REQUEST) == events


def test_the_mock_stops_at_max_tokens() -> None:
    request = CompletionRequest(model="m", messages=REQUEST.messages, max_tokens=3)
    *deltas, end = collect(MockProvider("mock", 0), request)
    assert len(deltas) == 3
    assert isinstance(end, Completion)
    assert end.finish_reason == "length"
    assert end.usage.completion_tokens == 3


def test_the_registry_knows_the_schema_providers(fake_modules: dict[str, Any]) -> None:
    from app.chat.providers.registry import get_provider

    fake_modules["config"].settings.mock_delay_ms = 7
    provider = get_provider("mock")
    assert isinstance(provider, MockProvider)
    assert provider.delay_ms == 7
    with pytest.raises(ProviderError, match="unknown provider 'nope'"):
        get_provider("nope")
    with pytest.raises(ProviderError, match="no streaming adapter"):
        get_provider("openai")
