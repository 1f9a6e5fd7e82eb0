"""The API router: every route under ``/api``."""

from fastapi import APIRouter

from app.api.routes import auth, chat_settings, conversations, messages, users

api_router = APIRouter()
api_router.include_router(auth.router)
api_router.include_router(users.router)
api_router.include_router(conversations.router)
api_router.include_router(messages.router)
api_router.include_router(chat_settings.router)
