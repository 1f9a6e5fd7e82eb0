"""The schema's providers by name (their kinds are in ``app.chat.catalog``)."""

from app.chat.catalog import PROVIDER_KINDS
from app.chat.providers.base import Provider, ProviderError
from app.chat.providers.mock import MockProvider
from app.core.config import settings


def get_provider(name: str) -> Provider:
    """The provider called ``name`` in the schema. Raises ProviderError if unusable."""
    kind = PROVIDER_KINDS.get(name)
    if kind is None:
        raise ProviderError(f"unknown provider '{name}'")
    if kind == "mock":
        return MockProvider(name, settings.mock_delay_ms)
    raise ProviderError(f"provider '{name}' ({kind}) has no streaming adapter in this build")
