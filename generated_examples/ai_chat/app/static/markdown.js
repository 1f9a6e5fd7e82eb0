// Markdown to safe HTML: marked (GitHub-flavoured Markdown) renders, DOMPurify sanitizes, and
// highlight.js colours the code blocks when asked (it only wraps their text in spans).
// Raw HTML written in the text, by a user or a model, is never HTML here: marked's `html`
// tokens are rendered as escaped text, and DOMPurify removes anything executable that could
// remain (scripts, event handlers, javascript: URLs). Links open in a new tab without access
// to this page (rel="noopener noreferrer").
import { Marked } from "./vendor/marked.esm.js";
import hljs from "./vendor/highlight.js";
import DOMPurify from "./vendor/purify.es.js";

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** @param {string} text */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[/** @type {keyof typeof ESCAPES} */ (c)]);
}

const markdown = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    /** @param {{text: string}} token raw HTML in the text: shown, never parsed */
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (!(node instanceof Element)) return;
  if (node.tagName === "A" && node.getAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

/**
 * The HTML of `text` read as Markdown, sanitized: safe to assign to `innerHTML`. With
 * `highlight`, code blocks are coloured (classes `hljs-*`, styled by styles.css).
 * @param {string} text
 * @param {{highlight?: boolean}} [options]
 * @returns {string}
 */
export function renderMarkdown(text, options = {}) {
  const html = /** @type {string} */ (markdown.parse(text, { async: false }));
  const safe = DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
  if (!options.highlight || !safe.includes("<pre")) return safe;
  const box = document.createElement("template");
  box.innerHTML = safe;
  for (const code of box.content.querySelectorAll("pre code")) {
    hljs.highlightElement(/** @type {HTMLElement} */ (code));
  }
  return box.innerHTML;
}

hljs.configure({ ignoreUnescapedHTML: true });
