// <chat-input>: a text box; emits `chat-send` {content} and `chat-draft` {content}.

class ChatInput extends HTMLElement {
  #form = null;
  #text = null;
  #button = null;

  connectedCallback() {
    if (this.#form) return;
    this.#form = document.createElement("form");
    this.#text = document.createElement("textarea");
    this.#text.name = "text";
    this.#text.rows = 3;
    this.#text.placeholder = this.getAttribute("placeholder") ?? "Type a message (Enter sends, Shift+Enter for a new line)";
    this.#text.setAttribute("aria-label", "Your text");
    this.#button = document.createElement("button");
    this.#button.type = "submit";
    this.#button.textContent = "Send";
    this.#form.append(this.#text, this.#button);
    this.append(this.#form);
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      const content = this.#text.value.trim();
      if (!content || this.disabled) return;
      this.#emit("chat-send", content);
      this.#text.value = "";
      this.#emit("chat-draft", "");
    });
    this.#text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#form.requestSubmit();
      }
    });
    this.#text.addEventListener("input", () => this.#emit("chat-draft", this.#text.value));
  }

  get disabled() {
    return this.hasAttribute("disabled");
  }

  set disabled(value) {
    this.toggleAttribute("disabled", Boolean(value));
    if (this.#button) this.#button.disabled = Boolean(value);
  }

  focus() {
    this.#text?.focus();
  }

  #emit(type, content) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, detail: { content } }));
  }
}

customElements.define("chat-input", ChatInput);
