# Compiled by ssot_gen.precompiled from templates/app/api/deps.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/api/deps.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_U = missing
    pass
    l_0_U = environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'name')
    context.vars['U'] = l_0_U
    context.exported_vars.add('U')
    yield '"""Dependencies shared by the routes: the database session and the current user."""\n\nimport typing as t\nimport uuid\n\nimport fastapi\nimport fastapi.security\nimport sqlalchemy as sa\nfrom sqlalchemy.ext import asyncio as sa_asyncio\n\nfrom app.core.batching import Batcher\nfrom app.core.db import engine, get_session\nfrom app.core.security import AccessClaims, decode_access_token\nfrom app.models import '
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '\n\nSessionDep = t.Annotated[sa_asyncio.AsyncSession, fastapi.Depends(get_session)]\nbearer = fastapi.security.HTTPBearer(auto_error=False)\n\n\ndef normalise_login(value: str) -> str:\n    """The stored form of a '
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name'))
    yield str((': lower-cased and stripped (emails compare case-insensitively)' if environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_case_insensitive') else ' (unchanged: it is compared exactly)'))
    yield '."""\n'
    if environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_case_insensitive'):
        pass
        yield '    return value.strip().lower()\n'
    else:
        pass
        yield '    return value\n'
    yield '\n\nasync def user_from_token(session: sa_asyncio.AsyncSession, token: str) -> '
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield ' | None:\n    """The user of an access token: valid claims (``decode_access_token``), a user that\n    still exists, and the user\'s current token version (logout and a password change bump\n    it, revoking older tokens). None otherwise."""\n    claims = decode_access_token(token)\n    if claims is None:\n        return None\n    user = await session.get('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield ', claims.user_id)\n    if user is None or user.token_version != claims.version:\n        return None\n    return user\n\n\nasync def token_user_id(session: sa_asyncio.AsyncSession, token: str) -> uuid.UUID | None:\n    """The user id of an access token if ``user_from_token`` would accept it, in one small\n    statement (the user\'s ``token_version`` only, not the whole row): what a websocket checks\n    before each client frame. None when the token is bad, expired, revoked or orphaned."""\n    claims = decode_access_token(token)\n    if claims is None:\n        return None\n    version = await session.scalar(\n        sa.select('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.token_version).where('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.id == claims.user_id)\n    )\n    if version is None or version != claims.version:\n        return None\n    return claims.user_id\n\n\nasync def _token_versions(user_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:\n    """The ``token_version`` of each of ``user_ids`` that exists, in one statement (autocommit:\n    no BEGIN or ROLLBACK round trip)."""\n    async with engine.connect() as connection:\n        quick = await connection.execution_options(isolation_level="AUTOCOMMIT")\n        statement = sa.select('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.id, '
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.token_version).where('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.id.in_(user_ids))\n        return dict((await quick.execute(statement)).all())\n\n\ntoken_versions: Batcher[uuid.UUID, int] = Batcher(_token_versions)\n"""Users\' token versions, read for many sockets at once (``app.core.batching``)."""\n\n\nasync def claims_hold(claims: AccessClaims) -> bool:\n    """Whether the version of a decoded token (whose expiry the caller checks) is still its\n    user\'s: not revoked (logout, a new password), the user not deleted. What a websocket checks\n    before each client frame; checks made at once share one statement, which starts after\n    they were asked (a revocation committed before is always seen)."""\n    return await token_versions.get(claims.user_id) == claims.version\n\n\nasync def revoke_tokens(session: sa_asyncio.AsyncSession, user: '
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield ') -> None:\n    """Bump ``user``\'s token version in the database (atomically, so concurrent revocations\n    all count) and on ``user``: tokens made before are refused. The caller commits."""\n    version = await session.scalar(\n        sa.update('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield ')\n        .where('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.id == user.id)\n        .values(token_version='
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.token_version + 1)\n        .returning('
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield '.token_version)\n    )\n    user.token_version = version if version is not None else user.token_version + 1\n\n\nasync def get_current_user(\n    session: SessionDep,\n    credentials: t.Annotated[\n        fastapi.security.HTTPAuthorizationCredentials | None, fastapi.Depends(bearer)\n    ],\n) -> '
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield ':\n    """The user of the bearer token; 401 if the token is missing, bad, expired, revoked or\n    orphaned."""\n    user = await user_from_token(session, credentials.credentials) if credentials else None\n    if user is None:\n        raise fastapi.HTTPException(\n            status_code=fastapi.status.HTTP_401_UNAUTHORIZED,\n            detail="Could not validate credentials",\n            headers={"WWW-Authenticate": "Bearer"},\n        )\n    return user\n\n\nCurrentUser = t.Annotated['
    yield str((undefined(name='U') if l_0_U is missing else l_0_U))
    yield ', fastapi.Depends(get_current_user)]\n'

blocks = {}
debug_info = '1=13&15=17&22=19&23=22&30=29&37=31&51=33&63=37&79=43&83=45&84=47&85=49&86=51&96=53&109=55'
