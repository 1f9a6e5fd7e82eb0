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
    l_0_C = l_0_mb = l_0_statuses = missing
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
    yield '"] != STREAMING:\n            return frames\n\n\ndef fence(ws: WebSocketTestSession) -> list[dict[str, Any]]:\n    """The frames queued for ``ws`` before the answer to a frame sent now (an unknown type\'s\n    ``error``): what the server had sent it so far, with nothing left out."""\n    ws.send_json({"type": "lifecycle.fence", "data": {}})\n    frames = []\n    while (frame := ws.receive_json())["type"] != "error":\n        frames.append(frame)\n    assert frame["data"]["code"] == "unknown_type"\n    return frames\n\n\ndef wait_idle(client: TestClient) -> None:\n    """Wait until no reply is streaming or being stored in the app (a bound against hangs)."""\n    from app.chat import service\n\n    deadline = time.monotonic() + 60\n    while not service.idle():\n        assert time.monotonic() < deadline, "the replies never ended"\n        time.sleep(0.01)\n\n\ndef stored(client: TestClient, account: Account, conversation_id: str) -> list[dict[str, Any]]:\n    url = f"/api'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
    yield '/{conversation_id}/{MESSAGES}"\n    response = client.get(url, headers=account.headers)\n    assert response.status_code == 200, response.text\n    return list(response.json()["data"])\n\n\ndef by_id(messages: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:\n    return {message["id"]: message for message in messages}\n\n\ndef run(client: TestClient, function: Callable[..., Any], *args: Any) -> Any:\n    """Run ``await function(*args)`` on the app\'s event loop (where its database pool lives)."""\n    assert client.portal is not None\n    return client.portal.call(function, *args)\n\n\nclass HeldMock:\n    """The mock provider\'s reply, held after the first delta that contains ``marker`` until\n    the test opens ``opened``; ``reached`` is set once every delta before the hold was handled\n    (the engine asks for the next event only after it published the last one)."""\n\n    name = "held"\n\n    def __init__(self, marker: str) -> None:\n        self.marker = marker\n        self.before = ""\n        self.deltas = 0\n        self.reached = threading.Event()\n        self.opened = threading.Event()\n\n    async def stream(self, request: Any) -> AsyncIterator[Any]:\n        from app.chat.providers.base import Delta\n        from app.chat.providers.mock import MockProvider\n\n        held = False\n        async for event in MockProvider("mock", 0).stream(request):\n            yield event\n            if not held and isinstance(event, Delta):\n                self.before += event.text\n                self.deltas += 1\n                if self.marker in self.before:\n                    held = True\n                    self.reached.set()\n                    while not self.opened.is_set():\n                        await asyncio.sleep(0.005)\n\n\n@pytest.fixture\ndef held(monkeypatch: pytest.MonkeyPatch) -> HeldMock:\n    from app.chat import service\n\n    provider = HeldMock("\\U0001f389")\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    return provider\n\n\ndef start_held(client: TestClient, user: Account, held: HeldMock, ws: WebSocketTestSession) -> tuple[str, str]:\n    """Send a message whose mock reply quotes emoji; return (conversation id, reply id) once\n    the reply is held mid-stream."""\n    conversation = create_'
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

blocks = {}
debug_info = '1=13&2=16&3=19&19=23&21=25&22=27&49=29&61=33&87=35&146=37&174=39&175=43&176=45&177=48&179=52&180=55&181=57&182=60&184=62&185=65&194=68&199=70&240=74&247=76&272=78&276=80&286=82&296=85&307=87&316=90&350=92&351=96&352=98&353=101&355=106&357=108&358=111&365=114&406=116&407=119&412=122&424=124&426=126&428=130'
