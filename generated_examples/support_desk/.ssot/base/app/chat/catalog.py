"""The schema's providers and models as data: kinds, prices (USD per 1 million tokens, each
from its ``since`` date), context windows (tokens), image input and provider options."""

from decimal import Decimal

from app.chat.pricing import ModelInfo, Price
from app.core.config import PROVIDER_ENV, settings

PROVIDER_KINDS: dict[str, str] = {
    "offline": "mock",
    "claude": "anthropic",
}

PROVIDER_LABELS: dict[str, str] = {
    "offline": "Offline drafts",
    "claude": "Claude",
}

MODELS: dict[tuple[str, str], ModelInfo] = {
    ("offline", "scripted-draft"): ModelInfo(
        prices=(
            Price(
                input=Decimal("0.05"),
                output=Decimal("0.25"),
            ),
        ),
        context_window=None,
        accepts_images=False,
    ),
    ("claude", "claude-haiku-4-5"): ModelInfo(
        prices=(
            Price(
                input=Decimal("1.0"),
                output=Decimal("5.0"),
                cached_input=Decimal("0.1"),
                cache_write=Decimal("1.25"),
            ),
        ),
        context_window=200000,
        accepts_images=True,
    ),
    ("claude", "claude-sonnet-4-5"): ModelInfo(
        prices=(
            Price(
                input=Decimal("3.0"),
                output=Decimal("15.0"),
                cached_input=Decimal("0.3"),
                cache_write=Decimal("3.75"),
            ),
        ),
        context_window=200000,
        accepts_images=True,
    ),
}

DEFAULT_MODELS: dict[str, str] = {
    "offline": "scripted-draft",
    "claude": "claude-haiku-4-5",
}

TITLE_MODEL: tuple[str | None, str] | None = None
"""``chat.title_model`` is not set: titles are written by the conversation's own model."""


def models_of(provider: str) -> list[str]:
    """The model names the schema lists for ``provider`` (schema order; [] if unknown)."""
    return [model for name, model in MODELS if name == provider]


def available_providers() -> list[str]:
    """The enabled providers that are configured (the mock always; the others once their API
    key is set), in schema order."""
    return [name for name in PROVIDER_KINDS if settings.provider_configured(name)]


def choice_error(provider: str, model: str) -> tuple[str, str] | None:
    """Why a conversation may not use ``provider`` and ``model``: ``("provider", message)``
    for a provider the schema does not enable or whose API key is not set, ``("model",
    message)`` for a model the schema does not list for it; None when both are fine. The
    messages name the allowed values and are safe to show."""
    allowed = ", ".join(available_providers()) or "none"
    if provider not in PROVIDER_KINDS:
        return "provider", f"unknown provider '{provider}' (allowed: {allowed})"
    if not settings.provider_configured(provider):
        key = PROVIDER_ENV[provider][0]
        hint = f"set {key.upper()}" if key else "it is not configured"
        return "provider", f"provider '{provider}' is not configured: {hint} (allowed: {allowed})"
    models = models_of(provider)
    if model not in models:
        names = ", ".join(models)
        return "model", f"unknown model '{model}' for provider '{provider}' (allowed: {names})"
    return None
