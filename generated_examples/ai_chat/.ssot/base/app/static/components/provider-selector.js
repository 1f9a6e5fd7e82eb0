// <provider-selector>: picks one of the schema's providers; emits `provider-change` {provider}.
import { defaultProvider, providers } from "../config.js";

class ProviderSelector extends HTMLElement {
  #select = null;
  #value = defaultProvider;

  connectedCallback() {
    this.#render();
  }

  get value() {
    return this.#value;
  }

  set value(name) {
    if (!providers.some((p) => p.name === name)) return;
    this.#value = name;
    if (this.#select) this.#select.value = name;
  }

  #render() {
    if (this.#select) return;
    this.#select = document.createElement("select");
    this.#select.setAttribute("aria-label", "Provider");
    for (const provider of providers) this.#select.append(new Option(provider.label, provider.name));
    this.#select.value = this.#value;
    this.#select.addEventListener("change", () => {
      this.#value = this.#select.value;
      const detail = { provider: this.#value };
      this.dispatchEvent(new CustomEvent("provider-change", { bubbles: true, detail }));
    });
    this.append(this.#select);
  }
}

customElements.define("provider-selector", ProviderSelector);
