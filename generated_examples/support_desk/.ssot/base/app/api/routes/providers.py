"""``GET /api/providers``: the providers a conversation may use now, with their models.

Only providers the schema enables and that are configured (the mock always; the others once
their API key is set) are listed, in schema order; each model with its prices (USD per 1
million tokens, decimal strings, each from its ``since`` date), context window (tokens) and
whether it accepts images. The UI's provider and model selectors read it.
"""

import datetime
import typing as t
from decimal import Decimal

import fastapi
from pydantic import BaseModel

from app.api.deps import CurrentUser
from app.chat.catalog import (
    DEFAULT_MODELS,
    MODELS,
    PROVIDER_KINDS,
    PROVIDER_LABELS,
    available_providers,
)
from app.chat.pricing import Price, price_on

router = fastapi.APIRouter(prefix="/providers", tags=["providers"])


class PricePublic(BaseModel):
    """USD per 1 million tokens from ``since`` (None: from the beginning); a class left None
    is billed at another (cached input and cache writes at input, reasoning at output)."""

    input: Decimal
    output: Decimal
    cached_input: Decimal | None = None
    cache_write: Decimal | None = None
    reasoning: Decimal | None = None
    since: datetime.date | None = None


class ProviderModelPublic(BaseModel):
    """A model of a provider: ``price`` is the one in force today (UTC; None: no price, the
    replies record no cost), ``prices`` every price of the schema, oldest first."""

    name: str
    context_window: int | None
    images: bool
    price: PricePublic | None
    prices: list[PricePublic]


class ProviderPublic(BaseModel):
    """A provider a conversation may use now."""

    name: str
    kind: str
    label: str
    default_model: str
    models: list[ProviderModelPublic]


class ProvidersPublic(BaseModel):
    """The providers a conversation may use now, in schema order."""

    data: list[ProviderPublic]
    count: int


def _price(price: Price) -> PricePublic:
    return PricePublic(
        input=price.input,
        output=price.output,
        cached_input=price.cached_input,
        cache_write=price.cache_write,
        reasoning=price.reasoning,
        since=price.since,
    )


@router.get("", response_model=ProvidersPublic)
async def read_providers(current_user: CurrentUser) -> t.Any:
    """List the enabled, configured providers with their models, prices and context windows."""
    del current_user  # signed-in users only; the list is the same for all of them
    today = datetime.datetime.now(datetime.UTC).date()
    data = []
    for name in available_providers():
        models = []
        for (provider, model), info in MODELS.items():
            if provider != name:
                continue
            current = price_on(info, today)
            models.append(
                ProviderModelPublic(
                    name=model,
                    context_window=info.context_window,
                    images=info.accepts_images,
                    price=_price(current) if current is not None else None,
                    prices=[_price(price) for price in info.prices],
                )
            )
        data.append(
            ProviderPublic(
                name=name,
                kind=PROVIDER_KINDS[name],
                label=PROVIDER_LABELS[name],
                default_model=DEFAULT_MODELS[name],
                models=models,
            )
        )
    return ProvidersPublic(data=data, count=len(data))
