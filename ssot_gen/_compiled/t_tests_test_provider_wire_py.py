# Compiled by ssot_gen.precompiled from templates/tests/test_provider_wire.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tests/test_provider_wire.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_image_models = resolve('image_models')
    l_0_chat = l_0_C = l_0_cb = l_0_mb = l_0_real = missing
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
        t_3 = environment.filters['rejectattr']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'rejectattr' found.")
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
    l_0_real = t_1(context.eval_ctx, t_3(context, environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'), 'kind', 'equalto', 'mock'))
    context.vars['real'] = l_0_real
    context.exported_vars.add('real')
    if (((undefined(name='real') if l_0_real is missing else l_0_real) and environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'choice_writable')) and environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'test_factory')):
        pass
        yield '"""Each real provider end to end: the app\'s websocket, the official SDK, and a fake server on\n127.0.0.1 that speaks the provider\'s wire format (``tests/provider_fakes.py``). The provider\'s\nbase URL setting points at the fake; nothing here needs the internet."""\n\nimport base64\nimport datetime\nimport json\nimport time\nfrom collections.abc import Iterator\nfrom dataclasses import dataclass\nfrom decimal import Decimal\nfrom typing import Any\n\nimport pytest\nfrom fastapi.testclient import TestClient\nfrom starlette.testclient import WebSocketTestSession\n\nfrom tests.conftest import Account, '
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '_payload\nfrom tests.provider_fakes import (\n    FakeProvider,\n    Tokens,\n    error_mid_stream,\n    no_usage,\n    ok,\n    stall,\n    status,\n)\n\nCONVERSATIONS_URL = '
        yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'url'))))
        yield '\nPROVIDERS = [\n'
        for l_1_provider in (undefined(name='real') if l_0_real is missing else l_0_real):
            _loop_vars = {}
            pass
            yield '    pytest.param(\n        {\n            "name": '
            yield str(t_2(environment.getattr(l_1_provider, 'name')))
            yield ',\n            "kind": '
            yield str(t_2(environment.getattr(l_1_provider, 'kind')))
            yield ',\n            "model": '
            yield str(t_2(environment.getattr(l_1_provider, 'default_model')))
            yield ',\n            "key": '
            yield str(t_2(environment.getattr(l_1_provider, 'api_key_setting')))
            yield ',\n            "url": '
            yield str(t_2(environment.getattr(l_1_provider, 'base_url_setting')))
            yield ',\n        },\n        id='
            yield str(t_2(environment.getattr(l_1_provider, 'name')))
            yield ',\n    ),\n'
        l_1_provider = missing
        yield ']\nSYSTEM_PROMPT = "Answer briefly."\nUSAGE_COLUMNS = {\n'
        for (l_1_column, l_1_attr) in environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'usage_bindings'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(t_2(l_1_attr))
            yield ': '
            yield str(t_2(l_1_column))
            yield ',\n'
        l_1_column = l_1_attr = missing
        yield '}\n\n\n@dataclass(frozen=True)\nclass Wire:\n    """A real provider of the schema pointed at its fake server."""\n\n    fake: FakeProvider\n    name: str\n    kind: str\n    model: str\n\n\n@pytest.fixture(params=PROVIDERS)\ndef wire(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Wire]:\n    """The provider\'s fake server, with the provider configured to use it (API key and base\n    URL settings; a short idle timeout for the stall)."""\n    from app.core.config import settings\n\n    provider = request.param\n    with FakeProvider(provider["kind"]) as server:\n        monkeypatch.setattr(settings, provider["key"], "test-key")\n        monkeypatch.setattr(settings, provider["url"], server.base_url)\n        monkeypatch.setattr(settings, "provider_idle_timeout_s", 1.0)\n        yield Wire(server, provider["name"], provider["kind"], provider["model"])\n        wait_until_idle()  # a title being written still talks to the server\n\n\ndef wait_until_idle() -> None:\n    """Wait until no reply streams and no title is being written (polls; never timed)."""\n    from app.chat import service\n\n    for _ in range(6000):\n        if service.idle():\n            return\n        time.sleep(0.005)\n    raise AssertionError("the chat never became idle")\n\n\ndef conversation_with(client: TestClient, user: Account, wire: Wire) -> dict[str, Any]:\n    """A conversation of ``user`` on the wire\'s provider and model."""\n    payload = {\n        **'
        yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
        yield '_payload(client, user),\n        '
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'provider')))
        yield ': wire.name,\n        '
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'model_name')))
        yield ': wire.model,\n    }\n'
        if ('title' in environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'creatable_with')):
            pass
            yield '    payload['
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
            yield '] = "Wire test"  # titled: no title request reaches the fake\n'
        if ('system_prompt' in environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'creatable_with')):
            pass
            yield '    payload['
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'system_prompt')))
            yield '] = SYSTEM_PROMPT\n'
        yield '    response = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)\n    assert response.status_code == 201, response.text\n    return dict(response.json())\n\n\ndef ask(client: TestClient, user: Account, conversation: dict[str, Any], content: str) -> dict[str, Any]:\n    """Send ``content`` over the websocket; the final state of the reply."""\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        send(ws, conversation["id"], content)\n        return final(ws)\n\n\ndef send(ws: WebSocketTestSession, conversation_id: str, content: str) -> None:\n    ws.send_json({"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}})\n\n\ndef final(ws: WebSocketTestSession) -> dict[str, Any]:\n    while True:\n        frame = ws.receive_json()\n        assert frame["type"] != "error", frame\n        if frame["type"] == "message.updated" and frame["data"]["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] != "'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values'), 'streaming'))
        yield '":\n            return dict(frame["data"])\n\n\ndef expected_cost(provider: str, model: str, tokens: dict[str, int]) -> Decimal:\n    """Σ tokens × the class\'s price (USD per 1M tokens) / 1e6, at today\'s price, exact."""\n    from app.chat.catalog import MODELS\n    from app.chat.pricing import price_on\n\n    price = price_on(MODELS[(provider, model)], datetime.datetime.now(datetime.UTC).date())\n    assert price is not None\n    cached = price.cached_input if price.cached_input is not None else price.input\n    write = price.cache_write if price.cache_write is not None else price.input\n    reasoning = price.reasoning if price.reasoning is not None else price.output\n    total = (\n        tokens["input_tokens"] * price.input\n        + tokens["cache_read_tokens"] * cached\n        + tokens["cache_write_tokens"] * write\n        + tokens["output_tokens"] * price.output\n        + tokens["reasoning_tokens"] * reasoning\n    )\n    return total / 1_000_000\n\n\ndef model_options(wire: Wire) -> dict[str, Any]:\n    """The schema\'s provider options of the wire\'s model."""\n    from app.chat.catalog import MODELS\n\n    return dict(MODELS[(wire.name, wire.model)].options)\n\n\ndef test_a_reply_streams_with_exact_usage_and_cost(client: TestClient, user: Account, wire: Wire) -> None:\n    cache_write = 0 if wire.kind == "gemini" else 2  # Gemini has no cache writes\n    wire.fake.script(ok(["Hel", "lo", ", wor", "ld"], usage=Tokens(input=11, output=5, cache_read=3, cache_write=cache_write, reasoning=4)))\n    conversation = conversation_with(client, user, wire)\n    reply = ask(client, user, conversation, "Say hello")\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values'), 'done'))
        yield '", reply\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"] == "Hello, world"\n    tokens = {\n        "input_tokens": 11,\n        "cache_read_tokens": 3,\n        "cache_write_tokens": cache_write,\n        "output_tokens": 5,\n        "reasoning_tokens": 4,\n    }\n    for attr, column in USAGE_COLUMNS.items():\n        if attr == "prompt_tokens":\n            assert reply[column] == 11 + 3 + cache_write\n        elif attr == "completion_tokens":\n            assert reply[column] == 5 + 4\n        elif attr == "total_tokens":\n            assert reply[column] == 11 + 3 + cache_write + 5 + 4\n        elif attr == "cache_write_tokens" and not cache_write:\n            assert reply[column] in (None, 0)\n        else:\n            assert reply[column] == tokens[attr], attr\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated'):
            pass
            yield '    assert reply['
            yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated')))
            yield '] is False\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'):
            pass
            yield '    exact = expected_cost(wire.name, wire.model, tokens)\n    assert Decimal(reply['
            yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost')))
            yield ']) == exact.quantize(Decimal(1).scaleb(-'
            yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'cost_scale'))
            yield '))\n'
        yield '    sent = json.dumps(wire.fake.requests[0].json)\n    assert "Say hello" in sent\n    options = model_options(wire)\n    if options and wire.kind in ("openai", "anthropic"):  # top-level request fields, verbatim\n        body = wire.fake.requests[0].json\n        assert body is not None\n        assert {key: body.get(key) for key in options} == options\n'
        if ('system_prompt' in environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'creatable_with')):
            pass
            yield '    assert SYSTEM_PROMPT in sent  # in the provider\'s own place for it\n    body = wire.fake.requests[0].json\n    assert body is not None\n    if wire.kind == "anthropic":\n        assert SYSTEM_PROMPT in json.dumps(body["system"])\n    elif wire.kind == "gemini":\n        assert SYSTEM_PROMPT in json.dumps(body["systemInstruction"])\n    else:\n        assert body["messages"][0]["content"] == SYSTEM_PROMPT\n'
        yield '\n\ndef test_missing_usage_is_estimated_and_flagged(client: TestClient, user: Account, wire: Wire) -> None:\n    from app.chat.providers.base import estimate_tokens\n\n    wire.fake.script(no_usage(["Hi ", "there"]))\n    conversation = conversation_with(client, user, wire)\n    reply = ask(client, user, conversation, "Greet me")\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values'), 'done'))
        yield '", reply\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"] == "Hi there"\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated'):
            pass
            yield '    assert reply['
            yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated')))
            yield '] is True\n'
        yield '    if "output_tokens" in USAGE_COLUMNS:\n        assert reply[USAGE_COLUMNS["output_tokens"]] == estimate_tokens("Hi there")\n    if "completion_tokens" in USAGE_COLUMNS:\n        assert reply[USAGE_COLUMNS["completion_tokens"]] == estimate_tokens("Hi there")\n\n\ndef test_an_error_mid_stream_keeps_the_text(client: TestClient, user: Account, wire: Wire) -> None:\n    wire.fake.script(error_mid_stream(["Partial ", "answer"]))\n    conversation = conversation_with(client, user, wire)\n    reply = ask(client, user, conversation, "Fail halfway")\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values'), 'error'))
        yield '", reply\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"] == "Partial answer"\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'):
            pass
            yield '    assert reply['
            yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code')))
            yield '] in ("provider_error", "rate_limited", "interrupted")\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error'):
            pass
            yield '    assert reply['
            yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error')))
            yield ']\n    assert "test-key" not in reply['
            yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error')))
            yield ']\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated'):
            pass
            yield '    assert reply['
            yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated')))
            yield '] is True\n'
        yield '    assert len(wire.fake.requests) == 1  # never retried after the first delta\n\n\ndef test_a_bad_key_is_an_auth_error(client: TestClient, user: Account, wire: Wire) -> None:\n    wire.fake.script(status(401))\n    conversation = conversation_with(client, user, wire)\n    reply = ask(client, user, conversation, "Who am I?")\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values'), 'error'))
        yield '", reply\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"] == ""\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'):
            pass
            yield '    assert reply['
            yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code')))
            yield '] == "auth"\n'
        yield '    assert len(wire.fake.requests) == 1  # a bad key is not retried\n\n\n@pytest.mark.parametrize("refusal", [status(429, retry_after=0.01), status(500)], ids=["429", "500"])\ndef test_a_refusal_before_the_first_delta_is_retried(\n    client: TestClient, user: Account, wire: Wire, refusal: Any\n) -> None:\n    wire.fake.script(refusal, ok(["Second ", "try"]))\n    conversation = conversation_with(client, user, wire)\n    reply = ask(client, user, conversation, "Again")\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values'), 'done'))
        yield '", reply\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"] == "Second try"\n    assert len(wire.fake.requests) >= 2  # the refusal, the retry (then perhaps a title)\n\n\ndef test_a_stall_ends_in_an_idle_timeout(client: TestClient, user: Account, wire: Wire) -> None:\n    wire.fake.script(stall(30, ["Slow "]))\n    conversation = conversation_with(client, user, wire)\n    reply = ask(client, user, conversation, "Take your time")\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
        yield '"] == "'
        yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values'), 'error'))
        yield '", reply\n    assert reply["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
        yield '"] == "Slow "\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'):
            pass
            yield '    assert reply['
            yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code')))
            yield '] == "timeout"\n'
        if (environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title') and environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'titles_testable')):
            pass
            yield '\n\ndef test_the_provider_writes_the_title_once(client: TestClient, user: Account, wire: Wire) -> None:\n    from app.chat.bindings import TITLE_DEFAULT\n\n    wire.fake.script(ok(["Sure."]), ok(["\\"Weekend in Lisbon.\\""]))\n    payload = {\n        **'
            yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
            yield '_payload(client, user),\n        '
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'provider')))
            yield ': wire.name,\n        '
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'model_name')))
            yield ': wire.model,\n    }\n    created = client.post(CONVERSATIONS_URL, json=payload, headers=user.headers)\n    assert created.status_code == 201, created.text\n    conversation = created.json()\n    assert conversation['
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
            yield '] == TITLE_DEFAULT\n    assert ask(client, user, conversation, "Plan a weekend in Lisbon")["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
            yield '"] == "Sure."\n    wait_until_idle()\n    url = f"{CONVERSATIONS_URL}/{conversation[\'id\']}"\n    assert client.get(url, headers=user.headers).json()['
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
            yield '] == "Weekend in Lisbon"[: '
            yield str((environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'title_max_length') or 1000))
            yield ']\n    assert len(wire.fake.requests) == 2\n    assert "Plan a weekend in Lisbon" in json.dumps(wire.fake.requests[1].json)\n    ask(client, user, conversation, "And Porto?")\n    wait_until_idle()\n    assert len(wire.fake.requests) == 3  # the second reply; no second title\n    assert client.get(url, headers=user.headers).json()['
            yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title')))
            yield '] == "Weekend in Lisbon"[: '
            yield str((environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'title_max_length') or 1000))
            yield ']\n'
        if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
            pass
            l_0_image_models = []
            context.vars['image_models'] = l_0_image_models
            context.exported_vars.add('image_models')
            l_1_loop = missing
            for l_1_provider, l_1_loop in LoopContext((undefined(name='real') if l_0_real is missing else l_0_real), undefined):
                _loop_vars = {}
                pass
                def t_4(fiter):
                    for l_2_model in fiter:
                        if environment.getattr(l_2_model, 'images'):
                            yield l_2_model
                l_2_loop = missing
                for l_2_model, l_2_loop in LoopContext(t_4(environment.getattr(l_1_provider, 'models')), undefined):
                    l_2__ = resolve('_')
                    _loop_vars = {}
                    pass
                    if environment.getattr(l_2_loop, 'first'):
                        pass
                        l_2__ = context.call(environment.getattr((undefined(name='image_models') if l_0_image_models is missing else l_0_image_models), 'append'), (l_1_provider, l_2_model), _loop_vars=_loop_vars)
                        _loop_vars['_'] = l_2__
                l_2_loop = l_2_model = l_2__ = missing
            l_1_loop = l_1_provider = missing
            if (undefined(name='image_models') if l_0_image_models is missing else l_0_image_models):
                pass
                yield '\n\nATTACHMENTS_URL = '
                yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'url'))))
                yield '\n# a 1x1 PNG\nPNG = base64.b64decode(\n    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="\n)\n\n\ndef images_sent(kind: str, body: dict[str, Any]) -> list[tuple[str, bytes]]:\n    """``(media type, bytes)`` of each image of the last turn of a request, read in the\n    provider\'s own form: OpenAI ``image_url`` data URLs, Anthropic ``image`` blocks with a\n    base64 source, Gemini inline data parts."""\n    found: list[tuple[str, bytes]] = []\n    if kind == "gemini":\n        for part in body["contents"][-1]["parts"]:\n            inline = part.get("inlineData") or part.get("inline_data")\n            if inline:\n                media = inline.get("mimeType") or inline.get("mime_type")\n                found.append((media, base64.b64decode(inline["data"])))\n        return found\n    content = body["messages"][-1]["content"]\n    for part in content if isinstance(content, list) else []:\n        if kind == "openai" and part.get("type") == "image_url":\n            head, data = part["image_url"]["url"].split(",", 1)\n            found.append((head.removeprefix("data:").removesuffix(";base64"), base64.b64decode(data)))\n        elif kind == "anthropic" and part.get("type") == "image":\n            source = part["source"]\n            assert source["type"] == "base64"\n            found.append((source["media_type"], base64.b64decode(source["data"])))\n    return found\n\n\n@pytest.mark.parametrize(\n    "wire",\n    [\n'
                for (l_1_provider, l_1_model) in (undefined(name='image_models') if l_0_image_models is missing else l_0_image_models):
                    _loop_vars = {}
                    pass
                    yield '        pytest.param(\n            {\n                "name": '
                    yield str(t_2(environment.getattr(l_1_provider, 'name')))
                    yield ',\n                "kind": '
                    yield str(t_2(environment.getattr(l_1_provider, 'kind')))
                    yield ',\n                "model": '
                    yield str(t_2(environment.getattr(l_1_model, 'name')))
                    yield ',\n                "key": '
                    yield str(t_2(environment.getattr(l_1_provider, 'api_key_setting')))
                    yield ',\n                "url": '
                    yield str(t_2(environment.getattr(l_1_provider, 'base_url_setting')))
                    yield ',\n            },\n            id='
                    yield str(t_2(environment.getattr(l_1_provider, 'name')))
                    yield ',\n        ),\n'
                l_1_provider = l_1_model = missing
                yield '    ],\n    indirect=True,\n)\ndef test_an_attached_image_arrives_in_the_providers_own_form(client: TestClient, user: Account, wire: Wire) -> None:\n    wire.fake.script(ok(["A dot."]))\n    conversation = conversation_with(client, user, wire)\n    upload = client.post(ATTACHMENTS_URL, files={"file": ("dot.png", PNG, "image/png")}, headers=user.headers)\n    assert upload.status_code == 201, upload.text\n    with client.websocket_connect(f"/ws?token={user.token}") as ws:\n        data = {"conversation_id": conversation["id"], "content": "What is this?", "attachments": [upload.json()["id"]]}\n        ws.send_json({"type": "message.send", "data": data})\n        reply = final(ws)\n    assert reply["'
                yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
                yield '"] == "A dot."\n    body = wire.fake.requests[-1].json\n    assert body is not None\n    assert images_sent(wire.kind, body) == [("image/png", PNG)]\n    assert "What is this?" in json.dumps(body)\n'

blocks = {}
debug_info = '1=32&2=35&3=38&4=41&5=44&6=47&24=50&35=52&37=54&40=58&41=60&42=62&43=64&44=66&46=68&52=72&53=76&97=82&98=84&99=86&101=88&102=91&104=93&105=96&127=99&163=103&164=107&183=109&184=112&186=114&188=117&197=122&216=126&217=130&218=132&219=135&231=138&232=142&233=144&234=147&236=149&237=152&238=154&240=156&241=159&250=162&251=166&252=168&253=171&265=174&266=178&274=180&275=184&276=186&277=189&279=191&287=194&288=196&289=198&294=200&295=202&298=204&304=208&306=212&307=214&308=218&309=221&310=230&313=236&316=239&350=241&353=245&354=247&355=249&356=251&357=253&359=255&374=259'
