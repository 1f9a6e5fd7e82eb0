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
        t_4 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    try:
        t_5 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_5(*unused):
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
        t_6 = []
        if l_1_items is missing:
            l_1_items = undefined("parameter 'items' was not provided", name='items')
        pass
        t_6.append(
            '[\n',
        )
        for l_2_f in l_1_items:
            _loop_vars = {}
            pass
            t_6.extend((
                '    { name: ',
                str(t_4(context.eval_ctx, environment.getattr(l_2_f, 'name'))),
                ', label: ',
                str(t_4(context.eval_ctx, environment.getattr(l_2_f, 'label'))),
                ', input: ',
                str(t_4(context.eval_ctx, environment.getattr(l_2_f, 'input_kind'))),
                ', type: ',
                str(t_4(context.eval_ctx, environment.getattr(l_2_f, 'type'))),
                ', js: ',
                str(t_4(context.eval_ctx, environment.getattr(l_2_f, 'js_type'))),
                ',\n      nullable: ',
                str(t_4(context.eval_ctx, environment.getattr(l_2_f, 'nullable'))),
                ', required: ',
                str(t_4(context.eval_ctx, environment.getattr(l_2_f, 'required_on_create'))),
                ', options: ',
                str(t_4(context.eval_ctx, t_3(context.eval_ctx, environment.getattr(l_2_f, 'enum_values')))),
                ', min: ',
                str(t_4(context.eval_ctx, environment.getattr(l_2_f, 'minimum'))),
                ', max: ',
                str(t_4(context.eval_ctx, environment.getattr(l_2_f, 'maximum'))),
                ', maxLength: ',
                str(t_4(context.eval_ctx, environment.getattr(l_2_f, 'max_length'))),
                ' },\n',
            ))
        l_2_f = missing
        t_6.append(
            '  ]',
        )
        return concat(t_6)
    context.exported_vars.add('fields')
    context.vars['fields'] = l_0_fields = Macro(environment, macro, 'fields', ('items',), False, False, False, context.eval_ctx.autoescape)
    yield "// The UI's bindings, rendered from the schema: components read names from here and stay generic.\n\nexport const title = "
    yield str(t_4(context.eval_ctx, environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'ui_title')))
    yield ';\nexport const storageKey = '
    yield str(t_4(context.eval_ctx, str_join((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'name'), '.token', ))))
    yield ';\n\n/** Component kind -> custom element tag (only the components the schema asks for). */\nexport const tags = {\n'
    for l_1_component in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'components'):
        _loop_vars = {}
        pass
        yield '  '
        yield str(environment.getattr(l_1_component, 'kind'))
        yield ': '
        yield str(t_4(context.eval_ctx, environment.getattr(l_1_component, 'tag')))
        yield ',\n'
    l_1_component = missing
    yield '};\n\nexport const auth = {\n  login: '
    yield str(t_4(context.eval_ctx, environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name')))
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
    yield ',\n};\n\n/**\n * The websocket. The token travels in the first frame (`auth`), never in the URL. The\n * server closes with `signInAgain` codes when the token is refused (1008), or expired or\n * revoked (4401): the page asks the user to sign in again, then reconnects.\n */\nexport const socket = {\n  path: "/ws",\n  signInAgain: [1008, 4401],\n};\n\n/** The conversation model: its REST collection and which field plays each chat role. */\nexport const conversation = {\n  url: '
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conversation'), 'url'))))
    yield ',\n  messagesPath: '
    yield str(t_2(('/' + environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'messages_list'), 'segment'))))
    yield ',\n  fields: {\n'
    for (l_1_key, l_1_value) in t_1(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'conv')):
        _loop_vars = {}
        pass
        yield '    '
        yield str(l_1_key)
        yield ': '
        yield str(t_4(context.eval_ctx, l_1_value))
        yield ',\n'
    l_1_key = l_1_value = missing
    yield '  },\n};\n\n/** The message model: its foreign key to the conversation, field bindings, stored values. */\nexport const message = {\n  conversationKey: '
    yield str(t_4(context.eval_ctx, environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'message_fk')))
    yield ',\n  fields: {\n'
    for (l_1_key, l_1_value) in t_1(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'msg')):
        _loop_vars = {}
        pass
        yield '    '
        yield str(l_1_key)
        yield ': '
        yield str(t_4(context.eval_ctx, l_1_value))
        yield ',\n'
    l_1_key = l_1_value = missing
    yield '  },\n  roles: {\n'
    for (l_1_key, l_1_value) in t_1(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'role_values')):
        _loop_vars = {}
        pass
        yield '    '
        yield str(l_1_key)
        yield ': '
        yield str(t_4(context.eval_ctx, l_1_value))
        yield ',\n'
    l_1_key = l_1_value = missing
    yield '  },\n  statuses: {\n'
    for (l_1_key, l_1_value) in t_1(environment.getattr((undefined(name='chat') if l_0_chat is missing else l_0_chat), 'status_values')):
        _loop_vars = {}
        pass
        yield '    '
        yield str(l_1_key)
        yield ': '
        yield str(t_4(context.eval_ctx, l_1_value))
        yield ',\n'
    l_1_key = l_1_value = missing
    yield '  },\n};\n\n/** Providers and their models; prices are USD per 1M tokens, as decimal strings. */\nexport const providers = [\n'
    for l_1_provider in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'):
        _loop_vars = {}
        pass
        yield '  {\n    name: '
        yield str(t_4(context.eval_ctx, environment.getattr(l_1_provider, 'name')))
        yield ',\n    label: '
        yield str(t_4(context.eval_ctx, environment.getattr(l_1_provider, 'label')))
        yield ',\n    defaultModel: '
        yield str(t_4(context.eval_ctx, environment.getattr(l_1_provider, 'default_model')))
        yield ',\n    models: [\n'
        for l_2_model in environment.getattr(l_1_provider, 'models'):
            _loop_vars = {}
            pass
            yield '      { name: '
            yield str(t_4(context.eval_ctx, environment.getattr(l_2_model, 'name')))
            yield ', input: '
            yield str(t_4(context.eval_ctx, environment.getattr(l_2_model, 'input')))
            yield ', output: '
            yield str(t_4(context.eval_ctx, environment.getattr(l_2_model, 'output')))
            yield ' },\n'
        l_2_model = missing
        yield '    ],\n  },\n'
    l_1_provider = missing
    yield '];\nexport const defaultProvider = '
    yield str(t_4(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'default_provider'), 'name')))
    yield ';\nexport const providersUrl = '
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/providers')))
    yield ";\n\n/**\n * Replace `providers` (in place) with what `GET /api/providers` answers: only the providers\n * that are configured on the server, with the prices in force today.\n */\nexport function useServerProviders(answer) {\n  const listed = answer.data.map((provider) => ({\n    name: provider.name,\n    label: provider.label,\n    defaultModel: provider.default_model,\n    models: provider.models.map((model) => ({\n      name: model.name,\n      input: model.price?.input ?? null,\n      output: model.price?.output ?? null,\n    })),\n  }));\n  providers.splice(0, providers.length, ...listed);\n}\n\n/** What the settings form edits: the one-per-user settings row, else the user's profile. */\n"
    if (not t_5((undefined(name='settings_model') if l_0_settings_model is missing else l_0_settings_model))):
        pass
        yield 'export const settings = {\n  title: '
        yield str(t_4(context.eval_ctx, environment.getattr((undefined(name='settings_model') if l_0_settings_model is missing else l_0_settings_model), 'title')))
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
    yield '\n/** The prices of `model` served by `provider`, or null. */\nexport function priceOf(provider, model) {\n  const found = providers.find((p) => p.name === provider);\n  return found?.models.find((m) => m.name === model) ?? null;\n}\n\n/** A labelled input for a field descriptor, showing `value`. */\nexport function fieldInput(field, value) {\n  const label = document.createElement("label");\n  let input;\n  if (field.input === "select") {\n    input = document.createElement("select");\n    if (field.nullable) input.append(new Option("", ""));\n    for (const option of field.options) input.append(new Option(option, option));\n  } else if (field.input === "textarea") {\n    input = document.createElement("textarea");\n  } else {\n    input = document.createElement("input");\n    input.type = field.input;\n    if (field.input === "number") input.step = field.type === "int" ? "1" : "any";\n    if (field.min !== null) input.min = String(field.min);\n    if (field.max !== null) input.max = String(field.max);\n  }\n  input.name = field.name;\n  if (field.maxLength) input.maxLength = field.maxLength;\n  if (field.minLength) input.minLength = field.minLength;\n  input.required = field.required && field.input !== "checkbox";\n  if (field.input === "checkbox") input.checked = Boolean(value);\n  else if (field.js === "object") input.value = value == null ? "" : JSON.stringify(value, null, 2);\n  else if (field.input === "datetime-local" && value) {\n    const at = new Date(value);\n    input.value = new Date(at.getTime() - at.getTimezoneOffset() * 60000).toISOString().slice(0, 16);\n  } else input.value = value ?? "";\n  label.append(field.label, input);\n  return label;\n}\n\n/** The JSON body of a form built with fieldInput; blank optional inputs are left out. */\nexport function readFields(fields, form) {\n  const body = {};\n  for (const field of fields) {\n    const input = form.elements.namedItem(field.name);\n    if (!input) continue;\n    if (field.input === "checkbox") {\n      body[field.name] = input.checked;\n      continue;\n    }\n    const raw = input.value;\n    if (raw === "") {\n      if (field.nullable) body[field.name] = null;\n      continue;\n    }\n    if (field.js === "number") body[field.name] = Number(raw);\n    else if (field.js === "object") body[field.name] = JSON.parse(raw);\n    else if (field.input === "datetime-local") body[field.name] = new Date(raw).toISOString();\n    else body[field.name] = raw;\n  }\n  return body;\n}\n'

blocks = {}
debug_info = '1=43&2=46&3=49&4=52&6=60&7=65&8=75&14=96&15=98&19=100&20=104&25=110&26=112&27=114&28=116&29=118&30=120&31=122&46=124&47=126&49=128&50=132&57=138&59=140&60=144&64=150&65=154&69=160&70=164&77=170&79=174&80=176&81=178&83=180&84=184&90=194&91=196&112=198&114=201&115=203&117=205&122=210&123=212&124=214'
