"""Reads that many tasks ask for at once, answered by one statement (``Batcher``).

Hundreds of sockets each checking their token before a frame would each take a pooled
connection for one small ``SELECT``; under a burst those round trips queue behind each other.
A ``Batcher`` gathers the keys asked for while the event loop runs its other callbacks and
reads them all with one call of its loader (``WHERE id IN (...)``): one round trip per batch
instead of one per caller.

Freshness: a caller is answered only by a load that started after it asked; a key asked for
while a load is in flight waits for the next load, so a read never returns state older than
the request (what a revocation check needs).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Batcher(Generic[K, V]):
    """``await batcher.get(key)`` -> the value ``load`` gives ``key`` (None when it gives none).

    ``load(keys)`` (a list of distinct keys, at most ``max_keys``) returns a dict of the keys it
    found; it runs once per batch, one batch at a time, in a task of its own, so a caller that
    is cancelled never cancels a load that others wait for. An exception of ``load`` is raised
    to every caller of that batch; the next batch tries again.
    """

    def __init__(
        self, load: Callable[[list[K]], Awaitable[dict[K, V]]], max_keys: int = 500
    ) -> None:
        self._load = load
        self._max_keys = max_keys
        self._pending: dict[K, list[asyncio.Future[V | None]]] = {}
        self._task: asyncio.Task[None] | None = None

    async def get(self, key: K) -> V | None:
        """The value of ``key`` read by a load that starts after this call."""
        future: asyncio.Future[V | None] = asyncio.get_running_loop().create_future()
        self._pending.setdefault(key, []).append(future)
        task = self._task
        if task is None or task.done() or task.get_loop() is not asyncio.get_running_loop():
            self._task = asyncio.get_running_loop().create_task(self._run())
        return await future  # a cancelled caller leaves the batch; the load goes on

    async def _run(self) -> None:
        """Load batches until no key waits."""
        await asyncio.sleep(0)  # let the callers of this loop iteration join the first batch
        while self._pending:
            keys = list(self._pending)[: self._max_keys]
            waiting = {key: self._pending.pop(key) for key in keys}
            try:
                found = await self._load(keys)
            except Exception as err:  # every caller of the batch gets the failure
                for futures in waiting.values():
                    for future in futures:
                        if not future.done():
                            future.set_exception(err)
                continue
            except BaseException:  # cancelled (the loop is closing): so are its callers
                for futures in waiting.values():
                    for future in futures:
                        future.cancel()
                raise
            for key, futures in waiting.items():
                for future in futures:
                    if not future.done():
                        future.set_result(found.get(key))


T = TypeVar("T")
R = TypeVar("R")


class Batches(Generic[T, R]):
    """``await batches.submit(item)`` -> the result ``run`` gives ``item``.

    Items submitted while the event loop runs its other callbacks, or while the batches under
    way run, go to ``run`` together (at most ``max_items`` at a time, in the order submitted),
    in tasks of their own: at most ``max_running`` batches at once (one: each batch starts
    after the previous one ended). ``run(batch)`` gets ``(item, future)`` pairs and resolves
    each future itself; a future already done (its caller was cancelled) is skipped or left as
    it is. A future that ``run`` leaves unresolved gets ``run``'s exception, or a RuntimeError
    if it returned. Batches that run at once must not deadlock each other (a database batch
    takes its row locks in a fixed order).
    """

    def __init__(
        self,
        run: Callable[[list[tuple[T, asyncio.Future[R]]]], Awaitable[None]],
        max_items: int = 100,
        max_running: int = 1,
    ) -> None:
        self._run_batch = run
        self._max_items = max_items
        self._max_running = max_running
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def submit(self, item: T) -> R:
        """Queue ``item`` for the next batch and wait for its result (or its exception)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[R] = loop.create_future()
        self._pending.append((item, future))
        self._tasks = {task for task in self._tasks if not task.done() and task.get_loop() is loop}
        if len(self._tasks) < self._max_running:  # a task that finds nothing left just ends
            self._tasks.add(loop.create_task(self._run()))
        return await future

    async def _run(self) -> None:
        await asyncio.sleep(0)  # let the callers of this loop iteration join the first batch
        while self._pending:
            batch = self._pending[: self._max_items]
            del self._pending[: self._max_items]
            failure: BaseException = RuntimeError("the batch left this item unanswered")
            try:
                await self._run_batch(batch)
            except Exception as err:
                failure = err
            except BaseException:  # cancelled (the loop is closing): so are its callers
                for _, future in batch:
                    future.cancel()
                raise
            for _, future in batch:
                if not future.done():
                    future.set_exception(failure)
