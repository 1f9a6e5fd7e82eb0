# Compiled by ssot_gen.precompiled from templates/app/models.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/models.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_A = resolve('A')
    try:
        t_1 = environment.filters['kwargs']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'kwargs' found.")
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
    yield '"""SQLAlchemy 2.0 models. Constraint names follow ``NAMING_CONVENTION`` so Alembic can alter them."""\n\nimport datetime as dt\n'
    if context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'uses_type'), 'decimal'):
        pass
        yield 'import decimal\n'
    yield 'import typing as t\nfrom uuid import UUID, uuid4\n\nimport sqlalchemy as sa\nfrom sqlalchemy import orm\n\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'has_enums'):
        pass
        yield 'from app.enums import '
        l_1_loop = missing
        for l_1_enum, l_1_loop in LoopContext(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'enums'), undefined):
            _loop_vars = {}
            pass
            yield str(environment.getattr(l_1_enum, 'name'))
            yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 14 in 'app/models.py.jinja' evaluated to false and no else section was defined.")))
        l_1_loop = l_1_enum = missing
        yield '\n'
    yield '\nNAMING_CONVENTION = {\n    "ix": "ix_%(column_0_label)s",\n    "uq": "uq_%(table_name)s_%(column_0_name)s",\n    "ck": "ck_%(table_name)s_%(constraint_name)s",\n    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",\n    "pk": "pk_%(table_name)s",\n}\n\n\nclass Base(orm.DeclarativeBase):\n    """Base of every model: a UUID primary key first in each table."""\n\n    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)\n    # an INSERT or UPDATE fetches the values the database generates (RETURNING) in the same\n    # statement: a row just written is complete without a refresh\n    __mapper_args__: t.Any = {"eager_defaults": True}  # noqa: RUF012 (declared by SQLAlchemy)\n\n    id: orm.Mapped[UUID] = orm.mapped_column(sa.Uuid(), primary_key=True, default=uuid4, sort_order=-1)\n\n\nclass Timestamps:\n    """``created_at`` and ``updated_at``, timezone-aware, set by the application and the database."""\n\n    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(\n        sa.DateTime(timezone=True),\n        default=lambda: dt.datetime.now(dt.UTC),\n        server_default=sa.text("CURRENT_TIMESTAMP"),\n        sort_order=1,\n    )\n    updated_at: orm.Mapped[dt.datetime] = orm.mapped_column(\n        sa.DateTime(timezone=True),\n        default=lambda: dt.datetime.now(dt.UTC),\n        onupdate=lambda: dt.datetime.now(dt.UTC),\n        server_default=sa.text("CURRENT_TIMESTAMP"),\n        sort_order=1,\n    )\n'
    for l_1_model in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'models'):
        _loop_vars = {}
        pass
        yield '\n\nclass '
        yield str(environment.getattr(l_1_model, 'name'))
        yield '('
        yield str(('Timestamps, ' if environment.getattr(l_1_model, 'timestamps') else cond_expr_undefined("the inline if-expression on line 57 in 'app/models.py.jinja' evaluated to false and no else section was defined.")))
        yield 'Base):\n    """'
        yield str(t_3((environment.getattr(l_1_model, 'description') or (environment.getattr(l_1_model, 'title') + '.'))))
        yield '"""\n\n    __tablename__ = '
        yield str(t_2(environment.getattr(l_1_model, 'table')))
        yield '\n'
        if environment.getattr(l_1_model, 'checks'):
            pass
            yield '    __table_args__ = (\n'
            for (l_2_name, l_2_condition) in environment.getattr(l_1_model, 'checks'):
                _loop_vars = {}
                pass
                yield '        sa.CheckConstraint('
                yield str(t_2(l_2_condition))
                yield ', name='
                yield str(t_2(l_2_name))
                yield '),\n'
            l_2_name = l_2_condition = missing
            yield '    )\n'
        yield '\n'
        for l_2_rel in environment.getattr(l_1_model, 'belongs_to'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_2_rel, 'column'))
            yield ': orm.Mapped['
            yield str(environment.getattr(l_2_rel, 'annotation'))
            yield '] = orm.mapped_column(\n        sa.ForeignKey('
            yield str(t_2((environment.getattr(context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'model'), environment.getattr(l_2_rel, 'target'), _loop_vars=_loop_vars), 'table') + '.id')))
            yield ', ondelete='
            yield str(t_2(environment.getattr(l_2_rel, 'on_delete')))
            yield '),\n        index=True'
            yield str((', unique=True' if environment.getattr(l_2_rel, 'unique') else cond_expr_undefined("the inline if-expression on line 72 in 'app/models.py.jinja' evaluated to false and no else section was defined.")))
            yield ',\n    )\n'
        l_2_rel = missing
        for l_2_field in environment.getattr(l_1_model, 'fields'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_2_field, 'name'))
            yield ': orm.Mapped['
            yield str(environment.getattr(l_2_field, 'annotation'))
            yield '] = orm.mapped_column('
            yield str(environment.getattr(l_2_field, 'sa_type'))
            if environment.getattr(l_2_field, 'column_kwargs'):
                pass
                yield ', '
                yield str(t_1(environment.getattr(l_2_field, 'column_kwargs')))
            yield ')\n'
        l_2_field = missing
        if environment.getattr(l_1_model, 'is_user'):
            pass
            yield '    hashed_password: orm.Mapped[str] = orm.mapped_column(sa.String(255))\n    # bumped by logout and by a change of password or login: older tokens are refused\n    token_version: orm.Mapped[int] = orm.mapped_column(sa.Integer(), default=0, server_default="0")\n'
        if (environment.getattr(l_1_model, 'name') == environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'message'), 'name')):
            pass
            yield "    # the streaming engine's lease: the process producing a reply still ``streaming``, and until\n    # when; another process may mark the reply interrupted only once the lease has expired\n    lease_owner: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))\n    lease_expires_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))\n"
        if (environment.getattr(l_1_model, 'name') == environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'conversation'), 'name')):
            pass
            yield '    # the last message of the branch the user follows (regenerate and edit make siblings);\n    # no foreign key (the message table points here already): a dangling id means the newest\n    active_leaf_id: orm.Mapped[UUID | None] = orm.mapped_column(sa.Uuid())\n'
        for l_2_rel in environment.getattr(l_1_model, 'relations'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_2_rel, 'name'))
            yield ': orm.Mapped['
            yield str(environment.getattr(l_2_rel, 'orm_annotation'))
            yield '] = orm.relationship(\n'
            if environment.getattr(l_2_rel, 'back_populates'):
                pass
                yield '        back_populates='
                yield str(t_2(environment.getattr(l_2_rel, 'back_populates')))
                yield ',\n'
            yield '        foreign_keys='
            yield str(environment.getattr(l_2_rel, 'foreign_keys'))
            yield ',\n'
            if ((environment.getattr(l_2_rel, 'kind') == 'belongs_to') and environment.getattr(l_2_rel, 'self_referential')):
                pass
                yield '        remote_side='
                yield str(t_2((environment.getattr(l_1_model, 'name') + '.id')))
                yield ',\n'
            if (environment.getattr(l_2_rel, 'kind') != 'belongs_to'):
                pass
                yield '        passive_deletes=True,\n'
            yield '        lazy="raise",\n    )\n'
        l_2_rel = missing
    l_1_model = missing
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        l_0_A = environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments')
        context.vars['A'] = l_0_A
        context.exported_vars.add('A')
        yield '\n\nclass '
        yield str(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'model'))
        yield '(Base):\n    """An image a user uploaded (``'
        yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
        yield str(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'url'))
        yield '``); ``message_id`` is set once a message sends it."""\n\n    __tablename__ = '
        yield str(t_2(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'table')))
        yield '\n\n    owner_id: orm.Mapped[UUID] = orm.mapped_column(\n        sa.ForeignKey('
        yield str(t_2((environment.getattr(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'user'), 'table') + '.id')))
        yield ', ondelete="CASCADE"), index=True\n    )\n    message_id: orm.Mapped[UUID | None] = orm.mapped_column(\n        sa.ForeignKey('
        yield str(t_2((environment.getattr(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'message'), 'table') + '.id')))
        yield ', ondelete="CASCADE"), index=True\n    )\n    media_type: orm.Mapped[str] = orm.mapped_column(sa.String(32))\n    size_bytes: orm.Mapped[int] = orm.mapped_column(sa.Integer())\n    storage_key: orm.Mapped[str] = orm.mapped_column(sa.String(64), unique=True)\n    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(\n        sa.DateTime(timezone=True),\n        default=lambda: dt.datetime.now(dt.UTC),\n        server_default=sa.text("CURRENT_TIMESTAMP"),\n    )\n    # read-only both ways: the chat links rows with an UPDATE; ``'
        yield str(environment.getattr(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'message'), 'name'))
        yield '.'
        yield str(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'attribute'))
        yield '``\n    # is loaded with each message (its public shape lists them)\n    message: orm.Mapped['
        yield str(environment.getattr(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'message'), 'name'))
        yield ' | None] = orm.relationship(\n        foreign_keys=[message_id],\n        viewonly=True,\n        lazy="raise",\n        backref=orm.backref(\n            '
        yield str(t_2(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'attribute')))
        yield ',\n            viewonly=True,\n            lazy="selectin",\n            order_by=lambda: ('
        yield str(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'model'))
        yield '.created_at, '
        yield str(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'model'))
        yield '.id),\n        ),\n    )\n'

blocks = {}
debug_info = '4=32&13=36&14=40&54=48&57=52&58=56&60=58&61=60&63=63&64=67&69=74&70=78&71=82&72=86&75=89&76=93&78=104&83=107&89=110&94=113&95=117&96=121&97=124&99=127&100=129&101=132&103=134&110=140&111=142&114=146&115=148&117=151&120=153&123=155&133=157&135=161&140=163&143=165'
