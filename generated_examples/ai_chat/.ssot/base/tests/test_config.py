"""Settings: the app refuses to run without a JWT secret, except in development."""

import pytest
from pydantic import ValidationError

from app.core.config import Settings


def test_a_jwt_secret_is_required_outside_development() -> None:
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(app_env="production", jwt_secret=None, _env_file=None)


def test_development_generates_a_secret_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(app_env="development", jwt_secret=None, _env_file=None)
    assert settings.jwt_secret
    assert len(settings.jwt_secret) >= 32
    assert "JWT_SECRET is not set" in caplog.text
