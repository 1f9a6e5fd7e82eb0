# Compiled by ssot_gen.precompiled from templates/.gitignore.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '.gitignore.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    pass
    yield '__pycache__/\n*.pyc\n.venv/\n.env\n.jwt-secret\n.jwt-secret.*\n*.db\n.pytest_cache/\n.ruff_cache/\n.ssot/cache.json\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield 'attachments/\n'

blocks = {}
debug_info = '11=13'
