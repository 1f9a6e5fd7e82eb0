# Compiled by ssot_gen.precompiled from templates/app/api/main.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/api/main.py.jinja'

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
    pass
    yield '"""The API router: every route under ``'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield '``."""\n\nimport fastapi\n\nfrom app.api.routes import auth'
    for l_1_model in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'models'):
        _loop_vars = {}
        pass
        yield ', '
        yield str(environment.getattr(l_1_model, 'plural'))
    l_1_model = missing
    yield ', chat_sse, providers'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield ', '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'routes_module'))
    yield "\n\napi_router = fastapi.APIRouter()\napi_router.include_router(auth.router)\napi_router.include_router(providers.router)\napi_router.include_router(chat_sse.router)  # the AI SDK's useChat over SSE\n"
    for l_1_model in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'models'):
        _loop_vars = {}
        pass
        yield 'api_router.include_router('
        yield str(environment.getattr(l_1_model, 'plural'))
        yield '.router)\n'
    l_1_model = missing
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield 'api_router.include_router('
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'routes_module'))
        yield '.router)\n'
    yield '\nERRORS: dict[tuple[str, str], list[int]] = {\n    ("post", '
    yield str(t_1((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/login')))
    yield '): [401, 429],\n    ("post", '
    yield str(t_1((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/register')))
    yield '): [429],\n    ("post", '
    yield str(t_1((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/password')))
    yield '): [401, 403, 429],\n    ("post", '
    yield str(t_1((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/chat')))
    yield '): [404, 429],\n'
    if environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_changeable'):
        pass
        yield '    ("patch", '
        yield str(t_1(((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'url')) + '/{item_id}')))
        yield '): [403],\n'
    yield '}\n"""Error statuses of some operations that ``app.api.errors.document`` cannot see from the\noperation itself: a wrong password (401 at sign-in, 403 where the current password must be\ngiven: a password change, a change of the login field) and the rate limits (429, ``app.core.limits``) of\nthe operations that check a password (per client IP and login name) and of sign-up (per\nclient IP). Sending a chat message (per user) is limited on the websocket, outside OpenAPI."""\n'

blocks = {}
debug_info = '1=19&5=21&12=33&13=37&15=40&16=43&20=46&21=48&22=50&23=52&24=54&25=57'
