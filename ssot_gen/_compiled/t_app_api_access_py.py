# Compiled by ssot_gen.precompiled from templates/app/api/access.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/api/access.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    try:
        t_2 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    try:
        t_3 = environment.filters['pydoc']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'pydoc' found.")
    pass
    yield '"""Row-level access: which rows each user may see, and lookups that answer 404 otherwise.\n\nA row of a private model belongs to one user (directly, or through its parent); another\nuser\'s row is indistinguishable from a missing one (404).\n"""\n\nimport typing as t\nfrom uuid import UUID\n\nimport fastapi\nimport sqlalchemy as sa\nfrom sqlalchemy.ext import asyncio as sa_asyncio\n\nfrom app.models import '
    l_1_loop = missing
    for l_1_model, l_1_loop in LoopContext(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'models'), undefined):
        _loop_vars = {}
        pass
        yield str(environment.getattr(l_1_model, 'name'))
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 14 in 'app/api/access.py.jinja' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_model = missing
    yield '\n'
    for l_1_model in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'models'):
        _loop_vars = {}
        pass
        yield '\n\ndef scope_'
        yield str(environment.getattr(l_1_model, 'snake'))
        yield '(statement: sa.Select[t.Any], current_user: '
        yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'name'))
        yield ') -> sa.Select[t.Any]:\n'
        if environment.getattr(l_1_model, 'private'):
            pass
            yield '    """Limit ``statement`` to '
            yield str(t_3(t_1(environment.getattr(l_1_model, 'title'))))
            yield ' rows of ``current_user``."""\n'
            for l_2_join in environment.getattr(l_1_model, 'scope_joins'):
                _loop_vars = {}
                pass
                yield '    statement = statement.join('
                yield str(environment.getattr(l_2_join, 'target'))
                yield ', '
                yield str(environment.getattr(l_2_join, 'on'))
                yield ')\n'
            l_2_join = missing
            yield '    return statement.where('
            yield str(environment.getattr(l_1_model, 'scope_where'))
            yield ')\n'
        else:
            pass
            yield '    """'
            yield str(t_3(environment.getattr(l_1_model, 'title')))
            yield ' rows are shared by every signed-in user."""\n    del current_user\n    return statement\n'
        yield '\n\nasync def get_'
        yield str(environment.getattr(l_1_model, 'snake'))
        yield '(\n    session: sa_asyncio.AsyncSession, item_id: UUID, current_user: '
        yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'name'))
        yield '\n) -> '
        yield str(environment.getattr(l_1_model, 'name'))
        yield ':\n    """The '
        yield str(t_3(t_1(environment.getattr(l_1_model, 'title'))))
        yield ' ``item_id`` if ``current_user`` may see it; else 404."""\n    statement = scope_'
        yield str(environment.getattr(l_1_model, 'snake'))
        yield '(sa.select('
        yield str(environment.getattr(l_1_model, 'name'))
        yield ').where('
        yield str(environment.getattr(l_1_model, 'name'))
        yield '.id == item_id), current_user)\n    row = (await session.execute(statement)).scalar_one_or_none()\n    if row is None:\n        raise fastapi.HTTPException(fastapi.status.HTTP_404_NOT_FOUND, '
        yield str(t_2((environment.getattr(l_1_model, 'title') + ' not found')))
        yield ')\n    return row\n'
    l_1_model = missing
    yield '\n\nasync def check_reference(\n    session: sa_asyncio.AsyncSession, statement: sa.Select[t.Any], field: str\n) -> None:\n    """422 unless ``statement`` (a scoped select of the referenced id) finds a row."""\n    if (await session.execute(statement)).first() is None:\n        raise fastapi.HTTPException(422, f"{field}: not found")\n'

blocks = {}
debug_info = '14=32&16=39&19=43&20=47&21=50&22=52&23=56&25=62&27=67&33=70&34=72&35=74&36=76&37=78&40=84'
