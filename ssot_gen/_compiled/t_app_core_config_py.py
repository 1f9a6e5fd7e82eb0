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
    l_0_S = missing
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
    yield '"""Settings from the environment (and a `.env` file), validated by pydantic-settings.\n\nImporting this module never fails for a missing JWT_SECRET (so migrations need only the\ndatabase); ``app.core.security`` asks for the secret, so the app refuses to start without it.\n"""\n\nimport logging\nimport os\nimport secrets\nfrom decimal import Decimal\nfrom pathlib import Path\nfrom typing import Literal\n\nfrom pydantic import Field, model_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nfrom app.chat.providers.base import ProviderConfig\n\nlogger = logging.getLogger(__name__)\n\nPROVIDER_ENV: dict[str, tuple[str | None, str | None]] = {\n'
    for l_1_provider in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(t_2(environment.getattr(l_1_provider, 'name')))
        yield ': ('
        yield str(t_2(environment.getattr(l_1_provider, 'api_key_setting')))
        yield ', '
        yield str(t_2(environment.getattr(l_1_provider, 'base_url_setting')))
        yield '),\n'
    l_1_provider = missing
    yield '}\n"""Each provider\'s Settings attributes for its API key and base URL (None: it has none)."""\n\n\nclass Settings(BaseSettings):\n    """Every setting; environment variable names are the upper-case field names."""\n\n    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")\n\n    app_env: Literal["development", "test", "production"] = "production"\n    database_url: str = "sqlite+aiosqlite:///./'
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
    yield '\n    provider_connect_timeout_s: float = Field(default=10.0, gt=0)\n    provider_idle_timeout_s: float = Field(default=60.0, gt=0)\n    provider_max_retries: int = Field(default=2, ge=0)\n'
    for (l_1_setting, l_1_secret) in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'provider_env_settings'):
        _loop_vars = {}
        pass
        if l_1_secret:
            pass
            yield '    '
            yield str(l_1_setting)
            yield ': str | None = Field(default=None, repr=False)\n'
        else:
            pass
            yield '    '
            yield str(l_1_setting)
            yield ': str | None = None\n'
    l_1_setting = l_1_secret = missing
    l_0_S = environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'security')
    context.vars['S'] = l_0_S
    context.exported_vars.add('S')
    yield '    # Security (README "Security"): the defaults are the schema\'s ``security`` section.\n    jwt_audience: str = '
    yield str(t_2(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'name')))
    yield '  # the ``aud`` claim made and required\n    jwt_issuer: str = '
    yield str(t_2(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'name')))
    yield '  # the ``iss`` claim made and required\n    redis_url: str | None = Field(default=None, repr=False)  # shared limits and event bus\n    redis_channel_prefix: str = '
    yield str(t_2(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'name')))
    yield '  # the event bus\'s channels on Redis\n    # Streaming (README "Streaming"): a producer renews its lease on each write; a reply whose\n    # lease expired is marked ``interrupted`` by the recovery sweep of any process\n    stream_lease_seconds: float = Field(default=30.0, ge=1)\n    stream_flush_ms: int = Field(default=50, ge=1)  # the batched writer\'s period, milliseconds\n    stream_coalesce_ms: int = Field(default=40, ge=0)  # at most a streaming frame per socket per, ms\n    rate_limits_enabled: bool = True\n    rate_limit_login: str = '
    yield str(t_2(environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'rate_login')))
    yield '  # per client IP and per login name\n    rate_limit_register: str = '
    yield str(t_2(environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'rate_register')))
    yield '  # per client IP\n    rate_limit_send: str = '
    yield str(t_2(environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'rate_send')))
    yield '  # chat messages per user\n    max_body_bytes: int = Field(default='
    yield str(environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'max_body_bytes'))
    yield ', ge=1024)  # request body, bytes\n    max_message_chars: int = Field(default='
    yield str(environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'max_message_chars'))
    yield ', ge=1)  # one message\n    ws_max_frame_bytes: int = Field(default='
    yield str(environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'max_frame_bytes'))
    yield ', ge=1024)  # one client frame\n    max_concurrent_generations: int = Field(default='
    yield str(environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'max_concurrent_generations'))
    yield ', ge=1)  # per user\n    budget_tokens_per_day: int | None = Field(default='
    yield str(t_2(environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'budget_tokens_per_day')))
    yield ', ge=1)  # per user, UTC day\n    budget_usd_per_day: Decimal | None = Field(default='
    yield str((str_join(('Decimal("', environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'budget_usd_per_day'), '")', )) if environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'budget_usd_per_day') else 'None'))
    yield ', gt=0)  # per user, UTC day\n    cors_origins: list[str] = '
    yield str(t_2(t_1(context.eval_ctx, environment.getattr((undefined(name='S') if l_0_S is missing else l_0_S), 'cors_origins'))))
    yield '  # browser origins allowed\n    docs_enabled: bool | None = None  # /docs, /redoc, /openapi.json; None: on outside production\n    jwt_secret_file: str = ".jwt-secret"  # development without JWT_SECRET: the shared secret\n'
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
    yield '\n    @model_validator(mode="after")\n    def _development_secret(self) -> "Settings":\n        """In development without JWT_SECRET: the secret in JWT_SECRET_FILE, made once (random,\n        mode 0600) by whichever process comes first, so every worker of the app shares it."""\n        if not self.jwt_secret and self.app_env == "development":\n            path = Path(self.jwt_secret_file)\n            made = secrets.token_urlsafe(48)\n            scratch = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")\n            fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)\n            with os.fdopen(fd, "w", encoding="utf-8") as file:\n                file.write(made + "\\n")\n            try:\n                os.link(scratch, path)  # atomic and exclusive: the first process wins\n            except FileExistsError:\n                pass\n            finally:\n                scratch.unlink()\n            stored = path.read_text(encoding="utf-8").strip()\n            if len(stored) < 32:\n                raise RuntimeError(f"{path} holds no usable secret: delete it or set JWT_SECRET")\n            self.jwt_secret = stored\n            logger.warning(\n                "JWT_SECRET is not set: using the secret in %s (development only)", path\n            )\n        return self\n\n    def require_jwt_secret(self) -> str:\n        """The secret that signs access tokens. Raises RuntimeError (a one-line reason) when\n        JWT_SECRET is unset, or, outside development, shorter than 32 bytes or a well-known\n        placeholder (``changeme``, ``secret``, ...)."""\n        if not self.jwt_secret:\n            raise RuntimeError("JWT_SECRET must be set (or set APP_ENV=development)")\n        if self.app_env != "development":\n            placeholders = {\n                "changeme", "changethis", "secret", "secretkey", "jwtsecret", "yoursecret",\n                "yoursecretkey", "yourjwtsecret", "supersecret", "supersecretkey", "mysecret",\n                "mysecretkey", "password", "default", "insecure", "test", "example",\n                "pleasechangeme", "changethissecret", "replaceme", "xxxxxxxx", "todo",\n                # the example key of the FastAPI documentation\n                "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7",\n            }\n            squeezed = "".join(c for c in self.jwt_secret.lower() if c.isalnum())\n            if squeezed in placeholders or len(set(self.jwt_secret)) < 4:\n                raise RuntimeError(\n                    "JWT_SECRET is a well-known placeholder: set a random secret of at least "\n                    "32 bytes (e.g. python -c \'import secrets; print(secrets.token_urlsafe(48))\')"\n                )\n            if len(self.jwt_secret.encode()) < 32:\n                raise RuntimeError(\n                    f"JWT_SECRET must be at least 32 bytes outside development "\n                    f"(it has {len(self.jwt_secret.encode())})"\n                )\n        return self.jwt_secret\n\n    def provider_config(self, name: str) -> ProviderConfig:\n        """How to reach provider ``name``: its API key and base URL from the environment\n        variables the schema names, and the timeouts (seconds) and retries of these settings.\n        Raises KeyError for a provider the schema does not enable."""\n        key_setting, url_setting = PROVIDER_ENV[name]\n        return ProviderConfig(\n            api_key=getattr(self, key_setting) if key_setting else None,\n            base_url=getattr(self, url_setting) if url_setting else None,\n            connect_timeout=self.provider_connect_timeout_s,\n            idle_timeout=self.provider_idle_timeout_s,\n            max_retries=self.provider_max_retries,\n        )\n\n    def provider_configured(self, name: str) -> bool:\n        """Whether provider ``name`` is enabled and usable: the mock always, the others once\n        their API key is set."""\n        if name not in PROVIDER_ENV:\n            return False\n        key_setting, _url_setting = PROVIDER_ENV[name]\n        return key_setting is None or bool(getattr(self, key_setting))\n\n\nsettings = Settings()\n'

blocks = {}
debug_info = '22=26&23=30&35=38&37=40&38=42&39=44&40=46&41=48&45=50&46=53&47=56&49=61&52=64&54=68&55=70&57=72&64=74&65=76&66=78&67=80&68=82&69=84&70=86&71=88&72=90&73=92&76=94&78=97&79=99&80=101&81=103'
