"""The API router: every route under ``/api``."""

import fastapi

from app.api.routes import (
    agent_preferences,
    agents,
    auth,
    canned_responses,
    chat_sse,
    providers,
    replies,
    tickets,
)

api_router = fastapi.APIRouter()
api_router.include_router(auth.router)
api_router.include_router(providers.router)
api_router.include_router(chat_sse.router)  # the AI SDK's useChat over SSE
api_router.include_router(agents.router)
api_router.include_router(tickets.router)
api_router.include_router(replies.router)
api_router.include_router(canned_responses.router)
api_router.include_router(agent_preferences.router)

ERRORS: dict[tuple[str, str], list[int]] = {
    ("post", "/api/auth/login"): [401, 429],
    ("post", "/api/auth/register"): [429],
    ("post", "/api/auth/password"): [401, 403, 429],
    ("post", "/api/chat"): [404, 429],
    ("patch", "/api/agents/{item_id}"): [403],
}
"""Error statuses of some operations that ``app.api.errors.document`` cannot see from the
operation itself: a wrong password (401 at sign-in, 403 where the current password must be
given: a password change, a change of the login field) and the rate limits (429, ``app.core.limits``) of
the operations that check a password (per client IP and login name) and of sign-up (per
client IP). Sending a chat message (per user) is limited on the websocket, outside OpenAPI."""
