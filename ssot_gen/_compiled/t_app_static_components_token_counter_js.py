# Compiled by ssot_gen.precompiled from templates/app/static/components/token-counter.js.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/components/token-counter.js.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    pass
    if context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'has_component'), 'TokenCounter'):
        pass
        yield '// <token-counter>: tokens of the last reply, of the whole conversation, and of the draft.\n\nconst count = (value) => (value == null ? "–" : Number(value).toLocaleString());\n\nclass TokenCounter extends HTMLElement {\n  #reply = { prompt: null, completion: null };\n  #total = null;\n  #draft = 0;\n\n  connectedCallback() {\n    this.setAttribute("aria-live", "polite");\n    this.#render();\n  }\n\n  /** The last reply\'s usage as the server counted it: {prompt, completion}. */\n  set reply(usage) {\n    this.#reply = { prompt: usage?.prompt ?? null, completion: usage?.completion ?? null };\n    this.#render();\n  }\n\n  /** The conversation\'s total tokens (server value), or null. */\n  set total(value) {\n    this.#total = value ?? null;\n    this.#render();\n  }\n\n  /** Estimated tokens of the text being typed. */\n  set draft(tokens) {\n    this.#draft = tokens;\n    this.#render();\n  }\n\n  #render() {\n    const { prompt, completion } = this.#reply;\n    const parts = [`Last reply: ${count(prompt)} in / ${count(completion)} out`];\n    parts.push(`conversation: ${count(this.#total)}`);\n    if (this.#draft) parts.push(`draft: ~${count(this.#draft)}`);\n    this.textContent = `Tokens — ${parts.join(" · ")}`;\n    this.title = this.textContent;\n  }\n}\n\ncustomElements.define("token-counter", TokenCounter);\n'

blocks = {}
debug_info = '1=12'
