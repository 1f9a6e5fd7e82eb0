"""The schema's providers by name (their kinds and models are in ``app.chat.catalog``).

Each SDK is imported only when a provider of its kind is created, so a project that does
not enable a provider never imports (nor needs) its SDK.
"""

from app.chat.providers.base import Provider, ProviderConfig, ProviderError
from app.chat.providers.mock import MockProvider

KINDS = ("mock", "openai", "anthropic", "gemini")


def create_provider(
    name: str,
    kind: str,
    config: ProviderConfig,
    *,
    delay_ms: int = 0,
    image_models: frozenset[str] | None = None,
) -> Provider:
    """A provider of ``kind`` called ``name``.

    ``delay_ms``: the mock's pause before each delta (milliseconds). ``image_models``: the
    models that take images (None: all; empty: none). Raises ProviderError("unavailable")
    for an unknown kind, a missing API key (the mock needs none) or an SDK that is not
    installed.
    """
    accepts_images = image_models is None or bool(image_models)
    if kind == "mock":
        return MockProvider(
            name, delay_ms, accepts_images=accepts_images, image_models=image_models
        )
    if kind not in KINDS:
        raise ProviderError("unavailable", f"provider '{name}' has an unknown kind '{kind}'")
    if not config.api_key:
        raise ProviderError(
            "unavailable", f"provider '{name}' is not configured: its API key is not set"
        )
    try:
        if kind == "openai":
            from app.chat.providers.openai import OpenAIProvider as Adapter
        elif kind == "anthropic":
            from app.chat.providers.anthropic import AnthropicProvider as Adapter  # type: ignore[assignment]
        else:
            from app.chat.providers.gemini import GeminiProvider as Adapter  # type: ignore[assignment]
    except ImportError as err:
        raise ProviderError(
            "unavailable", f"provider '{name}' needs the {kind} SDK, which is not installed"
        ) from err
    return Adapter(name, config, accepts_images=accepts_images, image_models=image_models)


def get_provider(name: str) -> Provider:
    """The provider called ``name`` in the schema, configured from the settings.

    Reads ``app.chat.catalog.PROVIDER_KINDS`` and ``MODELS`` (which models take images) and
    ``app.core.config.settings`` (``provider_config(name)``, ``mock_delay_ms``). Raises
    ProviderError("unavailable") for an unknown or unusable provider.
    """
    from app.chat.catalog import MODELS, PROVIDER_KINDS
    from app.core.config import settings

    kind = PROVIDER_KINDS.get(name)
    if kind is None:
        raise ProviderError("unavailable", f"unknown provider '{name}'")
    image_models = frozenset(
        model
        for (provider, model), info in MODELS.items()
        if provider == name and info.accepts_images
    )
    return create_provider(
        name,
        kind,
        settings.provider_config(name),
        delay_ms=settings.mock_delay_ms,
        image_models=image_models,
    )
