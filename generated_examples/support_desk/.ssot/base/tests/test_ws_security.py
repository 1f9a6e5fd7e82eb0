"""The websocket under attack: first-frame authentication, the legacy ``?token=``, tokens kept
out of uvicorn's logs, expiry and revocation, the ``Origin`` check, hostile frames.

Most tests drive the app in process (TestClient); the ones about logs and time run it under
a real uvicorn on 127.0.0.1 and talk to it over real sockets."""

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import jwt
import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from tests.conftest import PROJECT_ROOT, Account, register

HEALTH = "/api/health"
LOGOUT = "/api/auth/logout"
SAFETY_S = 30.0  # a bound on waits that only a hung server reaches; never a measured time


def auth_frame(token: str) -> dict[str, Any]:
    return {"type": "auth", "data": {"token": token}}


@contextmanager
def signed_in(client: TestClient, account: Account) -> Iterator[WebSocketTestSession]:
    """A socket authenticated by its first frame."""
    with client.websocket_connect("/ws") as ws:
        ws.send_json(auth_frame(account.token))
        ok = ws.receive_json()
        assert ok["type"] == "auth.ok", ok
        yield ws


def still_answers(ws: WebSocketTestSession, account: Account) -> None:
    """The socket is open and serving: a valid frame gets its answer."""
    ws.send_json(auth_frame(account.token))
    assert ws.receive_json()["type"] == "auth.ok"


def closed_with(ws: WebSocketTestSession) -> tuple[int, str]:
    """Wait for the server to close ``ws``; its close code and reason."""
    with pytest.raises(WebSocketDisconnect) as closed:
        while True:
            ws.receive_json()
    return closed.value.code, closed.value.reason


def short_lived(token: str, seconds: int) -> str:
    """``token`` with the same claims, signed with the app's own secret, expiring in
    ``seconds`` (whole seconds, as JWTs count them)."""
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["exp"] = int(time.time()) + seconds
    algorithm = jwt.get_unverified_header(token)["alg"]
    return jwt.encode(claims, os.environ["JWT_SECRET"], algorithm=algorithm)


# --- first-frame authentication ----------------------------------------------------------


def test_the_first_frame_authenticates(client: TestClient, user: Account) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_json(auth_frame(user.token))
        ok = ws.receive_json()
    assert ok["type"] == "auth.ok"
    assert ok["data"]["user_id"] == user.id
    assert ok["data"]["expires_at"]


@pytest.mark.parametrize(
    "first",
    [
        auth_frame("not-a-jwt"),
        auth_frame(""),
        {"type": "auth", "data": {}},
        {"type": "conversation.subscribe", "data": {"conversation_id": str(uuid.uuid4())}},
        ["auth"],
    ],
    ids=["bad-token", "empty-token", "no-token", "not-auth", "not-an-object"],
)
def test_a_bad_first_frame_closes_with_1008(client: TestClient, first: Any) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_json(first)
        code, reason = closed_with(ws)
    assert code == 1008
    assert reason


def test_a_socket_that_never_authenticates_is_closed(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.api.routes import ws as ws_route

    monkeypatch.setattr(ws_route, "AUTH_TIMEOUT_S", 0.2)
    with client.websocket_connect("/ws") as ws:
        assert closed_with(ws) == (1008, "no auth frame in time")


def test_the_query_token_still_works_without_auth_ok(client: TestClient, user: Account) -> None:
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        ws.send_json({"type": "no.such.type", "data": {}})
        # No auth.ok came first: frames answer in order.
        assert ws.receive_json()["data"]["code"] == "unknown_type"


@pytest.mark.parametrize("query", ["?token=", "?token=not-a-jwt", "?TOKEN=x", "?t%6Fken=x"])
def test_a_bad_or_misspelt_query_token_is_refused(client: TestClient, query: str) -> None:
    with client.websocket_connect(f"/ws{query}") as ws:
        if "token=" not in query:  # not the literal name: it must authenticate by frame
            ws.send_json({"type": "no.such.type", "data": {}})
        assert closed_with(ws)[0] == 1008


def test_a_later_auth_frame_renews_the_token_of_the_same_user_only(
    client: TestClient, user: Account, other_user: Account
) -> None:
    with signed_in(client, user) as ws:
        ws.send_json(auth_frame(other_user.token))
        assert ws.receive_json() == {
            "type": "error",
            "data": {"code": "invalid_token", "message": "the token is another user's"},
        }
        ws.send_json(auth_frame("not-a-jwt"))
        assert ws.receive_json()["data"]["code"] == "invalid_token"
        ws.send_json({"type": "auth", "data": {"token": 42}})
        assert ws.receive_json()["data"]["code"] == "invalid_payload"
        still_answers(ws, user)


def test_the_ui_sends_the_token_in_a_frame_never_in_the_url() -> None:
    """The page's websocket client (``client.js``) authenticates with an ``auth`` frame; no
    script of the page puts a token in a URL."""
    static = PROJECT_ROOT / "app" / "static"
    client = (static / "client.js").read_text(encoding="utf-8")
    assert 'type: "auth", data: { token:' in client
    for script in [static / "app.js", static / "client.js"]:
        assert "token=" not in script.read_text(encoding="utf-8"), script


# --- tokens in logs, expiry, origin: a real uvicorn ----------------------------------------


def listening_socket() -> socket.socket:
    """A socket bound to a free port of 127.0.0.1 and listening, handed to uvicorn (``--fd``):
    no other process can take the port between choosing and serving it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _ready(process: "subprocess.Popen[bytes]", base: str) -> bool:
    """Whether uvicorn at ``base`` came up (False if it exited first)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(base + HEALTH, timeout=5).status_code == 200:
                return True
        except httpx.TransportError:
            time.sleep(0.1)
    return False


def _stop(process: "subprocess.Popen[bytes]") -> None:
    process.terminate()
    try:
        process.wait(timeout=SAFETY_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def uvicorn(log: Path) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1 with its access log on, everything it prints going
    to ``log``; yields its base URL (``http://...``) and stops it on exit."""
    with listening_socket() as sock:
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        with log.open("ab") as out:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "app.main:app",
                    "--fd",
                    str(sock.fileno()),
                    "--log-level",
                    "info",
                    "--access-log",
                ],
                cwd=PROJECT_ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                pass_fds=(sock.fileno(),),
            )
    try:
        if not _ready(process, base):
            raise AssertionError(f"uvicorn did not start:\n{log.read_text(encoding='utf-8')}")
        yield base
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def server(client: TestClient, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real uvicorn on the test database (migrated by ``client``)."""
    with uvicorn(tmp_path_factory.mktemp("uvicorn") / "uvicorn.log") as base:
        yield base


def ws_url(base: str, query: str = "") -> str:
    return "ws" + base.removeprefix("http") + "/ws" + query


@contextmanager
def authenticated(base: str, token: str) -> Iterator[ClientConnection]:
    """A real socket authenticated by its first frame."""
    with connect(ws_url(base), open_timeout=SAFETY_S) as ws:
        ws.send(json.dumps(auth_frame(token)))
        ok = json.loads(ws.recv(timeout=SAFETY_S))
        assert ok["type"] == "auth.ok", ok
        yield ws


def close_of(ws: ClientConnection) -> tuple[int, str]:
    """Wait for the server to close ``ws``; its close code and reason."""
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            ws.recv(timeout=SAFETY_S)
    received = closed.value.rcvd
    assert received is not None, closed.value
    return received.code, received.reason


def test_tokens_never_reach_uvicorn_logs(client: TestClient, user: Account, tmp_path: Path) -> None:
    log = tmp_path / "uvicorn.log"
    with uvicorn(log) as base:
        # The access log (stdout) and the error log (stderr: websocket handshakes).
        assert httpx.get(f"{base}{HEALTH}?token={user.token}", timeout=SAFETY_S).status_code == 200
        with connect(ws_url(base, f"?token={quote(user.token)}"), open_timeout=SAFETY_S) as ws:
            ws.send(json.dumps(auth_frame(user.token)))
            assert json.loads(ws.recv(timeout=SAFETY_S))["type"] == "auth.ok"
        with (
            pytest.raises(InvalidStatus),
            connect(
                ws_url(base, f"?token={user.token}"),
                origin=Origin("https://attacker.example"),
                open_timeout=SAFETY_S,
            ),
        ):
            pass
    text = log.read_text(encoding="utf-8")
    signature = user.token.rsplit(".", 1)[1]
    assert signature not in text
    assert f'"GET {HEALTH}?token=[redacted] HTTP/1.1" 200' in text
    assert '"WebSocket /ws?token=[redacted]" [accepted]' in text
    assert '"WebSocket /ws?token=[redacted]" 403' in text


def test_the_socket_closes_when_its_token_expires_unless_renewed(
    server: str, user: Account
) -> None:
    short = short_lived(user.token, 4)  # 3 to 4 s: time enough to authenticate two sockets
    expires = jwt.decode(short, options={"verify_signature": False})["exp"]
    with authenticated(server, short) as expiring, authenticated(server, short) as renewed:
        renewed.send(json.dumps(auth_frame(user.token)))
        assert json.loads(renewed.recv(timeout=SAFETY_S))["type"] == "auth.ok"
        assert close_of(expiring) == (4401, "token expired")
        while time.time() <= expires:  # past the short token's expiry, for sure
            time.sleep(0.1)
        renewed.send(json.dumps(auth_frame(user.token)))
        assert json.loads(renewed.recv(timeout=SAFETY_S))["type"] == "auth.ok"


def test_an_expired_token_is_refused(client: TestClient, user: Account) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_json(auth_frame(short_lived(user.token, -60)))
        assert closed_with(ws) == (1008, "invalid token")


def test_a_browser_from_another_origin_is_refused_at_the_handshake(server: str) -> None:
    attacker = Origin("https://attacker.example")
    with (
        pytest.raises(InvalidStatus) as refused,
        connect(ws_url(server), origin=attacker, open_timeout=SAFETY_S),
    ):
        pass
    assert refused.value.response.status_code == 403


# --- revocation and origin, in process ---------------------------------------------------


def _log_out(client: TestClient, account: Account) -> None:
    """Revoke every token of ``account`` (the logout endpoint bumps its token version)."""
    response = client.post(LOGOUT, headers={"Authorization": f"Bearer {account.token}"})
    assert response.status_code == 204, response.text


def test_a_revoked_token_closes_the_socket_at_its_next_frame(
    client: TestClient, user: Account
) -> None:
    with signed_in(client, user) as ws:
        _log_out(client, user)
        ws.send_json(
            {"type": "conversation.subscribe", "data": {"conversation_id": str(uuid.uuid4())}}
        )
        assert closed_with(ws) == (4401, "token revoked")


def test_sockets_checked_at_once_each_see_their_own_revocation(
    client: TestClient, user: Account
) -> None:
    """Checks before frames of several sockets share one statement (``deps.claims_hold``): a
    revoked user's sockets close, another user's stay open."""
    other = register(client)
    with signed_in(client, user) as mine, signed_in(client, other) as theirs:
        _log_out(client, user)
        frame = {"type": "conversation.subscribe", "data": {"conversation_id": str(uuid.uuid4())}}
        mine.send_json(frame)
        theirs.send_json(frame)
        assert closed_with(mine) == (4401, "token revoked")
        assert theirs.receive_json()["data"]["code"] == "not_found"
        still_answers(theirs, other)


def test_an_idle_socket_with_a_revoked_token_is_closed(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.api.routes import ws as ws_route

    monkeypatch.setattr(ws_route, "REVALIDATE_S", 0.1)
    with signed_in(client, user) as ws:
        _log_out(client, user)
        assert closed_with(ws) == (4401, "token revoked")


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        (None, True),
        ("http://testserver", True),
        ("https://app.example", True),
        ("https://attacker.example", False),
        ("http://testserver.attacker.example", False),
        ("null", False),
    ],
)
def test_the_origin_is_checked(
    client: TestClient,
    user: Account,
    monkeypatch: pytest.MonkeyPatch,
    origin: str | None,
    allowed: bool,
) -> None:
    from app.core.config import settings

    monkeypatch.setattr(settings, "cors_origins", ["https://app.example"])
    headers = {"origin": origin} if origin else {}
    if allowed:
        with client.websocket_connect("/ws", headers=headers) as ws:
            still_answers(ws, user)
    else:
        with (
            pytest.raises(WebSocketDisconnect) as refused,
            client.websocket_connect("/ws", headers=headers),
        ):
            pass
        assert refused.value.code == 1008


# --- hostile frames ----------------------------------------------------------------------

DEEP = "[" * 1000 + "]" * 1000
HOSTILE: list[tuple[str, str | bytes, str]] = [
    ("nested-1000", '{"type": "message.send", "data": {"content": ' + DEEP + "}}", "invalid_json"),
    ("nested-100", "[" * 100 + "]" * 100, "invalid_json"),
    ("unclosed-nesting", "[" * 100_000, "invalid_json"),
    ("int-5000-digits", '{"type": "x", "data": {"n": ' + "9" * 5000 + "}}", "invalid_json"),
    ("int-4301-digits", "-" + "1" * 4301, "invalid_json"),
    ("huge-float", '{"type": "x", "data": {"n": 1e400}}', "invalid_json"),
    ("nan", '{"type": "x", "data": {"n": NaN}}', "invalid_json"),
    ("infinity", '{"type": "x", "data": {"n": -Infinity}}', "invalid_json"),
    ("lone-surrogate", '{"type": "message.send", "data": {"content": "\\ud800"}}', "invalid_json"),
    ("surrogate-key", '{"type": "x", "data": {"\\udfff": 1}}', "invalid_json"),
    ("not-json", "not json", "invalid_json"),
    ("array", "[1, 2]", "invalid_frame"),
    ("string", '"message.send"', "invalid_frame"),
    ("number", "42", "invalid_frame"),
    ("null", "null", "invalid_frame"),
    ("binary", b'{"type": "conversation.subscribe", "data": {}}', "invalid_json"),
    ("too-large", '{"type": "x", "data": {"pad": "' + "x" * 5000 + '"}}', "frame_too_large"),
    ("too-large-utf8", '{"type": "x", "data": {"pad": "' + "é" * 1100 + '"}}', "frame_too_large"),
    ("too-large-binary", b"x" * 5000, "frame_too_large"),
    ("data-not-object", '{"type": "message.send", "data": [1]}', "invalid_frame"),
    ("long-type", '{"type": "' + "t" * 100_000 + '"}', "unknown_type"),
]


@pytest.mark.parametrize(
    ("raw", "code"), [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE]
)
def test_a_hostile_frame_gets_an_error_and_the_socket_stays_open(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch, raw: str | bytes, code: str
) -> None:
    from app.core.config import settings

    if code == "frame_too_large":
        monkeypatch.setattr(settings, "ws_max_frame_bytes", 2048)
    with signed_in(client, user) as ws:
        if isinstance(raw, bytes):
            ws.send_bytes(raw)
        else:
            ws.send_text(raw)
        error = ws.receive_json()
        assert error["type"] == "error"
        assert error["data"]["code"] == code
        assert len(error["data"]["message"]) < 300  # client input is not echoed in full
        still_answers(ws, user)


def test_a_failing_frame_handler_answers_an_error_and_keeps_the_socket(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service

    async def broken(*_args: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(service, "subscribe", broken)
    with signed_in(client, user) as ws:
        ws.send_json(
            {"type": "conversation.subscribe", "data": {"conversation_id": str(uuid.uuid4())}}
        )
        assert ws.receive_json() == {
            "type": "error",
            "data": {"code": "internal_error", "message": "the frame could not be processed"},
        }
        still_answers(ws, user)


def test_an_unexpected_failure_outside_a_frame_closes_with_1011(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat.hub import hub

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(hub, "subscribe", broken)
    with client.websocket_connect("/ws") as ws:
        ws.send_json(auth_frame(user.token))
        assert closed_with(ws) == (1011, "internal error")
