# Compiled by ssot_gen.precompiled from templates/app/static/components/model-selector.js.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/components/model-selector.js.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    pass
    if context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'has_component'), 'ModelSelector'):
        pass
        yield '// <model-selector>: picks a model of `provider` (or of any provider, grouped, when unset).\n// Emits `model-change` {provider, model}.\nimport { defaultProvider, providers } from "../config.js";\n\nclass ModelSelector extends HTMLElement {\n  #select = null;\n  #provider = null;\n  #value = providers.find((p) => p.name === defaultProvider)?.defaultModel ?? "";\n\n  connectedCallback() {\n    this.#render();\n  }\n\n  /** Limit the list to one provider\'s models; null lists every provider\'s. */\n  get provider() {\n    return this.#provider;\n  }\n\n  set provider(name) {\n    this.#provider = name;\n    this.#render();\n  }\n\n  get value() {\n    return this.#value;\n  }\n\n  /** Show the models again (after the providers list was replaced by the server\'s). */\n  refresh() {\n    this.#render();\n  }\n\n  set value(model) {\n    this.#value = model;\n    this.#render();\n  }\n\n  #render() {\n    if (!this.#select) {\n      this.#select = document.createElement("select");\n      this.#select.setAttribute("aria-label", "Model");\n      this.#select.addEventListener("change", () => {\n        this.#value = this.#select.value;\n        const provider = this.#select.selectedOptions[0]?.dataset.provider ?? this.#provider;\n        const detail = { provider, model: this.#value };\n        this.dispatchEvent(new CustomEvent("model-change", { bubbles: true, detail }));\n      });\n      this.append(this.#select);\n    }\n    const shown = providers.filter((p) => !this.#provider || p.name === this.#provider);\n    const groups = shown.map((provider) => {\n      const options = provider.models.map((model) => {\n        const option = new Option(model.name, model.name);\n        option.dataset.provider = provider.name;\n        return option;\n      });\n      if (shown.length === 1) return options;\n      const group = document.createElement("optgroup");\n      group.label = provider.label;\n      group.append(...options);\n      return [group];\n    });\n    this.#select.replaceChildren(...groups.flat());\n    const names = shown.flatMap((p) => p.models.map((m) => m.name));\n    if (!names.includes(this.#value)) this.#value = shown[0]?.defaultModel ?? names[0] ?? "";\n    this.#select.value = this.#value;\n  }\n}\n\ncustomElements.define("model-selector", ModelSelector);\n'

blocks = {}
debug_info = '1=12'
