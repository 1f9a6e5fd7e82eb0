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
    l_0_chat = l_0_C = l_0_M = l_0_cb = l_0_mb = l_0_lengths = missing
    try:
        t_1 = environment.filters['pyrepr']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'pyrepr' found.")
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
    yield '"""The schema\'s side of the chat engine (``app.chat.service``): which models, columns and enum\nmembers it uses, as plain data and small accessors. The engine is the same for every schema."""\n\nimport datetime as dt\nimport decimal\nimport uuid\nfrom typing import Any\n\nimport sqlalchemy as sa\nfrom pydantic import BaseModel\n\nfrom app import enums, models, schemas\nfrom app.api import access\nfrom app.chat import events\nfrom app.chat.pricing import quantize\nfrom app.chat.providers.base import Role, Usage\nfrom app.chat.stream import ConversationSettings, FlushPolicy\n\nUserModel = models.'
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
    yield str(t_1(str_join((environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'title'), ' not found', ))))
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
    yield '\n\n\ndef _cut(text: str | None, limit: int | None) -> str | None:\n    """``text`` without NUL characters, at most ``limit`` characters."""\n    if text is None:\n        return None\n    text = text.replace("\\x00", "\\ufffd")\n    return text if limit is None else text[:limit]\n\n\ndef _float(value: float | decimal.Decimal | None) -> float | None:\n    return None if value is None else float(value)\n\n\ndef owned_conversation(conversation_id: uuid.UUID, user: UserModel) -> sa.Executable:\n    """Select the conversation ``conversation_id`` if ``user`` may see it."""\n    statement = sa.select(ConversationModel).where(ConversationModel.id == conversation_id)\n    return access.scope_'
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
    yield '\n\ndef conversation_settings(conversation: ConversationModel) -> ConversationSettings:\n    """What ``conversation`` asks of its model."""\n    return ConversationSettings(\n        provider=conversation.'
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
    yield '    )\n\n\ndef new_message(\n    conversation: ConversationModel,\n    role: RoleEnum,\n    content: str,\n    status: StatusEnum,\n    model: str | None = None,\n) -> MessageModel:\n    """A message of ``conversation``; ``model`` is the model that writes a reply."""\n'
    if (not environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'model_name')):
        pass
        yield '    del model  # the schema keeps no model name per message\n'
    yield '    return MessageModel(\n        '
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield '=conversation.id,\n        '
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
    yield '    )\n\n\ndef prompt_rows(conversation_id: uuid.UUID, exclude: uuid.UUID) -> sa.Executable:\n    """The messages of a conversation, oldest first, except the reply ``exclude``."""\n    return (\n        sa.select(MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'role'))
    yield ', MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield ')\n        .where(MessageModel.'
    yield str(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk'))
    yield ' == conversation_id, MessageModel.id != exclude)\n        .order_by('
    l_1_loop = missing
    for l_1_column, l_1_loop in LoopContext(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_order'), undefined):
        _loop_vars = {}
        pass
        yield 'MessageModel.'
        yield str(l_1_column)
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 139 in 'app/chat/bindings.py.jinja' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_column = missing
    yield ')\n    )\n\n\ndef sent_values() -> dict[str, Any]:\n    """Columns of the conversation to update in SQL when a user message and its reply are added."""\n    return {\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count'):
        pass
        yield '        "'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count'))
        yield '": ConversationModel.'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'message_count'))
        yield ' + 2,\n'
    if environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at'):
        pass
        yield '        "'
        yield str(environment.getattr((undefined(name='cb') if l_0_cb is missing else l_0_cb), 'last_message_at'))
        yield '": dt.datetime.now(dt.UTC),\n'
    yield '    }\n\n\ndef appended_values(pending: str) -> dict[str, Any]:\n    """Columns of the message that append ``pending`` to the stored reply (linear in its length)."""\n    return {"'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '": MessageModel.'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield ' + pending}\n\n\ndef finished_values(\n    text: str,\n    status: StatusEnum,\n    usage: Usage | None,\n    cost: decimal.Decimal | None,\n    finish_reason: str | None,\n    error: str | None,\n) -> dict[str, Any]:\n    """Columns of the message of a finished reply (``cost`` exact, rounded here to the column)."""\n'
    if (not (((((environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'prompt_tokens') or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens')) or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens')) or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'cost')) or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'finish_reason')) or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'error'))):
        pass
        yield '    del usage, cost, finish_reason, error  # the schema keeps none of these\n'
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
    yield '    }\n'
    if ((environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'prompt_tokens') or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens')) or environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens')):
        pass
        yield '    if usage is not None:\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'prompt_tokens'):
            pass
            yield '        values["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'prompt_tokens'))
            yield '"] = usage.prompt_tokens\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens'):
            pass
            yield '        values["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'completion_tokens'))
            yield '"] = usage.completion_tokens\n'
        if environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens'):
            pass
            yield '        values["'
            yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'total_tokens'))
            yield '"] = usage.total_tokens\n'
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
    yield '    return values\n\n\ndef public_conversation(conversation: ConversationModel) -> BaseModel:\n    """The public shape of ``conversation`` (``conversation.*`` events)."""\n    return schemas.'
    yield str(environment.getattr((undefined(name='C') if l_0_C is missing else l_0_C), 'name'))
    yield 'Public.model_validate(conversation)\n\n\ndef public_message(message: MessageModel, content: str | None = None) -> BaseModel:\n    """The public shape of ``message``, with ``content`` instead of the stored text if given."""\n    public = schemas.'
    yield str(environment.getattr((undefined(name='M') if l_0_M is missing else l_0_M), 'name'))
    yield 'Public.model_validate(message)\n    if content is None:\n        return public\n    return public.model_copy(update={"'
    yield str(environment.getattr((undefined(name='mb') if l_0_mb is missing else l_0_mb), 'content'))
    yield '": content})\n\n\ndef streaming_data(message_id: uuid.UUID, seq: int, offset: int, delta: str) -> BaseModel:\n    """The payload of ``'
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'streaming_event'), 'name'))
    yield '``."""\n    return events.'
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'streaming_event'), 'class_name'))
    yield 'Data(\n        message_id=message_id, seq=seq, offset=offset, delta=delta\n    )\n'

blocks = {}
debug_info = '1=19&2=22&3=25&4=28&5=31&6=34&25=38&26=40&27=42&28=44&29=46&31=48&33=50&34=52&35=54&37=56&39=58&40=60&42=62&43=64&44=66&46=68&47=70&48=72&49=74&67=76&76=78&79=81&81=84&82=86&83=89&85=91&86=94&91=100&98=103&99=105&100=107&101=110&103=112&104=115&106=117&107=120&120=123&124=127&125=129&126=131&127=133&128=135&129=138&137=143&138=147&139=150&146=158&147=161&149=165&150=168&157=171&169=175&173=179&174=183&175=185&176=188&178=192&179=195&182=200&184=203&185=206&187=208&188=211&190=213&191=216&194=218&196=221&203=226&207=230&209=233&211=237&213=240&215=246&216=249&223=252&228=254&231=256&235=258&236=260'
