"""Enumerations of the schema; stored as their string values."""

from enum import StrEnum


class UserRole(StrEnum):
    """UserRole values."""

    USER = "user"
    PREMIUM = "premium"
    ADMIN = "admin"


class MessageRole(StrEnum):
    """MessageRole values."""

    USER = "user"
    ASSISTANT = "assistant"
    SYSTEM = "system"


class MessageStatus(StrEnum):
    """MessageStatus values."""

    PENDING = "pending"
    STREAMING = "streaming"
    DONE = "done"
    ERROR = "error"
    CANCELLED = "cancelled"


class Theme(StrEnum):
    """Theme values."""

    LIGHT = "light"
    DARK = "dark"
    SYSTEM = "system"
