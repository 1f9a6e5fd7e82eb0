// The UI's bindings, rendered from the schema: components read names from here and stay generic.

export const title = "AI Chat";
export const storageKey = "ai_chat.token";

/** Component kind -> custom element tag (only the components the schema asks for). */
export const tags = {
  ChatMessage: "chat-message",
  ChatInput: "chat-input",
  ChatConversationList: "chat-conversation-list",
  ChatSettingsForm: "chat-settings-form",
  TokenCounter: "token-counter",
  CostEstimate: "cost-estimate",
  ModelSelector: "model-selector",
  ProviderSelector: "provider-selector",
};

export const auth = {
  login: "email",
  registerUrl: "/api/auth/register",
  loginUrl: "/api/auth/login",
  meUrl: "/api/users/me",
  passwordMinLength: 12,
  loginFields: [
    { name: "email", label: "Email", input: "email", type: "email", js: "string",
      nullable: false, required: true, options: [], min: null, max: null, maxLength: 320 },
  ],
  registerFields: [
    { name: "email", label: "Email", input: "email", type: "email", js: "string",
      nullable: false, required: true, options: [], min: null, max: null, maxLength: 320 },
    { name: "name", label: "Name", input: "text", type: "string", js: "string",
      nullable: false, required: true, options: [], min: null, max: null, maxLength: 100 },
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
  label: "Conversation",
  url: "/api/conversations",
  messagesPath: "/messages",
  branchPath: "/branch",
  /** The conversation's own controls (system prompt, temperature) when the schema binds them. */
  controls: [
    { name: "temperature", label: "Temperature", input: "number", type: "float", js: "number",
      nullable: false, required: false, options: [], min: 0.0, max: 2.0, maxLength: null },
    { name: "system_prompt", label: "System prompt", input: "textarea", type: "text", js: "string",
      nullable: true, required: false, options: [], min: null, max: null, maxLength: null },
  ],
  fields: {
    last_message_at: "last_message_at",
    max_tokens: "max_tokens",
    message_count: "message_count",
    model_name: "model",
    provider: "provider",
    system_prompt: "system_prompt",
    temperature: "temperature",
    title: "title",
    total_cost: "total_cost",
    total_tokens: "total_tokens",
  },
};

/** The message model: its foreign key to the conversation, field bindings, stored values. */
export const message = {
  conversationKey: "conversation_id",
  parentKey: "parent_id",
  fields: {
    cache_read_tokens: "cache_read_tokens",
    cache_write_tokens: "cache_write_tokens",
    completion_tokens: "completion_tokens",
    content: "content",
    cost: "cost",
    error: "error",
    error_code: "error_code",
    finish_reason: "finish_reason",
    input_tokens: "input_tokens",
    model_name: "model",
    output_tokens: "output_tokens",
    prompt_tokens: "prompt_tokens",
    reasoning_tokens: "reasoning_tokens",
    role: "role",
    status: "status",
    total_tokens: "total_tokens",
    usage_estimated: "usage_estimated",
  },
  roles: {
    assistant: "assistant",
    system: "system",
    user: "user",
  },
  statuses: {
    cancelled: "cancelled",
    done: "done",
    error: "error",
    pending: "pending",
    streaming: "streaming",
  },
};

/** Image attachments (null: the schema has none): the upload URL, the accepted types, the
 * largest image (bytes) and the most images on one message. */
export const imageAttachments = null;

/** Providers and their models; prices are USD per 1M tokens, as decimal strings. */
export const providers = [
  {
    name: "mock",
    label: "Offline mock",
    defaultModel: "mock-echo",
    models: [
      { name: "mock-echo", input: "0.1", output: "0.2" },
    ],
  },
  {
    name: "openai",
    label: "OpenAI",
    defaultModel: "gpt-4.1-mini",
    models: [
      { name: "gpt-4.1", input: "2.0", output: "8.0" },
      { name: "gpt-4.1-mini", input: "0.4", output: "1.6" },
      { name: "gpt-4o", input: "2.5", output: "10.0" },
      { name: "gpt-4o-mini", input: "0.15", output: "0.6" },
      { name: "o4-mini", input: "1.1", output: "4.4" },
    ],
  },
  {
    name: "anthropic",
    label: "Anthropic",
    defaultModel: "claude-sonnet-4-5",
    models: [
      { name: "claude-opus-4-1", input: "15.0", output: "75.0" },
      { name: "claude-sonnet-4-5", input: "3.0", output: "15.0" },
      { name: "claude-haiku-4-5", input: "1.0", output: "5.0" },
    ],
  },
  {
    name: "gemini",
    label: "Google Gemini",
    defaultModel: "gemini-2.5-flash",
    models: [
      { name: "gemini-2.5-pro", input: "1.25", output: "10.0" },
      { name: "gemini-2.5-flash", input: "0.3", output: "2.5" },
      { name: "gemini-2.5-flash-lite", input: "0.1", output: "0.4" },
    ],
  },
];
export const defaultProvider = "mock";
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
  title: "Chat settings",
  url: "/api/chat-settings",
  meUrl: null,
  fields: [
    { name: "default_provider", label: "Default provider", input: "text", type: "string", js: "string",
      nullable: false, required: false, options: [], min: null, max: null, maxLength: 32 },
    { name: "default_model", label: "Default model", input: "text", type: "string", js: "string",
      nullable: false, required: false, options: [], min: null, max: null, maxLength: 100 },
    { name: "default_temperature", label: "Default temperature", input: "number", type: "float", js: "number",
      nullable: false, required: false, options: [], min: 0.0, max: 2.0, maxLength: null },
    { name: "default_max_tokens", label: "Default max tokens", input: "number", type: "int", js: "number",
      nullable: false, required: false, options: [], min: 1.0, max: 200000.0, maxLength: null },
    { name: "theme", label: "Theme", input: "select", type: "enum", js: "string",
      nullable: false, required: false, options: ["light", "dark", "system"], min: null, max: null, maxLength: null },
    { name: "font_size", label: "Font size", input: "number", type: "int", js: "number",
      nullable: false, required: false, options: [], min: 10.0, max: 32.0, maxLength: null },
    { name: "show_token_count", label: "Show token count", input: "checkbox", type: "bool", js: "boolean",
      nullable: false, required: false, options: [], min: null, max: null, maxLength: null },
    { name: "show_cost_estimate", label: "Show cost estimate", input: "checkbox", type: "bool", js: "boolean",
      nullable: false, required: false, options: [], min: null, max: null, maxLength: null },
    { name: "enable_streaming", label: "Enable streaming", input: "checkbox", type: "bool", js: "boolean",
      nullable: false, required: false, options: [], min: null, max: null, maxLength: null },
    { name: "enable_markdown", label: "Enable markdown", input: "checkbox", type: "bool", js: "boolean",
      nullable: false, required: false, options: [], min: null, max: null, maxLength: null },
    { name: "enable_code_highlight", label: "Enable code highlight", input: "checkbox", type: "bool", js: "boolean",
      nullable: false, required: false, options: [], min: null, max: null, maxLength: null },
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
  codeHighlight: "enable_code_highlight",
  fontSize: "font_size",
  markdown: "enable_markdown",
  showCost: "show_cost_estimate",
  showTokens: "show_token_count",
  streaming: "enable_streaming",
  theme: "theme",
};
/** The settings fields that choose a provider and a model (edited with selects), or null. */
export const settingsChoices = {
  provider: "default_provider",
  model: "default_model",
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
