// TypeScript types of the API, rendered from the schema: every model as the REST API returns
// it, and every websocket frame of /ws (the same frames as /asyncapi.yaml). Dates are ISO 8601
// strings, decimals strings (exact), ids UUID strings. Offsets count UTF-16 code units.
// Checked with `tsc --noEmit`; import them with `import type { ... } from "./types"`.

/** Any JSON value (a schema field of type json). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Agent as the API returns it. */
export interface AgentPublic {
  id: string;
  username: string;
  display_name: string;
  contact_email: string | null;
  tier: "trainee" | "agent" | "lead";
  on_duty: boolean;
  created_at: string;
  updated_at: string;
}

/** A page of agent rows and the total count. */
export interface AgentsPublic {
  data: AgentPublic[];
  count: number;
}

/** Ticket as the API returns it. */
export interface TicketPublic {
  id: string;
  assignee_id: string;
  escalated_to_id: string | null;
  subject: string;
  customer_email: string | null;
  priority: "low" | "normal" | "high" | "urgent";
  channel: "email" | "phone" | "web_form" | "live_chat";
  due_at: string | null;
  external_ref: string | null;
  custom_fields: JsonValue | null;
  ai_provider: string;
  ai_model: string;
  ai_temperature: number;
  instructions: string | null;
  reply_count: number;
  token_total: number;
  spend: string;
  last_reply_at: string | null;
  created_at: string;
  updated_at: string;
  /** The last message of the branch the user follows (null: the newest message's branch). */
  active_leaf_id: string | null;
}

/** A page of ticket rows and the total count. */
export interface TicketsPublic {
  data: TicketPublic[];
  count: number;
}

/** Reply as the API returns it. */
export interface ReplyPublic {
  id: string;
  ticket_id: string;
  canned_response_id: string | null;
  parent_id: string | null;
  author: "customer" | "agent" | "bot";
  body: string;
  state: "queued" | "typing" | "sent" | "failed" | "aborted";
  internal: boolean;
  input_tokens: number | null;
  output_tokens: number | null;
  price: string | null;
  stop_reason: string | null;
  failure: string | null;
  failure_code: string | null;
  cache_hits: number | null;
  estimated: boolean;
  created_at: string;
  updated_at: string;
}

/** A page of reply rows and the total count. */
export interface RepliesPublic {
  data: ReplyPublic[];
  count: number;
}

/** Reply in a list of its conversation's tree: `sibling_index` is its 1-based position among the messages with the same parent, `sibling_count` how many there are. */
export interface ReplyNodePublic extends ReplyPublic {
  sibling_index: number;
  sibling_count: number;
}

/** A page of a conversation's reply rows, oldest first: its active branch, or the whole tree (`?branch=all`). */
export interface ReplyNodesPublic {
  data: ReplyNodePublic[];
  count: number;
}

/** Canned response as the API returns it. */
export interface CannedResponsePublic {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  language: string;
  usage_count: number;
  created_at: string;
  updated_at: string;
}

/** A page of canned response rows and the total count. */
export interface CannedResponsesPublic {
  data: CannedResponsePublic[];
  count: number;
}

/** Agent preference as the API returns it. */
export interface AgentPreferencePublic {
  id: string;
  agent_id: string;
  signature: string | null;
  auto_draft: boolean;
  notify_email: string | null;
  away_until: string | null;
  max_open_tickets: number;
  shortcuts: JsonValue | null;
  created_at: string;
  updated_at: string;
}

/** A page of agent preference rows and the total count. */
export interface AgentPreferencesPublic {
  data: AgentPreferencePublic[];
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
  | { type: "message.created"; data: ReplyPublic }
  | { type: "message.streaming"; data: MessageStreamingEventData }
  | { type: "message.updated"; data: ReplyPublic }
  | { type: "conversation.created"; data: TicketPublic }
  | { type: "conversation.updated"; data: TicketPublic }
  | { type: "error"; data: ErrorData };

/** The type names of the server's frames. */
export type ServerFrameType = ServerFrame["type"];

/** The `data` of the server frame `T`. */
export type ServerFrameData<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>["data"];
