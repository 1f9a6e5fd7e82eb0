# Compiled by ssot_gen.precompiled from templates/app/schemas.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/schemas.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['kwargs']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'kwargs' found.")
    try:
        t_2 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    try:
        t_3 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    try:
        t_4 = environment.filters['pydoc']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'pydoc' found.")
    pass
    yield '"""Request and response schemas (pydantic): XBase / XCreate / XUpdate / XPublic / XsPublic."""\n\nimport datetime as dt\n'
    if context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'uses_type'), 'decimal'):
        pass
        yield 'import decimal\n'
    yield 'import typing as t\nfrom uuid import UUID\n\nimport pydantic\nimport pydantic_core\n\nfrom app.core.config import settings\nfrom app.core.passwords import not_common\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'has_enums'):
        pass
        yield 'from app.enums import '
        l_1_loop = missing
        for l_1_enum, l_1_loop in LoopContext(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'enums'), undefined):
            _loop_vars = {}
            pass
            yield str(environment.getattr(l_1_enum, 'name'))
            yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 16 in 'app/schemas.py.jinja' evaluated to false and no else section was defined.")))
        l_1_loop = l_1_enum = missing
        yield '\n'
    yield '\n\ndef _as_utc(value: dt.datetime) -> dt.datetime:\n    """An instant in UTC: naive values (SQLite returns them; every stored time is UTC) are\n    taken as UTC, others converted, so ``09:00+02:00`` is stored and returned as ``07:00Z``."""\n    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)\n\n\nUTCDateTime = t.Annotated[dt.datetime, pydantic.AfterValidator(_as_utc)]\n\n\ndef message_length(value: str | None) -> str | None:\n    """A chat message\'s content is at most MAX_MESSAGE_CHARS characters (code points) on\n    every path that takes it (the websocket\'s ``message.send`` checks the same setting)."""\n    if value is not None and len(value) > settings.max_message_chars:\n        raise ValueError(f"at most {settings.max_message_chars} characters")\n    return value\n'
    if context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'uses_type'), 'decimal'):
        pass
        yield '# Exact decimals travel as fixed-point strings ("0.0000081000"), never floats or "0E-10".\nFixedDecimal = t.Annotated[\n    decimal.Decimal, pydantic.PlainSerializer(lambda value: format(value, "f"), return_type=str)\n]\n'
    yield '\n\nclass InputModel(pydantic.BaseModel):\n    """Base of request bodies: unknown (or read-only) keys are refused with 422."""\n\n    model_config = pydantic.ConfigDict(extra="forbid")\n\n    @pydantic.field_validator("*", mode="after")\n    @classmethod\n    def _storable_text(cls, value: t.Any) -> t.Any:\n        """Refuse text no database stores alike: NUL (U+0000) and lone surrogates."""\n        _check_storable(value)\n        return value\n\n\ndef _check_storable(value: t.Any) -> None:\n    if isinstance(value, str):\n        if "\\x00" in value:\n            raise ValueError("must not contain NUL characters")\n        try:\n            value.encode("utf-8")\n        except UnicodeEncodeError as err:\n            raise ValueError("must be valid Unicode text (no lone surrogates)") from err\n    elif isinstance(value, dict):\n        for key, item in value.items():\n            _check_storable(key)\n            _check_storable(item)\n    elif isinstance(value, list):\n        for item in value:\n            _check_storable(item)\n\n\nclass UpdateModel(InputModel):\n    """Base of PATCH bodies: a key may be omitted, but a NOT NULL column may not be sent null."""\n\n    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = ()\n\n    @pydantic.model_validator(mode="after")\n    def _reject_nulls(self) -> t.Self:\n        nulls = [name for name in self.NOT_NULLABLE if name in self.model_fields_set]\n        nulls = [name for name in nulls if getattr(self, name) is None]\n        if nulls:\n            raise ValueError(f"may not be null: {\', \'.join(nulls)}")\n        return self\n\n    @classmethod\n    def __get_pydantic_json_schema__(\n        cls, core_schema: pydantic_core.CoreSchema, handler: pydantic.GetJsonSchemaHandler\n    ) -> dict[str, t.Any]:\n        """The JSON schema of the body: the keys of ``NOT_NULLABLE`` are optional but not\n        nullable (``null`` is dropped from their ``anyOf``, and their ``null`` default)."""\n        json_schema = handler(core_schema)\n        properties = handler.resolve_ref_schema(json_schema).get("properties", {})\n        for name in cls.NOT_NULLABLE:\n            prop = properties.get(name)\n            if prop is None or "anyOf" not in prop:\n                continue\n            options = [option for option in prop.pop("anyOf") if option != {"type": "null"}]\n            if "default" in prop and prop["default"] is None:\n                del prop["default"]\n            if len(options) == 1:\n                prop.update(options[0])\n            else:\n                prop["anyOf"] = options\n        return json_schema\n\n\nPassword = t.Annotated[\n    str,\n    pydantic.Field(min_length='
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'password_min_length'))
    yield ', max_length='
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'password_max_length'))
    yield '),\n    pydantic.AfterValidator(not_common),\n]\n"""A new password: '
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'password_min_length'))
    yield ' to '
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'password_max_length'))
    yield ' characters, not in the shipped list of common passwords."""\n\n\nclass Token(pydantic.BaseModel):\n    """An access token for the ``Authorization: Bearer`` header."""\n\n    access_token: str\n    token_type: str = "bearer"\n\n\nclass LoginRequest(InputModel):\n    """Credentials for ``POST '
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield '/auth/login``."""\n\n    '
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name'))
    yield ': '
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'pydantic_type'))
    yield '\n    password: str = pydantic.Field(min_length=1, max_length='
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'password_max_length'))
    yield ')\n\n\nclass PasswordChange(InputModel):\n    """Body of ``POST '
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield '/auth/password``: the current password and the new one."""\n\n    current_password: str = pydantic.Field(min_length=1, max_length='
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'password_max_length'))
    yield ')\n    new_password: Password\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield '\n\nclass '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'public'))
        yield '(pydantic.BaseModel):\n    """An uploaded image (``'
        yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'url'))
        yield '``): ``size_bytes`` in bytes; ``message_id`` is None until sent."""\n\n    model_config = pydantic.ConfigDict(from_attributes=True)\n\n    id: UUID\n    media_type: str\n    size_bytes: int\n    message_id: UUID | None\n    created_at: UTCDateTime\n'
    for l_1_model in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'models'):
        l_1_names = l_1_message_content = missing
        _loop_vars = {}
        pass
        l_1_names = environment.getattr(l_1_model, 'schema_names')
        _loop_vars['names'] = l_1_names
        yield '\n\nclass '
        yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'base'))
        yield '(InputModel):\n    """Writable fields of '
        yield str(t_4(t_2(environment.getattr(l_1_model, 'title'))))
        yield '."""\n\n'
        for l_2_field in environment.getattr(l_1_model, 'writable_fields'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_2_field, 'name'))
            yield ': '
            yield str(environment.getattr(l_2_field, 'input_annotation'))
            if environment.getattr(l_2_field, 'create_kwargs'):
                pass
                yield ' = pydantic.Field('
                yield str(t_1(environment.getattr(l_2_field, 'create_kwargs')))
                yield ')'
            yield '\n'
        l_2_field = missing
        if (not environment.getattr(l_1_model, 'writable_fields')):
            pass
            yield '    pass\n'
        l_1_message_content = (environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'writable_content') if (environment.getattr(l_1_model, 'name') == environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'message'), 'name')) else None)
        _loop_vars['message_content'] = l_1_message_content
        if (undefined(name='message_content') if l_1_message_content is missing else l_1_message_content):
            pass
            yield '\n    _message_length = pydantic.field_validator('
            yield str(t_3((undefined(name='message_content') if l_1_message_content is missing else l_1_message_content)))
            yield ')(message_length)\n'
        yield '\n\n'
        if environment.getattr(l_1_model, 'is_user'):
            pass
            yield 'class '
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'register'))
            yield '('
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'base'))
            yield '):\n    """Body of ``POST '
            yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
            yield '/auth/register``."""\n\n    password: Password\n'
        else:
            pass
            yield 'class '
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'create'))
            yield '('
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'base'))
            yield '):\n    """Body of ``POST '
            yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
            yield str(environment.getattr(l_1_model, 'url'))
            yield '``."""\n\n'
            for l_2_rel in environment.getattr(l_1_model, 'payload_relations'):
                _loop_vars = {}
                pass
                yield '    '
                yield str(environment.getattr(l_2_rel, 'column'))
                yield ': '
                yield str(environment.getattr(l_2_rel, 'annotation'))
                yield str((' = None' if environment.getattr(l_2_rel, 'nullable') else cond_expr_undefined("the inline if-expression on line 181 in 'app/schemas.py.jinja' evaluated to false and no else section was defined.")))
                yield '\n'
            l_2_rel = missing
            if (not environment.getattr(l_1_model, 'payload_relations')):
                pass
                yield '    pass\n'
        yield '\n\nclass '
        yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'update'))
        yield '(UpdateModel):\n    """Body of ``PATCH '
        yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
        yield str(environment.getattr(l_1_model, 'url'))
        yield '/{id}``: only the keys sent are changed."""\n\n    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = '
        yield str(t_3(environment.getattr(l_1_model, 'update_not_null')))
        yield '\n'
        for l_2_field in environment.getattr(l_1_model, 'writable_fields'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_2_field, 'name'))
            yield ': '
            yield str(environment.getattr(l_2_field, 'pydantic_type'))
            yield ' | None = pydantic.Field('
            yield str(t_1(environment.getattr(l_2_field, 'update_kwargs')))
            yield ')\n'
        l_2_field = missing
        for l_2_rel in environment.getattr(l_1_model, 'updatable_relations'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_2_rel, 'column'))
            yield ': UUID | None = None\n'
        l_2_rel = missing
        if (undefined(name='message_content') if l_1_message_content is missing else l_1_message_content):
            pass
            yield '\n    _message_length = pydantic.field_validator('
            yield str(t_3((undefined(name='message_content') if l_1_message_content is missing else l_1_message_content)))
            yield ')(message_length)\n'
        if environment.getattr(l_1_model, 'is_user'):
            pass
            yield '    # required (and checked) only to change '
            yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name'))
            yield '\n    current_password: str | None = pydantic.Field(default=None, max_length='
            yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'password_max_length'))
            yield ')\n'
        yield '\n\nclass '
        yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'public'))
        yield '(pydantic.BaseModel):\n    """'
        yield str(t_4(environment.getattr(l_1_model, 'title')))
        yield ' as the API returns it."""\n\n    model_config = pydantic.ConfigDict(from_attributes=True)\n\n'
        if environment.getattr(l_1_model, 'has_id'):
            pass
            yield '    id: UUID\n'
        for l_2_rel in environment.getattr(l_1_model, 'belongs_to'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_2_rel, 'column'))
            yield ': '
            yield str(environment.getattr(l_2_rel, 'annotation'))
            yield '\n'
        l_2_rel = missing
        for l_2_field in environment.getattr(l_1_model, 'fields'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_2_field, 'name'))
            yield ': '
            yield str(environment.getattr(l_2_field, 'output_annotation'))
            yield '\n'
        l_2_field = missing
        if environment.getattr(l_1_model, 'timestamps'):
            pass
            yield '    created_at: UTCDateTime\n    updated_at: UTCDateTime\n'
        if (environment.getattr(l_1_model, 'is_chat_message') and environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments')):
            pass
            yield '    '
            yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'attribute'))
            yield ': list['
            yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'public'))
            yield '] = pydantic.Field(default_factory=list)\n'
        if environment.getattr(l_1_model, 'is_chat_conversation'):
            pass
            yield "    # the last message of the branch the user follows (None: the newest message's branch)\n    active_leaf_id: UUID | None = None\n"
        yield '\n\nclass '
        yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'list'))
        yield '(pydantic.BaseModel):\n    """A page of '
        yield str(t_4(t_2(environment.getattr(l_1_model, 'title'))))
        yield ' rows and the total count."""\n\n    data: list['
        yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'public'))
        yield ']\n    count: int\n'
        if environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'node'):
            pass
            yield '\n\nclass '
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'node'))
            yield '('
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'public'))
            yield '):\n    """'
            yield str(t_4(environment.getattr(l_1_model, 'title')))
            yield ' in a list of its conversation\'s tree: ``sibling_index`` is its\n    1-based position among the messages with the same parent (oldest first), ``sibling_count``\n    how many there are (more than 1: regenerated or edited)."""\n\n    sibling_index: int\n    sibling_count: int\n\n\nclass '
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'nodes'))
            yield '(pydantic.BaseModel):\n    """A page of a conversation\'s '
            yield str(t_4(t_2(environment.getattr(l_1_model, 'title'))))
            yield ' rows, oldest first: its active\n    branch, or the whole tree (``?branch=all``), and the total count."""\n\n    data: list['
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'node'))
            yield ']\n    count: int\n'
        if environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'branch'):
            pass
            yield '\n\nclass '
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'branch'))
            yield '(InputModel):\n    """Body of ``PUT '
            yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
            yield str(environment.getattr(l_1_model, 'url'))
            yield '/{id}/branch``: the message whose\n    branch becomes the active one (followed down to its newest descendant)."""\n\n    leaf_id: UUID\n'
    l_1_model = l_1_names = l_1_message_content = missing

blocks = {}
debug_info = '4=37&15=41&16=45&36=53&111=57&114=61&125=65&127=67&128=71&132=73&134=75&136=77&139=80&140=82&150=85&151=89&154=92&155=94&157=96&158=100&161=110&164=113&165=115&167=118&171=121&172=124&173=128&177=133&178=137&180=140&181=144&183=150&189=154&190=156&192=159&193=161&194=165&196=172&197=176&199=179&201=182&203=184&204=187&205=189&209=192&210=194&214=196&217=199&218=203&220=208&221=212&223=217&227=220&228=223&230=227&236=231&237=233&239=235&241=237&244=240&245=244&253=246&254=248&257=250&260=252&263=255&264=257'
