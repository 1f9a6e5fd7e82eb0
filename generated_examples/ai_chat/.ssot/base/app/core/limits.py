"""Rate limits with the ``limits`` library: a moving window per rule and key, counted in
memory (one process) or in Redis when ``REDIS_URL`` is set (every process shares them).

The rules are settings (``RATE_LIMIT_LOGIN``, ``RATE_LIMIT_REGISTER``, ``RATE_LIMIT_SEND``) in
the ``limits`` notation: ``10/minute``, ``100 per hour``, several joined by ``;``. When the
counter store fails (Redis down), requests are let through and a warning is logged: a rate
limit protects availability, it must not take it away.
"""

import asyncio
import logging
import math
import time
import weakref
from typing import Literal

from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError

from app.core.config import settings

logger = logging.getLogger(__name__)

Rule = Literal["login", "register", "send"]
"""``login`` (keyed by client IP, and by login name), ``register`` (client IP), ``send`` (user)."""

_limiters: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, MovingWindowRateLimiter]" = (
    weakref.WeakKeyDictionary()
)


class RateLimited(Exception):
    """Raised by :func:`hit` when a rule's limit is reached; ``retry_after`` is in whole
    seconds (at least 1), for the ``Retry-After`` header."""

    def __init__(self, rule: Rule, retry_after: int) -> None:
        super().__init__(f"too many {rule} requests; retry in {retry_after} s")
        self.rule = rule
        self.retry_after = retry_after


def _storage() -> Storage:
    if settings.redis_url:
        url = settings.redis_url
        uri = url if url.startswith("async+") else "async+" + url
        return RedisStorage(uri, wrap_exceptions=True, implementation="redispy")
    return MemoryStorage()


def _limiter() -> MovingWindowRateLimiter:
    """One limiter per event loop (its storage's connections belong to the loop)."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = MovingWindowRateLimiter(_storage())
    return limiter


def _items(rule: Rule) -> list[RateLimitItem]:
    text = {
        "login": settings.rate_limit_login,
        "register": settings.rate_limit_register,
        "send": settings.rate_limit_send,
    }[rule]
    return parse_many(text)


async def hit(rule: Rule, key: str) -> None:
    """Count one request of ``rule`` for ``key`` (a client IP, login name or user id).

    Raises RateLimited (with the seconds until the window lets one more through) when any
    limit of the rule is exhausted; the refused request is not counted.
    """
    if not settings.rate_limits_enabled:
        return
    limiter = _limiter()
    try:
        for item in _items(rule):
            if not await limiter.hit(item, rule, key):  # atomic: a refused hit is not counted
                stats = await limiter.get_window_stats(item, rule, key)
                retry_after = max(1, math.ceil(stats.reset_time - time.time()))
                raise RateLimited(rule, retry_after)
    except StorageError:
        logger.warning("rate-limit storage failed; %s request let through", rule, exc_info=True)


async def reset() -> None:
    """Forget every counter of this process's storage (tests, or after changing the rules)."""
    await _limiter().storage.reset()
