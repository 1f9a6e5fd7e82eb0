# Compiled by ssot_gen.precompiled from templates/app/static/sw.js.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/sw.js.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    pass
    yield '// The page\'s service worker (served at /sw.js, so that it controls /): keeps a copy of the\n// page\'s own files (the "shell") so that a reload works when the server cannot be reached;\n// the history then comes from IndexedDB (cache.js). Network first: when the server answers,\n// its files are used and the copy refreshed, so an update is never hidden behind the copy.\n// API requests and the websocket are not touched.\nconst SHELL_CACHE = '
    yield str(t_1(context.eval_ctx, str_join((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'name'), '-shell', ))))
    yield ';\nconst SHELL = [\n  "/",\n  "/static/index.html",\n  "/static/styles.css",\n  "/static/app.js",\n  "/static/config.js",\n  "/static/client.js",\n  "/static/cache.js",\n  "/static/markdown.js",\n  "/static/vendor/marked.esm.js",\n  "/static/vendor/purify.es.js",\n  "/static/vendor/dexie.js",\n  "/static/vendor/highlight.js",\n'
    for l_1_component in environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'components'):
        _loop_vars = {}
        pass
        yield '  "/static/'
        yield str(environment.getattr(l_1_component, 'file'))
        yield '",\n'
    l_1_component = missing
    yield '];\n\nself.addEventListener("install", (event) => {\n  event.waitUntil(\n    caches\n      .open(SHELL_CACHE)\n      .then((cache) => cache.addAll(SHELL))\n      .then(() => self.skipWaiting()),\n  );\n});\n\nself.addEventListener("activate", (event) => {\n  event.waitUntil(self.clients.claim());\n});\n\nfunction isShell(request) {\n  const url = new URL(request.url);\n  if (request.method !== "GET" || url.origin !== self.location.origin) return false;\n  return request.mode === "navigate" || url.pathname === "/" || url.pathname.startsWith("/static/");\n}\n\nasync function networkFirst(request) {\n  const cache = await caches.open(SHELL_CACHE);\n  try {\n    const response = await fetch(request);\n    if (response.ok) await cache.put(request, response.clone());\n    return response;\n  } catch (error) {\n    const kept = await cache.match(request, { ignoreSearch: true });\n    if (kept) return kept;\n    if (request.mode === "navigate") return (await cache.match("/")) ?? Response.error();\n    throw error;\n  }\n}\n\nself.addEventListener("fetch", (event) => {\n  if (isShell(event.request)) event.respondWith(networkFirst(event.request));\n});\n'

blocks = {}
debug_info = '6=19&20=21&21=25'
