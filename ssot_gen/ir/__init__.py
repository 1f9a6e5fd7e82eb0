"""The intermediate representation: every naming decision, type mapping and import set, once.

``build(schema)`` turns a checked :class:`~ssot_gen.schema.models.Schema` into frozen
dataclasses whose properties the templates print as they are. A template that would need
string building or a type lookup asks for a new property here instead.

Modules: :mod:`~ssot_gen.ir.fields` (one class per field type), :mod:`~ssot_gen.ir.models`
(models, relations), :mod:`~ssot_gen.ir.project` (providers, events, auth, the project),
:mod:`~ssot_gen.ir.chat` (the chat machinery's bindings), :mod:`~ssot_gen.ir.build`.
"""

from __future__ import annotations

from ssot_gen.ir.build import build, build_field
from ssot_gen.ir.chat import Chat
from ssot_gen.ir.fields import Enum, EnumValue, Field
from ssot_gen.ir.models import Model, NestedList, Relation, ScopeJoin
from ssot_gen.ir.project import (
    API_PREFIX,
    Auth,
    Component,
    Event,
    EventField,
    ModelPrice,
    Project,
    Provider,
    ProviderModel,
)

__all__ = [
    "API_PREFIX",
    "Auth",
    "Chat",
    "Component",
    "Enum",
    "EnumValue",
    "Event",
    "EventField",
    "Field",
    "Model",
    "ModelPrice",
    "NestedList",
    "Project",
    "Provider",
    "ProviderModel",
    "Relation",
    "ScopeJoin",
    "build",
    "build_field",
]
