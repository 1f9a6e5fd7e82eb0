# Compiled by ssot_gen.precompiled from templates/app/static/types.d.ts.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/types.d.ts.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_doc = missing
    try:
        t_1 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    try:
        t_2 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_3 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    pass
    def macro(l_1_text):
        t_4 = []
        if l_1_text is missing:
            l_1_text = undefined("parameter 'text' was not provided", name='text')
        pass
        t_4.append(
            str(t_2(context.eval_ctx, t_2(context.eval_ctx, l_1_text, '*/', '*\\/'), '\n', ' ')),
        )
        return concat(t_4)
    context.exported_vars.add('doc')
    context.vars['doc'] = l_0_doc = Macro(environment, macro, 'doc', ('text',), False, False, False, context.eval_ctx.autoescape)
    yield '// TypeScript types of the API, rendered from the schema: every model as the REST API returns\n// it, and every websocket frame of /ws (the same frames as /asyncapi.yaml). Dates are ISO 8601\n// strings, decimals strings (exact), ids UUID strings. Offsets count UTF-16 code units.\n// Checked with `tsc --noEmit`; import them with `import type { ... } from "./types"`.\n\n/** Any JSON value (a schema field of type json). */\nexport type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield '\n/** An uploaded image ('
        yield str(context.call((undefined(name='doc') if l_0_doc is missing else l_0_doc), str_join((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'), environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'url'), ))))
        yield '): `size_bytes` in bytes; `message_id` is null until sent. */\nexport interface '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'public'))
        yield ' {\n  id: string;\n  media_type: string;\n  size_bytes: number;\n  message_id: string | null;\n  created_at: string;\n}\n'
    for l_1_model in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'models'):
        l_1_names = missing
        _loop_vars = {}
        pass
        l_1_names = environment.getattr(l_1_model, 'schema_names')
        _loop_vars['names'] = l_1_names
        yield '\n/** '
        yield str(context.call((undefined(name='doc') if l_0_doc is missing else l_0_doc), environment.getattr(l_1_model, 'title'), _loop_vars=_loop_vars))
        yield ' as the API returns it. */\nexport interface '
        yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'public'))
        yield ' {\n'
        if environment.getattr(l_1_model, 'has_id'):
            pass
            yield '  id: string;\n'
        for l_2_rel in environment.getattr(l_1_model, 'belongs_to'):
            _loop_vars = {}
            pass
            yield '  '
            yield str(environment.getattr(l_2_rel, 'column'))
            yield ': '
            yield str(('string | null' if environment.getattr(l_2_rel, 'nullable') else 'string'))
            yield ';\n'
        l_2_rel = missing
        for l_2_field in environment.getattr(l_1_model, 'fields'):
            _loop_vars = {}
            pass
            yield '  '
            yield str(environment.getattr(l_2_field, 'name'))
            yield ': '
            yield str(environment.getattr(l_2_field, 'ts_type'))
            yield ';\n'
        l_2_field = missing
        if environment.getattr(l_1_model, 'timestamps'):
            pass
            yield '  created_at: string;\n  updated_at: string;\n'
        if (environment.getattr(l_1_model, 'is_chat_message') and environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments')):
            pass
            yield '  '
            yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'attribute'))
            yield ': '
            yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'public'))
            yield '[];\n'
        if environment.getattr(l_1_model, 'is_chat_conversation'):
            pass
            yield "  /** The last message of the branch the user follows (null: the newest message's branch). */\n  active_leaf_id: string | null;\n"
        yield '}\n\n/** A page of '
        yield str(context.call((undefined(name='doc') if l_0_doc is missing else l_0_doc), t_1(environment.getattr(l_1_model, 'title')), _loop_vars=_loop_vars))
        yield ' rows and the total count. */\nexport interface '
        yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'list'))
        yield ' {\n  data: '
        yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'public'))
        yield '[];\n  count: number;\n}\n'
        if environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'node'):
            pass
            yield '\n/** '
            yield str(context.call((undefined(name='doc') if l_0_doc is missing else l_0_doc), environment.getattr(l_1_model, 'title'), _loop_vars=_loop_vars))
            yield " in a list of its conversation's tree: `sibling_index` is its 1-based position among the messages with the same parent, `sibling_count` how many there are. */\nexport interface "
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'node'))
            yield ' extends '
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'public'))
            yield " {\n  sibling_index: number;\n  sibling_count: number;\n}\n\n/** A page of a conversation's "
            yield str(context.call((undefined(name='doc') if l_0_doc is missing else l_0_doc), t_1(environment.getattr(l_1_model, 'title')), _loop_vars=_loop_vars))
            yield ' rows, oldest first: its active branch, or the whole tree (`?branch=all`). */\nexport interface '
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'nodes'))
            yield ' {\n  data: '
            yield str(environment.getattr((undefined(name='names') if l_1_names is missing else l_1_names), 'node'))
            yield '[];\n  count: number;\n}\n'
    l_1_model = l_1_names = missing
    yield '\n// --- /ws: frames {type, data} in both directions --------------------------------------------\n\n/** `auth`: the access token that authenticates the socket (the first frame). */\nexport interface AuthData {\n  token: string;\n}\n\n/** `conversation.subscribe`: receive the events of one conversation. */\nexport interface SubscribeData {\n  conversation_id: string;\n}\n\n/** `message.send`: post a user message and stream the reply (a new conversation without an id). */\nexport interface SendData {\n  conversation_id?: string | null;\n  content: string;\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield '  /** Ids of uploaded images. */\n  attachments?: string[];\n'
    yield "}\n\n/** `generation.stop`: stop a reply that is streaming (it ends cancelled, keeping its text). */\nexport interface StopData {\n  message_id: string;\n}\n\n/** `stream.resume`: the reply's text after `offset` (UTF-16 code units), then its live deltas. */\nexport interface ResumeData {\n  message_id: string;\n  offset?: number;\n}\n\n/** `message.regenerate`: a new reply beside the assistant reply `message_id`. */\nexport interface RegenerateData {\n  message_id: string;\n}\n\n/** `message.edit`: a new user message with `content` beside the user message `message_id`, and its reply. */\nexport interface EditData {\n  message_id: string;\n  content: string;\n}\n\n/** `auth.ok`: the socket is authenticated as `user_id` until `expires_at`. */\nexport interface AuthOkData {\n  user_id: string;\n  expires_at: string;\n}\n\n/** `error`: a stable `code` and a human-readable `message`. */\nexport interface ErrorData {\n  code: string;\n  message: string;\n}\n"
    def t_5(fiter):
        for l_1_event in fiter:
            if (not environment.getattr(l_1_event, 'payload_model')):
                yield l_1_event
    for l_1_event in t_5(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'events')):
        _loop_vars = {}
        pass
        yield '\n/** Payload of `'
        yield str(context.call((undefined(name='doc') if l_0_doc is missing else l_0_doc), environment.getattr(l_1_event, 'name'), _loop_vars=_loop_vars))
        yield '`. */\nexport interface '
        yield str(environment.getattr(l_1_event, 'class_name'))
        yield 'Data {\n'
        for l_2_field in environment.getattr(l_1_event, 'payload_fields'):
            _loop_vars = {}
            pass
            yield '  '
            yield str(environment.getattr(l_2_field, 'name'))
            yield ': '
            yield str(environment.getattr(l_2_field, 'ts_type'))
            yield ';\n'
        l_2_field = missing
        yield '}\n'
    l_1_event = missing
    yield '\n/** Every frame a client sends on /ws. */\nexport type ClientFrame =\n  | { type: "auth"; data: AuthData }\n  | { type: "conversation.subscribe"; data: SubscribeData }\n  | { type: "message.send"; data: SendData }\n  | { type: "generation.stop"; data: StopData }\n  | { type: "stream.resume"; data: ResumeData }\n  | { type: "message.regenerate"; data: RegenerateData }\n  | { type: "message.edit"; data: EditData };\n\n/** Every frame the app sends on /ws. */\nexport type ServerFrame =\n  | { type: "auth.ok"; data: AuthOkData }\n'
    for l_1_event in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'events'):
        _loop_vars = {}
        pass
        yield '  | { type: '
        yield str(t_3(context.eval_ctx, environment.getattr(l_1_event, 'name')))
        yield '; data: '
        yield str((environment.getattr(environment.getattr(environment.getattr(l_1_event, 'payload_model'), 'schema_names'), 'public') if environment.getattr(l_1_event, 'payload_model') else str_join((environment.getattr(l_1_event, 'class_name'), 'Data', ))))
        yield ' }\n'
    l_1_event = missing
    yield '  | { type: "error"; data: ErrorData };\n\n/** The type names of the server\'s frames. */\nexport type ServerFrameType = ServerFrame["type"];\n\n/** The `data` of the server frame `T`. */\nexport type ServerFrameData<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>["data"];\n'

blocks = {}
debug_info = '1=31&9=43&11=46&12=48&20=50&21=54&23=57&24=59&25=61&28=64&29=68&31=73&32=77&34=82&38=85&39=88&41=92&47=96&48=98&49=100&52=102&54=105&55=107&60=111&61=113&62=115&84=119&123=123&125=131&126=133&127=135&128=139&146=147&147=151'
