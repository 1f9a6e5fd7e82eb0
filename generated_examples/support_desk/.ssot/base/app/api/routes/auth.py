"""Accounts: ``/api/auth/register``, ``/login``, ``/logout`` and ``/password``.

Passwords are hashed and verified in worker threads (``app.core.security``); login and
register are rate-limited per client IP, and login also per username (429 with ``Retry-After``).
"""

import typing as t

import fastapi
import sqlalchemy as sa

from app.api.deps import CurrentUser, SessionDep, normalise_login, revoke_tokens
from app.core import limits
from app.core.security import create_access_token, hash_password, verify_password
from app.models import Agent
from app.schemas import AgentPublic, AgentRegister, LoginRequest, PasswordChange, Token

router = fastapi.APIRouter(prefix="/auth", tags=["auth"])


def client_ip(request: fastapi.Request) -> str:
    """The client's address as the server sees it (behind a proxy, run uvicorn with
    ``--proxy-headers --forwarded-allow-ips`` so this is the real client's)."""
    return request.client.host if request.client else "unknown"


async def find_by_login(session: SessionDep, value: str) -> Agent | None:
    """The user whose username is ``value`` (normalised)."""
    user = await session.scalar(sa.select(Agent).where(Agent.username == value))
    return user


@router.post("/register", response_model=AgentPublic, status_code=fastapi.status.HTTP_201_CREATED)
async def register(payload: AgentRegister, session: SessionDep, request: fastapi.Request) -> t.Any:
    """Create an account; 409 if the username is taken, 429 when this client registers too often."""
    await limits.hit("register", client_ip(request))
    login = normalise_login(payload.username)
    if await find_by_login(session, login) is not None:
        raise fastapi.HTTPException(
            fastapi.status.HTTP_409_CONFLICT, "This username is already registered"
        )
    values = payload.model_dump(exclude={"password"}) | {"username": login}
    user = Agent(**values, hashed_password=await hash_password(payload.password))
    session.add(user)
    await session.commit()
    return user


@router.post("/login", response_model=Token)
async def login(payload: LoginRequest, session: SessionDep, request: fastapi.Request) -> Token:
    """Exchange username and password for a bearer token; 401 if they don't match, 429 when
    this client or this username tries too often."""
    login = normalise_login(payload.username)
    await limits.hit("login", client_ip(request))
    await limits.hit("login", "name:" + login)
    user = await find_by_login(session, login)
    # an unknown username is verified against a dummy hash: both failures take as long
    matches = await verify_password(payload.password, user.hashed_password if user else None)
    if user is None or not matches:
        raise fastapi.HTTPException(
            fastapi.status.HTTP_401_UNAUTHORIZED, "Incorrect username or password"
        )
    return Token(access_token=create_access_token(user.id, user.token_version))


@router.post("/logout", status_code=fastapi.status.HTTP_204_NO_CONTENT)
async def logout(session: SessionDep, current_user: CurrentUser) -> fastapi.Response:
    """Revoke every token of the current user (this one included)."""
    await revoke_tokens(session, current_user)
    await session.commit()
    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)


@router.post("/password", response_model=Token)
async def change_password(
    payload: PasswordChange, session: SessionDep, current_user: CurrentUser
) -> Token:
    """Set a new password; 403 unless ``current_password`` is right. Every older token is
    revoked; the answer is a fresh one."""
    await limits.hit("login", "name:" + current_user.username)
    if not await verify_password(payload.current_password, current_user.hashed_password):
        raise fastapi.HTTPException(
            fastapi.status.HTTP_403_FORBIDDEN, "The current password is incorrect"
        )
    current_user.hashed_password = await hash_password(payload.new_password)
    await revoke_tokens(session, current_user)
    await session.commit()
    return Token(access_token=create_access_token(current_user.id, current_user.token_version))
