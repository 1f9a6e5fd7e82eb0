// <provider-selector>: picks one of the providers (the server's configured ones once signed in);
// emits `provider-change` {provider}.
import { defaultProvider, providers, usd } from "../config.js";

/** What an option says: the provider's label and, when the server gives prices, the cheapest
 * input price of its models (USD per 1M input tokens, from `GET /api/providers`). */
export function providerLabel(provider) {
  const prices = provider.models.map((m) => m.input).filter((price) => price != null);
  if (prices.length === 0) return provider.label;
  const cheapest = Math.min(...prices);
  if (Math.max(...prices) === 0) return `${provider.label} · free`;
  return `${provider.label} · from ${usd.format(cheapest)} per 1M`;
}

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

  /** Show the providers list again (after it was replaced by the server's). */
  refresh() {
    this.#render();
  }

  #render() {
    if (!this.#select) {
      this.#select = document.createElement("select");
      this.#select.setAttribute("aria-label", "Provider");
      this.#select.addEventListener("change", () => {
        this.#value = this.#select.value;
        const detail = { provider: this.#value };
        this.dispatchEvent(new CustomEvent("provider-change", { bubbles: true, detail }));
      });
      this.append(this.#select);
    }
    const options = providers.map((provider) => new Option(providerLabel(provider), provider.name));
    this.#select.replaceChildren(...options);
    if (!providers.some((p) => p.name === this.#value)) this.#value = providers[0]?.name ?? "";
    this.#select.value = this.#value;
  }
}

customElements.define("provider-selector", ProviderSelector);
