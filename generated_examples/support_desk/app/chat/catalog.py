"""The schema's providers and model prices (USD per 1 million tokens), as data."""

from decimal import Decimal

from app.chat.pricing import Price

PROVIDER_KINDS: dict[str, str] = {
    "offline": "mock",
    "claude": "anthropic",
}

PRICES: dict[tuple[str, str], Price] = {
    ("offline", "scripted-draft"): Price(
        Decimal("0.05"),
        Decimal("0.25"),
        None,
        None,
    ),
    ("claude", "claude-haiku-4-5"): Price(
        Decimal("1.0"),
        Decimal("5.0"),
        Decimal("0.1"),
        200000,
    ),
    ("claude", "claude-sonnet-4-5"): Price(
        Decimal("3.0"),
        Decimal("15.0"),
        Decimal("0.3"),
        200000,
    ),
}
