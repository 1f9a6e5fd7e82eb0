// <token-counter>: tokens of the last reply, of the whole conversation, and of the draft.

const count = (value) => (value == null ? "–" : Number(value).toLocaleString());

class TokenCounter extends HTMLElement {
  #reply = { prompt: null, completion: null };
  #total = null;
  #draft = 0;

  connectedCallback() {
    this.setAttribute("aria-live", "polite");
    this.#render();
  }

  /** The last reply's usage as the server counted it: {prompt, completion}. */
  set reply(usage) {
    this.#reply = { prompt: usage?.prompt ?? null, completion: usage?.completion ?? null };
    this.#render();
  }

  /** The conversation's total tokens (server value), or null. */
  set total(value) {
    this.#total = value ?? null;
    this.#render();
  }

  /** Estimated tokens of the text being typed. */
  set draft(tokens) {
    this.#draft = tokens;
    this.#render();
  }

  #render() {
    const { prompt, completion } = this.#reply;
    const parts = [`Last reply: ${count(prompt)} in / ${count(completion)} out`];
    parts.push(`conversation: ${count(this.#total)}`);
    if (this.#draft) parts.push(`draft: ~${count(this.#draft)}`);
    this.textContent = `Tokens — ${parts.join(" · ")}`;
    this.title = this.textContent;
  }
}

customElements.define("token-counter", TokenCounter);
