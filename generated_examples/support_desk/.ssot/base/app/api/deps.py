"""Dependencies shared by the routes: the database session and the current user."""

import typing as t
import uuid

import fastapi
import fastapi.security
import sqlalchemy as sa
from sqlalchemy.ext import asyncio as sa_asyncio

from app.core.batching import Batcher
from app.core.db import engine, get_session
from app.core.security import AccessClaims, decode_access_token
from app.models import Agent

SessionDep = t.Annotated[sa_asyncio.AsyncSession, fastapi.Depends(get_session)]
bearer = fastapi.security.HTTPBearer(auto_error=False)


def normalise_login(value: str) -> str:
    """The stored form of a username (unchanged: it is compared exactly)."""
    return value


async def user_from_token(session: sa_asyncio.AsyncSession, token: str) -> Agent | None:
    """The user of an access token: valid claims (``decode_access_token``), a user that
    still exists, and the user's current token version (logout and a password change bump
    it, revoking older tokens). None otherwise."""
    claims = decode_access_token(token)
    if claims is None:
        return None
    user = await session.get(Agent, claims.user_id)
    if user is None or user.token_version != claims.version:
        return None
    return user


async def token_user_id(session: sa_asyncio.AsyncSession, token: str) -> uuid.UUID | None:
    """The user id of an access token if ``user_from_token`` would accept it, in one small
    statement (the user's ``token_version`` only, not the whole row): what a websocket checks
    before each client frame. None when the token is bad, expired, revoked or orphaned."""
    claims = decode_access_token(token)
    if claims is None:
        return None
    version = await session.scalar(sa.select(Agent.token_version).where(Agent.id == claims.user_id))
    if version is None or version != claims.version:
        return None
    return claims.user_id


async def _token_versions(user_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The ``token_version`` of each of ``user_ids`` that exists, in one statement (autocommit:
    no BEGIN or ROLLBACK round trip)."""
    async with engine.connect() as connection:
        quick = await connection.execution_options(isolation_level="AUTOCOMMIT")
        statement = sa.select(Agent.id, Agent.token_version).where(Agent.id.in_(user_ids))
        return dict((await quick.execute(statement)).all())


token_versions: Batcher[uuid.UUID, int] = Batcher(_token_versions)
"""Users' token versions, read for many sockets at once (``app.core.batching``)."""


async def claims_hold(claims: AccessClaims) -> bool:
    """Whether the version of a decoded token (whose expiry the caller checks) is still its
    user's: not revoked (logout, a new password), the user not deleted. What a websocket checks
    before each client frame; checks made at once share one statement, which starts after
    they were asked (a revocation committed before is always seen)."""
    return await token_versions.get(claims.user_id) == claims.version


async def revoke_tokens(session: sa_asyncio.AsyncSession, user: Agent) -> None:
    """Bump ``user``'s token version in the database (atomically, so concurrent revocations
    all count) and on ``user``: tokens made before are refused. The caller commits."""
    version = await session.scalar(
        sa.update(Agent)
        .where(Agent.id == user.id)
        .values(token_version=Agent.token_version + 1)
        .returning(Agent.token_version)
    )
    user.token_version = version if version is not None else user.token_version + 1


async def get_current_user(
    session: SessionDep,
    credentials: t.Annotated[
        fastapi.security.HTTPAuthorizationCredentials | None, fastapi.Depends(bearer)
    ],
) -> Agent:
    """The user of the bearer token; 401 if the token is missing, bad, expired, revoked or
    orphaned."""
    user = await user_from_token(session, credentials.credentials) if credentials else None
    if user is None:
        raise fastapi.HTTPException(
            status_code=fastapi.status.HTTP_401_UNAUTHORIZED,
            detail="Could not validate credentials",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentUser = t.Annotated[Agent, fastapi.Depends(get_current_user)]
