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
    yield '"""Registration and login: ``'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield '/auth/register`` and ``'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield '/auth/login``."""\n\nimport typing as t\n\nimport fastapi\nimport sqlalchemy as sa\n\nfrom app.api.deps import SessionDep\nfrom app.core.security import create_access_token, hash_password, verify_password\nfrom app.models import '
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '\nfrom app.schemas import LoginRequest, Token, '
    yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
    yield ', '
    yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'register'))
    yield '\n\nrouter = fastapi.APIRouter(prefix="/auth", tags=["auth"])\n\n# Verified against when the login is unknown, so both failures take the same time.\n_DUMMY_HASH = hash_password("not-a-real-password")\n\n\n@router.post("/register", response_model='
    yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
    yield ', status_code=fastapi.status.HTTP_201_CREATED)\nasync def register(payload: '
    yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'register'))
    yield ', session: SessionDep) -> t.Any:\n    """Create an account; 409 if the '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' is taken."""\n    taken = await session.scalar(sa.select('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.id).where('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' == payload.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield '))\n    if taken is not None:\n        raise fastapi.HTTPException(fastapi.status.HTTP_409_CONFLICT, "This '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' is already registered")\n    user = '
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '(\n        **payload.model_dump(exclude={"password"}), hashed_password=hash_password(payload.password)\n    )\n    session.add(user)\n    await session.commit()\n    return user\n\n\n@router.post("/login", response_model=Token)\nasync def login(payload: LoginRequest, session: SessionDep) -> Token:\n    """Exchange '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' and password for a bearer token; 401 if they don\'t match."""\n    user = await session.scalar(sa.select('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield ').where('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' == payload.'
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield '))\n    if user is None:\n        verify_password(payload.password, _DUMMY_HASH)\n        raise fastapi.HTTPException(fastapi.status.HTTP_401_UNAUTHORIZED, "Incorrect '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' or password")\n    if not verify_password(payload.password, user.hashed_password):\n        raise fastapi.HTTPException(fastapi.status.HTTP_401_UNAUTHORIZED, "Incorrect '
    yield str((undefined(name='login') if l_0_login is missing else l_0_login))
    yield ' or password")\n    return Token(access_token=create_access_token(user.id))\n'

blocks = {}
debug_info = '1=13&2=16&3=19&4=23&13=27&14=29&22=33&23=35&24=37&25=39&27=47&28=49&38=51&39=53&42=61&44=63'
