"""HTTP defaults a security reviewer expects: response headers, and which browser origins may
call the API.

:class:`SecurityHeaders` is an ASGI middleware that adds to every HTTP response (routes,
static files, errors, CORS preflights) the headers below, unless the response set its own:

- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: strict-origin-when-cross-origin``,
  ``X-Frame-Options: DENY`` (and ``frame-ancestors 'none'`` in the CSP): no framing at all;
- ``Content-Security-Policy``: :data:`CSP` — the generated UI loads only its own scripts and
  styles, no inline script; ``/docs`` and ``/redoc`` get :data:`DOCS_CSP`, since Swagger UI
  and ReDoc load from a CDN and start with an inline script;
- ``Strict-Transport-Security`` only when the request came over HTTPS (uvicorn sets the
  scheme from ``X-Forwarded-Proto`` when the proxy is trusted: ``--forwarded-allow-ips``).

:func:`origin_allowed` is the ``Origin`` check the websocket uses: the same origin, or one of
``settings.cors_origins``.
"""

from collections.abc import Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.config import settings

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""The UI's policy: its own files only; websockets to any host (the page's own in practice)."""

DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
"""FastAPI's Swagger UI and ReDoc pages: their CDN and their inline start-up script."""

DOCS_PATHS = ("/docs", "/redoc")
"""Paths (and their sub-paths, e.g. ``/docs/oauth2-redirect``) served with :data:`DOCS_CSP`."""

HSTS = "max-age=63072000; includeSubDomains"
"""Two years, as https://hstspreload.org asks; sent over HTTPS only."""

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def policy_for(path: str) -> str:
    """The Content-Security-Policy of a response to ``path`` (the request's URL path)."""
    docs = any(path == prefix or path.startswith(prefix + "/") for prefix in DOCS_PATHS)
    return DOCS_CSP if docs else CSP


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = dict(COMMON)
        added["Content-Security-Policy"] = policy_for(scope.get("path", ""))
        if scope.get("scheme") == "https":
            added["Strict-Transport-Security"] = HSTS

        async def send_with_headers(event: MutableMapping[str, Any]) -> None:
            if event["type"] == "http.response.start":
                headers = MutableHeaders(scope=event)
                for name, value in added.items():
                    if name not in headers:
                        headers[name] = value
            await send(event)

        await self.app(scope, receive, send_with_headers)


def _origin_key(url: str) -> tuple[str, str] | None:
    """``(scheme, host[:port])`` of an origin such as ``https://Example.com:8443/``, lower
    case, default ports dropped; None when it is not an http(s) origin."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}[scheme]
    host = parts.hostname.lower()
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return scheme, host if port in (None, default) else f"{host}:{port}"


def _host_key(host: str) -> str:
    """A ``Host`` header value, lower case, default ports (80, 443) dropped."""
    host = host.strip().lower()
    for default in (":80", ":443"):
        if host.endswith(default):
            return host.removesuffix(default)
    return host


def origin_allowed(
    origin: str | None, host: str | None, allowed: Iterable[str] | None = None
) -> bool:
    """Whether a browser page at ``origin`` (the request's ``Origin`` header) may use this
    server, reached as ``host`` (its ``Host`` header).

    Allowed: no ``Origin`` at all (not a browser: a script, a mobile app, a test client), the
    same origin (its host and port are ``host``), or an origin listed in ``allowed``
    (default ``settings.cors_origins``; ``"*"`` allows every origin). Refused: anything else,
    including ``Origin: null`` (sandboxed frames, ``file:`` pages).
    """
    if origin is None:
        return True
    listed = list(settings.cors_origins if allowed is None else allowed)
    if "*" in listed:
        return True
    key = _origin_key(origin)
    if key is None:
        return False
    if host is not None and key[1] == _host_key(host):
        return True
    return key in {_origin_key(each) for each in listed}
