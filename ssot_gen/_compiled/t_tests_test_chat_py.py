# Compiled by ssot_gen.precompiled from templates/tests/test_chat.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tests/test_chat.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_C = l_0_M = l_0_cb = l_0_mb = l_0_before = missing
    try:
        t_1 = environment.filters['min']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'min' found.")
    pass
    l_0_C = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'conversation')
    context.vars['C'] = l_0_C
    context.exported_vars.add('C')
    l_0_M = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'message')
    context.vars['M'] = l_0_M
    context.exported_vars.add('M')
    l_0_cb = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'conv')
    context.vars['cb'] = l_0_cb
    context.exported_vars.add('cb')
    l_0_mb = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg')
    context.vars['mb'] = l_0_mb
    context.exported_vars.add('mb')
    yield '"""The websocket chat: streaming, persistence, usage and cost, subscriptions, bad frames."""\n\nimport asyncio\nimport logging\nimport threading\nfrom collections.abc import AsyncIterator\nfrom decimal import Decimal\nfrom typing import Any\n\nimport pytest\nfrom fastapi.testclient import TestClient\nfrom starlette.testclient import WebSocketTestSession\nfrom starlette.websockets import WebSocketDisconnect\n\nfrom tests.conftest import Account, create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '\n\n\ndef frames_until_reply(ws: WebSocketTestSession) -> list[dict[str, Any]]:\n    """Every frame up to the ``conversation.updated`` that follows the final message.\n\n    An ``error`` frame fails at once (the reply it stands for will never come)."""\n    frames: list[dict[str, Any]] = []\n    done = False\n    while True:\n        frame = ws.receive_json()\n        assert frame["type"] != "error", frame\n        frames.append(frame)\n        if frame["type"] == "message.updated" and frame["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] != "'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values'), 'streaming'))
    yield '":\n            done = True\n        if done and frame["type"] == "conversation.updated":\n            return frames\n\n\ndef final_message(frames: list[dict[str, Any]]) -> dict[str, Any]:\n    return next(f["data"] for f in frames if f["type"] == "message.updated")\n\n\ndef expected_cost(conversation: dict[str, Any], prompt: int, completion: int, scale: int) -> Decimal:\n    """The price list\'s cost of a reply in ``conversation`` (``prompt`` uncached input and\n    ``completion`` output tokens, at today\'s price), rounded to ``scale`` places."""\n    import datetime\n\n    from app.chat.catalog import MODELS\n    from app.chat.pricing import price_on\n    from app.core.config import settings\n\n    provider = conversation["'
    yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'provider'))
    yield '"] or settings.default_provider\n    model = conversation["'
    yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'model_name'))
    yield '"] or settings.default_model\n    price = price_on(MODELS[(provider, model)], datetime.datetime.now(datetime.UTC).date())\n    assert price is not None\n    exact = (prompt * price.input + completion * price.output) / 1_000_000\n    return exact.quantize(Decimal(1).scaleb(-scale))\n\n\ndef send(ws: WebSocketTestSession, conversation_id: str | None, content: str) -> None:\n    ws.send_json({"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}})\n\n\ndef test_reply_streams_and_is_stored(client: TestClient, user: Account) -> None:\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "Hello, streaming world")\n        frames = frames_until_reply(ws)\n    created = [f["data"] for f in frames if f["type"] == "message.created"]\n    assert [m["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield '"] for m in created] == ["'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'role_values'), 'user'))
    yield '", "'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'role_values'), 'assistant'))
    yield '"]\n    assert created[1]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values'), 'streaming'))
    yield '"\n    deltas = [f["data"] for f in frames if f["type"] == "message.streaming"]\n    assert deltas, "no message.streaming frames"\n    text, seq = "", -1\n    for delta in deltas:\n        assert delta["message_id"] == created[1]["id"]\n        assert delta["seq"] > seq  # increasing; coalesced frames may skip numbers\n        assert delta["offset"] == len(text)\n        seq = delta["seq"]\n        text += delta["delta"]\n    final = next(f["data"] for f in frames if f["type"] == "message.updated")\n    assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values'), 'done'))
    yield '"\n    assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == text\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens'))
        yield '"] == seq + 1  # the mock: a token per delta\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'prompt_tokens'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'prompt_tokens'))
        yield '"] > 0\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'))
        yield '"] is not None\n'
        if (environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'prompt_tokens') and environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens')):
            pass
            yield '    assert Decimal(final["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'))
            yield '"]) == expected_cost(\n        conversation, final["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'prompt_tokens'))
            yield '"], final["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens'))
            yield '"], '
            yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'cost_scale'))
            yield '\n    )\n'
    yield '    stored = client.get(f"/api'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
    yield "/{conversation['id']}/"
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'messages_url'))
    yield '", headers=user.headers).json()\n    assert [m["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] for m in stored["data"]] == ["Hello, streaming world", text]\n'
    if (((environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens') and environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens')) or (environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost') and environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'))) or environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count')):
        pass
        yield '    totals = [f["data"] for f in frames if f["type"] == "conversation.updated"][-1]\n'
    if (environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens') and environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens')):
        pass
        yield '    assert totals["'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'))
        yield '"] == final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens'))
        yield '"]\n'
    if (environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost') and environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost')):
        pass
        yield '    # The two columns may round to different scales: compare the amounts, not the strings.\n    coarser = Decimal(1).scaleb(-'
        yield str(t_1(environment, [environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'cost_scale'), environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'total_cost_scale')]))
        yield ')\n    assert abs(Decimal(totals["'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost'))
        yield '"]) - Decimal(final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'))
        yield '"])) < coarser\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count'):
        pass
        yield '    assert totals["'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count'))
        yield '"] == 2\n'
    yield '\n\ndef utf16_len(text: str) -> int:\n    """Length in UTF-16 code units: what ``offset`` counts (a browser\'s string length)."""\n    return len(text.encode("utf-16-le")) // 2\n\n\ndef test_offsets_count_utf16_code_units(client: TestClient, user: Account) -> None:\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "\\U0001f600 \\U0001d11e \\u00e9 \\U0001f389")\n        frames = frames_until_reply(ws)\n    deltas = [f["data"] for f in frames if f["type"] == "message.streaming"]\n    text = ""\n    for delta in deltas:\n        assert delta["offset"] == utf16_len(text), (delta, text)\n        text += delta["delta"]\n    assert "\\U0001f600" in text and "\\U0001f389" in text\n    assert utf16_len(text) > len(text)  # the astral characters count twice\n    assert final_message(frames)["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == text\n\n\nclass GatedProvider:\n    """Streams ``before``, waits at a gate the test opens, then streams ``after``.\n\n    ``reached`` is set once every delta before the gate was published and written: the engine\n    asks for the next event only after it handled the last one, which comes after a pause of\n    the flush interval; the batched writer is then asked to write all pending text.\n    """\n\n    name = "gated"\n\n    def __init__(self, before: list[str], after: list[str]) -> None:\n        self.before = before\n        self.after = after\n        self.reached = threading.Event()\n        self.opened = threading.Event()\n\n    async def stream(self, request: Any) -> AsyncIterator[Any]:\n        from app.chat.bindings import FLUSH\n        from app.chat.providers.base import Completion, Delta, Usage\n\n        del request\n        for number, word in enumerate(self.before, 1):\n            if number == len(self.before):\n                await asyncio.sleep(FLUSH.interval)\n            yield Delta(word)\n        from app.chat.service import writer\n\n        await writer.flush(everything=True)\n        self.reached.set()\n        while not self.opened.is_set():\n            await asyncio.sleep(0.005)\n        for word in self.after:\n            yield Delta(word)\n        yield Completion(Usage(1, len(self.before) + len(self.after)), "stop")\n\n\ndef test_partial_reply_is_stored_while_streaming(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import service\n\n    provider = GatedProvider(["a ", "b ", "c "], ["d ", "e"])\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    messages_url = f"/api'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
    yield "/{conversation['id']}/"
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'messages_url'))
    yield '"\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "Please answer slowly")\n        assert provider.reached.wait(60), "the reply never reached the gate"\n        stored = client.get(messages_url, headers=user.headers).json()["data"][-1]\n        assert stored["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values'), 'streaming'))
    yield '"\n        assert stored["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == "a b c "\n        with client.websocket_connect(f"/ws?token={user.token}") as late:\n            late.send_json({"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}})\n            assert late.receive_json()["type"] == "conversation.updated"\n            resumed = late.receive_json()\n            assert resumed["type"] == "message.updated"\n            assert resumed["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values'), 'streaming'))
    yield '"\n            assert resumed["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == "a b c "\n            provider.opened.set()\n            late_frames = frames_until_reply(late)\n        frames = frames_until_reply(ws)\n    live = [f["data"] for f in late_frames if f["type"] == "message.streaming"]\n    text = "a b c "\n    for data in live:  # queued deltas may be coalesced into one frame: the offsets stay exact\n        assert data["offset"] == len(text)\n        text += data["delta"]\n    assert text == "a b c d e"\n    final = final_message(frames)\n    assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == "a b c d e"\n    assert final_message(late_frames) == final\n    stored = client.get(messages_url, headers=user.headers).json()["data"][-1]\n    assert stored["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"]\n\n\nclass BusyProvider:\n    """Streams ``before`` with a pause after each delta, holds at a gate until the test opens\n    ``opened``, then streams ``after``; ``started`` is set after the first delta."""\n\n    name = "busy"\n\n    def __init__(self, before: list[str], after: list[str]) -> None:\n        self.before = before\n        self.after = after\n        self.started = threading.Event()\n        self.opened = threading.Event()\n\n    async def stream(self, request: Any) -> AsyncIterator[Any]:\n        from app.chat.providers.base import Completion, Delta, Usage\n\n        del request\n        for word in self.before:\n            yield Delta(word)\n            self.started.set()\n            await asyncio.sleep(0.002)\n        while not self.opened.is_set():\n            await asyncio.sleep(0.005)\n        for word in self.after:\n            yield Delta(word)\n        yield Completion(Usage(1, len(self.before) + len(self.after)), "stop")\n\n\ndef test_joining_mid_stream_gives_a_snapshot_then_every_later_delta(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import service\n\n'
    l_0_before = (t_1(environment, [300, ((environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'content_max_length') - 1) // 3)]) if environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'content_max_length') else 300)
    context.vars['before'] = l_0_before
    context.exported_vars.add('before')
    yield '    provider = BusyProvider(["ab "] * '
    yield str((undefined(name='before') if l_0_before is missing else l_0_before))
    yield ', ["z"])\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "Keep talking")\n        assert provider.started.wait(60), "the reply never started"\n        with client.websocket_connect(f"/ws?token={user.token}") as late:\n            late.send_json({"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}})\n            assert late.receive_json()["type"] == "conversation.updated"\n            snapshot = late.receive_json()\n            assert snapshot["type"] == "message.updated", snapshot\n            assert snapshot["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values'), 'streaming'))
    yield '"\n            seen = snapshot["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"]\n            while seen != "".join(provider.before):  # every delta up to the gate, none twice\n                frame = late.receive_json()\n                assert frame["type"] == "message.streaming", frame\n                assert frame["data"]["offset"] == len(seen)\n                seen += frame["data"]["delta"]\n            provider.opened.set()\n            final = final_message(frames_until_reply(late))\n        frames_until_reply(ws)\n    assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == seen + "z"\n\n\nclass FailingProvider:\n    """Streams one delta, then fails the way a broken network or SDK does."""\n\n    name = "failing"\n\n    accepts_images = False\n\n    def __init__(self, error: Exception) -> None:\n        self.error = error\n\n    async def stream(self, request: Any) -> AsyncIterator[Any]:\n        from app.chat.providers.base import Delta\n\n        del request\n        yield Delta("partial ")\n        raise self.error\n\n\ndef test_a_failing_provider_ends_the_reply_as_error(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import service\n    from app.chat.providers.base import ProviderError\n\n    failing = FailingProvider(ProviderError("interrupted", "boom"))\n    monkeypatch.setattr(service, "get_provider", lambda _name: failing)\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "Fail, please")\n        final = final_message(frames_until_reply(ws))\n    assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values'), 'error'))
    yield '"\n    assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == "partial "\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error'))
        yield '"] == "boom"[: '
        yield str((environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg_max_lengths'), 'error') or 4))
        yield ']\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'))
        yield '"] == "interrupted"[: '
        yield str((environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg_max_lengths'), 'error_code') or 11))
        yield ']\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason'))
        yield '"] == "error"[: '
        yield str((environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg_max_lengths'), 'finish_reason') or 5))
        yield ']\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated'))
        yield '"] is True\n'
    yield '\n\ndef test_an_internal_failure_is_stored_without_its_details(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import service\n\n    failing = FailingProvider(RuntimeError("secret internals"))\n    monkeypatch.setattr(service, "get_provider", lambda _name: failing)\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "Fail inside, please")\n        final = final_message(frames_until_reply(ws))\n    assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] == "'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values'), 'error'))
    yield '"\n    assert final["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] == "partial "\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error'):
        pass
        yield '    assert "secret internals" not in final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error'))
        yield '"]\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'):
        pass
        yield '    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'))
        yield '"] == "internal_error"[: '
        yield str((environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg_max_lengths'), 'error_code') or 14))
        yield ']\n'
    yield '\n\ndef test_every_tab_of_the_owner_gets_the_events(client: TestClient, user: Account) -> None:\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as tab1, client.websocket_connect(\n        f"/ws?token={user.token}"\n    ) as tab2:\n        tab2.send_json({"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}})\n        snapshot = tab2.receive_json()\n        assert snapshot["type"] == "conversation.updated"\n        assert snapshot["data"]["id"] == conversation["id"]\n        send(tab1, conversation["id"], "Two tabs")\n        first = frames_until_reply(tab1)\n        second = frames_until_reply(tab2)\n    assert final_message(first) == final_message(second)\n\n\n'
    if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'direct_owner'):
        pass
        yield 'def test_new_conversation_from_send(client: TestClient, user: Account) -> None:\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, None, "Start something new")\n        frames = frames_until_reply(ws)\n    assert frames[0]["type"] == "conversation.created"\n    conversation_id = frames[0]["data"]["id"]\n    assert client.get(f"/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield '/{conversation_id}", headers=user.headers).status_code == 200\n'
    else:
        pass
        yield 'def test_send_without_conversation_is_refused(client: TestClient, user: Account) -> None:\n    """The conversation belongs to a parent row: it is created over REST, with that parent."""\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, None, "Start something new")\n        frame = ws.receive_json()\n    assert frame["type"] == "error"\n    assert frame["data"]["code"] == "conversation_required"\n'
    yield '\n\ndef test_others_cannot_subscribe_or_send(client: TestClient, user: Account, other_user: Account) -> None:\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={other_user.token}") as ws:\n        ws.send_json({"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}})\n        assert ws.receive_json() == {"type": "error", "data": {"code": "not_found", "message": "'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'title'))
    yield ' not found"}}\n        send(ws, conversation["id"], "not mine")\n        assert ws.receive_json()["data"]["code"] == "not_found"\n\n\ndef test_bad_frames_get_errors_and_the_socket_stays_open(client: TestClient, user: Account) -> None:\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        ws.send_text("not json")\n        assert ws.receive_json()["data"]["code"] == "invalid_json"\n        ws.send_json({"type": "no.such.type", "data": {}})\n        assert ws.receive_json()["data"]["code"] == "unknown_type"\n        ws.send_json({"type": "message.send", "data": {"conversation_id": conversation["id"]}})\n        assert ws.receive_json()["data"]["code"] == "invalid_payload"\n        send(ws, conversation["id"], "nul \\x00 character")\n        assert ws.receive_json()["data"]["code"] == "invalid_payload"\n        ws.send_json({"type": "conversation.subscribe", "data": {"conversation_id": "nope"}})\n        assert ws.receive_json()["data"]["code"] == "invalid_payload"\n        ws.send_json({"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}})\n        assert ws.receive_json()["type"] == "conversation.updated"\n\n\n# Without ``?token=`` a socket authenticates with its first frame (tests/test_ws_security.py).\n@pytest.mark.parametrize("query", ["?token=", "?token=not-a-jwt"])\ndef test_bad_token_closes_with_1008(client: TestClient, query: str) -> None:\n    with client.websocket_connect(f"/ws{query}") as ws, pytest.raises(WebSocketDisconnect) as closed:\n        ws.receive_json()\n    assert closed.value.code == 1008\n\n\n'
    if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'direct_owner'):
        pass
        yield 'def test_new_conversations_use_the_default_provider_and_model(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.core.config import settings\n\n'
        if ('model_name' in environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'conv_unset')):
            pass
            yield '    monkeypatch.setattr(settings, "default_model", "configured-model")\n'
        yield '    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, None, "Which model answers?")\n        frames = frames_until_reply(ws)\n    conversation = frames[0]["data"]\n    final = final_message(frames)\n    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values'), 'done'))
        yield '"\n'
        if ('provider' in environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'conv_unset')):
            pass
            yield '    assert conversation["'
            yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'provider'))
            yield '"] == settings.default_provider\n'
        if ('model_name' in environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'conv_unset')):
            pass
            yield '    assert conversation["'
            yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'model_name'))
            yield '"] == "configured-model"\n'
            if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'model_name'):
                pass
                if environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg_max_lengths'), 'model_name'):
                    pass
                    yield '    assert final["'
                    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'model_name'))
                    yield '"] == "configured-model"[: '
                    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg_max_lengths'), 'model_name'))
                    yield ']\n'
                else:
                    pass
                    yield '    assert final["'
                    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'model_name'))
                    yield '"] == "configured-model"\n'
        else:
            pass
            yield '    assert conversation["'
            yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'model_name'))
            yield '"]\n'
    if environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'content_max_length'):
        pass
        yield '\n\ndef test_a_message_longer_than_the_content_column_is_refused(client: TestClient, user: Account) -> None:\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    messages_url = f"/api'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
        yield "/{conversation['id']}/"
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'messages_url'))
        yield '"\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "x" * '
        yield str((environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'content_max_length') + 1))
        yield ')\n        error = ws.receive_json()\n    assert error == {\n        "type": "error",\n        "data": {"code": "too_long", "message": "content: at most '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'content_max_length'))
        yield ' characters"},\n    }\n    assert client.get(messages_url, headers=user.headers).json()["count"] == 0\n\n\ndef test_a_reply_is_cut_at_the_content_column(client: TestClient, user: Account) -> None:\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "y" * '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'content_max_length'))
        yield ')\n        frames = frames_until_reply(ws)\n    final = final_message(frames)\n    assert final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values'), 'done'))
        yield '"\n    assert len(final["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"]) <= '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'content_max_length'))
        yield '\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason'):
            pass
            yield '    if len(final["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
            yield '"]) == '
            yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'content_max_length'))
            yield ':\n        assert final["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason'))
            yield '"] == "length"\n'
    yield '\n\ndef test_the_websocket_token_never_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:\n    import app.main  # noqa: F401  (installs the redaction)\n\n    caplog.set_level(logging.INFO)\n    logging.getLogger("uvicorn.access").info(\n        \'%s - "%s %s HTTP/%s" %d\', "127.0.0.1:5000", "GET", "/ws?token=secret.jwt.value&x=1", "1.1", 101\n    )\n    assert "secret.jwt.value" not in caplog.text\n    assert "/ws?token=[redacted]&x=1" in caplog.text\n'

blocks = {}
debug_info = '1=19&2=22&3=25&4=28&19=32&32=34&51=38&52=40&64=42&69=44&70=50&81=54&82=58&83=60&84=63&86=65&87=68&89=70&90=73&91=75&92=78&93=80&97=87&98=91&99=93&102=96&103=99&105=103&107=106&108=108&110=112&111=115&121=118&132=120&178=122&179=124&184=128&185=132&191=134&192=138&203=140&206=142&241=146&242=150&244=152&253=154&254=158&263=160&292=162&296=164&297=168&298=170&299=173&301=177&302=180&304=184&305=187&307=191&308=194&319=197&323=199&324=203&325=205&326=208&328=210&329=213&334=218&348=220&355=223&368=229&371=231&377=233&401=235&407=238&415=242&416=246&417=249&419=251&420=254&421=256&422=258&423=261&425=268&429=273&432=275&436=278&437=280&439=284&443=286&449=288&451=290&454=292&455=296&456=300&457=303&458=307'
