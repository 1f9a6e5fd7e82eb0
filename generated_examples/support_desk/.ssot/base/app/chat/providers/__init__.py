"""AI providers behind one small interface; see ``base.Provider`` (and ``registry`` by name)."""

from app.chat.providers.base import (
    ChatTurn,
    Completion,
    CompletionRequest,
    Delta,
    Provider,
    ProviderError,
    Role,
    Usage,
)

__all__ = [
    "ChatTurn",
    "Completion",
    "CompletionRequest",
    "Delta",
    "Provider",
    "ProviderError",
    "Role",
    "Usage",
]
