"""Image attachments (``app/chat/attachments.py``): the type sniffed from the bytes, the
limits, the local storage (random keys, no path out of its directory), and claiming, linking
and loading images for a prompt on a real SQLite database.

The generated modules it imports (models, bindings, catalog, config, db, service) are small
fakes here; the generated project's own tests drive the real ones over HTTP and websocket.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import types
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from app.chat.providers.base import ChatTurn, Image

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 "
HTML = b"<!doctype html><script>alert(1)</script>"


class Base(orm.DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: orm.Mapped[uuid.UUID] = orm.mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)


class Message(Base):
    __tablename__ = "messages"
    id: orm.Mapped[uuid.UUID] = orm.mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    conversation_id: orm.Mapped[uuid.UUID] = orm.mapped_column(sa.Uuid())
    role: orm.Mapped[str] = orm.mapped_column(sa.String(20))
    content: orm.Mapped[str] = orm.mapped_column(sa.Text())
    position: orm.Mapped[int] = orm.mapped_column(sa.Integer())


class ChatAttachment(Base):
    __tablename__ = "chat_attachments"
    id: orm.Mapped[uuid.UUID] = orm.mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    owner_id: orm.Mapped[uuid.UUID] = orm.mapped_column(sa.ForeignKey("users.id"))
    message_id: orm.Mapped[uuid.UUID | None] = orm.mapped_column(sa.ForeignKey("messages.id"))
    media_type: orm.Mapped[str] = orm.mapped_column(sa.String(32))
    size_bytes: orm.Mapped[int] = orm.mapped_column(sa.Integer())
    storage_key: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), default=lambda: dt.datetime.now(dt.UTC)
    )


class FakeChatError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _module(name: str, **attributes: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    for key, value in attributes.items():
        setattr(module, key, value)
    return module


def _prompt_rows(conversation_id: uuid.UUID, exclude: uuid.UUID) -> sa.Select[Any]:
    return (
        sa.select(Message.role, Message.content)
        .where(Message.conversation_id == conversation_id, Message.id != exclude)
        .order_by(Message.position)
    )


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[types.SimpleNamespace]:
    """``app.chat.attachments`` over fake generated modules and a temporary SQLite file."""
    engine = create_async_engine(
        f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", poolclass=NullPool
    )

    async def create_tables() -> None:
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)

    asyncio.run(create_tables())
    settings = types.SimpleNamespace(
        attachments_dir=str(tmp_path / "files"),
        attachments_max_bytes=64,
        attachments_max_count=2,
        attachments_max_pending=3,
        attachments_types=["image/png", "image/jpeg", "image/webp"],
    )
    seeing = types.SimpleNamespace(accepts_images=True)
    blind = types.SimpleNamespace(accepts_images=False)
    fakes = {
        "app.models": _module("app.models", ChatAttachment=ChatAttachment),
        "app.chat.bindings": _module(
            "app.chat.bindings", MessageModel=Message, USER="user", prompt_rows=_prompt_rows
        ),
        "app.chat.catalog": _module(
            "app.chat.catalog", MODELS={("p", "seeing"): seeing, ("p", "blind"): blind}
        ),
        "app.chat.service": _module("app.chat.service", ChatError=FakeChatError),
        "app.core.config": _module("app.core.config", settings=settings),
        "app.core.db": _module(
            "app.core.db", SessionLocal=async_sessionmaker(engine, expire_on_commit=False)
        ),
    }
    for name, module in fakes.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delitem(sys.modules, "app.chat.attachments", raising=False)
    import app.chat.attachments as attachments

    yield types.SimpleNamespace(
        attachments=attachments,
        settings=settings,
        session=fakes["app.core.db"].SessionLocal,
        storage=attachments.LocalStorage(settings.attachments_dir),
    )
    sys.modules.pop("app.chat.attachments", None)
    asyncio.run(engine.dispose())


# -- the type, from the bytes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (GIF, "image/gif"),
        (WEBP, "image/webp"),
        (HTML, None),
        (b"RIFF\x1a\x00\x00\x00WAVEfmt ", None),  # a RIFF that is not WebP
        (b"\x89PNG", None),  # a truncated signature
        (b"", None),
    ],
)
def test_sniff_reads_the_signature(
    env: types.SimpleNamespace, data: bytes, media_type: str | None
) -> None:
    assert env.attachments.sniff(data) == media_type


def test_policy_refuses_empty_large_and_unaccepted_files(env: types.SimpleNamespace) -> None:
    policy = env.attachments.policy()
    assert policy.media_type(PNG) == "image/png"
    cases = [(b"", 422), (PNG + bytes(64), 413), (HTML, 415), (GIF, 415)]  # GIF: not in types
    for data, status in cases:
        with pytest.raises(env.attachments.AttachmentError) as caught:
            policy.media_type(data)
        assert caught.value.status == status


# -- local storage ------------------------------------------------------------------------


def test_local_storage_round_trip(env: types.SimpleNamespace, tmp_path: Path) -> None:
    storage = env.storage

    async def run() -> None:
        key = await storage.save(PNG)
        assert len(key) == 32 and int(key, 16) >= 0
        path = storage.path(key)
        assert path.is_relative_to(tmp_path / "files") and path.read_bytes() == PNG
        assert await storage.load(key) == PNG
        assert key != await storage.save(PNG)  # a new key every time
        await storage.delete(key)
        await storage.delete(key)  # already gone: no error
        with pytest.raises(KeyError):
            await storage.load(key)

    asyncio.run(run())


@pytest.mark.parametrize(
    "key", ["../../etc/passwd", "..", "/etc/passwd", "A" * 32, "0" * 31, "0" * 32 + "/x", ""]
)
def test_local_storage_refuses_keys_it_cannot_have_made(
    env: types.SimpleNamespace, key: str
) -> None:
    with pytest.raises(KeyError):
        env.storage.path(key)
    with pytest.raises(KeyError):
        asyncio.run(env.storage.load(key))


# -- rows: upload, claim, link, prompt ----------------------------------------------------


def _user(env: types.SimpleNamespace) -> uuid.UUID:
    async def run() -> uuid.UUID:
        async with env.session() as session:
            user = User()
            session.add(user)
            await session.commit()
            return user.id

    return asyncio.run(run())


def _upload(env: types.SimpleNamespace, owner: uuid.UUID, data: bytes = PNG) -> Any:
    async def run() -> Any:
        async with env.session() as session:
            return await env.attachments.create(session, owner, data, env.storage)

    return asyncio.run(run())


def test_upload_stores_bytes_and_row_with_a_pending_limit(env: types.SimpleNamespace) -> None:
    owner = _user(env)
    row = _upload(env, owner, JPEG)
    assert (row.media_type, row.size_bytes, row.message_id) == ("image/jpeg", len(JPEG), None)
    assert env.storage.path(row.storage_key).read_bytes() == JPEG
    _upload(env, owner)
    _upload(env, owner)
    with pytest.raises(env.attachments.AttachmentError) as caught:
        _upload(env, owner)  # max_pending = 3
    assert caught.value.status == 409
    assert _upload(env, _user(env)).owner_id != owner  # the limit is per user


def test_owned_hides_other_users_attachments(env: types.SimpleNamespace) -> None:
    alice, bob = _user(env), _user(env)
    row = _upload(env, alice)

    async def run(owner: uuid.UUID) -> Any:
        async with env.session() as session:
            return await env.attachments.owned(session, owner, row.id)

    assert asyncio.run(run(alice)).id == row.id
    assert asyncio.run(run(bob)) is None


def _claim(env: types.SimpleNamespace, owner: uuid.UUID, ids: list[uuid.UUID], model: str) -> Any:
    async def run() -> Any:
        async with env.session() as session:
            return await env.attachments.claim(session, owner, ids, "p", model)

    return asyncio.run(run())


def _message(env: types.SimpleNamespace, conversation: uuid.UUID, role: str, position: int) -> Any:
    async def run() -> Any:
        async with env.session() as session:
            message = Message(
                conversation_id=conversation,
                role=role,
                content=f"{role} {position}",
                position=position,
            )
            session.add(message)
            await session.commit()
            return message

    return asyncio.run(run())


def _link(env: types.SimpleNamespace, owner: uuid.UUID, ids: list[uuid.UUID], message: Any) -> None:
    async def run() -> None:
        async with env.session() as session:
            await env.attachments.link(session, owner, ids, message.id)
            await session.commit()

    asyncio.run(run())


def test_claim_checks_count_model_owner_and_unsent(env: types.SimpleNamespace) -> None:
    alice, bob = _user(env), _user(env)
    first, second, third = (_upload(env, alice).id for _ in range(3))
    assert _claim(env, alice, [], "blind") == []  # no attachments: nothing to check
    assert _claim(env, alice, [second, first, second], "seeing") == [second, first]
    cases = [
        ([first, second, third], "seeing", "too_many_attachments"),
        ([first], "blind", "unsupported_input"),
        ([first], "unknown", "unsupported_input"),
        ([uuid.uuid4()], "seeing", "attachment_not_found"),
    ]
    for ids, model, code in cases:
        with pytest.raises(FakeChatError) as caught:
            _claim(env, alice, ids, model)
        assert caught.value.code == code, (ids, model)
    with pytest.raises(FakeChatError) as caught:
        _claim(env, bob, [first], "seeing")  # another user's is as good as missing
    assert caught.value.code == "attachment_not_found"
    message = _message(env, uuid.uuid4(), "user", 0)
    _link(env, alice, [first], message)
    with pytest.raises(FakeChatError) as caught:
        _claim(env, alice, [first], "seeing")  # already sent
    assert caught.value.code == "attachment_not_found"
    with pytest.raises(FakeChatError):
        _link(env, alice, [first, second], message)  # a race lost: nothing is linked
    assert _claim(env, alice, [second], "seeing") == [second]


def test_with_images_gives_each_user_turn_its_own_images(env: types.SimpleNamespace) -> None:
    owner, conversation = _user(env), uuid.uuid4()
    first = _message(env, conversation, "user", 0)
    _message(env, conversation, "assistant", 1)
    second = _message(env, conversation, "user", 2)
    reply = _message(env, conversation, "assistant", 3)
    png, jpeg, webp = _upload(env, owner, PNG), _upload(env, owner, JPEG), _upload(env, owner, WEBP)
    _link(env, owner, [png.id], first)
    _link(env, owner, [jpeg.id, webp.id], second)
    turns = (
        ChatTurn("system", "be brief"),
        ChatTurn("user", "user 0"),
        ChatTurn("assistant", "assistant 1"),
        ChatTurn("user", "user 2"),
    )
    result = asyncio.run(
        env.attachments.with_images(turns, conversation, reply.id, "p", "seeing", env.storage)
    )
    assert [turn.content for turn in result] == [turn.content for turn in turns]
    assert result[0].images == result[2].images == ()
    assert result[1].images == (Image("image/png", PNG),)
    assert result[3].images == (Image("image/jpeg", JPEG), Image("image/webp", WEBP))
    # a prompt keeping only the latest history still pairs turns with their own messages
    latest = asyncio.run(
        env.attachments.with_images(turns[3:], conversation, reply.id, "p", "seeing", env.storage)
    )
    assert latest[0].images == (Image("image/jpeg", JPEG), Image("image/webp", WEBP))
    asyncio.run(env.storage.delete(png.storage_key))
    with pytest.raises(FakeChatError) as caught:
        asyncio.run(
            env.attachments.with_images(turns, conversation, reply.id, "p", "seeing", env.storage)
        )
    assert caught.value.code == "attachment_missing"


def test_with_images_leaves_a_prompt_without_attachments_alone(env: types.SimpleNamespace) -> None:
    conversation = uuid.uuid4()
    _message(env, conversation, "user", 0)
    reply = _message(env, conversation, "assistant", 1)
    turns = (ChatTurn("user", "user 0"),)
    assert (
        asyncio.run(env.attachments.with_images(turns, conversation, reply.id, "p", "seeing"))
        is turns
    )


def test_with_images_sends_none_to_a_model_without_image_input(env: types.SimpleNamespace) -> None:
    owner, conversation = _user(env), uuid.uuid4()
    question = _message(env, conversation, "user", 0)
    reply = _message(env, conversation, "assistant", 1)
    _link(env, owner, [_upload(env, owner).id], question)
    turns = (ChatTurn("user", "user 0"),)
    seeing = asyncio.run(env.attachments.with_images(turns, conversation, reply.id, "p", "seeing"))
    assert seeing[0].images == (Image("image/png", PNG),)
    assert (
        asyncio.run(env.attachments.with_images(turns, conversation, reply.id, "p", "blind"))
        is turns
    )
