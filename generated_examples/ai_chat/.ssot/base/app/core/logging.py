"""Keep credentials out of the logs.

The websocket authenticates with ``/ws?token=<JWT>``, and uvicorn's access log (like any log
line that quotes a URL) would print the token. ``install_token_redaction()`` wraps the log
record factory so that every record, from any logger, has ``token=<value>`` replaced by
``token=[redacted]`` in its message and in its string arguments, before any handler or
formatter sees it.
"""

import logging
import re
from typing import Any

TOKEN_QUERY = re.compile(r"((?:access_)?token=)[^&\s\"'#]+", re.IGNORECASE)
REDACTED = r"\1[redacted]"


def redact(text: str) -> str:
    """``text`` with the value of every ``token=`` / ``access_token=`` parameter hidden."""
    return TOKEN_QUERY.sub(REDACTED, text)


def _redact_value(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Redact ``record``'s message and string arguments in place; return it."""
    if isinstance(record.msg, str):
        record.msg = redact(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(_redact_value(arg) for arg in record.args)
    elif isinstance(record.args, dict):
        record.args = {key: _redact_value(arg) for key, arg in record.args.items()}
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
