"""Model prices from the schema, in USD per 1 million tokens, and the cost of a reply."""

from dataclasses import dataclass
from decimal import Decimal

from app.chat.providers.base import Usage

PER_TOKENS = Decimal(1_000_000)


@dataclass(frozen=True)
class Price:
    """List prices in USD per 1M tokens; ``context_window`` in tokens."""

    input: Decimal
    output: Decimal
    cached_input: Decimal | None = None
    context_window: int | None = None


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


def cost(provider: str, model: str, usage: Usage, scale: int) -> Decimal | None:
    """USD cost of ``usage``, exact, rounded to ``scale`` places; None for an unknown model."""
    price = PRICES.get((provider, model))
    if price is None:
        return None
    total = (
        usage.prompt_tokens * price.input + usage.completion_tokens * price.output
    ) / PER_TOKENS
    return total.quantize(Decimal(1).scaleb(-scale))
