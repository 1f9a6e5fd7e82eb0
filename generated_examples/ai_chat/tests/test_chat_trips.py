"""Database statements per reply, counted per phase (a ceiling, never a timing).

Every SQL statement the app sends (``before_cursor_execute``) and every BEGIN, COMMIT and
ROLLBACK of a transaction (with asyncpg each is a round trip; a connection in autocommit has
none) is counted and put down to the phase of the reply running at that moment: ``frame``
(the socket's per-frame token check, before the send is handled), ``start``
(``service._start``: the checks, the inserts and, in the same transaction, the prompt read),
``claim``, ``prompt`` (``service._run`` up to the provider's first delta: nothing is read
there any more), ``stream`` (the rest of ``_run``: the batched appends), ``finish`` (``service._finish``) and ``title`` (``service._title_safely``).
One reply runs at a time, so a module-level phase is exact. ``STATEMENT_CEILINGS`` bounds
each phase: a change that adds round trips to every reply fails here. Run with ``-s`` to see
the counts and the statements.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Account, create_conversation

STREAMING = "streaming"
STATEMENT_CEILINGS = {
    "frame": 1,  # SELECT token_version (autocommit)
    # user, conversation, lock, leaf, INSERT (both messages), UPDATE ... RETURNING, the branch
    # (one recursive CTE), earlier replies, BEGIN, COMMIT
    "start": 10,
    "claim": 0,  # the process that inserted the reply holds its lease already
    "prompt": 0,  # read by ``start``, in its transaction
    # message and conversation UPDATE ... RETURNING, BEGIN, COMMIT (and the reply's attachments,
    # which the RETURNING loads like any load of a message); on PostgreSQL fewer
    # (``POSTGRES_CEILINGS``)
    "finish": 4,
    "title": 3,  # UPDATE ... RETURNING (plus the totals when the title has a cost), BEGIN, COMMIT
}
"""Statements (SQL, BEGIN, COMMIT, ROLLBACK) per phase of one reply, at most."""

POSTGRES_CEILINGS = {
    # one statement in autocommit: the reply, its conversation's totals and the rows to publish
    # (``service._ends_statement``)
    "finish": 1,
}
"""Lower ceilings on PostgreSQL."""

NEW_START_CEILING = 5
"""The ``start`` phase of the first message of a new conversation: user, INSERT conversation,
INSERT (both messages), BEGIN, COMMIT: the branch is the message itself, nothing is read."""


def _on_postgresql() -> bool:
    from app.core.db import engine

    return engine.dialect.name == "postgresql"


def background() -> bool:
    """Whether the statement runs in the lease keeper's task (``service.KEEPER_TASK``)."""
    from app.chat import service

    try:
        task = asyncio.current_task()
    except RuntimeError:  # no event loop running here
        return False
    return task is not None and task.get_name() == service.KEEPER_TASK


class Trips:
    """Counts statements per phase (see the module docstring)."""

    def __init__(self) -> None:
        self.phase = "frame"
        self.counts: Counter[str] = Counter()
        self.statements: list[tuple[str, str]] = []
        self.opened: dict[int, str] = {}  # connection -> the phase its transaction began in

    def count(self, statement: str, connection: Any = None) -> None:
        """Count ``statement`` for the phase its transaction began in (the writer's batch may
        commit after the reply's end has begun), else for the phase running now. The periodic
        lease renewal and recovery (``service.KEEPER_TASK``) belong to no reply: not counted,
        whenever their timer fires."""
        if background():
            return
        phase = self.opened.get(id(connection), self.phase)
        self.counts[phase] += 1
        self.statements.append((phase, statement.split("\n")[0][:100]))

    def during(self, phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` (a coroutine function) counting its statements as ``phase``."""

        async def wrapped(*args: Any, **kwargs: Any) -> Any:
            before, self.phase = self.phase, phase
            try:
                return await function(*args, **kwargs)
            finally:
                if phase != "start":
                    self.phase = "idle"
                elif self.phase == "start":  # (the reply's task may have begun its own phase)
                    self.phase = before

        return wrapped


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[Trips]:
    from sqlalchemy import event

    from app.chat import service
    from app.chat.hub import hub
    from app.core.db import engine

    counter = Trips()
    for phase, name in [
        ("start", "_start"),
        ("claim", "_claim"),
        ("finish", "_finish"),
        ("title", "_title_safely"),
    ]:
        monkeypatch.setattr(service, name, counter.during(phase, getattr(service, name)))
    run = counter.during("prompt", service._run)
    monkeypatch.setattr(service, "_run", run)
    publish = hub.publish

    async def first_delta(kind: str, *args: Any) -> None:
        if kind == "message.streaming" and counter.phase == "prompt":
            counter.phase = "stream"
        await publish(kind, *args)

    monkeypatch.setattr(hub, "publish", first_delta)

    def on_execute(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        counter.count(statement, conn)

    def transaction(name: str) -> Callable[[Any], None]:
        def on_event(conn: Any) -> None:
            if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
                return  # in autocommit there is no transaction to begin or end
            if background():
                return
            if name == "BEGIN":
                counter.opened[id(conn)] = counter.phase
            counter.count(name, conn)
            if name != "BEGIN":
                counter.opened.pop(id(conn), None)

        return on_event

    sync_engine = engine.sync_engine
    listeners: list[tuple[str, Callable[..., None]]] = [("before_cursor_execute", on_execute)]
    listeners += [(name, transaction(name.upper())) for name in ("begin", "commit", "rollback")]
    for name, listener in listeners:
        event.listen(sync_engine, name, listener)
    try:
        yield counter
    finally:
        for name, listener in listeners:
            event.remove(sync_engine, name, listener)


def wait_idle() -> None:
    from app.chat import service

    deadline = time.monotonic() + 60
    while not service.idle():
        assert time.monotonic() < deadline, "the reply never ended"
        time.sleep(0.01)


def _count_one_reply(
    client: TestClient, user: Account, trips: Trips, data: dict[str, Any]
) -> dict[str, int]:
    """Send ``data`` as ``message.send`` on a fresh socket; the statements per phase of its reply."""
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        ws.send_json({"type": "trips.fence", "data": {}})  # the socket's own sign-in is done
        assert ws.receive_json()["data"]["code"] == "unknown_type"
        wait_idle()
        trips.counts.clear()
        trips.statements.clear()
        trips.phase = "frame"
        ws.send_json({"type": "message.send", "data": data})
        while True:
            frame = ws.receive_json()
            assert frame["type"] != "error", frame
            payload = frame["data"]
            if frame["type"] == "message.updated" and payload["status"] != STREAMING:
                break
        wait_idle()
    counts = dict(trips.counts)
    print("\nstatements per phase:", counts)
    for phase, statement in trips.statements:
        print(f"  {phase:7} {statement}")
    return counts


def test_statements_per_reply_stay_under_their_ceilings(
    client: TestClient, user: Account, trips: Trips
) -> None:
    conversation = create_conversation(client, user)
    data = {"conversation_id": conversation["id"], "content": "Count my round trips"}
    counts = _count_one_reply(client, user, trips, data)
    ceilings = STATEMENT_CEILINGS | (POSTGRES_CEILINGS if _on_postgresql() else {})
    over = {phase: n for phase, n in counts.items() if n > ceilings.get(phase, n)}
    assert not over, f"more statements than {ceilings}: {counts}"


def test_first_message_of_a_new_conversation_reads_nothing_before_its_reply(
    client: TestClient, user: Account, trips: Trips
) -> None:
    counts = _count_one_reply(client, user, trips, {"content": "A new conversation"})
    ceilings = STATEMENT_CEILINGS | {"start": NEW_START_CEILING}
    ceilings |= POSTGRES_CEILINGS if _on_postgresql() else {}
    over = {phase: n for phase, n in counts.items() if n > ceilings.get(phase, n)}
    assert not over, f"more statements than {ceilings}: {counts}"
