// <chat-conversation-list>: the user's conversations, newest first.
// Emits `conversation-select` {id}, `conversation-new` and `conversation-delete` {id}.
import { conversation } from "../config.js";

const field = conversation.fields;

function label(row) {
  if (field.title && row[field.title]) return row[field.title];
  if (row.created_at) return new Date(row.created_at).toLocaleString();
  return `Untitled (${String(row.id).slice(0, 8)})`;
}

class ChatConversationList extends HTMLElement {
  #rows = [];
  #selected = null;
  #list = null;

  connectedCallback() {
    this.#render();
  }

  get conversations() {
    return [...this.#rows];
  }

  set conversations(rows) {
    this.#rows = [...rows];
    this.#render();
  }

  get selected() {
    return this.#selected;
  }

  set selected(id) {
    this.#selected = id;
    this.#render();
  }

  /** Add a conversation at the top, or replace the one with the same id in place. */
  upsert(row) {
    const index = this.#rows.findIndex((r) => r.id === row.id);
    if (index >= 0) this.#rows[index] = row;
    else this.#rows.unshift(row);
    this.#render();
  }

  remove(id) {
    this.#rows = this.#rows.filter((r) => r.id !== id);
    this.#render();
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, detail }));
  }

  #render() {
    if (!this.#list) {
      const create = document.createElement("button");
      create.type = "button";
      create.className = "new";
      create.textContent = "New conversation";
      create.addEventListener("click", () => this.#emit("conversation-new", {}));
      this.#list = document.createElement("ul");
      this.append(create, this.#list);
    }
    this.#list.replaceChildren(
      ...this.#rows.map((row) => {
        const item = document.createElement("li");
        const open = document.createElement("button");
        open.type = "button";
        open.className = "open";
        open.textContent = label(row);
        if (field.last_message_at && row[field.last_message_at]) {
          open.title = new Date(row[field.last_message_at]).toLocaleString();
        }
        if (row.id === this.#selected) open.setAttribute("aria-current", "true");
        open.addEventListener("click", () => this.#emit("conversation-select", { id: row.id }));
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "delete";
        remove.textContent = "×";
        remove.title = "Delete";
        remove.setAttribute("aria-label", `Delete ${label(row)}`);
        remove.addEventListener("click", () => this.#emit("conversation-delete", { id: row.id }));
        item.append(open, remove);
        return item;
      }),
    );
  }
}

customElements.define("chat-conversation-list", ChatConversationList);
