"""Enumerations of the schema; stored as their string values."""

import enum


class UserRole(enum.StrEnum):
    """UserRole values."""

    USER = "user"
    PREMIUM = "premium"
    ADMIN = "admin"


class MessageRole(enum.StrEnum):
    """MessageRole values."""

    USER = "user"
    ASSISTANT = "assistant"
    SYSTEM = "system"


class MessageStatus(enum.StrEnum):
    """MessageStatus values."""

    PENDING = "pending"
    STREAMING = "streaming"
    DONE = "done"
    ERROR = "error"
    CANCELLED = "cancelled"


class Theme(enum.StrEnum):
    """Theme values."""

    LIGHT = "light"
    DARK = "dark"
    SYSTEM = "system"
