"""Dependencies shared by the routes: the database session and the current user."""

import typing as t

import fastapi
import fastapi.security
from sqlalchemy.ext import asyncio as sa_asyncio

from app.core.db import get_session
from app.core.security import decode_access_token
from app.models import Agent

SessionDep = t.Annotated[sa_asyncio.AsyncSession, fastapi.Depends(get_session)]
bearer = fastapi.security.HTTPBearer(auto_error=False)


async def get_current_user(
    session: SessionDep,
    credentials: t.Annotated[
        fastapi.security.HTTPAuthorizationCredentials | None, fastapi.Depends(bearer)
    ],
) -> Agent:
    """The user of the bearer token; 401 if the token is missing, bad, expired or orphaned."""
    user_id = decode_access_token(credentials.credentials) if credentials else None
    user = await session.get(Agent, user_id) if user_id else None
    if user is None:
        raise fastapi.HTTPException(
            status_code=fastapi.status.HTTP_401_UNAUTHORIZED,
            detail="Could not validate credentials",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentUser = t.Annotated[Agent, fastapi.Depends(get_current_user)]
