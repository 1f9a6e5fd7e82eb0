# Compiled by ssot_gen.precompiled from templates/app/static/components/cost-estimate.js.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/components/cost-estimate.js.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    pass
    if context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'has_component'), 'CostEstimate'):
        pass
        yield '// <cost-estimate>: cost in USD. Server values are shown as they are; without one, the cost is\n// estimated from the selected model\'s prices (USD per 1M tokens) and marked with "~".\n\nconst PER = 1_000_000;\nconst usd = (value) => `$${Number(value).toFixed(6)}`;\n\nclass CostEstimate extends HTMLElement {\n  #price = null;\n  #reply = { prompt: null, completion: null, cost: null };\n  #total = null;\n  #draft = 0;\n\n  connectedCallback() {\n    this.setAttribute("aria-live", "polite");\n    this.#render();\n  }\n\n  /** The selected model\'s prices: {input, output} as decimal strings, or null. */\n  set price(value) {\n    this.#price = value;\n    this.#render();\n  }\n\n  /** The last reply: {prompt, completion} tokens and the server\'s `cost`, if any. */\n  set reply(usage) {\n    this.#reply = {\n      prompt: usage?.prompt ?? null,\n      completion: usage?.completion ?? null,\n      cost: usage?.cost ?? null,\n    };\n    this.#render();\n  }\n\n  /** The conversation\'s total cost (server value), or null. */\n  set total(value) {\n    this.#total = value ?? null;\n    this.#render();\n  }\n\n  /** Estimated prompt tokens of the text being typed. */\n  set draft(tokens) {\n    this.#draft = tokens;\n    this.#render();\n  }\n\n  #estimate(prompt, completion) {\n    if (!this.#price || prompt == null) return null;\n    const input = Number(this.#price.input) * prompt;\n    const output = Number(this.#price.output) * (completion ?? 0);\n    return (input + output) / PER;\n  }\n\n  #render() {\n    const { prompt, completion, cost } = this.#reply;\n    const estimated = this.#estimate(prompt, completion);\n    const parts = [];\n    if (cost != null) parts.push(`last reply ${usd(cost)}`);\n    else if (estimated != null) parts.push(`last reply ~${usd(estimated)}`);\n    if (this.#total != null) parts.push(`conversation ${usd(this.#total)}`);\n    const draft = this.#draft ? this.#estimate(this.#draft, 0) : null;\n    if (draft != null) parts.push(`this prompt ~${usd(draft)}`);\n    if (this.#price) parts.push(`(${this.#price.input} / ${this.#price.output} per 1M in / out)`);\n    this.textContent = `Cost: ${parts.join(" · ") || "–"}`;\n    this.title = this.textContent;\n  }\n}\n\ncustomElements.define("cost-estimate", CostEstimate);\n'

blocks = {}
debug_info = '1=12'
