// The page: sign-in, conversations over REST, live messages over the websocket.
// Components talk to it with bubbling CustomEvents; it sets their properties.
import "./components/chat-message.js";
import "./components/chat-input.js";
import "./components/chat-conversation-list.js";
import "./components/chat-settings-form.js";
import "./components/token-counter.js";
import "./components/cost-estimate.js";
import "./components/model-selector.js";
import "./components/provider-selector.js";
import {
  auth,
  conversation,
  defaultProvider,
  fieldInput,
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
  messages: $("#messages"),
  notice: $("#notice"),
};
const state = {
  token: localStorage.getItem(storageKey),
  current: null,
  views: new Map(),
  socket: null,
  queue: [],
  resume: null,
  retry: 0,
  registering: false,
  provider: null,
  model: null,
};
const password = {
  name: "password", label: "Password", input: "password", type: "string", js: "string",
  nullable: false, required: true, options: [], min: null, max: null, maxLength: null,
};

// --- REST ------------------------------------------------------------------------------

async function request(method, url, body = null) {
  const headers = { Accept: "application/json" };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  const init = { method, headers };
  if (body !== null) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  if (response.status === 401 && state.token) signOut();
  if (response.ok) return response.status === 204 ? null : response.json();
  const detail = (await response.json().catch(() => null))?.detail;
  if (Array.isArray(detail)) {
    throw new Error(detail.map((d) => `${(d.loc ?? []).slice(1).join(".")}: ${d.msg}`).join("; "));
  }
  throw new Error(typeof detail === "string" ? detail : `${response.status} ${response.statusText}`);
}

function showError(err) {
  ui.notice.textContent = err.message;
}

// --- sign-in -----------------------------------------------------------------------------

function authFields() {
  const fields = state.registering ? auth.registerFields : auth.loginFields;
  return [...fields, { ...password, minLength: state.registering ? auth.passwordMinLength : 0 }];
}

function showAuth() {
  $("#chat").hidden = true;
  $("#sign-out").hidden = true;
  $("#who").textContent = "";
  $("#auth").hidden = false;
  $("#auth-fields").replaceChildren(...authFields().map((field) => fieldInput(field, null)));
  $("#auth-fields [name=password]").autocomplete = state.registering ? "new-password" : "current-password";
  $("#auth-heading").textContent = state.registering ? "Create an account" : "Sign in";
  $("#auth-submit").textContent = state.registering ? "Create account" : "Sign in";
  $("#auth-toggle").textContent = state.registering ? "I have an account" : "Create an account";
}

async function signIn(form) {
  const body = readFields(authFields(), form);
  if (state.registering) await request("POST", auth.registerUrl, body);
  const credentials = { [auth.login]: body[auth.login], password: body.password };
  const token = await request("POST", auth.loginUrl, credentials);
  state.token = token.access_token;
  state.registering = false;
  localStorage.setItem(storageKey, state.token);
  await start();
}

function signOut() {
  state.token = null;
  state.resume = null;
  localStorage.removeItem(storageKey);
  const socket = state.socket;
  state.socket = null;
  socket?.close();
  state.queue = [];
  reset(null);
  if (ui.list) ui.list.conversations = [];
  showAuth();
}

async function start() {
  if (!state.token) return showAuth();
  const me = await request("GET", auth.meUrl).catch((err) => {
    showAuth();
    $("#auth-error").textContent = err.message;
    return null;
  });
  if (!me) return;
  $("#auth").hidden = true;
  $("#chat").hidden = false;
  $("#sign-out").hidden = false;
  $("#who").textContent = me[auth.login];
  await loadProviders();
  connect();
  if (ui.settings) {
    ui.settings.request = request;
    ui.settings.load().catch(showError);
  }
  const page = await request("GET", `${conversation.url}?limit=100`);
  if (ui.list) ui.list.conversations = page.data;
  const resume = page.data.find((row) => row.id === state.resume) ?? page.data[0];
  state.resume = null;
  if (resume) await select(resume.id);
  else reset(null);
}

/** The server ended the session (token refused, expired or revoked): sign in again, then
 * come back to the same conversation. */
function signInAgain(reason) {
  const resume = state.current;
  signOut();
  state.resume = resume;
  $("#auth-error").textContent = `Please sign in again${reason ? ` (${reason})` : ""}.`;
}

// --- websocket ---------------------------------------------------------------------------

/** Open the websocket; its first frame authenticates it (the token never goes in the URL). */
function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}${socketConfig.path}`);
  state.socket = socket;
  socket.addEventListener("open", () => {
    socket.send(JSON.stringify({ type: "auth", data: { token: state.token } }));
    for (const frame of state.queue.splice(0)) socket.send(frame);
  });
  socket.addEventListener("message", (event) => onEvent(JSON.parse(event.data)));
  socket.addEventListener("close", (event) => {
    if (state.socket !== socket) return;
    state.socket = null;
    if (socketConfig.signInAgain.includes(event.code)) return signInAgain(event.reason);
    setTimeout(() => {
      if (!state.token || state.socket) return;
      connect();
      if (state.current) select(state.current).catch(showError);
    }, Math.min(10000, 500 * 2 ** state.retry++));
  });
}

function emit(type, data) {
  const frame = JSON.stringify({ type, data });
  if (state.socket?.readyState === WebSocket.OPEN) state.socket.send(frame);
  else state.queue.push(frame);
}

function onEvent({ type, data }) {
  if (type === "auth.ok") {
    state.retry = 0;
    return;
  }
  if (type === "error") return showError(new Error(data.message));
  if (type.startsWith("conversation.")) return applyThread(data);
  if (type === "message.streaming") {
    state.views.get(data.message_id)?.applyDelta?.(data);
    return scroll();
  }
  if (data[message.conversationKey] !== state.current) return;
  showRow(data);
  if (type === "message.updated" && data[msg.role] === message.roles.assistant) setReply(data);
}

// --- conversations and messages ----------------------------------------------------------

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
  scroll();
}

function scroll() {
  ui.messages.scrollTop = ui.messages.scrollHeight;
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
  state.current = id;
  state.views.clear();
  ui.messages.replaceChildren();
  ui.notice.textContent = "";
  if (ui.list) ui.list.selected = id;
  setReply(null);
  if (ui.tokens) ui.tokens.total = null;
  if (ui.cost) ui.cost.total = null;
}

async function select(id) {
  reset(id);
  emit("conversation.subscribe", { conversation_id: id });
  const page = await request("GET", `${conversation.url}/${id}${conversation.messagesPath}?limit=1000`);
  if (state.current !== id) return;
  // Events may have shown newer messages already: the stored ones go before them.
  ui.messages.prepend(...page.data.filter((row) => !state.views.has(row.id)).map(render));
  scroll();
  setReply(page.data.findLast((row) => row[msg.role] === message.roles.assistant) ?? null);
}

function applyThread(row) {
  ui.list?.upsert(row);
  if (row.id !== state.current) return;
  choose(row[conv.provider], row[conv.model_name]);
  if (ui.tokens) ui.tokens.total = value(row, conv.total_tokens);
  if (ui.cost) ui.cost.total = value(row, conv.total_cost);
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
}

function saveChoice() {
  if (!state.current) return;
  const body = { [conv.provider]: state.provider, [conv.model_name]: state.model };
  request("PATCH", `${conversation.url}/${state.current}`, body).then(applyThread, showError);
}

async function send(text) {
  ui.notice.textContent = "";
  if (!state.current) {
    const body = { [conv.provider]: state.provider, [conv.model_name]: state.model };
    const row = await request("POST", conversation.url, body);
    ui.list?.upsert(row);
    await select(row.id);
  }
  emit("message.send", { conversation_id: state.current, content: text });
}

// --- wiring ------------------------------------------------------------------------------

const starting = providers.find((p) => p.name === defaultProvider);
choose(defaultProvider, starting?.defaultModel ?? "");

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
  send(text.value.trim()).catch(showError);
  text.value = "";
});
document.addEventListener("chat-send", ({ detail }) => send(detail.content).catch(showError));
document.addEventListener("chat-draft", ({ detail }) => {
  const tokens = Math.ceil(detail.content.length / 4);
  if (ui.tokens) ui.tokens.draft = tokens;
  if (ui.cost) ui.cost.draft = tokens;
});
document.addEventListener("conversation-new", () => reset(null));
document.addEventListener("conversation-select", ({ detail }) => select(detail.id).catch(showError));
document.addEventListener("conversation-delete", ({ detail }) => {
  if (!confirm("Delete this conversation?")) return;
  request("DELETE", `${conversation.url}/${detail.id}`)
    .then(() => {
      ui.list?.remove(detail.id);
      if (detail.id === state.current) reset(null);
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

start().catch(showError);
