// <chat-settings-form>: edits the user's one-per-user settings row (or profile), with inputs
// rendered from the bound model's writable fields. Set `request` (an authorized fetch), then
// call `load()`. Emits `settings-saved` {row}.
import { fieldInput, providers, readFields, settings, settingsChoices } from "../config.js";

/** Replace the text input `name` of `form` with a select of `options` ([value, label]). */
function toSelect(form, name, options) {
  const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
  if (!input) return null;
  const select = document.createElement("select");
  select.name = name;
  for (const [value, label] of options) select.append(new Option(label, value));
  if (input.value && !options.some(([value]) => value === input.value)) {
    select.append(new Option(`${input.value} (not configured)`, input.value));
  }
  select.value = input.value;
  input.replaceWith(select);
  return select;
}

class ChatSettingsForm extends HTMLElement {
  /** `request(method, url, body?)` -> parsed JSON; set by the app. */
  request = null;
  #row = null;
  #form = null;
  #note = null;

  get row() {
    return this.#row;
  }

  async load() {
    if (settings.meUrl) {
      this.#row = await this.request("GET", settings.meUrl);
    } else {
      const page = await this.request("GET", `${settings.url}?limit=1`);
      this.#row = page.data[0] ?? null;
      // Every field has a default: create the row so the form shows the stored defaults.
      if (!this.#row && !settings.fields.some((f) => f.required)) {
        this.#row = await this.request("POST", settings.url, {});
      }
    }
    this.#render();
  }

  #render() {
    this.#form = document.createElement("form");
    const heading = document.createElement("h2");
    heading.textContent = settings.title;
    this.#form.append(heading);
    for (const field of settings.fields) this.#form.append(fieldInput(field, this.#row?.[field.name]));
    this.#choices();
    const save = document.createElement("button");
    save.type = "submit";
    save.textContent = "Save";
    this.#note = document.createElement("output");
    this.#form.append(save, this.#note);
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#save().catch((err) => {
        this.#note.textContent = err.message;
      });
    });
    this.replaceChildren(this.#form);
  }

  /** The provider and model fields as selects of what the server has configured. */
  #choices() {
    if (!settingsChoices.provider) return;
    const provider = toSelect(this.#form, settingsChoices.provider, providers.map((p) => [p.name, p.label]));
    if (!provider || !settingsChoices.model) return;
    const models = () => providers.find((p) => p.name === provider.value)?.models ?? [];
    let model = toSelect(this.#form, settingsChoices.model, models().map((m) => [m.name, m.name]));
    provider.addEventListener("change", () => {
      const input = document.createElement("input");
      input.name = settingsChoices.model;
      input.value = models()[0]?.name ?? "";
      model?.replaceWith(input);
      model = toSelect(this.#form, settingsChoices.model, models().map((m) => [m.name, m.name]));
    });
  }

  async #save() {
    this.#note.textContent = "Saving…";
    const body = readFields(settings.fields, this.#form);
    this.#row = this.#row
      ? await this.request("PATCH", `${settings.url}/${this.#row.id}`, body)
      : await this.request("POST", settings.url, body);
    this.#note.textContent = "Saved.";
    this.dispatchEvent(new CustomEvent("settings-saved", { bubbles: true, detail: { row: this.#row } }));
  }
}

customElements.define("chat-settings-form", ChatSettingsForm);
