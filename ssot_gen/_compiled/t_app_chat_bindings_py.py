# Compiled by ssot_gen.precompiled from templates/app/chat/bindings.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/chat/bindings.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_namespace = resolve('namespace')
    l_0_chat = l_0_C = l_0_M = l_0_cb = l_0_mb = l_0_lengths = l_0_ns = l_0_stamped = l_0_keeps = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['pyrepr']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'pyrepr' found.")
    try:
        t_3 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_chat = environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat')
    context.vars['chat'] = l_0_chat
    context.exported_vars.add('chat')
    l_0_C = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conversation')
    context.vars['C'] = l_0_C
    context.exported_vars.add('C')
    l_0_M = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message')
    context.vars['M'] = l_0_M
    context.exported_vars.add('M')
    l_0_cb = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv')
    context.vars['cb'] = l_0_cb
    context.exported_vars.add('cb')
    l_0_mb = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'msg')
    context.vars['mb'] = l_0_mb
    context.exported_vars.add('mb')
    l_0_lengths = environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'msg_max_lengths')
    context.vars['lengths'] = l_0_lengths
    context.exported_vars.add('lengths')
    yield '"""The schema\'s side of the chat engine (``app.chat.service``): which models, columns and enum\nmembers it uses, as plain data and small accessors. The engine is the same for every schema."""\n\nimport datetime as dt\nimport decimal\nimport functools\nimport uuid\nfrom collections.abc import Callable\nfrom typing import Any, cast\n\nimport fastapi\nimport sqlalchemy as sa\nfrom pydantic import BaseModel\nfrom sqlalchemy import orm\n\nfrom app import enums, models, schemas\nfrom app.api import access\nfrom app.chat import events\nfrom app.chat.catalog import choice_error\nfrom app.chat.pricing import quantize\nfrom app.chat.providers.base import Role, Usage\nfrom app.chat.stream import ConversationSettings, FlushPolicy\nfrom app.core.config import settings\n\nUserModel = models.'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'name'))
    yield '\nConversationModel = models.'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'name'))
    yield '\nMessageModel = models.'
    yield str(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'name'))
    yield '\nRoleEnum = enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'role_enum'), 'name'))
    yield '\nStatusEnum = enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_enum'), 'name'))
    yield '\n\nCONVERSATION_NOT_FOUND = '
    yield str(t_2(str_join((environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'title'), ' not found', ))))
    yield '\nFLUSH = FlushPolicy(\n    interval='
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'flush_interval_ms'))
    yield ' / 1000,\n    max_bytes='
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'flush_max_bytes'))
    yield ',\n    on_sentence='
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'flush_on_sentence'))
    yield ',\n)\nCONTENT_MAX_LENGTH: int | None = '
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'content_max_length'))
    yield '\n\nUSER = enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'roles'), 'user'))
    yield '\nASSISTANT = enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'roles'), 'assistant'))
    yield '\nPROMPT_ROLES: dict[str, Role] = {\n    enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'roles'), 'system'))
    yield ': "system",\n    enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'roles'), 'user'))
    yield ': "user",\n    enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'roles'), 'assistant'))
    yield ': "assistant",\n}\nSTREAMING = enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'statuses'), 'streaming'))
    yield '\nDONE = enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'statuses'), 'done'))
    yield '\nERROR = enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'statuses'), 'error'))
    yield '\nCANCELLED = enums.'
    yield str(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'statuses'), 'cancelled'))
    yield '\n\nPROVIDER_FIELD = '
    yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'provider')))
    yield '\nMODEL_FIELD = '
    yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'model_name')))
    yield '\nPROVIDER_DEFAULT: str | None = '
    yield str(t_2(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'provider_default')))
    yield '\nMODEL_DEFAULT: str | None = '
    yield str(t_2(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'model_default')))
    yield '\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title'):
        pass
        yield 'HAS_TITLE = True\nTITLE_DEFAULT: str | None = '
        yield str(t_2(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'title_default')))
        yield '\n"""A conversation still titled this gets a generated title (a renamed one never does)."""\n'
    else:
        pass
        yield 'HAS_TITLE = False  # the schema binds no title: conversations are never titled\nTITLE_DEFAULT: str | None = None\n'
    yield '\n\ndef _cut(text: str | None, limit: int | None) -> str | None:\n    """``text`` without NUL characters, at most ``limit`` characters."""\n    if text is None:\n        return None\n    text = text.replace("\\x00", "\\ufffd")\n    return text if limit is None else text[:limit]\n\n\ndef _float(value: float | decimal.Decimal | None) -> float | None:\n    return None if value is None else float(value)\n\n\ndef owned_conversation(conversation_id: uuid.UUID, user: UserModel) -> sa.Executable:\n    """Select the conversation ``conversation_id`` if ``user`` may see it."""\n    statement = sa.select(ConversationModel).where(ConversationModel.id == conversation_id)\n    return access.scope_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(statement, user)\n\n\ndef new_conversation(owner: UserModel, provider: str, model: str) -> ConversationModel | None:\n    """A new conversation of ``owner``; ``provider``/``model`` fill fields without a default.\n\n    None when the conversation is owned through a parent row (it must be created over REST,\n    with that parent).\n    """\n'
    if (not environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'direct_owner')):
        pass
        yield '    del owner, provider, model\n    return None\n'
    elif environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv_unset'):
        pass
        yield '    return ConversationModel(\n        '
        yield str(environment.getattr(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'owner'), 'column'))
        yield '=owner.id,\n'
        if ('provider' in environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv_unset')):
            pass
            yield '        '
            yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'provider'))
            yield '=provider,\n'
        if ('model_name' in environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv_unset')):
            pass
            yield '        '
            yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'model_name'))
            yield '=model,\n'
        yield '    )\n'
    else:
        pass
        yield "    del provider, model  # the schema's defaults apply\n    return ConversationModel("
        yield str(environment.getattr(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'owner'), 'column'))
        yield '=owner.id)\n'
    yield '\n\ndef catalog_problem(\n    values: dict[str, Any], row: ConversationModel | None = None\n) -> fastapi.HTTPException | None:\n    """A 422 when the provider and model a conversation would use after ``values`` (a create\n    body, or the changes of an update to ``row``) are not offered: a provider the schema does\n    not enable or that is not configured, or a model the schema does not list for it. Its\n    detail names the field and the allowed values, in FastAPI\'s validation-error shape. None\n    when the choice is fine, or when an update changes neither."""\n    if row is not None and PROVIDER_FIELD not in values and MODEL_FIELD not in values:\n        return None\n    current = conversation_settings(row) if row is not None else None\n    provider = values.get(PROVIDER_FIELD)\n    if provider is None:\n        provider = (current.provider if current else PROVIDER_DEFAULT) or settings.default_provider\n    model = values.get(MODEL_FIELD)\n    if model is None:\n        model = (current.model if current else MODEL_DEFAULT) or settings.default_model\n    problem = choice_error(provider, model)\n    if problem is None:\n        return None\n    which, message = problem\n    field, value = (PROVIDER_FIELD, provider) if which == "provider" else (MODEL_FIELD, model)\n    detail = [{"type": "value_error", "loc": ["body", field], "msg": message, "input": value}]\n    return fastapi.HTTPException(status_code=422, detail=detail)\n\n\ndef conversation_settings(conversation: ConversationModel) -> ConversationSettings:\n    """What ``conversation`` asks of its model."""\n    return ConversationSettings(\n        provider=conversation.'
    yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'provider'))
    yield ',\n        model=conversation.'
    yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'model_name'))
    yield ',\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'temperature'):
        pass
        yield '        temperature=_float(conversation.'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'temperature'))
        yield '),\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'max_tokens'):
        pass
        yield '        max_tokens=conversation.'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'max_tokens'))
        yield ',\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'system_prompt'):
        pass
        yield '        system_prompt=conversation.'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'system_prompt'))
        yield ',\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title'):
        pass
        yield '        title=conversation.'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title'))
        yield ',\n'
    yield '    )\n\n\nCONVERSATION_FK = '
    yield str(t_2(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk')))
    yield '\n"""The message column pointing at its conversation."""\nPARENT_COLUMN = '
    yield str(t_2(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'parent_column')))
    yield '\n"""The message column linking a message to its parent (messages form a tree)."""\n\n\ndef parent_id(message: MessageModel) -> uuid.UUID | None:\n    """The id of ``message``\'s parent message (None: the first of its conversation, or a\n    message stored before messages had parents)."""\n    return message.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'parent_column'))
    yield '\n\n\ndef new_message(\n    conversation: ConversationModel,\n    role: RoleEnum,\n    content: str,\n    status: StatusEnum,\n    model: str | None = None,\n    parent: uuid.UUID | None = None,\n) -> MessageModel:\n    """A message of ``conversation`` below ``parent`` (a message id; None: a first message);\n    ``model`` is the model that writes a reply."""\n'
    if (not environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'model_name')):
        pass
        yield '    del model  # the schema keeps no model name per message\n'
    yield '    return MessageModel(\n        '
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield '=conversation.id,\n        '
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'parent_column'))
    yield '=parent,\n        '
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield '=role,\n        '
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '=content,\n        '
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '=status,\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'model_name'):
        pass
        yield '        '
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'model_name'))
        yield '=_cut(model, '
        yield str(environment.getattr((undefined(name='lengths') if l_0_lengths is missing else l_0_lengths), 'model_name'))
        yield '),\n'
    yield '    )\n\n\ndef prompt_rows(conversation_id: uuid.UUID, exclude: uuid.UUID) -> sa.Select[Any, Any]:\n    """Select ``(role, content)`` of the ancestors of the reply ``exclude`` (its branch of the\n    conversation\'s tree, without the reply itself), NEWEST first: the engine reads only as many\n    as the model\'s context window takes."""\n    return _prompt_rows().params(conversation_id=conversation_id, start=exclude)\n\n\n@functools.cache\ndef _prompt_rows() -> sa.Select[Any, Any]:\n    """``prompt_rows`` with bind parameters, built once: building the recursive CTE costs\n    about 2 ms of CPU, which every reply would pay before its first delta."""\n    chain = ancestors(sa.bindparam("conversation_id"), sa.bindparam("start"))\n    return (\n        sa.select(MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield ', MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield ')\n        .join(chain, MessageModel.id == chain.c.id)\n        .where(chain.c.depth > 0)\n        .order_by(chain.c.depth)\n    )\n'
    l_0_ns = context.call((undefined(name='namespace') if l_0_namespace is missing else l_0_namespace), tokens=[])
    context.vars['ns'] = l_0_ns
    context.exported_vars.add('ns')
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens'):
        pass
        if not isinstance(l_0_ns, Namespace):
            raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
        l_0_ns['tokens'] = [environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens')]
    else:
        pass
        for l_1_key in ((['prompt_tokens'] if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'prompt_tokens') else ['input_tokens', 'cache_read_tokens', 'cache_write_tokens']) + (['completion_tokens'] if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens') else ['output_tokens', 'reasoning_tokens'])):
            _loop_vars = {}
            pass
            if environment.getitem((undefined(name='mb') if l_0_mb is missing else l_0_mb), l_1_key):
                pass
                if not isinstance(l_0_ns, Namespace):
                    raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
                l_0_ns['tokens'] = (environment.getattr((undefined(name='ns') if l_0_ns is missing else l_0_ns), 'tokens') + [environment.getitem((undefined(name='mb') if l_0_mb is missing else l_0_mb), l_1_key)])
        l_1_key = missing
    l_0_stamped = environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message'), 'timestamps')
    context.vars['stamped'] = l_0_stamped
    context.exported_vars.add('stamped')
    yield '\n\nCOUNTS_TOKENS = '
    yield str(t_2(((undefined(name='stamped') if l_0_stamped is missing else l_0_stamped) and (t_1(environment.getattr((undefined(name='ns') if l_0_ns is missing else l_0_ns), 'tokens')) > 0))))
    yield '  # a tokens-per-day budget can be counted\nCOUNTS_COST = '
    yield str(t_2(((undefined(name='stamped') if l_0_stamped is missing else l_0_stamped) and (not t_3(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'))))))
    yield '  # a USD-per-day budget can be counted\n\n\ndef spent_since(user: UserModel, since: dt.datetime) -> sa.Select[Any]:\n    """Select ``(tokens, cost)``: the usage recorded on the messages of ``user``\'s\n    conversations created at or after ``since`` (total tokens, USD; None for none, or when\n    the schema does not record it: see COUNTS_TOKENS / COUNTS_COST)."""\n'
    if (not (undefined(name='stamped') if l_0_stamped is missing else l_0_stamped)):
        pass
        yield '    del since  # messages have no timestamps: nothing can be counted per day\n'
    yield '    statement: Any = (  # two columns: the access scope takes any select\n        sa.select(\n'
    if ((undefined(name='stamped') if l_0_stamped is missing else l_0_stamped) and environment.getattr((undefined(name='ns') if l_0_ns is missing else l_0_ns), 'tokens')):
        pass
        yield '            sa.func.sum('
        l_1_loop = missing
        for l_1_column, l_1_loop in LoopContext(environment.getattr((undefined(name='ns') if l_0_ns is missing else l_0_ns), 'tokens'), undefined):
            _loop_vars = {}
            pass
            yield 'sa.func.coalesce(MessageModel.'
            yield str(l_1_column)
            yield ', 0)'
            yield str((' + ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 242 in 'app/chat/bindings.py.jinja' evaluated to false and no else section was defined.")))
        l_1_loop = l_1_column = missing
        yield '),\n'
    else:
        pass
        yield '            sa.null(),\n'
    if ((undefined(name='stamped') if l_0_stamped is missing else l_0_stamped) and environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost')):
        pass
        yield '            sa.func.sum(MessageModel.'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'))
        yield '),\n'
    else:
        pass
        yield '            sa.null(),\n'
    yield '        )\n        .select_from(MessageModel)\n        .join(ConversationModel, MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == ConversationModel.id)\n'
    if (undefined(name='stamped') if l_0_stamped is missing else l_0_stamped):
        pass
        yield '        .where(MessageModel.created_at >= since)\n'
    yield '    )\n    return access.scope_'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'snake'))
    yield '(statement, user)\n\n\ndef sent_values(added: int = 2, *, fresh: bool = False) -> dict[str, Any]:\n    """Columns of the conversation to update in SQL when ``added`` messages are added (a user\n    message and its reply; a regenerated reply alone). ``fresh``: the conversation is being\n    inserted with them, so the values are plain (no SQL of its own columns)."""\n'
    if (not environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count')):
        pass
        yield '    del added, fresh  # the schema keeps no message count\n'
    yield '    return {\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count'):
        pass
        yield '        "'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count'))
        yield '": added if fresh else ConversationModel.'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count'))
        yield ' + added,\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at'):
        pass
        yield '        "'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at'))
        yield '": dt.datetime.now(dt.UTC),\n'
    yield '    }\n\n\ndef finished_values(\n    text: str,\n    status: StatusEnum,\n    usage: Usage | None,\n    cost: decimal.Decimal | None,\n    finish_reason: str | None,\n    error: str | None,\n    error_code: str | None = None,\n) -> dict[str, Any]:\n    """Columns of the message of a finished reply (``cost`` exact, rounded here to the column;\n    token counts of a class the provider did not report stay NULL)."""\n'
    l_0_keeps = (((((environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'usage_bindings') or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated')) or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost')) or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason')) or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error')) or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'))
    context.vars['keeps'] = l_0_keeps
    context.exported_vars.add('keeps')
    if (not (undefined(name='keeps') if l_0_keeps is missing else l_0_keeps)):
        pass
        yield '    del usage, cost, finish_reason, error, error_code  # the schema keeps none of these\n'
    else:
        pass
        if (not (environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'usage_bindings') or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated'))):
            pass
            yield '    del usage  # the schema keeps no token counts\n'
        if (not environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost')):
            pass
            yield '    del cost  # the schema keeps no cost\n'
        if (not environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason')):
            pass
            yield '    del finish_reason\n'
        if (not environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error')):
            pass
            yield '    del error\n'
        if (not environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code')):
            pass
            yield '    del error_code\n'
    yield '    values: dict[str, Any] = {\n        "'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '": _cut(text, '
    yield str(environment.getattr((undefined(name='lengths') if l_0_lengths is missing else l_0_lengths), 'content'))
    yield '),\n        "'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '": status,\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason'):
        pass
        yield '        "'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason'))
        yield '": _cut(finish_reason, '
        yield str(environment.getattr((undefined(name='lengths') if l_0_lengths is missing else l_0_lengths), 'finish_reason'))
        yield '),\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error'):
        pass
        yield '        "'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error'))
        yield '": _cut(error, '
        yield str(environment.getattr((undefined(name='lengths') if l_0_lengths is missing else l_0_lengths), 'error'))
        yield '),\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'):
        pass
        yield '        "'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'))
        yield '": _cut(error_code, '
        yield str(environment.getattr((undefined(name='lengths') if l_0_lengths is missing else l_0_lengths), 'error_code'))
        yield '),\n'
    yield '    }\n'
    if (environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'usage_bindings') or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated')):
        pass
        yield '    if usage is not None:\n'
        for (l_1_column, l_1_attr) in environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'usage_bindings'):
            _loop_vars = {}
            pass
            yield '        values["'
            yield str(l_1_column)
            yield '"] = usage.'
            yield str(l_1_attr)
            yield '\n'
        l_1_column = l_1_attr = missing
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated'):
            pass
            yield '        values["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated'))
            yield '"] = usage.estimated\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'):
        pass
        yield '    if cost is not None:\n        values["'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost'))
        yield '"] = quantize(cost, '
        yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'cost_scale'))
        yield ')\n'
    yield '    return values\n\n\ndef totals_values(usage: Usage | None, cost: decimal.Decimal | None) -> dict[str, Any]:\n    """Columns of the conversation to add to in SQL after a reply (never lost between replies)."""\n'
    if (not (environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens') or environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost'))):
        pass
        yield '    del usage, cost  # the schema keeps no totals\n'
    yield '    values: dict[str, Any] = {}\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'):
        pass
        yield '    if usage is not None:\n        values["'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'))
        yield '"] = ConversationModel.'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'))
        yield ' + usage.total_tokens\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost'):
        pass
        yield '    if cost is not None:\n        values["'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost'))
        yield '"] = ConversationModel.'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost'))
        yield ' + quantize(cost, '
        yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'total_cost_scale'))
        yield ')\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at'):
        pass
        yield '    values["'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at'))
        yield '"] = dt.datetime.now(dt.UTC)\n'
    yield '    return values\n\n\ndef added_totals(usage: Usage | None, cost: decimal.Decimal | None) -> dict[str, Any]:\n    """The parameters of ``add_totals`` for one finished reply: what it adds to its\n    conversation\'s totals (0 where not known) and, where kept, the time of its last message."""\n'
    if (not (environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens') or environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost'))):
        pass
        yield '    del usage, cost  # the schema keeps no totals\n'
    yield '    values: dict[str, Any] = {}\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'):
        pass
        yield '    values["b_'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'))
        yield '"] = usage.total_tokens if usage is not None else 0\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost'):
        pass
        yield '    values["b_'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost'))
        yield '"] = quantize(cost if cost is not None else decimal.Decimal(0), '
        yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'total_cost_scale'))
        yield ')\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at'):
        pass
        yield '    values["b_'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at'))
        yield '"] = dt.datetime.now(dt.UTC)\n'
    yield '    return values\n\n\n@functools.cache\ndef add_totals() -> sa.Update | None:\n    """``totals_values`` as one statement for many replies at once (executemany): bind\n    parameters ``b_id`` (the conversation) and those of ``added_totals``. None when the schema\n    keeps no totals."""\n    table = cast("sa.Table", ConversationModel.__table__)\n    values = totals_set(lambda name: sa.bindparam(f"b_{name}", type_=table.c[name].type))\n    if not values:\n        return None\n    return sa.update(table).where(table.c.id == sa.bindparam("b_id")).values(values)\n\n\ndef totals_set(added: Callable[[str], Any]) -> dict[str, Any]:\n    """The SET clause of ``add_totals``: each total column plus what ``added(column)`` reads\n    (a bind parameter, or a column of a VALUES list), the time of the last message set to it.\n    Empty when the schema keeps no totals."""\n'
    if (environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens') or environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost')):
        pass
        yield '    table = cast("sa.Table", ConversationModel.__table__)\n'
    if (not ((environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens') or environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost')) or environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at'))):
        pass
        yield '    del added  # the schema keeps no totals\n'
    yield '    values: dict[str, Any] = {}\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens'):
        pass
        yield '    values['
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens')))
        yield '] = table.c['
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens')))
        yield '] + added('
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_tokens')))
        yield ')\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost'):
        pass
        yield '    values['
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost')))
        yield '] = table.c['
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost')))
        yield '] + added('
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'total_cost')))
        yield ')\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at'):
        pass
        yield '    values['
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at')))
        yield '] = added('
        yield str(t_2(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at')))
        yield ')\n'
    yield '    return values\n\n\ndef first_user_message(conversation_id: uuid.UUID) -> sa.Executable:\n    """Select the content of the conversation\'s first user message."""\n    return (\n        sa.select(MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield ')\n        .where(MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id, MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield ' == USER)\n        .order_by('
    l_1_loop = missing
    for l_1_column, l_1_loop in LoopContext(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order'), undefined):
        _loop_vars = {}
        pass
        yield 'MessageModel.'
        yield str(l_1_column)
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 417 in 'app/chat/bindings.py.jinja' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_column = missing
    yield ')\n        .limit(1)\n    )\n\n\ndef earlier_replies(conversation_id: uuid.UUID, exclude: uuid.UUID) -> sa.Executable:\n    """Count the conversation\'s finished replies other than ``exclude``."""\n    return sa.select(sa.func.count()).where(\n        MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id,\n        MessageModel.id != exclude,\n        MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield ' == ASSISTANT,\n        MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield ' == DONE,\n    )\n\n\ndef retitle(conversation_id: uuid.UUID, title: str) -> sa.Update | None:\n    """Set a generated ``title`` only if the conversation still has the default title (one\n    statement: a rename that lands first wins). None when the schema binds no title."""\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title'):
        pass
        yield '    still_default = (\n'
        if t_3(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'title_default')):
            pass
            yield '        ConversationModel.'
            yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title'))
            yield '.is_(None)\n'
        else:
            pass
            yield '        ConversationModel.'
            yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title'))
            yield ' == TITLE_DEFAULT\n'
        yield '    )\n    return (\n        sa.update(ConversationModel)\n        .where(ConversationModel.id == conversation_id, still_default)\n        .values('
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'title'))
        yield '=_cut(title, '
        yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'title_max_length'))
        yield '))\n    )\n'
    else:
        pass
        yield '    del conversation_id, title\n    return None\n'
    yield '\n\ndef public_conversation(conversation: ConversationModel) -> BaseModel:\n    """The public shape of ``conversation`` (``conversation.*`` events)."""\n    return schemas.'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'name'))
    yield 'Public.model_validate(conversation)\n\n\ndef public_message(message: MessageModel, content: str | None = None) -> BaseModel:\n    """The public shape of ``message``, with ``content`` instead of the stored text if given."""\n    public = schemas.'
    yield str(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'name'))
    yield 'Public.model_validate(message)\n    if content is None:\n        return public\n    return public.model_copy(update={"'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '": content})\n\n\ndef streaming_data(message_id: uuid.UUID, seq: int, offset: int, delta: str) -> BaseModel:\n    """The payload of ``'
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'streaming_event'), 'name'))
    yield '``."""\n    return events.'
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'streaming_event'), 'class_name'))
    yield 'Data(\n        message_id=message_id, seq=seq, offset=offset, delta=delta\n    )\n\n\n# --- the message tree (branches, regenerate, edit) ----------------------------------------\n\nACTIVE_LEAF = "active_leaf_id"\n"""The conversation column naming the last message of its active branch (no foreign key: an id\nthat no longer exists means the newest message\'s branch)."""\nMAX_DEPTH = 1_000_000  # a bound on walks up the tree (parent links are fixed at insert: no cycles)\n\n\ndef _earlier(row: Any, than: Any) -> sa.ColumnElement[bool]:\n    """``row`` comes before ``than`` in the conversation\'s order (oldest first)."""\n    return sa.tuple_('
    l_1_loop = missing
    for l_1_column, l_1_loop in LoopContext(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order'), undefined):
        _loop_vars = {}
        pass
        yield 'row.'
        yield str(l_1_column)
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 484 in 'app/chat/bindings.py.jinja' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_column = missing
    yield ') < sa.tuple_('
    l_1_loop = missing
    for l_1_column, l_1_loop in LoopContext(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order'), undefined):
        _loop_vars = {}
        pass
        yield 'than.'
        yield str(l_1_column)
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 484 in 'app/chat/bindings.py.jinja' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_column = missing
    yield ')\n\n\ndef ancestors(conversation_id: uuid.UUID | sa.BindParameter[Any], start: uuid.UUID | sa.BindParameter[Any]) -> sa.CTE:\n    """A recursive CTE of ``(id, depth)``: the message ``start`` (depth 0) of the conversation\n    and its ancestors (its parent at depth 1, ...), walking the parent links up to the root.\n    Both ids are values or bind parameters (a statement built once and bound per call).\n\n    A parent NULL follows the legacy rule of ``app.chat.tree``: the message before it in the\n    conversation\'s order, unless it is the first message or an earlier message has a parent.\n    """\n    walked = (\n        sa.select(\n            MessageModel.id,\n            MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'parent_column'))
    yield '.label("parent"),\n'
    def t_4(fiter):
        for l_1_column in fiter:
            if (l_1_column != 'id'):
                yield l_1_column
    for l_1_column in t_4(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order')):
        _loop_vars = {}
        pass
        yield '            MessageModel.'
        yield str(l_1_column)
        yield ',\n'
    l_1_column = missing
    yield '            sa.literal(0).label("depth"),\n        )\n        .where(MessageModel.id == start, MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id)\n        .cte("ancestors", recursive=True)\n    )\n    up = orm.aliased(MessageModel)\n    before = orm.aliased(MessageModel)\n    linked = orm.aliased(MessageModel)\n    previous = (\n        sa.select(before.id)\n        .where(before.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id, _earlier(before, walked.c))\n        .order_by('
    l_1_loop = missing
    for l_1_column, l_1_loop in LoopContext(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order'), undefined):
        _loop_vars = {}
        pass
        yield 'before.'
        yield str(l_1_column)
        yield '.desc()'
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 513 in 'app/chat/bindings.py.jinja' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_column = missing
    yield ')\n        .limit(1)\n        .scalar_subquery()\n    )\n    rooted = sa.exists().where(\n        linked.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id,\n        linked.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'parent_column'))
    yield '.is_not(None),\n        _earlier(linked, walked.c),\n    )\n    link = sa.func.coalesce(walked.c.parent, sa.case((~rooted, previous)))\n    return walked.union_all(\n        sa.select(\n            up.id,\n            up.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'parent_column'))
    yield ',\n'
    def t_5(fiter):
        for l_1_column in fiter:
            if (l_1_column != 'id'):
                yield l_1_column
    for l_1_column in t_5(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order')):
        _loop_vars = {}
        pass
        yield '            up.'
        yield str(l_1_column)
        yield ',\n'
    l_1_column = missing
    yield '            walked.c.depth + 1,\n        ).where(\n            up.id == link,\n            up.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id,\n            walked.c.depth < MAX_DEPTH,\n        )\n    )\n\n\ndef parent_of(conversation_id: uuid.UUID, message_id: uuid.UUID) -> sa.Select[Any]:\n    """Select the id of the message\'s parent (after the legacy rule; no row: a root)."""\n    return _parent_of().params(conversation_id=conversation_id, start=message_id)\n\n\n@functools.cache\ndef _parent_of() -> sa.Select[Any]:\n    """``parent_of`` with bind parameters, built once (see ``_prompt_rows``)."""\n    chain = ancestors(sa.bindparam("conversation_id"), sa.bindparam("start"))\n    return sa.select(chain.c.id).where(chain.c.depth == 1)\n\n\ndef tree_rows(conversation_id: uuid.UUID) -> sa.Select[Any, Any]:\n    """Select ``(id, parent id)`` of the conversation\'s messages, oldest first."""\n    return (\n        sa.select(MessageModel.id, MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'parent_column'))
    yield ')\n        .where(MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id)\n        .order_by('
    l_1_loop = missing
    for l_1_column, l_1_loop in LoopContext(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order'), undefined):
        _loop_vars = {}
        pass
        yield 'MessageModel.'
        yield str(l_1_column)
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 556 in 'app/chat/bindings.py.jinja' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_column = missing
    yield ')\n    )\n\n\ndef message_in(conversation_id: uuid.UUID, message_id: Any) -> sa.Select[Any]:\n    """Select the id of ``message_id`` if it is a message of the conversation."""\n    return sa.select(MessageModel.id).where(\n        MessageModel.id == message_id, MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id\n    )\n\n\ndef active_leaf(conversation_id: uuid.UUID) -> sa.Select[Any]:\n    """Select the conversation\'s ``active_leaf_id`` if it names one of its messages (no row:\n    it is NULL or the message was deleted)."""\n    leaf = (\n        sa.select(ConversationModel.active_leaf_id)\n        .where(ConversationModel.id == conversation_id)\n        .scalar_subquery()\n    )\n    return message_in(conversation_id, leaf)\n\n\ndef leaf_or_newest(conversation_id: uuid.UUID) -> sa.Select[Any]:\n    """Select the conversation\'s ``active_leaf_id`` if it names one of its messages, else the\n    id of its newest message (NULL: it has none), in one statement."""\n    return sa.select(\n        sa.func.coalesce(\n            active_leaf(conversation_id).scalar_subquery(),\n            newest_message(conversation_id).scalar_subquery(),\n        )\n    )\n\n\ndef role_of(message: MessageModel) -> RoleEnum:\n    """The message\'s role."""\n    return message.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield '\n\n\ndef newest_message(conversation_id: uuid.UUID) -> sa.Select[Any]:\n    """Select the id of the conversation\'s newest message."""\n    return (\n        sa.select(MessageModel.id)\n        .where(MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id)\n        .order_by('
    l_1_loop = missing
    for l_1_column, l_1_loop in LoopContext(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order'), undefined):
        _loop_vars = {}
        pass
        yield 'MessageModel.'
        yield str(l_1_column)
        yield '.desc()'
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 599 in 'app/chat/bindings.py.jinja' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_column = missing
    yield ')\n        .limit(1)\n    )\n\n\ndef messages_by_id(ids: list[uuid.UUID]) -> sa.Select[Any]:\n    """Select the messages ``ids`` (any order)."""\n    return sa.select(MessageModel).where(MessageModel.id.in_(ids))\n\n\ndef public_node(message: MessageModel, index: int, count: int) -> schemas.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'node_schema'))
    yield ':\n    """The public shape of ``message`` in a list of the tree: its 1-based ``sibling_index``\n    among the messages with the same parent, and their ``sibling_count``."""\n    public = schemas.'
    yield str(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'name'))
    yield 'Public.model_validate(message)\n    return schemas.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'node_schema'))
    yield '(\n        **dict(public), sibling_index=index, sibling_count=count\n    )\n\n\n# --- the reply\'s lifecycle (lease, recovery, stop, resume) --------------------------------\n\nINTERRUPTED_CODE = "interrupted"\nINTERRUPTED_ERROR = "the reply was interrupted (the server stopped)"\n\n\ndef is_streaming(message: MessageModel) -> bool:\n    """Whether ``message`` is a reply still being generated (status streaming)."""\n    return bool(message.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield ' == STREAMING)\n\n\ndef claimable(message_id: uuid.UUID, producer: str, now: dt.datetime) -> sa.ColumnElement[bool]:\n    """The reply ``message_id`` if ``producer`` may produce it: still streaming, and its lease\n    is ``producer``\'s own, free, or expired at ``now``."""\n    return sa.and_(\n        MessageModel.id == message_id,\n        MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield ' == STREAMING,\n        sa.or_(\n            MessageModel.lease_owner == producer,\n            MessageModel.lease_owner.is_(None),\n            MessageModel.lease_expires_at < now,\n        ),\n    )\n\n\ndef produced_by(producer: str) -> sa.ColumnElement[bool]:\n    """The replies still streaming whose lease ``producer`` holds."""\n    return sa.and_(MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield ' == STREAMING, MessageModel.lease_owner == producer)\n\n\ndef abandoned(now: dt.datetime) -> sa.ColumnElement[bool]:\n    """The replies still streaming that no process produces: lease expired at ``now``, or none\n    (rows from before leases existed)."""\n    return sa.and_(\n        MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield ' == STREAMING,\n        sa.or_(MessageModel.lease_expires_at.is_(None), MessageModel.lease_expires_at < now),\n    )\n\n\ndef interrupted_values() -> dict[str, Any]:\n    """Columns of a reply whose producer stopped before it ended (a process that died, or\n    could not store the end): status error, code ``interrupted`` where the schema keeps one,\n    lease released; the text stored so far is kept."""\n    return {\n        "'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield '": ERROR,\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'):
        pass
        yield '        "'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error_code'))
        yield '": _cut(INTERRUPTED_CODE, '
        yield str(environment.getattr((undefined(name='lengths') if l_0_lengths is missing else l_0_lengths), 'error_code'))
        yield '),\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error'):
        pass
        yield '        "'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error'))
        yield '": _cut(INTERRUPTED_ERROR, '
        yield str(environment.getattr((undefined(name='lengths') if l_0_lengths is missing else l_0_lengths), 'error'))
        yield '),\n'
    if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason'):
        pass
        yield '        "'
        yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason'))
        yield '": _cut("error", '
        yield str(environment.getattr((undefined(name='lengths') if l_0_lengths is missing else l_0_lengths), 'finish_reason'))
        yield '),\n'
    yield '        "lease_owner": None,\n        "lease_expires_at": None,\n    }\n\n\n# --- persistence at scale (batched writes) ------------------------------------------------\n# (``app.chat.writer`` appends to ``CONTENT_COLUMN``, defined with the transports below)\n\n\n# --- the AI SDK transports (UI message stream) --------------------------------------------\n\nSTATUS_COLUMN = '
    yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status')))
    yield '\n"""The message column (and public field) holding its status (a ``StatusEnum`` member)."""\nCONTENT_COLUMN = '
    yield str(t_2(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content')))
    yield '\n"""The message column (and public field) holding its text."""\nUSAGE_COLUMNS: dict[str, str] = {\n'
    for (l_1_column, l_1_attr) in environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'usage_bindings'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(t_2(l_1_attr))
        yield ': '
        yield str(t_2(l_1_column))
        yield ',\n'
    l_1_column = l_1_attr = missing
    yield '}\n"""``Usage`` attribute -> the public message field recording it (token counts)."""\nCOST_COLUMN: str | None = '
    yield str(t_2((environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost') or None)))
    yield '\nESTIMATED_COLUMN: str | None = '
    yield str(t_2((environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'usage_estimated') or None)))
    yield '\nFINISH_REASON_COLUMN: str | None = '
    yield str(t_2((environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason') or None)))
    yield '\nERROR_COLUMN: str | None = '
    yield str(t_2((environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error') or None)))
    yield '\nMODEL_COLUMN: str | None = '
    yield str(t_2((environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'model_name') or None)))
    yield '\n\n\ndef streaming_replies(conversation_id: uuid.UUID) -> sa.Select[Any]:\n    """Select the ids of the conversation\'s replies still streaming, newest first."""\n    return (\n        sa.select(MessageModel.id)\n        .where(MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id, MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'status'))
    yield ' == STREAMING)\n        .order_by('
    l_1_loop = missing
    for l_1_column, l_1_loop in LoopContext(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order'), undefined):
        _loop_vars = {}
        pass
        yield 'MessageModel.'
        yield str(l_1_column)
        yield '.desc()'
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 705 in 'app/chat/bindings.py.jinja' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_column = missing
    yield ')\n    )\n\n\ndef latest_reply(conversation_id: uuid.UUID) -> sa.Select[Any]:\n    """Select the id of the conversation\'s newest assistant message."""\n    return (\n        sa.select(MessageModel.id)\n        .where(MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id, MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield ' == ASSISTANT)\n        .order_by('
    l_1_loop = missing
    for l_1_column, l_1_loop in LoopContext(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order'), undefined):
        _loop_vars = {}
        pass
        yield 'MessageModel.'
        yield str(l_1_column)
        yield '.desc()'
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 714 in 'app/chat/bindings.py.jinja' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_column = missing
    yield ')\n        .limit(1)\n    )\n'

blocks = {}
debug_info = '1=32&2=35&3=38&4=41&5=44&6=47&31=51&32=53&33=55&34=57&35=59&37=61&39=63&40=65&41=67&43=69&45=71&46=73&48=75&49=77&50=79&52=81&53=83&54=85&55=87&57=89&58=91&59=93&60=95&61=97&63=100&86=106&95=108&98=111&100=114&101=116&102=119&104=121&105=124&110=130&143=133&144=135&145=137&146=140&148=142&149=145&151=147&152=150&154=152&155=155&160=158&162=160&169=162&182=164&186=168&187=170&188=172&189=174&190=176&191=178&192=181&210=186&215=190&216=193&217=197&219=200&220=203&221=207&225=209&228=213&229=215&236=217&241=221&242=225&246=237&247=240&253=246&254=248&258=252&265=254&269=258&270=261&272=265&273=268&289=271&290=274&293=279&296=282&299=285&302=288&305=291&310=295&311=299&312=301&313=304&315=308&316=311&318=315&319=318&322=323&324=326&325=330&327=335&328=338&331=340&333=343&340=348&344=352&346=355&348=359&350=362&352=368&353=371&361=374&365=378&366=381&368=383&369=386&371=390&372=393&393=396&396=399&400=403&401=406&403=412&404=415&406=421&407=424&415=429&416=431&417=436&425=444&427=446&428=448&435=450&437=453&438=456&440=461&446=464&456=472&461=474&464=476&468=478&469=480&484=483&498=500&499=502&500=510&504=514&512=516&513=519&518=528&519=530&526=532&527=534&528=542&533=546&554=548&555=550&556=553&563=561&591=563&598=565&599=568&609=577&612=579&613=581&626=583&634=585&645=587&652=589&662=591&663=593&664=596&666=600&667=603&669=607&670=610&683=615&685=617&688=619&689=623&693=629&694=631&695=633&696=635&697=637&704=639&705=644&713=653&714=658'
