// The page: sign-in, conversations over REST, live messages over the websocket, all through
// client.js. Components talk to it with bubbling CustomEvents; it sets their properties.
import "./components/chat-conversation-list.js";
import "./components/chat-message.js";
import "./components/chat-input.js";
import "./components/cost-estimate.js";
import { HistoryCache } from "./cache.js";
import { ApiError, ChatClient } from "./client.js";
import {
  auth,
  conversation,
  defaultProvider,
  display,
  displayFields,
  fieldInput,
  imageAttachments,
  message,
  priceOf,
  providers,
  providersUrl,
  readFields,
  socket as socketConfig,
  storageKey,
  tags,
  useServerProviders,
} from "./config.js";

const $ = (selector) => document.querySelector(selector);
const part = (kind) => (tags[kind] ? $(tags[kind]) : null);
const value = (row, name) => (row && name ? (row[name] ?? null) : null);
const conv = conversation.fields;
const msg = message.fields;
const ui = {
  list: part("ChatConversationList"),
  settings: part("ChatSettingsForm"),
  tokens: part("TokenCounter"),
  cost: part("CostEstimate"),
  models: part("ModelSelector"),
  providers: part("ProviderSelector"),
  input: part("ChatInput"),
  messages: $("#messages"),
  notice: $("#notice"),
};
const client = new ChatClient({
  socketPath: socketConfig.path,
  signInAgain: socketConfig.signInAgain,
  token: localStorage.getItem(storageKey),
  onToken: (token) => {
    if (token) localStorage.setItem(storageKey, token);
    else localStorage.removeItem(storageKey);
  },
  message: { status: msg.status, content: msg.content, streaming: message.statuses.streaming },
});
const state = {
  current: null, // the open conversation's id (null: the next send starts one)
  row: null, // the open conversation as the server last sent it
  views: new Map(), // message id -> its element, in the order shown
  streaming: new Set(), // replies of the open conversation that are streaming
  sending: false, // a send is on its way (until its reply is created)
  resume: null,
  registering: false,
  provider: null,
  model: null,
  retry: null, // what the banner's Retry button does
};
const password = {
  name: "password", label: "Password", input: "password", type: "string", js: "string",
  nullable: false, required: true, options: [], min: null, max: null, maxLength: null,
};
let cache = null; // the signed-in user's HistoryCache (IndexedDB)
const LIVE = new Set([message.statuses.pending, message.statuses.streaming].filter(Boolean));
const narrow = window.matchMedia("(max-width: 48rem)");

function request(method, url, ...body) {
  return client.request(method, url, ...body);
}

// --- notices -------------------------------------------------------------------------------

/** Show an error in the banner; with `retry`, its Retry button calls it. */
function showError(err, retry = null) {
  $("#banner-text").textContent = err?.message ?? String(err);
  $("#banner").hidden = false;
  state.retry = retry;
  $("#banner-retry").hidden = !retry;
}

function clearError() {
  $("#banner").hidden = true;
  state.retry = null;
}

function announce(text) {
  ui.notice.textContent = text;
}

// --- display preferences -------------------------------------------------------------------

/** Take the display preferences of a settings row (the fields the schema has) and apply
 * them to the whole page at once. */
function applyDisplay(row) {
  for (const [key, name] of Object.entries(displayFields)) {
    if (row?.[name] != null) display[key] = row[name];
  }
  const root = document.documentElement;
  if (display.theme === "light" || display.theme === "dark") root.dataset.theme = display.theme;
  else delete root.dataset.theme;
  if (display.fontSize) root.style.setProperty("--font-size", `${Number(display.fontSize)}px`);
  else root.style.removeProperty("--font-size");
  if (ui.tokens) ui.tokens.hidden = !display.showTokens;
  if (ui.cost) ui.cost.hidden = !display.showCost;
  for (const view of state.views.values()) view.refresh?.();
}

// --- sign-in -------------------------------------------------------------------------------

function authFields() {
  const fields = state.registering ? auth.registerFields : auth.loginFields;
  return [...fields, { ...password, minLength: state.registering ? auth.passwordMinLength : 0 }];
}

function showAuth() {
  $("#chat").hidden = true;
  $("#sign-out").hidden = true;
  $("#toggle-side").hidden = true;
  $("#who").textContent = "";
  $("#auth").hidden = false;
  $("#auth-fields").replaceChildren(...authFields().map((field) => fieldInput(field, null)));
  $("#auth-fields [name=password]").autocomplete = state.registering ? "new-password" : "current-password";
  const login = $(`#auth-fields [name="${CSS.escape(auth.login)}"]`);
  if (login) login.autocomplete = "username";
  $("#auth-heading").textContent = state.registering ? "Create an account" : "Sign in";
  $("#auth-submit").textContent = state.registering ? "Create account" : "Sign in";
  $("#auth-toggle").textContent = state.registering ? "I have an account" : "Create an account";
}

async function signIn(form) {
  const body = readFields(authFields(), form);
  if (state.registering) await request("POST", auth.registerUrl, body);
  const credentials = { [auth.login]: body[auth.login], password: body.password };
  await client.login(auth.loginUrl, credentials);
  state.registering = false;
  await start();
}

/** The user id (`sub`) of an access token, read without verifying it (the server does). */
function tokenSubject(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).sub ?? null;
  } catch {
    return null;
  }
}

function signOut() {
  state.resume = null;
  client.signOut();
  cache?.clear().catch(() => {});
  cache = null;
  reset(null);
  if (ui.list) ui.list.conversations = [];
  showAuth();
}

function showChat(me) {
  $("#auth").hidden = true;
  $("#chat").hidden = false;
  $("#sign-out").hidden = false;
  $("#who").textContent = me[auth.login];
  layout();
}

/** Show the history this browser saved, before (or without) the server's answer. */
async function showCached() {
  const rows = await cache.conversations();
  if (ui.list) ui.list.conversations = rows;
  const open = rows.find((row) => row.id === state.resume) ?? rows[0];
  if (!open) return;
  state.current = open.id;
  if (ui.list) ui.list.selected = open.id;
  showBranch(await cache.messages(open.id), { cached: true });
  scroll();
}

async function start() {
  if (!client.token) return showAuth();
  const userId = tokenSubject(client.token);
  cache = userId ? new HistoryCache(storageKey, userId) : null;
  const saved = await cache?.me().catch(() => null);
  if (saved) {
    showChat(saved);
    await showCached().catch(() => {});
  }
  const opened = state.current; // what start() opens unless the user acts first
  let me;
  try {
    me = await request("GET", auth.meUrl);
  } catch (err) {
    if (saved && !(err instanceof ApiError)) {
      showError(new Error("The server cannot be reached: this is the history saved in this browser."), () => start());
      return;
    }
    showAuth();
    $("#auth-error").textContent = err.message;
    return;
  }
  cache?.saveMe(me).catch(() => {});
  clearError();
  showChat(me);
  await loadProviders();
  client.connect();
  if (ui.settings) {
    ui.settings.request = request;
    ui.settings.load().then(() => applyDisplay(ui.settings.row), (err) => showError(err));
  }
  const page = await request("GET", `${conversation.url}?limit=100`);
  // The chat is usable while this loads: a conversation the user started or opened meanwhile
  // stays open (and listed, even when the list was read before it was created).
  const acted = state.sending || state.current !== opened;
  const mine = acted ? ui.list?.conversations.find((row) => row.id === state.current) : null;
  const rows = mine && !page.data.some((row) => row.id === mine.id) ? [mine, ...page.data] : page.data;
  if (ui.list) ui.list.conversations = rows;
  cache?.saveConversations(rows).catch(() => {});
  if (acted) return;
  const resume = rows.find((row) => row.id === (state.resume ?? state.current)) ?? rows[0];
  state.resume = null;
  if (resume) await select(resume.id, { keep: true });
  else if (state.current) reset(null); // a cached conversation the server no longer has
}

/** The server ended the session (token refused, expired or revoked): sign in again, then
 * come back to the same conversation. */
function signInAgain(reason) {
  const resume = state.current;
  signOut();
  state.resume = resume;
  $("#auth-error").textContent = `Please sign in again${reason ? ` (${reason})` : ""}.`;
}

// --- websocket -----------------------------------------------------------------------------

client.on("error", (data) => {
  state.sending = false;
  syncInput();
  showError(new Error(data.message));
});
client.on("unauthorized", ({ reason }) => {
  if (client.token) signInAgain(reason);
});
client.on("open", ({ reconnected }) => {
  if (reconnected && state.current) select(state.current, { keep: true }).catch(showError);
});
client.on("close", ({ code }) => {
  if (client.token && !socketConfig.signInAgain.includes(code)) announce("Connection lost; reconnecting…");
});
client.on("*", (data, { type }) => {
  if (type === "auth.ok" || type === "error") return;
  if (type.startsWith("conversation.")) return applyThread(data);
  if (type === "message.streaming") {
    const stick = atBottom();
    state.views.get(data.message_id)?.applyDelta?.(data);
    if (!state.streaming.has(data.message_id) && state.views.has(data.message_id)) {
      state.streaming.add(data.message_id);
      syncInput();
    }
    return scroll(stick);
  }
  if (data[message.conversationKey] !== state.current) return;
  onMessage(type, data);
});

function onMessage(type, row) {
  const stick = atBottom();
  const isReply = row[msg.role] === message.roles.assistant;
  if (isReply && type === "message.created") state.sending = false;
  if (isReply && LIVE.has(row[msg.status])) state.streaming.add(row.id);
  else state.streaming.delete(row.id);
  const last = [...state.views.keys()].at(-1) ?? null;
  const parent = row[message.parentKey];
  if (!state.views.has(row.id) && parent && last && parent !== last) {
    // a new branch (regenerate, edit): show the active branch as the server now has it
    reloadBranch().catch(showError);
  } else {
    showRow(row);
  }
  if (type === "message.updated" && isReply && !LIVE.has(row[msg.status])) {
    setReply(row);
    announce("The answer is complete.");
    persist();
  }
  syncInput();
  scroll(stick);
}

// --- conversations and messages ------------------------------------------------------------

function render(row) {
  let view = state.views.get(row.id);
  if (!view) {
    view = document.createElement(tags.ChatMessage ?? "p");
    state.views.set(row.id, view);
  }
  if ("applyDelta" in view) view.message = row;
  else view.textContent = `${row[msg.role]}: ${row[msg.content]}`;
  return view;
}

function showRow(row) {
  const view = render(row);
  if (!view.isConnected) ui.messages.append(view);
}

/** Whether the list is scrolled to its end (then new text keeps it there). */
function atBottom() {
  const list = ui.messages;
  return list.scrollHeight - list.scrollTop - list.clientHeight < 48;
}

function scroll(stick = true) {
  if (stick) ui.messages.scrollTop = ui.messages.scrollHeight;
}

function syncInput() {
  if (!ui.input) return;
  ui.input.busy = state.sending || state.streaming.size > 0;
  ui.input.streaming = state.streaming.size > 0;
}

function setReply(row) {
  const usage = {
    prompt: value(row, msg.prompt_tokens),
    completion: value(row, msg.completion_tokens),
    cost: value(row, msg.cost),
  };
  if (ui.tokens) ui.tokens.reply = usage;
  if (ui.cost) ui.cost.reply = usage;
}

/** Show no messages; `id` becomes the current conversation (null: the next send starts one). */
function reset(id) {
  if (state.current && state.current !== id) client.forget(state.current);
  state.current = id;
  state.row = null;
  state.views.clear();
  state.streaming.clear();
  state.sending = false;
  ui.messages.replaceChildren();
  clearError();
  if (ui.list) ui.list.selected = id;
  setReply(null);
  if (ui.tokens) ui.tokens.total = null;
  if (ui.cost) ui.cost.total = null;
  showControls(null);
  syncInput();
}

/** Save the list of conversations as shown, for the next visit. */
function persistList() {
  if (cache && ui.list) cache.saveConversations(ui.list.conversations).catch(() => {});
}

/** Save the open conversation's messages as shown, for the next visit. */
function persist() {
  const id = state.current;
  if (!cache || !id) return;
  const rows = [...state.views.values()].map((view) => view.message).filter(Boolean);
  cache.saveMessages(id, rows).catch(() => {});
}

/** Show `rows` (a branch, oldest first) as the conversation's messages, reusing the views.
 * `cached`: rows from this browser's cache (no reply is resumed from them). */
function showBranch(rows, { cached = false } = {}) {
  const shown = rows.map(render);
  for (const [id, view] of state.views) {
    if (!shown.includes(view)) state.views.delete(id);
  }
  ui.messages.replaceChildren(...shown);
  state.streaming = new Set(
    rows.filter((r) => r[msg.role] === message.roles.assistant && LIVE.has(r[msg.status])).map((r) => r.id),
  );
  if (cached) return;
  for (const row of rows) if (LIVE.has(row[msg.status])) client.track(row);
  syncInput();
  persist();
}

async function select(id, { keep = false } = {}) {
  if (!keep || state.current !== id) reset(id);
  client.subscribe(id);
  const listed = ui.list?.conversations.find((r) => r.id === id);
  if (listed) applyThread(listed); // the subscription's snapshot brings it as it is now
  const page = await request("GET", `${conversation.url}/${id}${conversation.messagesPath}?limit=1000`);
  if (state.current !== id) return;
  showBranch(page.data);
  scroll();
  setReply(page.data.findLast((r) => r[msg.role] === message.roles.assistant) ?? null);
  if (narrow.matches) openSide(false);
}

async function reloadBranch() {
  const id = state.current;
  if (!id) return;
  const page = await request("GET", `${conversation.url}/${id}${conversation.messagesPath}?limit=1000`);
  if (state.current !== id) return;
  const stick = atBottom();
  showBranch(page.data);
  scroll(stick);
}

/** Show the previous (`step` -1) or next (1) version of message `id`: its sibling becomes
 * the followed branch (PUT .../branch), and the page shows that branch. */
async function switchVersion(id, step) {
  const base = `${conversation.url}/${state.current}`;
  const tree = await request("GET", `${base}${conversation.messagesPath}?branch=all&limit=1000`);
  const node = tree.data.find((r) => r.id === id);
  if (!node) return;
  const siblings = tree.data
    .filter((r) => r[message.parentKey] === node[message.parentKey])
    .sort((a, b) => a.sibling_index - b.sibling_index);
  const target = siblings.find((r) => r.sibling_index === node.sibling_index + step);
  if (!target) return;
  const page = await request("PUT", `${base}${conversation.branchPath}`, { leaf_id: target.id });
  showBranch(page.data);
}

function applyThread(row) {
  ui.list?.upsert(row);
  persistList();
  if (row.id !== state.current) return;
  state.row = row;
  choose(row[conv.provider], row[conv.model_name]);
  if (ui.tokens) ui.tokens.total = value(row, conv.total_tokens);
  if (ui.cost) ui.cost.total = value(row, conv.total_cost);
  showControls(row);
}

/** The open conversation's own controls (system prompt, temperature), when the schema has them. */
function showControls(row) {
  const box = $("#conversation-controls");
  box.hidden = !row || conversation.controls.length === 0;
  if (box.hidden || box.contains(document.activeElement)) return;
  $("#controls-fields").replaceChildren(...conversation.controls.map((f) => fieldInput(f, row[f.name])));
}

/** Offer only the providers the server has configured (GET /api/providers). */
async function loadProviders() {
  useServerProviders(await request("GET", providersUrl));
  ui.providers?.refresh();
  ui.models?.refresh();
  const kept = providers.find((p) => p.name === state.provider) ?? providers[0];
  const model = kept?.models.some((m) => m.name === state.model) ? state.model : kept?.defaultModel;
  choose(kept?.name ?? "", model ?? "");
}

function choose(provider, model) {
  state.provider = provider;
  state.model = model;
  if (ui.providers) ui.providers.value = provider;
  if (ui.models) {
    if (ui.providers) ui.models.provider = provider;
    ui.models.value = model;
  }
  if (ui.cost) ui.cost.price = priceOf(provider, model);
  if (ui.input) ui.input.images = Boolean(priceOf(provider, model)?.images);
}

function saveChoice() {
  if (!state.current) return;
  const body = { [conv.provider]: state.provider, [conv.model_name]: state.model };
  request("PATCH", `${conversation.url}/${state.current}`, body).then(applyThread, showError);
}

/** Upload the images to send; their ids. */
async function upload(files) {
  const ids = [];
  for (const file of files) {
    const form = new FormData();
    form.append("file", file, file.name);
    ids.push((await request("POST", imageAttachments.url, form)).id);
  }
  return ids;
}

async function send(text, files = []) {
  clearError();
  state.sending = true;
  syncInput();
  try {
    const images = files.length && imageAttachments ? await upload(files) : [];
    let id = state.current;
    if (!id) {
      const body = { [conv.provider]: state.provider, [conv.model_name]: state.model };
      const row = await request("POST", conversation.url, body);
      ui.list?.upsert(row);
      id = row.id;
      await select(id);
      state.sending = true;
      syncInput();
    }
    const data = { conversation_id: id, content: text };
    client.send("message.send", images.length ? { ...data, attachments: images } : data);
  } catch (err) {
    state.sending = false;
    syncInput();
    showError(err, () => send(text, files));
  }
}

function stopReplies() {
  for (const id of state.streaming) client.send("generation.stop", { message_id: id });
}

// --- layout --------------------------------------------------------------------------------

/** On narrow screens the conversation list is a panel the header's button opens. */
function layout() {
  const toggle = $("#toggle-side");
  toggle.hidden = !narrow.matches || $("#chat").hidden;
  if (!narrow.matches) openSide(false);
}

function openSide(open) {
  document.body.toggleAttribute("data-side-open", open);
  $("#toggle-side").setAttribute("aria-expanded", String(open));
}

// --- wiring --------------------------------------------------------------------------------

const viewer = customElements.get(tags.ChatMessage ?? "");
if (viewer && imageAttachments) viewer.loadImage = (id) => client.blob(`${imageAttachments.url}/${id}`);
const starting = providers.find((p) => p.name === defaultProvider);
choose(defaultProvider, starting?.defaultModel ?? "");
applyDisplay(null);

narrow.addEventListener("change", layout);
$("#toggle-side").addEventListener("click", () => openSide(!document.body.hasAttribute("data-side-open")));
$("#banner-close").addEventListener("click", clearError);
$("#banner-retry").addEventListener("click", () => {
  const retry = state.retry;
  clearError();
  retry?.();
});
$("#auth-form").addEventListener("submit", (event) => {
  event.preventDefault();
  $("#auth-error").textContent = "";
  signIn(event.target).catch((err) => {
    $("#auth-error").textContent = err.message;
  });
});
$("#auth-toggle").addEventListener("click", () => {
  state.registering = !state.registering;
  $("#auth-error").textContent = "";
  showAuth();
});
$("#sign-out").addEventListener("click", signOut);
$("#new-conversation")?.addEventListener("click", () => reset(null));
$("#send-form")?.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = event.target.elements.namedItem("text");
  send(text.value.trim());
  text.value = "";
});
$("#controls-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!state.current) return;
  const body = readFields(conversation.controls, event.target);
  request("PATCH", `${conversation.url}/${state.current}`, body)
    .then((row) => {
      applyThread(row);
      $("#controls-note").textContent = "Saved.";
    })
    .catch(showError);
});
document.addEventListener("chat-send", ({ detail }) => send(detail.content, detail.files ?? []));
document.addEventListener("chat-stop", stopReplies);
document.addEventListener("chat-draft", ({ detail }) => {
  const tokens = Math.ceil(detail.content.length / 4);
  if (ui.tokens) ui.tokens.draft = tokens;
  if (ui.cost) ui.cost.draft = tokens;
});
document.addEventListener("message-stop", ({ detail }) => client.send("generation.stop", { message_id: detail.id }));
document.addEventListener("message-regenerate", ({ detail }) => {
  clearError();
  state.sending = true;
  syncInput();
  client.send("message.regenerate", { message_id: detail.id });
});
document.addEventListener("message-edit", ({ detail }) => {
  clearError();
  state.sending = true;
  syncInput();
  client.send("message.edit", { message_id: detail.id, content: detail.content });
});
document.addEventListener("message-sibling", ({ detail }) => {
  switchVersion(detail.id, detail.step).catch(showError);
});
document.addEventListener("settings-saved", ({ detail }) => applyDisplay(detail.row));
document.addEventListener("conversation-new", () => {
  reset(null);
  if (narrow.matches) openSide(false);
  ui.input?.focus();
});
document.addEventListener("conversation-select", ({ detail }) => select(detail.id).catch(showError));
document.addEventListener("conversation-rename", ({ detail }) => {
  request("PATCH", `${conversation.url}/${detail.id}`, { [conv.title]: detail.title })
    .then((row) => {
      applyThread(row);
      announce(`${conversation.label} renamed.`);
    })
    .catch(showError);
});
document.addEventListener("conversation-delete", ({ detail }) => {
  if (!confirm(`Delete “${detail.title}”? Its messages are deleted too; this cannot be undone.`)) return;
  request("DELETE", `${conversation.url}/${detail.id}`)
    .then(() => {
      ui.list?.remove(detail.id);
      cache?.forgetConversation(detail.id).catch(() => {});
      if (detail.id === state.current) reset(null);
      announce(`${conversation.label} deleted.`);
    })
    .catch(showError);
});
document.addEventListener("provider-change", ({ detail }) => {
  choose(detail.provider, providers.find((p) => p.name === detail.provider)?.defaultModel ?? "");
  saveChoice();
});
document.addEventListener("model-change", ({ detail }) => {
  choose(detail.provider, detail.model);
  saveChoice();
});

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {}); // the page works without it
}
start().catch(showError);
