// <chat-conversation-list>: the user's conversations, newest first, the open one highlighted;
// each can be renamed in place (when the schema has a title) and deleted.
// Emits `conversation-select` {id}, `conversation-new`, `conversation-rename` {id, title} and
// `conversation-delete` {id, title}.
import { conversation } from "../config.js";

const field = conversation.fields;

function label(row) {
  if (field.title && row[field.title]) return row[field.title];
  if (row.created_at) return new Date(row.created_at).toLocaleString();
  return `Untitled (${String(row.id).slice(0, 8)})`;
}

function button(text, className, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = className;
  element.textContent = text;
  element.addEventListener("click", onClick);
  return element;
}

class ChatConversationList extends HTMLElement {
  #rows = [];
  #selected = null;
  #renaming = null;
  #renameForm = null; // kept across renders: an update that lands meanwhile keeps the typing
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
      const create = button("New conversation", "new", () => this.#emit("conversation-new", {}));
      this.#list = document.createElement("ul");
      this.#list.setAttribute("aria-label", "Conversations");
      this.append(create, this.#list);
    }
    const focused = this.contains(document.activeElement) ? document.activeElement : null;
    const keep = focused?.closest("li")?.dataset.id;
    const keepClass = focused?.className;
    this.#list.replaceChildren(...this.#rows.map((row) => this.#item(row)));
    if (keep && keepClass && !this.#renameForm?.contains(focused)) {
      this.#list.querySelector(`li[data-id="${CSS.escape(keep)}"] .${CSS.escape(keepClass)}`)?.focus();
    } else if (focused && this.#renameForm?.contains(focused)) {
      focused.focus();
    }
  }

  #item(row) {
    const item = document.createElement("li");
    item.dataset.id = row.id;
    if (row.id === this.#renaming) {
      this.#renameForm ??= this.#buildRenameForm(row);
      item.append(this.#renameForm);
      return item;
    }
    const open = button(label(row), "open", () => this.#emit("conversation-select", { id: row.id }));
    if (field.last_message_at && row[field.last_message_at]) {
      open.title = new Date(row[field.last_message_at]).toLocaleString();
    }
    if (row.id === this.#selected) open.setAttribute("aria-current", "true");
    item.append(open);
    if (field.title) {
      const rename = button("✎", "rename", () => {
        this.#renaming = row.id;
        this.#render();
      });
      rename.title = "Rename";
      rename.setAttribute("aria-label", `Rename ${label(row)}`);
      item.append(rename);
    }
    const remove = button("×", "delete", () => this.#emit("conversation-delete", { id: row.id, title: label(row) }));
    remove.title = "Delete";
    remove.setAttribute("aria-label", `Delete ${label(row)}`);
    item.append(remove);
    return item;
  }

  #buildRenameForm(row) {
    const form = document.createElement("form");
    form.className = "renaming";
    const input = document.createElement("input");
    input.value = row[field.title] ?? "";
    input.required = true;
    input.setAttribute("aria-label", "New title");
    const done = () => {
      this.#renaming = null;
      this.#renameForm = null;
      this.#render();
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const title = input.value.trim();
      done();
      if (title && title !== row[field.title]) this.#emit("conversation-rename", { id: row.id, title });
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") done();
    });
    input.addEventListener("blur", () => {
      // after this task: a re-render that moved the form gives it its focus back first
      setTimeout(() => {
        if (this.#renaming === row.id && form.isConnected && !form.contains(document.activeElement)) {
          form.requestSubmit();
        }
      });
    });
    form.append(input);
    queueMicrotask(() => {
      input.focus();
      input.select();
    });
    return form;
  }
}

customElements.define("chat-conversation-list", ChatConversationList);
