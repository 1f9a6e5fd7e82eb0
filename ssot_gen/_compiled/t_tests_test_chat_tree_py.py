# Compiled by ssot_gen.precompiled from templates/tests/test_chat_tree.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tests/test_chat_tree.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_C = l_0_M = l_0_mb = l_0_roles = l_0_statuses = l_0_parent = missing
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
    l_0_M = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'message')
    context.vars['M'] = l_0_M
    context.exported_vars.add('M')
    l_0_mb = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'msg')
    context.vars['mb'] = l_0_mb
    context.exported_vars.add('mb')
    l_0_roles = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'role_values')
    context.vars['roles'] = l_0_roles
    context.exported_vars.add('roles')
    l_0_statuses = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'status_values')
    context.vars['statuses'] = l_0_statuses
    context.exported_vars.add('statuses')
    l_0_parent = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'parent_column')
    context.vars['parent'] = l_0_parent
    context.exported_vars.add('parent')
    yield '"""The message tree: regenerate and edit make siblings, the prompt and the message list follow\nthe active branch, ``?branch=all`` with sibling positions, switching branches, legacy rows."""\n\n'
    if environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'timestamps'):
        pass
        yield 'import datetime as dt\n'
    yield 'import time\nimport uuid\nfrom collections.abc import AsyncIterator\nfrom typing import Any\n\nimport pytest\nfrom fastapi.testclient import TestClient\nfrom starlette.testclient import WebSocketTestSession\n\nfrom tests.conftest import Account, create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '\n\nUSER = '
    yield str(t_1(environment.getattr((undefined(name='roles') if l_0_roles is missing else l_0_roles), 'user')))
    yield '\nASSISTANT = '
    yield str(t_1(environment.getattr((undefined(name='roles') if l_0_roles is missing else l_0_roles), 'assistant')))
    yield '\n\n\nclass RecordingProvider:\n    """Answers ``answer <n>`` (the n-th prompt it was asked) and keeps every prompt it was\n    asked, without the system turn: ``[(role, content), ...]``."""\n\n    name = "recording"\n\n    def __init__(self) -> None:\n        self.prompts: list[list[tuple[str, str]]] = []\n\n    async def stream(self, request: Any) -> AsyncIterator[Any]:\n        from app.chat.providers.base import Completion, Delta, Usage\n\n        turns = [(turn.role, turn.content) for turn in request.messages if turn.role != "system"]\n        self.prompts.append(turns)\n        yield Delta(f"answer {len(self.prompts)}")\n        yield Completion(Usage(1, 1), "stop")\n\n\n@pytest.fixture\ndef provider(monkeypatch: pytest.MonkeyPatch) -> RecordingProvider:\n    from app.chat import service\n\n    recording = RecordingProvider()\n    monkeypatch.setattr(service, "get_provider", lambda _name: recording)\n    # no context window (the schema\'s may be small): every prompt holds its whole branch\n    monkeypatch.setattr(service, "MODELS", {})\n    return recording\n\n\ndef wait_until_idle() -> None:\n    """Wait until no reply streams and no title is being written (polls; never timed)."""\n    from app.chat import service\n\n    for _ in range(12000):\n        if service.idle():\n            return\n        time.sleep(0.005)\n    raise AssertionError("the chat never became idle")\n\n\ndef until_reply(ws: WebSocketTestSession) -> list[dict[str, Any]]:\n    """Every frame up to the ``conversation.updated`` after a reply\'s final ``message.updated``\n    (an ``error`` frame fails at once)."""\n    frames: list[dict[str, Any]] = []\n    done = False\n    while True:\n        frame = ws.receive_json()\n        assert frame["type"] != "error", frame\n        frames.append(frame)\n        if frame["type"] == "message.updated" and frame["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] != '
    yield str(t_1(environment.getattr((undefined(name='statuses') if l_0_statuses is missing else l_0_statuses), 'streaming')))
    yield ':\n            done = True\n        if done and frame["type"] == "conversation.updated":\n            wait_until_idle()\n            return frames\n\n\ndef created(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:\n    return [f["data"] for f in frames if f["type"] == "message.created"]\n\n\ndef send(ws: WebSocketTestSession, conversation_id: str, content: str) -> list[dict[str, Any]]:\n    ws.send_json({"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}})\n    return until_reply(ws)\n\n\ndef regenerate(ws: WebSocketTestSession, message_id: str) -> list[dict[str, Any]]:\n    ws.send_json({"type": "message.regenerate", "data": {"message_id": message_id}})\n    return until_reply(ws)\n\n\ndef edit(ws: WebSocketTestSession, message_id: str, content: str) -> list[dict[str, Any]]:\n    ws.send_json({"type": "message.edit", "data": {"message_id": message_id, "content": content}})\n    return until_reply(ws)\n\n\ndef error_of(ws: WebSocketTestSession, frame: dict[str, Any]) -> str:\n    """Send ``frame``; the code of the ``error`` frame it answers (other frames skipped)."""\n    ws.send_json(frame)\n    while True:\n        answer = ws.receive_json()\n        if answer["type"] == "error":\n            return str(answer["data"]["code"])\n\n\ndef messages(client: TestClient, account: Account, conversation_id: str, **params: str) -> dict[str, Any]:\n    url = f"'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
    yield '/{conversation_id}/'
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'messages_url'))
    yield '"\n    response = client.get(url, params=params, headers=account.headers)\n    assert response.status_code == 200, response.text\n    return dict(response.json())\n\n\ndef contents(page: dict[str, Any]) -> list[str]:\n    return [m["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"] for m in page["data"]]\n\n\ndef positions(page: dict[str, Any]) -> list[tuple[str, int, int]]:\n    return [(m["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '"], m["sibling_index"], m["sibling_count"]) for m in page["data"]]\n\n\ndef switch(client: TestClient, account: Account, conversation_id: str, leaf_id: Any) -> Any:\n    url = f"'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
    yield '/{conversation_id}/branch"\n    return client.put(url, json={"leaf_id": leaf_id}, headers=account.headers)\n\n\ndef test_regenerate_makes_a_sibling_reply_from_the_same_prompt(\n    client: TestClient, user: Account, provider: RecordingProvider\n) -> None:\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        question, first = created(send(ws, conversation["id"], "What is a tree?"))\n        assert question["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] is None\n        assert first["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] == question["id"]\n        frames = regenerate(ws, first["id"])\n    (second,) = created(frames)\n    assert second["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield '"] == ASSISTANT\n    assert second["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] == question["id"]\n    assert provider.prompts == [[("user", "What is a tree?")]] * 2\n    page = messages(client, user, conversation["id"])\n    assert page["count"] == 2\n    assert positions(page) == [("What is a tree?", 1, 1), ("answer 2", 2, 2)]\n    whole = messages(client, user, conversation["id"], branch="all")\n    assert whole["count"] == 3\n    assert positions(whole) == [("What is a tree?", 1, 1), ("answer 1", 1, 2), ("answer 2", 2, 2)]\n    assert whole["data"][1]["id"] == first["id"]\n\n\ndef test_edit_makes_a_siblingfirst_question_and_the_prompt_follows_the_branch(\n    client: TestClient, user: Account, provider: RecordingProvider\n) -> None:\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        first_question, reply = created(send(ws, conversation["id"], "one"))\n        asked, answer_two = created(send(ws, conversation["id"], "two"))\n        assert asked["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] == reply["id"]\n        edited, edited_reply = created(edit(ws, asked["id"], "two, edited"))\n        assert edited["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] == reply["id"]\n        assert edited["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield '"] == USER\n        assert edited_reply["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] == edited["id"]\n        assert provider.prompts[-1] == [("user", "one"), ("assistant", "answer 1"), ("user", "two, edited")]\n        assert contents(messages(client, user, conversation["id"])) == ["one", "answer 1", "two, edited", "answer 3"]\n        whole = messages(client, user, conversation["id"], branch="all")\n        assert positions(whole) == [\n            ("one", 1, 1),\n            ("answer 1", 1, 1),\n            ("two", 1, 2),\n            ("answer 2", 1, 1),\n            ("two, edited", 2, 2),\n            ("answer 3", 1, 1),\n        ]\n        # back to the first question: its branch down to its newest descendant\n        response = switch(client, user, conversation["id"], asked["id"])\n        assert response.status_code == 200, response.text\n        assert contents(response.json()) == ["one", "answer 1", "two", "answer 2"]\n        while True:  # the user\'s sockets hear of it (frames of the replies may come first)\n            frame = ws.receive_json()\n            if frame["type"] == "conversation.updated" and frame["data"]["id"] == conversation["id"]:\n                if frame["data"]["active_leaf_id"] == answer_two["id"]:\n                    break\n        assert contents(messages(client, user, conversation["id"])) == ["one", "answer 1", "two", "answer 2"]\n        third, _ = created(send(ws, conversation["id"], "three"))\n        assert provider.prompts[-1] == [\n            ("user", "one"),\n            ("assistant", "answer 1"),\n            ("user", "two"),\n            ("assistant", "answer 2"),\n            ("user", "three"),\n        ]\n        # an edit of the first message is a second root\n        root, _ = created(edit(ws, first_question["id"], "one, edited"))\n        assert root["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] is None\n        assert provider.prompts[-1] == [("user", "one, edited")]\n    assert contents(messages(client, user, conversation["id"])) == ["one, edited", "answer 5"]\n    response = switch(client, user, conversation["id"], first_question["id"])\n    assert response.status_code == 200, response.text\n    assert contents(response.json()) == ["one", "answer 1", "two, edited", "answer 3"]\n    assert response.json()["data"][0]["sibling_count"] == 2\n    assert third["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] == answer_two["id"]\n\n\ndef test_branch_errors(client: TestClient, user: Account, other_user: Account, provider: RecordingProvider) -> None:\n    del provider\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    elsewhere = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        question, reply = created(send(ws, conversation["id"], "hello"))\n        foreign, _ = created(send(ws, elsewhere["id"], "elsewhere"))\n        assert error_of(ws, {"type": "message.regenerate", "data": {"message_id": question["id"]}}) == "not_a_reply"\n        assert error_of(ws, {"type": "message.edit", "data": {"message_id": reply["id"], "content": "x"}}) == "not_a_user_message"\n        unknown = str(uuid.uuid4())\n        assert error_of(ws, {"type": "message.regenerate", "data": {"message_id": unknown}}) == "not_found"\n        assert error_of(ws, {"type": "message.edit", "data": {"message_id": unknown, "content": "x"}}) == "not_found"\n        assert error_of(ws, {"type": "message.regenerate", "data": {"message_id": "not-a-uuid"}}) == "invalid_payload"\n    from app.core.config import settings\n\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        too_long = "x" * (settings.max_message_chars + 1)\n        assert error_of(ws, {"type": "message.edit", "data": {"message_id": question["id"], "content": too_long}}) == "message_too_long"\n    with client.websocket_connect(f"/ws?token={other_user.token}") as ws:\n        assert error_of(ws, {"type": "message.regenerate", "data": {"message_id": reply["id"]}}) == "not_found"\n        assert error_of(ws, {"type": "message.edit", "data": {"message_id": question["id"], "content": "x"}}) == "not_found"\n    # another user\'s conversation: 404, whatever the message\n    assert switch(client, other_user, conversation["id"], question["id"]).status_code == 404\n    url = f"'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
    yield "/{conversation['id']}/"
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'messages_url'))
    yield '"\n    assert client.get(url, headers=other_user.headers).status_code == 404\n    # a message of another conversation, not a message at all, a bad id or body: 422\n    for leaf in (foreign["id"], str(uuid.uuid4()), "not-a-uuid", None):\n        response = switch(client, user, conversation["id"], leaf)\n        assert response.status_code == 422, (leaf, response.text)\n        assert isinstance(response.json()["detail"], list)\n    bad = client.put(f"'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))
    yield '/{conversation[\'id\']}/branch", json={}, headers=user.headers)\n    assert bad.status_code == 422\n    assert client.get(url, params={"branch": "some"}, headers=user.headers).status_code == 422\n    # nothing changed\n    assert contents(messages(client, user, conversation["id"])) == ["hello", "answer 1"]\n\n\ndef test_legacy_rows_keep_their_history(client: TestClient, user: Account, provider: RecordingProvider) -> None:\n    """Rows stored before messages had parents (parent NULL, no active leaf) read as before:\n    one branch in the old order, and the next message goes below the newest."""\n    from app.chat import bindings\n    from app.core.db import SessionLocal\n\n    conversation = create_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(client, user)\n    legacy = [(USER, "old one"), (ASSISTANT, "old answer one"), (USER, "old two"), (ASSISTANT, "old answer two")]\n    ids: list[str] = []\n    base = uuid.uuid4().int & ~0xFFFF  # increasing ids: the order of a schema without timestamps\n'
    if environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'timestamps'):
        pass
        yield '    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)\n'
    yield '\n    async def store_legacy() -> None:\n        async with SessionLocal() as session:\n            row = await session.get(bindings.ConversationModel, uuid.UUID(conversation["id"]))\n            assert row is not None\n            for number, (role, content) in enumerate(legacy):\n                message = bindings.new_message(row, bindings.RoleEnum(role), content, bindings.DONE)\n                message.id = uuid.UUID(int=base + number)\n'
    if environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'timestamps'):
        pass
        yield '                message.created_at = start + dt.timedelta(seconds=number)\n'
    yield '                session.add(message)\n                ids.append(str(message.id))\n            await session.commit()\n\n    assert client.portal is not None\n    client.portal.call(store_legacy)\n    page = messages(client, user, conversation["id"])\n    assert contents(page) == [content for _role, content in legacy]\n    assert all(m["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] is None for m in page["data"])\n    whole = messages(client, user, conversation["id"], branch="all")\n    assert [(m["sibling_index"], m["sibling_count"]) for m in whole["data"]] == [(1, 1)] * 4\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        asked, _reply = created(send(ws, conversation["id"], "new three"))\n        assert asked["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] == ids[-1]\n        assert provider.prompts[-1] == [\n            ("user", "old one"),\n            ("assistant", "old answer one"),\n            ("user", "old two"),\n            ("assistant", "old answer two"),\n            ("user", "new three"),\n        ]\n        (again,) = created(regenerate(ws, ids[1]))  # a legacy reply: its prompt is what it had\n        assert again["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] == ids[0]\n        assert provider.prompts[-1] == [("user", "old one")]\n        edited, _ = created(edit(ws, ids[2], "old two, edited"))\n        assert edited["'
    yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
    yield '"] == ids[1]\n        assert provider.prompts[-1] == [("user", "old one"), ("assistant", "old answer one"), ("user", "old two, edited")]\n    assert contents(messages(client, user, conversation["id"])) == ["old one", "old answer one", "old two, edited", "answer 3"]\n    # the active leaf deleted (a dangling id): the newest message\'s branch\n    async def dangle() -> None:\n        import sqlalchemy as sa\n\n        async with SessionLocal() as session:\n            await session.execute(\n                sa.update(bindings.ConversationModel)\n                .where(bindings.ConversationModel.id == uuid.UUID(conversation["id"]))\n                .values(active_leaf_id=uuid.uuid4())\n            )\n            await session.commit()\n\n    client.portal.call(dangle)\n    assert contents(messages(client, user, conversation["id"]))[-2:] == ["old two, edited", "answer 3"]\n'
    if environment.getattr(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'exposes'), 'create'):
        pass
        yield '\n\ndef test_a_message_created_over_rest_joins_the_active_branch(\n    client: TestClient, user: Account, provider: RecordingProvider\n) -> None:\n    """``POST '
        yield str(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'url'))
        yield '`` puts the message below the active leaf (as a send does) and makes it\n    the active leaf: the default message list and the next prompt include it."""\n    from tests.conftest import '
        yield str(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'snake'))
        yield '_payload\n\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "Sent over the socket")\n    leaf = messages(client, user, conversation["id"])["data"][-1]["id"]\n    payload = '
        yield str(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'snake'))
        yield '_payload(client, user) | {"'
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'message_fk'))
        yield '": conversation["id"]}\n    response = client.post("'
        yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
        yield str(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'url'))
        yield '", json=payload, headers=user.headers)\n    assert response.status_code == 201, response.text\n    made = response.json()\n    listed = messages(client, user, conversation["id"])["data"]\n    assert [m["id"] for m in listed][-2:] == [leaf, made["id"]]\n'
        if environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'parent_in_payload'):
            pass
            yield '    assert made["'
            yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
            yield '"] == leaf\n    elsewhere = create_'
            yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
            yield '(client, user)\n    wrong = payload | {"'
            yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'message_fk'))
            yield '": elsewhere["id"], "'
            yield str((undefined(name='parent') if l_0_parent is missing else l_0_parent))
            yield '": leaf}\n    response = client.post("'
            yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
            yield str(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'url'))
            yield '", json=wrong, headers=user.headers)\n    assert response.status_code == 422, response.text  # a parent of another conversation\n'

blocks = {}
debug_info = '1=19&2=22&3=25&4=28&5=31&6=34&10=38&22=42&24=44&25=46&77=48&113=52&120=57&124=59&128=61&135=64&138=66&139=68&142=70&143=72&157=74&161=76&163=78&164=80&165=82&197=84&204=86&209=88&210=90&230=92&237=97&250=100&254=102&265=106&276=110&281=112&290=114&293=116&310=118&316=121&318=123&320=125&324=127&325=131&330=134&331=137&332=139&333=141&334=145'
