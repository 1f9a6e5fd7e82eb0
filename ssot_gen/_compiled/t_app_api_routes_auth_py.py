# Compiled by ssot_gen.precompiled from templates/app/api/routes/auth.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/api/routes/auth.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_U = l_0_names = l_0_login = missing
    try:
        t_1 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    pass
    l_0_U = environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'name')
    context.vars['U'] = l_0_U
    context.exported_vars.add('U')
    l_0_names = environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'schema_names')
    context.vars['names'] = l_0_names
    context.exported_vars.add('names')
    l_0_login = environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name')
    context.vars['login'] = l_0_login
    context.exported_vars.add('login')
    yield '"""Accounts: ``'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield '/auth/register``, ``/login``, ``/logout`` and ``/password``.\n\nPasswords are hashed and verified in worker threads (``app.core.security``); login and\nregister are rate-limited per client IP, and login also per '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' (429 with ``Retry-After``).\n'
    if environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_case_insensitive'):
        pass
        yield 'The '
        yield str((undefined(name='login') if l_0_login is missing else l_0_login))
        yield ' is stored lower-cased and compared case-insensitively.\n'
    yield '"""\n\nimport typing as t\n\nimport fastapi\nimport sqlalchemy as sa\n\nfrom app.api.deps import CurrentUser, SessionDep, normalise_login, revoke_tokens\nfrom app.core import limits\nfrom app.core.security import create_access_token, hash_password, verify_password\nfrom app.models import '
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '\nfrom app.schemas import LoginRequest, PasswordChange, Token, '
    yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
    yield ', '
    yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'register'))
    yield '\n\nrouter = fastapi.APIRouter(prefix="/auth", tags=["auth"])\n\n\ndef client_ip(request: fastapi.Request) -> str:\n    """The client\'s address as the server sees it (behind a proxy, run uvicorn with\n    ``--proxy-headers --forwarded-allow-ips`` so this is the real client\'s)."""\n    return request.client.host if request.client else "unknown"\n\n\nasync def find_by_login(session: SessionDep, value: str) -> '
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield ' | None:\n    """The user whose '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' is ``value`` (normalised)'
    if environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_case_insensitive'):
        pass
        yield '; rows stored before emails were\n    normalised match case-insensitively (an exact match first)'
    yield '."""\n    user = await session.scalar(sa.select('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield ').where('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' == value))\n'
    if environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_case_insensitive'):
        pass
        yield '    if user is None:\n        user = await session.scalar(\n            sa.select('
        yield str((undefined(name='U') if l_0_U is missing else l_0_U))
        yield ')\n            .where(sa.func.lower('
        yield str((undefined(name='U') if l_0_U is missing else l_0_U))
        yield '.'
        yield str((undefined(name='login') if l_0_login is missing else l_0_login))
        yield ') == value)\n            .order_by('
        yield str((undefined(name='U') if l_0_U is missing else l_0_U))
        yield '.id)\n            .limit(1)\n        )\n'
    yield '    return user\n\n\n@router.post("/register", response_model='
    yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
    yield ', status_code=fastapi.status.HTTP_201_CREATED)\nasync def register(payload: '
    yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'register'))
    yield ', session: SessionDep, request: fastapi.Request) -> t.Any:\n    """Create an account; 409 if the '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' is taken, 429 when this client registers too often."""\n    await limits.hit("register", client_ip(request))\n    login = normalise_login(payload.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ')\n    if await find_by_login(session, login) is not None:\n        raise fastapi.HTTPException(fastapi.status.HTTP_409_CONFLICT, "This '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' is already registered")\n    values = payload.model_dump(exclude={"password"}) | { '
    yield str(t_1((undefined(name='login') if l_0_login is missing else l_0_login)))
    yield ': login}\n    user = '
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '(**values, hashed_password=await hash_password(payload.password))\n    session.add(user)\n    await session.commit()\n    return user\n\n\n@router.post("/login", response_model=Token)\nasync def login(payload: LoginRequest, session: SessionDep, request: fastapi.Request) -> Token:\n    """Exchange '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield " and password for a bearer token; 401 if they don't match, 429 when\n    this client or this "
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' tries too often."""\n    login = normalise_login(payload.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ')\n    await limits.hit("login", client_ip(request))\n    await limits.hit("login", "name:" + login)\n    user = await find_by_login(session, login)\n    # an unknown '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' is verified against a dummy hash: both failures take as long\n    matches = await verify_password(payload.password, user.hashed_password if user else None)\n    if user is None or not matches:\n        raise fastapi.HTTPException(fastapi.status.HTTP_401_UNAUTHORIZED, "Incorrect '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' or password")\n    return Token(access_token=create_access_token(user.id, user.token_version))\n\n\n@router.post("/logout", status_code=fastapi.status.HTTP_204_NO_CONTENT)\nasync def logout(session: SessionDep, current_user: CurrentUser) -> fastapi.Response:\n    """Revoke every token of the current user (this one included)."""\n    await revoke_tokens(session, current_user)\n    await session.commit()\n    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)\n\n\n@router.post("/password", response_model=Token)\nasync def change_password(payload: PasswordChange, session: SessionDep, current_user: CurrentUser) -> Token:\n    """Set a new password; 403 unless ``current_password`` is right. Every older token is\n    revoked; the answer is a fresh one."""\n    await limits.hit("login", "name:" + current_user.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ')\n    if not await verify_password(payload.current_password, current_user.hashed_password):\n        raise fastapi.HTTPException(fastapi.status.HTTP_403_FORBIDDEN, "The current password is incorrect")\n    current_user.hashed_password = await hash_password(payload.new_password)\n    await revoke_tokens(session, current_user)\n    await session.commit()\n    return Token(access_token=create_access_token(current_user.id, current_user.token_version))\n\n'

blocks = {}
debug_info = '1=19&2=22&3=25&4=29&7=31&8=33&9=36&21=39&22=41&33=45&34=47&36=53&37=59&40=62&41=64&42=68&49=71&50=73&51=75&53=77&55=79&56=81&57=83&65=85&66=87&67=89&71=91&74=93&90=95'
