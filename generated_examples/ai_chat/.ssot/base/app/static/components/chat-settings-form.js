// <chat-settings-form>: edits the user's one-per-user settings row (or profile), with inputs
// rendered from the bound model's writable fields. Set `request` (an authorized fetch), then
// call `load()`. Emits `settings-saved` {row}.
import { fieldInput, readFields, settings } from "../config.js";

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

  async #save() {
    const body = readFields(settings.fields, this.#form);
    this.#row = this.#row
      ? await this.request("PATCH", `${settings.url}/${this.#row.id}`, body)
      : await this.request("POST", settings.url, body);
    this.#note.textContent = "Saved.";
    this.dispatchEvent(new CustomEvent("settings-saved", { bubbles: true, detail: { row: this.#row } }));
  }
}

customElements.define("chat-settings-form", ChatSettingsForm);
