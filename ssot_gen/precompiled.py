"""Templates compiled ahead of time, shipped as Python modules in ``ssot_gen/_compiled/``.

Compiling the ~40 templates costs about 0.35 s, a third of a cold ``generate``. Jinja2 can
compile a template to Python source once (``Environment.compile(..., raw=True)``); those
sources are committed here, installed with the package (pip byte-compiles them like any
module), and loaded with ``Template.from_module_dict`` - the mechanism of Jinja2's own
``ModuleLoader``. Unlike ``ModuleLoader``, :class:`Loader` checks every template before using
its compiled module: ``_compiled/index.json`` records the Jinja2 version and each template's
SHA-256, and a template whose source (or Jinja2 version) differs is compiled as usual, so an
edited template is never rendered from a stale module. ``python -m ssot_gen.precompiled``
rewrites the directory; ``tests/test_precompiled.py`` fails while it is out of date.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import shutil
import sys
from collections.abc import MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

DIRECTORY = Path(__file__).resolve().parent / "_compiled"
PACKAGE = f"{__package__}._compiled"
INDEX = "index.json"


def module_name(template: str) -> str:
    """``app/models.py.jinja`` -> ``t_app_models_py``: a readable, importable module name."""
    return "t_" + re.sub(r"[^0-9a-zA-Z]+", "_", template.removesuffix(".jinja")).strip("_")


def checksum(source: str) -> str:
    """SHA-256 (hex) of a template's source text, UTF-8."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@cache
def index(directory: Path = DIRECTORY) -> dict[str, str]:
    """Template name -> checksum of the source it was compiled from; empty when the directory
    is missing, unreadable or compiled by another Jinja2 version."""
    try:
        data = json.loads((directory / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("jinja2") != jinja2.__version__:
        return {}
    templates = data.get("templates")
    return dict(templates) if isinstance(templates, dict) else {}


class Loader(jinja2.FileSystemLoader):
    """A ``FileSystemLoader`` that takes a template's compiled module from ``_compiled/`` when
    the module was compiled from exactly this source by this Jinja2 version."""

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """The template ``name``; raises ``jinja2.TemplateNotFound`` as the parent does."""
        source, _, _ = self.get_source(environment, name)
        if index().get(name) != checksum(source):
            return super().load(environment, name, globals)
        module = importlib.import_module(f"{PACKAGE}.{module_name(name)}")
        return environment.template_class.from_module_dict(
            environment, module.__dict__, environment.make_globals(globals)
        )


def write(environment: jinja2.Environment, names: list[str], directory: Path = DIRECTORY) -> None:
    """Compile ``names`` (templates of ``environment``) into ``directory``, replacing it.

    Deterministic: the same templates and Jinja2 version give the same bytes. Raises
    ``ValueError`` if two templates map to one module name.
    """
    assert environment.loader is not None
    owners: dict[str, str] = {}
    texts: dict[str, str] = {}
    entries: dict[str, str] = {}
    for name in names:
        source, _, _ = environment.loader.get_source(environment, name)
        module = module_name(name)
        if module in owners:
            raise ValueError(f"{name} and {owners[module]} share the module name {module}")
        owners[module] = name
        code = environment.compile(source, name, None, raw=True, defer_init=True)
        header = f"# Compiled by ssot_gen.precompiled from templates/{name}; do not edit.\n"
        texts[module] = header + code.rstrip("\n") + "\n"
        entries[name] = checksum(source)
    staging = directory.with_name(directory.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / "__init__.py").write_text('"""Compiled templates (ssot_gen.precompiled)."""\n')
    for module, text in sorted(texts.items()):
        (staging / f"{module}.py").write_text(text, encoding="utf-8")
    data = {"jinja2": jinja2.__version__, "templates": dict(sorted(entries.items()))}
    (staging / INDEX).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(directory, ignore_errors=True)
    staging.rename(directory)
    index.cache_clear()


def compile_all(directory: Path = DIRECTORY) -> None:
    """Compile every template of the shipped tree (``*.jinja``, macros included)."""
    from ssot_gen.render import environment, templates_dir

    root = templates_dir()
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.jinja"))
    write(environment(root), names, directory)


def main() -> int:
    """``python -m ssot_gen.precompiled``: rewrite ``ssot_gen/_compiled/``."""
    compile_all()
    print(f"wrote {DIRECTORY}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
