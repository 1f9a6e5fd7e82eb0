"""Accounts: ``/api/auth/register``, ``/login``, ``/logout`` and ``/password``.

Passwords are hashed and verified in worker threads (``app.core.security``); login and
register are rate-limited per client IP, and login also per email (429 with ``Retry-After``).
The email is stored lower-cased and compared case-insensitively.
"""

import typing as t

import fastapi
import sqlalchemy as sa

from app.api.deps import CurrentUser, SessionDep, normalise_login, revoke_tokens
from app.core import limits
from app.core.security import create_access_token, hash_password, verify_password
from app.models import User
from app.schemas import LoginRequest, PasswordChange, Token, UserPublic, UserRegister

router = fastapi.APIRouter(prefix="/auth", tags=["auth"])


def client_ip(request: fastapi.Request) -> str:
    """The client's address as the server sees it (behind a proxy, run uvicorn with
    ``--proxy-headers --forwarded-allow-ips`` so this is the real client's)."""
    return request.client.host if request.client else "unknown"


async def find_by_login(session: SessionDep, value: str) -> User | None:
    """The user whose email is ``value`` (normalised); rows stored before emails were
    normalised match case-insensitively (an exact match first)."""
    user = await session.scalar(sa.select(User).where(User.email == value))
    if user is None:
        user = await session.scalar(
            sa.select(User).where(sa.func.lower(User.email) == value).order_by(User.id).limit(1)
        )
    return user


@router.post("/register", response_model=UserPublic, status_code=fastapi.status.HTTP_201_CREATED)
async def register(payload: UserRegister, session: SessionDep, request: fastapi.Request) -> t.Any:
    """Create an account; 409 if the email is taken, 429 when this client registers too often."""
    await limits.hit("register", client_ip(request))
    login = normalise_login(payload.email)
    if await find_by_login(session, login) is not None:
        raise fastapi.HTTPException(
            fastapi.status.HTTP_409_CONFLICT, "This email is already registered"
        )
    values = payload.model_dump(exclude={"password"}) | {"email": login}
    user = User(**values, hashed_password=await hash_password(payload.password))
    session.add(user)
    await session.commit()
    return user


@router.post("/login", response_model=Token)
async def login(payload: LoginRequest, session: SessionDep, request: fastapi.Request) -> Token:
    """Exchange email and password for a bearer token; 401 if they don't match, 429 when
    this client or this email tries too often."""
    login = normalise_login(payload.email)
    await limits.hit("login", client_ip(request))
    await limits.hit("login", "name:" + login)
    user = await find_by_login(session, login)
    # an unknown email is verified against a dummy hash: both failures take as long
    matches = await verify_password(payload.password, user.hashed_password if user else None)
    if user is None or not matches:
        raise fastapi.HTTPException(
            fastapi.status.HTTP_401_UNAUTHORIZED, "Incorrect email or password"
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
    await limits.hit("login", "name:" + current_user.email)
    if not await verify_password(payload.current_password, current_user.hashed_password):
        raise fastapi.HTTPException(
            fastapi.status.HTTP_403_FORBIDDEN, "The current password is incorrect"
        )
    current_user.hashed_password = await hash_password(payload.new_password)
    await revoke_tokens(session, current_user)
    await session.commit()
    return Token(access_token=create_access_token(current_user.id, current_user.token_version))
