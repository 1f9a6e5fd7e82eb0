"""Password hashing (argon2 via pwdlib) and access tokens (PyJWT).

Importing this module requires JWT_SECRET (see ``Settings.require_jwt_secret``): the app,
which imports it, does not start without one.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from pwdlib import PasswordHash

from app.core.config import settings

password_hash = PasswordHash.recommended()
JWT_SECRET = settings.require_jwt_secret()


def hash_password(password: str) -> str:
    """An argon2 hash of ``password``."""
    return password_hash.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    """True if ``password`` matches ``hashed``."""
    return password_hash.verify(password, hashed)


def create_access_token(subject: uuid.UUID) -> str:
    """A signed JWT for the user ``subject``, valid for ACCESS_TOKEN_EXPIRE_MINUTES."""
    expire = datetime.now(UTC) + timedelta(minutes=settings.access_token_expire_minutes)
    payload = {"sub": str(subject), "exp": expire}
    return jwt.encode(payload, JWT_SECRET, algorithm=settings.jwt_algorithm)


# contract shim: replaced by the auth branch
@dataclass(frozen=True)
class AccessClaims:
    """What a valid access token says."""

    user_id: uuid.UUID
    version: int
    expires_at: datetime


# contract shim: replaced by the auth branch
def decode_access_token(token: str) -> AccessClaims | None:
    """The claims of a valid, unexpired token; None for any bad token."""
    try:
        payload = jwt.decode(token, JWT_SECRET, algorithms=[settings.jwt_algorithm])
        expires_at = datetime.fromtimestamp(payload["exp"], UTC)
        return AccessClaims(uuid.UUID(str(payload["sub"])), 0, expires_at)
    except (jwt.InvalidTokenError, KeyError, TypeError, ValueError):
        return None
