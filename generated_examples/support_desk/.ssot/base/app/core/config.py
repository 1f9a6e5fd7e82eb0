"""Settings from the environment (and a `.env` file), validated by pydantic-settings.

Importing this module never fails for a missing JWT_SECRET (so migrations need only the
database); ``app.core.security`` asks for the secret, so the app refuses to start without it.
"""

import logging
import secrets
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.chat.providers.base import ProviderConfig

logger = logging.getLogger(__name__)

PROVIDER_ENV: dict[str, tuple[str | None, str | None]] = {
    "offline": (None, None),
    "claude": ("support_desk_anthropic_key", "anthropic_base_url"),
}
"""Each provider's Settings attributes for its API key and base URL (None: it has none)."""


class Settings(BaseSettings):
    """Every setting; environment variable names are the upper-case field names."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    app_env: Literal["development", "test", "production"] = "production"
    database_url: str = "sqlite+aiosqlite:///./support_desk.db"
    jwt_secret: str | None = None
    jwt_algorithm: str = "HS256"
    access_token_expire_minutes: int = 480
    default_provider: str = "offline"
    default_model: str = "scripted-draft"
    mock_delay_ms: int = 10
    provider_connect_timeout_s: float = Field(default=10.0, gt=0)
    provider_idle_timeout_s: float = Field(default=60.0, gt=0)
    provider_max_retries: int = Field(default=2, ge=0)
    anthropic_base_url: str | None = None
    support_desk_anthropic_key: str | None = Field(default=None, repr=False)

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

    def provider_config(self, name: str) -> ProviderConfig:
        """How to reach provider ``name``: its API key and base URL from the environment
        variables the schema names, and the timeouts (seconds) and retries of these settings.
        Raises KeyError for a provider the schema does not enable."""
        key_setting, url_setting = PROVIDER_ENV[name]
        return ProviderConfig(
            api_key=getattr(self, key_setting) if key_setting else None,
            base_url=getattr(self, url_setting) if url_setting else None,
            connect_timeout=self.provider_connect_timeout_s,
            idle_timeout=self.provider_idle_timeout_s,
            max_retries=self.provider_max_retries,
        )

    def provider_configured(self, name: str) -> bool:
        """Whether provider ``name`` is enabled and usable: the mock always, the others once
        their API key is set."""
        if name not in PROVIDER_ENV:
            return False
        key_setting, _url_setting = PROVIDER_ENV[name]
        return key_setting is None or bool(getattr(self, key_setting))


settings = Settings()
