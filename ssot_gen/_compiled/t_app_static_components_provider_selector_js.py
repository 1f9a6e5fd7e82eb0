# Compiled by ssot_gen.precompiled from templates/app/static/components/provider-selector.js.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/components/provider-selector.js.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    pass
    if context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'has_component'), 'ProviderSelector'):
        pass
        yield '// <provider-selector>: picks one of the providers (the server\'s configured ones once signed in);\n// emits `provider-change` {provider}.\nimport { defaultProvider, providers, usd } from "../config.js";\n\n/** What an option says: the provider\'s label and, when the server gives prices, the cheapest\n * input price of its models (USD per 1M input tokens, from `GET /api/providers`). */\nexport function providerLabel(provider) {\n  const prices = provider.models.map((m) => m.input).filter((price) => price != null);\n  if (prices.length === 0) return provider.label;\n  const cheapest = Math.min(...prices);\n  if (Math.max(...prices) === 0) return `${provider.label} · free`;\n  return `${provider.label} · from ${usd.format(cheapest)} per 1M`;\n}\n\nclass ProviderSelector extends HTMLElement {\n  #select = null;\n  #value = defaultProvider;\n\n  connectedCallback() {\n    this.#render();\n  }\n\n  get value() {\n    return this.#value;\n  }\n\n  set value(name) {\n    if (!providers.some((p) => p.name === name)) return;\n    this.#value = name;\n    if (this.#select) this.#select.value = name;\n  }\n\n  /** Show the providers list again (after it was replaced by the server\'s). */\n  refresh() {\n    this.#render();\n  }\n\n  #render() {\n    if (!this.#select) {\n      this.#select = document.createElement("select");\n      this.#select.setAttribute("aria-label", "Provider");\n      this.#select.addEventListener("change", () => {\n        this.#value = this.#select.value;\n        const detail = { provider: this.#value };\n        this.dispatchEvent(new CustomEvent("provider-change", { bubbles: true, detail }));\n      });\n      this.append(this.#select);\n    }\n    const options = providers.map((provider) => new Option(providerLabel(provider), provider.name));\n    this.#select.replaceChildren(...options);\n    if (!providers.some((p) => p.name === this.#value)) this.#value = providers[0]?.name ?? "";\n    this.#select.value = this.#value;\n  }\n}\n\ncustomElements.define("provider-selector", ProviderSelector);\n'

blocks = {}
debug_info = '1=12'
