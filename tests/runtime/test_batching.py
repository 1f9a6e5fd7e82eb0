"""``app.core.batching.Batcher``: concurrent reads share one load, never an older one."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from app.core.batching import Batcher


def run(test: Callable[[], Coroutine[Any, Any, None]]) -> Callable[[], None]:
    """The coroutine ``test`` as a plain test, run in an event loop of its own."""

    @functools.wraps(test)
    def wrapped() -> None:
        asyncio.run(test())

    return wrapped


async def loading(store: Store) -> None:
    """Wait until ``store`` has begun a load (its snapshot read; held open by its gate)."""
    while not store.loads:
        await asyncio.sleep(0)


class Store:
    """A table of versions whose loads are recorded (and can be held open)."""

    def __init__(self) -> None:
        self.rows = {"a": 1, "b": 2}
        self.loads: list[list[str]] = []
        self.gate: asyncio.Event | None = None
        self.fail = False

    async def load(self, keys: list[str]) -> dict[str, int]:
        self.loads.append(list(keys))
        snapshot = {key: self.rows[key] for key in keys if key in self.rows}
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise RuntimeError("database gone")
        return snapshot


def held() -> tuple[Store, Batcher[str, int]]:
    """A store whose loads wait for its gate, and a batcher over it."""
    store = Store()
    store.gate = asyncio.Event()
    return store, Batcher(store.load)


@run
async def test_callers_of_one_moment_share_one_load() -> None:
    store = Store()
    batcher = Batcher(store.load)
    results = await asyncio.gather(*(batcher.get(key) for key in ["a", "b", "a", "missing"]))
    assert results == [1, 2, 1, None]
    assert store.loads == [["a", "b", "missing"]]


@run
async def test_a_caller_that_comes_during_a_load_waits_for_the_next_one() -> None:
    store, batcher = held()
    first = asyncio.ensure_future(batcher.get("a"))
    await loading(store)
    store.rows["a"] = 7  # e.g. a revocation committed after the first read
    second = asyncio.ensure_future(batcher.get("a"))
    await asyncio.sleep(0)
    store.gate.set()
    assert await first == 1
    assert await second == 7  # never the answer of a read that began before it asked
    assert store.loads == [["a"], ["a"]]


@run
async def test_a_failed_load_fails_its_callers_and_the_next_batch_tries_again() -> None:
    store = Store()
    store.fail = True
    batcher = Batcher(store.load)
    results = await asyncio.gather(batcher.get("a"), batcher.get("b"), return_exceptions=True)
    assert all(isinstance(result, RuntimeError) for result in results)
    store.fail = False
    assert await batcher.get("b") == 2


@run
async def test_a_cancelled_caller_does_not_cancel_the_load_of_the_others() -> None:
    store, batcher = held()
    leaving = asyncio.ensure_future(batcher.get("a"))
    staying = asyncio.ensure_future(batcher.get("a"))
    await loading(store)
    leaving.cancel()
    store.gate.set()
    assert await staying == 1
    with pytest.raises(asyncio.CancelledError):
        await leaving


@run
async def test_a_batch_holds_at_most_max_keys() -> None:
    store = Store()
    store.rows = {str(i): i for i in range(5)}
    batcher = Batcher(store.load, max_keys=2)
    assert await asyncio.gather(*(batcher.get(str(i)) for i in range(5))) == list(range(5))
    assert [len(keys) for keys in store.loads] == [2, 2, 1]


@run
async def test_batches_run_at_once_up_to_max_running() -> None:
    from app.core.batching import Batches

    gate = asyncio.Event()
    running: list[list[int]] = []

    async def work(batch: list[tuple[int, asyncio.Future[int]]]) -> None:
        running.append([item for item, _ in batch])
        await gate.wait()
        for item, future in batch:
            future.set_result(item * 10)

    batches: Batches[int, int] = Batches(work, max_items=2, max_running=2)
    calls = [asyncio.ensure_future(batches.submit(n)) for n in range(5)]
    while len(running) < 2:
        await asyncio.sleep(0)
    for _ in range(10):
        await asyncio.sleep(0)
    assert running == [[0, 1], [2, 3]]  # two at once, the fifth item waits for a free one
    gate.set()
    assert await asyncio.gather(*calls) == [0, 10, 20, 30, 40]
    assert running == [[0, 1], [2, 3], [4]]


@run
async def test_a_batch_that_leaves_an_item_unanswered_fails_it() -> None:
    from app.core.batching import Batches

    async def forgets(batch: list[tuple[int, asyncio.Future[int]]]) -> None:
        batch[0][1].set_result(1)

    batches: Batches[int, int] = Batches(forgets)
    results = await asyncio.gather(batches.submit(1), batches.submit(2), return_exceptions=True)
    assert results[0] == 1 and isinstance(results[1], RuntimeError)
