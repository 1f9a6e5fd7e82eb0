"""Password hashing (argon2 via pwdlib, off the event loop) and access tokens (PyJWT).

Importing this module requires a usable JWT_SECRET (see ``Settings.require_jwt_secret``):
the app, which imports it, does not start without one, nor with a weak one outside
development.

argon2 takes about 64 MiB and tens of milliseconds of CPU per hash, so hashing and verifying
run in worker threads, at most ``HASH_THREADS`` at a time: the event loop keeps serving
requests and streams during a burst of logins.
"""

import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import anyio
import anyio.to_thread
import jwt
from pwdlib import PasswordHash

from app.core.config import settings

password_hash = PasswordHash.recommended()
JWT_SECRET = settings.require_jwt_secret()
HASH_THREADS = max(1, min(4, (os.cpu_count() or 2) // 2))
"""Hashes computed at once (each a thread and 64 MiB); further ones wait their turn."""
_hash_limiter = anyio.CapacityLimiter(HASH_THREADS)
# Verified against when the login is unknown, so both failures take the same time.
_DUMMY_HASH = password_hash.hash(secrets.token_urlsafe(16))
VERSION_CLAIM = "ver"
"""The claim carrying the user's token version (``token_version`` on the user row)."""


@dataclass(frozen=True)
class AccessClaims:
    """What a valid access token says: its user, the user's token version when it was made
    (a token whose version is not the user's current one is revoked), and its expiry (aware,
    UTC)."""

    user_id: uuid.UUID
    version: int
    expires_at: datetime


async def hash_password(password: str) -> str:
    """An argon2 hash of ``password``, computed in a worker thread."""
    return await anyio.to_thread.run_sync(password_hash.hash, password, limiter=_hash_limiter)


async def verify_password(password: str, hashed: str | None) -> bool:
    """True if ``password`` matches ``hashed``, checked in a worker thread. ``hashed=None``
    (an unknown user) verifies against a dummy hash, taking the same time, and is False."""
    if hashed is None:
        await anyio.to_thread.run_sync(
            password_hash.verify, password, _DUMMY_HASH, limiter=_hash_limiter
        )
        return False
    return await anyio.to_thread.run_sync(
        password_hash.verify, password, hashed, limiter=_hash_limiter
    )


def create_access_token(subject: uuid.UUID, version: int) -> str:
    """A signed JWT for the user ``subject`` at token version ``version``, valid for
    ACCESS_TOKEN_EXPIRE_MINUTES: claims ``sub``, ``iat``, ``exp``, ``aud`` (JWT_AUDIENCE),
    ``iss`` (JWT_ISSUER) and ``ver``."""
    now = datetime.now(UTC)
    payload = {
        "sub": str(subject),
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_expire_minutes),
        "aud": settings.jwt_audience,
        "iss": settings.jwt_issuer,
        VERSION_CLAIM: version,
    }
    return jwt.encode(payload, JWT_SECRET, algorithm=settings.jwt_algorithm)


def decode_access_token(token: str) -> AccessClaims | None:
    """The claims of a valid token: signed with JWT_SECRET, unexpired, with ``exp``, ``sub``,
    ``aud`` (= JWT_AUDIENCE), ``iss`` (= JWT_ISSUER) and an integer ``ver``. None for any other
    token. Whether the version is still the user's is for the caller
    (``app.api.deps.user_from_token``)."""
    try:
        payload = jwt.decode(
            token,
            JWT_SECRET,
            algorithms=[settings.jwt_algorithm],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "sub", "aud", "iss"]},
        )
        version = payload.get(VERSION_CLAIM)
        if type(version) is not int:
            return None
        return AccessClaims(
            user_id=uuid.UUID(str(payload["sub"])),
            version=version,
            expires_at=datetime.fromtimestamp(payload["exp"], UTC),
        )
    except (jwt.InvalidTokenError, KeyError, ValueError, TypeError, OverflowError, OSError):
        return None
