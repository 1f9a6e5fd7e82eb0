"""Settings from the environment (and a `.env` file), validated by pydantic-settings."""

import logging
import secrets
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

logger = logging.getLogger(__name__)


class Settings(BaseSettings):
    """Every setting; environment variable names are the upper-case field names."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    app_env: Literal["development", "test", "production"] = "production"
    database_url: str = "sqlite+aiosqlite:///./ai_chat.db"
    jwt_secret: str | None = None
    jwt_algorithm: str = "HS256"
    access_token_expire_minutes: int = 1440
    default_provider: str = "mock"
    default_model: str = "mock-echo"
    mock_delay_ms: int = 20
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    anthropic_api_key: str | None = None
    anthropic_base_url: str | None = None
    gemini_api_key: str | None = None
    gemini_base_url: str | None = None

    @model_validator(mode="after")
    def _require_jwt_secret(self) -> "Settings":
        if not self.jwt_secret:
            if self.app_env != "development":
                raise ValueError("JWT_SECRET must be set (or set APP_ENV=development)")
            self.jwt_secret = secrets.token_urlsafe(48)
            logger.warning("JWT_SECRET is not set: using a random secret (development only)")
        return self


settings = Settings()
