"""Every bad input gives one precise issue: message, file:line:column, dotted path and hint.

Each test starts from ``BASE``, a minimal valid schema, changes one thing and checks the whole
issue line the CLI would print (``file:line:column: path: message (hint)``). Locations are
computed from where the changed text sits, so a test shows which token an error points at.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssot_gen.cli import app
from ssot_gen.errors import SchemaError, SchemaIssue
from ssot_gen.pipeline import load_project

ROOT = Path(__file__).resolve().parent.parent

BASE = """\
version: 1
project:
  name: mini
  title: Mini
enums:
  Role: [user, assistant, system]
  Status: [pending, streaming, done, error, cancelled]
models:
  User:
    fields:
      email: {type: email, unique: true}
  Chat:
    owner: owner
    relations:
      owner: {belongs_to: User}
    fields:
      provider: {type: string, default: mock}
      model: {type: string, default: echo}
  Line:
    owner: chat
    relations:
      chat: {belongs_to: Chat}
    fields:
      role: {type: enum, enum: Role, default: user}
      content: {type: text, default: ""}
      status: {type: enum, enum: Status, default: done}
auth:
  user_model: User
providers:
  mock:
    kind: mock
    default: true
    default_model: echo
    models:
      echo: {input: 0, output: 0}
chat:
  conversation: {model: Chat, provider: provider, model_name: model}
  message: {model: Line, conversation: chat, role: role, content: content, status: status}
events:
  message.created: {payload: Line}
  message.updated: {payload: Line}
  message.streaming:
    payload: {message_id: uuid, seq: int, offset: int, delta: text}
  conversation.created: {payload: Chat}
  conversation.updated: {payload: Chat}
"""

USER_FIELDS = "      email: {type: email, unique: true}\n"
CHAT_FIELDS = "      model: {type: string, default: echo}\n"


def patched(*changes: tuple[str, str], text: str = BASE) -> str:
    """``text`` with each ``(old, new)`` applied; ``old`` must occur exactly once."""
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def at(path: Path, text: str, snippet: str, offset: int = 0) -> str:
    """``file:line:column`` of the only ``snippet`` in ``text``, moved ``offset`` columns."""
    assert text.count(snippet) == 1, f"{snippet!r} occurs {text.count(snippet)} times"
    index = text.index(snippet) + offset
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{path}:{line}:{column}"


def issues_of(tmp_path: Path, text: str | bytes) -> tuple[Path, list[SchemaIssue]]:
    """Write ``text`` as a schema and return every issue ``load_project`` raises."""
    path = tmp_path / "schema.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_project(path)
    return path, caught.value.issues


def lines_of(tmp_path: Path, text: str | bytes) -> tuple[Path, list[str]]:
    """Like ``issues_of``, as the lines ``ssot-gen validate`` prints."""
    path, issues = issues_of(tmp_path, text)
    return path, [str(issue) for issue in issues]


def test_the_base_schema_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(BASE)
    assert [m.name for m in load_project(path).models] == ["User", "Chat", "Line"]


# --- YAML --------------------------------------------------------------------------------


def test_bad_yaml_syntax_points_at_the_offending_character(tmp_path: Path) -> None:
    text = patched(("  title: Mini\n", "  title: Mini: again\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [f"{path}:4:14: invalid YAML: mapping values are not allowed in this context"]


def test_unclosed_flow_sequence(tmp_path: Path) -> None:
    text = patched(("  title: Mini\n", "  title: [Mini\n"))
    path, lines = lines_of(tmp_path, text)
    # The parser notices at the first token that cannot continue the list: "enums:" colon.
    assert lines == [
        f"{at(path, text, 'enums:', offset=5)}: invalid YAML: did not find expected ',' or ']'"
    ]


def test_tab_indentation(tmp_path: Path) -> None:
    text = patched(("  title: Mini\n", "\ttitle: Mini\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [f"{path}:4:1: invalid YAML: found a tab character that violates indentation"]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path, lines = lines_of(tmp_path, text)
    assert lines == [f"{path}:1:1: the schema file is empty"]


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path, lines = lines_of(tmp_path, "- models\n- auth\n")
    assert lines == [f"{path}:1:1: the schema must be a YAML mapping"]


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = patched(("  title: Mini\n", "  title: Mini\n  title: Again\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [f"{at(path, text, 'title: Again')}: project.title: duplicate key 'title'"]


def test_duplicate_key_in_a_flow_mapping(tmp_path: Path) -> None:
    text = patched(("{type: string, default: mock}", "{type: string, type: text, default: mock}"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'type: text, default: mock')}: models.Chat.fields.provider.type: "
        "duplicate key 'type'"
    ]


def test_recursive_alias_is_an_error_not_a_crash(tmp_path: Path) -> None:
    text = patched(("version: 1\n", "version: 1\nkeep: &node\n  - *node\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{path}:2:7: keep[0]: invalid YAML: an alias refers to a node that contains it"
    ]


def test_unsafe_tag_is_an_error_not_a_crash(tmp_path: Path) -> None:
    text = patched(("  title: Mini\n", "  title: !!python/name:os.system Mini\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, '!!python')}: project.title: unsupported YAML tag "
        "!!python/name:os.system (write the value as a quoted string)"
    ]


def test_value_that_does_not_fit_its_tag(tmp_path: Path) -> None:
    text = patched(("  title: Mini\n", "  title: !!int Mini\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, '!!int')}: project.title: invalid YAML: 'Mini' is not a valid !!int"
    ]


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    data = patched(("  title: Mini\n", "  title: Mi\xffni\n")).encode("latin-1")
    path, lines = lines_of(tmp_path, data)
    assert lines == [f"{path}:4:12: the file is not UTF-8 text (byte 0xff)"]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(SchemaError) as caught:
        load_project(path)
    (issue,) = caught.value.issues
    assert str(issue.location) == f"{path}:1:1"
    assert issue.message.startswith("cannot read the file: ")


# --- structure (pydantic models) ---------------------------------------------------------


def test_unknown_top_level_key_with_did_you_mean(tmp_path: Path) -> None:
    text = patched(("\nmodels:\n", "\nmodles:\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{path}:1:1: models: missing required key 'models'",
        f"{at(path, text, 'modles:')}: modles: unknown key 'modles' (did you mean 'models'?)",
    ]


def test_missing_required_section(tmp_path: Path) -> None:
    text = patched(("auth:\n  user_model: User\n", ""))
    path, lines = lines_of(tmp_path, text)
    assert lines == [f"{path}:1:1: auth: missing required key 'auth'"]


def test_unknown_field_option_with_did_you_mean(tmp_path: Path) -> None:
    text = patched(
        ("{type: string, default: mock}", "{type: string, max_lenght: 9, default: mock}")
    )
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'max_lenght')}: models.Chat.fields.provider.max_lenght: "
        "unknown key 'max_lenght' (did you mean 'max_length'?)"
    ]


def test_unknown_field_type_with_did_you_mean(tmp_path: Path) -> None:
    text = patched(("{type: string, default: mock}", "{type: strng, default: mock}"))
    path, (issue,) = issues_of(tmp_path, text)
    assert str(issue.location) == at(path, text, "strng")
    assert issue.path == "models.Chat.fields.provider.type"
    assert issue.message.startswith("'strng' is not one of: 'string', 'text', 'int'")
    assert issue.hint == "did you mean 'string'?"


def test_unknown_field_type_in_the_shorthand_form(tmp_path: Path) -> None:
    text = patched((USER_FIELDS, USER_FIELDS + "      nickname: strng\n"))
    path, (issue,) = issues_of(tmp_path, text)
    assert str(issue.location) == at(path, text, "strng")
    assert issue.path == "models.User.fields.nickname"
    assert issue.message.startswith("'strng' is not one of: 'string'")
    assert issue.hint == "did you mean 'string'?"


def test_unknown_event_name_with_did_you_mean(tmp_path: Path) -> None:
    text = patched(("  message.created:", "  message.craeted:"))
    path, (issue,) = issues_of(tmp_path, text)
    assert str(issue.location) == at(path, text, "message.craeted")
    assert issue.path == "events.message.craeted"
    assert issue.message.startswith("'message.craeted' is not one of: 'message.created'")
    assert issue.hint == "did you mean 'message.created'?"


def test_unknown_provider_kind(tmp_path: Path) -> None:
    text = patched(("    kind: mock\n", "    kind: mok\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'mok')}: providers.mock.kind: 'mok' is not one of: "
        "'mock', 'openai', 'anthropic' or 'gemini' (did you mean 'mock'?)"
    ]


def test_unsupported_version(tmp_path: Path) -> None:
    text = patched(("version: 1\n", "version: 2\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [f"{path}:1:10: version: 2 is not one of: 1"]


def test_wrong_scalar_type_uses_the_pydantic_message(tmp_path: Path) -> None:
    text = patched(("{type: email, unique: true}", "{type: email, unique: maybe}"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'maybe')}: models.User.fields.email.unique: "
        "must be true or false, not a string"
    ]


def test_error_inside_the_streaming_payload_reports_only_the_mapping_branch(
    tmp_path: Path,
) -> None:
    # payload is "a model name or a mapping of fields": a mapping with a bad type must not
    # also report "Input should be a valid string" for the model-name alternative.
    text = patched(("delta: text}", "delta: txt}"))
    path, (issue,) = issues_of(tmp_path, text)
    assert str(issue.location) == at(path, text, "txt}")
    assert issue.path == "events.message.streaming.payload.delta"
    assert issue.hint == "did you mean 'text'?"


def test_payload_of_neither_form_reports_both(tmp_path: Path) -> None:
    text = patched(("{message_id: uuid, seq: int, offset: int, delta: text}", "3"))
    path, lines = lines_of(tmp_path, text)
    where = at(path, text, "payload: 3", offset=9)
    assert lines == [
        f"{where}: events.message.streaming.payload: must be a string, not a number "
        "(YAML reads 3 as number; quote it: '3')",
        f"{where}: events.message.streaming.payload: must be a mapping, not a number",
    ]


# --- cross references (checks) -----------------------------------------------------------


def test_unknown_relation_target_with_did_you_mean(tmp_path: Path) -> None:
    text = patched(("{belongs_to: User}", "{belongs_to: Usr}"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'Usr')}: models.Chat.relations.owner.belongs_to: "
        "unknown model 'Usr' (did you mean 'User'?)"
    ]


def test_unknown_enum_reference(tmp_path: Path) -> None:
    text = patched(("enum: Role,", "enum: Rol,"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'Rol,')}: models.Line.fields.role.enum: "
        "unknown enum 'Rol' (did you mean 'Role'?)"
    ]


def test_bad_enum_default_with_did_you_mean(tmp_path: Path) -> None:
    text = patched(("enum: Role, default: user}", "enum: Role, default: usr}"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'usr}')}: models.Line.fields.role.default: "
        "default 'usr' is not a value of enum Role (allowed: user, assistant, system) "
        "(did you mean 'user'?)"
    ]


@pytest.mark.parametrize(
    ("spec", "value", "message"),
    [
        (
            "{type: int, default: many}",
            "many",
            "default 'many' is not valid for type int: it must be an integer",
        ),
        (
            "{type: bool, default: 3}",
            "3}",
            "default 3 is not valid for type bool: it must be true or false "
            "(YAML reads 3 as int; quote it: '3')",
        ),
        (
            "{type: decimal, default: lots}",
            "lots",
            "default 'lots' is not valid for type decimal: it must be a decimal string "
            "such as '0.10'",
        ),
        (
            "{type: string, default: 7}",
            "7}",
            "default 7 is not valid for type string: it must be a string "
            "(YAML reads 7 as int; quote it: '7')",
        ),
        ("{type: datetime, default: now}", "now", "a datetime field cannot have a default"),
    ],
)
def test_default_of_the_wrong_type(tmp_path: Path, spec: str, value: str, message: str) -> None:
    text = patched((CHAT_FIELDS, CHAT_FIELDS + f"      extra: {spec}\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [f"{at(path, text, value)}: models.Chat.fields.extra.default: {message}"]


def test_default_out_of_range(tmp_path: Path) -> None:
    text = patched((CHAT_FIELDS, CHAT_FIELDS + "      level: {type: int, max: 5, default: 9}\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, '9}')}: models.Chat.fields.level.default: default 9 is above max 5"
    ]


def test_duplicate_enum_value(tmp_path: Path) -> None:
    text = patched(("[user, assistant, system]", "[user, assistant, system, user]"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'user]')}: enums.Role.values[3]: duplicate enum value 'user'"
    ]


def test_reserved_words_of_python_sql_and_javascript(tmp_path: Path) -> None:
    extra = "      class: string\n      select: string\n      function: string\n"
    text = patched((USER_FIELDS, USER_FIELDS + extra))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'class:')}: models.User.fields.class: "
        "'class' is a reserved word in Python, JavaScript",
        f"{at(path, text, 'select:')}: models.User.fields.select: "
        "'select' is a reserved word in SQL",
        f"{at(path, text, 'function:')}: models.User.fields.function: "
        "'function' is a reserved word in JavaScript",
    ]


def test_reserved_table_name(tmp_path: Path) -> None:
    text = patched(("  Line:\n", "  Line:\n    plural: order\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'order')}: models.Line.plural: table name 'order' is a reserved word "
        "in SQL"
    ]


def test_owner_chain_that_does_not_reach_the_user_model(tmp_path: Path) -> None:
    extra = (
        "  Folder:\n"
        "    fields: {label: string}\n"
        "  Note:\n"
        "    owner: folder\n"
        "    relations:\n"
        "      folder: {belongs_to: Folder}\n"
    )
    text = patched(("auth:\n", extra + "auth:\n"))
    path, lines = lines_of(tmp_path, text)
    where = at(path, text, "owner: folder", offset=len("owner: "))
    assert lines == [
        f"{where}: models.Note.owner: 'folder' must lead to the auth user model 'User' through "
        "owned models ('Folder' has no owner)"
    ]


def test_owner_that_is_not_a_belongs_to(tmp_path: Path) -> None:
    text = patched(("    owner: chat\n", "    owner: chats\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'chats')}: models.Line.owner: "
        "unknown belongs_to relation 'chats' (did you mean 'chat'?)"
    ]


def test_chat_binding_to_an_unknown_field(tmp_path: Path) -> None:
    text = patched(("content: content,", "content: contnt,"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'contnt')}: chat.message.content: "
        "unknown field 'contnt' (did you mean 'content'?)"
    ]


def test_chat_binding_of_the_wrong_type(tmp_path: Path) -> None:
    text = patched(("role: role, content", "role: content, content"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'content, content', offset=0)}: chat.message.role: "
        "field 'content' is text; expected enum"
    ]


def test_role_mapping_to_a_value_the_enum_lacks(tmp_path: Path) -> None:
    text = patched(("status: status}", "status: status, roles: {user: human}}"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'human')}: chat.message.roles.user: 'human' is not a value of enum Role "
        "(allowed: user, assistant, system)"
    ]


def test_missing_event(tmp_path: Path) -> None:
    text = patched(("  conversation.updated: {payload: Chat}\n", ""))
    path, lines = lines_of(tmp_path, text)
    assert lines == [f"{at(path, text, 'events:')}: events: missing event 'conversation.updated'"]


def test_streaming_payload_with_the_wrong_fields(tmp_path: Path) -> None:
    text = patched(("seq: int, offset: int,", "seq: int, position: int,"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, '{message_id')}: events.message.streaming.payload: "
        "the payload of message.streaming must be fields message_id, seq, offset, delta"
    ]


def test_model_event_with_the_wrong_model(tmp_path: Path) -> None:
    text = patched(("  message.updated: {payload: Line}", "  message.updated: {payload: Chat}"))
    path, lines = lines_of(tmp_path, text)
    where = at(
        path, text, "message.updated: {payload: Chat}", offset=len("message.updated: {payload: ")
    )
    assert lines == [
        f"{where}: events.message.updated.payload: the payload of message.updated must be 'Line'"
    ]


def test_two_default_providers(tmp_path: Path) -> None:
    second = (
        "  backup:\n    kind: mock\n    default: true\n    default_model: echo\n"
        "    models:\n      echo: {input: 0, output: 0}\n"
    )
    text = patched(("chat:\n", second + "chat:\n"))
    path, lines = lines_of(tmp_path, text)
    start = text.index("providers:")
    first = at(path, text[:start] + text[start:].replace("default: true", "DEFAULT", 1), "DEFAULT")
    second = at(path, text.replace("default: true", "DEFAULT", 1), "default: true")
    assert lines == [
        f"{first}: providers.mock.default: only one provider may have default: true; "
        "'backup' has it too",
        f"{second}: providers.backup.default: only one provider may have default: true; "
        "'mock' has it too",
    ]


def test_provider_default_model_not_among_its_models(tmp_path: Path) -> None:
    text = patched(("default_model: echo", "default_model: ecko"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'ecko')}: providers.mock.default_model: "
        "unknown model 'ecko' (did you mean 'echo'?)"
    ]


def test_set_null_without_nullable(tmp_path: Path) -> None:
    text = patched(("{belongs_to: Chat}", "{belongs_to: Chat, on_delete: set_null}"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'set_null')}: models.Line.relations.chat.on_delete: "
        "on_delete: set_null needs nullable: true"
    ]


def test_read_only_field_without_default(tmp_path: Path) -> None:
    text = patched(("{type: string, default: echo}", "{type: string, read_only: true}"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, '{type: string, read_only')}: models.Chat.fields.model: "
        "a read-only field needs a default or nullable: true"
    ]


def test_has_one_needs_a_unique_belongs_to(tmp_path: Path) -> None:
    text = patched((USER_FIELDS, USER_FIELDS + "    relations:\n      chat: {has_one: Chat}\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, '{has_one')}: models.User.relations.chat: "
        "has_one needs unique: true on 'Chat.owner'"
    ]


def test_login_field_must_not_be_nullable(tmp_path: Path) -> None:
    text = patched(("{type: email, unique: true}", "{type: email, unique: true, nullable: true}"))
    path, lines = lines_of(tmp_path, text)
    # login_field is left at its default (email), so the issue points at the auth section.
    assert lines == [
        f"{at(path, text, 'user_model')}: auth.login_field: "
        "the login field 'email' must be a unique string or email field, not nullable"
    ]


# --- what the chat machinery needs -------------------------------------------------------


def test_conversation_may_be_owned_through_a_parent(tmp_path: Path) -> None:
    """A conversation owned through a team (owned by the user) is valid, as for other models."""
    text = patched(
        (
            "  Chat:\n    owner: owner\n    relations:\n      owner: {belongs_to: User}\n",
            "  Team:\n    owner: lead\n    relations:\n      lead: {belongs_to: User}\n"
            "  Chat:\n    owner: team\n    relations:\n      team: {belongs_to: Team}\n",
        )
    )
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    chat = load_project(path).model("Chat")
    assert chat.owner is not None and not chat.owner.is_direct_owner


def test_message_model_needs_an_owner(tmp_path: Path) -> None:
    text = patched(("  Line:\n    owner: chat\n", "  Line:\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'Line, conversation')}: chat.message.model: "
        "the message model needs an owner"
    ]


def test_conversation_fields_need_defaults(tmp_path: Path) -> None:
    text = patched((CHAT_FIELDS, CHAT_FIELDS + "      topic: string\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'topic')}: models.Chat.fields.topic: "
        "the chat creates Chat rows without input: it needs a default or nullable: true"
    ]


def test_message_relations_other_than_the_conversation_need_nullable(tmp_path: Path) -> None:
    text = patched(
        (
            "      chat: {belongs_to: Chat}\n",
            "      chat: {belongs_to: Chat}\n      author: {belongs_to: User}\n",
        )
    )
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'author')}: models.Line.relations.author: "
        "the chat creates Line rows without input: it needs nullable: true"
    ]


def test_running_total_needs_a_default(tmp_path: Path) -> None:
    text = patched(
        (CHAT_FIELDS, CHAT_FIELDS + "      turns: {type: int, nullable: true, read_only: true}\n"),
        ("model_name: model}", "model_name: model, message_count: turns}"),
    )
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'turns}')}: chat.conversation.message_count: "
        "field 'turns' is a running total: it needs a default and must not be nullable"
    ]


def test_provider_field_default_must_name_a_provider(tmp_path: Path) -> None:
    text = patched(("default: mock}", "default: mok}"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'mok}')}: models.Chat.fields.provider.default: "
        "default 'mok' is not a provider (did you mean 'mock'?)"
    ]


def test_model_field_default_must_be_a_model_of_that_provider(tmp_path: Path) -> None:
    text = patched(("default: echo}", "default: ecco}"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'ecco')}: models.Chat.fields.model.default: "
        "default 'ecco' is not a model of provider 'mock' (did you mean 'echo'?)"
    ]


# --- every error at once -----------------------------------------------------------------


def test_all_structure_errors_are_reported_at_once(tmp_path: Path) -> None:
    text = patched(
        ("  title: Mini\n", "  titel: Mini\n  title: Mini\n"),
        ("    kind: mock\n", "    kind: mok\n"),
        ("{type: string, default: mock}", "{type: string, max_lenght: 9, default: mock}"),
    )
    path, issues = issues_of(tmp_path, text)
    assert [(str(i.location), i.path) for i in issues] == [
        (at(path, text, "titel"), "project.titel"),
        (at(path, text, "max_lenght"), "models.Chat.fields.provider.max_lenght"),
        (at(path, text, "mok"), "providers.mock.kind"),
    ]


def test_all_cross_reference_errors_are_reported_at_once(tmp_path: Path) -> None:
    text = patched(
        ("{belongs_to: User}", "{belongs_to: Usr}"),
        ("default_model: echo", "default_model: ecko"),
        ("[user, assistant, system]", "[user, assistant, system, user]"),
    )
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'user]')}: enums.Role.values[3]: duplicate enum value 'user'",
        f"{at(path, text, 'Usr')}: models.Chat.relations.owner.belongs_to: "
        "unknown model 'Usr' (did you mean 'User'?)",
        f"{at(path, text, 'ecko')}: providers.mock.default_model: "
        "unknown model 'ecko' (did you mean 'echo'?)",
    ]


# --- the CLI -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ai_chat", "support_desk"])
def test_cli_validate_accepts_the_examples(name: str) -> None:
    schema = ROOT / "schemas" / f"{name}.yaml"
    result = CliRunner().invoke(app, ["validate", str(schema)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{schema}: valid (")


def test_cli_validate_prints_every_issue_and_exits_2(tmp_path: Path) -> None:
    text = patched(
        ("{belongs_to: User}", "{belongs_to: Usr}"),
        ("default_model: echo", "default_model: ecko"),
        ("[user, assistant, system]", "[user, assistant, system, user]"),
    )
    path, expected = lines_of(tmp_path, text)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    issue_lines = [line for line in result.stderr.splitlines() if not line.startswith(" ")]
    assert issue_lines == [*expected, "3 errors in the schema"]


def test_cli_validate_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\nmodels: [\n")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:3:1: invalid YAML: did not find expected node content",
        " 3 | ",
        "   | ^",
        "1 error in the schema",
    ]


def test_cli_schema_prints_json_schema() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(document["required"]) >= {"project", "models", "auth", "providers", "chat"}


def test_cli_schema_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "ssot.schema.json"
    result = CliRunner().invoke(app, ["schema", "--output", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text()) == json.loads(CliRunner().invoke(app, ["schema"]).stdout)


# --- values: every option either enforced end to end or refused --------------------------


def user_field(spec: str) -> str:
    """BASE with a field ``extra: <spec>`` on the User model."""
    return patched((USER_FIELDS, USER_FIELDS + f"      extra: {spec}\n"))


@pytest.mark.parametrize(
    ("spec", "snippet", "key", "message"),
    [
        ("{type: float, max: .inf}", ".inf", "max", "must be a finite number, not NaN or infinity"),
        ("{type: float, min: .nan}", ".nan", "min", "must be a finite number, not NaN or infinity"),
        (
            "{type: float, default: .nan, nullable: true}",
            ".nan",
            "default",
            "default nan is not a finite number",
        ),
        (
            "{type: string, min_length: 10, max_length: 5}",
            "10,",
            "min_length",
            "min_length 10 exceeds max_length 5",
        ),
        (
            "{type: string, min_length: 300}",
            "300",
            "min_length",
            "min_length 300 exceeds max_length 255 (the default max_length is 255)",
        ),
        (
            "{type: int, min_length: 1}",
            "1}",
            "min_length",
            "min_length applies to string and text, not int",
        ),
        (
            "{type: email, min_length: 1}",
            "1}",
            "min_length",
            "min_length applies to string and text, not email",
        ),
        (
            "{type: email, max_length: 100}",
            "100",
            "max_length",
            "max_length applies to string, not email "
            "(email addresses are capped at 320 characters)",
        ),
        (
            "{type: text, max_length: 100}",
            "100",
            "max_length",
            "max_length applies to string, not text "
            "(text has no length limit; use type string for a bounded one)",
        ),
        (
            "{type: string, max_length: 10485761}",
            "10485761",
            "max_length",
            "must be at most 10485760, not 10485761",
        ),
        (
            "{type: decimal, precision: 5, scale: 2, default: '1.234'}",
            "'1.234'",
            "default",
            "default 1.234 has 3 digits after '.'; scale is 2",
        ),
        (
            "{type: decimal, precision: 5, scale: 2, default: '12345'}",
            "'12345'",
            "default",
            "default 12345 has 5 digits before '.'; precision 5 with scale 2 allows 3",
        ),
        (
            "{type: decimal, default: 0.1}",
            "0.1}",
            "default",
            "default 0.1 of a decimal field is a float, which would be rounded "
            "(write it as a string, e.g. '0.1')",
        ),
        (
            "{type: decimal, precision: 4, scale: 2, max: 1000}",
            "1000",
            "max",
            "max 1000 has 4 digits before '.'; precision 4 with scale 2 allows 2",
        ),
        (
            "{type: decimal, precision: 4}",
            "4}",
            "precision",
            "scale 6 exceeds precision 4 (the default scale is 6)",
        ),
        (
            "{type: decimal, precision: 4, scale: 5}",
            "5}",
            "scale",
            "scale 5 exceeds precision 4",
        ),
        (
            "{type: string, precision: 4}",
            "4}",
            "precision",
            "precision applies to decimal, not string",
        ),
        ("{type: string, enum: Role}", "Role}", "enum", "enum applies to type enum, not string"),
        (
            "{type: string, min: 1}",
            "1}",
            "min",
            "min applies to int, float and decimal, not string",
        ),
        ("{type: int, min: 5, max: 1}", "5,", "min", "min 5 exceeds max 1"),
        ("{type: int, min: 1.5}", "1.5", "min", "min of an int field must be whole, not 1.5"),
        (
            "{type: int, max: 3000000000}",
            "3000000000",
            "max",
            "max 3000000000 is outside the 32-bit integer range -2147483648..2147483647",
        ),
        (
            "{type: int, default: 3000000000}",
            "3000000000",
            "default",
            "default 3000000000 is outside the 32-bit integer range",
        ),
        ("{type: int, min: 1, default: 0}", "0}", "default", "default 0 is below min 1"),
        (
            "{type: string, max_length: 3, default: abcd}",
            "abcd",
            "default",
            "default is 4 characters long; max_length is 3",
        ),
        (
            "{type: string, min_length: 3, default: ab}",
            "ab}",
            "default",
            "default is 2 characters long; min_length is 3",
        ),
        (
            "{type: json, index: true, nullable: true}",
            "true,",
            "index",
            "a json field cannot have index: true (PostgreSQL cannot index or compare json values)",
        ),
        (
            "{type: json, unique: true, nullable: true}",
            "true,",
            "unique",
            "a json field cannot have unique: true "
            "(PostgreSQL cannot index or compare json values)",
        ),
        (
            "{type: int, default: '5'}",
            "'5'",
            "default",
            "default '5' is not valid for type int: it must be an integer",
        ),
        (
            "{type: enum, enum: Role, default: usr}",
            "usr",
            "default",
            "default 'usr' is not a value of enum Role (allowed: user, assistant, system) "
            "(did you mean 'user'?)",
        ),
        (
            "{type: string, default: no}",
            "no}",
            "default",
            "default false is not valid for type string: it must be a string "
            "(YAML reads no as bool; quote it: 'no')",
        ),
        ("{type: uuid, default: abc}", "abc", "default", "a uuid field cannot have a default"),
        (
            "{type: bool, unique: true, nullable: true}",
            "true,",
            "unique",
            "a bool field cannot be unique (it would allow two rows at most)",
        ),
        (
            "{type: float, unique: true, nullable: true}",
            "true,",
            "unique",
            "a float field cannot be unique (floating-point values are not compared exactly)",
        ),
    ],
)
def test_field_value_errors(
    tmp_path: Path, spec: str, snippet: str, key: str, message: str
) -> None:
    text = user_field(spec)
    start = text.index("extra:")
    location_text = text[:start] + text[start:].replace(snippet, "\0", 1)
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, location_text, chr(0))}: models.User.fields.extra.{key}: {message}"
    ]


@pytest.mark.parametrize(
    ("spec", "key", "message"),
    [
        (
            "{type: string, max_length: '100'}",
            "max_length",
            "must be an integer, not a string (write 100 without quotes)",
        ),
        (
            "{type: string, nullable: 'yes'}",
            "nullable",
            "must be true or false, not a string (write true or false without quotes)",
        ),
        (
            "{type: string, max_length: 0o17}",
            "max_length",
            "must be an integer, not a string (write 15)",
        ),
        (
            "{type: int, min: '1'}",
            "min",
            "must be a number, not a string (write 1 without quotes)",
        ),
    ],
)
def test_no_lax_coercion(tmp_path: Path, spec: str, key: str, message: str) -> None:
    _, (issue,) = issues_of(tmp_path, user_field(spec))
    assert (issue.path, str(issue.message) + (f" ({issue.hint})" if issue.hint else "")) == (
        f"models.User.fields.extra.{key}",
        message,
    )


def test_yaml_boolean_in_a_list_of_names_says_quote_it(tmp_path: Path) -> None:
    text = patched(("[user, assistant, system]", "[user, assistant, system, on]"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'on]')}: enums.Role[3]: must be a string, not a boolean "
        "(YAML reads on as boolean; quote it: 'on')"
    ]


def test_yaml_octal_number_is_refused(tmp_path: Path) -> None:
    text = user_field("{type: int, default: 017}")
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, '017')}: models.User.fields.extra.default: YAML 1.1 reads 017 as the "
        "number 15 (write 15, or quote '017' for text)"
    ]


def test_a_key_is_its_text_not_a_yaml_boolean(tmp_path: Path) -> None:
    text = patched((USER_FIELDS, USER_FIELDS + "      on: {type: string, nullable: true}\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'on: {type')}: models.User.fields.on: 'on' is a reserved word in SQL"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!bool maybe", "invalid YAML: 'maybe' is not a valid !!bool"),
        ("!!int ''", "invalid YAML: '' is not a valid !!int"),
        ("!!float x", "invalid YAML: 'x' is not a valid !!float"),
        (
            "!!timestamp yesterday",
            "unsupported YAML tag !!timestamp (write the value as a quoted string)",
        ),
        ("!!binary aGk=", "unsupported YAML tag !!binary (write the value as a quoted string)"),
        ("!!python/object:os.system {}", "unsupported YAML tag !!python/object:os.system"),
        ("!!set {a, b}", "unsupported YAML tag !!set"),
        ("!custom x", "unsupported YAML tag !custom"),
        ('"a\\x01b"', "control character U+0001 in a string"),
    ],
)
def test_bad_tags_and_characters_are_located(tmp_path: Path, value: str, message: str) -> None:
    text = patched(("  title: Mini\n", f"  title: {value}\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [f"{at(path, text, value)}: project.title: {message}"]


def test_raw_control_character_is_located(tmp_path: Path) -> None:
    text = patched(("  title: Mini\n", "  title: Mi\x07ni\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [f"{at(path, text, chr(7))}: control character U+0007 is not allowed"]


def test_names_are_matched_whole(tmp_path: Path) -> None:
    text = patched((USER_FIELDS, USER_FIELDS + '      "notes\\n": {type: text, nullable: true}\n'))
    path, lines = lines_of(tmp_path, text)
    where = at(path, text, '"notes')
    assert lines == [f"{where}: models.User.fields.'notes\\n': 'notes\\n' must be snake_case"]


@pytest.mark.parametrize(
    ("old", "new", "snippet", "where", "message"),
    [
        (
            "  User:\n",
            "  User:\n    plural: chats\n",
            "chats",
            "models.User.plural",
            "table name 'chats' is also used by model 'Chat'",
        ),
        (
            USER_FIELDS,
            USER_FIELDS + "      id: uuid\n",
            "id: uuid\n  Chat",
            "models.User.fields.id",
            "field 'id' collides with the primary key added by convention",
        ),
        (
            USER_FIELDS,
            USER_FIELDS + "      updated_at: {type: datetime, nullable: true}\n",
            "updated_at",
            "models.User.fields.updated_at",
            "field 'updated_at' collides with a timestamp added by convention",
        ),
        (
            "      owner: {belongs_to: User}\n    fields:\n      provider",
            "      owner: {belongs_to: User}\n    fields:\n"
            "      owner_id: {type: uuid, nullable: true}\n      provider",
            "owner: {belongs_to: User}",
            "models.Chat.relations.owner",
            "the foreign key column of 'owner' collides with field 'owner_id'",
        ),
        (
            USER_FIELDS,
            USER_FIELDS + "      password: string\n",
            "password",
            "models.User.fields.password",
            "the auth user model cannot have a field 'password' (registration takes 'password' "
            "and stores its hash in 'hashed_password', which the generator adds)",
        ),
        (
            USER_FIELDS,
            USER_FIELDS + "      token_version: int\n",
            "token_version",
            "models.User.fields.token_version",
            "the auth user model cannot have a field 'token_version' (the generator adds it: "
            "logout and password changes revoke tokens with it)",
        ),
        (
            USER_FIELDS,
            USER_FIELDS + "      current_password: string\n",
            "current_password",
            "models.User.fields.current_password",
            "the auth user model cannot have a field 'current_password' (the user's PATCH body "
            "takes it to confirm a change of the login field)",
        ),
        (
            USER_FIELDS,
            USER_FIELDS + "    relations:\n      team: {belongs_to: Chat}\n",
            "team",
            "models.User.relations.team",
            "the auth user model's belongs_to 'team' must be nullable: true "
            "(registration cannot supply it)",
        ),
        (
            "    default_model: echo\n",
            "    default_model: echo\n    api_key_env: openai-key\n",
            "openai-key",
            "providers.mock.api_key_env",
            "'openai-key' is not an environment variable name "
            "(use capital letters, digits and _, e.g. OPENAI_API_KEY)",
        ),
        (
            'content: {type: text, default: ""}',
            "content: {type: int, default: 0}",
            "content, status",
            "chat.message.content",
            "field 'content' is int; expected string or text",
        ),
        (
            "      owner: {belongs_to: User}\n    fields:\n      provider",
            "      owner: {belongs_to: User}\n      lines: {has_many: Line, nullable: true}\n"
            "    fields:\n      provider",
            "Line, nullable: true",
            "models.Chat.relations.lines.nullable",
            "nullable applies to belongs_to, not has_many",
        ),
    ],
)
def test_model_and_binding_errors(
    tmp_path: Path, old: str, new: str, snippet: str, where: str, message: str
) -> None:
    text = patched((old, new))
    path, lines = lines_of(tmp_path, text)
    offset = len("Line, nullable: ") if snippet == "Line, nullable: true" else 0
    assert lines == [f"{at(path, text, snippet, offset)}: {where}: {message}"]


def test_self_referential_tree_is_valid(tmp_path: Path) -> None:
    text = patched(
        (
            "  Chat:\n",
            "  Folder:\n    relations:\n      parent: {belongs_to: Folder, nullable: true}\n"
            "      children: {has_many: Folder}\n    fields:\n      label: string\n  Chat:\n",
        )
    )
    path = tmp_path / "schema.yaml"
    path.write_text(text)
    assert "Folder" in [m.name for m in load_project(path).models]


# --- all errors at once --------------------------------------------------------------------


def test_a_structure_error_does_not_hide_reference_errors(tmp_path: Path) -> None:
    text = patched(
        ("{type: email, unique: true}", "{type: email, unique: maybe}"),
        ("{belongs_to: User}", "{belongs_to: Usr}"),
    )
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'maybe')}: models.User.fields.email.unique: must be true or false, "
        "not a string",
        f"{at(path, text, 'Usr}')}: models.Chat.relations.owner.belongs_to: unknown model 'Usr' "
        "(did you mean 'User'?)",
    ]


def test_a_broken_field_gives_no_cascade(tmp_path: Path) -> None:
    # content's type is wrong: the binding chat.message.content must not add "unknown field".
    text = patched(("content: {type: text", "content: {type: txt"))
    path, lines = lines_of(tmp_path, text)
    assert len(lines) == 1
    assert lines[0].startswith(f"{at(path, text, 'txt')}: models.Line.fields.content.type: 'txt'")


def test_a_bad_tag_gives_no_cascade(tmp_path: Path) -> None:
    text = patched(("    kind: mock\n", "    kind: !!int mock\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, '!!int')}: providers.mock.kind: invalid YAML: 'mock' is not a valid !!int"
    ]


def test_merge_keys_and_x_anchors(tmp_path: Path) -> None:
    text = patched(
        ("\nmodels:\n", "\nx-short: &short {type: string, max_length: 20}\nmodels:\n"),
        (USER_FIELDS, USER_FIELDS + "      nick: {<<: *short, nullable: true}\n"),
        (
            CHAT_FIELDS,
            CHAT_FIELDS + "      label: {<<: [*short], default: 12345678901234567890x}\n",
        ),
    )
    path, lines = lines_of(tmp_path, text)
    # The merged max_length applies; the error points at the default written in place.
    assert lines == [
        f"{at(path, text, '12345678901234567890x')}: models.Chat.fields.label.default: "
        "default is 21 characters long; max_length is 20"
    ]


def test_merge_of_a_scalar_is_an_error(tmp_path: Path) -> None:
    text = patched(
        ("\nmodels:\n", "\nx-one: &one 1\nmodels:\n"),
        (USER_FIELDS, USER_FIELDS + "      nick: {<<: *one}\n"),
    )
    path, lines = lines_of(tmp_path, text)
    where = at(path, text, "<<")
    assert lines == [f"{where}: models.User.fields.nick: << merges a mapping or a list of mappings"]


def test_two_roles_cannot_share_a_value(tmp_path: Path) -> None:
    text = patched(("status: status}", "status: status, roles: {system: user}}"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'user}}')}: chat.message.roles.system: 'user' already stands for "
        "'user'; each needs its own value"
    ]


def test_a_cycle_of_required_belongs_to_is_refused(tmp_path: Path) -> None:
    """A tree whose parent is required could never get its first row."""
    text = BASE.replace(
        "auth:\n",
        "  Node:\n    relations:\n      parent: {belongs_to: Node}\nauth:\n",
    )
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, '{belongs_to: Node}')}: models.Node.relations.parent: required "
        "belongs_to relations form a cycle (Node -> Node): the first row could never be created "
        "(make one of them nullable: true)"
    ]
    nullable = text.replace("{belongs_to: Node}", "{belongs_to: Node, nullable: true}")
    (tmp_path / "ok.yaml").write_text(nullable)
    assert load_project(tmp_path / "ok.yaml").model("Node").relations


def test_a_syntax_error_at_the_end_of_a_file_without_final_newline(tmp_path: Path) -> None:
    """The parser reports the end of the stream one line past the text; the error points at
    the last character instead, inside the file."""
    text = BASE + "x:\n  y: 1\n  d"
    path, lines = lines_of(tmp_path, text)
    last = text.count("\n") + 1
    assert lines == [f"{path}:{last}:4: invalid YAML: could not find expected ':'"]


def test_a_line_break_quoted_from_the_schema_is_escaped_in_the_message(tmp_path: Path) -> None:
    """Each problem is one line: a value with a line break is shown with ``\\n``."""
    text = BASE.replace("model: {type: string, default: echo}", 'model: {type: "a\\nb"}')
    _path, lines = lines_of(tmp_path, text)
    assert len(lines) == 1
    assert "\n" not in lines[0]
    assert "'a\\nb' is not one of" in lines[0]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_lines_are_counted_as_editors_count_them(tmp_path: Path, separator: str) -> None:
    """YAML also breaks lines at NEL, U+2028 and U+2029 inside a quoted scalar; a location
    counts lines at "\\n" only (with a byte order mark and CRLF line ends too), and the source
    line printed under it is that line."""
    text = patched(("title: Mini\n", f'title: "Mini{separator}chat"\n  x_note: "a{separator}b"\n'))
    crlf = "\ufeff" + text.replace("\n", "\r\n")
    for schema in (text, crlf):
        path, lines = lines_of(tmp_path, schema.encode("utf-8"))
        expected = at(path, text, "x_note")
        assert any(line.startswith(expected + ": ") for line in lines), (expected, lines)
        result = CliRunner().invoke(app, ["validate", str(path)])
        number = expected.split(":")[-2]
        assert f" {number} |   x_note:" in result.output, result.output


SETTINGS_MODEL = """\
  Prefs:
    owner: owner
    relations:
      owner: {belongs_to: User, unique: true}
    fields:
      look: {type: string, default: system}
      text_px: {type: int, default: 15}
      show_tokens: {type: bool, default: true}
"""


def test_ui_settings_name_fields_of_the_settings_model_of_the_right_types(
    tmp_path: Path,
) -> None:
    """Every wrong ``ui.settings`` binding at once, each located: an unknown field (with a
    hint), a field of the wrong type."""
    text = patched(("  Line:\n", SETTINGS_MODEL + "  Line:\n"))
    text += "ui:\n  settings:\n    theme: lok\n    font_size: look\n    show_tokens: show_tokens\n"
    path, issues = issues_of(tmp_path, text)
    by_path = {issue.path: issue for issue in issues}
    assert set(by_path) == {"ui.settings.theme", "ui.settings.font_size"}
    assert by_path["ui.settings.theme"].message == "unknown field of Prefs 'lok'"
    assert by_path["ui.settings.theme"].hint == "did you mean 'look'?"
    assert str(by_path["ui.settings.theme"].location) == at(path, text, "lok")
    assert by_path["ui.settings.font_size"].message == (
        "Prefs.look is string; ui.settings.font_size needs int"
    )


def test_ui_settings_need_a_one_per_user_settings_model(tmp_path: Path) -> None:
    text = BASE + "ui:\n  settings:\n    theme: look\n"
    _path, (issue,) = issues_of(tmp_path, text)
    assert issue.path == "ui.settings"
    assert "needs a one-per-user settings model" in issue.message


def test_ui_settings_bind_the_page(tmp_path: Path) -> None:
    text = patched(("  Line:\n", SETTINGS_MODEL + "  Line:\n"))
    text += "ui:\n  settings:\n    theme: look\n    font_size: text_px\n"
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_project(path).ui_settings == {"theme": "look", "font_size": "text_px"}
