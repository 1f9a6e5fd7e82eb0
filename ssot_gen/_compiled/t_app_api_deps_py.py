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
    pass
    yield '"""Dependencies shared by the routes: the database session and the current user."""\n\nimport typing as t\n\nimport fastapi\nimport fastapi.security\nfrom sqlalchemy.ext import asyncio as sa_asyncio\n\nfrom app.core.db import get_session\nfrom app.core.security import decode_access_token\nfrom app.models import '
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'name'))
    yield '\n\nSessionDep = t.Annotated[sa_asyncio.AsyncSession, fastapi.Depends(get_session)]\nbearer = fastapi.security.HTTPBearer(auto_error=False)\n\n\n# contract shim: replaced by the auth branch\nasync def user_from_token(\n    session: sa_asyncio.AsyncSession, token: str\n) -> '
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'name'))
    yield ' | None:\n    """The user of a valid token; None for a bad or expired token or a deleted user."""\n    claims = decode_access_token(token)\n    return await session.get('
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'name'))
    yield ', claims.user_id) if claims else None\n\n\nasync def get_current_user(\n    session: SessionDep,\n    credentials: t.Annotated[\n        fastapi.security.HTTPAuthorizationCredentials | None, fastapi.Depends(bearer)\n    ],\n) -> '
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'name'))
    yield ':\n    """The user of the bearer token; 401 if the token is missing, bad, expired or orphaned."""\n    user = await user_from_token(session, credentials.credentials) if credentials else None\n    if user is None:\n        raise fastapi.HTTPException(\n            status_code=fastapi.status.HTTP_401_UNAUTHORIZED,\n            detail="Could not validate credentials",\n            headers={"WWW-Authenticate": "Bearer"},\n        )\n    return user\n\n\nCurrentUser = t.Annotated['
    yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'user'), 'name'))
    yield ', fastapi.Depends(get_current_user)]\n'

blocks = {}
debug_info = '11=13&20=15&23=17&31=19&43=21'
