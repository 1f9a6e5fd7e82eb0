# Compiled by ssot_gen.precompiled from templates/app/static/components/chat-input.js.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/components/chat-input.js.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    pass
    if context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'has_component'), 'ChatInput'):
        pass
        yield '// <chat-input>: a text box; emits `chat-send` {content} and `chat-draft` {content}.\n\nclass ChatInput extends HTMLElement {\n  #form = null;\n  #text = null;\n  #button = null;\n\n  connectedCallback() {\n    if (this.#form) return;\n    this.#form = document.createElement("form");\n    this.#text = document.createElement("textarea");\n    this.#text.name = "text";\n    this.#text.rows = 3;\n    this.#text.placeholder = this.getAttribute("placeholder") ?? "Type a message (Enter sends, Shift+Enter for a new line)";\n    this.#text.setAttribute("aria-label", "Your text");\n    this.#button = document.createElement("button");\n    this.#button.type = "submit";\n    this.#button.textContent = "Send";\n    this.#form.append(this.#text, this.#button);\n    this.append(this.#form);\n    this.#form.addEventListener("submit", (event) => {\n      event.preventDefault();\n      const content = this.#text.value.trim();\n      if (!content || this.disabled) return;\n      this.#emit("chat-send", content);\n      this.#text.value = "";\n      this.#emit("chat-draft", "");\n    });\n    this.#text.addEventListener("keydown", (event) => {\n      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {\n        event.preventDefault();\n        this.#form.requestSubmit();\n      }\n    });\n    this.#text.addEventListener("input", () => this.#emit("chat-draft", this.#text.value));\n  }\n\n  get disabled() {\n    return this.hasAttribute("disabled");\n  }\n\n  set disabled(value) {\n    this.toggleAttribute("disabled", Boolean(value));\n    if (this.#button) this.#button.disabled = Boolean(value);\n  }\n\n  focus() {\n    this.#text?.focus();\n  }\n\n  #emit(type, content) {\n    this.dispatchEvent(new CustomEvent(type, { bubbles: true, detail: { content } }));\n  }\n}\n\ncustomElements.define("chat-input", ChatInput);\n'

blocks = {}
debug_info = '1=12'
