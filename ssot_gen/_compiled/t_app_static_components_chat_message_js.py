# Compiled by ssot_gen.precompiled from templates/app/static/components/chat-message.js.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/components/chat-message.js.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    pass
    if context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'has_component'), 'ChatMessage'):
        pass
        yield '// <chat-message>: one message of a conversation; its text grows with streamed deltas.\nimport { message } from "../config.js";\n\nconst field = message.fields;\nconst roleOf = Object.fromEntries(Object.entries(message.roles).map(([k, v]) => [v, k]));\nconst statusOf = Object.fromEntries(Object.entries(message.statuses).map(([k, v]) => [v, k]));\n\nclass ChatMessage extends HTMLElement {\n  #data = null;\n  #parts = null;\n\n  connectedCallback() {\n    this.#render();\n  }\n\n  /** The public message object as the API sends it. */\n  get message() {\n    return this.#data;\n  }\n\n  set message(value) {\n    this.#data = { ...value };\n    this.#render();\n  }\n\n  /** A `message.streaming` delta: `offset` is the length of the text before it, in UTF-16\n   * code units (a JavaScript string\'s length). */\n  applyDelta({ offset, delta }) {\n    if (!this.#data) return;\n    const text = this.#data[field.content] ?? "";\n    if (offset + delta.length <= text.length) return;\n    this.#data[field.content] = text.slice(0, Math.min(offset, text.length)) + delta;\n    if (statusOf[this.#data[field.status]] === "pending") {\n      this.#data[field.status] = message.statuses.streaming;\n    }\n    this.#render();\n  }\n\n  #render() {\n    if (!this.#data) return;\n    if (!this.#parts) {\n      this.#parts = {\n        role: document.createElement("strong"),\n        status: document.createElement("small"),\n        body: document.createElement("div"),\n        meta: document.createElement("small"),\n      };\n      const head = document.createElement("header");\n      head.append(this.#parts.role, " ", this.#parts.status);\n      this.#parts.body.className = "body";\n      this.#parts.meta.className = "meta";\n      this.append(head, this.#parts.body, this.#parts.meta);\n    }\n    const data = this.#data;\n    const role = roleOf[data[field.role]] ?? data[field.role];\n    const status = statusOf[data[field.status]] ?? data[field.status];\n    this.dataset.role = role;\n    this.dataset.status = status;\n    this.#parts.role.textContent = role;\n    this.#parts.status.textContent = status === "done" ? "" : status;\n    this.#parts.body.textContent = data[field.content] ?? "";\n    const meta = [];\n    if (field.model_name && data[field.model_name]) meta.push(data[field.model_name]);\n    if (field.total_tokens && data[field.total_tokens] != null) {\n      meta.push(`${data[field.total_tokens]} tokens`);\n    }\n    if (field.cost && data[field.cost] != null) meta.push(`$${Number(data[field.cost]).toFixed(6)}`);\n    if (field.error && data[field.error]) meta.push(data[field.error]);\n    this.#parts.meta.textContent = meta.join(" · ");\n  }\n}\n\ncustomElements.define("chat-message", ChatMessage);\n'

blocks = {}
debug_info = '1=12'
