"""The pieces a team that brings its own front end uses, checked with the official tools,
pinned in ``tests/node``, for every example and for schemas of other domains (one with JSON
fields, enums and a tree): the AsyncAPI document of ``/ws`` (``python -m app.asyncapi``, also
served at ``/asyncapi.yaml``) is valid for ``@asyncapi/parser``, and ``app/static/types.d.ts``
compiles with ``tsc --noEmit --strict``. (The generated suite checks that both match the
pydantic models.) Node and npm are needed (skipped without them, unless
SSOT_REQUIRE_SERVICES=1)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from ssot_gen.pipeline import generate
from tests import live
from tests.conftest import EXAMPLES, NODE_DIR

OTHER_DOMAINS = ("tenant_chat", "all_types")
"""Schemas of ``tests/schemas``: other names and domains, JSON fields, odd enums."""


@pytest.fixture(scope="module")
def projects(
    generated: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The examples and the schemas of other domains, generated: {name: project dir}."""
    root = tmp_path_factory.mktemp("typed")
    others = {name: root / name for name in OTHER_DOMAINS}
    for name, directory in others.items():
        generate(Path(__file__).parent / "schemas" / f"{name}.yaml", directory)
    return {**generated, **others}


@pytest.mark.parametrize("name", [*EXAMPLES, *OTHER_DOMAINS])
def test_the_asyncapi_document_is_valid_for_the_official_parser(
    name: str, projects: dict[str, Path], node: list[str], tmp_path: Path
) -> None:
    project = projects[name]
    env = live.project_env(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")
    document = live.run([sys.executable, "-m", "app.asyncapi"], cwd=project, env=env)
    path = tmp_path / "asyncapi.yaml"
    path.write_text(document, encoding="utf-8")
    output = live.run([*node, "asyncapi-validate.mjs", str(path)], cwd=NODE_DIR, env=env)
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    diagnostics = [line for line in lines if "severity" in line]
    assert not [d for d in diagnostics if d["severity"] <= 1], diagnostics  # errors, warnings
    summary = lines[-1]
    assert summary["valid"] and summary["version"].startswith("3.")
    assert summary["messages"] >= 10  # the client frames, the schema's events, auth.ok, error


def test_the_typescript_types_compile_strictly(
    projects: dict[str, Path], node: list[str], tmp_path: Path
) -> None:
    """One ``tsc`` run for every project's ``types.d.ts`` (each in a module of its own)."""
    tsc = NODE_DIR / "node_modules" / "typescript" / "bin" / "tsc"
    files = [str(project / "app" / "static" / "types.d.ts") for project in projects.values()]
    env = live.project_env(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")
    live.run([node[0], str(tsc), "--noEmit", "--strict", *files], cwd=NODE_DIR, env=env)


USAGE = """\
import { ApiError, ChatClient } from "./client.js";
import { renderMarkdown } from "./markdown.js";
import type { ServerFrameData } from "./types";

const client = new ChatClient({ token: null, onToken: (token) => void token });
client.on("auth.ok", (data) => console.log(data.user_id, data.expires_at));
client.on("error", ({ code, message }) => console.log(code, message));
client.on("close", ({ code, reason }) => console.log(code, reason));
client.on("*", (_data, frame) => console.log(frame.type));
client.send("message.send", { content: "Hello" });
client.send("stream.resume", { message_id: "id", offset: client.textOf("id").length });
const failed = (error: unknown) => error instanceof ApiError && error.status === 422;
client.request("GET", "/x").catch(failed);
const ok: ServerFrameData<"auth.ok"> = { user_id: "u", expires_at: "t" };
console.log(ok, renderMarkdown("**bold**"));
"""
"""A TypeScript program that uses client.js through client.d.ts, as a team's front end would."""


def test_the_client_and_markdown_modules_type_check(
    projects: dict[str, Path], node: list[str], tmp_path: Path
) -> None:
    """``client.js``, ``markdown.js`` and ``cache.js`` type-check (``checkJs``, strict) with
    their JSDoc, and a TypeScript program using the client through ``client.d.ts`` and
    ``types.d.ts`` compiles, for every project."""
    tsc = NODE_DIR / "node_modules" / "typescript" / "bin" / "tsc"
    env = live.project_env(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")
    for name, project in projects.items():
        static = tmp_path / name
        shutil.copytree(project / "app" / "static", static)
        (static / "usage.ts").write_text(USAGE, encoding="utf-8")
        options = ["--noEmit", "--strict", "--skipLibCheck", "--target", "es2022"]
        options += ["--module", "es2022", "--moduleResolution", "bundler"]
        options += ["--lib", "es2022,dom,dom.iterable"]
        usage = [str(static / "usage.ts")]  # client.js through client.d.ts (found first)
        live.run([node[0], str(tsc), *options, "--allowJs", *usage], cwd=NODE_DIR, env=env)
        js = [str(static / name) for name in ("client.js", "markdown.js", "cache.js")]
        live.run(
            [node[0], str(tsc), *options, "--allowJs", "--checkJs", *js], cwd=NODE_DIR, env=env
        )
