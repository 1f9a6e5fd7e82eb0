# Compiled by ssot_gen.precompiled from templates/tests/test_limits.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tests/test_limits.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_M = resolve('M')
    l_0_chat = l_0_C = l_0_mb = missing
    try:
        t_1 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_2 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_3 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    pass
    l_0_chat = environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat')
    context.vars['chat'] = l_0_chat
    context.exported_vars.add('chat')
    l_0_C = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conversation')
    context.vars['C'] = l_0_C
    context.exported_vars.add('C')
    l_0_mb = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'msg')
    context.vars['mb'] = l_0_mb
    context.exported_vars.add('mb')
    yield '"""Limits that keep the server responsive: the request body limit (413), the message length,\nthe per-user send rate, replies generating at once and the daily budget (``error`` frames)."""\n\nimport socket\nimport threading\nimport time\nfrom collections.abc import AsyncIterator, Iterator\nfrom contextlib import contextmanager\nfrom decimal import Decimal\nfrom typing import Any\n\nimport httpx\nimport pytest\nimport uvicorn\nfrom fastapi.testclient import TestClient\nfrom starlette.testclient import WebSocketTestSession\n\nfrom tests.conftest import Account'
    if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'test_factory'):
        pass
        yield ', create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '\n\nREGISTER_URL = '
    yield str(t_3((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/register')))
    yield '\nLOGIN_URL = '
    yield str(t_3((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/login')))
    yield '\nHUGE = 50 * 1024 * 1024  # bytes: far over the default limit of the request body\nCHUNK = 64 * 1024\n\n\nclass Chunks:\n    """A request body of ``total`` bytes in ``CHUNK``-byte pieces; ``sent`` counts the bytes\n    the client took from it (what it managed to send, plus at most one chunk)."""\n\n    def __init__(self, total: int) -> None:\n        self.total = total\n        self.sent = 0\n\n    def __iter__(self) -> Iterator[bytes]:\n        while self.sent < self.total:\n            piece = b"x" * min(CHUNK, self.total - self.sent)\n            self.sent += len(piece)\n            yield piece\n\n\n@contextmanager\ndef served() -> Iterator[str]:\n    """The app on a real uvicorn on 127.0.0.1 (a free port, no lifespan, the logging left as\n    it is); yields its URL."""\n    from app.main import app\n\n    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n    listener.bind(("127.0.0.1", 0))\n    port = listener.getsockname()[1]\n    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_config=None))\n    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)\n    thread.start()\n    try:\n        for _ in range(6000):  # polls until the server listens; never a timed assertion\n            if server.started:\n                break\n            time.sleep(0.005)\n        assert server.started, "uvicorn did not start"\n        yield f"http://127.0.0.1:{port}"\n    finally:\n        server.should_exit = True\n        thread.join(60)\n        listener.close()\n\n\ndef test_a_body_declared_over_the_limit_is_refused_unread(client: TestClient) -> None:\n    from app.core.config import settings\n\n    response = client.post(\n        REGISTER_URL, content=b"{" + b" " * HUGE + b"}", headers={"Content-Type": "application/json"}\n    )\n    assert response.status_code == 413\n    assert response.json() == {"detail": f"request body larger than {settings.max_body_bytes} bytes"}\n\n\ndef test_a_chunked_body_over_the_limit_is_refused(client: TestClient) -> None:\n    body = Chunks(HUGE)\n    response = client.post(REGISTER_URL, content=iter(body), headers={"Content-Type": "application/json"})\n    assert response.status_code == 413\n    assert "detail" in response.json()\n\n\ndef test_a_chunked_body_under_the_limit_is_served(client: TestClient) -> None:\n    def pieces() -> Iterator[bytes]:\n        yield b\'{"'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name'))
    yield '": \'\n        yield b\'"nobody", "password": "not-the-password"}\'\n\n    response = client.post(LOGIN_URL, content=pieces(), headers={"Content-Type": "application/json"})\n    assert response.status_code not in (413, 500), response.text\n\n\ndef test_the_body_limit_is_read_at_each_request(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:\n    from app.core.config import settings\n\n    monkeypatch.setattr(settings, "max_body_bytes", 2048)\n    response = client.post(REGISTER_URL, json={"padding": "x" * 4096})\n    assert response.status_code == 413\n    assert response.json() == {"detail": "request body larger than 2048 bytes"}\n\n\ndef test_a_real_server_refuses_a_chunked_body_without_reading_it() -> None:\n    body = Chunks(HUGE)\n    with served() as url, httpx.Client(base_url=url, timeout=60) as http:\n        response = http.post(REGISTER_URL, content=iter(body), headers={"Content-Type": "application/json"})\n    assert response.status_code == 413\n    assert "detail" in response.json()\n    assert body.sent < HUGE // 2, f"the server read {body.sent} bytes of the body"\n\n\ndef test_a_real_server_refuses_a_declared_length_at_once() -> None:\n    body = Chunks(HUGE)\n    headers = {"Content-Type": "application/json", "Content-Length": str(HUGE)}\n    with served() as url, httpx.Client(base_url=url, timeout=60) as http:\n        response = http.post(REGISTER_URL, content=iter(body), headers=headers)\n    assert response.status_code == 413\n    assert body.sent < HUGE // 2, f"the server read {body.sent} bytes of the body"\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield '\n\ndef test_the_attachment_upload_has_its_own_limit_instead(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch, tmp_path: Any\n) -> None:\n    from app.chat import attachments\n    from app.core.config import settings\n\n    monkeypatch.setattr(settings, "max_body_bytes", 1024)\n    monkeypatch.setattr(settings, "attachments_dir", str(tmp_path / "attachments"))\n    attachments.get_storage.cache_clear()\n    png = bytes.fromhex(  # a 1x1 PNG, padded past the body limit\n        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"\n        "9c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"\n    ) + bytes(4096)\n    url = '
        yield str(t_3((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'url'))))
        yield '\n    try:\n        response = client.post(url, files={"file": ("cat.png", png, "image/png")}, headers=user.headers)\n    finally:\n        attachments.get_storage.cache_clear()\n    assert response.status_code == 201, response.text\n    assert client.post(REGISTER_URL, json={"padding": "x" * 4096}).status_code == 413\n'
    if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'test_factory'):
        pass
        yield '\n\nMESSAGES_URL = '
        yield str(t_3((((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url')) + '/{id}/') + environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'messages_url'))))
        yield '\n\n\ndef send(ws: WebSocketTestSession, conversation_id: str, content: str) -> None:\n    ws.send_json({"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}})\n\n\ndef until_error(ws: WebSocketTestSession) -> dict[str, Any]:\n    """The data of the next ``error`` frame (other frames are skipped)."""\n    while True:\n        frame = ws.receive_json()\n        if frame["type"] == "error":\n            return dict(frame["data"])\n\n\ndef replies(ws: WebSocketTestSession, count: int) -> list[dict[str, Any]]:\n    """The final ``message.updated`` of the next ``count`` replies (an ``error`` frame fails)."""\n    finished: list[dict[str, Any]] = []\n    while len(finished) < count:\n        frame = ws.receive_json()\n        assert frame["type"] != "error", frame\n        if frame["type"] == "message.updated" and frame["data"]["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] != "'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values'), 'streaming'))
        yield '":\n            finished.append(dict(frame["data"]))\n    return finished\n\n\ndef stored(client: TestClient, account: Account, conversation_id: str) -> int:\n    """How many messages the conversation has."""\n    response = client.get(MESSAGES_URL.format(id=conversation_id), headers=account.headers)\n    assert response.status_code == 200, response.text\n    return int(response.json()["count"])\n\n\ndef wait_until_idle() -> None:\n    """Wait until no reply streams and no title is being written (polls; never timed)."""\n    from app.chat import service\n\n    for _ in range(12000):\n        if service.idle():\n            return\n        time.sleep(0.005)\n    raise AssertionError("the chat never became idle")\n\n\nclass HeldProvider:\n    """Streams one word, then holds every reply at a gate until the test opens ``opened``;\n    reports ``usage`` tokens (input, output). ``calls`` counts the replies asked for."""\n\n    name = "held"\n\n    def __init__(self, usage: tuple[int, int] = (1, 2), held: bool = True) -> None:\n        self.usage = usage\n        self.calls = 0\n        self.opened = threading.Event()\n        if not held:\n            self.opened.set()\n\n    async def stream(self, request: Any) -> AsyncIterator[Any]:\n        import asyncio\n\n        from app.chat.providers.base import Completion, Delta, Usage\n\n        del request\n        self.calls += 1\n        yield Delta("held ")\n        while not self.opened.is_set():\n            await asyncio.sleep(0.005)\n        yield Delta("reply")\n        yield Completion(Usage(*self.usage), "stop")\n\n\ndef test_a_message_over_the_length_limit_is_refused(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.core.config import settings\n\n    monkeypatch.setattr(settings, "max_message_chars", 12)\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "x" * 13)\n        error = until_error(ws)\n        assert error == {"code": "message_too_long", "message": "content: at most 12 characters"}\n        assert stored(client, user, conversation["id"]) == 0\n        send(ws, conversation["id"], "x" * 12)\n        replies(ws, 1)\n    assert stored(client, user, conversation["id"]) == 2\n    wait_until_idle()\n\n\n'
        l_0_M = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message')
        context.vars['M'] = l_0_M
        context.exported_vars.add('M')
        if ((environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content') in t_1(context.eval_ctx, t_2(context, environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'writable_fields'), attribute='name'))) and (environment.getattr(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'exposes'), 'create') or environment.getattr(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'exposes'), 'update'))):
            pass
            yield 'def test_rest_bodies_with_message_content_have_the_same_length_limit(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.core.config import settings\n\n    monkeypatch.setattr(settings, "max_message_chars", 12)\n    bodies = []\n'
            if environment.getattr(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'exposes'), 'create'):
                pass
                yield '    bodies.append(client.post('
                yield str(t_3((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'url'))))
                yield ', json={'
                yield str(t_3(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content')))
                yield ': "x" * 13}, headers=user.headers))\n'
            if environment.getattr(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'exposes'), 'update'):
                pass
                yield '    missing = "00000000-0000-4000-8000-000000000000"\n    bodies.append(client.patch(f"'
                yield str((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'url')))
                yield '/{missing}", json={'
                yield str(t_3(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content')))
                yield ': "x" * 13}, headers=user.headers))\n'
            yield '    for response in bodies:\n        assert response.status_code == 422, response.text\n        errors = response.json()["detail"]\n        assert any(\n            error["loc"][-1] == '
            yield str(t_3(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content')))
            yield ' and "at most 12 characters" in error["msg"]\n            for error in errors\n        ), errors\n\n\n'
        yield 'def test_sends_over_the_rate_limit_are_refused(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.core.config import settings\n\n    monkeypatch.setattr(settings, "rate_limit_send", "2/minute")\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        for number in range(2):\n            send(ws, conversation["id"], f"message {number}")\n            replies(ws, 1)\n        send(ws, conversation["id"], "one too many")\n        error = until_error(ws)\n    assert error["code"] == "rate_limited"\n    assert "retry in" in error["message"]\n    assert stored(client, user, conversation["id"]) == 4\n    wait_until_idle()\n\n\ndef test_replies_generating_at_once_are_capped(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import service\n    from app.core.config import settings\n\n    provider = HeldProvider()\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    monkeypatch.setattr(settings, "max_concurrent_generations", 2)\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "first")\n        send(ws, conversation["id"], "second")\n        send(ws, conversation["id"], "third")\n        error = until_error(ws)\n        assert error["code"] == "too_many_generations"\n        assert stored(client, user, conversation["id"]) == 4\n        assert provider.calls <= 2\n        provider.opened.set()\n        replies(ws, 2)\n        wait_until_idle()\n        send(ws, conversation["id"], "a slot is free again")\n        replies(ws, 1)\n    assert stored(client, user, conversation["id"]) == 6\n    wait_until_idle()\n\n\ndef test_two_sends_at_once_never_both_take_the_last_slot(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import service\n    from app.core.config import settings\n\n    provider = HeldProvider()\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    monkeypatch.setattr(settings, "max_concurrent_generations", 1)\n    first = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    second = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    url = f"/ws?token={user.token}"\n    with client.websocket_connect(url) as one, client.websocket_connect(url) as two:\n        send(one, first["id"], "at once")\n        send(two, second["id"], "at once")\n        outcomes: list[str] = []\n        for ws in (one, two):\n            while True:\n                frame = ws.receive_json()\n                if frame["type"] == "error":\n                    outcomes.append(frame["data"]["code"])\n                    break\n                if frame["type"] == "message.streaming":\n                    outcomes.append("streaming")\n                    break\n        assert sorted(outcomes) == ["streaming", "too_many_generations"]\n        provider.opened.set()\n    wait_until_idle()\n    counts = sorted(stored(client, user, c["id"]) for c in (first, second))\n    assert counts == [0, 2]\n\n\nclass RecordingProvider:\n    """Answers "ok" at once and records each request\'s prompt."""\n\n    name = "recording"\n\n    def __init__(self) -> None:\n        self.prompts: list[tuple[Any, ...]] = []\n\n    async def stream(self, request: Any) -> AsyncIterator[Any]:\n        from app.chat.providers.base import Completion, Delta, Usage\n\n        self.prompts.append(tuple(request.messages))\n        yield Delta("ok")\n        yield Completion(Usage(1, 1), "stop")\n\n\ndef test_a_long_conversation_reads_only_what_the_context_window_takes(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    import dataclasses\n\n    from app.chat import catalog, service, stream\n    from app.core.config import settings\n\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    provider = RecordingProvider()\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    key = (conversation["'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv'), 'provider'))
        yield '"] or settings.default_provider, conversation["'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv'), 'model_name'))
        yield '"] or settings.default_model)\n'
        if environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv'), 'max_tokens'):
            pass
            yield '    reserve = conversation["'
            yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv'), 'max_tokens'))
            yield '"] or 0\n'
        else:
            pass
            yield '    reserve = 0\n'
        yield '    models = dict(catalog.MODELS)\n    models[key] = dataclasses.replace(models[key], context_window=reserve + 1200)  # tokens\n    monkeypatch.setattr(service, "MODELS", models)\n    read: list[int] = []\n    build_prompt = stream.build_prompt\n\n    def counting(rows: Any, *args: Any) -> Any:\n        rows = list(rows)\n        read.append(len(rows))\n        return build_prompt(rows, *args)\n\n    monkeypatch.setattr(service, "build_prompt", counting)\n    questions = [f"{number} " + "x" * 1998 for number in range(8)]  # 500 tokens each\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        for question in questions:\n            send(ws, conversation["id"], question)\n            replies(ws, 1)\n    wait_until_idle()\n    assert stored(client, user, conversation["id"]) == 16\n    assert read[-1] <= 5, f"the last reply read {read[-1]} of 15 earlier messages"\n    last = [turn for turn in provider.prompts[-1] if turn.role != "system"]\n    assert last[-1].content == questions[-1]\n    assert [turn.content for turn in last if turn.role == "user"] == questions[-2:]\n'
        if (environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message'), 'timestamps') and environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'usage_bindings')):
            pass
            yield '\n\ndef test_a_spent_token_budget_refuses_the_next_reply(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import service\n    from app.core.config import settings\n\n    provider = HeldProvider(usage=(600, 500), held=False)\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    monkeypatch.setattr(settings, "budget_tokens_per_day", 1000)\n    conversation = create_'
            yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
            yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "within the budget")\n        replies(ws, 1)\n        wait_until_idle()\n        send(ws, conversation["id"], "over the budget")\n        error = until_error(ws)\n    assert error["code"] == "budget_exceeded"\n    assert "1000 tokens" in error["message"]\n    assert provider.calls == 1, "a reply over the budget was generated"\n    assert stored(client, user, conversation["id"]) == 2\n'
        if (environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message'), 'timestamps') and environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost')):
            pass
            yield '\n\ndef test_a_spent_usd_budget_refuses_the_next_reply(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import service\n    from app.core.config import settings\n\n    provider = HeldProvider(usage=(1_000_000, 1_000_000), held=False)\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    monkeypatch.setattr(settings, "budget_usd_per_day", Decimal("0.000001"))\n    conversation = create_'
            yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
            yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "within the budget")\n        [final] = replies(ws, 1)\n        wait_until_idle()\n        if not final["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'))
            yield '"] or not Decimal(final["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'))
            yield '"]):\n            pytest.skip("the default model has no price: its replies cost nothing")\n        send(ws, conversation["id"], "over the budget")\n        error = until_error(ws)\n    assert error["code"] == "budget_exceeded"\n    assert "USD" in error["message"]\n    assert provider.calls == 1, "a reply over the budget was generated"\n    assert stored(client, user, conversation["id"]) == 2\n\n'
            if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'private'):
                pass
                yield '\n\ndef test_another_users_spending_does_not_count(\n    client: TestClient, user: Account, other_user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import service\n    from app.core.config import settings\n\n    provider = HeldProvider(usage=(1_000_000, 1_000_000), held=False)\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    monkeypatch.setattr(settings, "budget_usd_per_day", Decimal("0.000001"))\n    for account in (user, other_user):\n        conversation = create_'
                yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
                yield '(client, account)\n        with client.websocket_connect(f"/ws?token={account.token}") as ws:\n            send(ws, conversation["id"], "my own budget")\n            replies(ws, 1)\n        wait_until_idle()\n    assert provider.calls == 2\n'

blocks = {}
debug_info = '1=32&2=35&3=38&21=42&24=47&25=49&89=51&121=53&137=56&145=58&148=61&169=63&225=67&237=69&238=72&246=75&247=78&249=82&251=85&257=90&269=93&291=95&318=97&319=99&365=101&368=103&369=107&370=110&397=116&409=119&421=121&433=124&438=126&447=130&460=133'
