"""Enumerations of the schema; stored as their string values."""

import enum


class AgentTier(enum.StrEnum):
    """AgentTier values."""

    TRAINEE = "trainee"
    AGENT = "agent"
    LEAD = "lead"


class TicketPriority(enum.StrEnum):
    """TicketPriority values."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class TicketChannel(enum.StrEnum):
    """Where the customer first wrote in."""

    EMAIL = "email"
    PHONE = "phone"
    WEB_FORM = "web_form"
    LIVE_CHAT = "live_chat"


class ReplyAuthor(enum.StrEnum):
    """Who wrote a reply; the bot drafts, an agent writes the instructions."""

    CUSTOMER = "customer"
    AGENT = "agent"
    BOT = "bot"


class ReplyState(enum.StrEnum):
    """ReplyState values."""

    QUEUED = "queued"
    TYPING = "typing"
    SENT = "sent"
    FAILED = "failed"
    ABORTED = "aborted"
