// TypeScript types of the API, rendered from the schema: every model as the REST API returns
// it, and every websocket frame of /ws (the same frames as /asyncapi.yaml). Dates are ISO 8601
// strings, decimals strings (exact), ids UUID strings. Offsets count UTF-16 code units.
// Checked with `tsc --noEmit`; import them with `import type { ... } from "./types"`.

/** Any JSON value (a schema field of type json). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** User as the API returns it. */
export interface UserPublic {
  id: string;
  email: string;
  name: string;
  role: "user" | "premium" | "admin";
  created_at: string;
  updated_at: string;
}

/** A page of user rows and the total count. */
export interface UsersPublic {
  data: UserPublic[];
  count: number;
}

/** Conversation as the API returns it. */
export interface ConversationPublic {
  id: string;
  owner_id: string;
  title: string;
  provider: string;
  model: string;
  temperature: number;
  max_tokens: number;
  system_prompt: string | null;
  message_count: number;
  total_tokens: number;
  total_cost: string;
  last_message_at: string | null;
  created_at: string;
  updated_at: string;
  /** The last message of the branch the user follows (null: the newest message's branch). */
  active_leaf_id: string | null;
}

/** A page of conversation rows and the total count. */
export interface ConversationsPublic {
  data: ConversationPublic[];
  count: number;
}

/** Message as the API returns it. */
export interface MessagePublic {
  id: string;
  conversation_id: string;
  parent_id: string | null;
  role: "user" | "assistant" | "system";
  content: string;
  status: "pending" | "streaming" | "done" | "error" | "cancelled";
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  input_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  usage_estimated: boolean;
  cost: string | null;
  model: string | null;
  finish_reason: string | null;
  error: string | null;
  error_code: string | null;
  created_at: string;
  updated_at: string;
}

/** A page of message rows and the total count. */
export interface MessagesPublic {
  data: MessagePublic[];
  count: number;
}

/** Message in a list of its conversation's tree: `sibling_index` is its 1-based position among the messages with the same parent, `sibling_count` how many there are. */
export interface MessageNodePublic extends MessagePublic {
  sibling_index: number;
  sibling_count: number;
}

/** A page of a conversation's message rows, oldest first: its active branch, or the whole tree (`?branch=all`). */
export interface MessageNodesPublic {
  data: MessageNodePublic[];
  count: number;
}

/** Chat settings as the API returns it. */
export interface ChatSettingsPublic {
  id: string;
  owner_id: string;
  default_provider: string;
  default_model: string;
  default_temperature: number;
  default_max_tokens: number;
  theme: "light" | "dark" | "system";
  font_size: number;
  show_token_count: boolean;
  show_cost_estimate: boolean;
  enable_streaming: boolean;
  enable_markdown: boolean;
  enable_code_highlight: boolean;
  created_at: string;
  updated_at: string;
}

/** A page of chat settings rows and the total count. */
export interface ChatSettingsListPublic {
  data: ChatSettingsPublic[];
  count: number;
}

// --- /ws: frames {type, data} in both directions --------------------------------------------

/** `auth`: the access token that authenticates the socket (the first frame). */
export interface AuthData {
  token: string;
}

/** `conversation.subscribe`: receive the events of one conversation. */
export interface SubscribeData {
  conversation_id: string;
}

/** `message.send`: post a user message and stream the reply (a new conversation without an id). */
export interface SendData {
  conversation_id?: string | null;
  content: string;
}

/** `generation.stop`: stop a reply that is streaming (it ends cancelled, keeping its text). */
export interface StopData {
  message_id: string;
}

/** `stream.resume`: the reply's text after `offset` (UTF-16 code units), then its live deltas. */
export interface ResumeData {
  message_id: string;
  offset?: number;
}

/** `message.regenerate`: a new reply beside the assistant reply `message_id`. */
export interface RegenerateData {
  message_id: string;
}

/** `message.edit`: a new user message with `content` beside the user message `message_id`, and its reply. */
export interface EditData {
  message_id: string;
  content: string;
}

/** `auth.ok`: the socket is authenticated as `user_id` until `expires_at`. */
export interface AuthOkData {
  user_id: string;
  expires_at: string;
}

/** `error`: a stable `code` and a human-readable `message`. */
export interface ErrorData {
  code: string;
  message: string;
}

/** Payload of `message.streaming`. */
export interface MessageStreamingEventData {
  message_id: string;
  seq: number;
  offset: number;
  delta: string;
}

/** Every frame a client sends on /ws. */
export type ClientFrame =
  | { type: "auth"; data: AuthData }
  | { type: "conversation.subscribe"; data: SubscribeData }
  | { type: "message.send"; data: SendData }
  | { type: "generation.stop"; data: StopData }
  | { type: "stream.resume"; data: ResumeData }
  | { type: "message.regenerate"; data: RegenerateData }
  | { type: "message.edit"; data: EditData };

/** Every frame the app sends on /ws. */
export type ServerFrame =
  | { type: "auth.ok"; data: AuthOkData }
  | { type: "message.created"; data: MessagePublic }
  | { type: "message.streaming"; data: MessageStreamingEventData }
  | { type: "message.updated"; data: MessagePublic }
  | { type: "conversation.created"; data: ConversationPublic }
  | { type: "conversation.updated"; data: ConversationPublic }
  | { type: "error"; data: ErrorData };

/** The type names of the server's frames. */
export type ServerFrameType = ServerFrame["type"];

/** The `data` of the server frame `T`. */
export type ServerFrameData<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>["data"];
