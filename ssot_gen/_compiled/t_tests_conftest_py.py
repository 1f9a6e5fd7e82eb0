# Compiled by ssot_gen.precompiled from templates/tests/conftest.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tests/conftest.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_U = missing
    try:
        t_1 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    try:
        t_2 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    try:
        t_3 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    pass
    l_0_U = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user')
    context.vars['U'] = l_0_U
    context.exported_vars.add('U')
    yield '"""Fixtures: a migrated database (TEST_DATABASE_URL, else a temporary SQLite file), a client,\nsigned-in users, and one factory per model that creates a row through the API."""\n\nimport os\nimport tempfile\nimport uuid\nfrom collections.abc import Iterator\nfrom dataclasses import dataclass\nfrom pathlib import Path\nfrom typing import Any\n\nimport pytest\n\nfrom tests import samples\n\n_TMP = Path(tempfile.mkdtemp(prefix='
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'name') + '-tests-')))
    yield '))\nos.environ["DATABASE_URL"] = os.environ.get(\n    "TEST_DATABASE_URL", f"sqlite+aiosqlite:///{_TMP / \'test.db\'}"\n)\nos.environ["APP_ENV"] = "test"\nos.environ["JWT_SECRET"] = "test-secret-" + uuid.uuid4().hex\nos.environ["JWT_SECRET_FILE"] = str(_TMP / "jwt-secret")  # a development secret, if one is made\nos.environ["MOCK_DELAY_MS"] = "1"\n# Many accounts sign up from one client here; tests of the limits lower them where needed.\nos.environ["RATE_LIMIT_LOGIN"] = "100000/minute"\nos.environ["RATE_LIMIT_REGISTER"] = "100000/minute"\nos.environ["RATE_LIMIT_SEND"] = "100000/minute"\n# Real providers are offered once configured; the tests start with none (empty means unset).\n'
    for (l_1_setting, l_1_secret) in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'provider_env_settings'):
        _loop_vars = {}
        pass
        yield 'os.environ['
        yield str(t_2(t_3(l_1_setting)))
        yield '] = ""\n'
    l_1_setting = l_1_secret = missing
    yield '\nfrom alembic import command  # noqa: E402  (settings are read from the environment at import)\nfrom alembic.config import Config  # noqa: E402\nfrom fastapi.testclient import TestClient  # noqa: E402\n\nPROJECT_ROOT = Path(__file__).resolve().parent.parent\n\n\n@dataclass(frozen=True)\nclass Account:\n    """A registered, signed-in user."""\n\n    id: str\n    token: str\n    '
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name'))
    yield ': str\n    password: str\n\n    @property\n    def headers(self) -> dict[str, str]:\n        return {"Authorization": f"Bearer {self.token}"}\n\n\n@pytest.fixture(scope="session")\ndef client() -> Iterator[TestClient]:\n    """The app on a database migrated to head by Alembic."""\n    config = Config(str(PROJECT_ROOT / "alembic.ini"))\n    config.attributes["configure_logger"] = False\n    command.upgrade(config, "head")\n    from pwdlib import PasswordHash\n    from pwdlib.hashers.argon2 import Argon2Hasher\n\n    from app.core import security\n    from app.main import app\n\n    # argon2 at its recommended cost takes ~0.1 s of CPU and 64 MiB per hash, and these tests\n    # sign up hundreds of accounts: in process they hash at a low cost (same algorithm and\n    # code path). The tests that start uvicorn in a subprocess keep the real cost.\n    security.password_hash = PasswordHash(\n        (Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),)\n    )\n\n    with TestClient(app) as test_client:\n        yield test_client\n\n\ndef register_payload() -> dict[str, Any]:\n    """A valid, unique body for ``POST '
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield '/auth/register`` (a random password)."""\n    return {\n'
    def t_4(fiter):
        for l_1_field in fiter:
            if (environment.getattr(l_1_field, 'in_sample_payload') or (environment.getattr(l_1_field, 'name') == environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name'))):
                yield l_1_field
    for l_1_field in t_4(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'register_fields')):
        _loop_vars = {}
        pass
        yield '        "'
        yield str(environment.getattr(l_1_field, 'name'))
        yield '": '
        yield str(environment.getattr(l_1_field, 'sample_expr'))
        yield ',\n'
    l_1_field = missing
    yield '        "password": "pw-" + uuid.uuid4().hex,\n    }\n\n\ndef register(client: TestClient) -> Account:\n    """Register and sign in a new user."""\n    payload = register_payload()\n    password = payload["password"]\n    response = client.post('
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/register')))
    yield ', json=payload)\n    assert response.status_code == 201, response.text\n    login = {"'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name'))
    yield '": payload["'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name'))
    yield '"], "password": password}\n    token = client.post('
    yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/login')))
    yield ', json=login).json()["access_token"]\n    return Account(id=response.json()["id"], token=token, '
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name'))
    yield '=payload["'
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name'))
    yield '"], password=password)\n\n\n@pytest.fixture\ndef user(client: TestClient) -> Account:\n    return register(client)\n\n\n@pytest.fixture\ndef other_user(client: TestClient) -> Account:\n    return register(client)\n'
    def t_5(fiter):
        for l_1_model in fiter:
            if environment.getattr(l_1_model, 'test_factory'):
                yield l_1_model
    for l_1_model in t_5(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'models')):
        _loop_vars = {}
        pass
        yield '\n\ndef '
        yield str(environment.getattr(l_1_model, 'snake'))
        yield '_payload(client: TestClient, account: Account) -> dict[str, Any]:\n    """A valid create body for '
        yield str(t_1(environment.getattr(l_1_model, 'title')))
        yield ' (creating the rows it refers to)."""\n    return {\n'
        def t_6(fiter):
            for l_2_field in fiter:
                if environment.getattr(l_2_field, 'in_sample_payload'):
                    yield l_2_field
        for l_2_field in t_6(environment.getattr(l_1_model, 'writable_fields')):
            _loop_vars = {}
            pass
            yield '        "'
            yield str(environment.getattr(l_2_field, 'name'))
            yield '": '
            yield str(environment.getattr(l_2_field, 'sample_expr'))
            yield ',\n'
        l_2_field = missing
        def t_7(fiter):
            for l_2_rel in fiter:
                if (not environment.getattr(l_2_rel, 'nullable')):
                    yield l_2_rel
        for l_2_rel in t_7(environment.getattr(l_1_model, 'payload_relations')):
            _loop_vars = {}
            pass
            if (environment.getattr(l_2_rel, 'target') == environment.getattr((undefined(name='U') if l_0_U is missing else l_0_U), 'name')):
                pass
                yield '        "'
                yield str(environment.getattr(l_2_rel, 'column'))
                yield '": account.id,\n'
            else:
                pass
                yield '        "'
                yield str(environment.getattr(l_2_rel, 'column'))
                yield '": create_'
                yield str(environment.getattr(l_2_rel, 'target_snake'))
                yield '(client, account)["id"],\n'
        l_2_rel = missing
        yield '    }\n\n\ndef create_'
        yield str(environment.getattr(l_1_model, 'snake'))
        yield '(client: TestClient, account: Account) -> dict[str, Any]:\n    """Create a '
        yield str(t_1(environment.getattr(l_1_model, 'title')))
        yield ' through the API; return its JSON."""\n    response = client.post(\n        '
        yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr(l_1_model, 'url'))))
        yield ', json='
        yield str(environment.getattr(l_1_model, 'snake'))
        yield '_payload(client, account), headers=account.headers\n    )\n    assert response.status_code == 201, response.text\n    return response.json()\n'
    l_1_model = missing

blocks = {}
debug_info = '1=31&17=35&30=37&31=41&47=45&79=47&81=49&82=57&92=63&94=65&95=69&96=71&107=75&110=83&111=85&113=87&114=95&116=100&117=107&118=110&120=115&126=121&127=123&129=125'
