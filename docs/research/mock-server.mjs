#!/usr/bin/env node
// A small reference server for BOTH AI SDK chat transports, used to test
// sse-client.mjs / ws-client.mjs and to show, in running code, the server side
// described in ai-sdk-protocols.md.  In-memory, one process; not the real app.
//
//   node mock-server.mjs [port] [--token T] [--delay MS] [--pieces N]
//
// Needs `ai` (for the validators) and `ws` (the websocket server) installed.
//   POST /api/chat               UI message stream over SSE (DefaultChatTransport)
//   GET  /api/chat/:id/stream    resume: 204 or full (compacted) replay + live
//   POST /api/chat/:id/stop      app-specific stop (SSE has no in-band stop)
//   GET  /mock/chat/:id          {messageId, status, text} -- the "stored" reply
//   WS   /ws/chat                WebSocketChatTransport frames
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import {
  UI_MESSAGE_STREAM_HEADERS,
  safeValidateUIMessages,
  safeValidateWebSocketChatTransportRequest,
} from 'ai';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args[i + 1];
};
const PORT = Number(args.find(a => /^\d+$/.test(a)) ?? 0);
const TOKEN = opt('token', null);
const DELAY = Number(opt('delay', 20));
const PIECES = Number(opt('pieces', 40));
const PIECE_TEXTS = ['Hello', ' 👋', ' from', ' the', ' mock', ' 🦄', ' server', ',', ' é', '𝄞', ' ok.'];

/** chatId -> generation */
const gens = new Map();

function startGeneration(chatId, trigger) {
  const gen = {
    chatId, messageId: `msg-${randomUUID()}`, textId: 'text-0', status: 'streaming',
    text: '', log: [], subscribers: new Set(), timer: null, produced: 0, trigger,
  };
  gens.set(chatId, gen);
  const emit = chunk => {
    gen.log.push(chunk);
    for (const s of [...gen.subscribers]) s.chunk(chunk);
  };
  const end = () => {
    for (const s of [...gen.subscribers]) s.end();
    gen.subscribers.clear();
  };
  gen.emit = emit;
  gen.end = end;
  emit({ type: 'start', messageId: gen.messageId, messageMetadata: { model: 'mock', provider: 'mock', status: 'streaming' } });
  emit({ type: 'start-step' });
  emit({ type: 'text-start', id: gen.textId });
  const tick = () => {
    if (gen.produced >= PIECES) {
      gen.status = 'done';
      emit({ type: 'text-end', id: gen.textId });
      emit({ type: 'finish-step' });
      emit({ type: 'message-metadata', messageMetadata: usage(gen, false) });
      emit({ type: 'finish', finishReason: 'stop', messageMetadata: { status: 'done' } });
      end();
      return;
    }
    const delta = PIECE_TEXTS[gen.produced % PIECE_TEXTS.length];
    gen.produced++;
    gen.text += delta;
    emit({ type: 'text-delta', id: gen.textId, delta });
    gen.timer = setTimeout(tick, DELAY);
  };
  gen.timer = setTimeout(tick, DELAY);
  return gen;
}

function usage(gen, estimated) {
  const outputTokens = Math.ceil(Buffer.byteLength(gen.text, 'utf8') / 4);
  return {
    usage: { inputTokens: 12, outputTokens, totalTokens: 12 + outputTokens, estimated },
    cost: { currency: 'USD', total: ((12 * 0.15 + outputTokens * 0.6) / 1e6).toFixed(9) },
  };
}

function stopGeneration(gen) {
  if (gen.status !== 'streaming') return false;
  clearTimeout(gen.timer);
  gen.status = 'cancelled';
  gen.emit({ type: 'text-end', id: gen.textId });
  gen.emit({ type: 'message-metadata', messageMetadata: { ...usage(gen, true), status: 'cancelled' } });
  gen.emit({ type: 'abort', reason: 'cancelled' });
  gen.end();
  return true;
}

// What a resume sends first: the stored state as a few chunks, not the raw log.
// (A real backend rebuilds this from the database row: id, metadata, text so far.)
function snapshotChunks(gen) {
  return [
    { type: 'start', messageId: gen.messageId, messageMetadata: { model: 'mock', provider: 'mock', status: gen.status } },
    { type: 'start-step' },
    { type: 'text-start', id: gen.textId },
    ...(gen.text ? [{ type: 'text-delta', id: gen.textId, delta: gen.text }] : []),
  ];
}

function authorized(req, frameHeaders) {
  if (!TOKEN) return true;
  const h = frameHeaders?.authorization ?? req.headers.authorization;
  if (h === `Bearer ${TOKEN}`) return true;
  return new URL(req.url, 'http://x').searchParams.get('token') === TOKEN;
}

async function readJson(req) {
  const parts = [];
  for await (const p of req) parts.push(p);
  return JSON.parse(Buffer.concat(parts).toString('utf8'));
}

function sse(res, gen, { replay }) {
  res.writeHead(200, UI_MESSAGE_STREAM_HEADERS);
  const write = chunk => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  const sub = { chunk: write, end: () => { res.write('data: [DONE]\n\n'); res.end(); } };
  if (replay) snapshotChunks(gen).forEach(write);
  else gen.log.forEach(write);
  gen.subscribers.add(sub);
  // A disconnect only unsubscribes: the generation goes on (it survives a closed tab).
  res.on('close', () => gen.subscribers.delete(sub));
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const m = url.pathname.match(/^\/api\/chat\/([^/]+)\/(stream|stop)$/);
  const send = (code, body) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  try {
    if (url.pathname.startsWith('/mock/chat/')) {
      const gen = gens.get(decodeURIComponent(url.pathname.slice(11)));
      return gen ? send(200, { messageId: gen.messageId, status: gen.status, text: gen.text }) : send(404, {});
    }
    if (!authorized(req)) return send(401, { error: 'unauthorized' });
    if (req.method === 'POST' && url.pathname === '/api/chat') {
      const body = await readJson(req);
      const messages = await safeValidateUIMessages({ messages: body.messages });
      if (typeof body.id !== 'string' || !messages.success ||
          !['submit-message', 'regenerate-message'].includes(body.trigger)) {
        return send(400, { error: messages.success ? 'bad request' : messages.error.message });
      }
      if (gens.get(body.id)?.status === 'streaming') return send(409, { error: 'a reply is already streaming' });
      return sse(res, startGeneration(body.id, body.trigger), { replay: false });
    }
    if (req.method === 'GET' && m?.[2] === 'stream') {
      const gen = gens.get(decodeURIComponent(m[1]));
      if (gen?.status !== 'streaming') { res.writeHead(204); return res.end(); }
      return sse(res, gen, { replay: true });
    }
    if (req.method === 'POST' && m?.[2] === 'stop') {
      const gen = gens.get(decodeURIComponent(m[1]));
      return send(200, { stopped: gen ? stopGeneration(gen) : false });
    }
    send(404, { error: 'not found' });
  } catch (e) {
    send(500, { error: String(e) });
  }
});

const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
server.on('upgrade', (req, socket, head) => {
  if (new URL(req.url, 'http://x').pathname !== '/ws/chat') return socket.destroy();
  wss.handleUpgrade(req, socket, head, ws => wss.emit('connection', ws, req));
});

wss.on('connection', (ws, req) => {
  const subs = new Map(); // requestId -> {gen, sub}
  const out = frame => ws.send(JSON.stringify(frame));
  const subscribe = (requestId, gen, chunks) => {
    let sequence = 0; // per request: every response stream starts at 0
    const sub = {
      chunk: chunk => out({ type: 'chunk', requestId, sequence: sequence++, chunk }),
      end: () => { out({ type: 'end', requestId }); subs.delete(requestId); },
    };
    chunks.forEach(sub.chunk);
    gen.subscribers.add(sub);
    subs.set(requestId, { gen, sub });
  };
  ws.on('message', async data => {
    let value;
    try { value = JSON.parse(data.toString()); } catch { return ws.close(1008, 'Invalid frame'); }
    const v = await safeValidateWebSocketChatTransportRequest({ value });
    if (!v.success) return ws.close(1008, 'Invalid frame');
    const frame = v.data;
    if (frame.type === 'abort') {
      const s = subs.get(frame.requestId);
      if (s) stopGeneration(s.gen); // abort is a stop (the choice)
      return;
    }
    if (!authorized(req, frame.headers)) {
      return out({ type: 'error', requestId: frame.requestId, errorText: 'unauthorized' });
    }
    if (frame.type === 'resume') {
      const gen = gens.get(frame.id);
      if (gen?.status !== 'streaming') return out({ type: 'no-active', requestId: frame.requestId });
      out({ type: 'start', requestId: frame.requestId });
      return subscribe(frame.requestId, gen, snapshotChunks(gen));
    }
    if (gens.get(frame.id)?.status === 'streaming') {
      return out({ type: 'error', requestId: frame.requestId, errorText: 'a reply is already streaming' });
    }
    const gen = startGeneration(frame.id, frame.trigger);
    subscribe(frame.requestId, gen, gen.log);
  });
  // A closed socket only unsubscribes: the generation goes on.
  ws.on('close', () => { for (const { gen, sub } of subs.values()) gen.subscribers.delete(sub); });
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`mock listening on http://127.0.0.1:${server.address().port}`);
});
