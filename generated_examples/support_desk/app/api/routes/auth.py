"""Registration and login: ``/api/auth/register`` and ``/api/auth/login``."""

import typing as t

import fastapi
import sqlalchemy as sa

from app.api.deps import SessionDep
from app.core.security import create_access_token, hash_password, verify_password
from app.models import Agent
from app.schemas import AgentPublic, AgentRegister, LoginRequest, Token

router = fastapi.APIRouter(prefix="/auth", tags=["auth"])

# Verified against when the login is unknown, so both failures take the same time.
_DUMMY_HASH = hash_password("not-a-real-password")


@router.post("/register", response_model=AgentPublic, status_code=fastapi.status.HTTP_201_CREATED)
async def register(payload: AgentRegister, session: SessionDep) -> t.Any:
    """Create an account; 409 if the username is taken."""
    taken = await session.scalar(sa.select(Agent.id).where(Agent.username == payload.username))
    if taken is not None:
        raise fastapi.HTTPException(
            fastapi.status.HTTP_409_CONFLICT, "This username is already registered"
        )
    user = Agent(
        **payload.model_dump(exclude={"password"}), hashed_password=hash_password(payload.password)
    )
    session.add(user)
    await session.commit()
    return user


@router.post("/login", response_model=Token)
async def login(payload: LoginRequest, session: SessionDep) -> Token:
    """Exchange username and password for a bearer token; 401 if they don't match."""
    user = await session.scalar(sa.select(Agent).where(Agent.username == payload.username))
    if user is None:
        verify_password(payload.password, _DUMMY_HASH)
        raise fastapi.HTTPException(
            fastapi.status.HTTP_401_UNAUTHORIZED, "Incorrect username or password"
        )
    if not verify_password(payload.password, user.hashed_password):
        raise fastapi.HTTPException(
            fastapi.status.HTTP_401_UNAUTHORIZED, "Incorrect username or password"
        )
    return Token(access_token=create_access_token(user.id))
