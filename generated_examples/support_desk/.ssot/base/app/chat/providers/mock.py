"""The offline mock provider: a deterministic reply derived from the prompt, word by word.

Usage is exact by construction: an output token is one streamed delta (a word and the
space after it); input tokens are ``estimate_tokens`` of every prompt message. It takes
images (it only counts them), so attachments can be tried offline too.
"""

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator

from app.chat.providers.base import (
    Completion,
    CompletionRequest,
    Delta,
    StreamEvent,
    Usage,
    check_images,
    estimate_tokens,
)

WORDS = re.compile(r"\S+\s*")


def mock_reply(request: CompletionRequest) -> str:
    """The reply to ``request``: the same prompt always gives the same text."""
    prompt = "\n".join(f"{turn.role}: {turn.content}" for turn in request.messages)
    digest = hashlib.sha256(prompt.encode("utf-8")).hexdigest()[:8]
    last = next((t.content for t in reversed(request.messages) if t.role == "user"), "")
    quoted = " ".join(last.split())[:200]
    images = len(request.images)
    seen = f" I was shown {images} image{'s' if images != 1 else ''}." if images else ""
    return (
        f'Mock reply {digest} from {request.model}. You said: "{quoted}".{seen} '
        "This answer is generated offline, one word at a time, so that streaming, "
        "persistence and cost accounting can be tried without a network. "
        f"The conversation has {len(request.messages)} messages so far."
    )


class MockProvider:
    """Streams ``mock_reply`` with ``delay_ms`` milliseconds before each delta.

    ``accepts_images`` / ``image_models`` as in ``base.Provider`` (the registry sets them
    from the catalogue); the mock itself can take any image.
    """

    def __init__(
        self,
        name: str,
        delay_ms: int,
        *,
        accepts_images: bool = True,
        image_models: frozenset[str] | None = None,
    ) -> None:
        self.name = name
        self.delay_ms = delay_ms
        self.accepts_images = accepts_images
        self.image_models = image_models

    async def stream(self, request: CompletionRequest) -> AsyncIterator[StreamEvent]:
        """Yield the reply word by word, then a Completion with exact usage.

        Raises ProviderError("unsupported_input") for images it was told not to accept."""
        check_images(self, request)
        words = WORDS.findall(mock_reply(request))
        limit = request.max_tokens or len(words)
        for word in words[:limit]:
            if self.delay_ms:
                await asyncio.sleep(self.delay_ms / 1000)
            yield Delta(word)
        input_tokens = sum(estimate_tokens(turn.content) for turn in request.messages)
        usage = Usage(input_tokens=input_tokens, output_tokens=min(limit, len(words)))
        yield Completion(usage=usage, finish_reason="length" if limit < len(words) else "stop")
