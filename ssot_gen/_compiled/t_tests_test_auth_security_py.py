# Compiled by ssot_gen.precompiled from templates/tests/test_auth_security.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tests/test_auth_security.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_A = l_0_login = l_0_AUTH = l_0_USERS = missing
    try:
        t_1 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    pass
    l_0_A = environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth')
    context.vars['A'] = l_0_A
    context.exported_vars.add('A')
    l_0_login = environment.getattr(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'login_field'), 'name')
    context.vars['login'] = l_0_login
    context.exported_vars.add('login')
    l_0_AUTH = (environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth')
    context.vars['AUTH'] = l_0_AUTH
    context.exported_vars.add('AUTH')
    l_0_USERS = (environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'user'), 'url'))
    context.vars['USERS'] = l_0_USERS
    context.exported_vars.add('USERS')
    yield '"""Accounts and tokens under attack: forged and revoked JWTs, weak secrets, common and\nout-of-range passwords'
    yield str((', case-insensitive emails' if environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'login_case_insensitive') else cond_expr_undefined("the inline if-expression on line 6 in 'tests/test_auth_security.py.jinja' evaluated to false and no else section was defined.")))
    yield ', rate limits on login and register, and\nan event loop that stays responsive during a burst of logins (a real uvicorn on 127.0.0.1)."""\n\nimport asyncio\nimport math\nimport os\nimport secrets\nimport socket\nimport stat\nimport subprocess\nimport sys\nimport time\nimport uuid\nfrom collections.abc import Iterator\nfrom datetime import UTC, datetime, timedelta\nfrom pathlib import Path\nfrom typing import Any\n\nimport httpx\nimport jwt\nimport pytest\nimport sqlalchemy as sa\nfrom fastapi.testclient import TestClient\n\nfrom app.core import limits\nfrom app.core.config import Settings, settings\nfrom app.core.passwords import common_passwords\n'
    if environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'login_changeable'):
        pass
        yield 'from tests import samples\n'
    yield 'from tests.conftest import Account, register, register_payload\n\nPROJECT_ROOT = Path(__file__).resolve().parent.parent\nAUTH = '
    yield str(t_1((undefined(name='AUTH') if l_0_AUTH is missing else l_0_AUTH)))
    yield '\nME = '
    yield str(t_1(((undefined(name='USERS') if l_0_USERS is missing else l_0_USERS) + '/me')))
    yield '\nMIN_LENGTH = '
    yield str(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'password_min_length'))
    yield '\nMAX_LENGTH = '
    yield str(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'password_max_length'))
    yield '\n\n\ndef _token(**claims: Any) -> str:\n    """A token signed with the app\'s secret, made of ``claims`` (None: leave the claim out)."""\n    now = datetime.now(UTC)\n    payload: dict[str, Any] = {\n        "iat": now,\n        "exp": now + timedelta(minutes=5),\n        "aud": settings.jwt_audience,\n        "iss": settings.jwt_issuer,\n        "ver": 0,\n    }\n    payload.update(claims)\n    payload = {key: value for key, value in payload.items() if value is not None}\n    return jwt.encode(payload, settings.require_jwt_secret(), algorithm=settings.jwt_algorithm)\n\n\ndef _me(client: TestClient, token: str) -> int:\n    return client.get(ME, headers={"Authorization": f"Bearer {token}"}).status_code\n\n\ndef _login(client: TestClient, name: str, password: str, **kwargs: Any) -> Any:\n    """The response of ``POST '
    yield str((undefined(name='AUTH') if l_0_AUTH is missing else l_0_AUTH))
    yield '/login``."""\n    return client.post(f"{AUTH}/login", json={'
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield ': name, "password": password}, **kwargs)\n\n\n# --- tokens -----------------------------------------------------------------------------\n\n\ndef test_a_well_formed_token_is_accepted(client: TestClient, user: Account) -> None:\n    assert _me(client, _token(sub=user.id)) == 200\n\n\n@pytest.mark.parametrize(\n    "claims",\n    [\n        {"exp": None},\n        {"sub": None},\n        {"aud": None},\n        {"iss": None},\n        {"ver": None},\n        {"aud": "another-app"},\n        {"iss": "someone-else"},\n        {"ver": 1},\n        {"ver": "0"},\n        {"exp": datetime.now(UTC) - timedelta(minutes=1)},\n    ],\n    ids=["no-exp", "no-sub", "no-aud", "no-iss", "no-ver", "wrong-aud", "wrong-iss",\n         "future-version", "text-version", "expired"],\n)\ndef test_a_bad_token_is_refused(client: TestClient, user: Account, claims: dict[str, Any]) -> None:\n    assert _me(client, _token(**({"sub": user.id} | claims))) == 401\n\n\ndef test_a_token_signed_with_another_secret_is_refused(client: TestClient, user: Account) -> None:\n    forged = jwt.encode(\n        {"sub": user.id, "exp": datetime.now(UTC) + timedelta(minutes=5), "aud": settings.jwt_audience,\n         "iss": settings.jwt_issuer, "ver": 0},\n        secrets.token_urlsafe(48),\n        algorithm=settings.jwt_algorithm,\n    )\n    assert _me(client, forged) == 401\n\n\ndef test_logout_revokes_every_token_of_the_user(client: TestClient) -> None:\n    payload = register_payload()\n    assert client.post(f"{AUTH}/register", json=payload).status_code == 201\n    first = _login(client, payload['
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield '], payload["password"]).json()["access_token"]\n    second = _login(client, payload['
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield '], payload["password"]).json()["access_token"]\n    assert _me(client, first) == 200\n\n    response = client.post(f"{AUTH}/logout", headers={"Authorization": f"Bearer {first}"})\n    assert response.status_code == 204\n    assert _me(client, first) == 401\n    assert _me(client, second) == 401\n    assert client.post(f"{AUTH}/logout", headers={"Authorization": f"Bearer {first}"}).status_code == 401\n    fresh = _login(client, payload['
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield '], payload["password"]).json()["access_token"]\n    assert _me(client, fresh) == 200\n\n\ndef test_logout_needs_a_token(client: TestClient) -> None:\n    assert client.post(f"{AUTH}/logout").status_code == 401\n\n\ndef test_password_hashes_and_token_versions_are_never_returned(client: TestClient) -> None:\n    payload = register_payload()\n    created = client.post(f"{AUTH}/register", json=payload).json()\n    token = _login(client, payload['
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield '], payload["password"]).json()["access_token"]\n    me = client.get(ME, headers={"Authorization": f"Bearer {token}"}).json()\n    for body in (created, me):\n        assert not {"password", "hashed_password", "token_version", "current_password"} & set(body)\n        assert payload["password"] not in str(body)\n\n\n# --- the secret ---------------------------------------------------------------------------\n\n\ndef _start(env: dict[str, str], code: str = "import app.main", cwd: Path = PROJECT_ROOT) -> subprocess.Popen[str]:\n    return subprocess.Popen(\n        [sys.executable, "-c", code],\n        cwd=cwd,\n        env=env | {"PYTHONPATH": str(PROJECT_ROOT)},\n        stdout=subprocess.PIPE,\n        stderr=subprocess.PIPE,\n        text=True,\n    )\n\n\n@pytest.mark.parametrize(\n    "secret",\n    ["changeme", "CHANGE-ME", "your-secret-key", "secret", "x" * 64, secrets.token_hex(15)],\n    ids=["changeme", "change-me", "your-secret-key", "secret", "one-char", "30-bytes"],\n)\ndef test_a_weak_secret_is_refused_in_production(secret: str, tmp_path: Path) -> None:\n    env = os.environ | {"APP_ENV": "production", "JWT_SECRET": secret}\n    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / \'weak.db\'}"\n    run = _start(env)\n    _out, err = run.communicate(timeout=120)\n    assert run.returncode != 0\n    reason = err.strip().splitlines()[-1]\n    assert reason.startswith("RuntimeError: JWT_SECRET"), err\n\n\ndef test_a_strong_secret_is_accepted_in_production() -> None:\n    strong = Settings(app_env="production", jwt_secret=secrets.token_urlsafe(32), _env_file=None)  # type: ignore[call-arg]\n    assert strong.require_jwt_secret() == strong.jwt_secret\n    short = Settings(app_env="production", jwt_secret="k" + secrets.token_hex(15), _env_file=None)  # type: ignore[call-arg]\n    with pytest.raises(RuntimeError, match="at least 32 bytes"):\n        short.require_jwt_secret()\n\n\ndef test_development_workers_share_one_generated_secret(tmp_path: Path) -> None:\n    env = {key: value for key, value in os.environ.items() if key != "JWT_SECRET"}\n    env |= {"APP_ENV": "development", "JWT_SECRET_FILE": str(tmp_path / ".jwt-secret")}\n    code = "from app.core.config import settings; print(settings.require_jwt_secret())"\n    workers = [_start(env, code, cwd=tmp_path) for _ in range(4)]  # started together: they race\n    outputs = [worker.communicate(timeout=120) for worker in workers]\n    assert all(worker.returncode == 0 for worker in workers), outputs\n    found = {out.strip() for out, _err in outputs}\n    assert len(found) == 1\n    (secret,) = found\n    assert len(secret) >= 32\n    assert (tmp_path / ".jwt-secret").read_text().strip() == secret\n    assert stat.S_IMODE((tmp_path / ".jwt-secret").stat().st_mode) == 0o600\n    assert sorted(p.name for p in tmp_path.iterdir()) == [".jwt-secret"]  # no scratch file left\n    again = _start(env, code, cwd=tmp_path).communicate(timeout=120)[0]\n    assert again.strip() == secret  # a restart keeps it: tokens survive\n\n\n# --- passwords ----------------------------------------------------------------------------\n\n\ndef _common_password() -> str:\n    """A password of the shipped list that the length rules allow."""\n    return next(p for p in sorted(common_passwords()) if MIN_LENGTH <= len(p) <= MAX_LENGTH and p.isascii())\n\n\n@pytest.mark.parametrize(\n    ("password", "message"),\n    [\n        ("k" * (MIN_LENGTH - 1), "at least"),\n        ("k" * (MAX_LENGTH + 1), "at most"),\n        (_common_password(), "too common"),\n        (_common_password().upper(), "too common"),\n    ],\n    ids=["too-short", "too-long", "common", "common-upper-case"],\n)\ndef test_a_weak_password_is_refused(client: TestClient, password: str, message: str) -> None:\n    payload = register_payload() | {"password": password}\n    response = client.post(f"{AUTH}/register", json=payload)\n    assert response.status_code == 422\n    (error,) = response.json()["detail"]\n    assert error["loc"] == ["body", "password"]\n    assert message in error["msg"]\n\n\ndef test_a_password_of_the_allowed_lengths_is_accepted(client: TestClient) -> None:\n    for password in ("q7" * MIN_LENGTH)[:MIN_LENGTH], ("q7" * MAX_LENGTH)[:MAX_LENGTH]:\n        payload = register_payload() | {"password": password}\n        assert client.post(f"{AUTH}/register", json=payload).status_code == 201\n        assert _login(client, payload['
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield '], password).status_code == 200\n\n\ndef test_changing_the_password_needs_the_current_one_and_revokes_old_tokens(\n    client: TestClient, user: Account\n) -> None:\n    url = f"{AUTH}/password"\n    new = "new-" + uuid.uuid4().hex\n    wrong = client.post(url, json={"current_password": "not-it", "new_password": new}, headers=user.headers)\n    assert wrong.status_code == 403\n    missing = client.post(url, json={"new_password": new}, headers=user.headers)\n    assert missing.status_code == 422\n    common = client.post(url, json={"current_password": "x", "new_password": _common_password()}, headers=user.headers)\n    assert common.status_code == 422\n    assert client.post(url, json={"current_password": "x", "new_password": new}).status_code == 401\n    assert _me(client, user.token) == 200  # refusals changed nothing\n\n    old_password = user.password\n    response = client.post(url, json={"current_password": old_password, "new_password": new}, headers=user.headers)\n    assert response.status_code == 200\n    fresh = response.json()["access_token"]\n    assert _me(client, user.token) == 401\n    assert _me(client, fresh) == 200\n    assert _login(client, user.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ', old_password).status_code == 401\n    assert _login(client, user.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ', new).status_code == 200\n'
    if environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'login_changeable'):
        pass
        yield '\n\ndef test_changing_the_'
        yield str((undefined(name='login') if l_0_login is missing else l_0_login))
        yield '_needs_the_current_password(client: TestClient, user: Account) -> None:\n    url = f"'
        yield str((undefined(name='USERS') if l_0_USERS is missing else l_0_USERS))
        yield '/{user.id}"\n    new_login = '
        yield str(environment.getattr(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'login_field'), 'sample_expr'))
        yield '\n    for body in ({}, {"current_password": "not-it"}):\n        response = client.patch(url, json={'
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield ': new_login} | body, headers=user.headers)\n        assert response.status_code == 403\n    assert client.get(ME, headers=user.headers).json()['
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield '] == user.'
        yield str((undefined(name='login') if l_0_login is missing else l_0_login))
        yield '\n\n    password = user.password\n    body = {'
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield ': new_login, "current_password": password}\n    response = client.patch(url, json=body, headers=user.headers)\n    assert response.status_code == 200, response.text\n    assert _me(client, user.token) == 401  # older tokens are revoked\n    assert _login(client, user.'
        yield str((undefined(name='login') if l_0_login is missing else l_0_login))
        yield ', password).status_code == 401\n    assert _login(client, new_login, password).status_code == 200\n'
    if environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'login_case_insensitive'):
        pass
        yield '\n\n# --- emails -------------------------------------------------------------------------------\n\n\ndef test_emails_are_case_insensitive(client: TestClient) -> None:\n    payload = register_payload()\n    shouted = payload['
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield '].upper()\n    response = client.post(f"{AUTH}/register", json=payload | {'
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield ': shouted})\n    assert response.status_code == 201, response.text\n    stored = response.json()['
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield ']\n    assert stored == payload['
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield '].lower()\n\n    assert _login(client, shouted, payload["password"]).status_code == 200\n    assert _login(client, stored, payload["password"]).status_code == 200\n    again = register_payload() | {'
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield ': stored}\n    assert client.post(f"{AUTH}/register", json=again).status_code == 409\n\n\ndef test_a_mixed_case_email_stored_before_normalisation_still_logs_in(client: TestClient) -> None:\n    from app.core.db import SessionLocal\n    from app.models import '
        yield str(environment.getattr(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'user'), 'name'))
        yield '\n\n    payload = register_payload()\n    created = client.post(f"{AUTH}/register", json=payload).json()\n    local, domain = payload['
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield '].split("@")\n    legacy = local.capitalize() + "@" + domain.upper()\n\n    async def store_legacy() -> None:\n        async with SessionLocal() as session:\n            await session.execute(\n                sa.update('
        yield str(environment.getattr(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'user'), 'name'))
        yield ').where('
        yield str(environment.getattr(environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'user'), 'name'))
        yield '.id == uuid.UUID(created["id"])).values('
        yield str((undefined(name='login') if l_0_login is missing else l_0_login))
        yield '=legacy)\n            )\n            await session.commit()\n\n    assert client.portal is not None\n    client.portal.call(store_legacy)\n    response = _login(client, payload['
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield '].upper(), payload["password"])\n    assert response.status_code == 200\n    assert client.post(f"{AUTH}/register", json=register_payload() | {'
        yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
        yield ': legacy.lower()}).status_code == 409\n'
    yield '\n\n# --- rate limits ----------------------------------------------------------------------------\n\n\n@pytest.fixture\ndef limited(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:\n    """The session\'s client, with rate limits on and their counters reset before and after\n    (the tests lower the limits they test)."""\n    monkeypatch.setattr(settings, "rate_limits_enabled", True)\n    assert client.portal is not None\n    client.portal.call(limits.reset)\n    yield client\n    client.portal.call(limits.reset)\n\n\ndef _post(client: TestClient, path: str, body: dict[str, Any], address: str) -> httpx.Response:\n    """``POST path`` from the client address ``address`` (as a proxy would report it), on\n    the app\'s event loop (its database pool and rate-limit counters belong to it)."""\n    from app.main import app\n\n    async def post() -> httpx.Response:\n        transport = httpx.ASGITransport(app=app, client=(address, 40000))\n        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:\n            return await http.post(path, json=body)\n\n    assert client.portal is not None\n    return client.portal.call(post)\n\n\ndef _address() -> str:\n    """A client address no other test uses."""\n    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"\n\n\ndef _attempt(client: TestClient, name: str, address: str) -> httpx.Response:\n    body = {'
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield ': name, "password": "wrong-password"}\n    return _post(client, f"{AUTH}/login", body, address)\n\n\ndef _assert_limited(response: httpx.Response) -> None:\n    assert response.status_code == 429, response.text\n    assert int(response.headers["Retry-After"]) >= 1\n\n\ndef test_login_is_limited_per_client_address(limited: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:\n    monkeypatch.setattr(settings, "rate_limit_login", "3/minute")\n    attacker, bystander = _address(), _address()\n    for _ in range(3):\n        assert _attempt(limited, register_payload()['
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield '], attacker).status_code == 401\n    _assert_limited(_attempt(limited, register_payload()['
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield '], attacker))\n    assert _attempt(limited, register_payload()['
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield '], bystander).status_code == 401\n\n\ndef test_login_is_limited_per_'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield '(limited: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:\n    monkeypatch.setattr(settings, "rate_limit_login", "3/minute")\n    target = register_payload()['
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield ']\n    for _ in range(3):\n        assert _attempt(limited, target, _address()).status_code == 401\n    _assert_limited(_attempt(limited, target, _address()))\n'
    if environment.getattr((undefined(name='A') if l_0_A is missing else l_0_A), 'login_case_insensitive'):
        pass
        yield '    _assert_limited(_attempt(limited, target.upper(), _address()))\n'
    yield '    assert _attempt(limited, register_payload()['
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield '], _address()).status_code == 401\n\n\ndef test_register_is_limited_per_client_address(limited: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:\n    monkeypatch.setattr(settings, "rate_limit_register", "2/minute")\n    address = _address()\n    url = f"{AUTH}/register"\n    for _ in range(2):\n        assert _post(limited, url, register_payload(), address).status_code == 201\n    _assert_limited(_post(limited, url, register_payload(), address))\n    assert _post(limited, url, register_payload(), _address()).status_code == 201\n\n\n# --- the event loop during a burst of logins -------------------------------------------------\n\n\n@pytest.fixture\ndef server(client: TestClient, tmp_path: Path) -> Iterator[str]:\n    """The app under uvicorn in a subprocess, on the test database, listening on a socket\n    bound here (127.0.0.1, a free port: no race for it); yields its base URL."""\n    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n    listener.bind(("127.0.0.1", 0))\n    listener.listen(128)\n    port = listener.getsockname()[1]\n    code = (\n        "import socket, sys, uvicorn\\n"\n        "sock = socket.socket(fileno=int(sys.argv[1]))\\n"\n        "uvicorn.Server(uvicorn.Config(\'app.main:app\', log_level=\'warning\')).run(sockets=[sock])\\n"\n    )\n    log = (tmp_path / "server.log").open("w")\n    env = os.environ | {"RATE_LIMIT_LOGIN": "100000/minute", "PYTHONPATH": str(PROJECT_ROOT)}\n    process = subprocess.Popen(\n        [sys.executable, "-c", code, str(listener.fileno())],\n        cwd=PROJECT_ROOT,\n        env=env,\n        pass_fds=(listener.fileno(),),\n        stdout=log,\n        stderr=subprocess.STDOUT,\n    )\n    listener.close()\n    base = f"http://127.0.0.1:{port}"\n    try:\n        deadline = time.monotonic() + 60\n        while True:\n            assert process.poll() is None, (tmp_path / "server.log").read_text()\n            try:\n                if httpx.get(f"{base}'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield '/health", timeout=5).status_code == 200:\n                    break\n            except httpx.TransportError:\n                pass\n            assert time.monotonic() < deadline, "the server did not answer in 60 s"\n            time.sleep(0.1)\n        yield base\n    finally:\n        process.terminate()\n        try:\n            process.wait(timeout=15)\n        except subprocess.TimeoutExpired:\n            process.kill()\n            process.wait()\n        log.close()\n\n\ndef test_the_event_loop_stays_responsive_during_a_burst_of_logins(client: TestClient, server: str) -> None:\n    account = register(client)\n\n    async def burst() -> tuple[list[int], list[float]]:\n        latencies: list[float] = []\n        done = asyncio.Event()\n\n        async def sample(http: httpx.AsyncClient) -> None:\n            while not done.is_set() or len(latencies) < 5:\n                started = time.perf_counter()\n                response = await http.get('
    yield str(t_1((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/health')))
    yield ')\n                latencies.append(time.perf_counter() - started)\n                assert response.status_code == 200\n                await asyncio.sleep(0.02)\n\n        async def attempt(http: httpx.AsyncClient) -> int:\n            body = {'
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield ': account.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ', "password": "wrong-" + uuid.uuid4().hex}\n            return (await http.post(f"{AUTH}/login", json=body)).status_code\n\n        pool = httpx.Limits(max_connections=64)\n        async with (\n            httpx.AsyncClient(base_url=server, timeout=120) as prober,\n            httpx.AsyncClient(base_url=server, timeout=120, limits=pool) as crowd,\n        ):\n            sampler = asyncio.create_task(sample(prober))\n            await asyncio.sleep(0.1)  # the sampler\'s connection is open before the burst\n            statuses = await asyncio.gather(*(attempt(crowd) for _ in range(40)))\n            done.set()\n            await sampler\n        return list(statuses), latencies\n\n    statuses, latencies = asyncio.run(burst())\n    assert statuses == [401] * 40\n    ordered = sorted(latencies)\n    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]\n    report = f"health p90 {p90 * 1000:.0f} ms over {len(ordered)} samples during the burst"\n    assert p90 < 0.25, report\n'

blocks = {}
debug_info = '1=19&2=22&3=25&4=28&6=32&33=34&39=38&40=40&41=42&42=44&65=46&66=48&110=50&111=52&119=54&130=56&223=58&246=60&247=62&248=64&251=67&252=69&253=71&255=73&257=75&260=79&264=81&267=83&275=86&276=88&278=90&279=92&283=94&289=96&293=98&299=100&305=106&307=108&345=111&358=113&359=115&360=117&363=119&365=121&369=123&372=127&419=129&446=131&452=133'
