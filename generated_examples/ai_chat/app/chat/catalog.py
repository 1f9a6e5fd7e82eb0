"""The schema's providers and model prices (USD per 1 million tokens), as data."""

from decimal import Decimal

from app.chat.pricing import Price

PROVIDER_KINDS: dict[str, str] = {
    "mock": "mock",
    "openai": "openai",
    "anthropic": "anthropic",
    "gemini": "gemini",
}

PRICES: dict[tuple[str, str], Price] = {
    ("mock", "mock-echo"): Price(
        Decimal("0.1"),
        Decimal("0.2"),
        None,
        None,
    ),
    ("openai", "gpt-4.1"): Price(
        Decimal("2.0"),
        Decimal("8.0"),
        Decimal("0.5"),
        1047576,
    ),
    ("openai", "gpt-4.1-mini"): Price(
        Decimal("0.4"),
        Decimal("1.6"),
        Decimal("0.1"),
        1047576,
    ),
    ("openai", "gpt-4o"): Price(
        Decimal("2.5"),
        Decimal("10.0"),
        Decimal("1.25"),
        128000,
    ),
    ("openai", "gpt-4o-mini"): Price(
        Decimal("0.15"),
        Decimal("0.6"),
        Decimal("0.075"),
        128000,
    ),
    ("anthropic", "claude-opus-4-1"): Price(
        Decimal("15.0"),
        Decimal("75.0"),
        Decimal("1.5"),
        200000,
    ),
    ("anthropic", "claude-sonnet-4-5"): Price(
        Decimal("3.0"),
        Decimal("15.0"),
        Decimal("0.3"),
        200000,
    ),
    ("anthropic", "claude-haiku-4-5"): Price(
        Decimal("1.0"),
        Decimal("5.0"),
        Decimal("0.1"),
        200000,
    ),
    ("gemini", "gemini-2.5-pro"): Price(
        Decimal("1.25"),
        Decimal("10.0"),
        Decimal("0.31"),
        1048576,
    ),
    ("gemini", "gemini-2.5-flash"): Price(
        Decimal("0.3"),
        Decimal("2.5"),
        Decimal("0.075"),
        1048576,
    ),
    ("gemini", "gemini-2.5-flash-lite"): Price(
        Decimal("0.1"),
        Decimal("0.4"),
        Decimal("0.025"),
        1048576,
    ),
}
