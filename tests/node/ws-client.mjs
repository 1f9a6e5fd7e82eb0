#!/usr/bin/env node
// Drive a backend with the AI SDK's own `WebSocketChatTransport` (package `ai`,
// >= 7.0.135), through the SDK's `AbstractChat` -- the state machine `useChat`
// wraps -- without React.  Tested with ai@7.0.173 on node v20.20.2.
//
//   node --experimental-websocket ws-client.mjs <base-url> [options]
//
// Node 20 has a global WebSocket only with --experimental-websocket (node >= 22
// has it by default); without it the script falls back to the `ws` package if
// it is installed next to `ai`.  <base-url> may be http(s):// or ws(s)://.
//
//   --path PATH        websocket path (default /ws/chat)
//   --token T          credentials: `?token=T` on the URL (transport option `params`)
//                      and `authorization: Bearer T` inside every send/resume frame
//                      (transport option `headers`); see --auth
//   --auth MODE        query | frame | both (default both)
//   --chat ID          chat id (= conversation id); default: a random id
//   --text TEXT        user message to send (default "Hello")
//   --abort-after MS   chat.stop() after MS -> the transport sends {type:"abort",requestId}
//   --drop-after MS    close the socket after MS (a network drop), then chat.resumeStream()
//                      on a new connection -> {type:"resume",...}
//   --abort-after-chunks N  like --abort-after, once N text-delta chunks arrived
//   --drop-after-chunks N   like --drop-after, once N text-delta chunks arrived
//   --resume-only      do not send; only chat.resumeStream()
//   --regenerate       after the reply, chat.regenerate() it (trigger regenerate-message)
//   --verbose          print every frame received and every chunk
//   --timeout MS       give up after MS (default 30000)
//
// Prints one JSON line `RESULT {...}` at the end. Exit 0 ok, 1 request failed,
// 2 bad usage / no WebSocket implementation, 3 timeout.
import { createRequire } from 'node:module';
import { AbstractChat, WebSocketChatTransport } from 'ai';

const AI_VERSION = createRequire(import.meta.url)('ai/package.json').version;

function parseArgs(argv) {
  const opts = { path: '/ws/chat', text: 'Hello', timeout: 30000, auth: 'both' };
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
  if (!['query', 'frame', 'both'].includes(opts.auth)) throw new Error('--auth must be query, frame or both');
  opts.base = rest[0];
  for (const k of ['abort-after', 'drop-after', 'timeout', 'abort-after-chunks', 'drop-after-chunks']) {
    if (opts[k] != null) opts[k] = Number(opts[k]);
  }
  return opts;
}

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
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function webSocketImpl() {
  if (typeof globalThis.WebSocket === 'function') return { impl: globalThis.WebSocket, name: 'global WebSocket' };
  try {
    const mod = await import('ws');
    return { impl: mod.WebSocket ?? mod.default, name: 'ws package' };
  } catch {
    return null;
  }
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    new URL(opts.base);
  } catch (e) {
    console.error(`usage: node --experimental-websocket ws-client.mjs <base-url> [--path P] [--token T] ` +
      `[--auth query|frame|both] [--chat ID] [--text T] [--abort-after MS|--drop-after MS] [--resume-only] ` +
      `[--regenerate] [--verbose]\n${e.message}`);
    return 2;
  }
  const found = await webSocketImpl();
  if (!found) {
    console.error('No WebSocket implementation: run node with --experimental-websocket (node 20/21), ' +
      'use node >= 22, or `npm install ws` next to `ai`.');
    return 2;
  }
  const log = (...a) => console.log(...a);
  const url = new URL(opts.path, opts.base).href; // http(s) is turned into ws(s) by the transport

  // Record the sockets the transport opens, to log frames and to simulate drops.
  const sockets = [];
  const Base = found.impl;
  class RecordingWebSocket extends Base {
    constructor(u, protocols) {
      super(u, protocols);
      sockets.push(this);
      log(`-- connecting ${u} (${found.name})`);
      if (opts.verbose) {
        this.addEventListener('message', ev => log(`<- frame ${typeof ev.data === 'string' ? ev.data : String(ev.data)}`));
      }
      this.addEventListener('close', ev => log(`-- socket closed code=${ev.code} reason=${JSON.stringify(ev.reason ?? '')}`));
    }
    send(data) {
      if (opts.verbose) log(`-> frame ${data}`);
      else {
        const f = JSON.parse(data);
        log(`-> ${f.type} requestId=${f.requestId}${f.trigger ? ` trigger=${f.trigger}` : ''}` +
          `${f.id ? ` id=${f.id}` : ''}${'lastSequence' in f ? ` lastSequence=${f.lastSequence}` : ''}`);
      }
      super.send(data);
    }
  }

  const useQuery = opts.token && opts.auth !== 'frame';
  const useFrame = opts.token && opts.auth !== 'query';
  const transport = new WebSocketChatTransport({
    url,
    webSocket: RecordingWebSocket,
    params: useQuery ? { token: opts.token } : undefined,
    headers: useFrame ? { Authorization: `Bearer ${opts.token}` } : undefined,
  });

  let finish;
  let resumeFound;
  let deltas = 0;
  let dropped = false;
  const chat = new NodeChat({
    id: opts.chat,
    transport: {
      resumeStreamIsReplay: transport.resumeStreamIsReplay,
      close: () => transport.close(),
      sendMessages: async o => (await transport.sendMessages(o)).pipeThrough(new TransformStream({
        transform(chunk, c) {
          c.enqueue(chunk);
          if (chunk.type !== 'text-delta') return;
          deltas += 1;
          if (deltas === opts['abort-after-chunks']) { log('-- chat.stop() (sends an abort frame)'); chat.stop(); }
          if (deltas === opts['drop-after-chunks'] && !dropped) {
            dropped = true;
            log('-- simulated network drop');
            sockets.at(-1)?.close(4000, 'simulated drop');
          }
        },
      })),
      reconnectToStream: async o => {
        const s = await transport.reconnectToStream(o);
        resumeFound = s != null;
        log(s ? '<- resumable stream found' : '<- no-active');
        return s;
      },
    },
    onFinish: f => { finish = { finishReason: f.finishReason, isAbort: f.isAbort, isDisconnect: f.isDisconnect, isError: f.isError }; },
    onError: e => log(`!! ${e.name}: ${e.message}`),
  });

  let timedOut = false;
  const overall = setTimeout(() => { timedOut = true; chat.stop(); }, opts.timeout);
  const timers = [];
  if (opts['abort-after'] != null) {
    timers.push(setTimeout(() => { log('-- chat.stop() (sends an abort frame)'); chat.stop(); }, opts['abort-after']));
  }
  if (opts['drop-after'] != null) {
    timers.push(setTimeout(() => {
      dropped = true;
      log(`-- simulated network drop after ${opts['drop-after']} ms`);
      sockets.at(-1)?.close(4000, 'simulated drop');
    }, opts['drop-after']));
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
  clearTimeout(overall);
  timers.forEach(clearTimeout);
  await sleep(100); // let a pending abort frame leave before closing
  transport.close();

  const last = chat.lastMessage?.role === 'assistant' ? chat.lastMessage : undefined;
  const result = {
    transport: 'WebSocketChatTransport', ai: AI_VERSION, webSocket: found.name, chatId: chat.id,
    status: chat.status, error: chat.error ? `${chat.error.name}: ${chat.error.message}` : null,
    connections: sockets.length, resumed, resumeFound: resumed ? (resumeFound ?? false) : undefined,
    finish: finish ?? null,
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
