// A client of the generated API for browsers (and Node 22+): REST calls with the bearer token,
// sign-in, and the websocket /ws with reconnect, resume and an event subscription API. It
// knows no schema names: the URLs and the message fields it reads come from its options (the
// app's own page passes those of config.js). Types: client.d.ts, and types.d.ts for the
// frames and rows.
//
// Streaming text. `message.streaming` frames carry `{message_id, seq, offset, delta}` where
// `offset` counts UTF-16 code units (a JavaScript string's length) of the reply's text before
// `delta`. The client keeps the text of every reply it saw streaming and applies a frame only
// when `offset <= text.length < offset + delta.length` (`text = text.slice(0, offset) + delta`),
// so a frame seen twice, or the catch-up frame of a resume, never duplicates text. After a
// reconnect it subscribes again to the conversations it followed and asks `stream.resume
// {message_id, offset: text.length}` for each reply still streaming: it ends with exactly the
// stored text.

/** An HTTP error of the API: `status`, and the `detail` of its JSON body when there is one. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {unknown} detail
   */
  constructor(status, message, detail) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
  }
}

/** @param {unknown} detail @param {Response} response */
function describe(detail, response) {
  if (Array.isArray(detail)) {
    return detail
      .map((d) => `${(d?.loc ?? []).slice(1).join(".")}: ${d?.msg ?? ""}`)
      .join("; ");
  }
  return typeof detail === "string" ? detail : `${response.status} ${response.statusText}`;
}

export class ChatClient {
  /**
   * @param {object} [options]
   * @param {string} [options.baseUrl] the app's origin ("": this page's)
   * @param {string} [options.socketPath] the websocket's path ("/ws")
   * @param {number[]} [options.signInAgain] close codes that mean "sign in again" (1008, 4401)
   * @param {string | null} [options.token] the access token to start with
   * @param {(token: string | null) => void} [options.onToken] called when the token changes
   * @param {{status: string, content: string, streaming: string}} [options.message]
   *   the message fields holding the status and the text, and the status value of a
   *   streaming reply (the schema's names: types.d.ts); without them a reply's text is known
   *   from its `message.streaming` frames only
   * @param {number} [options.maxRetryMs] the longest wait between reconnects (milliseconds)
   */
  constructor(options = {}) {
    this.baseUrl = options.baseUrl ?? "";
    this.socketPath = options.socketPath ?? "/ws";
    this.signInAgain = options.signInAgain ?? [1008, 4401];
    this.message = options.message ?? null;
    this.maxRetryMs = options.maxRetryMs ?? 10000;
    /** @type {string | null} */
    this._token = options.token ?? null;
    this._onToken = options.onToken ?? (() => {});
    /** @type {Map<string, Set<(data: any, frame: any) => void>>} */
    this._handlers = new Map();
    /** @type {WebSocket | null} */
    this._socket = null;
    /** @type {string[]} */
    this._queue = [];
    this._retry = 0;
    this._wanted = false; // connect() was called and close() was not
    /** @type {ReturnType<typeof setTimeout> | null} */
    this._timer = null;
    /** @type {Set<string>} */
    this._subscribed = new Set();
    /** @type {Map<string, string>} the text of each reply seen streaming, by message id */
    this._texts = new Map();
    /** @type {Set<string>} the replies still streaming */
    this._streaming = new Set();
  }

  /** The access token (null: signed out). */
  get token() {
    return this._token;
  }

  set token(value) {
    if (value === this._token) return;
    this._token = value;
    this._onToken(value);
  }

  // --- REST -------------------------------------------------------------------------------

  /**
   * Call the API: `body` is sent as JSON (or as is when it is FormData). Resolves to the JSON
   * answer (null for 204); rejects with ApiError. A 401 while signed in also emits
   * `unauthorized`.
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {{signal?: AbortSignal}} [init]
   * @returns {Promise<any>}
   */
  async request(method, path, body = undefined, init = {}) {
    /** @type {Record<string, string>} */
    const headers = { Accept: "application/json" };
    if (this._token) headers.Authorization = `Bearer ${this._token}`;
    /** @type {RequestInit} */
    const options = { method, headers, signal: init.signal };
    if (body instanceof FormData) options.body = body;
    else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(this.baseUrl + path, options);
    if (response.status === 401 && this._token) this._emit("unauthorized", { status: 401 });
    if (response.ok) return response.status === 204 ? null : response.json();
    const detail = (await response.json().catch(() => null))?.detail;
    throw new ApiError(response.status, describe(detail, response), detail);
  }

  /**
   * GET a binary resource (an image) with the bearer token; rejects with ApiError.
   * @param {string} path
   * @returns {Promise<Blob>}
   */
  async blob(path) {
    /** @type {Record<string, string>} */
    const headers = {};
    if (this._token) headers.Authorization = `Bearer ${this._token}`;
    const response = await fetch(this.baseUrl + path, { headers });
    if (!response.ok) throw new ApiError(response.status, `${response.status} ${response.statusText}`, null);
    return response.blob();
  }

  /**
   * Sign in: POST `credentials` to `loginUrl`, keep the access token it answers.
   * @param {string} loginUrl
   * @param {Record<string, string>} credentials
   * @returns {Promise<{access_token: string, token_type: string}>}
   */
  async login(loginUrl, credentials) {
    const answer = await this.request("POST", loginUrl, credentials);
    this.token = answer.access_token;
    return answer;
  }

  /** Forget the token and close the socket (the server's session ends on its own expiry). */
  signOut() {
    this.token = null;
    this.close();
    this._subscribed.clear();
    this._texts.clear();
    this._streaming.clear();
  }

  // --- the websocket ------------------------------------------------------------------------

  /** Open the websocket (its first frame is `auth`: the token never goes in the URL) and keep
   * it open: reconnects with backoff until close(), signOut() or a sign-in-again close. */
  connect() {
    this._wanted = true;
    if (this._socket || !this._token) return;
    const base = this.baseUrl ? new URL(this.baseUrl) : globalThis.location;
    const scheme = base.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${base.host}${this.socketPath}`);
    this._socket = socket;
    const reconnecting = this._retry > 0;
    socket.addEventListener("open", () => {
      socket.send(JSON.stringify({ type: "auth", data: { token: this._token } }));
      if (reconnecting) this._recover(socket);
      for (const frame of this._queue.splice(0)) socket.send(frame);
      this._emit("open", { reconnected: reconnecting });
    });
    socket.addEventListener("message", (event) => this._receive(String(event.data)));
    socket.addEventListener("close", (event) => {
      if (this._socket !== socket) return;
      this._socket = null;
      this._emit("close", { code: event.code, reason: event.reason });
      if (this.signInAgain.includes(event.code)) {
        this._wanted = false;
        this._emit("unauthorized", { code: event.code, reason: event.reason });
        return;
      }
      if (!this._wanted) return;
      const wait = Math.min(this.maxRetryMs, 500 * 2 ** this._retry++);
      this._timer = setTimeout(() => {
        this._timer = null;
        if (this._wanted && !this._socket) this.connect();
      }, wait);
    });
  }

  /** Close the websocket and stop reconnecting. */
  close() {
    this._wanted = false;
    if (this._timer) clearTimeout(this._timer);
    this._timer = null;
    const socket = this._socket;
    this._socket = null;
    this._queue = [];
    socket?.close();
  }

  /** Whether the socket is open. */
  get connected() {
    return this._socket?.readyState === WebSocket.OPEN;
  }

  /**
   * Send a frame `{type, data}`; queued until the socket is open.
   * @param {string} type
   * @param {object} data
   */
  send(type, data) {
    const frame = JSON.stringify({ type, data });
    if (this._socket?.readyState === WebSocket.OPEN) this._socket.send(frame);
    else this._queue.push(frame);
  }

  /**
   * Receive the events of a conversation (again after every reconnect).
   * @param {string} conversationId
   */
  subscribe(conversationId) {
    this._subscribed.add(conversationId);
    this.send("conversation.subscribe", { conversation_id: conversationId });
  }

  /**
   * Stop receiving a conversation's events after the next reconnect (the server has no
   * unsubscribe frame: the socket keeps its subscriptions until it closes).
   * @param {string} conversationId
   */
  forget(conversationId) {
    this._subscribed.delete(conversationId);
  }

  /**
   * Follow a reply known from a REST read: a streaming one is resumed from the text it holds.
   * @param {Record<string, any>} row a message as the API returns it
   */
  track(row) {
    if (!this.message) return;
    const { status, content, streaming } = this.message;
    if (row[status] !== streaming) return;
    const text = String(row[content] ?? "");
    const known = this._texts.get(row.id) ?? "";
    if (text.length > known.length) this._texts.set(row.id, text);
    this._streaming.add(row.id);
    this.send("stream.resume", { message_id: row.id, offset: this.textOf(row.id).length });
  }

  /**
   * The text of a reply as streamed so far ("" when unknown).
   * @param {string} messageId
   */
  textOf(messageId) {
    return this._texts.get(messageId) ?? "";
  }

  /**
   * Call `handler(data, frame)` for each frame of `type` ("*": every frame; also "open",
   * "close" {code, reason} and "unauthorized"). Returns the function that unsubscribes it.
   * @param {string} type
   * @param {(data: any, frame: any) => void} handler
   * @returns {() => void}
   */
  on(type, handler) {
    let handlers = this._handlers.get(type);
    if (!handlers) this._handlers.set(type, (handlers = new Set()));
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  /** @param {string} raw */
  _receive(raw) {
    /** @type {{type: string, data: any}} */
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    const { type, data } = frame;
    if (type === "auth.ok") this._retry = 0;
    if (type === "message.streaming") {
      if (!this._apply(data)) return; // nothing new: a frame seen already
    } else if (this.message && (type === "message.created" || type === "message.updated")) {
      const { status, content, streaming } = this.message;
      if (data?.[status] === streaming) {
        this._streaming.add(data.id);
        const text = String(data[content] ?? "");
        if (text.length > this.textOf(data.id).length) this._texts.set(data.id, text);
      } else if (data?.id) {
        this._streaming.delete(data.id);
        this._texts.delete(data.id);
      }
    }
    this._emit(type, data, frame, true);
  }

  /**
   * Apply a streaming frame to the reply's text; whether it added anything.
   * @param {{message_id: string, offset: number, delta: string}} data
   */
  _apply(data) {
    const text = this.textOf(data.message_id);
    const end = data.offset + data.delta.length;
    this._streaming.add(data.message_id);
    if (data.offset > text.length || end <= text.length) return false;
    this._texts.set(data.message_id, text.slice(0, data.offset) + data.delta);
    return true;
  }

  /** After a reconnect: subscribe again, and resume each reply still streaming.
   * @param {WebSocket} socket */
  _recover(socket) {
    for (const id of this._subscribed) {
      socket.send(JSON.stringify({ type: "conversation.subscribe", data: { conversation_id: id } }));
    }
    for (const id of this._streaming) {
      const offset = this.textOf(id).length;
      socket.send(JSON.stringify({ type: "stream.resume", data: { message_id: id, offset } }));
    }
  }

  /**
   * @param {string} type
   * @param {any} data
   * @param {any} [frame]
   * @param {boolean} [fromServer] a frame of the socket: "*" handlers get it too
   */
  _emit(type, data, frame = { type, data }, fromServer = false) {
    for (const key of fromServer ? [type, "*"] : [type]) {
      for (const handler of this._handlers.get(key) ?? []) {
        try {
          handler(data, frame);
        } catch (err) {
          console.error(err);
        }
      }
    }
  }
}
