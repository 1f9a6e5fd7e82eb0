# Compiled by ssot_gen.precompiled from templates/app/chat/catalog.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/chat/catalog.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    try:
        t_3 = environment.filters['pyrepr']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'pyrepr' found.")
    pass
    yield '"""The schema\'s providers and models as data: kinds, prices (USD per 1 million tokens, each\nfrom its ``since`` date), context windows (tokens), image input and provider options."""\n\n'
    if environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'catalog_has_dates'):
        pass
        yield 'import datetime\n'
    yield 'from decimal import Decimal\n\nfrom app.chat.pricing import ModelInfo, Price\nfrom app.core.config import PROVIDER_ENV, settings\n\nPROVIDER_KINDS: dict[str, str] = {\n'
    for l_1_provider in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(t_3(environment.getattr(l_1_provider, 'name')))
        yield ': '
        yield str(t_3(environment.getattr(l_1_provider, 'kind')))
        yield ',\n'
    l_1_provider = missing
    yield '}\n\nPROVIDER_LABELS: dict[str, str] = {\n'
    for l_1_provider in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(t_3(environment.getattr(l_1_provider, 'name')))
        yield ': '
        yield str(t_2(environment.getattr(l_1_provider, 'label')))
        yield ',\n'
    l_1_provider = missing
    yield '}\n\nMODELS: dict[tuple[str, str], ModelInfo] = {\n'
    for l_1_provider in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'):
        _loop_vars = {}
        pass
        for l_2_model in environment.getattr(l_1_provider, 'models'):
            _loop_vars = {}
            pass
            yield '    ('
            yield str(t_3(environment.getattr(l_1_provider, 'name')))
            yield ', '
            yield str(t_3(environment.getattr(l_2_model, 'name')))
            yield '): ModelInfo(\n        prices=(\n'
            for l_3_price in environment.getattr(l_2_model, 'prices'):
                _loop_vars = {}
                pass
                yield '            Price(\n                input=Decimal('
                yield str(t_3(environment.getattr(l_3_price, 'input')))
                yield '),\n                output=Decimal('
                yield str(t_3(environment.getattr(l_3_price, 'output')))
                yield '),\n'
                for (l_4_key, l_4_value) in environment.getattr(l_3_price, 'optional'):
                    _loop_vars = {}
                    pass
                    yield '                '
                    yield str(l_4_key)
                    yield '=Decimal('
                    yield str(t_3(l_4_value))
                    yield '),\n'
                l_4_key = l_4_value = missing
                if environment.getattr(l_3_price, 'since_parts'):
                    pass
                    yield '                since=datetime.date('
                    yield str(t_1(context.eval_ctx, environment.getattr(l_3_price, 'since_parts'), ', '))
                    yield '),\n'
                yield '            ),\n'
            l_3_price = missing
            yield '        ),\n        context_window='
            yield str(environment.getattr(l_2_model, 'context_window'))
            yield ',\n        accepts_images='
            yield str(environment.getattr(l_2_model, 'images'))
            yield ',\n'
            if environment.getattr(l_2_model, 'options'):
                pass
                yield '        options='
                yield str(t_3(environment.getattr(l_2_model, 'options_dict')))
                yield ',\n'
            yield '    ),\n'
        l_2_model = missing
    l_1_provider = missing
    yield '}\n\nDEFAULT_MODELS: dict[str, str] = {\n'
    for l_1_provider in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'providers'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(t_3(environment.getattr(l_1_provider, 'name')))
        yield ': '
        yield str(t_3(environment.getattr(l_1_provider, 'default_model')))
        yield ',\n'
    l_1_provider = missing
    yield '}\n'
    if environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'title_model'):
        pass
        yield '\nTITLE_MODEL: tuple[str | None, str] | None = ('
        yield str(t_3(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'title_provider')))
        yield ', '
        yield str(t_3(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'title_model')))
        yield ')\n"""``chat.title_model``: (provider or None for the conversation\'s own, model)."""\n'
    else:
        pass
        yield '\nTITLE_MODEL: tuple[str | None, str] | None = None\n"""``chat.title_model`` is not set: titles are written by the conversation\'s own model."""\n'
    yield '\n\ndef models_of(provider: str) -> list[str]:\n    """The model names the schema lists for ``provider`` (schema order; [] if unknown)."""\n    return [model for name, model in MODELS if name == provider]\n\n\ndef available_providers() -> list[str]:\n    """The enabled providers that are configured (the mock always; the others once their API\n    key is set), in schema order."""\n    return [name for name in PROVIDER_KINDS if settings.provider_configured(name)]\n\n\ndef choice_error(provider: str, model: str) -> tuple[str, str] | None:\n    """Why a conversation may not use ``provider`` and ``model``: ``("provider", message)``\n    for a provider the schema does not enable or whose API key is not set, ``("model",\n    message)`` for a model the schema does not list for it; None when both are fine. The\n    messages name the allowed values and are safe to show."""\n    allowed = ", ".join(available_providers()) or "none"\n    if provider not in PROVIDER_KINDS:\n        return "provider", f"unknown provider \'{provider}\' (allowed: {allowed})"\n    if not settings.provider_configured(provider):\n        key = PROVIDER_ENV[provider][0]\n        hint = f"set {key.upper()}" if key else "it is not configured"\n        return "provider", f"provider \'{provider}\' is not configured: {hint} (allowed: {allowed})"\n    models = models_of(provider)\n    if model not in models:\n        names = ", ".join(models)\n        return "model", f"unknown model \'{model}\' for provider \'{provider}\' (allowed: {names})"\n    return None\n'

blocks = {}
debug_info = '4=31&13=35&14=39&19=45&20=49&25=55&26=58&27=62&29=66&31=70&32=72&33=74&34=78&36=83&37=86&42=91&43=93&44=95&45=98&53=104&54=108&57=114&59=117'
