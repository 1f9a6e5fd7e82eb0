// <chat-message>: one message of a conversation; its text grows with streamed deltas.
import { message } from "../config.js";

const field = message.fields;
const roleOf = Object.fromEntries(Object.entries(message.roles).map(([k, v]) => [v, k]));
const statusOf = Object.fromEntries(Object.entries(message.statuses).map(([k, v]) => [v, k]));

class ChatMessage extends HTMLElement {
  #data = null;
  #parts = null;

  connectedCallback() {
    this.#render();
  }

  /** The public message object as the API sends it. */
  get message() {
    return this.#data;
  }

  set message(value) {
    this.#data = { ...value };
    this.#render();
  }

  /** A `message.streaming` delta: `offset` is the length of the text before it, in UTF-16
   * code units (a JavaScript string's length). */
  applyDelta({ offset, delta }) {
    if (!this.#data) return;
    const text = this.#data[field.content] ?? "";
    if (offset + delta.length <= text.length) return;
    this.#data[field.content] = text.slice(0, Math.min(offset, text.length)) + delta;
    if (statusOf[this.#data[field.status]] === "pending") {
      this.#data[field.status] = message.statuses.streaming;
    }
    this.#render();
  }

  #render() {
    if (!this.#data) return;
    if (!this.#parts) {
      this.#parts = {
        role: document.createElement("strong"),
        status: document.createElement("small"),
        body: document.createElement("div"),
        meta: document.createElement("small"),
      };
      const head = document.createElement("header");
      head.append(this.#parts.role, " ", this.#parts.status);
      this.#parts.body.className = "body";
      this.#parts.meta.className = "meta";
      this.append(head, this.#parts.body, this.#parts.meta);
    }
    const data = this.#data;
    const role = roleOf[data[field.role]] ?? data[field.role];
    const status = statusOf[data[field.status]] ?? data[field.status];
    this.dataset.role = role;
    this.dataset.status = status;
    this.#parts.role.textContent = role;
    this.#parts.status.textContent = status === "done" ? "" : status;
    this.#parts.body.textContent = data[field.content] ?? "";
    const meta = [];
    if (field.model_name && data[field.model_name]) meta.push(data[field.model_name]);
    if (field.total_tokens && data[field.total_tokens] != null) {
      meta.push(`${data[field.total_tokens]} tokens`);
    }
    if (field.cost && data[field.cost] != null) meta.push(`$${Number(data[field.cost]).toFixed(6)}`);
    if (field.error && data[field.error]) meta.push(data[field.error]);
    this.#parts.meta.textContent = meta.join(" · ");
  }
}

customElements.define("chat-message", ChatMessage);
