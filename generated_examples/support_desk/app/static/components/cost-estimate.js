// <cost-estimate>: cost in USD. Server values are shown as they are; without one, the cost is
// estimated from the selected model's prices (USD per 1M tokens) and marked with "~".

const PER = 1_000_000;
const usd = (value) => `$${Number(value).toFixed(6)}`;

class CostEstimate extends HTMLElement {
  #price = null;
  #reply = { prompt: null, completion: null, cost: null };
  #total = null;
  #draft = 0;

  connectedCallback() {
    this.setAttribute("aria-live", "polite");
    this.#render();
  }

  /** The selected model's prices: {input, output} as decimal strings, or null. */
  set price(value) {
    this.#price = value;
    this.#render();
  }

  /** The last reply: {prompt, completion} tokens and the server's `cost`, if any. */
  set reply(usage) {
    this.#reply = {
      prompt: usage?.prompt ?? null,
      completion: usage?.completion ?? null,
      cost: usage?.cost ?? null,
    };
    this.#render();
  }

  /** The conversation's total cost (server value), or null. */
  set total(value) {
    this.#total = value ?? null;
    this.#render();
  }

  /** Estimated prompt tokens of the text being typed. */
  set draft(tokens) {
    this.#draft = tokens;
    this.#render();
  }

  #estimate(prompt, completion) {
    if (!this.#price || prompt == null) return null;
    const input = Number(this.#price.input) * prompt;
    const output = Number(this.#price.output) * (completion ?? 0);
    return (input + output) / PER;
  }

  #render() {
    const { prompt, completion, cost } = this.#reply;
    const estimated = this.#estimate(prompt, completion);
    const parts = [];
    if (cost != null) parts.push(`last reply ${usd(cost)}`);
    else if (estimated != null) parts.push(`last reply ~${usd(estimated)}`);
    if (this.#total != null) parts.push(`conversation ${usd(this.#total)}`);
    const draft = this.#draft ? this.#estimate(this.#draft, 0) : null;
    if (draft != null) parts.push(`this prompt ~${usd(draft)}`);
    if (this.#price) parts.push(`(${this.#price.input} / ${this.#price.output} per 1M in / out)`);
    this.textContent = `Cost: ${parts.join(" · ") || "–"}`;
    this.title = this.textContent;
  }
}

customElements.define("cost-estimate", CostEstimate);
