// The UI's bindings, rendered from the schema: components read names from here and stay generic.

export const title = "Support Desk";
export const storageKey = "support_desk.token";

/** Component kind -> custom element tag (only the components the schema asks for). */
export const tags = {
  ChatConversationList: "chat-conversation-list",
  ChatMessage: "chat-message",
  ChatInput: "chat-input",
  CostEstimate: "cost-estimate",
};

export const auth = {
  login: "username",
  registerUrl: "/api/auth/register",
  loginUrl: "/api/auth/login",
  meUrl: "/api/agents/me",
  passwordMinLength: 10,
  loginFields: [
    { name: "username", label: "Username", input: "text", type: "string", js: "string",
      nullable: false, required: true, options: [], min: null, max: null, maxLength: 40 },
  ],
  registerFields: [
    { name: "username", label: "Username", input: "text", type: "string", js: "string",
      nullable: false, required: true, options: [], min: null, max: null, maxLength: 40 },
    { name: "display_name", label: "Display name", input: "text", type: "string", js: "string",
      nullable: false, required: true, options: [], min: null, max: null, maxLength: 80 },
    { name: "contact_email", label: "Contact email", input: "email", type: "email", js: "string",
      nullable: true, required: false, options: [], min: null, max: null, maxLength: 320 },
    { name: "on_duty", label: "On duty", input: "checkbox", type: "bool", js: "boolean",
      nullable: false, required: false, options: [], min: null, max: null, maxLength: null },
  ],
};

/**
 * The websocket. The token travels in the first frame (`auth`), never in the URL. The
 * server closes with `signInAgain` codes when the token is refused (1008), or expired or
 * revoked (4401): the page asks the user to sign in again, then reconnects.
 */
export const socket = {
  path: "/ws",
  signInAgain: [1008, 4401],
};

/** The conversation model: its REST collection and which field plays each chat role. */
export const conversation = {
  label: "Ticket",
  url: "/api/tickets",
  messagesPath: "/replies",
  branchPath: "/branch",
  /** The conversation's own controls (system prompt, temperature) when the schema binds them. */
  controls: [
    { name: "ai_temperature", label: "Ai temperature", input: "number", type: "float", js: "number",
      nullable: false, required: false, options: [], min: 0.0, max: 1.0, maxLength: null },
    { name: "instructions", label: "Instructions", input: "textarea", type: "text", js: "string",
      nullable: true, required: false, options: [], min: null, max: null, maxLength: null },
  ],
  fields: {
    last_message_at: "last_reply_at",
    max_tokens: null,
    message_count: "reply_count",
    model_name: "ai_model",
    provider: "ai_provider",
    system_prompt: "instructions",
    temperature: "ai_temperature",
    title: "subject",
    total_cost: "spend",
    total_tokens: "token_total",
  },
};

/** The message model: its foreign key to the conversation, field bindings, stored values. */
export const message = {
  conversationKey: "ticket_id",
  parentKey: "parent_id",
  fields: {
    cache_read_tokens: "cache_hits",
    cache_write_tokens: null,
    completion_tokens: "output_tokens",
    content: "body",
    cost: "price",
    error: "failure",
    error_code: "failure_code",
    finish_reason: "stop_reason",
    input_tokens: null,
    model_name: null,
    output_tokens: null,
    prompt_tokens: "input_tokens",
    reasoning_tokens: null,
    role: "author",
    status: "state",
    total_tokens: null,
    usage_estimated: "estimated",
  },
  roles: {
    assistant: "bot",
    system: "agent",
    user: "customer",
  },
  statuses: {
    cancelled: "aborted",
    done: "sent",
    error: "failed",
    pending: "queued",
    streaming: "typing",
  },
};

/** Image attachments (null: the schema has none): the upload URL, the accepted types, the
 * largest image (bytes) and the most images on one message. */
export const imageAttachments = null;

/** Providers and their models; prices are USD per 1M tokens, as decimal strings. */
export const providers = [
  {
    name: "offline",
    label: "Offline drafts",
    defaultModel: "scripted-draft",
    models: [
      { name: "scripted-draft", input: "0.05", output: "0.25" },
    ],
  },
  {
    name: "claude",
    label: "Claude",
    defaultModel: "claude-haiku-4-5",
    models: [
      { name: "claude-haiku-4-5", input: "1.0", output: "5.0" },
      { name: "claude-sonnet-4-5", input: "3.0", output: "15.0" },
    ],
  },
];
export const defaultProvider = "offline";
export const providersUrl = "/api/providers";

/**
 * Replace `providers` (in place) with what `GET /api/providers` answers: only the providers
 * that are configured on the server, with the prices in force today.
 */
export function useServerProviders(answer) {
  const listed = answer.data.map((provider) => ({
    name: provider.name,
    label: provider.label,
    defaultModel: provider.default_model,
    models: provider.models.map((model) => ({
      name: model.name,
      input: model.price?.input ?? null,
      output: model.price?.output ?? null,
      images: Boolean(model.images),
    })),
  }));
  providers.splice(0, providers.length, ...listed);
}

/** What the settings form edits: the one-per-user settings row, else the user's profile. */
export const settings = {
  title: "Agent preference",
  url: "/api/agent-preferences",
  meUrl: null,
  fields: [
    { name: "signature", label: "Signature", input: "textarea", type: "text", js: "string",
      nullable: true, required: false, options: [], min: null, max: null, maxLength: null },
    { name: "auto_draft", label: "Auto draft", input: "checkbox", type: "bool", js: "boolean",
      nullable: false, required: false, options: [], min: null, max: null, maxLength: null },
    { name: "notify_email", label: "Notify email", input: "email", type: "email", js: "string",
      nullable: true, required: false, options: [], min: null, max: null, maxLength: 320 },
    { name: "away_until", label: "Away until", input: "datetime-local", type: "datetime", js: "string",
      nullable: true, required: false, options: [], min: null, max: null, maxLength: null },
    { name: "max_open_tickets", label: "Max open tickets", input: "number", type: "int", js: "number",
      nullable: false, required: false, options: [], min: 1.0, max: 100.0, maxLength: null },
    { name: "shortcuts", label: "Shortcuts", input: "textarea", type: "json", js: "object",
      nullable: true, required: false, options: [], min: null, max: null, maxLength: null },
  ],
};

/**
 * Display preferences, applied to the whole page at once (app.js `applyDisplay`): the current
 * values, and which field of the settings row holds each (only those the schema has; the
 * others keep these defaults).
 */
export const display = {
  theme: "system",
  fontSize: null,
  showTokens: true,
  showCost: true,
  streaming: true,
  markdown: true,
  codeHighlight: true,
};
export const displayFields = {
};
/** The settings fields that choose a provider and a model (edited with selects), or null. */
export const settingsChoices = {
  provider: null,
  model: null,
};

/** A price in USD as the page writes it ("$2.50", "$0.075": 2 to 4 decimals). */
export const usd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

/** The prices of `model` served by `provider`, or null. */
export function priceOf(provider, model) {
  const found = providers.find((p) => p.name === provider);
  return found?.models.find((m) => m.name === model) ?? null;
}

/** A labelled input for a field descriptor, showing `value`. */
export function fieldInput(field, value) {
  const label = document.createElement("label");
  let input;
  if (field.input === "select") {
    input = document.createElement("select");
    if (field.nullable) input.append(new Option("", ""));
    for (const option of field.options) input.append(new Option(option, option));
  } else if (field.input === "textarea") {
    input = document.createElement("textarea");
  } else {
    input = document.createElement("input");
    input.type = field.input;
    if (field.input === "number") input.step = field.type === "int" ? "1" : "any";
    if (field.min !== null) input.min = String(field.min);
    if (field.max !== null) input.max = String(field.max);
  }
  input.name = field.name;
  if (field.maxLength) input.maxLength = field.maxLength;
  if (field.minLength) input.minLength = field.minLength;
  input.required = field.required && field.input !== "checkbox";
  if (field.input === "checkbox") input.checked = Boolean(value);
  else if (field.js === "object") input.value = value == null ? "" : JSON.stringify(value, null, 2);
  else if (field.input === "datetime-local" && value) {
    const at = new Date(value);
    input.value = new Date(at.getTime() - at.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  } else input.value = value ?? "";
  label.append(field.label, input);
  return label;
}

/** The JSON body of a form built with fieldInput; blank optional inputs are left out. */
export function readFields(fields, form) {
  const body = {};
  for (const field of fields) {
    const input = form.elements.namedItem(field.name);
    if (!input) continue;
    if (field.input === "checkbox") {
      body[field.name] = input.checked;
      continue;
    }
    const raw = input.value;
    if (raw === "") {
      if (field.nullable) body[field.name] = null;
      continue;
    }
    if (field.js === "number") body[field.name] = Number(raw);
    else if (field.js === "object") body[field.name] = JSON.parse(raw);
    else if (field.input === "datetime-local") body[field.name] = new Date(raw).toISOString();
    else body[field.name] = raw;
  }
  return body;
}
