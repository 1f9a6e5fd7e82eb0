"""The schema's providers and models as data: kinds, prices (USD per 1 million tokens, each
from its ``since`` date), context windows (tokens), image input and provider options."""

from decimal import Decimal

from app.chat.pricing import ModelInfo, Price
from app.core.config import PROVIDER_ENV, settings

PROVIDER_KINDS: dict[str, str] = {
    "mock": "mock",
    "openai": "openai",
    "anthropic": "anthropic",
    "gemini": "gemini",
}

PROVIDER_LABELS: dict[str, str] = {
    "mock": "Offline mock",
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "gemini": "Google Gemini",
}

MODELS: dict[tuple[str, str], ModelInfo] = {
    ("mock", "mock-echo"): ModelInfo(
        prices=(
            Price(
                input=Decimal("0.1"),
                output=Decimal("0.2"),
            ),
        ),
        context_window=None,
        accepts_images=False,
    ),
    ("openai", "gpt-4.1"): ModelInfo(
        prices=(
            Price(
                input=Decimal("2.0"),
                output=Decimal("8.0"),
                cached_input=Decimal("0.5"),
            ),
        ),
        context_window=1047576,
        accepts_images=True,
    ),
    ("openai", "gpt-4.1-mini"): ModelInfo(
        prices=(
            Price(
                input=Decimal("0.4"),
                output=Decimal("1.6"),
                cached_input=Decimal("0.1"),
            ),
        ),
        context_window=1047576,
        accepts_images=True,
    ),
    ("openai", "gpt-4o"): ModelInfo(
        prices=(
            Price(
                input=Decimal("2.5"),
                output=Decimal("10.0"),
                cached_input=Decimal("1.25"),
            ),
        ),
        context_window=128000,
        accepts_images=True,
    ),
    ("openai", "gpt-4o-mini"): ModelInfo(
        prices=(
            Price(
                input=Decimal("0.15"),
                output=Decimal("0.6"),
                cached_input=Decimal("0.075"),
            ),
        ),
        context_window=128000,
        accepts_images=True,
    ),
    ("openai", "o4-mini"): ModelInfo(
        prices=(
            Price(
                input=Decimal("1.1"),
                output=Decimal("4.4"),
                cached_input=Decimal("0.275"),
            ),
        ),
        context_window=200000,
        accepts_images=True,
        options={"reasoning_effort": "low"},
    ),
    ("anthropic", "claude-opus-4-1"): ModelInfo(
        prices=(
            Price(
                input=Decimal("15.0"),
                output=Decimal("75.0"),
                cached_input=Decimal("1.5"),
                cache_write=Decimal("18.75"),
            ),
        ),
        context_window=200000,
        accepts_images=True,
    ),
    ("anthropic", "claude-sonnet-4-5"): ModelInfo(
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
    ("anthropic", "claude-haiku-4-5"): ModelInfo(
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
    ("gemini", "gemini-2.5-pro"): ModelInfo(
        prices=(
            Price(
                input=Decimal("1.25"),
                output=Decimal("10.0"),
                cached_input=Decimal("0.31"),
            ),
        ),
        context_window=1048576,
        accepts_images=True,
    ),
    ("gemini", "gemini-2.5-flash"): ModelInfo(
        prices=(
            Price(
                input=Decimal("0.3"),
                output=Decimal("2.5"),
                cached_input=Decimal("0.075"),
            ),
        ),
        context_window=1048576,
        accepts_images=True,
    ),
    ("gemini", "gemini-2.5-flash-lite"): ModelInfo(
        prices=(
            Price(
                input=Decimal("0.1"),
                output=Decimal("0.4"),
                cached_input=Decimal("0.025"),
            ),
        ),
        context_window=1048576,
        accepts_images=True,
    ),
}

DEFAULT_MODELS: dict[str, str] = {
    "mock": "mock-echo",
    "openai": "gpt-4.1-mini",
    "anthropic": "claude-sonnet-4-5",
    "gemini": "gemini-2.5-flash",
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
