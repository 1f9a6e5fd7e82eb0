"""Render the templates for a project: ``plan(project) -> list[RenderedFile]``; pure, no I/O.

The ``templates/`` tree mirrors the generated tree; each file is ``<output path>.jinja``.
Files in ``templates/`` that do not end in ``.jinja`` are schema-independent runtime code and
are copied verbatim (they are linted, type-checked and unit-tested where they are written).
A path part in braces is a loop: ``app/api/routes/{model.plural}.py.jinja`` is rendered once
per model (with ``model`` in the context), ``{component.tag}`` once per UI component. A
template whose output is blank is not emitted (that is how optional files are switched off).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ssot_gen import escape
from ssot_gen.errors import GenerationError

if TYPE_CHECKING:
    from ssot_gen.ir import Project

PLACEHOLDER = re.compile(r"\{(model|component|enum)\.([a-z_]+)\}")
LOOPS = {"model": "models", "component": "components", "enum": "enums"}


@dataclass(frozen=True)
class RenderedFile:
    """One output file: ``path`` is relative and POSIX-style."""

    path: str
    text: str


def templates_dir() -> Path:
    """The templates tree: inside the installed package, else beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise GenerationError(f"templates directory not found near {here}")


@cache
def environment(root: Path) -> jinja2.Environment:
    """The Jinja2 environment: StrictUndefined, keep_trailing_newline, trim/lstrip blocks.

    Every literal a schema puts into generated code goes through one escaping filter per
    target: ``py`` (a Python literal), ``pydoc`` (a docstring body), ``toml`` (a TOML string),
    ``js`` (a JavaScript/JSON literal, safe inside ``<script>``), ``html`` (element text or a
    quoted attribute), ``md`` (Markdown inline text) and ``md_code`` (a Markdown code span).
    """
    from ssot_gen import precompiled

    shipped = root.resolve() == templates_dir()
    env = jinja2.Environment(
        # the shipped templates come precompiled when their modules are up to date
        loader=(precompiled.Loader if shipped else jinja2.FileSystemLoader)(str(root)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["tojson_compact"] = _tojson_compact
    env.filters["pyrepr"] = repr
    env.filters["py"] = escape.py
    env.filters["pydoc"] = escape.pydoc
    env.filters["toml"] = escape.toml
    env.filters["js"] = escape.js
    env.filters["html"] = escape.html
    env.filters["md"] = escape.md
    env.filters["md_code"] = escape.md_code
    env.filters["dotenv"] = escape.dotenv
    env.filters["kwargs"] = _kwargs
    return env


def cache_dir(kind: str) -> Path | None:
    """A machine-local cache directory (made if missing): ``$SSOT_GEN_CACHE/<kind>``, by
    default under ``$XDG_CACHE_HOME/ssot-gen`` or ``~/.cache/ssot-gen``. None when
    ``SSOT_GEN_CACHE=off`` or when it cannot be made (the caches are then not used)."""
    chosen = os.environ.get("SSOT_GEN_CACHE")
    if chosen == "off":
        return None
    if chosen:
        base = Path(chosen)
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ssot-gen"
    directory = base / kind
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return directory


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (``cache_dir``), per Python version; Jinja keys
    each entry by the template's name and a checksum of its source, so an edited template is
    recompiled."""
    directory = cache_dir(f"jinja-py{sys.version_info[0]}{sys.version_info[1]}")
    return jinja2.FileSystemBytecodeCache(str(directory)) if directory else None


TOOLS = ("ruff", "alembic", "sqlalchemy", "jinja2")


@cache
def generator_digest() -> str:
    """SHA-256 of the generator itself: its version, every ``ssot_gen`` source file, every file
    of the templates tree, and the versions of the tools whose output it keeps (ruff, Alembic,
    SQLAlchemy, Jinja2). Computed once per process."""
    from ssot_gen import __version__

    digest = hashlib.sha256(f"ssot-gen {__version__}\n".encode())
    for tool in TOOLS:
        try:
            version = importlib.metadata.version(tool)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{tool} {version}\n".encode())
    package = Path(__file__).resolve().parent
    for root, pattern in ((package, "*.py"), (templates_dir(), "*")):
        for path in sorted(root.rglob(pattern)):
            parts = path.relative_to(root).parts
            if path.is_file() and path.suffix != ".pyc" and not set(parts) & set(VERBATIM_SKIP):
                digest.update(f"{root.name}/{'/'.join(parts)}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).hexdigest().encode())
    return digest.hexdigest()


def _kwargs(pairs: tuple[tuple[str, str], ...]) -> str:
    """``(("max_length", "100"), ("ge", "0"))`` -> ``max_length=100, ge=0``."""
    return ", ".join(f"{key}={value}" for key, value in pairs)


def _tojson_compact(value: Any) -> str:
    import json

    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def template_names(root: Path) -> list[str]:
    """Every template, relative POSIX path, sorted."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.jinja")
        if p.is_file() and (p.name.startswith("__") or not p.name.startswith("_"))
    )


VERBATIM_SKIP = ("__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache")


def verbatim_names(root: Path) -> list[str]:
    """Every schema-independent file (not ``*.jinja``), relative POSIX path, sorted."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file()
        and not p.name.endswith((".jinja", ".pyc"))
        and not any(part in VERBATIM_SKIP for part in p.relative_to(root).parts)
    )


def plan(project: Project, root: Path | None = None) -> list[RenderedFile]:
    """Render every template for ``project`` and add the verbatim files; sorted by path.

    Raises GenerationError if a template fails (with the template's name), or if a verbatim
    file and a template produce the same path.
    """
    root = root or templates_dir()
    env = environment(root)
    files: dict[str, str] = {
        name: (root / name).read_text(encoding="utf-8")
        for name in verbatim_names(root)
        if name not in project.omitted_files
    }
    verbatim = set(files)
    for name in template_names(root):
        template = env.get_template(name)
        output = name.removesuffix(".jinja")
        for context, path in _expand(project, output):
            try:
                text = template.render(project=project, **context)
            except jinja2.TemplateError as err:
                raise GenerationError(f"template {name}: {err}") from err
            if path in verbatim:
                raise GenerationError(f"template {name} and a verbatim file both write {path}")
            if text.strip():
                files[path] = text
    return [RenderedFile(path, files[path]) for path in sorted(files)]


def _expand(project: Project, output: str) -> list[tuple[dict[str, Any], str]]:
    match = PLACEHOLDER.search(output)
    if match is None:
        return [({}, output)]
    kind = match.group(1)
    items = getattr(project, LOOPS[kind])
    expanded = []
    for item in items:

        def substitute(match: re.Match[str], item: Any = item) -> str:
            if match.group(1) != kind:
                return match.group(0)
            return str(getattr(item, match.group(2)))

        expanded.append(({kind: item}, PLACEHOLDER.sub(substitute, output)))
    return expanded
