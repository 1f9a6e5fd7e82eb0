"""create initial tables

Revision ID: 7ca90748bec6
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7ca90748bec6"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("contact_email", sa.String(length=320), nullable=True),
        sa.Column(
            "tier",
            sa.Enum("trainee", "agent", "lead", name="agenttier", native_enum=False, length=32),
            server_default="trainee",
            nullable=False,
        ),
        sa.Column("on_duty", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("hashed_password", sa.String(length=255), nullable=False),
        sa.Column("token_version", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "length(contact_email) <= 320", name=op.f("ck_agents_contact_email_max_length")
        ),
        sa.CheckConstraint(
            "length(display_name) <= 80", name=op.f("ck_agents_display_name_max_length")
        ),
        sa.CheckConstraint("length(username) <= 40", name=op.f("ck_agents_username_max_length")),
        sa.CheckConstraint("length(username) >= 3", name=op.f("ck_agents_username_min_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
    )
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agents_username"), ["username"], unique=True)
    op.create_table(
        "canned_responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shortcut", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), server_default="en", nullable=False),
        sa.Column("usage_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "length(language) <= 8", name=op.f("ck_canned_responses_language_max_length")
        ),
        sa.CheckConstraint(
            "length(shortcut) <= 32", name=op.f("ck_canned_responses_shortcut_max_length")
        ),
        sa.CheckConstraint(
            "length(title) <= 120", name=op.f("ck_canned_responses_title_max_length")
        ),
        sa.CheckConstraint("usage_count >= 0", name=op.f("ck_canned_responses_usage_count_min")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_responses")),
        sa.UniqueConstraint("shortcut", name=op.f("uq_canned_responses_shortcut")),
    )
    op.create_table(
        "agent_preferences",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=True),
        sa.Column("auto_draft", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("notify_email", sa.String(length=320), nullable=True),
        sa.Column("away_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("max_open_tickets", sa.Integer(), server_default=sa.text("20"), nullable=False),
        sa.Column("shortcuts", sa.JSON(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "length(notify_email) <= 320", name=op.f("ck_agent_preferences_notify_email_max_length")
        ),
        sa.CheckConstraint(
            "max_open_tickets <= 100", name=op.f("ck_agent_preferences_max_open_tickets_max")
        ),
        sa.CheckConstraint(
            "max_open_tickets >= 1", name=op.f("ck_agent_preferences_max_open_tickets_min")
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_agent_preferences_agent_id_agents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_preferences")),
    )
    with op.batch_alter_table("agent_preferences", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agent_preferences_agent_id"), ["agent_id"], unique=True
        )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assignee_id", sa.Uuid(), nullable=False),
        sa.Column("escalated_to_id", sa.Uuid(), nullable=True),
        sa.Column("subject", sa.String(length=160), server_default="New ticket", nullable=False),
        sa.Column("customer_email", sa.String(length=320), nullable=True),
        sa.Column(
            "priority",
            sa.Enum(
                "low",
                "normal",
                "high",
                "urgent",
                name="ticketpriority",
                native_enum=False,
                length=32,
            ),
            server_default="normal",
            nullable=False,
        ),
        sa.Column(
            "channel",
            sa.Enum(
                "email",
                "phone",
                "web_form",
                "live_chat",
                name="ticketchannel",
                native_enum=False,
                length=32,
            ),
            server_default="web_form",
            nullable=False,
        ),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("external_ref", sa.Uuid(), nullable=True),
        sa.Column("custom_fields", sa.JSON(), nullable=True),
        sa.Column("ai_provider", sa.String(length=32), server_default="offline", nullable=False),
        sa.Column(
            "ai_model", sa.String(length=100), server_default="scripted-draft", nullable=False
        ),
        sa.Column("ai_temperature", sa.Float(), server_default=sa.text("0.3"), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=True),
        sa.Column("reply_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("token_total", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("spend", sa.Numeric(precision=12, scale=6), server_default="0", nullable=False),
        sa.Column("last_reply_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active_leaf_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint("ai_temperature <= 1.0", name=op.f("ck_tickets_ai_temperature_max")),
        sa.CheckConstraint("ai_temperature >= 0.0", name=op.f("ck_tickets_ai_temperature_min")),
        sa.CheckConstraint("length(ai_model) <= 100", name=op.f("ck_tickets_ai_model_max_length")),
        sa.CheckConstraint(
            "length(ai_provider) <= 32", name=op.f("ck_tickets_ai_provider_max_length")
        ),
        sa.CheckConstraint(
            "length(customer_email) <= 320", name=op.f("ck_tickets_customer_email_max_length")
        ),
        sa.CheckConstraint("length(subject) <= 160", name=op.f("ck_tickets_subject_max_length")),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["agents.id"],
            name=op.f("fk_tickets_assignee_id_agents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["escalated_to_id"],
            ["agents.id"],
            name=op.f("fk_tickets_escalated_to_id_agents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
        sa.UniqueConstraint("external_ref", name=op.f("uq_tickets_external_ref")),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tickets_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tickets_customer_email"), ["customer_email"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tickets_escalated_to_id"), ["escalated_to_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tickets_last_reply_at"), ["last_reply_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_tickets_priority"), ["priority"], unique=False)
    op.create_table(
        "replies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("canned_response_id", sa.Uuid(), nullable=True),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column(
            "author",
            sa.Enum("customer", "agent", "bot", name="replyauthor", native_enum=False, length=32),
            server_default="customer",
            nullable=False,
        ),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "queued",
                "typing",
                "sent",
                "failed",
                "aborted",
                name="replystate",
                native_enum=False,
                length=32,
            ),
            server_default="sent",
            nullable=False,
        ),
        sa.Column("internal", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=True),
        sa.Column("output_tokens", sa.Integer(), nullable=True),
        sa.Column("price", sa.Numeric(precision=12, scale=6), nullable=True),
        sa.Column("stop_reason", sa.String(length=32), nullable=True),
        sa.Column("failure", sa.Text(), nullable=True),
        sa.Column("failure_code", sa.String(length=32), nullable=True),
        sa.Column("cache_hits", sa.Integer(), nullable=True),
        sa.Column("estimated", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint("cache_hits >= 0", name=op.f("ck_replies_cache_hits_min")),
        sa.CheckConstraint("input_tokens >= 0", name=op.f("ck_replies_input_tokens_min")),
        sa.CheckConstraint(
            "length(failure_code) <= 32", name=op.f("ck_replies_failure_code_max_length")
        ),
        sa.CheckConstraint(
            "length(stop_reason) <= 32", name=op.f("ck_replies_stop_reason_max_length")
        ),
        sa.CheckConstraint("output_tokens >= 0", name=op.f("ck_replies_output_tokens_min")),
        sa.ForeignKeyConstraint(
            ["canned_response_id"],
            ["canned_responses.id"],
            name=op.f("fk_replies_canned_response_id_canned_responses"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["replies.id"],
            name=op.f("fk_replies_parent_id_replies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_replies_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replies")),
    )
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_replies_canned_response_id"), ["canned_response_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_replies_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_replies_ticket_id"), ["ticket_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_replies_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_replies_parent_id"))
        batch_op.drop_index(batch_op.f("ix_replies_canned_response_id"))
    op.drop_table("replies")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_priority"))
        batch_op.drop_index(batch_op.f("ix_tickets_last_reply_at"))
        batch_op.drop_index(batch_op.f("ix_tickets_escalated_to_id"))
        batch_op.drop_index(batch_op.f("ix_tickets_customer_email"))
        batch_op.drop_index(batch_op.f("ix_tickets_assignee_id"))
    op.drop_table("tickets")
    with op.batch_alter_table("agent_preferences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_preferences_agent_id"))
    op.drop_table("agent_preferences")
    op.drop_table("canned_responses")
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agents_username"))
    op.drop_table("agents")
