# Compiled by ssot_gen.precompiled from templates/.env.example.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '.env.example.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['dotenv']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'dotenv' found.")
    pass
    yield '# Copy to .env and adjust. Every setting can also be given as an environment variable.\nAPP_ENV=development\n# SQLite by default; PostgreSQL: postgresql+asyncpg://user:password@127.0.0.1:5432/'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'name'))
    yield '\nDATABASE_URL=sqlite+aiosqlite:///./'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'name'))
    yield '.db\n# Required outside development: a long random string, e.g. `python -c "import secrets; print(secrets.token_urlsafe(48))"`\nJWT_SECRET=\nACCESS_TOKEN_EXPIRE_MINUTES='
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'token_lifetime_minutes'))
    yield '\nDEFAULT_PROVIDER='
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'default_provider'), 'name')))
    yield '\nDEFAULT_MODEL='
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'default_provider'), 'default_model')))
    yield '\nMOCK_DELAY_MS='
    yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'default_provider'), 'delay_ms'))
    yield '\n# Providers: seconds to connect, seconds without a byte while streaming, retries before the first token.\nPROVIDER_CONNECT_TIMEOUT_S=10\nPROVIDER_IDLE_TIMEOUT_S=60\nPROVIDER_MAX_RETRIES=2\n'
    def t_2(fiter):
        for l_1_provider in fiter:
            if environment.getattr(l_1_provider, 'api_key_env'):
                yield l_1_provider
    for l_1_provider in t_2(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers')):
        _loop_vars = {}
        pass
        yield '# '
        yield str(environment.getattr(l_1_provider, 'label'))
        yield ' ('
        yield str(environment.getattr(l_1_provider, 'kind'))
        yield '): a provider is offered only once its API key is set.\n'
        yield str(environment.getattr(l_1_provider, 'api_key_env'))
        yield '=\n'
        if environment.getattr(l_1_provider, 'base_url_env'):
            pass
            if (environment.getattr(l_1_provider, 'kind') == 'openai'):
                pass
                yield '# Any OpenAI-compatible server, e.g. Ollama: http://127.0.0.1:11434/v1 (the key may be any text)\n'
            yield str(environment.getattr(l_1_provider, 'base_url_env'))
            yield '=\n'
    l_1_provider = missing
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'):
        pass
        yield '# Uploaded images: where they are stored, and the limits\nATTACHMENTS_DIR=attachments\nATTACHMENTS_MAX_BYTES='
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'max_bytes'))
        yield '\nATTACHMENTS_MAX_COUNT='
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'max_count'))
        yield '\nATTACHMENTS_MAX_PENDING='
        yield str(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'attachments'), 'max_pending'))
        yield '\n'

blocks = {}
debug_info = '3=19&4=21&7=23&8=25&9=27&10=29&15=31&16=39&17=43&18=45&19=47&22=50&25=53&28=56&29=58&30=60'
