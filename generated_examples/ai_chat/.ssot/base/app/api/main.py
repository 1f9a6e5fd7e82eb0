"""The API router: every route under ``/api``."""

import fastapi

from app.api.routes import auth, chat_settings, conversations, messages, providers, users

api_router = fastapi.APIRouter()
api_router.include_router(auth.router)
api_router.include_router(providers.router)
api_router.include_router(users.router)
api_router.include_router(conversations.router)
api_router.include_router(messages.router)
api_router.include_router(chat_settings.router)
