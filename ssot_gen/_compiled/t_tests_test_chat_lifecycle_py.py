# Compiled by ssot_gen.precompiled from templates/tests/test_chat_lifecycle.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tests/test_chat_lifecycle.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_C = l_0_mb = l_0_statuses = l_0_cb = missing
    try:
        t_1 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    pass
    l_0_C = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'conversation')
    context.vars['C'] = l_0_C
    context.exported_vars.add('C')
    l_0_mb = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg')
    context.vars['mb'] = l_0_mb
    context.exported_vars.add('mb')
    l_0_statuses = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values')
    context.vars['statuses'] = l_0_statuses
    context.exported_vars.add('statuses')
    l_0_cb = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'conv')
    context.vars['cb'] = l_0_cb
    context.exported_vars.add('cb')
    yield '"""A reply\'s lifecycle: stop, resume at an offset, delete mid-stream, recovery, concurrency."""\n\nimport asyncio\nimport contextlib\nimport datetime as dt\nimport threading\nimport time\nimport uuid\nfrom collections.abc import AsyncIterator, Callable\nfrom typing import Any\n\nimport pytest\nfrom fastapi.testclient import TestClient\nfrom starlette.testclient import WebSocketTestSession\n\nfrom tests.conftest import Account, create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '\n\nSTREAMING = "'
    yield str(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'streaming'))
    yield '"\nMESSAGES = "'
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'messages_url'))
    yield '"\n\n\ndef utf16(text: str) -> bytes:\n    """``text`` as UTF-16 code units (two bytes each): what a browser\'s string holds."""\n    return text.encode("utf-16-le", "surrogatepass")\n\n\ndef apply(units: bytes, data: dict[str, Any]) -> bytes:\n    """A browser client\'s text after a ``message.streaming`` frame: applied when it continues\n    (or overlaps the end of) what it has, ignored when it holds nothing new."""\n    start = data["offset"] * 2\n    delta = utf16(data["delta"])\n    if start <= len(units) < start + len(delta):\n        return units[:start] + delta\n    return units\n\n\ndef send(ws: WebSocketTestSession, conversation_id: str, content: str) -> None:\n    ws.send_json({"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}})\n\n\ndef reply_id(ws: WebSocketTestSession) -> str:\n    """The id of the reply whose placeholder the socket is told of next."""\n    while True:\n        frame = ws.receive_json()\n        assert frame["type"] != "error", frame\n        if frame["type"] == "message.created" and frame["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield '"] == "'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'role_values'), 'assistant'))
    yield '":\n            return str(frame["data"]["id"])\n\n\ndef until_final(ws: WebSocketTestSession, message_id: str) -> list[dict[str, Any]]:\n    """Every frame up to the ``message.updated`` that ends ``message_id`` (included)."""\n    frames: list[dict[str, Any]] = []\n    while True:\n        frame = ws.receive_json()\n        assert frame["type"] != "error", frame\n        frames.append(frame)\n        data = frame["data"]\n        if frame["type"] == "message.updated" and data["id"] == message_id and data["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] != STREAMING:\n            return frames\n\n\ndef fence(ws: WebSocketTestSession) -> list[dict[str, Any]]:\n    """The frames queued for ``ws`` before the answer to a frame sent now (an unknown type\'s\n    ``error``): what the server had sent it so far, with nothing left out."""\n    ws.send_json({"type": "lifecycle.fence", "data": {}})\n    frames = []\n    while (frame := ws.receive_json())["type"] != "error":\n        frames.append(frame)\n    assert frame["data"]["code"] == "unknown_type"\n    return frames\n\n\ndef wait_idle(client: TestClient) -> None:\n    """Wait until no reply is streaming or being stored in the app (a bound against hangs)."""\n    from app.chat import service\n\n    deadline = time.monotonic() + 60\n    while not service.idle():\n        assert time.monotonic() < deadline, "the replies never ended"\n        time.sleep(0.01)\n\n\ndef stored(client: TestClient, account: Account, conversation_id: str) -> list[dict[str, Any]]:\n    """Every message of the conversation (all branches), in its public shape (without the\n    list\'s tree positions, so it compares equal to the events\' payloads)."""\n    url = f"/api'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
    yield '/{conversation_id}/{MESSAGES}?branch=all&limit=100"\n    response = client.get(url, headers=account.headers)\n    assert response.status_code == 200, response.text\n    tree_keys = {"sibling_index", "sibling_count"}\n    return [\n        {key: value for key, value in item.items() if key not in tree_keys}\n        for item in response.json()["data"]\n    ]\n\n\ndef by_id(messages: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:\n    return {message["id"]: message for message in messages}\n\n\ndef run(client: TestClient, function: Callable[..., Any], *args: Any) -> Any:\n    """Run ``await function(*args)`` on the app\'s event loop (where its database pool lives)."""\n    assert client.portal is not None\n    return client.portal.call(function, *args)\n\n\nclass HeldMock:\n    """The mock provider\'s reply, held after the first delta that contains ``marker`` until\n    the test opens ``opened``; ``reached`` is set once every delta before the hold was handled\n    (the engine asks for the next event only after it published the last one)."""\n\n    name = "held"\n\n    def __init__(self, marker: str) -> None:\n        self.marker = marker\n        self.before = ""\n        self.deltas = 0\n        self.reached = threading.Event()\n        self.opened = threading.Event()\n\n    async def stream(self, request: Any) -> AsyncIterator[Any]:\n        from app.chat.providers.base import Delta\n        from app.chat.providers.mock import MockProvider\n\n        held = False\n        async for event in MockProvider("mock", 0).stream(request):\n            yield event\n            if not held and isinstance(event, Delta):\n                self.before += event.text\n                self.deltas += 1\n                if self.marker in self.before:\n                    held = True\n                    self.reached.set()\n                    while not self.opened.is_set():\n                        await asyncio.sleep(0.005)\n\n\n@pytest.fixture\ndef held(monkeypatch: pytest.MonkeyPatch) -> HeldMock:\n    from app.chat import service\n\n    provider = HeldMock("\\U0001f389")\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    return provider\n\n\ndef start_held(client: TestClient, user: Account, held: HeldMock, ws: WebSocketTestSession) -> tuple[str, str]:\n    """Send a message whose mock reply quotes emoji; return (conversation id, reply id) once\n    the reply is held mid-stream."""\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    send(ws, conversation["id"], "Smile \\U0001f600 then party \\U0001f389 and go on")\n    message_id = reply_id(ws)\n    assert held.reached.wait(60), "the reply never reached the hold"\n    return conversation["id"], message_id\n\n\ndef test_stop_keeps_the_partial_text_and_records_usage(client: TestClient, user: Account, held: HeldMock) -> None:\n    from app.chat import bindings, service\n\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        conversation_id, message_id = start_held(client, user, held, ws)\n\n        async def lease() -> tuple[Any, Any]:\n            from app.core.db import SessionLocal\n\n            async with SessionLocal() as session:\n                row = await session.get(bindings.MessageModel, uuid.UUID(message_id))\n                assert row is not None\n                return row.lease_owner, row.lease_expires_at\n\n        owner, expires = run(client, lease)\n        assert owner == service.PRODUCER\n        run(client, service._renew_leases)  # the renewer\'s work: a silent provider keeps its lease\n        assert run(client, lease)[1] > expires\n        ws.send_json({"type": "generation.stop", "data": {"message_id": message_id}})\n        frames = until_final(ws, message_id)\n    final = frames[-1]["data"]\n    assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'cancelled'))
    yield '"\n    assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == held.before\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason'))
        yield '"] == "cancelled"[: '
        yield str((environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg_max_lengths'), 'finish_reason') or 9))
        yield ']\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens'))
        yield '"] > 0\n'
    elif environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'output_tokens'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'output_tokens'))
        yield '"] > 0\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated'))
        yield '"] is True  # the provider never reported usage\n'
    yield '    assert run(client, lease) == (None, None)\n    assert by_id(stored(client, user, conversation_id))[message_id] == final\n\n\ndef test_only_the_owner_stops_and_a_finished_reply_stays(\n    client: TestClient, user: Account, other_user: Account\n) -> None:\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "Finish, then be stopped")\n        message_id = reply_id(ws)\n        final = until_final(ws, message_id)[-1]["data"]\n        assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'done'))
    yield '"\n        wait_idle(client)\n        ws.send_json({"type": "generation.stop", "data": {"message_id": message_id}})\n        # no error, nothing changed (the reply\'s totals and title came before the fence)\n        assert [f for f in fence(ws) if f["type"] != "conversation.updated"] == []\n    with client.websocket_connect(f"/ws?token={other_user.token}") as ws:\n        for frame_type in ("generation.stop", "stream.resume"):\n            ws.send_json({"type": frame_type, "data": {"message_id": message_id}})\n            assert ws.receive_json()["data"]["code"] == "not_found"\n        ws.send_json({"type": "generation.stop", "data": {"message_id": str(uuid.uuid4())}})\n        assert ws.receive_json()["data"]["code"] == "not_found"\n    assert by_id(stored(client, user, conversation["id"]))[message_id] == final\n\n\ndef test_resume_at_any_offset_ends_with_exactly_the_text(client: TestClient, user: Account, held: HeldMock) -> None:\n    from app.chat.stream import utf16_len\n\n    with contextlib.ExitStack() as stack:\n        ws = stack.enter_context(client.websocket_connect(f"/ws?token={user.token}"))\n        _conversation_id, message_id = start_held(client, user, held, ws)\n        before = held.before\n        assert utf16_len(before) > len(before)  # astral characters: two code units each\n        emoji = utf16_len(before[: before.index("\\U0001f600")])\n        total = utf16_len(before)\n        # offset asked -> where the catch-up starts (the middle of an emoji rounds down)\n        cases = {0: 0, 5: 5, emoji: emoji, emoji + 1: emoji, emoji + 2: emoji + 2, total - 1: total - 1, total: None, total + 9: None}\n        sockets: dict[int, tuple[WebSocketTestSession, list[dict[str, Any]]]] = {}\n        for offset, start in cases.items():\n            resumed = stack.enter_context(client.websocket_connect(f"/ws?token={user.token}"))\n            resumed.send_json({"type": "stream.resume", "data": {"message_id": message_id, "offset": offset}})\n            frames = fence(resumed)\n            if start is None:\n                assert frames == [], (offset, frames)  # nothing after the offset: no frame\n            else:\n                assert len(frames) == 1, (offset, frames)\n                data = frames[0]["data"]\n                assert data["offset"] == start\n                assert utf16(before)[2 * start :] == utf16(data["delta"])\n                assert data["seq"] == held.deltas - 1  # the last live frame it includes\n            sockets[offset] = (resumed, frames)\n        held.opened.set()\n        final = until_final(ws, message_id)[-1]["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"]\n        for offset, (resumed, catch_up) in sockets.items():\n            units = utf16(before)[: 2 * offset]  # what this client had: maybe half an emoji\n            frames = until_final(resumed, message_id)\n            for frame in catch_up + frames:\n                if frame["type"] == "message.streaming" and frame["data"]["message_id"] == message_id:\n                    units = apply(units, frame["data"])\n            assert frames[-1]["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == final\n            if offset <= total:\n                assert units.decode("utf-16-le") == final, offset\n    assert final.startswith(before) and len(final) > len(before)\n\n\ndef test_reconnecting_mid_stream_and_resuming_gives_the_full_text(\n    client: TestClient, user: Account, held: HeldMock\n) -> None:\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        _conversation_id, message_id = start_held(client, user, held, ws)\n        had = b""\n        while had.decode("utf-16-le", "surrogatepass") != held.before:\n            frame = ws.receive_json()\n            if frame["type"] == "message.streaming":\n                had = apply(had, frame["data"])\n    # the tab is gone; a new one resumes at the length of what it had\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        ws.send_json({"type": "stream.resume", "data": {"message_id": message_id, "offset": len(had) // 2}})\n        assert fence(ws) == []  # it had everything so far\n        held.opened.set()\n        frames = until_final(ws, message_id)\n    for frame in frames:\n        if frame["type"] == "message.streaming":\n            had = apply(had, frame["data"])\n    assert had.decode("utf-16-le") == frames[-1]["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"]\n\n\ndef test_resuming_a_finished_reply_sends_the_stored_message(client: TestClient, user: Account) -> None:\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "Done soon \\U0001f600")\n        message_id = reply_id(ws)\n        until_final(ws, message_id)\n        wait_idle(client)\n    final = by_id(stored(client, user, conversation["id"]))[message_id]\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        ws.send_json({"type": "stream.resume", "data": {"message_id": message_id, "offset": 3}})\n        assert fence(ws) == [{"type": "message.updated", "data": final}]\n'
    if environment.getattr(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'exposes'), 'delete'):
        pass
        yield '\n\ndef test_deleting_a_conversation_mid_stream_stops_its_reply(\n    client: TestClient, user: Account, held: HeldMock, caplog: pytest.LogCaptureFixture\n) -> None:\n    from app.chat import bindings\n\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        conversation_id, message_id = start_held(client, user, held, ws)\n        response = client.delete(f"/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '/{conversation_id}", headers=user.headers)\n        assert response.status_code == 204\n        wait_idle(client)\n\n    async def row() -> Any:\n        from app.core.db import SessionLocal\n\n        async with SessionLocal() as session:\n            return await session.get(bindings.MessageModel, uuid.UUID(message_id))\n\n    assert run(client, row) is None  # nothing resurrected\n    assert client.get(f"/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '/{conversation_id}", headers=user.headers).status_code == 404\n    failures = [r for r in caplog.records if r.name.startswith("app.") and r.levelname == "ERROR"]\n    assert failures == []\n'
    yield '\n\ndef test_recovery_interrupts_expired_replies_and_leaves_live_ones(client: TestClient, user: Account) -> None:\n    from app.chat import bindings, service\n\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    now = dt.datetime.now(dt.UTC)\n    leases = {  # name -> (lease owner, lease expiry)\n        "dead": ("a-dead-process", now - dt.timedelta(seconds=1)),\n        "legacy": (None, None),  # streaming from before leases existed\n        "live": ("another-live-process", now + dt.timedelta(minutes=10)),\n    }\n\n    async def insert() -> dict[str, str]:\n        from app.core.db import SessionLocal\n\n        ids = {}\n        async with SessionLocal() as session:\n            row = await session.get(bindings.ConversationModel, uuid.UUID(conversation["id"]))\n            assert row is not None\n            for name, (owner, expires) in leases.items():\n                message = bindings.new_message(row, bindings.ASSISTANT, f"partial {name} \\U0001f600", bindings.STREAMING)\n                message.lease_owner, message.lease_expires_at = owner, expires\n                session.add(message)\n                await session.flush()\n                ids[name] = str(message.id)\n            await session.commit()\n        return ids\n\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        ws.send_json({"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}})\n        assert ws.receive_json()["type"] == "conversation.updated"\n        ids = run(client, insert)\n        run(client, service._recover)\n        updated = {f["data"]["id"]: f["data"] for f in fence(ws) if f["type"] == "message.updated"}\n    rows = by_id(stored(client, user, conversation["id"]))\n    for name in ("dead", "legacy"):\n        interrupted = rows[ids[name]]\n        assert updated[ids[name]] == interrupted\n        assert interrupted["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'error'))
    yield '"\n        assert interrupted["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == f"partial {name} \\U0001f600"\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'):
        pass
        yield '        assert interrupted["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'))
        yield '"] == "interrupted"[: '
        yield str((environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg_max_lengths'), 'error_code') or 11))
        yield ']\n'
    yield '    assert rows[ids["live"]]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == STREAMING\n    assert ids["live"] not in updated\n'
    if environment.getattr(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'exposes'), 'delete'):
        pass
        yield '    client.delete(f"/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '/{conversation[\'id\']}", headers=user.headers)\n'
    yield '\n\ndef test_a_batch_of_ends_stores_each_as_it_ended_and_adds_only_what_it_wrote(\n    client: TestClient, user: Account\n) -> None:\n    """One batch of ends (``service._end_batch``) holding a finished reply, a failed one (they\n    write different columns: on PostgreSQL two statements) and one that another process now\n    produces: the first two are stored and published as they ended, the third is left to its\n    producer, and the conversation\'s totals add only the replies written."""\n    from decimal import Decimal\n\n    from app.chat import bindings, service\n    from app.chat.providers.base import Usage\n\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    owners = {"done": service.PRODUCER, "failed": service.PRODUCER, "elsewhere": "another-live-process"}\n    usage = Usage(input_tokens=30, output_tokens=12)\n    values = {\n        "done": bindings.finished_values("All done \\U0001f600", bindings.DONE, usage, Decimal("0.25"), "stop", None),\n        "failed": bindings.finished_values("Half", bindings.ERROR, None, None, "error", "It broke", "provider_error"),\n        "elsewhere": bindings.finished_values("Not mine", bindings.DONE, usage, Decimal("0.25"), "stop", None),\n    }\n\n    async def insert() -> dict[str, uuid.UUID]:\n        from app.core.db import SessionLocal\n\n        ids = {}\n        async with SessionLocal() as session:\n            row = await session.get(bindings.ConversationModel, uuid.UUID(conversation["id"]))\n            assert row is not None\n            for name, owner in owners.items():\n                message = bindings.new_message(row, bindings.ASSISTANT, "", bindings.STREAMING)\n                message.lease_owner = owner\n                message.lease_expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)\n                session.add(message)\n                await session.flush()\n                ids[name] = message.id\n            await session.commit()\n        return ids\n\n    async def end(ids: dict[str, uuid.UUID]) -> dict[str, tuple[Any, Any]]:\n        loop = asyncio.get_running_loop()\n        pairs: list[tuple[Any, asyncio.Future[Any]]] = []\n        for name, message_id in ids.items():\n            ending = service._Ending(\n                message_id,\n                uuid.UUID(conversation["id"]),\n                uuid.UUID(user.id),\n                values[name],\n                usage if name != "failed" else None,\n                Decimal("0.25") if name != "failed" else None,\n            )\n            pairs.append((ending, loop.create_future()))\n        await service._end_batch(pairs)\n        return {name: future.result() for name, (_, future) in zip(ids, pairs, strict=True)}\n\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        ws.send_json({"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}})\n        assert ws.receive_json()["type"] == "conversation.updated"\n        ids = run(client, insert)\n        results = run(client, end, ids)\n        updated = {f["data"]["id"]: f["data"] for f in fence(ws) if f["type"] == "message.updated"}\n    assert results["elsewhere"] == (None, None)\n    assert all(part is not None for name in ("done", "failed") for part in results[name])\n    rows = by_id(stored(client, user, conversation["id"]))\n    assert updated == {str(ids[name]): rows[str(ids[name])] for name in ("done", "failed")}\n    assert rows[str(ids["done"])]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'done'))
    yield '"\n    assert rows[str(ids["done"])]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == values["done"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"]\n    assert rows[str(ids["failed"])]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'error'))
    yield '"\n    assert rows[str(ids["failed"])]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == values["failed"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"]\n    assert rows[str(ids["elsewhere"])]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == STREAMING\n'
    if (environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens') and environment.getattr(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'exposes'), 'read')):
        pass
        yield '    read = client.get(f"/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '/{conversation[\'id\']}", headers=user.headers).json()\n    before = conversation["'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'))
        yield '"] or 0\n    assert read["'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'))
        yield '"] == before + usage.total_tokens  # not the failed or the other\n'
    if environment.getattr(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'exposes'), 'delete'):
        pass
        yield '    client.delete(f"/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '/{conversation[\'id\']}", headers=user.headers)\n'
    yield '\n\ndef test_only_one_process_claims_a_reply(client: TestClient, user: Account) -> None:\n    from app.chat import bindings, service\n\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    now = dt.datetime.now(dt.UTC)\n\n    async def claims() -> list[tuple[bool, Any]]:\n        from app.core.db import SessionLocal\n\n        rows = [  # (status, lease owner, lease expiry)\n            (bindings.STREAMING, "another-live-process", now + dt.timedelta(minutes=10)),\n            (bindings.STREAMING, "a-dead-process", now - dt.timedelta(seconds=1)),\n            (bindings.STREAMING, None, None),\n            (bindings.DONE, None, None),\n        ]\n        async with SessionLocal() as session:\n            parent = await session.get(bindings.ConversationModel, uuid.UUID(conversation["id"]))\n            assert parent is not None\n            messages = []\n            for status, owner, expires in rows:\n                message = bindings.new_message(parent, bindings.ASSISTANT, "", status)\n                message.lease_owner, message.lease_expires_at = owner, expires\n                messages.append(message)\n            session.add_all(messages)\n            await session.commit()\n        results = []\n        for message in messages:\n            claimed = await service._claim(message.id)\n            async with SessionLocal() as session:\n                stored = await session.get(bindings.MessageModel, message.id)\n                assert stored is not None\n                results.append((claimed, stored.lease_owner))\n            if claimed:  # give it back as a finished reply: no task produces it here\n                async with SessionLocal() as session:\n                    await service._store_end(session, message.id, bindings.finished_values("", bindings.DONE, None, None, None, None))\n                    await session.commit()\n        return results\n\n    assert run(client, claims) == [\n        (False, "another-live-process"),  # its producer is alive: never taken\n        (True, service.PRODUCER),  # its lease expired\n        (True, service.PRODUCER),  # no lease at all\n        (False, None),  # not streaming\n    ]\n'
    if environment.getattr(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'exposes'), 'delete'):
        pass
        yield '    client.delete(f"/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '/{conversation[\'id\']}", headers=user.headers)\n'
    yield '\n\ndef test_two_sends_at_once_in_one_conversation_both_complete(client: TestClient, user: Account) -> None:\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "First question")\n        send(ws, conversation["id"], "Second question")\n        texts: dict[str, bytes] = {}\n        finals: dict[str, dict[str, Any]] = {}\n        while len(finals) < 2:\n            frame = ws.receive_json()\n            assert frame["type"] != "error", frame\n            data = frame["data"]\n            if frame["type"] == "message.streaming":\n                texts[data["message_id"]] = apply(texts.get(data["message_id"], b""), data)\n            elif frame["type"] == "message.updated" and data["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] != STREAMING:\n                finals[data["id"]] = data\n    assert {m["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] for m in finals.values()} == {"'
    yield str(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'done'))
    yield '"}\n    for message_id, final in finals.items():\n        assert texts[message_id].decode("utf-16-le") == final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"]\n    wait_idle(client)\n    assert len(stored(client, user, conversation["id"])) == 4\n'
    if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'direct_owner'):
        pass
        yield '\n\ndef _hold_first_batch(monkeypatch: pytest.MonkeyPatch, batches: Any, total: int) -> list[int]:\n    """Hold the first batch of ``batches`` (an ``app.core.batching.Batches``) until the other\n    items of the ``total`` expected queue behind it, so that they make a batch of several;\n    returns the sizes of the batches run, as they run."""\n    real, sizes = batches._run_batch, []\n    monkeypatch.setattr(batches, "_max_running", 1)  # the items behind wait for the first batch\n\n    async def recorded(batch: list[Any]) -> None:\n        sizes.append(len(batch))\n        if len(sizes) == 1:\n            deadline = time.monotonic() + 30  # a bound against a hang, never a measured time\n            while len(batch) + len(batches._pending) < total and time.monotonic() < deadline:\n                await asyncio.sleep(0.005)\n        await real(batch)\n\n    monkeypatch.setattr(batches, "_run_batch", recorded)\n    return sizes\n\n\ndef _first_messages_at_once(client: TestClient, accounts: list[Account]) -> dict[str, str]:\n    """Each account sends the first message of a new conversation, all at once (one socket\n    each); returns conversation id -> the reply\'s final text, once every reply ended."""\n    with contextlib.ExitStack() as stack:\n        sockets = [stack.enter_context(client.websocket_connect(f"/ws?token={a.token}")) for a in accounts]\n        for index, ws in enumerate(sockets):\n            ws.send_json({"type": "message.send", "data": {"content": f"Opening question {index}"}})\n        finals: dict[str, str] = {}\n        for ws in sockets:\n            conversation_id = None\n            while True:\n                frame = ws.receive_json()\n                assert frame["type"] != "error", frame\n                data = frame["data"]\n                if frame["type"] == "conversation.created":\n                    conversation_id = data["id"]\n                if frame["type"] == "message.updated" and data["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] != STREAMING:\n                    assert data["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'done'))
        yield '", data\n                    assert conversation_id is not None\n                    finals[conversation_id] = data["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"]\n                    break\n    wait_idle(client)\n    return finals\n\n\ndef test_first_messages_at_once_open_one_conversation_each(\n    client: TestClient, monkeypatch: pytest.MonkeyPatch,\n    caplog: pytest.LogCaptureFixture,\n) -> None:\n    """New conversations of the same moment are stored in one batch (``service._start_new``):\n    each sender gets its own conversation, holding its question and its reply."""\n    from app.chat import service\n    from tests.conftest import register\n\n    sizes = _hold_first_batch(monkeypatch, service._new_starts, 4)\n    accounts = [register(client) for _ in range(4)]\n    finals = _first_messages_at_once(client, accounts)\n    assert sum(sizes) == 4 and len(sizes) <= 2 and max(sizes) >= 2, sizes\n    assert "at once failed" not in caplog.text  # the batch was written, not each alone\n    assert len(finals) == len(accounts)\n    for account in accounts:\n        listed = client.get("/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '", headers=account.headers).json()["data"]\n        assert len(listed) == 1\n        messages = stored(client, account, listed[0]["id"])\n        assert [m["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
        yield '"] for m in messages] == ["'
        yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'role_values'), 'user'))
        yield '", "'
        yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'role_values'), 'assistant'))
        yield '"]\n        assert messages[1]["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"] == finals[listed[0]["id"]]\n\n\ndef test_a_failed_batch_of_new_conversations_stores_each_alone(\n    client: TestClient, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import service\n    from tests.conftest import register\n\n    real, calls = service._store, []\n\n    async def fails_once(*args: Any) -> Any:\n        calls.append(args)\n        if len(calls) == 1:\n            raise RuntimeError("the batch\'s transaction failed")\n        return await real(*args)\n\n    monkeypatch.setattr(service, "_store", fails_once)\n    accounts = [register(client) for _ in range(3)]\n    finals = _first_messages_at_once(client, accounts)\n    assert len(finals) == len(accounts)\n    for account in accounts:\n        listed = client.get("/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '", headers=account.headers).json()["data"]\n        assert len(listed) == 1  # nothing of the failed transaction was kept\n'
    if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'direct_owner'):
        pass
        yield '\n\ndef test_replies_ending_at_once_are_stored_in_one_batch(\n    client: TestClient, monkeypatch: pytest.MonkeyPatch,\n    caplog: pytest.LogCaptureFixture,\n) -> None:\n    """Ends of replies of the same moment are written in one transaction (``service._end_batch``):\n    each reply and each conversation\'s totals come out as they would one by one."""\n    from app.chat import service\n    from tests.conftest import register\n\n    sizes = _hold_first_batch(monkeypatch, service._ends, 4)\n    accounts = [register(client) for _ in range(4)]\n    finals = _first_messages_at_once(client, accounts)\n    assert sum(sizes) == 4 and len(sizes) <= 2 and max(sizes) >= 2, sizes\n    assert "at once failed" not in caplog.text  # the batch was written, not each alone\n    for account in accounts:\n        conversation = client.get("/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '", headers=account.headers).json()["data"][0]\n        reply = stored(client, account, conversation["id"])[1]\n        assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'done'))
        yield '"\n        assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"] == finals[conversation["id"]]\n'
        if (environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens') and environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens')):
            pass
            yield '        assert conversation["'
            yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'))
            yield '"] == reply["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens'))
            yield '"]\n'
        if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count'):
            pass
            yield '        assert conversation["'
            yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count'))
            yield '"] == 2\n'
        yield '\n\ndef test_replies_of_one_conversation_ending_in_one_batch_add_up(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch,\n    caplog: pytest.LogCaptureFixture,\n) -> None:\n    """A batch holding two ends of one conversation adds both to its totals (on PostgreSQL\n    they are summed before the one UPDATE of the conversation): the first of three replies is\n    held in a batch of its own until the two others queue behind it, in a batch of two."""\n    from app.chat import service\n\n    sizes = _hold_first_batch(monkeypatch, service._ends, 3)\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        for question in ("First question", "Second question", "Third question"):\n            send(ws, conversation["id"], question)\n        ended = 0\n        while ended < 3:\n            frame = ws.receive_json()\n            assert frame["type"] != "error", frame\n            if frame["type"] == "message.updated" and frame["data"]["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] != STREAMING:\n                assert frame["data"]["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'done'))
        yield '", frame\n                ended += 1\n    wait_idle(client)\n    assert sizes == [1, 2], sizes\n    assert "at once failed" not in caplog.text  # the batch was written, not each alone\n    messages = stored(client, user, conversation["id"])\n    assert len(messages) == 6\n'
        if (environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens') and environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens')):
            pass
            yield '    listed = client.get("/api'
            yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
            yield '", headers=user.headers).json()["data"][0]\n    replies = [m for m in messages if m["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
            yield '"] == '
            yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'role_values'), 'assistant')))
            yield ']\n    assert listed["'
            yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'))
            yield '"] == sum(r["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens'))
            yield '"] for r in replies)\n'
        yield '\n\ndef test_a_failed_batch_of_ends_stores_each_alone(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:\n    from app.chat import service\n    from tests.conftest import register\n\n    _hold_first_batch(monkeypatch, service._ends, 3)\n    real, calls = service._write_ends, []\n\n    async def fails_once(*args: Any) -> Any:\n        calls.append(args)\n        if len(calls) == 1:\n            raise RuntimeError("the batch\'s transaction failed")\n        return await real(*args)\n\n    monkeypatch.setattr(service, "_write_ends", fails_once)\n    accounts = [register(client) for _ in range(3)]\n    finals = _first_messages_at_once(client, accounts)\n    assert calls, "no batch of several ends was written"\n    for account in accounts:\n        conversation = client.get("/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '", headers=account.headers).json()["data"][0]\n        assert stored(client, account, conversation["id"])[1]["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"] == finals[conversation["id"]]\n'

blocks = {}
debug_info = '1=19&2=22&3=25&4=28&20=32&22=34&23=36&50=38&62=42&90=44&153=46&181=48&182=52&183=54&184=57&186=61&187=64&188=66&189=69&191=71&192=74&201=77&206=79&247=83&254=85&279=87&283=89&293=91&303=94&314=96&323=99&357=101&358=105&359=107&360=110&362=115&364=117&365=120&381=123&433=125&434=129&435=133&436=137&437=141&438=143&439=146&440=148&441=150&443=152&444=155&451=158&492=160&493=163&498=166&510=168&512=170&514=174&517=176&555=179&556=181&558=185&580=187&583=189&584=195&606=197&609=199&627=202&629=204&630=208&631=210&632=213&634=217&635=220&649=223&657=225&658=227&665=231&666=234&667=236&668=240&690=245&691=247'
