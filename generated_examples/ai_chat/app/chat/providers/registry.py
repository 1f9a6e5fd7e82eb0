"""The schema's providers by name (their kinds and models are in ``app.chat.catalog``).

Each SDK is imported only when a provider of its kind is created, so a project that does
not enable a provider never imports (nor needs) its SDK.
"""

import importlib
from typing import Protocol

from app.chat.providers.base import Provider, ProviderConfig, ProviderError
from app.chat.providers.mock import MockProvider

#: kind -> (module, class) of its adapter, imported by name: a generated project holds
#: only the adapters of the kinds its schema enables (and their SDKs).
ADAPTERS = {
    "openai": ("app.chat.providers.openai", "OpenAIProvider"),
    "anthropic": ("app.chat.providers.anthropic", "AnthropicProvider"),
    "gemini": ("app.chat.providers.gemini", "GeminiProvider"),
}
KINDS = ("mock", *ADAPTERS)


class AdapterFactory(Protocol):
    """The constructor every adapter class has."""

    def __call__(
        self,
        name: str,
        config: ProviderConfig,
        *,
        accepts_images: bool,
        image_models: frozenset[str] | None,
    ) -> Provider: ...


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
    if kind not in ADAPTERS:
        raise ProviderError("unavailable", f"provider '{name}' has an unknown kind '{kind}'")
    if not config.api_key:
        raise ProviderError(
            "unavailable", f"provider '{name}' is not configured: its API key is not set"
        )
    module_name, class_name = ADAPTERS[kind]
    try:
        adapter: AdapterFactory = getattr(importlib.import_module(module_name), class_name)
    except ImportError as err:
        raise ProviderError(
            "unavailable", f"provider '{name}' needs the {kind} SDK, which is not installed"
        ) from err
    return adapter(name, config, accepts_images=accepts_images, image_models=image_models)


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
