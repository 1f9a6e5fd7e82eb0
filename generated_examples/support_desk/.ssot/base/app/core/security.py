"""Password hashing (argon2 via pwdlib) and access tokens (PyJWT).

Importing this module requires JWT_SECRET (see ``Settings.require_jwt_secret``): the app,
which imports it, does not start without one.
"""

import uuid
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


def decode_access_token(token: str) -> uuid.UUID | None:
    """The user id in a valid, unexpired token; None for any bad token."""
    try:
        payload = jwt.decode(token, JWT_SECRET, algorithms=[settings.jwt_algorithm])
        return uuid.UUID(str(payload["sub"]))
    except (jwt.InvalidTokenError, KeyError, ValueError):
        return None
