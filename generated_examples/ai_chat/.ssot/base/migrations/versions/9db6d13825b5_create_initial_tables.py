"""create initial tables

Revision ID: 9db6d13825b5
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9db6d13825b5"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "role",
            sa.Enum("user", "premium", "admin", name="userrole", native_enum=False, length=32),
            server_default="user",
            nullable=False,
        ),
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
        sa.CheckConstraint("length(email) <= 320", name=op.f("ck_users_email_max_length")),
        sa.CheckConstraint("length(name) <= 100", name=op.f("ck_users_name_max_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_email"), ["email"], unique=True)
    op.create_table(
        "chat_settings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("default_provider", sa.String(length=32), server_default="mock", nullable=False),
        sa.Column(
            "default_model", sa.String(length=100), server_default="mock-echo", nullable=False
        ),
        sa.Column("default_temperature", sa.Float(), server_default=sa.text("0.7"), nullable=False),
        sa.Column(
            "default_max_tokens", sa.Integer(), server_default=sa.text("1024"), nullable=False
        ),
        sa.Column(
            "theme",
            sa.Enum("light", "dark", "system", name="theme", native_enum=False, length=32),
            server_default="system",
            nullable=False,
        ),
        sa.Column("font_size", sa.Integer(), server_default=sa.text("14"), nullable=False),
        sa.Column("show_token_count", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "show_cost_estimate", sa.Boolean(), server_default=sa.text("true"), nullable=False
        ),
        sa.Column("enable_streaming", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("enable_markdown", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "enable_code_highlight", sa.Boolean(), server_default=sa.text("true"), nullable=False
        ),
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
            "default_max_tokens <= 200000", name=op.f("ck_chat_settings_default_max_tokens_max")
        ),
        sa.CheckConstraint(
            "default_max_tokens >= 1", name=op.f("ck_chat_settings_default_max_tokens_min")
        ),
        sa.CheckConstraint(
            "default_temperature <= 2.0", name=op.f("ck_chat_settings_default_temperature_max")
        ),
        sa.CheckConstraint(
            "default_temperature >= 0.0", name=op.f("ck_chat_settings_default_temperature_min")
        ),
        sa.CheckConstraint("font_size <= 32", name=op.f("ck_chat_settings_font_size_max")),
        sa.CheckConstraint("font_size >= 10", name=op.f("ck_chat_settings_font_size_min")),
        sa.CheckConstraint(
            "length(default_model) <= 100", name=op.f("ck_chat_settings_default_model_max_length")
        ),
        sa.CheckConstraint(
            "length(default_provider) <= 32",
            name=op.f("ck_chat_settings_default_provider_max_length"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_chat_settings_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_settings")),
    )
    with op.batch_alter_table("chat_settings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_settings_owner_id"), ["owner_id"], unique=True)
    op.create_table(
        "conversations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column(
            "title", sa.String(length=200), server_default="New conversation", nullable=False
        ),
        sa.Column("provider", sa.String(length=32), server_default="mock", nullable=False),
        sa.Column("model", sa.String(length=100), server_default="mock-echo", nullable=False),
        sa.Column("temperature", sa.Float(), server_default=sa.text("0.7"), nullable=False),
        sa.Column("max_tokens", sa.Integer(), server_default=sa.text("1024"), nullable=False),
        sa.Column("system_prompt", sa.Text(), nullable=True),
        sa.Column("message_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("total_tokens", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "total_cost", sa.Numeric(precision=18, scale=10), server_default="0", nullable=False
        ),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=True),
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
        sa.CheckConstraint("length(model) <= 100", name=op.f("ck_conversations_model_max_length")),
        sa.CheckConstraint(
            "length(provider) <= 32", name=op.f("ck_conversations_provider_max_length")
        ),
        sa.CheckConstraint("length(title) <= 200", name=op.f("ck_conversations_title_max_length")),
        sa.CheckConstraint("max_tokens <= 200000", name=op.f("ck_conversations_max_tokens_max")),
        sa.CheckConstraint("max_tokens >= 1", name=op.f("ck_conversations_max_tokens_min")),
        sa.CheckConstraint("temperature <= 2.0", name=op.f("ck_conversations_temperature_max")),
        sa.CheckConstraint("temperature >= 0.0", name=op.f("ck_conversations_temperature_min")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_conversations_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversations_last_message_at"), ["last_message_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_conversations_owner_id"), ["owner_id"], unique=False)
    op.create_table(
        "messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "user", "assistant", "system", name="messagerole", native_enum=False, length=32
            ),
            server_default="user",
            nullable=False,
        ),
        sa.Column("content", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "streaming",
                "done",
                "error",
                "cancelled",
                name="messagestatus",
                native_enum=False,
                length=32,
            ),
            server_default="done",
            nullable=False,
        ),
        sa.Column("prompt_tokens", sa.Integer(), nullable=True),
        sa.Column("completion_tokens", sa.Integer(), nullable=True),
        sa.Column("total_tokens", sa.Integer(), nullable=True),
        sa.Column("input_tokens", sa.Integer(), nullable=True),
        sa.Column("cache_read_tokens", sa.Integer(), nullable=True),
        sa.Column("cache_write_tokens", sa.Integer(), nullable=True),
        sa.Column("output_tokens", sa.Integer(), nullable=True),
        sa.Column("reasoning_tokens", sa.Integer(), nullable=True),
        sa.Column("usage_estimated", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("cost", sa.Numeric(precision=18, scale=10), nullable=True),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("finish_reason", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_code", sa.String(length=32), nullable=True),
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
        sa.CheckConstraint(
            "cache_read_tokens >= 0", name=op.f("ck_messages_cache_read_tokens_min")
        ),
        sa.CheckConstraint(
            "cache_write_tokens >= 0", name=op.f("ck_messages_cache_write_tokens_min")
        ),
        sa.CheckConstraint(
            "completion_tokens >= 0", name=op.f("ck_messages_completion_tokens_min")
        ),
        sa.CheckConstraint("input_tokens >= 0", name=op.f("ck_messages_input_tokens_min")),
        sa.CheckConstraint(
            "length(error_code) <= 32", name=op.f("ck_messages_error_code_max_length")
        ),
        sa.CheckConstraint(
            "length(finish_reason) <= 32", name=op.f("ck_messages_finish_reason_max_length")
        ),
        sa.CheckConstraint("length(model) <= 100", name=op.f("ck_messages_model_max_length")),
        sa.CheckConstraint("output_tokens >= 0", name=op.f("ck_messages_output_tokens_min")),
        sa.CheckConstraint("prompt_tokens >= 0", name=op.f("ck_messages_prompt_tokens_min")),
        sa.CheckConstraint("reasoning_tokens >= 0", name=op.f("ck_messages_reasoning_tokens_min")),
        sa.CheckConstraint("total_tokens >= 0", name=op.f("ck_messages_total_tokens_min")),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_messages_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["messages.id"],
            name=op.f("fk_messages_parent_id_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_messages_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_messages_parent_id"), ["parent_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_parent_id"))
        batch_op.drop_index(batch_op.f("ix_messages_conversation_id"))
    op.drop_table("messages")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_owner_id"))
        batch_op.drop_index(batch_op.f("ix_conversations_last_message_at"))
    op.drop_table("conversations")
    with op.batch_alter_table("chat_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_settings_owner_id"))
    op.drop_table("chat_settings")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_email"))
    op.drop_table("users")
