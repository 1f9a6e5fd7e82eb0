// Types of client.js (a client of the generated API: REST, sign-in, the websocket /ws with
// reconnect and resume). The frames and rows are those of types.d.ts, rendered from the schema.
import type { ClientFrame, ServerFrameData, ServerFrameType } from "./types";

/** An HTTP error of the API: `status`, and the `detail` of its JSON body when there is one. */
export declare class ApiError extends Error {
  constructor(status: number, message: string, detail: unknown);
  readonly status: number;
  readonly detail: unknown;
}

export interface ChatClientOptions {
  /** The app's origin ("": this page's). */
  baseUrl?: string;
  /** The websocket's path ("/ws"). */
  socketPath?: string;
  /** Close codes that mean "sign in again" (1008, 4401). */
  signInAgain?: number[];
  /** The access token to start with. */
  token?: string | null;
  /** Called when the token changes (to keep it, e.g. in localStorage). */
  onToken?: (token: string | null) => void;
  /** The message fields holding the status and the text, and the status value of a streaming
   * reply (the schema's names); without them a reply's text is known from its frames only. */
  message?: { status: string; content: string; streaming: string };
  /** The longest wait between reconnects, in milliseconds (10000). */
  maxRetryMs?: number;
}

/** Events of the connection itself, besides the server's frames. */
export interface ConnectionEvents {
  open: { reconnected: boolean };
  close: { code: number; reason: string };
  unauthorized: { status?: number; code?: number; reason?: string };
}

export declare class ChatClient {
  constructor(options?: ChatClientOptions);
  /** The access token (null: signed out). */
  token: string | null;
  /** Whether the socket is open. */
  readonly connected: boolean;
  /** Call the API; resolves to the JSON answer (null for 204), rejects with ApiError. */
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    init?: { signal?: AbortSignal },
  ): Promise<T>;
  /** GET a binary resource (an image) with the bearer token; rejects with ApiError. */
  blob(path: string): Promise<Blob>;
  /** POST the credentials to `loginUrl` and keep the access token it answers. */
  login(
    loginUrl: string,
    credentials: Record<string, string>,
  ): Promise<{ access_token: string; token_type: string }>;
  /** Forget the token and close the socket. */
  signOut(): void;
  /** Open the websocket and keep it open (reconnects with backoff). */
  connect(): void;
  /** Close the websocket and stop reconnecting. */
  close(): void;
  /** Send a frame; queued until the socket is open. */
  send<F extends ClientFrame>(type: F["type"], data: F["data"]): void;
  /** Receive a conversation's events (again after every reconnect). */
  subscribe(conversationId: string): void;
  /** Stop subscribing to it again after a reconnect. */
  forget(conversationId: string): void;
  /** Follow a message read over REST: a streaming reply is resumed from the text it holds. */
  track(row: { id: string } & Record<string, unknown>): void;
  /** The text of a reply as streamed so far (UTF-16 code units, as every JS string). */
  textOf(messageId: string): string;
  /** Handle the frames of one type; returns the function that unsubscribes. */
  on<T extends ServerFrameType>(
    type: T,
    handler: (data: ServerFrameData<T>, frame: { type: T; data: ServerFrameData<T> }) => void,
  ): () => void;
  on<T extends keyof ConnectionEvents>(
    type: T,
    handler: (data: ConnectionEvents[T]) => void,
  ): () => void;
  on(type: "*", handler: (data: unknown, frame: { type: ServerFrameType; data: unknown }) => void): () => void;
}
