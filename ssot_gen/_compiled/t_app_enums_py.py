# Compiled by ssot_gen.precompiled from templates/app/enums.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/enums.py.jinja'

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
    try:
        t_2 = environment.filters['pydoc']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'pydoc' found.")
    pass
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'has_enums'):
        pass
        yield '"""Enumerations of the schema; stored as their string values."""\n\nimport enum\n'
        for l_1_enum in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'enums'):
            _loop_vars = {}
            pass
            yield '\n\nclass '
            yield str(environment.getattr(l_1_enum, 'name'))
            yield '(enum.StrEnum):\n    """'
            yield str(t_2((environment.getattr(l_1_enum, 'description') or (environment.getattr(l_1_enum, 'name') + ' values.'))))
            yield '"""\n\n'
            for l_2_value in environment.getattr(l_1_enum, 'values'):
                _loop_vars = {}
                pass
                yield '    '
                yield str(environment.getattr(l_2_value, 'member'))
                yield ' = '
                yield str(t_1(environment.getattr(l_2_value, 'value')))
                yield '\n'
            l_2_value = missing
        l_1_enum = missing

blocks = {}
debug_info = '1=24&5=27&8=31&9=33&11=35&12=39'
