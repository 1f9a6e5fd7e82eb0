"""Batched persistence of streaming replies: one writer per process, one transaction per batch.

A reply being generated (``ActiveStream``) no longer writes its own text. ``_run`` hands it to
the process's ``Writer`` (``track``), marks it due when its flush policy says so
(``mark_due``: a sentence ended, ``max_bytes`` pending) and goes on streaming. Every
``interval_ms`` milliseconds (``STREAM_FLUSH_MS``) the writer's task takes every tracked
stream that is due, or whose policy interval has passed with text pending, or whose lease
needs renewing (a third of ``STREAM_LEASE_SECONDS`` without a write), and appends their
pending text in ONE transaction,
``content = coalesce(content, '') || :pending, lease_expires_at = :deadline``: on PostgreSQL
one ``UPDATE ... FROM unnest(:ids, :pieces) ... RETURNING id`` for the whole batch (arrays as
parameters: one statement, prepared once, whatever the batch's size), elsewhere one statement
executed for each (``executemany``, a loop in the driver on SQLite) and a SELECT of the rows
still there. Appending keeps the cost linear in a reply's length, and a 2-core server does a
few round trips per batch instead of several per flush per stream. Rows are locked in the
order of their ids, as every other transaction writing several replies does: two of them at
once wait for each other, never deadlock.

Guarantees (each stream's ``text[:flushed]`` is what the database holds):

- order: one batch at a time; a stream's ``flushed`` moves only after its batch committed, so
  the pieces are appended in order, each exactly once;
- failure: a batch that fails (database down, a deadlock) changes nothing; its text stays
  pending and goes with the next batch;
- gone rows: a stream whose row was deleted (its conversation was deleted), or whose lease
  another process holds, is dropped after the batch that found it so, never written again;
- the end: ``settle(stream)`` stops writing a stream and waits for a batch in flight that
  holds it, so the final write of the reply (status, the whole content) comes after every
  batched append and supersedes them.
"""

import asyncio
import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from app.chat.stream import ActiveStream

logger = logging.getLogger(__name__)

SessionFactory = Callable[[], AsyncSession]


class Writer:
    """Appends the pending text of this process's streaming replies, in batches.

    ``model`` is the message model (a mapped class with an ``id`` primary key, the text column
    ``content`` and a ``lease_expires_at`` column); ``lease`` gives the lease deadline to
    store with each write (an aware datetime); ``interval_ms`` is the period of the batches
    (milliseconds); ``renew_after`` is how long (seconds) a stream may go without a write
    before one is made only to renew its lease. With ``owner`` (this process's ``lease_owner``)
    only rows whose lease it holds are written: a reply another process took over, or that
    recovery ended, is dropped like a deleted one.
    """

    def __init__(
        self,
        sessions: SessionFactory,
        model: Any,
        content: str,
        *,
        lease: Callable[[], dt.datetime],
        interval_ms: int,
        renew_after: float,
        owner: str | None = None,
    ) -> None:
        self.sessions = sessions
        self.interval = interval_ms / 1000
        self.renew_after = renew_after
        self.lease = lease
        self.owner = owner
        table: sa.Table = model.__table__
        text = table.c[content]
        ours = sa.true() if owner is None else table.c.lease_owner == owner
        self._append = (
            sa.update(table)
            .where(table.c.id == sa.bindparam("b_id"), ours)
            .values(
                {
                    text: sa.func.coalesce(text, "") + sa.bindparam("b_text", type_=text.type),
                    table.c.lease_expires_at: sa.bindparam("b_lease"),
                }
            )
        )
        self._present = sa.select(table.c.id).where(
            table.c.id.in_(sa.bindparam("b_ids", expanding=True)), ours
        )
        pieces = (
            sa.func.unnest(
                sa.bindparam("a_id", type_=postgresql.ARRAY(table.c.id.type)),
                sa.bindparam("a_text", type_=postgresql.ARRAY(text.type)),
            )
            .table_valued(sa.column("id", table.c.id.type), sa.column("text", text.type))
            .render_derived(name="pieces")
        )
        in_order = (  # row locks taken in the order of the ids, as every batch of replies does
            sa.select(table.c.id)
            .where(
                table.c.id
                == sa.any_(sa.bindparam("a_lock", type_=postgresql.ARRAY(table.c.id.type))),
                ours,
            )
            .order_by(table.c.id)
            .with_for_update()
        )
        self._append_all = (
            sa.update(table)
            .where(table.c.id == pieces.c.id, table.c.id.in_(in_order))
            .values(
                {
                    text: sa.func.coalesce(text, "") + pieces.c.text,
                    table.c.lease_expires_at: sa.bindparam("a_lease"),
                }
            )
            .returning(table.c.id)
        )
        self._streams: dict[uuid.UUID, ActiveStream] = {}
        self._due: set[uuid.UUID] = set()
        self._inflight: set[uuid.UUID] = set()  # the ids of the batch being written
        self._batch_done: asyncio.Future[None] | None = None
        self._task: asyncio.Task[None] | None = None

    # --- the streams -----------------------------------------------------------------------

    def track(self, stream: ActiveStream) -> None:
        """Write ``stream``'s text and renew its lease from now on (until ``settle``); starts
        the writer's task if it is not running in this event loop."""
        self._streams[stream.message_id] = stream
        self._ensure_running()

    def mark_due(self, stream: ActiveStream) -> None:
        """Write ``stream``'s pending text with the next batch (its flush policy said so)."""
        if stream.message_id in self._streams:
            self._due.add(stream.message_id)

    def tracked(self, message_id: uuid.UUID) -> bool:
        """Whether the writer still writes ``message_id`` (False once settled or gone)."""
        return message_id in self._streams

    async def settle(self, stream: ActiveStream) -> None:
        """Stop writing ``stream``. The caller then writes the final state, which supersedes
        (and never precedes) the appends.

        Without an ``owner``, this returns once no batch holding the stream is in flight. With
        one, it returns at once: the final write releases the lease (``lease_owner`` NULL) and
        is ordered with a batch still in flight by the database, so no wait is needed. If the
        batch's append ran first, the final write waits for its commit (PostgreSQL's row lock,
        SQLite's single writer) and overwrites it; if it runs after, its ``lease_owner``
        condition no longer holds and it writes nothing. (Waiting for the batch would add its
        whole duration, tens of milliseconds under load, to every reply's last frame.)"""
        self._streams.pop(stream.message_id, None)
        self._due.discard(stream.message_id)
        self._forget_other_loop()
        if self.owner is not None:
            return
        while stream.message_id in self._inflight and self._batch_done is not None:
            await asyncio.shield(self._batch_done)

    # --- the batches -----------------------------------------------------------------------

    def _batch(self, now: float, everything: bool) -> list[tuple[ActiveStream, int]]:
        """The streams to write now, each with the length of text to write up to."""
        batch = []
        for message_id, stream in self._streams.items():
            idle = now - stream.last_flush
            due = everything or message_id in self._due or stream.flush_due("", now)
            if (due and stream.pending) or idle >= self.renew_after:
                batch.append((stream, len(stream.text)))
        return batch

    async def flush(self, everything: bool = False) -> int:
        """Write one batch now: the pending text of every stream that is due (of every stream
        with pending text when ``everything``), and the lease of those that need renewing, in
        one transaction, after the batch in flight if there is one. Returns how many streams
        it wrote (0 when none was due or the batch failed: it is then retried next time)."""
        self._forget_other_loop()
        while self._inflight and self._batch_done is not None:  # one batch at a time
            await asyncio.shield(self._batch_done)
        now = time.monotonic()
        batch = self._batch(now, everything)
        if not batch:
            return 0
        self._inflight = {stream.message_id for stream, _ in batch}
        self._due.difference_update(self._inflight)
        loop = asyncio.get_running_loop()
        done = self._batch_done = loop.create_future()
        # shielded: a batch once sent is always accounted for, even if the caller is
        # cancelled (a cancelled commit could have landed: retrying it would repeat text)
        return await asyncio.shield(loop.create_task(self._write(batch, now, done)))

    async def _write(
        self, batch: list[tuple[ActiveStream, int]], now: float, done: asyncio.Future[None]
    ) -> int:
        """Append ``batch`` in one transaction and account for it; resolves ``done``."""
        ids = [stream.message_id for stream, _ in batch]
        written, committed = 0, False
        try:
            deadline = self.lease()
            in_order = sorted(batch, key=lambda item: item[0].message_id)
            pieces = [stream.text[stream.flushed : upto] for stream, upto in in_order]
            async with self.sessions() as session:
                if session.get_bind().dialect.name == "postgresql":
                    ordered = [stream.message_id for stream, _ in in_order]
                    params = {"a_id": ordered, "a_lock": ordered, "a_text": pieces}
                    result = await session.execute(self._append_all, params | {"a_lease": deadline})
                    present = set(result.scalars())
                else:
                    rows = [
                        {"b_id": stream.message_id, "b_text": piece, "b_lease": deadline}
                        for (stream, _), piece in zip(in_order, pieces, strict=True)
                    ]
                    await session.execute(self._append, rows)
                    present = set((await session.execute(self._present, {"b_ids": ids})).scalars())
                await session.commit()
                for stream, upto in batch:  # committed: account before anything can fail
                    if stream.message_id in present:
                        stream.mark_flushed(upto, now)
                        written += 1
                    elif self._streams.pop(stream.message_id, None) is not None:
                        logger.info("reply %s was deleted while streaming", stream.message_id)
                committed = True
        except Exception:
            if not committed:
                logger.warning("a batch of %d replies was not written; retrying", len(batch))
                logger.debug("batch failure", exc_info=True)
                self._due.update(i for i in ids if i in self._streams)
            else:  # closing the session failed after the commit: the batch is written
                logger.debug("closing the session of a written batch failed", exc_info=True)
        finally:
            self._inflight = set()
            done.set_result(None)
        return written

    # --- the task --------------------------------------------------------------------------

    def _forget_other_loop(self) -> None:
        """Forget a batch of an event loop that is gone (tests run one loop after another)."""
        done = self._batch_done
        if done is not None and done.get_loop() is not asyncio.get_running_loop():
            self._inflight, self._batch_done = set(), None

    def _ensure_running(self) -> None:
        loop = asyncio.get_running_loop()
        task = self._task
        if task is None or task.done() or task.get_loop() is not loop:
            self._task = loop.create_task(self._loop(), name="chat-writer")

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.flush()
            except Exception:  # never let the writer die: the next batch retries
                logger.exception("the reply writer failed")

    async def start(self) -> None:
        """Start the batches (``service.startup``; ``track`` also starts them when needed)."""
        self._ensure_running()

    async def stop(self) -> None:
        """Stop the batches after writing what is pending (``service.shutdown``)."""
        task, self._task = self._task, None
        if task is not None and task.get_loop() is asyncio.get_running_loop():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await self.flush(everything=True)
