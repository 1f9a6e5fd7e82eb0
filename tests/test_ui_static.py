"""The generated UI under ``app/static/``: valid ES modules, no dangling references, and one
custom element per component the schema asks for, bound to the schema's own names."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from ssot_gen.ir import Project
from ssot_gen.pipeline import load_project
from ssot_gen.render import plan, templates_dir

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
STATIC = "app/static/"
NODE = shutil.which("node")

STATIC_REF = re.compile(r"""(?:src|href)="(/static/[^"]+)\"""")
IMPORT = re.compile(r"""^\s*import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']""", re.MULTILINE)
DEFINE = re.compile(r"""customElements\.define\(\s*["']([a-z][a-z0-9-]*)["']""")


def _schema_param(name: str) -> object:
    path = SCHEMAS / f"{name}.yaml"
    marks = [] if path.exists() else [pytest.mark.skip(reason=f"{path.name} is not there")]
    return pytest.param(path, id=name, marks=marks)


SCHEMA_PARAMS = [_schema_param("ai_chat"), _schema_param("support_desk")]


def _static(project: Project) -> dict[str, str]:
    """The rendered ``app/static`` files, keyed by their path under ``app/static/``."""
    return {f.path.removeprefix(STATIC): f.text for f in plan(project) if f.path.startswith(STATIC)}


def _write(files: dict[str, str], root: Path) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(params=SCHEMA_PARAMS)
def project(request: pytest.FixtureRequest) -> Project:
    return load_project(request.param)


@pytest.fixture
def static(project: Project) -> dict[str, str]:
    return _static(project)


def _variant(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Project:
    """ai_chat.yaml, changed by ``edit(data)``, loaded as a project."""
    data = yaml.safe_load((SCHEMAS / "ai_chat.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_project(path)


def test_page_and_modules_are_there(static: dict[str, str]) -> None:
    assert {"index.html", "app.js", "config.js"} <= static.keys()
    assert '<script type="module" src="/static/app.js"></script>' in static["index.html"]


@pytest.mark.skipif(NODE is None, reason="node is not on PATH")
def test_every_js_file_is_a_valid_es_module(static: dict[str, str], tmp_path: Path) -> None:
    scripts = {rel: text for rel, text in static.items() if rel.endswith(".js")}
    assert len(scripts) >= 3
    # .mjs: node parses it as an ES module whatever the package.json around it says.
    _write({rel.removesuffix(".js") + ".mjs": text for rel, text in scripts.items()}, tmp_path)
    for rel in scripts:
        module = tmp_path / (rel.removesuffix(".js") + ".mjs")
        result = subprocess.run(
            [NODE or "node", "--check", str(module)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{rel}:\n{result.stderr}"


def test_static_references_resolve(static: dict[str, str]) -> None:
    refs = STATIC_REF.findall(static["index.html"])
    assert "/static/app.js" in refs
    for ref in refs:
        assert ref.removeprefix("/static/") in static, f"index.html refers to missing {ref}"
    for rel, text in static.items():
        if not rel.endswith(".js"):
            continue
        for spec in IMPORT.findall(text):
            assert spec.startswith("./") or spec.startswith("../"), f"{rel} imports {spec}"
            target = PurePosixPath(rel).parent / spec
            parts: list[str] = []
            for part in target.parts:
                if part == "..":
                    assert parts, f"{rel} imports {spec} from above app/static"
                    parts.pop()
                elif part != ".":
                    parts.append(part)
            assert "/".join(parts) in static, f"{rel} imports missing {spec}"


def test_app_imports_every_component(project: Project, static: dict[str, str]) -> None:
    imported = set(IMPORT.findall(static["app.js"]))
    expected = {f"./{c.file}" for c in project.components} | {
        "./config.js",
        "./client.js",
        "./cache.js",
    }
    assert imported == expected


def ours(rel: str) -> bool:
    """Code of the page itself: not a vendored library, not a type declaration (``.d.ts``
    names the schema's models and fields on purpose)."""
    return not rel.startswith("vendor/") and not rel.endswith(".d.ts")


def rendered(rel: str) -> bool:
    """Rendered from a Jinja template (the others are copied verbatim)."""
    return (templates_dir() / "app" / "static" / f"{rel}.jinja").exists()


def test_no_leftovers(static: dict[str, str]) -> None:
    for rel, text in static.items():
        assert text.strip(), rel
        if not ours(rel):
            continue
        words = ("undefined", "TODO", "{{", "{%") if rendered(rel) else ("TODO",)
        for word in words:
            assert word not in text, f"{rel} contains {word!r}"


def test_defined_tags_are_the_schema_components(project: Project, static: dict[str, str]) -> None:
    defined: dict[str, str] = {}
    for rel, text in static.items():
        for tag in DEFINE.findall(text):
            assert tag not in defined, f"{tag} defined in {defined.get(tag)} and {rel}"
            defined[tag] = rel
    assert defined == {c.tag: c.file for c in project.components}
    components = {rel for rel in static if rel.startswith("components/")}
    assert components == {c.file for c in project.components}
    for component in project.components:
        if component.kind == "ChatMessage":  # one per message, made by app.js
            assert "document.createElement(tags.ChatMessage" in static["app.js"]
        else:
            assert f"<{component.tag}></{component.tag}>" in static["index.html"]


def test_no_external_resources(static: dict[str, str]) -> None:
    for rel, text in static.items():
        if ours(rel):  # the vendored libraries' licence headers name their home pages
            assert not re.search(r"https?://", text), f"{rel} loads something from the network"
        assert not re.search(r"""import\s*\(?\s*["']https?:""", text), (
            f"{rel} imports from the network"
        )


def test_config_carries_the_schema_bindings(project: Project, static: dict[str, str]) -> None:
    config = static["config.js"]
    chat = project.chat
    assert f'url: "/api{chat.conversation.url}",' in config
    assert f'conversationKey: "{chat.message_fk}",' in config
    assert f'login: "{project.auth.login_field.name}",' in config
    for key, name in chat.msg.items():
        assert f"    {key}: {'null' if name is None else chr(34) + name + chr(34)}," in config
    for key, value in chat.role_values.items():
        assert f'    {key}: "{value}",' in config
    for provider in project.providers:
        for model in provider.models:
            line = f'{{ name: "{model.name}", input: "{model.input}", output: "{model.output}" }}'
            assert line in config
    assert f'export const defaultProvider = "{project.default_provider.name}";' in config


def test_ui_follows_renamed_fields(tmp_path: Path) -> None:
    """Rename the bound fields: the UI must name the new ones and never the old ones."""

    def rename(data: dict[str, Any]) -> None:
        fields = data["models"]["Message"]["fields"]
        fields["body_text"] = fields.pop("content")
        fields["speaker"] = fields.pop("role")
        data["chat"]["message"]["content"] = "body_text"
        data["chat"]["message"]["role"] = "speaker"
        conv = data["models"]["Conversation"]["fields"]
        conv["subject"] = conv.pop("title")
        data["chat"]["conversation"]["title"] = "subject"

    static = _static(_variant(tmp_path, rename))
    config = static["config.js"]
    assert 'content: "body_text",' in config
    assert 'role: "speaker",' in config
    assert 'title: "subject",' in config
    for rel, text in static.items():
        if not ours(rel):
            continue
        for old in ('"content"', '"role"', '"title"', "'content'"):
            assert old not in text, f"{rel} names {old}"
        for data in ('label: "Conversation",', ">Conversation options<"):  # its title: data
            text = text.replace(data, "")
        assert not re.search(r"\b(Message|Conversation)\b", text), f"{rel} names a model"


def test_only_requested_components_are_emitted(tmp_path: Path) -> None:
    def keep_two(data: dict[str, Any]) -> None:
        data["ui"]["components"] = ["ChatInput", "TokenCounter"]

    project = _variant(tmp_path, keep_two)
    static = _static(project)
    assert sorted(rel for rel in static if rel.startswith("components/")) == [
        "components/chat-input.js",
        "components/token-counter.js",
    ]
    page = static["index.html"]
    assert "<chat-input></chat-input>" in page
    assert "chat-message" not in page and "chat-conversation-list" not in page
    assert 'id="new-conversation"' in page  # the list's stand-in
    assert 'import "./components/chat-message.js";' not in static["app.js"]


def test_settings_form_binds_the_one_per_user_model(
    static: dict[str, str], project: Project
) -> None:
    settings = static["config.js"].split("export const settings = ", 1)[1].split("};", 1)[0]
    candidates = [
        m
        for m in project.private_models
        if m.owner is not None
        and m.owner.unique
        and not (m.is_user or m.is_chat_conversation or m.is_chat_message)
    ]
    bound = candidates[0] if candidates else project.auth.user
    assert f'url: "/api{bound.url}",' in settings
    names = re.findall(r'\{ name: "([a-z0-9_]+)"', settings)
    assert names == [f.name for f in bound.writable_fields]
    if not candidates:
        assert f'meUrl: "/api{bound.url}/me",' in settings


def test_profile_when_no_settings_model(tmp_path: Path) -> None:
    def drop_settings(data: dict[str, Any]) -> None:
        del data["models"]["ChatSettings"]
        del data["ui"]["settings"]  # its bindings name the model's fields

    project = _variant(tmp_path, drop_settings)
    settings = _static(project)["config.js"].split("export const settings = ", 1)[1]
    assert settings.startswith('{\n  title: "Profile",')
    assert f'meUrl: "/api{project.auth.user.url}/me",' in settings


def test_rendering_is_deterministic(project: Project) -> None:
    assert _static(project) == _static(project)


@pytest.mark.skipif(NODE is None, reason="node is not on PATH")
def test_the_selectors_offer_what_the_server_lists(static: dict[str, str], tmp_path: Path) -> None:
    """``useServerProviders`` replaces the schema's providers with ``GET /api/providers``'s
    answer (configured providers only, today's prices), which ``priceOf`` then reads."""
    (tmp_path / "config.mjs").write_text(static["config.js"], encoding="utf-8")
    script = """
import * as config from "./config.mjs";
const before = config.providers.length;
config.useServerProviders({count: 1, data: [{name: "mock", kind: "mock", label: "Offline",
  default_model: "m1", models: [{name: "m1", context_window: null, images: true,
  price: {input: "0.1", output: "0.2"}, prices: []}, {name: "m2", price: null}]}]});
console.log(JSON.stringify({before, providers: config.providers,
  price: config.priceOf("mock", "m1"), none: config.priceOf("openai", "gpt")}));
"""
    (tmp_path / "check.mjs").write_text(script, encoding="utf-8")
    result = subprocess.run(
        [NODE or "node", str(tmp_path / "check.mjs")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["before"] >= 1
    assert answer["providers"] == [
        {
            "name": "mock",
            "label": "Offline",
            "defaultModel": "m1",
            "models": [
                {"name": "m1", "input": "0.1", "output": "0.2", "images": True},
                {"name": "m2", "input": None, "output": None, "images": False},
            ],
        }
    ]
    assert answer["price"] == {"name": "m1", "input": "0.1", "output": "0.2", "images": True}
    assert answer["none"] is None
