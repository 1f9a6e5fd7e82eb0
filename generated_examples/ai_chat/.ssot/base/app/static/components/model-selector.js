// <model-selector>: picks a model of `provider` (or of any provider, grouped, when unset).
// Emits `model-change` {provider, model}.
import { defaultProvider, providers, usd } from "../config.js";

/** What an option says: the model's name and, when the server gives them, its prices (USD per
 * 1M input / output tokens, from `GET /api/providers`). */
export function modelLabel(model) {
  if (model.input == null && model.output == null) return model.name;
  if (!model.input && !model.output) return `${model.name} · free`;
  return `${model.name} · ${usd.format(model.input ?? 0)} / ${usd.format(model.output ?? 0)} per 1M tokens`;
}

class ModelSelector extends HTMLElement {
  #select = null;
  #provider = null;
  #value = providers.find((p) => p.name === defaultProvider)?.defaultModel ?? "";

  connectedCallback() {
    this.#render();
  }

  /** Limit the list to one provider's models; null lists every provider's. */
  get provider() {
    return this.#provider;
  }

  set provider(name) {
    this.#provider = name;
    this.#render();
  }

  get value() {
    return this.#value;
  }

  /** Show the models again (after the providers list was replaced by the server's). */
  refresh() {
    this.#render();
  }

  set value(model) {
    this.#value = model;
    this.#render();
  }

  #render() {
    if (!this.#select) {
      this.#select = document.createElement("select");
      this.#select.setAttribute("aria-label", "Model");
      this.#select.addEventListener("change", () => {
        this.#value = this.#select.value;
        const provider = this.#select.selectedOptions[0]?.dataset.provider ?? this.#provider;
        const detail = { provider, model: this.#value };
        this.dispatchEvent(new CustomEvent("model-change", { bubbles: true, detail }));
      });
      this.append(this.#select);
    }
    const shown = providers.filter((p) => !this.#provider || p.name === this.#provider);
    const groups = shown.map((provider) => {
      const options = provider.models.map((model) => {
        const option = new Option(modelLabel(model), model.name);
        option.dataset.provider = provider.name;
        if (model.input != null || model.output != null) {
          option.title = `${model.name}: ${usd.format(model.input ?? 0)} per 1M input tokens, ${usd.format(model.output ?? 0)} per 1M output tokens`;
        }
        return option;
      });
      if (shown.length === 1) return options;
      const group = document.createElement("optgroup");
      group.label = provider.label;
      group.append(...options);
      return [group];
    });
    this.#select.replaceChildren(...groups.flat());
    const names = shown.flatMap((p) => p.models.map((m) => m.name));
    if (!names.includes(this.#value)) this.#value = shown[0]?.defaultModel ?? names[0] ?? "";
    this.#select.value = this.#value;
  }
}

customElements.define("model-selector", ModelSelector);
