# Compiled by ssot_gen.precompiled from templates/app/chat/events.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/chat/events.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    try:
        t_2 = environment.filters['pydoc']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'pydoc' found.")
    pass
    yield '"""Websocket frames: ``{"type": ..., "data": {...}}`` in both directions."""\n\nimport datetime as dt\nimport uuid\nfrom typing import Any, Literal\n\nfrom pydantic import BaseModel, ConfigDict, Field, field_validator\n\nfrom app import asyncapi\nfrom app.schemas import '
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'conversation'), 'name'))
    yield 'Public, '
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'message'), 'name'))
    yield 'Public\n\nServerEventType = Literal[\n'
    for l_1_event in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'events'):
        _loop_vars = {}
        pass
        yield '    "'
        yield str(environment.getattr(l_1_event, 'name'))
        yield '",\n'
    l_1_event = missing
    yield '    "error",\n]\n'
    for l_1_event in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'events'):
        _loop_vars = {}
        pass
        if (not environment.getattr(l_1_event, 'payload_model')):
            pass
            yield '\n\nclass '
            yield str(environment.getattr(l_1_event, 'class_name'))
            yield 'Data(BaseModel):\n'
            if (environment.getattr(l_1_event, 'name') == environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'streaming_event'), 'name')):
                pass
                yield '    """Payload of ``'
                yield str(environment.getattr(l_1_event, 'name'))
                yield '``: ``delta``, the reply\'s text from ``offset`` on.\n\n    ``offset`` counts UTF-16 code units (a browser\'s string length) of the reply\'s text before\n    ``delta``. ``seq`` numbers the frames of one message published on its conversation\'s\n    channel: from 0, +1 per frame (a socket may see numbers skipped: ``app.chat.connection``\n    coalesces the frames queued for it). The catch-up frame that answers ``stream.resume`` goes to\n    one socket, carries the ``seq`` of the last frame whose text it includes and does not\n    advance it; its ``offset`` is at most the one asked for (rounded down to a character\n    boundary). A client applies a frame when ``offset <= len(text) < offset + len(delta)``\n    (``text = text[:offset] + delta``) and ignores text it already has.\n    """\n'
            else:
                pass
                yield '    """Payload of ``'
                yield str(environment.getattr(l_1_event, 'name'))
                yield '``."""\n'
            yield '\n'
            for l_2_field in environment.getattr(l_1_event, 'payload_fields'):
                _loop_vars = {}
                pass
                yield '    '
                yield str(environment.getattr(l_2_field, 'name'))
                yield ': '
                yield str(environment.getattr(l_2_field, 'py_type'))
                yield '\n'
            l_2_field = missing
        yield '\n\nclass '
        yield str(environment.getattr(l_1_event, 'class_name'))
        yield '(BaseModel):\n    """``'
        yield str(environment.getattr(l_1_event, 'name'))
        yield '``: '
        yield str(t_2((environment.getattr(l_1_event, 'description') or 'see README')))
        yield '"""\n\n    type: Literal["'
        yield str(environment.getattr(l_1_event, 'name'))
        yield '"] = "'
        yield str(environment.getattr(l_1_event, 'name'))
        yield '"\n'
        if environment.getattr(l_1_event, 'payload_model'):
            pass
            yield '    data: '
            yield str(environment.getattr(environment.getattr(l_1_event, 'payload_model'), 'name'))
            yield 'Public\n'
        else:
            pass
            yield '    data: '
            yield str(environment.getattr(l_1_event, 'class_name'))
            yield 'Data\n'
    l_1_event = missing
    yield '\n\nclass AuthOkData(BaseModel):\n    """Payload of ``auth.ok``: the socket is authenticated as ``user_id`` until ``expires_at``\n    (the token\'s expiry; send a fresh ``auth`` frame before then to keep the socket)."""\n\n    user_id: uuid.UUID\n    expires_at: dt.datetime\n\n\nclass ErrorData(BaseModel):\n    """Payload of ``error``: a stable ``code`` and a human-readable ``message``."""\n\n    code: str\n    message: str\n\n\nclass AuthData(BaseModel):\n    """``auth``: the access token that authenticates the socket."""\n\n    model_config = ConfigDict(extra="forbid")\n\n    token: str = Field(min_length=1, max_length=8192)\n\n\nclass ClientFrame(BaseModel):\n    """Any frame a client sends; ``data`` is validated per type."""\n\n    model_config = ConfigDict(extra="forbid")\n\n    type: str\n    data: dict[str, Any] = Field(default_factory=dict)\n\n\nclass SubscribeData(BaseModel):\n    """``conversation.subscribe``: receive the events of one conversation."""\n\n    model_config = ConfigDict(extra="forbid")\n\n    conversation_id: uuid.UUID\n\n\nclass SendData(BaseModel):\n    """``message.send``: post a user message and stream the reply (new conversation if no id).\n\n    The content\'s maximum length is the ``MAX_MESSAGE_CHARS`` setting, checked when the message\n    is sent (``app.chat.service.send_message``: error ``message_too_long``)."""\n\n    model_config = ConfigDict(extra="forbid")\n\n    conversation_id: uuid.UUID | None = None\n    content: str = Field(min_length=1)\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield '    attachments: list[uuid.UUID] = Field(default_factory=list, max_length=100)  # image ids\n'
    yield '\n    @field_validator("content")\n    @classmethod\n    def _no_nul_characters(cls, value: str) -> str:\n        if "\\x00" in value:\n            raise ValueError("must not contain NUL characters")\n        return value\n\n\nclass StopData(BaseModel):\n    """``generation.stop``: stop a reply that is streaming (it ends ``cancelled``, keeping its\n    text and the usage so far)."""\n\n    model_config = ConfigDict(extra="forbid")\n\n    message_id: uuid.UUID\n\n\nclass ResumeData(BaseModel):\n    """``stream.resume``: the reply\'s text after ``offset`` (UTF-16 code units, as a browser\'s\n    strings count: the length of the text the client has), then its live deltas.\n\n    Answered with one ``message.streaming`` frame holding all the text after ``offset`` (none\n    when nothing is after it; an ``offset`` inside a surrogate pair is rounded down and the\n    frame\'s ``offset`` says where it starts), then the live frames, or ``message.updated``\n    when the reply is no longer streaming; ``error`` ``not_found`` for another user\'s message.\n    """\n\n    model_config = ConfigDict(extra="forbid")\n\n    message_id: uuid.UUID\n    offset: int = Field(default=0, ge=0, le=2**53 - 1)\n\n\nclass RegenerateData(BaseModel):\n    """``message.regenerate``: a new reply beside the assistant reply ``message_id``."""\n\n    model_config = ConfigDict(extra="forbid")\n\n    message_id: uuid.UUID\n\n\nclass EditData(BaseModel):\n    """``message.edit``: a new user message with ``content`` beside the user message\n    ``message_id`` (same parent), and its reply (``MAX_MESSAGE_CHARS`` as for a send)."""\n\n    model_config = ConfigDict(extra="forbid")\n\n    message_id: uuid.UUID\n    content: str = Field(min_length=1)\n\n    @field_validator("content")\n    @classmethod\n    def _no_nul_characters(cls, value: str) -> str:\n        if "\\x00" in value:\n            raise ValueError("must not contain NUL characters")\n        return value\n\n\n\nCLIENT_FRAMES: dict[str, type[BaseModel]] = {\n    "auth": AuthData,\n    "conversation.subscribe": SubscribeData,\n    "message.send": SendData,\n    "generation.stop": StopData,\n    "stream.resume": ResumeData,\n    "message.regenerate": RegenerateData,\n    "message.edit": EditData,\n}\n"""The frames a client sends on ``/ws``: type -> the model of its ``data``."""\n\nSERVER_FRAMES: dict[str, type[BaseModel]] = {\n    "auth.ok": AuthOkData,\n'
    for l_1_event in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'events'):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_event, 'payload_model'):
            pass
            yield '    "'
            yield str(environment.getattr(l_1_event, 'name'))
            yield '": '
            yield str(environment.getattr(environment.getattr(l_1_event, 'payload_model'), 'name'))
            yield 'Public,\n'
        else:
            pass
            yield '    "'
            yield str(environment.getattr(l_1_event, 'name'))
            yield '": '
            yield str(environment.getattr(l_1_event, 'class_name'))
            yield 'Data,\n'
    l_1_event = missing
    yield '    "error": ErrorData,\n}\n"""The frames the app sends on ``/ws``: type -> the model of its ``data``."""\n\n\ndef asyncapi_document() -> dict[str, Any]:\n    """The AsyncAPI 3.1 document of ``/ws`` (``app.asyncapi``), served at ``/asyncapi.yaml``."""\n    return asyncapi.document(\n        '
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'title')))
    yield ',\n        '
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'version')))
    yield ',\n        CLIENT_FRAMES,\n        SERVER_FRAMES,\n        '
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'description')))
    yield ',\n    )\n'

blocks = {}
debug_info = '10=25&13=29&14=33&18=37&19=40&22=43&23=45&24=48&36=53&39=56&40=60&45=66&46=68&48=72&49=76&50=79&52=84&107=88&183=92&184=95&185=98&187=105&198=111&199=113&202=115'
