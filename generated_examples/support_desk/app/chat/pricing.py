"""The cost of a reply from list prices in USD per 1 million tokens, exact (``Decimal``)."""

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


def cost(price: Price | None, usage: Usage) -> Decimal | None:
    """The exact USD cost of ``usage`` at ``price``; None for an unknown price (no guess)."""
    if price is None:
        return None
    return (usage.prompt_tokens * price.input + usage.completion_tokens * price.output) / PER_TOKENS


def quantize(amount: Decimal, scale: int) -> Decimal:
    """``amount`` rounded half-even to ``scale`` decimal places (a column's scale)."""
    return amount.quantize(Decimal(1).scaleb(-scale))
