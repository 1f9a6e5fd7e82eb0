"""Image attachments (``chat.attachments``): the built-in model the generator adds, its limits,
the files that exist only when attachments are on, and the names they take.

The model is not one of the schema's: it is the fixed class :data:`MODEL` (table
:data:`TABLE`) in ``app/models.py``, owned by the auth user model (``owner_id``, on delete
cascade) and linked to the user message that sent it (``message_id``, NULL until sent, on
delete cascade). Its migration comes from autogenerate like any model's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ssot_gen.schema.models import Schema

if TYPE_CHECKING:
    from ssot_gen.ir.models import Model
    from ssot_gen.ir.project import Project

MODEL = "ChatAttachment"
PUBLIC = "ChatAttachmentPublic"
TABLE = "chat_attachments"
URL = "/attachments"  # below the API prefix
MESSAGE_ATTRIBUTE = "attachments"  # on the message model and its public shape
ROUTES_MODULE = "chat_attachments"  # app/api/routes/<this>.py

RUNTIME_FILES = frozenset({"app/chat/attachments.py", f"app/api/routes/{ROUTES_MODULE}.py"})
"""Verbatim files generated only when attachments are on (the routes and tests are templates
whose output is blank otherwise)."""


@dataclass(frozen=True)
class Attachments:
    """What the generated attachments code needs: limits (defaults of settings) and the
    tables and classes it refers to."""

    max_bytes: int  # bytes
    max_count: int  # images on one message
    types: tuple[str, ...]  # media types, e.g. ("image/png", "image/jpeg")
    user: Model
    message: Model
    model: str = MODEL
    public: str = PUBLIC
    table: str = TABLE
    url: str = URL
    attribute: str = MESSAGE_ATTRIBUTE
    routes_module: str = ROUTES_MODULE

    @property
    def max_pending(self) -> int:
        """Default of the most unsent attachments one user may hold (five messages' worth)."""
        return self.max_count * 5


def build_attachments(schema: Schema, models: dict[str, Model]) -> Attachments | None:
    """The attachments of ``schema`` over the built ``models`` (None: not enabled)."""
    spec = schema.chat.attachments
    if spec is None:
        return None
    return Attachments(
        max_bytes=spec.max_bytes,
        max_count=spec.max_count,
        types=tuple(dict.fromkeys(spec.types)),
        user=models[schema.auth.user_model],
        message=models[schema.chat.message.model],
    )


def omitted_files(attachments: Attachments | None) -> frozenset[str]:
    """The verbatim files a project without attachments does not get."""
    return frozenset() if attachments is not None else RUNTIME_FILES


def clashes(project: Project) -> list[tuple[str, str]]:
    """Schema names that clash with the attachments code: ``(dotted path, message)``."""
    attachments = project.attachments
    if attachments is None:
        return []
    found: list[tuple[str, str]] = []
    for model in project.models:
        base = f"models.{model.name}"
        if model.name in {MODEL, PUBLIC} or MODEL in model.schema_names.values():
            found.append((base, f"'{model.name}' is the name of the built-in attachment model"))
        if model.table == TABLE or model.plural == ROUTES_MODULE:
            found.append((f"{base}.plural", f"'{TABLE}' is the table of chat attachments"))
        if f"/{model.tag}" == URL:
            found.append((f"{base}.plural", f"{URL} is the attachments route"))
    message = attachments.message
    names = {f.name for f in message.fields} | {r.name for r in message.relations}
    names |= {r.column for r in message.belongs_to}
    if MESSAGE_ATTRIBUTE in names:
        kind = "fields" if MESSAGE_ATTRIBUTE in {f.name for f in message.fields} else "relations"
        found.append(
            (
                f"models.{message.name}.{kind}.{MESSAGE_ATTRIBUTE}",
                f"'{MESSAGE_ATTRIBUTE}' lists the message's images (chat.attachments is on)",
            )
        )
    return found
