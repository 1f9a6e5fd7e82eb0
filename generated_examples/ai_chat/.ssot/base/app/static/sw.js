// The page's service worker (served at /sw.js, so that it controls /): keeps a copy of the
// page's own files (the "shell") so that a reload works when the server cannot be reached;
// the history then comes from IndexedDB (cache.js). Network first: when the server answers,
// its files are used and the copy refreshed, so an update is never hidden behind the copy.
// API requests and the websocket are not touched.
const SHELL_CACHE = "ai_chat-shell";
const SHELL = [
  "/",
  "/static/index.html",
  "/static/styles.css",
  "/static/app.js",
  "/static/config.js",
  "/static/client.js",
  "/static/cache.js",
  "/static/markdown.js",
  "/static/vendor/marked.esm.js",
  "/static/vendor/purify.es.js",
  "/static/vendor/dexie.js",
  "/static/vendor/highlight.js",
  "/static/components/chat-message.js",
  "/static/components/chat-input.js",
  "/static/components/chat-conversation-list.js",
  "/static/components/chat-settings-form.js",
  "/static/components/token-counter.js",
  "/static/components/cost-estimate.js",
  "/static/components/model-selector.js",
  "/static/components/provider-selector.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

function isShell(request) {
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return false;
  return request.mode === "navigate" || url.pathname === "/" || url.pathname.startsWith("/static/");
}

async function networkFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    if (request.mode === "navigate") return (await cache.match("/")) ?? Response.error();
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  if (isShell(event.request)) event.respondWith(networkFirst(event.request));
});
