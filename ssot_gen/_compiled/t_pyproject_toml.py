# Compiled by ssot_gen.precompiled from templates/pyproject.toml.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'pyproject.toml.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['toml']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'toml' found.")
    pass
    yield '[build-system]\nrequires = ["setuptools>=69"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = '
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'dist_name')))
    yield '\nversion = '
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'version')))
    yield '\ndescription = '
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'description')))
    yield '\nrequires-python = ">=3.11"\ndependencies = [\n    "alembic>=1.13",\n    "aiosqlite>=0.20",\n    "asyncpg>=0.29",\n    "email-validator>=2.1",\n    "fastapi>=0.115",\n    "limits>=5.8",\n'
    for l_1_requirement in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'sdk_requirements'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(t_1(l_1_requirement))
        yield ',\n'
    l_1_requirement = missing
    yield '    "pwdlib[argon2]>=0.2",\n    "pydantic>=2.7",\n    "pydantic-settings>=2.3",\n    "pyjwt>=2.8",\n    "pyyaml>=6",\n    "redis>=5",\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield '    "python-multipart>=0.0.9",\n'
    yield '    "sqlalchemy[asyncio]>=2.0.30",\n    "uvicorn[standard]>=0.30",\n]\n\n[project.optional-dependencies]\ndev = [\n    "black>=24",\n    "httpx>=0.27",\n    "mypy>=1.10",\n    "pytest>=8",\n    "ruff>=0.6",\n    "types-pyyaml>=6",\n]\n\n[tool.setuptools.packages.find]\ninclude = ["app", "app.*"]\n\n[tool.setuptools.package-data]\napp = ["static/*", "static/**/*"]\n\n[tool.ruff]\nline-length = 100\ntarget-version = "py311"\nextend-exclude = [".ssot"]  # ssot-gen\'s record of the pristine generated files\n\n[tool.ruff.lint]\nselect = ["E", "W", "F", "I", "B", "C4", "UP", "PTH", "RUF"]\n# E501: the formatter wraps code; descriptions from the schema may be long.\n# RUF001-003: texts from the schema are the team\'s own words, in any script.\nignore = ["E501", "RUF001", "RUF002", "RUF003"]\n\n[tool.ruff.lint.flake8-bugbear]\nextend-immutable-calls = ["fastapi.Depends", "fastapi.Query", "fastapi.Path"]\n\n[tool.black]\nline-length = 100\ntarget-version = ["py311"]\nextend-exclude = "^/\\\\.ssot/"\n\n[tool.mypy]\npython_version = "3.11"\nfiles = ["app", "tests", "migrations"]\nexclude = ["^\\\\.ssot/"]\n# Strict, except where third-party code has no types to check against:\nstrict = true\n# alembic\'s `op` and `context` proxies and some pytest fixtures are untyped.\ndisallow_untyped_decorators = false\ndisallow_any_generics = true\nwarn_return_any = false  # SQLAlchemy\'s scalar results and FastAPI responses are Any-typed\n\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'unused_adapter_modules'):
        pass
        yield '[[tool.mypy.overrides]]\n# Adapters of provider kinds the schema does not enable: their SDKs are not dependencies.\nmodule = ['
        l_1_loop = missing
        for l_1_module, l_1_loop in LoopContext(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'unused_adapter_modules'), undefined):
            _loop_vars = {}
            pass
            yield str(t_1(l_1_module))
            yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 82 in 'pyproject.toml.jinja' evaluated to false and no else section was defined.")))
        l_1_loop = l_1_module = missing
        yield ']\nignore_errors = true\nfollow_imports = "skip"\n\n'
    if (not environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments')):
        pass
        yield '[[tool.mypy.overrides]]\n# chat.attachments is off: app.chat.attachments is not generated (imported only when on).\nmodule = ["app.chat.attachments"]\nignore_missing_imports = true\n\n'
    yield '[[tool.mypy.overrides]]\nmodule = ["tests.*"]\ndisallow_untyped_defs = false  # fixtures and tests are typed where it helps the reader\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\naddopts = "-ra"\n'

blocks = {}
debug_info = '6=19&7=21&8=23&17=25&18=29&26=33&79=37&82=41&87=48'
