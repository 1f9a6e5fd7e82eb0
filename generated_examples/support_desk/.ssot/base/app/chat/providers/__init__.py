"""AI providers behind one small interface; see ``base.Provider`` (and ``registry`` by name).

The adapters (``openai``, ``anthropic``, ``gemini``) are not imported here: each imports
its SDK, and ``registry.create_provider`` loads only the ones a project uses.
"""

from app.chat.providers.base import (
    ChatTurn,
    Completion,
    CompletionRequest,
    Delta,
    Image,
    Provider,
    ProviderConfig,
    ProviderError,
    Role,
    StreamEvent,
    Usage,
    estimate_tokens,
    estimate_usage,
)

__all__ = [
    "ChatTurn",
    "Completion",
    "CompletionRequest",
    "Delta",
    "Image",
    "Provider",
    "ProviderConfig",
    "ProviderError",
    "Role",
    "StreamEvent",
    "Usage",
    "estimate_tokens",
    "estimate_usage",
]
