// <chat-input>: a multi-line text box (Enter sends, Shift+Enter for a new line), a Send button,
// and a Stop button while a reply streams. `busy` (set by the page while a send is on its way
// or a reply streams) disables sending. With `images` set (the chosen model accepts images and
// the schema has attachments), an Attach button adds images, previewed before sending.
// Emits `chat-send` {content, files}, `chat-draft` {content} and `chat-stop`.
import { imageAttachments } from "../config.js";

class ChatInput extends HTMLElement {
  #form = null;
  #text = null;
  #send = null;
  #stop = null;
  #busy = false;
  #streaming = false;
  #images = false;
  #files = [];
  #attach = null;
  #picker = null;
  #previews = null;

  connectedCallback() {
    if (this.#form) return;
    this.#form = document.createElement("form");
    this.#text = document.createElement("textarea");
    this.#text.name = "text";
    this.#text.rows = 2;
    this.#text.placeholder = this.getAttribute("placeholder") ?? "Write here (Enter sends, Shift+Enter for a new line)";
    this.#text.setAttribute("aria-label", "Your text");
    this.#send = document.createElement("button");
    this.#send.type = "submit";
    this.#send.className = "send";
    this.#send.textContent = "Send";
    this.#stop = document.createElement("button");
    this.#stop.type = "button";
    this.#stop.className = "stop";
    this.#stop.textContent = "Stop";
    this.#stop.setAttribute("aria-label", "Stop the reply");
    this.#stop.hidden = true;
    this.#stop.addEventListener("click", () => this.dispatchEvent(new CustomEvent("chat-stop", { bubbles: true })));
    this.#previews = document.createElement("ul");
    this.#previews.className = "previews";
    this.#previews.setAttribute("aria-label", "Images to send");
    this.#attach = document.createElement("button");
    this.#attach.type = "button";
    this.#attach.className = "attach";
    this.#attach.textContent = "Attach image";
    this.#picker = document.createElement("input");
    this.#picker.type = "file";
    this.#picker.multiple = true;
    this.#picker.hidden = true;
    this.#picker.accept = (imageAttachments?.types ?? []).join(",");
    this.#picker.setAttribute("aria-label", "Images");
    this.#attach.addEventListener("click", () => this.#picker.click());
    this.#picker.addEventListener("change", () => {
      this.#add([...this.#picker.files]);
      this.#picker.value = "";
    });
    this.#form.append(this.#attach, this.#picker, this.#text, this.#stop, this.#send);
    this.append(this.#previews, this.#form);
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      const content = this.#text.value.trim();
      if (!content || this.#busy) return;
      this.dispatchEvent(
        new CustomEvent("chat-send", { bubbles: true, detail: { content, files: [...this.#files] } }),
      );
      this.#text.value = "";
      this.#files = [];
      this.#renderPreviews();
      this.#resize();
      this.#emit("chat-draft", "");
    });
    this.#text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#form.requestSubmit();
      }
    });
    this.#text.addEventListener("input", () => {
      this.#resize();
      this.#emit("chat-draft", this.#text.value);
    });
    this.#sync();
  }

  /** A send is on its way or a reply streams: sending is disabled. */
  get busy() {
    return this.#busy;
  }

  set busy(value) {
    this.#busy = Boolean(value);
    this.#sync();
  }

  /** A reply streams: the Stop button shows. */
  set streaming(value) {
    this.#streaming = Boolean(value);
    this.#sync();
  }

  /** Whether images may be attached (the schema has attachments, the model accepts them). */
  set images(value) {
    this.#images = Boolean(value) && imageAttachments !== null;
    if (!this.#images) this.#files = [];
    this.#sync();
    this.#renderPreviews();
  }

  get disabled() {
    return this.busy;
  }

  set disabled(value) {
    this.busy = value;
  }

  focus() {
    this.#text?.focus();
  }

  #sync() {
    if (!this.#send) return;
    this.toggleAttribute("busy", this.#busy);
    this.#send.disabled = this.#busy;
    this.#text.setAttribute("aria-disabled", String(this.#busy));
    this.#text.readOnly = this.#busy;
    this.#stop.hidden = !this.#streaming;
    this.#attach.hidden = !this.#images;
  }

  #add(files) {
    const max = imageAttachments?.maxCount ?? 0;
    for (const file of files) {
      if (this.#files.length >= max) break;
      if (file.size <= (imageAttachments?.maxBytes ?? 0)) this.#files.push(file);
    }
    this.#renderPreviews();
  }

  #renderPreviews() {
    if (!this.#previews) return;
    for (const img of this.#previews.querySelectorAll("img")) URL.revokeObjectURL(img.src);
    this.#previews.replaceChildren(
      ...this.#files.map((file, index) => {
        const item = document.createElement("li");
        const img = document.createElement("img");
        img.src = URL.createObjectURL(file);
        img.alt = file.name;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", `Remove ${file.name}`);
        remove.addEventListener("click", () => {
          this.#files.splice(index, 1);
          this.#renderPreviews();
        });
        item.append(img, remove);
        return item;
      }),
    );
    this.#previews.hidden = this.#files.length === 0;
  }

  #resize() {
    this.#text.style.height = "auto";
    this.#text.style.height = `${Math.min(this.#text.scrollHeight, 240)}px`;
  }

  #emit(type, content) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, detail: { content } }));
  }
}

customElements.define("chat-input", ChatInput);
