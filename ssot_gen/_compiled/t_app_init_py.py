# Compiled by ssot_gen.precompiled from templates/app/__init__.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/__init__.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['pydoc']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'pydoc' found.")
    pass
    yield '"""'
    yield str(t_1(((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'title') + ': ') + environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'description'))))
    yield '"""\n'

blocks = {}
debug_info = '1=19'
