"""Keep credentials out of the logs.

Older websocket clients authenticate with ``/ws?token=<JWT>``, and uvicorn's logs would print
the token: its access log (``"GET /path?query HTTP/1.1" 200``) and its error log, where it
notes every websocket handshake (``"WebSocket /ws?token=..." [accepted]``, ``403``).
``install_token_redaction()`` wraps the log record factory so that every record, from any
logger, has ``token=<value>`` replaced by ``token=[redacted]`` in its message, its string
arguments, its formatted traceback and its stack, before any handler or formatter sees it.
"""

import logging
import re
from typing import Any

TOKEN_QUERY = re.compile(r"((?:access_)?token=)[^&\s\"'#]+", re.IGNORECASE)
REDACTED = r"\1[redacted]"
_TRACEBACKS = logging.Formatter()


def redact(text: str) -> str:
    """``text`` with the value of every ``token=`` / ``access_token=`` parameter hidden."""
    return TOKEN_QUERY.sub(REDACTED, text)


def _redact_value(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Redact ``record``'s message, string arguments, traceback and stack in place; return it."""
    if isinstance(record.msg, str):
        record.msg = redact(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(_redact_value(arg) for arg in record.args)
    elif isinstance(record.args, dict):
        record.args = {key: _redact_value(arg) for key, arg in record.args.items()}
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        # Formatters reuse exc_text when it is set: the traceback is formatted once, redacted.
        record.exc_text = redact(_TRACEBACKS.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


class _RedactingFactory:
    """A log record factory that redacts every record the wrapped factory makes."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(self.wrapped(*args, **kwargs))


def install_token_redaction() -> None:
    """Redact tokens in every log record from now on (idempotent)."""
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, _RedactingFactory):
        logging.setLogRecordFactory(_RedactingFactory(factory))
