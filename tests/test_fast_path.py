"""The fast paths: a regenerate with nothing changed renders nothing, one whose models did not
change spawns no Alembic autogenerate subprocess — and neither is taken when anything differs
(the schema, the generator, a file on disk, the revisions). Every result is compared with the
slow path's (the same project without ``.ssot/cache.json``)."""

from __future__ import annotations

import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ssot_gen import migrate, pipeline, prestart
from ssot_gen.write import CACHE, read_tree

MINIMAL = (Path(__file__).parent / "schemas" / "minimal.yaml").read_text()
THREAD_FIELDS = "      engine_model: {type: string, max_length: 40, default: tiny}\n"


@pytest.fixture(autouse=True)
def no_machine_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autogenerate answers are not reused across projects here: every miss spawns."""
    monkeypatch.setenv("SSOT_GEN_CACHE", "off")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated minimal project (with its cache), copied by each test."""
    root = tmp_path_factory.mktemp("fast")
    (root / "schema.yaml").write_text(MINIMAL)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SSOT_GEN_CACHE", "off")
        pipeline.generate(root / "schema.yaml", root / "project")
    return root


@pytest.fixture
def project(base: Path, tmp_path: Path) -> Path:
    shutil.copy(base / "schema.yaml", tmp_path / "schema.yaml")
    shutil.copytree(base / "project", tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The subprocesses run, counted in this process: ``autogen`` for each autogenerate
    process given a request (a prestarted one that none takes is discarded unused), else
    the tool's name."""
    calls: list[str] = []
    real = subprocess.run
    real_take = prestart.take

    def counting(args: list[str], *rest: Any, **kwargs: Any) -> Any:
        calls.append(Path(args[0]).name)
        return real(args, *rest, **kwargs)

    def taking() -> Any:
        calls.append("autogen")
        return real_take()

    monkeypatch.setattr(subprocess, "run", counting)
    monkeypatch.setattr(prestart, "take", taking)
    yield calls


def statuses(staged: pipeline.Staged) -> list[tuple[str, str, str]]:
    return [(entry.path, entry.status, entry.note) for entry in staged.statuses]


def slow(project: Path, tmp_path: Path) -> pipeline.Staged:
    """``prepare`` on a copy of ``project`` without its cache (the slow path)."""
    copy = tmp_path / "slow"
    shutil.copytree(project, copy)
    (copy / CACHE).unlink(missing_ok=True)
    return pipeline.prepare(project.parent / "schema.yaml", copy, refuse=False)


def test_an_unchanged_regenerate_renders_and_spawns_nothing(
    project: Path, tmp_path: Path, spawned: list[str]
) -> None:
    before = read_tree(project)
    report = pipeline.generate(project.parent / "schema.yaml", project)
    assert report.fast_path
    assert spawned == []
    assert {entry.status for entry in report.files} == {"identical"}
    assert read_tree(project) == before
    assert pipeline.check(project.parent / "schema.yaml", project).stale == []
    assert pipeline.diff(project.parent / "schema.yaml", project).text == ""
    fast = pipeline.prepare(project.parent / "schema.yaml", project)
    assert fast.fast_path
    assert statuses(fast) == statuses(slow(project, tmp_path))


def test_a_comment_in_the_schema_needs_no_rendering(project: Path, spawned: list[str]) -> None:
    schema = project.parent / "schema.yaml"
    schema.write_text(schema.read_text() + "# a comment\n")
    assert pipeline.unchanged_source(schema, project) is None  # other bytes
    report = pipeline.generate(schema, project)
    assert report.fast_path  # the same schema: nothing rendered
    assert spawned == []
    assert pipeline.unchanged_source(schema, project) is not None  # its bytes recorded


def test_a_hand_edit_is_kept_and_then_fast(project: Path, tmp_path: Path) -> None:
    main = project / "app" / "main.py"
    main.write_text(main.read_text() + "\n# mine\n")
    first = pipeline.generate(project.parent / "schema.yaml", project)
    assert not first.fast_path
    assert ("app/main.py", "keep") in [(e.path, e.status) for e in first.files]
    again = pipeline.prepare(project.parent / "schema.yaml", project)
    assert again.fast_path
    assert statuses(again) == statuses(slow(project, tmp_path))
    assert pipeline.unchanged_source(project.parent / "schema.yaml", project) == again.statuses
    assert main.read_text().endswith("# mine\n")


def edit_file(project: Path) -> None:
    path = project / "app" / "schemas.py"
    path.write_text(path.read_text() + "# edited\n")


def delete_file(project: Path) -> None:
    (project / "app" / "main.py").unlink()


def delete_base(project: Path) -> None:
    (project / ".ssot" / "base" / "app" / "main.py").unlink()


def retitle(project: Path) -> None:
    schema = project.parent / "schema.yaml"
    schema.write_text(schema.read_text().replace("title: Tiny chat", "title: Small chat"))


def ignore_file(project: Path) -> None:
    (project / ".ssot" / "ignore").write_text("app/main.py\n")


# name: (change, whether autogenerate must run)
CHANGES: dict[str, tuple[Callable[[Path], None], bool]] = {
    "file edited": (edit_file, False),
    "file deleted": (delete_file, False),
    "base file deleted": (delete_base, False),
    "schema edited, models unchanged": (retitle, False),
    "ignore patterns": (ignore_file, False),
}


@pytest.mark.parametrize("name", CHANGES)
def test_any_difference_takes_the_slow_path(
    name: str, project: Path, tmp_path: Path, spawned: list[str]
) -> None:
    change, autogenerates = CHANGES[name]
    change(project)
    expected = statuses(slow(project, tmp_path))
    spawned.clear()
    staged = pipeline.prepare(project.parent / "schema.yaml", project)
    assert not staged.fast_path
    assert ("autogen" in spawned) == autogenerates
    assert statuses(staged) == expected
    report = pipeline.generate(project.parent / "schema.yaml", project)
    assert not report.fast_path
    assert pipeline.prepare(project.parent / "schema.yaml", project).fast_path


def test_a_schema_edit_that_keeps_the_models_updates_the_code(
    project: Path, spawned: list[str]
) -> None:
    retitle(project)
    stale = pipeline.check(project.parent / "schema.yaml", project).stale
    assert any(line.startswith("update: app/") for line in stale)
    assert not any(line.startswith("migration missing:") for line in stale)
    report = pipeline.generate(project.parent / "schema.yaml", project)
    assert "autogen" not in spawned
    assert report.migration is None
    assert any(e.status == "update" for e in report.files)
    assert "Small chat" in "".join(read_tree(project).values())


def test_a_model_change_autogenerates(project: Path, spawned: list[str]) -> None:
    schema = project.parent / "schema.yaml"
    schema.write_text(
        MINIMAL.replace(
            THREAD_FIELDS, THREAD_FIELDS + "      pinned: {type: bool, default: false}\n"
        )
    )
    stale = pipeline.check(schema, project).stale
    assert any(line.startswith("migration missing:") for line in stale)
    report = pipeline.generate(schema, project)
    assert spawned.count("autogen") == 2
    assert report.migration is not None


def test_a_new_generator_takes_the_slow_path(
    project: Path, spawned: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "generator_digest", lambda: "another generator")
    monkeypatch.setattr(migrate, "generator_digest", lambda: "another generator")
    staged = pipeline.prepare(project.parent / "schema.yaml", project)
    assert not staged.fast_path
    assert spawned.count("autogen") == 1  # the autogenerate key names the generator too
    assert staged.revision is None


def test_a_users_revision_autogenerates_again(project: Path, spawned: list[str]) -> None:
    versions = project / migrate.VERSIONS
    (head,) = versions.glob("*.py")
    revision = head.name.split("_", 1)[0]
    (versions / "mine_add_index.py").write_text(
        '"""Mine."""\n\nrevision = "mine"\n'
        f'down_revision = "{revision}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"
    )
    staged = pipeline.prepare(project.parent / "schema.yaml", project)
    assert not staged.fast_path
    assert spawned.count("autogen") == 1
    assert staged.revision is None  # an empty revision of the user's changes nothing
    pipeline.generate(project.parent / "schema.yaml", project)
    assert pipeline.prepare(project.parent / "schema.yaml", project).fast_path


def test_a_deleted_revision_is_stale(project: Path, spawned: list[str]) -> None:
    (head,) = (project / migrate.VERSIONS).glob("*.py")
    head.unlink()
    stale = pipeline.check(project.parent / "schema.yaml", project).stale
    assert "autogen" in spawned
    assert any(line.startswith("migration missing:") for line in stale)


def test_a_corrupt_cache_is_ignored(project: Path, tmp_path: Path) -> None:
    (project / CACHE).write_text("{not json")
    staged = pipeline.prepare(project.parent / "schema.yaml", project)
    assert not staged.fast_path
    assert statuses(staged) == statuses(slow(project, tmp_path))


def test_a_prestarted_autogenerate_is_taken_or_ended(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``prepare`` starts the autogenerate process early; it is either given the request or
    killed before ``prepare`` returns - never left running."""
    started: list[subprocess.Popen[str]] = []
    real = prestart.spawn

    def spawn() -> subprocess.Popen[str]:
        started.append(real())
        return started[-1]

    monkeypatch.setattr(prestart, "spawn", spawn)
    retitle(project)  # the models are those of the last generation: no autogenerate
    pipeline.generate(project.parent / "schema.yaml", project)
    assert len(started) == 1
    assert started[0].returncode == -signal.SIGKILL
    assert not prestart.waiting()

    schema = project.parent / "schema.yaml"
    schema.write_text(
        MINIMAL.replace(THREAD_FIELDS, THREAD_FIELDS + "      note: {type: text, nullable: true}\n")
    )
    report = pipeline.generate(schema, project, allow_data_dependent=True)
    assert report.migration is not None
    assert len(started) == 2
    assert started[1].returncode == 0  # it answered the request
    assert not prestart.waiting()
