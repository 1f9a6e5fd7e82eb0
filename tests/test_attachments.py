"""Image attachments (``chat.attachments``): off unless the schema asks (a schema without them
generates exactly as before), on: the built-in ChatAttachment model, its routes, settings and
tests; the names it takes are refused in a schema that enables it; and a generated project
with attachments passes its linters, type checker and its own test suite (slow)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ssot_gen.errors import SchemaError
from ssot_gen.pipeline import generate, load_project
from ssot_gen.render import plan
from tests import live

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "schemas" / "minimal.yaml"
FILES = (
    "app/chat/attachments.py",
    "app/api/routes/chat_attachments.py",
    "tests/test_attachments.py",
)


def image_chat(*, seeing: bool = False, **attachments: Any) -> dict[str, Any]:
    """The minimal schema with attachments on; ``seeing``: plus a mock model that takes images
    (the schema's per-model ``images: true``)."""
    data: dict[str, Any] = yaml.safe_load(MINIMAL.read_text())
    data["project"] = {"name": "image_chat", "title": "Image chat"}
    if seeing:
        data["providers"]["mock"]["models"]["seeing"] = {"input": 1, "output": 2, "images": True}
    data["chat"]["attachments"] = attachments
    return data


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def rendered(path: Path) -> dict[str, str]:
    return {f.path: f.text for f in plan(load_project(path))}


def test_off_by_default_nothing_of_attachments_is_generated() -> None:
    files = rendered(MINIMAL)
    assert not [p for p in files if "attachment" in p]
    assert not [
        p for p, text in files.items() if "ChatAttachment" in text or "attachments_max" in text
    ]
    assert "python-multipart" not in files["pyproject.toml"]


def test_on_adds_the_model_routes_settings_and_tests(tmp_path: Path) -> None:
    files = rendered(write(tmp_path, image_chat(max_bytes=1000, max_count=2, types=["image/png"])))
    assert set(FILES) <= set(files)
    models = files["app/models.py"]
    assert "class ChatAttachment(Base):" in models
    assert '__tablename__ = "chat_attachments"' in models
    assert 'sa.ForeignKey("members.id", ondelete="CASCADE")' in models  # the owner
    assert 'sa.ForeignKey("posts.id", ondelete="CASCADE")' in models  # the message, once sent
    assert "attachments: list[ChatAttachmentPublic]" in files["app/schemas.py"]
    config = files["app/core/config.py"]
    assert "attachments_max_bytes: int = 1000" in config
    assert "attachments_max_count: int = 2" in config
    assert "attachments_types: list[str] = ['image/png']" in config
    assert '"python-multipart' in files["pyproject.toml"]
    assert "chat_attachments.router" in files["app/api/main.py"]
    assert "attachments: list[uuid.UUID]" in files["app/chat/events.py"]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"models.ChatAttachment": {"fields": {"x": "int"}}}, "models.ChatAttachment"),
        (
            {"models.Post.fields.attachments": {"type": "json", "nullable": True}},
            "models.Post.fields.attachments",
        ),
        ({"models.Upload": {"plural": "chat_attachments"}}, "models.Upload.plural"),
        ({"models.Attachment": {}}, "models.Attachment.plural"),  # /api/attachments
    ],
)
def test_names_the_attachments_take_are_refused(
    tmp_path: Path, change: dict[str, Any], where: str
) -> None:
    data = image_chat()
    for dotted, value in change.items():
        node = data
        *parents, last = dotted.split(".")
        for key in parents:
            node = node[key]
        node[last] = value
    with pytest.raises(SchemaError) as caught:
        load_project(write(tmp_path, data))
    assert where in [issue.path for issue in caught.value.issues], caught.value.issues
    data["chat"].pop("attachments")  # without attachments the same names are free
    load_project(write(tmp_path, data))


@pytest.mark.parametrize(
    "attachments",
    [{"types": ["image/bmp"]}, {"types": []}, {"max_count": 0}, {"max_bytes": 0}, {"extra": 1}],
)
def test_bad_attachment_settings_are_schema_errors(
    tmp_path: Path, attachments: dict[str, Any]
) -> None:
    with pytest.raises(SchemaError) as caught:
        load_project(write(tmp_path, image_chat(**attachments)))
    assert all(issue.path.startswith("chat.attachments") for issue in caught.value.issues)


@pytest.fixture(scope="module")
def image_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project generated from the image chat schema (once per module)."""
    root = tmp_path_factory.mktemp("image_chat")
    generate(write(root, image_chat(seeing=True, max_count=3)), root / "project")
    return root / "project"


def own_suite(project: Path, env: dict[str, str], *tests: str) -> None:
    """Run the project's suite (or only ``tests``); nothing may fail or skip."""
    command = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *tests]
    output = live.run(command, project, env)
    assert " passed" in output and "failed" not in output and "skipped" not in output, output


@pytest.mark.slow
def test_generated_project_with_attachments_passes_its_linters_and_suite(
    image_project: Path,
) -> None:
    env = live.project_env("sqlite+aiosqlite:///unused.db")
    env.pop("DATABASE_URL")
    for args in (
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--check", "--no-cache", "."],
        ["black", "--check", "--quiet", "."],
        ["mypy"],
    ):
        live.run([sys.executable, "-m", *args], image_project, env)
    own_suite(image_project, env)


@pytest.mark.slow
def test_generated_attachments_suite_passes_on_postgres(
    image_project: Path, postgres_url: str
) -> None:
    # the attachments and chat tests: the rest runs on PostgreSQL in the examples' smoke tests
    env = live.project_env(postgres_url, TEST_DATABASE_URL=postgres_url)
    own_suite(image_project, env, "tests/test_attachments.py", "tests/test_chat.py")
