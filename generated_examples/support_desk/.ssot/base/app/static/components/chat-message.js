// <chat-message>: one message: who wrote it and when, its text (Markdown rendered safely when
// the display says so, else plain text), its usage, and actions: copy; stop (a reply that is
// streaming); regenerate (a reply); edit (a question); "‹ 2 / 3 ›" between the versions of a
// message (its siblings: regenerated replies, edited questions).
// Emits bubbling events: `message-stop` {id}, `message-regenerate` {id}, `message-edit`
// {id, content} and `message-sibling` {id, step} (step -1: the previous version, 1: the next).
import { display, imageAttachments, message } from "../config.js";
import { renderMarkdown } from "../markdown.js";

const field = message.fields;
const roleOf = Object.fromEntries(Object.entries(message.roles).map(([k, v]) => [v, k]));
const statusOf = Object.fromEntries(Object.entries(message.statuses).map(([k, v]) => [v, k]));
const WHO = { user: "You", assistant: "Assistant", system: "System" };
const LIVE = new Set(["pending", "streaming"]);

function button(label, className, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = className;
  element.textContent = label;
  element.addEventListener("click", onClick);
  return element;
}

class ChatMessage extends HTMLElement {
  /** `(id) => Promise<Blob>`: how an attached image is fetched (set by the page). */
  static loadImage = null;
  #data = null;
  #imagesShown = "";
  #parts = null;
  #editing = false;
  #shown = null; // the text and mode last rendered into the body

  connectedCallback() {
    this.#render();
  }

  /** The public message object as the API sends it. */
  get message() {
    return this.#data;
  }

  set message(value) {
    // Events carry no tree position: a message keeps the one its list read gave it.
    const kept = this.#data && !("sibling_count" in value)
      ? { sibling_index: this.#data.sibling_index, sibling_count: this.#data.sibling_count }
      : {};
    this.#data = { ...kept, ...value };
    this.#render();
  }

  /** Render again (the display preferences changed). */
  refresh() {
    this.#shown = null;
    this.#render();
  }

  /** A `message.streaming` delta: `offset` is the length of the text before it, in UTF-16
   * code units (a JavaScript string's length). */
  applyDelta({ offset, delta }) {
    if (!this.#data) return;
    const text = this.#data[field.content] ?? "";
    if (offset > text.length || offset + delta.length <= text.length) return;
    this.#data[field.content] = text.slice(0, offset) + delta;
    if (statusOf[this.#data[field.status]] === "pending") {
      this.#data[field.status] = message.statuses.streaming;
    }
    this.#render();
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, detail: { id: this.#data.id, ...detail } }));
  }

  #build() {
    const parts = {
      who: document.createElement("strong"),
      time: document.createElement("time"),
      status: document.createElement("span"),
      body: document.createElement("div"),
      meta: document.createElement("span"),
      tokens: document.createElement("span"),
      cost: document.createElement("span"),
      nav: document.createElement("span"),
      position: document.createElement("span"),
      actions: document.createElement("span"),
    };
    parts.status.className = "status";
    parts.body.className = "body";
    parts.images = document.createElement("div");
    parts.images.className = "images";
    parts.meta.className = "meta";
    parts.tokens.className = "tokens";
    parts.cost.className = "cost";
    parts.nav.className = "versions";
    parts.actions.className = "actions";
    const head = document.createElement("header");
    head.append(parts.who, parts.time, parts.status);
    parts.previous = button("‹", "previous", () => this.#emit("message-sibling", { step: -1 }));
    parts.next = button("›", "next", () => this.#emit("message-sibling", { step: 1 }));
    parts.previous.setAttribute("aria-label", "Previous version");
    parts.next.setAttribute("aria-label", "Next version");
    parts.nav.append(parts.previous, parts.position, parts.next);
    parts.copy = button("Copy", "copy", () => this.#copy());
    parts.stop = button("Stop", "stop", () => this.#emit("message-stop", {}));
    parts.regenerate = button("Regenerate", "regenerate", () => this.#emit("message-regenerate", {}));
    parts.edit = button("Edit", "edit", () => this.#startEdit());
    parts.actions.append(parts.copy, parts.stop, parts.regenerate, parts.edit);
    // Nothing shown moves when a reply ends (no layout shift): the versions and the actions
    // start at the left (Copy and Regenerate take Stop's place), the figures that appear then
    // go to the right of a spacer, left of the model's name, which keeps its place at the end.
    const spacer = document.createElement("span");
    spacer.className = "spacer";
    const foot = document.createElement("footer");
    foot.append(parts.nav, parts.actions, spacer, parts.tokens, parts.cost, parts.meta);
    this.append(head, parts.images, parts.body, foot);
    return parts;
  }

  #render() {
    if (!this.#data) return;
    this.#parts ??= this.#build();
    const parts = this.#parts;
    const data = this.#data;
    const role = roleOf[data[field.role]] ?? data[field.role];
    const status = statusOf[data[field.status]] ?? data[field.status];
    const live = LIVE.has(status);
    this.dataset.role = role;
    this.dataset.status = status;
    this.setAttribute("aria-busy", String(live));
    parts.who.textContent = WHO[role] ?? role;
    if (data.created_at) {
      const at = new Date(data.created_at);
      parts.time.dateTime = at.toISOString();
      parts.time.textContent = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      parts.time.title = at.toLocaleString();
    }
    parts.status.textContent = status === "done" ? "" : status;
    if (!this.#editing) this.#renderBody(live);
    this.#renderImages();
    const meta = [];
    if (field.model_name && data[field.model_name]) meta.push(data[field.model_name]);
    if (field.error && data[field.error]) meta.push(data[field.error]);
    parts.meta.textContent = meta.join(" · ");
    const tokens = field.total_tokens ? data[field.total_tokens] : null;
    parts.tokens.textContent = tokens != null ? `${Number(tokens).toLocaleString()} tokens` : "";
    parts.tokens.hidden = !display.showTokens || tokens == null;
    const cost = field.cost ? data[field.cost] : null;
    parts.cost.textContent = cost != null ? `$${Number(cost).toFixed(6)}` : "";
    parts.cost.hidden = !display.showCost || cost == null;
    const count = data.sibling_count ?? 1;
    parts.nav.hidden = count < 2;
    parts.position.textContent = `${data.sibling_index ?? 1} / ${count}`;
    parts.previous.disabled = (data.sibling_index ?? 1) <= 1;
    parts.next.disabled = (data.sibling_index ?? 1) >= count;
    parts.copy.hidden = live || !(data[field.content] ?? "");
    parts.stop.hidden = !(live && role === "assistant");
    parts.regenerate.hidden = live || role !== "assistant";
    parts.edit.hidden = live || role !== "user";
    parts.stop.setAttribute("aria-label", "Stop this reply");
  }

  #renderBody(live) {
    const text = this.#data[field.content] ?? "";
    const hidden = live && !display.streaming; // streaming off: the reply shows when it ends
    const mode = hidden ? "waiting" : display.markdown ? (display.codeHighlight ? "code" : "markdown") : "text";
    if (this.#shown && this.#shown.text === text && this.#shown.mode === mode) return;
    this.#shown = { text, mode };
    const body = this.#parts.body;
    if (mode === "waiting") body.textContent = "…";
    else if (mode === "text") body.textContent = text;
    else body.innerHTML = renderMarkdown(text, { highlight: mode === "code" });
    body.classList.toggle("markdown", mode === "markdown" || mode === "code");
  }

  #renderImages() {
    const list = imageAttachments ? (this.#data[imageAttachments.attribute] ?? []) : [];
    const key = list.map((a) => a.id).join(",");
    if (key === this.#imagesShown) return;
    this.#imagesShown = key;
    this.#parts.images.hidden = list.length === 0;
    this.#parts.images.replaceChildren(
      ...list.map((attachment, index) => {
        const img = document.createElement("img");
        img.alt = `Image ${index + 1}`;
        ChatMessage.loadImage?.(attachment.id).then(
          (blob) => (img.src = URL.createObjectURL(blob)),
          () => (img.alt = `Image ${index + 1} (unavailable)`),
        );
        return img;
      }),
    );
  }

  async #copy() {
    const text = this.#data[field.content] ?? "";
    try {
      await navigator.clipboard.writeText(text);
      this.#parts.copy.textContent = "Copied";
    } catch {
      this.#parts.copy.textContent = "Copy failed";
    }
    setTimeout(() => {
      if (this.#parts) this.#parts.copy.textContent = "Copy";
    }, 1500);
  }

  #startEdit() {
    this.#editing = true;
    const form = document.createElement("form");
    form.className = "editing";
    const text = document.createElement("textarea");
    text.value = this.#data[field.content] ?? "";
    text.rows = Math.min(10, Math.max(2, text.value.split("\n").length));
    text.setAttribute("aria-label", "Edit your message");
    const save = document.createElement("button");
    save.type = "submit";
    save.textContent = "Save and send";
    const cancel = button("Cancel", "cancel", () => this.#stopEdit());
    form.append(text, save, cancel);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const content = text.value.trim();
      if (!content) return;
      this.#stopEdit();
      this.#emit("message-edit", { content });
    });
    text.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.#stopEdit();
    });
    this.#parts.body.replaceChildren(form);
    text.focus();
  }

  #stopEdit() {
    this.#editing = false;
    this.#shown = null;
    this.#render();
  }
}

customElements.define("chat-message", ChatMessage);
