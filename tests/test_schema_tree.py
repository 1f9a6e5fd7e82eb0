"""Issue 11's message tree in the schema: ``chat.message.parent`` (a nullable belongs_to of the
message model to itself) or, when the schema binds none, the relation the engine adds; bad
bindings are located errors; the names the tree adds to the generated code do not clash."""

from __future__ import annotations

from pathlib import Path

from ssot_gen.pipeline import load_project
from ssot_gen.render import plan
from tests.test_schema_errors import BASE, at, lines_of, patched

MESSAGE = "message: {model: Line, conversation: chat, role: role, content: content, status: status}"
RELATIONS = "      chat: {belongs_to: Chat}\n"
CONTENT = '      content: {type: text, default: ""}\n'


def bound(name: str) -> tuple[str, str]:
    """The change binding ``chat.message.parent`` to ``name``."""
    return MESSAGE, MESSAGE[:-1] + f", parent: {name}}}"


def related(line: str) -> tuple[str, str]:
    """The change adding ``line`` to the relations of the message model ``Line``."""
    return RELATIONS, RELATIONS + line


def files_of(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    return {rendered.path: rendered.text for rendered in plan(load_project(path))}


def test_unknown_relation_is_located(tmp_path: Path) -> None:
    text = patched(bound("nothing"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'nothing')}: chat.message.parent: unknown belongs_to relation 'nothing'"
    ]


def test_a_field_is_not_a_relation(tmp_path: Path) -> None:
    text = patched(bound("content"))
    path, lines = lines_of(tmp_path, text)
    where = at(path, text, "parent: content", len("parent: "))
    assert lines == [f"{where}: chat.message.parent: unknown belongs_to relation 'content'"]


def test_a_relation_to_another_model_is_refused(tmp_path: Path) -> None:
    text = patched(bound("chat"))
    _path, lines = lines_of(tmp_path, text)
    assert len(lines) == 1
    assert lines[0].endswith(
        "chat.message.parent: must point to 'Line' itself (a tree of messages)"
    )


def test_a_required_parent_is_refused(tmp_path: Path) -> None:
    text = patched(related("      up: {belongs_to: Line}\n"), bound("up"))
    _path, lines = lines_of(tmp_path, text)
    assert any(
        line.endswith("chat.message.parent: 'up' must be nullable: true (a first message has none)")
        for line in lines
    ), lines


def test_the_engine_adds_parent_when_none_is_bound(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(BASE, encoding="utf-8")
    project = load_project(path)
    assert (project.chat.parent, project.chat.parent_column) == ("parent", "parent_id")
    line = next(m for m in project.models if m.name == "Line")
    parent = next(r for r in line.relations if r.name == "parent")
    assert (parent.target, parent.nullable, parent.on_delete) == ("Line", True, "CASCADE")
    files = files_of(tmp_path, BASE)
    assert "PARENT_COLUMN = 'parent_id'" in files["app/chat/bindings.py"]
    assert "    parent_id: UUID | None\n" in files["app/schemas.py"]  # public: the UI needs it
    assert "class LineNodePublic(LinePublic):" in files["app/schemas.py"]
    assert "class ChatBranchChoice(InputModel):" in files["app/schemas.py"]
    assert (
        '@router.put("/{item_id}/branch", response_model=LineNodesPublic)'
        in files["app/api/routes/chats.py"]
    )


def test_the_injected_name_avoids_the_models_own_names(tmp_path: Path) -> None:
    # a field ``parent``: the engine's relation is ``chat_parent``
    text = patched((CONTENT, CONTENT + "      parent: {type: string, nullable: true}\n"))
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    project = load_project(path)
    assert (project.chat.parent, project.chat.parent_column) == ("chat_parent", "chat_parent_id")
    files = files_of(tmp_path, text)
    assert "PARENT_COLUMN = 'chat_parent_id'" in files["app/chat/bindings.py"]
    # ``parent`` (a relation elsewhere) and ``chat_parent`` taken: ``chat_parent_2``
    text = patched(
        related(
            "      parent: {belongs_to: Chat, nullable: true}\n"
            "      chat_parent: {belongs_to: Line, nullable: true}\n"
        )
    )
    path.write_text(text, encoding="utf-8")
    assert load_project(path).chat.parent == "chat_parent_2"


def test_a_bound_parent_relation_is_used_as_it_is(tmp_path: Path) -> None:
    text = patched(
        related("      up: {belongs_to: Line, nullable: true, on_delete: set_null}\n"), bound("up")
    )
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    project = load_project(path)
    assert (project.chat.parent, project.chat.parent_column) == ("up", "up_id")
    line = next(m for m in project.models if m.name == "Line")
    assert [r.name for r in line.relations if r.target == "Line"] == ["up"]  # nothing added
    files = files_of(tmp_path, text)
    assert "PARENT_COLUMN = 'up_id'" in files["app/chat/bindings.py"]
    assert "parent_id" not in files["app/models.py"]


def test_the_tree_schema_names_do_not_clash(tmp_path: Path) -> None:
    text = patched(
        ("  Line:\n", "  LineNode:\n    fields:\n      label: {type: string}\n  Line:\n")
    )
    _path, lines = lines_of(tmp_path, text)
    assert any("'LineNodePublic' (the schema class of model Line)" in line for line in lines), lines


def test_engine_columns_are_not_the_schemas(tmp_path: Path) -> None:
    chat_fields = "      model: {type: string, default: echo}\n"
    text = patched(
        (chat_fields, chat_fields + "      active_leaf_id: {type: uuid, nullable: true}\n")
    )
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'active_leaf_id')}: models.Chat.fields.active_leaf_id: the chat's "
        "conversation model cannot have a field 'active_leaf_id' (the generator adds it: the "
        "last message of the active branch)"
    ]
