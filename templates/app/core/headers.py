"""Security headers and the origin check (shim: the edge branch provides the real module)."""

from urllib.parse import urlsplit

from app.core.config import settings


# contract shim: replaced by the edge branch
def origin_allowed(origin: str | None, host: str | None) -> bool:
    """True if a request with this ``Origin`` header may use the app: no Origin (not a
    browser), the app's own origin (its host is ``host``), or one of settings.cors_origins."""
    if origin is None:
        return True
    return urlsplit(origin).netloc == host or origin in settings.cors_origins
