"""Settings from the environment (and a `.env` file), validated by pydantic-settings.

Importing this module never fails for a missing JWT_SECRET (so migrations need only the
database); ``app.core.security`` asks for the secret, so the app refuses to start without it.
"""

import logging
import os
import secrets
from decimal import Decimal
from pathlib import Path
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
    # Security (README "Security"): the defaults are the schema's ``security`` section.
    jwt_audience: str = "support_desk"  # the ``aud`` claim made and required
    jwt_issuer: str = "support_desk"  # the ``iss`` claim made and required
    redis_url: str | None = Field(default=None, repr=False)  # shared limits and event bus
    redis_channel_prefix: str = "support_desk"  # the event bus's channels on Redis
    # Streaming (README "Streaming"): a producer renews its lease on each write; a reply whose
    # lease expired is marked ``interrupted`` by the recovery sweep of any process
    stream_lease_seconds: float = Field(default=30.0, ge=1)
    stream_flush_ms: int = Field(default=50, ge=1)  # the batched writer's period, milliseconds
    stream_coalesce_ms: int = Field(
        default=40, ge=0
    )  # at most a streaming frame per socket per, ms
    rate_limits_enabled: bool = True
    rate_limit_login: str = "10/minute"  # per client IP and per login name
    rate_limit_register: str = "5/minute"  # per client IP
    rate_limit_send: str = "30/minute"  # chat messages per user
    max_body_bytes: int = Field(default=1048576, ge=1024)  # request body, bytes
    max_message_chars: int = Field(default=32000, ge=1)  # one message
    ws_max_frame_bytes: int = Field(default=1048576, ge=1024)  # one client frame
    max_concurrent_generations: int = Field(default=3, ge=1)  # per user
    budget_tokens_per_day: int | None = Field(default=None, ge=1)  # per user, UTC day
    budget_usd_per_day: Decimal | None = Field(default=None, gt=0)  # per user, UTC day
    cors_origins: list[str] = []  # browser origins allowed
    docs_enabled: bool | None = None  # /docs, /redoc, /openapi.json; None: on outside production
    jwt_secret_file: str = ".jwt-secret"  # development without JWT_SECRET: the shared secret

    @model_validator(mode="after")
    def _development_secret(self) -> "Settings":
        """In development without JWT_SECRET: the secret in JWT_SECRET_FILE, made once (random,
        mode 0600) by whichever process comes first, so every worker of the app shares it."""
        if not self.jwt_secret and self.app_env == "development":
            path = Path(self.jwt_secret_file)
            made = secrets.token_urlsafe(48)
            scratch = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(made + "\n")
            try:
                os.link(scratch, path)  # atomic and exclusive: the first process wins
            except FileExistsError:
                pass
            finally:
                scratch.unlink()
            stored = path.read_text(encoding="utf-8").strip()
            if len(stored) < 32:
                raise RuntimeError(f"{path} holds no usable secret: delete it or set JWT_SECRET")
            self.jwt_secret = stored
            logger.warning("JWT_SECRET is not set: using the secret in %s (development only)", path)
        return self

    def require_jwt_secret(self) -> str:
        """The secret that signs access tokens. Raises RuntimeError (a one-line reason) when
        JWT_SECRET is unset, or, outside development, shorter than 32 bytes or a well-known
        placeholder (``changeme``, ``secret``, ...)."""
        if not self.jwt_secret:
            raise RuntimeError("JWT_SECRET must be set (or set APP_ENV=development)")
        if self.app_env != "development":
            placeholders = {
                "changeme",
                "changethis",
                "secret",
                "secretkey",
                "jwtsecret",
                "yoursecret",
                "yoursecretkey",
                "yourjwtsecret",
                "supersecret",
                "supersecretkey",
                "mysecret",
                "mysecretkey",
                "password",
                "default",
                "insecure",
                "test",
                "example",
                "pleasechangeme",
                "changethissecret",
                "replaceme",
                "xxxxxxxx",
                "todo",
                # the example key of the FastAPI documentation
                "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7",
            }
            squeezed = "".join(c for c in self.jwt_secret.lower() if c.isalnum())
            if squeezed in placeholders or len(set(self.jwt_secret)) < 4:
                raise RuntimeError(
                    "JWT_SECRET is a well-known placeholder: set a random secret of at least "
                    "32 bytes (e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
                )
            if len(self.jwt_secret.encode()) < 32:
                raise RuntimeError(
                    f"JWT_SECRET must be at least 32 bytes outside development "
                    f"(it has {len(self.jwt_secret.encode())})"
                )
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
