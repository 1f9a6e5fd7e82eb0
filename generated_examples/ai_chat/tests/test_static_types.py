"""``app/static/types.d.ts`` says what the API sends and takes: each interface has exactly the
fields of the pydantic model of the same name (optional in TypeScript where the model has a
default, for what a client sends), and the frame unions list exactly the socket's frames.
(ssot-gen's own tests also compile it with ``tsc --noEmit --strict``.)"""

import re
from pathlib import Path

from pydantic import BaseModel

from app import schemas
from app.chat.events import CLIENT_FRAMES, SERVER_FRAMES

TYPES = Path(__file__).resolve().parent.parent / "app" / "static" / "types.d.ts"
INTERFACE = re.compile(r"^export interface (\w+)(?: extends (\w+))? \{\n(.*?)^\}", re.M | re.S)
PROPERTY = re.compile(r"^  (\w+)(\??): ", re.M)
FRAME = re.compile(r'^  \| \{ type: "([^"]+)"; data: (\w+) \}', re.M)


def interfaces() -> dict[str, dict[str, bool]]:
    """Interface name -> {property: optional}, with the properties of what it extends."""
    text = TYPES.read_text(encoding="utf-8")
    found: dict[str, dict[str, bool]] = {}
    for name, parent, body in INTERFACE.findall(text):
        inherited = dict(found[parent]) if parent else {}
        found[name] = inherited | {key: mark == "?" for key, mark in PROPERTY.findall(body)}
    return found


def frames(union: str) -> dict[str, str]:
    """Frame type -> the name of its data's interface, in ``export type <union> = ...;``."""
    text = TYPES.read_text(encoding="utf-8")
    start = text.index(f"export type {union} =")
    return dict(FRAME.findall(text[start : text.index(";\n", start) + 1]))


def public_models() -> list[type[BaseModel]]:
    return [
        value
        for name, value in vars(schemas).items()
        if name.endswith("Public") and isinstance(value, type) and issubclass(value, BaseModel)
    ]


def test_each_public_model_and_frame_payload_has_its_interface() -> None:
    declared = interfaces()
    for model in public_models() + list(SERVER_FRAMES.values()):
        assert model.__name__ in declared, model.__name__
        assert declared[model.__name__] == dict.fromkeys(model.model_fields, False), model
    for model in CLIENT_FRAMES.values():
        optional = {name: not field.is_required() for name, field in model.model_fields.items()}
        assert declared[model.__name__] == optional, model.__name__


def test_the_frame_unions_are_the_sockets_frames() -> None:
    assert frames("ClientFrame") == {name: m.__name__ for name, m in CLIENT_FRAMES.items()}
    assert frames("ServerFrame") == {name: m.__name__ for name, m in SERVER_FRAMES.items()}
