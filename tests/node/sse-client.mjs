#!/usr/bin/env node
// Drive a backend with the AI SDK's own `DefaultChatTransport` (UI message
// stream over SSE), through the SDK's `AbstractChat` -- the same state machine
// `useChat` wraps -- without React.  Tested with ai@7.0.173 on node v20.20.2.
//
//   node sse-client.mjs <base-url> [options]
//
//   --token T          send `Authorization: Bearer T` on the POST and the resume GET
//   --api PATH         chat endpoint (default /api/chat); resume is GET {api}/{chat}/stream
//   --chat ID          chat id (= conversation id); default: a random id
//   --text TEXT        user message to send (default "Hello")
//   --abort-after MS   chat.stop() after MS: aborts the fetch (the server only sees a disconnect)
//   --stop-after MS    POST {api}/{chat}/stop first, then chat.stop() (an app endpoint, not AI SDK)
//   --drop-after MS    simulate a network drop after MS (errors the body with a TypeError,
//                      as a browser does), then chat.resumeStream() -> GET {api}/{chat}/stream
//   --resume-only      do not send; only chat.resumeStream() (what `useChat({resume: true})` does on mount)
//   --regenerate       after the reply, chat.regenerate() it (trigger regenerate-message)
//   --stop-after-chunks N   like --stop-after, once N text-delta chunks arrived
//   --drop-after-chunks N   like --drop-after, once N text-delta chunks arrived
//   --verbose          print every UI message chunk as it arrives
//   --timeout MS       give up after MS (default 30000)
//
// Prints one JSON line `RESULT {...}` at the end. Exit 0 ok, 1 request failed,
// 2 bad usage, 3 timeout.
import { createRequire } from 'node:module';
import { AbstractChat, DefaultChatTransport } from 'ai';

const AI_VERSION = createRequire(import.meta.url)('ai/package.json').version;

function parseArgs(argv) {
  const opts = { api: '/api/chat', text: 'Hello', timeout: 30000 };
  const flags = new Set(['resume-only', 'regenerate', 'verbose']);
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { rest.push(a); continue; }
    const key = a.slice(2);
    if (flags.has(key)) { opts[key] = true; continue; }
    if (i + 1 >= argv.length) throw new Error(`missing value for ${a}`);
    opts[key] = argv[++i];
  }
  if (rest.length !== 1) throw new Error('expected exactly one base URL');
  opts.base = rest[0];
  for (const k of ['abort-after', 'stop-after', 'drop-after', 'timeout', 'stop-after-chunks', 'drop-after-chunks']) {
    if (opts[k] != null) opts[k] = Number(opts[k]);
  }
  return opts;
}

// ChatState: what @ai-sdk/react provides with React state, as plain fields.
class NodeChatState {
  constructor(messages = []) {
    this.status = 'ready';
    this.error = undefined;
    this.messages = messages;
  }
  snapshot = value => structuredClone(value);
  pushMessage = m => { this.messages = [...this.messages, this.snapshot(m)]; };
  popMessage = () => { this.messages = this.messages.slice(0, -1); };
  replaceMessage = (i, m) => {
    this.messages = [...this.messages.slice(0, i), this.snapshot(m), ...this.messages.slice(i + 1)];
  };
}

class NodeChat extends AbstractChat {
  constructor({ messages, ...init }) {
    super({ ...init, state: new NodeChatState(messages) });
  }
}

const textOf = m => (m?.parts ?? []).filter(p => p.type === 'text').map(p => p.text).join('');

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    new URL(opts.base);
  } catch (e) {
    console.error(`usage: node sse-client.mjs <base-url> [--token T] [--chat ID] [--text T] ` +
      `[--abort-after MS|--stop-after MS|--drop-after MS] [--resume-only] [--regenerate] [--verbose]\n${e.message}`);
    return 2;
  }
  const api = new URL(opts.api, opts.base).href;
  const log = (...a) => console.log(...a);

  // --drop-after: a fetch whose POST body errors with a TypeError after MS, like a
  // browser's "network error"; Chat then marks the request a disconnect (isDisconnect).
  let dropped = false;
  let dropNow = () => {};
  const dropping = opts['drop-after'] != null || opts['drop-after-chunks'] != null;
  const droppingFetch = async (url, init) => {
    const res = await fetch(url, init);
    if (init?.method !== 'POST' || !dropping || !res.body) return res;
    const reader = res.body.getReader();
    let timer;
    const body = new ReadableStream({
      start(c) {
        dropNow = () => {
          if (dropped) return;
          dropped = true;
          clearTimeout(timer);
          log('-- simulated network drop');
          c.error(new TypeError('network error (simulated drop)'));
          reader.cancel().catch(() => {}); // closes the HTTP connection
        };
        if (opts['drop-after'] != null) timer = setTimeout(dropNow, opts['drop-after']);
      },
      async pull(c) {
        try {
          const { done, value } = await reader.read();
          if (done) { clearTimeout(timer); c.close(); } else c.enqueue(value);
        } catch (e) { clearTimeout(timer); if (!dropped) { try { c.error(e); } catch {} } }
      },
      cancel() { clearTimeout(timer); return reader.cancel(); },
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };

  const inner = new DefaultChatTransport({
    api,
    headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : undefined,
    fetch: droppingFetch,
  });
  // Tap the chunk streams (for --verbose and to know whether a resume found a stream).
  let resumeFound;
  let deltas = 0;
  let onDelta = () => {};
  const tap = (label, stream) => !stream ? stream : stream.pipeThrough(new TransformStream({
    transform(chunk, c) {
      if (opts.verbose) log(`${label} ${JSON.stringify(chunk)}`);
      c.enqueue(chunk);
      if (chunk.type === 'text-delta' && label === 'chunk') onDelta(++deltas);
    },
  }));
  const transport = {
    resumeStreamIsReplay: inner.resumeStreamIsReplay,
    sendMessages: async o => {
      log(`-> POST ${api} trigger=${o.trigger} messageId=${o.messageId ?? '(none)'} messages=${o.messages.length}`);
      return tap('chunk', await inner.sendMessages(o));
    },
    reconnectToStream: async o => {
      log(`-> GET ${api}/${encodeURIComponent(o.chatId)}/stream`);
      const s = await inner.reconnectToStream(o);
      resumeFound = s != null;
      log(s ? '<- resumable stream found' : '<- 204: no active stream');
      return tap('resume-chunk', s);
    },
  };

  let finish;
  const chat = new NodeChat({
    id: opts.chat,
    transport,
    onFinish: f => { finish = { finishReason: f.finishReason, isAbort: f.isAbort, isDisconnect: f.isDisconnect, isError: f.isError }; },
    onError: e => log(`!! ${e.name}: ${e.message}`),
  });

  let timedOut = false;
  const overall = setTimeout(() => { timedOut = true; chat.stop(); }, opts.timeout);
  const timers = [];
  if (opts['abort-after'] != null) {
    timers.push(setTimeout(() => { log('-- chat.stop() (client abort)'); chat.stop(); }, opts['abort-after']));
  }
  const stopRequest = async () => {
      const url = `${api}/${encodeURIComponent(chat.id)}/stop`;
      log(`-> POST ${url}`);
      try {
        const r = await fetch(url, { method: 'POST', headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {} });
        log(`<- ${r.status}`);
      } catch (e) { log(`!! stop request failed: ${e.message}`); }
      chat.stop();
  };
  let stopping;
  onDelta = n => {
    if (n === opts['stop-after-chunks']) stopping = stopRequest();
    if (n === opts['drop-after-chunks']) dropNow();
  };
  if (opts['stop-after'] != null) {
    timers.push(setTimeout(async () => {
      const url = `${api}/${encodeURIComponent(chat.id)}/stop`;
      log(`-> POST ${url}`);
      try {
        const r = await fetch(url, { method: 'POST', headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {} });
        log(`<- ${r.status}`);
      } catch (e) { log(`!! stop request failed: ${e.message}`); }
      chat.stop();
    }, opts['stop-after']));
  }

  let resumed = false;
  if (opts['resume-only']) {
    resumed = true;
    await chat.resumeStream();
  } else {
    await chat.sendMessage({ text: opts.text });
    if (dropped && finish?.isDisconnect) {
      resumed = true;
      await chat.resumeStream();
    }
    if (opts.regenerate && chat.status === 'ready') await chat.regenerate();
  }
  await stopping;
  clearTimeout(overall);
  timers.forEach(clearTimeout);

  const last = chat.lastMessage?.role === 'assistant' ? chat.lastMessage : undefined;
  const result = {
    transport: 'DefaultChatTransport', ai: AI_VERSION, chatId: chat.id, status: chat.status,
    error: chat.error ? `${chat.error.name}: ${chat.error.message}` : null,
    statusCode: chat.error?.statusCode ?? null,
    resumed, resumeFound: resumed ? (resumeFound ?? false) : undefined, finish: finish ?? null,
    assistant: last ? { id: last.id, text: textOf(last), metadata: last.metadata ?? null } : null,
    messages: chat.messages.map(m => ({ id: m.id, role: m.role, text: textOf(m) })),
  };
  log(`TEXT ${JSON.stringify(result.assistant?.text ?? '')}`);
  log(`METADATA ${JSON.stringify(result.assistant?.metadata ?? null)}`);
  log(`RESULT ${JSON.stringify(result)}`);
  if (timedOut) return 3;
  return chat.status === 'error' ? 1 : 0;
}

main().then(
  code => process.exit(code),
  e => { console.error(`fatal: ${e?.stack ?? e}`); process.exit(1); },
);
