# Compiled by ssot_gen.precompiled from templates/app/core/config.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/core/config.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_2 = environment.filters['pyrepr']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'pyrepr' found.")
    pass
    yield '"""Settings from the environment (and a `.env` file), validated by pydantic-settings.\n\nImporting this module never fails for a missing JWT_SECRET (so migrations need only the\ndatabase); ``app.core.security`` asks for the secret, so the app refuses to start without it.\n"""\n\nimport logging\nimport secrets\nfrom typing import Literal\n\nfrom pydantic import model_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nlogger = logging.getLogger(__name__)\n\n\nclass Settings(BaseSettings):\n    """Every setting; environment variable names are the upper-case field names."""\n\n    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")\n\n    app_env: Literal["development", "test", "production"] = "production"\n    database_url: str = "sqlite+aiosqlite:///./'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'name'))
    yield '.db"\n    jwt_secret: str | None = None\n    jwt_algorithm: str = '
    yield str(t_2(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'algorithm')))
    yield '\n    access_token_expire_minutes: int = '
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'token_lifetime_minutes'))
    yield '\n    default_provider: str = '
    yield str(t_2(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'default_provider'), 'name')))
    yield '\n    default_model: str = '
    yield str(t_2(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'default_provider'), 'default_model')))
    yield '\n    mock_delay_ms: int = '
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'default_provider'), 'delay_ms'))
    yield '\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield '    attachments_dir: str = "attachments"  # local storage of uploaded images\n    attachments_max_bytes: int = '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'max_bytes'))
        yield '  # one image\n    attachments_max_count: int = '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'max_count'))
        yield '  # images on one message\n    attachments_max_pending: int = '
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'max_pending'))
        yield '  # unsent images per user\n    attachments_types: list[str] = '
        yield str(t_2(t_1(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'types'))))
        yield '\n'
    yield '\n    @model_validator(mode="after")\n    def _development_secret(self) -> "Settings":\n        if not self.jwt_secret and self.app_env == "development":\n            self.jwt_secret = secrets.token_urlsafe(48)\n            logger.warning("JWT_SECRET is not set: using a random secret (development only)")\n        return self\n\n    def require_jwt_secret(self) -> str:\n        """The secret that signs access tokens. Raises RuntimeError when JWT_SECRET is unset\n        (outside development, where a random one is made up)."""\n        if not self.jwt_secret:\n            raise RuntimeError("JWT_SECRET must be set (or set APP_ENV=development)")\n        return self.jwt_secret\n\n\nsettings = Settings()\n'

blocks = {}
debug_info = '23=25&25=27&26=29&27=31&28=33&29=35&30=37&32=40&33=42&34=44&35=46'
