"""AI providers behind one small interface; see ``base.Provider``."""

from app.chat.providers.base import (
    ChatTurn,
    Completion,
    CompletionRequest,
    Delta,
    Provider,
    ProviderError,
    Usage,
)
from app.chat.providers.registry import get_provider

__all__ = [
    "ChatTurn",
    "Completion",
    "CompletionRequest",
    "Delta",
    "Provider",
    "ProviderError",
    "Usage",
    "get_provider",
]
