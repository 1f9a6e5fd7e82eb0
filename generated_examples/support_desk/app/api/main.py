"""The API router: every route under ``/api``."""

import fastapi

from app.api.routes import (
    agent_preferences,
    agents,
    auth,
    canned_responses,
    providers,
    replies,
    tickets,
)

api_router = fastapi.APIRouter()
api_router.include_router(auth.router)
api_router.include_router(providers.router)
api_router.include_router(agents.router)
api_router.include_router(tickets.router)
api_router.include_router(replies.router)
api_router.include_router(canned_responses.router)
api_router.include_router(agent_preferences.router)
