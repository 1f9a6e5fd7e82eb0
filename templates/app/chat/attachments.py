"""Image attachments: uploaded, checked, stored, then sent to the model with a user message.

- The type is recognised from the bytes (the PNG, JPEG, WebP and GIF signatures), never from
  the file name or the client's content-type: an HTML page named ``x.png`` is refused (415).
- Limits are settings: ``ATTACHMENTS_MAX_BYTES`` (one image, bytes), ``ATTACHMENTS_MAX_COUNT``
  (images on one message), ``ATTACHMENTS_MAX_PENDING`` (unsent images one user may hold),
  ``ATTACHMENTS_TYPES`` (accepted media types).
- Bytes live behind the :class:`Storage` protocol; :class:`LocalStorage` under
  ``ATTACHMENTS_DIR`` is the default. Keys are random (32 hex digits), never derived from user
  input, and a key of any other shape is refused, so no path leaves the directory.
- Rows are ``app.models.ChatAttachment``: ``owner_id`` (the user), ``message_id`` (NULL until
  sent), ``media_type``, ``size_bytes``, ``storage_key``, ``created_at``. Another user's
  attachment is treated exactly like a missing one.
- ``message.send`` with ``attachments: [id]``: :func:`claim` (before anything is stored)
  checks the count, that the conversation's model accepts images
  (``app.chat.catalog.MODELS[(provider, model)].accepts_images``, from the schema's
  ``images: true``) and that every id is the sender's and unsent; :func:`link` ties them to the
  user message in the same transaction with one conditional UPDATE (two sends cannot both
  claim an image); :func:`with_images` gives each user turn of a prompt the images of its
  message, as ``ChatTurn.images``.
"""

import asyncio
import dataclasses
import logging
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol, cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.chat import bindings
from app.chat.providers.base import ChatTurn, Image
from app.chat.service import ChatError
from app.core.config import settings
from app.core.db import SessionLocal
from app.models import ChatAttachment

logger = logging.getLogger(__name__)

MEDIA_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")
KEY = re.compile(r"[0-9a-f]{32}")


def sniff(data: bytes) -> str | None:
    """The media type of an image from its first bytes (None: not PNG, JPEG, WebP or GIF).

    Signatures: PNG ``89 50 4E 47 0D 0A 1A 0A`` (PNG spec 5.2); JPEG ``FF D8 FF`` (SOI and the
    next marker); GIF ``GIF87a`` / ``GIF89a``; WebP ``RIFF`` <size> ``WEBP`` (RIFF container).
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


class AttachmentError(Exception):
    """An upload that is refused: ``status`` is the HTTP status (413, 415, 409, 422),
    ``message`` is safe to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class AttachmentPolicy:
    """Limits: ``max_bytes`` per image, ``max_count`` images per message, ``max_pending``
    unsent images per user, accepted media ``types``."""

    max_bytes: int
    max_count: int
    max_pending: int
    types: frozenset[str]

    def media_type(self, data: bytes) -> str:
        """The media type of ``data``; raises AttachmentError 422 (empty), 413 (larger than
        ``max_bytes``) or 415 (not an accepted image type, whatever its name says)."""
        if not data:
            raise AttachmentError(422, "file: the file is empty")
        if len(data) > self.max_bytes:
            raise AttachmentError(413, f"file: larger than {self.max_bytes} bytes")
        found = sniff(data)
        if found is None or found not in self.types:
            accepted = ", ".join(t for t in MEDIA_TYPES if t in self.types)
            raise AttachmentError(415, f"file: not an image of an accepted type ({accepted})")
        return found


def policy() -> AttachmentPolicy:
    """The limits from settings."""
    return AttachmentPolicy(
        max_bytes=settings.attachments_max_bytes,
        max_count=settings.attachments_max_count,
        max_pending=settings.attachments_max_pending,
        types=frozenset(settings.attachments_types),
    )


class Storage(Protocol):
    """Where attachment bytes live; keys are made by the storage, opaque to callers."""

    async def save(self, data: bytes) -> str:
        """Store ``data``; return its new key."""
        ...

    async def load(self, key: str) -> bytes:
        """The bytes under ``key``; raises KeyError if there are none."""
        ...

    async def delete(self, key: str) -> None:
        """Forget ``key`` (no error if it is already gone)."""
        ...


class LocalStorage:
    """Files under ``root``: key ``0123...`` is ``root/01/0123...``; written atomically."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        """The file of ``key``; raises KeyError for a key this storage cannot have made."""
        if not KEY.fullmatch(key):
            raise KeyError(key)
        return self.root / key[:2] / key

    def _write(self, key: str, data: bytes) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{key}.partial")
        partial.write_bytes(data)
        partial.replace(path)

    async def save(self, data: bytes) -> str:
        key = uuid.uuid4().hex
        await asyncio.to_thread(self._write, key, data)
        return key

    async def load(self, key: str) -> bytes:
        path = self.path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError as err:
            raise KeyError(key) from err

    async def delete(self, key: str) -> None:
        path = self.path(key)
        await asyncio.to_thread(path.unlink, True)


@cache
def get_storage() -> Storage:
    """The storage of this process: LocalStorage under ``settings.attachments_dir``."""
    return LocalStorage(settings.attachments_dir)


def accepts_images(provider: str, model: str) -> bool:
    """Whether ``model`` of ``provider`` takes image input (the schema's ``images: true``)."""
    from app.chat.catalog import MODELS

    info = MODELS.get((provider, model))
    return bool(info is not None and info.accepts_images)


async def create(session: AsyncSession, owner_id: uuid.UUID, data: bytes, storage: Storage) -> Any:
    """Check and store an upload of ``owner_id``; return the new ChatAttachment row.

    Raises AttachmentError (see :meth:`AttachmentPolicy.media_type`; 409 when the user already
    holds ``max_pending`` unsent attachments). The bytes are removed again if the row cannot be
    stored.
    """
    limits = policy()
    media_type = limits.media_type(data)
    pending = await session.scalar(
        sa.select(sa.func.count())
        .select_from(ChatAttachment)
        .where(ChatAttachment.owner_id == owner_id, ChatAttachment.message_id.is_(None))
    )
    if (pending or 0) >= limits.max_pending:
        raise AttachmentError(
            409, f"at most {limits.max_pending} unsent attachments: send or delete some first"
        )
    key = await storage.save(data)
    row = ChatAttachment(
        owner_id=owner_id, media_type=media_type, size_bytes=len(data), storage_key=key
    )
    try:
        session.add(row)
        await session.commit()
    except BaseException:
        await storage.delete(key)
        raise
    await session.refresh(row)
    return row


async def owned(session: AsyncSession, owner_id: uuid.UUID, attachment_id: uuid.UUID) -> Any:
    """The attachment ``attachment_id`` if ``owner_id`` owns it, else None."""
    statement = sa.select(ChatAttachment).where(
        ChatAttachment.id == attachment_id, ChatAttachment.owner_id == owner_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def remove(session: AsyncSession, row: Any, storage: Storage) -> None:
    """Delete the attachment ``row`` and its bytes (a sent one leaves its message)."""
    key = row.storage_key
    await session.delete(row)
    await session.commit()
    await storage.delete(key)


async def claim(
    session: AsyncSession,
    owner_id: uuid.UUID,
    ids: Sequence[uuid.UUID],
    provider: str,
    model: str,
) -> list[uuid.UUID]:
    """The distinct ``ids`` in order, checked for a ``message.send`` in ``model`` of
    ``provider``; raises ChatError ``too_many_attachments``, ``unsupported_input`` (the model
    takes no images) or ``attachment_not_found`` (missing, another user's, or already sent)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    limit = policy().max_count
    if len(wanted) > limit:
        raise ChatError("too_many_attachments", f"attachments: at most {limit} per message")
    if not accepts_images(provider, model):
        raise ChatError(
            "unsupported_input",
            f"model '{model}' of provider '{provider}' does not accept images: "
            "send the message without attachments or choose a model that takes images",
        )
    found = set(
        await session.scalars(
            sa.select(ChatAttachment.id).where(
                ChatAttachment.id.in_(wanted),
                ChatAttachment.owner_id == owner_id,
                ChatAttachment.message_id.is_(None),
            )
        )
    )
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise ChatError(
            "attachment_not_found",
            f"attachments: not found or already sent: {', '.join(missing)}",
        )
    return wanted


async def link(
    session: AsyncSession, owner_id: uuid.UUID, ids: Sequence[uuid.UUID], message_id: uuid.UUID
) -> None:
    """Tie the claimed ``ids`` to the user message ``message_id`` (not committed here).

    Raises ChatError ``attachment_not_found`` when another send took one of them meanwhile;
    the caller's transaction is then rolled back, so nothing is stored.
    """
    if not ids:
        return
    result: Any = await session.execute(
        sa.update(ChatAttachment)
        .where(
            ChatAttachment.id.in_(ids),
            ChatAttachment.owner_id == owner_id,
            ChatAttachment.message_id.is_(None),
        )
        .values(message_id=message_id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != len(ids):
        raise ChatError("attachment_not_found", "attachments: already sent with another message")


async def with_images(
    turns: tuple[ChatTurn, ...],
    conversation_id: uuid.UUID,
    reply_id: uuid.UUID,
    provider: str,
    model: str,
    storage: Storage | None = None,
) -> tuple[ChatTurn, ...]:
    """``turns`` (a prompt for the reply ``reply_id`` by ``model`` of ``provider``) with each
    user turn's images; unchanged when the model takes no images (the conversation may have
    switched to such a model after images were sent).

    The user turns of the prompt and the conversation's user messages before the reply are
    matched from the most recent backwards, so a prompt that keeps only the latest history
    still pairs each turn with its own message. Raises ChatError ``attachment_missing`` when
    stored bytes are gone (the reply then fails rather than answer without its image).
    """
    if not accepts_images(provider, model):
        return turns
    async with SessionLocal() as session:
        prompt = cast("sa.Select[Any]", bindings.prompt_rows(conversation_id, reply_id))
        rows = (await session.execute(prompt.add_columns(bindings.MessageModel.id))).all()
        user_ids = [row[-1] for row in rows if row[0] == bindings.USER]
        if not user_ids:
            return turns
        attached = (
            await session.scalars(
                sa.select(ChatAttachment)
                .where(ChatAttachment.message_id.in_(user_ids))
                .order_by(ChatAttachment.created_at, ChatAttachment.id)
            )
        ).all()
    if not attached:
        return turns
    by_message: dict[uuid.UUID | None, list[Any]] = {}
    for row in attached:
        by_message.setdefault(row.message_id, []).append(row)
    storage = storage or get_storage()
    result = list(turns)
    positions = [i for i, turn in enumerate(turns) if turn.role == "user"]
    for position, message_id in zip(reversed(positions), reversed(user_ids), strict=False):
        images = []
        for row in by_message.get(message_id, []):
            try:
                data = await storage.load(row.storage_key)
            except KeyError as err:
                raise ChatError(
                    "attachment_missing", f"attachment {row.id} has no stored bytes"
                ) from err
            images.append(Image(media_type=row.media_type, data=data))
        if images:
            result[position] = dataclasses.replace(result[position], images=tuple(images))
    return tuple(result)
