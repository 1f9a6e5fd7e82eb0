"""ssot-gen: a schema-driven generator of runnable FastAPI + WebSocket AI chat backends."""

__version__ = "0.1.0"
