"""Settings from the environment (and a `.env` file), validated by pydantic-settings.

Importing this module never fails for a missing JWT_SECRET (so migrations need only the
database); ``app.core.security`` asks for the secret, so the app refuses to start without it.
"""

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

    @model_validator(mode="after")
    def _development_secret(self) -> "Settings":
        if not self.jwt_secret and self.app_env == "development":
            self.jwt_secret = secrets.token_urlsafe(48)
            logger.warning("JWT_SECRET is not set: using a random secret (development only)")
        return self

    def require_jwt_secret(self) -> str:
        """The secret that signs access tokens. Raises RuntimeError when JWT_SECRET is unset
        (outside development, where a random one is made up)."""
        if not self.jwt_secret:
            raise RuntimeError("JWT_SECRET must be set (or set APP_ENV=development)")
        return self.jwt_secret


settings = Settings()
