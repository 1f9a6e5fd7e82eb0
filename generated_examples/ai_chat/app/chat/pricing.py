"""The cost of a reply from list prices in USD per 1 million tokens, exact (``Decimal``).

Prices are data from the schema (``app.chat.catalog.MODELS``), per model and per usage
class, optionally with ``since`` dates so that a price change applies from its date.
cost = sum over the five usage classes of tokens x price / 1e6, with no rounding; round
only to store (``quantize``, half-even, to the column's scale).
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.chat.providers.base import Usage

PER_TOKENS = Decimal(1_000_000)


@dataclass(frozen=True)
class Price:
    """List prices in USD per 1M tokens, from the date ``since`` (None: always).

    ``cached_input`` (cache reads) and ``cache_write`` are billed at ``input`` when None;
    ``reasoning`` at ``output`` when None (as OpenAI, Anthropic and Gemini bill reasoning).
    """

    input: Decimal
    output: Decimal
    cached_input: Decimal | None = None
    cache_write: Decimal | None = None
    reasoning: Decimal | None = None
    since: datetime.date | None = None


@dataclass(frozen=True)
class ModelInfo:
    """What the schema says about one model: ``prices`` sorted by ``since`` (None first),
    ``context_window`` in tokens, whether it takes images, and its provider ``options``
    (passed through verbatim to the provider)."""

    prices: tuple[Price, ...]
    context_window: int | None = None
    accepts_images: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)


def price_on(info: ModelInfo | None, day: datetime.date) -> Price | None:
    """The price in force on ``day``: the latest ``since`` on or before it (a price without
    ``since`` applies from the start). None for an unknown model, one without prices, or a
    day before its first price."""
    if info is None:
        return None
    current: Price | None = None
    for price in info.prices:
        if price.since is None or price.since <= day:
            if current is None or (current.since or datetime.date.min) <= (
                price.since or datetime.date.min
            ):
                current = price
    return current


def cost(price: Price | None, usage: Usage) -> Decimal | None:
    """The exact USD cost of ``usage`` at ``price``: each of the five classes times its
    price, over 1e6 (None tokens count as 0). None for an unknown price (no guess)."""
    if price is None:
        return None
    total = (
        (usage.input_tokens or 0) * price.input
        + (usage.cache_read_tokens or 0) * _or(price.cached_input, price.input)
        + (usage.cache_write_tokens or 0) * _or(price.cache_write, price.input)
        + (usage.output_tokens or 0) * price.output
        + (usage.reasoning_tokens or 0) * _or(price.reasoning, price.output)
    )
    return total / PER_TOKENS


def _or(value: Decimal | None, default: Decimal) -> Decimal:
    return default if value is None else value


def quantize(amount: Decimal, scale: int) -> Decimal:
    """``amount`` rounded half-even to ``scale`` decimal places (a column's scale)."""
    return amount.quantize(Decimal(1).scaleb(-scale))
