# Compiled by ssot_gen.precompiled from templates/tests/test_providers.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tests/test_providers.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_real = resolve('real')
    l_0_chat = l_0_C = l_0_cb = l_0_mb = l_0_default = l_0_unconfigured = l_0_first = missing
    try:
        t_1 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_2 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    try:
        t_3 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_4 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_chat = environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat')
    context.vars['chat'] = l_0_chat
    context.exported_vars.add('chat')
    l_0_C = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conversation')
    context.vars['C'] = l_0_C
    context.exported_vars.add('C')
    l_0_cb = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv')
    context.vars['cb'] = l_0_cb
    context.exported_vars.add('cb')
    l_0_mb = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'msg')
    context.vars['mb'] = l_0_mb
    context.exported_vars.add('mb')
    l_0_default = environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'default_provider')
    context.vars['default'] = l_0_default
    context.exported_vars.add('default')
    l_0_unconfigured = t_1(context.eval_ctx, t_3(context, environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'), 'api_key_env'))
    context.vars['unconfigured'] = l_0_unconfigured
    context.exported_vars.add('unconfigured')
    yield '"""The provider catalogue where it is used: a conversation may only use an enabled, configured\nprovider and a model the schema lists for it (422 otherwise, naming the allowed values);\n``GET /api/providers``; what a request carries; generated titles."""\n\nimport datetime\nimport logging\nimport time\nfrom decimal import Decimal\nfrom typing import Any\n\nimport pytest\nfrom fastapi.testclient import TestClient\nfrom starlette.testclient import WebSocketTestSession\n\nfrom tests.conftest import Account'
    if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'test_factory'):
        pass
        yield ', create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield ', '
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '_payload'
    yield '\n\nPROVIDERS_URL = '
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/providers')))
    yield '\nCONVERSATIONS_URL = '
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))))
    yield '\nPROVIDER = '
    yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'provider')))
    yield '\nMODEL = '
    yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'model_name')))
    yield '\n\n\ndef send(ws: WebSocketTestSession, conversation_id: str | None, content: str) -> None:\n    ws.send_json({"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}})\n\n\ndef reply(ws: WebSocketTestSession) -> dict[str, Any]:\n    """The final ``message.updated`` of the reply being streamed (an ``error`` frame fails)."""\n    while True:\n        frame = ws.receive_json()\n        assert frame["type"] != "error", frame\n        if frame["type"] == "message.updated" and frame["data"]["'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '"] != "'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values'), 'streaming'))
    yield '":\n            return dict(frame["data"])\n\n\ndef wait_until_idle() -> None:\n    """Wait until no reply streams and no title is being written (polls; never timed)."""\n    from app.chat import service\n\n    for _ in range(6000):\n        if service.idle():\n            return\n        time.sleep(0.005)\n    raise AssertionError("the chat never became idle")\n\n\ndef test_providers_need_a_signed_in_user(client: TestClient) -> None:\n    assert client.get(PROVIDERS_URL).status_code == 401\n\n\ndef test_only_enabled_configured_providers_are_listed(client: TestClient, user: Account) -> None:\n    from app.chat.catalog import MODELS, PROVIDER_KINDS, models_of\n    from app.chat.pricing import price_on\n    from app.core.config import settings\n\n    body = client.get(PROVIDERS_URL, headers=user.headers).json()\n    names = [provider["name"] for provider in body["data"]]\n    assert names == [name for name in PROVIDER_KINDS if settings.provider_configured(name)]\n    assert body["count"] == len(names)\n'
    for l_1_provider in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_provider, 'api_key_env'):
            pass
            yield '    assert '
            yield str(t_2(environment.getattr(l_1_provider, 'name')))
            yield ' not in names  # '
            yield str(environment.getattr(l_1_provider, 'api_key_env'))
            yield ' is not set\n'
        else:
            pass
            yield '    assert '
            yield str(t_2(environment.getattr(l_1_provider, 'name')))
            yield ' in names\n'
    l_1_provider = missing
    yield '    for provider in body["data"]:\n        assert [model["name"] for model in provider["models"]] == models_of(provider["name"])\n        for model in provider["models"]:\n            info = MODELS[(provider["name"], model["name"])]\n            assert model["context_window"] == info.context_window\n            assert model["images"] == info.accepts_images\n            assert [Decimal(price["input"]) for price in model["prices"]] == [p.input for p in info.prices]\n            assert [Decimal(price["output"]) for price in model["prices"]] == [p.output for p in info.prices]\n            today = price_on(info, datetime.datetime.now(datetime.UTC).date())\n            if today is None:\n                assert model["price"] is None\n            else:\n                assert Decimal(model["price"]["input"]) == today.input\n                assert model["price"]["since"] == (today.since.isoformat() if today.since else None)\n'
    l_0_first = environment.getitem(environment.getattr((undefined(name='default') if l_0_default is missing else l_0_default), 'models'), 0)
    context.vars['first'] = l_0_first
    context.exported_vars.add('first')
    if environment.getattr((undefined(name='first') if l_0_first is missing else l_0_first), 'first_price'):
        pass
        yield '    listed = next(p for p in body["data"] if p["name"] == '
        yield str(t_2(environment.getattr((undefined(name='default') if l_0_default is missing else l_0_default), 'name')))
        yield ')\n    assert listed["default_model"] == '
        yield str(t_2(environment.getattr((undefined(name='default') if l_0_default is missing else l_0_default), 'default_model')))
        yield '\n    price = listed["models"][0]["prices"][0]\n    assert Decimal(price["input"]) == Decimal('
        yield str(t_2(environment.getattr(environment.getattr((undefined(name='first') if l_0_first is missing else l_0_first), 'first_price'), 'input')))
        yield ')\n    assert Decimal(price["output"]) == Decimal('
        yield str(t_2(environment.getattr(environment.getattr((undefined(name='first') if l_0_first is missing else l_0_first), 'first_price'), 'output')))
        yield ')\n'
    if (undefined(name='unconfigured') if l_0_unconfigured is missing else l_0_unconfigured):
        pass
        l_0_real = environment.getitem((undefined(name='unconfigured') if l_0_unconfigured is missing else l_0_unconfigured), 0)
        context.vars['real'] = l_0_real
        context.exported_vars.add('real')
        yield '\n\ndef test_a_provider_is_listed_once_its_key_is_set(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.core.config import settings\n\n    monkeypatch.setattr(settings, '
        yield str(t_2(environment.getattr((undefined(name='real') if l_0_real is missing else l_0_real), 'api_key_setting')))
        yield ', "test-key")\n    names = [p["name"] for p in client.get(PROVIDERS_URL, headers=user.headers).json()["data"]]\n    assert '
        yield str(t_2(environment.getattr((undefined(name='real') if l_0_real is missing else l_0_real), 'name')))
        yield ' in names\n'
    if (environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'choice_writable') and environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'test_factory')):
        pass
        yield '\n\ndef test_an_unknown_provider_is_refused(client: TestClient, user: Account) -> None:\n    payload = {**'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '_payload(client, user), PROVIDER: "bogus"}\n    response = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)\n    assert response.status_code == 422, response.text\n    detail = response.json()["detail"][0]\n    assert detail["loc"] == ["body", PROVIDER]\n    assert "unknown provider \'bogus\'" in detail["msg"]\n    assert "allowed: " in detail["msg"] and '
        yield str(t_2(environment.getattr((undefined(name='default') if l_0_default is missing else l_0_default), 'name')))
        yield ' in detail["msg"]\n\n\ndef test_an_unknown_model_is_refused(client: TestClient, user: Account) -> None:\n    payload = {**'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '_payload(client, user), PROVIDER: '
        yield str(t_2(environment.getattr((undefined(name='default') if l_0_default is missing else l_0_default), 'name')))
        yield ', MODEL: "no-such-model"}\n    response = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)\n    assert response.status_code == 422, response.text\n    detail = response.json()["detail"][0]\n    assert detail["loc"] == ["body", MODEL]\n'
        for l_1_model in environment.getattr((undefined(name='default') if l_0_default is missing else l_0_default), 'models'):
            _loop_vars = {}
            pass
            yield '    assert '
            yield str(t_2(environment.getattr(l_1_model, 'name')))
            yield ' in detail["msg"]\n'
        l_1_model = missing
        if (undefined(name='unconfigured') if l_0_unconfigured is missing else l_0_unconfigured):
            pass
            l_0_real = environment.getitem((undefined(name='unconfigured') if l_0_unconfigured is missing else l_0_unconfigured), 0)
            context.vars['real'] = l_0_real
            context.exported_vars.add('real')
            yield '\n\ndef test_an_unconfigured_provider_is_refused_until_its_key_is_set(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.core.config import settings\n\n    payload = {\n        **'
            yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
            yield '_payload(client, user),\n        PROVIDER: '
            yield str(t_2(environment.getattr((undefined(name='real') if l_0_real is missing else l_0_real), 'name')))
            yield ',\n        MODEL: '
            yield str(t_2(environment.getattr((undefined(name='real') if l_0_real is missing else l_0_real), 'default_model')))
            yield ',\n    }\n    response = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)\n    assert response.status_code == 422, response.text\n    detail = response.json()["detail"][0]\n    assert detail["loc"] == ["body", PROVIDER]\n    assert "not configured" in detail["msg"] and '
            yield str(t_2(environment.getattr((undefined(name='real') if l_0_real is missing else l_0_real), 'api_key_env')))
            yield ' in detail["msg"]\n    monkeypatch.setattr(settings, '
            yield str(t_2(environment.getattr((undefined(name='real') if l_0_real is missing else l_0_real), 'api_key_setting')))
            yield ', "test-key")\n    response = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)\n    assert response.status_code == 201, response.text\n'
    if (environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'choice_updatable') and environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'test_factory')):
        pass
        yield '\n\ndef test_an_update_to_a_provider_or_model_not_offered_is_refused(client: TestClient, user: Account) -> None:\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    url = f"{CONVERSATIONS_URL}/{conversation[\'id\']}"\n    for change, field in (({PROVIDER: "bogus"}, PROVIDER), ({MODEL: "no-such-model"}, MODEL)):\n        response = client.patch(url, json=change, headers=user.headers)\n        assert response.status_code == 422, response.text\n        assert response.json()["detail"][0]["loc"] == ["body", field]\n    after = client.get(url, headers=user.headers).json()\n    assert (after[PROVIDER], after[MODEL]) == (conversation[PROVIDER], conversation[MODEL])\n'
    if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'direct_owner'):
        pass
        yield '\n\ndef test_send_refuses_a_provider_that_is_not_offered(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    """The websocket path that creates a conversation checks the catalogue too."""\n    from app.chat import catalog\n\n    monkeypatch.setattr(catalog, "PROVIDER_KINDS", {})\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, None, "Hello?")\n        frame = ws.receive_json()\n    assert frame["type"] == "error"\n    assert frame["data"]["code"] == "provider_unavailable"\n    assert "unknown provider" in frame["data"]["message"]\n    assert client.get(CONVERSATIONS_URL, headers=user.headers).json()["count"] == 0\n'
    if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'test_factory'):
        pass
        yield '\n\nclass CapturingProvider:\n    """Answers "ok" and keeps every request it was sent."""\n\n    name = "capturing"\n    accepts_images = False\n\n    def __init__(self) -> None:\n        self.requests: list[Any] = []\n\n    async def stream(self, request: Any) -> Any:\n        from app.chat.providers.base import Completion, Delta, Usage\n\n        self.requests.append(request)\n        yield Delta("ok")\n        yield Completion(Usage(input_tokens=1, output_tokens=1), "stop")\n\n\ndef test_the_request_carries_the_history_that_fits_and_the_model_options(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch\n) -> None:\n    from app.chat import catalog, service\n    from app.chat.pricing import ModelInfo\n    from app.chat.providers.base import estimate_tokens\n\n    provider = CapturingProvider()\n    monkeypatch.setattr(service, "get_provider", lambda _name: provider)\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    chosen = (conversation[PROVIDER], conversation[MODEL])\n'
        if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'system_prompt'):
            pass
            yield '    system = conversation['
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'system_prompt')))
            yield '] or ""\n'
        else:
            pass
            yield '    system = ""\n'
        if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'max_tokens'):
            pass
            yield '    reserve = conversation['
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'max_tokens')))
            yield '] or 0\n'
        else:
            pass
            yield '    reserve = 0\n'
        yield '    words = ["alpha " * 66, "bravo " * 66, "charlie " * 50]  # about 100 tokens each\n    # Room for the system prompt, the reply and the last two questions with one answer.\n    window = reserve + estimate_tokens(system) + sum(estimate_tokens(w) for w in words[1:]) + 2\n    info = ModelInfo(prices=(), context_window=window, options={"reasoning_effort": "low"})\n    monkeypatch.setitem(catalog.MODELS, chosen, info)  # the dict the chat reads\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        for text in words:\n            send(ws, conversation["id"], text)\n            assert reply(ws)["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"] == "ok"\n    wait_until_idle()\n    last = provider.requests[-1]\n    assert last.options == {"reasoning_effort": "low"}\n'
        if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'temperature'):
            pass
            yield '    expected_temperature = conversation['
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'temperature')))
            yield ']\n    assert last.temperature == (None if expected_temperature is None else float(expected_temperature))\n'
        yield '    turns = [(turn.role, turn.content) for turn in last.messages]\n    expected = [("assistant", "ok"), ("user", words[1]), ("assistant", "ok"), ("user", words[2])]\n    if system:\n        expected.insert(0, ("system", system))\n    assert turns == expected\n'
    if environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'test_factory'):
        pass
        yield '\n\ndef test_a_model_without_a_price_records_no_cost_and_warns_once(\n    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture\n) -> None:\n    from app.chat import catalog, service\n    from app.chat.pricing import ModelInfo\n\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    chosen = (conversation[PROVIDER], conversation[MODEL])\n    monkeypatch.setitem(catalog.MODELS, chosen, ModelInfo(prices=()))\n    monkeypatch.setattr(service, "_unpriced", set())\n    caplog.set_level(logging.WARNING, logger="app.chat.service")\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        for text in ("First", "Second"):\n            send(ws, conversation["id"], text)\n            done = reply(ws)\n            assert done["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values'), 'done'))
        yield '"\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'):
            pass
            yield '            assert done['
            yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost')))
            yield '] is None\n'
        yield '    wait_until_idle()\n    warnings = [r for r in caplog.records if "has no price" in r.getMessage()]\n    assert len(warnings) == 1\n'
    if (((environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title') and environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'test_factory')) and environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'titles_testable')) and (environment.getattr((undefined(name='default') if l_0_default is missing else l_0_default), 'kind') == 'mock')):
        pass
        yield '\n\ndef title_update(ws: WebSocketTestSession, title_field: str, default: str | None) -> dict[str, Any]:\n    """The next ``conversation.updated`` whose title is no longer the default."""\n    while True:\n        frame = ws.receive_json()\n        assert frame["type"] != "error", frame\n        if frame["type"] == "conversation.updated" and frame["data"][title_field] != default:\n            return dict(frame["data"])\n\n\ndef test_a_title_is_generated_after_the_first_reply_only(client: TestClient, user: Account) -> None:\n    from app.chat.bindings import TITLE_DEFAULT\n    from app.chat.stream import derive_title\n\n    conversation = create_'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '(client, user)\n    assert conversation['
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
        yield '] == TITLE_DEFAULT\n    url = f"{CONVERSATIONS_URL}/{conversation[\'id\']}"\n    first = "Plan a weekend in Lisbon with good food and museums"\n    expected = derive_title(first)[: '
        yield str((environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'title_max_length') or 1000000))
        yield ']\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], first)\n        reply(ws)\n        announced = title_update(ws, '
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
        yield ', TITLE_DEFAULT)\n        assert announced['
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
        yield '] == expected\n        wait_until_idle()\n        send(ws, conversation["id"], "And what about Porto?")\n        reply(ws)\n    wait_until_idle()\n    assert client.get(url, headers=user.headers).json()['
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
        yield '] == expected\n'
        if environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'title_renamable'):
            pass
            yield '\n\ndef test_a_renamed_conversation_is_never_retitled(client: TestClient, user: Account) -> None:\n    from app.chat.bindings import TITLE_DEFAULT\n\n    conversation = create_'
            yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
            yield '(client, user)\n    url = f"{CONVERSATIONS_URL}/{conversation[\'id\']}"\n    mine = "Mine"\n    renamed = client.patch(url, json={'
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
            yield ': mine}, headers=user.headers)\n    assert renamed.status_code == 200, renamed.text\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "Plan a weekend in Lisbon")\n        reply(ws)\n    wait_until_idle()\n    assert client.get(url, headers=user.headers).json()['
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
            yield '] == mine\n'
            if (not t_4(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'title_default'))):
                pass
                yield '    # Renamed back to the default after the first reply: still never retitled.\n    back = client.patch(url, json={'
                yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
                yield ': TITLE_DEFAULT}, headers=user.headers)\n    assert back.status_code == 200, back.text\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], "And Porto?")\n        reply(ws)\n    wait_until_idle()\n    assert client.get(url, headers=user.headers).json()['
                yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
                yield '] == TITLE_DEFAULT\n'
            else:
                pass
                yield '    del TITLE_DEFAULT\n'

blocks = {}
debug_info = '1=38&2=41&3=44&4=47&5=50&6=53&21=57&24=65&25=67&26=69&27=71&39=73&67=77&68=80&69=83&71=90&88=94&89=97&90=100&91=102&93=104&94=106&96=108&97=110&105=114&107=116&109=118&113=121&119=123&123=125&128=129&129=133&131=136&132=138&141=142&142=144&143=146&149=148&150=150&155=152&159=155&168=157&186=160&215=163&217=165&218=168&222=173&223=176&235=182&239=184&240=187&249=190&258=193&267=195&268=199&269=202&275=205&291=208&292=210&295=212&299=214&300=216&305=218&306=220&312=223&315=225&321=227&322=229&324=232&330=234'
