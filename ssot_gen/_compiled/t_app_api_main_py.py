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
    yield ', providers'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield ', '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'routes_module'))
    yield '\n\napi_router = fastapi.APIRouter()\napi_router.include_router(auth.router)\napi_router.include_router(providers.router)\n'
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

blocks = {}
debug_info = '1=13&5=15&11=27&12=31&14=34&15=37'
