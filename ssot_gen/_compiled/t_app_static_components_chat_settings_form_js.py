# Compiled by ssot_gen.precompiled from templates/app/static/components/chat-settings-form.js.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/components/chat-settings-form.js.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    pass
    if context.call(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'has_component'), 'ChatSettingsForm'):
        pass
        yield '// <chat-settings-form>: edits the user\'s one-per-user settings row (or profile), with inputs\n// rendered from the bound model\'s writable fields. Set `request` (an authorized fetch), then\n// call `load()`. Emits `settings-saved` {row}.\nimport { fieldInput, readFields, settings } from "../config.js";\n\nclass ChatSettingsForm extends HTMLElement {\n  /** `request(method, url, body?)` -> parsed JSON; set by the app. */\n  request = null;\n  #row = null;\n  #form = null;\n  #note = null;\n\n  get row() {\n    return this.#row;\n  }\n\n  async load() {\n    if (settings.meUrl) {\n      this.#row = await this.request("GET", settings.meUrl);\n    } else {\n      const page = await this.request("GET", `${settings.url}?limit=1`);\n      this.#row = page.data[0] ?? null;\n      // Every field has a default: create the row so the form shows the stored defaults.\n      if (!this.#row && !settings.fields.some((f) => f.required)) {\n        this.#row = await this.request("POST", settings.url, {});\n      }\n    }\n    this.#render();\n  }\n\n  #render() {\n    this.#form = document.createElement("form");\n    const heading = document.createElement("h2");\n    heading.textContent = settings.title;\n    this.#form.append(heading);\n    for (const field of settings.fields) this.#form.append(fieldInput(field, this.#row?.[field.name]));\n    const save = document.createElement("button");\n    save.type = "submit";\n    save.textContent = "Save";\n    this.#note = document.createElement("output");\n    this.#form.append(save, this.#note);\n    this.#form.addEventListener("submit", (event) => {\n      event.preventDefault();\n      this.#save().catch((err) => {\n        this.#note.textContent = err.message;\n      });\n    });\n    this.replaceChildren(this.#form);\n  }\n\n  async #save() {\n    const body = readFields(settings.fields, this.#form);\n    this.#row = this.#row\n      ? await this.request("PATCH", `${settings.url}/${this.#row.id}`, body)\n      : await this.request("POST", settings.url, body);\n    this.#note.textContent = "Saved.";\n    this.dispatchEvent(new CustomEvent("settings-saved", { bubbles: true, detail: { row: this.#row } }));\n  }\n}\n\ncustomElements.define("chat-settings-form", ChatSettingsForm);\n'

blocks = {}
debug_info = '1=12'
