# Compiled by ssot_gen.precompiled from templates/app/chat/catalog.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/chat/catalog.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['pyrepr']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'pyrepr' found.")
    pass
    yield '"""The schema\'s providers and model prices (USD per 1 million tokens), as data."""\n\nfrom decimal import Decimal\n\nfrom app.chat.pricing import Price\n\nPROVIDER_KINDS: dict[str, str] = {\n'
    for l_1_provider in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(t_1(environment.getattr(l_1_provider, 'name')))
        yield ': '
        yield str(t_1(environment.getattr(l_1_provider, 'kind')))
        yield ',\n'
    l_1_provider = missing
    yield '}\n\nPRICES: dict[tuple[str, str], Price] = {\n'
    for l_1_provider in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'):
        _loop_vars = {}
        pass
        for l_2_model in environment.getattr(l_1_provider, 'models'):
            _loop_vars = {}
            pass
            yield '    ('
            yield str(t_1(environment.getattr(l_1_provider, 'name')))
            yield ', '
            yield str(t_1(environment.getattr(l_2_model, 'name')))
            yield '): Price(\n        Decimal('
            yield str(t_1(environment.getattr(l_2_model, 'input')))
            yield '),\n        Decimal('
            yield str(t_1(environment.getattr(l_2_model, 'output')))
            yield '),\n        '
            yield str(environment.getattr(l_2_model, 'cached_input_expr'))
            yield ',\n        '
            yield str(environment.getattr(l_2_model, 'context_window'))
            yield ',\n    ),\n'
        l_2_model = missing
    l_1_provider = missing
    yield '}\n'

blocks = {}
debug_info = '8=19&9=23&14=29&15=32&16=36&17=40&18=42&19=44&20=46'
