"""The event bus: what one process publishes, the other processes of the app receive.

The hub (``app.chat.hub``) delivers every event to the sockets of its own process directly;
the bus carries a copy to the other processes, which deliver it to theirs. Two backends:

- ``LocalBus`` (default, no ``REDIS_URL``): one process serves every socket, so nothing has
  to cross; every method is a no-op and the hub does not even serialize its events.
- ``RedisBus`` (``REDIS_URL`` set): Redis pub/sub with the ``redis`` package's asyncio client.
  Each process holds one subscriber connection (pub/sub) and one publisher connection.

Channel names on Redis are ``{REDIS_CHANNEL_PREFIX}:{db}:{channel}`` (the prefix defaults to
the project's name, ``db`` is the Redis URL's database number): Redis pub/sub ignores the
database number, so without it two apps, or two deployments of one app, on one Redis server
would receive each other's events.

Payloads are bytes; each carries the publishing process's id (``origin``) in front, and a
process drops what it published itself (it is subscribed to channels it also publishes to).

Guarantees (and their limits):

- Order: the payloads one process publishes reach every other process in publish order, on
  every channel (one publisher task, one connection, batches sent as pipelines in order;
  Redis forwards what one connection publishes in the order it was received, and a
  subscriber reads all its channels from one connection). Payloads published by *different*
  processes have no order among them.
- Subscriptions: ``subscribe`` takes effect asynchronously; ``await settle()`` returns once
  every subscription asked for before it is in force on Redis (a ``PING`` sent on the
  subscriber connection after the ``SUBSCRIBE`` commands: Redis answers commands of one
  connection in order). Publish after ``settle()`` when another process must answer on a
  channel this one has just joined.
- At most once: pub/sub does not store anything. While Redis is unreachable, publishes are
  dropped (logged once per outage) and nothing is received; the connections are retried with
  exponential backoff (0.1 s doubling to 5 s) and the subscriptions restored. A socket may
  therefore miss frames around an outage: the stored message is still complete, and the
  ``offset`` of each ``message.streaming`` frame lets a client see the gap and resume.
"""

import asyncio
import contextlib
import logging
import uuid
from asyncio import FIRST_COMPLETED
from collections.abc import Callable
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.asyncio.connection import parse_url
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

logger = logging.getLogger(__name__)

Deliver = Callable[[str, bytes], None]
"""Receives what another process published: ``(channel, payload)``; must not block."""

OUTBOX_LIMIT = 100_000  # payloads waiting to be published; beyond it they are dropped
BATCH_LIMIT = 1_000  # payloads sent in one pipeline
CONNECT_TIMEOUT_S = 5.0  # seconds to open a connection to Redis
FIRST_CONNECT_WAIT_S = 5.0  # ``start`` waits this long for the subscriber connection
SETTLE_TIMEOUT_S = 5.0  # ``settle`` gives up after this long (Redis unreachable)
STOP_TIMEOUT_S = 5.0  # ``stop`` waits this long for its tasks
BACKOFF_MIN_S = 0.1  # first reconnection delay, seconds; doubled up to BACKOFF_MAX_S
BACKOFF_MAX_S = 5.0


class Bus(Protocol):
    """Carries payloads between the processes of one app (see the module docstring)."""

    shared: bool
    """True when other processes may exist (the hub serializes its events only then)."""

    async def start(self, deliver: Deliver) -> None:
        """Connect, then call ``deliver(channel, payload)`` for each payload another process
        publishes on a subscribed channel, in the order that process published them."""

    async def stop(self) -> None:
        """Stop receiving and publishing; payloads not yet sent are dropped."""

    def publish(self, channel: str, payload: bytes) -> None:
        """Queue ``payload`` for the other processes subscribed to ``channel`` (no await:
        the caller's order is the order they see)."""

    def subscribe(self, channel: str) -> None:
        """Receive ``channel`` from now on (in force on the shared transport by the next
        ``settle``)."""

    def unsubscribe(self, channel: str) -> None:
        """Stop receiving ``channel``."""

    async def settle(self) -> None:
        """Return once every ``subscribe`` made before the call is in force."""


class LocalBus:
    """No other process: nothing to carry (the hub delivers in process)."""

    shared = False

    async def start(self, deliver: Deliver) -> None:
        """Nothing to connect to."""

    async def stop(self) -> None:
        """Nothing to release."""

    def publish(self, channel: str, payload: bytes) -> None:
        """No other process receives anything."""

    def subscribe(self, channel: str) -> None:
        """Nothing to subscribe to."""

    def unsubscribe(self, channel: str) -> None:
        """Nothing to unsubscribe from."""

    async def settle(self) -> None:
        """Always settled."""


class RedisBus:
    """Redis pub/sub between the processes of one app (see the module docstring).

    ``url`` is a ``redis://`` or ``rediss://`` URL (``/N`` selects database N, default 0);
    ``prefix`` names the app (``REDIS_CHANNEL_PREFIX``); ``origin`` identifies this process
    in its payloads (a random id by default).
    """

    shared = True

    def __init__(self, url: str, prefix: str, origin: str | None = None) -> None:
        self.url = url
        db = parse_url(url).get("db", 0)
        self.prefix = f"{prefix}:{db}:"
        self.origin = (origin or uuid.uuid4().hex).encode() + b"\n"
        self._wanted: set[str] = set()  # channels this process receives (without prefix)
        self._deliver: Deliver | None = None
        # (channel, payload) to publish; None wakes the publisher to stop
        self._outbox: asyncio.Queue[tuple[bytes, bytes] | None] = asyncio.Queue(OUTBOX_LIMIT)
        self._commands: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self._barriers: dict[str, asyncio.Future[None]] = {}  # PING token -> its waiter
        self._tasks: list[asyncio.Task[None]] = []
        self._connected = asyncio.Event()  # the subscriber connection is up
        self._closing = False  # ``stop`` was called
        self._publisher_down = False
        self._subscriber_down = False
        self._dropping = False  # the outbox overflowed (logged once until it drains)
        self._dropped = 0
        self.sessions = 0  # subscriber connections made so far (1 + reconnections)
        self.outages = 0  # times publishing to Redis failed and was resumed later

    def _client(self, role: str) -> Redis:
        """A client of one connection, named ``{prefix}{origin}:{role}`` in ``CLIENT LIST``."""
        # No retries inside redis-py: this class reconnects itself, and knows what was lost.
        return Redis.from_url(
            self.url,
            retry=Retry(NoBackoff(), 0),
            socket_connect_timeout=CONNECT_TIMEOUT_S,
            socket_keepalive=True,
            client_name=f"{self.prefix}{self.origin.decode().strip()}:{role}",
        )

    async def start(self, deliver: Deliver) -> None:
        """Connect the subscriber and the publisher and start delivering to ``deliver``.

        Waits up to ``FIRST_CONNECT_WAIT_S`` for the subscriber connection; when Redis is
        unreachable it logs a warning and keeps retrying in the background (the app serves
        its own sockets meanwhile)."""
        self._deliver = deliver
        self._tasks = [
            asyncio.create_task(self._listen_forever(), name="bus-listen"),
            asyncio.create_task(self._publish_forever(), name="bus-publish"),
        ]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), FIRST_CONNECT_WAIT_S)

    async def stop(self) -> None:
        """Publish what is queued (at most ``STOP_TIMEOUT_S``: the last events of a graceful
        shutdown, e.g. replies stored as cancelled, still reach the other processes), then
        cancel the connections' tasks and close them.

        redis-py may turn a cancellation that lands inside a command into a connection
        error, so the tasks also stop at the ``_closing`` flag, woken by a marker in each
        queue; ``stop`` waits at most ``STOP_TIMEOUT_S`` for them."""
        if self._tasks and not self._publisher_down:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._outbox.join(), STOP_TIMEOUT_S)
        self._closing = True
        for task in self._tasks:
            task.cancel()
        with contextlib.suppress(asyncio.QueueFull):
            self._outbox.put_nowait(None)
        self._commands.put_nowait(("stop", ""))
        if self._tasks:
            _done, pending = await asyncio.wait(self._tasks, timeout=STOP_TIMEOUT_S)
            if pending:
                logger.warning("event bus: %d tasks did not stop in time", len(pending))
        self._tasks = []
        self._release_barriers()

    def publish(self, channel: str, payload: bytes) -> None:
        """Queue ``payload`` (tagged with this process's id) for ``channel``; dropped while
        Redis is unreachable or when ``OUTBOX_LIMIT`` payloads are already waiting."""
        if self._publisher_down or self._closing or not self._tasks:
            self._dropped += 1
            return
        try:
            self._outbox.put_nowait(((self.prefix + channel).encode(), self.origin + payload))
        except asyncio.QueueFull:
            self._dropped += 1
            if not self._dropping:
                self._dropping = True
                logger.warning(
                    "event bus: %d payloads wait for Redis; dropping new ones", OUTBOX_LIMIT
                )

    def subscribe(self, channel: str) -> None:
        """Receive ``channel`` (sent to Redis by the subscriber task)."""
        self._wanted.add(channel)
        self._commands.put_nowait(("subscribe", channel))

    def unsubscribe(self, channel: str) -> None:
        """Stop receiving ``channel``."""
        self._wanted.discard(channel)
        self._commands.put_nowait(("unsubscribe", channel))

    async def settle(self) -> None:
        """Return once the subscriptions asked for so far are in force on Redis (at most
        ``SETTLE_TIMEOUT_S``; at once while Redis is unreachable: nothing can be in force)."""
        if not self._connected.is_set():
            return
        token = uuid.uuid4().hex
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._barriers[token] = waiter
        self._commands.put_nowait(("ping", token))
        try:
            await asyncio.wait_for(asyncio.shield(waiter), SETTLE_TIMEOUT_S)
        except TimeoutError:
            logger.warning("event bus: subscriptions not confirmed by Redis in time")
        finally:
            self._barriers.pop(token, None)

    # -- the subscriber connection ------------------------------------------------------

    async def _listen_forever(self) -> None:
        """Run subscriber sessions until cancelled, reconnecting with backoff."""
        delay = BACKOFF_MIN_S
        while not self._closing:
            try:
                await self._listen()
            except asyncio.CancelledError:
                raise
            except Exception as err:
                if self._closing:
                    return
                if self._connected.is_set():  # the session was up: start the backoff over
                    delay = BACKOFF_MIN_S
                self._connected.clear()
                self._release_barriers()
                if not self._subscriber_down:
                    self._subscriber_down = True
                    logger.warning(
                        "event bus: lost the Redis subscriber connection (%s); retrying, "
                        "events of other processes are missed meanwhile",
                        err or type(err).__name__,
                    )
                await asyncio.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX_S)

    async def _listen(self) -> None:
        """One subscriber session: connect, subscribe to every wanted channel, then read and
        send commands until the connection fails."""
        client = self._client("subscriber")
        pubsub: Any = client.pubsub()  # redis-py leaves parts of PubSub untyped
        try:
            await pubsub.connect()
            # The queued commands are folded into ``_wanted``; barriers are kept (answered
            # after the subscriptions below).
            pending = []
            while not self._commands.empty():
                command = self._commands.get_nowait()
                if command[0] == "ping":
                    pending.append(command)
            for command in pending:
                self._commands.put_nowait(command)
            if self._wanted:
                await pubsub.subscribe(*(self.prefix + channel for channel in self._wanted))
            else:
                await pubsub.ping()
            reader = asyncio.create_task(self._read(pubsub))
            sender = asyncio.create_task(self._send_commands(pubsub))
            try:
                done, _ = await asyncio.wait({reader, sender}, return_when=FIRST_COMPLETED)
            finally:  # also when this session is cancelled (``stop``)
                for task in (reader, sender):
                    task.cancel()
                await asyncio.gather(reader, sender, return_exceptions=True)
            for task in done:
                task.result()  # raises what ended the session
            raise ConnectionError("the subscriber session ended")
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()
            with contextlib.suppress(Exception):
                await client.aclose()

    async def _send_commands(self, pubsub: Any) -> None:
        """Send (un)subscriptions and barrier pings in the order they were asked for."""
        while True:
            operation, argument = await self._commands.get()
            if operation == "subscribe":
                if argument in self._wanted:
                    await pubsub.subscribe(self.prefix + argument)
            elif operation == "unsubscribe":
                if argument not in self._wanted:
                    await pubsub.unsubscribe(self.prefix + argument)
            elif operation == "ping":
                await pubsub.ping(argument)
            else:  # stop
                return

    async def _read(self, pubsub: Any) -> None:
        """Deliver messages of other processes; answer barriers; raise when the connection
        fails."""
        skip = len(self.prefix)
        while True:
            message = await pubsub.get_message(timeout=None)
            if message is None:
                continue
            kind = message["type"]
            if kind == "message":
                payload: bytes = message["data"]
                if payload.startswith(self.origin) or self._deliver is None:
                    continue  # published by this process: already delivered here
                _origin, _, body = payload.partition(b"\n")
                channel = message["channel"].decode()[skip:]
                try:
                    self._deliver(channel, body)
                except Exception:
                    logger.exception("event bus: delivering a payload of %s failed", channel)
            elif kind == "pong":
                self._answer(message["data"])
            elif kind == "subscribe" and not self._connected.is_set():
                self._mark_connected()

    def _mark_connected(self) -> None:
        """The session's first answer came: its subscriptions are in force."""
        self.sessions += 1
        self._connected.set()
        if self._subscriber_down:
            self._subscriber_down = False
            logger.warning("event bus: the Redis subscriber connection is back")

    def _answer(self, data: Any) -> None:
        """A barrier's PING came back (or the session's first PING: connected)."""
        token = data.decode() if isinstance(data, bytes) else str(data or "")
        if not self._connected.is_set():
            self._mark_connected()
        waiter = self._barriers.get(token)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _release_barriers(self) -> None:
        """Let every ``settle`` waiting on a lost connection return."""
        for waiter in self._barriers.values():
            if not waiter.done():
                waiter.set_result(None)

    # -- the publisher connection -------------------------------------------------------

    async def _publish_forever(self) -> None:
        """Send queued payloads in order, in pipelines of up to ``BATCH_LIMIT``; when Redis
        fails, drop them (logged once), retry with backoff, then resume."""
        client = self._client("publisher")
        try:
            while not self._closing:
                batch = [await self._outbox.get()]
                while len(batch) < BATCH_LIMIT and not self._outbox.empty():
                    batch.append(self._outbox.get_nowait())
                items = [item for item in batch if item is not None]
                try:
                    if items:
                        pipe = client.pipeline(transaction=False)
                        for channel, payload in items:
                            pipe.execute_command("PUBLISH", channel, payload)
                        await pipe.execute()
                except asyncio.CancelledError:
                    raise
                except Exception as err:
                    if self._closing:
                        return
                    await self._publisher_outage(client, err, len(items))
                finally:
                    for _item in batch:
                        self._outbox.task_done()
                if self._dropping and self._outbox.empty():
                    self._dropping = False
        finally:
            with contextlib.suppress(Exception):
                await client.aclose()

    async def _publisher_outage(self, client: Any, err: Exception, lost: int) -> None:
        """Drop what waits, then wait for Redis with backoff (publishes are dropped)."""
        self._publisher_down = True
        self.outages += 1
        lost += self._outbox.qsize()
        while not self._outbox.empty():
            self._outbox.get_nowait()
            self._outbox.task_done()
        self._dropped += lost
        logger.warning(
            "event bus: publishing to Redis failed (%s); dropping events for other processes "
            "until it is back (%d dropped)",
            err or type(err).__name__,
            lost,
        )
        delay = BACKOFF_MIN_S
        while not self._closing:
            await asyncio.sleep(delay)
            delay = min(delay * 2, BACKOFF_MAX_S)
            try:
                await client.ping()
            except asyncio.CancelledError:
                raise
            except Exception:
                continue
            break
        if self._closing:
            return
        self._publisher_down = False
        logger.warning(
            "event bus: publishing to Redis again (%d events dropped in all)", self._dropped
        )


def from_settings() -> Bus:
    """The app's bus: ``RedisBus`` when ``REDIS_URL`` is set (channels prefixed with
    ``REDIS_CHANNEL_PREFIX``), else ``LocalBus``. Reads the settings when called."""
    from app.core.config import settings

    if settings.redis_url:
        return RedisBus(settings.redis_url, settings.redis_channel_prefix)
    return LocalBus()
