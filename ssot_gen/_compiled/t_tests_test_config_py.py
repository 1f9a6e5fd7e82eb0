# Compiled by ssot_gen.precompiled from templates/tests/test_config.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tests/test_config.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    pass
    yield '"""Settings: the app refuses to run without a JWT secret (except in development); migrations\nneed only the database."""\n\nimport os\nimport subprocess\nimport sys\nfrom pathlib import Path\n\nimport pytest\nfrom fastapi.testclient import TestClient\n\nfrom app.core.config import Settings\n\nPROJECT_ROOT = Path(__file__).resolve().parent.parent\n\n\ndef _without_secret(tmp_path: Path) -> dict[str, str]:\n    env = {key: value for key, value in os.environ.items() if key != "JWT_SECRET"}\n    env["APP_ENV"] = "production"\n    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / \'bare.db\'}"\n    return env\n\n\ndef test_a_jwt_secret_is_required_outside_development() -> None:\n    settings = Settings(app_env="production", jwt_secret=None, _env_file=None)  # type: ignore[call-arg]\n    with pytest.raises(RuntimeError, match="JWT_SECRET"):\n        settings.require_jwt_secret()\n\n\ndef test_development_generates_a_secret_and_warns(caplog: pytest.LogCaptureFixture) -> None:\n    settings = Settings(app_env="development", jwt_secret=None, _env_file=None)  # type: ignore[call-arg]\n    assert len(settings.require_jwt_secret()) >= 32\n    assert "JWT_SECRET is not set" in caplog.text\n\n\ndef test_the_app_does_not_start_without_a_secret(tmp_path: Path) -> None:\n    run = subprocess.run(\n        [sys.executable, "-c", "import app.main"],\n        cwd=PROJECT_ROOT,\n        env=_without_secret(tmp_path),\n        capture_output=True,\n        text=True,\n        check=False,\n    )\n    assert run.returncode != 0\n    assert "JWT_SECRET must be set" in run.stderr\n\n\ndef test_migrations_need_only_the_database(tmp_path: Path) -> None:\n    run = subprocess.run(\n        [sys.executable, "-m", "alembic", "upgrade", "head"],\n        cwd=PROJECT_ROOT,\n        env=_without_secret(tmp_path),\n        capture_output=True,\n        text=True,\n        check=False,\n    )\n    assert run.returncode == 0, run.stderr\n    assert (tmp_path / "bare.db").exists()\n\n\ndef test_a_started_app_freezes_its_startup_objects_and_collects_rarely(client: TestClient) -> None:\n    """While the app runs (the ``client`` fixture started it), what its imports and startup\n    made is out of the garbage collector\'s reach and the thresholds are ``GC_THRESHOLDS``:\n    a full collection, which pauses every stream, is short and rare (``app.main.lifespan``)."""\n    import gc\n\n    from app.main import GC_THRESHOLDS\n\n    assert client.get('
    yield str(t_1((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/health')))
    yield ').status_code == 200\n    assert gc.get_freeze_count() > 10_000\n    assert gc.get_threshold() == GC_THRESHOLDS\n'

blocks = {}
debug_info = '70=19'
