"""The batched writer of streaming replies (``app.chat.writer``), on real SQLite and PostgreSQL:
batches append in order, renew the lease, survive a failed batch, drop a deleted row, and
never write after ``settle`` (the final write of a reply comes last)."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import NullPool

from app.chat.stream import ActiveStream, FlushPolicy
from app.chat.writer import Writer

NEVER = FlushPolicy(interval=3600, max_bytes=1 << 30, on_sentence=False)  # only mark_due
HOUR = 3600.0


class Base(DeclarativeBase):
    pass


class Reply(Base):
    __tablename__ = "reply"
    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    body: Mapped[str | None] = mapped_column(sa.Text)
    lease_owner: Mapped[str | None] = mapped_column(sa.String(64))
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'writer.db'}"
    else:
        yield request.getfixturevalue("postgres_url")


class Deadlines:
    """Lease deadlines, one hour apart, so each write's deadline can be told apart."""

    def __init__(self) -> None:
        self.given: list[dt.datetime] = []

    def __call__(self) -> dt.datetime:
        start = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
        self.given.append(start + dt.timedelta(hours=len(self.given)))
        return self.given[-1]


Scenario = Callable[[AsyncEngine, async_sessionmaker[AsyncSession]], Awaitable[None]]


def run(url: str, scenario: Scenario) -> None:
    async def main() -> None:
        engine = create_async_engine(url, poolclass=NullPool)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(Base.metadata.create_all)
            await scenario(engine, async_sessionmaker(engine, expire_on_commit=False))
        finally:
            await engine.dispose()

    asyncio.run(main())


async def new_stream(
    sessions: async_sessionmaker[AsyncSession], owner: str | None = None
) -> ActiveStream:
    stream = ActiveStream(uuid.uuid4(), uuid.uuid4(), NEVER)
    async with sessions() as session:
        session.add(Reply(id=stream.message_id, body="", lease_owner=owner))
        await session.commit()
    return stream


async def stored(sessions: async_sessionmaker[AsyncSession], stream: ActiveStream) -> Any:
    async with sessions() as session:
        return await session.get(Reply, stream.message_id, populate_existing=True)


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """``value`` as an aware UTC datetime (SQLite gives the UTC wall time without a zone)."""
    if value is None:
        return None
    return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)


def make_writer(
    sessions: Any,
    lease: Callable[[], dt.datetime],
    renew_after: float = HOUR,
    owner: str | None = None,
) -> Writer:
    return Writer(
        sessions,
        Reply,
        "body",
        lease=lease,
        interval_ms=3_600_000,
        renew_after=renew_after,
        owner=owner,
    )


def test_batches_append_every_due_stream_in_order(database_url: str) -> None:
    async def scenario(_engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        deadlines = Deadlines()
        writer = make_writer(sessions, deadlines)
        first, second = await new_stream(sessions), await new_stream(sessions)
        writer.track(first)
        writer.track(second)
        first.accept("Hello, ")
        second.accept("\U0001f600 one ")
        assert await writer.flush() == 0  # nothing is due yet
        writer.mark_due(first)
        writer.mark_due(second)
        assert await writer.flush() == 2  # both in one batch
        first.accept("world")
        second.accept("two ")
        writer.mark_due(first)
        assert await writer.flush() == 1
        assert (await stored(sessions, first)).body == "Hello, world"
        assert (await stored(sessions, second)).body == "\U0001f600 one "  # not due: not written
        second.accept("three")
        assert await writer.flush(everything=True) == 1
        assert (await stored(sessions, second)).body == "\U0001f600 one two three"
        assert first.flushed == len(first.text) and second.flushed == len(second.text)
        await writer.stop()

    run(database_url, scenario)


def test_each_write_renews_the_lease_and_idle_streams_are_renewed(database_url: str) -> None:
    async def scenario(_engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        deadlines = Deadlines()
        writer = make_writer(sessions, deadlines)
        stream = await new_stream(sessions)
        writer.track(stream)
        stream.accept("text")
        writer.mark_due(stream)
        await writer.flush()
        assert utc((await stored(sessions, stream)).lease_expires_at) == deadlines.given[-1]
        assert await writer.flush() == 0  # nothing pending and the lease is fresh
        renewing = make_writer(sessions, deadlines, renew_after=0.0)
        renewing.track(stream)
        assert await renewing.flush() == 1  # no text, but a lease to renew
        row = await stored(sessions, stream)
        assert utc(row.lease_expires_at) == deadlines.given[-1] and row.body == "text"
        await writer.stop()
        await renewing.stop()

    run(database_url, scenario)


def test_a_failed_batch_is_retried_without_losing_or_repeating_text(database_url: str) -> None:
    class CommitFailsOnce:
        def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
            self.sessions = sessions
            self.failures = 1

        def __call__(self) -> AsyncSession:
            session = self.sessions()
            if self.failures:
                self.failures -= 1

                async def lost() -> None:  # the UPDATE ran; the commit never happens
                    raise OSError("connection lost")

                session.commit = lost  # type: ignore[method-assign]
            return session

    async def scenario(_engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        writer = make_writer(CommitFailsOnce(sessions), Deadlines())
        stream = await new_stream(sessions)
        writer.track(stream)
        stream.accept("one ")
        writer.mark_due(stream)
        assert await writer.flush() == 0  # failed: rolled back, still pending
        assert (await stored(sessions, stream)).body == ""
        assert stream.flushed == 0
        stream.accept("two")
        assert await writer.flush() == 1  # retried with what came since
        assert (await stored(sessions, stream)).body == "one two"
        await writer.stop()

    run(database_url, scenario)


def test_a_deleted_row_is_dropped(database_url: str) -> None:
    async def scenario(_engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        writer = make_writer(sessions, Deadlines())
        kept, deleted = await new_stream(sessions), await new_stream(sessions)
        for stream in (kept, deleted):
            writer.track(stream)
            stream.accept("text")
            writer.mark_due(stream)
        async with sessions() as session:
            await session.execute(sa.delete(Reply).where(Reply.id == deleted.message_id))
            await session.commit()
        assert await writer.flush() == 1
        assert writer.tracked(kept.message_id) and not writer.tracked(deleted.message_id)
        deleted.accept(" more")
        writer.mark_due(deleted)  # ignored: it is gone
        assert await writer.flush() == 0
        assert await stored(sessions, deleted) is None
        assert (await stored(sessions, kept)).body == "text"
        await writer.stop()

    run(database_url, scenario)


def test_a_reply_whose_lease_another_process_holds_is_dropped(database_url: str) -> None:
    async def scenario(_engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        writer = make_writer(sessions, Deadlines(), owner="me")
        mine, taken = await new_stream(sessions, "me"), await new_stream(sessions, "other")
        for stream in (mine, taken):
            writer.track(stream)
            stream.accept("text")
            writer.mark_due(stream)
        assert await writer.flush() == 1
        assert writer.tracked(mine.message_id) and not writer.tracked(taken.message_id)
        assert (await stored(sessions, mine)).body == "text"
        assert (await stored(sessions, taken)).body == ""
        await writer.stop()

    run(database_url, scenario)


class Gated:
    """Sessions whose first statement waits until the test opens the gate."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.entered = asyncio.Event()
        self.gate = asyncio.Event()

    def __call__(self) -> AsyncSession:
        session = self.sessions()
        execute = session.execute

        async def gated(*args: Any, **kwargs: Any) -> Any:
            if not self.gate.is_set():
                self.entered.set()
                await self.gate.wait()
            return await execute(*args, **kwargs)

        session.execute = gated  # type: ignore[method-assign]
        return session


def test_settle_waits_for_the_batch_in_flight_so_the_final_write_comes_last(
    database_url: str,
) -> None:
    async def scenario(_engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        gated = Gated(sessions)
        writer = make_writer(gated, Deadlines())
        stream = await new_stream(sessions)
        writer.track(stream)
        stream.accept("partial ")
        writer.mark_due(stream)
        batch = asyncio.create_task(writer.flush())
        await gated.entered.wait()  # the batch holds the stream and is in flight
        stream.accept("rest")
        settle = asyncio.create_task(writer.settle(stream))
        for _ in range(20):
            await asyncio.sleep(0)
        assert not settle.done()  # the batch is still in flight
        gated.gate.set()
        await settle
        assert batch.done() and batch.result() == 1
        async with sessions() as session:  # the reply's final write: the whole text
            await session.execute(
                sa.update(Reply).where(Reply.id == stream.message_id).values(body=stream.text)
            )
            await session.commit()
        stream.accept(" never written")
        writer.mark_due(stream)
        assert await writer.flush(everything=True) == 0  # settled: not written again
        assert (await stored(sessions, stream)).body == "partial rest"
        await writer.stop()

    run(database_url, scenario)


def test_with_an_owner_settle_returns_at_once_and_a_late_append_writes_nothing(
    database_url: str,
) -> None:
    """With a lease owner, the final write (which releases the lease) need not wait for a batch
    in flight: an append that comes after it matches no row (its ``lease_owner`` condition)."""

    async def scenario(_engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        gated = Gated(sessions)
        writer = make_writer(gated, Deadlines(), owner="me")
        stream = await new_stream(sessions, owner="me")
        writer.track(stream)
        stream.accept("partial ")
        writer.mark_due(stream)
        batch = asyncio.create_task(writer.flush())
        await gated.entered.wait()  # the batch holds the stream; its append is not yet sent
        stream.accept("rest")
        await writer.settle(stream)  # returns at once
        async with sessions() as session:  # the final write: the whole text, the lease released
            await session.execute(
                sa.update(Reply)
                .where(Reply.id == stream.message_id, Reply.lease_owner == "me")
                .values(body=stream.text, lease_owner=None)
            )
            await session.commit()
        gated.gate.set()
        assert await batch == 0  # the late append matched nothing
        assert (await stored(sessions, stream)).body == "partial rest"
        await writer.stop()

    run(database_url, scenario)


def test_the_task_writes_in_the_background_and_stop_writes_the_rest(database_url: str) -> None:
    async def scenario(_engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        writer = Writer(sessions, Reply, "body", lease=Deadlines(), interval_ms=5, renew_after=HOUR)
        await writer.start()
        stream = await new_stream(sessions)
        writer.track(stream)
        words = [f"w{n} " for n in range(30)]
        for word in words:
            stream.accept(word)
            writer.mark_due(stream)
            await asyncio.sleep(0.001)
        async with asyncio.timeout(30):  # a deadline for a broken writer, not a measurement
            while stream.flushed == 0:
                await asyncio.sleep(0.005)
        stream.accept("end")
        await writer.stop()  # writes what is pending
        assert (await stored(sessions, stream)).body == "".join(words) + "end"

    run(database_url, scenario)
