"""Tokens never reach a log line: uvicorn's access log and any other record."""

from __future__ import annotations

import logging

import pytest
from uvicorn.logging import AccessFormatter

from app.core.logging import install_token_redaction, redact, redact_record


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/ws?token=a.b.c", "/ws?token=[redacted]"),
        ("/ws?x=1&token=a.b.c&y=2", "/ws?x=1&token=[redacted]&y=2"),
        ('"GET /ws?TOKEN=abc HTTP/1.1"', '"GET /ws?TOKEN=[redacted] HTTP/1.1"'),
        ("/cb?access_token=abc#frag", "/cb?access_token=[redacted]#frag"),
        ("no secrets here", "no secrets here"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def access_record() -> logging.LogRecord:
    return logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/ws?token=eyJ.secret.sig", "1.1", 101),
        None,
    )


def test_uvicorn_access_lines_are_redacted_and_still_format() -> None:
    record = redact_record(access_record())
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s').format(record)
    assert "eyJ.secret.sig" not in line
    assert "GET /ws?token=[redacted] HTTP/1.1" in line


def test_installed_redaction_covers_every_logger(caplog: pytest.LogCaptureFixture) -> None:
    before = logging.getLogRecordFactory()
    try:
        install_token_redaction()
        install_token_redaction()  # idempotent: wrapped once
        factory = logging.getLogRecordFactory()
        assert factory is not before and getattr(factory, "wrapped", None) is before
        caplog.set_level(logging.INFO)
        logging.getLogger("anything").info("opened %s", "ws://h/ws?token=abc.def")
        logging.getLogger("uvicorn.error").info("url ws://h/ws?token=abc.def", extra={})
        assert "abc.def" not in caplog.text
        assert caplog.text.count("token=[redacted]") == 2
    finally:
        logging.setLogRecordFactory(before)


def test_tracebacks_and_stacks_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    before = logging.getLogRecordFactory()
    try:
        install_token_redaction()
        caplog.set_level(logging.INFO)
        try:
            raise ValueError("bad URL ws://h/ws?token=abc.def.ghi")
        except ValueError:
            logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
        logging.getLogger("any").info("here", stack_info=True)  # quoted: /ws?token=src.leak
        assert "abc.def.ghi" not in caplog.text
        assert "src.leak" not in caplog.text
        assert caplog.records[1].stack_info and "token=[redacted]" in caplog.records[1].stack_info
        assert "ValueError: bad URL ws://h/ws?token=[redacted]" in caplog.text
        record = caplog.records[0]
        assert record.exc_text is not None and "token=[redacted]" in record.exc_text
    finally:
        logging.setLogRecordFactory(before)


def test_a_record_without_a_live_exception_is_left_alone() -> None:
    record = redact_record(
        logging.LogRecord("x", logging.ERROR, __file__, 1, "m", None, (None, None, None))
    )
    assert record.exc_text is None
