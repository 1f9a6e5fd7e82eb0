"""What ssot-gen ships precomputed is up to date: the compiled templates in
``ssot_gen/_compiled/`` and the inherited-attribute snapshot in ``ssot_gen/ir/inherited.py``.
Both are only speed: a stale entry is recomputed at run time, never used."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from ssot_gen import precompiled
from ssot_gen.ir import inherited
from ssot_gen.render import environment, templates_dir


def test_compiled_templates_are_up_to_date(tmp_path: Path) -> None:
    """Rewriting the directory changes nothing (run ``python -m ssot_gen.precompiled``)."""
    target = tmp_path / "_compiled"
    precompiled.compile_all(target)
    shipped = {p.name: p.read_bytes() for p in precompiled.DIRECTORY.glob("*") if p.is_file()}
    fresh = {p.name: p.read_bytes() for p in target.glob("*") if p.is_file()}
    assert shipped == fresh, "run: python -m ssot_gen.precompiled"


def test_every_shipped_template_loads_from_its_compiled_module() -> None:
    env = environment(templates_dir())
    for name in precompiled.index():
        template = env.get_template(name)
        assert template.filename is not None
        assert Path(template.filename).parent == precompiled.DIRECTORY


def test_an_edited_template_is_compiled_not_taken_from_a_stale_module(tmp_path: Path) -> None:
    """The loader takes a compiled module only for the exact source it was compiled from."""
    name = "alembic.ini.jinja"
    source = (templates_dir() / name).read_text(encoding="utf-8")
    (tmp_path / name).write_text(source, encoding="utf-8")
    env = jinja2.Environment(loader=precompiled.Loader(str(tmp_path)), keep_trailing_newline=True)
    unchanged = env.get_template(name)
    assert Path(unchanged.filename or "").parent == precompiled.DIRECTORY

    (tmp_path / name).write_text("# edited\n" + source, encoding="utf-8")
    env = jinja2.Environment(loader=precompiled.Loader(str(tmp_path)), keep_trailing_newline=True)
    edited = env.get_template(name)
    assert Path(edited.filename or "") == tmp_path / name
    assert edited.render().startswith("# edited\n")


def test_two_templates_with_one_module_name_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    (root / "a").mkdir(parents=True)
    (root / "a" / "b.jinja").write_text("1")
    (root / "a_b.jinja").write_text("2")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(root)))
    with pytest.raises(ValueError, match="share the module name"):
        precompiled.write(env, ["a/b.jinja", "a_b.jinja"], tmp_path / "out")


def test_inherited_snapshot_matches_the_installed_libraries() -> None:
    """``names()`` is the live answer; the snapshot is it for the versions it names
    (run ``python -m ssot_gen.ir.inherited`` after upgrading SQLAlchemy or pydantic)."""
    assert inherited.names() == inherited.live()
    if inherited.installed_versions() == inherited.VERSIONS:
        assert inherited.SNAPSHOT == inherited.live()
