# Compiled by ssot_gen.precompiled from templates/app/static/config.js.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/config.js.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_chat = l_0_user = l_0_settings_model = l_0_fields = missing
    try:
        t_1 = environment.filters['dictsort']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'dictsort' found.")
    try:
        t_2 = environment.filters['js']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'js' found.")
    try:
        t_3 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_4 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_5 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    try:
        t_6 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_chat = environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat')
    context.vars['chat'] = l_0_chat
    context.exported_vars.add('chat')
    l_0_user = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user')
    context.vars['user'] = l_0_user
    context.exported_vars.add('user')
    l_0_settings_model = environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'settings_model')
    context.vars['settings_model'] = l_0_settings_model
    context.exported_vars.add('settings_model')
    def macro(l_1_items):
        t_7 = []
        if l_1_items is missing:
            l_1_items = undefined("parameter 'items' was not provided", name='items')
        pass
        t_7.append(
            '[\n',
        )
        for l_2_f in l_1_items:
            _loop_vars = {}
            pass
            t_7.extend((
                '    { name: ',
                str(t_5(context.eval_ctx, environment.getattr(l_2_f, 'name'))),
                ', label: ',
                str(t_5(context.eval_ctx, environment.getattr(l_2_f, 'label'))),
                ', input: ',
                str(t_5(context.eval_ctx, environment.getattr(l_2_f, 'input_kind'))),
                ', type: ',
                str(t_5(context.eval_ctx, environment.getattr(l_2_f, 'type'))),
                ', js: ',
                str(t_5(context.eval_ctx, environment.getattr(l_2_f, 'js_type'))),
                ',\n      nullable: ',
                str(t_5(context.eval_ctx, environment.getattr(l_2_f, 'nullable'))),
                ', required: ',
                str(t_5(context.eval_ctx, environment.getattr(l_2_f, 'required_on_create'))),
                ', options: ',
                str(t_5(context.eval_ctx, t_3(context.eval_ctx, environment.getattr(l_2_f, 'enum_values')))),
                ', min: ',
                str(t_5(context.eval_ctx, environment.getattr(l_2_f, 'minimum'))),
                ', max: ',
                str(t_5(context.eval_ctx, environment.getattr(l_2_f, 'maximum'))),
                ', maxLength: ',
                str(t_5(context.eval_ctx, environment.getattr(l_2_f, 'max_length'))),
                ' },\n',
            ))
        l_2_f = missing
        t_7.append(
            '  ]',
        )
        return concat(t_7)
    context.exported_vars.add('fields')
    context.vars['fields'] = l_0_fields = Macro(environment, macro, 'fields', ('items',), False, False, False, context.eval_ctx.autoescape)
    yield "// The UI's bindings, rendered from the schema: components read names from here and stay generic.\n\nexport const title = "
    yield str(t_5(context.eval_ctx, environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'ui_title')))
    yield ';\nexport const storageKey = '
    yield str(t_5(context.eval_ctx, str_join((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'name'), '.token', ))))
    yield ';\n\n/** Component kind -> custom element tag (only the components the schema asks for). */\nexport const tags = {\n'
    for l_1_component in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'components'):
        _loop_vars = {}
        pass
        yield '  '
        yield str(environment.getattr(l_1_component, 'kind'))
        yield ': '
        yield str(t_5(context.eval_ctx, environment.getattr(l_1_component, 'tag')))
        yield ',\n'
    l_1_component = missing
    yield '};\n\nexport const auth = {\n  login: '
    yield str(t_5(context.eval_ctx, environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name')))
    yield ',\n  registerUrl: '
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/register')))
    yield ',\n  loginUrl: '
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/login')))
    yield ',\n  meUrl: '
    yield str(t_2(((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr((undefined(name='user') if l_0_user is missing else l_0_user), 'url')) + '/me')))
    yield ',\n  passwordMinLength: '
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'password_min_length'))
    yield ',\n  loginFields: '
    yield str(context.call((undefined(name='fields') if l_0_fields is missing else l_0_fields), [environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field')]))
    yield ',\n  registerFields: '
    yield str(context.call((undefined(name='fields') if l_0_fields is missing else l_0_fields), environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'register_fields')))
    yield ',\n};\n\n/**\n * The websocket. The token travels in the first frame (`auth`), never in the URL. The\n * server closes with `signInAgain` codes when the token is refused (1008), or expired or\n * revoked (4401): the page asks the user to sign in again, then reconnects.\n */\nexport const socket = {\n  path: "/ws",\n  signInAgain: [1008, 4401],\n};\n\n/** The conversation model: its REST collection and which field plays each chat role. */\nexport const conversation = {\n  label: '
    yield str(t_5(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conversation'), 'title')))
    yield ',\n  url: '
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conversation'), 'url'))))
    yield ',\n  messagesPath: '
    yield str(t_2(('/' + environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'messages_list'), 'segment'))))
    yield ',\n  branchPath: "/branch",\n  /** The conversation\'s own controls (system prompt, temperature) when the schema binds them. */\n  controls: '
    yield str(context.call((undefined(name='fields') if l_0_fields is missing else l_0_fields), t_3(context.eval_ctx, t_4(context, environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conversation'), 'fields'), 'name', 'in', [context.call(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv'), 'get'), 'system_prompt'), context.call(environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv'), 'get'), 'temperature')]))))
    yield ',\n  fields: {\n'
    for (l_1_key, l_1_value) in t_1(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv')):
        _loop_vars = {}
        pass
        yield '    '
        yield str(l_1_key)
        yield ': '
        yield str(t_5(context.eval_ctx, l_1_value))
        yield ',\n'
    l_1_key = l_1_value = missing
    yield '  },\n};\n\n/** The message model: its foreign key to the conversation, field bindings, stored values. */\nexport const message = {\n  conversationKey: '
    yield str(t_5(context.eval_ctx, environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk')))
    yield ',\n  parentKey: '
    yield str(t_5(context.eval_ctx, environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'parent_column')))
    yield ',\n  fields: {\n'
    for (l_1_key, l_1_value) in t_1(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'msg')):
        _loop_vars = {}
        pass
        yield '    '
        yield str(l_1_key)
        yield ': '
        yield str(t_5(context.eval_ctx, l_1_value))
        yield ',\n'
    l_1_key = l_1_value = missing
    yield '  },\n  roles: {\n'
    for (l_1_key, l_1_value) in t_1(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'role_values')):
        _loop_vars = {}
        pass
        yield '    '
        yield str(l_1_key)
        yield ': '
        yield str(t_5(context.eval_ctx, l_1_value))
        yield ',\n'
    l_1_key = l_1_value = missing
    yield '  },\n  statuses: {\n'
    for (l_1_key, l_1_value) in t_1(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values')):
        _loop_vars = {}
        pass
        yield '    '
        yield str(l_1_key)
        yield ': '
        yield str(t_5(context.eval_ctx, l_1_value))
        yield ',\n'
    l_1_key = l_1_value = missing
    yield '  },\n};\n\n/** Image attachments (null: the schema has none): the upload URL, the accepted types, the\n * largest image (bytes) and the most images on one message. */\nexport const imageAttachments = '
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield '{\n  url: '
        yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'url'))))
        yield ',\n  attribute: '
        yield str(t_5(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'attribute')))
        yield ',\n  types: '
        yield str(t_5(context.eval_ctx, t_3(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'types'))))
        yield ',\n  maxBytes: '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'max_bytes'))
        yield ',\n  maxCount: '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'max_count'))
        yield ',\n}'
    else:
        pass
        yield 'null'
    yield ';\n\n/** Providers and their models; prices are USD per 1M tokens, as decimal strings. */\nexport const providers = [\n'
    for l_1_provider in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'):
        _loop_vars = {}
        pass
        yield '  {\n    name: '
        yield str(t_5(context.eval_ctx, environment.getattr(l_1_provider, 'name')))
        yield ',\n    label: '
        yield str(t_5(context.eval_ctx, environment.getattr(l_1_provider, 'label')))
        yield ',\n    defaultModel: '
        yield str(t_5(context.eval_ctx, environment.getattr(l_1_provider, 'default_model')))
        yield ',\n    models: [\n'
        for l_2_model in environment.getattr(l_1_provider, 'models'):
            _loop_vars = {}
            pass
            yield '      { name: '
            yield str(t_5(context.eval_ctx, environment.getattr(l_2_model, 'name')))
            yield ', input: '
            yield str(t_5(context.eval_ctx, environment.getattr(l_2_model, 'input')))
            yield ', output: '
            yield str(t_5(context.eval_ctx, environment.getattr(l_2_model, 'output')))
            yield ' },\n'
        l_2_model = missing
        yield '    ],\n  },\n'
    l_1_provider = missing
    yield '];\nexport const defaultProvider = '
    yield str(t_5(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'default_provider'), 'name')))
    yield ';\nexport const providersUrl = '
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/providers')))
    yield ";\n\n/**\n * Replace `providers` (in place) with what `GET /api/providers` answers: only the providers\n * that are configured on the server, with the prices in force today.\n */\nexport function useServerProviders(answer) {\n  const listed = answer.data.map((provider) => ({\n    name: provider.name,\n    label: provider.label,\n    defaultModel: provider.default_model,\n    models: provider.models.map((model) => ({\n      name: model.name,\n      input: model.price?.input ?? null,\n      output: model.price?.output ?? null,\n      images: Boolean(model.images),\n    })),\n  }));\n  providers.splice(0, providers.length, ...listed);\n}\n\n/** What the settings form edits: the one-per-user settings row, else the user's profile. */\n"
    if (not t_6((undefined(name='settings_model') if l_0_settings_model is missing else l_0_settings_model))):
        pass
        yield 'export const settings = {\n  title: '
        yield str(t_5(context.eval_ctx, environment.getattr((undefined(name='settings_model') if l_0_settings_model is missing else l_0_settings_model), 'title')))
        yield ',\n  url: '
        yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr((undefined(name='settings_model') if l_0_settings_model is missing else l_0_settings_model), 'url'))))
        yield ',\n  meUrl: null,\n  fields: '
        yield str(context.call((undefined(name='fields') if l_0_fields is missing else l_0_fields), environment.getattr((undefined(name='settings_model') if l_0_settings_model is missing else l_0_settings_model), 'writable_fields')))
        yield ',\n};\n'
    else:
        pass
        yield 'export const settings = {\n  title: "Profile",\n  url: '
        yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr((undefined(name='user') if l_0_user is missing else l_0_user), 'url'))))
        yield ',\n  meUrl: '
        yield str(t_2(((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr((undefined(name='user') if l_0_user is missing else l_0_user), 'url')) + '/me')))
        yield ',\n  fields: '
        yield str(context.call((undefined(name='fields') if l_0_fields is missing else l_0_fields), environment.getattr((undefined(name='user') if l_0_user is missing else l_0_user), 'writable_fields')))
        yield ',\n};\n'
    yield '\n/**\n * Display preferences, applied to the whole page at once (app.js `applyDisplay`): the current\n * values, and which field of the settings row holds each (only those the schema has; the\n * others keep these defaults).\n */\nexport const display = {\n  theme: "system",\n  fontSize: null,\n  showTokens: true,\n  showCost: true,\n  streaming: true,\n  markdown: true,\n  codeHighlight: true,\n};\nexport const displayFields = {\n'
    def t_8(fiter):
        for (l_1_role, l_1_name) in fiter:
            if (l_1_role not in ('provider', 'model')):
                yield (l_1_role, l_1_name)
    for (l_1_role, l_1_name) in t_8(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'ui_settings'))):
        _loop_vars = {}
        pass
        yield '  '
        yield str(environment.getitem({'theme': 'theme', 'font_size': 'fontSize', 'show_tokens': 'showTokens', 'show_cost': 'showCost', 'streaming': 'streaming', 'markdown': 'markdown', 'code_highlight': 'codeHighlight'}, l_1_role))
        yield ': '
        yield str(t_5(context.eval_ctx, l_1_name))
        yield ',\n'
    l_1_role = l_1_name = missing
    yield '};\n/** The settings fields that choose a provider and a model (edited with selects), or null. */\nexport const settingsChoices = {\n  provider: '
    yield str(t_5(context.eval_ctx, context.call(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'ui_settings'), 'get'), 'provider')))
    yield ',\n  model: '
    yield str(t_5(context.eval_ctx, context.call(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'ui_settings'), 'get'), 'model')))
    yield ',\n};\n\n/** A price in USD as the page writes it ("$2.50", "$0.075": 2 to 4 decimals). */\nexport const usd = new Intl.NumberFormat("en-US", {\n  style: "currency",\n  currency: "USD",\n  minimumFractionDigits: 2,\n  maximumFractionDigits: 4,\n});\n\n/** The prices of `model` served by `provider`, or null. */\nexport function priceOf(provider, model) {\n  const found = providers.find((p) => p.name === provider);\n  return found?.models.find((m) => m.name === model) ?? null;\n}\n\n/** A labelled input for a field descriptor, showing `value`. */\nexport function fieldInput(field, value) {\n  const label = document.createElement("label");\n  let input;\n  if (field.input === "select") {\n    input = document.createElement("select");\n    if (field.nullable) input.append(new Option("", ""));\n    for (const option of field.options) input.append(new Option(option, option));\n  } else if (field.input === "textarea") {\n    input = document.createElement("textarea");\n  } else {\n    input = document.createElement("input");\n    input.type = field.input;\n    if (field.input === "number") input.step = field.type === "int" ? "1" : "any";\n    if (field.min !== null) input.min = String(field.min);\n    if (field.max !== null) input.max = String(field.max);\n  }\n  input.name = field.name;\n  if (field.maxLength) input.maxLength = field.maxLength;\n  if (field.minLength) input.minLength = field.minLength;\n  input.required = field.required && field.input !== "checkbox";\n  if (field.input === "checkbox") input.checked = Boolean(value);\n  else if (field.js === "object") input.value = value == null ? "" : JSON.stringify(value, null, 2);\n  else if (field.input === "datetime-local" && value) {\n    const at = new Date(value);\n    input.value = new Date(at.getTime() - at.getTimezoneOffset() * 60000).toISOString().slice(0, 16);\n  } else input.value = value ?? "";\n  label.append(field.label, input);\n  return label;\n}\n\n/** The JSON body of a form built with fieldInput; blank optional inputs are left out. */\nexport function readFields(fields, form) {\n  const body = {};\n  for (const field of fields) {\n    const input = form.elements.namedItem(field.name);\n    if (!input) continue;\n    if (field.input === "checkbox") {\n      body[field.name] = input.checked;\n      continue;\n    }\n    const raw = input.value;\n    if (raw === "") {\n      if (field.nullable) body[field.name] = null;\n      continue;\n    }\n    if (field.js === "number") body[field.name] = Number(raw);\n    else if (field.js === "object") body[field.name] = JSON.parse(raw);\n    else if (field.input === "datetime-local") body[field.name] = new Date(raw).toISOString();\n    else body[field.name] = raw;\n  }\n  return body;\n}\n'

blocks = {}
debug_info = '1=49&2=52&3=55&4=58&6=66&7=71&8=81&14=102&15=104&19=106&20=110&25=116&26=118&27=120&28=122&29=124&30=126&31=128&46=130&47=132&48=134&51=136&53=138&54=142&61=148&62=150&64=152&65=156&69=162&70=166&74=172&75=176&82=182&83=185&84=187&85=189&86=191&87=193&92=199&94=203&95=205&96=207&98=209&99=213&105=223&106=225&128=227&130=230&131=232&133=234&138=239&139=241&140=243&159=246&160=254&165=260&166=262'
