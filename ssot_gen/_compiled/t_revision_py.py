# Compiled by ssot_gen.precompiled from templates/_revision.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_revision.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_message = resolve('message')
    l_0_revision = resolve('revision')
    l_0_down_revision = resolve('down_revision')
    l_0_operations = resolve('operations')
    l_0_helpers = resolve('helpers')
    l_0_upgrade = resolve('upgrade')
    l_0_downgrade = resolve('downgrade')
    try:
        t_1 = environment.filters['pydoc']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'pydoc' found.")
    pass
    yield '"""'
    yield str(t_1((undefined(name='message') if l_0_message is missing else l_0_message)))
    yield '\n\nRevision ID: '
    yield str((undefined(name='revision') if l_0_revision is missing else l_0_revision))
    yield '\nRevises: '
    yield str(((undefined(name='down_revision') if l_0_down_revision is missing else l_0_down_revision) or ''))
    yield '\n'
    if (undefined(name='operations') if l_0_operations is missing else l_0_operations):
        pass
        yield 'Operations:\n'
        for l_1_operation in (undefined(name='operations') if l_0_operations is missing else l_0_operations):
            _loop_vars = {}
            pass
            yield '  - '
            yield str(t_1(l_1_operation))
            yield '\n'
        l_1_operation = missing
    yield '"""\n\nfrom collections.abc import Sequence\n\nimport sqlalchemy as sa\nfrom alembic import op\n\nrevision: str = "'
    yield str((undefined(name='revision') if l_0_revision is missing else l_0_revision))
    yield '"\ndown_revision: str | None = '
    yield str(((('"' + (undefined(name='down_revision') if l_0_down_revision is missing else l_0_down_revision)) + '"') if (undefined(name='down_revision') if l_0_down_revision is missing else l_0_down_revision) else 'None'))
    yield '\nbranch_labels: str | Sequence[str] | None = None\ndepends_on: str | Sequence[str] | None = None\n'
    if (undefined(name='down_revision') if l_0_down_revision is missing else l_0_down_revision):
        pass
        yield '\nLOCK_TIMEOUT = "5s"  # PostgreSQL: give up rather than queue behind a long transaction\n\n\ndef _lock_timeout() -> None:\n    """On PostgreSQL, wait at most LOCK_TIMEOUT for each lock (the revision fails instead of\n    blocking every query on the table)."""\n    if op.get_context().dialect.name == "postgresql":\n        op.execute(f"SET LOCAL lock_timeout = \'{LOCK_TIMEOUT}\'")\n'
    if ('require_no_rows' in (undefined(name='helpers') if l_0_helpers is missing else l_0_helpers)):
        pass
        yield '\n\ndef _require_no_rows(count_sql: str, problem: str) -> None:\n    """Fail before changing anything when ``count_sql`` counts rows this revision cannot\n    migrate (RuntimeError: "<count> <problem>"). Skipped when emitting SQL offline."""\n    if op.get_context().as_sql:\n        return\n    count = op.get_bind().execute(sa.text(count_sql)).scalar_one()\n    if count:\n        raise RuntimeError(f"{count} {\'row\' if count == 1 else \'rows\'} {problem}")\n'
    if ('create_index' in (undefined(name='helpers') if l_0_helpers is missing else l_0_helpers)):
        pass
        yield '\n\ndef _create_index(name: str, table: str, columns: list[str], *, unique: bool) -> None:\n    """An index on a table that holds rows: built CONCURRENTLY on PostgreSQL (outside the\n    revision\'s transaction, so writes go on meanwhile)."""\n    if op.get_context().dialect.name == "postgresql":\n        with op.get_context().autocommit_block():\n            op.create_index(\n                op.f(name),\n                table,\n                columns,\n                unique=unique,\n                postgresql_concurrently=True,\n                if_not_exists=True,\n            )\n    else:\n        with op.batch_alter_table(table) as batch_op:\n            batch_op.create_index(op.f(name), columns, unique=unique)\n'
    if ('add_check' in (undefined(name='helpers') if l_0_helpers is missing else l_0_helpers)):
        pass
        yield '\n\ndef _add_check(name: str, table: str, condition: str) -> None:\n    """A CHECK constraint on a table that holds rows: on PostgreSQL added NOT VALID, then\n    validated (existing rows are checked without blocking writes)."""\n    if op.get_context().dialect.name == "postgresql":\n        op.create_check_constraint(\n            op.f(name), table, sa.text(condition), postgresql_not_valid=True\n        )\n        op.execute(f\'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{name}"\')\n    else:\n        with op.batch_alter_table(table) as batch_op:\n            batch_op.create_check_constraint(op.f(name), sa.text(condition))\n'
    if ('add_foreign_key' in (undefined(name='helpers') if l_0_helpers is missing else l_0_helpers)):
        pass
        yield '\n\ndef _add_foreign_key(\n    name: str,\n    table: str,\n    columns: list[str],\n    referent: str,\n    remote: list[str],\n    ondelete: str | None,\n) -> None:\n    """A foreign key on a table that holds rows: on PostgreSQL added NOT VALID, then\n    validated (existing rows are checked without blocking writes)."""\n    if op.get_context().dialect.name == "postgresql":\n        op.create_foreign_key(\n            op.f(name),\n            table,\n            referent,\n            columns,\n            remote,\n            ondelete=ondelete,\n            postgresql_not_valid=True,\n        )\n        op.execute(f\'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{name}"\')\n    else:\n        with op.batch_alter_table(table) as batch_op:\n            batch_op.create_foreign_key(op.f(name), referent, columns, remote, ondelete=ondelete)\n'
    yield '\n\ndef upgrade() -> None:\n'
    if (undefined(name='down_revision') if l_0_down_revision is missing else l_0_down_revision):
        pass
        yield '    _lock_timeout()\n'
    yield str(((undefined(name='upgrade') if l_0_upgrade is missing else l_0_upgrade) or '    pass'))
    yield '\n\n\ndef downgrade() -> None:\n'
    if (undefined(name='down_revision') if l_0_down_revision is missing else l_0_down_revision):
        pass
        yield '    _lock_timeout()\n'
    yield str(((undefined(name='downgrade') if l_0_downgrade is missing else l_0_downgrade) or ('' if (undefined(name='down_revision') if l_0_down_revision is missing else l_0_down_revision) else '    pass')))
    yield '\n'

blocks = {}
debug_info = '1=25&3=27&4=29&5=31&7=34&8=38&18=42&19=44&22=46&33=49&45=52&65=55&80=58&111=62&114=65&118=67&121=70'
